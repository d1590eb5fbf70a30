"""Resource: everything the store says about one IRI, for its linked-data page.

:func:`describe_resource` gathers a node's labels and types, its facts (each distinct triple
once, with the label of what it points to), what points at it, and the evidence: the sentence
each article read it from (an event's reports, an official's post holdings, an agreement's own
sentence), with the article's headline, address and date. :func:`resource_triples` gives the
same as RDF (the node's triples, the triples pointing at it and its records' triples) for
programs asking for Turtle or JSON-LD.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.query.run import run_query
from kg.store.base import Store, Triple, term_syntax

#: Links into a node that are bookkeeping, not facts worth a line on its page.
_RECORD_LINKS = ("diplo:reportOf", "diplo:holder", "diplo:heldPost", "diplo:nameOf")
MAX_LINKS = 500


@dataclass(frozen=True)
class Fact:
    predicate: str
    value: str
    is_iri: bool
    label: str = ""  # the label of an IRI value, when it has one
    datatype: str = ""


@dataclass(frozen=True)
class Evidence:
    sentence: str
    headline: str
    url: str
    published: str
    graph: str


@dataclass
class Resource:
    iri: str
    label: str = ""
    types: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # iri -> value
    links: list[Fact] = field(default_factory=list)  # value -> iri (the value is the subject)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.facts or self.links)


def _text(term: object) -> str:
    return "" if term is None else str(term)


def describe_resource(store: Store, iri: str) -> Resource:
    """What the store says about `iri` (an empty :class:`Resource` when it says nothing)."""
    me = term_syntax(URIRef(iri))
    resource = Resource(iri)
    rows = run_query(store, f"""SELECT DISTINCT ?p ?o (SAMPLE(?l) AS ?label) WHERE {{
        {me} ?p ?o . OPTIONAL {{ ?o rdfs:label ?l }} }} GROUP BY ?p ?o ORDER BY ?p ?o""").rows
    for p, o, label in rows:
        fact = Fact(str(p), str(o), isinstance(o, URIRef), _text(label),
                    _text(getattr(o, "datatype", None)))
        resource.facts.append(fact)
        if fact.predicate.endswith("#type"):
            resource.types.append(fact.value)
    labels = sorted(f.value for f in resource.facts if f.predicate.endswith("rdf-schema#label"))
    resource.label = labels[0] if labels else ""
    skip = " ".join(_RECORD_LINKS)
    rows = run_query(store, f"""SELECT DISTINCT ?s ?p (SAMPLE(?l) AS ?label) WHERE {{
        ?s ?p {me} . FILTER(?p NOT IN ({skip.replace(' ', ', ')})) OPTIONAL {{ ?s rdfs:label ?l }}
        }} GROUP BY ?s ?p ORDER BY ?p ?s LIMIT {MAX_LINKS}""").rows
    resource.links = [Fact(str(p), str(s), True, _text(label)) for s, p, label in rows]
    rows = run_query(store, f"""SELECT DISTINCT ?sentence ?headline ?url ?published ?g WHERE {{
        GRAPH ?g {{
          {{ ?r diplo:reportOf {me} ; diplo:reportedEvidence ?sentence }}
          UNION {{ ?h diplo:holder {me} ; diplo:evidence ?sentence }}
          UNION {{ ?h diplo:heldPost {me} ; diplo:evidence ?sentence }}
          UNION {{ {me} a diplo:Agreement ; diplo:evidence ?sentence }}
          ?article a diplo:Article .
          OPTIONAL {{ ?article schema:headline ?headline }} OPTIONAL {{ ?article schema:url ?url }}
          OPTIONAL {{ ?article schema:datePublished ?published }} }}
        }} ORDER BY ?published ?g ?sentence LIMIT {MAX_LINKS}""").rows
    resource.evidence = [Evidence(*(_text(v) for v in row)) for row in rows]
    return resource


def resource_triples(store: Store, iri: str) -> list[Triple]:
    """The RDF of a resource's page: its triples, the triples pointing at it, and the triples of
    the records (reports, post holdings) that give its evidence."""
    me = term_syntax(URIRef(iri))
    result = run_query(store, f"""CONSTRUCT {{ {me} ?p ?o . ?s ?q {me} . ?r ?rp ?ro }} WHERE {{
        {{ {me} ?p ?o }} UNION {{ ?s ?q {me} }}
        UNION {{ ?r diplo:reportOf|diplo:holder|diplo:heldPost {me} ; ?rp ?ro }} }}""")
    return sorted(set(result.triples))


__all__ = ["Evidence", "Fact", "Resource", "describe_resource", "resource_triples"]
