"""Timeline: events per month by type, planned vs occurred, as an offline page or a picture.

The chart is Vega-Lite, written with altair; vl-convert-python renders it to SVG or PNG
and bundles Vega, Vega-Lite and Vega-Embed into one script for the page (cached on disk,
since bundling takes seconds), so nothing is fetched when the page opens. The page lists,
under the chart, every event with its sentence and article; clicking a bar shows the
events it counts. Article text travels as JSON data and is only ever shown as text::

    from kg.store import open_store
    from kg.view.timeline import TimelineOptions, write_timeline

    store = open_store("kg-store", read_only=True)
    write_timeline(store, "kz.html", TimelineOptions.parse(country="KZ"))
    write_timeline(store, "us-kz.svg", TimelineOptions.parse(pair="US,KZ"))
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.files import write_atomically
from kg.store.base import Store
from kg.view.data import (
    ITEM_CLASSES,
    StoreGraph,
    ViewNode,
    ViewOptions,
    _actors_of,
    _country_iri,
    _day,
    _item_passes,
    read_view_graph,
)
from kg.view.style import script_safe_json
from kg.view.vega import VEGA_LITE_VERSION, timeline_spec, vega_bundle

PICTURE_SUFFIXES = (".svg", ".png")
_PLACEHOLDER = re.compile(r"__(TITLE|VIEW_CSS|VEGA_JS|TIMELINE_JS|DATA)__")
KIND_NAMES = {"PhoneCall": "Phone call"}


@dataclass(frozen=True)
class TimelineOptions:
    """Which events a timeline counts. Build it with :meth:`parse` from strings to get checked values."""

    country: str | None = None
    pair: tuple[str, str] | None = None
    official: str | None = None
    since: date | None = None
    until: date | None = None
    types: tuple[str, ...] = ()
    title: str = ""

    @classmethod
    def parse(cls, country: str | None = None, pair: str | None = None, official: str | None = None,
              since: str | date | None = None, until: str | date | None = None, types: tuple[str, ...] = (),
              title: str | None = None) -> TimelineOptions:
        def iso(code: str, option: str) -> str:
            code = code.strip()
            if not (len(code) == 2 and code.isalpha()):
                raise InputError(f"{option} takes ISO 3166-1 alpha-2 codes such as KZ, not '{code}'")
            return code.upper()

        pair_codes = None
        if pair is not None:
            parts = pair.split(",")
            if len(parts) != 2:
                raise InputError(f"--pair takes two country codes separated by a comma, such as US,KZ, not '{pair}'")
            pair_codes = (iso(parts[0], "--pair"), iso(parts[1], "--pair"))
        by_lower = {name.lower(): name for name in ITEM_CLASSES}
        unknown = [t for t in types if t.lower() not in by_lower]
        if unknown:
            raise InputError(f"Unknown type '{unknown[0]}'. Choose one of: {', '.join(ITEM_CLASSES)}.")
        first, last = _day(since, "--since"), _day(until, "--until")
        if first and last and first > last:
            raise InputError(f"--since {first} is after --until {last}")
        country_code = iso(country, "--country") if country else None
        shown = [f"country {country_code}" if country_code else "",
                 f"{pair_codes[0]} and {pair_codes[1]}" if pair_codes else "", official or ""]
        default_title = "diplo-kg timeline" + (": " + ", ".join(s for s in shown if s) if any(shown) else "")
        return cls(country=country_code, pair=pair_codes, official=(official or "").strip() or None, since=first,
                   until=last, types=tuple(sorted({by_lower[t.lower()] for t in types})),
                   title=title or default_title)


@dataclass(frozen=True)
class Timeline:
    """What a timeline counts: its events, oldest first, and the counts per month, type and status."""

    title: str
    events: list[ViewNode]
    counts: list[dict[str, Any]]  # {"month": "YYYY-MM-01", "type", "status", "count"}
    undated: int

    @property
    def total(self) -> int:
        return len(self.events)


def _official_iris(graph: StoreGraph, name: str) -> set[str]:
    wanted = name.casefold()
    officials = {iri: node.name for iri, node in graph.nodes.items() if node.cls == "Official"}
    exact = {iri for iri, label in officials.items() if label.casefold() == wanted}
    found = exact or {iri for iri, label in officials.items() if wanted in label.casefold()}
    if not found:
        raise InputError(f"No official named '{name}' in the store. Give a full name or a part of one, "
                         "as 'kg query --named official-timeline' would take it.")
    if len({officials[iri] for iri in found}) > 1:
        shown = sorted({officials[iri] for iri in found})
        raise InputError(f"'{name}' matches several officials: {'; '.join(shown[:8])}"
                         f"{' ...' if len(shown) > 8 else ''}. Give the full name.")
    return found


def select_timeline(graph: StoreGraph, options: TimelineOptions) -> Timeline:
    """The events of `graph` that `options` asks for, counted per month, type and status."""
    owners = graph.represents()
    neighbours: dict[str, set[str]] = {}
    for start, end in graph.edges:
        neighbours.setdefault(start, set()).add(end)
    wanted: set[str] = set()
    if options.country:
        wanted.add(_country_iri(graph, options.country))
    pair = {_country_iri(graph, code) for code in options.pair} if options.pair else set()
    officials = _official_iris(graph, options.official) if options.official else set()
    filters = ViewOptions(types=options.types, since=options.since, until=options.until)
    events = []
    for iri, node in graph.nodes.items():
        if not node.is_item or not _item_passes(node, filters):
            continue
        actors = _actors_of(graph, iri, neighbours, owners) | neighbours.get(iri, set())
        if wanted - actors or pair - actors or (officials and not officials & neighbours.get(iri, set())):
            continue
        events.append(node)
    events.sort(key=lambda n: (n.when(), n.cls, n.name, n.iri))
    counts = Counter((n.when()[:7] + "-01", n.cls, n.status or "occurred") for n in events if n.when())
    rows = [{"month": month, "type": kind, "status": status, "count": count}
            for (month, kind, status), count in sorted(counts.items())]
    return Timeline(options.title, events, rows, sum(1 for n in events if not n.when()))


def _asset(name: str) -> str:
    return (resources.files("kg.viz") / name).read_text(encoding="utf-8")


def timeline_payload(timeline: Timeline) -> dict[str, Any]:
    """The page's data: the chart's spec and counts, and every event with its sentence and article."""
    events = []
    for node in timeline.events:
        entry = {"iri": node.iri, "name": node.name, "cls": node.cls, "kind": KIND_NAMES.get(node.cls, node.cls),
                 "date": node.date, "when": node.when(), "status": node.status or "occurred",
                 "evidence": node.evidence}
        if node.source:
            entry.update({"url": node.source.url, "headline": node.source.headline,
                          "published": node.source.published})
        events.append(entry)
    return {"title": timeline.title, "spec": timeline_spec(None), "counts": timeline.counts, "events": events,
            "undated": timeline.undated, "total": timeline.total}


def render_timeline_page(timeline: Timeline) -> str:
    parts = {
        "TITLE": html.escape(timeline.title),
        "VIEW_CSS": _asset("timeline.css"),
        "VEGA_JS": vega_bundle(),
        "TIMELINE_JS": _asset("timeline.js"),
        "DATA": script_safe_json(timeline_payload(timeline)),
    }
    return _PLACEHOLDER.sub(lambda match: parts[match.group(1)], _asset("timeline.html"))


def render_picture(timeline: Timeline, suffix: str) -> bytes:
    """The chart alone as SVG or PNG (vl-convert renders it; no browser needed)."""
    import vl_convert

    spec = timeline_spec(timeline.counts)
    spec["title"] = timeline.title
    if suffix == ".svg":
        return vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION).encode("utf-8")
    return vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE_VERSION, scale=2)


@dataclass(frozen=True)
class TimelineFile:
    path: Path | None
    events: int
    months: int
    kind: str  # "page", "svg" or "png"


def build_timeline(store: Store, options: TimelineOptions | None = None) -> Timeline:
    return select_timeline(read_view_graph(store), options or TimelineOptions.parse())


def write_timeline(store: Store, path: str | os.PathLike[str], options: TimelineOptions | None = None) -> TimelineFile:
    """Write the timeline as an offline page, or as a picture when `path` ends in .svg or .png; ``-`` is stdout."""
    import sys

    timeline = build_timeline(store, options)
    suffix = Path(str(path)).suffix.lower()
    kind = suffix[1:] if suffix in PICTURE_SUFFIXES else "page"
    data = render_picture(timeline, suffix) if kind != "page" else render_timeline_page(timeline).encode("utf-8")
    months = len({row["month"] for row in timeline.counts})
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return TimelineFile(None, timeline.total, months, kind)
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name, e.g. {target / 'timeline.html'}")
    write_atomically(target, lambda output: output.write(data))
    return TimelineFile(target, timeline.total, months, kind)
