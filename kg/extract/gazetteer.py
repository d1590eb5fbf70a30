"""The project's gazetteers: countries, organisations, titles of office, office
holders and the portfolios of ministries, read from the tables shipped in ``kg.data``.

This module is the only reader of those tables (built by
``data/build_gazetteers.py``; see ``data/README.md``). Nothing is read at
import time: call :func:`load_gazetteer`, which reads once and caches.

    >>> gazetteer = load_gazetteer()
    >>> gazetteer.country_surface_forms()["Kazakh"]
    ('KZ', 'adjective')
    >>> gazetteer.canonical_title("Minister of Foreign Affairs")
    'Foreign Minister'
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files

__all__ = [
    "CountryEntry",
    "Gazetteer",
    "OfficeHolder",
    "OrganizationEntry",
    "TitleEntry",
    "fold_name",
    "load_gazetteer",
]

# Name parts ignored when indexing a holder by surname.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Words of titles that say nothing about a body ("of", "the").
_CONNECTIVES = frozenset({"the", "and", "for", "with"})
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "to", "on", "in", "with", "at"})
# Countries whose people news names by the first word of their name: family name first ("Xi
# Jinping", "Hun Sen"), or a given name followed by a father's name ("Prime Minister Abiy" of
# Ethiopia and Eritrea, Iceland's patronymics) or a given name used as the name (Thailand).
_FAMILY_NAME_FIRST = frozenset({"CN", "TW", "KR", "KP", "KH", "ET", "ER", "IS", "TH"})


def fold_name(text: str) -> str:
    """Case- and accent-folded text with single spaces: 'Sébastien  LECORNU' -> 'sebastien lecornu'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split("|") if part)


def _parse_day(value: str, *, end: bool) -> datetime.date | None:
    """'2025-05-06' -> that day; '2025' -> 1 January (start) or 31 December (end)."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}", value):
        return datetime.date(int(value), 12, 31) if end else datetime.date(int(value), 1, 1)
    return datetime.date.fromisoformat(value)


@dataclass(frozen=True)
class CountryEntry:
    """A state (or historical state) with the surface forms news uses for it."""

    iso: str
    qid: str | None
    label: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    historical: bool


@dataclass(frozen=True)
class OrganizationEntry:
    """An international organisation, format (C5+1, G7) or government body."""

    key: str
    label: str
    aliases: tuple[str, ...]
    qid: str | None
    members: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class TitleEntry:
    """A title of office as written, with its plural and canonical form."""

    title: str
    category: str
    plural: str
    canonical: str


@dataclass(frozen=True)
class OfficeHolder:
    """One person's tenure of one post (``of`` is an ISO code or organisation key)."""

    name: str
    qid: str | None
    of: str
    title: str
    start: datetime.date | None
    end: datetime.date | None
    aliases: tuple[str, ...]

    def holds_on(self, day: datetime.date) -> bool:
        """Whether the tenure covers ``day`` (open start or end count as covering)."""
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end

    @property
    def person_key(self) -> str:
        """Identifies the person across tenures: the Wikidata id, else the folded name."""
        return self.qid or fold_name(self.name)


def _name_tokens(name: str) -> list[str]:
    tokens = re.split(r"[\s,]+", fold_name(name).replace(".", " "))
    return [t for t in tokens if t and t not in _SUFFIXES]


