"""The graph page without a browser: what goes in it, filters, limits, escaping, the CLI."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.graph.build import build_article_graph, graph_iri
from kg.model import Country, Event, Evidence, Facts, Official, Post
from kg.pipeline import ingest_paths
from kg.query.run import run_query
from kg.sources.article import Article
from kg.store import open_store
from kg.store.embedded import OxigraphStore
from kg.view.data import most_connected, read_view_graph, select_view
from kg.view.layout import layout_positions
from kg.view.page import ViewOptions, build_graph_page, write_graph_page
from kg.view.render import script_safe_json

from .conftest import SAMPLES

PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1">'
STAMP = datetime(2025, 1, 1, tzinfo=timezone.utc)


def page_data(html: str) -> dict:
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no graph-data element"
    return json.loads(match.group(1))


def count(store: OxigraphStore, sparql: str) -> int:
    return int(str(run_query(store, sparql).rows[0][0]))


NODE_COUNT = """SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {
  VALUES ?k { diplo:Official diplo:Country diplo:Organization diplo:Meeting diplo:Visit diplo:PhoneCall
              diplo:Statement diplo:Agreement } ?n a ?k }"""
EDGE_COUNT = """SELECT (COUNT(*) AS ?c) WHERE { SELECT DISTINCT ?a ?b WHERE {
  { VALUES ?r { diplo:participant diplo:host diplo:visitor diplo:destination diplo:location diplo:party
                diplo:signatory } ?a ?r ?b } UNION { ?a diplo:represents ?b } } }"""


@pytest.fixture(scope="module")
def sample_store() -> OxigraphStore:
    store = open_store(":memory:")
    summary = ingest_paths(store, [SAMPLES])
    assert not summary.failed, summary.failed
    return store


def hostile_graph(store: OxigraphStore) -> None:
    """An article whose names, headline and evidence carry script payloads, built the real way."""
    sentence = f"Minister {PAYLOAD_IMG} Mallory met the {PAYLOAD_SCRIPT} delegation in Evilland."
    evidence = Evidence(sentence, 0, len(sentence))
    mallory = Official(f"{PAYLOAD_IMG} Mallory", "mallory-zz")
    evilland = Country("ZZ", f"{PAYLOAD_SCRIPT}Evilland")
    trudy = Official(f"Trudy {PAYLOAD_SCRIPT}", "trudy-zy")
    article = Article(body=sentence, title=f"Headline {PAYLOAD_SCRIPT} {PAYLOAD_IMG}",
                      url="javascript:window.__pwned=1", published=date(2024, 5, 1))
    facts = Facts(countries=(evilland,), officials=(mallory, trudy),
                  posts=(Post(mallory, f"Minister {PAYLOAD_IMG}", evilland, evidence),),
                  events=(Event("Meeting", (mallory, trudy, evilland), "occurred", evidence,
                                date=date(2024, 5, 1), topic=PAYLOAD_IMG),))
    store.add_graph(graph_iri(article), build_article_graph(article, facts, generated_at=STAMP))


@pytest.mark.parametrize("view", ["entities", "relations"])
def test_page_is_self_contained(sample_store: OxigraphStore, view: str) -> None:
    html = build_graph_page(sample_store, ViewOptions.parse(view=view)).html
    assert html.startswith("<!DOCTYPE html>")
    assert "vis.Network" in html and "Content-Security-Policy" in html
    # no resource from any host: no src/href attributes pointing at URLs, no CDN, no @import
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "cdnjs" not in html and "unpkg" not in html


def test_entity_counts_match_the_store(sample_store: OxigraphStore) -> None:
    page = build_graph_page(sample_store)
    data = page_data(page.html)
    assert page.nodes == len(data["nodes"]) == count(sample_store, NODE_COUNT) > 50
    assert page.edges == len(data["edges"]) == count(sample_store, EDGE_COUNT) > 50
    assert data["counts"] == {"nodes": page.nodes, "edges": page.edges, "total": page.nodes}
    assert page.notice == ""


def test_relations_weight_pairs_by_events_and_agreements(sample_store: OxigraphStore) -> None:
    data = page_data(build_graph_page(sample_store, ViewOptions.parse(view="relations")).html)
    assert {n["cls"] for n in data["nodes"]} <= {"Country", "Organization"}
    by_name = {n["name"]: n["id"] for n in data["nodes"]}
    us, fr = by_name["United States"], by_name["France"]
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {us, fr})
    joined = [data["items"][i] for i in edge["items"]]
    assert joined and all(item["cls"] in ("Meeting", "Visit", "PhoneCall", "Statement", "Agreement")
                          for item in joined)
    assert any("Le Drian" in item["evidence"] for item in joined)
    assert all(e["items"] for e in data["edges"])


@pytest.mark.parametrize(("options", "check"), [
    ({"types": ["Meeting"]}, lambda items: {i["cls"] for i in items} == {"Meeting"}),
    ({"types": ["phonecall", "Agreement"]}, lambda items: {i["cls"] for i in items} == {"PhoneCall", "Agreement"}),
    ({"since": "2022-01-01", "until": "2022-12-31"}, lambda items: all(i["when"][:4] == "2022" for i in items)),
])
def test_item_filters(sample_store: OxigraphStore, options: dict, check) -> None:  # noqa: ANN001
    data = page_data(build_graph_page(sample_store, ViewOptions.parse(**options)).html)
    items = [n for n in data["nodes"] if n["cls"] in data["itemClasses"]]
    assert items and check(items)
    everything = page_data(build_graph_page(sample_store).html)
    assert len(data["nodes"]) < len(everything["nodes"])


def test_country_filter_keeps_what_involves_the_country(sample_store: OxigraphStore) -> None:
    data = page_data(build_graph_page(sample_store, ViewOptions.parse(country="fr")).html)
    france = next(n["id"] for n in data["nodes"] if n["name"] == "France")
    french = {france} | {n["id"] for n in data["nodes"] if any(p.get("owner") == france for p in n.get("posts", []))}
    items = [n["id"] for n in data["nodes"] if n["cls"] in data["itemClasses"]]
    assert len(items) >= 2
    for item in items:
        assert any({e["from"], e["to"]} & french for e in data["edges"] if item in (e["from"], e["to"]))


def test_focus_and_depth(sample_store: OxigraphStore) -> None:
    near = page_data(build_graph_page(sample_store, ViewOptions.parse(focus="blinken", depth=1)).html)
    far = page_data(build_graph_page(sample_store, ViewOptions.parse(focus="Blinken", depth=2)).html)
    officials = [n["name"] for n in near["nodes"] if n["cls"] == "Official"]
    assert len(officials) == 1 and "Blinken" in officials[0]
    assert "United States" in {n["name"] for n in near["nodes"]}
    assert all(n["cls"] != "Official" or "Blinken" in n["name"] for n in near["nodes"])
    assert len(far["nodes"]) > len(near["nodes"])
    assert any("Le Drian" in n["name"] for n in far["nodes"])
    exact = page_data(build_graph_page(sample_store, ViewOptions.parse(focus=officials[0].upper(), depth=1)).html)
    assert exact["nodes"] == near["nodes"]


def test_node_limit_keeps_the_most_connected_part_and_says_so(sample_store: OxigraphStore) -> None:
    page = build_graph_page(sample_store, ViewOptions.parse(max_nodes=12))
    data = page_data(page.html)
    assert page.nodes == 12 and page.total_nodes > 12
    assert data["notice"].startswith("Showing the 12 most connected of ") and "--max-nodes" in data["notice"]
    assert "United States" in {n["name"] for n in data["nodes"]}


def test_most_connected_grows_from_the_hub() -> None:
    adjacency = {"hub": {"a", "b", "c"}, "a": {"hub"}, "b": {"hub", "c"}, "c": {"hub", "b"}, "x": {"y"}, "y": {"x"}}
    assert most_connected(adjacency, 3) == {"hub", "b", "c"}
    assert most_connected(adjacency, 5) == {"hub", "a", "b", "c", "x"}


@pytest.mark.parametrize(("options", "message"), [
    ({"view": "tree"}, "Unknown view 'tree'. Choose one of: entities, relations."),
    ({"types": ["Meetng"]}, "Unknown type 'Meetng'. Choose one of: Meeting, Visit, PhoneCall, Statement, Agreement."),
    ({"since": "2025-13-01"}, "--since takes a date as YYYY-MM-DD, not '2025-13-01'"),
    ({"since": "2025-02-01", "until": "2025-01-01"}, "--since 2025-02-01 is after --until 2025-01-01"),
    ({"country": "France"}, "--country takes an ISO 3166-1 alpha-2 code such as KZ, not 'France'"),
    ({"depth": -1}, "--depth must be 0 or more, not -1"),
    ({"max_nodes": 0}, "--max-nodes must be 1 or more, not 0"),
])
def test_bad_options_name_the_valid_choices(options: dict, message: str) -> None:
    with pytest.raises(InputError) as error:
        ViewOptions.parse(**options)
    assert str(error.value) == message


@pytest.mark.parametrize(("options", "message"), [
    ({"country": "ZW"}, "No country with ISO code 'ZW' in the store. Countries present: AF, "),
    ({"focus": "Nobody Atall"}, "No node named 'Nobody Atall' in this view."),
    ({"focus": "an"}, "'an' matches several nodes: "),
])
def test_filters_that_match_nothing_say_so(sample_store: OxigraphStore, options: dict, message: str) -> None:
    with pytest.raises(InputError) as error:
        select_view(read_view_graph(sample_store), ViewOptions.parse(**options))
    assert str(error.value).startswith(message)


def test_untrusted_text_is_only_json_data() -> None:
    store = open_store(":memory:")
    hostile_graph(store)
    html = build_graph_page(store).html
    assert PAYLOAD_SCRIPT not in html and PAYLOAD_IMG not in html
    data = page_data(html)  # the payloads come back intact as data, to be shown as text
    assert any(PAYLOAD_IMG in n["name"] for n in data["nodes"])
    assert any(PAYLOAD_SCRIPT in n.get("evidence", "") for n in data["nodes"])
    assert html.count("</script>") == 4  # vis-network, Vega (the panel timeline), the data, the page script


def test_script_safe_json_round_trips() -> None:
    value = {"a": "</script><!-- & \u2028 >"}
    text = script_safe_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_same_store_same_page(sample_store: OxigraphStore) -> None:
    assert build_graph_page(sample_store).html == build_graph_page(sample_store).html


def test_layout_is_spread_and_deterministic() -> None:
    edges = [(i, i + 1) for i in range(40)] + [(50, 51)]
    first = layout_positions(60, edges)
    assert first == layout_positions(60, edges) and len(set(first)) == 60
    big = [(i, (i * 7 + 3) % 900) for i in range(900)]
    assert len(set(layout_positions(900, big))) == 900


def test_empty_store_gives_an_empty_page(tmp_path: Path) -> None:
    page = write_graph_page(open_store(":memory:"), tmp_path / "empty.html")
    assert (page.nodes, page.edges) == (0, 0)
    assert page.path is not None and page.path.read_text(encoding="utf-8") == page.html


def test_cli_viz_options(runner: CliRunner, tmp_path: Path, sample_dir: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(main, ["ingest", str(sample_dir), "--store", str(store)]).exit_code == 0
    out = tmp_path / "rel.html"
    result = runner.invoke(main, ["viz", "--store", str(store), "-o", str(out), "--view", "relations",
                                  "--since", "2000-01-01", "--type", "Meeting", "--type", "PhoneCall",
                                  "--max-nodes", "3", "--title", "Pairs"])
    assert result.exit_code == 0, result.output
    assert "nodes" in result.output and "Showing the 3 most connected of" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["view"] == "relations" and data["title"] == "Pairs" and len(data["nodes"]) == 3
    stdout = runner.invoke(main, ["viz", "--store", str(store), "-o", "-", "--focus", "United States"])
    assert stdout.exit_code == 0 and "<!DOCTYPE html>" in stdout.output
    bad = runner.invoke(main, ["viz", "--store", str(store), "-o", str(out), "--type", "Party"])
    assert bad.exit_code == 1
    assert bad.output.strip() == ("Error: Unknown type 'Party'. Choose one of: Meeting, Visit, PhoneCall, "
                                  "Statement, Agreement.")
