"""The facts extraction produces: frozen dataclasses passed between stages.

`extract` turns an Article into a :class:`Facts`; `build` turns Facts into RDF.
Entities carry the stable keys their IRIs are minted from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

EventKind = Literal["Meeting", "Visit", "PhoneCall", "Statement"]
Status = Literal["planned", "occurred", "cancelled"]
EVENT_KINDS: tuple[EventKind, ...] = ("Meeting", "Visit", "PhoneCall", "Statement")
STATUSES: tuple[Status, ...] = ("planned", "occurred", "cancelled")


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from and its character offsets in the article body
    (None for a fact read from the headline, which is not part of the body)."""

    sentence: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Country:
    iso: str
    label: str
    qid: str | None = None


@dataclass(frozen=True)
class Organization:
    """An organisation, labelled by its usual short name ("OSCE", "African Union"), with its
    full name where that differs ("Organization for Security and Co-operation in Europe")."""

    key: str
    label: str
    qid: str | None = None
    acronym: str | None = None
    members: tuple[str, ...] = ()
    full_name: str | None = None


Body = Country | Organization


@dataclass(frozen=True)
class Official:
    """A named person acting for a state or organisation.

    `key` is what the IRI derives from: the Wikidata id where known, else the
    normalised full name plus the country, so one person is one node across
    articles.
    """

    name: str
    key: str
    qid: str | None = None


Actor = Country | Organization | Official


@dataclass(frozen=True)
class Post:
    """An official's position: 'Secretary of State' of the United States."""

    official: Official
    title: str
    of: Body
    evidence: Evidence


@dataclass(frozen=True)
class Event:
    kind: EventKind
    participants: tuple[Actor, ...]
    status: Status
    evidence: Evidence
    visitors: tuple[Actor, ...] = ()
    hosts: tuple[Actor, ...] = ()
    destinations: tuple[Country, ...] = ()
    location: Country | None = None
    date: date | None = None
    topic: str | None = None
    trigger: str = ""


@dataclass(frozen=True)
class Agreement:
    label: str
    parties: tuple[Body, ...]
    status: Status
    evidence: Evidence
    signatories: tuple[Official, ...] = ()
    date: date | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything read from one article."""

    countries: tuple[Country, ...] = ()
    organizations: tuple[Organization, ...] = ()
    officials: tuple[Official, ...] = ()
    posts: tuple[Post, ...] = ()
    events: tuple[Event, ...] = ()
    agreements: tuple[Agreement, ...] = ()
