"""Analytics: the relations network (who engages with whom) and its centrality.

The network has a node per country, organisation and official, and an edge
between two of them for each occurred event both took part in (an official
taking part brings the country or organisation they represent along, as in
the saved query countries-who-met) and for each agreement both are parties
to; ``weight`` counts them, and one count per kind of event sits beside it. It is a
networkx graph, so Gephi formats come for free (:func:`write_network`).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import BinaryIO

import networkx as nx

from kg.query.run import run_query
from kg.store.base import Store
from kg.terminal import printable

_MEMBERS = """
SELECT DISTINCT ?item ?actor ?kind WHERE {
  { VALUES ?type { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement }
    ?item a ?type ; diplo:status diplo:Occurred ; diplo:participant ?actor .
    BIND(STRAFTER(STR(?type), "#") AS ?kind) }
  UNION
  { ?item a diplo:Agreement ; diplo:party ?actor . BIND("Agreement" AS ?kind) }
}"""
_ACTORS = """
SELECT ?actor ?type (MIN(?name) AS ?label) (MIN(?code) AS ?iso) WHERE {
  VALUES ?type { diplo:Country diplo:Organization diplo:Official }
  ?actor a ?type ; rdfs:label ?name .
  OPTIONAL { ?actor diplo:isoCode ?code }
} GROUP BY ?actor ?type"""
_REPRESENTS = "SELECT DISTINCT ?official ?body WHERE { ?official a diplo:Official ; diplo:represents ?body }"


def relations_graph(store: Store) -> nx.Graph:
    """The relations network of the store, with node attributes label, kind (Country,
    Organization, Official) and iso, and edge attributes weight and per-kind counts."""
    graph = nx.Graph()
    for actor, kind, label, iso in sorted(run_query(store, _ACTORS).rows, key=lambda r: str(r[0])):
        graph.add_node(str(actor), label=str(label), kind=str(kind).rsplit("#", 1)[-1], iso=str(iso or ""))
    represents: dict[str, set[str]] = defaultdict(set)
    for official, body in run_query(store, _REPRESENTS).rows:
        represents[str(official)].add(str(body))
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item, actor, kind in run_query(store, _MEMBERS).rows:
        for node in {str(actor), *represents.get(str(actor), ())}:
            if node in graph:
                members[(str(item), str(kind))].add(node)
    for (_, item_kind), actors in sorted(members.items()):
        for left, right in combinations(sorted(actors), 2):
            if not graph.has_edge(left, right):
                graph.add_edge(left, right, weight=0)
            edge = graph.edges[left, right]
            edge["weight"] += 1
            edge[item_kind.lower()] = edge.get(item_kind.lower(), 0) + 1
    isolated = [n for n in graph if graph.degree(n) == 0]
    graph.remove_nodes_from(isolated)
    return graph


@dataclass(frozen=True)
class Ranked:
    node: str
    label: str
    kind: str
    degree: int  # distinct partners
    weighted_degree: int  # events and agreements with partners
    betweenness: float


@dataclass(frozen=True)
class Centrality:
    countries: list[Ranked]
    officials: list[Ranked]
    communities: list[list[str]] = field(default_factory=list)  # labels, largest community first
    nodes: int = 0
    edges: int = 0

    def as_dict(self) -> dict[str, object]:
        def rows(items: list[Ranked]) -> list[dict[str, object]]:
            return [{"iri": r.node, "label": r.label, "degree": r.degree, "weighted_degree": r.weighted_degree,
                     "betweenness": round(r.betweenness, 6)} for r in items]

        return {"nodes": self.nodes, "edges": self.edges, "countries": rows(self.countries),
                "officials": rows(self.officials), "communities": self.communities}


def compute_centrality(store: Store, top: int = 10) -> Centrality:
    """Rank the most engaged countries and officials (by weighted degree, then
    betweenness) and find communities (greedy modularity) in the relations network."""
    graph = relations_graph(store)
    betweenness = nx.betweenness_centrality(graph) if len(graph) > 2 else dict.fromkeys(graph, 0.0)
    ranked = [Ranked(node, data["label"], data["kind"], graph.degree(node), graph.degree(node, weight="weight"),
                     betweenness[node]) for node, data in graph.nodes(data=True)]
    ranked.sort(key=lambda r: (-r.weighted_degree, -r.betweenness, r.label, r.node))
    communities: list[list[str]] = []
    if graph.number_of_edges():
        found = nx.community.greedy_modularity_communities(graph, weight="weight")
        communities = [sorted(graph.nodes[n]["label"] for n in group) for group in found]
        communities.sort(key=lambda group: (-len(group), group))
    return Centrality(countries=[r for r in ranked if r.kind == "Country"][:top],
                      officials=[r for r in ranked if r.kind == "Official"][:top],
                      communities=communities, nodes=graph.number_of_nodes(), edges=graph.number_of_edges())


def format_centrality(result: Centrality) -> str:
    lines = [f"relations network: {result.nodes} nodes, {result.edges} edges"]
    for title, items in (("countries", result.countries), ("officials", result.officials)):
        lines.append(f"\nmost engaged {title}:    partners  weight  betweenness")
        lines += [f"  {printable(r.label)[:28]:<28}{r.degree:>8}{r.weighted_degree:>8}{r.betweenness:>13.3f}"
                  for r in items]
    lines.append("\ncommunities:")
    lines += [f"  {i}. {printable(', '.join(group))}" for i, group in enumerate(result.communities, 1)]
    return "\n".join(lines) + "\n"


NETWORK_FORMATS = ("csv", "gexf", "graphml")


#: Edge attributes besides weight: one count per kind of event or agreement.
EDGE_KINDS = ("meeting", "visit", "phonecall", "statement", "agreement")
NODE_ATTRIBUTES = ("label", "kind", "iso")


def _complete(graph: nx.Graph) -> nx.Graph:
    """The network with every attribute on every node and edge (0 or "" where there is none),
    and those values declared as defaults, so GraphML and GEXF readers never see a gap."""
    full = nx.Graph()
    full.graph["node_default"] = dict.fromkeys(NODE_ATTRIBUTES, "")
    full.graph["edge_default"] = {"weight": 0, **dict.fromkeys(EDGE_KINDS, 0)}
    for node in sorted(graph):
        data = graph.nodes[node]
        full.add_node(node, **{name: str(data.get(name, "")) for name in NODE_ATTRIBUTES})
    for left, right in sorted(tuple(sorted(edge)) for edge in graph.edges()):
        data = graph.edges[left, right]
        full.add_edge(left, right, weight=int(data.get("weight", 0)),
                      **{kind: int(data.get(kind, 0)) for kind in EDGE_KINDS})
    return full


def write_network(graph: nx.Graph, fmt: str, output: BinaryIO, table: str = "edges") -> None:
    """GraphML or GEXF 1.2 (Gephi, yEd, Cytoscape), or one CSV table, nodes or edges (spreadsheets,
    Gephi's spreadsheet import). Every attribute is on every node and edge; the same network
    gives the same bytes."""
    graph = _complete(graph)
    if fmt == "graphml":
        nx.write_graphml(graph, output)
    elif fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer, version="1.2draft")
        # the writer stamps today's date: drop it, so the same store gives the same file
        output.write(re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1))
    else:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        if table == "nodes":
            writer.writerow(["id", "label", "kind", "iso", "partners", "weight"])
            for node, data in graph.nodes(data=True):
                writer.writerow([node, data["label"], data["kind"], data["iso"], graph.degree(node),
                                 graph.degree(node, weight="weight")])
        else:
            writer.writerow(["source", "target", "source_label", "target_label", "source_kind", "target_kind",
                             "weight", *EDGE_KINDS])
            for left, right, data in graph.edges(data=True):
                a, b = graph.nodes[left], graph.nodes[right]
                writer.writerow([left, right, a["label"], b["label"], a["kind"], b["kind"], data["weight"],
                                 *(data[k] for k in EDGE_KINDS)])
        output.write(text.getvalue().encode("utf-8"))
