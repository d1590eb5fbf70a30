"""The store contract, run against every backend: on disk, in memory, and Virtuoso."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreError
from kg.store import open_store
from kg.store.base import MEMORY, Changes, Store, is_remote, query_form, split_prologue, term_syntax
from kg.store.embedded import OxigraphStore
from kg.store.remote import RemoteStore, open_remote_store

from . import virtuoso

EX = "http://example.org/"
GRAPHS = "https://w3id.org/diplo/id/graph/"
G1, G2 = GRAPHS + "test-1", GRAPHS + "test-2"
XSD = "http://www.w3.org/2001/XMLSchema#"


def triples(n: int, tag: str) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{tag}-{i}")) for i in range(n)]


def virtuoso_store() -> RemoteStore:
    """A store on the session's Virtuoso, emptied; skips (or fails under KG_CI=1) without Virtuoso."""
    if not virtuoso.available():
        if virtuoso.required():
            pytest.fail(f"KG_CI=1 and {virtuoso.missing_reason()}")
        pytest.skip(virtuoso.missing_reason())
    server = virtuoso.virtuoso_server()
    server.clear()
    return RemoteStore(server.sparql_url)


@pytest.fixture(params=["disk", "memory", "virtuoso"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "virtuoso":
        yield virtuoso_store()
    else:
        yield open_store(tmp_path / "store" if request.param == "disk" else MEMORY)


def test_every_backend_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


def test_graphs_are_added_queried_and_removed(store: Store) -> None:
    store.add_graph(G1, triples(3, "a"))
    store.add_graph(G2, triples(2, "b"))
    assert store.has_graph(G1) and store.graph_names() == [G1, G2]
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}p> ?o }}")
    assert int(str(result.rows[0][0])) == 5  # queries see the union of the graphs
    assert store.remove_graph(G1) is True
    assert store.remove_graph(G1) is False
    assert len(store) == 2 and not store.has_graph(G1)


def test_ask_construct_and_select(store: Store) -> None:
    store.add_graph(G1, triples(2, "a"))
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    assert store.query(f"ASK {{ ?s <{EX}nothing> ?o }}").boolean is False
    graph = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s <{EX}p> ?o . ?s ?p ?o }}")
    assert graph.kind == "graph" and len(graph.triples) == 2
    select = store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o")
    assert select.variables == ["o"] and [str(r[0]) for r in select.rows] == ["a-0", "a-1"]


@pytest.mark.parametrize("literal", [
    Literal("Zelenskyy – Зеленський 😀"), Literal('quote " back\\slash\nnew line\ttab'),
    Literal("bonjour", lang="fr"), Literal("2022-04-06", datatype=URIRef(XSD + "date")),
    Literal("42", datatype=URIRef(XSD + "integer")),
    Literal("2024-01-02T03:04:05+00:00", datatype=URIRef(XSD + "dateTime")),
])
def test_terms_round_trip(store: Store, literal: Literal) -> None:
    store.add_graph(G1, [(URIRef(EX + "s"), URIRef(EX + "p"), literal)])
    assert list(store.quads()) == [(URIRef(EX + "s"), URIRef(EX + "p"), literal, URIRef(G1))]
    assert store.query(f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }}").rows == [(literal,)]


@pytest.mark.parametrize("text", [
    "plain ASCII", 'quote " back\\slash\nnew line\ttab\rreturn', "".join(map(chr, range(1, 32))) + "\x7f",
    "Зеленський\ue000row\ue001field – é", "emoji 😀 and \"quote\" \\ 𝕏", "x" * 5000 + "\ue000Ω" * 5000,
])
def test_an_update_writes_every_character_as_it_is(store: Store, text: str) -> None:
    """A change with deletions goes to the store as SPARQL Update text: every character of a long
    literal, control characters and those beyond 16 bits too, is written as it is."""
    old = (URIRef(EX + "s"), URIRef(EX + "p"), Literal("old"))
    store.add_graph(G1, [old])
    literal = Literal(text)
    store.apply(Changes(delete=[(*old, URIRef(G1))], insert=[(G1, [(URIRef(EX + "s"), URIRef(EX + "p"), literal)])]))
    assert list(store.quads()) == [(URIRef(EX + "s"), URIRef(EX + "p"), literal, URIRef(G1))]
    assert term_syntax(literal).isascii()


