"""Rollups: what the pair queries aggregate, kept up to date as articles come and go.

``countries-who-met``, ``officials-who-met`` and ``bilateral-matrix`` count, for every pair
of countries (or officials), the events and agreements they share, and the first and last
date. Answered from the events themselves, that is a join over the whole store at every
call. Instead, the store keeps one node per pair (a ``diplo:CountryPair`` in the graph
``…/id/rollup/country-pairs``, a ``diplo:OfficialPair`` in ``…/id/rollup/official-pairs``)
with those counts and dates, and the saved queries read them (their first versions, kept
in ``kg/query/queries/adhoc/``, answer the same from the events).

The list queries (``officials-who-met``, ``planned-events``, ``agreements``, ``official-timeline``)
are answered from rows the rollups pack in literals (kg.graph.answers): each still planned
event's (``…/rollup/planned``) and each agreement's (``…/rollup/agreements``) on its node; the
official pairs' in :data:`PAIR_BUCKETS` bucket nodes of their graph; and each official's events
of one month on one node of ``…/rollup/events`` (:func:`timeline_node`, ``diplo:timelineOf`` the
official). ``…/rollup/official-names`` keeps every official's names, which the timeline finds
officials by: each name once as a triple (the saved query's text reads them) and once,
lowercased, in the packed rows of one of :data:`NAME_BUCKETS` bucket nodes (the officials
shared out by a hash of their IRI), which kg.query.answers reads whole and searches in Python.
A bucket is rewritten whole when one of its rows changes, and the engine keeps the text a
rewrite leaves behind, so buckets hold a few rows each, and a batch of articles rewrites each
bucket it touches once.

Every :class:`~kg.store.base.Changes` that ingest or removal makes (kg.graph.describe) is
extended here with the rollup updates it implies, so they are committed in the same
transaction. The update is a delta and costs what the change touches, not what the store
holds: the items it affects (the events whose description graphs it changes, the events of
officials and countries whose type or allegiance it changes, the agreements of the article
graphs it writes or drops) are read as they are before and as they will be after the change
(the store's description graphs with the change laid over them); each affected pair's
counts lose the items' old contributions and gain their new ones. A first or last date that
an item took away is looked up again among the pair's other events (a query by the pair's
members). ``stale_rollups`` recomputes them all from scratch, the check ``kg validate`` runs;
``repair_rollups`` writes that recomputation (``kg validate --repair``, ``kg migrate``).
"""

from __future__ import annotations

import hashlib
import operator
import re
import zlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from kg.graph.answers import Answer, encode, pack_rows, pack_texts, unpack_rows
from kg.graph.iris import DEFAULT_BASE
from kg.graph.layout import DESCRIPTION_PREFIX, description_graph, is_description_graph, node_kind
from kg.graph.vocab import DIPLO, PROV, RDF, RDFS, XSD, with_prefixes
from kg.store.base import Changes, Quad, Store, Term, Triple, term_syntax

ROLLUP_PREFIX = DEFAULT_BASE + "rollup/"
#: The node (and graph) saying that the store keeps rollups, by these rules' version.
ROLLUP_INDEX = URIRef(ROLLUP_PREFIX)
#: 1: the pair rollups and planned marks; 2: the same, and every name record carries its key
#: (kg.graph.layout.name_key), which ``kg migrate`` adds to a store of version 1 before it
#: rewrites the index; 3: the official pairs, still planned events, agreements and events carry
#: their answer rows, and the officials' names are kept in a graph of their own (kg.graph.answers);
#: 4: the same, but the official pairs' rows and the names packed in buckets (PAIR_BUCKETS,
#: NAME_BUCKETS) and the events' rows by official and month (timeline_node).
#: A store of another version than this is refused writes (kg.graph.migrate).
ROLLUP_VERSION = 4
COUNTRY_PAIRS = ROLLUP_PREFIX + "country-pairs"
OFFICIAL_PAIRS = ROLLUP_PREFIX + "official-pairs"
PLANNED = ROLLUP_PREFIX + "planned"
AGREEMENTS = ROLLUP_PREFIX + "agreements"
EVENTS = ROLLUP_PREFIX + "events"
#: Every name of every official (diplo:officialName), for official-timeline to find them by: a scan of
#: one predicate of one graph, where the officials' labels are among those of every node.
OFFICIAL_NAMES = ROLLUP_PREFIX + "official-names"
#: How many nodes the officials' lowercased names are packed in (by a hash of the official's IRI):
#: a search reads them all, a few microseconds each, where a scan of the names costs the engine
#: two microseconds a name; a change of an official's names rewrites the rows of its bucket only,
#: a thousandth of the names (the engine keeps the text of a rewritten literal: a few kilobytes).
NAME_BUCKETS = 1024
ROLLUP_GRAPHS = (ROLLUP_PREFIX + "index", COUNTRY_PAIRS, OFFICIAL_PAIRS, PLANNED, AGREEMENTS, EVENTS, OFFICIAL_NAMES)
#: The saved queries whose rows the rollup nodes carry (kg.graph.answers), by name: the rollup
#: graph and the query's variables, in the order of its SELECT.
ANSWERS = {
    "officials-who-met": Answer(OFFICIAL_PAIRS, ("official1", "name_1", "official2", "name_2", "events", "first",
                                                 "last")),
    "planned-events": Answer(PLANNED, ("date", "kind", "event", "label", "article")),
    "agreements": Answer(AGREEMENTS, ("agreement", "label", "status", "date", "party", "party_name")),
    "official-timeline": Answer(EVENTS, ("date", "kind", "status", "event", "label", "official", "article"),
                                names=OFFICIAL_NAMES, search="official"),
}

MET_KINDS = ("Meeting", "Visit", "PhoneCall")
EVENT_KINDS = (*MET_KINDS, "Statement")
#: The counts a pair node holds, by field.
COUNTS = {"met": DIPLO.metCount, "Meeting": DIPLO.meetingCount, "Visit": DIPLO.visitCount,
          "PhoneCall": DIPLO.callCount, "Statement": DIPLO.statementCount, "Agreement": DIPLO.agreementCount}
#: The predicates of description graphs the rollups depend on.
_READ = (RDF.type, DIPLO.status, DIPLO.date, DIPLO.participant, DIPLO.represents, RDFS.label)
#: The only predicates of what a change inserts that :func:`rollup_changes` reads (with the graphs' names).
CHANGE_READS = frozenset({*_READ, DIPLO.party, PROV.wasDerivedFrom})

Key = tuple[str, str, str]  # ("country" | "official", first member IRI, second member IRI)


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def pair_node(key: Key) -> URIRef:
    kind, first, second = key
    digest = hashlib.sha256(f"{first}|{second}".encode()).hexdigest()[:24]
    return URIRef(f"{ROLLUP_PREFIX}{kind}-pair/{digest}")


def _pair_graph(kind: str) -> str:
    return COUNTRY_PAIRS if kind == "country" else OFFICIAL_PAIRS


@dataclass
class Tally:
    """What a pair, or one item's share of it, adds up to."""

    counts: dict[str, int] = field(default_factory=dict)
    dates: set[str] = field(default_factory=set)  # of the met events

    def add(self, other: Tally, sign: int = 1) -> None:
        for name, n in other.counts.items():
            self.counts[name] = self.counts.get(name, 0) + sign * n


@dataclass
class Held:
    """A pair node as the store holds it."""

    counts: dict[str, int]
    first: str | None
    last: str | None
    quads: list[Quad]


