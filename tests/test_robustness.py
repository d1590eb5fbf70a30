"""Never lose data, never run hostile text: bad input through the CLI, SIGKILL, two writers, hostile export.

The readers' own tests (tests/test_sources*.py) check each reader's messages;
here the whole `kg ingest` command meets them beside good files and a store
that already holds work, and must keep that work untouched.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.cli import main
from kg.errors import InputError
from kg.graph.iris import DEFAULT_BASE, KINDS, mint_iri
from kg.graph.vocab import DIPLO, PROV
from kg.pipeline import ingest_articles
from kg.sources.article import parse_article
from kg.store import open_store
from kg.store.base import Quad

from .conftest import write

KG = Path(sys.executable).with_name("kg")
GOOD = "President Macron of France met Chancellor Scholz of Germany in Berlin on Monday."
STORED = "Secretary of State Antony Blinken spoke today with French Foreign Minister Le Drian."


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def graph_quads(location: Path) -> dict[str, set[Quad]]:
    """Each article graph's quads (less the time of extraction, which differs from run to run)."""
    graphs: dict[str, set[Quad]] = defaultdict(set)
    for quad in open_store(location, read_only=True).quads():
        if "/graph/" in str(quad[3]) and quad[1] != PROV.generatedAtTime:
            graphs[str(quad[3])].add(quad)
    return dict(graphs)


def assert_whole_articles(graphs: dict[str, set[Quad]], reference: dict[str, set[Quad]]) -> None:
    for name, quads in graphs.items():
        articles = [q[0] for q in quads if q[1] == RDF.type and q[2] == DIPLO.Article]
        assert len(articles) == 1, name
        assert any(q[0] == articles[0] and q[1] == DIPLO.contentHash for q in quads), name
        assert quads == reference[name], f"{name} differs from the uninterrupted run"


# --- 1. Bad input beside good input, into a store that already holds work -------------------------------


