"""Events: the reading steps, in order, from an annotated article to its events and agreements.

Recall first: `triggers` proposes every word that may open an event; later steps resolve
participants, read status and day, split distributive plurals, frame visits, bring in the
headline, merge mentions of one event, and last `filters` keeps what has the evidence an
event needs, recording why each of the others was dropped. Each step is a function of the
candidates before it, so it can be tested, measured or switched off alone
(`read_events(..., skip={"split_distributive"})`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from typing import Any

from kg.extract.actors import NOBODY, Actors
from kg.extract.agreements import AgreementReading, read_agreements
from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate, Trace
from kg.extract.coreference import merge_mentions
from kg.extract.dating import LEAD_SENTENCES, read_dates
from kg.extract.discourse import Discourse, read_discourse
from kg.extract.distribute import split_distributive
from kg.extract.filters import keep_evidenced
from kg.extract.headline import Headline, read_headline
from kg.extract.participants import Resolver, read_participants
from kg.extract.status import status_of
from kg.extract.triggers import Trigger, find_triggers
from kg.extract.visits import frame_visits


@dataclass
class Reading:
    """What the event steps read in one article."""

    events: list[Candidate]
    agreements: list[AgreementReading]
    headline: Headline | None
    discourse: Discourse
    trace: Trace = field(default_factory=Trace)


def read_status(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    out = []
    for candidate in candidates:
        status, explicit = status_of(annotated.doc[candidate.token])
        out.append(replace(candidate, status=status, explicit_status=explicit))
    return out


def apply_headline(annotated: Annotated, headline: Headline | None, candidates: list[Candidate]) -> list[Candidate]:
    """The headline's event type is the lead event's; an event only the headline names, and a
    text issued jointly, are events of their own."""
    if headline is None:
        return candidates
    out = list(candidates)
    parties = headline.parties
    issuers = headline.issuers or parties
    if headline.joint_text and (len(issuers.bodies(annotated)) >= 2 or len(issuers.people) >= 2):
        out.insert(0, _headline_candidate(annotated, "Statement", issuers, "occurred"))
    kind = headline.kind
    if kind is None or not parties:
        return out
    shared = [i for i, c in enumerate(out) if 0 <= c.sentence < LEAD_SENTENCES + 2
              and _shares(annotated, c.participants, parties)
              and (c.kind == kind or {c.kind, kind} <= {"Meeting", "PhoneCall"})]
    if shared:
        lead = shared[0]
        if out[lead].kind != kind:
            out[lead] = replace(out[lead], kind=kind, notes=out[lead].noted("type from the headline"))
        if not out[lead].explicit_status and headline.status != out[lead].status:
            # "Trump to Meet With Egyptian Leader" over "Trump meets with Sissi Monday": a schedule
            out[lead] = replace(out[lead], status=headline.status, explicit_status=True,
                                notes=out[lead].noted("status from the headline"))
        return out
    if kind == "Visit":
        travellers = Actors(people=parties.people)
        homes = {annotated.country_of_person(p) for p in parties.people}
        destinations = tuple(c for c in parties.countries if c not in homes)
        if travellers and destinations:
            visit = _headline_candidate(annotated, kind, travellers.with_country(destinations[0]), headline.status)
            out.insert(0, replace(visit, visitors=travellers, destinations=destinations,
                                  participants=travellers | Actors(countries=destinations)))
        return out
    if headline.paired or (parties.people and len(parties.bodies(annotated)) >= 2) or len(parties.people) >= 2:
        out.insert(0, _headline_candidate(annotated, kind, parties, headline.status))
    return out


def _shares(annotated: Annotated, a: Actors, b: Actors) -> bool:
    return bool(set(a.people) & set(b.people)) or bool(a.bodies(annotated) & b.bodies(annotated))


def _headline_candidate(annotated: Annotated, kind: str, parties: Actors, status: str) -> Candidate:
    day = annotated.published if status == "occurred" else None
    return Candidate(kind=kind, trigger=Trigger(kind, -1, "headline"), sentence=-1, participants=parties,
                     counterparts=parties, status=status, explicit_status=True, day=day, mentions=(-1,),
                     notes=("headline",))


Step = Callable[..., list[Candidate]]


def read_events(annotated: Annotated, headline_doc: Any | None = None, skip: Collection[str] = ()) -> Reading:
    """Run the event steps on one annotated article (`headline_doc`: its headline, annotated alone)."""
    trace = Trace()
    headline = read_headline(annotated, headline_doc) if headline_doc is not None else None
    authors = headline.parties if headline is not None and headline.joint_text else NOBODY
    discourse = read_discourse(annotated, authors)
    candidates = read_participants(annotated, discourse, find_triggers(annotated), trace)
    steps: list[tuple[str, Callable[[list[Candidate]], list[Candidate]]]] = [
        ("read_status", lambda c: read_status(annotated, c)),
        ("read_dates", lambda c: read_dates(annotated, c)),
        ("split_distributive", lambda c: split_distributive(annotated, c)),
        ("frame_visits", lambda c: frame_visits(annotated, c, trace)),
        ("apply_headline", lambda c: apply_headline(annotated, headline, c)),
        ("merge_mentions", lambda c: merge_mentions(annotated, c)),
        ("keep_evidenced", lambda c: keep_evidenced(annotated, c, trace)),
    ]
    for name, step in steps:
        if name not in skip:
            candidates = step(candidates)
    agreements = read_agreements(annotated, Resolver(annotated, discourse), candidates)
    return Reading(events=candidates, agreements=agreements, headline=headline, discourse=discourse, trace=trace)


STEP_NAMES = ("find_triggers", "read_participants", "read_status", "read_dates", "split_distributive",
              "frame_visits", "apply_headline", "merge_mentions", "keep_evidenced", "read_agreements")
