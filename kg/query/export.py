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

FORMATS = ("jsonld", "nquads", "ntriples", "trig", "turtle")
NETWORK_FORMATS = ("csv", "gexf", "graphml")
FORMAT_ALIASES = {"ttl": "turtle", "nq": "nquads", "nt": "ntriples", "json-ld": "jsonld", "n-quads": "nquads",
                  "n-triples": "ntriples"}


def check_format(fmt: str) -> str:
    name = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS + NETWORK_FORMATS:
        raise InputError(f"Unknown format '{fmt}'. Choose one of: {', '.join(FORMATS)}. "
                         f"Or, for the relations network: {', '.join(NETWORK_FORMATS)}.")
    return name


def export_store(store: Store, fmt: str, output: BinaryIO) -> None:
    """Write the whole store (or, for csv, gexf and graphml, its relations network) to a binary stream."""
    fmt = check_format(fmt)
    if fmt in NETWORK_FORMATS:
        from kg.query.analytics import relations_graph, write_network

        write_network(relations_graph(store), fmt, output)
        return
    store.serialize(output, fmt, dict(PREFIXES))


def export_to_file(store: Store, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write the store to `path` atomically: a reader never sees a half-written file."""
    fmt = check_format(fmt)
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for the export")
    return write_atomically(target, lambda output: export_store(store, fmt, output))


def export_bytes(store: Store, fmt: str) -> bytes:
    buffer = io.BytesIO()
    export_store(store, fmt, buffer)
    return buffer.getvalue()
