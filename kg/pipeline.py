"""The pipeline: the one place that chains the stages.

source -> Article -> annotated document -> Facts -> triples -> store

Batch ingest streams: articles are read one at a time, those already in the
store are skipped by content hash before any NLP runs, the rest are extracted
(in worker processes with ``jobs`` > 1, through a bounded window so memory
stays flat whatever the input size) and written in transactions of many
articles. Only this process writes to the store.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from rdflib import URIRef

from kg.errors import InputError
from kg.extract.facts import extract_facts
from kg.extract.nlp import load_pipeline
from kg.graph.build import actor_iri, build_article_graph, event_iri, graph_iri
from kg.graph.describe import ingest_changes, removal_changes
from kg.graph.identity import store_lookup, unify_officials
from kg.graph.layout import ArticleLayout, is_article_graph, split_article
from kg.graph.merge import DEFAULT_MERGE, KnownEvent, MergeOptions, known_event, resolve_events
from kg.graph.migrate import check_layout
from kg.model import Country, Facts
from kg.sources.article import Article
from kg.sources.inputs import SourceOptions, read_article_file, read_sources
from kg.store.base import Store, Triple
from kg.store.embedded import serialize_quads

#: Articles written per store transaction.
BATCH_SIZE = 100
#: A batch is written after this many seconds even when not full, so an interrupted run loses little.
BATCH_SECONDS = 10.0
#: Articles sent to a worker process at a time.
CHUNK_SIZE = 4

Progress = Callable[[int], None]


@dataclass
class IngestSummary:
    """What one ingest did: counts and, for each failure, the input and the reason."""

    added: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C; what was extracted is stored, a new run carries on

    def line(self) -> str:
        return f"{self.added} added, {self.unchanged} unchanged, {len(self.failed)} failed"

    def as_dict(self) -> dict[str, object]:
        return {"added": self.added, "unchanged": self.unchanged, "failed": list(self.failed),
                "graphs": list(self.graphs), "interrupted": self.interrupted}


@dataclass(frozen=True)
class Extracted:
    """One article's facts (read in any process) and its named graph's name."""

    article: Article
    graph: str
    facts: Facts
    generated_at: datetime

    @property
    def triples(self) -> list[Triple]:
        """Everything the article says, without looking at the store."""
        return build_article_graph(self.article, self.facts, generated_at=self.generated_at)

    @property
    def layout(self) -> ArticleLayout:
        """The article's graph and its shares of description graphs, as `kg extract` writes them."""
        return split_article(self.graph, self.triples)


@dataclass(frozen=True)
class Failed:
    """An input that could not be read or extracted, and why (a one-line message naming it)."""

    message: str
    graph: str | None = None


def article_triples(article: Article, model: str | None = None, generated_at: datetime | None = None) -> list[Triple]:
    """Extract the facts of one article and build its graph (no store involved)."""
    return build_article_graph(article, extract_facts(article, model=model), generated_at=generated_at)


def extract_one(article: Article, model: str | None, generated_at: datetime) -> Extracted | Failed:
    """One article's graph, or the reason it has none; a bug on one article does not end a batch."""
    graph = graph_iri(article)
    try:
        return Extracted(article, graph, extract_facts(article, model=model), generated_at)
    except InputError as error:
        return Failed(str(error), graph)
    except Exception as error:  # noqa: BLE001 - reported by name, never hidden
        return Failed(f"{article.origin}: extraction failed ({type(error).__name__}: {error}); "
                      "please report this article", graph)


def extract_graphs(
    items: Iterable[Article | InputError], *, model: str | None = None, jobs: int = 1,
    generated_at: datetime | None = None,
) -> Iterator[Extracted | Failed]:
    """Each input's graph or failure, in input order; with ``jobs`` > 1 in worker processes.

    The spaCy pipeline is loaded before the first article, so a missing model
    is one InputError for the run, not one per article.
    """
    generated_at = generated_at or datetime.now(timezone.utc).replace(microsecond=0)
    if jobs > 1:
        yield from _extract_in_workers(items, model, jobs, generated_at)
        return
    loaded = False
    for item in items:
        if isinstance(item, InputError):
            yield Failed(str(item))
            continue
        if not loaded:
            load_pipeline(model)
            loaded = True
        yield extract_one(item, model, generated_at)