def _fifty_megabytes(path: Path) -> Path:
    line = ("President Biden met Chancellor Scholz. " * 25 + "\n").encode()
    with path.open("wb") as out:
        for _ in range(50_000_000 // len(line) + 1):
            out.write(line)
    return path


def _dangling(directory: Path) -> Path:
    directory.mkdir()
    (directory / "unreadable.txt").symlink_to(directory / "gone" / "target.txt")
    write(directory / "fine.txt", "President Biden called Prime Minister Kishida of Japan on Tuesday.")
    return directory / "unreadable.txt"


BAD_INPUTS = {
    # name: (make the input in tmp_path -> (path given to kg, path named in the error), problem, good ones in it)
    "empty": (lambda d: write(d / "empty.txt", b""), "the article has no text", 0),
    "whitespace": (lambda d: write(d / "blank.txt", b"  \n\t \r\n"), "the article has no text", 0),
    "binary": (lambda d: write(d / "blob.txt", b"\x00\x01\x02\xff" * 100), "binary file, not text", 0),
    "latin-1": (lambda d: write(d / "latin.txt", "Le Drian à Paris, café.".encode("latin-1")),
                "not UTF-8 text (invalid byte 0xe0 at offset 9); convert it to UTF-8", 0),
    "header without ---": (lambda d: write(d / "header.txt", "title: A call\nsource: x\nThe body."),
                           "no closing '---' line", 0),
    "missing": (lambda d: d / "nowhere.txt", "no such file or directory", 0),
    "50 MB": (lambda d: _fifty_megabytes(d / "huge.txt"), "too large for one article", 0),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_bad_input_is_one_line_and_the_rest_of_the_batch_is_stored(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    make, problem, _ = BAD_INPUTS[case]
    store = tmp_path / "store"
    stored = runner.invoke(main, ["ingest", str(write(tmp_path / "stored.txt", STORED)), "--store", str(store)])
    assert stored.exit_code == 0, stored.output
    before = graph_quads(store)
    bad, good = make(tmp_path), write(tmp_path / "good.txt", GOOD)
    result = runner.invoke(main, ["ingest", str(bad), str(good), "--store", str(store)])
    assert result.exit_code == 1, result.output
    [line] = errors(result.output)
    assert line.startswith(f"Error: {bad}: ") and problem in line, line
    assert "1 added, 0 unchanged, 1 failed" in result.output
    after = graph_quads(store)
    assert {name: after[name] for name in before} == before  # what was stored is untouched
    assert len(after) == len(before) + 1


def test_mixed_bad_batch_names_each_failure_and_keeps_every_good_article(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner.invoke(main, ["ingest", str(write(tmp_path / "stored.txt", STORED)), "--store", str(store)])
    before = graph_quads(store)
    sunak = "\ufeffPresident Biden met Prime Minister Sunak in London."
    utf16 = write(tmp_path / "utf16.txt", sunak.encode("utf-16-le"))  # UTF-16 LE with its BOM
    html = write(tmp_path / "broken.html", b"<html><body><p>President Lula visited <b>Beijing<div></p></i>")
    dump = write(tmp_path / "dump.jsonl", b'{"text": "Foreign Minister Wang Yi met Secretary Blinken."}\n'
                 b'{"text": \n\n[1, 2]\n{"text": 5}\n\xff\xfe\n')
    directory = tmp_path / "folder"
    dangling = _dangling(directory)
    inputs = [utf16, html, dump, directory, tmp_path / "missing.txt", write(tmp_path / "good.txt", GOOD)]
    result = runner.invoke(main, ["ingest", *map(str, inputs), "--store", str(store)])
    assert result.exit_code == 1, result.output
    lines = errors(result.output)
    assert [line.split(": ")[1] for line in lines] == [
        f"{dump}:2", f"{dump}:4", f"{dump}:5", f"{dump}:6", str(dangling), str(tmp_path / "missing.txt")], lines
    assert all("\n" not in line and line.count("Error:") == 1 for line in lines)
    # UTF-16, the repaired HTML, the dump's good line, the folder's good file and good.txt
    assert f"5 added, 0 unchanged, {len(lines)} failed" in result.output
    after = graph_quads(store)
    assert {name: after[name] for name in before} == before
    again = runner.invoke(main, ["ingest", *map(str, inputs), "--store", str(store)])
    assert again.exit_code == 1 and f"0 added, 5 unchanged, {len(lines)} failed" in again.output
    assert graph_quads(store) == after  # re-ingest is idempotent


# --- 2. SIGKILL at random moments ---------------------------------------------------------------------------

ARTICLES = 60
KILLS = 12  # at random moments from early in a run to well past its usual end (the commit points each get one
# kill of their own in test_robustness_commits.py)


def _dump(tmp_path: Path) -> Path:
    start = date(2022, 1, 1)
    lines = [json.dumps({"text": f"President Biden spoke today with Chancellor Scholz of Germany about item {n}.",
                         "title": f"Call {n}", "date": (start + timedelta(days=n * 364 // ARTICLES)).isoformat()})
             for n in range(ARTICLES)]
    return write(tmp_path / "dump.jsonl", "\n".join(lines) + "\n")


def _ingest(dump: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(KG), "ingest", str(dump), "--store", str(store), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _killed_run(dump: Path, store: Path, delay: float) -> None:
    process = _ingest(dump, store)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()


def test_sigkill_at_random_moments_leaves_whole_articles_and_a_rerun_completes(
    runner: CliRunner, tmp_path: Path
) -> None:
    dump = _dump(tmp_path)
    reference_store = tmp_path / "reference"
    started = time.monotonic()
    # two runs side by side, as the kills below run, give the time a run takes on this machine now
    timing = [_ingest(dump, reference_store), _ingest(dump, tmp_path / "timing")]
    assert [process.wait(timeout=300) for process in timing] == [0, 0]
    run_time = time.monotonic() - started
    reference = graph_quads(reference_store)
    assert len(reference) == ARTICLES
    rng = random.Random(7)
    present: list[int] = []
    for round_ in range(3):  # a machine busier than when the run was timed gets later kills, up to twice
        runs = [(tmp_path / f"killed-{round_}-{n}", rng.uniform(0.2, 1.5) * run_time * 2**round_)
                for n in range(KILLS // 2 if round_ else KILLS)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda run: _killed_run(dump, *run), runs))
        for store, delay in runs:
            if not (store / "CURRENT").exists():
                present.append(0)  # killed before the store was created
                continue
            graphs = graph_quads(store)
            present.append(len(graphs))
            assert_whole_articles(graphs, reference)
            checked = runner.invoke(main, ["validate", "--store", str(store)])
            assert checked.exit_code == 0, f"killed after {delay:.2f}s: {checked.output}"
            resumed = runner.invoke(main, ["ingest", str(dump), "--store", str(store), "--quiet"])
            assert resumed.exit_code == 0, resumed.output
            assert graph_quads(store) == reference
        if 0 in present and ARTICLES in present:
            break
    assert 0 in present and ARTICLES in present, (run_time, present)  # kills came before and after the write


# --- 3. Two writers, and a reader beside a writer ------------------------------------------------------------


def test_two_ingests_on_one_store_serialise_or_the_second_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    dump, store = _dump(tmp_path), tmp_path / "store"
    reference_store = tmp_path / "reference"
    runner.invoke(main, ["ingest", str(dump), "--store", str(reference_store), "--quiet"])
    reference = graph_quads(reference_store)
    command = [str(KG), "ingest", str(dump), "--store", str(store), "--quiet"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    while not (store / "CURRENT").exists() and first.poll() is None:
        time.sleep(0.05)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    while first.poll() is None:  # a reader beside the writer sees whole articles only
        graphs = graph_quads(store)
        assert_whole_articles(graphs, reference)
        seen.append(len(graphs))
        time.sleep(0.2)
    first_err, second_err = first.communicate(timeout=120)[1], second.communicate(timeout=120)[1]
    assert first.returncode == 0, first_err
    if second.returncode != 0:
        assert second.returncode == 1, second_err
        assert second_err.strip() == f"Error: {store}: store is locked by another process (wait for it to finish)"
    assert seen == sorted(seen)
    assert graph_quads(store) == reference
    checked = runner.invoke(main, ["validate", "--store", str(store)])
    assert checked.exit_code == 0, checked.output


# --- 4. Hostile text through export ----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "control \x01 and escape \x1b[31m characters",
    "right-to-left \u202eoverride\u202c here",
    "x" * 10_000,
    '"""triple quotes""" and \'\'\' and \\ backslash } ] > @prefix',
]


def _parsed(path: Path, fmt: str) -> Graph:
    if fmt == "turtle":
        return Graph().parse(path, format="turtle")
    dataset = Dataset(default_union=True)
    dataset.parse(path, format={"trig": "trig", "jsonld": "json-ld"}[fmt])
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def test_hostile_text_is_ingested_and_exports_parse_back_the_same(runner: CliRunner, tmp_path: Path) -> None:
    body = "President Macron met Chancellor Scholz in Paris on Monday. " + " ".join(HOSTILE)
    title = "<script>alert(1)</script>\u202e\x01 headline"
    dump = write(tmp_path / "hostile.jsonl", json.dumps({"text": body, "title": title, "date": "2022-03-01"}) + "\n")
    store = tmp_path / "store"
    result = runner.invoke(main, ["ingest", str(dump), "--store", str(store)])
    assert result.exit_code == 0, result.output
    graphs = {}
    for fmt in ("turtle", "trig", "jsonld"):
        out = tmp_path / f"graph.{fmt}"
        exported = runner.invoke(main, ["export", "--format", fmt, "-o", str(out), "--store", str(store)])
        assert exported.exit_code == 0, exported.output
        graphs[fmt] = _parsed(out, fmt)
    assert len(graphs["turtle"]) > 10
    assert isomorphic(graphs["turtle"], graphs["trig"]) and isomorphic(graphs["trig"], graphs["jsonld"])
    literals = {str(o) for o in graphs["turtle"].objects() if isinstance(o, Literal)}
    assert any("<script>alert(1)</script>" in text for text in literals)  # kept as data, not dropped
    assert any("\u202e" in text for text in literals)


# --- 5. Properties ------------------------------------------------------------------------------------------------

_FORBIDDEN = set(' <>"{}|\\^`') | {chr(c) for c in range(0x21)}


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(KINDS)), key=st.text(min_size=1, max_size=60))
def test_minted_iris_are_deterministic_and_valid(kind: str, key: str) -> None:
    iri = mint_iri(kind, key)
    assert iri == mint_iri(kind, key)
    assert iri.startswith(f"{DEFAULT_BASE}{kind}/")
    assert not _FORBIDDEN & set(iri), iri
    URIRef(iri)  # rdflib would warn on an invalid IRI; pyoxigraph raises below
    open_store(":memory:").add_graph(mint_iri("graph", "x"), [(URIRef(iri), RDF.type, DIPLO.Article)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(opening=st.sampled_from(["", GOOD, STORED + "\n\n"]), rest=st.text(min_size=1, max_size=300))
def test_ingest_of_arbitrary_text_never_raises_and_is_idempotent(opening: str, rest: str) -> None:
    text = opening + rest  # half the time a real sentence, so extraction runs on the arbitrary part too
    try:
        article = parse_article(text)
    except InputError:
        assume(False)
        return
    store = open_store(":memory:")
    first = ingest_articles(store, [article])
    assert first.added == 1 and not first.failed, first.failed
    quads = set(store.quads())
    second = ingest_articles(store, [article])
    assert (second.added, second.unchanged, second.failed) == (0, 1, [])
    assert set(store.quads()) == quads
