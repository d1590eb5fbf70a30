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
from kg.extract.dates import MONTHS
from kg.extract.participants import SIDELINES

#: Words that place a mention at another time than the event reported.
OTHER_TIME = {"last", "previous", "prior", "earlier", "former", "inaugural", "past", "ago", "since", "once",
              "next", "another", "second", "third", "subsequent", "later", "future"}


def _frame_and_inner(a: Candidate, b: Candidate) -> bool:
    """A bilateral held on the sidelines of a summit, and the summit."""
    return any(SIDELINES in x.notes and any(n.startswith("attends") for n in y.notes) for x, y in ((a, b), (b, a)))


def merge_mentions(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    events: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.token):
        for index, existing in enumerate(events):
            if _elaborates(annotated, existing, candidate) or (
                    existing.kind == candidate.kind and same_event(annotated, existing, candidate)):
                events[index] = _merged(existing, candidate)
                break
        else:
            antecedent = _antecedent(annotated, events, candidate)
            if antecedent is None:
                events.append(candidate)
            else:
                events[antecedent] = _merged(events[antecedent], candidate)
    return events


#: Words that report what was said at an event rather than name one: "they discussed", "the discussions".
ELABORATING = {"discuss", "discussion", "consult", "consultation", "exchange", "review"}


def _elaborates(annotated: Annotated, event: Candidate, candidate: Candidate) -> bool:
    """'X called Y. They discussed Ukraine.': the discussion was the call, whatever its type."""
    if candidate.trigger.lemma not in ELABORATING or event.kind not in ("Meeting", "PhoneCall") or \
            _frame_and_inner(event, candidate):
        return False
    if _time_cue(annotated, candidate) or (candidate.day and event.day and candidate.day != event.day):
        return False
    if candidate.explicit_status and candidate.status != event.status and not candidate.trigger.verbal:
        return False  # "they agreed to explore discussions on ...": talks ahead; "will discuss" is the agenda
    shared_people = set(event.participants.people) & set(candidate.participants.people)
    new_people = set(candidate.participants.people) - set(event.participants.people)
    shared_bodies = event.participants.bodies(annotated) & candidate.participants.bodies(annotated)
    return (bool(shared_people) or len(shared_bodies) >= 2) and not new_people


#: Nouns that name a meeting or a call alike: "during the conversation", "in their talk".
KIND_NEUTRAL = {"conversation", "talk", "discussion", "exchange", "consultation"}
#: Gatherings of many, whose roll call a later sentence may give ("X, Y and Z took part in the meeting").
GATHERINGS = {"summit", "conference", "forum", "gathering", "ministerial", "assembly", "congress"}
#: Determiners that make a noun trigger refer back to an event already reported ("the summit").
DEFINITE = {"the", "this", "that", "these", "those"}


def _antecedent(annotated: Annotated, events: list[Candidate], candidate: Candidate) -> int | None:
    """'... the summit', 'the visit', 'during the talks': a definite mention with no parties of its
    own beyond a few refers to the latest event of its type already reported."""
    if candidate.sentence < 0 or candidate.trigger.plural:
        return None
    token = annotated.doc[candidate.token]
    if token.pos_ == "VERB" or not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its", "their"}
                                       for c in token.children):
        return None
    # "A, B and C attended the meeting": the list of who came to a meeting already reported.
    roll_call = "attendees" in candidate.notes
    gathering = candidate.trigger.lemma in GATHERINGS
    if _time_cue(annotated, candidate) or (len(candidate.participants.bodies(annotated)) > 3 and not roll_call
                                           and not gathering):
        return None
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        either = candidate.trigger.lemma in KIND_NEUTRAL and {event.kind, candidate.kind} <= {"Meeting", "PhoneCall"}
        if (event.kind != candidate.kind and not either) or _time_cue(annotated, event):
            continue
        if candidate.kind == "Visit" and not set(event.visitors.people) & set(candidate.visitors.people):
            continue
        if _frame_and_inner(event, candidate):
            continue
        if _facets(candidate) and _facets(event) and not _facets(candidate) & _facets(event):
            continue  # "the reception" is not the talks
        if candidate.trigger.lemma in GATHERINGS and candidate.trigger.lemma == event.trigger.lemma:
            return index  # "the summit", "the APEC summit": the summit already reported, whoever it names
        if roll_call and (event.participants.organizations or event.trigger.lemma in GATHERINGS
                          or 0 <= candidate.sentence - event.sentence <= 2):
            return index  # a forum's meeting or a summit, whoever its roll call names
        if len(event.participants.bodies(annotated)) >= max(2, len(candidate.participants.bodies(annotated))):
            return index
    return None


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
        lemmas=a.lemmas + tuple(x for x in b.lemmas if x not in a.lemmas),
        notes=a.notes + tuple(n for n in b.notes if n not in a.notes),
    )


#: Ordinal words: another time for a meeting ("the second summit"), another leg for a trip.
ORDINALS = {"second", "third", "next", "another", "subsequent", "later", "first"}


