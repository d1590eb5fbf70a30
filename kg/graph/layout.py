"""Layout: where each triple of an article lives, so that every triple is stored once.

SPARQL stores answer queries over the union of their named graphs as a bag (Oxigraph
and Virtuoso both do): a triple stored in two graphs comes back twice. So a triple
lives in exactly one graph:

- an article's own graph (``…/id/graph/<sha256>``) holds what the article says of
  things of its own (itself, its header, its agreements) and, for each shared node it
  speaks of, a *record* of what it said: a :data:`Report <DIPLO.Report>` of each event,
  a ``diplo:PostHolding`` with the evidence of each post it names, a
  ``diplo:NameRecord`` with the name it gives each official (and that name's
  :func:`name_key`, by which a later article's bare surname finds it), and ``schema:mentions``
  for the countries, organisations and officials it mentions. ``diplo:holdsPost`` stays
  in the article graph too (the contract traces it to its article); a holding stated by
  several articles is therefore the one triple that more than one graph holds;
- a shared node (country, organisation, official, post, event, the extractor) is
  described once, in its *description graph* (``…/id/description/<kind>/<key>``),
  which holds the union of what its articles say of it: labels, codes, types, an
  official's names and whom they represent, an event's statuses, days, participants
  and evidence, and the summary of an event reported more than once.

:func:`split_article` turns the triples :func:`kg.graph.build.build_article_graph` makes
for one article into that layout; it is pure, and serves ingest, ``kg extract`` and
the migration of stores written before this layout. Keeping description graphs in
step with the article graphs as they come and go is :mod:`kg.graph.describe`'s job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from kg.extract.names import name_tokens
from kg.graph.iris import DEFAULT_BASE
from kg.graph.vocab import DIPLO, PROV, RDF, RDFS, SCHEMA, XSD
from kg.store.base import Term, Triple

#: Kinds of node described once, in a graph of their own (the first segment of their IRI's path).
SHARED_KINDS = ("country", "organization", "person", "post", "event", "extractor")
#: Kinds whose nodes an article says it mentions with ``schema:mentions``.
MENTIONED_KINDS = ("country", "organization", "person")
#: What a report says of its event, by the event property it stands for: a report has properties
#: of its own, so that a pattern over events (``?x diplo:participant ?y``) never meets reports.
REPORTED = {RDFS.label: DIPLO.reportedLabel, DIPLO.status: DIPLO.reportedStatus, DIPLO.date: DIPLO.reportedDate,
            DIPLO.participant: DIPLO.reportedParticipant, DIPLO.visitor: DIPLO.reportedVisitor,
            DIPLO.host: DIPLO.reportedHost, DIPLO.destination: DIPLO.reportedDestination,
            DIPLO.location: DIPLO.reportedLocation, DIPLO.topic: DIPLO.reportedTopic,
            DIPLO.evidence: DIPLO.reportedEvidence}
#: The event property each report property stands for.
REPORTED_AS = {reported: stated for stated, reported in REPORTED.items()}
#: What an event's description graph takes from each report (offsets, merge reasons and
#: provenance stay with the report).
EVENT_DESCRIPTION = frozenset(REPORTED)
#: What a post's evidence is: it belongs to the holding, not to the post.
EVIDENCE = frozenset({DIPLO.evidence, DIPLO.evidenceStart, DIPLO.evidenceEnd})
#: The summary of an event reported more than once, recomputed as reports come and go.
SUMMARY = frozenset({DIPLO.currentStatus, DIPLO.reportCount, DIPLO.firstReported, DIPLO.lastReported})
GRAPH_PREFIX = DEFAULT_BASE + "graph/"
DESCRIPTION_PREFIX = DEFAULT_BASE + "description/"


def node_kind(node: object, base: str = DEFAULT_BASE) -> str:
    """'country' for …/id/country/kz: the first segment of a minted IRI's path, else ''."""
    text = str(node)
    if not isinstance(node, URIRef) or not text.startswith(base):
        return ""
    return text[len(base):].split("/", 1)[0]


def is_shared(node: object, base: str = DEFAULT_BASE) -> bool:
    return node_kind(node, base) in SHARED_KINDS


def description_graph(node: str, base: str = DEFAULT_BASE) -> str:
    """The graph that describes a shared node: …/id/country/kz -> …/id/description/country/kz."""
    return f"{base}description/{node[len(base):]}"


def described_node(graph: str, base: str = DEFAULT_BASE) -> str:
    """The node a description graph describes (the inverse of :func:`description_graph`)."""
    return base + graph[len(f"{base}description/"):]


def is_description_graph(graph: str, base: str = DEFAULT_BASE) -> bool:
    return graph.startswith(f"{base}description/")


def is_article_graph(graph: str, base: str = DEFAULT_BASE) -> bool:
    rest = graph[len(f"{base}graph/"):] if graph.startswith(f"{base}graph/") else ""
    return len(rest) == 64 and all(c in "0123456789abcdef" for c in rest)


def _record(graph: str, kind: str, *keys: object) -> URIRef:
    digest = hashlib.sha256("|".join(str(k) for k in keys).encode()).hexdigest()[:16]
    return URIRef(f"{graph}/{kind}/{digest}")


