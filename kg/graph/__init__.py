"""Graph: Facts in, RDF out: one named graph of triples per article.

`vocab` is the ontology's terms, `iris` mints instance IRIs, `build` turns Facts into
triples; `identity` (one person, one node) and `merge` (one event, many reports) ask
the store what it already holds before an article is built.
"""
