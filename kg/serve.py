"""Serve: the store as a read-only SPARQL 1.1 Protocol endpoint, on the standard library.

``GET /sparql?query=...``, ``POST`` form-encoded (``query=...``) or direct
(``application/sparql-query``) bodies. Answers by content negotiation (or a
``format`` parameter): SPARQL JSON, XML, CSV and TSV for SELECT and ASK;
Turtle, N-Triples, JSON-LD and RDF/XML for CONSTRUCT and DESCRIBE.

Safety: the server binds 127.0.0.1 unless told otherwise and answers only
requests whose ``Host`` names the address it is bound to (so a web page cannot
reach it through DNS rebinding); updates are refused (403) and never reach the
store, which is opened read-only; request bodies are capped and must arrive
within the request timeout; SERVICE (federation) is refused unless allowed;
queries are checked in linear time, and nested too deeply are refused, before
any parser sees them; each query runs in a worker process that is killed at
the time limit and that cannot take more than its memory cap (either way the
query is really stopped, and the answer is 503); rows past the row cap are
never read, and the answer says so in the ``X-SPARQL-MaxRows`` header as
Virtuoso does (so paging clients page). Workers serve the store as it is now:
each request carries the store's current state, and a worker that opened an
older one opens it again first, so every worker answers from the same store.

``/`` is a small offline page: a query editor, the saved queries one click
away, and the graph view at ``/graph``. ``/queries/NAME.rq?PARAM=VALUE`` is a saved
query's text with its parameters bound; ``/queries/NAME?PARAM=VALUE`` its answer, as
``kg query --named`` gives it (from the rollups' answer rows where they carry them, far
sooner than its text on a large store), negotiated as /sparql's are.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import multiprocessing
import os
import queue
import re
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import InputError, KgError, QueryError, StoreError
from kg.graph.vocab import PREFIXES
from kg.processes import die_with_parent, ignore_stop_signals
from kg.query.check import check_nesting, code_of
from kg.query.run import format_result, run_query
from kg.query.saved import bind_parameters, run_saved_query, saved_queries_data, saved_query
from kg.store import open_store
from kg.store.base import QUERY_FORMS, QueryDataset, QueryResult, is_remote, query_form, term_syntax
from kg.terminal import printable

TABLE_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
}
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ntriples": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$")


def accepts_gzip(accept_encoding: str) -> bool:
    """True when an Accept-Encoding header takes gzip (with a quality above 0)."""
    for part in accept_encoding.split(","):
        fields = [f.strip().lower() for f in part.split(";")]
        if fields[0] in ("gzip", "x-gzip", "*"):
            quality = next((f[2:] for f in fields[1:] if f.startswith("q=")), "1")
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0  # seconds per query; the worker running it is killed after
    max_rows: int = 10_000  # rows (or triples) in one answer
    max_body: int = 1_000_000  # bytes in one request body
    workers: int = 2
    allow_service: bool = False
    max_memory: int = 2048  # MB of memory each query worker may take (0: no cap)
    request_timeout: float = 30.0  # seconds a client may take to send its request (and body)
    cors: str | None = None  # an origin (http://host:port) or "*" that browsers may query from; None: off


class EndpointError(KgError):
    """A request the endpoint answers with an HTTP error status."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (strings, IRIs and comments aside)."""
    return bool(_SERVICE.search(code_of(sparql)))


def check_query(sparql: str, allow_service: bool = False) -> None:
    """Refuse updates, federation, empty and too deeply nested queries before they reach a worker.
    Runs in the request thread, so every check is linear in the length of the query."""
    form = query_form(sparql)
    if not sparql.strip():
        raise EndpointError(HTTPStatus.BAD_REQUEST, "the query is empty")
    try:
        check_nesting(sparql)
    except QueryError as error:
        raise EndpointError(HTTPStatus.BAD_REQUEST, str(error)) from None
    if form not in QUERY_FORMS:
        if form in ("insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"):
            raise EndpointError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        raise EndpointError(HTTPStatus.BAD_REQUEST,
                            f"invalid SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found '{form}'")
    if not allow_service and uses_service(sparql):
        raise EndpointError(HTTPStatus.FORBIDDEN,
                            "SERVICE (federated query) is refused by this endpoint (start it with --allow-service)")


