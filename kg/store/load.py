"""Bulk loading N-Quads files (``kg extract`` output, ``.nq`` or ``.nq.gz``) into a store.

Every file is read through first, strictly: a file that is not N-Quads, a quad outside a named
graph, a blank node or a graph outside diplo-kg's own is an InputError naming the file and the
quad, and nothing is loaded (kg.store.embedded.check_blocks, on the files' blocks of whole
lines). Then the files go in by the fastest way the store has:

- the embedded store: Oxigraph's bulk loader, one load per core (kg.store.bulk), Oxigraph's own
  checks skipped since the files were checked; each load takes a run of the blocks the check
  kept (up to KEPT_BYTES of text: the files are not read and unzipped twice), or, for a larger
  load, lines of the files read again in turn;
- Virtuoso, when isql is given and the server can read the files itself (same machine, a
  directory in its ``DirsAllowed``): its bulk loader (``ld_add``, ``rdf_loader_run()``,
  ``checkpoint``; kg.store.virtuoso);
- any other SPARQL server: SPARQL updates over HTTP, in journalled changes of many graphs
  (:meth:`RemoteStore.apply`: each change whole or not at all).

Last, the merged-event summaries (kg.graph.describe), the name keys and the pair rollups
(kg.graph.rollup) are brought up to date, in one of two ways:

- into a store that keeps rollups already (it holds articles) and holds at least
  INCREMENTAL_RATIO times as many articles as the files bring, incrementally, for what is
  loaded: before the load, the files' quads that the updates read are parsed into one
  :class:`Changes` and the rollup update it implies is computed against the store as it was
  (kg.graph.rollup.rollup_changes, as ingest does); after the load, the summaries of the events
  the loaded graphs report or summarise are recomputed from their reports
  (kg.graph.describe.summary_repairs), and both are written in one change, with the name keys the
  records of graphs new to the store lack (from the files' triples) and the deletion of any rollup
  quads the files bring that the update does not keep (the name keys of graphs the store held
  already are looked for after, by query). The cost is that of the load, not of the store;
- otherwise (an empty store, a load large beside the store), over the whole store: every summary
  and rollup recomputed, and the stale ones rewritten. Into an empty embedded store, whose graphs
  are then just what the files say, the name keys are computed from the name records' quads the
  check kept, rather than read back from the store.

Both give the same store, provided it was up to date before (as every write leaves it;
``kg validate`` checks, ``--repair`` fixes): the incremental way finds only what the load made
stale, the whole-store way anything stale. A load killed after the bulk load and before that
last change leaves the loaded graphs without their summaries and rollups, which a later
incremental load does not see: ``kg validate --repair`` recomputes them.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rdflib import URIRef

from kg.errors import InputError, StoreError
from kg.graph.describe import repair_summaries, summary_repairs
from kg.graph.identity import name_key_changes, repair_name_keys
from kg.graph.iris import DEFAULT_BASE
from kg.graph.layout import DESCRIPTION_PREFIX, SUMMARY, description_graph, name_key
from kg.graph.migrate import check_layout
from kg.graph.rollup import CHANGE_READS, ROLLUP_GRAPHS, ROLLUP_PREFIX, has_rollups, repair_rollups, rollup_changes
from kg.graph.vocab import DIPLO, RDF, with_prefixes
from kg.store.base import Changes, Quad, Store, Triple, term_syntax
from kg.store.embedded import Block, OxigraphStore, PickedQuads, check_blocks, named_blocks, parse_nquads
from kg.store.remote import RemoteStore
from kg.store.virtuoso import IsqlLoader

#: Triples per journalled change when loading over HTTP.
HTTP_CHANGE_TRIPLES = 20_000
#: The summaries and rollups are updated for what is loaded, rather than recomputed over the whole
#: store, when the store holds at least this many times the articles the files bring (measured:
#: bench/README.md, "kg load into a store that holds articles").
INCREMENTAL_RATIO = 2
METHODS = ("auto", "loader", "http")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class LoadSummary:
    """What a load did: files and quads read, how they went in, summaries recomputed."""

    files: int = 0
    quads: int = 0
    method: str = ""
    note: str = ""
    summaries: int = 0
    incremental: bool = False

    def line(self) -> str:
        note = f"; {self.note}" if self.note else ""
        scope = "for the loaded graphs" if self.incremental else "over the whole store"
        return (f"{self.quads} quads from {self.files} files loaded by {self.method}, "
                f"{self.summaries} merged-event summaries recomputed (summaries and rollups updated {scope}){note}")

    def as_dict(self) -> dict[str, object]:
        return {"files": self.files, "quads": self.quads, "method": self.method, "note": self.note,
                "summaries": self.summaries, "incremental": self.incremental}


@contextmanager
def open_nquads(path: Path) -> Iterator[BinaryIO]:
    """The file's bytes, gunzipped when it is gzip (by its first bytes, whatever its name)."""
    try:
        raw = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot open ({error.strerror or error})") from None
    with raw:
        if raw.read(2) == GZIP_MAGIC:
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            raw.seek(0)
            yield raw


