"""URLs, pages and feeds over HTTP, from a server on 127.0.0.1 in a thread (no other network)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources.article import Article
from kg.sources.inputs import SourceOptions, read_sources
from kg.sources.url import fetch

FIXTURES = Path(__file__).parent / "fixtures"

#: path -> (content type, body); "/slow" sleeps before answering.
Routes = dict[str, tuple[str, bytes]]


@contextmanager
def local_server(routes: Routes) -> Iterator[str]:
    """Serve `routes` on 127.0.0.1 (a free port) in a thread; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            if self.path == "/slow":
                time.sleep(1.5)
            if self.path not in routes:
                self.send_error(404, "Not Found")
                return
            content_type, body = routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PAGE = (FIXTURES / "page_with_boilerplate.html").read_bytes()
SHERMAN = b"""<html><head><title>Sherman and Mori</title></head><body><nav>Home | Press</nav><article>
<h1>Deputy Secretary Sherman's Meeting with Japanese Vice Minister Mori</h1>
<p>Deputy Secretary of State Wendy Sherman met today with Japanese Vice Minister for Foreign Affairs Takeo Mori in
Washington. They discussed the alliance between the United States and Japan and a free and open Indo-Pacific.</p>
</article><footer>Related articles: Secretary Blinken visits Tokyo</footer></body></html>"""


def test_a_page_url_becomes_one_article_without_boilerplate() -> None:
    with local_server({"/page": ("text/html; charset=utf-8", PAGE)}) as base:
        [article] = list(read_sources([f"{base}/page"]))
    assert isinstance(article, Article), article
    assert article.origin == f"{base}/page"
    assert article.url == "https://www.example.gov/secretary-blinkens-meeting-with-le-drian/"  # canonical
    assert "Le Drian in Paris" in article.body
    assert "Related articles" not in article.body and "Scholz" not in article.body


def test_a_feed_url_gives_each_item_and_fetches_items_without_content() -> None:
    routes: Routes = {"/sherman-mori.html": ("text/html", SHERMAN)}
    with local_server(routes) as base:
        routes["/feed"] = ("application/rss+xml", (FIXTURES / "feed.rss").read_text().replace("{server}", base)
                           .encode())
        items = list(read_sources([f"{base}/feed"], SourceOptions(allow_private=True)))  # its links are on loopback
    first, second, third = items
    assert isinstance(first, Article) and first.body.startswith("Secretary of State Antony J. Blinken spoke")
    assert isinstance(second, Article), second
    assert "Wendy Sherman met today" in second.body and "Related articles" not in second.body
    assert second.url == f"{base}/sherman-mori.html" and str(second.published) == "2022-04-07"
    assert isinstance(third, InputError) and str(third) == f"{base}/feed item 3: the item has no text " \
        "(no content, summary or link)"


@pytest.mark.parametrize(
    "path, problem",
    [
        ("/missing", "the server answered HTTP 404 Not Found"),
        ("/big", "over the limit of 1000"),
        ("/slow", "no complete answer within 0.5 s"),
    ],
)
def test_download_problems_name_the_url(path: str, problem: str) -> None:
    routes: Routes = {"/big": ("text/html", b"x" * 5000), "/slow": ("text/html", PAGE)}
    with local_server(routes) as base:
        [error] = list(read_sources([base + path], SourceOptions(timeout=0.5, max_download_bytes=1000)))
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{base}{path}: ") and problem in str(error), str(error)


def test_unreachable_url_is_one_clear_error() -> None:
    url = f"http://127.0.0.1:{closed_port()}/article"
    with pytest.raises(InputError, match=r"^http://127\.0\.0\.1:\d+/article: unreachable \(connection refused\)$"):
        fetch(url, timeout=2)
    [error] = list(read_sources([url]))
    assert str(error).startswith(url + ": unreachable")


def test_a_dump_url_is_read_as_a_dump() -> None:
    body = (FIXTURES / "dump.jsonl").read_bytes()
    with local_server({"/dump.jsonl": ("text/plain", body)}) as base:
        items = list(read_sources([f"{base}/dump.jsonl"]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "InputError", "Article", "InputError"]
