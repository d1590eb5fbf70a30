"""The ontology and shapes in schema/, and the namespace object kg.graph.vocab."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node

from kg.errors import KgError, SchemaError
from kg.graph.vocab import (
    DIPLO,
    DIPLO_IRI,
    ID_BASE,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SH,
    WD,
    XSD,
    UnknownTermError,
    load_ontology,
    load_shapes,
    ontology_path,
    shapes_path,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "ONTOLOGY.md"

DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.NamedIndividual,
)

ID = ID_BASE
ARTICLE_HASH = "3f" * 32

# A small graph of the kind the pipeline writes for one article; it conforms.
SAMPLE = f"""
@prefix diplo:  <{DIPLO_IRI}> .
@prefix schema: <https://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix wd:     <http://www.wikidata.org/entity/> .
@prefix id:     <{ID}> .

id:country-US a diplo:Country ;
    rdfs:label "United States" ; diplo:isoCode "US" ; owl:sameAs wd:Q30 .
id:country-KZ a diplo:Country ;
    rdfs:label "Kazakhstan" ; diplo:isoCode "KZ" ; owl:sameAs wd:Q232 .
id:org-c5-1 a diplo:Organization ;
    rdfs:label "C5+1" ; diplo:acronym "C5+1" ;
    org:hasMember id:country-US , id:country-KZ .
id:place-washington a diplo:Place ; rdfs:label "Washington" .

id:official-marco-rubio a diplo:Official ;
    rdfs:label "Marco Rubio" ;
    diplo:holdsPost id:post-US-secretary-of-state ;
    diplo:represents id:country-US .
id:post-US-secretary-of-state a diplo:Post ;
    rdfs:label "Secretary of State of the United States" ;
    diplo:title "Secretary of State" ;
    diplo:postOf id:country-US ;
    diplo:evidence "Secretary of State Marco Rubio met the ministers." ;
    diplo:evidenceStart 0 ; diplo:evidenceEnd 49 .

id:article-{ARTICLE_HASH} a diplo:Article ;
    schema:headline "Rubio meets Central Asian ministers" ;
    schema:url <https://example.org/news/1> ;
    schema:datePublished "2025-11-06"^^xsd:date ;
    schema:license "CC BY 4.0" ;
    diplo:contentHash "{ARTICLE_HASH}" ;
    diplo:headerField [ a diplo:HeaderField ; diplo:key "via" ;
                        diplo:value "press release" ] .

id:event-meeting a diplo:Meeting ;
    diplo:status diplo:Occurred ;
    diplo:date "2025-11-05"^^xsd:date ;
    diplo:participant id:official-marco-rubio , id:country-US , id:country-KZ ;
    diplo:host id:country-US ;
    diplo:location id:place-washington ;
    diplo:topic "rare earth minerals" ;
    prov:wasDerivedFrom id:article-{ARTICLE_HASH} ;
    diplo:evidence "Secretary of State Marco Rubio met the ministers." ;
    diplo:evidenceStart 0 ; diplo:evidenceEnd 49 .

id:event-visit a diplo:Visit ;
    diplo:status diplo:Planned ;
    diplo:participant id:official-marco-rubio , id:country-KZ ;
    diplo:visitor id:official-marco-rubio ;
    diplo:destination id:country-KZ ;
    prov:wasDerivedFrom id:article-{ARTICLE_HASH} ;
    diplo:evidence "Rubio will travel to Astana." .

id:agreement-minerals a diplo:Agreement ;
    diplo:status diplo:Planned ;
    diplo:party id:country-US , id:country-KZ ;
    diplo:signatory id:official-marco-rubio ;
    diplo:topic "critical minerals" ;
    prov:wasDerivedFrom id:article-{ARTICLE_HASH} ;
    diplo:evidence "The two countries will sign a minerals deal." .

<{ID}graph-{ARTICLE_HASH}> a diplo:ArticleGraph ;
    prov:generatedAtTime "2025-11-07T10:00:00Z"^^xsd:dateTime ;
    prov:wasDerivedFrom id:article-{ARTICLE_HASH} ;
    prov:wasGeneratedBy id:extraction-{ARTICLE_HASH} .
id:extraction-{ARTICLE_HASH} a diplo:Extraction ;
    prov:used id:article-{ARTICLE_HASH} ;
    prov:wasAssociatedWith id:extractor-0.1.0 .
