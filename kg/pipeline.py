"""The pipeline: the one place that chains the stages.

source -> Article -> annotated document -> Facts -> triples -> store
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kg.article import Article
from kg.build import build_article_graph, graph_iri
from kg.errors import InputError
from kg.extract import extract_facts
from kg.sources import read_article_file, read_sources
from kg.store import OxigraphStore, Triple


@dataclass
class IngestSummary:
    """What one ingest did: counts and, for each failure, the input and the reason."""

    added: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.added} added, {self.unchanged} unchanged, {len(self.failed)} failed"


def article_triples(article: Article, model: str | None = None, generated_at: datetime | None = None) -> list[Triple]:
    """Extract the facts of one article and build its graph (no store involved)."""
    return build_article_graph(article, extract_facts(article, model=model), generated_at=generated_at)


def ingest_articles(
    store: OxigraphStore,
    items: Iterable[Article | InputError],
    *,
    model: str | None = None,
    on_progress: Callable[[Article | InputError], None] | None = None,
) -> IngestSummary:
    """Add articles to the store, one transaction per article; skip those already there.

    Inputs that failed to read arrive as InputError and are counted, never raised,
    so one bad file does not stop a batch.
    """
    summary = IngestSummary()
    for item in items:
        if isinstance(item, InputError):
            summary.failed.append(str(item))
        else:
            graph = graph_iri(item)
            if store.has_graph(graph):
                summary.unchanged += 1
            else:
                try:
                    store.add_graph(graph, article_triples(item, model=model))
                except InputError as error:
                    summary.failed.append(str(error))
                else:
                    summary.added += 1
                    summary.graphs.append(graph)
        if on_progress is not None:
            on_progress(item)
    store.flush()
    return summary


def ingest_paths(
    store: OxigraphStore,
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | None = None,
    on_progress: Callable[[Article | InputError], None] | None = None,
) -> IngestSummary:
    """Ingest files, directories (recursively) and '-' (stdin)."""
    return ingest_articles(store, read_sources(paths), model=model, on_progress=on_progress)


def remove_article(store: OxigraphStore, article: str) -> str:
    """Drop one article's graph, named by its file, graph or article IRI, content hash or hash prefix."""
    graphs = store.graph_names()
    key = article.strip()
    if os.path.isfile(key):
        key = read_article_file(Path(key)).content_hash
    elif key.startswith("http"):
        key = key.rstrip("/").rsplit("/", 1)[-1]
    matches = [g for g in graphs if g.rsplit("/", 1)[-1].startswith(key)] if len(key) >= 6 else []
    if not matches:
        raise InputError(f"{article}: no article with this id in the store "
                         "(give its file, its content hash, or a prefix of 6+ characters)")
    if len(matches) > 1:
        raise InputError(f"{article}: matches {len(matches)} articles; give more of the hash")
    store.remove_graph(matches[0])
    store.flush()
    return matches[0]
