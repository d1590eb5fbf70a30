"""Describe: keep each shared node's description graph in step with the article graphs.

An ingest adds the articles' graphs and, to the description graph of every shared
node they speak of, what they say of it (descriptions only grow as articles come);
the summary of an event reported more than once is replaced. A removal drops the
article's graph and, for each shared node it spoke of, either drops the node's
description (no other article refers to it any more: its reference count is zero)
or recomputes what the other articles' records still say (an official's names and
whom they represent, an event's reports). Either way the changes form one
:class:`~kg.store.base.Changes`, written in one transaction with the articles.

The descriptions of countries, organisations, posts and the extractor come from the
gazetteers, not from what an article wrote, so they are kept as the articles bring
them for as long as any article refers to the node.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kg.graph.layout import (
    DESCRIPTION_PREFIX,
    GRAPH_PREFIX,
    REPORTED_AS,
    SUMMARY,
    ArticleLayout,
    description_graph,
    node_kind,
    summary_triples,
)
from kg.graph.rollup import rollup_changes
from kg.graph.vocab import DIPLO, PROV, RDF, RDFS, SCHEMA, with_prefixes
from kg.store.base import Changes, Quad, Store, Term, Triple, term_syntax

_ARTICLE_GRAPH = f'STRSTARTS(STR(?h), "{GRAPH_PREFIX}")'


def _reports_in(layout: ArticleLayout) -> dict[str, tuple[str, str, str, str]]:
    """The reports one article layout holds, by event: (graph, status, published, generated)."""
    published = generated = ""
    statuses: dict[Term, str] = {}
    events: dict[Term, str] = {}
    for s, p, o in layout.own:
        if p == SCHEMA.datePublished:
            published = str(o)
        elif p == PROV.generatedAtTime:
            generated = str(o)
        elif p == DIPLO.reportOf:
            events[s] = str(o)
        elif p == DIPLO.reportedStatus:
            statuses[s] = str(o)
    return {event: (layout.graph, statuses.get(report, ""), published, generated) for report, event in events.items()}


def stored_reports(store: Store, event: str, without: str | None = None) -> list[tuple[str, str, str, str]]:
    """The reports of `event` in the store (leaving out graph `without`).

    Their graphs' publication and generation times are asked for by those graphs (VALUES): as an
    OPTIONAL beside the report, Oxigraph would read every article of the store to join them."""
    skip = f"FILTER(?h != {term_syntax(URIRef(without))})" if without else ""
    reports = store.query(with_prefixes(f"""SELECT ?h ?status WHERE {{
        GRAPH ?h {{ ?r diplo:reportOf {term_syntax(URIRef(event))} ; diplo:reportedStatus ?status }} {skip} }}""")).rows
    if not reports:
        return []
    graphs = " ".join(sorted({term_syntax(g) for g, _ in reports}))  # type: ignore[arg-type]
    published: dict[str, list[str]] = {}
    generated: dict[str, list[str]] = {}
    for found, pattern in ((published, "?a a diplo:Article ; schema:datePublished ?v"),
                           (generated, "?h prov:generatedAtTime ?v")):
        rows = store.query(with_prefixes(f"SELECT ?h ?v WHERE {{ VALUES ?h {{ {graphs} }} GRAPH ?h {{ {pattern} }} }}")
                           ).rows
        for graph, value in rows:
            found.setdefault(str(graph), []).append(str(value))
    # each report once for every publication and generation time its graph has (or once, with ""), as
    # the two OPTIONALs would give them
    return [(str(g), str(s), p, t) for g, s in reports
            for p in published.get(str(g), [""]) for t in generated.get(str(g), [""])]


def _stored_summary(store: Store, event: str) -> list[Quad]:
    graph = URIRef(description_graph(event))
    values = " ".join(term_syntax(p) for p in sorted(SUMMARY))
    rows = store.query(with_prefixes(f"""SELECT ?p ?o WHERE {{ GRAPH {term_syntax(graph)} {{
        VALUES ?p {{ {values} }} {term_syntax(URIRef(event))} ?p ?o }} }}""")).rows
    return [(URIRef(event), p, o, graph) for p, o in rows if p is not None and o is not None]


def _merged(event: str, layout: ArticleLayout) -> bool:
    """True when the event was minted by another article: it has reports elsewhere."""
    return f"/event/{layout.graph.rsplit('/', 1)[-1][:16]}/" not in event


def ingest_changes(store: Store, layouts: Iterable[ArticleLayout], rollups: bool = True) -> Changes:
    """The writes that add these articles: their graphs, what they add to the description graphs
    of the shared nodes they speak of, new summaries for the events they report again and, with
    `rollups`, the pair rollups they change (kg.graph.rollup)."""
    layouts = list(layouts)
    changes = Changes()
    shared: dict[str, list[Triple]] = {}
    reports: dict[str, list[tuple[str, str, str, str]]] = {}
    merged: set[str] = set()
    for layout in layouts:
        changes.insert.append((layout.graph, layout.own))
        for node, triples in layout.shared.items():
            bucket = shared.setdefault(node, [])
            bucket.extend(t for t in triples if t not in bucket)
        for event, report in _reports_in(layout).items():
            reports.setdefault(event, []).append(report)
            if _merged(event, layout):
                merged.add(event)
    for event, batch in sorted(reports.items()):
        if event not in merged and len(batch) < 2:
            continue
        everything = [*(stored_reports(store, event) if event in merged else []), *batch]
        old = _stored_summary(store, event) if event in merged else []
        new = summary_triples(event, everything)
        if {(s, p, o) for s, p, o, _ in old} != set(new):
            changes.delete.extend(old)
            shared.setdefault(event, []).extend(new)
    changes.insert.extend((description_graph(node), triples) for node, triples in sorted(shared.items()))
    return rollup_changes(store, changes) if rollups else changes


def _referenced_elsewhere(store: Store, node: str, graph: str) -> bool:
    return bool(store.query(f"""ASK {{ GRAPH ?h {{ ?x ?p {term_syntax(URIRef(node))} }}
        FILTER(?h != {term_syntax(URIRef(graph))} && {_ARTICLE_GRAPH}) }}""").boolean)


def _current(store: Store, node: str, predicates: Iterable[URIRef]) -> list[Triple]:
    values = " ".join(term_syntax(p) for p in predicates)
    rows = store.query(f"""SELECT ?p ?o WHERE {{ GRAPH {term_syntax(URIRef(description_graph(node)))} {{
        VALUES ?p {{ {values} }} {term_syntax(URIRef(node))} ?p ?o }} }}""").rows
    return [(URIRef(node), p, o) for p, o in rows if p is not None and o is not None]


def _official_without(store: Store, node: str, graph: str) -> list[Triple]:
    """An official's description from the articles other than `graph`: its names and whom it represents."""
    me, skip = term_syntax(URIRef(node)), f"FILTER(?h != {term_syntax(URIRef(graph))} && {_ARTICLE_GRAPH})"
    triples = _current(store, node, [RDF.type, URIRef("http://www.w3.org/2002/07/owl#sameAs")])
    names = store.query(with_prefixes(f"""SELECT DISTINCT ?name WHERE {{
        GRAPH ?h {{ ?n diplo:nameOf {me} ; diplo:writtenName ?name }} {skip} }}""")).rows
    triples += [(URIRef(node), RDFS.label, name) for (name,) in names if name is not None]
    owners = store.query(with_prefixes(f"""SELECT DISTINCT ?owner WHERE {{
        GRAPH ?h {{ {me} diplo:holdsPost ?post }} {skip} ?post diplo:postOf ?owner }}""")).rows
    triples += [(URIRef(node), DIPLO.represents, owner) for (owner,) in owners if owner is not None]
    return triples


