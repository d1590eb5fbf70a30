"""A store on a SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB ...), over HTTP.

Queries go to the query endpoint, writes to the update endpoint as
``INSERT DATA`` in batches, and only the standard library speaks HTTP, so the
remote store adds no dependency. The server's default graph must be the union
of its named graphs (Virtuoso and GraphDB do this; Fuseki needs
``tdb2:unionDefaultGraph true``). The store's own graphs are those whose IRI
starts with ``graph_prefix``, so a server may hold other
data beside them: ``len``, ``graph_names``, ``quads`` and ``serialize`` never
touch it. The store's graphs are those under ``https://w3id.org/diplo/id/``: article
graphs and the description graphs of shared nodes (see :mod:`kg.graph.layout`).

Servers cap answers silently (Virtuoso at 10,000 rows, saying so only in the
``X-SPARQL-MaxRows`` header), so every listing is paged with LIMIT/OFFSET and
a SELECT answer that fills the cap is fetched again page by page.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.graph.iris import DEFAULT_BASE
from kg.store.base import (
    QUERY_FORMS,
    XSD_STRING,
    Changes,
    Quad,
    QueryDataset,
    QueryResult,
    Term,
    Triple,
    query_form,
    sparql_literal,
    split_prologue,
    term_syntax,
    update_text,
)
from kg.store.embedded import serialize_quads

GRAPH_PREFIX = DEFAULT_BASE
UPDATE_ENV = "KG_STORE_UPDATE"


def _json_term(value: dict[str, str]) -> Term:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    language = value.get("xml:lang")
    datatype = value.get("datatype")
    if language:
        return Literal(value["value"], lang=language)
    if datatype and datatype != XSD_STRING:
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


class RemoteStore:
    """Named graphs on a SPARQL 1.1 server; the same contract as the embedded store."""

    def __init__(self, query_url: str, update_url: str | None = None, *, read_only: bool = False,
                 user: str | None = None, password: str | None = None, graph_prefix: str = GRAPH_PREFIX,
                 batch_triples: int = 1000, batch_bytes: int = 256_000, page_size: int = 10_000,
                 timeout: float = 300.0) -> None:
        self.location = query_url
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.read_only = read_only
        self.graph_prefix = graph_prefix
        self.batch_triples = batch_triples
        self.batch_bytes = batch_bytes
        self.page_size = page_size
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.query_url, self.update_url}:
                passwords.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    # -- HTTP ------------------------------------------------------------------
    def _post(self, url: str, fields: dict[str, str], accept: str,
              error: type[Exception], dataset: QueryDataset | None = None) -> tuple[bytes, dict[str, str]]:
        pairs = list(fields.items())
        if dataset is not None:
            pairs += [("default-graph-uri", g) for g in dataset.default]
            pairs += [("named-graph-uri", g) for g in dataset.named]
        body = urllib.parse.urlencode(pairs).encode("ascii")
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body, headers = response.read(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as failure:
            detail = failure.read().decode("utf-8", "replace").strip()
            detail = " ".join(detail.split())[:500]
            raise error(f"{url}: the SPARQL server answered {failure.code} {failure.reason}: {detail}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as failure:
            reason = getattr(failure, "reason", failure)
            raise StoreError(f"{url}: cannot reach the SPARQL server ({reason}); is it running?") from None
        if headers.get("x-sql-state") == "S1TAT":  # Virtuoso's "anytime" answer: cut at its time limit
            raise error(f"{url}: the server stopped the query at its time limit and answered only in part "
                        f"({headers.get('x-sql-message', 'S1TAT')}); narrow the query or raise MaxQueryExecutionTime")
        return body, headers

    def _update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only; refusing to write")
        self._post(self.update_url, {"update": sparql}, "*/*", StoreError)

    def _select_page(self, sparql: str, dataset: QueryDataset | None = None
                     ) -> tuple[list[str], list[tuple[Term | None, ...]], int | None]:
        body, headers = self._post(self.query_url, {"query": sparql}, "application/sparql-results+json", QueryError,
                                   dataset)
        answer = json.loads(body)
        variables = list(answer["head"].get("vars", []))
        rows = [tuple(_json_term(b[v]) if v in b else None for v in variables)
                for b in answer["results"]["bindings"]]
        cap = headers.get("x-sparql-maxrows")
        return variables, rows, int(cap) if cap and cap.isdigit() else None

    def _select_all(self, sparql: str, order: str = "", dataset: QueryDataset | None = None,
                    most: int | None = None) -> QueryResult:
        """A SELECT answer in full (or its first `most` rows): one request when it fits under the
        server's cap, else page by page, in a total order so that pages neither overlap nor leave
        rows out (a server owes no two requests the same order of an unordered answer): by `order`
        when given, else the query's own ORDER BY with every answer variable after it as ties."""
        variables, rows, cap = self._select_page(sparql, dataset)
        limit = min(self.page_size, cap) if cap else self.page_size
        if (len(rows) < limit and (cap is None or len(rows) < cap)) or (most is not None and len(rows) >= most):
            return QueryResult(kind="select", variables=variables, rows=rows[:most])
        prologue, body = split_prologue(sparql)
        inner = paging_order(body, order, variables)
        rows, offset = [], 0
        while True:
            page = f"{prologue}SELECT * WHERE {{ {{ {inner} }} }} LIMIT {limit} OFFSET {offset}"
            names, chunk, _ = self._select_page(page, dataset)
            index = [names.index(v) if v in names else None for v in variables]
            rows.extend(tuple(None if i is None else row[i] for i in index) for row in chunk)
            if len(chunk) < limit or (most is not None and len(rows) >= most):
                return QueryResult(kind="select", variables=variables, rows=rows[:most])
            offset += limit

    # -- writing ---------------------------------------------------------------
    def has_graph(self, graph: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {term_syntax(URIRef(graph))} {{ ?s ?p ?o }} }}").boolean)

    def add_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Write one named graph in batches of INSERT DATA; on a failed batch the
        graph is dropped again, so a graph is there whole or not at all."""
        name = term_syntax(URIRef(graph))
        try:
            for batch in self._batches(triples):
                self._update(f"INSERT DATA {{ GRAPH {name} {{\n{batch}}} }}")
        except StoreError:
            if not self.read_only:
                with contextlib.suppress(StoreError):  # the first error is the one to report
                    self._update(f"DROP SILENT GRAPH {name}")
            raise

    def _batches(self, triples: Iterable[Triple]) -> Iterator[str]:
        lines: list[str] = []
        size = 0
        for s, p, o in triples:
            line = f"{term_syntax(s)} {term_syntax(p)} {term_syntax(o)} .\n"
            lines.append(line)
            size += len(line)
            if len(lines) >= self.batch_triples or size >= self.batch_bytes:
                yield "".join(lines)
                lines, size = [], 0
        if lines:
            yield "".join(lines)

    def add_graphs(self, graphs: Iterable[tuple[str, Iterable[Triple]]]) -> None:
        for graph, triples in graphs:
            self.add_graph(graph, triples)

    def apply(self, changes: Changes) -> None:
        """Drops, deletes, then inserts, as one change or none, over requests of bounded size.

        A server gives no transaction over many requests, so the store keeps an undo journal in
        the server: before writing, it records every graph the change touches and what those
        graphs held (in the graph :attr:`journal`), marks the journal ready, writes, and drops
        the journal. If a write fails, the touched graphs are put back as they were at once; if
        even that fails (the server went away), the journal stays and the next write to the
        store (:meth:`recover`) puts them back first."""
        self.recover()
        if not changes:
            return
        touched = sorted({*changes.drop, *(str(quad[3]) for quad in changes.delete),
                          *(graph for graph, triples in changes.insert if triples)})
        try:
            self._write_journal(touched)
            self._write(changes)
            self._update(f"DROP SILENT GRAPH {term_syntax(URIRef(self.journal))}")
        except StoreError as failure:
            try:
                self.recover()
            except StoreError:
                raise StoreError(f"{failure}; the graphs it touched could not be put back yet: the next write to "
                                 f"{self.location} puts them back before anything else") from None
            raise

    @property
    def journal(self) -> str:
        """The graph of the undo journal of the write in progress (none between writes)."""
        return self.graph_prefix + "journal"

    def _journal_terms(self) -> tuple[str, str, str]:
        """The journal's predicates: a touched graph, a part of what they held, and 'ready'."""
        touches, holds, ready = (term_syntax(URIRef(f"{self.journal}#{name}"))
                                 for name in ("touches", "holds", "ready"))
        return touches, holds, ready

    def _write(self, changes: Changes) -> None:
        for start in range(0, len(changes.drop), 50):
            self._update(" ;\n".join(f"DROP SILENT GRAPH {term_syntax(URIRef(graph))}"
                                     for graph in changes.drop[start:start + 50]))
        for start in range(0, len(changes.delete), self.batch_triples):
            self._update(update_text(Changes(delete=changes.delete[start:start + self.batch_triples])))
        for graph, triples in changes.insert:
            name = term_syntax(URIRef(graph))
            for batch in self._batches(triples):
                self._update(f"INSERT DATA {{ GRAPH {name} {{\n{batch}}} }}")

    def _write_journal(self, touched: list[str]) -> None:
        """Record the touched graphs and their content (as INSERT DATA bodies), then mark it ready."""
        journal = term_syntax(URIRef(self.journal))
        touches, holds, ready = self._journal_terms()
        self._update(f"DROP SILENT GRAPH {journal}")
        for start in range(0, len(touched), 200):
            names = " ".join(term_syntax(URIRef(g)) for g in touched[start:start + 200])
            rows = self._select_all(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                                    order="?g ?s ?p ?o").rows
            records = [f"{journal} {touches} {term_syntax(URIRef(g))} ." for g in touched[start:start + 200]]
            chunk, size = [], 0
            for g, s, p, o in rows:
                line = f"GRAPH {term_syntax(g)} {{ {term_syntax(s)} {term_syntax(p)} {term_syntax(o)} }}\n"  # type: ignore[arg-type]
                chunk.append(line)
                size += len(line)
                if size >= self.batch_bytes // 2:
                    records.append(f"{journal} {holds} {sparql_literal(''.join(chunk))} .")
                    chunk, size = [], 0
            if chunk:
                records.append(f"{journal} {holds} {sparql_literal(''.join(chunk))} .")
            for record in records:
                self._update(f"INSERT DATA {{ GRAPH {journal} {{ {record} }} }}")
        self._update(f"INSERT DATA {{ GRAPH {journal} {{ {journal} {ready} true }} }}")

    def recover(self) -> bool:
        """Undo a write that failed half-way, if its journal is in the store: every graph it touched
        goes back to what it held before. True when there was one to undo. Running it again after
        it failed half-way is safe."""
        if self.read_only:
            return False
        journal = term_syntax(URIRef(self.journal))
        touches, holds, ready = self._journal_terms()
        if not self.query(f"ASK {{ GRAPH {journal} {{ ?s ?p ?o }} }}").boolean:
            return False
        if self.query(f"ASK {{ GRAPH {journal} {{ {journal} {ready} true }} }}").boolean:
            graphs = [str(g) for (g,) in self._select_all(
                f"SELECT ?g WHERE {{ GRAPH {journal} {{ {journal} {touches} ?g }} }}", order="?g").rows]
            held = [str(text) for (text,) in self._select_all(
                f"SELECT ?text WHERE {{ GRAPH {journal} {{ {journal} {holds} ?text }} }}", order="?text").rows]
            self._write(Changes(drop=graphs))
            for text in held:
                self._update(f"INSERT DATA {{\n{text}}}")
        # a journal that never became ready: the write had not begun, nothing to undo
        self._update(f"DROP SILENT GRAPH {journal}")
        return True

    def remove_graph(self, graph: str) -> bool:
        if not self.has_graph(graph):
            return False
        self._update(f"DROP SILENT GRAPH {term_syntax(URIRef(graph))}")
        return True

    # -- reading ---------------------------------------------------------------
    def query(self, sparql: str, dataset: QueryDataset | None = None, limit: int | None = None) -> QueryResult:
        """Run a SPARQL query (never an update) on the server's default graph, or on `dataset`
        (sent as default-graph-uri and named-graph-uri); with `limit`, no more pages are asked
        for once that many rows came."""
        form = query_form(sparql)
        if form not in QUERY_FORMS:
            raise QueryError(f"invalid SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found "
                             f"'{form or sparql.strip()[:20]}' (updates are not queries)")
        if form == "select":
            return self._select_all(sparql, dataset=dataset, most=limit)
        if form == "ask":
            body, _ = self._post(self.query_url, {"query": sparql}, "application/sparql-results+json", QueryError,
                                 dataset)
            return QueryResult(kind="ask", boolean=bool(json.loads(body).get("boolean")))
        body, headers = self._post(self.query_url, {"query": sparql}, "application/n-triples, text/turtle;q=0.9",
                                   QueryError, dataset)
        cap = headers.get("x-sparql-maxrows")
        graph = Graph()
        graph.parse(data=body.decode("utf-8"), format="turtle")
        if cap and cap.isdigit() and len(graph) >= int(cap):
            raise QueryError(f"the server capped the answer at {cap} triples; narrow the query or page it "
                             "with a SELECT and LIMIT/OFFSET")
        return QueryResult(kind="graph",
                           triples=[(s, p, o) for s, p, o in itertools.islice(graph, limit)])  # type: ignore[misc]

    def text_rows(self, sparql: str) -> list[tuple[str | None, ...]]:
        """The rows of a SELECT, each value as its text (None when unbound)."""
        return [tuple(None if value is None else str(value) for value in row) for row in self.query(sparql).rows]

    def _mine(self, variable: str) -> str:
        return (f"FILTER(STRSTARTS(STR({variable}), {sparql_literal(self.graph_prefix)}) && "
                f"STR({variable}) != {sparql_literal(self.journal)})")

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        for name in [graph] if graph else self.graph_names():
            select = f"SELECT ?s ?p ?o WHERE {{ GRAPH {term_syntax(URIRef(name))} {{ ?s ?p ?o }} }}"
            for s, p, o in self._select_all(select, order="?s ?p ?o").rows:
                yield s, p, o, URIRef(name)  # type: ignore[misc]

    def graph_names(self) -> list[str]:
        select = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._mine('?g')} }}"
        return sorted(str(row[0]) for row in self._select_all(select, order="?g").rows)

    def __len__(self) -> int:
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._mine('?g')} }}")
        return int(str(result.rows[0][0]))

    def serialize(self, output: BinaryIO, fmt: str, prefixes: dict[str, str]) -> None:
        serialize_quads(self.quads(), output, fmt, prefixes)

    def flush(self) -> None:
        """Every write is committed by the server when its request returns."""


