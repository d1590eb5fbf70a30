#!/usr/bin/env python3
"""Ingest speed with and without merging reports of one event across articles.

    .venv/bin/python bench/bench_merge.py [--items 300]

Extraction is done once; both runs then build and write the same articles into
fresh stores, so the ratio isolates what merging (and identity lookups) cost.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from kg.extract.facts import extract_facts
from kg.graph.build import graph_iri
from kg.graph.merge import MergeOptions
from kg.pipeline import Extracted, Resolver, commit_batch
from kg.sources.article import make_article
from kg.store import open_store
from kg.store.base import MEMORY

BULK = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bulk" / "whitehouse-statements.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=300)
    args = parser.parse_args()
    articles = []
    with gzip.open(BULK, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            articles.append(make_article(item["text"], title=item["title"], url=item["url"],
                                         published=item["date"][:10]))
            if len(articles) >= args.items:
                break
    start = time.perf_counter()
    extracted = [Extracted(a, graph_iri(a), extract_facts(a), __import__("datetime").datetime(2025, 1, 1))
                 for a in articles]
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


if __name__ == "__main__":
    main()
