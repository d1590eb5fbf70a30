"""The store's interface: the terms every stage hands it, the answers it gives, and the
`Store` protocol both stores implement; with the SPARQL syntax of terms and queries.

Imports nothing of the library but its errors, so any stage may program against it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol, runtime_checkable

from rdflib import BNode, Literal, URIRef

from kg.errors import StoreError

Term = URIRef | Literal | BNode


Triple = tuple[Term, Term, Term]


Quad = tuple[Term, Term, Term, URIRef]


DEFAULT_LOCATION = "kg-store"


MEMORY = ":memory:"


@dataclass
class QueryResult:
    """The answer to a SPARQL query: a table (SELECT), a boolean (ASK) or triples."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset a query runs on when the client names it (the SPARQL Protocol's
    ``default-graph-uri`` and ``named-graph-uri``): the default graph is the merge of `default`
    (empty when only named graphs are given), the named graphs are `named`. Without one, the
    default graph is the union of all named graphs."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


@dataclass
class Changes:
    """Writes the store makes in one transaction: graphs dropped, then quads deleted, then
    triples inserted into named graphs (a graph that exists already is added to)."""

    drop: list[str] = field(default_factory=list)
    delete: list[Quad] = field(default_factory=list)
    insert: list[tuple[str, list[Triple]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.drop or self.delete or self.insert)


@runtime_checkable
class Store(Protocol):
    """What the library needs from a store: named graphs in, SPARQL and quads out.

    Implemented by :class:`OxigraphStore` (embedded, on disk or in memory) and
    :class:`kg.store.remote.RemoteStore` (a SPARQL 1.1 server such as Virtuoso).
    Queries see the union of the store's named graphs (article graphs and the description
    graphs of shared nodes, kg.graph.layout) as their default graph. ``apply`` writes one
    :class:`Changes` all or nothing; ``recover`` undoes one that a killed or failed write left
    half-made (only a SPARQL server, written in many requests, can have one) and says if it did.
    """

    location: str

    def has_graph(self, graph: str) -> bool: ...

    def add_graph(self, graph: str, triples: Iterable[Triple]) -> None: ...

    def add_graphs(self, graphs: Iterable[tuple[str, Iterable[Triple]]]) -> None: ...

    def remove_graph(self, graph: str) -> bool: ...

    def apply(self, changes: Changes) -> None: ...

    def recover(self) -> bool: ...

    def query(self, sparql: str, dataset: QueryDataset | None = None, limit: int | None = None) -> QueryResult: ...

    def text_rows(self, sparql: str) -> list[tuple[str | None, ...]]:
        """The rows of a SELECT, each value as its text (an IRI, or a literal's lexical form; None
        when unbound), for reading many long literals (kg.query.answers)."""
        ...

    def quads(self, graph: str | None = None) -> Iterator[Quad]: ...

    def graph_names(self) -> list[str]: ...

    def __len__(self) -> int: ...

    def serialize(self, output: BinaryIO, fmt: str, prefixes: dict[str, str]) -> None: ...

    def flush(self) -> None: ...


def is_remote(location: str | os.PathLike[str] | None) -> bool:
    """True for an http(s) URL: a SPARQL endpoint rather than a store directory."""
    return str(location or "").lower().startswith(("http://", "https://"))


def resolve_location(location: str | os.PathLike[str] | None) -> str:
    """--store, else $KG_STORE, else ./kg-store."""
    if location:
        return str(location)
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


QUERY_FORMS = ("select", "ask", "construct", "describe")


_PROLOGUE = re.compile(
    r"\s*(?:#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)


_FORM = re.compile(r"\s*([A-Za-z]+)")


def split_prologue(sparql: str) -> tuple[str, str]:
    """Split a query into its prologue (comments, PREFIX and BASE) and the rest."""
    end = 0
    while (match := _PROLOGUE.match(sparql, end)) and match.end() > end:
        end = match.end()
    return sparql[:end], sparql[end:]


def query_form(sparql: str) -> str:
    """The first keyword after the prologue, lower-cased: select, ask, construct,
    describe for queries; insert, delete, load, clear, drop ... for updates."""
    match = _FORM.match(split_prologue(sparql)[1])
    return match.group(1).lower() if match else ""


#: Text that needs no escape: printable ASCII but the quote and the backslash.
_PLAIN = re.compile(r"[ !#-\[\]-~]*")


def _escape(text: str) -> str:
    """`text` in ASCII for a SPARQL string or IRI: quote, backslash and line breaks escaped, every
    other character outside printable ASCII as a \\u (or \\U) escape. Most text needs none; the
    rest goes through the JSON encoder's (the same escapes, at C speed: an answer-rows literal is
    tens of kilobytes, mostly not ASCII), but for characters beyond the 16-bit range, which JSON
    writes as two halves that SPARQL does not take."""
    if _PLAIN.fullmatch(text):
        return text
    if not _ASTRAL.search(text):
        return json.dumps(text)[1:-1]
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or code > 0x7E:
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(char)
    return "".join(out)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def term_syntax(term: Term) -> str:
    """A term in SPARQL/N-Triples syntax, ASCII only (non-ASCII as \\u escapes)."""
    if isinstance(term, URIRef):
        return f"<{_escape(str(term))}>"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    raise StoreError(f"blank node {term!r}: a SPARQL server cannot take blank nodes in INSERT DATA "
                     "(give the node an IRI)")


def sparql_literal(text: str) -> str:
    """A string as an escaped SPARQL literal, safe to put in a query."""
    return term_syntax(Literal(text))


def update_text(changes: Changes) -> str:
    """The changes as one SPARQL 1.1 Update request (drops, DELETE DATA, INSERT DATA)."""
    parts = [f"DROP SILENT GRAPH {term_syntax(URIRef(graph))}" for graph in changes.drop]
    if changes.delete:
        body = "\n".join(f"GRAPH {term_syntax(g)} {{ {term_syntax(s)} {term_syntax(p)} {term_syntax(o)} }}"
                         for s, p, o, g in changes.delete)
        parts.append(f"DELETE DATA {{\n{body}\n}}")
    inserts = [(graph, triples) for graph, triples in changes.insert if triples]
    if inserts:
        body = "\n".join(f"GRAPH {term_syntax(URIRef(graph))} {{\n" + "".join(
            f"{term_syntax(s)} {term_syntax(p)} {term_syntax(o)} .\n" for s, p, o in triples) + "}"
            for graph, triples in inserts)
        parts.append(f"INSERT DATA {{\n{body}\n}}")
    return " ;\n".join(parts)
