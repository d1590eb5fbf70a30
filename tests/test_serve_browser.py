"""kg serve in a real headless Chromium: the query page's tables show labels beside IRIs and link
them to their linked-data pages.

Without chromium/chromedriver the tests skip, except under KG_CI=1, where they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.serve import EndpointServer, ServeConfig
from kg.view.browser import Browser, BrowserError, find_browser

from .corpus import serve_corpus


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        find_browser()
        session = Browser(width=1200, height=800)
    except BrowserError as error:
        if os.environ.get("KG_CI") == "1":
            pytest.fail(f"KG_CI=1 and no headless browser: {error}")
        pytest.skip(f"no headless browser: {error}")
    yield session
    session.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointServer]:
    yield from serve_corpus(tmp_path_factory.mktemp("browser"), ServeConfig(port=0, timeout=20, workers=2))


def wait_for(browser: Browser, script: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.run(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def test_result_tables_show_labels_and_link_to_pages(browser: Browser, server: EndpointServer) -> None:
    root = server.url[: -len("/sparql")]
    browser.driver.get(root + "/")
    browser.run("document.getElementById('query').value = arguments[0]; document.getElementById('run').click()",
                "SELECT ?c WHERE { ?c a diplo:Country } ORDER BY ?c")
    labels = wait_for(browser, "const l = [...document.querySelectorAll('#out a .label')].map(e => e.textContent);"
                               "return l.length && l.every(x => x) ? l : null")
    assert [label.strip() for label in labels] == ["France", "Kazakhstan", "Russia", "United States"]
    hrefs = browser.run("return [...document.querySelectorAll('#out a')].map(a => a.getAttribute('href'))")
    assert hrefs == ["/id/country/fr", "/id/country/kz", "/id/country/ru", "/id/country/us"]
    browser.run("document.querySelector('#out a').click()")
    heading = wait_for(browser, "const h = document.querySelector('h1'); return h && h.textContent")
    assert heading == "France" and browser.driver.current_url == root + "/id/country/fr"


def test_a_saved_query_shows_its_text_and_its_answer(browser: Browser, server: EndpointServer) -> None:
    root = server.url[: -len("/sparql")]
    browser.driver.get(root + "/")
    wait_for(browser, "return [...document.querySelectorAll('#saved button')].length")
    browser.run("[...document.querySelectorAll('#saved button')].find(b => b.textContent === 'officials-who-met')"
                ".click()")
    names = wait_for(browser, "const l = [...document.querySelectorAll('#out td')].map(e => e.textContent);"
                              "return l.length ? l : null")
    assert any("Lavrov" in name for name in names) and any("Blinken" in name for name in names)
    assert "diplo:metCount" in browser.run("return document.getElementById('query').value")
    assert browser.run("return document.getElementById('status').textContent").startswith("200 in ")


YASGUI = Path(os.environ.get("KG_YASGUI_DIR", "/opt/kg-yasgui")) / "node_modules" / "@triply" / "yasgui" / "build"
YASGUI_PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="yasgui.min.css">
<script src="yasgui.min.js"></script></head><body><div id="yasgui"></div><script>
const endpoint = new URLSearchParams(location.search).get("endpoint");
window.yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint, method: "POST" }, copyEndpointOnNewTab: false, persistenceId: null,
  yasqe: { autocompleters: ["variables"], prefixCcApi: "prefixes.json" } });  // never a host on the internet
</script></body></html>"""


@contextlib.contextmanager
def yasgui_site() -> Iterator[str]:
    """The YASGUI bundle and a page using it (?endpoint=URL), served from a loopback origin of their own."""
    folder = Path(tempfile.mkdtemp(prefix="kg-yasgui-"))
    for name in ("yasgui.min.js", "yasgui.min.css"):
        shutil.copy(YASGUI / name, folder / name)
    (folder / "index.html").write_text(YASGUI_PAGE)
    (folder / "prefixes.json").write_text("{}")
    handler = functools.partial(QuietHandler, directory=str(folder))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()
        shutil.rmtree(folder, ignore_errors=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def run_in_yasgui(browser: Browser, page: str, endpoint: str, query: str) -> str:
    """Open the YASGUI page on `endpoint`, run `query`, and give the text of its result area."""
    browser.driver.get(f"{page}/index.html?endpoint={urllib.parse.quote(endpoint, safe='')}")
    wait_for(browser, "return Boolean(window.yasgui && window.yasgui.getTab() && window.yasgui.getTab().getYasqe())")
    browser.run("const tab = window.yasgui.getTab(); tab.getYasqe().setValue(arguments[0]); tab.query();", query)
    return str(wait_for(browser, "const r = document.querySelector('.yasr'); return r && "
                                 "/results in|Unable to get response/.test(r.textContent) && r.textContent"))


@pytest.mark.skipif(not (YASGUI / "yasgui.min.js").exists() and os.environ.get("KG_CI") != "1",
                    reason="YASGUI is not installed (.ci/setup.d/40-yasgui.sh, from the npm registry)")
def test_yasgui_from_another_origin_queries_kg_serve_with_cors(browser: Browser,
                                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    query = ("SELECT ?name WHERE { ?o a <https://w3id.org/diplo/ontology#Official> ; "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name")
    with yasgui_site() as page:
        browser.logs()
        for endpoint in serve_corpus(tmp_path_factory.mktemp("cors"), ServeConfig(port=0, workers=2, cors=page)):
            shown = run_in_yasgui(browser, page, endpoint.url, query)
            assert "5 results in" in shown and "Antony Blinken" in shown and "Sergey Lavrov" in shown, shown
        for endpoint in serve_corpus(tmp_path_factory.mktemp("nocors"), ServeConfig(port=0, workers=1)):
            assert "Unable to get response" in run_in_yasgui(browser, page, endpoint.url, query)  # no CORS: refused
        _, requests = browser.logs()
        assert requests and all(url.startswith("http://127.0.0.1:") for url in requests), requests
