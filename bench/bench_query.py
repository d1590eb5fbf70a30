#!/usr/bin/env python3
"""Saved queries' latency: embedded Oxigraph vs rdflib's in-memory Dataset vs Virtuoso.

Builds synthetic article graphs with kg.graph.build from generated Facts (about
--quads quads, one million by default), loads the same quads into each store,
then times every saved query on each (median of --repeat runs after one warm-up)
and prints the latencies and their ratios to the embedded store, all measured in
the same run. Queries on rdflib run in a forked child killed at --timeout.

    .venv/bin/python bench/bench_query.py                 # ~1M quads, all three stores
    .venv/bin/python bench/bench_query.py --quads 50000   # a quick run
    .venv/bin/python bench/bench_query.py --no-virtuoso --no-rdflib
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Dataset, URIRef  # noqa: E402

from kg.errors import QueryError  # noqa: E402
from kg.graph.build import build_article_graph, graph_iri  # noqa: E402
from kg.graph.layout import split_article  # noqa: E402
from kg.graph.vocab import prefix_declarations  # noqa: E402
from kg.model import Agreement, Country, Event, Evidence, Facts, Official, Post  # noqa: E402
from kg.query.saved import bind_parameters, saved_queries  # noqa: E402
from kg.sources.article import Article  # noqa: E402
from kg.store.base import Triple, term_syntax  # noqa: E402
from kg.store.embedded import OxigraphStore  # noqa: E402
from kg.store.remote import RemoteStore  # noqa: E402

GENERATED = datetime(2025, 1, 1, tzinfo=timezone.utc)


def synthetic_graphs(target_quads: int, seed: int = 5) -> list[tuple[str, list[Triple]]]:
    """Article graphs of generated facts, about `target_quads` quads in all."""
    rng = random.Random(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    countries = [Country(a + b, f"Country {a}{b}", None) for a in letters[:8] for b in letters[:10]]
    officials = [(Official(f"Official {i} {c.iso}", f"official-{i}-{c.iso.lower()}"), c)
                 for i, c in enumerate(countries * 8)]
    titles = ["Foreign Minister", "President", "Prime Minister", "Ambassador"]
    graphs: list[tuple[str, list[Triple]]] = []
    total, n = 0, 0
    start = date(2020, 1, 1)
    while total < target_quads:
        n += 1
        people = rng.sample(officials, rng.randint(2, 4))
        nations = tuple(dict.fromkeys(c for _, c in people))
        day = start + timedelta(days=rng.randint(0, 1800))
        body = f"Article {n}: " + " ".join(p.name for p, _ in people) + f" met on {day}."
        evidence = Evidence(body, 0, len(body))
        who = tuple(p for p, _ in people) + nations
        events = [Event("Meeting", who, "occurred", evidence, date=day, location=nations[0])]
        if rng.random() < 0.5:
            events.append(Event("PhoneCall", who[:2], rng.choice(["occurred", "planned"]), evidence,
                                date=day + timedelta(days=3) if rng.random() < 0.7 else None))
        if rng.random() < 0.3:
            events.append(Event("Visit", (people[0][0], nations[-1]), "planned", evidence, visitors=(people[0][0],),
                                destinations=(nations[-1],), date=day + timedelta(days=30)))
        agreements = ()
        if len(nations) > 1 and rng.random() < 0.3:
            agreements = (Agreement(f"Agreement {n}", nations, rng.choice(["occurred", "planned"]), evidence,
                                    date=day),)
        facts = Facts(countries=nations, officials=tuple(p for p, _ in people),
                      posts=tuple(Post(p, titles[zlib.crc32(p.key.encode()) % 4], c, evidence) for p, c in people),
                      events=tuple(events), agreements=agreements)
        article = Article(body=body, title=f"Article {n}", url=f"https://example.org/{n}", published=day)
        triples = build_article_graph(article, facts, generated_at=GENERATED)
        graphs.append((graph_iri(article), triples))
        total += len(triples)
    return graphs


def arguments_for(graphs: list[tuple[str, list[Triple]]]) -> dict[str, str]:
    event = next(str(s) for _, triples in graphs for s, p, o in triples
                 if str(p).endswith("#type") and str(o).endswith("#Meeting"))
    return {"country": "AA", "official": "Official 1 ", "event": event}


# -- the three stores ------------------------------------------------------------------
def time_call(run: Callable[[], Any], repeat: int) -> float:
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


_DATASET: Dataset | None = None


def _rdflib_child(sparql: str, repeat: int, answer: Any) -> None:
    assert _DATASET is not None
    answer.send(time_call(lambda: list(_DATASET.query(sparql)), repeat))


def time_rdflib(sparql: str, repeat: int, timeout: float) -> float | None:
    """Time in a forked child (which inherits the dataset) so a slow query can be killed."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_rdflib_child, args=(sparql, repeat, child))
    process.start()
    seconds = parent.recv() if parent.poll(timeout) else None
    process.kill()
    process.join()
    return seconds


