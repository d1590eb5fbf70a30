"""Store: named graphs of triples in (one per article), SPARQL answers and quads out.

The interface is `kg.store.base`; `embedded` is Oxigraph on disk or in memory, `remote` a
SPARQL 1.1 server; `validate` checks what is stored against the SHACL shapes.
"""

from __future__ import annotations

import os

from kg.store.base import Store, is_remote, resolve_location
from kg.store.embedded import OxigraphStore


def open_store(location: str | os.PathLike[str] | None = None, read_only: bool = False) -> Store:
    """Open (or create) the store at `location`: a directory, ':memory:' for a store
    in memory, or the http(s) URL of a SPARQL 1.1 endpoint (see :mod:`kg.store.remote`)."""
    resolved = resolve_location(location)
    if is_remote(resolved):
        from kg.store.remote import open_remote_store

        return open_remote_store(resolved, read_only=read_only)
    return OxigraphStore(resolved, read_only=read_only)
