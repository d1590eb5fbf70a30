"""Sources: turn paths, directories, globs, URLs and stdin into articles.

Each item read is either an :class:`~kg.sources.article.Article` or an
:class:`~kg.errors.InputError` naming the input and the problem, so one bad
file, line or download never stops a batch. What an input holds is decided by
``--format`` when given, else by its name (``.html``, ``.jsonl.gz``, ``.csv``,
``.rss`` ...), else by its first bytes or the server's content type. The readers
for each kind live in ``source_html``, ``source_feed``, ``source_dump`` and
``source_url``; this module only picks one.
"""

from __future__ import annotations

import errno
import fnmatch
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg.errors import InputError
from kg.sources.article import Article, parse_article, record_error
from kg.sources.dump import DumpFields, count_lines, open_maybe_gzip, read_csv, read_jsonl
from kg.sources.feed import FetchPage, looks_like_feed, parse_feed, read_feed
from kg.sources.html import read_html
from kg.sources.url import DEFAULT_TIMEOUT, MAX_DOWNLOAD_BYTES, fetch, is_url

#: File endings read as single articles in the article format.
ARTICLE_SUFFIXES = (".txt", ".text", ".md")
#: Larger files are refused: they are dumps or data, not articles.
MAX_ARTICLE_BYTES = 20_000_000
#: What an input can hold: ``--format`` takes one of these.
INPUT_FORMATS = ("article", "html", "feed", "jsonl", "csv")
_SUFFIX_FORMATS = {
    **{suffix: "article" for suffix in ARTICLE_SUFFIXES},
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
#: Endings read when walking a directory (plain .xml is often not a feed, so it is left out).
_WALKED_SUFFIXES = tuple(
    [suffix for suffix in _SUFFIX_FORMATS if suffix != ".xml"]
    + [f"{suffix}.gz" for suffix in (".jsonl", ".ndjson", ".csv", ".tsv")]
)
_GLOB_CHARACTERS = frozenset("*?[")
#: A URL scheme ("ftp://", "file:") that is not one we fetch.
_OTHER_SCHEME = re.compile(r"^(?:file:|[A-Za-z][A-Za-z0-9+.-]*://)")


@dataclass(frozen=True)
class SourceOptions:
    """How to read inputs: the format (None: guess), dump fields, download limits, and whether
    links found inside fetched content may lead to private, loopback or link-local addresses."""

    format: str | None = None
    fields: DumpFields = field(default_factory=DumpFields)
    timeout: float = DEFAULT_TIMEOUT
    max_download_bytes: int = MAX_DOWNLOAD_BYTES
    allow_private: bool = False

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in INPUT_FORMATS:
            raise InputError(f"Unknown input format '{self.format}'. Choose one of: {', '.join(INPUT_FORMATS)}.")


def decode_text(data: bytes, origin: str) -> str:
    """Bytes of an article file as text: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"{origin}: not valid UTF-16 text ({error.reason} at byte {error.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{origin}: not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert it to UTF-8"
        ) from None


def read_article_file(path: Path) -> Article:
    """One article file, or an InputError that names it."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"{origin}: {size} bytes is too large for one article (limit {MAX_ARTICLE_BYTES})")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{origin}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{origin}: is a directory") from None
    except OSError as error:
        raise InputError(f"{origin}: cannot read ({error.strerror})") from None
    return parse_article(decode_text(data, origin), origin)