# -- workers ------------------------------------------------------------------------
def _cap(result: QueryResult, max_rows: int) -> tuple[QueryResult, bool]:
    if len(result.rows) > max_rows:
        return QueryResult(result.kind, result.variables, result.rows[:max_rows]), True
    if len(result.triples) > max_rows:
        return QueryResult(result.kind, triples=result.triples[:max_rows]), True
    return result, False


def store_version(location: str) -> str | None:
    """What the store on disk is now: a digest of its files' names, and of the sizes and times of
    those that change (RocksDB grows its log or writes a new file on every commit; its table files
    never change once written, and its own LOG is left out). None for a SPARQL server, which
    always answers with what it holds."""
    if is_remote(location):
        return None
    files = []
    try:
        with os.scandir(location) as entries:
            for entry in entries:
                if entry.name.startswith(("LOG", "LOCK")):
                    continue
                if entry.name.endswith(".sst"):
                    files.append((entry.name, 0, 0))
                else:
                    status = entry.stat()
                    files.append((entry.name, status.st_size, status.st_mtime_ns))
    except OSError:
        return None
    return hashlib.sha256(repr(sorted(files)).encode()).hexdigest()


def _worker(location: str, connection: Connection, max_rows: int, max_memory: int, parent: int) -> None:
    """Open the store read-only, then answer requests from the pipe until it closes."""
    die_with_parent(parent, kernel_signal=False)  # started from other threads too: the watchdog only
    ignore_stop_signals()  # Ctrl-C reaches the whole process group; the server stops its workers
    if max_memory:
        # the data segment (heap and anonymous maps), not the address space: a large store's files
        # mapped for reading must not count. A query past it fails to allocate and the worker ends.
        resource.setrlimit(resource.RLIMIT_DATA, (max_memory << 20, max_memory << 20))
        with contextlib.suppress(OSError):  # its allocator's dying words; the server reports the cause
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    version = store_version(location)
    try:
        store = open_store(location, read_only=True)
    except KgError as error:
        connection.send(("error", "store", str(error)))
        return
    connection.send(("ready",))
    while True:
        try:
            operation, payload, wanted = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if wanted != version:  # the store changed since it was opened: serve it as it is now
                store = open_store(location, read_only=True)
                version = wanted
            if operation == "query":
                sparql, dataset = payload
                connection.send(("ok", *_cap(run_query(store, sparql, dataset, limit=max_rows + 1), max_rows)))
            elif operation == "saved":
                name, values = payload
                connection.send(("ok", *_cap(run_saved_query(store, name, values), max_rows)))
            elif operation == "describe":
                from kg.query.resource import describe_resource, resource_triples

                iri, as_rdf = payload
                found = resource_triples(store, iri) if as_rdf else describe_resource(store, iri)
                connection.send(("ok", found, False))
            else:
                from kg.view.page import build_graph_page

                connection.send(("ok", build_graph_page(store).html, False))
        except MemoryError:
            connection.send(("error", "memory", ""))
            return  # what it allocated goes with the process
        except QueryError as error:
            connection.send(("error", "query", str(error)))
        except KgError as error:
            connection.send(("error", "store", str(error)))
        except Exception as error:  # a bug in a worker must not hang the request
            connection.send(("error", "store", f"{type(error).__name__}: {error}"))


