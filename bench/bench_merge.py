#!/usr/bin/env python3
"""Ingest speed with and without merging reports of one event across articles, and as the store grows.

    .venv/bin/python bench/bench_merge.py [--items 300]
    .venv/bin/python bench/bench_merge.py --scale 1000,5000,20000 [--cache /tmp/base.nq]

Extraction is done once; both runs then build and write the same articles into
fresh stores, so the ratio isolates what merging (and identity lookups) cost.

With --scale, a store on disk is grown (bulk articles replicated under new IRIs and
dates, bench/replicate.py, rollups computed) to each number of articles in turn, and the
same --batches batches of 100 other bulk articles are built against it (identity and
merge lookups) and written (layout, summaries, rollups), then removed again; the time
per 100 articles at each size is printed with its ratio to the first size, measured in
the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.extract.facts import extract_facts  # noqa: E402
from kg.graph.build import graph_iri  # noqa: E402
from kg.graph.describe import removal_changes  # noqa: E402
from kg.graph.identity import repair_name_keys  # noqa: E402
from kg.graph.merge import MergeOptions  # noqa: E402
from kg.graph.rollup import repair_rollups  # noqa: E402
from kg.pipeline import Extracted, Resolver, commit_batch  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.store.base import MEMORY  # noqa: E402
from kg.store.embedded import OxigraphStore  # noqa: E402

GENERATED = datetime(2025, 1, 1)


def _extracted(articles: list) -> list[Extracted]:
    return [Extracted(a, graph_iri(a), extract_facts(a), GENERATED) for a in articles]


def merge_cost(items: int) -> None:
    from replicate import bulk_articles

    articles = bulk_articles(items)
    start = time.perf_counter()
    extracted = _extracted(articles)
    extraction = time.perf_counter() - start
    timings = {}
    for name, options in (("no merge", MergeOptions(enabled=False)), ("merge", MergeOptions())):
        store = open_store(MEMORY)
        resolver = Resolver(store, options)
        start = time.perf_counter()
        for offset in range(0, len(extracted), 100):
            batch = extracted[offset:offset + 100]
            graphs, _ = resolver.graphs(batch)
            commit_batch(store, graphs)  # as ingest writes them: the layout, summaries included
        timings[name] = time.perf_counter() - start
    events = sum(len(e.facts.events) for e in extracted)
    print(f"{len(articles)} articles, {events} events; extraction {extraction:.1f} s")
    print(f"{'build + write':<16}{'seconds':>9}{'of whole ingest':>18}")
    for name, seconds in timings.items():
        print(f"{name:<16}{seconds:>9.2f}{(extraction + seconds) / (extraction + timings['no merge']):>17.3f}x")


def scale(sizes: list[int], batches: int, base_count: int, cache: Path | None, shift: int = 45) -> None:
    from replicate import base_store, bulk_articles, replica

    base = base_store(base_count, cache)
    per_replica = len({str(g) for *_, g in base if "/id/graph/" in str(g) and str(g).count("/") == 6})
    fresh = _extracted(bulk_articles(100 * batches, skip=1, every=3))  # none of them is in the base
    print(f"base: {per_replica} articles, {len(base)} quads a replica; {len(fresh)} other articles to ingest",
          flush=True)
    results: list[tuple[int, int, list[float]]] = []
    with tempfile.TemporaryDirectory() as directory:
        store = OxigraphStore(Path(directory) / "store")
        replicas = 0
        for size in sizes:
            while replicas * per_replica < size:
                store.add_graphs(replica(base, replicas, shift))
                replicas += 1
            started = time.perf_counter()
            repair_name_keys(store)  # as kg migrate: a replica's names ("Joe Biden-12") may need keys of their own
            repair_rollups(store)
            store.flush()
            quads = len(store)
            print(f"{replicas * per_replica} articles ({quads} quads); rollups in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
            samples = []
            written: list[str] = []
            for number in range(batches):
                batch = fresh[number * 100:(number + 1) * 100]
                started = time.perf_counter()
                graphs, _ = Resolver(store, MergeOptions()).graphs(batch)
                commit_batch(store, graphs)
                samples.append(time.perf_counter() - started)
                written += [graph for graph, _ in graphs]
                print(f"  batch {number + 1}: {samples[-1]:.2f} s per 100 articles", flush=True)
            for graph in written:  # the next size measures the same batches again
                store.apply(removal_changes(store, graph))
            results.append((replicas * per_replica, quads, samples))
    first = statistics.mean(results[0][2])
    print(f"\ningest (build against the store + write) of the same {batches} x 100 bulk articles, by store size")
    print(f"{'articles':>9}{'quads':>10}{'s / 100':>9}{'ratio':>8}")
    for articles, quads, samples in results:
        mean = statistics.mean(samples)
        print(f"{articles:>9}{quads:>10}{mean:>9.2f}{mean / first:>7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--scale", help="store sizes in articles, e.g. 1000,5000,20000")
    parser.add_argument("--batches", type=int, default=2, help="batches of 100 articles timed at each size")
    parser.add_argument("--base", type=int, default=400, help="bulk articles to replicate (default 400)")
    parser.add_argument("--cache", type=Path, help="keep (and reuse) the ingested bulk articles here, as N-Quads")
    parser.add_argument("--shift", type=int, default=45, help="days each copy moves past the last (default 45)")
    args = parser.parse_args()
    if args.scale:
        scale([int(n) for n in args.scale.split(",")], args.batches, args.base, args.cache, args.shift)
    else:
        merge_cost(args.items)


if __name__ == "__main__":
    main()
