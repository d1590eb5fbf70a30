"""Answers from the rollups' answer rows (kg.graph.answers): read with one pattern, unpacked,
sorted by the saved query's ORDER BY as kg.store.order sorts (unbound first, IRIs, then literals
of one kind), and made rdflib terms once per distinct value.

Reading a long literal costs the store a lookup of its text (about 3 µs in Oxigraph), so a list
of thirty thousand rows takes a tenth of a second to read; the rest is Python's, kept to a few
passes over the rows: one split of their joined texts, one sort by a tuple of keys (the short
texts themselves, where a column holds only IRIs or only plain literals), one lookup a value.
"""

from __future__ import annotations

import gc
import itertools
import operator
from collections.abc import Sequence
from typing import Any

from rdflib import Literal, URIRef

from kg.graph.answers import PART, ROW, Answer, unpack_rows
from kg.graph.vocab import DIPLO
from kg.store.base import QueryResult, Store, Term, term_syntax
from kg.store.order import OrderKey, SortKey, literal_key, negated


def _sort_key(value: str) -> SortKey | None:
    kind, text = value[0], value[1:]
    if kind == "<":
        return (2, "", text)
    if kind == '"':
        return (3, "string", text)
    if kind == "^":
        datatype, _, lexical = text.partition(PART)
        return literal_key(lexical, datatype, None)
    return None  # a language-tagged string: not ordered here


def _text(value: str) -> str:
    return value[1:] if value[:1] in '<"' else value.partition(PART)[2]


def _term(value: str) -> Term:
    kind, text = value[0], value[1:]
    if kind == "<":
        return URIRef(text)
    if kind == '"':
        return Literal(text)
    head, _, body = text.partition(PART)
    return Literal(body, lang=head) if kind == "@" else Literal(body, datatype=URIRef(head))


def _packed(store: Store, graph: str) -> list[str]:
    rows = store.text_rows(f"SELECT ?rows WHERE {{ GRAPH {term_syntax(URIRef(graph))} "
                           f"{{ ?node {term_syntax(DIPLO.answerRows)} ?rows }} }}")
    return [packed for (packed,) in rows if packed is not None]


def _column(values: list[str], key: OrderKey, negate: bool = False) -> list[Any] | None:
    """What a column's values sort by for `key`, as kg.store.order sorts them: unbound first, IRIs,
    then literals of one kind; None when they cannot be ordered here. Where the values are all IRIs,
    or all plain literals (or unbound), their short texts sort as their texts do, and are the keys.
    With `negate`, keys that sort in the reverse order (numbers negated), or None where there are none."""
    if key.bound:
        return [value != "" for value in values]
    distinct = set(values)
    kinds = {value[0] for value in distinct if value}
    if kinds <= {"<"} or kinds <= {'"'}:
        return None if negate else values
    made: dict[str, tuple[int, Any]] = {}
    literal_kind = None
    for value in distinct:  # a few distinct values, mostly: counts, dates
        if not value:
            made[value] = (0, 0)
        elif key.text:
            made[value] = (3, _text(value))
        else:
            sort_key = _sort_key(value)
            if sort_key is None:
                return None
            rank, kind, comparable = sort_key
            if rank == 3 and literal_kind not in (None, kind):
                return None
            literal_kind = kind if rank == 3 else literal_kind
            made[value] = (rank, comparable)
    if negate:  # a descending column of numbers, for one sort by a tuple of keys
        reversed_keys = negated(list(made.values()))
        if reversed_keys is None:
            return None
        made = dict(zip(made, reversed_keys, strict=True))
    return [made[value] for value in values]


def _ordered(rows: list[tuple[str, ...]], variables: Sequence[str],
             order: Sequence[OrderKey]) -> list[tuple[str, ...]] | None:
    """`rows` in the order of `order`, as kg.store.order.sort_rows orders them (stable); None when
    a key is not a variable of theirs or its column cannot be ordered here."""
    position = {name: index for index, name in enumerate(variables)}
    if any(key.variable not in position for key in order):
        return None
    if not order:
        return list(rows)
    columns, together = [], []
    for key in order:
        values = list(map(operator.itemgetter(position[key.variable]), rows))
        column = _column(values, key)
        if column is None:
            return None
        columns.append(column)
        together.append(_column(values, key, negate=True) if key.descending else column)
    indices = list(range(len(rows)))
    # one sort by a tuple of the keys, those of descending numbers negated; else one sort a key
    if all(column is not None for column in together):
        composite = list(zip(*together, strict=True))
        indices.sort(key=composite.__getitem__)
    else:
        for key, column in zip(reversed(order), reversed(columns), strict=True):  # the last key first
            indices.sort(key=column.__getitem__, reverse=key.descending)  # stable, reversed too
    return [rows[index] for index in indices]


