"""No orphans (issue 13, #8): the workers of `kg ingest --jobs N` die with it, whether it is killed
or stopped with SIGTERM, and SIGTERM is handled like Ctrl-C (the summary, then exit 130).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.store import open_store

from .conftest import write

KG = Path(sys.executable).with_name("kg")


def children(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of `pids` still running (a zombie waiting for init to reap it has ended)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_until_gone(pids: set[int], seconds: float = 20.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive(pids)


@contextmanager
def ingest_with_workers(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], set[int], Path]]:
    """`kg ingest --jobs 2` of a long dump, once both workers (and multiprocessing's resource
    tracker) run; yields the process, its children and the store. Whatever is left is ended."""
    lines = [json.dumps({"text": f"President Biden spoke today with Chancellor Scholz of Germany about item {n}.",
                         "date": "2022-03-01"}) for n in range(2000)]
    dump = write(tmp_path / "long.jsonl", "\n".join(lines) + "\n")
    store = tmp_path / "store"
    process = subprocess.Popen([str(KG), "ingest", str(dump), "--store", str(store), "--jobs", "2"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = children(process.pid)
        assert len(workers) >= 3, f"workers did not start: {workers}"
        yield process, workers, store
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in alive(workers):  # only when the test failed: end what this test started
            os.kill(pid, signal.SIGKILL)


def test_a_killed_ingest_leaves_no_worker_behind(tmp_path: Path) -> None:
    with ingest_with_workers(tmp_path) as (process, workers, _):
        process.send_signal(signal.SIGKILL)
        process.wait()
        left = wait_until_gone(workers)
        assert not left, f"orphaned workers still running: {left}"


def test_sigterm_stops_an_ingest_like_ctrl_c(runner: CliRunner, tmp_path: Path) -> None:
    with ingest_with_workers(tmp_path) as (process, workers, store):
        time.sleep(3)  # let the workers take some articles
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 130, stderr
        assert "added," in stderr and "Interrupted: run the same command again" in stderr, stderr
        assert not wait_until_gone(workers), "workers outlived a stopped ingest"
    added = int(stderr.split(" added,")[0].rsplit(None, 1)[-1])
    assert len([g for g in open_store(store, read_only=True).graph_names() if "/graph/" in g]) == added
    checked = runner.invoke(main, ["validate", "--store", str(store)])
    assert checked.exit_code == 0, checked.output


def test_a_sigterm_swallowed_inside_the_block_still_stops_the_run() -> None:
    """The interrupt SIGTERM raises can land where Python ignores exceptions (a weakref callback
    during a collection: "Exception ignored in ..."); the block then raises it when it ends, so a
    kg watch stopped then does not sleep until its next poll."""
    import pytest

    from kg.processes import terminate_as_interrupt

    with pytest.raises(KeyboardInterrupt, match="signal 15"), terminate_as_interrupt():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs, and raises, here
        except KeyboardInterrupt:
            pass  # lost, as in a weakref callback
    with terminate_as_interrupt():
        pass  # no signal: nothing raised
