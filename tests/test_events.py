"""The events table (kg export --format events): written by the real CLI, read back with pandas."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline import ingest_paths
from kg.query.events import COLUMNS, EVENT_CLASSES, event_codes, event_table, iso3_codes
from kg.store import open_store

from .conftest import ROOT, SHARED, write
from .corpus import load_corpus

SEED = SHARED / "corpus" / "dev" / "000_seed-rubio-central-asia.txt"
CENTRAL_ASIA = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
CALL_FROM_WASHINGTON = """title: Secretary Blinken's Call with French Foreign Minister Le Drian
source: https://www.state.gov/secretary-blinkens-call-with-french-foreign-minister-le-drian/
date: 2022-04-06
---
Secretary of State Antony J. Blinken spoke today with French Foreign Minister Jean-Yves Le Drian to discuss Russia's war
against Ukraine.
"""
CALL_FROM_PARIS = """title: Minister Le Drian's Call with Secretary of State Blinken
source: https://www.diplomatie.gouv.fr/en/news/article/conversation-le-drian-blinken
date: 2022-04-06
---
French Foreign Minister Jean-Yves Le Drian spoke today with United States Secretary of State Antony Blinken about the
war in Ukraine.
"""
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} is not there (shared/ beside the repository)")


@dataclass
class Tables:
    store: Path
    folder: Path

    def read(self, runner: CliRunner, name: str, *options: str) -> pd.DataFrame:
        target = self.folder / name
        result = runner.invoke(main, ["export", "--format", "events", "-o", str(target), "--store", str(self.store),
                                      *options])
        assert result.exit_code == 0, result.output
        if name.endswith(".parquet"):
            return pd.read_parquet(target)
        return pd.read_csv(target, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    folder = tmp_path_factory.mktemp("events")
    articles = folder / "articles"
    articles.mkdir()
    write(articles / "000_seed.txt", SEED.read_text(encoding="utf-8"))
    write(articles / "call-washington.txt", CALL_FROM_WASHINGTON)
    write(articles / "call-paris.txt", CALL_FROM_PARIS)
    store = open_store(folder / "store")
    summary = ingest_paths(store, [articles])
    assert summary.added == 3 and not summary.failed
    del store
    return Tables(folder / "store", folder)


def test_seed_article_rows(runner: CliRunner, tables: Tables) -> None:
    events = tables.read(runner, "seed.csv")
    assert list(events.columns) == list(COLUMNS)
    seed = events[events.headline.str.startswith("Rubio plans to visit")]
    assert set(seed.publisher) == {"commonspace.eu"}
    rubio = seed[(seed.event_type == "Visit") & (seed.status == "planned")].iloc[0]
    assert (rubio.source_name, rubio.source_country, rubio.source_sector) == ("Marco Rubio", "USA", "government")
    assert set(rubio.target_country.split("; ")) == CENTRAL_ASIA
    assert (rubio.cameo_code, rubio.cameo_label, rubio.plover_type) == (
        "036", "Express intent to meet or negotiate", "AGREE")
    assert "planned to visit the five Central Asian countries" in rubio.evidence
    statement = seed[seed.event_type == "Statement"].iloc[0]
    leaders = {*statement.source_name.split("; "), *statement.target_name.split("; ")}
    assert {"Friedrich Merz", "Emmanuel Macron", "Giorgia Meloni", "Keir Starmer"} <= leaders
    assert (statement.cameo_code, statement.cameo_label, statement.plover_type) == ("010", "Make statement", "")
    # a side's countries line up with its names (an organisation's official has none)
    assert len(statement.target_country.split("; ")) == len(statement.target_name.split("; "))
    trip = seed[(seed.event_type == "Visit") & (seed.status == "occurred")].iloc[0]
    assert set(trip.source_name.split("; ")) == {"Christopher Landau", "Sergio Gor"}
    assert set(trip.target_country.split("; ")) == {"KAZ", "UZB"}
    assert (trip.cameo_code, trip.plover_type, trip.plover_mode) == ("042", "CONSULT", "visit")
    agreements = seed[seed.event_type == "Agreement"]
    assert {frozenset((a.source_country, a.target_country)) for a in agreements.itertuples()} == {
        frozenset(("USA", "KAZ")), frozenset(("USA", "UZB"))}
    assert set(agreements.cameo_code) == {"030"}


def test_dyads_directed_gives_each_ordered_pair(runner: CliRunner, tables: Tables) -> None:
    directed = tables.read(runner, "directed.parquet", "--dyads", "directed")
    undirected = tables.read(runner, "undirected.csv", "--dyads", "undirected")
    trip = directed[(directed.event_type == "Visit") & (directed.status == "occurred")
                    & directed.headline.str.startswith("Rubio")]
    assert len(trip) == 8  # 2 visitors x 2 countries, both ways; the visitors are never paired with each other
    visiting = trip[trip.cameo_code == "042"]
    hosting = trip[trip.cameo_code == "043"]
    assert set(visiting.source_name) == {"Christopher Landau", "Sergio Gor"} == set(hosting.target_name)
    assert set(hosting.source_country) == {"KAZ", "UZB"} and set(hosting.plover_mode) == {"host"}
    for frame in (directed, undirected):
        assert (frame.target_name.str.contains(";") | frame.source_name.str.contains(";")).sum() == 0
    assert len(directed) == 2 * len(undirected)
    assert directed.report_count.dtype == "int64"


def test_a_merged_two_source_event_is_one_event_with_both_reports(runner: CliRunner, tables: Tables) -> None:
    for name, options in (("calls.csv", ()), ("calls.parquet", ()), ("calls-directed.csv", ("--dyads", "directed"))):
        events = tables.read(runner, name, *options)
        calls = events[events.event_type == "PhoneCall"]
        assert calls.event_id.nunique() == 1, calls
        assert len(calls) == (2 if "directed" in name else 1)
        call = calls.iloc[0]
        assert int(call.report_count) == 2
        assert {call.source_name, call.target_name} == {"Antony J. Blinken", "Jean-Yves Le Drian"}
        assert {call.source_country, call.target_country} == {"USA", "FRA"}
        assert (call.event_date, call.date_basis, call.status) == ("2022-04-06", "event", "occurred")
        assert (call.cameo_code, call.cameo_label, call.plover_type, call.plover_mode) == (
            "041", "Discuss by telephone", "CONSULT", "phone")
        # the sentence and the article are one report's, never one report's sentence with the other's link
        reports = {"state.gov": CALL_FROM_WASHINGTON, "diplomatie.gouv.fr": CALL_FROM_PARIS}
        assert call.publisher in reports
        text = reports[call.publisher]
        assert call.article_url in text and call.headline in text
        assert call.evidence.split(" to discuss")[0].split(" about")[0] in text.replace("\n", " ")


def test_built_corpus_codes_and_sectors() -> None:
    """The hand-built corpus: agreements map to CAMEO 057 / PLOVER AGREE, signatories are the dyad."""
    store = load_corpus(open_store(":memory:"))
    rows = event_table(store)
    signed = [r for r in rows if r["event_type"] == "Agreement"]
    assert len(signed) == 1
    assert (signed[0]["cameo_code"], signed[0]["plover_type"], signed[0]["status"]) == ("057", "AGREE", "occurred")
    assert {signed[0]["source_name"], signed[0]["target_name"]} == {"Antony Blinken", "Mukhtar Tileuberdi"}
    statement = next(r for r in rows if r["event_type"] == "Statement")
    assert (statement["source_name"], statement["target_name"], statement["cameo_code"]) == ("Sergey Lavrov", "",
                                                                                              "010")
    assert statement["event_date"] == "2023-03-10" and statement["date_basis"] == "publication"
    planned_call = next(r for r in rows if r["event_type"] == "PhoneCall" and r["status"] == "planned")
    assert planned_call["cameo_code"] == "036"
    assert all(r["source_sector"] == "government" for r in rows)
    assert {r["source_country"] for r in rows} <= {"USA", "KAZ", "FRA", "RUS"}


def test_stdout_is_csv_and_bad_options_are_one_line(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    load_corpus(open_store(store))
    result = runner.invoke(main, ["export", "--format", "events", "--store", str(store)])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert len(table) == 9 and set(table[0]) == set(COLUMNS)  # 8 events and 1 agreement
    wrong = runner.invoke(main, ["export", "--format", "events", "--dyads", "both", "--store", str(store)])
    assert wrong.exit_code == 2 and "'both' is not one of 'none', 'undirected', 'directed'" in wrong.output
    folder = runner.invoke(main, ["export", "--format", "events", "-o", str(tmp_path), "--store", str(store)])
    assert folder.exit_code == 2 and "is a directory" in folder.output


def test_the_mapping_tables_cover_every_type_status_and_country() -> None:
    table = event_codes()
    for kind in EVENT_CLASSES:
        for status in ("planned", "occurred", "cancelled"):
            assert (kind, status, "") in table
    iso = {line.split("\t")[0] for line in (ROOT / "data" / "countries.tsv").read_text().splitlines()[1:]}
    assert iso <= set(iso3_codes()), sorted(iso - set(iso3_codes()))
    assert all(len(code) == 3 and code.isupper() for code in iso3_codes().values())
