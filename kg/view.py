"""Viz: the store as one self-contained, offline HTML graph.

Nodes and edges are assembled with pyvis; the page is our own template in
``viz/`` with vis-network's script inlined from the pyvis package, so it
needs no network. Everything taken from articles travels as JSON data and is
put on the page with ``textContent``, never as HTML.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pyvis.network import Network

from kg.query import run_query
from kg.store import OxigraphStore

CLASS_STYLE = {
    "Official": {"color": "#4e79a7", "shape": "dot"},
    "Country": {"color": "#59a14f", "shape": "dot"},
    "Organization": {"color": "#edc948", "shape": "dot"},
    "Meeting": {"color": "#e15759", "shape": "diamond"},
    "Visit": {"color": "#f28e2b", "shape": "diamond"},
    "PhoneCall": {"color": "#b07aa1", "shape": "diamond"},
    "Statement": {"color": "#9c755f", "shape": "diamond"},
    "Agreement": {"color": "#76b7b2", "shape": "square"},
}
ROLE_LABELS = {"participant": "participant", "host": "host", "visitor": "visitor", "destination": "destination",
               "party": "party", "signatory": "signatory", "represents": "holds post"}

_NODES = """
SELECT ?node ?class ?label WHERE {
  VALUES ?class { diplo:Official diplo:Country diplo:Organization diplo:Meeting diplo:Visit diplo:PhoneCall
                  diplo:Statement diplo:Agreement }
  ?node a ?class . OPTIONAL { ?node rdfs:label ?label }
}"""
_EDGES = """
SELECT DISTINCT ?from ?role ?to WHERE {
  VALUES ?role { diplo:participant diplo:host diplo:visitor diplo:destination diplo:party diplo:signatory
                 diplo:represents }
  ?from ?role ?to .
}"""
_FACTS = """
SELECT ?node ?status ?date ?evidence ?url ?headline WHERE {
  ?node prov:wasDerivedFrom ?article .
  OPTIONAL { ?node diplo:status ?status } OPTIONAL { ?node diplo:date ?date }
  OPTIONAL { ?node diplo:evidence ?evidence }
  OPTIONAL { ?article schema:url ?url } OPTIONAL { ?article schema:headline ?headline }
}"""
_POSTS = """
SELECT DISTINCT ?person ?postLabel ?evidence WHERE {
  ?person diplo:holdsPost ?post . ?post rdfs:label ?postLabel . OPTIONAL { ?post diplo:evidence ?evidence }
}"""


@dataclass(frozen=True)
class GraphPage:
    path: Path
    nodes: int
    edges: int


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _script_safe(text: str) -> str:
    """JSON that can sit inside a <script> element: no '<', '>' or '&' as such."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_page(store: OxigraphStore, title: str = "diplo-kg graph") -> tuple[str, int, int]:
    """The HTML of the entity view and its node and edge counts."""
    net = Network(directed=True, cdn_resources="in_line")
    facts: dict[str, dict[str, object]] = {}
    for node, cls, label in run_query(store, _NODES).rows:
        kind = _local(cls)
        name = str(label) if label is not None else _local(node)
        if str(node) in facts:
            continue
        style = CLASS_STYLE[kind]
        net.add_node(str(node), label=name if len(name) <= 40 else name[:39] + "…", title=f"{kind}: {name}",
                     color=style["color"], shape=style["shape"], group=kind)
        facts[str(node)] = {"label": name, "kind": kind, "facts": []}
    edges = 0
    for source, role, target in run_query(store, _EDGES).rows:
        if str(source) in facts and str(target) in facts:
            net.add_edge(str(source), str(target), label=ROLE_LABELS[_local(role)], title=ROLE_LABELS[_local(role)])
            edges += 1
    for node, status, day, evidence, url, headline in run_query(store, _FACTS).rows:
        entry = facts.get(str(node))
        if entry is None:
            continue
        text = " · ".join(x for x in (_local(status) if status else "", str(day) if day else "") if x)
        entry["facts"].append({"text": text or entry["kind"], "evidence": str(evidence) if evidence else "",  # type: ignore[attr-defined]
                               "source": str(url) if url else "", "sourceLabel": str(headline) if headline else ""})
    for person, post_label, evidence in run_query(store, _POSTS).rows:
        entry = facts.get(str(person))
        if entry is not None:
            entry["facts"].append({"text": f"holds post: {post_label}",  # type: ignore[attr-defined]
                                   "evidence": str(evidence) if evidence else ""})
    degree: dict[str, int] = {}
    for edge in net.edges:
        degree[edge["from"]] = degree.get(edge["from"], 0) + 1
        degree[edge["to"]] = degree.get(edge["to"], 0) + 1
    for node in net.nodes:
        node["size"] = 10 + min(30, 2 * degree.get(node["id"], 0))
    options = {
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200, "fit": True}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "font": {"size": 9, "align": "middle"},
                  "color": {"color": "#bbb"}, "smooth": False},
        "nodes": {"font": {"size": 12}},
        "interaction": {"hover": True, "tooltipDelay": 150},
    }
    data = {"title": title, "nodes": net.nodes, "edges": net.edges, "facts": facts, "options": options,
            "classes": {k: {"color": v["color"]} for k, v in CLASS_STYLE.items()}, "notice": ""}
    vis_dir = resources.files("pyvis") / "lib" / "vis-9.1.2"
    template = (resources.files("kg.viz") / "graph.html").read_text(encoding="utf-8")
    page = (template.replace("__TITLE__", "diplo-kg graph")
            .replace("__VIS_CSS__", (vis_dir / "vis-network.css").read_text(encoding="utf-8"))
            .replace("__VIS_JS__", (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")))
    # untrusted data goes in last, so nothing in it is ever taken for a placeholder
    head, tail = page.rsplit("__DATA__", 1)
    page = head + _script_safe(json.dumps(data, ensure_ascii=False)) + tail
    return page, len(net.nodes), edges


def write_graph_page(store: OxigraphStore, path: str | os.PathLike[str], title: str = "diplo-kg graph") -> GraphPage:
    """Write the HTML graph of the store to `path` (atomically)."""
    page, nodes, edges = build_page(store, title)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as output:
        output.write(page)
    os.replace(temporary, target)
    return GraphPage(path=target, nodes=nodes, edges=edges)