class WorkerPool:
    """Worker processes, each with the store open; a query past the time limit gets its worker
    killed (really stopping the query) and a fresh one started, and so does one that ran out of
    its memory cap."""

    def __init__(self, location: str, size: int, timeout: float, max_rows: int, max_memory: int = 0) -> None:
        self.location, self.timeout, self.max_rows, self.max_memory = location, timeout, max_rows, max_memory
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[tuple[Any, Connection]] = queue.Queue()
        self._all: list[Any] = []
        for _ in range(max(1, size)):
            self._idle.put(self._start())

    def _start(self) -> tuple[Any, Connection]:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker, daemon=True, args=(
            self.location, child, self.max_rows, self.max_memory, os.getpid()))
        process.start()
        child.close()
        self._all.append(process)
        if not parent.poll(120):
            process.kill()
            raise StoreError(f"{self.location}: the query worker did not start")
        message = parent.recv()
        if message[0] != "ready":
            process.join()
            raise StoreError(message[2])
        return process, parent

    def _replace(self) -> None:
        with contextlib.suppress(StoreError):  # then the next request waits, and hears the server is busy
            self._idle.put(self._start())

    def _retire(self, process: Any, connection: Connection) -> None:
        process.kill()
        process.join()
        connection.close()
        threading.Thread(target=self._replace, daemon=True).start()

    def run(self, operation: str, payload: Any) -> tuple[Any, bool]:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise EndpointError(HTTPStatus.SERVICE_UNAVAILABLE, "the server is busy; try again") from None
        process, connection = worker
        try:
            connection.send((operation, payload, store_version(self.location)))
            finished = connection.poll(self.timeout)
            answer = connection.recv() if finished else None
        except (EOFError, OSError):
            finished, answer = True, None
        if answer is None or answer[:2] == ("error", "memory"):
            self._retire(process, connection)
            if not finished:
                raise EndpointError(HTTPStatus.SERVICE_UNAVAILABLE,
                                    f"the query ran past the time limit of {self.timeout:g} s and was stopped")
            if answer is not None or (self.max_memory and process.exitcode == -signal.SIGABRT):
                raise EndpointError(HTTPStatus.SERVICE_UNAVAILABLE,
                                    f"the query needed more than the memory limit of {self.max_memory} MB "
                                    "and was stopped")
            raise EndpointError(HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died")
        self._idle.put(worker)
        if answer[0] == "error":
            status = HTTPStatus.BAD_REQUEST if answer[1] == "query" else HTTPStatus.BAD_GATEWAY
            raise EndpointError(status, answer[2])
        return answer[1], answer[2]

    def close(self) -> None:
        for process in self._all:
            if process.is_alive():
                process.kill()
            process.join()


# -- answers --------------------------------------------------------------------------
def _accepted(accept: str) -> list[str]:
    weighted = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for parameter in fields[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if fields[0] and quality > 0:
            weighted.append((-quality, position, fields[0].lower()))
    return [media for _, _, media in sorted(weighted)]


#: format=/output=/results= values clients send, by kind of result (SPARQLWrapper sends xml, json,
#: json-ld, n3, turtle, csv, tsv; for graph results "xml" means RDF/XML and "json" JSON-LD).
FORMAT_ALIASES = {
    "table": {"json": "application/sparql-results+json", "srj": "application/sparql-results+json",
              "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
              "csv": "text/csv", "tsv": "text/tab-separated-values"},
    "graph": {"turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle", "ntriples": "application/n-triples",
              "nt": "application/n-triples", "n-triples": "application/n-triples", "jsonld": "application/ld+json",
              "json-ld": "application/ld+json", "json": "application/ld+json", "rdfxml": "application/rdf+xml",
              "rdf+xml": "application/rdf+xml", "rdf": "application/rdf+xml", "xml": "application/rdf+xml"},
}


def choose_type(kind: str, accept: str, fmt: str | None = None) -> str:
    """The media type to answer with: `fmt` (a format= name or a media type) when it fits the
    result, else the best the client accepts; a value that does not fit falls back to Accept."""
    table = kind != "graph"
    known = TABLE_TYPES if table else GRAPH_TYPES
    if fmt:
        name = fmt.strip().lower()
        media = FORMAT_ALIASES["table" if table else "graph"].get(name, name.split(";")[0].strip())
        if media in known:
            return media
    for media in _accepted(accept or "*/*"):
        if media in known:
            return media
        if media in ("*/*", "application/*", "text/*"):
            break
    return "application/sparql-results+json" if table else "text/turtle"


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, allow_service: bool) -> QueryResult:
    """The SPARQL 1.1 Service Description of the endpoint at `endpoint`, as triples."""
    sd, formats, rdf = (lambda name: URIRef(SD + name)), (lambda name: URIRef(FORMATS + name)), \
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("defaultGraph")
    triples = [(service, rdf, sd("Service")), (service, sd("endpoint"), URIRef(endpoint)),
               (service, sd("supportedLanguage"), sd("SPARQL11Query")),
               (service, sd("feature"), sd("UnionDefaultGraph")),
               (service, sd("defaultDataset"), dataset), (dataset, rdf, sd("Dataset")),
               (dataset, sd("defaultGraph"), default), (default, rdf, sd("Graph"))]
    triples += [(service, sd("resultFormat"), formats(name)) for name in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
        "N-Triples", "JSON-LD", "RDF_XML")]
    if allow_service:
        triples.append((service, sd("feature"), sd("BasicFederatedQuery")))
    return QueryResult(kind="graph", triples=triples)  # type: ignore[arg-type]


