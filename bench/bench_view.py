"""Benchmark the graph page: HTML size and time to a settled layout in headless Chromium.

    .venv/bin/python bench/bench_view.py            # 500, 5,000 and 20,000 nodes
    .venv/bin/python bench/bench_view.py 1000 8000  # other sizes

Each synthetic graph goes through the real path: generated articles' facts
are built into article graphs by kg.graph.build, written with the store's
add_graph (an Oxigraph store in memory), read back by SPARQL and rendered by
kg.view; the page is then opened from a file in headless Chromium, which
reports when the layout has settled (physics stabilised, then frozen).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from itertools import product
from pathlib import Path

from kg.graph.build import build_article_graph, graph_iri
from kg.model import Agreement, Country, Event, Evidence, Facts, Official, Organization, Post
from kg.sources.article import Article
from kg.store import open_store
from kg.store.embedded import OxigraphStore
from kg.view.browser import Browser
from kg.view.page import ViewOptions, write_graph_page

KINDS = ("Meeting", "Meeting", "Meeting", "Visit", "PhoneCall", "Statement")
STATUSES = ("occurred", "occurred", "occurred", "planned", "cancelled")
TITLES = ("Foreign Minister", "President", "Prime Minister", "Ambassador", "Deputy Foreign Minister")
EVENTS_PER_ARTICLE = 4
STAMP = datetime(2025, 1, 1, tzinfo=timezone.utc)


def synthetic_store(nodes: int, seed: int = 1) -> OxigraphStore:
    """An in-memory store whose view has about `nodes` nodes: officials, countries, organisations, events."""
    rng = random.Random(seed)
    codes = ["".join(pair) for pair in product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2)]
    countries = [Country(code, f"Country {code}") for code in codes[: max(4, min(400, nodes // 25))]]
    organizations = [Organization(f"org-{i}", f"Organisation {i}") for i in range(max(1, nodes // 200))]
    officials = [Official(f"Official {i:05d}", f"official-{i}") for i in range(max(4, nodes // 4))]
    owner = {person: rng.choice(countries) for person in officials}
    items = max(1, nodes - len(countries) - len(organizations) - len(officials))
    store = open_store(":memory:")
    graphs = []
    for number in range((items + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE):
        sentence = f"Synthetic article {number}: officials met and talked."
        evidence = Evidence(sentence, 0, len(sentence))
        day = date(2021, 1, 1) + timedelta(days=rng.randrange(1800))
        article = Article(body=f"{sentence} #{seed}-{number}", title=f"Synthetic article {number}",
                          url=f"https://example.org/articles/{number}", published=day)
        events, agreements, posts = [], [], []
        for slot in range(EVENTS_PER_ARTICLE):
            people = tuple(rng.sample(officials, 2 + (rng.random() < 0.3)))
            posts.extend(Post(p, rng.choice(TITLES), owner[p], evidence) for p in people)
            if slot == 0 and rng.random() < 0.2:
                parties = (owner[people[0]], owner[people[1]])
                agreements.append(Agreement(f"Agreement {number}", parties, rng.choice(STATUSES), evidence,
                                            signatories=people[:2], date=day))
                continue
            extra = (rng.choice(organizations),) if rng.random() < 0.1 else ()
            events.append(Event(rng.choice(KINDS), people + extra, rng.choice(STATUSES), evidence,
                                location=owner[people[-1]], date=day + timedelta(days=slot)))
        facts = Facts(posts=tuple(posts), events=tuple(events), agreements=tuple(agreements))
        graphs.append((graph_iri(article), build_article_graph(article, facts, generated_at=STAMP)))
    for graph, triples in graphs:
        store.add_graph(graph, triples)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 5000, 20000])
    parser.add_argument("--view", default="entities", choices=["entities", "relations"])
    arguments = parser.parse_args(argv)
    print(f"{'nodes':>7} {'edges':>7} {'html MB':>8} {'store+render s':>15} {'settled s':>10}")
    with tempfile.TemporaryDirectory() as folder, Browser() as browser:
        for size in arguments.sizes:
            started = time.perf_counter()
            store = synthetic_store(size)
            options = ViewOptions.parse(view=arguments.view, max_nodes=max(size * 2, 1))
            page = write_graph_page(store, Path(folder) / f"bench-{size}.html", options)
            built = time.perf_counter() - started
            assert page.path is not None
            load = browser.open(page.path, timeout=300)
            if load.console_errors or load.requests:
                print(f"page errors: {load.console_errors} requests: {load.requests}", file=sys.stderr)
                return 1
            print(f"{page.nodes:>7,} {page.edges:>7,} {page.size / 1e6:>8.2f} {built:>15.1f} "
                  f"{load.settled_ms / 1000:>10.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
