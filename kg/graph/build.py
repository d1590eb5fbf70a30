"""Build: facts of one article -> the RDF triples of its named graph.

A pure function of the dataclasses in :mod:`kg.model` and the article; the
store decides where the triples go. Every entity an article mentions is
described inside that article's graph, so dropping the graph removes exactly
the article's contribution and the union of graphs stays self-describing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from functools import cache

from rdflib import Literal, URIRef

from kg import __version__
from kg.extract.gazetteer import load_gazetteer
from kg.graph.iris import DEFAULT_BASE, mint_iri, slugify
from kg.graph.vocab import DIPLO, OWL, PROV, RDF, RDFS, SCHEMA, WD, XSD
from kg.model import Actor, Country, Event, Evidence, Facts, Official, Organization, Post
from kg.sources.article import Article
from kg.store.base import Triple

STATUS_TERMS = {"planned": "Planned", "occurred": "Occurred", "cancelled": "Cancelled"}


def graph_iri(article: Article, base: str = DEFAULT_BASE) -> str:
    return mint_iri("graph", article.content_hash, base)


def article_iri(article: Article, base: str = DEFAULT_BASE) -> str:
    return mint_iri("article", article.content_hash, base)


def actor_iri(actor: Actor, base: str = DEFAULT_BASE) -> URIRef:
    if isinstance(actor, Country):
        return URIRef(mint_iri("country", actor.iso, base))
    if isinstance(actor, Organization):
        return URIRef(mint_iri("organization", actor.qid or actor.key, base))
    return URIRef(mint_iri("person", actor.key, base))


def post_iri(post: Post, base: str = DEFAULT_BASE) -> URIRef:
    owner = post.of.iso if isinstance(post.of, Country) else (post.of.qid or post.of.key)
    return URIRef(mint_iri("post", f"{post.title} {owner}", base))


#: Words kept lower-case in a title spelt from its words ("Minister of Foreign Affairs").
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "de", "for", "in", "of", "on", "the", "to"})


@cache
def _title_spellings() -> tuple[dict[str, str], dict[str, str]]:
    """From the gazetteer: title slug -> the one spelling of that title, and word -> its spelling.

    A title's spelling is its canonical form where that slugs the same ('Vice-President' is
    'Vice President', 'Secretary General' is 'Secretary-General'), else the table's own."""
    gazetteer = load_gazetteer()
    canonical = {entry.canonical for entry in gazetteer.titles}
    titles: dict[str, list[str]] = {}
    words: dict[str, Counter[str]] = {}
    for entry in gazetteer.titles:
        spelling = entry.canonical if slugify(entry.canonical) == slugify(entry.title) else entry.title
        titles.setdefault(slugify(entry.title), []).append(spelling)
    texts = [*(e.title for e in gazetteer.titles), *(e.label for e in gazetteer.countries),
             *(n for e in gazetteer.countries for n in e.names), *(e.label for e in gazetteer.organizations),
             *(a for e in gazetteer.organizations for a in e.aliases)]
    for text in texts:
        for word in re.findall(r"[^\W_]+", text):
            key = slugify(word)
            if key and "-" not in key:
                words.setdefault(key, Counter())[word] += 1
    chosen = {key: min(spellings, key=lambda s: (s not in canonical, s)) for key, spellings in titles.items()}
    spelt = {key: min(counts, key=lambda w: (-counts[w], w)) for key, counts in words.items()}
    return chosen, spelt


@cache
def post_title(title: str) -> str:
    """The one spelling of a post's title: every title that mints the same post IRI (the same
    slug: 'Vice President', 'Vice-President', 'VICE PRESIDENT') is written the same way, so a post
    has exactly one diplo:title whichever articles name it. A function of the slug alone: the
    gazetteer's spelling of the longest title it starts with, then the rest word by word."""
    key = slugify(title)
    if not key:
        return " ".join(title.split())  # nothing Latin to spell it by: its IRI keeps the text itself
    titles, words = _title_spellings()
    parts = key.split("-")
    for size in range(len(parts), 0, -1):
        head = "-".join(parts[:size])
        if head in titles:
            rest = parts[size:]
            break
    else:
        head, rest = "", parts
    spelt = [titles[head]] if head else []
    for word in rest:
        known = words.get(word)
        spelt.append(word if word in _SMALL_WORDS else known if known else word.capitalize())
    if not head and spelt and spelt[0] in _SMALL_WORDS:
        spelt[0] = spelt[0].capitalize()
    return " ".join(spelt)


