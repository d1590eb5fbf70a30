"""Saved queries: the questions analysts ask again and again, as `.rq` files with a comment
header naming their parameters; parameters are checked and bound as escaped SPARQL terms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from rdflib import Literal, URIRef

from kg.errors import InputError, QueryError
from kg.graph.rollup import ANSWERS, has_rollups
from kg.graph.vocab import XSD
from kg.query.answers import read_answer
from kg.query.run import run_query
from kg.store.base import QueryResult, Store, term_syntax
from kg.store.order import split_order

# -- saved queries ----------------------------------------------------------------
PARAMETER_TYPES = ("iso", "text", "iri", "date", "integer")


_PARAMETER_LINE = re.compile(r"#\s*@param\s+(\w+)\s+(\w+)\s*(.*)")


_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    """A query shipped in kg/queries/NAME.rq: its comment header says what it answers
    (the first paragraph) and which parameters it takes (``# @param NAME TYPE text``);
    ``$NAME`` in its body is replaced by the validated value."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str


def _parse_saved_query(name: str, text: str) -> SavedQuery:
    description: list[str] = []
    parameters = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAMETER_LINE.match(line):
            kind = match.group(2)
            if kind not in PARAMETER_TYPES:
                raise QueryError(f"saved query '{name}': parameter type '{kind}' unknown. "
                                 f"Choose one of: {', '.join(PARAMETER_TYPES)}.")
            parameters.append(Parameter(match.group(1), kind, match.group(3).strip()))
        elif not parameters and line.strip("# "):
            description.append(line.lstrip("#").strip())
    return SavedQuery(name, " ".join(description), tuple(parameters), text)


@cache
def adhoc_queries() -> dict[str, SavedQuery]:
    """The first versions of the saved queries that read rollups (kg.graph.rollup): they answer
    the same from the events themselves, on any store, rollups or none, and slowly on a large one."""
    found = {}
    for resource in (files("kg.query.queries") / "adhoc").iterdir():
        if resource.name.endswith(".rq"):
            name = resource.name[:-3]
            found[name] = _parse_saved_query(name, resource.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


@cache
def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query shipped with the package, by name."""
    found = {}
    for resource in files("kg.query.queries").iterdir():
        if resource.name.endswith(".rq"):
            name = resource.name[:-3]
            found[name] = _parse_saved_query(name, resource.read_text(encoding="utf-8"))
    return dict(sorted(found.items()))


def saved_query(name: str) -> SavedQuery:
    queries = saved_queries()
    if name not in queries:
        raise InputError(f"Unknown saved query '{name}'. Choose one of: {', '.join(queries)}.")
    return queries[name]


def parameter_term(parameter: Parameter, value: str) -> str:
    """The value of a parameter as a SPARQL term, validated and escaped: never pasted raw."""
    text = value.strip()
    problem = f"parameter {parameter.name}={value!r}"
    if parameter.type == "iso":
        if not re.fullmatch(r"[A-Za-z]{2}", text):
            raise InputError(f"{problem}: give a two-letter ISO 3166-1 country code, e.g. KZ")
        return term_syntax(Literal(text.upper()))
    if parameter.type == "iri":
        if not _IRI.fullmatch(text):
            raise InputError(f"{problem}: give an absolute IRI, e.g. https://w3id.org/diplo/id/country/kz")
        return term_syntax(URIRef(text))
    if parameter.type == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InputError(f"{problem}: give a date as YYYY-MM-DD") from None
        return term_syntax(Literal(day.isoformat(), datatype=XSD.date))
    if parameter.type == "integer":
        if not re.fullmatch(r"-?[0-9]+", text):
            raise InputError(f"{problem}: give a whole number")
        return text
    if not text:
        raise InputError(f"{problem}: give a non-empty text")
    return term_syntax(Literal(text))


def bind_parameters(query: SavedQuery, values: Mapping[str, str]) -> str:
    """The query's text with every $PARAMETER replaced by its validated value."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        choices = ", ".join(declared) or "none"
        raise InputError(f"saved query '{query.name}' has no parameter '{unknown[0]}'. Its parameters: {choices}.")
    missing = [name for name in declared if name not in values]
    if missing:
        needed = "; ".join(f"{p.name} ({p.type}): {p.description}" for p in query.parameters if p.name in missing)
        raise InputError(f"saved query '{query.name}' needs --param {missing[0]}=VALUE ({needed})")
    terms = {name: parameter_term(declared[name], value) for name, value in values.items()}
    return _PLACEHOLDER.sub(lambda m: terms.get(m.group(1), m.group(0)), query.text)


def parse_parameters(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """NAME=VALUE strings, as given to --param, into a mapping."""
    values = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise InputError(f"--param {pair!r}: write it as NAME=VALUE, e.g. country=KZ")
        values[name.strip()] = value
    return values


def run_saved_query(store: Store, name: str, values: Mapping[str, str] | None = None,
                    adhoc: bool = False) -> QueryResult:
    """Run the saved query `name` with its parameters bound. A query that reads the store's
    rollups runs its ad-hoc version (:func:`adhoc_queries`) instead with `adhoc`, or on a store
    that keeps no rollups (written before them: ``kg migrate`` builds them). A list query whose
    rows the rollups carry (kg.graph.rollup.ANSWERS) is answered from them, as its text would
    answer (kg.query.answers)."""
    query = saved_query(name)
    rolled = has_rollups(store)
    if name in adhoc_queries() and (adhoc or not rolled):
        query = adhoc_queries()[name]
    text = bind_parameters(query, values or {})
    if rolled and not adhoc and name in ANSWERS and (order := split_order(text)) is not None:
        search = ANSWERS[name].search
        # the text as the parameter binds it (kg.query.saved.parameter_term)
        answer = read_answer(store, ANSWERS[name], order[1], (values or {})[search].strip() if search else None)
        if answer is not None:
            return answer
    return run_query(store, text)


def saved_queries_data() -> list[dict[str, object]]:
    """The saved queries for programs: name, description and parameters of each (kg query --list
    --format json, and /queries.json on kg serve)."""
    return [{"name": q.name, "description": q.description,
             "parameters": [{"name": p.name, "type": p.type, "description": p.description} for p in q.parameters]}
            for q in saved_queries().values()]


def format_saved_queries() -> str:
    """The saved queries for people: name, parameters, what each answers."""
    lines = []
    for query in saved_queries().values():
        params = " ".join(f"--param {p.name}=<{p.type}>" for p in query.parameters)
        lines.append(f"{query.name}{'  ' + params if params else ''}")
        lines.append(f"    {query.description}")
        lines.extend(f"    {p.name}: {p.description}" for p in query.parameters)
    return "\n".join(lines) + "\n"