def test_large_graphs_are_written_and_read_whole(store: Store) -> None:
    """More triples than one INSERT DATA batch and than the server's row cap."""
    store.add_graph(G1, triples(2500, "big"))
    assert len(store) == 2500 and len(list(store.quads(G1))) == 2500
    expected = sorted(f"big-{i}" for i in range(2500))
    # paged past the cap, an unordered answer and one whose order has ties come whole, each row once
    assert sorted(str(r[1]) for r in store.query(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}").rows) == expected
    tied = store.query(f"SELECT ?o ?k WHERE {{ ?s <{EX}p> ?o BIND(1 AS ?k) }} ORDER BY ?k")
    assert sorted(str(r[0]) for r in tied.rows) == expected
    ordered = store.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o")
    assert [str(r[0]) for r in ordered.rows] == sorted(f"big-{i}" for i in range(2500))


def test_serialize_gives_the_same_dataset_on_every_backend(store: Store) -> None:
    store.add_graph(G1, triples(3, "a"))
    store.add_graph(G2, triples(2, "b"))
    output = io.BytesIO()
    store.serialize(output, "nquads", {})
    expected = OxigraphStore(MEMORY)
    expected.add_graph(G1, triples(3, "a"))
    expected.add_graph(G2, triples(2, "b"))
    reference = io.BytesIO()
    expected.serialize(reference, "nquads", {})
    assert output.getvalue() == reference.getvalue()
    dataset = Dataset()
    dataset.parse(data=output.getvalue().decode(), format="nquads")
    assert isomorphic(dataset.graph(URIRef(G2)), dataset.graph(URIRef(G2)))


def test_invalid_sparql_raises_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="invalid SPARQL|answered 400"):
        store.query("SELEKT ?x WHERE {}")


def test_a_query_cannot_update(store: Store) -> None:
    store.add_graph(G1, triples(1, "a"))
    with pytest.raises(QueryError):
        store.query("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(store) == 1


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


def test_urls_open_remote_stores_with_credentials_kept_out_of_the_location() -> None:
    assert is_remote("http://localhost:8890/sparql") and not is_remote("kg-store")
    store = open_store("http://dba:secret@localhost:8890/sparql-auth", read_only=True)
    assert isinstance(store, RemoteStore)
    assert store.location == "http://localhost:8890/sparql-auth" and "secret" not in store.location


def test_an_unreachable_server_is_a_store_error() -> None:
    store = open_remote_store("http://127.0.0.1:9/sparql")
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        store.has_graph(G1)


def test_a_read_only_remote_store_refuses_writes() -> None:
    with pytest.raises(StoreError, match="read-only"):
        RemoteStore("http://127.0.0.1:9/sparql", read_only=True).add_graph(G1, triples(1, "a"))


@pytest.mark.parametrize(("sparql", "form"), [
    ("SELECT * {}", "select"),
    ("# comment\nPREFIX a: <http://a/>\nprefix : <http://b/> BASE <http://c/>\n ask {}", "ask"),
    ("PREFIX x: <http://x#>\nCONSTRUCT WHERE {}", "construct"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "insert"),
    ("", ""),
])
def test_query_form_reads_past_the_prologue(sparql: str, form: str) -> None:
    assert query_form(sparql) == form
    prologue, rest = split_prologue(sparql)
    assert prologue + rest == sparql


def test_blank_nodes_are_refused_with_a_reason() -> None:
    from rdflib import BNode

    with pytest.raises(StoreError, match="blank node"):
        term_syntax(BNode("b1"))


def test_a_new_store_may_live_in_a_new_folder(tmp_path: Path) -> None:
    store = open_store(tmp_path / "out" / "deeper" / "store")
    store.add_graph(G1, triples(1, "a"))
    assert len(store) == 1
