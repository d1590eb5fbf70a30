"""One event, many reports: merging the same meeting, call or visit across articles."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.graph.merge import DEFAULT_MERGE, MergeOptions, explain_event
from kg.pipeline import ingest_articles, remove_article
from kg.query.run import run_query
from kg.sources.article import Article, make_article
from kg.store import open_store
from kg.store.base import MEMORY
from kg.store.embedded import OxigraphStore


def events(store: OxigraphStore, kind: str) -> list[str]:
    rows = run_query(store, f"SELECT DISTINCT ?e WHERE {{ ?e a diplo:{kind} }}").rows
    return sorted(str(row[0]) for row in rows)


def current_status(store: OxigraphStore, event: str) -> str:
    """The merged status, or the status of the one report there is."""
    rows = run_query(store, f"SELECT DISTINCT ?s WHERE {{ OPTIONAL {{ <{event}> diplo:currentStatus ?c }} "
                            f"<{event}> diplo:status ?own . BIND(COALESCE(?c, ?own) AS ?s) }}").rows
    assert len(rows) == 1, rows
    return str(rows[0][0]).rsplit("#", 1)[-1].lower()


def report_count(store: OxigraphStore, event: str) -> int:
    rows = run_query(store, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?r diplo:reportOf <{event}> . "
                            "?a a diplo:Article } }").rows
    summary = run_query(store, f"SELECT ?n WHERE {{ <{event}> diplo:reportCount ?n }}").rows
    if summary:
        assert int(str(summary[0][0])) == int(str(rows[0][0]))
    return int(str(rows[0][0]))


def ingest(*articles: Article, merge: MergeOptions = DEFAULT_MERGE, store: OxigraphStore | None = None
           ) -> OxigraphStore:
    store = store or open_store(MEMORY)
    for article in articles:  # one at a time, as news arrives
        ingest_articles(store, [article], merge=merge)
    return store


WASHINGTON = make_article("President Joseph R. Biden, Jr. spoke today with President Vladimir Putin of Russia. "
                          "They discussed strategic stability.", title="Readout of the call with President Putin",
                          url="https://www.whitehouse.gov/readout-1/", published="2021-01-26")
MOSCOW = make_article("Vladimir Putin had a telephone conversation with President of the United States Joseph Biden "
                      "on Tuesday. The presidents exchanged views on arms control.",
                      title="Telephone conversation with US President Joseph Biden",
                      url="http://en.kremlin.ru/events/president/news/64986", published="2021-01-27")


def test_the_same_call_reported_by_both_sides_is_one_event() -> None:
    store = ingest(WASHINGTON, MOSCOW)
    [call] = events(store, "PhoneCall")
    assert report_count(store, call) == 2
    reports = explain_event(store, call)
    assert len(reports) == 2 and "countries RU, US" in reports[1].reason


def test_no_merge_keeps_raw_reports() -> None:
    store = ingest(WASHINGTON, MOSCOW, merge=MergeOptions(enabled=False))
    assert len(events(store, "PhoneCall")) == 2


def test_a_visit_announced_then_reported() -> None:
    announced = make_article("Prime Minister Narendra Modi of India will travel to the United States on June 21 for "
                             "a state visit.", url="https://www.whitehouse.gov/a/", published="2023-05-10")
    reported = make_article("Prime Minister Narendra Modi of India arrived in the United States today for a state "
                            "visit.", url="https://www.whitehouse.gov/b/", published="2023-06-21")
    store = ingest(announced, reported)
    [visit] = events(store, "Visit")
    assert current_status(store, visit) == "occurred"
    statuses = {str(r[0]).rsplit("#", 1)[-1] for r in run_query(
        store, f"SELECT ?s WHERE {{ <{visit}> diplo:status ?s }}").rows}
    assert statuses == {"Planned", "Occurred"}  # each report's own status is kept


def test_a_meeting_then_its_cancellation_and_removal() -> None:
    planned = make_article("President Biden will meet President Xi Jinping of China on Friday in Bali.",
                           url="https://www.whitehouse.gov/c/", published="2022-11-07")
    cancelled = make_article("The meeting between President Biden and President Xi Jinping of China was postponed.",
                             url="https://www.whitehouse.gov/d/", published="2022-11-09")
    store = ingest(planned, cancelled)
    [meeting] = events(store, "Meeting")
    assert current_status(store, meeting) == "cancelled"
    remove_article(store, cancelled.content_hash)
    assert events(store, "Meeting") == [meeting]
    assert current_status(store, meeting) == "planned" and report_count(store, meeting) == 1
    remove_article(store, planned.content_hash)
    assert events(store, "Meeting") == []
    assert run_query(store, f"ASK {{ <{meeting}> ?p ?o }}").boolean is False  # no event left without a source


def test_two_meetings_of_one_pair_on_different_days_stay_apart() -> None:
    first = make_article("President Biden met President Macron of France today in Washington.",
                         url="https://www.whitehouse.gov/e/", published="2022-12-01")
    second = make_article("President Biden met with President Macron of France today on the summit's margins.",
                          url="https://www.whitehouse.gov/f/", published="2023-05-20")
    store = ingest(first, second)
    assert len(events(store, "Meeting")) == 2


def test_merging_within_one_batch() -> None:
    store = open_store(MEMORY)
    ingest_articles(store, [WASHINGTON, MOSCOW])
    assert len(events(store, "PhoneCall")) == 1


def test_explain_and_no_merge_through_the_cli(tmp_path: Path) -> None:
    for article, name in ((WASHINGTON, "w.txt"), (MOSCOW, "m.txt")):
        (tmp_path / name).write_text(f"title: {article.title}\nsource: {article.url}\ndate: {article.published}\n"
                                     f"---\n{article.body}\n", encoding="utf-8")
    runner = CliRunner()
    store = tmp_path / "store"
    for name in ("w.txt", "m.txt"):
        assert runner.invoke(main, ["ingest", str(tmp_path / name), "--store", str(store)]).exit_code == 0
    [call] = events(open_store(store, read_only=True), "PhoneCall")
    shown = runner.invoke(main, ["explain", call.rsplit("/", 1)[-1], "--store", str(store)])
    assert shown.exit_code == 0, shown.output
    assert "2 reports" in shown.output and "why: same type, countries RU, US" in shown.output
    missing = runner.invoke(main, ["explain", "meeting-000000000000", "--store", str(store)])
    assert missing.exit_code == 1 and "no event with this IRI" in missing.output
    raw = tmp_path / "raw"
    for name in ("w.txt", "m.txt"):
        runner.invoke(main, ["ingest", str(tmp_path / name), "--store", str(raw), "--no-merge"])
    assert len(events(open_store(raw, read_only=True), "PhoneCall")) == 2


def test_undated_reports_years_apart_stay_apart() -> None:
    early = make_article("President Biden and President Sisi of Egypt agreed to hold talks.",
                         url="https://www.whitehouse.gov/g/", published="2021-05-26")
    late = make_article("President Biden and President Sisi of Egypt agreed to hold talks.\nThey spoke of Gaza.",
                        url="https://www.whitehouse.gov/h/", published="2024-08-16")
    store = ingest(early, late)
    assert len(events(store, "Meeting")) == 2


def test_a_dated_report_joins_an_undated_event_reported_near_it_not_a_dated_one_of_another_day() -> None:
    undated = make_article("President Biden will meet President Macron of France.",
                           url="https://www.whitehouse.gov/g/", published="2022-11-20")
    other_day = make_article("President Biden met President Macron of France today in Washington.",
                             url="https://www.whitehouse.gov/h/", published="2022-11-22")
    dated = make_article("President Biden met President Macron of France today at the White House.",
                         url="https://www.whitehouse.gov/i/", published="2022-12-01")
    store = ingest(undated, other_day, dated)
    meetings = events(store, "Meeting")
    assert len(meetings) == 2  # Nov 22 joined the announced meeting; Dec 1, reported near it but another day, not
    assert sorted(report_count(store, m) for m in meetings) == [1, 2]
