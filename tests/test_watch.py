"""kg watch against a feed server on 127.0.0.1 whose feed changes between polls."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.sources.watch import parse_interval, read_feed_list
from kg.store import open_store

KG = Path(sys.executable).with_name("kg")
SENTENCES = (
    "Secretary of State Antony J. Blinken met French Foreign Minister Jean-Yves Le Drian in Paris.",
    "President Joseph R. Biden spoke by phone with Chancellor Olaf Scholz of Germany.",
    "Prime Minister Boris Johnson hosted President Emmanuel Macron in London.",
    "Foreign Minister Sergey Lavrov met Foreign Minister Mukhtar Tileuberdi of Kazakhstan in Moscow.",
)


@dataclass
class Feed:
    """The feed the server gives: its items, a version (its ETag) and a log of what was asked."""

    items: list[int] = field(default_factory=lambda: [0, 1])
    version: int = 1
    requests: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, number: int) -> None:
        with self.lock:
            self.items.append(number)
            self.version += 1

    def body(self) -> bytes:
        entries = "".join(
            f"<item><title>Readout {n}</title><link>https://example.org/readouts/{n}</link>"
            f"<pubDate>{formatdate(1_650_000_000 + n * 86400, usegmt=True)}</pubDate>"
            f"<content:encoded>{SENTENCES[n]}</content:encoded></item>" for n in self.items)
        return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                f'<channel><title>Readouts</title>{entries}</channel></rss>').encode()

    def statuses(self, path: str) -> list[int]:
        return [status for asked, status in self.requests if asked == path]


@pytest.fixture
def server() -> Iterator[tuple[str, Feed]]:
    feed = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            with feed.lock:
                if self.path == "/broken.xml":
                    status, body, tag = 500, b"", ""
                elif self.path == "/page.html":  # a page with no validators: known by its content
                    status, tag = 200, ""
                    body = (f"<html><head><title>Readout {feed.version}</title></head><body><article><h1>Readout "
                            f"{feed.version}</h1><p>{SENTENCES[feed.version % len(SENTENCES)]}</p><p>"
                            + "They discussed the war in Ukraine and energy security. " * 8
                            + "</p></article></body></html>").encode()
                elif self.path == "/feed.xml":
                    tag = f'"v{feed.version}"'
                    status = 304 if self.headers.get("If-None-Match") == tag else 200
                    body = b"" if status == 304 else feed.body()
                else:
                    status, body, tag = 404, b"", ""
                feed.requests.append((self.path, status))
            self.send_response(status)
            if tag:
                self.send_header("ETag", tag)
                self.send_header("Last-Modified", formatdate(1_700_000_000 + feed.version, usegmt=True))
            self.send_header("Content-Type", "text/html" if self.path.endswith(".html") else "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", feed
    finally:
        httpd.shutdown()
        httpd.server_close()


def articles_in(store: Path) -> set[str]:
    rows = open_store(store, read_only=True).query(
        "SELECT ?h WHERE { ?a a <https://w3id.org/diplo/ontology#Article> ; <https://schema.org/headline> ?h }").rows
    return {str(row[0]) for row in rows}


def test_once_ingests_new_items_and_a_304_costs_nothing(runner: CliRunner, server: tuple[str, Feed],
                                                        tmp_path: Path) -> None:
    base, feed = server
    store, state = tmp_path / "store", tmp_path / "watch.json"
    watch = ["watch", f"{base}/feed.xml", f"{base}/broken.xml", "--once", "--store", str(store),
             "--state", str(state)]
    first = runner.invoke(main, watch)
    assert first.exit_code == 0, first.output
    assert articles_in(store) == {"Readout 0", "Readout 1"}
    lines = first.output.strip().splitlines()
    assert len(lines) == 2  # one line per poll
    assert "/feed.xml: 2 new items: 2 added, 0 unchanged" in lines[0]
    assert "/broken.xml: error: the server answered HTTP 500" in lines[1] and "next try at" in lines[1]
    saved = json.loads(state.read_text())["feeds"]
    assert saved[f"{base}/feed.xml"]["etag"] == '"v1"'
    assert saved[f"{base}/broken.xml"]["failures"] == 1

    second = runner.invoke(main, watch)
    assert second.exit_code == 0, second.output
    assert "/feed.xml: not modified" in second.output
    assert "broken.xml" not in second.output  # backing off: not due yet
    assert feed.statuses("/feed.xml") == [200, 304] and feed.statuses("/broken.xml") == [500]

    feed.add(2)
    third = runner.invoke(main, watch)
    assert third.exit_code == 0, third.output
    assert "/feed.xml: 1 new item: 1 added, 0 unchanged" in third.output
    assert articles_in(store) == {"Readout 0", "Readout 1", "Readout 2"}


def test_a_page_is_read_again_only_when_it_changed(runner: CliRunner, server: tuple[str, Feed],
                                                   tmp_path: Path) -> None:
    base, feed = server
    watch = ["watch", f"{base}/page.html", "--once", "--store", str(tmp_path / "store"), "--state",
             str(tmp_path / "state.json")]
    first = runner.invoke(main, watch)
    assert first.exit_code == 0 and "/page.html: 1 new item: 1 added" in first.output, first.output
    again = runner.invoke(main, watch)
    assert again.exit_code == 0 and "/page.html: unchanged" in again.output, again.output
    feed.add(2)
    changed = runner.invoke(main, watch)
    assert changed.exit_code == 0 and "/page.html: 1 new item: 1 added" in changed.output, changed.output
    assert articles_in(tmp_path / "store") == {"Readout 1", "Readout 2"}


def test_a_feed_that_always_fails_exits_1_with_once(runner: CliRunner, server: tuple[str, Feed],
                                                    tmp_path: Path) -> None:
    base, _ = server
    result = runner.invoke(main, ["watch", f"{base}/broken.xml", "--once", "--store", str(tmp_path / "store"),
                                  "--state", str(tmp_path / "state.json")])
    assert result.exit_code == 1 and "error: the server answered HTTP 500" in result.output


def test_watch_picks_up_a_new_item_survives_errors_and_stops_on_sigterm(server: tuple[str, Feed],
                                                                         tmp_path: Path) -> None:
    base, feed = server
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the readouts\n{base}/feed.xml\n\n{base}/broken.xml  # always 500\n", encoding="utf-8")
    store, state = tmp_path / "store", tmp_path / "state.json"
    command = [str(KG), "watch", "--feeds", str(feeds), "--every", "1s", "--store", str(store), "--state", str(state)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stderr is not None
    lines: list[str] = []

    def wait_for(text: str, limit: float = 90.0) -> None:
        deadline = time.monotonic() + limit
        while not any(text in line for line in lines):
            assert time.monotonic() < deadline and process.poll() is None, (text, lines)
            lines.append(process.stderr.readline())  # type: ignore[union-attr]

    try:
        wait_for("/feed.xml: 2 new items: 2 added")
        wait_for("/feed.xml: not modified")
        feed.add(3)
        wait_for("/feed.xml: 1 new item: 1 added")
        wait_for("/broken.xml: error")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, lines
    finally:
        if process.poll() is None:
            process.kill()
    assert articles_in(store) == {"Readout 0", "Readout 1", "Readout 3"}
    assert len(feed.statuses("/broken.xml")) >= 1 and set(feed.statuses("/broken.xml")) == {500}
    saved = json.loads(state.read_text())["feeds"]
    assert saved[f"{base}/feed.xml"]["etag"] == '"v2"' and saved[f"{base}/broken.xml"]["failures"] >= 1


def test_sigterm_while_reading_items_leaves_whole_articles(server: tuple[str, Feed], tmp_path: Path) -> None:
    """Stopped in the middle of a poll: what was read is written whole, the rest comes next run."""
    base, feed = server
    for number in (2, 3):
        feed.add(number)
    store, state = tmp_path / "store", tmp_path / "state.json"
    command = [str(KG), "watch", f"{base}/feed.xml", "--every", "1h", "--store", str(store), "--state", str(state)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    while not feed.statuses("/feed.xml") and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    # a bound against a hang, not a timing (the items already read are extracted and written
    # first); it did hang, when the interrupt was lost in a weakref callback (kg.processes)
    assert process.wait(timeout=300) == 0
    done = articles_in(store)
    assert done <= {f"Readout {n}" for n in range(4)}
    rerun = subprocess.run([str(KG), "watch", f"{base}/feed.xml", "--once", "--store", str(store), "--state",
                            str(state)], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert articles_in(store) == {f"Readout {n}" for n in range(4)}


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("1h", 3600), ("30s", 30), ("90", 90), ("1.5d", 129600)])
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "soon", "-5m", "15 minutes"])
def test_bad_intervals_name_the_value(text: str) -> None:
    with pytest.raises(InputError, match="--every takes an interval"):
        parse_interval(text)


def test_bad_inputs_are_one_line(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["watch", "--feeds", str(tmp_path / "none.txt"), "--store", str(tmp_path / "s")])
    assert missing.exit_code == 1 and "none.txt: cannot read the list of feeds" in missing.output
    nothing = runner.invoke(main, ["watch", "--store", str(tmp_path / "s2"), "--once"])
    assert nothing.exit_code == 1 and "no feeds to watch" in nothing.output
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    broken = runner.invoke(main, ["watch", "https://example.org/f.xml", "--state", str(tmp_path / "bad.json"),
                                  "--store", str(tmp_path / "s3"), "--once"])
    assert broken.exit_code == 1 and "not a watch state file" in broken.output
    assert read_feed_list(_write(tmp_path / "f.txt", "a\n # x\nb # c\n")) == ["a", "b"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
