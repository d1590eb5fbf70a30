"""Events table: the store as one row per event and actor pair, in the shape of ICEWS / POLECAT.

Event-data users load CSV or Parquet into pandas, R or Stata. Each row carries the event
(its IRI, date, type, status), a source and a target actor (name, ISO 3166-1 alpha-3
country, sector), the CAMEO code and PLOVER category it maps to (the table
``data/event_codes.tsv``), the evidence sentence, its article and the number of merged
reports. ``dyads`` says how an event with several actors becomes rows:

- ``none`` (the default): one row per event; a bilateral event is one pair, and the actors of a
  multilateral one are joined by ``;`` on their side, as POLECAT does (visitors, else hosts, else
  the first actor by name, are the source side);
- ``undirected``: one row per unordered pair of actors;
- ``directed``: one row per ordered pair (a bilateral event gives two rows, A→B and B→A; the
  reverse of a visit is "host a visit").

The queries read the union default graph with DISTINCT, where each shared description
(labels, codes, an event's participants) is stored once; the facts of a report (status,
day, sentence) are read in its article's graph, from the event's ``diplo:Report`` there
(an agreement's own facts stay in its article's graph), tied to the article through
``prov:wasDerivedFrom``::

    from kg.store import open_store
    from kg.query.events import event_table, write_events

    rows = event_table(open_store("kg-store", read_only=True), dyads="directed")
    write_events(open_store("kg-store", read_only=True), "events.parquet")
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.extract.gazetteer import load_gazetteer
from kg.files import write_atomically
from kg.graph.iris import mint_iri
from kg.query.run import run_query
from kg.store.base import Store

DYADS = ("none", "undirected", "directed")
EVENT_CLASSES = ("Meeting", "Visit", "PhoneCall", "Statement", "Agreement")
COLUMNS = (
    "event_id", "event_date", "date_basis", "event_type", "status", "cameo_code", "cameo_label", "plover_type",
    "plover_mode", "plover_context", "source_name", "source_country", "source_sector", "source_id",
    "target_name", "target_country", "target_sector", "target_id", "location_country", "evidence", "article_url",
    "headline", "publisher", "published", "report_count",
)
GOVERNMENT = "government"
INTERNATIONAL = "international organisation"
_ACTOR_ROLES = ("participant", "host", "visitor", "destination", "party", "signatory")

_TYPES = """SELECT DISTINCT ?event ?class WHERE {
  VALUES ?class { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement diplo:Agreement } ?event a ?class }"""
# the article of each report, and what that report says, in the article's graph: an event's
# diplo:Report (kg.graph.layout), an agreement's own facts
_REPORTS = """SELECT DISTINCT ?event ?article ?status ?day ?evidence WHERE {
  VALUES ?class { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement diplo:Agreement }
  ?event a ?class .
  GRAPH ?g { ?event prov:wasDerivedFrom ?article
    OPTIONAL { ?report diplo:reportOf ?event
               OPTIONAL { ?report diplo:reportedStatus ?reported } OPTIONAL { ?report diplo:reportedDate ?reportedDay }
               OPTIONAL { ?report diplo:reportedEvidence ?reportedEvidence } }
    OPTIONAL { ?event diplo:status ?own } OPTIONAL { ?event diplo:date ?ownDay }
    OPTIONAL { ?event diplo:evidence ?ownEvidence } }
  BIND(COALESCE(?reported, ?own) AS ?status)
  BIND(COALESCE(?reportedDay, ?ownDay) AS ?day)
  BIND(COALESCE(?reportedEvidence, ?ownEvidence) AS ?evidence)
}"""
# the same facts from the union, for a report whose facts are not stored beside its provenance
_FACTS = """SELECT DISTINCT ?event ?property ?value WHERE {
  VALUES ?property { diplo:status diplo:date diplo:evidence diplo:currentStatus diplo:reportCount }
  VALUES ?class { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement diplo:Agreement }
  ?event a ?class ; ?property ?value }"""
_ARTICLES = """SELECT DISTINCT ?article ?url ?headline ?published ?publisher WHERE {
  ?article a diplo:Article .
  OPTIONAL { ?article schema:url ?url } OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article diplo:headerField ?field . ?field diplo:key "publisher" ; diplo:value ?publisher }
}"""
_ROLES = """SELECT DISTINCT ?event ?role ?actor WHERE {
  VALUES ?role { diplo:participant diplo:host diplo:visitor diplo:destination diplo:location diplo:party
                 diplo:signatory }
  VALUES ?class { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement diplo:Agreement }
  ?event a ?class ; ?role ?actor }"""
_ACTORS = """SELECT DISTINCT ?actor ?class WHERE {
  VALUES ?class { diplo:Official diplo:Country diplo:Organization } ?actor a ?class }"""
_LABELS = """SELECT DISTINCT ?actor ?label WHERE {
  VALUES ?class { diplo:Official diplo:Country diplo:Organization } ?actor a ?class ; rdfs:label ?label }"""
_CODES = """SELECT DISTINCT ?actor ?iso WHERE { ?actor a diplo:Country ; diplo:isoCode ?iso }"""
_REPRESENTS = """SELECT DISTINCT ?person ?owner WHERE { ?person a diplo:Official ; diplo:represents ?owner }"""


@dataclass(frozen=True)
class EventCode:
    """One row of data/event_codes.tsv: an event type and status (and role) mapped to CAMEO and PLOVER."""

    event_type: str
    status: str
    role: str
    cameo_code: str
    cameo_label: str
    plover_type: str
    plover_mode: str
    plover_context: str


@cache
def event_codes() -> dict[tuple[str, str, str], EventCode]:
    """The mapping table, keyed by (event type, status, role); role is '' for the default row."""
    text = (resources.files("kg.data") / "event_codes.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return {(row["event_type"], row["status"], row["role"]): EventCode(**row) for row in rows}


@cache
def iso3_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3 (data/country_codes.tsv)."""
    text = (resources.files("kg.data") / "country_codes.tsv").read_text(encoding="utf-8")
    return {row["iso"]: row["iso3"] for row in csv.DictReader(io.StringIO(text), delimiter="\t")}


