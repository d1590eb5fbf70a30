"""A large store made of a small real one: bulk articles ingested by the real pipeline, then
their quads copied under new IRIs and dates until the store is as large as asked.

Each copy (a *replica*) is a new set of articles, reports, events, agreements and officials:
every article hash (graph, article, header IRIs, and the 16-character prefix events and
agreements carry) is replaced by a hash of itself and the replica's number, every official
(``…/person/<key>``) gets a key of its own (``<key>-r7``) and a name of its own ("Marco
Rubio-7", with the name key "rubio-7", so that surname lookups do not take one replica's
official for another's), and
every ``xsd:date`` (publication days, event days, merged-event summaries) moves by
``replica × shift`` days. What the world shares stays shared: countries, organisations,
posts and the extractor are described once, so country pairs accumulate over replicas as
they would over years of news, while official pairs, events and agreements grow with the
store. The rollups (kg.graph.rollup) are left out of the copies and computed for the whole
store at the end, as ``kg migrate`` would.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from rdflib import Literal, URIRef

from kg.graph.identity import repair_name_keys
from kg.graph.iris import DEFAULT_BASE
from kg.graph.rollup import ROLLUP_PREFIX
from kg.graph.vocab import DIPLO, RDFS, XSD
from kg.pipeline import ingest_articles
from kg.sources.article import Article, make_article
from kg.store import open_store
from kg.store.base import MEMORY, Quad, Store
from kg.store.embedded import OxigraphStore, serialize_quads

BULK = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bulk" / "whitehouse-statements.jsonl.gz"
SHARED_KINDS = ("country", "organization", "post", "extractor")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX16 = re.compile(r"(?<=/)[0-9a-f]{16}(?=/)")


def bulk_articles(count: int, skip: int = 0, every: int = 1) -> list[Article]:
    """`count` articles of the bulk corpus: after `skip` lines, one line in `every`."""
    out: list[Article] = []
    with gzip.open(BULK, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number < skip or (number - skip) % every:
                continue
            item = json.loads(line)
            out.append(make_article(item["text"], title=item["title"], url=item["url"], published=item["date"][:10]))
            if len(out) >= count:
                break
    return out


def base_store(count: int, cache: Path | None = None) -> list[Quad]:
    """The quads of `count` bulk articles (one in every 3 of the corpus's first lines) ingested
    by the real pipeline; cached as N-Quads in `cache` when given."""
    if cache is not None and cache.exists():
        cached = OxigraphStore()
        cached.bulk_load(cache.read_bytes(), "nquads")
        repair_name_keys(cached)  # a cache written before name records had keys gets them, as kg migrate gives them
        return list(cached.quads())
    store = open_store(MEMORY)
    started = time.perf_counter()
    summary = ingest_articles(store, bulk_articles(count, every=3))
    print(f"base: {summary.added} bulk articles ingested in {time.perf_counter() - started:.0f} s "
          f"({len(store)} quads)", flush=True)
    quads = list(store.quads())
    if cache is not None:
        with cache.open("wb") as out:
            serialize_quads(iter(quads), out, "nquads", {})
    return quads


class Rewriter:
    """Terms of the base store as they are in replica `number`."""

    def __init__(self, number: int, shift_days: int) -> None:
        self.number = number
        self.shift = timedelta(days=number * shift_days)
        self.cache: dict[str, str] = {}

    def _hash(self, match: re.Match[str]) -> str:
        return hashlib.sha256(f"{match.group(0)}|{self.number}".encode()).hexdigest()

    def iri(self, text: str) -> str:
        if not text.startswith(DEFAULT_BASE) or self.number == 0:
            return text
        seen = self.cache.get(text)
        if seen is not None:
            return seen
        rest = text[len(DEFAULT_BASE):]
        described = rest.startswith("description/")
        body = rest[len("description/"):] if described else rest
        kind = body.split("/", 1)[0]
        if kind == "person":
            body = f"{body}-r{self.number}"
        elif kind in ("event", "agreement"):
            body = _HEX16.sub(lambda m: hashlib.sha256(f"{self.prefixes.get(m.group(0), m.group(0))}|{self.number}"
                                                       .encode()).hexdigest()[:16], body, count=1)
        elif kind not in SHARED_KINDS:
            body = _HEX64.sub(self._hash, body)
        out = DEFAULT_BASE + ("description/" if described else "") + body
        self.cache[text] = out
        return out

    prefixes: dict[str, str] = {}  # 16-character prefix -> the article hash it is the start of

    def term(self, term: object, subject: object, predicate: object) -> object:
        if isinstance(term, URIRef):
            return URIRef(self.iri(str(term)))
        if isinstance(term, Literal) and self.number:
            if term.datatype == XSD.date:
                return Literal((date.fromisoformat(str(term)) + self.shift).isoformat(), datatype=XSD.date)
            if predicate in (DIPLO.writtenName, DIPLO.nameKey) or (predicate == RDFS.label and str(subject)
                                                                    .startswith(DEFAULT_BASE + "person/")):
                return Literal(f"{term}-{self.number}", lang=term.language, datatype=term.datatype)
        return term


def replica(quads: list[Quad], number: int, shift_days: int) -> Iterator[tuple[str, list]]:
    """The base quads as replica `number`, by graph (shared descriptions only in replica 0)."""
    rewriter = Rewriter(number, shift_days)
    Rewriter.prefixes = {m[:16]: m for q in quads for m in _HEX64.findall(str(q[3]))}
    graphs: dict[str, list] = {}
    for s, p, o, g in quads:
        graph = str(g)
        if graph.startswith(ROLLUP_PREFIX):
            continue
        kind = graph[len(DEFAULT_BASE + "description/"):].split("/", 1)[0] \
            if graph.startswith(DEFAULT_BASE + "description/") else ""
        if number and kind in SHARED_KINDS:
            continue
        graphs.setdefault(rewriter.iri(graph), []).append(
            (rewriter.term(s, s, p), rewriter.term(p, s, p), rewriter.term(o, s, p)))
    yield from graphs.items()


def replicated_store(store: Store, base: list[Quad], quads: int, shift_days: int = 45) -> int:
    """Fill `store` with replicas of `base` until it holds about `quads` quads; the replicas made."""
    number, held = 0, len(store)
    while held < quads:
        graphs = list(replica(base, number, shift_days))
        store.add_graphs(graphs)
        held += sum(len(triples) for _, triples in graphs)
        number += 1
    store.flush()
    return number


GENERATED = datetime(2025, 1, 1, tzinfo=timezone.utc)
