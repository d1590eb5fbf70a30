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

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.graph.vocab import DIPLO, XSD
from kg.store.base import QueryResult, Store, Term, term_syntax
from kg.store.order import OrderKey, SortKey, literal_key, sort_rows

ROW, FIELD, PART = "\x1e", "\x1f", "\x1d"


@dataclass(frozen=True)
class Answer:
    """A saved query answered from packed rows: the rollup graph holding them, and its variables."""

    graph: str
    variables: tuple[str, ...]


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


def pack_rows(rows: Iterable[Sequence[Term | None]]) -> Literal | None:
    """The rows as one literal, in a fixed order (so the same rows always give the same literal);
    None for no rows."""
    encoded = sorted({tuple(_encode(value) for value in row) for row in rows})
    if not encoded:
        return None
    if any(ROW in value or FIELD in value for row in encoded for value in row):
        return Literal(json.dumps([[value or None for value in row] for row in encoded], ensure_ascii=False))
    return Literal(ROW.join(FIELD.join(row) for row in encoded))


def unpack_rows(packed: str) -> list[tuple[str | None, ...]]:
    """A packed literal's rows, each value still in its short text (None when unbound)."""
    if packed.startswith("["):
        return [tuple(row) for row in json.loads(packed)]
    return [tuple([value or None for value in row.split(FIELD)]) for row in packed.split(ROW)]


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
    return value[1:] if value[0] in '<"' else value.partition(PART)[2]


def _term(value: str) -> Term:
    kind, text = value[0], value[1:]
    if kind == "<":
        return URIRef(text)
    if kind == '"':
        return Literal(text)
    head, _, body = text.partition(PART)
    return Literal(body, lang=head) if kind == "@" else Literal(body, datatype=URIRef(head))


def read_answer(store: Store, answer: Answer, order: Sequence[OrderKey]) -> QueryResult | None:
    """A saved query's answer from its packed rows, sorted by `order` (its ORDER BY); None when
    they cannot be ordered here (kg.store.order), for the saved query to answer."""
    found = store.query(f"SELECT ?rows WHERE {{ GRAPH {term_syntax(URIRef(answer.graph))} "
                        f"{{ ?node {term_syntax(DIPLO.answerRows)} ?rows }} }}").rows
    rows = [row for (packed,) in found if packed is not None for row in unpack_rows(str(packed))]
    ordered = sort_rows(rows, answer.variables, order, _sort_key, _text)
    if ordered is None:
        return None
    made = _MADE
    for row in ordered:
        for value in row:
            if value not in made:
                made[value] = None if value is None else _term(value)
    result = QueryResult(kind="select", variables=list(answer.variables),
                         rows=[tuple(map(made.__getitem__, row)) for row in ordered])
    if len(made) > TERMS_KEPT:
        made.clear()
    return result


#: How many made terms are kept for the next answers: making an rdflib literal costs ten
#: microseconds, most of an answer's time, and a server or a view asks the same questions again
#: (the embedded store keeps the values it converts so too, kg.store.embedded._rows).
TERMS_KEPT = 200_000
_MADE: dict[str | None, Term | None] = {}


__all__ = ["Answer", "pack_rows", "read_answer", "unpack_rows"]
