"""Viz: the store as one self-contained, offline, interactive HTML graph.

Two views: ``entities`` (officials, countries, organisations, events and
agreements, with role-labelled edges) and ``relations`` (countries and
organisations, an edge per pair weighted by the events and agreements that
join them). :mod:`kg.view.data` reads and filters the graph with SPARQL;
:mod:`kg.view.render` renders it into our template in ``viz/`` with
vis-network inlined, so the page needs no network::

    from kg.store import open_store
    from kg.view.page import ViewOptions, write_graph_page

    options = ViewOptions.parse(view="relations", country="KZ", since="2025-01-01")
    page = write_graph_page(open_store("kg-store", read_only=True), "kz.html", options)
    print(page.nodes, page.edges, page.notice)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.files import write_atomically
from kg.store.base import Store
from kg.view.data import VIEWS, ViewOptions, read_view_graph, select_view
from kg.view.render import render_page

__all__ = ["VIEWS", "GraphPage", "ViewOptions", "build_graph_page", "write_graph_page"]


@dataclass(frozen=True)
class GraphPage:
    """What :func:`write_graph_page` wrote: where, how many nodes and edges, and any notice."""

    path: Path | None  # None when written to stdout
    nodes: int
    edges: int
    total_nodes: int
    notice: str
    html: str

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))


def build_graph_page(store: Store, options: ViewOptions | None = None) -> GraphPage:
    """The page for `store` under `options`, not written anywhere (``path`` is None)."""
    options = options or ViewOptions()
    view = select_view(read_view_graph(store), options)
    page, counts = render_page(view, options.title, options.renderer_for(len(view.nodes)))
    return GraphPage(path=None, nodes=counts.nodes, edges=counts.edges, total_nodes=counts.total_nodes,
                     notice=view.notice, html=page)


def write_graph_page(
    store: Store, path: str | os.PathLike[str], options: ViewOptions | None = None
) -> GraphPage:
    """Write the HTML graph of `store` to `path` atomically (``-`` for stdout)."""
    page = build_graph_page(store, options)
    if str(path) == "-":
        sys.stdout.write(page.html)
        sys.stdout.flush()
        return page
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for the page, e.g. {target / 'graph.html'}")
    write_atomically(target, lambda output: output.write(page.html.encode("utf-8")))
    return GraphPage(path=target, nodes=page.nodes, edges=page.edges, total_nodes=page.total_nodes,
                     notice=page.notice, html=page.html)
