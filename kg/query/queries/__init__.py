"""Saved SPARQL queries, one .rq file each, read with importlib.resources by kg.query.saved.

They order text by ``STR(?x)``, not ``?x``: Virtuoso keeps a string it holds as typed
(``"x"^^xsd:string``, as a bulk load or an earlier graph left it in its dictionary) apart from
the same plain string and orders it after every plain one, so two stores with the same triples
would list them in different orders.
"""
