"""Batch ingest: skipping before NLP, transactions of many articles, resume, failures that do not stop a batch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kg.pipeline as pipeline
from kg.errors import InputError
from kg.graph.build import graph_iri
from kg.graph.layout import is_article_graph
from kg.pipeline import IngestSummary, extract_graphs, ingest_articles
from kg.sources.article import Article, make_article
from kg.store import open_store
from kg.store.embedded import OxigraphStore

TEXTS = [
    "President Biden spoke today with Chancellor Olaf Scholz of Germany.",
    "Secretary of State Antony J. Blinken met today with Ukrainian Foreign Minister Dmytro Kuleba.",
    "This week we celebrate the national parks and the rangers who care for them.",
    "Prime Minister Kishida of Japan visited Washington and met President Biden.",
    "The Secretary spoke with Foreign Minister Le Drian of France about Ukraine.",
    "Spring is here and the gardens are open to visitors every afternoon.",
]


def article_graphs(store: OxigraphStore) -> list[str]:
    return [g for g in store.graph_names() if is_article_graph(g)]


def articles() -> list[Article]:
    return [make_article(text, title=f"Item {n}", origin=f"dump.jsonl:{n}") for n, text in enumerate(TEXTS, 1)]


class Writes:
    """Counts the store transactions an ingest makes."""

    def __init__(self, store: OxigraphStore) -> None:
        self.sizes: list[int] = []
        original = store.add_graphs

        def add_graphs(graphs):  # type: ignore[no-untyped-def]
            graphs = list(graphs)
            self.sizes.append(len([g for g, _ in graphs if is_article_graph(g)]))
            original(graphs)

        store.add_graphs = add_graphs  # type: ignore[method-assign]


def test_articles_are_written_in_transactions_of_many() -> None:
    store = open_store(":memory:")
    writes = Writes(store)  # type: ignore[arg-type]
    summary = ingest_articles(store, articles(), batch_size=4)
    assert summary.line() == "6 added, 0 unchanged, 0 failed"
    assert writes.sizes == [4, 2]
    assert article_graphs(store) == sorted(graph_iri(a) for a in articles())


def test_known_articles_are_skipped_before_any_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(":memory:")
    ingest_articles(store, articles()[:3])
    seen: list[str] = []
    real = pipeline.extract_facts
    monkeypatch.setattr(pipeline, "extract_facts",
                        lambda article, **kw: seen.append(article.body) or real(article, **kw))
    summary = ingest_articles(store, articles() + articles()[:1])
    assert summary.line() == "3 added, 4 unchanged, 0 failed"
    assert seen == TEXTS[3:]  # neither the stored ones nor the repeat met the extractor


def test_read_errors_and_extraction_bugs_are_reported_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract_facts

    def flaky(article: Article, **kw):  # type: ignore[no-untyped-def]
        if "national parks" in article.body:
            raise IndexError("list index out of range")
        return real(article, **kw)

    monkeypatch.setattr(pipeline, "extract_facts", flaky)
    store = open_store(":memory:")
    items: list[Article | InputError] = [*articles()[:3], InputError("dump.jsonl:9: not valid JSON")]
    summary = ingest_articles(store, items)
    assert summary.failed == [
        "dump.jsonl:3: extraction failed (IndexError: list index out of range); please report this article",
        "dump.jsonl:9: not valid JSON",
    ]
    assert summary.added == 2 and len(article_graphs(store)) == 2
    monkeypatch.setattr(pipeline, "extract_facts", real)
    assert ingest_articles(store, articles()[:3]).line() == "1 added, 2 unchanged, 0 failed"  # the failed one retried


def test_ctrl_c_keeps_what_was_extracted_and_a_second_run_resumes(tmp_path: Path) -> None:
    def interrupted() -> Iterator[Article]:
        yield from articles()[:3]
        raise KeyboardInterrupt

    store = open_store(tmp_path / "store")
    first = ingest_articles(store, interrupted(), batch_size=100)
    assert first.interrupted and first.added == 3
    second = ingest_articles(store, articles())
    assert second.line() == "3 added, 3 unchanged, 0 failed" and not second.interrupted


def test_a_crash_leaves_only_whole_batches_and_a_second_run_completes(tmp_path: Path) -> None:
    def crashing() -> Iterator[Article]:
        yield from articles()[:5]
        raise RuntimeError("disk on fire")

    store = open_store(tmp_path / "store")
    with pytest.raises(RuntimeError):
        ingest_articles(store, crashing(), batch_size=2)
    assert len(article_graphs(store)) == 5  # whole transactions, and the fifth article is kept, not lost
    assert ingest_articles(store, articles(), batch_size=2).line() == "1 added, 5 unchanged, 0 failed"


def test_a_missing_model_stops_the_run_once() -> None:
    store = open_store(":memory:")
    with pytest.raises(InputError, match="spaCy pipeline 'no_such_model' is not installed"):
        ingest_articles(store, articles(), model="no_such_model")
    assert article_graphs(store) == []


def test_extract_graphs_keeps_input_order_with_errors() -> None:
    items: list[Article | InputError] = [articles()[0], InputError("x: broken"), articles()[2]]
    kinds = [type(outcome).__name__ for outcome in extract_graphs(items)]
    assert kinds == ["Extracted", "Failed", "Extracted"]


def test_summary_line() -> None:
    assert IngestSummary(added=2, unchanged=1, failed=["a"]).line() == "2 added, 1 unchanged, 1 failed"
