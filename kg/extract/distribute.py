"""Distributive plurals: 'meetings with A, B and C', 'a series of bilateral meetings with',
'met separately with A and B', 'telephone calls with A and B' report one event per counterpart;
a singular 'met with A, B and C' stays one meeting of all of them, except on the sidelines of a
summit, where talks with the leaders of A and B are a bilateral with each."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.actors import Actors
from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate
from kg.extract.participants import SIDELINES


def split_distributive(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    """One event per counterpart for a plural trigger or a distributive cue."""
    out: list[Candidate] = []
    for candidate in candidates:
        trigger = candidate.trigger
        sidelines = SIDELINES in candidate.notes and candidate.kind == "Meeting"
        frame = any(n.startswith("attends") for n in candidate.notes)  # the gathering others meet beside
        if not (trigger.plural or trigger.distributive or sidelines) or frame or \
                candidate.kind not in ("Meeting", "PhoneCall", "Visit"):
            out.append(candidate)
            continue
        out.extend(_one_per_counterpart(annotated, candidate))
    return out


def _one_per_counterpart(annotated: Annotated, candidate: Candidate) -> list[Candidate]:
    subject = candidate.subject
    others = candidate.counterparts - subject
    if candidate.kind == "Visit":
        if len(candidate.destinations) < 2 or not candidate.trigger.plural:
            return [candidate]
        return [replace(candidate, destinations=(iso,), participants=candidate.visitors.with_country(iso),
                        notes=candidate.noted("one visit per destination")) for iso in candidate.destinations]
    # each counterpart: a person, or a state or body none of the listed people represents
    represented = {annotated.country_of_person(p) for p in others.people}
    parts = [Actors(people=(person,)) for person in others.people]
    parts += [Actors(countries=(iso,)) for iso in others.countries if iso not in represented]
    parts += [Actors(organizations=(key,)) for key in others.organizations]
    if len(parts) < 2:
        return [candidate]
    return [replace(candidate, counterparts=part, participants=subject | part,
                    notes=candidate.noted("one per counterpart")) for part in parts]