@dataclass(frozen=True)
class Gazetteer:
    """All the tables, with lookups built once on construction."""

    countries: tuple[CountryEntry, ...]
    organizations: tuple[OrganizationEntry, ...]
    titles: tuple[TitleEntry, ...]
    office_holders: tuple[OfficeHolder, ...]
    #: the portfolios of ministries and departments ("Foreign Affairs", "Agriculture, Fisheries and Food")
    portfolios: tuple[str, ...] = ()
    _countries_by_iso: dict[str, CountryEntry] = field(init=False, repr=False, compare=False)
    _organizations_by_key: dict[str, OrganizationEntry] = field(init=False, repr=False, compare=False)
    _titles_by_name: dict[str, TitleEntry] = field(init=False, repr=False, compare=False)
    _country_forms: dict[str, tuple[str, str]] = field(init=False, repr=False, compare=False)
    _organization_forms: dict[str, str] = field(init=False, repr=False, compare=False)
    _holders_by_name: dict[str, tuple[OfficeHolder, ...]] = field(init=False, repr=False, compare=False)
    _title_words: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen dataclass: derived lookups are set once, here.
        object.__setattr__(self, "_countries_by_iso", {c.iso: c for c in self.countries})
        object.__setattr__(self, "_organizations_by_key", {o.key: o for o in self.organizations})
        object.__setattr__(self, "_titles_by_name", {fold_name(t.title): t for t in self.titles})
        object.__setattr__(self, "_country_forms", self._build_country_forms())
        object.__setattr__(self, "_organization_forms", self._build_organization_forms())
        object.__setattr__(self, "_holders_by_name", self._build_holder_index())
        object.__setattr__(self, "_title_words", self._build_title_words())

    # -- building ---------------------------------------------------------

    def _build_country_forms(self) -> dict[str, tuple[str, str]]:
        forms: dict[str, tuple[str, str]] = {}
        # Lower priority first, so names overwrite adjectives overwrite capitals.
        for kind, attribute in (("capital", "capitals"), ("adjective", "adjectives"), ("name", "names")):
            for country in self.countries:
                for form in getattr(country, attribute):
                    forms[form] = (country.iso, kind)
        return forms

    def _build_organization_forms(self) -> dict[str, str]:
        forms: dict[str, str] = {}
        for organization in self.organizations:
            for form in (organization.label, *organization.aliases):
                forms.setdefault(form, organization.key)
        return forms

    def _build_holder_index(self) -> dict[str, tuple[OfficeHolder, ...]]:
        index: dict[str, list[OfficeHolder]] = {}

        def add(key: str, holder: OfficeHolder) -> None:
            bucket = index.setdefault(key, [])
            if holder not in bucket:
                bucket.append(holder)

        for holder in self.office_holders:
            for name in (holder.name, *holder.aliases):
                add(fold_name(name), holder)
                tokens = _name_tokens(name)
                if len(tokens) > 1:
                    add(tokens[-1], holder)
                    if holder.of in _FAMILY_NAME_FIRST:
                        add(tokens[0], holder)
        return {key: tuple(holders) for key, holders in index.items()}

    def _build_title_words(self) -> frozenset[str]:
        words: set[str] = set()
        for text in [t.title for t in self.titles] + [o.label for o in self.organizations] + list(self.portfolios):
            if any(w[:1].islower() and w not in _SMALL_WORDS for w in text.split()):
                continue  # a title in another language ("Yang di-Pertuan Agong"): its words name people too
            words.update(w for w in re.split(r"[^\w]+", fold_name(text)) if len(w) > 2)
        return frozenset(words - _CONNECTIVES)

    # -- lookups ----------------------------------------------------------

    def country(self, iso: str) -> CountryEntry | None:
        """The country with this ISO 3166-1 alpha-2 code (any case), or None."""
        return self._countries_by_iso.get(iso.upper())

    def organization(self, key: str) -> OrganizationEntry | None:
        """The organisation with this key ('UN', 'European Commission'), or None."""
        return self._organizations_by_key.get(key)

    def country_surface_forms(self) -> dict[str, tuple[str, str]]:
        """Surface text -> (ISO code, 'name' | 'adjective' | 'capital'), matched case-sensitively.

        Where two countries share a form, names win over adjectives over capitals.
        """
        return dict(self._country_forms)

    def organization_surface_forms(self) -> dict[str, str]:
        """Surface text (label or alias) -> organisation key."""
        return dict(self._organization_forms)

    def title_entry(self, title: str) -> TitleEntry | None:
        """The table row for this title as written (case and spacing ignored), or None."""
        return self._titles_by_name.get(fold_name(title))

    def canonical_title(self, title: str) -> str:
        """The form used to compare posts: 'Minister of Foreign Affairs' -> 'Foreign Minister'.

        A title that is not in the table but starts with one followed by
        'of', 'to', 'for' or 'on' ('Ambassador to India') takes that title's
        canonical form; any other title comes back with its spacing normalised.
        """
        text = " ".join(title.split())
        entry = self.title_entry(text)
        if entry is not None:
            return entry.canonical
        match = re.match(r"(.+?) (?:of|to|for|on) ", fold_name(text))
        while match:
            entry = self._titles_by_name.get(match.group(1))
            if entry is not None:
                return entry.canonical
            match = re.match(r"(.+) (?:of|to|for|on) ", match.group(1))
        return text

    def is_title_word(self, word: str) -> bool:
        """Whether a word is one that titles of office and the names of bodies are made of ('Energy',
        'Affairs', 'Committee'), as opposed to a person's name."""
        return fold_name(word) in self._title_words

    def holders_named(self, surname_or_name: str) -> tuple[OfficeHolder, ...]:
        """Tenures whose holder has this full name, alias or surname (case and accents ignored)."""
        folded = fold_name(surname_or_name)
        found = self._holders_by_name.get(folded)
        if found:
            return found
        tokens = _name_tokens(surname_or_name)
        if len(tokens) < 2:
            return ()
        if len(tokens) == 2:  # "KISHIDA Fumio": a name written family name first
            reversed_order = self._holders_by_name.get(f"{tokens[1]} {tokens[0]}")
            if reversed_order:
                return reversed_order
        same_surname = self._holders_by_name.get(tokens[-1], ())
        names = {holder: [fold_name(n) for n in (holder.name, *holder.aliases)] for holder in same_surname}
        # 'von der Leyen' ~ 'Ursula von der Leyen': the end of a full name.
        ending = tuple(h for h in same_surname if any(n.endswith(" " + folded) for n in names[h]))
        if ending:
            return ending
        # 'Joseph Biden' ~ 'Joe Biden': same surname and first initial.
        return tuple(h for h in same_surname if any(n[:1] == tokens[0][:1] for n in names[h]))

    def holder_for(
        self,
        surname_or_name: str,
        title: str | None,
        day: datetime.date | None,
        of: str | None = None,
    ) -> OfficeHolder | None:
        """The one person matching the name (and title, country or organisation)
        in office on ``day``; None when nobody or more than one person matches."""
        wanted_title = self.canonical_title(title) if title else None
        candidates = [
            holder
            for holder in self.holders_named(surname_or_name)
            if (wanted_title is None or holder.title == wanted_title)
            and (of is None or holder.of == of)
            and (day is None or holder.holds_on(day))
        ]
        people = {holder.person_key for holder in candidates}
        if len(people) != 1:
            return None
        # Several tenures of one person: the latest one.
        return max(candidates, key=lambda h: h.start or datetime.date.min)