#: The files' text, once checked, is kept in memory for the bulk load when it comes to at most
#: this many bytes (about 450,000 quads): not read and unzipped a second time. A larger load
#: reads the files again.
KEPT_BYTES = 128 << 20
#: The predicates of the quads the name keys are computed from (kg.graph.identity.name_key_changes:
#: a name record's type, written names and keys), which the check keeps for a load into an empty store.
_NAME_RECORD_READS = (str(RDF.type), str(DIPLO.writtenName), str(DIPLO.nameKey))
_TYPE, _NAME_RECORD, _WRITTEN_NAME = str(RDF.type), str(DIPLO.NameRecord), str(DIPLO.writtenName)


@dataclass
class Checked:
    """What the check keeps of the files it read: their text while it stays under KEPT_BYTES
    (None past it, or when not asked for), and the quads of the predicates `picked` asks for."""

    text: list[bytes] | None = field(default_factory=list)
    size: int = 0
    picked: PickedQuads | None = None
    file: int = -1  # the number of the file the last block kept is of

    def keep(self, file: int, block: bytes) -> None:
        """Keep a checked block of the files (a line break between two files, should one lack its
        last, as :class:`_Chained` puts it)."""
        if self.text is None:
            return
        if file != self.file and self.text and not self.text[-1].endswith(b"\n"):
            self.text.append(b"\n")
        self.file = file
        self.size += len(block)
        if self.size <= KEPT_BYTES:
            self.text.append(block)
        else:
            self.text = None


def _name_key_changes(picked: PickedQuads) -> Changes:
    """What :func:`~kg.graph.identity.repair_name_keys` writes for graphs as the files give them
    (a load into an empty store), from the name records' quads the check kept. A record whose keys
    are plainly those of its written names (string literals, each name's key and no other) needs
    none; the others, should there be any, go through name_key_changes, which decides as
    repair_name_keys does, their quads converted to rdflib terms only then."""
    typed: set[tuple[str, str]] = set()
    names: dict[tuple[str, str], set[str]] = {}
    keys: dict[tuple[str, str], set[str]] = {}
    odd: set[tuple[str, str]] = set()  # a name or key that is not a plain string literal
    for graph, subject, predicate, value, kind in picked.values():
        record = (graph, subject)
        if predicate == _TYPE:
            if kind == "iri" and value == _NAME_RECORD:
                typed.add(record)
            continue
        if kind != "string":
            odd.add(record)
        (names if predicate == _WRITTEN_NAME else keys).setdefault(record, set()).add(value)
    unsure = {record for record in typed if record in odd or keys.get(record, set()) != {
        key for key in map(name_key, names.get(record, ())) if key}}
    if not unsure:
        return Changes()
    graphs: dict[str, list[Triple]] = {}
    for s, p, o, g in picked.quads(lambda graph, subject: (graph, subject) in unsure):
        graphs.setdefault(str(g), []).append((s, p, o))
    return name_key_changes(graphs.items())[1]


def check_files(files: Sequence[Path], graph_prefix: str = DEFAULT_BASE, graphs: set[str] | None = None,
                checked: Checked | None = None) -> int:
    """Read every file through and count its quads (their graphs added to `graphs`, if given; their
    text and the quads it picks to `checked`, if given); the first problem is an InputError
    (kg.store.embedded.check_blocks, on each file's blocks of whole lines in turn)."""

    def blocks() -> Iterator[Block]:
        for number, path in enumerate(files):
            if path.is_dir():
                raise InputError(f"{path}: is a directory (give the .nq or .nq.gz files in it)")
            with open_nquads(path) as stream:
                yield from named_blocks(number, str(path), stream)

    counts = check_blocks(blocks(), graph_prefix, graphs, None if checked is None else checked.picked,
                          None if checked is None else checked.keep)
    return sum(counts.values())


def _http_changes(files: Sequence[Path]) -> Iterator[Changes]:
    """The files' quads as changes of about HTTP_CHANGE_TRIPLES triples, a file's graphs in order."""
    graphs: dict[str, list[Triple]] = {}
    size = 0
    for path in files:
        with open_nquads(path) as stream:
            for s, p, o, g in parse_nquads(stream, str(path)):
                graphs.setdefault(str(g), []).append((s, p, o))
                size += 1
                if size >= HTTP_CHANGE_TRIPLES:
                    yield Changes(insert=list(graphs.items()))
                    graphs, size = {}, 0
    if graphs:
        yield Changes(insert=list(graphs.items()))