@cache
def _organization_kinds() -> dict[str, str]:
    """Organisation IRI -> its kind in the gazetteer (international, format, government_body)."""
    return {mint_iri("organization", entry.qid or entry.key): entry.kind
            for entry in load_gazetteer().organizations}


@dataclass(frozen=True)
class Actor:
    iri: str
    name: str
    country: str  # ISO alpha-3, or ''
    sector: str


@dataclass
class Report:
    article: str
    status: str = ""
    day: str = ""
    evidence: str = ""


@dataclass
class EventRecord:
    """One event with its actors (by role) and its reports."""

    iri: str
    kind: str
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    reports: list[Report] = field(default_factory=list)
    facts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def _text(term: object) -> str:
    return "" if term is None else str(term)


def _publisher(url: str, header: str) -> str:
    """The publisher the article names, else the host of its URL ('state.gov'), else a domain
    its source line starts with ('commonspace.eu (with Reuters)')."""
    if header:
        return header
    if url.lower().startswith(("http://", "https://")):
        return (urlsplit(url).hostname or "").removeprefix("www.")
    domain = re.match(r"(?:www\.)?([\w-]+(?:\.[\w-]+)*\.[a-z]{2,})\b", url.strip(), re.IGNORECASE)
    return domain.group(1) if domain else ""


class _Actors:
    """Names, countries and sectors of the store's officials, countries and organisations."""

    def __init__(self, store: Store) -> None:
        self.classes: dict[str, str] = {}
        for actor, cls in sorted(run_query(store, _ACTORS).rows):
            self.classes.setdefault(str(actor), _local(cls))
        self.labels: dict[str, str] = {}
        for actor, label in run_query(store, _LABELS).rows:  # the longest label, then the first in order
            old, new = self.labels.get(str(actor), ""), _text(label)
            self.labels[str(actor)] = min(old, new, key=lambda s: (-len(s), s)) if old else new
        self.iso = {str(actor): _text(iso).upper() for actor, iso in sorted(run_query(store, _CODES).rows)}
        self.owners: dict[str, set[str]] = defaultdict(set)
        for person, owner in run_query(store, _REPRESENTS).rows:
            self.owners[str(person)].add(str(owner))

    def name(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]

    def country_of(self, iri: str, context: set[str]) -> str:
        """ISO alpha-2 of a country, an official's country (preferring one in `context`), or ''."""
        if self.classes.get(iri) == "Country":
            return self.iso.get(iri, "")
        if self.classes.get(iri) == "Official":
            countries = sorted(self.iso[o] for o in self.owners.get(iri, ()) if o in self.iso)
            inside = [c for c in countries if c in context]
            return (inside or countries or [""])[0]
        return ""

    def sector_of(self, iri: str) -> str:
        cls = self.classes.get(iri)
        if cls == "Country":
            return GOVERNMENT
        if cls == "Organization":
            return GOVERNMENT if _organization_kinds().get(iri) == "government_body" else INTERNATIONAL
        owners = self.owners.get(iri, set())
        if owners and all(self.classes.get(o) == "Organization" and _organization_kinds().get(o) != "government_body"
                          for o in owners):
            return INTERNATIONAL
        return GOVERNMENT

    def actor(self, iri: str, context: set[str]) -> Actor:
        iso = self.country_of(iri, context)
        return Actor(iri, self.name(iri), iso3_codes().get(iso, iso), self.sector_of(iri))