def _start_worker(model: str | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    with contextlib.suppress(InputError):  # raised again, where the parent sees it, by the first chunk
        load_pipeline(model)


def _extract_chunk(articles: list[Article], model: str | None, generated_at: datetime) -> list[Extracted | Failed]:
    load_pipeline(model)
    return [extract_one(article, model, generated_at) for article in articles]


def _extract_in_workers(
    items: Iterable[Article | InputError], model: str | None, jobs: int, generated_at: datetime
) -> Iterator[Extracted | Failed]:
    window: deque[Future[list[Extracted | Failed]] | list[Extracted | Failed]] = deque()
    chunk: list[Article] = []
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(model,))

    def submit() -> None:
        window.append(pool.submit(_extract_chunk, list(chunk), model, generated_at))
        chunk.clear()

    def take() -> list[Extracted | Failed]:
        first = window.popleft()
        return first if isinstance(first, list) else first.result()

    try:
        for item in items:
            if isinstance(item, InputError):
                if chunk:
                    submit()
                window.append([Failed(str(item))])
            else:
                chunk.append(item)
                if len(chunk) >= CHUNK_SIZE:
                    submit()
            while len(window) > 4 * jobs:
                yield from take()
        if chunk:
            submit()
        while window:
            yield from take()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest_articles(
    store: Store,
    items: Iterable[Article | InputError],
    *,
    model: str | None = None,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    on_progress: Progress | None = None,
    merge: MergeOptions = DEFAULT_MERGE,
) -> IngestSummary:
    """Add articles to the store in transactions of `batch_size`; skip those already there.

    Articles already in the store (or met earlier in this run) are counted
    unchanged before any NLP runs. Inputs that failed to read arrive as
    InputError and are counted, never raised, so one bad file does not stop a
    batch. On Ctrl-C the articles already extracted are written and the
    summary says ``interrupted``; a second run resumes where this one stopped.
    """
    summary = IngestSummary()
    pending: set[str] = set()  # graphs extracted or in flight, not yet written
    batch: list[Extracted] = []
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if on_progress is not None:
            on_progress(done)

    def new_only() -> Iterator[Article | InputError]:
        for item in items:
            if isinstance(item, Article):
                graph = graph_iri(item)
                if graph in pending or store.has_graph(graph):
                    summary.unchanged += 1
                    tick()
                    continue
                pending.add(graph)
            yield item

    check_layout(store)
    resolver = Resolver(store, merge)

    def write() -> None:
        if batch:
            layouts = [split_article(graph, triples) for graph, triples in resolver.graphs(batch)]
            store.apply(ingest_changes(store, layouts))  # articles and descriptions in one transaction
            summary.added += len(batch)
            summary.graphs.extend(extracted.graph for extracted in batch)
            pending.difference_update(extracted.graph for extracted in batch)
            batch.clear()

    last_write = time.monotonic()
    try:
        for outcome in extract_graphs(new_only(), model=model, jobs=jobs):
            if isinstance(outcome, Failed):
                summary.failed.append(outcome.message)
                pending.discard(outcome.graph or "")
            else:
                batch.append(outcome)
                if len(batch) >= batch_size or time.monotonic() - last_write > BATCH_SECONDS:
                    write()
                    last_write = time.monotonic()
            tick()
    except KeyboardInterrupt:
        summary.interrupted = True
    write()
    store.flush()
    return summary


