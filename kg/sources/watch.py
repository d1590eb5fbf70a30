"""Watch: poll feeds and pages, and hand on only what is new.

A :class:`Watcher` keeps, per feed (an RSS/Atom feed or a page, by URL or local path), the
validators of the last answer (``ETag``, ``Last-Modified``; a file's size and time), the
items already read and a count of failures in a row. Each poll sends a conditional request
(a 304 costs nothing), reads the items the feed did not have before with the feed reader of
:mod:`kg.sources.feed`, passes them to an ``ingest`` callback and logs one line. A feed that
fails is tried again later and later (the interval doubles per failure, up to
:data:`MAX_BACKOFF` seconds) while the others go on. The state lives in a JSON file, written
atomically after every poll, so ``--once`` from cron carries on where the last run stopped.

:func:`stop_on_signals` turns SIGINT and SIGTERM into a request to stop: the watcher
finishes the article in hand, lets ``ingest`` write what it read, saves its state and returns.
:func:`kg.pipeline.watch_feeds` ties it to a store.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from kg.errors import InputError
from kg.files import write_atomically
from kg.sources.article import Article, record_error
from kg.sources.feed import FeedItem, item_article, looks_like_feed, parse_feed
from kg.sources.html import read_html
from kg.sources.url import DEFAULT_TIMEOUT, Download, fetch, is_url

#: The longest wait after failures, in seconds (or the interval, when that is longer).
MAX_BACKOFF = 6 * 3600.0
#: Item keys remembered per feed (feeds list their latest few dozen items).
MAX_SEEN = 5000
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

#: What the watcher hands its items to: it returns (added, unchanged, failure messages) and
#: the graphs of the articles now in the store are told by ``stored``.
Ingest = Callable[[Iterable[Article | InputError]], tuple[int, int, list[str]]]
Log = Callable[[str], None]


def parse_interval(text: str) -> float:
    """Seconds in an interval such as '15m', '1h', '90s', '2d' or '300' (seconds)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not match or float(match.group(1)) <= 0:
        raise InputError(f"--every takes an interval such as 30s, 15m, 1h or 1d, not '{text}'")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def read_feed_list(path: str | os.PathLike[str]) -> list[str]:
    """The feeds a file lists, one URL or path a line ('#' starts a comment)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the list of feeds ({getattr(error, 'strerror', None) or error})") \
            from None
    feeds = [line.split("#", 1)[0].strip() for line in lines]
    return [feed for feed in feeds if feed]


def default_state_path(store_location: str) -> Path:
    """Where the watch state goes: beside a store directory, else in the current directory."""
    if store_location == ":memory:" or is_url(store_location):
        return Path("kg-watch.json")
    return Path(f"{store_location.rstrip('/')}.watch.json")


@dataclass
class FeedState:
    """What the watcher remembers of one feed."""

    source: str
    etag: str = ""
    last_modified: str = ""
    seen: list[str] = field(default_factory=list)
    failures: int = 0
    next_poll: float = 0.0  # epoch seconds
    last_poll: str = ""

    def validators(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass
class Poll:
    """One poll of one feed: what happened, in one line."""

    source: str
    status: str  # "new", "unchanged" (nothing new), "not modified" (304 / same file), "error", "stopped"
    new: int = 0
    added: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    error: str = ""
    next_poll: float = 0.0

    def line(self) -> str:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        upcoming = datetime.fromtimestamp(self.next_poll, timezone.utc).strftime("%H:%M:%SZ")
        if self.status == "error":
            return f"{stamp} {self.source}: error: {self.error}; next try at {upcoming}"
        if self.status in ("not modified", "unchanged", "stopped"):
            return f"{stamp} {self.source}: {self.status}; next poll at {upcoming}"
        failed = f", {len(self.failed)} failed (tried again next poll)" if self.failed else ""
        return (f"{stamp} {self.source}: {self.new} new item{'s' if self.new != 1 else ''}: {self.added} added, "
                f"{self.unchanged} unchanged{failed}; next poll at {upcoming}")


class Stop:
    """A flag that signal handlers (or tests) raise to ask the watcher to stop."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, *_: object) -> None:
        self.requested = True


