"""The RDF an article becomes: golden graphs (compared as graphs) and SHACL conformance."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.extract.facts import extract_facts
from kg.graph.build import build_article_graph
from kg.graph.vocab import PREFIXES
from kg.sources.inputs import read_article_file
from kg.store.validate import validate_graph

from .conftest import SAMPLES, SHARED

GOLDEN = Path(__file__).parent / "golden"
WHEN = datetime(2025, 1, 1, tzinfo=timezone.utc)
REGENERATE = os.environ.get("KG_REGENERATE_GOLDEN") == "1"


def article_graph(path: Path) -> Graph:
    article = read_article_file(path)
    graph = Graph()
    for name, iri in PREFIXES.items():
        graph.bind(name, iri)
    for triple in build_article_graph(article, extract_facts(article), generated_at=WHEN):
        graph.add(triple)
    return graph


SEED = SHARED / "corpus" / "dev" / "000_seed-rubio-central-asia.txt"


@pytest.mark.parametrize("path", [SAMPLES / "015_sd-meeting-french-german-italian-uk-counterparts.txt", SEED],
                         ids=lambda p: p.name[:3])
def test_golden_graph(path: Path) -> None:
    """Regenerate with KG_REGENERATE_GOLDEN=1 and review the diff before committing."""
    if not path.exists():
        pytest.skip(f"{path} is not here (the development corpus lives beside the project)")
    name = path.stem
    graph = article_graph(path)
    golden = GOLDEN / f"{name}.ttl"
    if REGENERATE:
        golden.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(golden, format="turtle")
    if not isomorphic(graph, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(graph))
        pytest.fail("graph differs from golden\nmissing:\n" + missing.serialize(format="nt")
                    + "\nextra:\n" + extra.serialize(format="nt"))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_sample_article_conforms_to_the_shapes(path: Path) -> None:
    report = validate_graph(article_graph(path))
    assert report.conforms, report.text


def test_same_article_same_triples() -> None:
    path = sorted(SAMPLES.glob("*.txt"))[0]
    assert set(article_graph(path)) == set(article_graph(path))
