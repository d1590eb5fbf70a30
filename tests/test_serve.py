"""kg serve: standard clients against a real server on 127.0.0.1 and an ephemeral port."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kg.errors import InputError
from kg.serve import EndpointServer, ServeConfig, check_query, choose_type, make_server, uses_service
from kg.store.remote import RemoteStore

from .corpus import serve_corpus

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
NAMES = "PREFIX diplo: <https://w3id.org/diplo/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
        "SELECT ?name WHERE { ?o a diplo:Official ; rdfs:label ?name } GROUP BY ?name ORDER BY ?name"
CONSTRUCT = ("PREFIX diplo: <https://w3id.org/diplo/ontology#> "
             "CONSTRUCT { ?c a diplo:Country } WHERE { ?c a diplo:Country }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
OFFICIALS = ["Antony Blinken", "Jean-Yves Le Drian", "Kassym-Jomart Tokayev", "Mukhtar Tileuberdi", "Sergey Lavrov"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointServer]:
    yield from serve_corpus(tmp_path_factory.mktemp("serve"), ServeConfig(port=0, timeout=3, max_rows=50, workers=2))


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get(server: EndpointServer, query: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    return fetch(f"{server.url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def quads(server: EndpointServer) -> int:
    status, _, body = get(server, COUNT, "application/sparql-results+json")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_binds_loopback_by_default() -> None:
    assert ServeConfig().host == "127.0.0.1"


def test_sparqlwrapper_select_ask_construct(server: EndpointServer) -> None:
    for method in ("GET", "POST"):
        client = SPARQLWrapper(server.url)
        client.setMethod(method)
        client.setQuery(NAMES)
        client.setReturnFormat(JSON)
        rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
        assert [r["name"]["value"] for r in rows] == OFFICIALS
        client.setReturnFormat(XML)
        document = client.query().convert()
        assert len(document.getElementsByTagName("result")) == 5  # type: ignore[union-attr]
        client.setReturnFormat(CSV)
        assert client.query().convert().decode().splitlines()[1] == "Antony Blinken"  # type: ignore[union-attr]
    client = SPARQLWrapper(server.url)
    client.setQuery("ASK { ?x a <https://w3id.org/diplo/ontology#Meeting> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True  # type: ignore[index,call-overload]
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 4


def test_rdflib_sparqlstore(server: EndpointServer) -> None:
    graph = Graph(store=SPARQLStore(server.url))
    assert [str(row[0]) for row in graph.query(NAMES)] == OFFICIALS  # type: ignore[index]
    assert graph.query("ASK { ?x a <https://w3id.org/diplo/ontology#Visit> }").askAnswer is True
    assert len(graph.query(CONSTRUCT).graph) == 4  # type: ignore[arg-type]


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html, text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_in_each_accepted_type(server: EndpointServer, accept: str, media: str) -> None:
    status, headers, body = get(server, NAMES, accept)
    assert status == 200, body
    assert headers["Content-Type"].startswith(media)
    text = body.decode()
    if media.endswith("json"):
        assert [b["name"]["value"] for b in json.loads(text)["results"]["bindings"]] == OFFICIALS
    elif media.endswith("xml"):
        assert text.count("<result>") == 5 and "<literal>Antony Blinken</literal>" in text
    elif media == "text/csv":
        assert text.split("\r\n")[:2] == ["name", "Antony Blinken"]
    else:
        assert text.splitlines()[:2] == ["?name", '"Antony Blinken"']


@pytest.mark.parametrize(("accept", "parser"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_in_each_accepted_type(server: EndpointServer, accept: str, parser: str) -> None:
    status, headers, body = get(server, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=parser)
    assert {str(s).rsplit("/", 1)[-1] for s in graph.subjects()} == {"us", "kz", "fr", "ru"}


def test_ask_in_json_xml_csv(server: EndpointServer) -> None:
    ask = "ASK { ?x a <https://w3id.org/diplo/ontology#Agreement> }"
    assert json.loads(get(server, ask, "application/sparql-results+json")[2])["boolean"] is True
    assert b"<boolean>true</boolean>" in get(server, ask, "application/sparql-results+xml")[2]


def test_post_forms_and_direct_bodies(server: EndpointServer) -> None:
    form = urllib.parse.urlencode({"query": NAMES}).encode()
    status, _, body = fetch(server.url, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1] == "Antony Blinken"
    status, _, body = fetch(server.url, NAMES.encode(), {"Content-Type": "application/sparql-query",
                                                         "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1] == "Antony Blinken"


@pytest.mark.parametrize(("data", "content_type"), [
    ({"update": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"}, "application/x-www-form-urlencoded"),
    ({"query": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"}, "application/x-www-form-urlencoded"),
    ({"query": "PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }"}, "application/x-www-form-urlencoded"),
    ("DROP ALL", "application/sparql-update"),
])
def test_updates_are_refused_and_change_nothing(server: EndpointServer, data: dict[str, str] | str,
                                                content_type: str) -> None:
    before = quads(server)
    body = data.encode() if isinstance(data, str) else urllib.parse.urlencode(data).encode()
    status, _, answer = fetch(server.url, body, {"Content-Type": content_type})
    assert status == 403 and b"read-only" in answer
    assert quads(server) == before > 0


def test_an_over_long_query_is_stopped_at_its_limit(server: EndpointServer) -> None:
    started = time.monotonic()
    status, _, body = get(server, SLOW)
    assert status == 503 and b"time limit of 3 s" in body
    assert time.monotonic() - started < 10
    assert quads(server) > 0  # the server (and a fresh worker) still answer
    time.sleep(0.1)
    assert quads(server) > 0


def test_answers_past_the_row_cap_are_cut_and_say_so(server: EndpointServer) -> None:
    status, headers, body = get(server, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "50"
    assert len(body.decode().splitlines()) == 51
    # a client that pages on that header (our RemoteStore) still gets everything
    remote = RemoteStore(server.url, read_only=True)
    assert len(remote.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows) == quads(server)


def test_request_bodies_over_the_limit_are_refused(server: EndpointServer) -> None:
    big = urllib.parse.urlencode({"query": "ASK {}" + " " * 1_100_000}).encode()
    status, _, body = fetch(server.url, big, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and b"over the limit" in body


def test_service_is_refused_by_default(server: EndpointServer) -> None:
    status, _, body = get(server, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body
    assert uses_service("select * { service silent ?x { } }")
    assert not uses_service('SELECT * WHERE { ?s ?p "SERVICE" . ?s <http://x/SERVICE> ?o } # SERVICE')


@pytest.mark.parametrize(("query", "status"), [
    ("SELEKT * {}", 400), ("SELECT * WHERE { ?s ?p }", 400), ("", 400),
])
def test_bad_queries_are_400(server: EndpointServer, query: str, status: int) -> None:
    code, _, body = get(server, query)
    assert code == status and body.startswith(b"Error:")


def test_a_default_graph_that_is_not_there_is_empty(server: EndpointServer) -> None:
    url = f"{server.url}?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }', 'default-graph-uri': 'http://x/'})}"
    status, _, body = fetch(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is False


def test_the_page_and_saved_queries(server: EndpointServer) -> None:
    base = server.url[: -len("/sparql")]
    status, headers, page = fetch(base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"Saved queries" in page
    assert b"<script src=" not in page and b"<link" not in page  # nothing to fetch: works offline
    status, _, listing = fetch(base + "/queries.json")
    names = [q["name"] for q in json.loads(listing)]
    assert status == 200 and "country-timeline" in names and len(names) == 9
    status, _, text = fetch(base + "/queries/country-officials.rq?country=kz")
    assert status == 200 and b'diplo:isoCode "KZ"' in text
    status, _, csv = get(server, text.decode(), "text/csv")
    assert csv.decode().splitlines()[1:] and "Mukhtar Tileuberdi" in csv.decode()
    status, _, error = fetch(base + "/queries/country-officials.rq?country=Kazakhstan")
    assert status == 400 and b"two-letter ISO" in error
    assert fetch(base + "/nothing")[0] == 404


def test_a_saved_querys_answer_is_its_texts(server: EndpointServer) -> None:
    """/queries/NAME answers as kg query --named does (from the rollups' answer rows where they
    carry them): the rows and order of its text on /sparql, in the type asked for."""
    base = server.url[: -len("/sparql")]
    for name, params in (("officials-who-met", {}), ("official-timeline", {"official": "lavrov"}),
                         ("agreements", {}), ("country-officials", {"country": "kz"})):
        query = urllib.parse.urlencode(params)
        _, _, text = fetch(f"{base}/queries/{name}.rq?{query}")
        for accept, fmt in (("application/sparql-results+json", None), ("*/*", "csv")):
            status, headers, answer = fetch(f"{base}/queries/{name}?{query}" + (f"&format={fmt}" if fmt else ""),
                                            headers={"Accept": accept})
            expected = get(server, text.decode(), "text/csv" if fmt else accept)
            assert status == 200 and headers["Content-Type"] == expected[1]["Content-Type"], (name, answer)
            assert answer == expected[2], name
        if name != "country-officials":
            assert len(json.loads(fetch(f"{base}/queries/{name}?{query}")[2])["results"]["bindings"]) > 0, name
    status, _, error = fetch(base + "/queries/official-timeline")
    assert status == 400 and b"needs --param official=VALUE" in error
    status, _, error = fetch(base + "/queries/no-such-query")
    assert status == 400 and b"Unknown saved query 'no-such-query'" in error


def test_graph_view_page(server: EndpointServer) -> None:
    status, _, body = fetch(server.url[: -len("/sparql")] + "/graph")
    assert status == 200 and b"<html" in body.lower()


@pytest.mark.parametrize(("kind", "accept", "fmt", "media"), [
    ("select", "", None, "application/sparql-results+json"),
    ("graph", "", None, "text/turtle"),
    ("graph", "application/sparql-results+json, application/n-triples;q=0.5", None, "application/n-triples"),
    ("select", "text/turtle", "tsv", "text/tab-separated-values"),
])
def test_content_negotiation(kind: str, accept: str, fmt: str | None, media: str) -> None:
    assert choose_type(kind, accept, fmt) == media


def test_check_query_refuses_updates_and_service() -> None:
    from kg.serve import EndpointError

    for text in ("INSERT DATA {}", "WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "CLEAR ALL"):
        with pytest.raises(EndpointError, match="read-only"):
            check_query(text)
    check_query("SELECT * { SERVICE <http://x/> {} }", allow_service=True)


def test_memory_stores_cannot_be_served() -> None:
    with pytest.raises(InputError, match="not ':memory:'"):
        make_server(":memory:")


def test_cli_serve_is_registered(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--timeout" in result.output and "127.0.0.1" in result.output
    assert URIRef  # rdflib terms used by the clients above
