"""View page: a :class:`~kg.view.data.ViewGraph` as one self-contained HTML file.

The page is our template ``viz/graph.html`` with our ``viz/view.css`` and
``viz/view.js`` and vis-network's script and stylesheet inlined from the
pyvis package, so it makes no request to any host. All data goes in last,
as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and
``&`` escaped; the page script puts it on screen with ``textContent`` only.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from kg.view.data import ITEM_CLASSES, STATUSES, Source, ViewGraph, ViewNode
from kg.view.layout import layout_positions
from kg.view.style import CLASS_STYLE, script_safe_json
from kg.view.vega import timeline_spec, vega_bundle

VIS_VERSION = "vis-9.1.2"

LABEL_LENGTH = 32
FONT_SIZE = 17
_PLACEHOLDER = re.compile(r"__(TITLE|VIS_CSS|VIEW_CSS|VIS_JS|VIEW_JS|VEGA_JS|DATA)__")
#: The WebGL page's libraries, vendored from the npm registry (sigma 3.0.3, graphology 0.26.0; MIT,
#: their licences beside them in viz/).
WEBGL_SCRIPTS = ("graphology.umd.min.js", "sigma.min.js")


@dataclass(frozen=True)
class PageCounts:
    nodes: int
    edges: int
    total_nodes: int


def _short(text: str, length: int = LABEL_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _display_label(node: ViewNode) -> str:
    if node.cls == "Agreement":
        return _short(node.name)
    if node.is_item:
        kind = {"PhoneCall": "Call"}.get(node.cls, node.cls)
        return f"{kind} {node.date}" if node.date else kind
    return _short(node.name)


class _Sources:
    """Article sources, each stored once in the page and referred to by index."""

    def __init__(self) -> None:
        self.index: dict[Source, int] = {}

    def ref(self, source: Source | None) -> int | None:
        if source is None:
            return None
        return self.index.setdefault(source, len(self.index))

    def table(self) -> list[dict[str, str]]:
        return [{"url": s.url, "headline": s.headline, "date": s.published} for s in self.index]


def _item_fields(node: ViewNode, sources: _Sources) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": node.name, "cls": node.cls, "date": node.date, "when": node.when(),
                              "status": node.status, "topic": node.topic, "evidence": node.evidence}
    ref = sources.ref(node.source)
    if ref is not None:
        fields["src"] = ref
    return {k: v for k, v in fields.items() if v not in ("", None)}


def _options(count: int) -> dict[str, Any]:
    """vis-network options: positions come ready-made, so physics stays off.

    On large graphs labels are drawn only once zoomed in (a software-rendered
    canvas spends seconds per frame stroking thousands of labels), and edges
    hide while the view is dragged or zoomed.
    """
    large = count > 1000
    node_threshold, edge_threshold = (10, 12) if large else (5, 5)
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"enabled": False},
        "nodes": {"font": {"size": FONT_SIZE, "face": "system-ui, sans-serif", "strokeWidth": 4,
                           "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": node_threshold}},
                  "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "font": {"size": 12, "color": "#666666", "strokeWidth": 3, "strokeColor": "#ffffff",
                           "align": "middle"},
                  "scaling": {"label": {"drawThreshold": edge_threshold}},
                  "color": {"color": "#999999", "highlight": "#333333", "hover": "#666666"},
                  "smooth": False, "selectionWidth": 2},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": False},
    }


def _involvement(view: ViewGraph, ids: dict[str, int]) -> dict[int, list[int]]:
    """Country or organisation node -> the item nodes it takes part in, directly or through
    its officials (entities view), for the side panel's timeline."""
    classes = {node.iri: node.cls for node in view.nodes}
    owners = {official: {post.owner for post in posts} for official, posts in view.posts.items()}
    around: dict[str, set[str]] = {}
    for edge in view.edges:
        around.setdefault(edge.source, set()).add(edge.target)
    involved: dict[int, list[int]] = {}
    for node in view.nodes:
        if not node.is_item:
            continue
        actors: set[str] = set()
        for other in around.get(node.iri, ()):
            if classes.get(other) == "Official":
                actors.update(owners.get(other, ()))
            else:
                actors.add(other)
        for actor in sorted(actors):
            if classes.get(actor) in ("Country", "Organization"):
                involved.setdefault(ids[actor], []).append(ids[node.iri])
    return involved