# -- what an item (event or agreement) contributes -------------------------------------------

@dataclass
class Facts:
    """The description triples the rollups read, by subject, in one state of the store."""

    by_node: dict[str, list[Triple]] = field(default_factory=dict)

    def values(self, node: str, predicate: URIRef) -> list[Term]:
        return [o for _, p, o in self.by_node.get(node, []) if p == predicate]

    def typed(self, node: str, cls: URIRef) -> bool:
        return cls in self.values(node, RDF.type)


def _members(node: str, facts: Facts) -> tuple[set[str], set[str]]:
    """The countries and officials an event or agreement counts for, from its participants
    (or parties): a country directly, or through an official representing it."""
    countries: set[str] = set()
    officials: set[str] = set()
    for actor in {str(a) for a in facts.values(node, DIPLO.participant)}:
        if facts.typed(actor, DIPLO.Country):
            countries.add(actor)
        if facts.typed(actor, DIPLO.Official):
            officials.add(actor)
        for owner in facts.values(actor, DIPLO.represents):
            if facts.typed(str(owner), DIPLO.Country):
                countries.add(str(owner))
    return countries, officials


def _pairs(members: Iterable[str]) -> list[tuple[str, str]]:
    ordered = sorted(set(members))
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]


def event_shares(event: str, facts: Facts) -> dict[Key, Tally]:
    """What one event adds to each pair, read from `facts`."""
    kinds = {str(t).rsplit("#", 1)[-1] for t in facts.values(event, RDF.type)} & set(EVENT_KINDS)
    if not kinds or DIPLO.Occurred not in facts.values(event, DIPLO.status):
        return {}
    countries, officials = _members(event, facts)
    met = bool(kinds & set(MET_KINDS))
    dates = {str(d) for d in facts.values(event, DIPLO.date)} if met else set()
    shares: dict[Key, Tally] = {}
    for a, b in _pairs(countries):
        counts = {kind: 1 for kind in kinds}
        if met:
            counts["met"] = 1
        shares[("country", a, b)] = Tally(counts, set(dates))
    if met:
        for a, b in _pairs(officials):
            shares[("official", a, b)] = Tally({"met": 1}, set(dates))
    return shares


def agreement_shares(parties: Iterable[str], facts: Facts) -> dict[Key, Tally]:
    """What one agreement adds to each pair of its parties that are countries."""
    countries = {p for p in parties if facts.typed(p, DIPLO.Country)}
    return {("country", a, b): Tally({"Agreement": 1}) for a, b in _pairs(countries)}


# -- the store before and after a change ----------------------------------------------------

def _values(nodes: Iterable[str]) -> str:
    return " ".join(term_syntax(URIRef(n)) for n in sorted(set(nodes)))


class States:
    """The description triples the rollups read, as the store holds them (before) and as it
    will once `changes` is applied (after), loaded node by node as asked for."""

    def __init__(self, store: Store, changes: Changes) -> None:
        self.store = store
        self.before = Facts()
        self.after = Facts()
        self.dropped = {g for g in changes.drop if is_description_graph(g)}
        self.deleted: dict[str, set[Triple]] = {}
        for s, p, o, g in changes.delete:
            if is_description_graph(str(g)):
                self.deleted.setdefault(str(g), set()).add((s, p, o))
        self.inserted: dict[str, list[Triple]] = {}
        for graph, triples in changes.insert:
            if is_description_graph(graph):
                self.inserted.setdefault(graph, []).extend(t for t in triples if t[1] in _READ)

    def changed_nodes(self) -> set[str]:
        return {DEFAULT_BASE + g[len(DESCRIPTION_PREFIX):] for g in (*self.dropped, *self.deleted, *self.inserted)}

    def load(self, nodes: Iterable[str]) -> None:
        wanted = sorted({n for n in nodes if n not in self.before.by_node})
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            for node in chunk:
                self.before.by_node[node] = []
            graphs = " ".join(term_syntax(URIRef(description_graph(n))) for n in chunk)
            # the predicates are kept here, not in the query: bound by VALUES too, Oxigraph reads every
            # quad of each predicate in the store rather than the few graphs asked for
            rows = self.store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}"
                                    ).rows
            for s, p, o in rows:
                if s is not None and p in _READ and str(s) in self.before.by_node:
                    self.before.by_node[str(s)].append((s, p, o))  # type: ignore[arg-type]
            for node in chunk:
                graph = description_graph(node)
                kept = [] if graph in self.dropped else [t for t in self.before.by_node[node]
                                                         if t not in self.deleted.get(graph, set())]
                for triple in self.inserted.get(graph, []):
                    if str(triple[0]) == node and triple not in kept:
                        kept.append(triple)
                self.after.by_node[node] = kept

    def load_around(self, items: Iterable[str]) -> None:
        """Load items, their participants, and whom those represent, in both states."""
        items = list(items)
        self.load(items)
        both = (self.before, self.after)
        actors = {str(a) for n in items for facts in both for a in facts.values(n, DIPLO.participant)}
        self.load(actors)
        owners = {str(o) for n in actors for facts in both for o in facts.values(n, DIPLO.represents)}
        self.load(owners)


def _events_of(store: Store, actors: Iterable[str], predicate: str = "diplo:participant") -> set[str]:
    actors = list(actors)
    if not actors:
        return set()
    rows = store.query(with_prefixes(f"""SELECT DISTINCT ?e WHERE {{ VALUES ?a {{ {_values(actors)} }}
        ?e {predicate} ?a }}""")).rows
    return {str(e) for (e,) in rows}


def _officials_of(store: Store, countries: Iterable[str]) -> set[str]:
    countries = list(countries)
    if not countries:
        return set()
    rows = store.query(with_prefixes(f"""SELECT DISTINCT ?o WHERE {{ VALUES ?c {{ {_values(countries)} }}
        ?o diplo:represents ?c }}""")).rows
    return {str(o) for (o,) in rows}


def _counted(graph: str) -> bool:
    """True for a graph whose agreements count (every graph but the rollups', as computed_rollups reads them)."""
    return not graph.startswith(ROLLUP_PREFIX)


def _agreements_in(store: Store, graphs: Iterable[str]) -> set[str]:
    """The agreements the graphs hold now."""
    graphs = sorted(g for g in set(graphs) if _counted(g))
    found: set[str] = set()
    for start in range(0, len(graphs), 400):
        rows = store.query(with_prefixes(f"""SELECT DISTINCT ?a WHERE {{
            VALUES ?g {{ {_values(graphs[start:start + 400])} }} GRAPH ?g {{ ?a a diplo:Agreement }} }}""")).rows
        found.update(str(a) for (a,) in rows)
    return found


@dataclass
class _Agreement:
    """Where an agreement is typed, and the parties each graph gives it."""

    typed: set[str] = field(default_factory=set)
    parties: dict[str, set[str]] = field(default_factory=dict)

    def counted(self) -> set[str] | None:
        """Its parties as computed_rollups counts them (those of the graphs that type it), or None
        when no graph does."""
        if not self.typed:
            return None
        return {p for g in self.typed for p in self.parties.get(g, set())}


