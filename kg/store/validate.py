"""Validate: check the store against the SHACL shapes in schema/, its merged-event summaries
against the reports they summarise, its pair rollups against the events, and its name records'
keys against their names."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyshacl
from rdflib import RDF, Graph, Namespace

from kg.graph.describe import repair_summaries, stale_summaries
from kg.graph.identity import repair_name_keys, stale_name_keys
from kg.graph.migrate import check_layout, lacks_rollups
from kg.graph.rollup import repair_rollups, stale_rollups
from kg.graph.vocab import load_shapes
from kg.store.base import Store

SH = Namespace("http://www.w3.org/ns/shacl#")
#: Stale summaries listed in a report at most.
SHOWN = 20


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    triples: int
    turtle: str = ""  # the SHACL validation report graph, as Turtle
    results: tuple[dict[str, str], ...] = ()  # one per violation: focus, path, value, severity, message, shape
    stale: tuple[str, ...] = ()  # stale merged-event summaries, pair rollups, name records' keys
    repaired: int = 0  # summaries recomputed first (with ``repair``)
    recovered: bool = False  # a change cut off half-way undone first (with ``repair``; a SPARQL server only)

    def as_dict(self) -> dict[str, object]:
        return {"conforms": self.conforms, "triples": self.triples, "results": list(self.results),
                "stale_summaries": list(self.stale), "repaired": self.repaired, "recovered": self.recovered}


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


def validate_store(store: Store, repair: bool = False) -> ValidationReport:
    """Validate the union of the store's graphs against the SHACL shapes, and check that every
    merged event's summary (in its description graph) says what its reports say. With `repair`
    (the store open for writing, in the current layout), a change a killed write left half-made
    is undone and stale summaries are recomputed first."""
    recovered, repaired = False, []
    if repair:
        recovered = store.recover()
        check_layout(store)
        repaired = repair_summaries(store)
        if not lacks_rollups(store):  # a store without any (or without name keys) is brought up by kg migrate
            repaired += repair_name_keys(store)
            repaired += repair_rollups(store)
        store.flush()
    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    report = validate_graph(data)
    stale = tuple(stale_summaries(store))
    kept = not lacks_rollups(store)  # a store without rollups of this version is for kg migrate
    rollups = tuple(stale_rollups(store)) if kept else ()
    keys = tuple(stale_name_keys(store)) if kept else ()
    report = dataclasses.replace(report, repaired=len(repaired), recovered=recovered)
    if not stale and not rollups and not keys:
        return report
    lines: list[str] = []
    for nodes, heading in ((stale, "Merged-event summaries out of date: {} (their description graphs do not say what "
                                   "their reports say; kg validate --repair recomputes them)"),
                           (rollups, "Pair rollups out of date: {} (they do not count what the events and agreements "
                                     "say; kg validate --repair recomputes them)"),
                           (keys, "Name records without the key of their name: {} (surname-only mentions do not "
                                  "find their officials; kg validate --repair gives them their keys)")):
        lines += _listed(heading, nodes)
    stale += rollups + keys
    text = "\n".join(lines) + ("" if report.conforms else "\n" + report.text)
    return dataclasses.replace(report, conforms=False, text=text, stale=stale)


def _listed(heading: str, nodes: tuple[str, ...]) -> list[str]:
    """A heading with the count of `nodes`, then the first SHOWN of them; nothing for none."""
    if not nodes:
        return []
    more = [f"  ... and {len(nodes) - SHOWN} more"] if len(nodes) > SHOWN else []
    return [heading.format(len(nodes)), *(f"  {node}" for node in nodes[:SHOWN]), *more]
