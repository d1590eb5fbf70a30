"""Dating: the day of each event.

The time expression of the event's sentence nearest its trigger, resolved against the
publication date ("on Wednesday", "today", "from 6 to 7 June": the first day). Without a
publication date only full dates count. Then the conventions of readouts and wire reports:
the lead events, told as done in the first sentences with no day of their own, happened on the
day of publication, and so did a visit reported as under way ("who is in Moscow on a visit").
In itineraries, a step opening with "upon arrival", "in the evening" or "the following day"
takes its day from the step before.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate
from kg.extract.dates import find_time_expressions

#: Words that place an event some time before the report: it was not the day of publication.
EARLIER_WORDS = {"week", "month", "year", "weeks", "months", "years", "earlier", "recently", "previously", "ago",
                 "last", "former", "past", "prior", "since", "once", "first", "initially", "before"}
LEAD_SENTENCES = 2


def date_of(annotated: Annotated, sentence: Any, trigger: Any, status: str) -> date | None:
    present = trigger.tag_ in ("VBZ", "VBP") or (trigger.head.tag_ in ("VBZ", "VBP") and trigger.pos_ != "VERB")
    tense = "future" if status == "planned" or present else "past"  # "X meets Y on Monday": a schedule
    anchor = annotated.published or annotated.reference
    expressions = find_time_expressions(sentence.text, anchor, tense)
    if not annotated.published:
        expressions = [e for e in expressions if e.text.lower() not in ("today", "yesterday", "tomorrow")
                       and not e.text.lower().startswith(("on ", "last ", "next ", "this "))
                       or any(ch.isdigit() for ch in e.text)]
    resolved = [e for e in expressions if e.day is not None]
    clause = _clause_offsets(trigger, sentence)
    own = [e for e in resolved if e.start in clause]
    if not own and len({e.day for e in resolved}) == 1 and _in_relative_clause(trigger):
        own = resolved  # "On 11 May, X, who was visiting Fiji, met Y": the visit is dated by its sentence
    resolved = own
    if not resolved:
        return None
    offset = trigger.idx - sentence.start_char
    return min(resolved, key=lambda e: abs(e.start - offset)).day


def _in_relative_clause(trigger: Any) -> bool:
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ in ("relcl", "acl")


CLAUSES = {"relcl", "ccomp", "advcl", "acl", "parataxis", "csubj", "conj"}


def _clause_offsets(trigger: Any, sentence: Any) -> set[int]:
    """Character offsets (in the sentence) of the trigger's own clause, without the later clauses of
    other verbs inside it: 'will reconvene next week to conclude the deal put forward today'."""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    tokens: set[int] = set()

    def walk(token: Any) -> None:
        tokens.add(token.i)
        for child in token.children:
            if child.dep_ in CLAUSES and child.i > trigger.i and trigger not in child.subtree:
                continue  # a later clause of its own ("... the deal put forward today"); fronted ones set the time
            walk(child)

    walk(verb)
    if verb.dep_ == "conj":  # "On 11 May, X arrived and held talks": a fronted time holds for both verbs
        for child in verb.head.children:
            if child.i < verb.head.i and child.dep_ in ("prep", "npadvmod", "advmod", "advcl"):
                walk(child)
    offsets: set[int] = set()
    for i in tokens:
        token = sentence.doc[i]
        start = token.idx - sentence.start_char
        offsets.update(range(start, start + len(token.text) + 1))
    return offsets


def read_dates(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    out = []
    for candidate in candidates:
        if candidate.day is not None or candidate.sentence < 0:
            out.append(candidate)
            continue
        sentence = annotated.sentences[candidate.sentence]
        trigger = annotated.doc[candidate.token]
        day = date_of(annotated, sentence, trigger, candidate.status)
        if day is None and candidate.kind == "Visit" and _under_way(trigger):
            day = annotated.published
        status = candidate.status
        if day is not None and annotated.published is not None and day > annotated.published \
                and status == "occurred":
            status = "planned"  # "Trump meets with X on Monday", published on Saturday
        out.append(replace(candidate, day=day, status=status))
    return _date_lead_events(annotated, _narrative_days(annotated, out))


#: Sentence openings that date a narrative's step by the step before: the same day, or the next.
SAME_DAY = re.compile(r"\b(?:upon|on) (?:his |her |their )?arrival\b|\b(?:later|earlier) (?:that|the same) "
                      r"(?:day|morning|afternoon|evening)\b|\b(?:the same|that) (?:day|morning|afternoon|evening|"
                      r"night)\b|\bin the (?:morning|afternoon|evening)\b", re.IGNORECASE)
NEXT_DAY = re.compile(r"\b(?:the (?:following|next) (?:day|morning|afternoon|evening)|the day after)\b",
                      re.IGNORECASE)
#: How many sentences back a narrative's last day still holds.
NARRATIVE_REACH = 3


def _narrative_days(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    """Itineraries and activity reports: 'left for Colombo on Wednesday, 31 August. Upon arrival, he
    had a working dinner with ... The following day, ... In the evening, he met ...' Each sentence
    with a day of its own sets the narrative's day; a step opening with 'the following day' moves
    it on by one, one opening with 'upon arrival' or 'in the evening' keeps it; an event left
    without a day in such a step takes the narrative's day."""
    anchor = annotated.published or annotated.reference
    waiting = [c.sentence for c in candidates if c.day is None]
    if anchor is None or not waiting:
        return candidates
    days: dict[int, date] = {}
    current: date | None = None
    since = 0
    # the narrative is read forward, so no sentence after the last event waiting for a day matters
    for index, sentence in enumerate(annotated.sentences[:max(waiting) + 1]):
        head = sentence.text[:80]
        tense = "future" if any(t.lower_ in ("will", "shall") or (t.lower_ == "to" and t.head.lemma_ == "be")
                                for t in sentence) else "past"
        own = [e.day for e in find_time_expressions(sentence.text, anchor, tense) if e.day is not None]
        if own:
            current, since = own[0], index
        elif current is not None and index - since <= NARRATIVE_REACH:
            if NEXT_DAY.search(head):
                current, since = current + timedelta(days=1), index
                days[index] = current
            elif SAME_DAY.search(head):
                since = index
                days[index] = current
    return [replace(c, day=days[c.sentence]) if c.day is None and c.sentence in days else c for c in candidates]


