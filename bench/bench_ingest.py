"""Ingest benchmarks: one command, one table, every figure against a baseline measured in the same run.

    .venv/bin/python bench/bench_ingest.py                 # 500 bulk items, a few minutes
    .venv/bin/python bench/bench_ingest.py --sample 200    # quicker
    .venv/bin/python bench/bench_ingest.py --full          # also the whole bulk corpus (tens of minutes)

Rows: pipeline articles/s against spaCy alone (``nlp.pipe``, same model, same
texts), the same with --jobs 2, peak memory of ``kg ingest`` on a small and a
five times larger input (flat means constant memory), quads/s of bulk loading
into the embedded store against rdflib's in-memory Dataset, resume speed, and
with --full the whole corpus.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
import itertools
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

from kg.extract.nlp import MAX_CHARS, load_pipeline
from kg.pipeline import ingest_articles
from kg.sources.article import Article
from kg.sources.inputs import read_sources
from kg.store import open_store
from kg.store.embedded import OxigraphStore
from kg.store.load import load_files

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bulk" / "whitehouse-statements.jsonl.gz"
KG = Path(sys.executable).with_name("kg")
RUNS = 3  # the bulk-load rows and their rdflib baseline: the median of this many runs, each on fresh targets


def sample_lines(corpus: Path, count: int) -> list[bytes]:
    with gzip.open(corpus, "rb") as stream:
        return list(itertools.islice(stream, count))


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def median_seconds(*runs) -> list[float]:  # type: ignore[no-untyped-def]
    """The median wall time of RUNS calls of each run(index), each call on its own fresh target;
    the runs take turns (one of each, then again), so that a slower spell of the shared machine
    falls on all of them alike."""
    times: list[list[float]] = [[] for _ in runs]
    for index in range(RUNS):
        for run, seconds in zip(runs, times, strict=True):
            gc.collect()
            seconds.append(timed(run, index)[1])
    return [statistics.median(seconds) for seconds in times]


def bulk_load_once(location: Path, nquads: bytes) -> None:
    """One bulk load of `nquads` into a new store on disk, flushed and closed."""
    target = OxigraphStore(location)
    target.bulk_load(nquads)
    target.flush()
    del target


def run_kg(*args: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `kg` run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([str(KG), *args, "--quiet"], stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"kg {' '.join(args)} failed:\n{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=500, help="bulk items to measure on (default 500)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel row (default 2)")
    parser.add_argument("--full", action="store_true", help="also ingest the whole bulk corpus (slow)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows: list[tuple[str, str, str]] = []
    try:
        lines = sample_lines(options.corpus, options.sample)
        sample = work / "sample.jsonl.gz"
        sample.write_bytes(gzip.compress(b"".join(lines)))
        articles = [a for a in read_sources([sample]) if isinstance(a, Article)]
        chars = sum(len(a.body) for a in articles)
        print(f"{len(articles)} articles, {chars / 1e6:.1f} M characters, from {options.corpus.name}", file=sys.stderr)

        # First, before any other child process: peak RSS of children is a maximum over all of them.
        small = work / "small.jsonl.gz"
        small.write_bytes(gzip.compress(b"".join(lines[: max(1, len(lines) // 5)])))
        _, small_peak = run_kg("ingest", str(small), "--store", str(work / "mem-small"))
        _, large_peak = run_kg("ingest", str(sample), "--store", str(work / "mem-large"))
        memory_rows = [
            (f"peak memory, kg ingest of {len(lines) // 5} items", f"{small_peak:.0f} MB", "baseline"),
            (f"peak memory, kg ingest of {len(lines)} items", f"{large_peak:.0f} MB",
             f"{large_peak / small_peak:.2f}x"),
        ]

        nlp = load_pipeline(None)
        nlp("warm up")
        _, spacy_seconds = timed(lambda: [None for _ in nlp.pipe(a.body[:MAX_CHARS] for a in articles)])
        spacy_rate = len(articles) / spacy_seconds
        rows.append(("spaCy alone (nlp.pipe)", f"{spacy_rate:.2f} articles/s", "baseline"))

        store = open_store(work / "one")
        summary, seconds = timed(ingest_articles, store, articles)
        rate = len(articles) / seconds
        rows.append(("pipeline, 1 process", f"{rate:.2f} articles/s", f"{rate / spacy_rate:.2f}x spaCy alone"))

        resumed, resume_seconds = timed(ingest_articles, store, articles)
        assert resumed.added == 0, resumed.line()
        rows.append(("resume (second run, all skipped)", f"{resume_seconds:.2f} s",
                     f"{resume_seconds / seconds:.3f}x the first run"))

        store2 = open_store(work / "two")
        _, seconds2 = timed(ingest_articles, store2, articles, jobs=options.jobs)
        rate2 = len(articles) / seconds2
        rows.append((f"pipeline, --jobs {options.jobs} (incl. worker start)", f"{rate2:.2f} articles/s",
                     f"{rate2 / spacy_rate:.2f}x spaCy alone"))
        del store2

        buffer = io.BytesIO()
        store.serialize(buffer, "nquads", {})
        copies = max(1, -(-200_000 // max(1, len(store))))  # enough copies (other graph names) for 200k quads
        nquads = b"".join(buffer.getvalue().replace(b"/id/graph/", b"/id/graph/%d-" % n) for n in range(copies))
        quads = len(store) * copies
        del store
        lines = nquads.splitlines(keepends=True)
        parts = []
        for index in range(8):  # as kg extract --dask writes them: part files, gzipped
            part = work / f"part-{index:05d}.nq.gz"
            part.write_bytes(gzip.compress(b"".join(lines[index::8]), compresslevel=1))
            parts.append(part)
        rdflib_seconds, ox_seconds, load_seconds = median_seconds(
            lambda _: Dataset().parse(data=nquads, format="nquads"),
            lambda run: bulk_load_once(work / f"bulk-{run}", nquads),
            lambda run: load_files(OxigraphStore(work / f"loaded-{run}"), parts))
        rows.append(("rdflib in-memory Dataset, parse N-Quads", f"{quads / rdflib_seconds:,.0f} quads/s",
                     f"baseline (medians of {RUNS})"))
        rows.append(("embedded store (disk), bulk_load", f"{quads / ox_seconds:,.0f} quads/s",
                     f"{rdflib_seconds / ox_seconds:.1f}x rdflib"))
        rows.append(("kg load of the same as 8 .nq.gz (check, bulk load, summaries)",
                     f"{quads / load_seconds:,.0f} quads/s", f"{rdflib_seconds / load_seconds:.1f}x rdflib"))

        rows.extend(memory_rows)
        if options.full:
            full_store = work / "full"
            full_seconds, full_peak = run_kg("ingest", str(options.corpus), "--store", str(full_store),
                                             "--jobs", str(options.jobs))
            again_seconds, _ = run_kg("ingest", str(options.corpus), "--store", str(full_store))
            rows.append((f"whole bulk corpus, --jobs {options.jobs}", f"{full_seconds / 60:.1f} min",
                         f"peak {full_peak:.0f} MB"))
            rows.append(("whole bulk corpus, second run", f"{again_seconds:.1f} s",
                         f"{again_seconds / full_seconds:.3f}x the first run"))
        print(f"pipeline: {summary.line()}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    from table import print_table

    print_table(rows)


if __name__ == "__main__":
    main()
