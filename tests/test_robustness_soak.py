"""Soak: 20 clients send 1,000 mixed queries (good, invalid, updates, SERVICE, slow) to one `kg serve`.

The endpoint's single limits are tested in tests/test_serve.py; here they
meet at once, and the server must never answer 5xx (other than the 503 of a
query stopped at its time limit) and must still answer afterwards.
"""

from __future__ import annotations

import random
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.serve import EndpointServer, ServeConfig

from .corpus import serve_corpus
from .test_serve import CONSTRUCT, COUNT, NAMES, SLOW, fetch

QUERIES = [
    ("good", COUNT), ("good", NAMES), ("good", CONSTRUCT),
    ("good", "ASK { ?s ?p ?o }"),
    ("invalid", "SELECT ?x WHERE { ?x"),
    ("invalid", "<script>alert(1)</script>"),
    ("invalid", "\x00\x01\u202e"),
    ("update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ("update", "DROP ALL"),
    ("service", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
    ("slow", SLOW),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EndpointServer]:
    yield from serve_corpus(tmp_path_factory.mktemp("soak"), ServeConfig(port=0, timeout=1, max_rows=50, workers=2))


def _ask(server: EndpointServer, kind: str, query: str, post: bool) -> tuple[str, int]:
    """The status of one request; 0 when the server dropped the connection."""
    try:
        return kind, _status(server, query, post)
    except ConnectionError:
        return kind, 0


def _status(server: EndpointServer, query: str, post: bool) -> int:
    if post:
        status, _, _ = fetch(server.url, data=urllib.parse.urlencode({"query": query}).encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, _ = fetch(f"{server.url}?{urllib.parse.urlencode({'query': query})}")
    return status


def test_a_thousand_mixed_queries_from_twenty_clients(server: EndpointServer) -> None:
    status, _, body = fetch(f"{server.url}?{urllib.parse.urlencode({'query': COUNT})}")
    assert status == 200, body
    rng = random.Random(3)
    work = [(*rng.choice(QUERIES), rng.random() < 0.5) for _ in range(1000)]
    # slow queries each hold a worker for the whole time limit: keep them rare so the soak stays short
    work = [item if item[0] != "slow" or n % 50 == 0 else ("good", COUNT, item[2]) for n, item in enumerate(work)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda item: _ask(server, *item), work))
    dropped = [kind for kind, code in answers if code == 0]
    assert not dropped, f"{len(dropped)} connections reset by the server"
    by_kind: dict[str, Counter[int]] = {}
    for kind, code in answers:
        by_kind.setdefault(kind, Counter())[code] += 1
    assert set(by_kind["good"]) == {200}, by_kind
    for kind in ("invalid", "update", "service"):
        assert all(400 <= code < 500 for code in by_kind[kind]), by_kind
    assert all(code in (200, 503) for code in by_kind.get("slow", Counter())), by_kind
    again = fetch(f"{server.url}?{urllib.parse.urlencode({'query': COUNT})}")
    assert again[0] == 200 and again[2] == body  # still answering, and nothing was written
