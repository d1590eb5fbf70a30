"""Validate: check the store against the SHACL shapes in schema/, and its merged-event summaries
against the reports they summarise."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import Graph

from kg.graph.merge import repair_summaries, stale_summaries
from kg.graph.vocab import load_shapes
from kg.store.base import Store

#: Stale summaries listed in a report at most.
SHOWN = 20


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    triples: int
    repaired: int = 0  # summaries recomputed first (with ``repair``)


def validate_graph(data: Graph) -> ValidationReport:
    conforms, _, text = pyshacl.validate(data, shacl_graph=load_shapes(), inference="none", advanced=False)
    return ValidationReport(conforms=bool(conforms), text=str(text), triples=len(data))


def validate_store(store: Store, repair: bool = False) -> ValidationReport:
    """Validate the union of all article graphs, and that every merged event's summary graph says
    what its reports say (an interrupted run can leave one behind). With `repair`, stale summaries
    are recomputed first (the store must then be open for writing)."""
    repaired = repair_summaries(store) if repair else []
    if repaired:
        store.flush()
    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    report = validate_graph(data)
    stale = stale_summaries(store)
    if not stale:
        return ValidationReport(report.conforms, report.text, report.triples, len(repaired))
    lines = [f"Merged-event summaries out of date: {len(stale)} (left by an interrupted ingest or remove; "
             "the next kg ingest finishes what it noted, kg validate --repair recomputes them all)"]
    lines += [f"  {event}" for event in stale[:SHOWN]] + ([f"  ... and {len(stale) - SHOWN} more"]
                                                         if len(stale) > SHOWN else [])
    text = "\n".join(lines) + ("" if report.conforms else "\n" + report.text)
    return ValidationReport(False, text, report.triples, len(repaired))
