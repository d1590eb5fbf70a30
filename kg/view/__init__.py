"""View: a store in, an offline HTML page of its graph out.

`data` reads the store into nodes and edges and selects a view, `layout` places them,
`render` writes the page, `page` ties them together; `browser` drives a headless
browser for tests and benchmarks.
"""

from kg.view.data import ViewOptions
from kg.view.page import GraphPage, build_graph_page, write_graph_page

__all__ = ["GraphPage", "ViewOptions", "build_graph_page", "write_graph_page"]