def _agreement_states(store: Store, changes: Changes,
                      others: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The parties of the agreements the change touches (and of `others`), before and after it.

    As computed_rollups counts them: an agreement is its IRI, counted once, with the parties of
    every graph (but the rollups') that types it, whatever the graph and however many hold it. So
    the agreements typed in the graphs the change writes or drops, and those it inserts, types or
    gives parties to, are read as the store holds them, graph by graph (by their IRIs: inner joins,
    no OPTIONAL), and the change is laid over that."""
    written = {g for g, _ in changes.insert if _counted(g)}
    dropped = {g for g in changes.drop if _counted(g)}
    touched = _agreements_in(store, written | dropped) | set(others)
    for graph, triples in changes.insert:
        if _counted(graph):
            touched.update(str(s) for s, p, o in triples
                           if (p == RDF.type and o == DIPLO.Agreement) or p == DIPLO.party)
    touched.update(str(s) for s, p, o, g in changes.delete
                   if _counted(str(g)) and ((p == RDF.type and o == DIPLO.Agreement) or p == DIPLO.party))
    held: dict[str, _Agreement] = {a: _Agreement() for a in touched}
    ordered = sorted(touched)
    for start in range(0, len(ordered), 400):
        chunk = _values(ordered[start:start + 400])
        rows = store.query(with_prefixes(f"""SELECT ?a ?g WHERE {{ VALUES ?a {{ {chunk} }}
            GRAPH ?g {{ ?a a diplo:Agreement }} }}""")).rows
        for node, named in rows:
            if _counted(str(named)):
                held[str(node)].typed.add(str(named))
        rows = store.query(with_prefixes(f"""SELECT ?a ?g ?p WHERE {{ VALUES ?a {{ {chunk} }}
            GRAPH ?g {{ ?a diplo:party ?p }} }}""")).rows
        for node, named, party in rows:
            if _counted(str(named)):
                held[str(node)].parties.setdefault(str(named), set()).add(str(party))
    after = {a: _Agreement({g for g in h.typed if g not in dropped},
                           {g: set(p) for g, p in h.parties.items() if g not in dropped}) for a, h in held.items()}
    for s, p, o, g in changes.delete:
        entry = after.get(str(s))
        if entry is not None and p == RDF.type and o == DIPLO.Agreement:
            entry.typed.discard(str(g))
        elif entry is not None and p == DIPLO.party:
            entry.parties.get(str(g), set()).discard(str(o))
    for graph, triples in changes.insert:
        if not _counted(graph):
            continue
        for s, p, o in triples:
            entry = after.get(str(s))
            if entry is not None and p == RDF.type and o == DIPLO.Agreement:
                entry.typed.add(graph)
            elif entry is not None and p == DIPLO.party:
                entry.parties.setdefault(graph, set()).add(str(o))

    def counted(states: dict[str, _Agreement]) -> dict[str, set[str]]:
        return {a: parties for a, entry in states.items() if (parties := entry.counted()) is not None}

    return counted(held), counted(after)


# -- pair nodes as held, and as written ------------------------------------------------------

def _held(store: Store, keys: Iterable[Key]) -> dict[Key, Held]:
    keys = sorted(set(keys))
    by_node = {str(pair_node(k)): k for k in keys}
    held: dict[Key, Held] = {}
    names = {predicate: name for name, predicate in COUNTS.items()}
    for start in range(0, len(keys), 400):
        chunk = [str(pair_node(k)) for k in keys[start:start + 400]]
        rows = store.query(f"""SELECT ?n ?p ?o ?g WHERE {{ VALUES ?n {{ {_values(chunk)} }}
            GRAPH ?g {{ ?n ?p ?o }} }}""").rows
        for node, predicate, value, graph in rows:
            key = by_node[str(node)]
            entry = held.setdefault(key, Held({}, None, None, []))
            entry.quads.append((node, predicate, value, graph))  # type: ignore[arg-type]
            if predicate in names:
                entry.counts[names[predicate]] = int(str(value))  # type: ignore[index]
            elif predicate == DIPLO.firstMet:
                entry.first = str(value)
            elif predicate == DIPLO.lastMet:
                entry.last = str(value)
    return held


def official_name(official: str, facts: Facts) -> str | None:
    """An official's name as officials-who-met gives it: the first of its labels in code-point order."""
    labels = [str(label) for label in facts.values(official, RDFS.label)]
    return min(labels) if labels else None


def pair_triples(key: Key, counts: dict[str, int], first: str | None, last: str | None,
                 facts: Facts | None = None) -> list[Triple]:
    """A pair node's triples (an official pair's with its members' names, read from `facts`);
    none when the pair shares nothing, or when an official of it has no name."""
    kind, a, b = key
    fields = ("met",) if kind == "official" else tuple(COUNTS)
    if not any(counts.get(name, 0) for name in fields):
        return []
    names: list[Triple] = []
    if kind == "official":
        first_name, second_name = (official_name(a, facts), official_name(b, facts)) if facts else (None, None)
        if first_name is None or second_name is None:
            return []
        names = [(pair_node(key), DIPLO.pairFirstName, Literal(first_name)),
                 (pair_node(key), DIPLO.pairSecondName, Literal(second_name))]
    node = pair_node(key)
    out: list[Triple] = [(node, RDF.type, DIPLO.CountryPair if kind == "country" else DIPLO.OfficialPair),
                         (node, DIPLO.pairFirst, URIRef(a)), (node, DIPLO.pairSecond, URIRef(b))]
    out += [(node, COUNTS[name], _integer(counts.get(name, 0))) for name in fields]
    dates: tuple[Literal | None, Literal | None] = (None, None)
    if counts.get("met", 0) and first is not None and last is not None:
        dates = (Literal(first, datatype=XSD.date), Literal(last, datatype=XSD.date))
        out += [(node, DIPLO.firstMet, dates[0]), (node, DIPLO.lastMet, dates[1])]
    return out + names


#: How many nodes officials-who-met's rows are packed in (by a hash of the pair node): reading a
#: literal costs the engine microseconds, so tens of thousands of pairs, one literal each, took a
#: tenth of a second to read; a change of a pair rewrites its bucket's few rows.
PAIR_BUCKETS = 4096


def _bucket(prefix: str, node: str, buckets: int) -> URIRef:
    """The bucket node, of `buckets` under `prefix`, whose rows hold `node`'s (by a hash of its IRI)."""
    return URIRef(f"{prefix}/{zlib.crc32(node.encode('utf-8')) % buckets:03x}")


def pair_bucket(node: URIRef) -> URIRef:
    """The bucket node whose rows hold the official pair `node`'s row (PAIR_BUCKETS)."""
    return _bucket(OFFICIAL_PAIRS + "/rows", str(node), PAIR_BUCKETS)


def _kept_rows(old: Iterable[Triple], key: Callable[[tuple[str, ...]], object],
               dropped: Collection[object]) -> list[tuple[str, ...]]:
    """The rows a node's triples `old` pack, but those whose `key` is one of `dropped`."""
    return [row for _, predicate, packed in old if predicate == DIPLO.answerRows
            for row in unpack_rows(str(packed)) if key(row) not in dropped]


_PAIR_ROW = (DIPLO.pairFirst, DIPLO.pairFirstName, DIPLO.pairSecond, DIPLO.pairSecondName, DIPLO.metCount,
             DIPLO.firstMet, DIPLO.lastMet)


def pair_row(triples: Iterable[Triple]) -> tuple[str, ...] | None:
    """officials-who-met's row (ANSWERS) of an official pair's triples (pair_triples), in its short
    texts; None for those of a country pair, or none."""
    of = {predicate: value for _, predicate, value in triples}
    if of.get(RDF.type) != DIPLO.OfficialPair:
        return None
    return tuple(encode(of.get(predicate)) for predicate in _PAIR_ROW)


def _pair_row_changes(store: Store, rows: dict[URIRef, dict[tuple[str, str], tuple[str, ...] | None]],
                      changes: Changes, by_graph: dict[str, list[Triple]]) -> None:
    """Add to `changes` the new rows of the buckets whose pairs change (`rows`: each pair's new row,
    or None, by its members' short texts), their other pairs' rows kept."""
    if not rows:
        return
    held = _held_rows(store, OFFICIAL_PAIRS, rows)
    for bucket, changed in sorted(rows.items()):
        old = held.get(str(bucket), set())
        kept = _kept_rows(old, operator.itemgetter(0, 2), changed)
        new = [row for row in changed.values() if row is not None]
        _replace(changes, by_graph, OFFICIAL_PAIRS, old, bucket_triples(bucket, kept + new))


def _met_dates(store: Store, key: Key, without: set[str]) -> tuple[str | None, str | None]:
    """The first and last date of the pair's met events other than `without`, as the store holds them."""
    kind, a, b = key
    if kind == "country":
        # an official of each side: ?o1 and ?o2 (one ?o for both would ask for an official representing both)
        member = "{{ ?e diplo:participant {c} }} UNION {{ ?e diplo:participant ?{o} . ?{o} diplo:represents {c} }}"
        where = member.format(c=term_syntax(URIRef(a)), o="o1") + " " + member.format(c=term_syntax(URIRef(b)), o="o2")
    else:
        where = f"?e diplo:participant {term_syntax(URIRef(a))}, {term_syntax(URIRef(b))} ."
    skip = f"FILTER(?e NOT IN ({', '.join(term_syntax(URIRef(e)) for e in sorted(without))}))" if without else ""
    rows = store.query(with_prefixes(f"""SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{
        {where} VALUES ?t {{ diplo:Meeting diplo:Visit diplo:PhoneCall }}
        ?e a ?t ; diplo:status diplo:Occurred ; diplo:date ?d . {skip} }}""")).rows
    first, last = rows[0] if rows else (None, None)
    return (str(first) if first is not None else None, str(last) if last is not None else None)


# -- the update a change implies -------------------------------------------------------------

def has_rollups(store: Store) -> bool:
    """True when the store keeps rollups (their index node is there, of this version)."""
    index = f"{term_syntax(ROLLUP_INDEX)} {term_syntax(DIPLO.rollupVersion)} {term_syntax(_integer(ROLLUP_VERSION))}"
    return bool(store.query(f"ASK {{ GRAPH {term_syntax(URIRef(ROLLUP_GRAPHS[0]))} {{ {index} }} }}").boolean)


def rollup_version(store: Store) -> int | None:
    """The version of the rollups the store keeps (its index node's), or None."""
    rows = store.query(f"""SELECT ?v WHERE {{ GRAPH {term_syntax(URIRef(ROLLUP_GRAPHS[0]))} {{
        {term_syntax(ROLLUP_INDEX)} {term_syntax(DIPLO.rollupVersion)} ?v }} }}""").rows
    versions = [int(str(v)) for (v,) in rows if v is not None and str(v).isdigit()]
    return max(versions) if versions else None


def _index_triples() -> list[Triple]:
    return [(ROLLUP_INDEX, RDF.type, DIPLO.RollupIndex), (ROLLUP_INDEX, DIPLO.rollupVersion, _integer(ROLLUP_VERSION))]


def rollup_changes(store: Store, changes: Changes) -> Changes:
    """`changes` with the rollup updates it implies added (the same object, extended)."""
    states = States(store, changes)
    changed = states.changed_nodes()
    states.load(changed)
    # items whose share may change: events described anew, and the events of officials and
    # countries whose type or allegiance changes (and of the officials representing such countries)
    events = {n for n in changed if node_kind(URIRef(n)) == "event"}
    moved = [n for n in changed if node_kind(URIRef(n)) != "event" and
             {t for t in states.before.by_node.get(n, [])} != {t for t in states.after.by_node.get(n, [])}]
    countries = [n for n in moved if node_kind(URIRef(n)) == "country"]
    events |= _events_of(store, [*moved, *_officials_of(store, countries)])
    # the agreements the change writes or drops, and those of countries that stop or start being one
    agreements_before, agreements_after = _agreement_states(store, changes,
                                                            _events_of(store, countries, "diplo:party"))
    states.load_around(events)
    states.load({p for parties in (*agreements_before.values(), *agreements_after.values()) for p in parties})

    delta: dict[Key, Tally] = {}
    lost: dict[Key, set[str]] = {}
    gained: dict[Key, set[str]] = {}
    for sign, facts, items in ((-1, states.before, agreements_before), (1, states.after, agreements_after)):
        for parties in items.values():
            for key, tally in agreement_shares(parties, facts).items():
                delta.setdefault(key, Tally()).add(tally, sign)
    for event in events:
        for sign, facts, dates in ((-1, states.before, lost), (1, states.after, gained)):
            for key, tally in event_shares(event, facts).items():
                delta.setdefault(key, Tally()).add(tally, sign)
                dates.setdefault(key, set()).update(tally.dates)
    by_graph: dict[str, list[Triple]] = {}
    _plan_changes(store, states, events, changes, by_graph)
    # the agreements' rows: those written, dropped or changed, and those of parties renamed
    relabeled = [n for n in changed if node_kind(URIRef(n)) != "event" and
                 set(states.before.values(n, RDFS.label)) != set(states.after.values(n, RDFS.label))]
    listed = {*agreements_before, *agreements_after, *_events_of(store, relabeled, "diplo:party")}
    listed.update(str(s) for s, p, _, _ in changes.delete if p in _AGREEMENT_READ and node_kind(s) == "agreement")
    listed.update(str(s) for _, triples in changes.insert for s, p, _ in triples
                  if p in _AGREEMENT_READ and node_kind(s) == "agreement")
    _agreement_changes(store, states, changes, listed, by_graph)
    _event_changes(store, states, changes, events, by_graph)
    _name_changes(store, states, changes, changed, by_graph)
    # the pairs of officials whose name changes, though nothing else of them does
    renamed = [n for n in changed if node_kind(URIRef(n)) == "person" and
               official_name(n, states.before) != official_name(n, states.after)]
    if renamed:
        rows = store.query(with_prefixes(f"""SELECT ?a ?b WHERE {{ VALUES ?o {{ {_values(renamed)} }}
            GRAPH {term_syntax(URIRef(OFFICIAL_PAIRS))} {{ ?pair diplo:pairFirst|diplo:pairSecond ?o ;
            diplo:pairFirst ?a ; diplo:pairSecond ?b }} }}""")).rows
        for a, b in rows:
            delta.setdefault(("official", str(a), str(b)), Tally())
    states.load({member for kind, *members in delta if kind == "official" for member in members})
    held = _held(store, delta) if delta else {}
    pair_rows: dict[URIRef, dict[tuple[str, str], tuple[str, ...] | None]] = {}  # pairs' new rows by bucket
    for key in sorted(delta):
        old = held.get(key, Held({}, None, None, []))
        counts = dict(old.counts)
        for name, n in delta[key].counts.items():
            counts[name] = counts.get(name, 0) + n
        first, last = old.first, old.last
        went, came = lost.get(key, set()), gained.get(key, set())
        if (first is not None and first in went and first not in came) or \
                (last is not None and last in went and last not in came):
            first, last = _met_dates(store, key, events)
        dated = [d for d in (first, last, *came) if d is not None]
        first, last = (min(dated), max(dated)) if dated else (None, None)
        new = pair_triples(key, counts, first, last, states.after)
        if {(s, p, o) for s, p, o, _ in old.quads} != set(new):
            changes.delete.extend(old.quads)
            by_graph.setdefault(_pair_graph(key[0]), []).extend(new)
            if key[0] == "official":
                members = (encode(URIRef(key[1])), encode(URIRef(key[2])))
                pair_rows.setdefault(pair_bucket(pair_node(key)), {})[members] = pair_row(new)
    _pair_row_changes(store, pair_rows, changes, by_graph)
    if not has_rollups(store):
        changes.insert.append((ROLLUP_GRAPHS[0], _index_triples()))
    changes.insert.extend(sorted(by_graph.items()))
    return changes


# -- planned events not yet reported as occurred --------------------------------------------
# A planned event is covered when an occurred event of a kind it has counts all its participants
# among its own, on or after its day (either undated will do): planned-events lists the others,
# which PLANNED marks diplo:stillPlanned. To find the planned events an occurred event may
# cover, each planned event is filed under one of its participants (diplo:planKey): an official
# where it has one (few events each), else its first country or organisation in IRI order.

def plan_key(participants: Iterable[str]) -> str | None:
    participants = list(participants)
    people = sorted(p for p in participants if node_kind(URIRef(p)) == "person")
    others = sorted(p for p in participants if node_kind(URIRef(p)) != "person")
    return people[-1] if people else (others[0] if others else None)


def _planned(event: str, facts: Facts) -> bool:
    return DIPLO.Planned in facts.values(event, DIPLO.status)


def covers(done: str, event: str, facts: Facts, done_facts: Facts | None = None) -> bool:
    """True when `done` (read from `done_facts`, else `facts`) covers the planned `event`."""
    return _coverage(event, facts).covered_by(_coverage(done, done_facts or facts))


@dataclass(frozen=True)
class _Coverage:
    """What covers() compares of an event, read once (computed_rollups compares a popular
    official's plans each with all of the official's occurred events)."""

    participants: frozenset[str]
    types: frozenset[Term]
    days: tuple[str, ...]
    occurred: bool

    def covered_by(self, done: _Coverage) -> bool:
        """True when `done` occurred, shares a type with this planned event, has all its
        participants, and is not known to be before its first day."""
        if not self.participants or not done.occurred or not self.types & done.types:
            return False
        if not self.participants <= done.participants:
            return False
        return not self.days or not done.days or max(done.days) >= min(self.days)


def _coverage(event: str, facts: Facts) -> _Coverage:
    return _Coverage(frozenset(str(p) for p in facts.values(event, DIPLO.participant)),
                     frozenset(facts.values(event, RDF.type)), tuple(str(d) for d in facts.values(event, DIPLO.date)),
                     DIPLO.Occurred in facts.values(event, DIPLO.status))


def plan_triples(event: str, facts: Facts, covered: bool, articles: Iterable[str]) -> list[Triple]:
    """A planned event's marks: the participant it is filed under, and, while no occurred event
    covers it, diplo:stillPlanned and planned-events' rows (ANSWERS), one for each of its kinds,
    labels, days (or none) and the `articles` it is derived from."""
    if not _planned(event, facts):
        return []
    node = URIRef(event)
    key = plan_key(str(p) for p in facts.values(event, DIPLO.participant))
    out: list[Triple] = [(node, DIPLO.planKey, URIRef(key))] if key else []
    if not covered:
        out.append((node, DIPLO.stillPlanned, Literal(True)))
        kinds = [_after_hash(t) for t in facts.values(event, RDF.type) if t in _LISTED]
        days: list[Term | None] = [*facts.values(event, DIPLO.date)] or [None]
        rows = [(day, kind, node, label, URIRef(article)) for kind in kinds
                for label in facts.values(event, RDFS.label) for article in articles for day in days]
        packed = pack_rows(rows)
        if packed is not None:
            out.append((node, DIPLO.answerRows, packed))
    return out


#: The types of event planned-events lists.
_LISTED = frozenset(DIPLO[kind] for kind in EVENT_KINDS)


def _stated(store: Store, subjects: Iterable[str], predicates: Iterable[URIRef],
            changes: Changes | None = None) -> dict[str, set[tuple[Term, Term]]]:
    """What the store says of each subject by `predicates`, in any graph, as (predicate, object)
    pairs: as it holds them, or as it will once `changes` is applied."""
    wanted = frozenset(predicates)
    held: dict[str, set[tuple[Term, Term, str]]] = {node: set() for node in subjects}
    ordered = sorted(held)
    for start in range(0, len(ordered), 400):
        # the predicates kept here, not in the query, as States.load does
        rows = store.query(f"""SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {_values(ordered[start:start + 400])} }}
            GRAPH ?g {{ ?s ?p ?o }} }}""").rows
        for subject, predicate, value, graph in rows:
            if predicate in wanted:
                held[str(subject)].add((predicate, value, str(graph)))  # type: ignore[arg-type]
    if changes is not None:
        dropped = set(changes.drop)
        deleted = {(str(s), p, o, str(g)) for s, p, o, g in changes.delete if p in wanted}
        for node, facts in held.items():
            facts -= {(p, o, g) for p, o, g in facts if g in dropped or (node, p, o, g) in deleted}
        for named, triples in changes.insert:
            for subject, predicate, value in triples:
                if predicate in wanted and str(subject) in held:
                    held[str(subject)].add((predicate, value, named))
    return {node: {(p, o) for p, o, _ in facts} for node, facts in held.items()}


def _derived(store: Store, events: Iterable[str], changes: Changes | None = None) -> dict[str, set[str]]:
    """The articles each event is derived from (prov:wasDerivedFrom, in any graph), as the store
    holds them, or as it will once `changes` is applied."""
    return {event: {str(o) for _, o in stated}
            for event, stated in _stated(store, events, [PROV.wasDerivedFrom], changes).items()}


# -- events: their rows of a participant's timeline; the officials' names ----------------------

def _event_rows(event: str, facts: Facts, articles: Iterable[str]) -> list[tuple[str, ...]]:
    """An event's rows of official-timeline (ANSWERS) but the official, in their short texts: one
    for each of its kinds, statuses, labels, days (or none) and the `articles` it is derived from."""
    node = encode(URIRef(event))
    kinds = [encode(_after_hash(t)) for t in facts.values(event, RDF.type) if t in _LISTED]
    days = [*map(encode, facts.values(event, DIPLO.date))] or [""]
    statuses = [encode(_after_hash(state)) for state in facts.values(event, DIPLO.status)]
    labels = [*map(encode, facts.values(event, RDFS.label))]
    sources = [encode(URIRef(article)) for article in articles]
    return [(day, kind, state, node, label, article) for kind in kinds for state in statuses for label in labels
            for article in sources for day in days]


_MONTH = re.compile(r"\^[^ ]+ (\d{4}-\d{2})-")


def _month(day: str) -> str:
    """The month a row's day (in its short text) files it under: undated, or other for a day that is no
    xsd:date's lexical form."""
    if not day:
        return "undated"
    match = _MONTH.match(day)
    return match.group(1) if match else "other"


def timeline_node(official: str, month: str) -> URIRef:
    """The node whose rows are `official`'s timeline in `month` (_month)."""
    digest = hashlib.sha256(official.encode("utf-8")).hexdigest()[:24]
    return URIRef(f"{EVENTS}/{digest}/{month}")


def _timeline_officials(event: str, facts: Facts) -> list[str]:
    """The officials taking part in `event`, whose timelines its rows are in."""
    return sorted({str(a) for a in facts.values(event, DIPLO.participant) if facts.typed(str(a), DIPLO.Official)})


def timeline_nodes(event: str, facts: Facts) -> dict[URIRef, str]:
    """The timeline nodes `event`'s rows (timeline_rows) are in, whatever its articles, with their
    officials; none when it is of no listed kind."""
    if not any(t in _LISTED for t in facts.values(event, RDF.type)):
        return {}
    months = {_month(encode(day)) for day in facts.values(event, DIPLO.date)} or {"undated"}
    return {timeline_node(official, month): official for official in _timeline_officials(event, facts)
            for month in months}


def timeline_rows(event: str, facts: Facts, articles: Iterable[str]) -> dict[URIRef, tuple[str, list[tuple[str, ...]]]]:
    """An event's rows of official-timeline by the timeline node they belong to (an official taking
    part in it, and the row's month), with that official."""
    rows = _event_rows(event, facts, articles)
    out: dict[URIRef, tuple[str, list[tuple[str, ...]]]] = {}
    if not rows:
        return out
    for official in _timeline_officials(event, facts):
        mark = encode(URIRef(official))
        for row in rows:
            _, chunk = out.setdefault(timeline_node(official, _month(row[0])), (official, []))
            chunk.append((*row[:5], mark, row[5]))
    return out


def timeline_triples(node: URIRef, official: str, rows: Iterable[tuple[str, ...]]) -> list[Triple]:
    """A timeline node's triples: its official, and its rows packed (none for no rows)."""
    packed = pack_texts(rows)
    return [(node, DIPLO.answerRows, packed), (node, DIPLO.timelineOf, URIRef(official))] if packed is not None else []


def name_triples(node: str, facts: Facts) -> list[Triple]:
    """An official's names as official-timeline finds it by (OFFICIAL_NAMES); none for another node."""
    if not facts.typed(node, DIPLO.Official):
        return []
    return [(URIRef(node), DIPLO.officialName, label) for label in facts.values(node, RDFS.label)]


def name_bucket(node: str) -> URIRef:
    """The bucket node whose rows hold `node`'s names (NAME_BUCKETS)."""
    return _bucket(OFFICIAL_NAMES, node, NAME_BUCKETS)


def lowered(names: Iterable[Triple]) -> list[tuple[str, ...]]:
    """Each of `names` (name_triples): the official and the name lowercased, as LCASE(STR(?name))
    reads it (Unicode's full lowercase mapping, which Python's is), in their short texts."""
    return [(encode(who), encode(Literal(str(name).lower()))) for who, _, name in names]


def bucket_triples(bucket: URIRef, rows: Iterable[tuple[str, ...]]) -> list[Triple]:
    """A bucket node's rows, packed (none for no rows): officials and their lowercased names
    (lowered), or official pairs' rows (pair_row)."""
    packed = pack_texts(rows)
    return [(bucket, DIPLO.answerRows, packed)] if packed is not None else []


def _held_rows(store: Store, graph: str, nodes: Iterable[str]) -> dict[str, set[Triple]]:
    """The triples `graph` holds of each of `nodes`."""
    held: dict[str, set[Triple]] = {}
    ordered = sorted(set(nodes))
    for start in range(0, len(ordered), 400):
        rows = store.query(f"""SELECT ?n ?p ?o WHERE {{ VALUES ?n {{ {_values(ordered[start:start + 400])} }}
            GRAPH {term_syntax(URIRef(graph))} {{ ?n ?p ?o }} }}""").rows
        for node, predicate, value in rows:
            held.setdefault(str(node), set()).add((node, predicate, value))  # type: ignore[arg-type]
    return held


def _replace(changes: Changes, by_graph: dict[str, list[Triple]], graph: str, old: set[Triple],
             new: list[Triple]) -> None:
    if old != set(new):
        changes.delete.extend((s, p, o, URIRef(graph)) for s, p, o in sorted(old))
        by_graph.setdefault(graph, []).extend(new)


def _event_changes(store: Store, states: States, changes: Changes, events: set[str],
                   by_graph: dict[str, list[Triple]]) -> None:
    """Add to `changes` the new rows of the timelines that `events` have rows in, before or after it:
    their other events' rows kept, theirs as they will be after it."""
    if not events:
        return
    after = _derived(store, events, changes)
    touched: dict[URIRef, str] = {}
    new: dict[URIRef, list[tuple[str, ...]]] = {}
    for event in sorted(events):
        touched.update(timeline_nodes(event, states.before))  # where its rows were
        for node, (official, rows) in timeline_rows(event, states.after, after[event]).items():
            touched[node] = official
            new.setdefault(node, []).extend(rows)
    marks = {encode(URIRef(event)) for event in events}
    held = _held_rows(store, EVENTS, touched)
    for node, official in sorted(touched.items()):
        old = held.get(str(node), set())
        kept = _kept_rows(old, operator.itemgetter(3), marks)
        _replace(changes, by_graph, EVENTS, old, timeline_triples(node, official, kept + new.get(node, [])))


def _name_changes(store: Store, states: States, changes: Changes, nodes: Iterable[str],
                  by_graph: dict[str, list[Triple]]) -> None:
    """Add to `changes` the new names of the officials among `nodes` whose names or type change,
    and the new rows of their buckets."""
    moved = [n for n in nodes if set(name_triples(n, states.before)) != set(name_triples(n, states.after))]
    if not moved:
        return
    buckets: dict[URIRef, list[str]] = {}
    for node in moved:
        buckets.setdefault(name_bucket(node), []).append(node)
    held = _held_rows(store, OFFICIAL_NAMES, [*moved, *buckets])
    for node in sorted(moved):
        _replace(changes, by_graph, OFFICIAL_NAMES, held.get(node, set()), name_triples(node, states.after))
    for bucket, members in sorted(buckets.items()):
        old = held.get(str(bucket), set())
        gone = {"<" + member for member in members}
        kept = _kept_rows(old, operator.itemgetter(0), gone)
        new = lowered(triple for member in members for triple in name_triples(member, states.after))
        _replace(changes, by_graph, OFFICIAL_NAMES, old, bucket_triples(bucket, kept + new))


# -- agreements: their rows of the saved list ------------------------------------------------
#: What the agreements list reads of an agreement (its parties' names are read from their descriptions).
_AGREEMENT_READ = (RDF.type, RDFS.label, DIPLO.status, DIPLO.date, DIPLO.party)


def _after_hash(term: Term) -> Literal:
    """STRAFTER(STR(term), "#"), as the saved queries name a kind or status."""
    return Literal(str(term).split("#", 1)[1] if "#" in str(term) else "")


def agreement_triples(agreement: str, stated: Iterable[tuple[Term, Term]], facts: Facts) -> list[Triple]:
    """An agreement's rows of the agreements list (ANSWERS), from what the store says of it
    (`stated`: predicate and object pairs) and its parties' names (read from `facts`): one for each
    of its labels, statuses, dates (or none) and named parties (or none, when no party has a name)."""
    stated = set(stated)
    of = {p: [o for q, o in sorted(stated) if q == p] for p in _AGREEMENT_READ}
    if DIPLO.Agreement not in of[RDF.type]:
        return []
    named = [(party, name) for party in of[DIPLO.party] for name in facts.values(str(party), RDFS.label)]
    parties: list[tuple[Term | None, Term | None]] = [*named] or [(None, None)]
    dates: list[Term | None] = [*of[DIPLO.date]] or [None]
    node = URIRef(agreement)
    packed = pack_rows((node, label, _after_hash(state), day, party, name) for label in of[RDFS.label]
                       for state in of[DIPLO.status] for day in dates for party, name in parties)
    return [(node, DIPLO.answerRows, packed)] if packed is not None else []


def _agreement_changes(store: Store, states: States, changes: Changes, agreements: set[str],
                       by_graph: dict[str, list[Triple]]) -> None:
    """Add to `changes` the new rows of `agreements`, read as they will be after it."""
    if not agreements:
        return
    after = _stated(store, agreements, _AGREEMENT_READ, changes)
    states.load({str(o) for stated in after.values() for p, o in stated if p == DIPLO.party})
    held = _held_rows(store, AGREEMENTS, agreements)
    for agreement in sorted(agreements):
        _replace(changes, by_graph, AGREEMENTS, held.get(agreement, set()),
                 agreement_triples(agreement, after[agreement], states.after))


def _covered_elsewhere(store: Store, plan: str, facts: Facts, skip: set[str]) -> bool:
    """True when an occurred event the store holds, other than those of `skip`, covers the planned
    event `plan` (read from `facts`): one ASK by the plan's participants, as :func:`covers` decides."""
    parts = sorted({str(p) for p in facts.values(plan, DIPLO.participant)})
    types = sorted({str(t) for t in facts.values(plan, RDF.type)})
    if not parts or not types:
        return False
    days = sorted(str(d) for d in facts.values(plan, DIPLO.date))
    late = (f"FILTER(NOT EXISTS {{ ?d diplo:date ?any }} || EXISTS {{ ?d diplo:date ?day "
            f"FILTER(STR(?day) >= {term_syntax(Literal(days[0]))}) }})") if days else ""
    others = f"FILTER(?d NOT IN ({', '.join(term_syntax(URIRef(e)) for e in sorted(skip))}))" if skip else ""
    # the status and types are filtered, not bound: bound, Oxigraph starts from every occurred event
    return bool(store.query(with_prefixes(f"""ASK {{
        ?d {" ; ".join(f"diplo:participant {term_syntax(URIRef(p))}" for p in parts)} .
        ?d diplo:status ?status FILTER(?status = diplo:Occurred)
        ?d a ?t FILTER(?t IN ({", ".join(term_syntax(URIRef(t)) for t in types)})) {others} {late} }}""")).boolean)


def _plan_changes(store: Store, states: States, events: set[str], changes: Changes,
                  by_graph: dict[str, list[Triple]]) -> None:
    """Add to `changes` the new marks of the planned events that the change of `events` affects.

    Those are the planned events among `events`, and the planned events an occurred event among
    them covers, before or after (filed under one of its participants). Whether a planned event is
    covered is decided by the changed occurred events (read as they will be) and, only where those
    do not settle it, by one ASK over the store's other occurred events; a planned event that did
    not change keeps its mark when no changed event covers it: still planned if it was, covered if
    an event that did not change covered it. So the cost is that of the change, not of the store."""
    graph = term_syntax(URIRef(PLANNED))
    both = (states.before, states.after)
    done = {e for e in events for facts in both if DIPLO.Occurred in facts.values(e, DIPLO.status)}
    changed = {e for e in events if _planned(e, states.before) or _planned(e, states.after)}
    plans = set(changed)

    def participants(event: str, facts: Facts) -> frozenset[str]:
        return frozenset(str(p) for p in facts.values(event, DIPLO.participant))

    after = {d: participants(d, states.after) for d in done}
    before = {d: participants(d, states.before) for d in done}
    # A planned event that did not change keeps its mark unless a changed occurred event covers it
    # now and it was still planned, or covered it before: so only the still planned ones filed under a
    # participant of an event occurred after the change, and those filed under one of an event occurred
    # before it, are read (a country's planned events, covered long ago, are many and keep their marks),
    # and of those only the ones all of whose participants such an event has (covers() asks for them)
    # and an occurred event that covers what it covered before (a new report of it, a new label) is
    # none of those: the plans it covers are the same, their marks too (a country's covered plans
    # are ever more as the store grows, and one more report of its meeting would read them all)
    def cover(event: str, facts: Facts) -> tuple[frozenset[str], frozenset[Term], tuple[str, ...], bool]:
        seen = _coverage(event, facts)
        return seen.participants, seen.types, tuple(sorted(seen.days)), seen.occurred

    moved = {e for e in done if cover(e, states.before) != cover(e, states.after)}
    still = f"; {term_syntax(DIPLO.stillPlanned)} {term_syntax(Literal(True))}"
    for facts, parts, only in ((states.after, after, still), (states.before, before, "")):
        occurred = [parts[e] for e in moved if DIPLO.Occurred in facts.values(e, DIPLO.status)]
        keys: set[str] = set().union(*occurred)
        if keys:
            rows = store.query(f"""SELECT ?e ?p WHERE {{ VALUES ?k {{ {_values(keys)} }}
                GRAPH {graph} {{ ?e {term_syntax(DIPLO.planKey)} ?k {only} }}
                ?e {term_syntax(DIPLO.participant)} ?p }}""").rows
            filed: dict[str, set[str]] = {}
            for node, participant in rows:
                filed.setdefault(str(node), set()).add(str(participant))
            plans |= {node for node, mine in filed.items() if any(mine <= theirs for theirs in occurred)}
    if not plans:
        return
    states.load(plans)
    held = _held_rows(store, PLANNED, plans)

    def covered_by_done(plan: str, facts: Facts, parts: dict[str, frozenset[str]]) -> bool:
        """Whether a changed occurred event, read from `facts`, covers `plan` (its participants first:
        covers() asks for all of them, and costs more)."""
        mine = participants(plan, states.after)
        return any(mine <= parts[d] and covers(d, plan, states.after, facts) for d in done)

    marks: dict[str, bool] = {}  # by plan, whether it is covered
    for plan in sorted(plans):
        if not _planned(plan, states.after):
            covered = False
        elif covered_by_done(plan, states.after, after):
            covered = True
        elif plan in changed:  # described anew: looked for among the other occurred events
            covered = _covered_elsewhere(store, plan, states.after, events)
        elif (URIRef(plan), DIPLO.stillPlanned, Literal(True)) in held.get(plan, set()):
            covered = False  # no event covered it, and none of those that changed does now
        elif not covered_by_done(plan, states.before, before):
            covered = True  # an event that did not change covers it, as before
        else:  # a changed event covered it and covers it no longer: does another?
            covered = _covered_elsewhere(store, plan, states.after, events)
        was_still = (URIRef(plan), DIPLO.stillPlanned, Literal(True)) in held.get(plan, set())
        if plan in changed or was_still == covered:  # else neither it nor its cover changed: it keeps its marks
            marks[plan] = covered
    # the articles of the plans whose marks are made anew (those of a plan come and go with its description)
    articles = _derived(store, [p for p, covered in marks.items() if _planned(p, states.after) and not covered],
                        changes)
    for plan, covered in marks.items():
        _replace(changes, by_graph, PLANNED, held.get(plan, set()),
                 plan_triples(plan, states.after, covered, articles.get(plan, ())))


# -- all of them from scratch: kg validate, --repair, kg migrate ------------------------------

def _description_facts(store: Store, description_graphs: Collection[str] | None) -> Facts:
    """The triples the rollups read of the description graphs: of every graph under
    DESCRIPTION_PREFIX, or, when the caller knows them all, of `description_graphs`, read by their
    names (a scan of the predicates' quads in every graph, each graph's name tested, costs more
    than reading the few description graphs whole)."""
    facts = Facts()
    if description_graphs is None:
        rows = store.query(f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {" ".join(term_syntax(p) for p in _READ)} }}
            GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{DESCRIPTION_PREFIX}")) }}""").rows
    else:
        ordered = sorted(g for g in set(description_graphs) if g.startswith(DESCRIPTION_PREFIX))
        rows = []
        for start in range(0, len(ordered), 400):
            values = " ".join(term_syntax(URIRef(g)) for g in ordered[start:start + 400])
            sparql = f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            rows += [row for row in store.query(sparql).rows if row[1] in _READ]
    for s, p, o in rows:
        facts.by_node.setdefault(str(s), []).append((s, p, o))  # type: ignore[arg-type]
    return facts


