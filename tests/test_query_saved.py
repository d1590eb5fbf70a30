"""Saved queries: known answers on the hand-built corpus, safe parameters, the CLI,
and the same answers from Virtuoso as from the embedded store."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.errors import InputError
from kg.graph.migrate import layout_warning, migrate_store, needs_migration
from kg.graph.rollup import ANSWERS, COUNTRY_PAIRS, ROLLUP_GRAPHS, has_rollups, stale_rollups
from kg.graph.vocab import DIPLO, PREFIXES
from kg.pipeline import ingest_paths, remove_article
from kg.query.answers import read_answer
from kg.query.run import format_result, run_query
from kg.query.saved import adhoc_queries, bind_parameters, run_saved_query, saved_queries, saved_query
from kg.store import open_store
from kg.store.base import MEMORY, XSD_STRING, Changes, QueryResult, Store
from kg.store.order import split_order
from kg.store.validate import validate_store

from . import virtuoso
from .conftest import SHARED
from .corpus import BLINKEN, FR, KZ, LAVROV, LE_DRIAN, RU, TILEUBERDI, TOKAYEV, US, iri, load_corpus
from .test_store import virtuoso_store

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def day(text: str) -> Literal:
    return Literal(text, datatype=XSD_DATE)


@pytest.fixture(scope="module")
def corpus_store() -> Store:
    return load_corpus(open_store(MEMORY))


def table(result: QueryResult, *columns: str) -> list[tuple[str, ...]]:
    index = [result.variables.index(c) for c in columns]
    return [tuple("" if row[i] is None else str(row[i]) for i in index) for row in result.rows]


def test_every_saved_query_is_described_and_tested() -> None:
    assert set(saved_queries()) == {
        "agreements", "bilateral-matrix", "countries-who-met", "country-officials", "country-timeline",
        "event-evidence", "official-timeline", "officials-who-met", "planned-events"}
    for query in saved_queries().values():
        assert query.description and query.text.lstrip().startswith("#")
        assert {p.name for p in query.parameters} == {name for name in ("country", "official", "event")
                                                      if f"${name}" in query.text}


def test_officials_who_met(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "officials-who-met")
    assert table(result, "name_1", "name_2", "events", "first", "last") == [
        ("Mukhtar Tileuberdi", "Antony Blinken", "2", "2023-02-28", "2023-03-10"),
        ("Jean-Yves Le Drian", "Antony Blinken", "1", "2023-03-01", "2023-03-01"),
        ("Mukhtar Tileuberdi", "Sergey Lavrov", "1", "2023-04-01", "2023-04-01"),
    ]
    assert {(str(r[0]), str(r[2])) for r in result.rows} == {
        tuple(sorted((iri(BLINKEN), iri(TILEUBERDI)))), tuple(sorted((iri(BLINKEN), iri(LE_DRIAN)))),
        tuple(sorted((iri(LAVROV), iri(TILEUBERDI))))}


def test_countries_who_met(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "countries-who-met")
    assert table(result, "iso_1", "iso_2", "events", "first", "last") == [
        ("KZ", "US", "2", "2023-02-28", "2023-03-10"),
        ("FR", "US", "1", "2023-03-01", "2023-03-01"),
        ("KZ", "RU", "1", "2023-04-01", "2023-04-01"),
    ]
    assert result.rows[0][5] == day("2023-02-28")


def test_official_timeline_folds_case_as_sparql_does(tmp_path: Path) -> None:
    """Names found from their packed buckets are matched in the case SPARQL's LCASE gives, letters
    beyond ASCII too (the dotted capital I lowercases to two characters): as the query's text finds."""
    (tmp_path / "a.txt").write_text("Foreign Minister Mevlüt Çavuşoğlu of Türkiye met Foreign Minister "
                                    "İbrahim Kalın of Türkiye and Prime Minister Kyriakos ΜΗΤΣΟΤΆΚΗΣ of Greece "
                                    "in Ankara today.\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    assert ingest_paths(store, [tmp_path / "a.txt"]).added == 1
    found = 0
    for text in ("ÇAVUŞ", "çavuşoğlu", "İBRAHİM", "i̇brahim", "ibrahim", "μητσοτάκης", "ΤΆΚΗΣ", "ς", "Ş"):
        values = {"official": text}
        sparql = run_query(store, bind_parameters(saved_query("official-timeline"), values))
        assert run_saved_query(store, "official-timeline", values).rows == sparql.rows, text
        found += bool(sparql.rows)
    assert found >= 4  # the names are the store's, and most searches find one


def test_country_timeline_in_date_order(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "country-timeline", {"country": "kz"})
    rows = table(result, "date", "kind", "status")
    assert sorted(rows) == [("2023-02-28", "Meeting", "Occurred"), ("2023-03-10", "Meeting", "Occurred"),
                            ("2023-04-01", "Meeting", "Occurred"), ("2023-04-01", "Meeting", "Planned"),
                            ("2023-06-01", "Visit", "Planned")]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert run_saved_query(corpus_store, "country-timeline", {"country": "DE"}).rows == []


def test_official_timeline_finds_by_part_of_a_name(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "official-timeline", {"official": "blinken"})
    assert table(result, "date", "kind", "status") == [
        ("", "PhoneCall", "Planned"),
        ("2023-02-28", "Meeting", "Occurred"),
        ("2023-03-01", "PhoneCall", "Occurred"),
        ("2023-03-10", "Meeting", "Occurred"),
    ]
    assert {str(r[5]) for r in result.rows} == {iri(BLINKEN)}


def test_country_officials_with_posts(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "country-officials", {"country": "KZ"})
    assert table(result, "name", "title") == [("Kassym-Jomart Tokayev", "President"),
                                              ("Mukhtar Tileuberdi", "Foreign Minister")]
    assert table(run_saved_query(corpus_store, "country-officials", {"country": "RU"}), "name") == [("Sergey Lavrov",)]


def test_text_typed_on_virtuoso_is_ordered_as_on_the_embedded_store() -> None:
    """Virtuoso orders "x"^^xsd:string after every plain string; the saved queries order by text."""
    remote = load_corpus(virtuoso_store())
    post = URIRef("https://w3id.org/diplo/id/post/acting-president-kz")
    typed = Literal("Acting President", datatype=URIRef(XSD_STRING))
    graph = [(post, DIPLO.postOf, URIRef(iri(KZ))), (post, DIPLO.title, typed),
             (URIRef(iri(TOKAYEV)), DIPLO.holdsPost, post)]
    name = "https://w3id.org/diplo/id/article/typed-title"
    copy = load_corpus(open_store(MEMORY))
    copy.add_graphs([(name, graph)])
    # as another client or a bulk load of N-Quads that spell the type out writes it (kg writes "x")
    lines = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
    virtuoso.virtuoso_server().isql(f"SPARQL INSERT DATA {{ GRAPH <{name}> {{ {lines} }} }};")
    answers = [table(run_saved_query(store, "country-officials", {"country": "KZ"}), "name", "title")
               for store in (copy, remote)]
    assert answers[0] == answers[1] == [("Kassym-Jomart Tokayev", "Acting President"),
                                        ("Kassym-Jomart Tokayev", "President"),
                                        ("Mukhtar Tileuberdi", "Foreign Minister")]


def test_agreements_with_parties_and_status(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "agreements")
    assert table(result, "label", "status", "date", "party", "party_name") == [
        ("Memorandum on critical minerals", "Occurred", "2023-02-28", iri(KZ), "Kazakhstan"),
        ("Memorandum on critical minerals", "Occurred", "2023-02-28", iri(US), "United States"),
    ]


def test_planned_events_not_yet_reported_as_occurred(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "planned-events")
    # The Lavrov-Tileuberdi meeting planned for 2023-04-01 was reported as occurred: not listed.
    assert table(result, "date", "kind") == [("", "PhoneCall"), ("2023-06-01", "Visit")]


def test_bilateral_matrix(corpus_store: Store) -> None:
    result = run_saved_query(corpus_store, "bilateral-matrix")
    assert table(result, "iso_1", "iso_2", "meetings", "visits", "calls", "statements", "agreements", "total") == [
        ("KZ", "US", "2", "0", "0", "0", "1", "3"),
        ("FR", "US", "0", "0", "1", "0", "0", "1"),
        ("KZ", "RU", "1", "0", "0", "0", "0", "1"),
    ]
    assert table(result, "name_1", "name_2")[0] == ("Kazakhstan", "United States")


def test_event_evidence(corpus_store: Store) -> None:
    timeline = run_saved_query(corpus_store, "country-timeline", {"country": "KZ"})
    first = str(timeline.rows[0][timeline.variables.index("event")])
    result = run_saved_query(corpus_store, "event-evidence", {"event": first})
    assert table(result, "sentence", "start", "headline", "url", "published") == [
        ("Secretary Blinken met Foreign Minister Tileuberdi in Astana.", "0", "Blinken in Astana",
         "https://example.org/a1", "2023-02-28")]
    assert str(result.rows[0][-1]).startswith("https://w3id.org/diplo/id/graph/")


@pytest.mark.parametrize(("name", "values", "message"), [
    ("country-timeline", {}, "needs --param country=VALUE"),
    ("country-timeline", {"country": "KZZ"}, "two-letter ISO 3166-1 country code"),
    ("country-timeline", {"country": '" } ; DROP ALL #'}, "two-letter ISO 3166-1 country code"),
    ("country-timeline", {"nation": "KZ"}, "has no parameter 'nation'. Its parameters: country."),
    ("event-evidence", {"event": "https://x/> } DROP ALL { <a:b"}, "give an absolute IRI"),
    ("event-evidence", {"event": "not an iri"}, "give an absolute IRI"),
    ("official-timeline", {"official": "  "}, "non-empty text"),
])
def test_parameters_are_validated(name: str, values: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        bind_parameters(saved_query(name), values)


def test_text_parameters_are_escaped_not_pasted(corpus_store: Store) -> None:
    hostile = 'x")) } DELETE WHERE { ?s ?p ?o } #\\'
    text = bind_parameters(saved_query("official-timeline"), {"official": hostile})
    assert 'LCASE("x\\")) } DELETE WHERE { ?s ?p ?o } #\\\\")' in text
    assert run_saved_query(corpus_store, "official-timeline", {"official": hostile}).rows == []
    before = len(corpus_store)
    assert len(corpus_store) == before


def test_unknown_saved_query_lists_the_choices() -> None:
    with pytest.raises(InputError, match="Unknown saved query 'who'. Choose one of: agreements, bilateral-matrix"):
        saved_query("who")


def test_cli_lists_and_runs_saved_queries(tmp_path: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"])
    assert listing.exit_code == 0, listing.output
    assert "country-timeline  --param country=<iso>" in listing.output
    store_path = tmp_path / "store"
    store = open_store(store_path)
    load_corpus(store)
    del store
    result = runner.invoke(main, ["query", "--named", "country-officials", "--param", "country=KZ",
                                  "--format", "csv", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        f"{iri(TOKAYEV)},Kassym-Jomart Tokayev,President,https://w3id.org/diplo/id/post/president-kz",
        f"{iri(TILEUBERDI)},Mukhtar Tileuberdi,Foreign Minister,https://w3id.org/diplo/id/post/foreign-minister-kz",
    ]
    bad = runner.invoke(main, ["query", "--param", "country=KZ", "ASK {}", "--store", str(store_path)])
    assert bad.exit_code == 1 and "--param goes with --named" in bad.output
    both = runner.invoke(main, ["query", "--named", "agreements", "ASK {}", "--store", str(store_path)])
    assert both.exit_code == 1 and "one of the three" in both.output
    assert FR and RU  # the corpus's other countries appear in the queries above


def test_cli_adhoc_answers_what_the_rollups_answer(tmp_path: Path) -> None:
    """`kg query --named NAME --adhoc` reads the events themselves: on a store on disk that keeps
    rollups, the same rows as the rollup version; a query with no ad-hoc version runs as it is."""
    store_path = tmp_path / "store"
    store = open_store(store_path)
    load_corpus(store)
    assert has_rollups(store)
    del store
    runner = CliRunner()

    def csv(*args: str) -> str:
        result = runner.invoke(main, ["query", *args, "--format", "csv", "--store", str(store_path)])
        assert result.exit_code == 0, result.output
        return result.output

    for name in adhoc_queries():
        params = ["--param", "official=lavrov"] if name == "official-timeline" else []
        rollup = csv("--named", name, *params)
        assert len(rollup.splitlines()) > 1, name  # rows to compare, not two empty answers
        assert csv("--named", name, *params, "--adhoc") == rollup, name
    # with the country-pair rollup gone (its index kept), only --adhoc still finds who met
    answer = csv("--named", "countries-who-met")
    store = open_store(store_path)
    assert store.remove_graph(COUNTRY_PAIRS) and has_rollups(store)
    del store
    assert csv("--named", "countries-who-met").splitlines()[1:] == []
    assert csv("--named", "countries-who-met", "--adhoc") == answer
    assert "country-officials" not in adhoc_queries()
    plain = csv("--named", "country-officials", "--param", "country=KZ")
    assert csv("--named", "country-officials", "--param", "country=KZ", "--adhoc") == plain
    alone = runner.invoke(main, ["query", "--adhoc", "ASK {}", "--store", str(store_path)])
    assert alone.exit_code == 1
    assert alone.stderr == "Error: --adhoc goes with --named NAME (a saved query)\n"


def _answers(store: Store, event: str | None = None) -> dict[str, list[tuple[str, ...]]]:
    """Every saved query's rows, in the order the query gives them."""
    arguments = {"country": "US", "official": "blinken", "event": event or ""}
    answers = {}
    for name, query in saved_queries().items():
        if name == "event-evidence" and not event:
            continue
        result = run_saved_query(store, name, {p.name: arguments[p.name] for p in query.parameters})
        answers[name] = [tuple(str(v) if v is not None else "" for v in row) for row in result.rows]
    return answers


DEV = SHARED / "corpus" / "dev"


@pytest.fixture(scope="session")
def dev_stores() -> tuple[Store, Store]:
    """The development set ingested once, by the real pipeline, into the embedded store and Virtuoso."""
    if not DEV.is_dir():
        pytest.skip(f"{DEV}: no development set beside the repository")
    remote = virtuoso_store()
    embedded = open_store(MEMORY)
    for store in (embedded, remote):
        summary = ingest_paths(store, [DEV])
        assert not summary.failed, summary.failed
    return embedded, remote


def _count(store: Store, sparql: str) -> int:
    return int(str(run_query(store, sparql).rows[0][0]))


def test_each_triple_is_stored_once_on_every_backend(dev_stores: tuple[Store, Store]) -> None:
    """COUNT(*) over the default graph is the Turtle export's distinct triples plus the repeated
    diplo:holdsPost triples (each article graph that states a holding keeps it, for provenance),
    and nothing else is repeated: on the embedded store and on Virtuoso."""
    for store in dev_stores:
        bag = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        # a server's default graph holds its own graphs too (Virtuoso's virtrdf:): leave them out
        bag -= _count(store, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } '
                             'FILTER(!STRSTARTS(STR(?g), "https://w3id.org/diplo/id/")) }')
        turtle = io.BytesIO()
        store.serialize(turtle, "turtle", PREFIXES)
        distinct = len(Graph().parse(data=turtle.getvalue(), format="turtle"))
        copies = Counter((s, p, o) for s, p, o, _ in store.quads())
        repeated = {triple: n - 1 for triple, n in copies.items() if n > 1}
        assert {p for _, p, _ in repeated} == {DIPLO.holdsPost}, store.location  # nothing else is repeated
        assert bag - distinct == sum(repeated.values()) == _count(
            store, "SELECT (COUNT(*) - COUNT(DISTINCT CONCAT(STR(?o), STR(?p))) AS ?n) WHERE { ?o diplo:holdsPost ?p }")
        assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a diplo:Country }") == \
            _count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a diplo:Country }")
        labels = run_query(store, "SELECT ?l WHERE { <https://w3id.org/diplo/id/country/us> rdfs:label ?l }").rows
        assert [str(r[0]) for r in labels] == ["United States"]


def test_patterns_over_events_meet_only_events(dev_stores: tuple[Store, Store]) -> None:
    """A report of an event has properties of its own: ?x diplo:participant ?y finds events only, once each."""
    for store in dev_stores:
        assert _count(store, """SELECT (COUNT(*) AS ?n) WHERE {
            VALUES ?p { diplo:participant diplo:visitor diplo:host diplo:destination diplo:status diplo:date
                        diplo:location diplo:topic }
            ?x ?p ?y FILTER NOT EXISTS { VALUES ?t { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement
                                                      diplo:Agreement } ?x a ?t } }""") == 0
        assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?x diplo:participant ?y }") == \
            _count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?x ?y WHERE { ?x diplo:participant ?y } }")
        assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?r a diplo:Report ; diplo:reportedParticipant ?y }") > 0


