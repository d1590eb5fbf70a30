"""Event coreference: one event, however often the article mentions it.

Two mentions are one event when they have the same type, days and statuses that agree, and
the same parties: shared officials with nested countries, or most of their countries. A
traveller's mentions of travel with one status are one trip, whatever legs each names. Two
mentions are kept apart when one places itself at another time ("last year's summit", "prior
to this meeting") or when each names counterparts the other does not (met A, later met B).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate

#: Words that place a mention at another time than the event reported.
OTHER_TIME = {"last", "previous", "prior", "earlier", "former", "inaugural", "past", "ago", "since", "once",
              "next", "another", "second", "third", "subsequent", "later", "future"}


def merge_mentions(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    events: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.token):
        for index, existing in enumerate(events):
            if existing.kind == candidate.kind and same_event(annotated, existing, candidate):
                events[index] = _merged(existing, candidate)
                break
        else:
            events.append(candidate)
    return events


def _merged(a: Candidate, b: Candidate) -> Candidate:
    status, explicit = a.status, a.explicit_status
    if b.explicit_status and not a.explicit_status:
        status, explicit = b.status, True
    elif a.status != b.status and "occurred" in (a.status, b.status) and a.explicit_status and b.explicit_status:
        status = "occurred"  # "we will adopt a statement today" ... "the statement was adopted"
    return replace(
        a,
        participants=a.participants | b.participants,
        subject=a.subject | b.subject,
        counterparts=a.counterparts | b.counterparts,
        visitors=a.visitors | b.visitors,
        hosts=a.hosts | b.hosts,
        destinations=a.destinations + tuple(d for d in b.destinations if d not in a.destinations),
        location=a.location or b.location,
        day=a.day or b.day,
        status=status,
        explicit_status=explicit,
        mentions=a.mentions + b.mentions,
        notes=a.notes + tuple(n for n in b.notes if n not in a.notes),
    )


def _time_cue(annotated: Annotated, candidate: Candidate) -> bool:
    if candidate.sentence < 0:
        return False
    token = annotated.doc[candidate.token]
    near = [*token.children, *token.head.children, token.head] if token.head is not token else list(token.children)
    return any(t.lower_ in OTHER_TIME for t in near) or any(
        t.ent_type_ == "DATE" and any(ch.isdigit() for ch in t.text) and len(t.text) == 4 for t in token.sent)


def same_event(annotated: Annotated, a: Candidate, b: Candidate) -> bool:
    if a.day and b.day and a.day != b.day:
        return False
    if a.status != b.status and a.explicit_status and b.explicit_status and not _same_day_plan(annotated, a, b):
        return False
    if _time_cue(annotated, a) != _time_cue(annotated, b):
        return False
    if a.kind == "Visit":
        travellers = set(a.visitors.people) & set(b.visitors.people)
        if travellers:
            return a.status == b.status or not (a.explicit_status and b.explicit_status)
        countries = set(a.visitors.countries) & set(b.visitors.countries)
        return bool(countries) and bool(set(a.destinations) & set(b.destinations))
    others_a, others_b = set((a.counterparts - a.subject).people), set((b.counterparts - b.subject).people)
    if others_a and others_b and not others_a & others_b and not _one_is_list(a, b):
        return False  # "met A; later, met B": two meetings
    people_a, people_b = set(a.participants.people), set(b.participants.people)
    bodies_a, bodies_b = a.participants.bodies(annotated), b.participants.bodies(annotated)
    nested = bodies_a <= bodies_b or bodies_b <= bodies_a
    if people_a and people_b and nested:
        shared = people_a & people_b
        if len(shared) >= 2 or (shared and (people_a <= people_b or people_b <= people_a)):
            return True
    shared_bodies = bodies_a & bodies_b
    smaller = min(len(bodies_a), len(bodies_b))
    return len(shared_bodies) >= 2 and len(shared_bodies) >= 0.6 * smaller


def _same_day_plan(annotated: Annotated, a: Candidate, b: Candidate) -> bool:
    """'We will adopt a statement today' and 'the statement was adopted': what was planned for the
    day of publication and what the report says happened that day are one event."""
    if {a.status, b.status} != {"planned", "occurred"}:
        return False
    planned, occurred = (a, b) if a.status == "planned" else (b, a)
    today = annotated.published
    return today is not None and planned.day == today and occurred.day in (None, today)


def _one_is_list(a: Candidate, b: Candidate) -> bool:
    """A multilateral meeting and a mention of it naming some of its members."""
    return len(a.participants) >= 4 or len(b.participants) >= 4


def lead_candidate(candidates: list[Candidate]) -> Candidate | None:
    body = [c for c in candidates if c.sentence >= 0]
    return min(body, key=lambda c: c.token) if body else None


def first_token(candidate: Candidate) -> Any:
    return candidate.token
