"""Build: facts of one article -> the RDF triples of its named graph.

A pure function of the dataclasses in :mod:`kg.model` and the article; the
store decides where the triples go. Every entity an article mentions is
described inside that article's graph, so dropping the graph removes exactly
the article's contribution and the union of graphs stays self-describing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from rdflib import Literal, URIRef

from kg import __version__
from kg.graph.iris import DEFAULT_BASE, mint_iri
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
    names = [a.name if isinstance(a, Official) else a.label for a in event.participants]
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
        add((node, RDF.type, DIPLO.Post))
        add((node, DIPLO.title, Literal(post.title)))
        add((node, DIPLO.postOf, owner))
        add((node, RDFS.label, Literal(f"{post.title} of {owner_label}")))
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
