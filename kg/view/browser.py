"""Headless Chromium for graph pages: open one, wait for its layout to settle,
collect console errors and network requests, take a screenshot.

Used by the view tests, ``bench/bench_view.py`` and the README screenshot.
It drives Debian's ``chromium`` through its ``chromedriver`` with selenium
(a dev dependency, imported only here and only when a browser starts);
nothing is downloaded. The browser is sandboxed from the network by its
flags, and every request a page makes is read back from the DevTools log.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver",)
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps", "--mute-audio",
    "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,MediaRouter",
)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
BROWSER_PAGES = ("chrome:", "chrome-untrusted:", "devtools:")


class BrowserError(KgError):
    """No usable headless browser, or a page that did not load or settle."""


def _program(variable: str, names: tuple[str, ...]) -> str | None:
    if os.environ.get(variable):
        return shutil.which(os.environ[variable])
    return next(filter(None, map(shutil.which, names)), None)


def find_browser() -> tuple[str, str]:
    """Paths of chromium and chromedriver, or BrowserError saying what is missing and how to get it."""
    browser = _program("KG_CHROMIUM", CHROMIUM_NAMES)
    driver = _program("KG_CHROMEDRIVER", DRIVER_NAMES)
    missing = [name for name, path in (("chromium", browser), ("chromedriver", driver)) if not path]
    if missing:
        raise BrowserError(f"{' and '.join(missing)} not found on PATH (install them with "
                           "'apt-get install chromium chromium-driver', or set KG_CHROMIUM/KG_CHROMEDRIVER)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        raise BrowserError("selenium is not installed (pip install -e '.[dev]')") from None
    assert browser and driver
    return browser, driver


@dataclass
class PageLoad:
    """One page opened: how long its layout took to settle and what it logged."""

    settled_ms: int
    console_errors: list[str]
    requests: list[str]  # URLs the page asked for beyond file:, data:, about: and blob:


class Browser:
    """One headless Chromium session; open pages one after another, then :meth:`close`."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        browser, driver = find_browser()
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        try:
            self.driver: Any = webdriver.Chrome(service=Service(executable_path=driver), options=options)
        except Exception as error:  # selenium raises several kinds; report them as one
            shutil.rmtree(self.profile, ignore_errors=True)
            raise BrowserError(f"cannot start {browser} with {driver}: {str(error).splitlines()[0]}") from None
        self.driver.set_script_timeout(120)
        self.driver.get("about:blank")
        self._drain()

    def _drain(self) -> tuple[list[str], list[str]]:
        errors = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        requests = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated"):
                params = message["params"]
                url = params.get("request", {}).get("url") or params.get("url", "")
                if params.get("documentURL", "").startswith(BROWSER_PAGES):
                    continue  # the browser's own pages (a new-tab page at start-up), not ours
                if not url.startswith(LOCAL_SCHEMES):
                    requests.append(url)
        return errors, requests

    def open(self, path: str | os.PathLike[str], timeout: float = 120.0) -> PageLoad:
        """Load a page from a file and wait until its layout has settled."""
        self._drain()
        self.driver.get(Path(path).resolve().as_uri())
        deadline = time.monotonic() + timeout
        settled = None
        while settled is None:
            settled = self.driver.execute_script("return window.kgSettledMs === undefined ? null : window.kgSettledMs")
            if settled is None:
                if time.monotonic() > deadline:
                    raise BrowserError(f"{path}: layout did not settle within {timeout:.0f} s")
                time.sleep(0.05)
        errors, requests = self._drain()
        return PageLoad(settled_ms=int(settled), console_errors=errors, requests=requests)

    def run(self, script: str, *args: object) -> Any:
        """Run JavaScript in the page and return its result."""
        return self.driver.execute_script(script, *args)

    def logs(self) -> tuple[list[str], list[str]]:
        """Console errors and outside requests since the last call (or since the page opened)."""
        return self._drain()

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(target))
        return target

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
