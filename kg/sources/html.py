"""HTML: a saved or downloaded web page -> one Article.

The main text, title, publication date, canonical URL and publisher come from
trafilatura, a boilerplate-removal library, so navigation, "Related articles"
blocks, cookie banners and footers never reach the extractor. Small HTML
fragments (the content of a feed item) are turned into text by
:func:`fragment_text`, which keeps paragraphs apart and nothing else.
"""

from __future__ import annotations

import dataclasses
import logging
from html.parser import HTMLParser

from kg.errors import InputError
from kg.sources.article import Article, make_article, parse_date

#: Elements that start a new line of text in :func:`fragment_text`.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
    "table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "hr",
})
_SKIPPED = frozenset({"script", "style", "noscript", "template"})


def read_html(page: bytes | str, origin: str, url: str | None = None) -> Article:
    """The article in a web page, or an InputError naming `origin`.

    `url` is where the page came from; the page's own canonical URL wins over it.
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    if not (page.strip() if isinstance(page, str) else page.strip()):
        raise InputError(f"{origin}: the page is empty")
    try:
        document = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True,
        )
    except Exception as error:  # noqa: BLE001 - lxml and trafilatura raise many types on broken pages
        raise InputError(f"{origin}: not an HTML page I can read ({type(error).__name__}: {error})") from None
    text = getattr(document, "text", None) or ""
    if not text.strip():
        raise InputError(f"{origin}: no article text found in the page (is it an article, not an index page?)")
    title = (getattr(document, "title", None) or "").strip() or None
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:])  # the page's headline, already the article's title
    try:
        published = parse_date(getattr(document, "date", None) or "", origin)
    except InputError:
        published = None  # a date nobody can read is not worth losing the article for
    article = make_article(text, title=title, url=getattr(document, "url", None) or url, published=published,
                           origin=origin)
    metadata = sorted(
        (key, value.strip())
        for key, value in (("publisher", getattr(document, "sitename", None)),
                           ("author", getattr(document, "author", None)))
        if isinstance(value, str) and value.strip()
    )
    return dataclasses.replace(article, metadata=tuple(metadata)) if metadata else article


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(" ".join(data.split("\n")))


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment: one line per paragraph, spaces collapsed."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)