def store_graphs(store: Store, graphs: Iterable[tuple[str, list[Triple]]]) -> None:
    """Write article graphs built by :func:`~kg.graph.build.build_article_graph` in the store's
    layout (their own graphs and their shares of description graphs), in one transaction."""
    store.apply(ingest_changes(store, [split_article(graph, triples) for graph, triples in graphs]))


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | None = None,
    jobs: int = 1,
    options: SourceOptions | None = None,
    on_progress: Progress | None = None,
    merge: MergeOptions = DEFAULT_MERGE,
) -> IngestSummary:
    """Ingest files, directories (recursively), globs, URLs and '-' (stdin)."""
    return ingest_articles(store, read_sources(paths, options), model=model, jobs=jobs, on_progress=on_progress,
                           merge=merge)


def extract_to_nquads(
    paths: Iterable[str | os.PathLike[str]],
    output: BinaryIO,
    *,
    model: str | None = None,
    jobs: int = 1,
    options: SourceOptions | None = None,
    on_progress: Progress | None = None,
) -> IngestSummary:
    """Write each article's named graph as N-Quads (sorted within the graph), no store involved.

    The graphs are those ``ingest`` would write, so the output loads into any
    store or SPARQL server as the same knowledge graph.
    """
    summary = IngestSummary()
    outcomes = extract_graphs(read_sources(paths, options), model=model, jobs=jobs)
    try:
        for done, outcome in enumerate(outcomes, start=1):
            if isinstance(outcome, Failed):
                summary.failed.append(outcome.message)
            else:
                quads = ((s, p, o, URIRef(graph)) for graph, triples in outcome.layout.graphs() for s, p, o in triples)
                serialize_quads(quads, output, "nquads", {})
                output.flush()
                summary.added += 1
            if on_progress is not None:
                on_progress(done)
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary


def remove_article(store: Store, article: str) -> str:
    """Drop one article's graph, named by its file, graph or article IRI, content hash or hash prefix."""
    check_layout(store)
    graphs = [g for g in store.graph_names() if is_article_graph(g)]
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
    # its graph, and the descriptions only it referred to, in one transaction; the officials and
    # events it spoke of are described again from the other articles
    store.apply(removal_changes(store, matches[0]))
    store.flush()
    return matches[0]


class Resolver:
    """Builds a batch's graphs against what the store (and the batch so far) already knows:
    surname-only officials take the identity of the one known official they name, and
    reports of events already known join them (kg.graph.identity, kg.graph.merge)."""

    def __init__(self, store: Store, merge: MergeOptions) -> None:
        self.store = store
        self.merge = merge
        self.stored = store_lookup(store)

    def graphs(self, batch: list[Extracted]) -> list[tuple[str, list[Triple]]]:
        out: list[tuple[str, list[Triple]]] = []
        batch_known: list[KnownEvent] = []
        batch_officials: list[tuple[str, str, str | None, str | None]] = []  # name, key, qid, country

        def lookup(surname: str, country: str | None) -> list[tuple[str, str, str | None]]:
            found = self.stored(surname, country)
            found += [(name, key, qid) for name, key, qid, of in batch_officials
                      if name.lower().endswith(" " + surname.lower()) and (country is None or of == country)]
            return found

        for extracted in batch:
            facts = unify_officials(extracted.facts, lookup)
            for official in facts.officials:
                of = next((p.of.iso for p in facts.posts if p.official == official and isinstance(p.of, Country)),
                          None)
                batch_officials.append((official.name, str(actor_iri(official)).rsplit("/", 1)[-1], official.qid,
                                        of))
            officials = {o: str(actor_iri(o)) for o in facts.officials}
            matches = resolve_events(self.store, facts, officials, self.merge, batch_known,
                                     extracted.article.published)
            known = {index: (m.event, m.reason()) for index, m in matches.items()}
            out.append((extracted.graph, build_article_graph(extracted.article, facts,
                                                             generated_at=extracted.generated_at,
                                                             known_events=known)))
            for index, event in enumerate(facts.events):
                iri = known[index][0] if index in known else str(event_iri(extracted.article, event))
                batch_known.append(known_event(iri, event, facts, officials, extracted.article.published))
        return out
