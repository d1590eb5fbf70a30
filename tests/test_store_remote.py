"""The remote store's writes are all or nothing, though a SPARQL server takes them in many requests.

A fault-injecting proxy on loopback stands between the store and a real Virtuoso and fails
update requests from a chosen one on: the store must then be as it was before the write, at once
or (when even the undo cannot reach the server) at the next write.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.errors import StoreError
from kg.pipeline import remove_article, store_graphs
from kg.store.remote import RemoteStore, paging_order

from . import virtuoso
from .corpus import corpus_graphs
from .test_store import virtuoso_store


@pytest.fixture
def proxy() -> Iterator[virtuoso.FaultyProxy]:
    server = virtuoso_store()  # skips (or fails under KG_CI=1) without Virtuoso; empties it
    faulty = virtuoso.FaultyProxy(server.query_url)
    yield faulty
    faulty.close()


def snapshot(store: RemoteStore) -> set[tuple[str, str, str, str]]:
    return {tuple(map(str, quad)) for quad in store.quads()}  # type: ignore[misc]


def journal_left(store: RemoteStore) -> bool:
    return bool(store.query(f"ASK {{ GRAPH <{store.journal}> {{ ?s ?p ?o }} }}").boolean)


def updates_of(proxy: virtuoso.FaultyProxy, write: object) -> int:
    before = proxy.updates
    write()  # type: ignore[operator]
    return proxy.updates - before


def test_a_failed_ingest_write_is_undone_at_once(proxy: virtuoso.FaultyProxy) -> None:
    store = RemoteStore(proxy.url, batch_triples=20)
    graphs = corpus_graphs()
    store_graphs(store, graphs[:2])
    before = snapshot(store)
    # how many requests the write of the last two articles takes, on a copy of the same state
    reference = RemoteStore(proxy.url, batch_triples=20)
    total = updates_of(proxy, lambda: store_graphs(reference, graphs[2:]))
    after_all = snapshot(reference)
    remove_article(reference, graphs[3][0].rsplit("/", 1)[-1])
    remove_article(reference, graphs[2][0].rsplit("/", 1)[-1])
    assert snapshot(reference) == before
    assert total > 6, total  # journal, several batches, the journal's drop
    for fail_at in (total // 3, total // 2, total - 2):
        proxy.fail_from, proxy.failures = proxy.updates + fail_at, 1  # one request fails, the undo goes through
        with pytest.raises(StoreError, match="503"):
            store_graphs(store, graphs[2:])
        proxy.heal()
        assert snapshot(store) == before, fail_at
        assert not journal_left(store)
    store_graphs(store, graphs[2:])
    assert snapshot(store) == after_all


def test_an_undo_that_cannot_reach_the_server_is_done_by_the_next_write(proxy: virtuoso.FaultyProxy) -> None:
    store = RemoteStore(proxy.url, batch_triples=20)
    graphs = corpus_graphs()
    store_graphs(store, graphs[:3])
    before = snapshot(store)
    total = updates_of(proxy, lambda: store_graphs(store, graphs[3:]))
    remove_article(store, graphs[3][0].rsplit("/", 1)[-1])
    proxy.fail_from = proxy.updates + total - 3  # the server "goes away" late in the write, and stays away
    with pytest.raises(StoreError, match="the next write to .* puts them back"):
        store_graphs(store, graphs[3:])
    proxy.heal()
    assert journal_left(store) and snapshot(store) != before  # half-written until someone writes again
    assert store.recover()
    assert snapshot(store) == before and not journal_left(store)
    assert not store.recover()


def test_a_failed_removal_leaves_the_article_and_its_descriptions(proxy: virtuoso.FaultyProxy) -> None:
    store = RemoteStore(proxy.url, batch_triples=20)
    graphs = corpus_graphs()
    store_graphs(store, graphs)
    before = snapshot(store)
    proxy.fail_from, proxy.failures = proxy.updates + 3, 1
    with pytest.raises(StoreError, match="503"):
        remove_article(store, graphs[2][0].rsplit("/", 1)[-1])
    proxy.heal()
    assert snapshot(store) == before and not journal_left(store)
    remove_article(store, graphs[2][0].rsplit("/", 1)[-1])
    assert graphs[2][0] not in store.graph_names()


@pytest.mark.parametrize("body, order, expected", [
    ("SELECT ?s ?o WHERE { ?s ?p ?o }", "", "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"),
    ("SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n)", "",
     "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) ?s ?n"),
    ("SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 5000", "", "SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 5000"),
    ("SELECT ?s ?o WHERE { ?s ?p ?o }", "?o", "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"),
])
def test_pages_of_an_answer_are_cut_from_onepaging_order(body: str, order: str, expected: str) -> None:
    """A server owes no two requests the same order of an unordered answer, so pages past its row
    cap are cut from an order with every answer variable as a tie-breaker."""
    assert paging_order(body, order, ["s", "o"] if "COUNT" not in body else ["s", "n"]) == expected