def read_events(store: Store) -> list[EventRecord]:
    """Every event and agreement with its actors by role and its reports."""
    events: dict[str, EventRecord] = {}
    for event, cls in sorted(run_query(store, _TYPES).rows):
        events.setdefault(str(event), EventRecord(str(event), _local(cls)))
    reports: dict[tuple[str, str], Report] = {}
    for event, article, status, day, evidence in sorted(run_query(store, _REPORTS).rows,
                                                        key=lambda row: tuple(_text(v) for v in row)):
        key = (str(event), str(article))
        report = reports.get(key)
        if report is None:
            report = reports[key] = Report(str(article))
            events[str(event)].reports.append(report)
        report.status = report.status or (_local(status).lower() if status else "")
        report.day = report.day or _text(day)
        report.evidence = report.evidence or _text(evidence)
    for event, prop, value in run_query(store, _FACTS).rows:
        events[str(event)].facts[_local(prop)].add(_local(value).lower() if _local(prop).endswith("tatus")
                                                   else _text(value))
    for event, role, actor in run_query(store, _ROLES).rows:
        events[str(event)].roles[_local(role)].add(str(actor))
    return list(events.values())


def _sides(record: EventRecord, actors: _Actors) -> tuple[list[str], list[str]]:
    """The event's actors as two sides: officials, and the countries and organisations that no
    official of the event represents. The visitors of a visit, or the hosts of an event, form the
    first side; otherwise every actor is on the first side and the second is empty."""
    named = set().union(*(record.roles.get(role, set()) for role in _ACTOR_ROLES))
    officials = {a for a in named if actors.classes.get(a) == "Official"}
    represented = set().union(*(actors.owners.get(o, set()) for o in officials)) if officials else set()
    chosen = sorted((a for a in named if a in officials or (a not in represented and a in actors.classes)),
                    key=lambda a: (actors.name(a), a))
    leading = record.roles.get("visitor", set()) if record.kind == "Visit" else record.roles.get("host", set())
    first = [a for a in chosen if a in leading or actors.owners.get(a, set()) & leading]
    if first and len(first) < len(chosen):
        return first, [a for a in chosen if a not in first]
    return chosen, []


def _pairs(record: EventRecord, first: list[str], second: list[str], dyads: str) -> list[tuple[str, str, str]]:
    """(source, target, role) of each row: across the sides (visitors never pair with each other,
    nor the places they visit), within a side otherwise; both ways when directed."""
    if second:
        pairs = [(a, b, "") for a in first for b in second]
        if record.kind != "Visit":
            pairs += [(a, b, "") for index, a in enumerate(second) for b in second[index + 1:]]
    else:
        pairs = [(a, b, "") for index, a in enumerate(first) for b in first[index + 1:]]
    if dyads == "directed":
        back = "host" if record.kind == "Visit" and second else ""
        pairs += [(b, a, back if a in first else "") for a, b, _ in list(pairs)]
    return pairs


def _code(kind: str, status: str, role: str) -> EventCode | None:
    table = event_codes()
    return table.get((kind, status, role)) or table.get((kind, status, ""))


