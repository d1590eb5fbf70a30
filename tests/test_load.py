"""`kg load`: N-Quads files into the embedded store and into a real Virtuoso (its bulk loader
through isql, or SPARQL updates over HTTP), then the merged-event summaries recomputed once;
a bad file loads nothing."""

from __future__ import annotations

import gc
import gzip
import io
import re
import shutil
from datetime import datetime, timezone, tzinfo
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.store.load as kg_load
from kg import pipeline
from kg.cli import main
from kg.graph.build import graph_iri
from kg.graph.iris import DEFAULT_BASE
from kg.graph.layout import DESCRIPTION_PREFIX, SUMMARY
from kg.graph.rollup import COUNTRY_PAIRS, PLANNED
from kg.graph.vocab import DIPLO, with_prefixes
from kg.pipeline import ingest_articles
from kg.sources.article import Article, make_article
from kg.store import bulk, open_store
from kg.store.base import MEMORY, Store
from kg.store.embedded import OxigraphStore, parse_nquads
from kg.store.remote import RemoteStore
from kg.store.validate import validate_store
from kg.store.virtuoso import IsqlLoader

from . import virtuoso
from .test_merge import MOSCOW, WASHINGTON
from .test_store import virtuoso_store


@pytest.fixture(scope="module")
def expected() -> bytes:
    """The store two reports of one call make (one merged event, with its summary), as N-Quads."""
    store = open_store(MEMORY)
    ingest_articles(store, [WASHINGTON])
    ingest_articles(store, [MOSCOW])
    out = io.BytesIO()
    store.serialize(out, "nquads", {})
    assert any(p in SUMMARY for _, p, _, _ in parse_nquads(io.BytesIO(out.getvalue()), "expected"))
    return out.getvalue()


def write_parts(expected: bytes, directory: Path) -> list[Path]:
    """The store's quads without the summaries (as kg extract output has none), in two files, one gzipped."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [line for line in expected.splitlines(keepends=True)
             if not any(f"<{p}>".encode() in line for p in SUMMARY)]
    half = len(lines) // 2
    first, second = directory / "part-00000.nq", directory / "part-00001.nq.gz"
    first.write_bytes(b"".join(lines[:half]))
    second.write_bytes(gzip.compress(b"".join(lines[half:])))
    return [first, second]


def dump(store: Store) -> bytes:
    out = io.BytesIO()
    store.serialize(out, "nquads", {})
    return out.getvalue()


def load(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["load", *args])
    code, said = result.exit_code, result.stderr
    del result
    gc.collect()  # the error's traceback holds the store (and its lock) in a cycle
    return code, said


def test_load_into_the_embedded_store_recomputes_the_summaries(expected: bytes, tmp_path: Path) -> None:
    files = write_parts(expected, tmp_path / "parts")
    code, said = load(*map(str, files), "--store", str(tmp_path / "store"))
    assert code == 0, said
    assert "loaded by the embedded bulk loader" in said and "1 merged-event summaries recomputed" in said
    assert dump(OxigraphStore(tmp_path / "store")) == expected


def test_load_by_several_loads_at_once_stores_the_same(expected: bytes, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With blocks of 512 bytes, the files' lines go to one bulk load per core in many turns."""
    monkeypatch.setattr(bulk, "PART_BYTES", 512)
    files = write_parts(expected, tmp_path / "parts")
    for run in range(3):
        code, said = load(*map(str, files), "--store", str(tmp_path / f"store-{run}"))
        assert code == 0, said
        assert dump(OxigraphStore(tmp_path / f"store-{run}")) == expected


def test_a_bad_file_loads_nothing_into_the_embedded_store(expected: bytes, tmp_path: Path) -> None:
    files = write_parts(expected, tmp_path / "parts")
    bad = tmp_path / "bad.nq"
    bad.write_bytes(b'<https://w3id.org/diplo/id/x> <http://p> "a" <https://w3id.org/diplo/id/graph/g> .\n'
                    b'<https://w3id.org/diplo/id/x> <http://p> "b .\n')
    code, said = load(str(files[0]), str(bad), "--store", str(tmp_path / "store"))
    assert code == 1
    assert said.strip().splitlines() == [f"Error: {bad}: not valid N-Quads ("
                                         + said.split("not valid N-Quads (", 1)[1].strip()]
    assert len(OxigraphStore(tmp_path / "store")) == 0
    other = tmp_path / "other.nq"
    other.write_bytes(b'<http://example.org/s> <http://example.org/p> "x" <http://example.org/g> .\n')
    code, said = load(str(other), "--store", str(tmp_path / "store"))
    assert code == 1 and "not one of diplo-kg's" in said
    code, said = load(str(tmp_path / "missing.nq"), "--store", str(tmp_path / "store"))
    assert code == 1 and said == f"Error: {tmp_path / 'missing.nq'}: no such file\n"