def build_payload(view: ViewGraph, title: str, renderer: str = "canvas") -> dict[str, Any]:
    """The page's data: what the script reads from the graph-data element."""
    sources = _Sources()
    ids = {node.iri: index for index, node in enumerate(view.nodes)}
    degree = dict.fromkeys(ids, 0)
    for edge in view.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    widths = [len(_display_label(node)) * FONT_SIZE * 0.55 for node in view.nodes]
    positions = layout_positions(len(ids), [(ids[edge.source], ids[edge.target]) for edge in view.edges], widths)
    involved = _involvement(view, ids) if view.view == "entities" else {}
    nodes: list[dict[str, Any]] = []
    for node, (x, y) in zip(view.nodes, positions, strict=True):
        entry: dict[str, Any] = {"id": ids[node.iri], "label": _display_label(node), "iri": node.iri, "x": x, "y": y,
                                 "degree": degree[node.iri],
                                 "size": round(10 + 5 * math.sqrt(degree[node.iri]), 1)}
        if node.iso:
            entry["iso"] = node.iso
        if node.is_item:
            entry.update(_item_fields(node, sources))
        else:
            entry.update({"name": node.name, "cls": node.cls})
        if node.iri in ids and ids[node.iri] in involved:
            entry["involved"] = involved[ids[node.iri]]
        posts = view.posts.get(node.iri)
        if posts:
            entry["posts"] = []
            for post in posts:
                owner = ids.get(post.owner)
                fact: dict[str, Any] = {"title": post.title, "evidence": post.evidence}
                if owner is not None:
                    fact["owner"] = owner
                ref = sources.ref(post.source)
                if ref is not None:
                    fact["src"] = ref
                entry["posts"].append(fact)
        nodes.append(entry)
    items: list[dict[str, Any]] = []
    item_ids: dict[str, int] = {}
    if view.view == "relations":
        for iri, item in sorted(view.items.items(), key=lambda pair: (pair[1].when(), pair[0])):
            item_ids[iri] = len(items)
            items.append(_item_fields(item, sources))
    edges: list[dict[str, Any]] = []
    for index, edge in enumerate(view.edges):
        entry = {"id": index, "from": ids[edge.source], "to": ids[edge.target]}
        if view.view == "relations":
            entry["items"] = [item_ids[i] for i in edge.items]
        else:
            entry["label"] = edge.label
            if edge.detail:
                entry["detail"] = list(edge.detail)
        edges.append(entry)
    present = {node.cls for node in view.nodes}
    order = ("Country", "Organization") if view.view == "relations" else tuple(CLASS_STYLE)
    classes = [{"name": name, **CLASS_STYLE[name]} for name in order if name in present or view.view == "entities"]
    return {
        "title": title,
        "view": view.view,
        "notice": view.notice,
        "counts": {"nodes": len(nodes), "edges": len(edges), "total": view.total_nodes},
        "classes": classes,
        "itemClasses": list(ITEM_CLASSES),
        "statuses": list(STATUSES),
        "nodes": nodes,
        "edges": edges,
        "items": items,
        "sources": sources.table(),
        "options": _options(len(nodes)),
        "renderer": renderer,
        "timelineSpec": timeline_spec(None, small=True),
    }


def _asset(name: str) -> str:
    return (resources.files("kg.viz") / name).read_text(encoding="utf-8")


def render_page(view: ViewGraph, title: str, renderer: str = "canvas") -> tuple[str, PageCounts]:
    """The HTML of one page and what it holds, drawn by vis-network (canvas) or sigma.js (webgl)."""
    payload = build_payload(view, title, renderer)
    vis_dir = resources.files("pyvis") / "lib" / VIS_VERSION
    webgl = renderer == "webgl"
    parts = {
        "TITLE": html.escape(title),
        "VIS_CSS": "" if webgl else (vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        "VIEW_CSS": _asset("view.css"),
        "VIS_JS": "\n".join(_asset(name) for name in WEBGL_SCRIPTS) if webgl
        else (vis_dir / "vis-network.min.js").read_text(encoding="utf-8"),
        "VIEW_JS": _asset("view.js"),
        "VEGA_JS": vega_bundle(),
        "DATA": script_safe_json(payload),
    }
    # one pass over the template: text put in is never scanned for placeholders again
    page = _PLACEHOLDER.sub(lambda match: parts[match.group(1)], _asset("graph.html"))
    counts = PageCounts(nodes=len(payload["nodes"]), edges=len(payload["edges"]), total_nodes=view.total_nodes)
    return page, counts
