"""Answer rows: the rows of the saved list queries, kept packed on the rollup nodes they come from.

``officials-who-met`` lists every pair of officials who met, ``planned-events`` every event still
planned: thousands of rows at a million quads, tens of thousands at five. Read from the rollups
with SPARQL, the engine still looks up and makes every value of every row, a few microseconds
each, and such an answer takes a second. So each rollup node a row of such a query comes from
also carries its rows, packed into one literal (``diplo:answerRows``), written and removed with
the node by the rollups' own rules (kg.graph.rollup, whose ``ANSWERS`` names these queries);
:func:`read_answer` reads the literals of a query's rollup graph with one pattern, unpacks them
and sorts them by the query's ORDER BY (kg.store.order). The saved query stays the reference:
the tests check that both give the same rows in the same order on every store they build.

A packed literal is its rows joined by :data:`ROW`, each its values joined by :data:`FIELD`, each
value its term in a short text: ``<`` and an IRI, ``"`` and a plain literal's text, ``@`` a
language tag, :data:`PART` and the text, ``^`` a datatype IRI, :data:`PART` and the lexical form;
an unbound value is empty. Rows with a separator in a value are written as JSON instead (a list
of rows, of those texts or null), which no packed text starts with.
"""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from kg.graph.vocab import DIPLO, XSD
from kg.store.base import QueryResult, Store, Term, term_syntax
from kg.store.order import OrderKey, SortKey, literal_key, negated

ROW, FIELD, PART = "\x1e", "\x1f", "\x1d"


@dataclass(frozen=True)
class Answer:
    """A saved query answered from packed rows: the rollup graph holding them, and its variables.

    A query of the events of one participant found by part of its name (official-timeline) has
    `names`, the graph of their names (diplo:officialName); `participant`, the variable the participant
    fills (each event's rows lack it, and are those of the events it takes part in); and `search`,
    the query's parameter that gives the part of the name."""

    graph: str
    variables: tuple[str, ...]
    names: str | None = None
    participant: str | None = None
    search: str | None = None


def _encode(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return "<" + str(term)
    if isinstance(term, Literal):
        if term.language:
            return f"@{term.language}{PART}{term}"
        if term.datatype is None or term.datatype == XSD.string:  # the store gives xsd:string as plain
            return '"' + str(term)
        return f"^{term.datatype}{PART}{term}"
    raise TypeError(f"cannot pack {term!r}")


def encode_rows(rows: Iterable[Sequence[Term | None]]) -> set[tuple[str, ...]]:
    """The rows, each value in its short text (empty when unbound), as :func:`pack_encoded` takes them."""
    return {tuple(_encode(value) for value in row) for row in rows}


def pack_rows(rows: Iterable[Sequence[Term | None]]) -> Literal | None:
    """The rows as one literal, in a fixed order (so the same rows always give the same literal);
    None for no rows."""
    return pack_encoded(encode_rows(rows))


def pack_encoded(rows: Iterable[Sequence[str | None]]) -> Literal | None:
    """Rows of values in their short text (or None when unbound) as one literal, as :func:`pack_rows` packs."""
    encoded = sorted({tuple(value or "" for value in row) for row in rows})
    if not encoded:
        return None
    if any(ROW in value or FIELD in value for row in encoded for value in row):
        return Literal(json.dumps([[value or None for value in row] for row in encoded], ensure_ascii=False))
    return Literal(ROW.join(FIELD.join(row) for row in encoded))


def unpack_rows(packed: str) -> list[tuple[str, ...]]:
    """A packed literal's rows, each value still in its short text (empty when unbound)."""
    if packed.startswith("["):
        return [tuple(value or "" for value in row) for row in json.loads(packed)]
    return [tuple(row.split(FIELD)) for row in packed.split(ROW)]


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


def _column(values: list[str], key: OrderKey) -> list[Any] | None:
    """What a column's values sort by for `key`, as kg.store.order sorts them: unbound first, IRIs,
    then literals of one kind; None when they cannot be ordered here. Where the values are all IRIs,
    or all plain literals (or unbound), their short texts sort as their texts do, and are the keys."""
    if key.bound:
        return [value != "" for value in values]
    distinct = set(values)
    kinds = {value[0] for value in distinct if value}
    if kinds <= {"<"} or kinds <= {'"'}:
        return values
    made: dict[str, tuple[int, Any]] = {}
    literal_kind = None
    for value in distinct:
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
    columns = []
    for key in order:
        column = _column([row[position[key.variable]] for row in rows], key)
        if column is None:
            return None
        columns.append(column)
    indices = list(range(len(rows)))
    # one sort by a tuple of the keys, those of descending numbers negated; else one sort a key
    together = [(negated(column) if column and isinstance(column[0], tuple) else None) if key.descending else column
                for key, column in zip(order, columns, strict=True)]
    if all(column is not None for column in together):
        composite = list(zip(*together, strict=True))
        indices.sort(key=composite.__getitem__)
    else:
        for key, column in zip(reversed(order), reversed(columns), strict=True):  # the last key first
            indices.sort(key=column.__getitem__, reverse=key.descending)  # stable, reversed too
    return [rows[index] for index in indices]


def named(store: Store, graph: str, text: str) -> list[str]:
    """The participants one of whose names (diplo:officialName, in `graph`) holds `text` whatever
    the case, as the saved query finds them, in their short text."""
    needle = term_syntax(Literal(text))
    rows = store.text_rows(f"""SELECT DISTINCT ?who WHERE {{ GRAPH {term_syntax(URIRef(graph))} {{
        ?who {term_syntax(DIPLO.officialName)} ?name FILTER(CONTAINS(LCASE(STR(?name)), LCASE({needle}))) }} }}""")
    return sorted("<" + who for (who,) in rows if who is not None)


def _rows_of(store: Store, answer: Answer, text: str | None) -> list[tuple[str, ...]]:
    if answer.names is None or answer.participant is None:
        texts = _packed(store, answer.graph)
        plain = [packed for packed in texts if not packed.startswith("[")]
        listed = unpack_rows(ROW.join(plain)) if plain else []  # at once: one split of one text
        return listed + [row for packed in texts if packed.startswith("[") for row in unpack_rows(packed)]
    if text is None:
        raise ValueError(f"the rows of {answer.graph} are found by a name: give one")
    at = answer.variables.index(answer.participant)
    rows: dict[tuple[str, ...], None] = {}  # as DISTINCT keeps them
    who = named(store, answer.names, text)
    for start in range(0, len(who), 400):
        values = " ".join(term_syntax(URIRef(value[1:])) for value in who[start:start + 400])
        found = store.text_rows(f"""SELECT ?who ?rows WHERE {{ VALUES ?who {{ {values} }}
            ?event {term_syntax(DIPLO.participant)} ?who .
            GRAPH {term_syntax(URIRef(answer.graph))} {{ ?event {term_syntax(DIPLO.answerRows)} ?rows }} }}""")
        for participant, packed in found:
            if participant is None or packed is None:
                continue
            mark = "<" + participant
            for row in unpack_rows(packed):
                rows[(*row[:at], mark, *row[at:])] = None
    return list(rows)


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
        for value in set(itertools.chain.from_iterable(ordered)).difference(made):
            made[value] = _term(value) if value else None
        result = QueryResult(kind="select", variables=list(answer.variables),
                             rows=[tuple(map(made.__getitem__, row)) for row in ordered])
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
_MADE: dict[str, Term | None] = {}


__all__ = ["Answer", "encode_rows", "named", "pack_encoded", "pack_rows", "read_answer", "unpack_rows"]