def _under_way(trigger: Any) -> bool:
    """'who is in Moscow on a working visit', 'is visiting Japan': a visit going on as the text is published."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head.head if trigger.head.dep_ == "prep" \
        else trigger.head
    if verb.lemma_.lower() == "be" and verb.tag_ in ("VBZ", "VBP"):
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("is", "are") for c in verb.children)


def _date_lead_events(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    """Readouts and wire reports: what the first sentences tell as done, with no day of its own and
    no word placing it earlier, happened on the day of publication."""
    if annotated.published is None:
        return candidates
    out = []
    for candidate in candidates:
        lead = 0 <= candidate.sentence < LEAD_SENTENCES + _heading_sentences(annotated)
        if lead and candidate.day is None and candidate.status == "occurred" and not _earlier(
                annotated.sentences[candidate.sentence]):
            candidate = replace(candidate, day=annotated.published)
        out.append(candidate)
    return out


def _heading_sentences(annotated: Annotated) -> int:
    """Datelines and headings before the lead ('12 May 2019, Government House, Wellington')."""
    count = 0
    for sentence in annotated.sentences[:3]:
        if not any(t.pos_ in ("VERB", "AUX") for t in sentence):
            count += 1
        else:
            break
    return count


def _earlier(sentence: Any) -> bool:
    return any(t.lower_ in EARLIER_WORDS or t.ent_type_ == "DATE" for t in sentence)
