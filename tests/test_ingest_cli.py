"""`kg ingest` and `kg extract` through the real CLI: dumps, pages, URLs, --jobs, resume, N-Quads."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.graph.layout import is_article_graph
from kg.graph.vocab import PROV
from kg.progress import ProgressBar, format_duration
from kg.store import open_store
from kg.store.base import Quad

from .conftest import write
from .test_sources_url import closed_port, local_server

FIXTURES = Path(__file__).parent / "fixtures"
KG = Path(sys.executable).with_name("kg")


def stored_quads(location: Path) -> set[Quad]:
    """Every quad in a store, less the time of extraction (which differs from run to run)."""
    store = open_store(location, read_only=True)
    return {q for q in store.quads() if q[1] != PROV.generatedAtTime}


def gz_dump(tmp_path: Path) -> Path:
    return write(tmp_path / "dump.jsonl.gz", gzip.compress((FIXTURES / "dump.jsonl").read_bytes()))


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def test_gzipped_dump_ingests_with_errors_named_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    dump, store = gz_dump(tmp_path), tmp_path / "store"
    result = runner.invoke(main, ["ingest", str(dump), "--store", str(store)])
    assert result.exit_code == 1, result.output
    assert errors(result.output) == [
        f"Error: {dump}:3: not valid JSON (Expecting value at column 1)",
        f"Error: {dump}:5: no 'text' field (fields here: date, title, url; choose one with --text-field)",
    ]
    assert "3 added, 0 unchanged, 2 failed" in result.output
    before = stored_quads(store)
    again = runner.invoke(main, ["ingest", str(dump), "--store", str(store)])
    assert "0 added, 3 unchanged, 2 failed" in again.output and again.exit_code == 1
    assert stored_quads(store) == before  # bad input changed nothing that was there


def test_csv_dump_with_field_options(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ingest", str(FIXTURES / "dump.csv"), "--store", str(tmp_path / "s"),
                                  "--text-field", "body", "--title-field", "headline", "--date-field", "published",
                                  "--url-field", "link"])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 unchanged, 0 failed" in result.output


def test_urls_pages_and_an_unreachable_url(runner: CliRunner, tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{closed_port()}/gone"
    page = (FIXTURES / "page_with_boilerplate.html").read_bytes()
    with local_server({"/page.html": ("text/html", page)}) as base:
        result = runner.invoke(main, ["ingest", f"{base}/page.html", unreachable, "--store", str(tmp_path / "s")])
    assert result.exit_code == 1, result.output
    assert errors(result.output) == [f"Error: {unreachable}: unreachable (connection refused)"]
    assert "1 added, 0 unchanged, 1 failed" in result.output


def test_jobs_2_stores_the_same_graphs_as_one_process(runner: CliRunner, tmp_path: Path) -> None:
    inputs = [str(gz_dump(tmp_path)), str(FIXTURES / "page_with_boilerplate.html"), str(FIXTURES / "feed.atom")]
    one = runner.invoke(main, ["ingest", *inputs, "--store", str(tmp_path / "one")])
    two = runner.invoke(main, ["ingest", *inputs, "--store", str(tmp_path / "two"), "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1, two.output
    assert errors(two.output) == errors(one.output)  # failures in input order
    assert "6 added, 0 unchanged, 2 failed" in two.output
    assert stored_quads(tmp_path / "two") == stored_quads(tmp_path / "one")


def test_extract_writes_nquads_that_load_into_the_same_graphs_as_ingest(runner: CliRunner, tmp_path: Path) -> None:
    lines = [line for line in (FIXTURES / "dump.jsonl").read_text().splitlines() if line.startswith("{")]
    jsonl = "\n".join(lines) + "\n"
    result = runner.invoke(main, ["extract"], input=jsonl)
    assert result.exit_code == 1, result.stderr  # the line without a text field
    assert errors(result.stderr) == ["Error: <stdin>:4: no 'text' field (fields here: date, title, url; "
                                     "choose one with --text-field)"]
    (tmp_path / "graphs.nq").write_bytes(result.stdout_bytes)
    loading = runner.invoke(main, ["load", str(tmp_path / "graphs.nq"), "--store", str(tmp_path / "loaded")])
    assert loading.exit_code == 0, loading.output
    ingested = runner.invoke(main, ["ingest", "-", "--store", str(tmp_path / "ingested")], input=jsonl)
    assert "3 added" in ingested.output
    assert stored_quads(tmp_path / "loaded") == stored_quads(tmp_path / "ingested")
    assert len([g for g in open_store(tmp_path / "loaded", read_only=True).graph_names() if is_article_graph(g)]) == 3


def test_a_killed_ingest_leaves_whole_articles_and_the_next_run_finishes(tmp_path: Path) -> None:
    texts = [f"President Biden spoke today with Chancellor Scholz of Germany about item {n}." for n in range(220)]
    dump = write(tmp_path / "many.jsonl", "".join(json.dumps({"text": t}) + "\n" for t in texts))
    store = tmp_path / "store"
    command = [str(KG), "ingest", str(dump), "--store", str(store), "--quiet"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    written = 0
    deadline = time.monotonic() + 120
    while written < 100 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.3)
        if (store / "CURRENT").exists():
            written = len(article_graphs(store))  # a reader beside the writer
    process.send_signal(signal.SIGKILL)  # no clean-up at all: mid-batch, mid-extraction
    process.wait()
    assert 100 <= written < 220
    resumed = subprocess.run(command[:-1], stderr=subprocess.PIPE, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    added, unchanged = (int(resumed.stderr.split()[i]) for i in (0, 2))
    assert unchanged >= written and added + unchanged == 220, resumed.stderr
    assert len(article_graphs(store)) == 220


def article_graphs(location: Path) -> list[str]:
    """The articles' graphs (not the summaries of events reported more than once)."""
    return [g for g in open_store(location, read_only=True).graph_names() if is_article_graph(g)]


def test_no_progress_bar_when_stderr_is_not_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ingest", str(FIXTURES / "feed.atom"), "--store", str(tmp_path / "s")])
    expected = f"2 added, 0 unchanged, 0 failed (store: {tmp_path / 's'})"
    assert "\r" not in result.output and result.output.strip() == expected
    quiet = runner.invoke(main, ["ingest", str(FIXTURES / "feed.atom"), "--store", str(tmp_path / "s"), "-q"])
    assert quiet.output == "" and quiet.exit_code == 0


def test_progress_bar_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, total=200)
    assert bar.line(50, now=bar.started + 10) == f"50/200 [######{'-' * 18}]  25%  5.0 articles/s  ETA 30s"
    assert ProgressBar(stream).line(7, now=bar.started + 2).startswith("7 articles  3.5 articles/s")
    bar.update(200)
    bar.close()
    assert stream.getvalue().startswith("\r200/200") and stream.getvalue().endswith("\r")
    assert [format_duration(s) for s in (7, 65, 3725)] == ["7s", "1:05", "1:02:05"]


def test_environment_has_the_kg_command() -> None:
    assert os.access(KG, os.X_OK)