@contextlib.contextmanager
def stop_on_signals(stop: Stop) -> Iterator[Stop]:
    """While inside, SIGINT and SIGTERM raise `stop` instead of ending the process."""
    def handler(signum: int, frame: FrameType | None) -> None:
        stop()

    previous = {number: signal.signal(number, handler) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _raise(error: Exception) -> Article:
    raise error


def _item_key(item: FeedItem) -> str:
    if item.link:
        return item.link
    text = "|".join(part or "" for part in (item.title, item.published, item.summary, (item.content or "")[:2000]))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class Watcher:
    """Polls its feeds in turn, each when it is due; see the module docstring."""

    def __init__(self, sources: Iterable[str], state_path: str | os.PathLike[str], every: float, *,
                 timeout: float = DEFAULT_TIMEOUT, allow_private: bool = False, log: Log | None = None,
                 stop: Stop | None = None, clock: Callable[[], float] = time.time) -> None:
        self.sources = list(dict.fromkeys(sources))
        if not self.sources:
            raise InputError("no feeds to watch: give feed or page URLs (or files), or --feeds FILE")
        self.state_path = Path(state_path)
        self.every = every
        self.timeout = timeout
        self.allow_private = allow_private
        self.log = log or (lambda line: None)
        self.stop = stop or Stop()
        self.clock = clock
        self.feeds = self._load()

    def _load(self) -> dict[str, FeedState]:
        saved: dict[str, Any] = {}
        if self.state_path.exists():
            try:
                saved = json.loads(self.state_path.read_text(encoding="utf-8")).get("feeds", {})
            except (OSError, ValueError, AttributeError) as error:
                raise InputError(f"{self.state_path}: not a watch state file ({error}); move it away to start afresh") \
                    from None
        feeds = {}
        for source in self.sources:
            known = saved.get(source)
            feeds[source] = FeedState(**known) if isinstance(known, dict) else FeedState(source)
        return feeds

    def save(self) -> None:
        everything: dict[str, Any] = {}
        if self.state_path.exists():  # keep the state of feeds this run does not watch
            with contextlib.suppress(OSError, ValueError, AttributeError):
                everything = dict(json.loads(self.state_path.read_text(encoding="utf-8")).get("feeds", {}))
        everything.update({source: asdict(state) for source, state in self.feeds.items()})
        text = json.dumps({"version": 1, "feeds": everything}, indent=1, sort_keys=True)
        write_atomically(self.state_path, lambda output: output.write(text.encode("utf-8")))

    # -- one poll ------------------------------------------------------------

    def _download(self, state: FeedState) -> Download:
        source = state.source
        if is_url(source):
            return fetch(source, timeout=self.timeout, headers=state.validators())
        path = Path(source)
        try:
            info = path.stat()
            validator = f"file:{info.st_mtime_ns}:{info.st_size}"
            if validator == state.etag:
                return Download(url=source, content_type="", data=b"", status=304, etag=validator)
            return Download(url=source, content_type="", data=path.read_bytes(), etag=validator)
        except OSError as error:
            raise InputError(f"{source}: cannot read ({error.strerror})") from None

    def _page(self, link: str, origin: str) -> Article:
        """The page an item links to: a link found in fetched content, so public addresses only
        (unless allow_private), as kg ingest reads them."""
        download = fetch(link, timeout=self.timeout, allow_private=self.allow_private, link=True)
        return read_html(download.data, origin, download.url)

    def _items(self, state: FeedState, download: Download) -> list[tuple[str, Callable[[], Article]]]:
        """(key, reader) of each item the feed did not have before, in feed order."""
        source = state.source
        if not looks_like_feed(download.data[:4096]):  # a page: one article, known by its content
            key = "sha256:" + hashlib.sha256(download.data).hexdigest()
            return [] if key in state.seen else [(key, lambda: read_html(download.data, source, download.url))]
        seen = set(state.seen)
        fresh: list[tuple[str, Callable[[], Article]]] = []
        for number, item in enumerate(parse_feed(download.data, source), start=1):
            if isinstance(item, Exception):  # an item the reader could not parse: reported, tried again next poll
                fresh.append((f"unreadable:{number}", partial(_raise, item)))
                continue
            key = _item_key(item)
            if key not in seen:
                seen.add(key)
                fresh.append((key, partial(item_article, item, f"{source} item {number}", self._page)))
        return fresh

    def poll(self, state: FeedState, ingest: Ingest, stored: Callable[[Article], bool]) -> Poll:
        """Poll one feed now, hand its new items to `ingest`, update its state."""
        now = self.clock()
        state.last_poll = datetime.fromtimestamp(now, timezone.utc).isoformat(timespec="seconds")
        try:
            download = self._download(state)
            fresh = [] if download.status == 304 else self._items(state, download)
        except InputError as error:
            state.failures += 1
            state.next_poll = now + min(self.every * 2 ** state.failures, max(self.every, MAX_BACKOFF))
            return Poll(state.source, "error", error=str(error).removeprefix(f"{state.source}: "),
                        next_poll=state.next_poll)
        state.failures = 0
        state.next_poll = now + self.every
        if download.status == 304:
            return Poll(state.source, "not modified", next_poll=state.next_poll)
        read: list[tuple[str, Article]] = []

        def articles() -> Iterator[Article | InputError]:
            for key, reader in fresh:
                if self.stop.requested:
                    return
                try:
                    article = reader()
                except Exception as error:  # noqa: BLE001 - one item's failure is its own, as in read_feed
                    yield record_error(f"{state.source} item", error)
                    continue
                read.append((key, article))
                yield article

        added, unchanged, failed = ingest(articles()) if fresh else (0, 0, [])
        done = {key for key, article in read if stored(article)}
        complete = len(done) == len(fresh)
        state.seen = (state.seen + [key for key, _ in fresh if key in done])[-MAX_SEEN:]
        if complete:  # else the next poll fetches the whole feed again, to retry what failed
            state.etag, state.last_modified = download.etag, download.last_modified
        else:
            state.etag = state.last_modified = ""
        status = "stopped" if self.stop.requested and not complete else ("new" if fresh else "unchanged")
        return Poll(state.source, status, new=len(fresh), added=added, unchanged=unchanged, failed=failed,
                    next_poll=state.next_poll)

    # -- the loop ------------------------------------------------------------

    def run(self, ingest: Ingest, stored: Callable[[Article], bool], once: bool = False) -> list[Poll]:
        """Poll every feed when it is due until stopped (or each feed once, with `once`)."""
        polls: list[Poll] = []
        while not self.stop.requested:
            now = self.clock()
            due = [state for state in self.feeds.values()
                   if state.next_poll <= now or (once and state.failures == 0)]
            for state in due:
                if self.stop.requested:
                    break
                result = self.poll(state, ingest, stored)
                polls.append(result)
                self.save()
                self.log(result.line())
            if once:
                break
            wake = min(state.next_poll for state in self.feeds.values())
            while not self.stop.requested and self.clock() < wake:
                time.sleep(min(0.25, max(0.0, wake - self.clock())))
        return polls