def _rows_of(record: EventRecord, actors: _Actors, articles: dict[str, dict[str, str]],
             dyads: str) -> Iterable[dict[str, object]]:
    report = max(record.reports, key=lambda r: (articles.get(r.article, {}).get("published", ""), r.article),
                 default=Report(""))
    facts = record.facts
    status = min(facts.get("currentStatus", set())) if facts.get("currentStatus") else \
        report.status or min(facts.get("status", {""}))
    day = report.day or min(facts.get("date", {""}))
    evidence = report.evidence or min(facts.get("evidence", {""}))
    article = articles.get(report.article, {})
    count = int(min(facts["reportCount"])) if facts.get("reportCount") else max(1, len(record.reports))
    first, second = _sides(record, actors)
    everyone = first + second
    context = {actors.country_of(a, set()) for a in everyone if actors.classes.get(a) == "Country"}
    location = sorted(record.roles.get("location", set()))
    location_iso = actors.country_of(location[0], set()) if location else ""
    third_place = bool(location_iso) and location_iso not in {actors.country_of(a, context) for a in everyone}
    base: dict[str, object] = {
        "event_id": record.iri, "event_date": day or article.get("published", ""),
        "date_basis": "event" if day else ("publication" if article.get("published") else ""),
        "event_type": record.kind, "status": status,
        "location_country": iso3_codes().get(location_iso, location_iso), "evidence": evidence,
        "article_url": article.get("url", ""), "headline": article.get("headline", ""),
        "publisher": article.get("publisher", ""), "published": article.get("published", ""),
        "report_count": count,
    }

    def row(sources: list[str], targets: list[str], role: str) -> dict[str, object]:
        code = _code(record.kind, status, "third-location" if record.kind == "Meeting" and third_place else role)
        left = [actors.actor(a, context) for a in sources]
        right = [actors.actor(a, context) for a in targets]
        out = dict(base)
        out.update({
            "cameo_code": code.cameo_code if code else "", "cameo_label": code.cameo_label if code else "",
            "plover_type": code.plover_type if code else "", "plover_mode": code.plover_mode if code else "",
            "plover_context": code.plover_context if code else "",
        })
        for prefix, side in (("source", left), ("target", right)):
            out[f"{prefix}_name"] = "; ".join(a.name for a in side)
            out[f"{prefix}_country"] = "; ".join(a.country for a in side)
            out[f"{prefix}_sector"] = "; ".join(a.sector for a in side)
            out[f"{prefix}_id"] = "; ".join(a.iri for a in side)
        return {column: out[column] for column in COLUMNS}

    if dyads == "none" or len(everyone) < 2:
        yield row(first, second, "") if second else row(everyone[:1], everyone[1:], "")
        return
    for source, target, role in _pairs(record, first, second, dyads):
        yield row([source], [target], role)


def event_table(store: Store, dyads: str = "none") -> list[dict[str, object]]:
    """The events table as a list of rows (dicts with the keys of :data:`COLUMNS`), sorted."""
    if dyads not in DYADS:
        raise InputError(f"Unknown --dyads '{dyads}'. Choose one of: {', '.join(DYADS)}.")
    actors = _Actors(store)
    articles: dict[str, dict[str, str]] = {}
    for article, url, headline, published, publisher in sorted(run_query(store, _ARTICLES).rows,
                                                                key=lambda row: tuple(_text(v) for v in row)):
        articles.setdefault(str(article), {"url": _text(url), "headline": _text(headline),
                                           "published": _text(published),
                                           "publisher": _publisher(_text(url), _text(publisher))})
    rows = [row for record in read_events(store) for row in _rows_of(record, actors, articles, dyads)]
    return sorted(rows, key=lambda r: (str(r["event_date"]), str(r["event_id"]), str(r["source_id"]),
                                       str(r["target_id"])))


def write_events_csv(rows: list[dict[str, object]], output: BinaryIO) -> None:
    text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text.flush()
    text.detach()


def write_events_parquet(rows: list[dict[str, object]], output: BinaryIO) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {column: pa.string() for column in COLUMNS}
    types["report_count"] = pa.int64()
    schema = pa.schema([(column, types[column]) for column in COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, output)


def write_events(store: Store, path: str | os.PathLike[str] | BinaryIO, dyads: str = "none",
                 fmt: str | None = None) -> int:
    """Write the events table to a file (Parquet when its name ends in .parquet, else CSV) or a
    binary stream (CSV unless `fmt` is 'parquet'), atomically; returns the number of rows."""
    rows = event_table(store, dyads)
    if not isinstance(path, (str, os.PathLike)):
        (write_events_parquet if fmt == "parquet" else write_events_csv)(rows, path)
        return len(rows)
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name for the events table, e.g. events.csv")
    parquet = fmt == "parquet" or (fmt is None and target.suffix.lower() == ".parquet")
    write_atomically(target, lambda output: (write_events_parquet if parquet else write_events_csv)(rows, output))
    return len(rows)
