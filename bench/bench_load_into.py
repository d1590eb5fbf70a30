"""`kg load` into a store that holds articles: summaries and rollups updated for what is loaded,
against the whole store's recomputation, on copies of one store, in one run.

    .venv/bin/python bench/bench_load_into.py --store /tmp/store1m FILE.nq [FILE.nq ...]

For each file, the store (never written) is copied twice; `load_files` loads the file into one
copy the incremental way and into the other by the whole store's recomputation (the way an empty
store is loaded, forced by kg.store.load.INCREMENTAL_RATIO), each in a process of its own (the
CLI, as a user runs it). The two stores are then dumped as N-Quads and compared: they must be the
same bytes. Prints one Markdown row per file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LOAD = """import sys
from kg.store import load
from kg.store.embedded import OxigraphStore
load.INCREMENTAL_RATIO = int(sys.argv[3])
print(load.load_files(OxigraphStore(sys.argv[1]), [sys.argv[2]]).line())
"""
DUMP = """import sys
from kg.store.embedded import OxigraphStore
OxigraphStore(sys.argv[1], read_only=True).serialize(open(sys.argv[2], "wb"), "nquads", {})
"""


def run(code: str, *args: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a store holding articles (copied, never written)")
    parser.add_argument("files", nargs="+")
    options = parser.parse_args()
    print("| file | quads | whole store | incremental | ratio | same store |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name in options.files:
            seconds: dict[str, float] = {}
            dumps: dict[str, bytes] = {}
            said = ""
            for way, ratio in (("whole", 10**12), ("incremental", 1)):
                copy = Path(scratch) / way
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(options.store, copy)
                seconds[way], said = run(LOAD, str(copy), name, str(ratio))
                assert ("for the loaded graphs" in said) == (way == "incremental"), said
                run(DUMP, str(copy), str(copy) + ".nq")
                dumps[way] = Path(str(copy) + ".nq").read_bytes()
            quads = said.split(" ", 1)[0]
            print(f"| {Path(name).name} | {quads} | {seconds['whole']:.2f} s | {seconds['incremental']:.2f} s | "
                  f"{seconds['whole'] / seconds['incremental']:.1f}x | {dumps['whole'] == dumps['incremental']} |",
                  flush=True)


if __name__ == "__main__":
    main()
