from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import InputError
from kg.sources.article import make_article, normalise_text, parse_article, parse_date, split_header

FULL = """title: Secretary Blinken's Call
source: https://www.state.gov/call/
date: 2022-04-06
license: Public domain
via: somewhere
---
Secretary Blinken spoke today with Foreign Minister Lavrov.
"""


def test_header_fields_become_article_fields() -> None:
    article = parse_article(FULL, "a.txt")
    assert article.title == "Secretary Blinken's Call"
    assert article.url == "https://www.state.gov/call/"
    assert article.published == date(2022, 4, 6)
    assert article.metadata == (("license", "Public domain"), ("via", "somewhere"))
    assert article.body == "Secretary Blinken spoke today with Foreign Minister Lavrov."


def test_text_without_header_is_all_body() -> None:
    article = parse_article("The presidents met in Astana.\nThey talked.")
    assert article.title is None and article.published is None
    assert article.body == "The presidents met in Astana.\nThey talked."


def test_body_line_with_colon_is_not_a_header() -> None:
    header, body = split_header("Note: this is a sentence.\nMore text.")
    assert header == {} and body.startswith("Note:")


@pytest.mark.parametrize(
    "text, message",
    [
        ("title: A title\nsource: x\nBody without a closing line.", "no closing '---' line"),
        ("title: A\nthis is not a header line\n---\nbody", "is not 'key: value'"),
        ("title: A\n---\n   \n", "has no text"),
        ("", "has no text"),
        ("title: A\ndate: next spring\n---\nbody", "date 'next spring' is not a date"),
    ],
)
def test_bad_articles_name_the_input_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_article(text, "bad.txt")
    assert str(error.value).startswith("bad.txt: ")
    assert message in str(error.value)


def test_identity_is_the_normalised_body() -> None:
    a = parse_article("title: One\n---\nSame text.  \r\n", "a")
    b = parse_article("title: Other title\n---\n\nSame text.\n", "b")
    c = parse_article("Same text!")
    assert a.content_hash == b.content_hash != c.content_hash
    assert len(a.content_hash) == 64


@pytest.mark.parametrize(
    "value, expected",
    [("2025-11-06", date(2025, 11, 6)), ("2025-11-06T10:00:00Z", date(2025, 11, 6)),
     ("November 6, 2025", date(2025, 11, 6)), ("6 November 2025", date(2025, 11, 6)), ("", None)],
)
def test_dates_in_usual_forms(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_make_article_from_fields() -> None:
    article = make_article("Body.", title=" T ", url="", published="2024-01-02")
    assert (article.title, article.url, article.published) == ("T", None, date(2024, 1, 2))


@given(st.text())
def test_header_parsing_never_crashes_and_keeps_the_body(text: str) -> None:
    try:
        article = parse_article(text, "x")
    except InputError as error:
        assert str(error).startswith("x: ")
        return
    assert article.body == normalise_text(article.body)
    assert article.body.strip()