def _event_without(store: Store, node: str, graph: str) -> list[Triple]:
    """An event's description from its reports other than `graph`, with their summary."""
    me, skip = term_syntax(URIRef(node)), f"FILTER(?h != {term_syntax(URIRef(graph))} && {_ARTICLE_GRAPH})"
    values = " ".join(term_syntax(p) for p in sorted(REPORTED_AS))
    triples = _current(store, node, [RDF.type])
    rows = store.query(with_prefixes(f"""SELECT DISTINCT ?p ?o WHERE {{
        GRAPH ?h {{ ?r diplo:reportOf {me} ; ?p ?o . VALUES ?p {{ {values} }} }} {skip} }}""")).rows
    triples += [(URIRef(node), REPORTED_AS[p], o) for p, o in rows  # type: ignore[index]
                if p is not None and o is not None]
    triples += summary_triples(node, stored_reports(store, node, without=graph))
    return triples


def removal_changes(store: Store, graph: str) -> Changes:
    """The writes that remove one article: its graph, the descriptions only it referred to, and
    the descriptions of the officials and events it spoke of, recomputed from the other articles,
    and the pair rollups that changes (kg.graph.rollup)."""
    rows = store.query(f"""SELECT DISTINCT ?n WHERE {{ GRAPH {term_syntax(URIRef(graph))} {{
        {{ ?x ?p ?n }} UNION {{ ?n ?p ?x }} }} FILTER(isIRI(?n)) }}""").rows
    nodes = sorted({str(n) for (n,) in rows if node_kind(n) in ("country", "organization", "person", "post", "event",
                                                                "extractor")})
    changes = Changes(drop=[graph])
    for node in nodes:
        described = description_graph(node)
        if not _referenced_elsewhere(store, node, graph):
            changes.drop.append(described)
        elif node_kind(URIRef(node)) in ("person", "event"):
            kept = _official_without(store, node, graph) if node_kind(URIRef(node)) == "person" \
                else _event_without(store, node, graph)
            changes.drop.append(described)
            changes.insert.append((described, kept))
    return rollup_changes(store, changes)


