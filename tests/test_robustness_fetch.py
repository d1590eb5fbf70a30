"""Downloads an attacker controls (issue 13, #11 and #12): links inside fetched content that point
at loopback or private addresses, servers that trickle, redirects in a loop.

Every server here is the test's own on 127.0.0.1; other addresses are only ever classified,
never connected to.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.sources.article import Article
from kg.sources.inputs import SourceOptions, read_sources
from kg.sources.url import fetch, refusal

from .test_sources_url import SHERMAN

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Sherman and Mori</title><link>{link}</link><pubDate>Thu, 07 Apr 2022 10:00:00 GMT</pubDate></item>
</channel></rss>"""


@contextmanager
def hostile_server() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 with an 'internal' page, a feed linking to it, a trickling page and a
    redirect loop; yields its base URL and the list of paths requested."""
    requested: list[str] = []
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            requested.append(self.path)
            base = f"http://{self.headers['Host']}"
            if self.path.startswith("/feed"):
                target = self.path.split("?to=", 1)[1] if "?to=" in self.path else f"{base}/admin"
                self._answer(FEED.format(link=target.replace("BASE", base)).encode(), "application/rss+xml")
            elif self.path == "/admin":
                self._answer(SHERMAN, "text/html")  # stands for an internal admin page
            elif self.path in ("/a", "/b"):
                self.send_response(302)
                self.send_header("Location", "/b" if self.path == "/a" else "/a")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path.startswith("/trickle"):
                with contextlib.suppress(OSError):
                    if self.path == "/trickle-headers":
                        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 1000:
                            if stop.wait(0.2):
                                return
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    for _ in range(100_000):
                        if stop.wait(0.2):
                            return
                        self.wfile.write(b"x")
                        self.wfile.flush()
            else:
                self.send_error(404)

        def _answer(self, body: bytes, media: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("link", ["BASE/admin", "http://localhost:PORT/admin", "http://[::ffff:127.0.0.1]:PORT/admin"])
def test_a_feed_link_to_a_loopback_address_is_refused_unless_allowed(runner: CliRunner, tmp_path: Path,
                                                                     link: str) -> None:
    with hostile_server() as (base, requested):
        link = link.replace("PORT", base.rsplit(":", 1)[1])
        feed = f"{base}/feed?to={link}"
        store = tmp_path / "store"
        refused = runner.invoke(main, ["ingest", feed, "--store", str(store)])
        assert requested == [f"/feed?to={link}"], requested  # the internal page was never asked for
        assert refused.exit_code == 1, refused.output
        [error] = [line for line in refused.output.splitlines() if line.startswith("Error:")]
        assert error.startswith(f"Error: {feed} item 1: ") and "refused" in error and "loopback" in error, error
        assert "--allow-private" in error
        allowed = runner.invoke(main, ["ingest", feed, "--allow-private", "--store", str(store)])
        assert allowed.exit_code == 0 and "1 added" in allowed.output, allowed.output
        assert requested[-1] == "/admin"


def test_a_url_named_by_the_user_may_be_private_but_links_inside_it_may_not() -> None:
    with hostile_server() as (base, requested):
        [error] = list(read_sources([f"{base}/feed"]))  # the feed itself is fetched: the user asked for it
        assert isinstance(error, InputError) and "refused" in str(error)
        [article] = list(read_sources([f"{base}/feed"], SourceOptions(allow_private=True)))
        assert isinstance(article, Article) and "Wendy Sherman" in article.body
    assert requested == ["/feed", "/feed", "/admin"]


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.9", "private"), ("192.168.1.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("100.64.0.1", "not a public"),
    ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
])
def test_addresses_that_are_not_public_are_named(address: str, kind: str) -> None:
    reason = refusal(address)
    assert reason is not None and kind in reason, reason


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(address) is None


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_the_timeout_bounds_the_whole_download_not_each_read(path: str) -> None:
    with hostile_server() as (base, _):
        started = time.monotonic()
        with pytest.raises(InputError, match=r": no complete answer within 1 s"):
            fetch(base + path, timeout=1)
        assert time.monotonic() - started < 10  # a byte every 0.2 s would hold a per-read timeout for hours


def test_a_redirect_loop_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    with hostile_server() as (base, _):
        result = runner.invoke(main, ["ingest", f"{base}/a", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error == f"Error: {base}/a: the server redirects in a loop ({base}/b again)", result.output
    assert len(result.output.splitlines()) == 2, result.output  # the error and the summary
