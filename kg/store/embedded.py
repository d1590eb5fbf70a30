"""The embedded store: Oxigraph (pyoxigraph), on disk or in memory.

This is the only module that imports pyoxigraph; the rest of the library sees
rdflib terms and :class:`~kg.store.base.QueryResult` values.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, QueryError, StoreError
from kg.store.base import MEMORY, Changes, Quad, QueryDataset, QueryResult, Term, Triple, update_text
from kg.store.bulk import (
    BLANK_NODE,
    load_blocks,
    load_bytes,
    load_stream,
    loader_threads,
    may_hold_blank_nodes,
    shift_lines,
)
from kg.store.order import SortKey, literal_key, sort_rows, split_order

_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = frozenset({"trig", "nquads", "jsonld"})
#: One statement a line: a file of them may be cut at any line end (kg.store.bulk).
LINE_FORMATS = frozenset({"nquads", "ntriples"})


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DATATYPES: dict[str, URIRef] = {}  # a datatype's URIRef made once (a second of a literal's cost)


def _from_ox(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        made = _DATATYPES.get(datatype)
        if made is None:
            made = URIRef(datatype)
            if len(_DATATYPES) < 1_000:  # a store of made-up datatypes keeps none
                _DATATYPES[datatype] = made
        return Literal(term.value, datatype=made)
    raise TypeError(f"unsupported term {term!r}")


def _sort_key(term: object) -> SortKey | None:
    if isinstance(term, ox.NamedNode):
        return (2, "", term.value)
    if isinstance(term, ox.Literal):
        return literal_key(term.value, term.datatype.value, term.language)
    return None


def _text(term: object) -> str | None:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else None


#: The most rows sorted in Python (kg.store.order); a longer answer is sorted by Oxigraph, in
#: less memory than rows of Python objects take.
SORTED_HERE = 500_000
#: How many converted values a store keeps for its next answers (kg.store.embedded._rows).
TERMS_KEPT = 200_000


def _rows(solutions: Iterable[Iterable[object]], made: dict[object, Term]) -> list[tuple[Term | None, ...]]:
    """The solutions as rows of rdflib terms. A large answer repeats its values (names, dates,
    counts, the IRIs of the nodes it joins), and making an rdflib term costs microseconds, so
    each distinct value is converted once, and `made` keeps them for the next answer (a server
    or a view asks the same questions again); it is emptied after an answer that leaves it
    holding more than TERMS_KEPT (the store's own whole-store reads), so it stays small."""
    rows = []
    for solution in solutions:
        row: list[Term | None] = []
        for value in solution:
            if value is None:
                row.append(None)
                continue
            term = made.get(value)
            if term is None:
                term = made[value] = _from_ox(value)
            row.append(term)
        rows.append(tuple(row))
    if len(made) > TERMS_KEPT:
        made.clear()
    return rows


def _open_read_only(location: str) -> ox.Store:
    """A reader beside a writer: a file the writer is just replacing, or a store the writer is
    still creating (its column families or version not written yet: RocksDB and Oxigraph say so
    with a RuntimeError), can make an open fail for a moment, so a few retries before the error
    is reported (as an OSError, whichever it was)."""
    for attempt in range(8):
        try:
            return ox.Store.read_only(location)
        except (OSError, RuntimeError) as error:
            if attempt == 7:
                raise OSError(str(error)) from None
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _create_store(path: Path) -> None:
    """Make a new, empty store at `path` whole or not at all: built in a folder beside it, then
    renamed into place, so a process killed while Oxigraph creates its files leaves no
    half-made store (which no reader could open) behind, only a staging folder named after its
    process, cleared by the next creator once that process is gone."""
    for stale in path.parent.glob(f".{path.name}.creating-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = path.parent / f".{path.name}.creating-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        store.flush()
        del store  # closes it, releasing its lock
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        os.replace(staging, path)
    except OSError:
        pass  # another process made the store first: open theirs (or hear it is locked)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OxigraphStore:
    """An Oxigraph store on disk (persistent) or in memory."""

    def __init__(self, location: str | os.PathLike[str] | None = None, read_only: bool = False) -> None:
        self.location = MEMORY if location in (None, MEMORY) else str(location)
        self.read_only = read_only
        self._terms: dict[object, Term] = {}
        try:
            if self.location == MEMORY:
                self._store = ox.Store()
            elif read_only:
                if not (Path(self.location) / "CURRENT").exists():
                    raise StoreError(f"{self.location}: no store here yet (run 'kg ingest' first, or pass --store)")
                self._store = _open_read_only(self.location)
            else:
                path = Path(self.location)
                if path.exists() and not path.is_dir():
                    raise StoreError(f"{self.location}: is a file, not a store directory")
                if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
                    raise StoreError(f"{self.location}: directory exists and is not a diplo-kg store")
                path.parent.mkdir(parents=True, exist_ok=True)  # a new store may live in a new folder
                if not (path / "CURRENT").exists():
                    _create_store(path)
                self._store = ox.Store(self.location)
        except (OSError, RuntimeError) as error:
            message = str(error)
            if "lock" in message.lower():
                raise StoreError(
                    f"{self.location}: store is locked by another process (wait for it to finish)"
                ) from None
            raise StoreError(f"{self.location}: cannot open store ({message})") from None

    # -- writing ---------------------------------------------------------------
    def has_graph(self, graph: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(graph)))

    def add_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Write one named graph in a single transaction: all of it or nothing."""
        name = ox.NamedNode(graph)
        quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), name) for s, p, o in triples]  # type: ignore[arg-type]
        try:
            self._store.extend(quads)
        except OSError as error:
            raise StoreError(f"{self.location}: write failed ({error})") from None

    def add_graphs(self, graphs: Iterable[tuple[str, Iterable[Triple]]]) -> None:
        """Write many named graphs in one transaction."""
        quads = [
            ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), ox.NamedNode(graph))  # type: ignore[arg-type]
            for graph, triples in graphs
            for s, p, o in triples
        ]
        try:
            self._store.extend(quads)
        except OSError as error:
            raise StoreError(f"{self.location}: write failed ({error})") from None

    def bulk_load(self, source: BinaryIO | bytes | list[bytes], fmt: str = "nquads", checked: bool = False,
                  threads: int | None = None) -> None:
        """Load a large RDF file (such as ``kg extract`` output) fast, streaming, outside any
        transaction: if it fails halfway, part of it is stored. For quad formats the file's
        graphs are kept; triple formats go to the default graph.

        `checked`: the data was parsed strictly before and holds no blank node (kg.store.load
        checks both), so Oxigraph need not validate it again. N-Quads and N-Triples are loaded
        by `threads` bulk loads at once (default: one per core, kg.store.bulk), each taking
        whole lines: bytes without ``_:`` in them, and checked streams or lists of blocks of whole
        lines (as kg.store.load keeps the files it checked); others by one load."""
        if fmt not in _RDF_FORMATS:
            raise StoreError(f"Unknown format '{fmt}'. Choose one of: {', '.join(sorted(_RDF_FORMATS))}.")
        rdf_format = _RDF_FORMATS[fmt]

        def load(part: BinaryIO | bytes) -> None:
            self._store.bulk_load(part, rdf_format, lenient=checked)

        threads = loader_threads() if threads is None else max(1, threads)
        try:
            if isinstance(source, list):
                if fmt in LINE_FORMATS and checked:
                    load_blocks(load, source, threads)
                else:
                    load(b"".join(source))
            elif fmt not in LINE_FORMATS or threads == 1:
                load(source)
            elif isinstance(source, bytes):
                if may_hold_blank_nodes(source):
                    load(source)
                else:
                    load_bytes(load, source, threads)
            elif checked:
                load_stream(load, source, threads)
            else:
                load(source)
        except SyntaxError as error:
            raise StoreError(f"{self.location}: the {fmt} data is not valid ({error.msg})") from None
        except OSError as error:
            raise StoreError(f"{self.location}: write failed ({error})") from None

    def apply(self, changes: Changes) -> None:
        """Drop graphs, delete quads and insert triples in one transaction: all of it or nothing."""
        if not changes.drop and not changes.delete:
            self.add_graphs(changes.insert)
            return
        try:
            self._store.update(update_text(changes))
        except OSError as error:
            raise StoreError(f"{self.location}: write failed ({error})") from None

    def recover(self) -> bool:
        """Undo a change a killed or failed write left half-made: never any here, for every
        write is one transaction (all of it or nothing), so False."""
        return False

    def remove_graph(self, graph: str) -> bool:
        name = ox.NamedNode(graph)
        if not self._store.contains_named_graph(name):
            return False
        self._store.remove_graph(name)
        return True

    # -- reading ---------------------------------------------------------------
    def query(self, sparql: str, dataset: QueryDataset | None = None, limit: int | None = None) -> QueryResult:
        """Run a SPARQL query on the union of all named graphs (or on `dataset`), in Oxigraph's engine;
        with `limit`, only that many rows (or triples) are read from it, the rest never made. A
        SELECT's final ORDER BY of plain variables is done here rather than by Oxigraph, which
        compares the text of the values again at each step (kg.store.order)."""
        split = split_order(sparql)
        answer = self._answer(split[0] if split else sparql, dataset)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            if split is not None and {key.variable for key in split[1]} <= set(variables):
                try:
                    solutions = [tuple(solution) for solution in itertools.islice(answer, SORTED_HERE + 1)]
                except (OSError, ValueError) as error:
                    raise QueryError(f"query failed: {error}") from None
                ordered = sort_rows(solutions, variables, split[1], _sort_key, _text) \
                    if len(solutions) <= SORTED_HERE else None
                if ordered is not None:
                    return QueryResult(kind="select", variables=variables, rows=_rows(ordered[:limit], self._terms))
            if split is not None:
                answer = self._answer(sparql, dataset)
                assert isinstance(answer, ox.QuerySolutions)
            rows = _rows(itertools.islice(answer, limit), self._terms)
            return QueryResult(kind="select", variables=variables, rows=rows)
        triples = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object))
                   for t in itertools.islice(answer, limit)]
        return QueryResult(kind="graph", triples=triples)

    def text_rows(self, sparql: str) -> list[tuple[str | None, ...]]:
        """The rows of a SELECT, each value as its text, never made an rdflib term (which costs
        microseconds a value: most of the time of reading the long literals of the rollups'
        answer rows, kg.query.answers)."""
        answer = self._answer(sparql, None)
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("text_rows() reads the rows of a SELECT")
        try:
            return [tuple([None if value is None else value.value for value in solution]) for solution in answer]
        except (OSError, ValueError) as error:
            raise QueryError(f"query failed: {error}") from None

    def _answer(self, sparql: str,
                dataset: QueryDataset | None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            if dataset is None:
                return self._store.query(sparql, use_default_graph_as_union=True)
            return self._store.query(
                sparql, default_graph=[ox.NamedNode(g) for g in dataset.default] or ox.DefaultGraph(),
                named_graphs=[ox.NamedNode(g) for g in dataset.named])
        except SyntaxError as error:
            raise QueryError(f"invalid SPARQL: {error}") from None
        except (OSError, ValueError) as error:
            raise QueryError(f"query failed: {error}") from None

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        name = ox.NamedNode(graph) if graph else None
        for quad in self._store.quads_for_pattern(None, None, None, name):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            yield (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object),
                   URIRef(quad.graph_name.value))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def serialize(self, output: BinaryIO, fmt: str, prefixes: dict[str, str]) -> None:
        """Write the store: quads formats keep the graphs; triple formats write the
        union, de-duplicated and sorted so the same store always gives the same bytes."""
        rdf_format = _RDF_FORMATS[fmt]
        if fmt in QUAD_FORMATS:
            quads = sorted(
                (q for q in self._store.quads_for_pattern(None, None, None, None)
                 if not isinstance(q.graph_name, ox.DefaultGraph)),
                key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
            )
            ox.serialize(quads, output, rdf_format, prefixes=prefixes if fmt != "nquads" else None)
            return
        triples = sorted(
            {ox.Triple(q.subject, q.predicate, q.object)
             for q in self._store.quads_for_pattern(None, None, None, None)},
            key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
        )
        ox.serialize(triples, output, rdf_format, prefixes=prefixes if fmt in ("turtle", "rdfxml") else None)

    def flush(self) -> None:
        if self.location != MEMORY and not self.read_only:
            self._store.flush()


def serialize_quads(quads: Iterable[Quad], output: BinaryIO, fmt: str, prefixes: dict[str, str]) -> None:
    """Write quads exactly as :meth:`OxigraphStore.serialize` would (sorted, deterministic)."""
    scratch = OxigraphStore(MEMORY)
    scratch.add_graphs((graph, [(s, p, o)]) for s, p, o, graph in quads)
    scratch.serialize(output, fmt, prefixes)


#: The check reads a stream in blocks of whole lines of about this many bytes, each parsed from
#: memory, which kg load keeps for its bulk loads (the files read and unzipped once).
CHECK_BLOCK_BYTES = 8 << 20


def line_blocks(source: BinaryIO, size: int | None = None) -> Iterator[bytes]:
    """The stream's bytes in blocks of whole lines, each of at least `size` bytes (default
    CHECK_BLOCK_BYTES), the last the rest of the stream (which may end without a line break)."""
    size = CHECK_BLOCK_BYTES if size is None else size
    parts: list[bytes] = []
    held = 0
    while chunk := source.read(size):
        parts.append(chunk)
        held += len(chunk)
        cut = chunk.rfind(b"\n") if held >= size else -1
        if cut < 0:
            continue
        parts[-1] = chunk[:cut + 1]
        yield b"".join(parts)
        rest = chunk[cut + 1:]
        parts, held = ([rest] if rest else []), len(rest)
    if parts:
        yield b"".join(parts)


def _strict_quads(source: BinaryIO | bytes, name: str, before: int = 0) -> Iterator[ox.Quad]:
    """The quads parsed, each checked to be in a named graph and without blank nodes (numbered
    after the `before` quads ahead of them); a syntax error is raised as the parser raises it."""
    for number, quad in enumerate(ox.parse(source, ox.RdfFormat.N_QUADS), start=before + 1):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise InputError(f"{name}: quad {number} is in the default graph (kg load takes named graphs, "
                             "as kg extract writes them)")
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            raise InputError(f"{name}: quad {number} has a blank node (diplo-kg graphs name every node)")
        yield quad


def _checked_quads(source: BinaryIO, name: str) -> Iterator[ox.Quad]:
    try:
        yield from _strict_quads(source, name)
    except SyntaxError as error:
        raise InputError(f"{name}: not valid N-Quads ({error.msg})") from None
    except (OSError, EOFError, ValueError, zlib.error) as error:
        raise InputError(f"{name}: cannot be read ({error})") from None


def parse_nquads(source: BinaryIO, name: str) -> Iterator[Quad]:
    """The quads of an N-Quads stream, strictly parsed, as rdflib terms; a quad outside a named
    graph or with a blank node, or bad syntax, is an InputError naming `name` and the line."""
    for quad in _checked_quads(source, name):
        yield (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object),
               URIRef(str(quad.graph_name.value)))  # type: ignore[union-attr]  # named: checked


class PickedQuads:
    """Of the quads a check reads (:func:`check_nquads`), those whose predicate is one of
    `predicates`, kept as the parser made them: read as plain values, and converted to rdflib
    terms only where asked (a conversion costs microseconds a quad)."""

    def __init__(self, predicates: Iterable[str], types: Iterable[str] | None = None) -> None:
        """`types`, if given: of the rdf:type quads (when asked for), only those typing nodes so."""
        self.predicates = frozenset(ox.NamedNode(p) for p in predicates)
        self.types = None if types is None else frozenset(ox.NamedNode(t) for t in types)
        self.kept: list[ox.Quad] = []

    def keep(self, quad: ox.Quad) -> None:
        """Keep a quad of one of the predicates."""
        if self.types is None or quad.predicate != _RDF_TYPE or quad.object in self.types:
            self.kept.append(quad)

    def values(self) -> Iterator[tuple[str, str, str, str, str]]:
        """Each quad as (graph, subject, predicate, object's text, object's kind): the kind is
        "iri", "string" (a literal of xsd:string, no language) or "other"."""
        for quad in self.kept:
            value = quad.object
            kind = "iri" if isinstance(value, ox.NamedNode) else "string" if (
                isinstance(value, ox.Literal) and value.language is None and value.datatype.value == _XSD_STRING
            ) else "other"
            yield (quad.graph_name.value, quad.subject.value, quad.predicate.value,  # type: ignore[union-attr]
                   value.value, kind)  # type: ignore[union-attr]  # checked: no blank node, a named graph

    def quads(self, wanted: Callable[[str, str], bool]) -> Iterator[Quad]:
        """The quads whose (graph, subject) is `wanted`, as rdflib terms."""
        for quad in self.kept:
            if wanted(quad.graph_name.value, quad.subject.value):  # type: ignore[union-attr]  # named: checked
                yield (_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object),
                       URIRef(quad.graph_name.value))  # type: ignore[union-attr]


#: A stream's blocks for :func:`check_blocks`: (stream number, stream name, block of whole lines).
Block = tuple[int, str, bytes]


def check_nquads(source: BinaryIO, name: str, graph_prefix: str, graphs: set[str] | None = None,
                 on_block: Callable[[bytes], None] | None = None, picked: PickedQuads | None = None) -> int:
    """Read an N-Quads stream through, as :func:`parse_nquads` does, and count its quads; a graph
    whose IRI does not start with `graph_prefix` is an InputError too (:func:`check_blocks`, on the
    stream's blocks of whole lines; each is handed to `on_block` once checked)."""
    counts = check_blocks(named_blocks(0, name, source), graph_prefix, graphs, picked,
                          None if on_block is None else lambda _, block: on_block(block))
    return counts.get(0, 0)


def named_blocks(number: int, name: str, source: BinaryIO) -> Iterator[Block]:
    """A stream's blocks of whole lines (:func:`line_blocks`), for :func:`check_blocks`; a stream that
    cannot be read is an InputError naming it."""
    try:
        for block in line_blocks(source):
            yield number, name, block
    except (OSError, EOFError, ValueError, zlib.error) as error:
        raise InputError(f"{name}: cannot be read ({error})") from None


def check_blocks(blocks: Iterable[Block], graph_prefix: str, graphs: set[str] | None = None,
                 picked: PickedQuads | None = None,
                 on_block: Callable[[int, bytes], None] | None = None) -> dict[int, int]:
    """Check N-Quads streams given as blocks of whole lines (each stream's in order): every quad
    strictly parsed, in a named graph under `graph_prefix`, without blank nodes; the quads counted,
    by stream. The first problem is an InputError naming its stream and its quad or line counted
    from the stream's start; the graphs' IRIs are added to `graphs`, the quads `picked` asks for
    kept in it, and each block is handed to `on_block` (with its stream's number) once checked.
    Nothing is converted to rdflib terms, so it reads many times faster than a store loads.

    (Checking blocks on one thread per core was tried: the parser lets go of the GIL at every
    quad, and two threads taking it in turn spent twice the CPU, slower even on a core each.)"""
    found = set() if graphs is None else graphs
    counts: dict[int, int] = {}
    lines: dict[int, int] = {}
    for number, name, block in blocks:
        before, line = counts.get(number, 0), lines.get(number, 0)
        counts[number] = before + _check_quads(block, name, graph_prefix, found, before, line, picked)
        lines[number] = line + block.count(b"\n")
        if on_block is not None:
            on_block(number, block)
    return counts


def _check_quads(block: bytes, name: str, graph_prefix: str, graphs: set[str], before: int, line: int,
                 picked: PickedQuads | None) -> int:
    """The block read quad by quad: its quads counted, their graphs added to `graphs`; the first
    problem an InputError, numbered after the `before` quads and `line` lines of the stream ahead."""
    try:
        if BLANK_NODE not in block:
            return _check_graphs(block, name, graph_prefix, graphs, before, picked)
        checked = 0
        for checked, quad in enumerate(_strict_quads(block, name, before), start=1):  # noqa: B007
            _check_graph(quad.graph_name.value, graph_prefix, name, before + checked)  # type: ignore[union-attr]
            graphs.add(quad.graph_name.value)  # type: ignore[union-attr]  # named: checked
            if picked is not None and quad.predicate in picked.predicates:
                picked.keep(quad)
        return checked
    except SyntaxError as error:
        raise InputError(f"{name}: not valid N-Quads ({shift_lines(error, line + 1).msg})") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{name}: cannot be read ({error})") from None


def _check_graph(graph: str, graph_prefix: str, name: str, number: int) -> None:
    if not graph.startswith(graph_prefix):
        raise InputError(f"{name}: quad {number} is in graph <{graph}>, not one of diplo-kg's "
                         f"(under {graph_prefix})")


def _check_graphs(block: bytes, name: str, graph_prefix: str, graphs: set[str], before: int,
                  picked: PickedQuads | None = None) -> int:
    """The block's quads counted (the `before` quads of the stream ahead of it), each one's graph
    checked as :func:`_checked_quads` does and added to `graphs`, the quads `picked` asks for kept
    in it; a syntax error is raised as is."""
    count, last = 0, None
    # an empty tuple, not set, when none are picked: `in` then looks at no quad's predicate at all
    predicates: Collection[ox.NamedNode] = picked.predicates if picked is not None else ()
    for count, quad in enumerate(ox.parse(block, ox.RdfFormat.N_QUADS), start=1):  # noqa: B007 - the count is the answer
        if quad.predicate in predicates:
            picked.keep(quad)  # type: ignore[union-attr]  # predicates are some only when picked is
        graph = quad.graph_name
        if graph != last:  # a file holds its graphs' quads together: most are the last one's
            if type(graph) is not ox.NamedNode:
                raise InputError(f"{name}: quad {before + count} is in the default graph (kg load takes named "
                                 "graphs, as kg extract writes them)")
            _check_graph(graph.value, graph_prefix, name, before + count)
            graphs.add(graph.value)
            last = graph
    return count
