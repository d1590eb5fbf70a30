"""kg viz --view timeline: the offline page in a real headless Chromium, pictures, filters, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.graph.build import build_article_graph, graph_iri
from kg.model import Event, Evidence, Facts
from kg.sources.article import Article
from kg.store import open_store
from kg.view.browser import Browser
from kg.view.timeline import TimelineOptions, build_timeline

from .corpus import BLINKEN, GENERATED, KZ, TILEUBERDI, US, load_corpus
from .test_view import PAYLOAD_IMG, PAYLOAD_SCRIPT, hostile_graph
from .test_view_browser import browser as browser  # the module's browser session

SECOND_MEETING = "Blinken and Tileuberdi met again in Washington."


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built corpus, a second US-KZ meeting in March 2023 and a hostile article."""
    path = tmp_path_factory.mktemp("timeline") / "store"
    store = load_corpus(open_store(path))
    article = Article(body=SECOND_MEETING, title="Again", url="https://example.org/a5", published=date(2023, 3, 20))
    facts = Facts(countries=(US, KZ), officials=(BLINKEN, TILEUBERDI), events=(
        Event("Meeting", (BLINKEN, TILEUBERDI), "occurred", Evidence(SECOND_MEETING, 0, len(SECOND_MEETING)),
              date=date(2023, 3, 20), location=US),))
    store.add_graph(graph_iri(article), build_article_graph(article, facts, generated_at=GENERATED))
    hostile_graph(store)
    store.flush()
    del store
    return path


def viz(runner: CliRunner, store: Path, *args: str) -> str:
    result = runner.invoke(main, ["viz", "--view", "timeline", "--store", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("options", "events", "groups"), [
    ({}, 11, 10),
    ({"country": "KZ"}, 7, 6),
    ({"pair": "US,KZ"}, 4, 3),
    ({"pair": "kz,us"}, 4, 3),
    ({"official": "Blinken"}, 6, 5),
    ({"official": "antony blinken", "types": ("Meeting",)}, 3, 2),
    ({"country": "KZ", "since": "2023-03-01", "until": "2023-04-30"}, 4, 3),
])
def test_what_a_timeline_counts(store_path: Path, options: dict, events: int, groups: int) -> None:
    timeline = build_timeline(open_store(store_path, read_only=True), TimelineOptions.parse(**options))
    assert (timeline.total, len(timeline.counts)) == (events, groups)
    assert sum(row["count"] for row in timeline.counts) == events - timeline.undated


def test_the_page_renders_offline_with_the_right_counts(runner: CliRunner, browser: Browser, store_path: Path,
                                                        tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    output = viz(runner, store_path, "--pair", "US,KZ", "-o", str(tmp_path / "us-kz.html"))
    assert "4 events over 2 months" in output
    load = browser.open(tmp_path / "us-kz.html")
    assert load.console_errors == [] and load.requests == [], (load.console_errors, load.requests)
    assert browser.run("return window.kgTimeline.ready") is True
    bars = browser.driver.find_elements(By.CSS_SELECTOR, "#chart g.mark-rect path")
    assert len(bars) == 3  # (Feb, Agreement), (Feb, Meeting), (Mar, Meeting)
    heights = sorted(round(bar.rect["height"]) for bar in bars)
    assert heights[0] == heights[1] and heights[2] == 2 * heights[0]  # March holds two meetings
    assert len(browser.driver.find_elements(By.CSS_SELECTOR, "#events > li")) == 4
    tallest = max(bars, key=lambda bar: bar.rect["height"])
    tallest.click()  # a mark links to its events and their sentences
    assert browser.run("return document.getElementById('selection').getAttribute('data-count')") == "2"
    chosen = browser.run("return document.getElementById('selection').textContent")
    assert "2 meetings, occurred, 2023-03" in chosen and SECOND_MEETING in chosen
    assert "Blinken met Tileuberdi in Washington." in chosen


def test_article_text_never_runs(runner: CliRunner, browser: Browser, store_path: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    viz(runner, store_path, "-o", str(tmp_path / "all.html"))
    html = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert PAYLOAD_SCRIPT not in html and PAYLOAD_IMG not in html
    load = browser.open(tmp_path / "all.html")
    assert load.console_errors == [] and load.requests == []
    for bar in browser.driver.find_elements(By.CSS_SELECTOR, "#chart g.mark-rect path"):
        bar.click()
    shown = browser.run("return document.body.textContent")
    assert PAYLOAD_SCRIPT in shown and PAYLOAD_IMG in shown  # shown as text
    assert browser.run("return window.__pwned === undefined")
    assert browser.run("return document.querySelectorAll('img, iframe, object, embed, #events script').length") == 0
    assert browser.run("return document.scripts.length") == 3
    hrefs = browser.run("return Array.from(document.querySelectorAll('a[href]')).map(function (a) { return a.href; })")
    assert hrefs and all(href.startswith("https://") for href in hrefs)


def test_pictures_for_a_report(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    viz(runner, store_path, "--country", "KZ", "-o", str(tmp_path / "kz.svg"))
    svg = ElementTree.parse(tmp_path / "kz.svg").getroot()
    assert svg.tag.endswith("svg")
    text = (tmp_path / "kz.svg").read_text(encoding="utf-8")
    assert "diplo-kg timeline: country KZ" in text and "planned" in text and "occurred" in text
    viz(runner, store_path, "--official", "Blinken", "-o", str(tmp_path / "blinken.png"))
    assert (tmp_path / "blinken.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--pair", "US"], "--pair takes two country codes"),
    (["--pair", "US,Kazakhstan"], "--pair takes ISO 3166-1 alpha-2 codes"),
    (["--official", "Nobody"], "No official named 'Nobody'"),
    (["--country", "QQ"], "No country with ISO code 'QQ'"),
    (["--type", "Summit"], "Unknown type 'Summit'"),
])
def test_bad_options_are_one_line(runner: CliRunner, store_path: Path, tmp_path: Path, args: list[str],
                                  message: str) -> None:
    result = runner.invoke(main, ["viz", "--view", "timeline", "--store", str(store_path), "-o",
                                  str(tmp_path / "t.html"), *args])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "t.html").exists()


def test_pair_and_official_need_the_timeline_view(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["viz", "--pair", "US,KZ", "--store", str(store_path), "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 1 and "--pair and --official go with --view timeline" in result.output