id:extractor-0.1.0 a diplo:Extractor ; diplo:version "0.1.0" .
"""

COUNTRY_KZ = URIRef(ID + "country-KZ")
POST = URIRef(ID + "post-US-secretary-of-state")
ARTICLE = URIRef(ID + "article-" + ARTICLE_HASH)
MEETING = URIRef(ID + "event-meeting")
VISIT = URIRef(ID + "event-visit")
AGREEMENT = URIRef(ID + "agreement-minerals")


def sample_graph() -> Graph:
    return Graph().parse(data=SAMPLE, format="turtle")


def validate(data: Graph) -> tuple[bool, set[str]]:
    """Validate against the shapes alone, no inference; return the messages."""
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), inference="none"
    )
    assert isinstance(results, Graph)
    messages = {
        str(message)
        for result in results.objects(None, SH.result)  # top level, not sh:detail
        for message in results.objects(result, SH.resultMessage)
    }
    return bool(conforms), messages


def diplo_terms(graph: Graph) -> set[URIRef]:
    """Every IRI of the diplo namespace that occurs anywhere in the graph."""
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and term.startswith(DIPLO_IRI)
    }


def declared_terms() -> set[URIRef]:
    ontology = load_ontology()
    return {
        subject
        for kind in DECLARATIONS
        for subject in ontology.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and subject.startswith(DIPLO_IRI)
    }


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def contract_tables(text: str) -> list[list[list[str]]]:
    """The Markdown tables of the contract as rows of cells, header row first."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= {"-", ":"} for cell in cells):
                rows.append(cells)
        elif rows:
            tables.append(rows)
            rows = []
    return tables


# Files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [ontology_path, shapes_path], ids=["ontology", "shapes"]
)
def test_turtle_file_parses(path: Callable[[], Traversable]) -> None:
    graph = Graph().parse(data=path().read_text(encoding="utf-8"), format="turtle")
    assert len(graph) > 100


def test_load_functions_cache_the_parsed_files() -> None:
    assert load_ontology() is load_ontology()
    assert load_shapes() is load_shapes()
    reparsed = Graph().parse(
        data=ontology_path().read_text(encoding="utf-8"), format="turtle"
    )
    assert isomorphic(load_ontology(), reparsed)


# Ontology ------------------------------------------------------------------


@pytest.mark.skipif(not CONTRACT.exists(), reason=f"contract not found at {CONTRACT}")
def test_every_contract_term_is_declared() -> None:
    named = {
        expand(curie)
        for curie in re.findall(r"`(diplo:\w+)`", CONTRACT.read_text("utf-8"))
    }
    assert len(named) > 30
    assert sorted(named - declared_terms()) == []


@pytest.mark.skipif(not CONTRACT.exists(), reason=f"contract not found at {CONTRACT}")
def test_contract_subclass_and_subproperty_axioms_hold() -> None:
    ontology = load_ontology()
    expected: list[tuple[URIRef, URIRef, URIRef]] = []
    for header, *rows in contract_tables(CONTRACT.read_text("utf-8")):
        for row in rows:
            term = expand(row[0].strip("`"))
            if header[1] == "subclass of":
                for parent in re.findall(r"`(\w+:\w+)`", row[1]):
                    expected.append((term, RDFS.subClassOf, expand(parent)))
            for parent in re.findall(r"sub-property of `(\w+:\w+)`", row[-1]):
                expected.append((term, RDFS.subPropertyOf, expand(parent)))
    assert len(expected) > 10
    assert [axiom for axiom in expected if axiom not in ontology] == []


@pytest.mark.parametrize(
    "predicate", [RDFS.label, RDFS.comment], ids=["label", "comment"]
)
def test_every_term_has_english_text(predicate: URIRef) -> None:
    ontology = load_ontology()
    missing = [
        term
        for term in sorted(declared_terms())
        if not any(
            isinstance(text, Literal) and text.language == "en"
            for text in ontology.objects(term, predicate)
        )
    ]
    assert missing == []


def test_every_property_has_a_domain_and_a_range() -> None:
    ontology = load_ontology()
    properties = [
        term
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for term in ontology.subjects(RDF.type, kind)
    ]
    assert len(properties) > 20
    incomplete = [
        term
        for term in properties
        if (term, RDFS.domain, None) not in ontology
        or (term, RDFS.range, None) not in ontology
    ]
    assert incomplete == []


def test_status_is_exactly_the_three_individuals() -> None:
    ontology = load_ontology()
    enumeration = ontology.value(DIPLO.Status, OWL.equivalentClass)
    assert isinstance(enumeration, BNode)
    members = ontology.value(enumeration, OWL.oneOf)
    assert members is not None
    assert list(ontology.items(members)) == [
        DIPLO.Planned,
        DIPLO.Occurred,
        DIPLO.Cancelled,
    ]
    for status in (DIPLO.Planned, DIPLO.Occurred, DIPLO.Cancelled):
        assert (status, RDF.type, DIPLO.Status) in ontology


