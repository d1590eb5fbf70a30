"""The endpoint under attack (issue 13, #3, #4, #5 and #12): hostile query text, queries that would
take the machine's memory, a store that changes under the server, forged Host headers, bodies that
never come, `javascript:` IRIs on the query page; and `kg query -f` on a query nested 50,000 deep.

Each server is the test's own on 127.0.0.1 and a free port.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.graph.vocab import DIPLO, RDF, RDFS
from kg.serve import EndpointServer, ServeConfig, allowed_hosts, check_query
from kg.store import open_store

from .conftest import write
from .corpus import serve_corpus
from .test_serve import fetch, get, quads

KG = Path(sys.executable).with_name("kg")
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DEEP = "SELECT * WHERE " + "{" * 50_000 + "}" * 50_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointServer]:
    yield from serve_corpus(tmp_path_factory.mktemp("hostile"), ServeConfig(
        port=0, timeout=5, max_rows=50, workers=2, request_timeout=1))


def raw(server: EndpointServer, request: bytes, wait: float = 15) -> bytes:
    """Send bytes as they are on a new connection; what came back before it closed (or `wait` passed)."""
    host, port = server.server_address[:2]
    answer = b""
    with socket.create_connection((str(host), port), timeout=wait) as client:
        client.sendall(request)
        with_deadline = time.monotonic() + wait
        while time.monotonic() < with_deadline:
            try:
                chunk = client.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            answer += chunk
    return answer


# --- #3: pre-checks linear in the query's length --------------------------------------------------------------

HOSTILE_QUERIES = {
    "escaped quotes": 'SELECT "' + '\\"' * 450_000,
    "long-string quotes": "SELECT '''" + "\\'" * 450_000,
    "unclosed IRIs": "SELECT " + "<a" * 450_000,
}


@pytest.mark.parametrize("name", list(HOSTILE_QUERIES))
def test_a_hostile_query_is_refused_quickly_and_other_clients_are_answered_meanwhile(
    server: EndpointServer, name: str
) -> None:
    answers: dict[str, int] = {}

    def hostile() -> None:
        answers["hostile"] = fetch(server.url, HOSTILE_QUERIES[name].encode(),
                                   {"Content-Type": "application/sparql-query"})[0]

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.2)
    assert quads(server) > 0  # another client is answered while the hostile query is checked
    thread.join(timeout=60)  # a quadratic check took 48 s for 128 KB: ~50 min for this
    assert not thread.is_alive() and answers["hostile"] in (400, 503), answers


def test_a_query_nested_50000_deep_is_a_clear_400_and_the_worker_lives(server: EndpointServer) -> None:
    status, _, body = fetch(server.url, DEEP.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and body == b"Error: the query nests brackets 50000 deep; the limit is 256\n", body
    assert quads(server) > 0
    with pytest.raises(Exception, match="the limit is 256"):
        check_query(DEEP)


def test_kg_query_on_a_file_nested_50000_deep_is_one_error_line(tmp_path: Path) -> None:
    from .corpus import load_corpus

    store = tmp_path / "store"
    load_corpus(open_store(store))
    query = write(tmp_path / "deep.rq", DEEP)
    done = subprocess.run([str(KG), "query", "-f", str(query), "--store", str(store)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])  # not -11: SIGSEGV
    assert done.stderr == "Error: the query nests brackets 50000 deep; the limit is 256\n"


# --- #4: memory capped, rows past --max-rows never read ---------------------------------------------------------

def test_rows_past_max_rows_are_never_read(server: EndpointServer) -> None:
    started = time.monotonic()
    status, headers, body = get(server, CROSS_JOIN, "text/csv")  # 400 million rows if read to the end
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "50", body[:200]
    assert len(body.decode().splitlines()) == 51
    assert time.monotonic() - started < 5  # answered, not stopped at the time limit


def test_a_query_past_the_memory_cap_is_stopped_with_a_clear_503(tmp_path: Path) -> None:
    served = serve_corpus(tmp_path, ServeConfig(port=0, timeout=120, max_rows=50, workers=1, max_memory=400))
    endpoint = next(served)
    try:
        status, _, body = get(endpoint, CROSS_JOIN + " ORDER BY ?a ?l")  # grew a worker to 8 GB in 24 s
        assert status == 503, body
        assert body == b"Error: the query needed more than the memory limit of 400 MB and was stopped\n"
        assert quads(endpoint) > 0  # a fresh worker answers the next query
    finally:
        next(served, None)


# --- #5: the store as it is now, the same from every worker -----------------------------------------------------

def test_the_endpoint_serves_the_store_as_it_is_now_from_every_worker(tmp_path: Path) -> None:
    served = serve_corpus(tmp_path, ServeConfig(port=0, timeout=2, workers=2))
    endpoint = next(served)
    try:
        before = quads(endpoint)
        store = open_store(tmp_path / "store")  # a writer beside the server's read-only workers
        node = URIRef("https://w3id.org/diplo/id/country/zz")
        store.add_graph("https://w3id.org/diplo/id/graph/" + "e" * 64,
                        [(node, RDF.type, DIPLO.Country), (node, RDFS.label, Literal("Zedland"))])
        store.flush()
        del store
        seen = {quads(endpoint) for _ in range(6)}
        assert seen == {before + 2}, seen  # every worker, every time: the new article
        get(endpoint, CROSS_JOIN + " ORDER BY ?a")  # a worker killed at the time limit, and replaced
        assert {quads(endpoint) for _ in range(6)} == {before + 2}
    finally:
        next(served, None)


# --- #12: Host header, bodies that never come, javascript: IRIs ------------------------------------------------

def test_a_host_header_that_does_not_name_the_server_is_refused(server: EndpointServer) -> None:
    port = server.server_address[1]
    query = f"/sparql?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    for host, status in ((f"127.0.0.1:{port}", b"200"), (f"localhost:{port}", b"200"), ("localhost", b"200"),
                         ("attacker.example", b"421"), (f"attacker.example:{port}", b"421"),
                         (f"127.0.0.1:{port + 1}", b"421")):
        answer = raw(server, f"GET {query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert answer.split(b" ", 2)[1] == status, (host, answer[:300])
    assert allowed_hosts("0.0.0.0", "0.0.0.0") is None  # bound to every address: --host said otherwise
    assert allowed_hosts("192.0.2.7", "192.0.2.7") == {"192.0.2.7"}


def test_a_body_that_never_comes_is_let_go_and_others_are_answered(server: EndpointServer) -> None:
    port = server.server_address[1]
    host, _ = server.server_address[:2]
    started = time.monotonic()
    with socket.create_connection((str(host), port), timeout=30) as waiting:
        waiting.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/"
                        "sparql-query\r\nContent-Length: 100\r\n\r\nASK".encode())  # 97 bytes never sent
        assert quads(server) > 0  # meanwhile
        answer = b""
        while chunk := waiting.recv(65536):  # the headers and the body may come in separate segments
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"did not arrive within 1 s" in answer and time.monotonic() - started < 15
    idle = raw(server, b"", wait=15)  # a connection that sends nothing at all is closed too
    assert idle == b""


def test_the_query_page_never_links_a_javascript_iri(tmp_path: Path) -> None:
    from kg.view.browser import Browser, BrowserError, find_browser

    location = tmp_path / "store"
    store = open_store(location)
    hostile = URIRef("https://w3id.org/diplo/id/person/hostile")
    store.add_graph("https://w3id.org/diplo/id/graph/" + "d" * 64, [
        (hostile, RDF.type, DIPLO.Official), (hostile, RDFS.label, Literal("Hostile")),
        (hostile, RDFS.seeAlso, URIRef("javascript:alert(document.domain)")),
        (hostile, RDFS.seeAlso, URIRef("https://example.org/profile")),
    ])
    store.flush()
    del store
    try:
        find_browser()
        browser = Browser()
    except BrowserError as error:
        if os.environ.get("KG_CI") == "1":
            pytest.fail(f"KG_CI=1 and no headless browser: {error}")
        pytest.skip(f"no headless browser: {error}")
    served = serve_corpus_at(location)
    endpoint = next(served)
    try:
        browser.driver.get(endpoint.url[: -len("sparql")])
        browser.run("document.getElementById('query').value = arguments[0]; document.getElementById('run').click()",
                    "SELECT ?o WHERE { ?s rdfs:seeAlso ?o } ORDER BY ?o")
        deadline = time.monotonic() + 30
        while "2 rows" not in browser.run("return document.getElementById('out').textContent"):
            assert time.monotonic() < deadline, browser.run("return document.getElementById('out').innerHTML")
            time.sleep(0.1)
        links = browser.run("return [...document.querySelectorAll('#out a')].map(a => a.getAttribute('href'))")
        text = browser.run("return document.getElementById('out').textContent")
    finally:
        next(served, None)
        browser.close()
    # every IRI links to its page on this server, a path: the javascript: IRI is looked up there, never followed
    assert links == ["/describe?iri=https%3A%2F%2Fexample.org%2Fprofile",
                     "/describe?iri=javascript%3Aalert(document.domain)"], links
    assert "javascript:alert(document.domain)" in text  # shown, as text


def serve_corpus_at(location: Path) -> Iterator[EndpointServer]:
    """Serve a store already on disk (serve_corpus builds its own)."""
    from kg.serve import make_server

    endpoint = make_server(str(location), ServeConfig(port=0, workers=1))
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()


def test_serve_config_and_cli_name_the_new_limits() -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--max-memory" in result.output and "--request-timeout" in result.output
    assert json.dumps(ServeConfig().max_memory) == "2048"
