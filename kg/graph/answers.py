"""Answer rows: the rows of the saved list queries, packed for the rollup nodes they come from to carry.

``officials-who-met`` lists every pair of officials who met, ``planned-events`` every event still
planned: thousands of rows at a million quads, tens of thousands at five. Read from the rollups
with SPARQL, the engine still looks up and makes every value of every row, a few microseconds
each, and such an answer takes a second. So the rollups carry the rows of such a query, packed
into literals (``diplo:answerRows``: on the nodes they come from, or on bucket nodes holding a
few of them), written and removed by the rollups' own rules (kg.graph.rollup, whose ``ANSWERS``
names these queries); kg.query.answers reads the literals of a query's rollup graph with one
pattern, unpacks them and sorts them by the query's ORDER BY. The saved query stays the reference: the tests check
that both give the same rows in the same order on every store they build.

A packed literal is its rows joined by :data:`ROW`, each its values joined by :data:`FIELD`, each
value its term in a short text: ``<`` and an IRI, ``"`` and a plain literal's text, ``@`` a
language tag, :data:`PART` and the text, ``^`` a datatype IRI, :data:`PART` and the lexical form;
an unbound value is empty. Rows with a separator in a value are written as JSON instead (a list
of rows, of those texts or null), which no packed text starts with.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.graph.vocab import XSD
from kg.store.base import Term

#: Characters no diplo-kg text holds (two of Unicode's for private use, which XML, JSON and every
#: RDF syntax take as they are, and no line break), and the space no datatype IRI or language
#: tag holds. A row with ROW or FIELD in a value is packed as JSON instead.
ROW, FIELD, PART = "\ue000", "\ue001", " "


@dataclass(frozen=True)
class Answer:
    """A saved query answered from packed rows: the rollup graph holding them, and its variables.

    A query of the events of one participant found by part of its name (official-timeline) has
    `names`, the graph of their names (whose bucket nodes pack them, lowercased), and `search`, the
    query's parameter that gives the part of the name; its rows are those of the nodes of `graph`
    whose diplo:timelineOf is one of the participants found."""

    graph: str
    variables: tuple[str, ...]
    names: str | None = None
    search: str | None = None


def encode(term: Term | None) -> str:
    """A value's short text, as packed rows hold it."""
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
    return pack_texts(tuple(map(encode, row)) for row in rows)


def pack_texts(rows: Iterable[tuple[str, ...]]) -> Literal | None:
    """Rows of values in their short text (:func:`encode`, as :func:`unpack_rows` gives them back)
    as one literal, as :func:`pack_rows` packs them."""
    encoded = sorted(set(rows))
    if not encoded:
        return None
    if any(ROW in value or FIELD in value for row in encoded for value in row):
        return Literal(json.dumps([[value or None for value in row] for row in encoded], ensure_ascii=False))
    return Literal(ROW.join(FIELD.join(row) for row in encoded))


def unpack_rows(packed: str, width: int | None = None) -> list[tuple[str, ...]]:
    """A packed literal's rows, each value still in its short text (empty when unbound). With the
    `width` every row has, the values are split at once and dealt out in rows of it (a check of
    their count says they are)."""
    if packed.startswith("["):
        return [tuple(value or "" for value in row) for row in json.loads(packed)]
    if width:
        values = packed.replace(ROW, FIELD).split(FIELD)
        if len(values) == width * (packed.count(ROW) + 1):
            return list(zip(*[iter(values)] * width, strict=True))
    return list(map(tuple, map(str.split, packed.split(ROW), itertools.repeat(FIELD))))


__all__ = ["FIELD", "PART", "ROW", "Answer", "encode", "pack_rows", "pack_texts", "unpack_rows"]
