"""kg serve speaks the protocol as real clients use it: SPARQLWrapper in every format with its own
parameters, rdflib's SPARQLStore as a Graph and as a Dataset (default-graph-uri), CORS preflights,
the Service Description, Graph Store reads, gzip, HEAD, and errors about the user's own lines."""

from __future__ import annotations

import gzip
import json
import urllib.parse
from collections.abc import Iterator

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from kg.serve import EndpointServer, ServeConfig
from kg.store import open_store

from .corpus import serve_corpus
from .test_serve import CONSTRUCT, NAMES, OFFICIALS, fetch, get

ORIGIN = "http://127.0.0.1:9"  # the page's origin in the CORS tests (nothing listens there)
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointServer]:
    yield from serve_corpus(tmp_path_factory.mktemp("protocol"),
                            ServeConfig(port=0, timeout=10, max_rows=1000, workers=2, cors=ORIGIN))


@pytest.fixture(scope="module")
def article_graph(server: EndpointServer) -> tuple[str, int]:
    """An article graph of the served store, and how many triples it holds."""
    status, _, body = get(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a diplo:Article ; ?p ?o } } "
                                  "GROUP BY ?g ORDER BY ?g LIMIT 1", "application/sparql-results+json")
    assert status == 200, body
    graph = json.loads(body)["results"]["bindings"][0]["g"]["value"]
    status, _, body = get(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                          "application/sparql-results+json")
    return graph, int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_and_ask_in_every_format(server: EndpointServer, method: str) -> None:
    client = SPARQLWrapper(server.url)
    client.setMethod(method)
    client.setQuery(NAMES)
    client.setReturnFormat(JSON)
    assert [r["name"]["value"] for r in client.query().convert()["results"]["bindings"]] == OFFICIALS  # type: ignore
    client.setReturnFormat(XML)
    assert len(client.query().convert().getElementsByTagName("result")) == 5  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1:] == OFFICIALS  # type: ignore[union-attr]
    client.setReturnFormat(TSV)
    assert client.query().convert().decode().splitlines()[1:] == [f'"{n}"' for n in OFFICIALS]  # type: ignore
    client.setQuery("ASK { ?x a <https://w3id.org/diplo/ontology#Meeting> }")
    for fmt in (JSON, XML):
        client.setReturnFormat(fmt)
        answer = client.query().convert()
        assert (answer["boolean"] if fmt == JSON else  # type: ignore[index,call-overload]
                answer.getElementsByTagName("boolean")[0].firstChild.data == "true")  # type: ignore[union-attr]
    for fmt in (CSV, TSV):
        client.setReturnFormat(fmt)
        assert client.query().convert().decode().split()[-1] == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", [None, XML, RDFXML, TURTLE, N3, JSONLD])
def test_sparqlwrapper_construct_and_describe(server: EndpointServer, fmt: str | None) -> None:
    """CONSTRUCT and DESCRIBE with SPARQLWrapper's defaults (format=xml: RDF/XML) and each RDF format;
    SPARQLWrapper sends format=xml, n3, json-ld: the server answers by them or by the Accept header."""
    for query, size in ((CONSTRUCT, 4), ("DESCRIBE <https://w3id.org/diplo/id/country/kz>", None)):
        client = SPARQLWrapper(server.url)
        client.setQuery(query)
        if fmt:
            client.setReturnFormat(fmt)
        answer = client.query()
        converted = answer.convert()
        if isinstance(converted, Graph):
            graph = converted
        elif fmt == JSONLD and not isinstance(converted, bytes | str):
            graph = converted  # type: ignore[assignment]
        else:
            media = answer.info()["content-type"].split(";")[0]
            graph = Graph().parse(data=converted, format={"text/turtle": "turtle", "application/ld+json": "json-ld",
                                                          "application/rdf+xml": "xml"}[media])  # type: ignore[arg-type]
        assert (len(graph) == size) if size else (URIRef("https://w3id.org/diplo/id/country/kz"), None, None) in graph


def test_rdflib_sparqlstore_as_graph_and_as_dataset(server: EndpointServer, article_graph: tuple[str, int]) -> None:
    graph = Graph(store=SPARQLStore(server.url))
    assert [str(row[0]) for row in graph.query(NAMES)] == OFFICIALS  # type: ignore[index]
    assert len(graph.query(CONSTRUCT).graph) == 4  # type: ignore[arg-type]
    name, size = article_graph
    dataset = Dataset(store=SPARQLStore(server.url))
    assert URIRef(name) in set(dataset.store.contexts())  # type: ignore[operator]
    one = dataset.get_context(URIRef(name))  # queries it with default-graph-uri=name
    assert len(one) == size
    assert len(list(one.triples((None, None, None)))) == size
    bound = Graph(store=SPARQLStore(server.url), identifier=URIRef(name))
    assert len(list(bound.query("SELECT * WHERE { ?s ?p ?o }"))) == size


def test_default_and_named_graph_uris_choose_the_dataset(server: EndpointServer,
                                                         article_graph: tuple[str, int]) -> None:
    name, size = article_graph
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def ask(**params: str) -> int:
        query = urllib.parse.urlencode({"query": count, **params})
        status, _, body = fetch(f"{server.url}?{query}", headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert ask(**{"default-graph-uri": name}) == size
    assert ask() > size
    assert ask(**{"named-graph-uri": name}) == 0  # named graphs only: the default graph is empty
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                    "named-graph-uri": name})
    status, _, body = fetch(f"{server.url}?{query}", headers={"Accept": "application/sparql-results+json"})
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [name]
    status, _, body = fetch(f"{server.url}?{urllib.parse.urlencode({'query': count, 'default-graph-uri': 'no iri'})}")
    assert status == 400 and b"give an absolute IRI" in body