def computed_rollups(store: Store, description_graphs: Collection[str] | None = None) -> dict[str, set[Triple]]:
    """Every pair node the store should hold, by rollup graph, computed from the whole store
    (`description_graphs`: every description graph it holds, if the caller knows them; others
    among them are passed over, as kg load gives the graphs of its files, for a store it filled)."""
    facts = _description_facts(store, description_graphs)
    rows = store.query(with_prefixes(f"""SELECT ?a ?party WHERE {{ GRAPH ?g {{ ?a a diplo:Agreement
        OPTIONAL {{ ?a diplo:party ?party }} }} FILTER(!STRSTARTS(STR(?g), "{ROLLUP_PREFIX}")) }}""")).rows
    agreements: dict[str, set[str]] = {}
    for agreement, party in rows:
        agreements.setdefault(str(agreement), set())
        if party is not None:
            agreements[str(agreement)].add(str(party))
    totals: dict[Key, Tally] = {}
    shares = [agreement_shares(parties, facts) for parties in agreements.values()]
    shares += [event_shares(node, facts) for node in facts.by_node if node_kind(URIRef(node)) == "event"]
    for share in shares:
        for key, tally in share.items():
            total = totals.setdefault(key, Tally())
            total.add(tally)
            total.dates |= tally.dates
    out: dict[str, set[Triple]] = {graph: set() for graph in ROLLUP_GRAPHS}
    if has_rollups(store) or agreements or facts.by_node:
        out[ROLLUP_GRAPHS[0]] = set(_index_triples())
    occurred: dict[str, list[str]] = {}
    events = [node for node in facts.by_node if node_kind(URIRef(node)) == "event"]
    for node in events:
        if DIPLO.Occurred in facts.values(node, DIPLO.status):
            for actor in {str(a) for a in facts.values(node, DIPLO.participant)}:
                occurred.setdefault(actor, []).append(node)
    seen: dict[str, _Coverage] = {}
    derived: dict[str, set[str]] = {}
    for event, article in store.query(f"SELECT ?e ?a WHERE {{ ?e {term_syntax(PROV.wasDerivedFrom)} ?a }}").rows:
        derived.setdefault(str(event), set()).add(str(article))
    for node in events:
        if not _planned(node, facts):
            continue  # plan_triples gives it none
        plan = _coverage(node, facts)
        filed = plan_key(plan.participants)
        covered = filed is not None and any(
            plan.covered_by(seen[d] if d in seen else seen.setdefault(d, _coverage(d, facts)))
            for d in occurred.get(filed, []))
        out[PLANNED].update(plan_triples(node, facts, covered, derived.get(node, ())))
    pair_rows: dict[URIRef, list[tuple[str, ...]]] = {}
    for key, total in totals.items():
        dates = sorted(total.dates)
        triples = pair_triples(key, total.counts, dates[0] if dates else None, dates[-1] if dates else None, facts)
        out[_pair_graph(key[0])].update(triples)
        if (row := pair_row(triples)) is not None:
            pair_rows.setdefault(pair_bucket(pair_node(key)), []).append(row)
    for bucket, found in pair_rows.items():
        out[OFFICIAL_PAIRS].update(bucket_triples(bucket, found))
    stated: dict[str, set[tuple[Term, Term]]] = {}
    reads = ", ".join(term_syntax(p) for p in _AGREEMENT_READ)
    for subject, predicate, value in store.query(with_prefixes(f"""SELECT ?a ?p ?o WHERE {{
            {{ SELECT DISTINCT ?a WHERE {{ ?a a diplo:Agreement }} }} ?a ?p ?o FILTER(?p IN ({reads})) }}""")).rows:
        stated.setdefault(str(subject), set()).add((predicate, value))  # type: ignore[arg-type]
    for listed, said in stated.items():
        out[AGREEMENTS].update(agreement_triples(listed, said, facts))
    timelines: dict[URIRef, tuple[str, list[tuple[str, ...]]]] = {}
    for node in events:
        for timeline, (official, found) in timeline_rows(node, facts, derived.get(node, ())).items():
            timelines.setdefault(timeline, (official, []))[1].extend(found)
    for timeline, (official, found) in timelines.items():
        out[EVENTS].update(timeline_triples(timeline, official, found))
    buckets: dict[URIRef, list[Triple]] = {}
    for node in facts.by_node:
        names = name_triples(node, facts)
        out[OFFICIAL_NAMES].update(names)
        if names:
            buckets.setdefault(name_bucket(node), []).extend(names)
    for bucket, names in buckets.items():
        out[OFFICIAL_NAMES].update(bucket_triples(bucket, lowered(names)))
    return out