def _xml_term(term: object) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    attributes = (f" xml:lang={quoteattr(term.language)}" if term.language else
                  f" datatype={quoteattr(str(term.datatype))}" if term.datatype else "")
    return f"<literal{attributes}>{escape(str(term))}</literal>"


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(result.variables, row, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _delimited(result: QueryResult, media: str) -> str:
    buffer = io.StringIO()
    if media == "text/csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        if result.kind == "ask":
            writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
        else:
            writer.writerow(result.variables)
            writer.writerows(["" if t is None else str(t) for t in row] for row in result.rows)
        return buffer.getvalue()
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else term_syntax(t) if not isinstance(t, BNode) else f"_:{t}" for t in row)
              for row in result.rows]
    return "\n".join(lines) + "\n"


def render(result: QueryResult, media: str) -> bytes:
    """A result in the chosen media type."""
    if result.kind == "graph":
        graph = Graph()
        for name, iri in PREFIXES.items():
            graph.bind(name, iri)
        for triple in result.triples:
            graph.add(triple)
        return graph.serialize(format=GRAPH_TYPES[media], encoding="utf-8")
    name = TABLE_TYPES[media]
    if name == "json":
        return format_result(result, "json").encode("utf-8")
    if name == "xml":
        return _xml(result).encode("utf-8")
    return _delimited(result, media).encode("utf-8")