def named(store: Store, graph: str, text: str) -> list[str]:
    """The participants one of whose names holds `text` whatever the case, as the saved query finds
    them (CONTAINS(LCASE(STR(?name)), LCASE(text)) over diplo:officialName in `graph`), in their
    short text: from the lowercased names its bucket nodes pack (kg.graph.rollup.NAME_BUCKETS),
    each bucket's text searched whole before its rows are."""
    needle = text.lower()
    found: set[str] = set()
    for packed in _packed(store, graph):
        if needle not in packed and not packed.startswith("["):  # none of its names holds it
            continue
        found.update(who for who, name in unpack_rows(packed, 2) if needle in name[1:])
    return sorted(found)


def _unpacked(texts: list[str], width: int) -> list[tuple[str, ...]]:
    plain = [packed for packed in texts if not packed.startswith("[")]
    listed = unpack_rows(ROW.join(plain), width) if plain else []  # at once: one split of one text
    return listed + [row for packed in texts if packed.startswith("[") for row in unpack_rows(packed)]


def _rows_of(store: Store, answer: Answer, text: str | None) -> list[tuple[str, ...]]:
    if answer.names is None:
        return _unpacked(_packed(store, answer.graph), len(answer.variables))
    if text is None:
        raise ValueError(f"the rows of {answer.graph} are found by a name: give one")
    who = named(store, answer.names, text)
    texts: list[str] = []
    for start in range(0, len(who), 400):
        values = " ".join(term_syntax(URIRef(value[1:])) for value in who[start:start + 400])
        texts.extend(packed for (packed,) in store.text_rows(f"""SELECT ?rows WHERE {{ VALUES ?who {{ {values} }}
            GRAPH {term_syntax(URIRef(answer.graph))} {{ ?node {term_syntax(DIPLO.timelineOf)} ?who ;
            {term_syntax(DIPLO.answerRows)} ?rows }} }}""") if packed is not None)
    # distinct as DISTINCT keeps them: a node's rows are, and two nodes' differ by official or month
    return _unpacked(texts, len(answer.variables))


def read_answer(store: Store, answer: Answer, order: Sequence[OrderKey], text: str | None = None) -> QueryResult | None:
    """A saved query's answer from its packed rows (those of the participants `text` names, for a
    query of one participant), sorted by `order` (its ORDER BY); None when they cannot be
    ordered here (kg.store.order), for the saved query to answer."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of rows, none of them cyclic: a collection would only pass over them
    try:
        rows = _rows_of(store, answer, text)
        ordered = _ordered(rows, answer.variables, order)
        if ordered is None:
            return None
        made = _MADE
        # every value looked up in one pass, then dealt out in rows again
        values = list(map(made.__getitem__, itertools.chain.from_iterable(ordered)))
        result = QueryResult(kind="select", variables=list(answer.variables),
                             rows=list(zip(*[iter(values)] * len(answer.variables), strict=True)))
        if len(made) > TERMS_KEPT:
            made.clear()
        return result
    finally:
        if collecting:
            gc.enable()


#: How many made terms are kept for the next answers: making an rdflib literal costs ten
#: microseconds, most of an answer's time, and a server or a view asks the same questions again
#: (the embedded store keeps the values it converts so too, kg.store.embedded._rows).
TERMS_KEPT = 200_000


class _Terms(dict[str, "Term | None"]):
    """Terms by their short text, each made when first looked up (an empty text: unbound)."""

    def __missing__(self, value: str) -> Term | None:
        term = self[value] = _term(value) if value else None
        return term


_MADE = _Terms()


__all__ = ["named", "read_answer"]
