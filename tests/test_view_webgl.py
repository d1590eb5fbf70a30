"""The WebGL page (sigma.js) at 20,000 nodes in a real headless Chromium: the same checks as the
canvas page's browser tests (offline, counts, search, click, filters, panel, hostile text).

The graph is made directly as view data (kg.view.data types), not through a store, so the
test spends its time in the browser and the renderer, not in building 5,000 articles; the
store-to-page path is the canvas tests' and the benchmark's. One page and one browser serve
the module.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.view.browser import Browser
from kg.view.data import Post, Source, ViewEdge, ViewGraph, ViewNode
from kg.view.render import render_page

from .test_view import PAYLOAD_IMG, PAYLOAD_SCRIPT
from .test_view_browser import browser as browser  # the module's browser session

SIZE = 20_000
KINDS = ("Meeting", "Meeting", "Visit", "PhoneCall", "Statement", "Agreement")
STATUSES = ("occurred", "occurred", "planned", "cancelled")


def synthetic_view(size: int, seed: int = 3) -> ViewGraph:
    """About `size` nodes: countries, officials holding posts, events joining them; a few hostile ones."""
    rng = random.Random(seed)
    countries = [ViewNode(f"https://w3id.org/diplo/id/country/c{i}", "Country", f"Country {i:03d}", iso=f"C{i}")
                 for i in range(200)]
    countries.append(ViewNode("https://w3id.org/diplo/id/country/zz", "Country", f"{PAYLOAD_SCRIPT}Evilland", iso="ZZ"))
    officials = [ViewNode(f"https://w3id.org/diplo/id/person/p{i}", "Official", f"Official {i:05d}")
                 for i in range(size // 4)]
    officials.append(ViewNode("https://w3id.org/diplo/id/person/mallory", "Official", f"{PAYLOAD_IMG} Mallory"))
    owner = {o.iri: rng.choice(countries).iri for o in officials}
    owner[officials[-1].iri] = countries[-1].iri
    posts = {o.iri: [Post(o.iri, "Foreign Minister", owner[o.iri], f"Foreign Minister {o.name}",
                          Source("https://example.org/posts", "Posts", "2024-01-01"))] for o in officials}
    nodes, edges = [*countries, *officials], []
    for official in officials:
        edges.append(ViewEdge(official.iri, owner[official.iri], roles=("holds post",), detail=("Foreign Minister",)))
    for number in range(size - len(nodes)):
        kind, status = rng.choice(KINDS), rng.choice(STATUSES)
        day = f"20{rng.randrange(20, 26)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
        sentence = f"Synthetic report {number}: the officials met and talked."
        headline, url = f"Article {number}", f"https://example.org/articles/{number}"
        if number == 0:
            sentence = f"Minister {PAYLOAD_IMG} Mallory met the {PAYLOAD_SCRIPT} delegation."
            headline, url = f"Headline {PAYLOAD_SCRIPT}", "javascript:window.__pwned=1"
        item = ViewNode(f"https://w3id.org/diplo/id/event/e{number}", kind, f"{kind} {number}", date=day,
                        status=status, evidence=sentence, source=Source(url, headline, day))
        nodes.append(item)
        people = [officials[-1], officials[0]] if number == 0 else rng.sample(officials, 2)
        for person in people:
            edges.append(ViewEdge(item.iri, person.iri, roles=("party" if kind == "Agreement" else "participant",)))
    items = {n.iri: n for n in nodes if n.is_item}
    return ViewGraph("entities", nodes, edges, items, posts, len(nodes))


@dataclass
class Page:
    path: Path
    view: ViewGraph


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    view = synthetic_view(SIZE)
    html, counts = render_page(view, "WebGL test", "webgl")
    assert counts.nodes == len(view.nodes) >= SIZE - 1
    path = tmp_path_factory.mktemp("webgl") / "graph.html"
    path.write_text(html, encoding="utf-8")
    return Page(path, view)


@pytest.fixture(scope="module")
def opened(browser: Browser, page: Page) -> Browser:
    load = browser.open(page.path, timeout=300)
    assert load.console_errors == [] and load.requests == [], (load.console_errors, load.requests)
    return browser


def fresh(session: Browser) -> None:
    """Back to the page as it opened: every filter off, nothing selected."""
    session.run("document.getElementById('reset').click(); document.getElementById('panel').textContent = '';")


def test_the_webgl_page_is_offline_and_shows_everything(opened: Browser, page: Page) -> None:
    assert opened.run("return window.kg.renderer") == "webgl"
    assert opened.run("return document.querySelectorAll('#graph canvas').length") >= 2  # sigma's layers
    assert opened.run("return window.kg.visibleCounts()") == {"nodes": len(page.view.nodes),
                                                              "edges": len(page.view.edges)}


def test_search_focuses_the_node(opened: Browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    fresh(opened)
    box = opened.driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys("official 01234", Keys.ENTER)
    selected = opened.run("return window.kg.selected()")
    assert len(selected) == 1
    assert opened.run("return window.kg.data.nodes[arguments[0]].name", selected[0]) == "Official 01234"
    assert "Official 01234" in opened.run("return document.getElementById('panel').textContent")
    camera = opened.run("return window.kg.drawing.sigma.getCamera().getState()")
    place = opened.run("return window.kg.drawing.sigma.getNodeDisplayData(String(arguments[0]))", selected[0])
    assert abs(camera["x"] - place["x"]) < 1e-6 and abs(camera["y"] - place["y"]) < 1e-6


def test_clicking_a_node_shows_its_evidence_and_source(opened: Browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    fresh(opened)
    event = opened.run("return window.kg.data.nodes.find(function (n) {"
                       " return n.cls === 'Visit' && n.src !== undefined && !/pwned/.test(n.evidence); })")
    opened.run("window.kg.focusNode(arguments[0]); document.getElementById('panel').textContent = '';", event["id"])
    container = opened.driver.find_element(By.ID, "graph")
    ActionChains(opened.driver).move_to_element(container).click().perform()  # the centre, where the node is
    assert opened.run("return document.getElementById('panel').getAttribute('data-node')") == str(event["id"])
    assert opened.run("return document.querySelector('#panel blockquote').textContent") == event["evidence"]
    link = opened.driver.find_element(By.CSS_SELECTOR, "#panel .source a")
    source = opened.run("return window.kg.data.sources[arguments[0]]", event["src"])
    assert link.get_attribute("href") == source["url"] and link.text == source["headline"]


def test_filters_hide_what_they_should(opened: Browser) -> None:
    from selenium.webdriver.common.by import By

    fresh(opened)
    everything = opened.run("return window.kg.visibleCounts()")
    nodes = opened.run("return window.kg.data.nodes.map(function (n) {"
                       " return [n.id, n.cls, n.status || '', n.when || '']; })")
    opened.driver.find_element(By.CSS_SELECTOR, "input[data-filter=Meeting]").click()
    hidden = set(opened.run("return window.kg.hiddenNodes()"))
    meetings = {ident for ident, cls, _, _ in nodes if cls == "Meeting"}
    assert meetings <= hidden
    assert opened.run("return window.kg.visibleCounts()")["nodes"] <= everything["nodes"] - len(meetings)
    opened.driver.find_element(By.ID, "reset").click()
    assert opened.run("return window.kg.visibleCounts()") == everything

    opened.driver.find_element(By.CSS_SELECTOR, "input[data-filter=planned]").click()
    hidden = set(opened.run("return window.kg.hiddenNodes()"))
    items = [(ident, status) for ident, cls, status, _ in nodes if cls not in ("Official", "Country")]
    assert {ident for ident, status in items if status == "planned"} <= hidden
    assert all(ident not in hidden for ident, status in items if status != "planned")
    opened.driver.find_element(By.ID, "reset").click()

    opened.run("var s = document.getElementById('since'), u = document.getElementById('until');"
               "s.value = '2022-01-01'; u.value = '2022-12-31';"
               "s.dispatchEvent(new Event('change')); u.dispatchEvent(new Event('change'));")
    hidden = set(opened.run("return window.kg.hiddenNodes()"))
    inside = {ident for ident, cls, _, when in nodes if cls not in ("Official", "Country") and when[:4] == "2022"}
    assert inside and inside.isdisjoint(hidden)
    assert {ident for ident, cls, _, _ in nodes if cls not in ("Official", "Country")} - inside <= hidden


def test_a_country_shows_its_timeline_in_the_panel(opened: Browser, page: Page) -> None:
    fresh(opened)
    country = opened.run("return window.kg.data.nodes.find(function (n) { return n.cls === 'Country' && n.involved; })")
    opened.run("window.kg.showNode(arguments[0])", country["id"])
    for _ in range(100):
        if opened.run("return document.querySelectorAll('#panel .timeline svg g.mark-rect path').length"):
            break
        opened.run("return new Promise(function (done) { setTimeout(done, 50); })")
    dated = [page.view.nodes[i] for i in country["involved"] if page.view.nodes[i].when()]
    assert int(opened.run("return document.querySelector('#panel .timeline').getAttribute('data-events')")) == \
        len(dated) > 0
    assert opened.run("return document.querySelectorAll('#panel .timeline svg g.mark-rect path').length") > 0


def test_article_payloads_never_run(opened: Browser) -> None:
    fresh(opened)
    hostile = opened.run("return window.kg.data.nodes.filter(function (n) {"
                         " return /pwned/.test(n.name + (n.evidence || '')); }).map(function (n) { return n.id; })")
    assert len(hostile) >= 3
    texts = []
    for ident in hostile:
        opened.run("window.kg.showNode(arguments[0]); window.kg.hover('node', arguments[0])", ident)
        texts.append(opened.run("return document.getElementById('panel').textContent + "
                                "document.getElementById('tip').textContent"))
    edges = opened.run("var ids = arguments[0]; return window.kg.data.edges.filter(function (e) {"
                       " return ids.indexOf(e.from) >= 0; }).map(function (e) { return e.id; })", hostile)
    for ident in edges[:20]:
        opened.run("window.kg.showEdge(arguments[0]); window.kg.hover('edge', arguments[0])", ident)
    shown = "\n".join(texts)
    assert PAYLOAD_SCRIPT in shown and PAYLOAD_IMG in shown  # shown as text, not run
    assert opened.run("return window.__pwned === undefined")
    assert opened.run("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert opened.run("return document.scripts.length") == 4
    hrefs = opened.run("return Array.from(document.querySelectorAll('a[href]')).map(function (a) { return a.href; })")
    assert all(href.startswith("https://") for href in hrefs)  # the javascript: source got no link
    errors, requests = opened.logs()
    assert errors == [] and requests == []
