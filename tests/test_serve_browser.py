"""kg serve in a real headless Chromium: the query page's tables show labels beside IRIs and link
them to their linked-data pages.

Without chromium/chromedriver the tests skip, except under KG_CI=1, where they fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
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
