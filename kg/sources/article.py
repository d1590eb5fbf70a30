"""Articles: the text of one news item, its header, and its identity.

An article file is plain text, optionally opened by a header of ``key: value``
lines that ends at a line ``---``::

    title: Secretary Blinken's Call with ...
    source: https://www.state.gov/...
    date: 2022-04-06
    ---
    Body text.

Identity is the sha256 of the normalised body, so the same text read twice, from
two files or two runs, is the same article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from kg.errors import InputError

#: Header keys that trigger header parsing when they open a file.
KNOWN_HEADER_KEYS = frozenset(
    {"title", "source", "url", "date", "published", "license", "via", "author", "publisher", "language"}
)
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]?(.*)$")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")
#: C0 and C1 control characters but tab and newline: never text, and they move terminals' cursors,
#: break XML answers and forge lines. Each becomes a space where an article is made.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Article:
    """One article ready for extraction: normalised body plus its metadata."""

    body: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    origin: str = "<text>"
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        # Every article, whatever made it, holds valid Unicode text without control characters, so
        # nothing downstream (hashing, the store, XML answers, a terminal) meets a string it cannot take.
        body = checked_text(self.body, self.origin, "text")
        if body != self.body:
            body = normalise_text(body)
            if not body.strip():
                raise InputError(f"{self.origin}: the article has no text (only control characters)")
            object.__setattr__(self, "body", body)
        for name in ("title", "url"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, checked_text(value, self.origin, name).strip() or None)
        metadata = tuple((checked_text(key, self.origin, "header key"), checked_text(value, self.origin, key))
                         for key, value in self.metadata)
        object.__setattr__(self, "metadata", metadata)
        object.__setattr__(self, "content_hash", hashlib.sha256(self.body.encode("utf-8")).hexdigest())


def checked_text(value: str, origin: str, name: str) -> str:
    """`value` with control characters (but tab and newline) turned to spaces; an InputError
    naming `origin` and the field when it holds a lone surrogate, which is not text at all."""
    bad = _SURROGATE.search(value)
    if bad:
        raise InputError(f"{origin}: the {name} holds a lone surrogate (U+{ord(bad.group()):04X} at character "
                         f"{bad.start()}), which is not valid Unicode text")
    return _CONTROL.sub(" ", value)


def record_error(where: str, error: Exception) -> InputError:
    """An unexpected failure while reading one record (a line, a row, a feed item, a page) as the
    one-line InputError naming it, so the reader goes on with the next record."""
    if isinstance(error, InputError):
        return error
    if isinstance(error, RecursionError):
        return InputError(f"{where}: nested too deeply to read")
    if isinstance(error, MemoryError):
        return InputError(f"{where}: too large to read")
    if isinstance(error, UnicodeError):
        return InputError(f"{where}: not valid Unicode text ({error})")
    detail = " ".join(str(error).split())[:200]
    return InputError(f"{where}: cannot be read ({type(error).__name__}{': ' + detail if detail else ''})")


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no trailing spaces, no blank lines at either end."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def parse_date(value: str, origin: str = "<text>") -> date | None:
    """A publication date from a header or a dump field; None when empty."""
    value = value.strip()
    if not value:
        return None
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", value)
    candidates = [iso.group(1)] if iso else [value]
    for candidate in candidates:
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    raise InputError(f"{origin}: date '{value}' is not a date I can read (use YYYY-MM-DD)")


def split_header(text: str, origin: str = "<text>") -> tuple[dict[str, str], str]:
    """Split ``key: value`` header lines from the body at the first ``---`` line.

    Text that does not open with a known header key has no header. A header
    that opens the file but never meets its ``---`` line is an error, since
    its lines would otherwise be read as the article's first sentences.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return {}, text
    opener = _HEADER_LINE.match(lines[first])
    if not opener or opener.group(1).lower() not in KNOWN_HEADER_KEYS:
        return {}, text
    if not any(line.strip() == "---" for line in lines[first:]):
        raise InputError(f"{origin}: the header opened by '{lines[first][:40]}' has no closing '---' line")
    header: dict[str, str] = {}
    for number, line in enumerate(lines[first:], start=first):
        if line.strip() == "---":
            return header, "\n".join(lines[number + 1 :])
        if not line.strip():
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            raise InputError(
                f"{origin}: line {number + 1} of the header is not 'key: value' "
                f"(end the header with a line '---'): {line[:60]!r}"
            )
        header.setdefault(match.group(1).lower(), match.group(2).strip())
    raise AssertionError("unreachable: a '---' line exists")


def parse_article(text: str, origin: str = "<text>") -> Article:
    """Read one article in the article format (header optional)."""
    text = normalise_text(text)
    header, body = split_header(text, origin)
    body = normalise_text(body)
    if not body.strip():
        raise InputError(f"{origin}: the article has no text")
    title = header.pop("title", "") or None
    url = header.pop("source", "") or header.pop("url", "") or None
    header.pop("url", None)
    published = parse_date(header.pop("date", "") or header.pop("published", ""), origin)
    header.pop("published", None)
    metadata = tuple(sorted((key, value) for key, value in header.items() if value))
    return Article(body=body, title=title, url=url, published=published, metadata=metadata, origin=origin)


def make_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: date | str | None = None,
    origin: str = "<text>",
) -> Article:
    """An article from a body and fields given separately (dumps, APIs, notebooks)."""
    body = normalise_text(text)
    if not body.strip():
        raise InputError(f"{origin}: the article has no text")
    if isinstance(published, str):
        published = parse_date(published, origin)
    return Article(body=body, title=(title or "").strip() or None, url=(url or "").strip() or None,
                   published=published, origin=origin)
