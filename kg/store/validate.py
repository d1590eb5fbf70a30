"""Validate: check the store against the SHACL shapes in schema/."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
from rdflib import RDF, Graph, Namespace

from kg.graph.vocab import load_shapes
from kg.store.base import Store

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    triples: int
    turtle: str = ""  # the SHACL validation report graph, as Turtle
    results: tuple[dict[str, str], ...] = ()  # one per violation: focus, path, value, severity, message, shape

    def as_dict(self) -> dict[str, object]:
        return {"conforms": self.conforms, "triples": self.triples, "results": list(self.results)}


def _results(report: Graph) -> tuple[dict[str, str], ...]:
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        values = {name: report.value(result, SH[name]) for name in
                  ("focusNode", "resultPath", "value", "resultSeverity", "resultMessage", "sourceShape")}
        text = {name: "" if value is None else str(value) for name, value in values.items()}
        rows.append({"focus": text["focusNode"], "path": text["resultPath"], "value": text["value"],
                     "severity": text["resultSeverity"].rsplit("#", 1)[-1], "message": text["resultMessage"],
                     "shape": text["sourceShape"]})
    return tuple(sorted(rows, key=lambda row: (row["focus"], row["path"], row["message"], row["value"])))


def validate_graph(data: Graph) -> ValidationReport:
    conforms, report, text = pyshacl.validate(data, shacl_graph=load_shapes(), inference="none", advanced=False)
    assert isinstance(report, Graph)
    report.bind("sh", str(SH))
    return ValidationReport(conforms=bool(conforms), text=str(text), triples=len(data),
                            turtle=report.serialize(format="turtle"), results=_results(report))


def validate_store(store: Store) -> ValidationReport:
    """Validate the union of all article graphs."""
    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    return validate_graph(data)
