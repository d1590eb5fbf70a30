"""Visits: who travels where.

The travellers are the people the trigger's subject or possessor names ("X will visit",
"X's visit", "the visit of X"); the destinations are the countries of its to/in phrases
("a visit to Japan", "arrived in Hanoi"), or of the verb's object ("visited Kazakhstan").
A visit whose destination the sentence does not name goes where its traveller meets a foreign
host in the same paragraph, or to the dateline's country. Nobody visits their own country.
"Travelled to Moscow for talks" is a visit and, for the talks, a meeting with the host country;
"will visit President X" is a meeting with X (and a visit to X's country).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kg.extract.actors import Actors
from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate, Trace
from kg.extract.participants import places_in
from kg.extract.triggers import MOTION_VERBS


def frame_visits(annotated: Annotated, candidates: list[Candidate], trace: Trace) -> list[Candidate]:
    out: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind != "Visit":
            out.append(_with_host_country(annotated, candidate))
            continue
        out.extend(_read_visit(annotated, candidate, candidates, trace))
    return out


def _read_visit(annotated: Annotated, candidate: Candidate, candidates: list[Candidate],
                trace: Trace) -> list[Candidate]:
    arguments = candidate.arguments
    destinations = places_in(annotated, arguments.destinations)
    if not destinations and not candidate.trigger.verbal:
        destinations = places_in(annotated, _to_after_noun(annotated, candidate))
    everyone = candidate.subject | candidate.counterparts
    travellers = candidate.visitors or Actors(people=everyone.people)
    hosts = candidate.hosts
    if not destinations:
        destinations = places_in(annotated, arguments.places)
    if not destinations and candidate.counterparts.people and annotated.doc[candidate.token].pos_ == "VERB" \
            and annotated.doc[candidate.token].lemma_.lower() == "visit":
        # "will visit Prime Minister X": a meeting with X, in X's country
        visited = candidate.counterparts.people
        travellers = Actors(people=tuple(p for p in candidate.subject.people if p not in visited))
        destinations = [c for p in visited if (c := annotated.country_of_person(p))]
        hosts = Actors(people=visited)
    if not destinations:
        destinations = _implied_destination(annotated, candidate, travellers, candidates)
    homes = {annotated.country_of_person(p) for p in travellers.people}
    if not travellers and candidate.subject.countries and _titled(annotated, arguments.subject):
        # "the Foreign Secretary will travel to Moscow": an office holder the text names by title
        travellers = Actors(countries=candidate.subject.countries)
        homes = set(candidate.subject.countries)
    destinations = [iso for iso in destinations if iso not in homes]
    if not travellers:
        trace.drop(candidate, "visits", "no traveller named")
        return []
    earlier = _leg_before(annotated, candidate, travellers, {h for h in homes if h} | set(destinations))
    if not destinations:
        if earlier:
            return earlier
        trace.drop(candidate, "visits", "no destination abroad")
        return []
    visit = replace(candidate, visitors=travellers, destinations=tuple(destinations), hosts=hosts,
                    participants=travellers | Actors(countries=tuple(destinations)))
    if hosts.people and annotated.doc[candidate.token].lemma_.lower() == "visit" and candidate.counterparts.people:
        meeting = replace(candidate, kind="Meeting", participants=travellers | hosts, counterparts=hosts,
                          destinations=(), visitors=Actors(), notes=candidate.noted("visited a person"))
        return [visit, meeting, *earlier]
    return [visit, *earlier]


#: Verbs of coming from a place: "arrived in Hanoi from Singapore", "returned from Moscow".
COMING_FROM = {"arrive", "return", "fly", "come", "travel", "head", "leave"}


def _leg_before(annotated: Annotated, candidate: Candidate, travellers: Actors, known: set[str]) -> list[Candidate]:
    """'He arrived in Vietnam Friday from Singapore', 'returned from Moscow': the traveller was in
    the country they come from, a visit of its own (an earlier leg of the trip)."""
    if not candidate.trigger.verbal or candidate.trigger.lemma not in COMING_FROM or candidate.status == "cancelled":
        return []
    if candidate.trigger.lemma == "leave":
        return []  # "left Oslo for Chile": where one leaves is as often home
    origins = [iso for iso in places_in(annotated, candidate.arguments.origins) if iso not in known]
    if len(origins) != 1:
        return []
    return [replace(candidate, visitors=travellers, destinations=(origins[0],), day=None,
                    participants=travellers | Actors(countries=(origins[0],)), notes=candidate.noted("came from"))]


def _titled(annotated: Annotated, tokens: Any) -> bool:
    return any((m := annotated.at.get(t.i)) is not None and m.kind == "title" for t in tokens)


def _to_after_noun(annotated: Annotated, candidate: Candidate) -> list[Any]:
    """'lauded the visit of X to Iraq', with 'to Iraq' hung on the verb by the parser."""
    noun = annotated.doc[candidate.token]
    if noun.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass"):
        return []
    end = max(t.i for t in noun.subtree)
    for child in noun.head.children:
        if child.dep_ in ("dative", "prep") and child.lower_ in ("to", "into") and child.i == end + 1:
            return list(child.subtree)
    return []


_DATELINE = re.compile(r"^\s*([A-Z][A-Za-z .'-]{2,40}?)\s*(?:,|—|–|-{1,2})\s")


def _implied_destination(annotated: Annotated, visit: Candidate, travellers: Actors,
                         candidates: list[Candidate]) -> list[str]:
    """Where a visit with no place of its own goes: the country of a foreign official the traveller
    meets in the same paragraph, else the dateline's country."""
    homes = {annotated.country_of_person(p) for p in travellers.people}
    paragraph = annotated.paragraph_span(visit.token)
    theirs = [c for c in candidates if c.kind == "Meeting" and set(travellers.people) & set(c.participants.people)]
    for other in theirs:  # a meeting of the traveller's in the same paragraph, with a foreign official
        if not (paragraph[0] <= other.token < paragraph[1]):
            continue
        for person in other.participants.people:
            country = annotated.country_of_person(person)
            if country and country not in homes:
                return [country]
        # "the Prime Minister met X on his first visit overseas": an unnamed office holder's state
        foreign = [c for c in other.participants.countries if c not in homes]
        if len(foreign) == 1 and other.sentence == visit.sentence and visit.visitors:
            return foreign
    for other in theirs:  # "X hosted Y": Y's visit goes to X's country
        if other.arguments.host_frame and set(travellers.people) <= set(other.counterparts.people):
            hosts = [c for p in other.subject.people if (c := annotated.country_of_person(p)) and c not in homes]
            if hosts:
                return hosts[:1]
    for other in theirs:  # "I welcome you to Moscow": where the traveller is received
        if other.trigger.lemma in ("welcome", "receive") and other.location and other.location not in homes \
                and set(travellers.people) <= set(other.counterparts.people):
            return [other.location]
    match = _DATELINE.match(annotated.doc.text)
    if match:
        place = match.group(1)
        for mention in annotated.mentions:
            if mention.kind == "country" and mention.text == place and mention.start < 10:
                return [mention.key] if mention.key not in homes else []
    return []


def _with_host_country(annotated: Annotated, candidate: Candidate) -> Candidate:
    """'travelled to Moscow for talks': the talks are with the country travelled to."""
    if candidate.kind != "Meeting":
        return candidate
    governor = candidate.arguments.governor
    if governor is None or governor.lemma_.lower() not in MOTION_VERBS | {"travel", "arrive", "fly", "visit"}:
        return candidate
    places = places_in(annotated, candidate.arguments.destinations or candidate.arguments.places)
    homes = candidate.participants.states(annotated)
    added = [iso for iso in places if iso not in homes]
    if not added:
        return candidate
    return replace(candidate, participants=candidate.participants | Actors(countries=tuple(added[:1])),
                   notes=candidate.noted("talks where they travel"))