# -- summaries checked against their reports ---------------------------------------------------
# Every write commits a summary with the reports it summarises (one Changes), so these find
# nothing in a store written whole; they are `kg validate`'s check (and --repair's fix) for a
# store that a change cut off half-way on a server, or an edit by hand, left behind.


def _all_reports(store: Store) -> dict[str, list[tuple[str, str, str, str]]]:
    """Every report in the store, by event: (graph, status, published, generated). (The OPTIONALs
    outside the report's GRAPH, each in a GRAPH of its own: the same rows, in two thirds of the time
    Oxigraph takes with them inside.)"""
    rows = store.query(with_prefixes("""
        SELECT ?e ?h ?status ?published ?generated WHERE {
          GRAPH ?h { ?r diplo:reportOf ?e ; diplo:reportedStatus ?status }
          OPTIONAL { GRAPH ?h { ?a a diplo:Article ; schema:datePublished ?published } }
          OPTIONAL { GRAPH ?h { ?h prov:generatedAtTime ?generated } } }""")).rows
    reports: dict[str, list[tuple[str, str, str, str]]] = {}
    for event, graph, status, published, generated in rows:
        reports.setdefault(str(event), []).append((str(graph), str(status), "" if published is None else str(published),
                                                   "" if generated is None else str(generated)))
    return reports


def _held_summaries(store: Store) -> dict[str, set[Quad]]:
    """The summary triples the description graphs hold, by event."""
    values = " ".join(term_syntax(p) for p in sorted(SUMMARY))
    rows = store.query(f"""SELECT ?e ?p ?o ?d WHERE {{ GRAPH ?d {{ VALUES ?p {{ {values} }} ?e ?p ?o }}
        FILTER(STRSTARTS(STR(?d), "{DESCRIPTION_PREFIX}")) }}""").rows
    held: dict[str, set[Quad]] = {}
    for event, predicate, value, graph in rows:
        held.setdefault(str(event), set()).add((event, predicate, value, graph))  # type: ignore[arg-type]
    return held


