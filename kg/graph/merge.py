"""Merge: one event, many reports.

The same meeting is reported by both governments, by wire services and in
follow-ups; a visit is announced weeks before it happens. Before an article's
graph is built, each of its events is compared with the events the store already
holds. A report joins an existing event when it has the same type, compatible
parties and compatible days; it then uses that event's IRI in its own named
graph, with its own evidence, status and article. Nothing is rewritten in other
articles' graphs, so removing an article removes exactly its report.

Each report is a ``diplo:Report`` node in its article's graph; the event itself is
described once, in its description graph (kg.graph.layout), with the union of its
reports and, for an event reported more than once, what it is across them (current
status, first and last report, number of sources), recomputed whenever one of its
reports comes or goes (kg.graph.describe).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kg.errors import InputError
from kg.graph.vocab import with_prefixes
from kg.model import Country, Event, Facts, Official
from kg.store.base import Store, sparql_literal
from kg.terminal import printable

STATUS_ORDER = {"planned": 0, "occurred": 1, "cancelled": 1}


@dataclass(frozen=True)
class MergeOptions:
    """How eager merging is: the shared countries two reports need (at least 2 for a dyad)."""

    enabled: bool = True
    min_shared_countries: int = 2
    #: how many days apart two dated reports of a visit (which lasts) may be
    visit_span_days: int = 7
    #: an undated report joins an event only if reported within this many days of it
    undated_window_days: int = 60


DEFAULT_MERGE = MergeOptions()


@dataclass(frozen=True)
class KnownEvent:
    iri: str
    countries: frozenset[str]
    officials: dict[str, str]  # official IRI -> ISO code it represents ("" when unknown)
    days: frozenset[date]
    kind: str = ""
    reported: frozenset[date] = frozenset()  # publication dates of its reports


@dataclass(frozen=True)
class Match:
    """Why a report joined an event: shown by `kg explain`."""

    event: str
    shared_countries: tuple[str, ...]
    shared_officials: tuple[str, ...]
    day: str

    def reason(self) -> str:
        people = f", officials {', '.join(o.rsplit('/', 1)[-1] for o in self.shared_officials)}" \
            if self.shared_officials else ""
        return (f"same type, countries {', '.join(self.shared_countries)}{people}, "
                f"{'day ' + self.day if self.day else 'no conflicting day'}")


def event_countries(event: Event, facts: Facts) -> set[str]:
    countries = {a.iso for a in (*event.participants, *event.destinations) if isinstance(a, Country)}
    for post in facts.posts:
        if post.official in event.participants and isinstance(post.of, Country):
            countries.add(post.of.iso)
    return countries


def _days(around: date, span: int) -> str:
    """The days within `span` of `around` as SPARQL literals (those the calendar has: none before
    year 1 or after 9999)."""
    first = date.min if around - date.min < timedelta(days=span) else around - timedelta(days=span)
    last = date.max if date.max - around < timedelta(days=span) else around + timedelta(days=span)
    return " ".join(f'"{(first + timedelta(days=d)).isoformat()}"^^xsd:date' for d in range((last - first).days + 1))


def _near(store: Store, day: date | None, published: date | None, kind: str, options: MergeOptions,
          keep: Iterable[str] = ()) -> list[str]:
    """The events of `kind` whose days could be compatible with a report (see _compatible_days):
    looked up by their days and their reports' publication days, literals the store indexes, so
    that they are those of a few weeks, whatever the store's size.

    A dated report is compatible with a dated event by their days alone, so of the events reported
    near its day only the undated count, and those of `keep` (the events reports of the batch
    joined, whose days those reports add to the event's: _by_iri)."""
    window = options.undated_window_days
    undated = ""
    if day is not None:
        span = options.visit_span_days if kind == "Visit" else 0
        dated, published_near = _days(day, span), _days(day, window)
        undated = "FILTER NOT EXISTS { ?e diplo:date ?any }"
    else:
        assert published is not None
        dated = published_near = _days(published, window)
    patterns = [f"VALUES ?near {{ {dated} }} ?e diplo:date ?near . ?e a diplo:{kind}",
                f"VALUES ?near {{ {published_near} }} ?a schema:datePublished ?near . ?e prov:wasDerivedFrom ?a . "
                f"?e a diplo:{kind} {undated}"]
    keep = sorted(set(keep))
    if undated and keep:
        patterns.append(f"VALUES ?e {{ {' '.join(f'<{e}>' for e in keep)} }} ?e prov:wasDerivedFrom ?a . "
                        f"VALUES ?near {{ {published_near} }} ?a schema:datePublished ?near")
    found: set[str] = set()
    for pattern in patterns:  # texts, not terms: a busy day's candidates are hundreds of rows
        found.update(e for (e,) in store.text_rows(with_prefixes(f"SELECT DISTINCT ?e WHERE {{ {pattern} }}"))
                     if e is not None)
    return sorted(found)


def _sharing(store: Store, events: list[str], wanted: set[str], least: int, keep: set[str]) -> list[str]:
    """The events that involve any of the `wanted` countries (directly or through an official), and
    at least `least` of them unless they are of `keep`: two index lookups an event (the events'
    details, asked for next, cost rows for every country, official, day and report of each)."""
    shared: dict[str, set[str]] = {}
    values = f"VALUES ?e {{ {' '.join(f'<{e}>' for e in events)} }}"
    # only the wanted countries' rows come back (filtered, not bound: bound, Oxigraph starts from them)
    codes = f"FILTER(?code IN ({', '.join(sparql_literal(c) for c in sorted(wanted))}))"
    for pattern in ("?e diplo:participant|diplo:destination ?c . ?c diplo:isoCode ?code",
                    "?e diplo:participant ?o . ?o a diplo:Official . ?o diplo:represents ?r . ?r diplo:isoCode ?code"):
        rows = store.text_rows(with_prefixes(f"SELECT DISTINCT ?e ?code WHERE {{ {values} {pattern} {codes} }}"))
        for event, code in rows:
            if event is not None and code in wanted:
                shared.setdefault(event, set()).add(code)
    return [e for e in events if e in shared and (len(shared[e]) >= least or e in keep)]


def known_events(store: Store, kind: str, countries: Iterable[str], report_day: date | None = None,
                 report_published: date | None = None, options: MergeOptions | None = None,
                 keep: Iterable[str] = ()) -> list[KnownEvent]:
    """Events of `kind` in the store that involve any of `countries` (directly or through officials).

    With `options`, only those whose days could be compatible with a report of `report_day`
    published on `report_published` and that share options.min_shared_countries of `countries`
    (the others could not match it), found by day, whatever the store's size; save those of `keep`
    (events that reports of the batch joined, whose countries and days are added to theirs), which
    need only days compatible with theirs (from a report of the batch) and any of the countries."""
    wanted = set(countries)
    codes = " ".join(sparql_literal(c) for c in sorted(wanted))
    if not codes:
        return []
    if options is not None:
        if report_day is None and report_published is None:
            return []  # an undated report of an undated article matches nothing (_compatible_days)
        keep = set(keep)
        near = _near(store, report_day, report_published, kind, options, keep)
        near = _sharing(store, near, wanted, options.min_shared_countries, keep) if near else []
        if not near:
            return []
        candidates = f"VALUES ?e {{ {' '.join(f'<{e}>' for e in near)} }} ?e a diplo:{kind} ."
    else:
        candidates = f"""{{ SELECT DISTINCT ?e WHERE {{
               VALUES ?code {{ {codes} }}
               ?e a diplo:{kind} .
               {{ ?e diplo:participant|diplo:destination ?c . ?c diplo:isoCode ?code }}
               UNION {{ ?e diplo:participant ?o . ?o diplo:represents ?r . ?r diplo:isoCode ?code }} }} }}"""
    # each triple is stored once (kg.graph.layout), so patterns join across the union of graphs
    rows = store.text_rows(with_prefixes(f"""
        SELECT DISTINCT ?e ?country ?official ?represented ?day ?published WHERE {{
          {candidates}
          OPTIONAL {{ ?e diplo:participant|diplo:destination ?c2 . ?c2 diplo:isoCode ?country }}
          OPTIONAL {{ ?e diplo:participant ?official . ?official a diplo:Official .
                     OPTIONAL {{ ?official diplo:represents ?r2 . ?r2 diplo:isoCode ?represented }} }}
          OPTIONAL {{ ?e diplo:date ?day }}
          OPTIONAL {{ ?e prov:wasDerivedFrom ?article . ?article schema:datePublished ?published }}
        }}"""))  # texts, not terms: every row an event's country, official and day, many a busy day
    found: dict[str, tuple[set[str], dict[str, str], set[date], set[date]]] = {}
    for event, country, official, represented, day, published in rows:
        if event is None:
            continue
        countries_of, officials, days, reported = found.setdefault(event, (set(), {}, set(), set()))
        if published is not None:
            reported.add(date.fromisoformat(published))
        if country is not None:
            countries_of.add(country)
        if official is not None:
            officials.setdefault(official, represented if represented is not None else "")
            if represented is not None:
                countries_of.add(represented)
        if day is not None:
            days.add(date.fromisoformat(day))
    return [KnownEvent(iri, frozenset(c), o, frozenset(d), kind, frozenset(r))
            for iri, (c, o, d, r) in found.items() if options is None or c & wanted]


def _compatible_days(day: date | None, days: frozenset[date], kind: str, options: MergeOptions,
                     published: date | None = None, reported: frozenset[date] = frozenset()) -> bool:
    if day is None or not days:
        # an undated report matches a dated one when nothing contradicts it, but only if both were
        # published close together: an undated "meeting of X and Y" three years later is another one
        anchors = {day} if day else ({published} if published else set())
        others = set(days) | set(reported)
        if not anchors or not others:
            return False
        return any(abs((a - b).days) <= options.undated_window_days for a in anchors for b in others)
    span = options.visit_span_days if kind == "Visit" else 0
    return any(abs((day - other).days) <= span for other in days)


def match_event(event: Event, facts: Facts, known: list[KnownEvent], official_iris: dict[Official, str],
                options: MergeOptions, published: date | None = None) -> Match | None:
    """The known event this report is about, if exactly one fits best."""
    countries = event_countries(event, facts)
    mine = {official_iris[a]: next((p.of.iso for p in facts.posts if p.official == a and isinstance(p.of, Country)),
                                   "")
            for a in event.participants if isinstance(a, Official)}
    best: list[tuple[int, Match]] = []
    for candidate in known:
        shared = countries & candidate.countries
        if len(shared) < options.min_shared_countries:
            continue
        if not (countries <= candidate.countries or candidate.countries <= countries):
            continue  # a bilateral meeting is not the summit of five
        if not _compatible_days(event.date, candidate.days, event.kind, options, published, candidate.reported):
            continue
        shared_officials = set(mine) & set(candidate.officials)
        # two reports naming different officials for the same country are two events
        clash = any(code and code in {c for c in candidate.officials.values()} and
                    official not in candidate.officials and
                    not any(o in mine for o, c in candidate.officials.items() if c == code)
                    for official, code in mine.items())
        if clash:
            continue
        score = 10 * len(shared_officials) + len(shared) + (5 if event.date and event.date in candidate.days else 0)
        day = event.date.isoformat() if event.date else (min(candidate.days).isoformat() if candidate.days else "")
        best.append((score, Match(candidate.iri, tuple(sorted(shared)), tuple(sorted(shared_officials)), day)))
    if not best:
        return None
    best.sort(key=lambda item: (-item[0], item[1].event))
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None  # two equally good events: keep the report apart rather than guess
    return best[0][1]


def known_event(iri: str, event: Event, facts: Facts, official_iris: dict[Official, str],
                published: date | None = None) -> KnownEvent:
    """An event of an article not yet written, as later reports in the same batch must see it."""
    officials = {}
    for actor in event.participants:
        if isinstance(actor, Official):
            officials[official_iris[actor]] = next(
                (p.of.iso for p in facts.posts if p.official == actor and isinstance(p.of, Country)), "")
    return KnownEvent(iri, frozenset(event_countries(event, facts)), officials,
                      frozenset({event.date} if event.date else set()), event.kind,
                      frozenset({published} if published else set()))


def _by_iri(events: list[KnownEvent]) -> list[KnownEvent]:
    """One candidate per event, whatever the number of its reports."""
    merged: dict[str, KnownEvent] = {}
    for known in events:
        seen = merged.get(known.iri)
        merged[known.iri] = known if seen is None else KnownEvent(
            known.iri, seen.countries | known.countries, {**seen.officials, **known.officials},
            seen.days | known.days, known.kind or seen.kind, seen.reported | known.reported)
    return list(merged.values())


def resolve_events(store: Store, facts: Facts, official_iris: dict[Official, str],
                   options: MergeOptions = DEFAULT_MERGE, pending: Iterable[KnownEvent] = (),
                   published: date | None = None) -> dict[int, Match]:
    """For each event of `facts` (by index) that reports an event already known, the match.
    `pending` are the events of articles read in this batch but not yet in the store."""
    if not options.enabled:
        return {}
    pending = list(pending)
    matches: dict[int, Match] = {}
    for index, event in enumerate(facts.events):
        countries = event_countries(event, facts)
        if len(countries) < options.min_shared_countries:
            continue
        joined = [k for k in pending if k.kind == event.kind]
        candidates = _by_iri([*known_events(store, event.kind, countries, event.date, published, options,
                                            {k.iri for k in joined}),
                              *joined])
        match = match_event(event, facts, candidates, official_iris, options, published)
        if match is not None:
            matches[index] = match
    return matches


@dataclass(frozen=True)
class Report:
    """One article's report of an event, as `kg explain` shows it."""

    graph: str
    headline: str
    published: str
    status: str
    day: str
    evidence: str
    reason: str


def explain_event(store: Store, event: str) -> list[Report]:
    """Every report of an event, earliest first, with the reason each later one was merged."""
    rows = store.query(with_prefixes(f"""
        SELECT ?g ?headline ?published ?status ?day ?evidence ?reason WHERE {{
          GRAPH ?g {{ ?report diplo:reportOf <{event}> ; diplo:reportedStatus ?status .
                     ?article a diplo:Article .
                     OPTIONAL {{ ?report diplo:reportedDate ?day }}
                     OPTIONAL {{ ?report diplo:reportedEvidence ?evidence }}
                     OPTIONAL {{ ?report diplo:mergeReason ?reason }}
                     OPTIONAL {{ ?article schema:headline ?headline }}
                     OPTIONAL {{ ?article schema:datePublished ?published }} }}
        }} ORDER BY ?published ?g""")).rows
    reports: dict[str, Report] = {}
    for graph, headline, published, status, day, evidence, reason in rows:
        reports.setdefault(str(graph), Report(
            graph=str(graph), headline=str(headline or ""), published=str(published or ""),
            status=str(status).rsplit("#", 1)[-1].lower(), day=str(day or ""), evidence=str(evidence or ""),
            reason=str(reason or "first report")))
    return list(reports.values())


def format_reports(event: str, reports: list[Report]) -> str:
    """The reports as lines for a terminal; what comes from articles has its control characters escaped."""
    event = printable(event)
    if not reports:
        return f"{event}: no report of this event in the store\n"
    lines = [f"{event}: {len(reports)} report{'s' if len(reports) != 1 else ''}"]
    for report in reports:
        lines.append(f"- {printable(report.published) or 'undated'}  {report.status:<9} "
                     f"{printable(report.day) or '(no day)'}  {printable(report.headline or report.graph)}")
        lines.append(f"    why: {printable(report.reason)}")
        if report.evidence:
            lines.append(f"    evidence: {printable(report.evidence[:200])}")
    return "\n".join(lines) + "\n"


def find_event(store: Store, name: str) -> str:
    """The event an IRI, or a unique end of one ('meeting-6750223a548c'), names."""
    name = name.strip().strip("<>")
    rows = store.query(with_prefixes("""SELECT DISTINCT ?e WHERE {
        VALUES ?type { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement } ?e a ?type }""")).rows
    matches = sorted({str(row[0]) for row in rows if str(row[0]) == name or str(row[0]).endswith("/" + name)
                      or (len(name) >= 6 and str(row[0]).endswith(name))})
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputError(f"{name}: no event with this IRI in the store (kg query lists them: "
                         "SELECT ?e ?label WHERE { ?e a diplo:Meeting ; rdfs:label ?label })")
    raise InputError(f"{name}: names {len(matches)} events; give more of the IRI")
