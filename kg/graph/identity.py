"""Identity across articles: one person, one node, however each article names them.

Extraction keys a person by Wikidata id, else by full name and country. An
article that names someone only by surname ("Mr Rubio", "Secretary Blinken")
gets a key of its own, which would split one person into two nodes. Before an
article is built, such officials are looked up among the officials the store
already knows: when exactly one known official of the same country has that
surname, the article's official takes that identity and full name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kg.extract.names import name_tokens
from kg.graph.vocab import with_prefixes
from kg.model import Actor, Country, Facts, Official
from kg.store.base import Store, sparql_literal

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
    """A Lookup over the officials already in `store` (each answer is one SPARQL query)."""

    def lookup(surname: str, country: str | None) -> list[tuple[str, str, str | None]]:
        where_country = f"?o diplo:represents ?c . ?c diplo:isoCode {sparql_literal(country)} ." if country else ""
        sparql = f"""SELECT DISTINCT ?o ?label ?same WHERE {{
            ?o a diplo:Official ; rdfs:label ?label . {where_country}
            FILTER(STRENDS(LCASE(STR(?label)), {sparql_literal(" " + surname.lower())}))
            OPTIONAL {{ ?o owl:sameAs ?same }}
        }}"""
        out: list[tuple[str, str, str | None]] = []
        for node, label, same in store.query(with_prefixes(sparql)).rows:
            qid = str(same).rsplit("/", 1)[-1] if same is not None else None
            out.append((str(label), str(node).rsplit("/", 1)[-1], qid))
        return out

    return lookup
