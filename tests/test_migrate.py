"""kg migrate: a store written before 0.2 (every article graph describing the shared nodes it
mentions, merged events summarised in graphs of their own) becomes a store in the present layout.

The fixture `fixtures/old-layout/store-0.1.nq` is what diplo-kg at commit 72c4fb0 (before the
layout changed) wrote for the four articles beside it (made-up texts; two pairs of reports of one
event each, so it holds two summary graphs): `kg ingest fixtures/old-layout` then
`kg export --format nquads`.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef

from kg.cli import main
from kg.errors import StoreError
from kg.graph.identity import stale_name_keys
from kg.graph.layout import EVIDENCE, is_article_graph
from kg.graph.migrate import SUMMARY_PREFIX, migrate_store, needs_migration
from kg.graph.rollup import ROLLUP_GRAPHS, ROLLUP_PREFIX, stale_rollups
from kg.graph.vocab import DIPLO, SCHEMA, XSD
from kg.pipeline import ingest_paths, remove_article
from kg.store import open_store
from kg.store.base import MEMORY, Changes, Quad, Store
from kg.store.embedded import OxigraphStore
from kg.store.remote import RemoteStore
from kg.store.validate import validate_store

from . import virtuoso
from .test_store import virtuoso_store

OLD = Path(__file__).parent / "fixtures" / "old-layout"
DUMP = OLD / "store-0.1.nq"
RECORDS = (DIPLO.Report, DIPLO.PostHolding, DIPLO.NameRecord)


def old_quads() -> list[Quad]:
    dataset = Dataset()
    dataset.parse(DUMP, format="nquads")
    return [(s, p, o, URIRef(str(g))) for s, p, o, g in dataset.quads((None, None, None, None))]  # type: ignore[misc]


def load_old(store: Store) -> Store:
    graphs: dict[str, list] = defaultdict(list)
    for s, p, o, g in old_quads():
        graphs[str(g)].append((s, p, o))
    store.add_graphs(sorted(graphs.items()))
    return store


def union(store: Store) -> set[tuple]:
    return {(s, p, o) for s, p, o, _ in store.quads()}


def check_migrated(store: Store) -> None:
    """What the old layout said is still said, once; only records and summaries moved."""
    old = {(s, p, o) for s, p, o, _ in old_quads()}
    new = union(store)
    records = {s for s, p, o in new if p == DIPLO.reportOf or p == DIPLO.holder or p == DIPLO.nameOf}
    # gone: only what is now a record's: a post's evidence (the holding's), an event's evidence offsets
    # and merge reason (its report's); the event's description keeps every other event property
    assert {(s, p, o) for s, p, o in old - new if p not in EVIDENCE | {DIPLO.mergeReason}} == set()
    # new: records of what each article said, the articles' mentions, the pair rollups, nothing else
    rollups = {s for s, _, _, g in store.quads() if str(g).startswith(ROLLUP_PREFIX)}
    assert {(s, p, o) for s, p, o in new - old if s not in records | rollups and p != SCHEMA.mentions} == set()
    assert rollups and stale_rollups(store) == []
    assert stale_name_keys(store) == [] and any(p == DIPLO.nameKey for _, p, _ in new)
    assert not needs_migration(store)
    assert not [g for g in store.graph_names() if g.startswith(SUMMARY_PREFIX)]
    copies = Counter((s, p, o) for s, p, o, _ in store.quads())
    assert {p for (_, p, _), n in copies.items() if n > 1} <= {DIPLO.holdsPost}
    merged = store.query("SELECT ?e ?n WHERE { ?e <https://w3id.org/diplo/ontology#reportCount> ?n }").rows
    assert len(merged) == 2 and {int(str(n)) for _, n in merged} == {2}


def test_kg_refuses_to_write_to_an_old_store_and_warns_its_readers(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, command in (("ingest", [str(OLD / "a1.txt")]), ("remove", ["a" * 64]), ("query", [])):
        location = tmp_path / name  # one store each: a failed command's traceback holds its store open
        old_store = load_old(open_store(location))
        del old_store  # release the writer's lock
        message = (f"{location}: this store repeats shared descriptions in every article graph (written by "
                   f"diplo-kg before 0.2); run 'kg migrate --store {location}' once to store each of them once")
        if name == "query":
            break
        result = runner.invoke(main, [name, *command, "--store", str(location)])
        assert result.exit_code == 1, result.output
        assert result.stderr.strip().splitlines() == [f"Error: {message}"]
    result = runner.invoke(main, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a diplo:Country }",
                                  "--store", str(location), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        f"Warning: {message.replace('; run', ', so answers count each fact once per article; run')}"]
    assert result.stdout.splitlines()[1] != "0"


def test_kg_migrate_rewrites_the_store_once_and_is_rerunnable(tmp_path: Path) -> None:
    location = tmp_path / "store"
    old_store = load_old(open_store(location))
    del old_store  # release the writer's lock
    runner = CliRunner()
    result = runner.invoke(main, ["migrate", "--store", str(location)])
    assert result.exit_code == 0, result.output
    first, built = result.stderr.strip().rsplit(", ", 1)
    assert first == "4 article graphs rewritten, 2 merged-event summaries moved, 0 name keys added"  # split adds them
    assert built.endswith(" rollups built") and int(built.split()[0]) > 0  # the pair rollups (kg.graph.rollup)
    store = OxigraphStore(location)
    check_migrated(store)
    before = sorted(store.quads())
    del store
    again = runner.invoke(main, ["migrate", "--store", str(location)])
    assert again.stderr.strip() == ("0 article graphs rewritten, 2 merged-event summaries moved, 0 name keys added, "
                                    "0 rollups built"), \
        again.output
    store = OxigraphStore(location)
    assert sorted(store.quads()) == before
    # and the store is an ordinary one now: readers are not warned, ingest and remove work
    del store
    query = runner.invoke(main, ["query", "ASK {}", "--store", str(location)])
    assert query.exit_code == 0 and query.stderr == "", query.output
    store = OxigraphStore(location)
    graphs = [g for g in store.graph_names() if is_article_graph(g)]
    remove_article(store, graphs[0].rsplit("/", 1)[-1])
    assert ingest_paths(store, [OLD / "a1.txt", OLD / "a2.txt", OLD / "a3.txt", OLD / "a4.txt"]).added == 1


def test_an_interrupted_migration_on_virtuoso_finishes_when_run_again() -> None:
    server = virtuoso_store()
    reference_store = load_old(open_store(MEMORY))
    expected = migrate_store(reference_store, batch_size=1)
    reference = sorted(tuple(map(str, q)) for q in reference_store.quads())
    proxy = virtuoso.FaultyProxy(server.query_url)
    try:
        store = load_old(RemoteStore(proxy.url, batch_triples=50))
        start = proxy.updates
        migrate_store(store, batch_size=1)  # once through, to count its requests
        total = proxy.updates - start
        virtuoso.virtuoso_server().clear()
        store = load_old(RemoteStore(proxy.url, batch_triples=50))
        assert needs_migration(store)
        proxy.fail_from, proxy.failures = proxy.updates + total * 2 // 3, 1  # a request fails in a later batch
        with pytest.raises(StoreError, match="503"):
            migrate_store(store, batch_size=1)
        proxy.heal()
        assert needs_migration(store)
        summary = migrate_store(store, batch_size=1)
        assert 0 < summary.articles < 4 and summary.events == expected.events
        assert sorted(tuple(map(str, q)) for q in store.quads()) == reference
        check_migrated(store)
    finally:
        proxy.close()


def test_a_store_whose_name_records_have_no_keys_is_migrated_before_it_is_written(tmp_path: Path) -> None:
    """A store written before 0.4 (name records without diplo:nameKey, rollups of version 1) is refused
    writes, as surname-only mentions would no longer find its officials; kg migrate adds the keys."""
    location = tmp_path / "store"
    (tmp_path / "a.txt").write_text("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today.\n")
    (tmp_path / "b.txt").write_text("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.\n")
    store = open_store(location)
    assert ingest_paths(store, [tmp_path / "a.txt"]).added == 1
    keys = [q for q in store.quads() if q[1] == DIPLO.nameKey]
    index = [q for q in store.quads(ROLLUP_GRAPHS[0]) if q[1] == DIPLO.rollupVersion]
    assert keys and index
    store.apply(Changes(delete=keys + index, insert=[(ROLLUP_GRAPHS[0], [
        (index[0][0], DIPLO.rollupVersion, Literal(1, datatype=XSD.integer))])]))
    store.flush()
    assert needs_migration(store) and len(stale_name_keys(store)) == len(keys)
    del store  # release the writer's lock
    runner = CliRunner()
    message = (f"{location}: this store's name records have no lookup keys (written by diplo-kg before 0.4); "
               f"run 'kg migrate --store {location}' once to add them")
    result = runner.invoke(main, ["ingest", str(tmp_path / "b.txt"), "--store", str(location)])
    assert result.exit_code == 1 and result.stderr.strip().splitlines() == [f"Error: {message}"], result.output
    del result  # its traceback holds the store open
    gc.collect()
    result = runner.invoke(main, ["query", "ASK {}", "--store", str(location)])
    assert result.exit_code == 0 and result.stderr.strip().splitlines() == [
        f"Warning: {message.replace('; run', ', so the pair queries answer from the events, slowly; run')}"]
    result = runner.invoke(main, ["migrate", "--store", str(location)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"0 article graphs rewritten, 0 merged-event summaries moved, "
                                    f"{len(keys)} name keys added, "), result.stderr
    result = runner.invoke(main, ["ingest", str(tmp_path / "b.txt"), "--store", str(location)])
    assert result.exit_code == 0, result.output
    store = OxigraphStore(location)
    assert not needs_migration(store) and validate_store(store).conforms
    people = store.query("SELECT DISTINCT ?o WHERE { ?o a <https://w3id.org/diplo/ontology#Official> ; "
                         "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(?l, 'Holloway')) }").rows
    assert len(people) == 1  # the surname-only mention found the official through the key kg migrate added
    # a key gone (or wrong) is what kg validate reports, and --repair puts back
    key = next(q for q in store.quads() if q[1] == DIPLO.nameKey)
    store.apply(Changes(delete=[key], insert=[(str(key[3]), [(key[0], key[1], Literal("someone"))])]))
    report = validate_store(store)
    assert not report.conforms and str(key[0]) in report.stale and "name records" in report.text.lower()
    assert validate_store(store, repair=True).conforms and stale_name_keys(store) == []
    assert key in set(store.quads())


def test_a_store_whose_rollups_carry_no_answer_rows_is_migrated_before_it_is_written(tmp_path: Path) -> None:
    """A store written before 0.5 (rollups of version 2, without diplo:answerRows) is refused writes, as
    its pairs' rows would go stale; its readers hear so and get the saved queries' answers from their
    text; kg migrate adds the rows, which then answer as the text does."""
    location = tmp_path / "store"
    (tmp_path / "a.txt").write_text("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today. "
                                    "Holloway will visit Beijing next month.\n")
    (tmp_path / "b.txt").write_text("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.\n")
    store = open_store(location)
    assert ingest_paths(store, [tmp_path / "a.txt"]).added == 1
    # what version 3 added: the rows, and the officials' names
    rows = [q for q in store.quads() if q[1] in (DIPLO.answerRows, DIPLO.officialName)]
    index = [q for q in store.quads(ROLLUP_GRAPHS[0]) if q[1] == DIPLO.rollupVersion]
    carried = {ROLLUP_PREFIX + name for name in ("official-pairs", "planned", "events", "official-names")}
    assert {str(q[3]) for q in rows} == carried and index
    store.apply(Changes(delete=rows + index, insert=[(ROLLUP_GRAPHS[0], [
        (index[0][0], DIPLO.rollupVersion, Literal(2, datatype=XSD.integer))])]))
    store.flush()
    assert needs_migration(store)
    del store  # release the writer's lock
    runner = CliRunner()
    message = (f"{location}: this store's rollups carry no answer rows (written by diplo-kg before 0.5); "
               f"run 'kg migrate --store {location}' once to add them")
    result = runner.invoke(main, ["ingest", str(tmp_path / "b.txt"), "--store", str(location)])
    assert result.exit_code == 1 and result.stderr.strip().splitlines() == [f"Error: {message}"], result.output
    del result
    gc.collect()
    result = runner.invoke(main, ["query", "--named", "officials-who-met", "--format", "csv", "--store", str(location)])
    assert result.exit_code == 0 and "Holloway" in result.stdout and "Wang Yi" in result.stdout
    before = result.stdout
    result = runner.invoke(main, ["migrate", "--store", str(location)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["query", "--named", "officials-who-met", "--format", "csv", "--store", str(location)])
    assert result.exit_code == 0 and result.stdout == before and result.stderr == ""
    store = OxigraphStore(location)
    assert not needs_migration(store) and stale_rollups(store) == []
    assert {str(q[3]) for q in store.quads() if q[1] in (DIPLO.answerRows, DIPLO.officialName)} == carried
    del store
    gc.collect()
    result = runner.invoke(main, ["ingest", str(tmp_path / "b.txt"), "--store", str(location)])
    assert result.exit_code == 0, result.output


def test_a_store_whose_names_are_not_packed_is_migrated_before_it_is_written(tmp_path: Path) -> None:
    """A store of rollups version 3 (the officials' names as triples only, not packed by bucket) is
    refused writes; official-timeline answers it from its text; kg migrate packs the names, and the
    timeline then answers from the buckets what it answered before."""
    location = tmp_path / "store"
    (tmp_path / "a.txt").write_text("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today.\n")
    (tmp_path / "b.txt").write_text("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.\n")
    store = open_store(location)
    assert ingest_paths(store, [tmp_path / "a.txt"]).added == 1
    names = ROLLUP_PREFIX + "official-names"
    buckets = [q for q in store.quads(names) if q[1] == DIPLO.answerRows]
    index = [q for q in store.quads(ROLLUP_GRAPHS[0]) if q[1] == DIPLO.rollupVersion]
    assert buckets and all(str(q[0]).startswith(names + "/") for q in buckets)
    assert any("holloway" in str(q[2]) for q in buckets)
    store.apply(Changes(delete=buckets + index, insert=[(ROLLUP_GRAPHS[0], [
        (index[0][0], DIPLO.rollupVersion, Literal(3, datatype=XSD.integer))])]))
    store.flush()
    assert needs_migration(store)
    del store
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(tmp_path / "b.txt"), "--store", str(location)])
    assert result.exit_code == 1 and result.stderr.strip().splitlines() == [
        f"Error: {location}: this store's rollups do not pack the officials' names (written by an earlier "
        f"diplo-kg 0.5); run 'kg migrate --store {location}' once to add them"], result.output
    del result
    gc.collect()
    timeline = ["query", "--named", "official-timeline", "--param", "official=HOLLO", "--format", "csv",
                "--store", str(location)]
    result = runner.invoke(main, timeline)
    assert result.exit_code == 0 and "Holloway" in result.stdout, result.output
    before = result.stdout
    assert runner.invoke(main, ["migrate", "--store", str(location)]).exit_code == 0
    result = runner.invoke(main, timeline)
    assert result.exit_code == 0 and result.stdout == before and result.stderr == ""
    store = OxigraphStore(location)
    assert not needs_migration(store) and stale_rollups(store) == []
    assert {q[0] for q in store.quads(names) if q[1] == DIPLO.answerRows} == {q[0] for q in buckets}