def open_remote_store(url: str, read_only: bool = False) -> RemoteStore:
    """The store at SPARQL endpoint `url`; user:password@ in the URL for servers that
    want authentication (Digest or Basic), $KG_STORE_UPDATE for a separate update endpoint."""
    parts = urllib.parse.urlsplit(url)
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password else None
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return RemoteStore(clean, os.environ.get(UPDATE_ENV) or None, read_only=read_only, user=user, password=password)


_AFTER_LAST_BRACE = re.compile(r"\}[^}]*$")
_MODIFIER = re.compile(r"\b(ORDER\s+BY|LIMIT|OFFSET)\b", re.IGNORECASE)


def paging_order(body: str, order: str, variables: list[str]) -> str:
    """`body` ordered so that LIMIT/OFFSET pages of it are stable: by `order`, or by its own ORDER BY
    then every answer variable, or by every answer variable. A query that limits itself keeps its
    own order (its pages can only be as stable as that)."""
    ties = " ".join(f"?{v}" for v in variables)
    if order:
        return f"{body} ORDER BY {order}"
    tail = _AFTER_LAST_BRACE.search(body)
    modifiers = {m.group(1).split()[0].upper() for m in _MODIFIER.finditer(tail.group(0))} if tail else set()
    if modifiers & {"LIMIT", "OFFSET"} or not ties:
        return body
    if "ORDER" in modifiers:
        return f"{body} {ties}"
    return f"{body} ORDER BY {ties}"
