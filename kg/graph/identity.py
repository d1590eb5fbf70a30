"""Identity across articles: one person, one node, however each article names them.

Extraction keys a person by Wikidata id, else by full name and country. An
article that names someone only by surname ("Mr Rubio", "Secretary Blinken")
gets a key of its own, which would split one person into two nodes. Before an
article is built, such officials are looked up among the officials the store
already knows: when exactly one known official of the same country has that
surname, the article's official takes that identity and full name. They are found
by the key their name records carry (kg.graph.layout.name_key); a store written
before keys gets them from ``kg migrate`` (:func:`repair_name_keys`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

from rdflib import Literal, URIRef

from kg.extract.names import name_tokens
from kg.graph.layout import name_key
from kg.graph.vocab import DIPLO, RDF, with_prefixes
from kg.model import Actor, Country, Facts, Official
from kg.store.base import Changes, Store, Term, Triple, sparql_literal, term_syntax

#: (surname, country ISO code or None) -> known officials as (full name, key, Wikidata id)
Lookup = Callable[[str, str | None], list[tuple[str, str, str | None]]]


def _country_of(official: Official, facts: Facts) -> str | None:
    for post in facts.posts:
        if post.official == official and isinstance(post.of, Country):
            return post.of.iso
    return None


def unify_officials(facts: Facts, lookup: Lookup) -> Facts:
    """Facts whose surname-only officials carry the identity of the one known official they name."""
    mapping: dict[Official, Official] = {}
    for official in facts.officials:
        tokens = name_tokens(official.name)
        if official.qid or len(tokens) != 1:
            continue
        surname = official.name.split()[-1]
        candidates = {(name, key, qid) for name, key, qid in lookup(surname, _country_of(official, facts))
                      if len(name_tokens(name)) > 1}
        if len(candidates) == 1:
            name, key, qid = candidates.pop()
            mapping[official] = Official(name=name, key=key, qid=qid)
    if not mapping:
        return facts

    def swap(official: Official) -> Official:
        return mapping.get(official, official)

    def swap_all(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        return tuple(swap(a) if isinstance(a, Official) else a for a in actors)

    posts = tuple(replace(p, official=swap(p.official)) for p in facts.posts)
    events = tuple(replace(e, participants=swap_all(e.participants), visitors=swap_all(e.visitors),
                           hosts=swap_all(e.hosts)) for e in facts.events)
    agreements = tuple(replace(a, signatories=tuple(swap(s) for s in a.signatories)) for a in facts.agreements)
    return replace(facts, officials=tuple(swap(o) for o in facts.officials), posts=posts, events=events,
                   agreements=agreements)


def store_lookup(store: Store) -> Lookup:
    """A Lookup over the officials already in `store` (each answer is one SPARQL query).

    The officials are found by the key of the names their articles give them (their name
    records' diplo:nameKey, kg.graph.layout.name_key): an exact literal, which the store looks
    up in its index, so a lookup costs the officials of that surname, not all officials. Every
    name that ends in the surname has that key; the written name is checked again here because
    a key is the lower case of the name's last word, which the surname must match exactly."""

    def lookup(surname: str, country: str | None) -> list[tuple[str, str, str | None]]:
        key = surname.lower()
        where_country = f"?o diplo:represents ?c . ?c diplo:isoCode {sparql_literal(country)} ." if country else ""
        sparql = f"""SELECT DISTINCT ?o ?label ?same WHERE {{
            ?record diplo:nameKey {sparql_literal(key)} ; diplo:nameOf ?o ; diplo:writtenName ?label .
            ?o a diplo:Official . {where_country}
            OPTIONAL {{ ?o owl:sameAs ?same }}
        }}"""
        out: list[tuple[str, str, str | None]] = []
        for node, label, same in store.query(with_prefixes(sparql)).rows:
            if name_key(str(label)) != key:
                continue
            qid = str(same).rsplit("/", 1)[-1] if same is not None else None
            out.append((str(label), str(node).rsplit("/", 1)[-1], qid))
        return out

    return lookup


# -- the keys of stores written before them: kg migrate, kg validate, kg load ------------------

#: Graphs named in one query's VALUES at most; more, and every name record is read.
GRAPHS_NAMED = 5_000


def _key_changes(store: Store, graphs: Collection[str] | None = None) -> tuple[list[str], Changes]:
    """The name records whose keys are not those of their written names, and the change that
    gives them those: of the article `graphs`, or reading every name record (for migration and
    validation, not for ingest)."""
    if graphs is not None and not graphs:
        return [], Changes()
    within = "" if graphs is None or len(graphs) > GRAPHS_NAMED else \
        f"VALUES ?g {{ {' '.join(term_syntax(URIRef(g)) for g in sorted(graphs))} }}"
    records: dict[tuple[str, str], tuple[set[Term], set[Term]]] = {}
    # the records, then their names, then their keys, by inner joins (as OPTIONALs in GRAPH ?g,
    # Oxigraph would read them for every graph of the store, whatever the VALUES)
    for more in ("", "; diplo:writtenName ?value", "; diplo:nameKey ?value"):
        rows = store.query(with_prefixes(f"""SELECT ?g ?record {"?value" if more else ""} WHERE {{ {within}
            GRAPH ?g {{ ?record a diplo:NameRecord {more} }} }}""")).rows
        for graph_term, record_term, *value in rows:
            names, keys = records.setdefault((str(graph_term), str(record_term)), (set(), set()))
            (keys if "nameKey" in more else names).update(v for v in value if v is not None)
    return _changes_for(records)


def name_key_changes(graphs: Iterable[tuple[str, Iterable[Triple]]]) -> tuple[list[str], Changes]:
    """What :func:`repair_name_keys` finds and writes for `graphs` (name, triples) were the store to
    hold them as given (kg load's files, for graphs the store did not hold): read from the triples,
    no query."""
    records: dict[tuple[str, str], tuple[set[Term], set[Term]]] = {}
    for graph, triples in graphs:
        triples = list(triples)
        typed = {s for s, p, o in triples if p == RDF.type and o == DIPLO.NameRecord}
        for record in typed:
            records.setdefault((graph, str(record)), (set(), set()))
        for s, p, o in triples:
            if s in typed and p in (DIPLO.writtenName, DIPLO.nameKey):
                names, keys = records[(graph, str(s))]
                (keys if p == DIPLO.nameKey else names).add(o)
    return _changes_for(records)


def _changes_for(records: dict[tuple[str, str], tuple[set[Term], set[Term]]]) -> tuple[list[str], Changes]:
    stale: list[str] = []
    changes = Changes()
    for (graph, record), (names, keys) in sorted(records.items()):
        node = URIRef(record)
        wanted = {(node, DIPLO.nameKey, Literal(k)) for k in {name_key(str(n)) for n in names} if k}
        held = {(node, DIPLO.nameKey, k) for k in keys}
        if wanted != held:
            stale.append(record)
            changes.delete.extend((s, p, o, URIRef(graph)) for s, p, o in sorted(held - wanted))
            if wanted - held:
                changes.insert.append((graph, sorted(wanted - held)))
    return stale, changes


def stale_name_keys(store: Store) -> list[str]:
    """The name records without the key of their written name (written before keys), or with another."""
    return _key_changes(store)[0]


def repair_name_keys(store: Store, graphs: Collection[str] | None = None) -> list[str]:
    """Give every name record (of the article `graphs`, if given) the key of its written name,
    in one change; the records repaired."""
    stale, changes = _key_changes(store, graphs)
    if changes:
        store.apply(changes)
    return stale
