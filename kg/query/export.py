"""Export: the store as Turtle, TriG, N-Quads, N-Triples or JSON-LD, or its relations
network as GraphML, GEXF (Gephi) or a CSV edge list (spreadsheets)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.files import write_atomically
from kg.graph.vocab import PREFIXES
from kg.store.base import Store

FORMATS = ("jsonld", "nquads", "ntriples", "rdfxml", "trig", "turtle")
NETWORK_FORMATS = ("csv", "gexf", "graphml")
FORMAT_ALIASES = {"ttl": "turtle", "nq": "nquads", "nt": "ntriples", "json-ld": "jsonld", "n-quads": "nquads",
                  "n-triples": "ntriples", "rdf": "rdfxml", "rdf+xml": "rdfxml", "xml": "rdfxml"}
#: The format a file's extension asks for, when --format is not given.
EXTENSIONS = {".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nq": "nquads", ".nquads": "nquads",
              ".nt": "ntriples", ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".owl": "rdfxml",
              ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}
TABLES = ("nodes", "edges")


def check_format(fmt: str) -> str:
    name = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS + NETWORK_FORMATS:
        raise InputError(f"Unknown format '{fmt}'. Choose one of: {', '.join(FORMATS)}. "
                         f"Or, for the relations network: {', '.join(NETWORK_FORMATS)}.")
    return name


def format_for(path: str | os.PathLike[str] | None, fmt: str | None) -> str:
    """The export format: `fmt` when given, else the one the file's extension names (Turtle on stdout)."""
    if fmt:
        return check_format(fmt)
    if path is None or str(path) == "-":
        return "turtle"
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"{path}: cannot tell the format from the extension '{suffix or '(none)'}'; give --format "
                         f"or one of: {', '.join(sorted(EXTENSIONS))}")
    return EXTENSIONS[suffix]


def export_store(store: Store, fmt: str, output: BinaryIO, table: str | None = None) -> None:
    """Write the whole store (or, for csv, gexf and graphml, its relations network) to a binary stream.
    CSV is one table, `table` (nodes or edges; edges by default)."""
    fmt = check_format(fmt)
    if fmt in NETWORK_FORMATS:
        from kg.query.analytics import relations_graph, write_network

        write_network(relations_graph(store), fmt, output, table or "edges")
        return
    if fmt == "jsonld":
        from kg.query.jsonld import write_jsonld

        write_jsonld(store.quads(), output)
        return
    store.serialize(output, fmt, dict(PREFIXES))


def export_to_file(store: Store, fmt: str, path: str | os.PathLike[str], table: str | None = None) -> list[Path]:
    """Write the store to `path` atomically: a reader never sees a half-written file. CSV without a
    `table` writes both tables, as <stem>-nodes.csv and <stem>-edges.csv beside `path`."""
    fmt = check_format(fmt)
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for the export")
    if table is not None and table not in TABLES:
        raise InputError(f"Unknown table '{table}'. Choose one of: {', '.join(TABLES)}.")
    if fmt == "csv" and table is None:
        from kg.query.analytics import relations_graph, write_network

        graph = relations_graph(store)
        return [write_atomically(target.with_name(f"{target.stem}-{name}.csv"),
                                 lambda output, name=name: write_network(graph, "csv", output, name))  # type: ignore[misc]
                for name in TABLES]
    return [write_atomically(target, lambda output: export_store(store, fmt, output, table))]


def export_bytes(store: Store, fmt: str, table: str | None = None) -> bytes:
    buffer = io.BytesIO()
    export_store(store, fmt, buffer, table)
    return buffer.getvalue()
