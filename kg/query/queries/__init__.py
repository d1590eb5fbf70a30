"""Saved SPARQL queries, one .rq file each, read with importlib.resources by kg.query.saved."""