# -- HTTP -----------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.config.request_timeout)  # a client that sends nothing is let go

    def _host_allowed(self) -> bool:
        """The Host header names this server (its bound address, or a loopback name when bound to
        loopback), unless it was bound to every address. A browser tricked by DNS rebinding into
        calling it sends the attacker's name, and is refused."""
        allowed = self.server.allowed_hosts
        host = self.headers.get("Host")
        if allowed is None or host is None:
            return True
        value = host.strip().lower()
        if value.startswith("["):  # [::1]:8000
            name, _, rest = value[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ""
        else:
            name, _, port = value.partition(":")
        return name in allowed and (not port or port == str(self.server.server_address[1]))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        if self.server.log is not None:  # the request line is the client's: shown, never obeyed
            self.server.log(printable(f"{self.address_string()} {format % args}"))

    def _cors(self) -> dict[str, str]:
        """CORS headers for this request's origin, when --cors allows it."""
        allowed, origin = self.server.config.cors, self.headers.get("Origin")
        if not allowed or (allowed != "*" and origin != allowed.rstrip("/")):
            return {}
        return {"Access-Control-Allow-Origin": "*" if allowed == "*" else allowed.rstrip("/"),
                "Access-Control-Expose-Headers": "X-SPARQL-MaxRows, Content-Type, Content-Encoding"}

    def _send(self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media if media.endswith("charset=utf-8") else f"{media}; charset=utf-8")
        if accepts_gzip(self.headers.get("Accept-Encoding", "")) and len(body) > 512:
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept, Accept-Encoding" + (", Origin" if self.server.config.cors else ""))
        for name, value in {**self._cors(), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's names)
        """A CORS preflight (or a plain OPTIONS): which methods and headers a request may use."""
        if self._refuse_host():
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        cors = self._cors()
        if cors:
            for name, value in cors.items():
                self.send_header(name, value)
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers",
                             self.headers.get("Access-Control-Request-Headers") or "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _fail(self, error: EndpointError) -> None:
        self._send(error.status, f"Error: {error}\n".encode(), "text/plain")

    def _refuse_host(self) -> bool:
        if self._host_allowed():
            return False
        self.close_connection = True
        self._fail(EndpointError(HTTPStatus.MISDIRECTED_REQUEST,
                                 f"this server does not answer for the host {self.headers.get('Host')!r} "
                                 f"(it serves {self.server.url}; start it with --host to serve another name)"))
        return True

    def do_GET(self) -> None:  # noqa: N802 (http.server's names)
        if not self._refuse_host():
            self._dispatch(None)

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._refuse_host():
            self._dispatch(None)

    def _read_body(self, length: int) -> bytes:
        """The request body, which must arrive whole within the request timeout (a client that
        announces a body and never sends it, or sends a byte a minute, is let go)."""
        limit = self.server.config.request_timeout
        deadline = time.monotonic() + limit
        chunks: list[bytes] = []
        remaining = length
        try:
            while remaining > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                self.connection.settimeout(left)
                chunk = self.rfile.read1(min(remaining, 65536))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
        except TimeoutError:
            self.close_connection = True
            raise EndpointError(HTTPStatus.REQUEST_TIMEOUT,
                                f"the request body did not arrive within {limit:g} s") from None
        finally:
            self.connection.settimeout(limit)
        if remaining > 0:
            self.close_connection = True
            raise EndpointError(HTTPStatus.BAD_REQUEST, "the request body ended before its Content-Length")
        return b"".join(chunks)

    def do_POST(self) -> None:  # noqa: N802
        if self._refuse_host():
            return
        try:
            length = self.headers.get("Content-Length")
            if length is None:
                raise EndpointError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            if not length.isdigit() or int(length) > self.server.config.max_body:
                self.close_connection = True
                if length.isdigit() and int(length) <= 64 * self.server.config.max_body:
                    remaining = int(length)  # read it away, so the client hears the answer
                    while remaining > 0:
                        remaining -= len(self.rfile.read(min(remaining, 65536)) or b"x" * remaining)
                raise EndpointError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                    f"the request body is over the limit of {self.server.config.max_body} bytes")
            body = self._read_body(int(length))
        except EndpointError as error:
            self._fail(error)
            return
        self._dispatch(body)

    def _dispatch(self, body: bytes | None) -> None:
        url = urlsplit(self.path)
        try:
            if url.path in ("/", "/index.html"):
                page = files("kg.web").joinpath("index.html").read_bytes()
                self._send(200, page, "text/html")
            elif url.path == "/queries.json":
                self._send(200, json.dumps(saved_queries_data(), indent=1).encode(), "application/json")
            elif url.path.startswith("/queries/") and url.path.endswith(".rq"):
                name = url.path[len("/queries/"):-3]
                values = {k: v[-1] for k, v in parse_qs(url.query).items()}
                self._send(200, bind_parameters(saved_query(name), values).encode(), "application/sparql-query")
            elif url.path.startswith("/queries/"):
                self._saved(url.path[len("/queries/"):], url.query)
            elif url.path == "/context.jsonld":
                self._send(200, files("kg.schema").joinpath("context.jsonld").read_bytes(), "application/ld+json")
            elif url.path == "/graph":
                page, _ = self.server.pool.run("view", "")
                self._send(200, page.encode(), "text/html")
            elif url.path in ("/sparql", "/data"):
                self._sparql(url.query, body)
            elif url.path.startswith("/id/") or url.path == "/describe":
                self._resource(url.path, url.query)
            else:
                raise EndpointError(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (the endpoint is /sparql)")
        except EndpointError as error:
            self._fail(error)
        except InputError as error:
            self._fail(EndpointError(HTTPStatus.BAD_REQUEST, str(error)))

    def _saved(self, name: str, query_string: str) -> None:
        """A saved query's answer: its parameters from the query string (``format`` chooses the
        answer's type, as on /sparql), checked here, before any worker runs it."""
        fields = {k: v[-1] for k, v in parse_qs(query_string).items()}
        fmt = next((fields.pop(key) for key in ("format", "output", "results") if key in fields), None)
        bind_parameters(saved_query(name), fields)  # an unknown query or a bad parameter: 400
        result, truncated = self.server.pool.run("saved", (name, fields))
        media = choose_type(result.kind, self.headers.get("Accept", ""), fmt)
        headers = {"X-SPARQL-MaxRows": str(self.server.config.max_rows)} if truncated else {}
        self._send(HTTPStatus.OK, render(result, media), media, headers)

    def _sparql(self, query_string: str, body: bytes | None) -> None:
        fields = parse_qs(query_string, keep_blank_values=True)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if body is not None:
            if media == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                    fields.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                fields.setdefault("query", []).append(body.decode("utf-8", "replace"))
            elif media == "application/sparql-update":
                raise EndpointError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            else:
                raise EndpointError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                    f"Content-Type '{media}': send application/x-www-form-urlencoded "
                                    "or application/sparql-query")
        if "update" in fields:
            raise EndpointError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        fmt = next((fields[name][-1] for name in ("format", "output", "results") if fields.get(name)), None)
        queries = fields.get("query", [])
        if not queries and self.command in ("GET", "HEAD"):
            if "graph" in fields or "default" in fields:
                self._graph_store(fields, fmt)
                return
            if not set(fields) - {"format", "output", "results"}:
                host = self.headers.get("Host", "")  # checked against the bound address, unless bound to all
                if not _HOST.match(host):
                    host = "{}:{}".format(*self.server.server_address[:2])
                media = choose_type("graph", self.headers.get("Accept", ""), fmt)
                description = service_description(f"http://{host}/sparql", self.server.config.allow_service)
                self._send(HTTPStatus.OK, render(description, media), media)
                return
        if len(queries) != 1:
            raise EndpointError(HTTPStatus.BAD_REQUEST, "give exactly one 'query' parameter")
        sparql = queries[0]
        check_query(sparql, self.server.config.allow_service)
        default, named = fields.get("default-graph-uri", []), fields.get("named-graph-uri", [])
        dataset = QueryDataset(tuple(default), tuple(named)) if default or named else None
        for graph in (*default, *named):
            if not _IRI.match(graph):
                raise EndpointError(HTTPStatus.BAD_REQUEST, f"default-graph-uri/named-graph-uri '{graph}': "
                                    "give an absolute IRI")
        result, truncated = self.server.pool.run("query", (sparql, dataset))
        media = choose_type(result.kind, self.headers.get("Accept", ""), fmt)
        headers = {"X-SPARQL-MaxRows": str(self.server.config.max_rows)} if truncated else {}
        self._send(HTTPStatus.OK, render(result, media), media, headers)

    def _resource(self, path: str, query_string: str) -> None:
        """The linked-data page of an IRI: HTML for people, Turtle, JSON-LD ... by Accept."""
        from urllib.parse import unquote

        from kg.graph.iris import DEFAULT_BASE
        from kg.pages import render_resource_page

        if path == "/describe":
            iri = (parse_qs(query_string).get("iri") or [""])[-1]
        else:
            iri = DEFAULT_BASE + unquote(path[len("/id/"):])
        if not _IRI.match(iri):
            raise EndpointError(HTTPStatus.BAD_REQUEST, f"iri '{iri}': give an absolute IRI (/describe?iri=...)")
        accept = self.headers.get("Accept", "")
        html = next((m for m in _accepted(accept or "text/html") if m in ("text/html", "application/xhtml+xml", "*/*")
                     or m in GRAPH_TYPES), "text/html") in ("text/html", "application/xhtml+xml", "*/*")
        found, _ = self.server.pool.run("describe", (iri, not html))
        if html:
            self._send(HTTPStatus.OK if found.found else HTTPStatus.NOT_FOUND, render_resource_page(found).encode(),
                       "text/html")
            return
        if not found:
            raise EndpointError(HTTPStatus.NOT_FOUND, f"the store says nothing about {iri}")
        media = choose_type("graph", accept)
        self._send(HTTPStatus.OK, render(QueryResult(kind="graph", triples=found), media), media)

    def _graph_store(self, fields: dict[str, list[str]], fmt: str | None) -> None:
        """The read part of the SPARQL 1.1 Graph Store Protocol: GET ?graph=IRI or ?default."""
        if "graph" in fields:
            graph = fields["graph"][-1]
            if not _IRI.match(graph):
                raise EndpointError(HTTPStatus.BAD_REQUEST, f"graph '{graph}': give an absolute IRI")
            name = term_syntax(URIRef(graph))
            exists, _ = self.server.pool.run("query", (f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}", None))
            if not exists.boolean:
                raise EndpointError(HTTPStatus.NOT_FOUND, f"no graph {graph} in the store")
            sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
        else:
            sparql = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # the default graph: the union of all graphs
        result, truncated = self.server.pool.run("query", (sparql, None))
        media = choose_type("graph", self.headers.get("Accept", ""), fmt)
        headers = {"X-SPARQL-MaxRows": str(self.server.config.max_rows)} if truncated else {}
        self._send(HTTPStatus.OK, render(result, media), media, headers)


class EndpointServer(ThreadingHTTPServer):
    """The HTTP server and its worker pool; ``url`` is the SPARQL endpoint's address."""

    daemon_threads = True
    #: connections the kernel queues while every thread is busy (socketserver's default of 5 made
    #: bursts of concurrent clients see "connection reset")
    request_queue_size = 128

    def __init__(self, location: str, config: ServeConfig, log: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.log = log
        self.pool = WorkerPool(location, config.workers, config.timeout, config.max_rows, config.max_memory)
        try:
            super().__init__((config.host, config.port), _Handler)
        except OSError as error:
            self.pool.close()
            raise StoreError(f"cannot listen on {config.host}:{config.port} ({error.strerror or error})") from None
        self.allowed_hosts = allowed_hosts(config.host, str(self.server_address[0]))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def allowed_hosts(host: str, bound: str) -> frozenset[str] | None:
    """The names a request's Host header may give: the address asked for and the one bound, and the
    loopback names when either is loopback; None (any) when bound to every address."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - only when the user asked for it
        return None
    names = {host.lower().strip("[]"), bound.lower()}
    if any(name in ("localhost", "127.0.0.1", "::1") or name.startswith("127.") for name in names):
        names |= {"localhost", "127.0.0.1", "::1"}
    return frozenset(names)


def make_server(location: str | os.PathLike[str] | None, config: ServeConfig | None = None,
                log: Callable[[str], None] | None = None) -> EndpointServer:
    """An endpoint over the store at `location` (a directory or a SPARQL URL), not yet serving:
    call ``serve_forever()``, and ``shutdown()`` then ``server_close()`` to stop."""
    from kg.store.base import resolve_location

    resolved = resolve_location(location)
    if resolved == ":memory:":
        raise InputError("kg serve needs a store on disk or a SPARQL URL, not ':memory:'")
    return EndpointServer(resolved, config or ServeConfig(), log)


__all__ = ["EndpointServer", "ServeConfig", "check_query", "choose_type", "make_server", "render", "uses_service"]
