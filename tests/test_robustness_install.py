"""The HTML path works on a plain `pip install .` (issue 13, #1): what it imports is pinned.

trafilatura's justext imports `lxml.html.clean`, which lxml 6 moved to the package
lxml_html_clean; justext asks for it only through an extra of lxml, which older pips (the one a
fresh venv has) do not install, so a plain install failed on every page. CI installs the package
without dev extras and runs the HTML tests on it (.ci/plain-install.sh); this test keeps the pins.
"""

from __future__ import annotations

import configparser
import importlib.metadata
import re

from kg.sources.html import read_html

from .conftest import ROOT

#: The distributions a web page goes through, and the module each provides.
HTML_PATH = {"trafilatura": "trafilatura", "jusText": "justext", "lxml": "lxml", "lxml_html_clean": "lxml_html_clean"}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_package_the_html_path_imports_is_pinned_exactly() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    pins = {_key(name): version for name, version in (line.strip().split("==") for line in
                                                      config["options"]["install_requires"].splitlines()
                                                      if "==" in line)}
    for distribution, module in HTML_PATH.items():
        __import__(module)
        installed = importlib.metadata.version(distribution)
        assert pins.get(_key(distribution)) == installed, f"{distribution} {installed} is not pinned in setup.cfg"


def test_a_page_is_read_with_what_is_installed() -> None:
    article = read_html(b"<html><head><title>Call</title></head><body><article><p>President Biden spoke "
                        b"today with Chancellor Scholz of Germany about Ukraine and energy.</p></article>"
                        b"</body></html>", "page.html")
    assert "Chancellor Scholz" in article.body
