"""Output for scripts: kg query --list --format json, kg validate --format json|turtle, kg ingest
--summary-format json, and shell completion (click's) with values for --format and --named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.query.saved import saved_queries
from kg.store import open_store

from .conftest import SAMPLES
from .corpus import load_corpus

KG = Path(sys.executable).with_name("kg")
SH = "http://www.w3.org/ns/shacl#"


def test_query_list_as_json() -> None:
    result = CliRunner().invoke(main, ["query", "--list", "--format", "json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert [q["name"] for q in listing] == list(saved_queries())
    timeline = next(q for q in listing if q["name"] == "country-timeline")
    assert timeline["parameters"] == [{"name": "country", "type": "iso", "description": timeline["parameters"][0]
                                       ["description"]}] and timeline["description"]
    bad = CliRunner().invoke(main, ["query", "--list", "--format", "csv"])
    assert bad.exit_code == 1 and "Choose one of: table, json." in bad.stderr


@pytest.fixture
def broken_store(tmp_path: Path) -> Path:
    """The hand-built corpus with one violation added: a country without its ISO code's form."""
    location = tmp_path / "store"
    store = open_store(location)
    load_corpus(store)
    store.add_graph("https://w3id.org/diplo/id/description/country/xx", [
        (URIRef("https://w3id.org/diplo/id/country/xx"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
         URIRef("https://w3id.org/diplo/ontology#Country")),
        (URIRef("https://w3id.org/diplo/id/country/xx"), URIRef("https://w3id.org/diplo/ontology#isoCode"),
         Literal("not a code"))])
    del store
    return location


def test_validate_as_json_and_turtle(broken_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--format", "json", "--store", str(broken_store)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False and report["triples"] > 0
    focus = {r["focus"] for r in report["results"]}
    assert "https://w3id.org/diplo/id/country/xx" in focus
    assert all(r["severity"] == "Violation" and r["message"] for r in report["results"])
    result = runner.invoke(main, ["validate", "--format", "turtle", "--store", str(broken_store)])
    assert result.exit_code == 1
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (None, URIRef(SH + "conforms"), Literal(False)) in graph
    assert len(set(graph.subjects(URIRef(SH + "focusNode"), None))) == len(report["results"])
    good = tmp_path / "good"
    store = open_store(good)
    load_corpus(store)
    del store
    result = runner.invoke(main, ["validate", "--format", "json", "--store", str(good)])
    assert result.exit_code == 0 and json.loads(result.stdout) == {
        "conforms": True, "triples": json.loads(result.stdout)["triples"], "results": [], "stale_summaries": [],
        "repaired": 0, "recovered": False}


def test_ingest_summary_as_json(tmp_path: Path) -> None:
    location = tmp_path / "store"
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), str(missing), "--store", str(location),
                                       "--summary-format", "json"])
    assert result.exit_code == 1  # one input failed
    summary = json.loads(result.stdout)
    assert summary["added"] == len(list(SAMPLES.glob("*.txt"))) and summary["unchanged"] == 0
    assert len(summary["failed"]) == 1 and str(missing) in summary["failed"][0]
    assert len(summary["graphs"]) == summary["added"] and summary["store"] == str(location)
    assert result.stderr.strip().startswith("Error:") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not KG.exists(), reason="the kg script beside the Python running the tests")
@pytest.mark.parametrize(("words", "expected"), [
    ("kg query --named ", set(saved_queries())),
    ("kg query --named country-", {"country-officials", "country-timeline"}),
    ("kg query --format t", {"table", "tsv", "turtle"}),
    ("kg export --format g", {"gexf", "graphml"}),
    ("kg validate --format ", {"text", "json", "turtle"}),
])
def test_shell_completion_offers_values(words: str, expected: set[str]) -> None:
    env = {**os.environ, "_KG_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    done = subprocess.run([str(KG)], env=env, capture_output=True, text=True, timeout=60)
    values = {line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line}
    assert values == expected, done.stdout + done.stderr
