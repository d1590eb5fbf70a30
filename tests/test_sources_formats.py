"""Pages, feeds and dumps read from files: each becomes articles or errors naming the input."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources.article import Article
from kg.sources.dump import DumpFields, read_jsonl
from kg.sources.html import fragment_text
from kg.sources.inputs import SourceOptions, count_inputs, read_sources

from .conftest import write

FIXTURES = Path(__file__).parent / "fixtures"


def _kinds(items: list[Article | InputError]) -> list[str]:
    return [type(item).__name__ for item in items]


def test_html_page_keeps_the_article_and_drops_the_boilerplate() -> None:
    [article] = list(read_sources([FIXTURES / "page_with_boilerplate.html"]))
    assert isinstance(article, Article), article
    assert article.title == "Secretary Blinken's Meeting with French Foreign Minister Le Drian"
    assert article.url == "https://www.example.gov/secretary-blinkens-meeting-with-le-drian/"
    assert str(article.published) == "2022-04-06"
    assert dict(article.metadata) == {"publisher": "Example Ministry of Foreign Affairs"}
    assert "Jean-Yves Le Drian in Paris" in article.body and "NATO summit" in article.body
    for boilerplate in ("Related articles", "Scholz", "Wang Yi", "Copyright", "cookies", "Press Releases",
                        "Contact the Ambassador", "analytics", "font-family"):
        assert boilerplate not in article.body


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "the page is empty"),
        (b"<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/x'>Press</a></li></ul></nav>"
         b"<footer><p>Copyright 2022</p></footer></body></html>", "no article text found in the page"),
    ],
)
def test_bad_html_is_one_error_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = write(tmp_path / "page.html", content)
    [error] = list(read_sources([path]))
    assert isinstance(error, InputError) and str(error).startswith(f"{path}: {problem}"), error


def test_html_is_recognised_by_content_on_stdin_like_streams(tmp_path: Path) -> None:
    path = write(tmp_path / "saved-page", (FIXTURES / "page_with_boilerplate.html").read_bytes())
    [article] = list(read_sources([path]))
    assert isinstance(article, Article) and article.title and "Le Drian" in article.title


def test_rss_items_from_their_content_or_summary() -> None:
    items = list(read_sources([FIXTURES / "feed.rss"], SourceOptions()))
    first = items[0]
    assert isinstance(first, Article)
    assert first.body == ("Secretary of State Antony J. Blinken spoke today with French Foreign Minister "
                          "Jean-Yves Le Drian.\nThey discussed Ukraine and sanctions on Russia.")
    assert first.url == "https://www.example.gov/press/call-le-drian" and str(first.published) == "2022-04-06"
    assert first.origin == f"{FIXTURES / 'feed.rss'} item 1"


def test_atom_entries() -> None:
    first, second = list(read_sources([FIXTURES / "feed.atom"]))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.body == "President Biden met today with Prime Minister Fumio Kishida of Japan."
    assert first.url == "https://www.example.gov/readout-kishida" and str(first.published) == "2022-04-07"
    assert second.body == "The leaders of the G7 issued a statement on Ukraine." and second.url is None


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"<rss><channel><item>", "not a well-formed feed"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "not an RSS or Atom feed (its root element is <catalog>)"),
    ],
)
def test_bad_feeds(tmp_path: Path, content: bytes, problem: str) -> None:
    path = write(tmp_path / "news.xml", content)
    [error] = list(read_sources([path]))
    assert str(error).startswith(f"{path}: {problem}"), error


def test_gzipped_jsonl_dump_reports_broken_lines_and_goes_on(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl.gz", gzip.compress((FIXTURES / "dump.jsonl").read_bytes()))
    items = list(read_sources([path]))
    assert _kinds(items) == ["Article", "Article", "InputError", "Article", "InputError"]
    assert [str(i) for i in items if isinstance(i, InputError)] == [
        f"{path}:3: not valid JSON (Expecting value at column 1)",
        f"{path}:5: no 'text' field (fields here: date, title, url; choose one with --text-field)",
    ]
    first = items[0]
    assert isinstance(first, Article) and first.origin == f"{path}:1"
    assert first.title == "Readout of the President's Call with Chancellor Scholz"
    assert first.url == "https://www.example.gov/scholz-call" and str(first.published) == "2022-04-06"
    assert count_inputs([path]) == 5


def test_csv_dump_with_other_field_names(tmp_path: Path) -> None:
    fields = DumpFields(text="body", title="headline", date="published", url="link")
    items = list(read_sources([FIXTURES / "dump.csv"], SourceOptions(fields=fields)))
    assert _kinds(items) == ["Article", "Article"]
    first = items[0]
    assert isinstance(first, Article) and first.body.endswith("Germany.\nThey discussed support for Ukraine.")
    [error] = list(read_sources([FIXTURES / "dump.csv"]))
    assert str(error) == f"{FIXTURES / 'dump.csv'}: no 'text' column (columns: headline, published, link, body; " \
        "choose one with --text-field)"


@pytest.mark.parametrize(
    "line, problem",
    [
        (b'["a list"]', "expected a JSON object, found list"),
        (b'{"text": 42}', "field 'text' should be a string, found int"),
        (b'{"text": "x", "date": "yesterday"}', "date 'yesterday' is not a date I can read"),
        (b'{"text": "  "}', "the article has no text"),
    ],
)
def test_bad_dump_records(line: bytes, problem: str) -> None:
    [error] = list(read_jsonl(io.BytesIO(line + b"\n"), "d.jsonl"))
    assert str(error).startswith("d.jsonl:1: ") and problem in str(error), error


def test_damaged_gzip_is_reported_after_the_good_lines(tmp_path: Path) -> None:
    data = gzip.compress((FIXTURES / "dump.jsonl").read_bytes() * 50)
    path = write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])
    items = list(read_sources([path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], InputError) and "damaged data after line" in str(items[-1])


class CountingReader(io.RawIOBase):
    """A large endless dump that counts the bytes taken from it."""

    def __init__(self, line: bytes) -> None:
        self.line = line
        self.taken = 0
        self.data = line * 10_000

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        start = self.taken % len(self.line)
        chunk = self.data[start : start + len(buffer)]
        buffer[: len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


def test_dumps_stream_instead_of_loading_whole() -> None:
    from kg.sources.dump import open_maybe_gzip

    raw = CountingReader(b'{"text": "President Biden met Chancellor Scholz."}\n')
    items = read_jsonl(open_maybe_gzip(raw), "endless.jsonl")
    first = [next(items) for _ in range(1000)]
    assert all(isinstance(item, Article) for item in first)
    assert raw.taken < 200_000  # an endless dump, read a buffer at a time


def test_globs_and_mixed_directories(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "First article.")
    write(tmp_path / "b.html", (FIXTURES / "page_with_boilerplate.html").read_bytes())
    write(tmp_path / "c.jsonl.gz", gzip.compress(b'{"text": "Third article."}\n'))
    write(tmp_path / "notes.json", "{}")
    from_directory = list(read_sources([tmp_path]))
    assert _kinds(from_directory) == ["Article", "Article", "Article"]
    assert _kinds(list(read_sources([str(tmp_path / "*.txt")]))) == ["Article"]
    assert [str(e) for e in read_sources([str(tmp_path / "*.pdf")])] == [f"{tmp_path / '*.pdf'}: no file matches "
                                                                       "this pattern"]


def test_unknown_format_lists_the_choices() -> None:
    with pytest.raises(InputError, match=r"Unknown input format 'pdf'. Choose one of: article, html, feed, jsonl, csv"):
        SourceOptions(format="pdf")


def test_fragment_text_keeps_paragraphs() -> None:
    assert fragment_text("<p>One <b>bold</b>\n word.</p><script>x()</script><ul><li>Two</li></ul>") == \
        "One bold word.\nTwo"