def _summary_quads(event: str, reports: list[tuple[str, str, str, str]]) -> set[Quad]:
    graph = URIRef(description_graph(event))
    return {(s, p, o, graph) for s, p, o in summary_triples(event, reports)}


def _stale_summaries(store: Store) -> tuple[list[str], dict[str, list[tuple[str, str, str, str]]],
                                            dict[str, set[Quad]]]:
    """The stale summaries' events, with the reports and summaries read to find them."""
    reports, held = _all_reports(store), _held_summaries(store)
    merged = {event for event, found in reports.items() if len({graph for graph, *_ in found}) > 1}
    stale = sorted(event for event in merged | set(held)
                   if held.get(event, set()) != _summary_quads(event, reports.get(event, [])))
    return stale, reports, held


def stale_summaries(store: Store) -> list[str]:
    """The events whose summary is missing, out of date or left over: what their description
    graphs hold is not what their reports say now."""
    return _stale_summaries(store)[0]


def repair_summaries(store: Store) -> list[str]:
    """Recompute every stale summary (:func:`stale_summaries`) in one change; the events repaired."""
    stale, reports, held = _stale_summaries(store)
    if stale:
        changes = Changes()
        for event in stale:
            changes.delete.extend(sorted(held.get(event, set())))
            changes.insert.append((description_graph(event),
                                   [(s, p, o) for s, p, o, _ in sorted(_summary_quads(event, reports.get(event, [])))]))
        store.apply(changes)
    return stale


def summary_repairs(store: Store, events: Iterable[str]) -> tuple[list[str], Changes]:
    """What :func:`repair_summaries` would write for `events` alone: the events whose summary (in
    any description graph) is not what their reports in the store say, and the change that makes
    it so. For a load into a store whose summaries were up to date (kg.store.load): only the
    events reported in, or summarised by, what it loaded can be stale, so this is the whole
    store's repair at the cost of those events (each read by its IRI)."""
    values = " ".join(term_syntax(p) for p in sorted(SUMMARY))
    stale: list[str] = []
    changes = Changes()
    for event in sorted(set(events)):
        me = term_syntax(URIRef(event))
        rows = store.query(f"""SELECT ?p ?o ?d WHERE {{ GRAPH ?d {{ VALUES ?p {{ {values} }} {me} ?p ?o }}
            FILTER(STRSTARTS(STR(?d), "{DESCRIPTION_PREFIX}")) }}""").rows
        held = {(URIRef(event), p, o, d) for p, o, d in rows}
        # an event of one graph's reports has no summary: its reports' dates are not asked for
        graphs = store.query(with_prefixes(f"""SELECT DISTINCT ?h WHERE {{
            GRAPH ?h {{ ?r diplo:reportOf {me} ; diplo:reportedStatus ?status }} }} LIMIT 2""")).rows
        wanted = _summary_quads(event, stored_reports(store, event)) if len(graphs) > 1 else set()
        if held != wanted:
            stale.append(event)
            changes.delete.extend(sorted(held))  # type: ignore[arg-type]
            changes.insert.append((description_graph(event), [(s, p, o) for s, p, o, _ in sorted(wanted)]))
    return stale, changes


def events_of(store: Store, graph: str) -> list[str]:
    """The events an article graph reports."""
    rows = store.query(with_prefixes(f"""SELECT DISTINCT ?e WHERE {{ GRAPH {term_syntax(URIRef(graph))} {{
        ?r diplo:reportOf ?e }} }}""")).rows
    return sorted(str(e) for (e,) in rows)


__all__ = ["events_of", "ingest_changes", "removal_changes", "repair_summaries", "stale_summaries", "stored_reports",
           "summary_repairs"]