def load_virtuoso(graphs: list[tuple[str, list[Triple]]], seconds: float) -> tuple[Any, RemoteStore, float]:
    from tests.virtuoso import start_virtuoso

    server = start_virtuoso(max_rows=10_000, buffers=340_000, max_seconds=max(1, int(seconds)))
    started = time.perf_counter()
    dump = server.directory / "load"
    dump.mkdir(exist_ok=True)
    with (dump / "data.nq").open("w", encoding="ascii") as out:
        for graph, triples in graphs:
            name = term_syntax(URIRef(graph))
            out.writelines(f"{term_syntax(s)} {term_syntax(p)} {term_syntax(o)} {name} .\n" for s, p, o in triples)
    server.isql(f"ld_dir('{dump}', '*.nq', 'http://example.org/default');")
    server.isql("rdf_loader_run();")
    server.isql("checkpoint;")
    return server, RemoteStore(server.sparql_url, read_only=True), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quads", type=int, default=1_000_000, help="about how many quads (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query (median)")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds before a query on rdflib or Virtuoso is given up")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()

    def cell(seconds: float | None) -> str:
        return f">{options.timeout:.0f}s" if seconds is None else f"{seconds * 1000:.1f}"

    started = time.perf_counter()
    # in the store's layout: article graphs and one description graph per shared node (kg.graph.layout)
    graphs = [named for graph, triples in synthetic_graphs(options.quads)
              for named in split_article(graph, triples).graphs()]
    quads = sum(len(t) for _, t in graphs)
    print(f"built {len(graphs)} graphs (articles and descriptions), {quads} quads "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    values = arguments_for(graphs)
    queries = {name: prefix_declarations() + bind_parameters(q, {p.name: values[p.name] for p in q.parameters})
               for name, q in saved_queries().items()}

    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        embedded = OxigraphStore(Path(directory) / "store")
        embedded.add_graphs(graphs)
        embedded.flush()
        print(f"embedded (Oxigraph on disk): loaded in {time.perf_counter() - started:.1f} s", flush=True)
        results: dict[str, dict[str, Any]] = {}
        for name, sparql in queries.items():
            rows = len(embedded.query(sparql).rows)
            results[name] = {"rows": rows, "embedded": time_call(lambda s=sparql: embedded.query(s), options.repeat)}
            print(f"  embedded  {name:<20}{results[name]['embedded'] * 1000:>10.1f} ms  {rows} rows", flush=True)

    if not options.no_rdflib:
        global _DATASET
        started = time.perf_counter()
        _DATASET = Dataset(default_union=True)
        for graph, triples in graphs:
            context = _DATASET.graph(URIRef(graph))
            for triple in triples:
                context.add(triple)
        print(f"rdflib Dataset (memory): loaded in {time.perf_counter() - started:.1f} s", flush=True)
        for name, sparql in queries.items():
            results[name]["rdflib"] = time_rdflib(sparql, options.repeat, options.timeout)
            print(f"  rdflib    {name:<20}{cell(results[name]['rdflib']):>10} ms", flush=True)
        _DATASET = None

    if not options.no_virtuoso:
        from tests import virtuoso

        if not virtuoso.available():
            print(f"Virtuoso skipped: {virtuoso.missing_reason()}", flush=True)
        else:
            server, remote, seconds = load_virtuoso(graphs, options.timeout)
            try:
                print(f"Virtuoso: bulk-loaded in {seconds:.1f} s ({len(remote)} quads)", flush=True)
                for name, sparql in queries.items():
                    try:
                        results[name]["virtuoso"] = time_call(lambda s=sparql: remote.query(s), options.repeat)
                        rows = len(remote.query(sparql).rows)
                    except QueryError as error:
                        results[name]["virtuoso"], rows = None, -1
                        results[name]["virtuoso_error"] = str(error).split("SPARQL query:")[0][-160:]
                    if rows != results[name]["rows"]:
                        results[name]["virtuoso_rows"] = rows
                    print(f"  virtuoso  {name:<20}{cell(results[name]['virtuoso']):>10} ms  {rows} rows", flush=True)
            finally:
                server.stop()

    def ratio(row: dict[str, Any], key: str) -> str:
        if key not in row:
            return "-"
        if row[key] is None:
            return f">{options.timeout / row['embedded']:.0f}x"
        return f"{row[key] / row['embedded']:.1f}x"

    print(f"\nsaved queries on {quads} quads ({len(graphs)} graphs); milliseconds, median of {options.repeat}")
    print(f"{'query':<20}{'rows':>7}{'embedded':>10}{'rdflib':>10}{'virtuoso':>10}{'rdflib/emb':>12}{'virt/emb':>10}")
    for name, row in results.items():
        print(f"{name:<20}{row['rows']:>7}{cell(row['embedded']):>10}"
              f"{cell(row['rdflib']) if 'rdflib' in row else '-':>10}"
              f"{cell(row['virtuoso']) if 'virtuoso' in row else '-':>10}"
              f"{ratio(row, 'rdflib'):>12}{ratio(row, 'virtuoso'):>10}"
              + (f"  (virtuoso rows: {row['virtuoso_rows']})" if "virtuoso_rows" in row else ""))
        if "virtuoso_error" in row:
            print(f"    virtuoso: {row['virtuoso_error']}")
    if options.json:
        options.json.write_text(json.dumps({"quads": quads, "articles": len(graphs), "results": results}, indent=1))


if __name__ == "__main__":
    main()
