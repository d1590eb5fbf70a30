"""Export: the store as Turtle, TriG, N-Quads, N-Triples or JSON-LD."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.store import OxigraphStore
from kg.vocab import PREFIXES

FORMATS = ("jsonld", "nquads", "ntriples", "trig", "turtle")
FORMAT_ALIASES = {"ttl": "turtle", "nq": "nquads", "nt": "ntriples", "json-ld": "jsonld", "n-quads": "nquads",
                  "n-triples": "ntriples"}


def check_format(fmt: str) -> str:
    name = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise InputError(f"Unknown format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    return name


def export_store(store: OxigraphStore, fmt: str, output: BinaryIO) -> None:
    """Write the whole store to a binary stream in `fmt`."""
    store.serialize(output, check_format(fmt), dict(PREFIXES))


def export_to_file(store: OxigraphStore, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write the store to `path` atomically: a reader never sees a half-written file."""
    fmt = check_format(fmt)
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for the export")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as output:
            export_store(store, fmt, output)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def export_bytes(store: OxigraphStore, fmt: str) -> bytes:
    buffer = io.BytesIO()
    export_store(store, fmt, buffer)
    return buffer.getvalue()