def _time_cue(annotated: Annotated, candidate: Candidate, ordinals: bool = True) -> bool:
    if candidate.sentence < 0:
        return False
    token = annotated.doc[candidate.token]
    near = [*token.children, *token.head.children, token.head] if token.head.i != token.i else list(token.children)
    near += [t for c in list(near) if c.dep_ in ("prep", "npadvmod", "advmod", "tmod") for t in c.children]
    # "in 2019", "in September", "last week"
    cues = OTHER_TIME if ordinals else OTHER_TIME - ORDINALS
    published = annotated.published
    return any(t.lower_ in cues for t in near) or any(
        t.ent_type_ == "DATE" and t.text.isdigit() and len(t.text) == 4 for t in near) or (
        published is not None and candidate.day is None and any(
            MONTHS.get(t.lower_) not in (None, published.month) and t.pos_ == "PROPN" for t in near))


#: Occasions a visit holds beside its talks; the annotation guide keeps them as events of their own.
SOCIAL = {"dinner", "luncheon", "lunch", "breakfast", "banquet", "reception", "ceremony"}


def _facets(candidate: Candidate) -> set[str]:
    return {"social" if lemma in SOCIAL else "talks" for lemma in candidate.lemmas if lemma in SOCIAL or
            lemma in ("talk", "talks", "meeting", "discussion", "consultation", "negotiation", "summit")}


def same_event(annotated: Annotated, a: Candidate, b: Candidate) -> bool:
    if a.day and b.day and a.day != b.day and not (a.kind == "Visit" and abs((a.day - b.day).days) <= 14):
        return False
    if a.kind != "Visit" and _time_cue(annotated, a) != _time_cue(annotated, b):
        return False
    if a.status != b.status and a.explicit_status and b.explicit_status and not _same_day_plan(annotated, a, b) \
            and a.kind != "Visit":
        return False
    if a.kind == "Visit":
        travellers = set(a.visitors.people) & set(b.visitors.people)
        if _time_cue(annotated, a, ordinals=False) != _time_cue(annotated, b, ordinals=False):
            return False  # "his visit last year"; but "the second stop of the trip" is a leg of it
        if ("came from" in a.notes or "came from" in b.notes) and not set(a.destinations) & set(b.destinations):
            return False  # "arrived in Vietnam from Singapore": the leg before is a visit of its own
        if travellers:  # one trip: its legs with one status, and every mention of the same place
            if a.destinations and b.destinations and not set(a.destinations) & set(b.destinations) \
                    and a.day and b.day is None:
                return False  # "travelled to India on 16 September ... a trip that also included Pakistan"
            return a.status == b.status or not (a.explicit_status and b.explicit_status) or bool(
                set(a.destinations) & set(b.destinations))
        countries = set(a.visitors.countries) & set(b.visitors.countries)
        return bool(countries) and bool(set(a.destinations) & set(b.destinations))
    if _frame_and_inner(a, b):
        return False  # a bilateral on the sidelines of a summit and the summit
    if a.location and b.location and a.location != b.location:
        return False  # "In Honiara, she met X ... In Nauru, she met Y": two meetings
    if _indefinite(annotated, b) and _named_mention(annotated, a):
        return False  # "... attend the Interim Meeting, held a meeting with X": 'a meeting' is another one
    facets = _facets(a) | _facets(b)
    if len(facets) > 1 and not (_facets(a) & _facets(b)):
        return False  # "hosted a state dinner" and "held talks": two events of the visit
    sizes = sorted((len(a.participants.bodies(annotated)), len(b.participants.bodies(annotated))))
    if sizes[0] == 2 and sizes[1] >= 3:
        return False  # a bilateral meeting beside a summit or a trilateral: two events
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
    same_word = bool({x[:4] for x in a.lemmas or (a.trigger.lemma,)} & {x[:4] for x in b.lemmas or (b.trigger.lemma,)})
    return same_word and today is not None and planned.day == today and occurred.day in (None, today)


def _indefinite(annotated: Annotated, candidate: Candidate) -> bool:
    """A noun mention introduced by 'a' or 'an': a new event, not one already mentioned."""
    if candidate.sentence < 0 or candidate.trigger.verbal:
        return False
    token = annotated.doc[candidate.token]
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)


def _named_mention(annotated: Annotated, candidate: Candidate) -> bool:
    """A noun mention naming a particular event: 'the Ministerial Meeting', 'the G7 summit'."""
    if candidate.sentence < 0 or candidate.trigger.verbal:
        return False
    token = annotated.doc[candidate.token]
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)
    return definite and (token.text[:1].isupper() or any(c.text[:1].isupper() and c.dep_ in ("compound", "amod")
                                                        for c in token.children))


def _one_is_list(a: Candidate, b: Candidate) -> bool:
    """A multilateral meeting and a mention of it naming some of its members."""
    return len((a.counterparts - a.subject).people) >= 3 or len((b.counterparts - b.subject).people) >= 3


def lead_candidate(candidates: list[Candidate]) -> Candidate | None:
    body = [c for c in candidates if c.sentence >= 0]
    return min(body, key=lambda c: c.token) if body else None


def first_token(candidate: Candidate) -> Any:
    return candidate.token
