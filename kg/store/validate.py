"""Validate: check the store against the SHACL shapes in schema/."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph

from kg.graph.vocab import load_shapes
from kg.store.base import Store


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    triples: int


def validate_graph(data: Graph) -> ValidationReport:
    conforms, _, text = pyshacl.validate(data, shacl_graph=load_shapes(), inference="none", advanced=False)
    return ValidationReport(conforms=bool(conforms), text=str(text), triples=len(data))


def validate_store(store: Store) -> ValidationReport:
    """Validate the union of all article graphs."""
    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    return validate_graph(data)
