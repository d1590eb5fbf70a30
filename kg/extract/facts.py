"""Extract: one Article -> the Facts a careful reader takes from it.

Chains the reading steps: annotate with spaCy (nlp), find gazetteer mentions
(mentions), find officials and their posts (officials), then events and
agreements (events); and turns what they found into the frozen dataclasses
of :mod:`kg.model`, each fact with its evidence sentence.
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.cast import Cast, Person
from kg.extract.dates import date_from_url, infer_reference_date
from kg.extract.events import EventReader, Participants
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.mentions import Mention, find_mentions
from kg.extract.names import name_tokens
from kg.extract.nlp import annotate
from kg.extract.officials import OfficialFinder
from kg.extract.passages import Passages, select_passages
from kg.extract.publisher import home_country, publisher_country
from kg.model import Agreement, Body, Country, Event, Evidence, Facts, Official, Organization, Post
from kg.sources.article import Article

#: Words whose presence makes an article worth the statistical model.
_DIPLOMATIC = re.compile(
    r"\b(met|meets?|meeting|talks|visit(?:s|ed|ing)?|trip|travel|call(?:s|ed)?|spoke|phone|telephone|"
    r"statement|declaration|agreement|treaty|memorandum|summit|minister|president|ambassador|envoy|"
    r"secretary|chancellor|king|counterpart|bilateral|diplomat\w*|foreign|dialogue|ministry|embassy|"
    r"delegation|spokes\w+|prime|premier|leaders?|envoy|accord|pact|deal|sign(?:ed|s)?|hosts?|hosted)\b",
    re.IGNORECASE,
)


class Resolver:
    """Turns the reader's indices and keys into model entities, once each."""

    def __init__(self, gazetteer: Gazetteer, cast: Cast) -> None:
        self.gazetteer = gazetteer
        self.cast = cast

    def country(self, iso: str) -> Country | None:
        entry = self.gazetteer.country(iso)
        if entry is None:
            return None
        return Country(iso=entry.iso, label=entry.label, qid=entry.qid)

    def organization(self, key: str) -> Organization | None:
        entry = self.gazetteer.organization(key)
        if entry is None:
            return None
        acronym = entry.key if entry.key != entry.label else None
        return Organization(key=entry.key, label=entry.label, qid=entry.qid, acronym=acronym, members=entry.members)

    def body(self, kind: str, key: str) -> Body | None:
        return self.country(key) if kind == "country" else self.organization(key)

    def official(self, index: int) -> Official:
        person = self.cast.people[index]
        return official_for(person)

    def actors(self, found: Participants) -> list[Country | Organization | Official]:
        out: list[Country | Organization | Official] = []
        for index in found.people:
            out.append(self.official(index))
        for iso in found.countries:
            country = self.country(iso)
            if country is not None:
                out.append(country)
        for key in found.organizations:
            organization = self.organization(key)
            if organization is not None:
                out.append(organization)
        return out


def official_for(person: Person) -> Official:
    """The stable identity of a person: Wikidata id, else full name and country."""
    if person.qid:
        key = person.qid
    else:
        tokens = name_tokens(person.name)
        core = " ".join([tokens[0], tokens[-1]] if len(tokens) > 2 else tokens)
        key = f"{core} {person.country() or ''}".strip()
    return Official(name=person.name, key=key, qid=person.qid)


def _evidence(sentence: Any, passages: Passages) -> Evidence:
    """The sentence without surrounding white space, and its offsets in the article body."""
    text = sentence.text
    start = passages.to_body(sentence.start_char + (len(text) - len(text.lstrip())))
    stripped = text.strip()
    return Evidence(sentence=stripped, start=start, end=start + len(stripped))


def _title_kinds(title: str | None) -> set[str]:
    if not title:
        return set()
    lower = title.lower()
    kinds = set()
    if re.search(r"\b(call|phone|telephone)\b", lower):
        kinds.add("PhoneCall")
    if re.search(r"\b(meeting|meets|met|talks|summit)\b", lower):
        kinds.add("Meeting")
    if re.search(r"\b(visit|trip|travel)\b", lower):
        kinds.add("Visit")
    return kinds


def has_diplomatic_cues(text: str) -> bool:
    return _DIPLOMATIC.search(text) is not None