def name_key(written: str) -> str | None:
    """'rubio' for "Marco Rubio": the last word of a written name, in lower case, by which an
    article that names an official by surname alone finds the officials the store knows
    (kg.graph.identity); None for a name of fewer than two name words ("Rubio", "Mr Rubio"),
    which identifies no one by surname."""
    if len(name_tokens(written)) < 2 or " " not in written:
        return None
    return written.rsplit(" ", 1)[-1].lower() or None


def name_record_triples(record: URIRef, official: Term, written: Term) -> list[Triple]:
    """The triples of a name record: the official it names, the name, and its key if it has one."""
    out: list[Triple] = [(record, RDF.type, DIPLO.NameRecord), (record, DIPLO.nameOf, official),
                         (record, DIPLO.writtenName, written)]
    key = name_key(str(written))
    if key is not None:
        out.append((record, DIPLO.nameKey, Literal(key)))
    return out


def report_iri(graph: str, event: str) -> URIRef:
    """The node of one article's report of an event, in the article's graph."""
    return _record(graph, "report", event)


@dataclass
class ArticleLayout:
    """One article's triples in the store's layout: its own graph, and what it contributes to
    the description graph of each shared node (by node IRI)."""

    graph: str
    own: list[Triple] = field(default_factory=list)
    shared: dict[str, list[Triple]] = field(default_factory=dict)

    def graphs(self, base: str = DEFAULT_BASE) -> list[tuple[str, list[Triple]]]:
        """The article graph, then a description graph per shared node (in IRI order)."""
        return [(self.graph, self.own), *((description_graph(node, base), triples)
                                          for node, triples in sorted(self.shared.items()))]


def split_article(graph: str, triples: Iterable[Triple], base: str = DEFAULT_BASE) -> ArticleLayout:
    """Split the triples of one article (everything it says, shared nodes described inline, as
    :func:`~kg.graph.build.build_article_graph` makes them or as stores before this layout kept
    them) into its own graph and its contributions to description graphs."""
    triples = list(triples)
    layout = ArticleLayout(graph)
    own, shared = layout.own, layout.shared
    seen: set[Triple] = set()

    def keep(triple: Triple) -> None:
        if triple not in seen:
            seen.add(triple)
            own.append(triple)

    def describe(node: Term, triple: Triple) -> None:
        bucket = shared.setdefault(str(node), [])
        if triple not in bucket:
            bucket.append(triple)

    article = next((s for s, p, o in triples if p == RDF.type and o == DIPLO.Article), None)
    holders: dict[Term, list[Term]] = {}
    for s, p, o in triples:
        if p == DIPLO.holdsPost:
            holders.setdefault(o, []).append(s)
    mentioned: list[Term] = []
    for s, p, o in triples:
        kind = node_kind(s, base)
        if kind not in SHARED_KINDS or s == article:
            keep((s, p, o))
        elif kind == "event":
            report = report_iri(graph, str(s))
            if p == RDF.type:
                describe(s, (s, p, o))
                keep((report, RDF.type, DIPLO.Report))
                keep((report, DIPLO.reportOf, s))
            elif p == PROV.wasDerivedFrom:
                keep((s, p, o))  # the contract: an event is traced to its article where it is read
            else:
                keep((report, REPORTED.get(p, p), o))  # type: ignore[arg-type]
                if p in EVENT_DESCRIPTION:
                    describe(s, (s, p, o))
        elif kind == "person":
            if p == DIPLO.holdsPost:
                keep((s, p, o))
            elif p == RDFS.label:
                for triple in name_record_triples(_record(graph, "name", s), s, o):
                    keep(triple)
                describe(s, (s, p, o))
            else:
                describe(s, (s, p, o))
        elif kind == "post" and p in EVIDENCE:
            for person in holders.get(s, []):
                holding = _record(graph, "holding", person, s)
                keep((holding, RDF.type, DIPLO.PostHolding))
                keep((holding, DIPLO.holder, person))
                keep((holding, DIPLO.heldPost, s))
                keep((holding, p, o))
        else:
            describe(s, (s, p, o))
        if kind in MENTIONED_KINDS and s not in mentioned:
            mentioned.append(s)
    if article is not None:
        for node in mentioned:
            keep((article, SCHEMA.mentions, node))
    return layout


def summary_triples(event: str, reports: Iterable[tuple[str, str, str, str]]) -> list[Triple]:
    """What a merged event is across its reports, each given as (graph, status IRI, publication
    date, generation time): the latest report's status, how many reports, the first and last
    publication day. Nothing for an event with a single report: the report says it all."""
    rows = sorted({(published, generated, status, graph) for graph, status, published, generated in reports})
    if len({row[3] for row in rows}) < 2:
        return []
    node = URIRef(event)
    latest = rows[-1]
    out: list[Triple] = [(node, DIPLO.currentStatus, URIRef(latest[2])),
                         (node, DIPLO.reportCount, Literal(len({r[3] for r in rows}), datatype=XSD.integer))]
    dated = [r[0] for r in rows if r[0]]
    if dated:
        out.append((node, DIPLO.firstReported, Literal(min(dated), datatype=XSD.date)))
        out.append((node, DIPLO.lastReported, Literal(max(dated), datatype=XSD.date)))
    return out


__all__ = ["ArticleLayout", "DESCRIPTION_PREFIX", "GRAPH_PREFIX", "REPORTED", "REPORTED_AS", "SHARED_KINDS",
           "description_graph", "described_node", "is_article_graph", "is_description_graph", "is_shared", "name_key",
           "name_record_triples", "node_kind", "report_iri", "split_article", "summary_triples"]
