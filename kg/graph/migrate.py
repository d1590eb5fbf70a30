"""Migrate: bring a store written before the one-description layout up to it.

Before, every article graph described the countries, organisations, officials, posts,
events and extractor it mentioned, so the union of the graphs repeated them once per
article (kg.graph.layout says why that gave wrong answers). The migration reads each
such article graph, splits it as ingest now does, and writes it back with its shares of
the description graphs, a batch of articles per transaction; then the summaries of
merged events move from their old summary graphs into the events' descriptions, the name
records get the keys surname lookups find them by (kg.graph.layout.name_key; stores written
before 0.4 have none), and the pair rollups are computed, their index saying the version that
includes the keys. It can be stopped and run again: graphs already migrated are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.errors import StoreError
from kg.graph.describe import ingest_changes, stored_reports
from kg.graph.identity import repair_name_keys
from kg.graph.iris import DEFAULT_BASE
from kg.graph.layout import GRAPH_PREFIX, description_graph, is_article_graph, split_article, summary_triples
from kg.graph.rollup import ROLLUP_VERSION, has_rollups, repair_rollups, rollup_version
from kg.graph.vocab import with_prefixes
from kg.store.base import Changes, Store, Triple, term_syntax

SUMMARY_PREFIX = DEFAULT_BASE + "summary/"
_INLINE = ("diplo:Country diplo:Organization diplo:Official diplo:Post diplo:Extractor diplo:Meeting diplo:Visit "
           "diplo:PhoneCall diplo:Statement")


@dataclass(frozen=True)
class MigrationSummary:
    articles: int  # article graphs rewritten
    events: int  # merged events whose summary moved into their description
    rollups: int = 0  # pair rollups (kg.graph.rollup) written or corrected
    keys: int = 0  # name records given their key (kg.graph.identity)

    def line(self) -> str:
        return (f"{self.articles} article graphs rewritten, {self.events} merged-event summaries moved, "
                f"{self.keys} name keys added, {self.rollups} rollups built")


def _old_graphs(store: Store) -> list[str]:
    rows = store.query(with_prefixes(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?x a ?t }}
        VALUES ?t {{ {_INLINE} }} FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}""")).rows
    return sorted(str(g) for (g,) in rows if is_article_graph(str(g)))


def _old_graphs_exist(store: Store) -> bool:
    return bool(store.query(with_prefixes(f"""ASK {{ GRAPH ?g {{ ?x a diplo:Extractor }}
        FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}""")).boolean)


def needs_migration(store: Store) -> bool:
    """True when the store keeps shared descriptions inside article graphs (the layout before 0.2),
    or has articles but no rollups of this version (before 0.3: none; before 0.4: no name keys;
    before 0.5: no answer rows; version 3: no packed names).

    Cheap on any store: every old article graph typed its extractor inline, only merged
    events had summary graphs, and the rollups' index is one node, so each question scans
    few triples."""
    inline = store.query(with_prefixes(f"""ASK {{ GRAPH ?g {{ ?x a diplo:Extractor }}
        FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}""")).boolean
    summaries = store.query(with_prefixes(f"""ASK {{ GRAPH ?g {{ ?e diplo:currentStatus ?s }}
        FILTER(STRSTARTS(STR(?g), "{SUMMARY_PREFIX}")) }}""")).boolean
    return bool(inline or summaries or lacks_rollups(store))


def lacks_rollups(store: Store) -> bool:
    """True when the store holds articles but not the pair rollups of this version (written
    before 0.3, or before 0.4, whose rollups' index says version 1: its name records have no keys)."""
    if has_rollups(store):
        return False
    return bool(store.query(with_prefixes("ASK { GRAPH ?g { ?a a diplo:Article } }")).boolean)


