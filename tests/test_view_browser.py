"""The graph pages in a real headless Chromium: offline, counts, search, click, filters, payloads.

One browser session serves the whole module. Without chromium/chromedriver
the tests skip, except under KG_CI=1, where they fail.
Run with KG_SCREENSHOT=1 to refresh viz/screenshot.png for the README.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.pipeline import ingest_paths
from kg.store import open_store
from kg.store.embedded import OxigraphStore
from kg.view.browser import Browser, BrowserError, find_browser
from kg.view.page import ViewOptions, write_graph_page

from .conftest import ROOT, SAMPLES
from .test_view import EDGE_COUNT, NODE_COUNT, PAYLOAD_IMG, PAYLOAD_SCRIPT, count, hostile_graph

SCREENSHOT = ROOT / "viz" / "screenshot.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        find_browser()
        session = Browser(width=1400, height=900)
    except BrowserError as error:
        if os.environ.get("KG_CI") == "1":
            pytest.fail(f"KG_CI=1 and no headless browser: {error}")
        pytest.skip(f"no headless browser: {error}")
    yield session
    session.close()


@dataclass
class Pages:
    store: OxigraphStore
    entities: Path
    relations: Path
    hostile: Path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Pages:
    folder = tmp_path_factory.mktemp("pages")
    store = open_store(":memory:")
    assert not ingest_paths(store, [SAMPLES]).failed
    entities = write_graph_page(store, folder / "entities.html").path
    relations = write_graph_page(store, folder / "relations.html", ViewOptions.parse(view="relations")).path
    articles = folder / "articles"
    articles.mkdir()
    (articles / "evil.txt").write_text(
        f"title: Blinken meets {PAYLOAD_SCRIPT} Le Drian {PAYLOAD_IMG}\n"
        "source: https://example.org/news/evil\ndate: 2022-04-06\n---\n"
        "Secretary of State Antony J. Blinken met French Foreign Minister Jean-Yves Le Drian in Paris today "
        f"{PAYLOAD_SCRIPT} and {PAYLOAD_IMG} discussed Ukraine.\n", encoding="utf-8")
    hostile_store = open_store(":memory:")
    assert not ingest_paths(hostile_store, [articles]).failed
    hostile_graph(hostile_store)
    hostile = write_graph_page(hostile_store, folder / "hostile.html").path
    assert entities and relations and hostile
    return Pages(store, entities, relations, hostile)


def load(browser: Browser, path: Path) -> None:
    page = browser.open(path)
    assert page.console_errors == [], page.console_errors
    assert page.requests == [], page.requests


def visible(browser: Browser) -> dict[str, int]:
    return browser.run("return window.kg.visibleCounts()")


def panel_text(browser: Browser) -> str:
    return browser.run("return document.getElementById('panel').textContent")


def test_entity_page_is_offline_and_shows_the_store(browser: Browser, pages: Pages) -> None:
    load(browser, pages.entities)
    assert visible(browser) == {"nodes": count(pages.store, NODE_COUNT), "edges": count(pages.store, EDGE_COUNT)}
    assert browser.run("return document.documentElement.getAttribute('data-settled')") == "true"
    legend = browser.run("return document.getElementById('legend').textContent")
    assert all(word in legend for word in ("Officials", "Countries", "Meetings", "Agreements"))


def test_search_focuses_the_node(browser: Browser, pages: Pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    load(browser, pages.entities)
    box = browser.driver.find_element(By.ID, "search")
    box.send_keys("le drian", Keys.ENTER)
    selected = browser.run("return window.kg.network.getSelectedNodes()")
    assert len(selected) == 1
    name = browser.run("return window.kg.data.nodes[arguments[0]].name", selected[0])
    assert "Le Drian" in name and name in panel_text(browser)
    centre = browser.run("return window.kg.network.getViewPosition()")
    where = browser.run("return window.kg.network.getPositions([arguments[0]])[arguments[0]]", selected[0])
    assert abs(centre["x"] - where["x"]) < 1 and abs(centre["y"] - where["y"]) < 1


def test_clicking_a_node_shows_its_evidence_and_source(browser: Browser, pages: Pages) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    load(browser, pages.entities)
    event = browser.run("return window.kg.data.nodes.find(function (n) {"
                        " return n.cls === 'Meeting' && n.evidence && n.src !== undefined; })")
    browser.run("var p = window.kg.network.getPositions([arguments[0]])[arguments[0]];"
                "window.kg.network.moveTo({position: p, scale: 1.5, animation: false});", event["id"])
    canvas = browser.driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    ActionChains(browser.driver).move_to_element(canvas).click().perform()  # the centre, where the node is
    quote = browser.run("var q = document.querySelector('#panel blockquote'); return q && q.textContent")
    assert quote == event["evidence"]
    link = browser.driver.find_element(By.CSS_SELECTOR, "#panel .source a")
    source = browser.run("return window.kg.data.sources[arguments[0]]", event["src"])
    assert link.get_attribute("href") == source["url"] and link.text == source["headline"]


def test_filters_hide_what_they_should(browser: Browser, pages: Pages) -> None:
    from selenium.webdriver.common.by import By

    load(browser, pages.entities)
    everything = visible(browser)
    hidden_of = ("return window.kg.nodes.get().filter(function (n) { return n.hidden; })"
                 ".map(function (n) { return n.id; })")
    browser.driver.find_element(By.CSS_SELECTOR, "input[data-filter=Meeting]").click()
    data = browser.run("return window.kg.data")
    hidden = set(browser.run(hidden_of))
    meetings = {n["id"] for n in data["nodes"] if n["cls"] == "Meeting"}
    assert meetings <= hidden
    assert all(n["cls"] != "Meeting" for n in data["nodes"] if n["id"] not in hidden)
    assert visible(browser)["nodes"] < everything["nodes"] - len(meetings) + 1
    browser.driver.find_element(By.ID, "reset").click()
    assert visible(browser) == everything

    browser.driver.find_element(By.CSS_SELECTOR, "input[data-filter=occurred]").click()
    hidden = set(browser.run(hidden_of))
    items = [n for n in data["nodes"] if n["cls"] in data["itemClasses"]]
    assert {n["id"] for n in items if n.get("status") == "occurred"} <= hidden
    assert all(n["id"] not in hidden for n in items if n.get("status") not in (None, "occurred"))
    browser.driver.find_element(By.ID, "reset").click()

    browser.run("var s = document.getElementById('since'), u = document.getElementById('until');"
                "s.value = '2022-01-01'; u.value = '2022-12-31';"
                "s.dispatchEvent(new Event('change')); u.dispatchEvent(new Event('change'));")
    hidden = set(browser.run(hidden_of))
    inside = {n["id"] for n in items if n.get("when", "")[:4] == "2022"}
    assert inside and inside.isdisjoint(hidden)
    assert {n["id"] for n in items} - inside <= hidden


def test_relations_page_counts_and_reweights(browser: Browser, pages: Pages) -> None:
    from selenium.webdriver.common.by import By

    load(browser, pages.relations)
    data = browser.run("return window.kg.data")
    assert visible(browser) == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    assert all(n["cls"] in ("Country", "Organization") for n in data["nodes"])
    browser.driver.find_element(By.CSS_SELECTOR, "input[data-filter=Meeting]").click()
    shown = browser.run("return window.kg.edges.get().filter(function (e) { return !e.hidden; })")
    for edge in shown:
        items = [data["items"][i] for i in data["edges"][edge["id"]]["items"]]
        assert edge["label"] == str(sum(1 for item in items if item["cls"] != "Meeting")) != "0"
    pair = max(data["edges"], key=lambda e: len(e["items"]))
    browser.run("window.kg.showEdge(arguments[0])", pair["id"])
    assert "events and agreements" in panel_text(browser) or "event or agreement" in panel_text(browser)


def test_article_payloads_never_run(browser: Browser, pages: Pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    load(browser, pages.hostile)
    data = browser.run("return window.kg.data")
    texts = []
    for node in data["nodes"]:
        browser.run("window.kg.showNode(arguments[0])", node["id"])
        texts.append(panel_text(browser))
    for edge in data["edges"]:
        browser.run("window.kg.showEdge(arguments[0])", edge["id"])
    for kind, ids in (("hoverNode", [n["id"] for n in data["nodes"]]), ("hoverEdge", [e["id"] for e in data["edges"]])):
        for ident in ids:
            browser.run("window.kg.network.body.emitter.emit(arguments[0], "
                        "{node: arguments[1], edge: arguments[1], pointer: {DOM: {x: 5, y: 5}}})", kind, ident)
    browser.run("window.kg.network.body.emitter.emit('hoverNode', {node: arguments[0], pointer: {DOM: {x: 5, y: 5}}})",
                next(n["id"] for n in data["nodes"] if PAYLOAD_IMG in n["name"]))
    assert PAYLOAD_IMG in browser.run("return document.getElementById('tip').textContent")
    box = browser.driver.find_element(By.ID, "search")
    box.send_keys("Mallory", Keys.ENTER)
    shown = "\n".join(texts)
    assert PAYLOAD_SCRIPT in shown and PAYLOAD_IMG in shown  # shown as text, not run
    assert browser.run("return window.__pwned === undefined")
    assert browser.run("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.run("return document.scripts.length") == 4
    hrefs = browser.run("return Array.from(document.querySelectorAll('a[href]')).map(function (a) { return a.href; })")
    assert all(href.startswith("https://") for href in hrefs)  # the javascript: source got no link
    errors, requests = browser.logs()
    assert errors == [] and requests == []


def test_readme_screenshot(browser: Browser, pages: Pages, tmp_path: Path) -> None:
    """The README's picture: the sample articles around the United States, with its side panel."""
    load(browser, pages.entities)
    browser.run("var id = window.kg.find('United States'); window.kg.focusNode(id);"
                "window.kg.network.moveTo({scale: 0.8, animation: false});")
    shot = browser.screenshot(tmp_path / "screenshot.png")
    assert shot.stat().st_size > 20_000
    if os.environ.get("KG_SCREENSHOT") == "1":
        shutil.copyfile(shot, SCREENSHOT)