def walk_directory(directory: Path) -> Iterator[Path | InputError]:
    """Readable files below a directory, sorted, recursively; unreadable folders reported."""
    def report(error: OSError) -> None:
        problems.append(InputError(f"{error.filename}: cannot read directory ({error.strerror})"))

    problems: list[InputError] = []
    for root, dirs, files in os.walk(directory, onerror=report):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(_WALKED_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name
        yield from problems
        problems.clear()
    yield from problems


def format_for_name(name: str) -> str | None:
    """The format a file or URL name promises (``.jsonl.gz`` is jsonl), or None."""
    lower = name.lower().split("?", 1)[0]
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _SUFFIX_FORMATS.get(os.path.splitext(lower)[1])


def sniff_format(head: bytes, content_type: str = "") -> str:
    """The format of a document from its first bytes and, for downloads, its media type."""
    if "html" in content_type:
        return "html"
    if "json" in content_type:
        return "jsonl"
    if "csv" in content_type:
        return "csv"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if "xml" in content_type or start.startswith(b"<"):
        return "feed" if looks_like_feed(head) else "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "article"


def read_sources(
    paths: Iterable[str | os.PathLike[str]], options: SourceOptions | None = None
) -> Iterator[Article | InputError]:
    """Articles from files, directories (recursively), globs, http(s) URLs and ``-`` (stdin)."""
    options = options or SourceOptions()
    for raw in paths:
        text = str(raw)
        if text == "-":
            yield from _guarded(read_stream(sys.stdin.buffer, "<stdin>", options), "<stdin>")
        elif is_url(text):
            yield from _guarded(read_url(text, options), text)
        else:
            for path in _expand(text):
                if isinstance(path, InputError):
                    yield path
                else:
                    yield from _guarded(read_file(path, options), str(path))


def _guarded(items: Iterator[Article | InputError], origin: str) -> Iterator[Article | InputError]:
    """The readers turn each record's failure into an InputError; should one raise all the same
    (a bug), that input ends in one line naming it, and the other inputs are still read."""
    try:
        yield from items
    except Exception as error:  # noqa: BLE001 - reported by name, never hidden
        yield InputError(f"{record_error(origin, error)}; the rest of this input is skipped")


def _expand(text: str) -> Iterator[Path | InputError]:
    path = Path(text)
    try:
        path.stat()
    except OSError as error:
        yield from _missing(text, path, error)
        return
    except ValueError as error:  # a NUL byte in the name
        yield InputError(f"{text}: not a path I can open ({error})")
        return
    if path.is_dir():
        yield from walk_directory(path)
    else:
        yield path


def _missing(text: str, path: Path, error: OSError) -> Iterator[Path | InputError]:
    """What a path that cannot be opened is: a loop of links, a dangling link, a glob, a URL of
    another scheme, or nothing at all."""
    if error.errno == errno.ELOOP:
        yield InputError(f"{text}: a loop of symbolic links (too many levels of symbolic links)")
    elif path.is_symlink():
        yield InputError(f"{text}: a symbolic link to {os.readlink(path)}, which does not exist")
    elif _GLOB_CHARACTERS & set(text):
        found = False
        for match in glob_paths(text):
            found = True
            yield from _expand(str(match)) if isinstance(match, Path) else [match]
        if not found:
            yield InputError(f"{text}: no file matches this pattern")
    elif text.lower().startswith("file:"):
        local = re.sub(r"^file:(//[^/]*)?", "", text)
        yield InputError(f"{text}: file: URLs are not read; give the path itself ({local})")
    elif _OTHER_SCHEME.match(text):
        yield InputError(f"{text}: only http:// and https:// URLs are fetched")
    elif error.errno in (errno.EACCES, errno.EPERM):
        yield InputError(f"{text}: permission denied")
    elif error.errno == errno.ENOENT:
        yield InputError(f"{path}: no such file or directory")
    else:
        yield InputError(f"{text}: cannot open ({error.strerror})")


def glob_paths(pattern: str) -> Iterator[Path | InputError]:
    """The paths a shell-style pattern matches (``**`` for any depth), found lazily, sorted per
    folder, hidden names left out unless the pattern spells the dot. Folders are entered once:
    a symbolic link to a folder already walked (``loop -> .``, ``up -> ..``) is not followed
    again, so loops end and nothing is read twice."""
    parts = Path(pattern).parts
    literal = next((i for i, part in enumerate(parts) if _GLOB_CHARACTERS & set(part)), len(parts))
    base = Path(*parts[:literal]) if literal else Path(".")
    visited: set[tuple[int, int]] = set()
    seen: set[Path] = set()
    for found in _match(base, list(parts[literal:]), visited, pattern):
        if isinstance(found, Path):
            if found in seen:
                continue
            seen.add(found)
        yield found


def _match(base: Path, parts: list[str], visited: set[tuple[int, int]], pattern: str) -> Iterator[Path | InputError]:
    if not parts:
        yield base
        return
    part, rest = parts[0], parts[1:]
    if part == "**":
        _enter(base, visited)  # a link back to this folder is not followed
        yield from _match(base, rest, visited, pattern)  # no folder at all
        for folder in _entries(base, "*", pattern, folders=True):
            if isinstance(folder, InputError):
                yield folder
            elif _enter(folder, visited):
                yield from _match(folder, parts, visited, pattern)
    elif _GLOB_CHARACTERS & set(part):
        for entry in _entries(base, part, pattern, folders=bool(rest)):
            if isinstance(entry, InputError):
                yield entry
            else:
                yield from _match(entry, rest, visited, pattern)
    elif rest:
        yield from _match(base / part, rest, visited, pattern)
    elif os.path.lexists(base / part):
        yield base / part


def _entries(folder: Path, name_pattern: str, pattern: str, folders: bool) -> Iterator[Path | InputError]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted((entry.name, entry.is_dir()) for entry in scan)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        yield InputError(f"{folder}: cannot read directory ({error.strerror}) (matching {pattern})")
        return
    hidden = name_pattern.startswith(".")
    for name, is_dir in entries:
        if (name.startswith(".") and not hidden) or (folders and not is_dir):
            continue
        if fnmatch.fnmatchcase(name, name_pattern):
            yield folder / name


def _enter(folder: Path, visited: set[tuple[int, int]]) -> bool:
    """True the first time a folder (by device and inode, however it is reached) is entered."""
    try:
        status = folder.stat()
    except OSError:
        return False
    key = (status.st_dev, status.st_ino)
    if key in visited:
        return False
    visited.add(key)
    return True


def read_file(path: Path, options: SourceOptions) -> Iterator[Article | InputError]:
    """The articles in one file: one, or one per item, line or row."""
    origin = str(path)
    try:
        handle = path.open("rb")
    except PermissionError:
        yield InputError(f"{origin}: permission denied")
        return
    except IsADirectoryError:
        yield InputError(f"{origin}: is a directory")
        return
    except OSError as error:
        yield InputError(f"{origin}: cannot read ({error.strerror})")
        return
    with handle:
        yield from _read_document(handle, origin, options, name_format=format_for_name(path.name))


def read_stream(stream: IO[bytes], origin: str, options: SourceOptions) -> Iterator[Article | InputError]:
    """The articles in a stream such as stdin: its format from --format or its first bytes."""
    yield from _read_document(stream, origin, options)


def read_url(url: str, options: SourceOptions) -> Iterator[Article | InputError]:
    """The articles at a URL: a page, a feed, a dump or an article file."""
    try:
        download = fetch(url, timeout=options.timeout, max_bytes=options.max_download_bytes,
                         allow_private=options.allow_private)
    except InputError as error:
        yield error
        return
    name_format = format_for_name(download.url) if download.content_type in ("text/plain", "") else None
    yield from _read_document(io.BytesIO(download.data), url, options, name_format=name_format,
                              content_type=download.content_type, url=download.url)


def _read_document(
    raw: IO[bytes], origin: str, options: SourceOptions, *, name_format: str | None = None,
    content_type: str = "", url: str | None = None,
) -> Iterator[Article | InputError]:
    try:
        stream = open_maybe_gzip(raw)
        kind = options.format or name_format or sniff_format(stream.peek(4096), content_type)
        if kind == "jsonl":
            yield from read_jsonl(stream, origin, options.fields)
            return
        if kind == "csv":
            delimiter = "\t" if origin.lower().removesuffix(".gz").endswith(".tsv") else ","
            yield from read_csv(stream, origin, options.fields, delimiter)
            return
        data = stream.read(MAX_ARTICLE_BYTES + 1)
    except (OSError, EOFError) as error:
        yield InputError(f"{origin}: cannot read ({getattr(error, 'strerror', None) or error})")
        return
    if len(data) > MAX_ARTICLE_BYTES:
        yield InputError(f"{origin}: too large for one {kind} (limit {MAX_ARTICLE_BYTES} bytes); "
                         "many articles belong in a .jsonl or .csv dump")
        return
    if kind == "feed":
        yield from read_feed(data, origin, _page_reader(options))
        return
    try:
        if kind == "html":
            yield read_html(data, origin, url)
        else:
            yield parse_article(decode_text(data, origin), origin)
    except Exception as error:  # noqa: BLE001 - this document's failure is its own
        yield record_error(origin, error)


def _page_reader(options: SourceOptions) -> FetchPage:
    def read_page(link: str, origin: str) -> Article:
        download = fetch(link, timeout=options.timeout, max_bytes=options.max_download_bytes,
                         allow_private=options.allow_private, link=True)
        return read_html(download.data, origin, download.url)
    return read_page


def count_inputs(paths: Iterable[str | os.PathLike[str]], options: SourceOptions | None = None) -> int | None:
    """How many articles the inputs hold, for a progress bar; None when unknown (stdin, URLs).

    Reads dumps line by line and never keeps them, so the count costs a quick pass.
    """
    options = options or SourceOptions()
    total = 0
    for raw in paths:
        text = str(raw)
        if text == "-" or is_url(text):
            return None
        for path in _expand(text):
            total += 1 if isinstance(path, InputError) else _count_file(path, options)
    return total


def _count_file(path: Path, options: SourceOptions) -> int:
    try:
        with path.open("rb") as handle:
            stream = open_maybe_gzip(handle)
            kind = options.format or format_for_name(path.name) or sniff_format(stream.peek(4096))
            if kind in ("jsonl", "csv"):
                return max(1, count_lines(stream) - (kind == "csv"))
            if kind == "feed":
                return max(1, len(parse_feed(stream.read(MAX_ARTICLE_BYTES), str(path))))
    except Exception:  # noqa: BLE001, S110 - a count for a progress bar; reading reports the problem
        pass
    return 1
