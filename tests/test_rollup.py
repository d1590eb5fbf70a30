"""Rollups kept by delta: the planned marks and pair dates a change implies are those a recomputation gives."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.graph.layout import DESCRIPTION_PREFIX, description_graph
from kg.graph.rollup import ANSWERS, PLANNED, rollup_changes, stale_rollups
from kg.graph.vocab import DIPLO, RDF, RDFS, XSD
from kg.pipeline import ingest_articles, remove_article
from kg.query.run import run_query
from kg.query.saved import bind_parameters, run_saved_query, saved_query
from kg.sources.article import make_article
from kg.store import open_store
from kg.store.base import MEMORY, Changes, Store

PLAN = make_article("President Biden will meet President Macron of France.",
                    url="https://www.whitehouse.gov/plan/", published="2022-09-01")
MET = make_article("President Biden met President Macron of France today at the White House.",
                   url="https://www.whitehouse.gov/met/", published="2022-12-01")
LATER = make_article("President Biden met President Macron of France today in Paris.",
                     url="https://www.whitehouse.gov/later/", published="2023-06-10")
OTHER = make_article("President Biden met Prime Minister Trudeau of Canada today in Ottawa.",
                     url="https://www.whitehouse.gov/other/", published="2022-12-02")


def still_planned(store: Store) -> int:
    rows = run_query(store, f"SELECT (COUNT(?e) AS ?n) WHERE {{ GRAPH <{PLANNED}> {{ ?e diplo:stillPlanned true }} }}"
                     ).rows
    return int(str(rows[0][0]))


def first_and_last(store: Store) -> list[tuple[str, str]]:
    rows = run_query(store, "SELECT ?first ?last WHERE { ?pair a diplo:CountryPair ; diplo:firstMet ?first ; "
                            "diplo:lastMet ?last } ORDER BY ?first").rows
    return [(str(a), str(b)) for a, b in rows]


def test_planned_marks_follow_the_events_that_cover_them() -> None:
    store = open_store(MEMORY)
    ingest_articles(store, [PLAN])
    assert still_planned(store) == 1 and stale_rollups(store) == []
    ingest_articles(store, [OTHER])  # an occurred event of another pair: the plan stays planned
    assert still_planned(store) == 1 and stale_rollups(store) == []
    ingest_articles(store, [MET])  # covers it
    assert still_planned(store) == 0 and stale_rollups(store) == []
    ingest_articles(store, [LATER])
    remove_article(store, MET.content_hash)  # a later meeting covers it still
    assert still_planned(store) == 0 and stale_rollups(store) == []
    remove_article(store, LATER.content_hash)  # nothing covers it any more
    assert still_planned(store) == 1 and stale_rollups(store) == []


def test_removing_the_article_of_a_pairs_first_or_last_date_recomputes_it() -> None:
    store = open_store(MEMORY)
    ingest_articles(store, [MET, LATER])
    dates = first_and_last(store)
    assert stale_rollups(store) == [] and ("2022-12-01", "2023-06-10") in dates
    remove_article(store, MET.content_hash)  # the first date's holder
    assert stale_rollups(store) == [] and ("2023-06-10", "2023-06-10") in first_and_last(store)
    ingest_articles(store, [MET])
    remove_article(store, LATER.content_hash)  # the last date's holder
    assert stale_rollups(store) == [] and ("2022-12-01", "2022-12-01") in first_and_last(store)


def _lists_match(store: Store) -> int:
    """The list queries answered from the rollups' rows give what their SPARQL text gives; their rows in all."""
    total = 0
    for name, answer in ANSWERS.items():
        for values in ([{answer.search: text} for text in ("biden", "MACRON", "e")] if answer.search else [{}]):
            text = bind_parameters(saved_query(name), values)
            assert run_saved_query(store, name, values).rows == run_query(store, text).rows, (name, values)
            total += len(run_query(store, text).rows)
    assert stale_rollups(store) == []
    return total


def _planned_articles(store: Store) -> set[str]:
    return {str(row[4]) for row in run_saved_query(store, "planned-events").rows}


