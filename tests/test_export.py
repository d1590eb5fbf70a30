"""kg export: the format from the file's extension, every RDF format read back by rdflib and by a
parser that is not ours (rapper, Debian's raptor2-utils), compacted JSON-LD with the published
context, Gephi-ready networks (GraphML read by networkx and igraph, GEXF 1.2, CSV node and edge
tables) that are byte-stable, files made with the user's umask, and one-line errors.

GEXF is checked for its structure (namespace, version, declared attributes with defaults, node
labels, read back by networkx), not validated against the GEXF 1.2 XSD: no package ships that
schema, and it is not vendored into this repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from kg.query.jsonld import context_document
from kg.store import open_store
from kg.store.base import Store

from .corpus import load_corpus

RDF_FILES = {"g.ttl": ("turtle", "turtle"), "g.trig": ("trig", "trig"), "g.nq": ("nquads", "nquads"),
             "g.nt": ("nt", "ntriples"), "g.jsonld": ("json-ld", None), "g.rdf": ("xml", "rdfxml")}
QUADS = ("g.trig", "g.nq", "g.jsonld")


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("export") / "store"
    store = open_store(path)
    load_corpus(store)
    del store
    yield path


def export(location: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args, "--store", str(location)])
    return result.exit_code, result.stderr or result.output


def reference(location: Path) -> tuple[set, set]:
    store: Store = open_store(location, read_only=True)
    quads = {(s, p, o, g) for s, p, o, g in store.quads()}
    return quads, {(s, p, o) for s, p, o, _ in quads}


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_each_rdf_format_by_its_extension_reads_back(location: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    code, message = export(location, "-o", str(out))
    assert code == 0 and message.strip() == f"Wrote {out}", message
    parser, _ = RDF_FILES[name]
    quads, triples = reference(location)
    if name in QUADS:
        dataset = Dataset()
        dataset.parse(out, format=parser)
        assert {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))} == quads
    else:
        assert set(Graph().parse(out, format=parser)) == triples


@pytest.mark.skipif(shutil.which("rapper") is None and os.environ.get("KG_CI") != "1",
                    reason="rapper is not installed (apt-get install raptor2-utils, or .ci/setup.d/30-raptor.sh)")
@pytest.mark.parametrize("name", sorted(n for n, (_, syntax) in RDF_FILES.items() if syntax))
def test_rapper_reads_every_rdf_export(location: Path, tmp_path: Path, name: str) -> None:
    """raptor has no JSON-LD parser; the JSON-LD export is read back by rdflib above."""
    out = tmp_path / name
    assert export(location, "-o", str(out))[0] == 0
    _, syntax = RDF_FILES[name]
    done = subprocess.run(["rapper", "-i", str(syntax), "-c", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    counted = int(done.stderr.split("returned ")[1].split()[0])
    quads, triples = reference(location)
    assert counted == (len(quads) if name in QUADS else len(triples))


def test_jsonld_is_compacted_with_the_published_context(location: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonld"
    assert export(location, "-o", str(out))[0] == 0
    document = json.loads(out.read_text())
    published = json.loads((Path(__file__).parents[1] / "schema" / "context.jsonld").read_text())
    assert document["@context"] == published["@context"]
    assert (Path(__file__).parents[1] / "schema" / "context.jsonld").read_text() == context_document()
    nodes = [node for graph in document["@graph"] for node in graph["@graph"]]
    kz = next(node for node in nodes if node["@id"] == "https://w3id.org/diplo/id/country/kz")
    assert kz["@type"] == "Country" and kz["isoCode"] == "KZ" and kz["label"] == "Kazakhstan"
    meeting = next(node for node in nodes if node.get("@type") == "Meeting")
    assert meeting["status"] == "Occurred" and isinstance(meeting["participant"], list)


@pytest.mark.parametrize("name", ["g.graphml", "g.gexf", "g.jsonld", "g.ttl", "g.rdf"])
def test_exports_are_byte_stable(location: Path, tmp_path: Path, name: str) -> None:
    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    assert export(location, "-o", str(first))[0] == 0 and export(location, "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_graphml_has_every_attribute_and_reads_in_networkx_and_igraph(location: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert export(location, "-o", str(out))[0] == 0
    graph = nx.read_graphml(out)
    assert graph.number_of_edges() > 0
    for _, _, data in graph.edges(data=True):
        assert set(data) >= {"weight", "meeting", "visit", "phonecall", "statement", "agreement"}
    keys = ET.parse(out).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    assert all(key.find("{http://graphml.graphdrawing.org/xmlns}default") is not None for key in keys)
    igraph = pytest.importorskip("igraph")
    loaded = igraph.Graph.Read_GraphML(str(out))
    assert loaded.vcount() == graph.number_of_nodes() and loaded.ecount() == graph.number_of_edges()
    assert min(loaded.es["meeting"]) == 0 and max(loaded.es["weight"]) >= 1


def test_gexf_is_gexf_1_2_with_every_attribute(location: Path, tmp_path: Path) -> None:
    """The structure GEXF 1.2 asks for (the XSD itself is not vendored: see the module docstring)."""
    out = tmp_path / "g.gexf"
    assert export(location, "-o", str(out))[0] == 0
    root = ET.parse(out).getroot()
    namespace = "{http://www.gexf.net/1.2draft}"
    assert root.tag == f"{namespace}gexf" and root.get("version") == "1.2"
    declared = {a.get("title"): a for a in root.iter(f"{namespace}attribute")}
    assert {"meeting", "agreement", "kind", "iso"} <= set(declared)
    assert all(a.find(f"{namespace}default") is not None for a in declared.values())
    assert all(node.get("label") for node in root.iter(f"{namespace}node"))  # GEXF's own label attribute
    assert nx.read_gexf(out).number_of_edges() > 0


def test_csv_writes_a_node_table_and_an_edge_table(location: Path, tmp_path: Path) -> None:
    code, message = export(location, "-o", str(tmp_path / "net.csv"))
    assert code == 0 and message.split() == ["Wrote", str(tmp_path / "net-nodes.csv"),
                                             "Wrote", str(tmp_path / "net-edges.csv")]
    nodes = (tmp_path / "net-nodes.csv").read_text().splitlines()
    edges = (tmp_path / "net-edges.csv").read_text().splitlines()
    assert nodes[0] == "id,label,kind,iso,partners,weight" and edges[0].startswith("source,target,")
    ids = {line.split(",")[0] for line in nodes[1:]}
    assert all(line.split(",")[0] in ids and line.split(",")[1] in ids for line in edges[1:])
    code, _ = export(location, "--format", "csv", "--table", "nodes", "-o", str(tmp_path / "only.csv"))
    assert code == 0 and (tmp_path / "only.csv").read_text().splitlines() == nodes


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_files_are_written_with_the_users_umask(location: Path, tmp_path: Path, mask: int, mode: int) -> None:
    old = os.umask(mask)
    try:
        assert export(location, "-o", str(tmp_path / "g.ttl"))[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "g.ttl").stat().st_mode & 0o777 == mode


def test_bad_output_paths_are_one_line_errors(location: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, message = export(location, "-o", str(blocker / "g.ttl"))
    assert code == 1 and message.strip().splitlines() == [
        f"Error: {blocker / 'g.ttl'}: cannot write here ({blocker} is a file, not a folder)"]
    code, message = export(location, "-o", "/proc/no-such-place/g.ttl")
    assert code == 1 and message.strip().startswith("Error: /proc/no-such-place/g.ttl: cannot write here (")
    code, message = export(location, "-o", str(tmp_path / "g.xyz"))
    assert code == 1 and len(message.strip().splitlines()) == 1
    assert "cannot tell the format from the extension '.xyz'" in message and ".graphml" in message