@pytest.mark.parametrize(("fmt", "accept", "media"), [
    ("json", "", "application/sparql-results+json"),
    ("xml", "", "application/sparql-results+xml"),
    ("n3", "text/csv", "text/csv"),  # a graph format for a table: the Accept header decides
    ("something-else", "text/tab-separated-values", "text/tab-separated-values"),
])
def test_format_output_and_results_parameters_fall_back_to_accept(server: EndpointServer, fmt: str, accept: str,
                                                                  media: str) -> None:
    for name in ("format", "output", "results"):
        query = urllib.parse.urlencode({"query": NAMES, name: fmt})
        status, headers, _ = fetch(f"{server.url}?{query}", headers={"Accept": accept} if accept else {})
        assert status == 200 and headers["Content-Type"].startswith(media), (name, headers)


def test_cors_preflight_and_answers(server: EndpointServer) -> None:
    status, headers, _ = fetch(server.url, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}, method="OPTIONS")
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert headers["Access-Control-Allow-Headers"] == "content-type"
    status, headers, _ = fetch(f"{server.url}?{urllib.parse.urlencode({'query': NAMES})}", headers={"Origin": ORIGIN})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    status, headers, _ = fetch(f"{server.url}?{urllib.parse.urlencode({'query': NAMES})}",
                               headers={"Origin": "http://elsewhere.example"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers


def test_cors_is_off_by_default(tmp_path_factory: pytest.TempPathFactory) -> None:
    for plain in serve_corpus(tmp_path_factory.mktemp("nocors"), ServeConfig(port=0, workers=1)):
        status, headers, _ = fetch(plain.url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
                                   method="OPTIONS")
        assert status == 204 and "Access-Control-Allow-Origin" not in headers and "POST" in headers["Allow"]


@pytest.mark.parametrize(("accept", "parser"), [("", "turtle"), ("application/ld+json", "json-ld"),
                                                 ("application/rdf+xml", "xml")])
def test_service_description_at_get_sparql(server: EndpointServer, accept: str, parser: str) -> None:
    status, headers, body = fetch(server.url, headers={"Accept": accept} if accept else {})
    assert status == 200, body
    graph = Graph().parse(data=body, format=parser)
    service = next(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(SD + "Service")))
    assert (service, URIRef(SD + "endpoint"), URIRef(server.url)) in graph
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    assert (service, URIRef(SD + "feature"), URIRef(SD + "UnionDefaultGraph")) in graph


def test_graph_store_reads(server: EndpointServer, article_graph: tuple[str, int]) -> None:
    name, size = article_graph
    for path in ("/sparql", "/data"):
        base = server.url[: -len("/sparql")] + path
        status, headers, body = fetch(f"{base}?{urllib.parse.urlencode({'graph': name})}",
                                      headers={"Accept": "application/n-triples"})
        assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
        assert len(Graph().parse(data=body, format="nt")) == size
        status, _, body = fetch(f"{base}?default")
        assert status == 200 and len(Graph().parse(data=body, format="turtle")) > size
        status, _, body = fetch(f"{base}?{urllib.parse.urlencode({'graph': 'https://example.org/none'})}")
        assert status == 404 and b"no graph https://example.org/none" in body


def test_gzip_when_asked_and_head(server: EndpointServer) -> None:
    url = f"{server.url}?{urllib.parse.urlencode({'query': 'SELECT * WHERE { ?s ?p ?o }'})}"
    status, headers, plain = fetch(url)
    status, zipped_headers, zipped = fetch(url, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and zipped_headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped) == plain and len(zipped) < len(plain)
    assert "Content-Encoding" not in fetch(url, headers={"Accept-Encoding": "gzip;q=0"})[1]
    status, head_headers, body = fetch(url, method="HEAD")
    assert status == 200 and body == b"" and head_headers["Content-Length"] == headers["Content-Length"]
    assert head_headers["Content-Type"] == headers["Content-Type"]


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT * WHERE {\n  ?s ?p ?o\n  ?x }", "error at line 3, column"),
    ("SELECT * WHERE {\n  ?s foo:bar ?o }", "unknown prefix 'foo:' at line 2, column 6"),
])
def test_errors_name_the_users_own_lines_and_the_unknown_prefix(server: EndpointServer, query: str,
                                                                 message: str) -> None:
    status, _, body = get(server, query)
    assert status == 400 and message in body.decode(), body
    assert len(body.decode().strip().splitlines()) == 1


def test_the_cli_reports_positions_in_the_users_query(tmp_path_factory: pytest.TempPathFactory) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    location = tmp_path_factory.mktemp("cli") / "store"
    open_store(location)
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE {\n ?s nope:x ?o }", "--store", str(location)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: invalid SPARQL: unknown prefix 'nope:' at line 2, column 5"), result.stderr


def test_kg_serve_in_front_of_virtuoso_answers_the_same(server: EndpointServer) -> None:
    import threading

    from kg.serve import make_server

    from .corpus import load_corpus
    from .test_store import virtuoso_store

    remote = load_corpus(virtuoso_store())
    front = make_server(remote.location, ServeConfig(port=0, timeout=30, workers=1))
    thread = threading.Thread(target=front.serve_forever, daemon=True)
    thread.start()
    try:
        for endpoint in (server, front):
            client = SPARQLWrapper(endpoint.url)
            client.setQuery(NAMES)
            client.setReturnFormat(JSON)
            rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
            assert [r["name"]["value"] for r in rows] == OFFICIALS
        status, _, body = fetch(front.url[: -len("/sparql")] + "/id/country/kz", headers={"Accept": "text/turtle"})
        assert status == 200 and b'"KZ"' in body
    finally:
        front.shutdown()
        front.server_close()