def _held_rollups(store: Store) -> dict[str, set[Triple]]:
    held: dict[str, set[Triple]] = {graph: set() for graph in ROLLUP_GRAPHS}
    for graph in ROLLUP_GRAPHS:
        held[graph] = {(s, p, o) for s, p, o, _ in store.quads(graph)}
    return held


def _stale(wanted: dict[str, set[Triple]], held: dict[str, set[Triple]]) -> list[str]:
    return sorted({str(s) for graph in ROLLUP_GRAPHS for s, _, _ in wanted[graph] ^ held[graph]})


def stale_rollups(store: Store) -> list[str]:
    """The rollup nodes (pairs, and the index) missing, out of date or left over."""
    return _stale(computed_rollups(store), _held_rollups(store))


def repair_rollups(store: Store, description_graphs: Collection[str] | None = None) -> list[str]:
    """Bring every rollup graph to what the whole store gives, in one change, when any is
    stale (the triples that differ deleted and inserted); the nodes repaired. `description_graphs`
    as for :func:`computed_rollups`."""
    wanted, held = computed_rollups(store, description_graphs), _held_rollups(store)
    stale = _stale(wanted, held)
    if stale:
        emptied = [graph for graph in ROLLUP_GRAPHS if held[graph] and not wanted[graph]]
        store.apply(Changes(
            drop=emptied,
            delete=[(s, p, o, URIRef(graph)) for graph in ROLLUP_GRAPHS if graph not in emptied
                    for s, p, o in sorted(held[graph] - wanted[graph])],
            insert=[(graph, sorted(wanted[graph] - held[graph])) for graph in ROLLUP_GRAPHS
                    if wanted[graph] - held[graph]]))
    return stale


__all__ = ["ANSWERS", "CHANGE_READS", "COUNTRY_PAIRS", "OFFICIAL_PAIRS", "ROLLUP_GRAPHS", "ROLLUP_PREFIX",
           "computed_rollups", "has_rollups", "pair_triples", "repair_rollups", "rollup_changes", "rollup_version",
           "stale_rollups"]
