"""Packed answer rows (kg.graph.answers): every kind of term comes back as it went in, in the order
the query asks for, whatever characters its text holds."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.graph.answers import Answer, pack_rows, unpack_rows
from kg.graph.vocab import DIPLO, XSD
from kg.query.answers import read_answer
from kg.store import open_store
from kg.store.base import MEMORY
from kg.store.order import OrderKey

GRAPH = "https://w3id.org/diplo/id/rollup/test"
ANSWER = Answer(GRAPH, ("who", "name", "n", "day"))


def _store_with(*packed: Literal | None) -> object:
    store = open_store(MEMORY)
    store.add_graph(GRAPH, [(URIRef(f"https://example.org/node/{i}"), DIPLO.answerRows, p)
                            for i, p in enumerate(packed) if p is not None])
    return store


def test_every_kind_of_term_comes_back_as_it_went_in() -> None:
    rows = [
        (URIRef("https://example.org/a"), Literal("Antony Blinken"), Literal(3, datatype=XSD.integer),
         Literal("2024-01-05", datatype=XSD.date)),
        (URIRef("https://example.org/b"), Literal("Ван И", lang="ru"), Literal(12, datatype=XSD.integer), None),
        (URIRef("https://example.org/c"), Literal(""), Literal(7, datatype=XSD.integer), None),
        (URIRef("https://example.org/d"), Literal("typed", datatype=XSD.string), Literal(1, datatype=XSD.integer),
         Literal("2023-12-31", datatype=XSD.date)),
    ]
    store = _store_with(pack_rows(rows[:2]), pack_rows(rows[2:]))
    answer = read_answer(store, ANSWER, [OrderKey("who")])
    assert answer is not None and answer.variables == ["who", "name", "n", "day"]
    # an xsd:string comes back plain, as the stores give it
    assert answer.rows == [*rows[:3], (rows[3][0], Literal("typed"), *rows[3][2:])]


def test_a_text_holding_the_separators_is_packed_as_json() -> None:
    odd = Literal('a\ue000b\ue001c d\t[e]"f"\n')
    packed = pack_rows([(URIRef("https://example.org/a"), odd, None, None)])
    assert packed is not None and str(packed).startswith("[")
    assert unpack_rows(str(packed)) == [("<https://example.org/a", '"' + str(odd), "", "")]
    answer = read_answer(_store_with(packed), ANSWER, [])
    assert answer is not None and answer.rows == [(URIRef("https://example.org/a"), odd, None, None)]


def test_rows_are_sorted_as_the_query_orders_them() -> None:
    def row(who: str, name: str, n: int, day: str | None) -> tuple:
        return (URIRef(f"https://example.org/{who}"), Literal(name), Literal(n, datatype=XSD.integer),
                Literal(day, datatype=XSD.date) if day else None)

    rows = [row("a", "Zed", 2, "2024-01-01"), row("b", "amy", 10, None), row("c", "Bob", 2, "2023-05-01")]
    store = _store_with(*(pack_rows([r]) for r in rows))
    by_count = read_answer(store, ANSWER, [OrderKey("n", descending=True), OrderKey("name", text=True)])
    assert by_count is not None and by_count.rows == [rows[1], rows[2], rows[0]]  # 10 before 2: numbers
    by_day = read_answer(store, ANSWER, [OrderKey("day", bound=True), OrderKey("day")])
    assert by_day is not None and by_day.rows == [rows[1], rows[2], rows[0]]  # the undated first
    by_name = read_answer(store, ANSWER, [OrderKey("n"), OrderKey("name", descending=True, text=True)])
    assert by_name is not None and by_name.rows == [rows[0], rows[2], rows[1]]  # texts descending: one sort a key
    # and as the embedded store sorts the same rows read by SPARQL (kg.store.order)
    text = ("SELECT ?who ?name ?n ?day WHERE { ?who <urn:name> ?name ; <urn:n> ?n OPTIONAL { ?who <urn:day> ?day } } "
            "ORDER BY ?n DESC(STR(?name))")
    plain = open_store(MEMORY)
    plain.add_graph("urn:g", [t for who, name, n, day in rows for t in [
        (who, URIRef("urn:name"), name), (who, URIRef("urn:n"), n), *([(who, URIRef("urn:day"), day)] if day else [])]])
    assert plain.query(text).rows == by_name.rows


def test_the_same_rows_always_pack_the_same_and_none_pack_to_nothing() -> None:
    a = (URIRef("https://example.org/a"), Literal("x"), None, None)
    b = (URIRef("https://example.org/b"), Literal("y"), None, None)
    assert pack_rows([a, b, a]) == pack_rows([b, a])
    assert pack_rows([]) is None


def test_a_column_the_store_cannot_order_leaves_the_answer_to_the_query() -> None:
    rows = [(URIRef("https://example.org/a"), Literal("x", lang="en"), None, None),
            (URIRef("https://example.org/b"), Literal("y", lang="fr"), None, None)]
    store = _store_with(pack_rows(rows))
    assert read_answer(store, ANSWER, [OrderKey("name")]) is None
    assert read_answer(store, ANSWER, [OrderKey("name", text=True)]) is not None
