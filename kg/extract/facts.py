"""Extract: one Article -> the Facts a careful reader takes from it.

The steps, in order (each a module of this package):

1. `passages`: the parts of a long text worth the model; `text`: typography made plain;
2. `nlp`: spaCy annotates them (and, alone, the headline);
3. `mentions`: countries, organisations, regions and titles from the gazetteers;
4. `officials`: the people with their posts (the `cast`);
5. `events`: triggers, participants, status, dates, distributive plurals, visits, the
   headline, coreference and the evidence filter; then agreements;
6. here: the people the events place (posts from the event's setting), and the frozen
   dataclasses of :mod:`kg.model`, each fact with its evidence sentence.
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.annotated import Annotated
from kg.extract.cast import Person
from kg.extract.dates import date_from_url, date_in_title, infer_reference_date, year_from_url
from kg.extract.events import Reading, read_events
from kg.extract.gazetteer import Gazetteer, load_gazetteer
from kg.extract.mentions import find_mentions
from kg.extract.names import name_tokens
from kg.extract.nlp import annotate
from kg.extract.officials import OfficialFinder, read_headline
from kg.extract.passages import Passages, select_passages
from kg.extract.placing import place_officials
from kg.extract.publisher import publisher_of
from kg.extract.text import plain_typography
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


def has_diplomatic_cues(text: str) -> bool:
    return _DIPLOMATIC.search(text) is not None


class EntityResolver:
    """Turns the reader's indices and keys into model entities."""

    def __init__(self, gazetteer: Gazetteer, annotated: Annotated) -> None:
        self.gazetteer = gazetteer
        self.annotated = annotated

    def country(self, iso: str) -> Country | None:
        entry = self.gazetteer.country(iso)
        if entry is None:
            return None
        return Country(iso=entry.iso, label=entry.label, qid=entry.qid)

    def organization(self, key: str) -> Organization | None:
        entry = self.gazetteer.organization(key)
        if entry is None:
            return None
        acronym = entry.key if entry.key != entry.label and entry.key.replace(" ", "").isupper() else None
        # the name news uses: the short name or acronym ("APEC", "the Commonwealth", "G7", "E3"), except
        # two-letter acronyms of letters only, which read as country codes and are written out ("the
        # African Union")
        usual = entry.label if acronym is not None and len(acronym) <= 2 and acronym.isalpha() else entry.key
        full_name = entry.label if entry.label != usual else None
        return Organization(key=entry.key, label=usual, qid=entry.qid, acronym=acronym, members=entry.members,
                            full_name=full_name)

    def body(self, kind: str, key: str) -> Body | None:
        return self.country(key) if kind == "country" else self.organization(key)

    def official(self, index: int) -> Official:
        return official_for(self.annotated.cast.people[index])

    def actors(self, found: Any) -> list[Country | Organization | Official]:
        out: list[Country | Organization | Official] = [self.official(i) for i in found.people]
        out += [c for iso in found.countries if (c := self.country(iso)) is not None]
        out += [o for key in found.organizations if (o := self.organization(key)) is not None]
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


def extract_facts(article: Article, model: str | None = None) -> Facts:
    """Everything the extractor reads in one article."""
    if not has_diplomatic_cues(article.body) and not has_diplomatic_cues(article.title or ""):
        return Facts()
    publisher = publisher_of(article.url, article.metadata, load_gazetteer())
    title = plain_typography(article.title) if article.title else None
    passages = select_passages(plain_typography(article.body), title, publisher.country, model)
    if passages is None:
        return Facts()
    headline_doc = annotate(title, model) if title else None
    annotated, passages = annotate_article(article, model, passages, headline_doc)
    reading = read_events(annotated, headline_doc)
    place_officials(annotated, reading.events, reading.discourse)
    return assemble(annotated, reading, load_gazetteer(), passages, article)