def test_virtuoso_gives_the_embedded_answers_on_the_development_set(dev_stores: tuple[Store, Store]) -> None:
    embedded, remote = dev_stores
    assert len(remote) == len(embedded) and remote.graph_names() == embedded.graph_names()
    event = str(embedded.query("SELECT ?e WHERE { ?e a <https://w3id.org/diplo/ontology#Meeting> } "
                               "ORDER BY ?e LIMIT 1").rows[0][0])
    expected = _answers(embedded, event)
    assert sum(len(rows) for rows in expected.values()) > 100  # the development set answers something
    got = _answers(remote, event)
    for name in expected:
        first = next((i for i, (a, b) in enumerate(zip(got[name], expected[name], strict=False)) if a != b), None)
        assert got[name] == expected[name], (
            f"{name}: {len(got[name])} rows vs {len(expected[name])}, same set: "
            f"{sorted(got[name]) == sorted(expected[name])}, first difference at row {first}: "
            f"{got[name][first] if first is not None else None} vs "
            f"{expected[name][first] if first is not None else None}")


ROLLUP_QUERIES = ("bilateral-matrix", "countries-who-met", "official-timeline", "officials-who-met", "planned-events")


def _rollup_answers_match(store: Store) -> None:
    """Each saved query that reads the rollups answers what its ad-hoc version reads from the events;
    those whose rows the rollups carry give, from them, the very terms and order of their SPARQL text."""
    assert set(adhoc_queries()) == set(ROLLUP_QUERIES)
    officials = "SELECT ?n WHERE { ?o a diplo:Official ; rdfs:label ?n }"
    names = sorted({str(n) for (n,) in run_query(store, officials).rows})
    # part of a name in another case, a whole name, what many names hold, and what none does
    searches = [names[0].split()[-1].lower(), names[len(names) // 2].upper(), names[-1], "a", "no such name"]
    for name in ROLLUP_QUERIES:
        for values in [{"official": text} for text in searches] if name == "official-timeline" else [{}]:
            rollup = run_saved_query(store, name, values)
            adhoc = run_saved_query(store, name, values, adhoc=True)
            assert rollup.variables == adhoc.variables, name
            assert [tuple(map(str, r)) for r in rollup.rows] == [tuple(map(str, r)) for r in adhoc.rows], name
    for name, answer in ANSWERS.items():
        for values in ([{answer.search: text} for text in searches] if answer.search else [{}]):
            text = bind_parameters(saved_query(name), values)
            order = split_order(text)
            assert order is not None, name
            packed = read_answer(store, answer, order[1], values[answer.search] if answer.search else None)
            sparql = run_query(store, text)
            assert packed is not None and packed.variables == sparql.variables, name
            assert packed.rows == sparql.rows, (name, values)
            assert run_saved_query(store, name, values).rows == sparql.rows, (name, values)
    assert stale_rollups(store) == []


def test_rollups_answer_like_the_events_on_the_development_set(dev_stores: tuple[Store, Store]) -> None:
    for store in dev_stores:
        assert run_saved_query(store, "officials-who-met").rows, store.location
        _rollup_answers_match(store)


def test_rollups_follow_removals(dev_stores: tuple[Store, Store]) -> None:
    """Removing articles (those that report the most events) keeps the rollups equal to what
    the events say, on a copy of the development store."""
    embedded, _ = dev_stores
    copy = open_store(MEMORY)
    graphs: dict[str, list] = {}
    for s, p, o, g in embedded.quads():
        graphs.setdefault(str(g), []).append((s, p, o))
    copy.add_graphs(graphs.items())
    rows = run_query(copy, "SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?r diplo:reportOf ?e } }").rows
    reports: dict[str, set[str]] = {}
    for event, graph in rows:
        reports.setdefault(str(event), set()).add(str(graph))
    by_graph = Counter(g for graphs_of in reports.values() for g in graphs_of)
    busiest = [graph for graph, _ in sorted(by_graph.items(), key=lambda item: (-item[1], item[0]))[:4]]
    assert len(busiest) == 4
    for graph in busiest:
        remove_article(copy, graph)
        _rollup_answers_match(copy)
    assert run_saved_query(copy, "countries-who-met").rows != run_saved_query(embedded, "countries-who-met").rows


def test_rollups_follow_removals_on_virtuoso(corpus_store: Store) -> None:
    remote = load_corpus(virtuoso_store())
    _rollup_answers_match(remote)
    for graph in sorted(g for g in remote.graph_names() if g.startswith("https://w3id.org/diplo/id/graph/"))[:3]:
        remove_article(remote, graph)
        _rollup_answers_match(remote)


def test_stale_rollups_are_found_and_repaired(corpus_store: Store) -> None:
    store = load_corpus(open_store(MEMORY))
    count = next(q for q in store.quads(COUNTRY_PAIRS) if q[1] == DIPLO.metCount)
    store.apply(Changes(delete=[count], insert=[(COUNTRY_PAIRS, [(count[0], count[1], Literal(99))])]))
    report = validate_store(store)
    assert not report.conforms and str(count[0]) in report.stale and "rollups" in report.text.lower()
    assert validate_store(store, repair=True).conforms
    _rollup_answers_match(store)
    # a store without rollups (written before them) answers from the events, and kg migrate builds them
    store.apply(Changes(drop=list(ROLLUP_GRAPHS)))
    assert needs_migration(store) and layout_warning(store)
    assert run_saved_query(store, "bilateral-matrix").rows == run_saved_query(corpus_store, "bilateral-matrix").rows
    assert migrate_store(store).rollups > 0 and not needs_migration(store)
    _rollup_answers_match(store)


def test_virtuoso_answers_the_corpus_like_the_embedded_store(corpus_store: Store) -> None:
    remote = load_corpus(virtuoso_store())
    assert _answers(remote) == _answers(corpus_store)
    assert format_result(run_saved_query(remote, "bilateral-matrix"), "csv") == \
        format_result(run_saved_query(corpus_store, "bilateral-matrix"), "csv")


def test_an_undated_event_is_listed_once_however_the_country_takes_part(corpus_store: Store) -> None:
    # Lavrov's undated statement has Russia as a participant and Lavrov, who represents it: two
    # ways the timeline's path reaches it, and a DISTINCT that must fold them on every backend
    for store in (corpus_store, load_corpus(virtuoso_store())):
        rows = table(run_saved_query(store, "country-timeline", {"country": "RU"}), "date", "kind", "status")
        assert rows == [("", "Statement", "Occurred"), ("", "PhoneCall", "Planned"),
                        ("2023-04-01", "Meeting", "Planned"), ("2023-04-01", "Meeting", "Occurred")], store


def test_an_official_two_of_whose_names_match_has_each_event_once() -> None:
    # the timeline's DISTINCT folds the rows each matching name gives, undated ones included
    rdfs_label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    answers = []
    for store in (load_corpus(open_store(MEMORY)), load_corpus(virtuoso_store())):
        once = table(run_saved_query(store, "official-timeline", {"official": "lavrov"}), "date", "kind", "status")
        store.add_graph("http://example.org/names", [(URIRef(iri(LAVROV)), rdfs_label, Literal("Sergey V. Lavrov"))])
        twice = table(run_saved_query(store, "official-timeline", {"official": "lavrov"}), "date", "kind", "status")
        assert twice == once and ("", "Statement", "Occurred") in once, store
        answers.append(once)
    assert answers[0] == answers[1]