#: What the incremental way reads of the files: the triples the rollup update reads, reports, name
#: records and summaries (and every quad of a rollup graph).
_READS = frozenset({*CHANGE_READS, DIPLO.reportOf, DIPLO.writtenName, DIPLO.nameKey, *SUMMARY})
_PREDICATE = re.compile(rb"^[ \t]*<[^>]*>[ \t]+<([^>]*)>")


def _read_changes(files: Sequence[Path], graphs: set[str]) -> Changes:
    """The files' quads that the incremental way reads, as one change inserting them into the
    `graphs` (every graph of the files, those without such quads too). The lines are picked by
    their predicate's text before they are parsed (a line not plainly ``<s> <p>`` is kept, and
    parsed), which saves converting the many others."""
    wanted = {str(p).encode() for p in _READS}
    inserted: dict[str, list[Triple]] = {g: [] for g in sorted(graphs)}
    for path in files:
        with open_nquads(path) as stream:
            kept = b"".join(line for line in stream if (found := _PREDICATE.match(line)) is None
                            or found.group(1) in wanted or b"\\" in found.group(1) or b"/rollup/" in line)
        for s, p, o, g in parse_nquads(io.BytesIO(kept), str(path)):
            inserted.setdefault(str(g), []).append((s, p, o))
    return Changes(insert=list(inserted.items()))


def _articles(store: Store) -> int:
    rows = store.query(with_prefixes("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a diplo:Article } }")).rows
    return int(str(rows[0][0])) if rows and rows[0][0] is not None else 0


def _incremental(store: Store, files: Sequence[Path], graphs: set[str]) -> tuple[Changes, Changes] | None:
    """The files' quads as one change, and the rollup update they imply, computed against the
    store before they are loaded (kg.graph.rollup.rollup_changes); None when the load is to be
    followed by the whole store's recomputation instead: the store keeps no rollups yet (it holds
    no articles), or the files bring more than 1/INCREMENTAL_RATIO of the articles the store holds
    (counted as the graphs that are neither description nor rollup graphs)."""
    if not has_rollups(store):
        return None
    articles = sum(1 for g in graphs if not g.startswith((DESCRIPTION_PREFIX, ROLLUP_PREFIX)))
    if INCREMENTAL_RATIO * articles > _articles(store):
        return None
    loaded = _read_changes(files, graphs)
    written = len(loaded.insert)
    rollup_changes(store, loaded)
    update = Changes(delete=loaded.delete, insert=loaded.insert[written:])
    loaded.delete, loaded.insert = [], loaded.insert[:written]
    # rollup quads the files bring (a dump of another store has them) stay only where the update
    # leaves the store's own: the others are deleted after the load, as the recomputation would
    rolled = [(s, p, o, URIRef(g)) for g, triples in loaded.insert if g in ROLLUP_GRAPHS for s, p, o in triples]
    held = _rollup_quads(store, {str(s) for s, _, _, _ in rolled})
    update.delete.extend(q for q in dict.fromkeys(rolled) if q not in held)
    return loaded, update


def _rollup_quads(store: Store, nodes: set[str]) -> set[Quad]:
    """The quads of the rollup graphs whose subjects are `nodes`, as the store holds them."""
    held: set[Quad] = set()
    ordered = sorted(nodes)
    for start in range(0, len(ordered), 400):
        values = " ".join(term_syntax(URIRef(n)) for n in ordered[start:start + 400])
        rows = store.query(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}").rows
        held.update(row for row in rows if str(row[3]) in ROLLUP_GRAPHS)  # type: ignore[misc]
    return held


def _stale_candidates(store: Store, loaded: Changes, held: set[str]) -> set[str]:
    """The events whose summary the load may have made stale: those a loaded graph reports (as it is
    after the load, for the graphs `held` before) or gives summary triples in a description graph."""
    events: set[str] = set()
    for graph, triples in loaded.insert:
        for s, p, o in triples:
            if p == DIPLO.reportOf:
                events.add(str(o))
            elif p in SUMMARY and graph.startswith(DESCRIPTION_PREFIX):
                events.add(str(s))
    ordered = sorted(held)
    for start in range(0, len(ordered), 400):
        values = " ".join(term_syntax(URIRef(g)) for g in ordered[start:start + 400])
        rows = store.query(with_prefixes(f"""SELECT DISTINCT ?e WHERE {{ VALUES ?h {{ {values} }}
            GRAPH ?h {{ ?r diplo:reportOf ?e }} }}""")).rows
        events.update(str(e) for (e,) in rows)
    return events