def test_a_planned_events_rows_follow_the_articles_that_report_it() -> None:
    again = make_article("President Biden will meet with President Macron of France.",
                         url="https://www.whitehouse.gov/plan-again/", published="2022-09-02")
    store = open_store(MEMORY)
    ingest_articles(store, [PLAN])
    assert len(_planned_articles(store)) == 1 and _lists_match(store)
    ingest_articles(store, [again])  # the same plan reported again: one more article of it
    assert len(_planned_articles(store)) == 2 and _lists_match(store)
    remove_article(store, PLAN.content_hash)
    assert len(_planned_articles(store)) == 1 and _lists_match(store)
    ingest_articles(store, [MET])  # covered: listed no more
    assert _planned_articles(store) == set() and _lists_match(store) >= 0


def test_an_agreements_rows_follow_its_parties_names() -> None:
    signed = make_article("France and Canada signed a free trade agreement in Paris today.",
                          url="https://www.gov.uk/signed/", published="2023-03-01")
    store = open_store(MEMORY)
    ingest_articles(store, [signed])
    listed = run_saved_query(store, "agreements").rows
    assert listed and all(row[4] is not None for row in listed) and _lists_match(store)
    party = str(listed[0][4])
    # another name for a party, as a later article could give it: the change and the rollups' update it implies
    changes = Changes(insert=[(description_graph(party), [(URIRef(party), RDFS.label, Literal("A New Name"))])])
    store.apply(rollup_changes(store, changes))
    names = {str(row[5]) for row in run_saved_query(store, "agreements").rows}
    assert "A New Name" in names and _lists_match(store)
    remove_article(store, signed.content_hash)
    assert run_saved_query(store, "agreements").rows == [] and _lists_match(store) == 0


def test_an_officials_timeline_follows_its_events_dates_and_its_type() -> None:
    """An official's timeline is kept by month: an event moved to another month leaves one month's
    rows and joins another's; a participant that stops being an official has no timeline left."""
    store = open_store(MEMORY)
    ingest_articles(store, [MET, LATER, OTHER])
    assert _lists_match(store)
    rows = run_query(store, """SELECT ?e ?d WHERE { ?e a diplo:Meeting ; diplo:date ?d ;
        diplo:participant/rdfs:label "Emmanuel Macron" } ORDER BY ?d""").rows
    assert len(rows) == 2, rows
    event, day = rows[0]
    graph = URIRef(description_graph(str(event)))
    moved = Changes(delete=[(event, DIPLO.date, day, graph)],
                    insert=[(str(graph), [(event, DIPLO.date, Literal("2024-02-29", datatype=XSD.date))])])
    store.apply(rollup_changes(store, moved))
    timeline = run_saved_query(store, "official-timeline", {"official": "macron"}).rows
    assert "2024-02-29" in {str(row[0]) for row in timeline} and str(day) not in {str(row[0]) for row in timeline}
    assert _lists_match(store)
    macron = run_query(store, 'SELECT ?o WHERE { ?o a diplo:Official ; rdfs:label "Emmanuel Macron" }').rows[0][0]
    typed = [(s, p, o, g) for s, p, o, g in store.quads() if s == macron and p == RDF.type and o == DIPLO.Official]
    store.apply(rollup_changes(store, Changes(delete=typed)))
    assert run_saved_query(store, "official-timeline", {"official": "macron"}).rows == [] and _lists_match(store)
    store.apply(rollup_changes(store, Changes(insert=[(str(g), [(s, p, o)]) for s, p, o, g in typed])))
    assert len(run_saved_query(store, "official-timeline", {"official": "macron"}).rows) == len(timeline)
    assert _lists_match(store)


def test_the_rollups_computed_from_named_description_graphs_are_those_of_the_whole_store() -> None:
    """Given every description graph the store holds (and other graphs besides, passed over), the
    rollups read those graphs by name rather than scanning the store: the same rollups."""
    from kg.graph.rollup import computed_rollups

    store = open_store(MEMORY)
    for article in (PLAN, MET, LATER, OTHER):
        ingest_articles(store, [article])
    graphs = store.graph_names()
    assert any(g.startswith(DESCRIPTION_PREFIX) for g in graphs)
    whole = computed_rollups(store)
    assert any(whole.values())
    assert computed_rollups(store, graphs) == whole
    assert computed_rollups(store, [*graphs, description_graph("https://w3id.org/diplo/id/event/none")]) == whole
