"""A query's final ORDER BY done in Python (kg.store.order) gives Oxigraph's own order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.store.embedded import OxigraphStore
from kg.store.order import OrderKey, split_order

XSD = "http://www.w3.org/2001/XMLSchema#"

# values of the kinds the saved queries sort on, and a few that must be left to Oxigraph
_IRIS = st.sampled_from(["<https://ex.org/a>", "<https://ex.org/b>", "<https://ex.org/a#z>", "<https://ex.org/É>"])
_STRINGS = st.text(alphabet="aAbBzé É-1", max_size=4).map(lambda text: f'"{text}"')
_NUMBERS = st.one_of(
    st.integers(-5, 5).map(str),
    st.integers(-5, 5).map(lambda n: f'"{n}.5"^^<{XSD}decimal>'),
    st.sampled_from(["1.0e0", "-2.5e1", '"INF"^^<http://www.w3.org/2001/XMLSchema#double>']))
_DATES = st.dates().map(lambda day: f'"{day.isoformat()}"^^<{XSD}date>')
_OTHERS = st.sampled_from(['"x"@en', "true", f'"2024-01-01+02:00"^^<{XSD}date>', '"q"^^<https://ex.org/dt>'])


def _column(kind: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(kind, _IRIS, st.just("UNDEF"))


_KINDS = [_STRINGS, _NUMBERS, _DATES, _IRIS]


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[list[str]], list[str]]:
    columns = [_column(draw(st.sampled_from(_KINDS))) for _ in range(3)]
    if draw(st.booleans()):
        columns[draw(st.integers(0, 2))] = st.one_of(_OTHERS, _STRINGS, _NUMBERS)
    rows = draw(st.lists(st.tuples(*columns).map(list), max_size=25))
    keys = draw(st.lists(st.sampled_from(["?a", "?b", "?c", "DESC(?a)", "DESC(?b)", "BOUND(?c)",
                                          "ASC(?c)", "DESC(BOUND(?b))", "STR(?a)", "STR(?c)"]), min_size=1, max_size=4))
    return rows, keys


def _query(rows: list[list[str]], keys: list[str]) -> str:
    values = " ".join("(" + " ".join(row) + ")" for row in rows)
    return f"SELECT ?a ?b ?c WHERE {{ VALUES (?a ?b ?c) {{ {values} }} }}\nORDER BY {' '.join(keys)}"


@settings(max_examples=300, deadline=None)
@given(_tables())
def test_python_order_is_oxigraphs(table: tuple[list[list[str]], list[str]]) -> None:
    rows, keys = table
    store = OxigraphStore()
    sparql = _query(rows, keys)
    # a LIMIT after the clause leaves the sorting to Oxigraph
    assert store.query(sparql).rows == store.query(sparql + f" LIMIT {len(rows) + 1}").rows


def test_only_a_trailing_order_of_variables_is_taken_off() -> None:
    query = "PREFIX x: <https://ex.org/x#>\nSELECT ?a ?b WHERE { ?a x:p ?b }\nORDER BY DESC(?b) ?a BOUND($b)\n# end\n"
    assert split_order(query) == ("PREFIX x: <https://ex.org/x#>\nSELECT ?a ?b WHERE { ?a x:p ?b }\n",
                                  [OrderKey("b", descending=True), OrderKey("a"), OrderKey("b", bound=True)])
    for kept in ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 5",
                 "SELECT ?a WHERE { ?a ?p ?b } ORDER BY LCASE(?a)",
                 "SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(LCASE(?a))",
                 "SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }",
                 "SELECT ?a WHERE { ?a ?p ?b } # ORDER BY ?a",
                 "SELECT ?a WHERE { ?a ?p ?b }"):
        assert split_order(kept) is None, kept


def test_str_keys_order_iris_and_literals_of_every_kind_by_their_text() -> None:
    """Virtuoso orders a string it holds as typed apart from the same plain one; STR() does not."""
    store = OxigraphStore()
    sparql = (f'SELECT ?a WHERE {{ VALUES ?a {{ "b"^^<{XSD}string> <https://a.org/> "a"@en 10 2 UNDEF }} }}\n'
              "ORDER BY STR(?a)")
    assert split_order(sparql) is not None and split_order(sparql)[1] == [OrderKey("a", text=True)]
    assert [None if row[0] is None else str(row[0]) for row in store.query(sparql).rows] == [
        None, "10", "2", "a", "b", "https://a.org/"]


def test_a_key_that_is_not_projected_is_left_to_oxigraph() -> None:
    store = OxigraphStore()
    sparql = 'SELECT ?a WHERE { VALUES (?a ?b) { (1 "z") (2 "a") (3 "m") } } ORDER BY ?b'
    assert [row[0].toPython() for row in store.query(sparql).rows] == [2, 3, 1]


def test_sorted_rows_keep_the_limit() -> None:
    store = OxigraphStore()
    sparql = 'SELECT ?a WHERE { VALUES ?a { 3 1 2 } } ORDER BY DESC(?a)'
    assert [row[0].toPython() for row in store.query(sparql, limit=2).rows] == [3, 2]


def test_an_answer_too_long_to_sort_here_is_sorted_by_oxigraph(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store.embedded

    store = OxigraphStore()
    monkeypatch.setattr(kg.store.embedded, "SORTED_HERE", 2)  # three rows are too many: re-run as written
    assert [row[0].toPython() for row in store.query("SELECT ?a WHERE { VALUES ?a { 3 1 2 } } ORDER BY DESC(?a)",
                                                     limit=2).rows] == [3, 2]