def _old_layout(store: Store) -> str:
    where = "" if store.location == "kg-store" else f" --store {store.location}"
    if lacks_rollups(store) and not _old_graphs_exist(store):
        version = rollup_version(store)
        if version is not None and version < 2:
            return (f"{store.location}: this store's name records have no lookup keys (written by diplo-kg "
                    f"before 0.4); run 'kg migrate{where}' once to add them")
        if version is not None and version < 3:
            return (f"{store.location}: this store's rollups carry no answer rows (written by diplo-kg "
                    f"before 0.5); run 'kg migrate{where}' once to add them")
        if version is not None and version < ROLLUP_VERSION:
            return (f"{store.location}: this store's rollups do not pack the officials' names (written by "
                    f"an earlier diplo-kg 0.5); run 'kg migrate{where}' once to add them")
        return (f"{store.location}: this store has no pair rollups (written by diplo-kg before 0.3); "
                f"run 'kg migrate{where}' once to build them")
    return (f"{store.location}: this store repeats shared descriptions in every article graph "
            f"(written by diplo-kg before 0.2); run 'kg migrate{where}' once to store each of them once")


def check_layout(store: Store) -> None:
    """Refuse to write to a store in the old layout, saying what to run."""
    if needs_migration(store):
        raise StoreError(_old_layout(store))


def layout_warning(store: Store) -> str | None:
    """What to tell a reader of a store in the old layout (its answers count a fact once per
    article that states it), or None."""
    if not needs_migration(store):
        return None
    if lacks_rollups(store) and not _old_graphs_exist(store):  # no rollups of this version: read ad hoc
        return _old_layout(store).replace("; run", ", so the pair queries answer from the events, slowly; run", 1)
    return _old_layout(store).replace("; run", ", so answers count each fact once per article; run", 1)


def migrate_store(store: Store, batch_size: int = 50) -> MigrationSummary:
    """Rewrite every article graph of the old layout; move merged-event summaries."""
    graphs = _old_graphs(store)
    for start in range(0, len(graphs), batch_size):
        chunk = graphs[start:start + batch_size]
        layouts = [split_article(graph, [(s, p, o) for s, p, o, _ in store.quads(graph)]) for graph in chunk]
        changes = ingest_changes(store, layouts, rollups=False)
        changes.drop = [*chunk, *changes.drop]
        store.apply(changes)
    old_summaries = [g for g in store.graph_names() if g.startswith(SUMMARY_PREFIX)]
    rows = store.query(with_prefixes("""SELECT ?e WHERE { GRAPH ?g { ?r diplo:reportOf ?e } }
        GROUP BY ?e HAVING (COUNT(DISTINCT ?g) > 1)""")).rows
    merged = sorted(str(e) for (e,) in rows)
    changes = Changes(drop=old_summaries)
    for event in merged:
        graph = description_graph(event)
        wanted = summary_triples(event, stored_reports(store, event))
        have = {(s, p, o) for s, p, o in _summary_of(store, event)}
        if set(wanted) != have:
            changes.delete.extend((s, p, o, URIRef(graph)) for s, p, o in _summary_of(store, event))
            changes.insert.append((graph, wanted))
    if changes:
        store.apply(changes)
    keys = len(repair_name_keys(store))  # before the rollups, whose index then says the store has them
    rollups = len(repair_rollups(store))
    store.flush()
    if needs_migration(store):
        raise StoreError(f"{store.location}: the migration left graphs in the old layout; run it again")
    return MigrationSummary(articles=len(graphs), events=len(merged), rollups=rollups, keys=keys)


def _summary_of(store: Store, event: str) -> list[Triple]:
    me = term_syntax(URIRef(event))
    rows = store.query(with_prefixes(f"""SELECT ?p ?o WHERE {{ GRAPH {term_syntax(URIRef(description_graph(event)))} {{
        VALUES ?p {{ diplo:currentStatus diplo:reportCount diplo:firstReported diplo:lastReported }} {me} ?p ?o }} }}"""
                                     )).rows
    return [(URIRef(event), p, o) for p, o in rows if p is not None and o is not None]


__all__ = ["MigrationSummary", "check_layout", "layout_warning", "migrate_store", "needs_migration"]
