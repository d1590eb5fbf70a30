"""Extraction on Dask against one process, on the same items, as a ratio (one Markdown table).

    .venv/bin/python bench/bench_distributed.py               # 200 bulk items
    .venv/bin/python bench/bench_distributed.py --sample 100  # quicker

Rows: one process (``extract_to_nquads``, what ``kg extract`` runs, model already loaded) as the
baseline; ``extract_dumps`` on a local Dask cluster of --workers processes, counting the
cluster's start and each worker's model load; the same again on the warm cluster (workers
already started, model loaded).
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import shutil
import sys
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from kg.distributed import extract_dumps
from kg.extract.nlp import load_pipeline
from kg.pipeline import extract_to_nquads

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bulk" / "whitehouse-statements.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=200, help="bulk items to measure on (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-dask-"))
    rows: list[tuple[str, str, str]] = []
    try:
        with gzip.open(options.corpus, "rb") as stream:
            lines = list(itertools.islice(stream, options.sample))
        dump = work / "sample.jsonl.gz"
        dump.write_bytes(gzip.compress(b"".join(lines)))
        count = len(lines)
        partition = max(1, count // (4 * options.workers))

        load_pipeline(None)("warm up")
        start = time.perf_counter()
        extract_to_nquads([dump], io.BytesIO())
        one = time.perf_counter() - start
        rows.append(("one process (kg extract)", f"{count / one:.2f} articles/s", "baseline"))

        start = time.perf_counter()
        cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        try:
            extract_dumps([dump], work / "cold", scheduler=cluster.scheduler_address, partition_lines=partition)
            cold = time.perf_counter() - start
            start = time.perf_counter()
            extract_dumps([dump], work / "warm", scheduler=cluster.scheduler_address, partition_lines=partition)
            warm = time.perf_counter() - start
        finally:
            cluster.close()
        rows.append((f"Dask, {options.workers} workers (incl. cluster start, model loads)",
                     f"{count / cold:.2f} articles/s", f"{one / cold:.2f}x one process"))
        rows.append((f"Dask, {options.workers} workers (warm cluster)", f"{count / warm:.2f} articles/s",
                     f"{one / warm:.2f}x one process"))
        print(f"{count} items, partitions of {partition} lines", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from table import print_table

    print_table(rows)


if __name__ == "__main__":
    main()
