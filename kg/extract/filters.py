"""Evidence: the candidates that are events, and the reasons the others are not.

- a meeting or call needs two parties; one organisation's summit or conference needs one;
- officials of one state meeting each other are domestic politics, not diplomacy;
- a statement needs an issuer;
- hypotheticals ("if they meet", "would visit") and vague background ("have met several
  times") are not events;
- a trigger whose only parties are its own subject's country is no event with anyone.
"""

from __future__ import annotations

from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate, Trace
from kg.extract.lexicon import load_event_words

#: Nouns that name a gathering of many, which one organisation or one delegation can attend.
MULTILATERAL = {"summit", "conference", "forum", "session", "gathering", "assembly", "ministerial", "council"}
VAGUE = {"times", "several", "many", "often", "regularly", "repeatedly", "numerous", "frequently", "occasions"}
CONDITIONAL = {"if", "unless", "whether"}


def _part_of(annotated: Annotated, candidate: Candidate) -> bool:
    token = annotated.doc[candidate.token]
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "part"


def _describes_another(annotated: Annotated, candidate: Candidate) -> bool:
    """'The meeting is only the second summit between them': a copula's complement about its subject."""
    token = annotated.doc[candidate.token]
    if token.dep_ != "attr" or token.head.lemma_.lower() != "be":
        return False
    words = load_event_words()
    return any(c.dep_ in ("nsubj", "nsubjpass") and words.noun_kinds(c.lemma_) for c in token.head.children)


def keep_evidenced(annotated: Annotated, candidates: list[Candidate], trace: Trace) -> list[Candidate]:
    kept = []
    for candidate in candidates:
        reason = _why_not(annotated, candidate)
        if reason is None:
            kept.append(candidate)
        else:
            trace.drop(candidate, "evidence", reason)
    return kept


def _why_not(annotated: Annotated, candidate: Candidate) -> str | None:
    parties = candidate.participants
    bodies = parties.bodies(annotated)
    if candidate.kind == "Visit":
        return None if candidate.visitors and candidate.destinations else "visit without traveller or destination"
    if candidate.sentence >= 0:
        token = annotated.doc[candidate.token]
        clause = [token, *token.children, token.head, *token.head.children]
        if any(t.dep_ == "mark" and t.lower_ in CONDITIONAL for t in clause):
            return "hypothetical"
        if token.tag_ in ("NNS", "VBN") and any(t.lower_ in VAGUE for t in token.sent):
            return "vague background (several times)"
        if any(c.lower_ in ("similar", "such") and c.dep_ == "amod" for c in token.children):
            return "a comparison, not a report ('a similar meeting')"
    if candidate.sentence >= 0 and not (candidate.counterparts - candidate.subject) and any(
            c.lower_ in ("each", "every", "both", "all") and c.dep_ == "det"
            for c in annotated.doc[candidate.token].children):
        return "refers to the events already reported ('in each meeting')"
    if candidate.sentence >= 0 and candidate.kind in ("Meeting", "PhoneCall") and _part_of(annotated, candidate):
        return "a process the event is part of ('as part of consultations')"
    if candidate.sentence >= 0 and _describes_another(annotated, candidate):
        return "describes another event ('the meeting is the second summit')"
    if candidate.kind == "Statement":
        return None if len(bodies) >= 2 or len(parties.people) >= 2 or parties.organizations \
            else "statement without two issuers"
    multilateral = candidate.trigger.lemma in MULTILATERAL or (
        candidate.sentence >= 0 and any(t.lower_ in MULTILATERAL for t in annotated.doc[candidate.token].children))
    if len(parties) < 2:
        if multilateral and (parties.organizations or len(bodies) >= 1) and candidate.sentence >= 0 and \
                annotated.doc[candidate.token].pos_ != "VERB":
            return None
        return "fewer than two parties"
    if len(bodies) <= 1 and not parties.organizations:
        people = parties.people
        known = [annotated.country_of_person(p) for p in people]
        if all(known) and len(set(known)) <= 1 and len(parties.countries) <= 1 and \
                set(known) <= {annotated.home}:
            return "officials of the publishing state only (domestic)"
        if not people:
            return "one state only"
    return None
