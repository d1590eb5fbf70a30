"""A query's final ORDER BY, done in Python when the engine would do it slowly.

Oxigraph sorts by reading the text of every IRI and literal at each comparison, which at a
million quads takes longer than answering the query: half a second for the five thousand rows
of the saved agreements list. Sorting the same rows in Python, by keys made once per value,
takes milliseconds. This module takes a query's trailing ``ORDER BY`` off when every key is a
projected variable, ``ASC``/``DESC``, ``BOUND`` or ``STR`` of one (and nothing follows it), and sorts
the rows it gives back in SPARQL's order: unbound first, then IRIs, then literals. SPARQL leaves
the order of blank nodes and of different kinds of literal to the engine, so a column with a
blank node, or whose literals are not all of one kind (numbers, plain strings, dates, date-times
without a time zone or all in UTC), is not sorted here: the caller runs the query as written.

The store gives the sort key of each value (:data:`ValueKey`), so this module knows no engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

Value = TypeVar("Value", bound=Hashable)

#: Sort key of a value: (rank, kind, comparable) with rank 2 for an IRI, 3 for a literal of
#: that kind; None when the value cannot be ordered here (a blank node, say).
SortKey = tuple[int, str, object]
ValueKey = Callable[[Value], "SortKey | None"]
#: The text STR() makes of a value: an IRI's or a literal's lexical form; None for a blank node.
ValueText = Callable[[Value], "str | None"]
#: What a column's values are compared by: (rank, comparable), unbound values (0, 0).
Comparable = tuple[int, Any]

_KEY = re.compile(r"(?:(ASC|DESC|BOUND|STR)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)
_KEYS = rf"{_KEY.pattern}(?:\s+{_KEY.pattern})*"
_TRAILING_ORDER = re.compile(rf"\bORDER\s+BY\s+({_KEYS})\s*$", re.IGNORECASE)
#: How much of a query's end is read for its ORDER BY clause.
_TAIL = 2_000

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
    "positiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(Z?)")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z?)")


@dataclass(frozen=True)
class OrderKey:
    variable: str
    descending: bool = False
    bound: bool = False  # BOUND(?variable): unbound rows first
    text: bool = False  # STR(?variable): by the text of IRIs and literals alike, whatever their kind


def split_order(sparql: str) -> tuple[str, list[OrderKey]] | None:
    """The query without its trailing ORDER BY, and that clause's keys; None when it has no
    such clause or one that is more than variables, ASC, DESC, BOUND and STR of variables. Only the
    end of the query is read (the store's own queries name thousands of nodes)."""
    text = sparql.rstrip()
    while True:  # trailing comment lines off
        cut = text.rfind("\n")
        if not text[cut + 1:].lstrip().startswith("#"):
            break
        text = text[:cut].rstrip() if cut >= 0 else ""
    offset = max(0, len(text) - _TAIL)
    match = _TRAILING_ORDER.search(text, offset)
    if match is None:
        return None
    start = match.start()
    line = text[text.rfind("\n", 0, start) + 1:start]
    # a '#' earlier on its line may open a comment the clause is part of; a word may end in ORDER
    if "#" in line or (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")):
        return None
    keys = []
    for key in _KEY.finditer(match.group(1)):
        function, inner, plain = key.groups()
        if plain:
            keys.append(OrderKey(plain))
        else:
            function = function.upper()
            keys.append(OrderKey(inner, descending=function == "DESC", bound=function == "BOUND",
                                 text=function == "STR"))
    return text[:start], keys


def sort_rows(rows: list[tuple[Value | None, ...]], variables: Sequence[str], keys: Sequence[OrderKey],
              value_key: ValueKey, value_text: ValueText | None = None) -> list[tuple[Value | None, ...]] | None:
    """`rows` in the order of `keys` (stable, as an engine's sort of the same rows), or None
    when a key is not a projected variable or its column cannot be ordered here. `value_text`
    gives the text STR() makes of a value (None for a blank node); without it, STR keys are not
    sorted here."""
    position = {name: index for index, name in enumerate(variables)}
    if any(key.variable not in position for key in keys):
        return None
    if not keys:
        return list(rows)
    columns: list[list[Comparable]] = []
    for key in keys:
        values = [row[position[key.variable]] for row in rows]
        if key.bound:
            made: list[Comparable] | None = [(int(value is not None), 0) for value in values]
        elif key.text:
            made = _text_keys(values, value_text) if value_text else None
        else:
            made = _column_keys(values, value_key)
        if made is None:
            return None
        columns.append(made)
    order = list(range(len(rows)))
    together = [negated(column) if key.descending else column for key, column in zip(keys, columns, strict=True)]
    if all(column is not None for column in together):
        # one sort on a tuple of keys, descending numbers negated
        composite = list(zip(*together, strict=True))
        order.sort(key=composite.__getitem__)
    else:
        # last key first: Python's sort is stable, so each earlier key decides among rows equal
        # on it, and reverse=True keeps equal rows in their order, as an engine's stable sort does
        for key, column in zip(reversed(keys), reversed(columns), strict=True):
            order.sort(key=column.__getitem__, reverse=key.descending)
    return [rows[index] for index in order]


def negated(column: list[Comparable]) -> list[Comparable] | None:
    """A column of numbers (and unbound values) with its order reversed; None for any other."""
    out: list[Comparable] = []
    for rank, comparable in column:
        if rank == 0:
            out.append((0, 0))
        elif rank == 3 and isinstance(comparable, (int, float, Decimal)):
            out.append((-3, -comparable))
        else:
            return None
    return out


def _text_keys(values: list[Value | None], value_text: ValueText) -> list[Comparable] | None:
    """Keys for STR(?variable): every value a plain string; None when one has no text (a blank node)."""
    made: dict[Value | None, Comparable] = {None: (0, 0)}
    for value in values:
        if value not in made:
            text = value_text(value)
            if text is None:
                return None
            made[value] = (3, text)
    return [made[value] for value in values]


def _column_keys(values: list[Value | None], value_key: ValueKey) -> list[Comparable] | None:
    """Comparable keys for one column, made once per distinct value; None when its literals are
    of more than one kind or a value cannot be ordered."""
    made: dict[Value, Comparable] = {}
    literal_kind: str | None = None
    keys: list[Comparable] = []
    for value in values:
        if value is None:
            keys.append((0, 0))
            continue
        key = made.get(value)
        if key is None:
            sort_key = value_key(value)
            if sort_key is None:
                return None
            rank, kind, comparable = sort_key
            if rank == 3:
                if literal_kind is None:
                    literal_kind = kind
                elif kind != literal_kind:
                    return None
            key = made[value] = (rank, comparable)
        keys.append(key)
    return keys


def literal_key(text: str, datatype: str, language: str | None) -> SortKey | None:
    """The sort key of a literal, from its lexical form, datatype IRI and language tag; None for
    a kind SPARQL does not order the same way everywhere (language-tagged strings, booleans,
    dates in other time zones, NaN, unknown datatypes)."""
    if language:
        return None
    if datatype == XSD + "string":
        return (3, "string", text)
    try:
        if datatype in _INTEGERS:
            return (3, "number", int(text))
        if datatype == XSD + "decimal":
            return (3, "number", Decimal(text))
        if datatype in (XSD + "double", XSD + "float"):
            number = float(text)
            return None if number != number else (3, "number", number)
    except (ValueError, InvalidOperation):
        return None
    for name, pattern in (("date", _DATE), ("dateTime", _DATE_TIME)):
        if datatype == XSD + name:
            match = pattern.fullmatch(text)
            return (3, f"{name}{match.group(1)}", text) if match else None
    return None
