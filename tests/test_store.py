"""The store contract, run against every backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.store import MEMORY, OxigraphStore, open_store

EX = "http://example.org/"
G1, G2 = EX + "graph/1", EX + "graph/2"


def triples(n: int, tag: str) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{tag}-{i}")) for i in range(n)]


@pytest.fixture(params=["disk", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OxigraphStore]:
    yield open_store(tmp_path / "store" if request.param == "disk" else MEMORY)


def test_graphs_are_added_queried_and_removed(store: OxigraphStore) -> None:
    store.add_graph(G1, triples(3, "a"))
    store.add_graph(G2, triples(2, "b"))
    assert store.has_graph(G1) and store.graph_names() == [G1, G2]
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}p> ?o }}")
    assert int(str(result.rows[0][0])) == 5  # queries see the union of the graphs
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert len(store) == 2 and not store.has_graph(G1)


def test_ask_construct_and_select(store: OxigraphStore) -> None:
    store.add_graph(G1, triples(2, "a"))
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert graph.kind == "graph" and len(graph.triples) == 2
    select = store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert select.variables == ["o"] and [str(r[0]) for r in select.rows] == ["a-0", "a-1"]


def test_invalid_sparql_raises_query_error(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="invalid SPARQL"):
        store.query("SELEKT ?x WHERE {}")


def test_disk_store_persists_and_locks(tmp_path: Path) -> None:
    location = tmp_path / "store"
    first = open_store(location)
    first.add_graph(G1, triples(2, "a"))
    first.flush()
    with pytest.raises(StoreError, match="locked by another process"):
        open_store(location)
    del first
    assert len(open_store(location, read_only=True)) == 2


def test_read_only_open_of_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here yet"):
        open_store(tmp_path / "absent", read_only=True)


def test_a_plain_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(path)
