"""Every command through the real CLI, on a real store on disk."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main

from .conftest import write


def kg(runner: CliRunner, store: Path, *args: str, input: str | None = None):  # noqa: ANN201
    return runner.invoke(main, [*args, "--store", str(store)], input=input)


def quads(runner: CliRunner, store: Path) -> int:
    result = kg(runner, store, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv")
    assert result.exit_code == 0, result.output
    return int(result.output.splitlines()[1])


def test_ingest_is_idempotent(runner: CliRunner, store_path: Path, sample_dir: Path) -> None:
    first = kg(runner, store_path, "ingest", str(sample_dir))
    assert first.exit_code == 0, first.output
    assert "3 added, 0 unchanged, 0 failed" in first.output
    before = quads(runner, store_path)
    second = kg(runner, store_path, "ingest", str(sample_dir))
    assert "0 added, 3 unchanged, 0 failed" in second.output
    assert quads(runner, store_path) == before > 0


def test_ingest_from_stdin(runner: CliRunner, store_path: Path) -> None:
    result = kg(runner, store_path, "ingest", "-", input="title: T\n---\nPresident Biden met President Macron.")
    assert result.exit_code == 0 and "1 added" in result.output


def test_bad_input_fails_by_name_and_leaves_the_store(runner: CliRunner, store_path: Path, sample_dir: Path,
                                                      tmp_path: Path) -> None:
    kg(runner, store_path, "ingest", str(sample_dir))
    before = quads(runner, store_path)
    binary = write(tmp_path / "bin.txt", b"\x00\x01\x02")
    headless = write(tmp_path / "h.txt", "title: x\nsource: y\nbody")
    good = write(tmp_path / "good.txt", "Secretary Blinken met Foreign Minister Le Drian of France.")
    result = kg(runner, store_path, "ingest", str(tmp_path / "missing"), str(binary), str(headless), str(good))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {tmp_path / 'missing'}: no such file or directory",
        f"Error: {binary}: binary file, not text",
        f"Error: {headless}: the header opened by 'title: x' has no closing '---' line",
    ]
    assert "1 added, 0 unchanged, 3 failed" in result.output
    assert quads(runner, store_path) > before  # the good file still went in


def test_query_formats(runner: CliRunner, store_path: Path, sample_dir: Path) -> None:
    kg(runner, store_path, "ingest", str(sample_dir))
    sparql = "SELECT ?a ?h WHERE { ?a a diplo:Article ; schema:headline ?h } ORDER BY ?h"
    as_json = json.loads(kg(runner, store_path, "query", sparql, "--format", "json").output)
    assert as_json["head"]["vars"] == ["a", "h"] and len(as_json["results"]["bindings"]) == 3
    tsv = kg(runner, store_path, "query", sparql, "--format", "tsv").output.splitlines()
    assert tsv[0] == "a\th" and len(tsv) == 4
    table = kg(runner, store_path, "query", sparql).output
    assert "(3 rows)" in table
    ask = kg(runner, store_path, "query", "ASK { ?x a diplo:Article }")
    assert ask.output.strip() == "true"
    construct = kg(runner, store_path, "query", "CONSTRUCT { ?a a diplo:Article } WHERE { ?a a diplo:Article }")
    assert len(Graph().parse(data=construct.output, format="turtle")) == 3


def test_query_from_file_and_errors(runner: CliRunner, store_path: Path, sample_dir: Path, tmp_path: Path) -> None:
    kg(runner, store_path, "ingest", str(sample_dir))
    rq = write(tmp_path / "q.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?a a diplo:Article }")
    assert kg(runner, store_path, "query", "-f", str(rq), "--format", "csv").output.splitlines()[1] == "3"
    bad = kg(runner, store_path, "query", "SELEKT nothing")
    assert bad.exit_code == 1 and bad.output.startswith("Error: invalid SPARQL")
    fmt = kg(runner, store_path, "query", "ASK {}", "--format", "xml")
    assert fmt.exit_code == 1 and "Unknown format 'xml'" in fmt.output


def test_export_formats_parse_back(runner: CliRunner, store_path: Path, sample_dir: Path, tmp_path: Path) -> None:
    kg(runner, store_path, "ingest", str(sample_dir))
    n = quads(runner, store_path)
    for fmt, parser in [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]:
        out = tmp_path / f"out.{fmt}"
        result = kg(runner, store_path, "export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        dataset = Dataset()
        dataset.parse(out, format=parser)
        assert sum(len(g) for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier) == n
    turtle = kg(runner, store_path, "export").output
    assert turtle == kg(runner, store_path, "export").output  # deterministic
    assert len(Graph().parse(data=turtle, format="turtle")) > 0
    bad = kg(runner, store_path, "export", "--format", "tutle")
    assert bad.exit_code == 1
    assert "Unknown format 'tutle'. Choose one of: jsonld, nquads, ntriples, rdfxml, trig, turtle." in bad.output


def test_validate_stats_viz_remove(runner: CliRunner, store_path: Path, sample_dir: Path, tmp_path: Path) -> None:
    kg(runner, store_path, "ingest", str(sample_dir))
    valid = kg(runner, store_path, "validate")
    assert valid.exit_code == 0 and valid.output.startswith("Conforms")
    stats = json.loads(kg(runner, store_path, "stats", "--format", "json").output)
    assert stats["articles"] == 3 and stats["officials"] > 0 and stats["countries"] > 0
    page = tmp_path / "g.html"
    viz = kg(runner, store_path, "viz", "-o", str(page))
    assert viz.exit_code == 0 and page.read_text().startswith("<!DOCTYPE html>")
    first = sorted(sample_dir.glob("*.txt"))[0]
    removed = kg(runner, store_path, "remove", str(first))
    assert removed.exit_code == 0, removed.output
    assert json.loads(kg(runner, store_path, "stats", "--format", "json").output)["articles"] == 2
    again = kg(runner, store_path, "remove", str(first))
    assert again.exit_code == 1 and "no article with this id" in again.output


def test_read_commands_on_a_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    result = kg(runner, tmp_path / "none", "stats")
    assert result.exit_code == 1 and "no store here yet" in result.output
