"""The terms of the ontology, as one namespace object checked against schema/.

Code refers to ontology terms through ``DIPLO`` so that a typo fails loudly::

    >>> DIPLO.Meeting
    rdflib.term.URIRef('https://w3id.org/diplo/ontology#Meeting')
    >>> DIPLO.Meetng
    Traceback (most recent call last):
    ...
    kg.graph.vocab.UnknownTermError: Unknown ontology term 'diplo:Meetng'. Did you mean: diplo:Meeting?

The valid terms are read from ``schema/diplo.ttl`` (shipped as the package
resource ``kg.schema``) on first use, not at import time. The other
namespaces are rdflib's own.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SH, XSD

from kg.errors import SchemaError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "DCTERMS",
    "DIPLO",
    "DIPLO_IRI",
    "ID_BASE",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "WD",
    "XSD",
    "CheckedNamespace",
    "UnknownTermError",
    "load_ontology",
    "load_shapes",
    "ontology_path",
    "shapes_path",
]

DIPLO_IRI = "https://w3id.org/diplo/ontology#"
"""The ontology's namespace IRI."""

ID_BASE = "https://w3id.org/diplo/id/"
"""The default base of instance IRIs."""

SCHEMA = SDO
"""schema.org, https://schema.org/ (rdflib warns on terms it does not define)."""

WD = Namespace("http://www.wikidata.org/entity/")
"""Wikidata entities, the targets of owl:sameAs."""

_SCHEMA_PACKAGE = "kg.schema"
_ONTOLOGY_FILE = "diplo.ttl"
_SHAPES_FILE = "shapes.ttl"


class UnknownTermError(SchemaError, AttributeError):
    """A term that schema/diplo.ttl does not define.

    It is an ``AttributeError`` too, so ``hasattr`` and ``getattr`` with a
    default behave as they do on any object.
    """


def ontology_path() -> Traversable:
    """Return the location of the ontology, ``schema/diplo.ttl``, in the package."""
    return files(_SCHEMA_PACKAGE) / _ONTOLOGY_FILE


def shapes_path() -> Traversable:
    """Return the location of the SHACL shapes, ``schema/shapes.ttl``, in the package."""
    return files(_SCHEMA_PACKAGE) / _SHAPES_FILE


def _parse_turtle(resource: Traversable) -> Graph:
    graph = Graph()
    graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def load_ontology() -> Graph:
    """Return the ontology as a graph, parsed once and cached.

    The graph is shared between callers: copy it before changing it.
    """
    return _parse_turtle(ontology_path())


@cache
def load_shapes() -> Graph:
    """Return the SHACL shapes as a graph, parsed once and cached.

    The graph is shared between callers: copy it before changing it.
    """
    return _parse_turtle(shapes_path())


@cache
def _ontology_terms() -> frozenset[str]:
    """The local names of every IRI in the diplo namespace that the ontology describes."""
    return frozenset(
        str(subject)[len(DIPLO_IRI) :]
        for subject in load_ontology().subjects(unique=True)
        if isinstance(subject, URIRef)
        and str(subject).startswith(DIPLO_IRI)
        and subject != URIRef(DIPLO_IRI)
    )


class CheckedNamespace:
    """A namespace whose terms are checked against a closed set of local names.

    ``ns.Term`` and ``ns["Term"]`` return the term's ``URIRef``; a name
    outside the set raises ``UnknownTermError`` naming the closest valid
    terms. The set comes from ``load_terms``, called on first use and cached.
    """

    def __init__(
        self, iri: str, prefix: str, load_terms: Callable[[], frozenset[str]]
    ) -> None:
        self._iri = iri
        self._prefix = prefix
        self._load_terms = load_terms
        self._made: dict[str, URIRef] = {}  # a term made once: rollups ask for them in loops

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            # Keep Python's protocols (copy, pickle, introspection) working.
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> URIRef:
        made = self._made.get(name)
        if made is None:
            terms = self._load_terms()
            if name not in terms:
                raise UnknownTermError(self._unknown_term_message(name, terms))
            made = self._made[name] = URIRef(self._iri + name)
        return made

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        name = (
            item[len(self._iri) :]
            if isinstance(item, URIRef) and item.startswith(self._iri)
            else item
        )
        return name in self._load_terms()

    def __iter__(self) -> Iterator[URIRef]:
        return (URIRef(self._iri + name) for name in sorted(self._load_terms()))

    def __len__(self) -> int:
        return len(self._load_terms())

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | self._load_terms())

    def __str__(self) -> str:
        return self._iri

    def __repr__(self) -> str:
        return f"CheckedNamespace({self._iri!r})"

    def _unknown_term_message(self, name: str, terms: frozenset[str]) -> str:
        by_case = {term.casefold(): term for term in terms}
        close = difflib.get_close_matches(name, sorted(terms), n=3, cutoff=0.6)
        if name.casefold() in by_case and by_case[name.casefold()] not in close:
            close.insert(0, by_case[name.casefold()])
        if close:
            choices = ", ".join(f"{self._prefix}:{term}" for term in close)
            return f"Unknown ontology term '{self._prefix}:{name}'. Did you mean: {choices}?"
        choices = ", ".join(f"{self._prefix}:{term}" for term in sorted(terms))
        return (
            f"Unknown ontology term '{self._prefix}:{name}'. Choose one of: {choices}."
        )


DIPLO = CheckedNamespace(DIPLO_IRI, "diplo", _ontology_terms)
"""The ontology's terms: ``DIPLO.Meeting``, ``DIPLO.participant``, ``DIPLO.Occurred``."""

PREFIXES: dict[str, str] = {
    "diplo": DIPLO_IRI,
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "org": str(ORG),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "wd": str(WD),
}
"""The prefixes to bind when writing the graph, as in ONTOLOGY.md."""


def prefix_declarations() -> str:
    """PREFIX lines for the project's usual prefixes, prepended to user queries."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def with_prefixes(sparql: str) -> str:
    """`sparql` with the usual prefixes predeclared (the query may redeclare them)."""
    return prefix_declarations() + sparql
