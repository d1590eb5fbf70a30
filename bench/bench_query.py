#!/usr/bin/env python3
"""Saved queries' latency: from the rollups and ad hoc; embedded Oxigraph vs rdflib vs Virtuoso.

By default the store is made of real bulk articles (--base of them, ingested by the real
pipeline) replicated under new IRIs and dates until it holds about --quads quads
(bench/replicate.py says how); its rollups (kg.graph.rollup) are then computed for the
whole store. With --synthetic, article graphs are built from generated Facts instead.
Every saved query is timed on the embedded store (median of --repeat runs after one
warm-up), as `kg query --named` runs it (kg.query.saved.run_saved_query: from the rollups'
answer rows where they carry them) and as its SPARQL text; those that read rollups are timed
in their ad-hoc version too (what they were before), and the ratio is printed. rdflib's Dataset
and Virtuoso (--rdflib, --virtuoso) get the same quads and run the text; queries on rdflib run
in a forked child killed at --timeout.

    .venv/bin/python bench/bench_query.py                      # ~1M quads of replicated bulk articles
    .venv/bin/python bench/bench_query.py --quads 5000000 --cache /tmp/base.nq
    .venv/bin/python bench/bench_query.py --synthetic --quads 50000 --rdflib --virtuoso
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
from kg.graph.rollup import has_rollups, repair_rollups  # noqa: E402
from kg.graph.vocab import prefix_declarations  # noqa: E402
from kg.model import Agreement, Country, Event, Evidence, Facts, Official, Post  # noqa: E402
from kg.query.saved import adhoc_queries, bind_parameters, run_saved_query, saved_queries  # noqa: E402
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


def bulk_arguments(store: OxigraphStore) -> dict[str, str]:
    """Parameters that are neither the busiest nor empty: the 10th most active country, the
    most active official of the first replica (whose name every replica's copy contains)."""
    countries = store.query(prefix_declarations() + """SELECT ?iso (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e diplo:participant ?c . ?c a diplo:Country ; diplo:isoCode ?iso } GROUP BY ?iso ORDER BY DESC(?n) ?iso
        LIMIT 10""").rows
    official = store.query(prefix_declarations() + """SELECT ?name (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e diplo:participant ?o . ?o a diplo:Official ; rdfs:label ?name FILTER(!CONTAINS(STR(?name), "-"))
        } GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1""").rows
    event = store.query(prefix_declarations() + "SELECT ?e WHERE { ?e a diplo:Meeting } LIMIT 1").rows
    return {"country": str(countries[-1][0]), "official": str(official[0][0]), "event": str(event[0][0])}


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
    parser.add_argument("--adhoc-repeat", type=int, help="ad-hoc runs (default --repeat; 0: none)")
    parser.add_argument("--store", type=Path, help="keep the store built here (reused if it exists)")
    parser.add_argument("--synthetic", action="store_true", help="generated facts instead of replicated bulk articles")
    parser.add_argument("--base", type=int, default=400, help="bulk articles to replicate (default 400)")
    parser.add_argument("--cache", type=Path, help="keep (and reuse) the ingested bulk articles here, as N-Quads")
    parser.add_argument("--rdflib", action="store_true", help="time rdflib's Dataset too")
    parser.add_argument("--virtuoso", action="store_true", help="time Virtuoso too")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    options.no_rdflib, options.no_virtuoso = not options.rdflib, not options.virtuoso

    def cell(seconds: float | None) -> str:
        return f">{options.timeout:.0f}s" if seconds is None else f"{seconds * 1000:.1f}"

    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        reuse = options.store is not None and options.store.exists()
        embedded = OxigraphStore(options.store or Path(directory) / "store")
        if reuse:
            values, how = bulk_arguments(embedded), f"the store {options.store}"
        elif options.synthetic:
            # in the store's layout: article graphs and one description graph per shared node (kg.graph.layout)
            built = [named for graph, triples in synthetic_graphs(options.quads)
                     for named in split_article(graph, triples).graphs()]
            embedded.add_graphs(built)
            values = arguments_for(built)
            how = "synthetic facts"
        else:
            from replicate import base_store, replicated_store

            base = base_store(options.base, options.cache)
            replicas = replicated_store(embedded, base, options.quads)
            values = bulk_arguments(embedded)
            how = f"{options.base} bulk articles x {replicas} replicas"
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        if not reuse or not has_rollups(embedded):  # a kept store of older rollups gets this version's
            repair_rollups(embedded)  # the rollups of the whole store, as kg migrate builds them
        embedded.flush()
        rolled = time.perf_counter() - started
        graphs: dict[str, list[Triple]] = {}
        for s_, p_, o_, g_ in embedded.quads():
            graphs.setdefault(str(g_), []).append((s_, p_, o_))
        quads = sum(len(t) for t in graphs.values())
        print(f"embedded (Oxigraph on disk): {how}, {quads} quads in {len(graphs)} graphs; loaded in {loaded:.1f} s, "
              f"rollups computed in {rolled:.1f} s; parameters {values}", flush=True)

        def bound(query: Any) -> str:
            return prefix_declarations() + bind_parameters(query, {p.name: values[p.name] for p in query.parameters})

        queries = {name: bound(q) for name, q in saved_queries().items()}
        adhoc = {name: bound(q) for name, q in adhoc_queries().items()}
        results: dict[str, dict[str, Any]] = {}
        for name, sparql in queries.items():
            # as kg query --named runs it (from the rollups' answer rows where they carry them), and its text
            params = {p.name: values[p.name] for p in saved_queries()[name].parameters}
            answer = embedded.query(sparql).rows
            results[name] = {"rows": len(answer),
                             "same_as_text": run_saved_query(embedded, name, params).rows == answer,
                             "embedded": time_call(lambda n=name, v=params: run_saved_query(embedded, n, v),
                                                   options.repeat),
                             "text": time_call(lambda s=sparql: embedded.query(s), options.repeat)}
            if name in adhoc and options.adhoc_repeat != 0:  # slow: no warm-up; the first run gives the answer
                samples = []
                for _ in range(options.adhoc_repeat or options.repeat):
                    began = time.perf_counter()
                    rows = embedded.query(adhoc[name]).rows
                    samples.append(time.perf_counter() - began)
                results[name]["same_answer"] = rows == answer
                results[name]["adhoc"] = statistics.median(samples)
            print(f"  embedded  {name:<20}{results[name]['embedded'] * 1000:>10.1f} ms  {len(answer)} rows"
                  f"   its text {results[name]['text'] * 1000:.1f} ms, same answer: {results[name]['same_as_text']}"
                  + (f"   ad hoc {results[name]['adhoc'] * 1000:.1f} ms, same answer: {results[name]['same_answer']}"
                     if "adhoc" in results[name] else ""), flush=True)
    graph_list = list(graphs.items())

    if not options.no_rdflib:
        global _DATASET
        started = time.perf_counter()
        _DATASET = Dataset(default_union=True)
        for graph, triples in graph_list:
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
            server, remote, seconds = load_virtuoso(graph_list, options.timeout)
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

    print(f"\nsaved queries on {quads} quads ({len(graphs)} graphs, {how}); milliseconds, median of "
          f"{options.repeat}; 'embedded' is the saved query as kg query --named runs it, 'text' its SPARQL "
          "text on the same store, 'ad hoc' the query before rollups; rdflib and Virtuoso run the text")
    print(f"{'query':<20}{'rows':>7}{'embedded':>10}{'text':>8}{'ad hoc':>10}{'adhoc/emb':>11}{'rdflib':>10}"
          f"{'virtuoso':>10}{'rdflib/emb':>12}{'virt/emb':>10}")
    for name, row in results.items():
        print(f"{name:<20}{row['rows']:>7}{cell(row['embedded']):>10}{cell(row['text']):>8}"
              f"{cell(row['adhoc']) if 'adhoc' in row else '-':>10}"
              f"{ratio(row, 'adhoc'):>11}"
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