def test_ontology_header() -> None:
    ontology = load_ontology()
    header = URIRef(DIPLO_IRI.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (
        OWL.versionInfo,
        RDFS.label,
        RDFS.comment,
        URIRef("http://purl.org/dc/terms/license"),
    ):
        assert ontology.value(header, predicate) is not None, predicate


def test_shapes_name_only_declared_terms() -> None:
    assert sorted(diplo_terms(load_shapes()) - declared_terms()) == []


def test_shapes_target_every_concrete_class() -> None:
    targets = set(load_shapes().objects(None, SH.targetClass))
    concrete = {
        DIPLO[name]
        for name in [
            "Country",
            "Organization",
            "Official",
            "Post",
            "Article",
            "Event",
            "Meeting",
            "Visit",
            "PhoneCall",
            "Statement",
            "Agreement",
        ]
    }
    assert concrete <= targets


def test_every_property_shape_has_a_message() -> None:
    shapes = load_shapes()
    silent = [
        shape
        for shape in shapes.subjects(SH.path, None)
        if (shape, SH.message, None) not in shapes
    ]
    assert silent == []


# Namespace object ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Meeting", "participant", "Occurred", "title", "value", "key"]
)
def test_known_term_is_an_iri(name: str) -> None:
    term = getattr(DIPLO, name)
    assert term == URIRef(DIPLO_IRI + name)
    assert isinstance(term, URIRef)
    assert DIPLO[name] == term
    assert name in DIPLO
    assert term in DIPLO


def test_namespace_lists_the_declared_terms() -> None:
    assert set(DIPLO) == declared_terms()
    assert len(DIPLO) == len(declared_terms())
    assert str(DIPLO) == DIPLO_IRI


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Meetng", "diplo:Meeting"),
        ("meeting", "diplo:Meeting"),
        ("participants", "diplo:participant"),
        ("hostPost", "diplo:holdsPost"),
        ("iso_code", "diplo:isoCode"),
    ],
)
def test_misspelt_term_raises_with_a_suggestion(name: str, suggestion: str) -> None:
    with pytest.raises(UnknownTermError) as raised:
        getattr(DIPLO, name)
    message = str(raised.value)
    assert message.startswith(f"Unknown ontology term 'diplo:{name}'. Did you mean: ")
    assert suggestion in message
    assert isinstance(raised.value, SchemaError)
    assert isinstance(raised.value, KgError)


def test_unrelated_term_lists_the_valid_terms() -> None:
    with pytest.raises(
        UnknownTermError, match=r"Choose one of: diplo:Agreement, .*diplo:writtenName\."
    ):
        DIPLO["zzzzzzzz"]


def test_unknown_term_is_an_attribute_error_for_getattr_and_hasattr() -> None:
    assert getattr(DIPLO, "Meetng", None) is None
    assert not hasattr(DIPLO, "Meetng")
    assert "Meetng" not in DIPLO


