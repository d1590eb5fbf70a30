"""Benchmark the graph page, both renderers: build time, size, first paint and a search in headless Chromium.

    .venv/bin/python bench/bench_view.py                       # 5,000, 20,000 and 50,000 nodes
    .venv/bin/python bench/bench_view.py 1000 8000             # other sizes
    .venv/bin/python bench/bench_view.py --store BULK_STORE    # also a real store (the whole bulk corpus)
    .venv/bin/python bench/bench_view.py --repeat 1 5000       # one run per page (default: best of 3)

Each synthetic graph goes through the real path: generated articles' facts
are built into article graphs by kg.graph.build, written with the store's
add_graph (an Oxigraph store in memory), read back by SPARQL and rendered by
kg.view. Each page is built twice from the same store, once for today's canvas
page (vis-network) and once for the WebGL page (sigma.js), and opened from a
file in headless Chromium: "first paint" is the time from navigation to the
first drawn frame (the page sets window.kgSettledMs), "search" the time the
search box takes to find a name and show its node in the side panel. The ratios
are the WebGL page's figures over the canvas page's, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from itertools import product
from pathlib import Path
from typing import Any

from kg.graph.build import build_article_graph, graph_iri
from kg.model import Agreement, Country, Event, Evidence, Facts, Official, Organization, Post
from kg.sources.article import Article
from kg.store import open_store
from kg.store.base import Store
from kg.store.embedded import OxigraphStore
from kg.view.browser import Browser, BrowserError
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


def measure(browser: Browser, store: Store, folder: Path, name: str, renderer: str, timeout: float) -> dict[str, Any]:
    """Build one page from `store` and open it: build time, size, first paint and a search."""
    options = ViewOptions.parse(max_nodes=10_000_000, renderer=renderer)
    started = time.perf_counter()
    page = write_graph_page(store, folder / f"{name}-{renderer}.html", options)
    built = time.perf_counter() - started
    assert page.path is not None
    try:
        load = browser.open(page.path, timeout=timeout)
    except BrowserError as error:
        return {"nodes": page.nodes, "edges": page.edges, "mb": page.size / 1e6, "build": built, "paint": None,
                "search": None, "error": str(error)}
    if load.console_errors or load.requests:
        raise SystemExit(f"page errors: {load.console_errors} requests: {load.requests}")
    name_of = browser.run("var n = window.kg.data.nodes; return n[Math.floor(n.length / 2)].name")
    searched = browser.run(SEARCH, name_of[: max(4, len(name_of) - 2)].lower())
    return {"nodes": page.nodes, "edges": page.edges, "mb": page.size / 1e6, "build": built,
            "paint": load.settled_ms / 1000, "search": searched / 1000, "error": ""}


#: Type a name into the search box as a person would (input + Enter), time until the panel names the node.
SEARCH = """
var box = document.getElementById('search'), started = performance.now();
box.value = arguments[0];
box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
var shown = document.getElementById('panel').getAttribute('data-node');
if (shown === null) { throw new Error('the search did not answer'); }
return performance.now() - started;
"""


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of each timing over the runs (sizes are the same in every run)."""
    out = dict(runs[0])
    for key in ("build", "paint", "search"):
        values = [run[key] for run in runs if run[key] is not None]
        out[key] = min(values) if values else None
    out["error"] = "; ".join(sorted({run["error"] for run in runs if run["error"]}))
    return out


def ratio(value: float | None, baseline: float | None) -> str:
    if value is None or not baseline:
        return "n/a"
    return f"{value / baseline:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000, 20000, 50000])
    parser.add_argument("--store", default=None, help="Also measure the page of this store (e.g. the bulk corpus).")
    parser.add_argument("--timeout", type=float, default=300.0, help="Seconds a page may take to paint.")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Build and open each page this many times, the renderers taking turns; the best of "
                             "each figure counts (the machine is shared, so the slower runs are other jobs' noise).")
    arguments = parser.parse_args(argv)
    inputs: list[tuple[str, Callable[[], Store]]] = [
        (f"synthetic {size:,}", lambda size=size: synthetic_store(size)) for size in arguments.sizes]
    if arguments.store:
        where = Path(arguments.store).resolve()
        inputs.append((f"store {where.parent.name}/{where.name}", lambda: open_store(arguments.store, read_only=True)))
    print("| input | renderer | nodes | edges | HTML MB | build s | first paint s | search s | usable s |"
          " build | usable |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder, Browser() as browser:
        for number, (name, make) in enumerate(inputs):
            store = make()
            runs: dict[str, list[dict[str, Any]]] = {"canvas": [], "webgl": []}
            for turn in range(arguments.repeat):
                for renderer in ("canvas", "webgl") if turn % 2 == 0 else ("webgl", "canvas"):
                    runs[renderer].append(measure(browser, store, Path(folder), f"page{number}", renderer,
                                                  arguments.timeout))
            results = {renderer: best(found) for renderer, found in runs.items()}
            base = results["canvas"]
            for renderer, result in results.items():
                usable = None if result["paint"] is None else result["paint"] + result["search"]
                base_usable = None if base["paint"] is None else base["paint"] + base["search"]
                paint = "n/a" if result["paint"] is None else f"{result['paint']:.2f}"
                search = "n/a" if result["search"] is None else f"{result['search']:.3f}"
                print(f"| {name} | {renderer} | {result['nodes']:,} | {result['edges']:,} | {result['mb']:.1f} |"
                      f" {result['build']:.1f} | {paint} | {search} | "
                      f"{'n/a' if usable is None else f'{usable:.2f}'} |"
                      f" {ratio(result['build'], base['build'])} | {ratio(usable, base_usable)} |"
                      + (f" ({result['error']})" if result["error"] else ""), flush=True)
            del store
    return 0


if __name__ == "__main__":
    sys.exit(main())