def _describe_actor(actor: Actor, base: str) -> Iterable[Triple]:
    node = actor_iri(actor, base)
    if isinstance(actor, Country):
        yield node, RDF.type, DIPLO.Country
        yield node, RDFS.label, Literal(actor.label)
        yield node, DIPLO.isoCode, Literal(actor.iso)
        if actor.qid:
            yield node, OWL.sameAs, WD[actor.qid]
    elif isinstance(actor, Organization):
        yield node, RDF.type, DIPLO.Organization
        yield node, RDFS.label, Literal(actor.label)
        if actor.full_name:
            yield node, SCHEMA.name, Literal(actor.full_name)
        if actor.acronym:
            yield node, DIPLO.acronym, Literal(actor.acronym)
        if actor.qid:
            yield node, OWL.sameAs, WD[actor.qid]
    else:
        yield node, RDF.type, DIPLO.Official
        yield node, RDFS.label, Literal(actor.name)
        if actor.qid:
            yield node, OWL.sameAs, WD[actor.qid]


def _evidence(node: URIRef, evidence: Evidence) -> Iterable[Triple]:
    yield node, DIPLO.evidence, Literal(evidence.sentence)
    if evidence.start is not None and evidence.end is not None:
        yield node, DIPLO.evidenceStart, Literal(evidence.start, datatype=XSD.integer)
        yield node, DIPLO.evidenceEnd, Literal(evidence.end, datatype=XSD.integer)


def _fact_key(article: Article, kind: str, parts: Iterable[str], extra: str) -> str:
    digest = hashlib.sha256("|".join([kind, *sorted(parts), extra]).encode()).hexdigest()[:12]
    return f"{article.content_hash[:16]}/{kind.lower()}-{digest}"


def _event_label(event: Event) -> str:
    """'Meeting: Marco Rubio, Kazakhstan, Uzbekistan (2025-11-05)': the officials in the order the
    article names them, then the countries and organisations by name. The extractor gathers those
    from sets, whose order changes with PYTHONHASHSEED; sorted, the label is the same every run."""
    officials = [a.name for a in event.participants if isinstance(a, Official)]
    others = sorted(a.label for a in event.participants if not isinstance(a, Official))
    names = [*officials, *others]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    when = f" ({event.date.isoformat()})" if event.date else ""
    return f"{event.kind}: {shown}{when}"