@pytest.fixture
def server() -> virtuoso.VirtuosoServer:
    virtuoso_store()  # skips (or fails under KG_CI=1) without Virtuoso; empties it
    server = virtuoso.virtuoso_server()
    for stale in server.load_dir.iterdir():
        stale.unlink()
    return server


def test_virtuoso_bulk_loader_through_isql(expected: bytes, server: virtuoso.VirtuosoServer) -> None:
    files = write_parts(expected, server.load_dir)
    code, said = load(*map(str, files), "--store", server.sparql_url, "--isql", server.isql_address,
                      "--via", "loader")
    assert code == 0, said
    assert "loaded by Virtuoso's bulk loader" in said and "1 merged-event summaries recomputed" in said
    assert dump(RemoteStore(server.sparql_url)) == expected
    # the same files again (the loader's list remembers them): loaded again, nothing doubled
    code, said = load(*map(str, files), "--store", server.sparql_url, "--isql", server.isql_address)
    assert code == 0 and "Virtuoso's bulk loader" in said and "0 merged-event summaries" in said, said
    assert dump(RemoteStore(server.sparql_url)) == expected


def test_the_isql_password_comes_from_the_environment_not_a_command_line(
        expected: bytes, server: virtuoso.VirtuosoServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """dba with a password of its own, from $KG_ISQL_PASSWORD, handed to isql on its input (a
    command line is there for anyone to read, with ps); dba again after, for the other tests."""
    password = "not-the-default-7f3"
    address = f"dba@127.0.0.1:{server.sql_port}"
    monkeypatch.setenv("KG_ISQL_PASSWORD", password)
    loader = IsqlLoader.parse(address)
    assert loader.password == password and not any(password in part for part in loader.arguments("isql-vt"))
    assert IsqlLoader.parse(f"dba:given@127.0.0.1:{server.sql_port}").password == "given"  # --isql's own first
    server.isql(f"USER_SET_PASSWORD('dba', '{password}');")
    try:
        assert loader.value("user") == "dba"
        files = write_parts(expected, server.load_dir)
        code, said = load(*map(str, files), "--store", server.sparql_url, "--isql", address, "--via", "loader")
        assert code == 0 and "loaded by Virtuoso's bulk loader" in said, said
        assert dump(RemoteStore(server.sparql_url)) == expected
        # (no wrong password here: isql tries it three times, and Virtuoso then refuses dba for a minute)
    finally:
        loader.run("USER_SET_PASSWORD('dba', 'dba');\n")
    assert IsqlLoader.parse(f"dba:dba@127.0.0.1:{server.sql_port}").value("user") == "dba"


def test_files_the_server_cannot_read_go_over_http(expected: bytes, server: virtuoso.VirtuosoServer,
                                                  tmp_path: Path) -> None:
    files = write_parts(expected, tmp_path / "parts")  # not in the server's DirsAllowed
    code, said = load(*map(str, files), "--store", server.sparql_url, "--isql", server.isql_address)
    assert code == 0, said
    assert "loaded by SPARQL updates over HTTP" in said and "not in a directory the server may read" in said
    assert dump(RemoteStore(server.sparql_url)) == expected
    code, said = load(*map(str, files), "--store", server.sparql_url, "--isql", server.isql_address,
                      "--via", "loader")
    assert code == 1 and said.startswith("Error: cannot use Virtuoso's bulk loader: ") and said.count("\n") == 1


def test_a_bad_file_leaves_virtuoso_unchanged(expected: bytes, server: virtuoso.VirtuosoServer) -> None:
    files = write_parts(expected, server.load_dir)
    store = RemoteStore(server.sparql_url)
    code, _ = load(str(files[0]), "--store", server.sparql_url, "--isql", server.isql_address)
    assert code == 0
    before = dump(store)
    bad = server.load_dir / "bad.nq.gz"
    shutil.copy(files[1], bad)
    bad.write_bytes(bad.read_bytes()[:-12])  # cut short: a damaged gzip file
    code, said = load(str(files[1]), str(bad), "--store", server.sparql_url, "--isql", server.isql_address)
    assert code == 1 and said.startswith(f"Error: {bad}: ") and said.count("\n") == 1, said
    assert dump(store) == before


def test_name_records_loaded_without_keys_get_them_beside_those_the_store_held(tmp_path: Path) -> None:
    """Files an extract before 0.4 wrote have name records without keys: the loaded ones get them
    (looked for in the loaded graphs), beside records the store already held with theirs."""
    from kg.graph.identity import stale_name_keys
    from kg.graph.vocab import DIPLO
    from kg.store.load import check_files

    old = open_store(MEMORY)
    ingest_articles(old, [MOSCOW])
    keyed = dump(old)
    assert f"<{DIPLO.nameKey}>".encode() in keyed
    unkeyed = tmp_path / "old.nq"
    unkeyed.write_bytes(b"".join(line for line in keyed.splitlines(keepends=True)
                                 if f"<{DIPLO.nameKey}>".encode() not in line))
    graphs: set[str] = set()
    check_files([unkeyed], graphs=graphs)
    assert graphs == {str(q[3]) for q in parse_nquads(io.BytesIO(keyed), "keyed")}
    store = OxigraphStore(tmp_path / "store")
    ingest_articles(store, [WASHINGTON])
    del store
    gc.collect()
    code, said = load(str(unkeyed), "--store", str(tmp_path / "store"))
    assert code == 0, said
    store = OxigraphStore(tmp_path / "store")
    assert stale_name_keys(store) == []
    held = {q for q in store.quads() if q[1] == DIPLO.nameKey}
    assert {q for q in parse_nquads(io.BytesIO(keyed), "keyed") if q[1] == DIPLO.nameKey} <= held


# -- loads into a store that holds articles: summaries and rollups updated for what is loaded ----

PLAN = make_article("President Biden will meet President Macron of France on October 10, 2022.",
                    url="https://www.whitehouse.gov/plan/", published="2022-09-01")
EARLY = make_article("President Biden met President Macron of France today at the White House.",
                     url="https://www.whitehouse.gov/early/", published="2022-06-01")
MET = make_article("President Biden met President Macron of France today in Paris.",
                   url="https://www.whitehouse.gov/met/", published="2022-12-01")
EARLIEST = make_article("President Biden met President Macron of France today in Rome.",
                        url="https://www.whitehouse.gov/earliest/", published="2021-03-01")


class _Clock(datetime):
    """The one generation time of every article these tests ingest, whenever ingested (a store
    made again must be the same bytes)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        return datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "datetime", _Clock)


def ingested(*articles: Article) -> Store:
    store = open_store(MEMORY)
    for article in articles:
        ingest_articles(store, [article])
    return store


def articles_file(reference: Store, articles: list[Article], path: Path) -> Path:
    """What kg extract writes for `articles`, had it known the store `reference` was made from:
    their graphs and the description graphs, without summaries or rollups."""
    graphs = {f"<{graph_iri(article)}>".encode() for article in articles}
    kept = [line for line in dump(reference).splitlines(keepends=True)
            if not any(f"<{p}>".encode() in line for p in SUMMARY)
            and (line.rsplit(b" ", 2)[-2] in graphs or f"<{DESCRIPTION_PREFIX}".encode() in line.rsplit(b" ", 2)[-2])]
    path.write_bytes(b"".join(kept))
    return path


def loaded_into(before: Store, path: Path, directory: Path, *, whole: bool = False) -> tuple[OxigraphStore, str]:
    """`before`'s quads on disk, then `path` loaded into them by kg load (over the whole store if `whole`)."""
    directory.mkdir(parents=True)
    start = directory / "before.nq"
    start.write_bytes(dump(before))
    OxigraphStore(directory / "store").bulk_load(start.read_bytes(), "nquads")
    gc.collect()
    with pytest.MonkeyPatch.context() as patch:  # these stores are small beside their loads: the way forced
        patch.setattr(kg_load, "INCREMENTAL_RATIO", 10**9 if whole else 0)
        code, said = load(str(path), "--store", str(directory / "store"))
    assert code == 0, said
    assert ("for the loaded graphs" in said) != whole, said
    return OxigraphStore(directory / "store"), said


def still_planned(store: Store) -> int:
    return sum(1 for q in store.quads(PLANNED) if q[1] == DIPLO.stillPlanned)


def country_pair(store: Store) -> dict[str, str]:
    fr, us = f"<{DEFAULT_BASE}country/fr>", f"<{DEFAULT_BASE}country/us>"
    rows = store.query(with_prefixes(f"""SELECT ?p ?o WHERE {{ GRAPH <{COUNTRY_PAIRS}> {{
        ?pair diplo:pairFirst {fr} ; diplo:pairSecond {us} ; ?p ?o }} }}""")).rows
    return {str(p).rsplit("#", 1)[-1]: str(o) for p, o in rows}


def test_a_load_into_a_store_with_articles_joins_their_event_as_the_whole_store_would(
        tmp_path: Path, clock: None) -> None:
    """WASHINGTON ingested, MOSCOW's graphs loaded: one merged event, its summary made by the load."""
    reference = ingested(WASHINGTON, MOSCOW)
    path = articles_file(reference, [MOSCOW], tmp_path / "moscow.nq")
    store, said = loaded_into(ingested(WASHINGTON), path, tmp_path / "incremental")
    assert "1 merged-event summaries recomputed" in said
    assert any(q[1] == DIPLO.reportCount for q in store.quads())
    whole, _ = loaded_into(ingested(WASHINGTON), path, tmp_path / "whole", whole=True)
    assert dump(store) == dump(whole) == dump(reference)
    assert validate_store(store).conforms


def test_a_load_updates_a_pairs_count_and_dates_and_covers_a_plan_as_the_whole_store_would(
        tmp_path: Path, clock: None) -> None:
    """PLAN and EARLY in the store (a plan still planned: EARLY is before its day); MET covers the
    plan and is the pair's last meeting, EARLIEST its first. Loaded, incrementally or over the
    whole store, they give the store that ingesting all four gives."""
    reference = ingested(PLAN, EARLY, MET, EARLIEST)
    before = ingested(PLAN, EARLY)
    assert still_planned(before) == 1 and still_planned(reference) == 0
    held, wanted = country_pair(before), country_pair(reference)
    assert (held["metCount"], held["firstMet"], held["lastMet"]) == ("1", "2022-06-01", "2022-06-01")
    assert (wanted["metCount"], wanted["firstMet"], wanted["lastMet"]) == ("3", "2021-03-01", "2022-12-01")
    path = articles_file(reference, [MET, EARLIEST], tmp_path / "later.nq")
    store, _ = loaded_into(before, path, tmp_path / "incremental")
    whole, _ = loaded_into(before, path, tmp_path / "whole", whole=True)
    assert dump(store) == dump(whole) == dump(reference)
    assert validate_store(store).conforms


def test_a_dump_of_another_store_loads_as_the_whole_store_would(tmp_path: Path, clock: None) -> None:
    """Another store's whole dump (graphs the store holds already, summaries, rollup graphs that
    count other articles than the store's) into a store: what the dump's rollups and summaries say
    that the load does not make true is deleted, as the whole store's recomputation deletes it."""
    path = tmp_path / "other.nq"
    path.write_bytes(dump(ingested(PLAN, EARLY, MET, MOSCOW)))  # MOSCOW an event of its own, the pair met twice
    before = ingested(PLAN, EARLY, EARLIEST, WASHINGTON)
    store, said = loaded_into(before, path, tmp_path / "incremental")
    whole, _ = loaded_into(before, path, tmp_path / "whole", whole=True)
    assert dump(store) == dump(whole)
    assert country_pair(store)["metCount"] == "3" and still_planned(store) == 0
    assert validate_store(store).conforms


def test_a_load_large_beside_the_store_recomputes_over_the_whole_store(tmp_path: Path, clock: None) -> None:
    """The files bring more than half the articles the store holds: the whole store's way."""
    path = articles_file(ingested(WASHINGTON, MOSCOW), [MOSCOW], tmp_path / "moscow.nq")
    (tmp_path / "before.nq").write_bytes(dump(ingested(WASHINGTON)))
    OxigraphStore(tmp_path / "store").bulk_load((tmp_path / "before.nq").read_bytes(), "nquads")
    gc.collect()
    assert kg_load.INCREMENTAL_RATIO == 2
    code, said = load(str(path), "--store", str(tmp_path / "store"))
    assert code == 0 and "updated over the whole store" in said, said


def dump_file_shape(reference: Store) -> list[bytes]:
    """`reference`'s dump as a load may bring it: without summaries, its article graphs twice (once
    under other names, so every event is reported again), the name keys of one copy missing (as
    kg extract wrote before 0.4) and two others wrong (another word, a language tag)."""
    lines = [line for line in dump(reference).splitlines(keepends=True)
             if not any(f"<{p}>".encode() in line for p in SUMMARY)]
    key = f"<{DIPLO.nameKey}>".encode()
    copies = [line.replace(b"/id/graph/", b"/id/graph/copy-") for line in lines if b"/id/graph/" in line]
    copies = [line for line in copies if key not in line]
    keyed = [index for index, line in enumerate(lines) if key in line]
    assert len(keyed) >= 2
    lines[keyed[0]] = re.sub(rb'"([^"]*)" <', rb'"\1"@en <', lines[keyed[0]])
    lines[keyed[1]] = re.sub(rb'"([^"]*)" <', b'"zz" <', lines[keyed[1]])
    return lines + copies


def recomputed_as_before(files: list[Path], location: Path) -> OxigraphStore:
    """The files bulk-loaded as they are, then the summaries, name keys and rollups recomputed
    over the whole store, as kg load did it (the store read back after the load)."""
    from kg.graph.describe import repair_summaries
    from kg.graph.identity import repair_name_keys
    from kg.graph.rollup import repair_rollups

    store = OxigraphStore(location)
    graphs: set[str] = set()
    for path in files:
        data = path.read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        graphs.update(str(q[3]) for q in parse_nquads(io.BytesIO(data), str(path)))
        store.bulk_load(data, "nquads")
    repair_summaries(store)
    repair_name_keys(store, graphs)
    repair_rollups(store)
    return store


@pytest.mark.parametrize("way", ["kept", "read again", "small blocks"])
def test_a_load_into_an_empty_store_stores_what_recomputing_the_loaded_store_gives(
        tmp_path: Path, clock: None, monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    """What kg load computes from the files it checked (the name keys) and over the store it
    loaded gives the store that loading the files plainly and then recomputing every summary, name
    key and rollup from the loaded store gives; and nothing in it is stale after."""
    from kg.graph.describe import stale_summaries
    from kg.graph.identity import stale_name_keys
    from kg.graph.rollup import stale_rollups
    from kg.store import embedded

    if way == "read again":
        monkeypatch.setattr(kg_load, "KEPT_BYTES", 0)
    elif way == "small blocks":
        monkeypatch.setattr(embedded, "CHECK_BLOCK_BYTES", 700)
    lines = dump_file_shape(ingested(PLAN, EARLY, MET, EARLIEST, WASHINGTON, MOSCOW))
    files = [tmp_path / "part-0.nq", tmp_path / "part-1.nq.gz", tmp_path / "part-2.nq"]
    files[0].write_bytes(b"".join(lines[0::3]))
    files[1].write_bytes(gzip.compress(b"".join(lines[1::3])))
    files[2].write_bytes(b"".join(lines[2::3]).rstrip(b"\n"))  # no line break at its end
    code, said = load(*map(str, files), "--store", str(tmp_path / "loaded"))
    assert code == 0 and "over the whole store" in said, said
    loaded = OxigraphStore(tmp_path / "loaded")
    expected = dump(recomputed_as_before(files, tmp_path / "before"))
    assert dump(loaded) == expected
    assert stale_summaries(loaded) == stale_name_keys(loaded) == stale_rollups(loaded) == []
    assert b'"zz"' not in expected and b'"@en' not in expected