def _read_table(name: str) -> Iterator[dict[str, str]]:
    text = files("kg.data").joinpath(name).read_text(encoding="utf-8")
    yield from csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Read the gazetteer tables shipped in ``kg.data`` (once; later calls reuse it)."""
    countries = tuple(
        CountryEntry(
            iso=row["iso"],
            qid=row["qid"] or None,
            label=row["label"],
            names=_split(row["names"]),
            adjectives=_split(row["adjectives"]),
            capitals=_split(row["capitals"]),
            historical=row["historical"] == "1",
        )
        for row in _read_table("countries.tsv")
    )
    organizations = tuple(
        OrganizationEntry(
            key=row["key"],
            label=row["label"],
            aliases=_split(row["aliases"]),
            qid=row["qid"] or None,
            members=_split(row["members"]),
            kind=row["kind"],
        )
        for row in _read_table("organizations.tsv")
    )
    titles = tuple(
        TitleEntry(title=row["title"], category=row["category"], plural=row["plural"], canonical=row["canonical"])
        for row in _read_table("titles.tsv")
    )
    office_holders = tuple(
        OfficeHolder(
            name=row["name"],
            qid=row["qid"] or None,
            of=row["of"],
            title=row["title"],
            start=_parse_day(row["start"], end=False),
            end=_parse_day(row["end"], end=True),
            aliases=_split(row["aliases"]),
        )
        for row in _read_table("officeholders.tsv")
    )
    portfolios = tuple(row["portfolio"] for row in _read_table("portfolios.tsv"))
    return Gazetteer(countries, organizations, titles, office_holders, portfolios)
