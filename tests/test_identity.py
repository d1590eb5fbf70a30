"""One person, one node across articles, however each article names them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kg.extract.names import name_tokens
from kg.graph.build import build_article_graph, graph_iri
from kg.graph.identity import Lookup, store_lookup
from kg.graph.vocab import with_prefixes
from kg.model import Country, Evidence, Facts, Official, Post
from kg.pipeline import ingest_articles, remove_article, store_graphs
from kg.query.run import run_query
from kg.sources.article import Article, make_article
from kg.store import open_store
from kg.store.base import MEMORY, Store, sparql_literal


def officials(store: object) -> set[str]:
    rows = run_query(store, "SELECT DISTINCT ?o WHERE { ?o a diplo:Official ; rdfs:label ?l . "  # type: ignore[arg-type]
                            "FILTER(CONTAINS(?l, 'Holloway')) }").rows
    return {str(row[0]) for row in rows}


def test_surname_only_mention_joins_the_known_official() -> None:
    store = open_store(MEMORY)
    first = make_article("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today.",
                         url="https://www.state.gov/a/", published="2025-07-11")
    second = make_article("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.",
                          url="https://www.state.gov/b/", published="2025-07-12")
    ingest_articles(store, [first, second])
    [node] = officials(store)
    labels = {str(r[0]) for r in run_query(store, f"SELECT ?l WHERE {{ <{node}> rdfs:label ?l }}").rows}
    assert labels == {"Marcus Holloway"}
    calls = run_query(store, f"ASK {{ ?e a diplo:PhoneCall ; diplo:participant <{node}> }}")
    assert calls.boolean is True


def test_two_people_of_one_surname_stay_apart() -> None:
    store = open_store(MEMORY)
    ingest_articles(store, [
        make_article("US Special Envoy Marcus Holloway met Foreign Minister Wang Yi of China today.",
                     url="https://www.state.gov/a/", published="2025-07-11"),
        make_article("US Ambassador Carla Holloway met Foreign Minister Wang Yi of China today.",
                     url="https://www.state.gov/c/", published="2025-07-11"),
        make_article("Special Envoy Holloway spoke with Foreign Minister Lavrov of Russia today.",
                     url="https://www.state.gov/b/", published="2025-07-12"),
    ])
    assert len(officials(store)) == 3  # ambiguous: the surname-only mention keeps its own node


# -- the lookup by name key answers what the scan of every official's labels answered ----------

US, AU, GB, JP, FR = (Country("US", "United States"), Country("AU", "Australia"), Country("GB", "United Kingdom"),
                      Country("JP", "Japan"), Country("FR", "France"))
#: (name as the article writes it, key, Wikidata id, country or None): officials sharing surnames across
#: countries, one person under two names, a surname alone, a suffix, a surname written first, a particle.
NAMED = [("Marcus Holloway", "marcus-holloway-us", None, US), ("Marcus J. Holloway", "marcus-holloway-us", None, US),
         ("Carla Holloway", "carla-holloway-us", None, US), ("Anna Holloway", "anna-holloway-au", None, AU),
         ("Holloway", "holloway-us", None, US), ("Peter Holloway Jr.", "peter-holloway-gb", None, GB),
         ("Dana Holloway", "dana-holloway", None, None), ("KISHIDA Fumio", "Q132345", "Q132345", JP),
         ("Jean-Yves Le Drian", "Q1686", "Q1686", FR), ("Elena Rubio-Castro", "elena-rubio-castro-us", None, US),
         ("Marco Rubio", "Q324546", "Q324546", US)]


def old_lookup(store: Store) -> Lookup:
    """The lookup before name keys: every official's labels, filtered by their ending."""

    def lookup(surname: str, country: str | None) -> list[tuple[str, str, str | None]]:
        where_country = f"?o diplo:represents ?c . ?c diplo:isoCode {sparql_literal(country)} ." if country else ""
        rows = store.query(with_prefixes(f"""SELECT DISTINCT ?o ?label ?same WHERE {{
            ?o a diplo:Official ; rdfs:label ?label . {where_country}
            FILTER(STRENDS(LCASE(STR(?label)), {sparql_literal(" " + surname.lower())}))
            OPTIONAL {{ ?o owl:sameAs ?same }} }}""")).rows
        return [(str(label), str(node).rsplit("/", 1)[-1], str(same).rsplit("/", 1)[-1] if same else None)
                for node, label, same in rows]

    return lookup


def named_store(location: Path) -> tuple[Store, list[str]]:
    """A store on disk with one article per name of NAMED, written as ingest writes them."""
    store = open_store(location)
    graphs = []
    for number, (name, key, qid, country) in enumerate(NAMED):
        official = Official(name, key, qid)
        article = Article(body=f"Article {number}: {name} spoke.", title=name, published=date(2025, 1, 1 + number))
        posts = (Post(official, "Minister", country, Evidence(f"Minister {name}", 0, 9 + len(name))),) \
            if country else ()
        facts = Facts(countries=(country,) if country else (), officials=(official,), posts=posts)
        graphs.append((graph_iri(article), build_article_graph(article, facts, generated_at=datetime(2025, 1, 1))))
    store_graphs(store, graphs)
    store.flush()
    return store, [graph for graph, _ in graphs]


def candidates(lookup: Lookup, surname: str, country: str | None) -> set[tuple[str, str, str | None]]:
    """What unify_officials keeps of a lookup's answer: the names of more than one name word."""
    return {found for found in lookup(surname, country) if len(name_tokens(found[0])) > 1}


def test_the_lookup_by_name_key_answers_as_the_scan_of_labels_did(tmp_path: Path) -> None:
    store, graphs = named_store(tmp_path / "store")
    old, new = old_lookup(store), store_lookup(store)
    surnames = {name.split()[-1] for name, *_ in NAMED} | {"holloway", "HOLLOWAY", "Drian", "Rubio", "Castro", "jr"}
    for surname in sorted(surnames):
        for country in (None, "US", "AU", "GB", "JP", "FR", "ZZ"):
            assert candidates(new, surname, country) == candidates(old, surname, country), (surname, country)
    assert {key for _, key, _ in candidates(new, "Holloway", "US")} == {"marcus-holloway-us", "carla-holloway-us"}
    assert {name for name, _, _ in candidates(new, "Holloway", "US")} == {"Marcus Holloway", "Marcus J. Holloway",
                                                                          "Carla Holloway"}
    assert candidates(new, "Holloway", "AU") == {("Anna Holloway", "anna-holloway-au", None)}
    assert candidates(new, "Fumio", "JP") == {("KISHIDA Fumio", "q132345", "Q132345")}  # IRIs in lower case
    assert len(candidates(new, "Holloway", None)) == 5  # not "Peter Holloway Jr.": his name ends in "Jr."
    assert candidates(new, "Jr.", "GB") == {("Peter Holloway Jr.", "peter-holloway-gb", None)}
    # a key lives in its article's graph: the article gone, its name is no longer found
    remove_article(store, graphs[3].rsplit("/", 1)[-1])
    assert candidates(new, "Holloway", "AU") == candidates(old, "Holloway", "AU") == set()
