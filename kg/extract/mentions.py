"""Mentions: where the text names a country, an organisation or a title of office.

Surface forms come from the gazetteers; they are looked up token by token on
the spaCy document, longest match first. Country names and organisations
match case-sensitively ("US" the country, not "us"); titles match in any case
("the Foreign Minister", "foreign minister Lavrov"). Two exceptions, where news
writes a name in another case and no English word is at risk: an organisation's
acronym of four letters or more in title case ("Asean", "Nato"), and a country
name whose compass word is in lower case ("south Sudan" is South Sudan, not Sudan).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from kg.extract.gazetteer import Gazetteer, load_gazetteer

MAX_WORDS = 8
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    """A span of tokens [start, end) naming a country, organisation, region or title."""

    start: int
    end: int
    kind: str  # "country" | "organization" | "region" | "title"
    key: str  # ISO code, organisation key, region name, or canonical title
    form: str  # country: name/adjective/capital; title: the title as written
    text: str
    plural: bool = False


#: Groups of countries news names collectively ("the five Central Asian countries").
REGIONS = {
    "Central Asia": ("KZ", "KG", "TJ", "TM", "UZ"),
    "Central Asian": ("KZ", "KG", "TJ", "TM", "UZ"),
    "Baltic": ("EE", "LV", "LT"),
    "Baltic States": ("EE", "LV", "LT"),
    "Nordic": ("DK", "FI", "IS", "NO", "SE"),
    "E3": ("FR", "DE", "GB"),
    "Quad": ("US", "IN", "JP", "AU"),
}


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.strip())


_PIECE = re.compile(r"\w+|[^\w\s]")


_WORD_CHARS = re.compile(r"\w*")


@functools.lru_cache(maxsize=1 << 16)
def _first_piece(text: str) -> str:
    """The lower-cased leading word characters of `text` (cached: called for every token)."""
    match = _WORD_CHARS.match(text.lower())
    return match.group() if match else ""


_COMPASS = ("North ", "South ", "East ", "West ", "Central ")


@dataclass(frozen=True)
class Lexicon:
    countries: dict[str, tuple[str, str]]
    organizations: dict[str, str]
    #: other cases news writes some forms in: "south Sudan", "Asean" (see the module docstring)
    other_cases: dict[str, tuple[str, str, str]]  # text -> (kind, key, form)
    titles: dict[str, tuple[str, str, bool]]  # lower-case form -> (canonical, written title, plural)
    #: lower-cased first word piece of any surface form -> most tokens a form starting with it spans
    starts: dict[str, int]


@functools.cache
def load_lexicon() -> Lexicon:
    gazetteer = load_gazetteer()
    countries = {_key(form): value for form, value in gazetteer.country_surface_forms().items()}
    organizations = {_key(form): key for form, key in gazetteer.organization_surface_forms().items()}
    titles: dict[str, tuple[str, str, bool]] = {}
    for entry in gazetteer.titles:
        titles.setdefault(entry.title.lower(), (entry.canonical, entry.title, False))
        if entry.plural:
            titles.setdefault(entry.plural.lower(), (entry.canonical, entry.title, True))
    other_cases: dict[str, tuple[str, str, str]] = {}
    for form, (iso, kind) in countries.items():
        if form.startswith(_COMPASS) and kind == "name":
            other_cases.setdefault(form[:1].lower() + form[1:], ("country", iso, kind))
    for form, key in organizations.items():
        if len(form) >= 4 and form.isalpha() and form.isupper():
            other_cases.setdefault(form[:1] + form[1:].lower(), ("organization", key, "name"))
    starts: dict[str, int] = {}
    for form in [*countries, *organizations, *titles, *REGIONS]:
        first = _first_piece(form)
        starts[first] = max(starts.get(first, 0), min(MAX_WORDS, len(_PIECE.findall(form))))
    return Lexicon(countries, organizations, other_cases, titles, starts)


def find_mentions(doc: Any, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Country, organisation, region and title mentions, left to right, not overlapping."""
    lexicon = load_lexicon()
    texts: list[str] = []
    spaces: list[str] = []
    for token in doc:  # one pass: each iteration of a Doc builds its Token objects anew
        texts.append(token.text)
        spaces.append(token.whitespace_)
    mentions: list[Mention] = []
    n = len(texts)
    i = 0
    while i < n:
        longest = min(lexicon.starts.get(_first_piece(texts[i]), 0), n - i)
        found = _mention_at(doc, lexicon, texts, spaces, i, longest) if longest else None
        if found is None:
            i += 1
            continue
        mentions.append(found)
        i = found.end
    return mentions


def _mention_at(doc: Any, lexicon: Lexicon, texts: list[str], spaces: list[str], i: int,
                longest: int) -> Mention | None:
    """The longest mention starting at token `i`, of at most `longest` tokens (the most any
    surface form starting with this token's first word spans), or None."""
    phrases = _phrases(texts, spaces, i, longest)
    for size in range(longest, 0, -1):
        text = phrases[size - 1]
        if size > 1 and "\n" in text:
            continue
        hit = lexicon.countries.get(text)
        if hit is not None:
            return Mention(i, i + size, "country", hit[0], hit[1], text)
        org = lexicon.organizations.get(text)
        if org is not None and not _inside_longer_name(doc, i, size, text):
            return Mention(i, i + size, "organization", org, "name", text)
        other = lexicon.other_cases.get(text)
        if other is not None:
            return Mention(i, i + size, other[0], other[1], other[2], text)
        if text in REGIONS and texts[i][:1].isupper():
            return Mention(i, i + size, "region", text, "name", text)
        title = lexicon.titles.get(text.lower())
        if title is not None and _plausible_title(doc, i, i + size):
            canonical, written, plural = title
            return Mention(i, i + size, "title", canonical, text, text, plural=plural)
    return None


def _phrases(texts: list[str], spaces: list[str], start: int, most: int) -> list[str]:
    """The texts of the first 1, 2, ... `most` tokens from `start`, as written: each is built on the
    one before rather than joined anew for every length tried."""
    if most <= 0:
        return []
    out = [texts[start]]
    for k in range(start + 1, start + most):
        out.append(out[-1] + spaces[k - 1] + texts[k])
    return out


def _inside_longer_name(doc: Any, start: int, size: int, text: str) -> bool:
    """A one-word name that is a common noun ("Congress") ends a longer proper name after a
    capitalised word that does not open the sentence ("the Philippine Congress", "the African
    National Congress"): that body is another one."""
    if size != 1 or not text.isalpha() or text.isupper() or start == 0:
        return False
    before = doc[start - 1]
    if not (before.text[:1].isupper() and before.text.replace(".", "").isalpha()):
        return False
    opens = before.is_sent_start
    if opens is None:
        opens = start == 1 or doc[start - 2].text in {".", "!", "?", "\n", "\n\n"} or "\n" in doc[start - 2].text
    return not opens


_LOWER_OK = {"president", "minister", "secretary", "ambassador", "chancellor", "king", "queen", "envoy", "senator",
             "premier", "spokesperson", "spokesman", "leader", "leaders", "presidents", "ministers"}


def _plausible_title(doc: Any, start: int, end: int) -> bool:
    """A title written in lower case counts only for words that are titles in any case."""
    first = doc[start]
    if first.text[:1].isupper():
        return True
    return doc[end - 1].text.lower() in _LOWER_OK or first.text.lower() in _LOWER_OK
