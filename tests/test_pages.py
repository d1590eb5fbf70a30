"""Linked-data pages: every minted IRI looked up at kg serve's own address, as HTML for people
(escaped) and as Turtle or JSON-LD for programs; the query page links its IRIs to them."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef

from kg.pages import page_path, render_resource_page
from kg.query.resource import Evidence, Fact, Resource
from kg.serve import EndpointServer, ServeConfig

from .corpus import BLINKEN, KZ, iri, serve_corpus
from .test_serve import fetch

DIPLO = "https://w3id.org/diplo/ontology#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointServer]:
    yield from serve_corpus(tmp_path_factory.mktemp("pages"), ServeConfig(port=0, timeout=10, workers=1))


def base(server: EndpointServer) -> str:
    return server.url[: -len("/sparql")]


def test_a_country_page_for_people(server: EndpointServer) -> None:
    status, headers, body = fetch(base(server) + "/id/country/kz", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Kazakhstan</h1>" in page and "diplo:isoCode" in page
    assert 'href="/id/person/' in page  # its officials and events point here, with links to their pages
    status, _, body = fetch(base(server) + page_path(iri(BLINKEN)))
    assert status == 200 and "Antony Blinken" in body.decode()
    assert "Secretary of State Antony Blinken" in body.decode()  # the sentence his post was read from


def test_an_event_page_shows_its_sentences_and_sources(server: EndpointServer) -> None:
    status, _, body = fetch(base(server) + "/id/country/kz")
    event = next(part.split('"', 1)[0] for part in body.decode().split('href="')[1:] if part.startswith("/id/event/"))
    status, _, body = fetch(base(server) + event)
    page = body.decode()
    assert status == 200 and "Read from" in page
    assert "https://example.org/a" in page  # the article's address, linked


@pytest.mark.parametrize(("accept", "parser"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                                 ("application/n-triples", "nt")])
def test_a_page_for_programs_by_accept(server: EndpointServer, accept: str, parser: str) -> None:
    status, headers, body = fetch(base(server) + "/id/country/kz", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body, format=parser)
    assert (URIRef(iri(KZ)), URIRef(DIPLO + "isoCode"), Literal("KZ")) in graph


def test_describe_any_iri_and_unknown_ones(server: EndpointServer) -> None:
    status, _, body = fetch(base(server) + "/describe?iri=" + quote(iri(KZ), safe=""), headers={"Accept": "text/html"})
    assert status == 200 and "Kazakhstan" in body.decode()
    status, _, body = fetch(base(server) + "/id/country/zz")
    assert status == 404 and "says nothing" in body.decode()
    status, _, body = fetch(base(server) + "/id/country/zz", headers={"Accept": "text/turtle"})
    assert status == 404
    status, _, body = fetch(base(server) + "/describe?iri=javascript:alert(1)")
    assert status in (200, 404) and "<a href=\"javascript" not in body.decode()


def test_pages_escape_what_articles_say() -> None:
    hostile = '<script>alert("x")</script>'
    page = render_resource_page(Resource(
        "https://w3id.org/diplo/id/event/x/meeting-1", label=hostile,
        facts=[Fact("http://www.w3.org/2000/01/rdf-schema#label", hostile, False),
               Fact(DIPLO + "location", "javascript:alert(1)", True, hostile)],
        evidence=[Evidence(hostile, hostile, "javascript:alert(2)", "2023-01-01", "g")]))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


def test_the_query_page_links_iris_to_their_pages(server: EndpointServer) -> None:
    status, _, body = fetch(base(server) + "/")
    assert status == 200 and b"pagePath" in body and b"addLabels" in body

