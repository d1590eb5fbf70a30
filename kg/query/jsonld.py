"""JSON-LD: the store as compacted JSON-LD, with the vocabulary's terms as short keys.

The context (:func:`jsonld_context`) is made from the ontology: every diplo term by its local
name ("participant", "Meeting"), plus the few terms of other vocabularies the store uses
("label", "headline", "sameAs" ...), with object properties typed ``@id`` and dates typed
``xsd:date``. It is published as ``schema/context.jsonld`` (the package resource
``kg.schema/context.jsonld``, and ``/context.jsonld`` on ``kg serve``), and each export carries
it inline, so the file reads the same offline. Output is sorted (graphs, nodes, keys, values),
so the same store gives the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any, BinaryIO

from rdflib import Literal, URIRef

from kg.graph.vocab import DIPLO_IRI, OWL, PREFIXES, RDF, RDFS, XSD, load_ontology
from kg.store.base import Quad

CONTEXT_URL = "https://w3id.org/diplo/context.jsonld"
DIPLO_STATUS = URIRef(DIPLO_IRI + "Status")
#: Terms of other vocabularies the store writes: short key, IRI, and "@id" for links or a datatype.
_OTHER_TERMS = [
    ("label", str(RDFS.label), None), ("comment", str(RDFS.comment), None),
    ("sameAs", str(OWL.sameAs), "@id"),
    ("headline", "https://schema.org/headline", None), ("url", "https://schema.org/url", None),
    ("datePublished", "https://schema.org/datePublished", str(XSD.date)),
    ("license", "https://schema.org/license", None), ("mentions", "https://schema.org/mentions", "@id"),
    ("wasDerivedFrom", "http://www.w3.org/ns/prov#wasDerivedFrom", "@id"),
    ("wasGeneratedBy", "http://www.w3.org/ns/prov#wasGeneratedBy", "@id"),
    ("wasAssociatedWith", "http://www.w3.org/ns/prov#wasAssociatedWith", "@id"),
    ("generatedAtTime", "http://www.w3.org/ns/prov#generatedAtTime", str(XSD.dateTime)),
    ("hasMember", "http://www.w3.org/ns/org#hasMember", "@id"),
]


def _curie(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{name}:{iri[len(namespace):]}"
    return iri


@cache
def _terms() -> dict[str, tuple[str, str | None]]:
    """Short key -> (IRI, coercion: "@id", a datatype IRI, or None for plain strings)."""
    ontology = load_ontology()
    terms: dict[str, tuple[str, str | None]] = {}
    for subject in sorted({s for s in ontology.subjects() if str(s).startswith(DIPLO_IRI)}, key=str):
        local = str(subject)[len(DIPLO_IRI):]
        kinds = set(ontology.objects(subject, RDF.type))
        if OWL.ObjectProperty in kinds and (subject, RDFS.range, DIPLO_STATUS) in ontology:
            terms[local] = (str(subject), "@vocab")  # "status": "Occurred"
        elif OWL.ObjectProperty in kinds:
            terms[local] = (str(subject), "@id")
        elif OWL.DatatypeProperty in kinds:
            ranges = {str(r) for r in ontology.objects(subject, RDFS.range)}
            typed = next((r for r in (str(XSD.date), str(XSD.dateTime), str(XSD.integer)) if r in ranges), None)
            terms[local] = (str(subject), typed)
        else:
            terms[local] = (str(subject), None)  # classes and individuals: short names for @type and links
    for key, iri, coercion in _OTHER_TERMS:
        terms.setdefault(key, (iri, coercion))
    return terms


def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context: the prefixes, then a short key per term."""
    context: dict[str, Any] = {name: iri for name, iri in sorted(PREFIXES.items())}
    for key, (iri, coercion) in sorted(_terms().items()):
        context[key] = {"@id": _curie(iri), "@type": coercion if coercion in ("@id", "@vocab") else _curie(coercion)} \
            if coercion else _curie(iri)
    return context


def context_document() -> str:
    """The context as the file published at :data:`CONTEXT_URL` (``schema/context.jsonld``)."""
    return json.dumps({"@context": jsonld_context()}, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def _key_and_value(predicate: str, term: Any) -> tuple[str, Any]:
    """The compacted key and value of one triple's predicate and object. A term's key is used
    whenever there is one; a value its coercion would misread is written as a value object."""
    key = _by_iri().get(predicate)
    coercion = _terms()[key][1] if key else None
    name = key or _curie(predicate)
    if isinstance(term, URIRef):
        if key and coercion == "@vocab":
            short = _by_iri().get(str(term))
            return name, short if short and _terms()[short][1] is None else str(term)
        return name, str(term) if key and coercion == "@id" else {"@id": str(term)}
    assert isinstance(term, Literal)
    if term.language:
        return name, {"@value": str(term), "@language": term.language}
    datatype = str(term.datatype) if term.datatype else str(XSD.string)
    if datatype == str(XSD.string):
        return name, str(term) if coercion is None else {"@value": str(term)}
    if coercion == datatype:
        return name, str(term)
    if datatype == str(XSD.integer) and coercion is None and str(term).lstrip("-").isdigit():
        return name, int(str(term))
    return name, {"@value": str(term), "@type": _curie(datatype)}


@cache
def _by_iri() -> dict[str, str]:
    return {iri: key for key, (iri, _) in _terms().items()}


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def write_jsonld(quads: Iterable[Quad], output: BinaryIO) -> None:
    """Write quads as one compacted JSON-LD document, a named graph per store graph."""
    graphs: dict[str, dict[str, dict[str, list[Any]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    type_names = {iri: key for key, (iri, coercion) in _terms().items() if coercion is None}
    for s, p, o, g in quads:
        node = graphs[str(g)][str(s)]
        if p == RDF.type and isinstance(o, URIRef):
            node["@type"].append(type_names.get(str(o), _curie(str(o))))
            continue
        key, value = _key_and_value(str(p), o)
        node[key].append(value)
    document: dict[str, Any] = {"@context": jsonld_context(), "@graph": []}
    for graph in sorted(graphs):
        nodes = []
        for subject in sorted(graphs[graph]):
            entry: dict[str, Any] = {"@id": subject}
            for key in sorted(graphs[graph][subject]):
                values = sorted(graphs[graph][subject][key], key=_sort_key)
                entry[key] = values[0] if len(values) == 1 else values
            nodes.append(entry)
        document["@graph"].append({"@id": graph, "@graph": nodes})
    output.write(json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8"))
    output.write(b"\n")


__all__ = ["CONTEXT_URL", "context_document", "jsonld_context", "write_jsonld"]