def test_import_reads_no_file() -> None:
    probe = (
        "import kg.graph.vocab as v\n"
        "assert v.load_ontology.cache_info().currsize == 0\n"
        "assert v._ontology_terms.cache_info().currsize == 0\n"
        "v.DIPLO.Meeting\n"
        "assert v._ontology_terms.cache_info().currsize == 1\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_other_namespaces() -> None:
    assert SCHEMA.headline == URIRef("https://schema.org/headline")
    assert PROV.wasDerivedFrom == URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert URIRef("http://www.wikidata.org/entity/Q232") == WD.Q232
    assert XSD.date == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert ID_BASE == "https://w3id.org/diplo/id/"
    assert PREFIXES["diplo"] == DIPLO_IRI


# Validation ----------------------------------------------------------------


def test_sample_uses_only_declared_terms() -> None:
    assert sorted(diplo_terms(sample_graph()) - declared_terms()) == []


def test_sample_conforms() -> None:
    conforms, messages = validate(sample_graph())
    assert (conforms, messages) == (True, set())


def test_sample_conforms_with_the_ontology_and_rdfs_inference() -> None:
    conforms, _results, text = pyshacl.validate(
        sample_graph(),
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="rdfs",
    )
    assert conforms, text


def replace(subject: URIRef, predicate: URIRef, value: Node) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.set((subject, predicate, value))

    return mutate


def remove(subject: URIRef, predicate: URIRef) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.remove((subject, predicate, None))

    return mutate


def add(subject: URIRef, predicate: URIRef, value: Node) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.add((subject, predicate, value))

    return mutate


BROKEN = [
    pytest.param(
        replace(COUNTRY_KZ, DIPLO.isoCode, Literal("Kaz")),
        'A country needs exactly one diplo:isoCode: its ISO 3166-1 alpha-2 code, two upper-case letters such as "KZ".',
        id="iso-code-not-two-capitals",
    ),
    pytest.param(
        add(COUNTRY_KZ, DIPLO.isoCode, Literal("KA")),
        'A country needs exactly one diplo:isoCode: its ISO 3166-1 alpha-2 code, two upper-case letters such as "KZ".',
        id="two-iso-codes",
    ),
    pytest.param(
        replace(
            COUNTRY_KZ, OWL.sameAs, URIRef("https://en.wikipedia.org/wiki/Kazakhstan")
        ),
        "owl:sameAs must be a Wikidata entity IRI such as http://www.wikidata.org/entity/Q232.",
        id="same-as-not-wikidata",
    ),
    pytest.param(
        replace(MEETING, DIPLO.status, URIRef(DIPLO_IRI + "Rumoured")),
        "An event needs a diplo:status (one per report), one of diplo:Planned, diplo:Occurred, diplo:Cancelled.",
        id="event-status-not-in-list",
    ),
    pytest.param(
        remove(AGREEMENT, DIPLO.status),
        "An agreement needs exactly one diplo:status, one of diplo:Planned, diplo:Occurred, diplo:Cancelled.",
        id="agreement-without-status",
    ),
    pytest.param(
        remove(MEETING, DIPLO.participant),
        "An event needs at least one diplo:participant.",
        id="event-without-participant",
    ),
    pytest.param(
        add(MEETING, DIPLO.participant, POST),
        "diplo:participant must point to a diplo:Official, a diplo:Country or a diplo:Organization.",
        id="participant-is-a-post",
    ),
    pytest.param(
        replace(VISIT, DIPLO.destination, URIRef(ID + "org-c5-1")),
        "diplo:destination must point to a diplo:Country.",
        id="destination-not-a-country",
    ),
    pytest.param(
        replace(MEETING, DIPLO.location, URIRef(ID + "place-nowhere")),
        "diplo:location must point to a country or place that has an rdfs:label.",
        id="location-without-label",
    ),
    pytest.param(
        remove(POST, DIPLO.postOf),
        "A post needs exactly one diplo:postOf: the country or organization it belongs to.",
        id="post-without-post-of",
    ),
    pytest.param(
        replace(POST, DIPLO.postOf, URIRef(ID + "official-marco-rubio")),
        "diplo:postOf must point to a diplo:Country or a diplo:Organization.",
        id="post-of-an-official",
    ),
    pytest.param(
        replace(MEETING, DIPLO.date, Literal("2025-11-05")),
        'An event\'s diplo:date is an xsd:date such as "2025-11-05"^^xsd:date.',
        id="event-date-plain-string",
    ),
    pytest.param(
        replace(ARTICLE, DIPLO.contentHash, Literal("z" * 64)),
        "An article needs exactly one diplo:contentHash: the SHA-256 of its normalised text "
        "as 64 lower-case hexadecimal digits.",
        id="article-hash-not-hex",
    ),
    pytest.param(
        replace(ARTICLE, SCHEMA.datePublished, Literal("6 November 2025")),
        'An article has at most one schema:datePublished, an xsd:date such as "2025-11-06"^^xsd:date.',
        id="published-date-plain-string",
    ),
    pytest.param(
        remove(AGREEMENT, PROV.wasDerivedFrom),
        "An agreement needs exactly one prov:wasDerivedFrom: the diplo:Article it was read from.",
        id="agreement-without-article",
    ),
    pytest.param(
        remove(VISIT, DIPLO.evidence),
        "An event needs diplo:evidence: the sentence it was read from.",
        id="event-without-evidence",
    ),
    pytest.param(
        replace(MEETING, DIPLO.evidenceStart, Literal(-1)),
        "diplo:evidenceStart must be an xsd:integer character offset of 0 or more.",
        id="negative-offset",
    ),
    pytest.param(
        replace(AGREEMENT, DIPLO.signatory, COUNTRY_KZ),
        "diplo:signatory must point to a diplo:Official.",
        id="signatory-a-country",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), BROKEN)
def test_broken_sample_fails_with_message(
    mutate: Callable[[Graph], None], message: str
) -> None:
    graph = sample_graph()
    mutate(graph)
    conforms, messages = validate(graph)
    assert (conforms, messages) == (False, {message})


def test_generically_typed_event_is_checked_too() -> None:
    graph = sample_graph()
    graph.remove((MEETING, RDF.type, DIPLO.Meeting))
    graph.add((MEETING, RDF.type, DIPLO.Event))
    assert validate(graph) == (True, set())
    graph.remove((MEETING, DIPLO.status, None))
    assert validate(graph) == (
        False,
        {
            "An event needs a diplo:status (one per report), one of diplo:Planned, diplo:Occurred, diplo:Cancelled."
        },
    )
