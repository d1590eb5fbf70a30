"""Query: run SPARQL on a store and format the answer for people and programs."""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, QueryError
from kg.graph.vocab import PREFIXES, with_prefixes
from kg.query.check import check_nesting, code_of
from kg.store.base import QueryDataset, QueryResult, Store
from kg.terminal import printable

TABLE_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")


def run_query(store: Store, sparql: str, dataset: QueryDataset | None = None,
              limit: int | None = None) -> QueryResult:
    """Run `sparql` with the usual prefixes predeclared (the query may redeclare them); on
    `dataset` when given (else the union of the store's graphs); with `limit`, read at most
    that many rows (or triples) of the answer.

    A syntax error names the position in `sparql` itself (not in the predeclared lines), and
    an undeclared prefix is named."""
    if not sparql.strip():
        raise QueryError("the query is empty")
    check_nesting(sparql)  # before the parser recurses into it
    try:
        return store.query(with_prefixes(sparql), dataset, limit)
    except QueryError as error:
        raise QueryError(explain_query_error(str(error), sparql)) from None


_POSITION = re.compile(r"error at (\d+):(\d+)")
_LINE = re.compile(r"\bline (\d+)\b")
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[;,.)\]}]|$)")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(sparql: str) -> list[tuple[str, int, int]]:
    """Prefixes `sparql` uses but neither declares nor gets predeclared: (name, line, column), from 1.
    Linear in the length of the query, like every check of query text (kg.query.check)."""
    blank = code_of(sparql)  # strings, IRIs and comments blanked, lines kept
    known = set(PREFIXES) | {m.group(1) or "" for m in _DECLARED.finditer(blank)}
    starts = [0, *(i + 1 for i, char in enumerate(blank) if char == "\n")]
    found: dict[str, tuple[str, int, int]] = {}
    for match in _PREFIXED.finditer(blank):
        name = match.group(1) or ""
        if name not in known and name not in found:
            line = bisect.bisect_right(starts, match.start())
            found[name] = (name, line, match.start() - starts[line - 1] + 1)
    return list(found.values())


def explain_query_error(message: str, sparql: str) -> str:
    """A store's syntax error as one line about the user's own query: positions counted in
    `sparql` (the predeclared prefix lines taken off), an unknown prefix named."""
    offset = len(PREFIXES)
    unknown = undeclared_prefixes(sparql) if "prefix" in message.lower() or "namespace" in message.lower() else []
    if unknown:
        name, line, column = unknown[0]
        return (f"invalid SPARQL: unknown prefix '{name}:' at line {line}, column {column} "
                f"(declare it with PREFIX {name}: <...>; predeclared: {', '.join(PREFIXES)})")
    first = " ".join(message.split("\n", 1)[0].split())
    if len(first) > 300:
        first = first[:299] + "…"
    position = _POSITION.search(first)
    if position:
        line, column = int(position.group(1)) - offset, int(position.group(2))
        return first.replace(position.group(0), f"error at line {line}, column {column}", 1)
    return _LINE.sub(lambda m: f"line {int(m.group(1)) - offset}" if int(m.group(1)) > offset else m.group(0),
                     first, count=1)


def read_query_file(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read query file ({error})") from None


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _shorten(term: Node | None) -> str:
    text = _plain(term)
    if isinstance(term, URIRef):
        for name, iri in PREFIXES.items():
            if text.startswith(iri):
                return f"{name}:{text[len(iri):]}"
    return text


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """SELECT/ASK as table, CSV, TSV or SPARQL JSON; CONSTRUCT/DESCRIBE as RDF."""
    if result.kind == "graph":
        graph_format = fmt if fmt in GRAPH_FORMATS else "turtle"
        if fmt not in GRAPH_FORMATS + ("table",):
            raise InputError(f"Unknown format '{fmt}' for a graph result. Choose one of: {', '.join(GRAPH_FORMATS)}.")
        graph = Graph()
        for name, iri in PREFIXES.items():
            graph.bind(name, iri)
        for triple in result.triples:
            graph.add(triple)
        return graph.serialize(format="json-ld" if graph_format == "jsonld" else graph_format)
    if fmt not in TABLE_FORMATS:
        raise InputError(f"Unknown format '{fmt}'. Choose one of: {', '.join(TABLE_FORMATS)}.")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        bindings = [
            {var: _json_term(value) for var, value in zip(result.variables, row, strict=False) if value is not None}
            for row in result.rows
        ]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_plain(v).replace("\t", " ").replace("\n", " ") if fmt == "tsv" else _plain(v)
                             for v in row])
        return buffer.getvalue()
    cells = [[printable(_shorten(v)) for v in row] for row in result.rows]  # data never drives the terminal
    widths = [min(60, max([len(var)] + [len(row[i]) for row in cells])) for i, var in enumerate(result.variables)]

    def line(values: list[str]) -> str:
        cut = [(v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths, strict=True)]
        return "  ".join(cut).rstrip()

    out = [line(result.variables), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"
