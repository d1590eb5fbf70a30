"""The pipeline: the one place that chains the stages.

source -> Article -> annotated document -> Facts -> triples -> store

Batch ingest streams: articles are read one at a time, those already in the
store are skipped by content hash before any NLP runs, the rest are extracted
(in worker processes with ``jobs`` > 1, through a bounded window so memory
stays flat whatever the input size) and written in transactions of many
articles. Only this process writes to the store.

Commit points: each batch is one change to the store (:meth:`Store.apply`): its
article graphs, their shares of the description graphs and the summaries of the
merged events they report (kg.graph.describe), so a run killed anywhere leaves
whole batches, each with its summaries, and nothing of the rest. The embedded
store commits a change in one transaction; a SPARQL server takes it in many
requests, journalled, and a change cut off half-way is undone by the next run
(or ``kg validate --repair``) before it reads anything. A removal is one change
too. Ctrl-C and SIGTERM stop a run between commits, never inside one; workers
die with this process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO

from rdflib import URIRef

from kg.errors import InputError, KgError, StoreError
from kg.extract.facts import extract_facts
from kg.extract.nlp import load_pipeline
from kg.graph.build import actor_iri, build_article_graph, event_iri, graph_iri
from kg.graph.describe import ingest_changes, removal_changes
from kg.graph.identity import store_lookup, unify_officials
from kg.graph.layout import ArticleLayout, is_article_graph, split_article
from kg.graph.merge import DEFAULT_MERGE, KnownEvent, MergeOptions, known_event, resolve_events
from kg.graph.migrate import check_layout
from kg.model import Country, Facts
from kg.processes import die_with_parent, ignore_stop_signals, terminate_as_interrupt, uninterrupted
from kg.sources.article import Article
from kg.sources.inputs import SourceOptions, read_article_file, read_sources
from kg.sources.watch import Poll, Stop, Watcher, default_state_path, stop_on_signals
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
    interrupted: bool = False  # stopped by Ctrl-C or SIGTERM; what was extracted is stored, a new run carries on
    repaired: bool = False  # a change an interrupted run left half-made on a SPARQL server was undone first

    def line(self) -> str:
        repaired = "; first undid the half-made write of an interrupted run" if self.repaired else ""
        return f"{self.added} added, {self.unchanged} unchanged, {len(self.failed)} failed{repaired}"

    def as_dict(self) -> dict[str, object]:
        return {"added": self.added, "unchanged": self.unchanged, "failed": list(self.failed),
                "graphs": list(self.graphs), "interrupted": self.interrupted, "repaired": self.repaired}


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
        return Extracted(article, graph, extract_facts(_datable(article), model=model), generated_at)
    except InputError as error:
        return Failed(str(error), graph)
    except Exception as error:  # noqa: BLE001 - reported by name, never hidden
        return Failed(f"{article.origin}: extraction failed ({type(error).__name__}: {error}); "
                      "please report this article", graph)


#: Publication dates far enough from the calendar's ends to count days, weeks and years from
#: ("tomorrow", "next week", "last year"): outside them, relative days are left unresolved.
DATABLE = (date(2, 1, 1), date(9998, 12, 31))


def _datable(article: Article) -> Article:
    """The article as the extractor reads it: a publication date at the calendar's very ends
    (9999-12-31, 0001-01-01) is kept in the graph but not counted from, so 'tomorrow' is no
    overflow that loses the article, only a day not resolved."""
    published = article.published
    if published is None or DATABLE[0] <= published <= DATABLE[1]:
        return article
    return dataclasses.replace(article, published=None)


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


def _start_worker(model: str | None, parent: int, kernel_signal: bool) -> None:
    die_with_parent(parent, kernel_signal)  # a killed ingest leaves no worker behind
    ignore_stop_signals()  # the parent handles Ctrl-C and SIGTERM and stops the pool
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
    # the kernel's parent-death signal follows the thread that starts the workers (the one calling
    # submit), so it is asked for only when that is the main thread, which lives as long as we do
    main = threading.current_thread() is threading.main_thread()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(model, os.getpid(), main))

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
    except BrokenProcessPool:
        raise KgError("an extraction worker died (killed by the system, perhaps for memory); what was "
                      "extracted is stored: run the same command again to carry on") from None
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
    batch. On Ctrl-C or SIGTERM the articles already extracted are written and
    the summary says ``interrupted``; a second run resumes where this one
    stopped. Any other exception is raised after the articles extracted so far
    are written. A change an interrupted run left half-made is undone first.
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

    summary.repaired = store.recover()  # a write a killed run left half-made is undone before anything is read
    check_layout(store)
    resolver = Resolver(store, merge)

    def write() -> None:
        if not batch:
            return
        with uninterrupted():  # a Ctrl-C or SIGTERM meanwhile stops the run once the batch is committed
            graphs, failures = resolver.graphs(batch)
            refused = commit_batch(store, graphs)
            for extracted in batch:
                if extracted.graph in failures:
                    summary.failed.append(failures[extracted.graph])
                elif extracted.graph in refused:
                    summary.failed.append(f"{extracted.article.origin}: the store refused its graph "
                                          f"({refused[extracted.graph]})")
                else:
                    summary.added += 1
                    summary.graphs.append(extracted.graph)
            pending.difference_update(extracted.graph for extracted in batch)
            batch.clear()

    last_write = time.monotonic()
    try:
        with terminate_as_interrupt():
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
    except BaseException:
        with contextlib.suppress(Exception):  # keep what was extracted; the first error is the one to report
            write()
            store.flush()
        raise
    try:
        write()
    except KeyboardInterrupt:  # a second Ctrl-C: the batch is committed all the same, then the run stops
        summary.interrupted = True
    store.flush()
    return summary


def commit_batch(store: Store, graphs: list[tuple[str, list[Triple]]]) -> dict[str, str]:
    """Write a batch's article graphs in the store's layout; for each graph the store refused, why.

    One change holds everything the batch brings: the article graphs, their shares of the
    description graphs, and the new summaries of the merged events they report (kg.graph.describe),
    so a run killed anywhere leaves each batch with its summaries or neither. Should the store
    refuse the change for its data (not for the store itself: a full disk or a lock is a
    StoreError, raised), each article is written alone, so one bad graph costs only itself.
    """
    layouts = [split_article(graph, triples) for graph, triples in graphs]
    refused: dict[str, str] = {}
    try:
        store.apply(ingest_changes(store, layouts))
    except StoreError:
        raise
    except Exception:  # noqa: BLE001 - a term the store cannot take: find the article that holds it
        for layout in layouts:
            try:
                store.apply(ingest_changes(store, [layout]))
            except StoreError:
                raise
            except Exception as error:  # noqa: BLE001 - that article's own failure
                refused[layout.graph] = f"{type(error).__name__}: {' '.join(str(error).split())[:200]}"
    return refused


def store_graphs(store: Store, graphs: Iterable[tuple[str, list[Triple]]]) -> None:
    """Write article graphs built by :func:`~kg.graph.build.build_article_graph` in the store's
    layout (their own graphs and their shares of description graphs), in one change."""
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


def article_nquads(extracted: Extracted) -> bytes:
    """One article's graph and its shares of the description graphs as N-Quads, sorted: the
    bytes ``kg extract`` writes for it, wherever (in whichever process) it was extracted."""
    quads = ((s, p, o, URIRef(graph)) for graph, triples in extracted.layout.graphs() for s, p, o in triples)
    buffer = io.BytesIO()
    serialize_quads(quads, buffer, "nquads", {})
    return buffer.getvalue()


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
        with terminate_as_interrupt():
            for done, outcome in enumerate(outcomes, start=1):
                if isinstance(outcome, Failed):
                    summary.failed.append(outcome.message)
                else:
                    output.write(article_nquads(outcome))
                    output.flush()
                    summary.added += 1
                if on_progress is not None:
                    on_progress(done)
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary


def remove_article(store: Store, article: str) -> str:
    """Drop one article's graph, named by its file, graph or article IRI, content hash or hash prefix."""
    store.recover()
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
    # its graph, and the descriptions only it referred to, in one change; the officials and events it
    # spoke of are described again from the other articles, and the summaries of its merged events
    # recomputed from the reports left
    with uninterrupted():
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

    def graphs(self, batch: list[Extracted]) -> tuple[list[tuple[str, list[Triple]]], dict[str, str]]:
        """The batch's graphs, and for each article whose graph could not be built, why."""
        out: list[tuple[str, list[Triple]]] = []
        failures: dict[str, str] = {}
        batch_known: list[KnownEvent] = []
        batch_officials: list[tuple[str, str, str | None, str | None]] = []  # name, key, qid, country

        def lookup(surname: str, country: str | None) -> list[tuple[str, str, str | None]]:
            found = self.stored(surname, country)
            found += [(name, key, qid) for name, key, qid, of in batch_officials
                      if name.lower().endswith(" " + surname.lower()) and (country is None or of == country)]
            return found

        for extracted in batch:
            try:
                facts = unify_officials(extracted.facts, lookup)
                officials = {o: str(actor_iri(o)) for o in facts.officials}
                matches = resolve_events(self.store, facts, officials, self.merge, batch_known,
                                         extracted.article.published)
                known = {index: (m.event, m.reason()) for index, m in matches.items()}
                triples = build_article_graph(extracted.article, facts, generated_at=extracted.generated_at,
                                              known_events=known)
            except KgError:
                raise  # the store failed: the whole batch waits for the next run
            except Exception as error:  # noqa: BLE001 - a bug on one article does not cost the batch
                failures[extracted.graph] = (f"{extracted.article.origin}: building its graph failed "
                                             f"({type(error).__name__}: {error}); please report this article")
                continue
            out.append((extracted.graph, triples))
            for official in facts.officials:
                of = next((p.of.iso for p in facts.posts if p.official == official and isinstance(p.of, Country)),
                          None)
                batch_officials.append((official.name, str(actor_iri(official)).rsplit("/", 1)[-1], official.qid,
                                        of))
            for index, event in enumerate(facts.events):
                iri = known[index][0] if index in known else str(event_iri(extracted.article, event))
                batch_known.append(known_event(iri, event, facts, officials, extracted.article.published))
        return out, failures


def watch_feeds(
    store: Store,
    sources: Iterable[str],
    *,
    every: float,
    state_path: str | os.PathLike[str] | None = None,
    once: bool = False,
    timeout: float = 20.0,
    allow_private: bool = False,
    model: str | None = None,
    merge: MergeOptions = DEFAULT_MERGE,
    log: Callable[[str], None] | None = None,
) -> list[Poll]:
    """Poll feeds and pages every `every` seconds and ingest their new items (kg.sources.watch).

    Stops cleanly on SIGINT or SIGTERM: the article being read is finished and written,
    the state is saved, and the polls so far are returned. With `once`, polls each feed once.
    """
    stop = Stop()
    watcher = Watcher(sources, state_path or default_state_path(store.location), every, timeout=timeout,
                      allow_private=allow_private, log=log, stop=stop)

    def ingest(items: Iterable[Article | InputError]) -> tuple[int, int, list[str]]:
        summary = ingest_articles(store, items, model=model, merge=merge)
        if summary.interrupted:  # ingest took the signal itself (it stops at a whole article): stop too
            stop()
        return summary.added, summary.unchanged, summary.failed

    with stop_on_signals(stop):
        return watcher.run(ingest, lambda article: store.has_graph(graph_iri(article)), once=once)
