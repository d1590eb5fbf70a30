"""Analytics: the relations network, centrality, communities, and Gephi/CSV export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.query.analytics import compute_centrality, relations_graph, write_network
from kg.query.export import check_format, export_bytes
from kg.store import open_store
from kg.store.base import MEMORY, Store

from .corpus import BLINKEN, FR, KZ, LAVROV, LE_DRIAN, RU, TILEUBERDI, US, iri, load_corpus


@pytest.fixture(scope="module")
def store() -> Store:
    return load_corpus(open_store(MEMORY))


def test_the_relations_network_counts_events_and_agreements(store: Store) -> None:
    graph = relations_graph(store)
    assert graph.edges[iri(KZ), iri(US)] == {"weight": 3, "meeting": 2, "agreement": 1}
    assert graph.edges[iri(BLINKEN), iri(TILEUBERDI)]["weight"] == 2  # two meetings (signatories are not parties)
    assert graph.edges[iri(BLINKEN), iri(LE_DRIAN)] == {"weight": 1, "phonecall": 1}
    assert graph.nodes[iri(KZ)] == {"label": "Kazakhstan", "kind": "Country", "iso": "KZ"}
    assert not graph.has_edge(iri(FR), iri(KZ))  # the Tokayev visit is only planned


def test_centrality_ranks_the_most_engaged(store: Store) -> None:
    result = compute_centrality(store, top=2)
    assert [r.label for r in result.countries] == ["Kazakhstan", "United States"]
    assert {r.label for r in result.officials} == {"Antony Blinken", "Mukhtar Tileuberdi"}
    assert result.countries[0].degree == 5 and result.countries[0].weighted_degree == 10
    assert result.countries[0].betweenness > 0
    assert result.communities[1:] == [["France", "Jean-Yves Le Drian"], ["Russia", "Sergey Lavrov"]]
    assert json.loads(json.dumps(result.as_dict()))["nodes"] == 8


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_formats_read_back(store: Store, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(export_bytes(store, fmt))
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert nx.utils.graphs_equal(nx.Graph(graph), nx.Graph(graph)) and graph.number_of_edges() == 16
    assert graph.nodes[iri(RU)]["label"] == "Russia"
    assert int(graph.edges[iri(LAVROV), iri(TILEUBERDI)]["weight"]) == 1


def test_csv_edge_list(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(export_bytes(store, "csv").decode())))
    assert len(rows) == 16
    kz_us = next(r for r in rows if (r["source_label"], r["target_label"]) == ("Kazakhstan", "United States"))
    assert kz_us["weight"] == "3" and kz_us["meeting"] == "2" and kz_us["agreement"] == "1"


def test_unknown_format_lists_rdf_and_network_formats() -> None:
    with pytest.raises(InputError, match="Choose one of: jsonld, nquads, ntriples, rdfxml, trig, turtle. "
                                         "Or, for the relations network: csv, gexf, graphml."):
        check_format("gephi")


def test_empty_store_gives_an_empty_network() -> None:
    empty = open_store(MEMORY)
    assert compute_centrality(empty).nodes == 0
    buffer = io.BytesIO()
    write_network(relations_graph(empty), "csv", buffer)
    assert buffer.getvalue().decode().startswith("source,target")


def test_cli_stats_centrality_and_export(tmp_path: Path) -> None:
    location = tmp_path / "store"
    store = open_store(location)
    load_corpus(store)
    del store
    runner = CliRunner()
    text = runner.invoke(main, ["stats", "--centrality", "--top", "3", "--store", str(location)])
    assert text.exit_code == 0, text.output
    assert "most engaged countries" in text.output and "communities:" in text.output
    data = runner.invoke(main, ["stats", "--centrality", "--format", "json", "--store", str(location)])
    assert json.loads(data.output)["countries"][0]["label"] == "Kazakhstan"
    out = tmp_path / "net.graphml"
    written = runner.invoke(main, ["export", "--format", "graphml", "-o", str(out), "--store", str(location)])
    assert written.exit_code == 0, written.output
    assert nx.read_graphml(out).number_of_edges() == 16
