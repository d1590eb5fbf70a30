"""Extraction on Dask (kg.distributed): a real local cluster of two worker processes on loopback
gives what one-process `kg extract` gives, part file by part file, with the model loaded once
per worker."""

from __future__ import annotations

import gzip
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import SHARED

BULK = SHARED / "corpus" / "bulk" / "whitehouse-statements.jsonl.gz"
TIMESTAMP = re.compile(rb'"[0-9T:.-]+Z"\^\^<http://www\.w3\.org/2001/XMLSchema#dateTime>')

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.skipif(not BULK.exists(), reason=f"no bulk corpus at {BULK}")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    """12 items of the bulk corpus, with a broken line as line 6."""
    with gzip.open(BULK, "rb") as stream:
        lines = list(itertools.islice(stream, 12))
    lines.insert(5, b'{"title": "broken\n')
    path = tmp_path / "slice.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(lines)))
    return path


def without_timestamps(nquads: bytes) -> bytes:
    return TIMESTAMP.sub(b'"T"', nquads)


@pytest.mark.timeout(240)
def test_dask_gives_what_kg_extract_gives_in_one_process(cluster: object, dump: Path, tmp_path: Path) -> None:
    from kg.distributed import extract_dumps

    one = CliRunner().invoke(main, ["extract", str(dump), "--quiet"])
    assert one.exit_code == 1  # the broken line
    assert f"{dump}:6: not valid JSON" in one.stderr

    out = tmp_path / "parts"
    summary = extract_dumps([str(dump)], out, scheduler=cluster.scheduler_address,  # type: ignore[attr-defined]
                            partition_lines=4, timeout=180)
    assert summary.added == 12
    assert len(summary.failed) == 1 and summary.failed[0].startswith(f"{dump}:6: not valid JSON")
    assert [Path(f).name for f in summary.files] == [f"part-0000{n}.nq.gz" for n in range(4)]
    parts = b"".join(gzip.decompress(Path(f).read_bytes()) for f in summary.files)
    assert parts.count(b"/id/graph/") > 12
    assert without_timestamps(parts) == without_timestamps(one.stdout_bytes)
    assert len(set(TIMESTAMP.findall(parts))) == 1  # one run, one time, whichever worker wrote it

    with distributed.Client(cluster) as client:
        loads = client.run(lambda: __import__("kg.extract.nlp", fromlist=["x"]).load_pipeline.cache_info().misses)
    assert sorted(loads.values()) == [1, 1]  # each worker loaded the model once, for all its partitions


def test_dask_wants_an_output_directory(dump: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(dump), "--dask", "2"])
    assert result.exit_code == 1
    assert "--dask and --output-dir go together" in result.stderr


def test_dask_refuses_a_directory_of_an_earlier_run(dump: Path, tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-00000.nq.gz").write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(dump), "--dask", "2", "-o", str(tmp_path / "parts")])
    assert result.exit_code == 1
    assert "holds part files of an earlier run" in result.stderr