def event_iri(article: Article, event: Event, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI a report mints for its event when it does not join one already known."""
    parts = [str(actor_iri(a, base)) for a in event.participants]
    return URIRef(mint_iri("event", _fact_key(article, event.kind, parts, f"{event.date}|{event.evidence.start}"),
                           base))


def build_article_graph(
    article: Article, facts: Facts, generated_at: datetime | None = None, base: str = DEFAULT_BASE,
    known_events: Mapping[int, tuple[str, str]] | None = None,
) -> list[Triple]:
    """All triples of one article's named graph, in a stable order.

    `known_events` maps the index of an event in `facts.events` to the IRI of the
    stored event it reports and the reason it was matched (see kg.graph.merge).
    """
    triples: list[Triple] = []
    add = triples.append
    graph = URIRef(graph_iri(article, base))
    art = URIRef(article_iri(article, base))

    add((art, RDF.type, DIPLO.Article))
    add((art, DIPLO.contentHash, Literal(article.content_hash)))
    if article.title:
        add((art, SCHEMA.headline, Literal(article.title)))
        add((art, RDFS.label, Literal(article.title)))
    if article.url:
        add((art, SCHEMA.url, Literal(article.url)))
    if article.published:
        add((art, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
    for key, value in article.metadata:
        if key == "license":
            add((art, SCHEMA.license, Literal(value)))
        header = URIRef(mint_iri("header", f"{article.content_hash}/{key}", base))
        add((art, DIPLO.headerField, header))
        add((header, RDF.type, DIPLO.HeaderField))
        add((header, DIPLO.key, Literal(key)))
        add((header, DIPLO.value, Literal(value)))

    extractor = URIRef(mint_iri("extractor", f"diplo-kg {__version__}", base))
    extraction = URIRef(f"{graph}/extraction")
    add((graph, RDF.type, DIPLO.ArticleGraph))
    add((graph, PROV.wasGeneratedBy, extraction))
    add((extraction, RDF.type, DIPLO.Extraction))
    add((extraction, PROV.wasAssociatedWith, extractor))
    add((extractor, RDF.type, DIPLO.Extractor))
    add((extractor, RDFS.label, Literal(f"diplo-kg {__version__}")))
    add((extractor, DIPLO.version, Literal(__version__)))
    if generated_at is None:
        generated_at = datetime.now(timezone.utc).replace(microsecond=0)
    add((graph, PROV.generatedAtTime, Literal(generated_at.isoformat(), datatype=XSD.dateTime)))

    actors: dict[URIRef, Actor] = {}
    mentioned: list[Actor] = [*facts.countries, *facts.organizations, *facts.officials]
    for actor in mentioned:
        actors.setdefault(actor_iri(actor, base), actor)
    for post in facts.posts:
        actors.setdefault(actor_iri(post.of, base), post.of)
        actors.setdefault(actor_iri(post.official, base), post.official)
    for event in facts.events:
        for actor in (*event.participants, *event.visitors, *event.hosts, *event.destinations):
            actors.setdefault(actor_iri(actor, base), actor)
        if event.location:
            actors.setdefault(actor_iri(event.location, base), event.location)
    for agreement in facts.agreements:
        for actor in (*agreement.parties, *agreement.signatories):
            actors.setdefault(actor_iri(actor, base), actor)
    for actor in actors.values():
        triples.extend(_describe_actor(actor, base))

    for post in facts.posts:
        node = post_iri(post, base)
        owner = actor_iri(post.of, base)
        person = actor_iri(post.official, base)
        owner_label = post.of.label
        title = post_title(post.title)
        add((node, RDF.type, DIPLO.Post))
        add((node, DIPLO.title, Literal(title)))
        add((node, DIPLO.postOf, owner))
        add((node, RDFS.label, Literal(f"{title} of {owner_label}")))
        add((person, DIPLO.holdsPost, node))
        add((person, DIPLO.represents, owner))
        triples.extend(_evidence(node, post.evidence))

    for index, event in enumerate(facts.events):
        known = (known_events or {}).get(index)
        node = URIRef(known[0]) if known else event_iri(article, event, base)
        if known:
            add((node, DIPLO.mergeReason, Literal(known[1])))
        add((node, RDF.type, DIPLO[event.kind]))
        add((node, RDFS.label, Literal(_event_label(event))))
        add((node, DIPLO.status, DIPLO[STATUS_TERMS[event.status]]))
        add((node, PROV.wasDerivedFrom, art))
        for actor in event.participants:
            add((node, DIPLO.participant, actor_iri(actor, base)))
        for actor in event.visitors:
            add((node, DIPLO.visitor, actor_iri(actor, base)))
        for actor in event.hosts:
            add((node, DIPLO.host, actor_iri(actor, base)))
        for country in event.destinations:
            add((node, DIPLO.destination, actor_iri(country, base)))
        if event.location:
            add((node, DIPLO.location, actor_iri(event.location, base)))
        if event.date:
            add((node, DIPLO.date, Literal(event.date.isoformat(), datatype=XSD.date)))
        if event.topic:
            add((node, DIPLO.topic, Literal(event.topic)))
        triples.extend(_evidence(node, event.evidence))

    for agreement in facts.agreements:
        parts = [str(actor_iri(a, base)) for a in agreement.parties]
        node = URIRef(mint_iri("agreement", _fact_key(article, "Agreement", parts,
                                                      f"{agreement.label}|{agreement.evidence.start}"), base))
        add((node, RDF.type, DIPLO.Agreement))
        add((node, RDFS.label, Literal(agreement.label)))
        add((node, DIPLO.status, DIPLO[STATUS_TERMS[agreement.status]]))
        add((node, PROV.wasDerivedFrom, art))
        for party in agreement.parties:
            add((node, DIPLO.party, actor_iri(party, base)))
        for official in agreement.signatories:
            add((node, DIPLO.signatory, actor_iri(official, base)))
        if agreement.date:
            add((node, DIPLO.date, Literal(agreement.date.isoformat(), datatype=XSD.date)))
        if agreement.topic:
            add((node, DIPLO.topic, Literal(agreement.topic)))
        triples.extend(_evidence(node, agreement.evidence))

    seen: set[Triple] = set()
    return [t for t in triples if not (t in seen or seen.add(t))]  # type: ignore[func-returns-value]
