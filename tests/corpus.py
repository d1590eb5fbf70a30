"""A small corpus built by hand from kg.model facts, with known answers.

Extraction changes under the saved queries' feet, so their tests build the
graphs straight from Facts with kg.graph.build, as ingest would store them:

    A1 2023-02-28  Blinken (US) meets Tileuberdi (KZ) in Astana; US-KZ memorandum signed
    A2 2023-03-01  Blinken calls Le Drian (FR); Tokayev (KZ) to visit France on 2023-06-01
    A3 2023-03-10  Blinken meets Tileuberdi in Washington; Lavrov (RU) statement (undated);
                   Lavrov and Tileuberdi to meet on 2023-04-01
    A4 2023-04-02  Lavrov met Tileuberdi on 2023-04-01; Blinken and Lavrov to talk by phone (undated)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

from kg.graph.build import actor_iri, build_article_graph, graph_iri
from kg.model import Agreement, Country, Event, Evidence, Facts, Official, Post
from kg.pipeline import store_graphs
from kg.serve import EndpointServer, ServeConfig, make_server
from kg.sources.article import Article
from kg.store import open_store
from kg.store.base import Store, Triple

US = Country("US", "United States", "Q30")
KZ = Country("KZ", "Kazakhstan", "Q232")
FR = Country("FR", "France", "Q142")
RU = Country("RU", "Russia", "Q159")
BLINKEN = Official("Antony Blinken", "Q7821917", "Q7821917")
TILEUBERDI = Official("Mukhtar Tileuberdi", "mukhtar-tileuberdi-kz")
TOKAYEV = Official("Kassym-Jomart Tokayev", "Q361498", "Q361498")
LE_DRIAN = Official("Jean-Yves Le Drian", "Q1686", "Q1686")
LAVROV = Official("Sergey Lavrov", "Q80137", "Q80137")
GENERATED = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _evidence(sentence: str) -> Evidence:
    return Evidence(sentence, 0, len(sentence))


def _post(official: Official, title: str, of: Country) -> Post:
    return Post(official, title, of, _evidence(f"{title} {official.name}"))


def _event(kind: str, who: tuple, status: str, day: date | None, sentence: str, **more: object) -> Event:
    return Event(kind, who, status, _evidence(sentence), date=day, **more)  # type: ignore[arg-type]


MEETING_1 = "Secretary Blinken met Foreign Minister Tileuberdi in Astana."


def corpus() -> list[tuple[Article, Facts]]:
    a1 = Article(body=MEETING_1 + " They signed a memorandum on critical minerals.", title="Blinken in Astana",
                 url="https://example.org/a1", published=date(2023, 2, 28))
    a2 = Article(body="Blinken spoke with Le Drian. Tokayev will visit France in June.", title="Call and visit",
                 url="https://example.org/a2", published=date(2023, 3, 1))
    a3 = Article(body="Blinken met Tileuberdi in Washington. Lavrov made a statement. Lavrov and Tileuberdi will meet.",
                 title="Washington talks", published=date(2023, 3, 10))
    a4 = Article(body="Lavrov met Tileuberdi yesterday. Blinken and Lavrov will speak by phone.", title="Moscow talks",
                 published=date(2023, 4, 2))
    return [
        (a1, Facts(countries=(US, KZ), officials=(BLINKEN, TILEUBERDI),
                   posts=(_post(BLINKEN, "Secretary of State", US), _post(TILEUBERDI, "Foreign Minister", KZ)),
                   events=(_event("Meeting", (BLINKEN, TILEUBERDI, US, KZ), "occurred", date(2023, 2, 28), MEETING_1,
                                  location=KZ),),
                   agreements=(Agreement("Memorandum on critical minerals", (US, KZ), "occurred",
                                         _evidence("They signed a memorandum on critical minerals."),
                                         signatories=(BLINKEN, TILEUBERDI), date=date(2023, 2, 28)),))),
        (a2, Facts(countries=(US, FR, KZ), officials=(BLINKEN, LE_DRIAN, TOKAYEV),
                   posts=(_post(LE_DRIAN, "Foreign Minister", FR), _post(TOKAYEV, "President", KZ)),
                   events=(_event("PhoneCall", (BLINKEN, LE_DRIAN), "occurred", date(2023, 3, 1),
                                  "Blinken spoke with Le Drian."),
                           _event("Visit", (TOKAYEV, KZ, FR), "planned", date(2023, 6, 1),
                                  "Tokayev will visit France in June.", visitors=(TOKAYEV,), destinations=(FR,))))),
        (a3, Facts(countries=(US, KZ, RU), officials=(BLINKEN, TILEUBERDI, LAVROV),
                   posts=(_post(LAVROV, "Foreign Minister", RU), _post(BLINKEN, "Secretary of State", US),
                          _post(TILEUBERDI, "Foreign Minister", KZ)),
                   events=(_event("Meeting", (BLINKEN, TILEUBERDI), "occurred", date(2023, 3, 10),
                                  "Blinken met Tileuberdi in Washington.", location=US),
                           _event("Statement", (LAVROV, RU), "occurred", None, "Lavrov made a statement."),
                           _event("Meeting", (LAVROV, TILEUBERDI), "planned", date(2023, 4, 1),
                                  "Lavrov and Tileuberdi will meet.")))),
        (a4, Facts(countries=(RU, KZ, US), officials=(LAVROV, TILEUBERDI, BLINKEN),
                   posts=(_post(LAVROV, "Foreign Minister", RU), _post(TILEUBERDI, "Foreign Minister", KZ)),
                   events=(_event("Meeting", (LAVROV, TILEUBERDI), "occurred", date(2023, 4, 1),
                                  "Lavrov met Tileuberdi yesterday."),
                           _event("PhoneCall", (BLINKEN, LAVROV), "planned", None,
                                  "Blinken and Lavrov will speak by phone.")))),
    ]


def corpus_graphs() -> list[tuple[str, list[Triple]]]:
    return [(graph_iri(article), build_article_graph(article, facts, generated_at=GENERATED))
            for article, facts in corpus()]


def load_corpus(store: Store) -> Store:
    store_graphs(store, corpus_graphs())
    store.flush()
    return store


def iri(actor: Country | Official) -> str:
    return str(actor_iri(actor))


def serve_corpus(directory: Path, config: ServeConfig) -> Iterator[EndpointServer]:
    """The fixture corpus in a store on disk, served by `kg serve` on loopback until the caller is done."""
    location = directory / "store"
    store = open_store(location)
    load_corpus(store)
    del store  # release the writer's lock: the server opens the store read-only
    endpoint = make_server(str(location), config)
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()