def extract_facts(article: Article, model: str | None = None) -> Facts:
    """Everything the extractor reads in one article."""
    gazetteer = load_gazetteer()
    if not has_diplomatic_cues(article.body) and not has_diplomatic_cues(article.title or ""):
        return Facts()
    passages = select_passages(article.body)
    doc = annotate(passages.text, model)
    mentions = find_mentions(doc)
    reference = article.published or date_from_url(article.url) or infer_reference_date(article.body)
    home = home_country(article.url, gazetteer) or publisher_country(article.metadata, gazetteer)
    cast = OfficialFinder(doc, mentions, gazetteer, reference, home).find()
    reader = EventReader(doc, mentions, cast, article.published or date_from_url(article.url), reference)
    statement = headline_statement(article, model)
    if statement is not None:
        reader.authors.extend(statement)
    reader.read(_title_kinds(article.title))
    reader.date_lead_event()
    facts = assemble(doc, mentions, cast, reader, gazetteer, passages)
    if statement is not None:
        facts = with_headline_statement(facts, article, statement, Resolver(gazetteer, cast))
    return facts


_STATEMENT_HEADLINE = re.compile(
    r"\b(?:Joint|Trilateral|Quadrilateral|Leaders[’']?)\s+(?:Leaders[’']?\s+)?(?:Statement|Declaration|Communiqu[eé])\b",
    re.IGNORECASE)


def headline_statement(article: Article, model: str | None) -> Participants | None:
    """A joint statement published as the article itself ('Joint Statement from the United States,
    Egypt, and Qatar'): its authors are the countries and organisations the headline names."""
    if not article.title or not _STATEMENT_HEADLINE.search(article.title):
        return None
    found = Participants()
    for mention in find_mentions(annotate(article.title, model)):
        if mention.kind == "country" and mention.form != "capital":
            found.add_country(mention.key)
        elif mention.kind == "organization":
            found.add_organization(mention.key)
    return found if found.size() >= 2 else None


def with_headline_statement(facts: Facts, article: Article, authors: Participants, resolver: Resolver) -> Facts:
    """Add the statement the article is, unless the body already reports it."""
    actors = resolver.actors(authors)
    if any(e.kind == "Statement" and set(actors) <= set(e.participants) for e in facts.events):
        return facts
    event = Event(kind="Statement", participants=tuple(actors), status="occurred",
                  evidence=Evidence(sentence=article.title or "", start=None, end=None),
                  date=article.published, trigger="headline")
    return Facts(countries=facts.countries, organizations=facts.organizations, officials=facts.officials,
                 posts=facts.posts, events=(event, *facts.events), agreements=facts.agreements)


def assemble(doc: Any, mentions: list[Mention], cast: Cast, reader: EventReader, gazetteer: Gazetteer,
             passages: Passages) -> Facts:
    resolver = Resolver(gazetteer, cast)
    sentences = list(doc.sents)
    officials: list[Official] = []
    posts: list[Post] = []
    for person in cast.people:
        official = official_for(person)
        officials.append(official)
        for post in person.posts:
            body = resolver.body(post.of_kind, post.of_key)
            if body is None:
                continue
            sentence = sentences[min(post.sentence, len(sentences) - 1)]
            posts.append(Post(official=official, title=post.title, of=body, evidence=_evidence(sentence, passages)))
    country_keys = dict.fromkeys(m.key for m in mentions if m.kind == "country")
    organization_keys = dict.fromkeys(m.key for m in mentions if m.kind == "organization")
    countries = [c for key in country_keys if (c := resolver.country(key)) is not None]
    organizations = [o for key in organization_keys if (o := resolver.organization(key)) is not None]
    events: list[Event] = []
    for record in reader.events:
        participants = resolver.actors(record.participants)
        if record.kind == "Visit":
            destinations = [c for iso in record.destinations if (c := resolver.country(iso)) is not None]
            participants = participants + [c for c in destinations if c not in participants]
        else:
            destinations = []
        location = resolver.country(record.location) if record.location else None
        events.append(Event(
            kind=record.kind,  # type: ignore[arg-type]
            participants=tuple(participants),
            status=record.status,  # type: ignore[arg-type]
            evidence=_evidence(record.sentence, passages),
            visitors=tuple(resolver.actors(record.visitors)),
            hosts=tuple(resolver.actors(record.hosts)),
            destinations=tuple(destinations),
            location=location,
            date=record.day,
            trigger=record.trigger.text,
        ))
    agreements: list[Agreement] = []
    for agreement in reader.agreements:
        parties = [p for p in resolver.actors(agreement.parties) if isinstance(p, (Country, Organization))]
        agreements.append(Agreement(
            label=agreement.label,
            parties=tuple(parties),
            status=agreement.status,  # type: ignore[arg-type]
            evidence=_evidence(agreement.sentence, passages),
            signatories=tuple(resolver.official(i) for i in agreement.signatories),
            date=agreement.day,
        ))
    return Facts(countries=tuple(countries), organizations=tuple(organizations), officials=tuple(officials),
                 posts=tuple(posts), events=tuple(events), agreements=tuple(agreements))
