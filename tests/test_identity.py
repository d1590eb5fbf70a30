"""One person, one node across articles, however each article names them."""

from __future__ import annotations

from kg.pipeline import ingest_articles
from kg.query.run import run_query
from kg.sources.article import make_article
from kg.store import open_store
from kg.store.base import MEMORY


def officials(store: object) -> set[str]:
    rows = run_query(store, "SELECT DISTINCT ?o WHERE { ?o a diplo:Official ; rdfs:label ?l . "  # type: ignore[arg-type]
                            "FILTER(CONTAINS(?l, 'Holloway')) }").rows
    return {str(row[0]) for row in rows}


def test_surname_only_mention_joins_the_known_official() -> None:
    store = open_store(MEMORY)
    first = make_article("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today.",
                         url="https://www.state.gov/a/", published="2025-07-11")
    second = make_article("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.",
                          url="https://www.state.gov/b/", published="2025-07-12")
    ingest_articles(store, [first, second])
    [node] = officials(store)
    labels = {str(r[0]) for r in run_query(store, f"SELECT ?l WHERE {{ <{node}> rdfs:label ?l }}").rows}
    assert labels == {"Marcus Holloway"}
    calls = run_query(store, f"ASK {{ ?e a diplo:PhoneCall ; diplo:participant <{node}> }}")
    assert calls.boolean is True


def test_two_people_of_one_surname_stay_apart() -> None:
    store = open_store(MEMORY)
    ingest_articles(store, [
        make_article("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today.",
                     url="https://www.state.gov/a/", published="2025-07-11"),
        make_article("US Ambassador Carla Holloway met Foreign Minister Wang Yi of China today.",
                     url="https://www.state.gov/c/", published="2025-07-11"),
        make_article("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.",
                     url="https://www.state.gov/b/", published="2025-07-12"),
    ])
    assert len(officials(store)) == 3  # ambiguous: the surname-only mention keeps its own node
