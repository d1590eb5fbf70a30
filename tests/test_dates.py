from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import date_from_url, find_time_expressions, infer_reference_date, year_from_url

PUBLISHED = date(2025, 11, 7)  # a Friday


def first_day(text: str, published: date | None = PUBLISHED, tense: str = "past") -> date | None:
    found = [e for e in find_time_expressions(text, published, tense) if e.day]
    return found[0].day if found else None


@pytest.mark.parametrize(
    "text, tense, expected",
    [
        ("They met today in Astana.", "past", PUBLISHED),
        ("They met yesterday.", "past", date(2025, 11, 6)),
        ("Rubio said on Wednesday that", "past", date(2025, 11, 5)),
        ("They will meet on Monday.", "future", date(2025, 11, 10)),
        ("He will travel next Tuesday.", "future", date(2025, 11, 11)),
        ("They met last Friday.", "past", date(2025, 10, 31)),
        ("on 6th November for talks", "future", date(2025, 11, 6)),
        ("On July 14 the leaders", "past", date(2025, 7, 14)),
        ("On July 14, 2022, we convened", "past", date(2022, 7, 14)),
        ("a call on 2 December", "future", date(2025, 12, 2)),
        ("met on December 30", "past", date(2024, 12, 30)),
    ],
)
def test_relative_and_absolute_dates(text: str, tense: str, expected: date) -> None:
    assert first_day(text, PUBLISHED, tense) == expected


def test_without_publication_date_only_full_dates_resolve() -> None:
    assert first_day("They met today.", None) is None
    assert first_day("They met on July 21.", None) is None
    assert first_day("said on Wednesday 5th November that", None) == date(2025, 11, 5)
    assert first_day("on Monday (15 December) issued", None) == date(2025, 12, 15)


def test_reference_date_from_weekday_and_url() -> None:
    assert infer_reference_date("He spoke on Wednesday 5th November to them.") == date(2025, 11, 5)
    assert infer_reference_date("No dates at all.") is None
    assert date_from_url("https://example.org/2018/07/23/story/") == date(2018, 7, 23)
    assert date_from_url("https://example.org/story") is None


def test_a_year_in_the_address_picks_among_years_with_the_same_weekday() -> None:
    assert year_from_url("https://www.un.org/press/en/2016/sgt3125.doc.htm") == 2016
    assert year_from_url("https://example.org/news/story-2016") is None
    text = "He left on Wednesday, 31 August, for Colombo."
    assert infer_reference_date(text, 2016) == date(2016, 8, 31)


def test_numbers_that_are_not_days() -> None:
    assert first_day("grew by May 5 percent", PUBLISHED) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_weekdays_resolve_within_a_week_of_publication(published: date) -> None:
    for weekday in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        past = first_day(f"They met on {weekday}.", published, "past")
        future = first_day(f"They will meet on {weekday}.", published, "future")
        assert past is not None and timedelta(0) <= published - past < timedelta(days=7)
        assert future is not None and timedelta(0) <= future - published < timedelta(days=7)


@given(st.text(max_size=300), st.one_of(st.none(), st.dates()))
def test_any_text_never_crashes(text: str, published: date | None) -> None:
    for expression in find_time_expressions(text, published):
        assert 0 <= expression.start < expression.end <= len(text)
