"""Evaluate: score the store against gold annotations (the format of shared/GOLD.md).

For each gold file ``NNN_slug.gold.json`` beside its article ``NNN_slug.txt``,
the article's graph is found by its source URL or headline, and the sets the
guide defines are compared: officials, posts, event dyads (countries), official
dyads, agreement dyads; then status and date accuracy over matched events.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from kg.errors import InputError
from kg.query.run import run_query
from kg.sources.article import split_header
from kg.store.base import Store

HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "mister", "madam", "h e", "he"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
PARTICLES = {"al", "el", "von", "der", "van", "de", "da", "du", "bin", "ibn", "le", "la"}
SCORES = ("officials", "posts", "event_dyads", "official_dyads", "agreement_dyads")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(t for t in text.split() if t not in HONORIFICS)


def _tokens(folded: str) -> list[str]:
    return [t for t in folded.split() if t not in SUFFIXES and t not in PARTICLES and len(t) > 1]


def names_match(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return True
    return ta[-1] == tb[-1] and ta[0][0] == tb[0][0]


def canonical_name(name: str, gold_names: list[str]) -> str:
    """The gold name this extracted name stands for, when exactly one matches."""
    folded = fold(name)
    golds = {fold(g): g for g in gold_names}
    if folded in golds:
        return folded
    matches = [g for g in golds if names_match(folded, g)]
    return matches[0] if len(matches) == 1 else folded


def is_country_code(value: str) -> bool:
    return len(value) == 2 and value.isupper() and value not in ("UN", "EU")


def pairs(items: Iterable[str]) -> set[tuple[str, ...]]:
    return {tuple(sorted(p)) for p in combinations(sorted(set(items)), 2)}


@dataclass
class Score:
    predicted: set[tuple[object, ...]] = field(default_factory=set)
    gold: set[tuple[object, ...]] = field(default_factory=set)

    @property
    def true_positives(self) -> int:
        return len(self.predicted & self.gold)

    @property
    def precision(self) -> float:
        return self.true_positives / len(self.predicted) if self.predicted else float(not self.gold)

    @property
    def recall(self) -> float:
        return self.true_positives / len(self.gold) if self.gold else float(not self.predicted)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, Score]
    status_hits: int = 0
    status_total: int = 0
    date_hits: int = 0
    date_total: int = 0
    missing_articles: list[str] = field(default_factory=list)

    @property
    def status_accuracy(self) -> float | None:
        return self.status_hits / self.status_total if self.status_total else None

    @property
    def date_accuracy(self) -> float | None:
        return self.date_hits / self.date_total if self.date_total else None


@dataclass
class _EventFacts:
    kind: str
    countries: set[str] = field(default_factory=set)
    officials: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)


@dataclass
class _ArticleFacts:
    officials: dict[str, set[str]] = field(default_factory=dict)  # label -> post bodies (ISO or short name)
    countries_of: dict[str, set[str]] = field(default_factory=dict)  # official label -> countries
    events: dict[str, _EventFacts] = field(default_factory=dict)
    agreements: dict[str, set[str]] = field(default_factory=dict)


def _body_key(iso: object, labels: list[str]) -> str:
    if iso:
        return str(iso).upper()
    return fold(labels[0]) if labels else ""


def _read_graph(store: Store, graph: str) -> _ArticleFacts:
    facts = _ArticleFacts()
    body = """OPTIONAL { ?b diplo:isoCode ?iso } OPTIONAL { ?b diplo:acronym ?acr } OPTIONAL { ?b rdfs:label ?bl }"""
    # what the article itself says sits in its graph (names, posts held, its reports); the
    # descriptions of the countries and organisations are stored once, outside it
    rows = run_query(store, f"""SELECT ?o ?name ?b ?iso ?acr ?bl WHERE {{
        GRAPH <{graph}> {{ ?n diplo:nameOf ?o ; diplo:writtenName ?name }}
        OPTIONAL {{ GRAPH <{graph}> {{ ?o diplo:holdsPost ?post }} ?post diplo:postOf ?b . {body} }} }}""").rows
    for _, name, b, iso, acronym, label in rows:
        posts = facts.officials.setdefault(str(name), set())
        if b is not None:
            keys = {_body_key(iso, [str(x) for x in (acronym, label) if x is not None])}
            if label is not None and not iso:
                keys.add(fold(str(label)))
            posts.update(keys)
            if iso:
                facts.countries_of.setdefault(str(name), set()).add(str(iso).upper())
    rows = run_query(store, f"""SELECT ?e ?type ?p ?ptype ?iso ?label ?status ?date WHERE {{
        GRAPH <{graph}> {{ ?r diplo:reportOf ?e .
          OPTIONAL {{ ?r diplo:reportedStatus ?status }} OPTIONAL {{ ?r diplo:reportedDate ?date }}
          OPTIONAL {{ VALUES ?role {{ diplo:reportedParticipant diplo:reportedVisitor diplo:reportedHost
                                     diplo:reportedDestination }} ?r ?role ?p }} }}
        VALUES ?type {{ diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement }}
        ?e a ?type .
        OPTIONAL {{ ?p a ?ptype . OPTIONAL {{ ?p diplo:isoCode ?iso }}
                   OPTIONAL {{ GRAPH <{graph}> {{ ?n diplo:nameOf ?p ; diplo:writtenName ?label }} }}
                   OPTIONAL {{ ?p rdfs:label ?label }} }}
    }}""").rows
    for event, kind, participant, ptype, iso, label, status, day in rows:
        entry = facts.events.setdefault(str(event), _EventFacts(kind=str(kind).rsplit("#", 1)[-1]))
        if status is not None:
            entry.statuses.add(str(status).rsplit("#", 1)[-1].lower())
        if day is not None:
            entry.dates.add(str(day))
        if participant is None or ptype is None:
            continue
        if str(ptype).endswith("#Country") and iso is not None:
            entry.countries.add(str(iso).upper())
        elif str(ptype).endswith("#Official") and label is not None:
            entry.officials.add(str(label))
    rows = run_query(store, f"""SELECT ?a ?iso ?acr ?label WHERE {{ GRAPH <{graph}> {{
        ?a a diplo:Agreement ; diplo:party ?b . }} {body.replace('?bl', '?label')} }}""").rows
    for agreement, iso, acronym, label in rows:
        facts.agreements.setdefault(str(agreement), set()).add(
            _body_key(iso, [str(x) for x in (acronym, label) if x is not None]))
    return facts


def _gold_files(gold_dir: Path) -> list[Path]:
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: not a directory of gold files")
    files = sorted(gold_dir.glob("*.gold.json"))
    if not files:
        raise InputError(f"{gold_dir}: no *.gold.json files here")
    return files


def evaluate_store(store: Store, gold_dir: str | Path) -> Evaluation:
    """Score what the store holds for the articles that have gold files in `gold_dir`."""
    gold_dir = Path(gold_dir)
    graphs: dict[tuple[str, str], str] = {}
    for graph, url, headline in run_query(store, """SELECT ?g ?url ?h WHERE { GRAPH ?g { ?a a diplo:Article .
            OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a schema:headline ?h } } }""").rows:
        if url is not None:
            graphs.setdefault(("url", str(url).strip()), str(graph))
        if headline is not None:
            graphs.setdefault(("title", fold(str(headline))), str(graph))
    evaluation = Evaluation(scores={name: Score() for name in SCORES})
    s = evaluation.scores
    for gold_file in _gold_files(gold_dir):
        try:
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise InputError(f"{gold_file}: not a readable gold file ({error})") from None
        key = gold_file.name.replace(".gold.json", ".txt")
        article_path = gold_file.with_name(key)
        header = split_header(article_path.read_text(encoding="utf-8"), str(article_path))[0] \
            if article_path.exists() else {}
        names = [o["name"] for o in gold.get("officials", [])]
        gold_countries = {o["name"]: {p["of"] for p in o.get("posts", []) if is_country_code(p["of"])}
                          for o in gold.get("officials", [])}
        for official in gold.get("officials", []):
            s["officials"].gold.add((key, fold(official["name"])))
            for post in official.get("posts", []):
                of = post["of"] if is_country_code(post["of"]) else fold(post["of"])
                s["posts"].gold.add((key, fold(official["name"]), of))
        gold_events: dict[tuple[object, ...], list[dict[str, object]]] = {}
        for event in gold.get("events", []):
            parts = event.get("participants", []) + event.get("visitor", []) + event.get("destination", [])
            countries = {p for p in parts if is_country_code(p)}
            for p in parts:
                countries |= gold_countries.get(p, set())
            for pair in pairs(countries):
                s["event_dyads"].gold.add((key, event["type"], pair))
                gold_events.setdefault((key, event["type"], pair), []).append(event)
            for pair in pairs(fold(p) for p in parts if p in gold_countries):
                s["official_dyads"].gold.add((key, event["type"], pair))
        for agreement in gold.get("agreements", []):
            gold_parties = [p if is_country_code(p) else fold(p) for p in agreement.get("parties", [])]
            for pair in pairs(gold_parties):
                s["agreement_dyads"].gold.add((key, pair))
        graph_name = graphs.get(("url", header.get("source", ""))) \
            or graphs.get(("title", fold(header.get("title", ""))))
        if graph_name is None:
            evaluation.missing_articles.append(key)
            continue
        facts = _read_graph(store, graph_name)
        canon = {label: canonical_name(label, names) for label in facts.officials}
        for label, bodies in facts.officials.items():
            s["officials"].predicted.add((key, canon[label]))
            for body in bodies:
                s["posts"].predicted.add((key, canon[label], body))
        predicted_attributes: dict[tuple[object, ...], tuple[set[str], set[str]]] = {}
        for event in facts.events.values():
            countries = set(event.countries)
            for label in event.officials:
                countries |= facts.countries_of.get(label, set())
            for pair in pairs(countries):
                dyad = (key, event.kind, pair)
                s["event_dyads"].predicted.add(dyad)
                statuses, dates = predicted_attributes.setdefault(dyad, (set(), set()))
                statuses.update(event.statuses)
                dates.update(event.dates)
            for pair in pairs(canonical_name(o, names) for o in event.officials):
                s["official_dyads"].predicted.add((key, event.kind, pair))
        for parties in facts.agreements.values():
            for pair in pairs(parties):
                s["agreement_dyads"].predicted.add((key, pair))
        for k, (statuses, dates) in predicted_attributes.items():
            if k not in gold_events:
                continue
            evaluation.status_total += 1
            evaluation.status_hits += bool({str(e.get("status")) for e in gold_events[k]} & statuses)
            gold_dates = {str(e["date"]) for e in gold_events[k] if e.get("date")}
            if gold_dates:
                evaluation.date_total += 1
                evaluation.date_hits += bool(gold_dates & dates)
    return evaluation


def format_evaluation(evaluation: Evaluation, diff: bool = False) -> str:
    lines = []
    if diff:
        for name, score in evaluation.scores.items():
            lines += [f"MISSED {name} {item}" for item in sorted(score.gold - score.predicted, key=str)]
            lines += [f"EXTRA  {name} {item}" for item in sorted(score.predicted - score.gold, key=str)]
    for name, score in evaluation.scores.items():
        lines.append(f"{name:<16} P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}  "
                     f"(tp={score.true_positives} pred={len(score.predicted)} gold={len(score.gold)})")

    def show(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    lines.append(f"status accuracy={show(evaluation.status_accuracy)} ({evaluation.status_total} matched events)  "
                 f"date accuracy={show(evaluation.date_accuracy)} ({evaluation.date_total} with a gold date)")
    if evaluation.missing_articles:
        lines.append(f"articles not in the store: {', '.join(evaluation.missing_articles)}")
    return "\n".join(lines) + "\n"
