"""Feeds: an RSS 2.0, RSS 1.0 or Atom document -> one Article per item.

An item's full content (``content:encoded``, Atom ``content``) is used when
the feed carries it; otherwise the item's link is fetched and read as a web
page; an item with neither falls back to its description or summary. Each
item that cannot be read becomes an InputError naming the feed and the item.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from kg.errors import InputError
from kg.sources.article import Article, make_article, parse_date, record_error
from kg.sources.html import fragment_text
from kg.sources.url import is_url

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"

#: Reads the page an item links to (given its URL and the item's origin).
FetchPage = Callable[[str, str], Article]


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, before it becomes an article."""

    title: str | None
    link: str | None
    published: str | None
    content: str | None  # the full text, HTML or plain
    summary: str | None


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a document are those of an RSS or Atom feed."""
    start = head[:2000].lower()
    return b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start


def read_feed(data: bytes, origin: str, fetch_page: FetchPage | None = None) -> Iterator[Article | InputError]:
    """Each item of the feed as an article, or an InputError naming the feed and the item."""
    try:
        items = parse_feed(data, origin)
    except InputError as error:
        yield error
        return
    for number, item in enumerate(items, start=1):
        where = f"{origin} item {number}"
        try:
            if isinstance(item, Exception):
                raise item
            yield item_article(item, where, fetch_page)
        except Exception as error:  # noqa: BLE001 - one item's failure is its own
            yield record_error(where, error)


def parse_feed(data: bytes, origin: str) -> list[FeedItem | Exception]:
    """The items of a feed, in document order; an item that cannot be read is the exception it raised."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise InputError(f"{origin}: not a well-formed feed ({error})") from None
    except RecursionError:
        raise InputError(f"{origin}: not a feed I can read (nested too deeply)") from None
    if root.tag == "rss":
        return [_each(_rss_item, element) for element in root.iter("item")]
    if root.tag == f"{RDF}RDF":
        return [_each(lambda e: _rss_item(e, RSS1), element) for element in root.iter(f"{RSS1}item")]
    if root.tag == f"{ATOM}feed":
        return [_each(_atom_entry, element) for element in root.iter(f"{ATOM}entry")]
    raise InputError(f"{origin}: not an RSS or Atom feed (its root element is <{root.tag}>)")


def _each(read: Callable[[ElementTree.Element], FeedItem], element: ElementTree.Element) -> FeedItem | Exception:
    try:
        return read(element)
    except Exception as error:  # noqa: BLE001 - deep nesting and the like cost this item only
        return error


def item_article(item: FeedItem, origin: str, fetch_page: FetchPage | None) -> Article:
    published = _item_date(item.published)
    if item.content and item.content.strip():
        body = _as_text(item.content)
    elif item.link and is_url(item.link) and fetch_page is not None:
        try:
            page = fetch_page(item.link, origin)
        except InputError as error:
            message = str(error)
            raise InputError(message if message.startswith(origin) else f"{origin}: {message}") from None
        return make_article(page.body, title=page.title or item.title, url=page.url or item.link,
                            published=page.published or published, origin=origin)
    else:
        body = _as_text(item.summary or "")
    if not body.strip():
        raise InputError(f"{origin}: the item has no text (no content, summary or link)")
    return make_article(body, title=item.title, url=item.link, published=published, origin=origin)


def _as_text(content: str) -> str:
    return fragment_text(content) if "<" in content else content


def _item_date(value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()  # RSS: RFC 822 dates
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return parse_date(value)
    except InputError:
        return None  # an unreadable date does not cost the item


def _text(element: ElementTree.Element | None) -> str | None:
    if element is None:
        return None
    return ("".join(element.itertext())).strip() or None


def _rss_item(element: ElementTree.Element, namespace: str = "") -> FeedItem:
    return FeedItem(
        title=_text(element.find(f"{namespace}title")),
        link=_text(element.find(f"{namespace}link")) or element.get(f"{RDF}about"),
        published=_text(element.find("pubDate")) or _text(element.find(f"{DC}date")),
        content=_text(element.find(f"{CONTENT}encoded")),
        summary=_text(element.find(f"{namespace}description")),
    )


def _atom_entry(element: ElementTree.Element) -> FeedItem:
    links = element.findall(f"{ATOM}link")
    link = next((x.get("href") for x in links if x.get("rel", "alternate") == "alternate"), None)
    content = element.find(f"{ATOM}content")
    body = None
    if content is not None and not content.get("src"):
        if content.get("type") == "xhtml":
            body = ElementTree.tostring(content, encoding="unicode", method="html")
        else:
            body = content.text
    return FeedItem(
        title=_text(element.find(f"{ATOM}title")),
        link=link,
        published=_text(element.find(f"{ATOM}published")) or _text(element.find(f"{ATOM}updated")),
        content=body,
        summary=_text(element.find(f"{ATOM}summary")),
    )