def annotate_article(article: Article, model: str | None = None, passages: Passages | None = None,
                     headline_doc: Any = None) -> tuple[Annotated, Passages]:
    """Steps 1-4: the article annotated, with its cast, and the passages it was read in (by default
    all of it; `headline_doc`: the headline, if already annotated)."""
    gazetteer = load_gazetteer()
    if passages is None:
        passages = Passages(article.body, (0,), (0,))
    doc = annotate(plain_typography(passages.text), model)
    mentions = find_mentions(doc)
    # Without a publication date: the one in the address, else a full date in the headline (gov.uk
    # readouts: "PM call with Prime Minister Abiy: 21 December 2019"), else one the text implies
    published = article.published or date_from_url(article.url) or date_in_title(article.title)
    reference = published or infer_reference_date(article.body, year_from_url(article.url))
    publisher = publisher_of(article.url, article.metadata, gazetteer)
    known = read_headline(plain_typography(article.title), article.body, gazetteer, reference, publisher, model,
                          headline_doc) if article.title else None
    cast = OfficialFinder(doc, mentions, gazetteer, reference, publisher, known).find()
    annotated = Annotated(doc=doc, mentions=mentions, cast=cast, published=published, reference=reference,
                          home=publisher.country, home_organization=publisher.organization, title=article.title)
    return annotated, passages


def _evidence(annotated: Annotated, sentence_index: int, passages: Passages, article: Article) -> Evidence:
    """The sentence as the article writes it, and its offsets in the article body
    (a fact read from the headline has the headline as evidence, without offsets)."""
    if sentence_index < 0:
        return Evidence(sentence=article.title or "", start=None, end=None)
    sentence = annotated.sentences[sentence_index]
    text = sentence.text
    start = passages.to_body(sentence.start_char + (len(text) - len(text.lstrip())))
    length = len(text.strip())
    return Evidence(sentence=article.body[start:start + length], start=start, end=start + length)


def assemble(annotated: Annotated, reading: Reading, gazetteer: Gazetteer, passages: Passages,
             article: Article) -> Facts:
    resolver = EntityResolver(gazetteer, annotated)
    cast = annotated.cast
    officials: list[Official] = []
    posts: list[Post] = []
    for person in cast.people:
        official = official_for(person)
        officials.append(official)
        for post in person.posts:
            body = resolver.body(post.of_kind, post.of_key)
            if body is None:
                continue
            index = min(post.sentence, len(annotated.sentences) - 1)
            posts.append(Post(official=official, title=post.title, of=body,
                              evidence=_evidence(annotated, index, passages, article)))
    country_keys = dict.fromkeys(m.key for m in annotated.mentions if m.kind == "country")
    organization_keys = dict.fromkeys(m.key for m in annotated.mentions if m.kind == "organization")
    countries = [c for key in country_keys if (c := resolver.country(key)) is not None]
    organizations = [o for key in organization_keys if (o := resolver.organization(key)) is not None]
    events: list[Event] = []
    for record in reading.events:
        destinations = [c for iso in record.destinations if (c := resolver.country(iso)) is not None]
        participants = resolver.actors(record.participants)
        participants += [c for c in destinations if c not in participants]
        location = resolver.country(record.location) if record.location else None
        trigger = annotated.doc[record.token].text if record.token >= 0 else "headline"
        events.append(Event(
            kind=record.kind,  # type: ignore[arg-type]
            participants=tuple(participants),
            status=record.status,  # type: ignore[arg-type]
            evidence=_evidence(annotated, record.sentence, passages, article),
            visitors=tuple(resolver.actors(record.visitors)),
            hosts=tuple(resolver.actors(record.hosts)),
            destinations=tuple(destinations) if record.kind == "Visit" else (),
            location=location,
            date=record.day,
            trigger=trigger,
        ))
    agreements: list[Agreement] = []
    for agreement in reading.agreements:
        parties = [p for p in resolver.actors(agreement.parties) if isinstance(p, (Country, Organization))]
        agreements.append(Agreement(
            label=agreement.label,
            parties=tuple(parties),
            status=agreement.status,  # type: ignore[arg-type]
            evidence=_evidence(annotated, agreement.sentence, passages, article),
            signatories=tuple(resolver.official(i) for i in agreement.signatories),
            date=agreement.day,
        ))
    return Facts(countries=tuple(countries), organizations=tuple(organizations), officials=tuple(officials),
                 posts=tuple(posts), events=tuple(events), agreements=tuple(agreements))
