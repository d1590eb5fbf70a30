"""Dates: find time expressions in a sentence and resolve them to days.

Relative expressions ("today", "on Wednesday", "last week") resolve against the
article's publication date. Without one, only a weekday with a day and month
("Wednesday 5th November") fixes a day, by finding the year in which that day
falls on that weekday. Anything else stays unresolved rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = {name: number for number, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")),
    ("weekday_day_month", re.compile(_WEEKDAY + r",?\s+(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _MONTH + _YEAR)),
    ("weekday_month_day", re.compile(_WEEKDAY + r",?\s+" + _MONTH + r"\s+" + _DAY + r"\b" + _YEAR)),
    ("weekday_paren", re.compile(_WEEKDAY + r"\s*\(\s*" + _DAY + r"\s+" + _MONTH + _YEAR + r"\s*\)")),
    # a range names its first day: "from 6 to 7 June", "10-18 January", "June 6-7"
    ("day_range_month", re.compile(r"\b" + _DAY + r"\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?(?:\s+of)?\s+"
                                   + _MONTH + r"\b" + _YEAR)),
    ("month_day_range", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\s*(?:-|–|to)\s*[0-3]?\d\b" + _YEAR)),
    ("month_day", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?!\s*(?:%|percent|million|billion))" + _YEAR)),
    ("day_month", re.compile(r"\b" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"\b" + _YEAR)),
    ("relative", re.compile(r"\b(?P<word>today|tonight|this morning|this afternoon|this evening|yesterday|tomorrow)\b",
                            re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?P<modifier>last|next|this|on|earlier this|later this)?\s*" + _WEEKDAY + r"\b")),
]


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in text, with the day it names when that can be known."""

    text: str
    start: int
    end: int
    day: date | None
    direction: str = ""  # "past", "future" or "" when the expression itself says nothing


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for_weekday(month: int, day: int, weekday: int, around: date | None) -> date | None:
    """The date whose weekday matches: nearest to `around`, else the latest up to this year."""
    years = range(around.year - 1, around.year + 2) if around else range(date.today().year, 1989, -1)
    candidates = [d for y in years if (d := _safe_date(y, month, day)) is not None and d.weekday() == weekday]
    if not candidates:
        return None
    if around:
        return min(candidates, key=lambda d: abs((d - around).days))
    return candidates[0]


def _month_day(month: int, day: int, year: int | None, published: date | None, tense: str) -> date | None:
    if year:
        return _safe_date(year, month, day)
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return None
    # a reported past event after the publication day belongs to last year; a planned one before it to next year
    if tense == "past" and (candidate - published).days > 31:
        return _safe_date(published.year - 1, month, day)
    if tense == "future" and (published - candidate).days > 31:
        return _safe_date(published.year + 1, month, day)
    return candidate


def _weekday(weekday: int, modifier: str, published: date | None, tense: str) -> date | None:
    if published is None:
        return None
    modifier = modifier.lower()
    back = (published.weekday() - weekday) % 7
    forward = (weekday - published.weekday()) % 7
    if modifier == "next" or (modifier not in ("last",) and tense == "future"):
        return published + timedelta(days=forward or (7 if modifier == "next" else 0))
    if modifier == "last":
        return published - timedelta(days=back or 7)
    return published - timedelta(days=back)


def find_time_expressions(text: str, published: date | None = None, tense: str = "past") -> list[TimeExpression]:
    """Time expressions in `text`, most specific first, without overlaps.

    `tense` ("past" or "future") tells which way a bare weekday or month-day
    points when the publication date leaves it open.
    """
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            groups = match.groupdict()
            day: date | None = None
            direction = ""
            if kind == "iso":
                day = _safe_date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
            elif kind in ("weekday_day_month", "weekday_month_day", "weekday_paren"):
                month, dom = MONTHS[groups["month"].lower()], int(groups["day"])
                if groups.get("year"):
                    day = _safe_date(int(groups["year"]), month, dom)
                else:  # the weekday picks the year: the matching one nearest the publication date
                    day = _year_for_weekday(month, dom, WEEKDAYS[groups["weekday"].lower()], published) \
                        or _month_day(month, dom, None, published, tense)
            elif kind in ("month_day", "day_month", "day_range_month", "month_day_range"):
                year = int(groups["year"]) if groups.get("year") else None
                day = _month_day(MONTHS[groups["month"].lower()], int(groups["day"]), year, published, tense)
            elif kind == "relative":
                word = groups["word"].lower()
                offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
                day = published + timedelta(days=offset) if published else None
                direction = "past" if offset < 0 else "future" if offset > 0 else ""
            elif kind == "weekday":
                modifier = (groups.get("modifier") or "").strip()
                day = _weekday(WEEKDAYS[groups["weekday"].lower()], modifier, published, tense)
                direction = {"last": "past", "next": "future"}.get(modifier.lower(), "")
            found.append(TimeExpression(match.group(0).strip(), start, end, day, direction))
            taken.append((start, end))
    return sorted(found, key=lambda t: t.start)


_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]\d)[/-](?P<day>[0-3]\d)(?:/|-|$)")


def date_from_url(url: str | None) -> date | None:
    """The date many news sites put in their paths: /2018/07/23/..."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    return _safe_date(int(match.group("year")), int(match.group("month")), int(match.group("day")))


_URL_YEAR = re.compile(r"/(?P<year>(?:19|20)\d\d)/")


def year_from_url(url: str | None) -> int | None:
    """The year alone that some sites put in their paths: /press/en/2016/sgt3125.doc.htm."""
    match = _URL_YEAR.search(url or "")
    return int(match.group("year")) if match else None


def infer_reference_date(text: str, year: int | None = None) -> date | None:
    """For an undated article: the first day named with weekday, day and month fixes the year
    (the one nearest `year`, a hint such as the year in the article's address, when given)."""
    around = date(year, 7, 1) if year else None
    for kind in ("weekday_day_month", "weekday_month_day", "weekday_paren"):
        pattern = dict(PATTERNS)[kind]
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("year"):
                return _safe_date(int(groups["year"]), MONTHS[groups["month"].lower()], int(groups["day"]))
            found = _year_for_weekday(MONTHS[groups["month"].lower()], int(groups["day"]),
                                      WEEKDAYS[groups["weekday"].lower()], around)
            if found:
                return found
    return None