class _Chained:
    """Many N-Quads files read as one stream (a line break between two, should one lack its last)."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = list(files)
        self.current: BinaryIO | None = None
        self.opened: AbstractContextManager[BinaryIO] | None = None

    def read(self, size: int = -1) -> bytes:
        while self.current is not None or self.files:
            if self.current is None:
                self.opened = open_nquads(self.files.pop(0))
                self.current = self.opened.__enter__()
            chunk = self.current.read(size if size > 0 else 1 << 20)
            if chunk:
                return chunk
            self.close()
            return b"\n"
        return b""

    def close(self) -> None:
        if self.opened is not None:
            self.opened.__exit__(None, None, None)
        self.current = self.opened = None

    def readable(self) -> bool:
        return True


def load_files(
    store: Store,
    paths: Sequence[str | os.PathLike[str]],
    *,
    isql: str | None = None,
    method: str = "auto",
    log: Callable[[str], None] | None = None,
) -> LoadSummary:
    """Load N-Quads files into the store (checked first: a bad file loads nothing), then
    recompute the merged-event summaries and the pair rollups once.

    `isql` (``[USER[:PASSWORD]@]HOST:PORT``, default $KG_ISQL) is a Virtuoso's SQL port, for its
    bulk loader; `method` is ``auto`` (the loader when the server can read the files, else
    HTTP), ``loader`` (the loader or an error) or ``http``.
    """
    if method not in METHODS:
        raise InputError(f"Unknown load method '{method}'. Choose one of: {', '.join(METHODS)}.")
    files = [Path(p) for p in paths]
    if not files:
        raise InputError("no files to load (give .nq or .nq.gz files, as kg extract writes them)")
    for path in files:
        if not path.exists():
            raise InputError(f"{path}: no such file")
    store.recover()
    check_layout(store)
    prefix = store.graph_prefix if isinstance(store, RemoteStore) else DEFAULT_BASE
    graphs: set[str] = set()
    # into an empty embedded store, the loaded graphs are as the files give them: what the name keys
    # are computed from is kept from the check
    empty = isinstance(store, OxigraphStore) and not store.query("ASK { GRAPH ?g { ?s ?p ?o } }").boolean
    checked = Checked(text=[] if isinstance(store, OxigraphStore) else None,  # the embedded store loads it
                      picked=PickedQuads(_NAME_RECORD_READS, [_NAME_RECORD]) if empty else None)
    summary = LoadSummary(files=len(files), quads=check_files(files, prefix, graphs, checked))
    incremental = _incremental(store, files, graphs)
    held = {g for g in graphs if store.has_graph(g)} if incremental else set()
    if isinstance(store, OxigraphStore):
        summary.method = "the embedded bulk loader"
        if checked.text is not None:
            text, checked.text = checked.text, None
            store.bulk_load(text, "nquads", checked=True)  # empties the list as it goes
        else:
            store.bulk_load(_Chained(files), "nquads", checked=True)  # type: ignore[arg-type]
    elif isinstance(store, RemoteStore):
        isql = isql or os.environ.get("KG_ISQL") or None
        loader = IsqlLoader.parse(isql) if isql and method != "http" else None
        reachable, why = loader.reachable(files) if loader else (False, "no --isql given")
        if method == "loader" and not reachable:
            raise StoreError(f"cannot use Virtuoso's bulk loader: {why}")
        if loader is not None and reachable:
            summary.method = "Virtuoso's bulk loader"
            loader.load(files, store.graph_prefix + "loaded")
        else:
            summary.method = "SPARQL updates over HTTP"
            summary.note = "" if method == "http" else why
            for changes in _http_changes(files):
                store.apply(changes)
    else:
        summary.method = "SPARQL updates"
        for changes in _http_changes(files):
            store.apply(changes)
    if log is not None:
        log(f"loaded {summary.quads} quads by {summary.method}; recomputing merged-event summaries")
    if incremental is not None:
        loaded, update = incremental
        stale, repairs = summary_repairs(store, _stale_candidates(store, loaded, held))
        summary.summaries, summary.incremental = len(stale), True
        # the name keys of the graphs new to the store from the files' triples, of the others by query
        _, keys = name_key_changes((g, triples) for g, triples in loaded.insert if g not in held)
        for more in (repairs, keys):
            update.delete.extend(more.delete)
            update.insert.extend(more.insert)
        if update:
            store.apply(update)
        repair_name_keys(store, held)
    else:
        summarised = repair_summaries(store)
        summary.summaries = len(summarised)
        # files kg extract wrote before 0.4 have name records without keys; kg extract writes no pair
        # rollups: the loaded store gets them as ingest keeps them
        if checked.picked is not None:  # an empty embedded store, whose graphs are now the files'
            keys = _name_key_changes(checked.picked)
            if keys:
                store.apply(keys)
            # its description graphs: the files', and those the summaries were written to
            repair_rollups(store, graphs | {description_graph(event) for event in summarised})
        else:
            repair_name_keys(store, graphs)
            repair_rollups(store)
    store.flush()
    return summary


__all__ = ["LoadSummary", "check_files", "load_files"]
