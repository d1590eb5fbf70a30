"""Participants: who takes part in each candidate event, wherever the text puts them.

First the arguments are resolved to actors: names, states, organisations, pronouns (through
the discourse) and group references ("the two leaders", "both sides", "they": the parties of
the event just reported, else of the latest group named). Then the reading widens to what
diplomatic reporting says around the trigger:

- attendance: "X, Y and Z attended", "Taking part in the meeting were ...", "were joined by"
  add their actors to the meeting they refer to (the one in the sentence, else the latest);
- "on the sidelines of the summit" and "at the summit": the parties of the inner event attend
  the outer one;
- a statement or declaration with no issuers of its own ("a joint statement was adopted",
  "the summit's final declaration") is issued by the parties of its meeting;
- a hyphenated pair in the trigger's phrase ("the Japan-China talks") names both sides.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg.extract.actors import NOBODY, Actors, actors_in
from kg.extract.annotated import Annotated
from kg.extract.arguments import Arguments, read_arguments
from kg.extract.candidates import Candidate, Trace
from kg.extract.discourse import Discourse, pronoun_actors
from kg.extract.mentions import REGIONS
from kg.extract.triggers import Trigger

#: Words that refer back to the parties of an event or a group ("the two leaders", "both sides").
GROUP_REFERENCES = {"they", "them", "their", "both", "sides", "parties", "leaders", "delegations", "two", "each"}
GROUP_HEADS = {"leaders", "sides", "parties", "countries", "nations", "ministers", "presidents", "delegations",
               "heads", "governments", "states", "counterparts", "teams", "men", "women", "officials"}
#: Verbs and phrases of attending an event.
ATTENDANCE_LEMMAS = {"attend", "participate", "join", "include", "involve", "bring", "gather", "feature", "present",
                     "represent", "accompany"}
#: Prepositions after which a noun trigger names the frame an inner event happens in.
FRAME_PREPS = {"sidelines", "margins", "margin", "sideline"}


#: Group words that name people ("the two leaders") rather than states ("both countries").
PERSON_GROUPS = {"leaders", "presidents", "ministers", "heads", "men", "women", "counterparts", "officials",
                 "diplomats", "delegations", "envoys", "premiers", "chancellors", "secretaries"}


def _person_group(token: Any) -> bool:
    """'the two leaders', 'both ministers': a group of people; 'their foreign ministers' names the
    ministers of the states 'they' are."""
    if token.dep_ == "poss":
        return False
    return token.lower_ in PERSON_GROUPS or token.head.lower_ in PERSON_GROUPS


def places_in(annotated: Annotated, tokens: Any) -> list[str]:
    """The countries named as places by tokens: names, adjectives, capitals and groups."""
    places: list[str] = []
    seen: set[int] = set()
    for token in tokens:
        mention = annotated.at.get(token.i)
        if mention is None or mention.start in seen:
            continue
        seen.add(mention.start)
        if mention.kind == "country" and mention.key not in places:
            places.append(mention.key)
        elif mention.kind == "region":
            places.extend(iso for iso in REGIONS[mention.key] if iso not in places)
    return places


class Resolver:
    """Resolves a candidate's argument tokens to actors, pronouns and group references included."""

    def __init__(self, annotated: Annotated, discourse: Discourse) -> None:
        self.annotated = annotated
        self.discourse = discourse
        self.previous: list[Candidate] = []  # candidates read so far, in text order
        self.trigger_tokens: set[int] = set()  # every candidate trigger of the document

    def actors(self, tokens: Any, kind: str, capitals: bool = False) -> Actors:
        tokens = list(tokens)
        found = actors_in(self.annotated, tokens, capitals)
        for token in tokens:
            found = found | pronoun_actors(self.annotated, self.discourse, token, kind)
            if token.lower_ in GROUP_REFERENCES and self._refers_to_group(token):
                found = found | self.group_before(token.i, people=_person_group(token))
        return found

    def _refers_to_group(self, token: Any) -> bool:
        lower = token.lower_
        if lower in ("they", "them", "their"):
            return True
        if lower in ("both", "two", "each"):
            return token.head.lower_ in GROUP_HEADS or token.dep_ in ("nsubj", "pobj", "dobj")
        return lower in GROUP_HEADS and any(c.lower_ in ("the", "both", "two", "all") for c in token.children)

    def group_before(self, token: int, people: bool = False) -> Actors:
        """The parties of the latest event with two or more, else of the latest group named
        (with `people`, for 'the two leaders' and 'the ministers': groups of two or more people)."""
        annotated = self.annotated
        here = annotated.sentence_index(token)

        def enough(actors: Actors) -> bool:
            return len(actors.people) >= 2 if people else len(actors.bodies(annotated)) >= 2

        for candidate in reversed(self.previous):
            if candidate.token < token and here - candidate.sentence <= 4 and enough(candidate.participants):
                return candidate.participants
        group = self.discourse.last_group_before(token, 3, annotated)
        if group and enough(group):
            return group
        if not people:  # "planned to visit the five Central Asian countries, as he met their ministers"
            sentence = annotated.sentence(token)
            for chunk in reversed([c for c in annotated.noun_chunks if sentence.start <= c.start and
                                   c.end <= token]):
                first = chunk.root
                while first.dep_ == "conj" and first.head.i != first.i:
                    first = first.head  # "A, B and C": the list from its first member
                named = actors_in(annotated, [t for t in first.subtree if t.i < token])
                if len(named.countries) + len(named.organizations) >= 2:
                    return Actors(countries=named.countries, organizations=named.organizations)
        # "the parties decided ...", far from any event: the two sides of the article's bilateral lead event
        if annotated.doc[token].lower_ not in ("parties", "sides", "two", "both"):
            return NOBODY
        return self.lead_pair(token)

    def lead_pair(self, token: int) -> Actors:
        """The parties of the article's first event with two or more, when they are exactly two."""
        annotated = self.annotated
        lead = next((c for c in self.previous if c.token < token and len(c.participants.bodies(annotated)) >= 2),
                    None)
        if lead is None or len(lead.participants.bodies(annotated)) != 2:
            return NOBODY
        return lead.participants


def resolve_candidate(annotated: Annotated, resolver: Resolver, trigger: Trigger) -> Candidate:
    arguments = read_arguments(annotated, trigger)
    kind = trigger.kind
    subject = resolver.actors(arguments.subject, kind, capitals=True)
    counterparts = resolver.actors(arguments.counterparts, kind)
    counterparts = counterparts | _hyphen_pair(annotated, trigger)
    participants = subject | counterparts
    candidate = Candidate(kind=kind, trigger=trigger, sentence=annotated.sentence_index(trigger.token),
                          arguments=arguments, subject=subject, counterparts=counterparts,
                          participants=participants, mentions=(trigger.token,), lemmas=(trigger.lemma,))
    possessor = _possessor(annotated, trigger)
    if kind == "Visit" and possessor is not None:
        # "his first visit overseas", "your state visit": the possessor travels, not the clause's subject
        travellers = resolver.actors(possessor.subtree, kind)
        home = annotated.home
        if home and {annotated.country_of_person(p) for p in travellers.people} <= {home} \
                and possessor.lower_ in ("his", "her"):
            # gov.uk: "the Prime Minister met X on his first visit overseas": the guest is the one abroad
            guests = [p for p in counterparts.people if annotated.country_of_person(p) not in (None, home)]
            travellers = Actors(people=tuple(guests[:1])) if guests else travellers
        if travellers.people:
            candidate = replace(candidate, visitors=Actors(people=travellers.people))
    if kind != "Visit":
        location = places_in(annotated, arguments.places) or (
            places_in(annotated, arguments.destinations) if trigger.lemma in ("welcome", "receive") else [])
        candidate = replace(candidate, location=location[0] if location else None)
    if arguments.host_frame:
        candidate = replace(candidate, hosts=subject)
    if kind != "Visit" and len(candidate.participants) < 2 and _takes_part(arguments, trigger):
        # the parse lost the arguments ("In Hanoi, A and B held talks"): the people named in the clause
        # (not its states, which are as often what the clause is about)
        window = Actors(people=resolver.actors(_clause_window(annotated, trigger, resolver.trigger_tokens),
                                               kind).people)
        if len(window | candidate.participants) >= 2 and window:
            window = window | candidate.participants
            candidate = replace(candidate, participants=candidate.participants | window,
                                counterparts=candidate.counterparts | (window - subject),
                                notes=candidate.noted("clause window"))
    if trigger.lemma in HOSTED_GATHERINGS and candidate.location:
        # "the summit in Damascus", "the G7 Summit in Hiroshima": the host state takes part
        candidate = replace(candidate, participants=candidate.participants.with_country(candidate.location),
                            notes=candidate.noted("host of the gathering"))
    if kind != "Visit" and len(candidate.participants.bodies(annotated)) < 2:
        agreed = _agreed_by(annotated, resolver, trigger)
        if len(agreed.bodies(annotated)) >= 2:
            # "They agreed to hold talks soon", "it was agreed to hold a meeting": who agreed meets
            candidate = replace(candidate, participants=candidate.participants | agreed,
                                counterparts=candidate.counterparts | (agreed - subject),
                                notes=candidate.noted("agreed to meet"))
    if kind != "Visit" and _attendance_governor(annotated, trigger):
        # "Taking part in the meeting were A, B and C": the parse seldom holds the whole list
        sentence = annotated.sentence(trigger.token)
        everyone = resolver.actors(list(sentence), kind)
        candidate = replace(candidate, participants=participants | everyone,
                            counterparts=counterparts | (everyone - subject), notes=candidate.noted("attendees"))
    return candidate


#: Gatherings whose venue's state is their host and a participant.
HOSTED_GATHERINGS = {"summit", "conference", "forum", "gathering", "ministerial"}


#: Verbs whose subject takes part in the event that is their object ("held talks", "paid a visit").
PARTICIPATION_VERBS = {"hold", "have", "conduct", "begin", "start", "open", "end", "conclude", "wrap", "complete",
                       "pay", "make", "undertake", "attend", "join", "chair", "co-chair", "host", "continue",
                       "resume", "launch", "convene", "finish", "lead", "engage", "participate", "enter"}


#: Verbs of the parties settling on something ahead: "agreed to meet", "decided the next round would".
AGREEING = {"agree", "decide", "resolve", "consent", "commit", "pledge", "undertake"}


def _agreed_by(annotated: Annotated, resolver: Resolver, trigger: Trigger) -> Actors:
    """The parties who agreed on the event: the subject of an agreeing verb above the trigger in its
    clause ("They agreed to explore discussions", "The parties decided the next dialogue would ..."),
    or, when the agreement is impersonal ("it has been agreed to hold a meeting"), the two sides of
    the article's bilateral lead event."""
    token = annotated.doc[trigger.token]
    for ancestor in token.ancestors:
        if ancestor.pos_ not in ("VERB", "AUX"):
            continue
        if ancestor.lemma_.lower() not in AGREEING:
            if ancestor.dep_ in ("xcomp", "ccomp", "advcl", "dobj", "relcl", "conj"):
                continue
            return NOBODY
        subjects = [c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")]
        if ancestor.dep_ == "conj" and not subjects:
            subjects = [c for c in ancestor.head.children if c.dep_ == "nsubj"]
        actors = NOBODY
        for subject in subjects:
            actors = actors | resolver.actors(subject.subtree, trigger.kind)
        impersonal = not subjects or all(s.lower_ == "it" for s in subjects)
        if impersonal and not actors:  # the sides agreed, not necessarily who will meet: their states
            lead = resolver.lead_pair(trigger.token)
            return Actors(countries=tuple(sorted(lead.states(annotated))), organizations=lead.organizations)
        return actors
    return NOBODY


def _possessor(annotated: Annotated, trigger: Trigger) -> Any | None:
    """The possessive determiner or noun of a noun trigger: 'his' in 'his visit', 'Obama's' in
    'Obama's arrival'."""
    if trigger.verbal:
        return None
    return next((c for c in annotated.doc[trigger.token].children if c.dep_ == "poss"), None)


def _takes_part(arguments: Arguments, trigger: Trigger) -> bool:
    """Whether the clause's people are the event's: a verb trigger, or a noun a participation verb holds."""
    if trigger.verbal:
        return True
    governor = arguments.governor
    return governor is not None and governor.lemma_.lower() in PARTICIPATION_VERBS


def _clause_window(annotated: Annotated, trigger: Trigger, triggers: set[int]) -> list[Any]:
    """The tokens of the trigger's sentence between the candidate triggers before and after it."""
    sentence = annotated.sentence(trigger.token)
    start, end = sentence.start, sentence.end
    for i in triggers:
        if sentence.start <= i < trigger.token:
            start = max(start, i + 1)
        elif trigger.token < i < sentence.end:
            end = min(end, i)
    return [t for t in annotated.doc[start:end] if t.i not in annotated.cast.consumed]


def _hyphen_pair(annotated: Annotated, trigger: Trigger) -> Actors:
    """'the Japan-China talks', 'UK-China relations ... the first meeting': A-B before a noun trigger."""
    doc = annotated.doc
    token = doc[trigger.token]
    if token.pos_ == "VERB":
        return NOBODY
    found = NOBODY
    for t in doc[max(token.sent.start, token.i - 8): token.i]:
        if t.text not in ("-", "–") or t.i == 0 or t.i + 1 >= len(doc):
            continue
        pair = [annotated.at.get(t.i - 1), annotated.at.get(t.i + 1)]
        if all(m is not None and m.kind in ("country", "organization") for m in pair):
            found = NOBODY
            for mention in pair:
                assert mention is not None
                found = found | (Actors(countries=(mention.key,)) if mention.kind == "country"
                                 else Actors(organizations=(mention.key,)))
    return found


def _attendance_governor(annotated: Annotated, trigger: Trigger) -> bool:
    """Whether the trigger is what people attend here: 'took part in the meeting', 'the summit was
    attended by', 'joined the talks'."""
    token = annotated.doc[trigger.token]
    if token.pos_ == "VERB":
        return False
    head = token.head
    if head.dep_ == "prep":
        head = head.head
    if head.lemma_.lower() in ATTENDANCE_LEMMAS:
        return True
    return head.lemma_.lower() == "take" and any(c.lower_ == "part" for c in head.children)


def read_participants(annotated: Annotated, discourse: Discourse, triggers: list[Trigger],
                      trace: Trace) -> list[Candidate]:
    resolver = Resolver(annotated, discourse)
    resolver.trigger_tokens = {t.token for t in triggers}
    candidates: list[Candidate] = []
    for trigger in triggers:
        candidate = resolve_candidate(annotated, resolver, trigger)
        candidates.append(candidate)
        resolver.previous.append(candidate)
    candidates = _add_attendance_sentences(annotated, resolver, candidates)
    candidates = _add_frames(annotated, candidates)
    return _add_statement_issuers(annotated, candidates)


def _is_attendance_sentence(sentence: Any) -> bool:
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in ("attend", "participate", "join"):
            return True
        if lemma == "take" and any(c.lower_ == "part" for c in token.children):
            return True
        if lemma in ("accompany", "join") and token.tag_ == "VBN":
            return True
    return False


def _add_attendance_sentences(annotated: Annotated, resolver: Resolver, candidates: list[Candidate]) -> list[Candidate]:
    """'The presidents of A and B, C's D and E's F attended.' with no event word: they attend the
    latest meeting of the paragraph or the one before it."""
    meeting_sentences = {c.sentence for c in candidates}
    out = list(candidates)
    for index, sentence in enumerate(annotated.sentences):
        if index in meeting_sentences or not _is_attendance_sentence(sentence):
            continue
        earlier = [i for i, c in enumerate(out) if c.kind == "Meeting" and 0 <= index - c.sentence <= 3]
        if not earlier:
            continue
        target = earlier[-1]
        attendees = resolver.actors(list(sentence), "Meeting")
        if not attendees:
            continue
        candidate = out[target]
        out[target] = replace(candidate, participants=candidate.participants | attendees,
                              counterparts=candidate.counterparts | attendees, notes=candidate.noted("attendees"))
    return out


def _add_frames(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    """'On the sidelines of the summit, A met B': A and B attend the summit too."""
    out = list(candidates)
    for i, outer in enumerate(candidates):
        token = annotated.doc[outer.token]
        if token.pos_ == "VERB" or outer.kind != "Meeting":
            continue
        framing = _frame_word(token)
        if framing is None:
            continue
        for j, inner in enumerate(candidates):
            if inner is outer or inner.sentence != outer.sentence or inner.kind == "Statement":
                continue
            # "held a series of bilateral meetings with A, B and C": only the host is known to attend
            attending = inner.subject if inner.trigger.plural or inner.trigger.distributive else inner.participants
            out[i] = replace(out[i], participants=out[i].participants | attending,
                             notes=out[i].noted(f"attends ({framing})"))
            if framing in FRAME_PREPS:
                out[j] = replace(out[j], notes=out[j].noted(SIDELINES))
    return out


#: The note of an event held on the sidelines of another: a bilateral of its own, never the gathering.
SIDELINES = "on the sidelines"


def _frame_word(token: Any) -> str | None:
    """'on the sidelines of the summit' -> 'sidelines'; 'at the summit' -> 'at'."""
    head = token.head
    if token.dep_ != "pobj" or head.dep_ != "prep":
        return None
    if head.lower_ == "of" and head.head.lower_ in FRAME_PREPS:
        return head.head.lower_
    if head.lower_ == "at" and head.head.pos_ in ("VERB", "AUX") and token.lemma_.lower() in HOSTED_GATHERINGS:
        return head.lower_  # "met at the summit"; "during the meeting, they discussed" is the meeting itself
    return None


def _add_statement_issuers(annotated: Annotated, candidates: list[Candidate]) -> list[Candidate]:
    """A statement adopted at, after or by a meeting with no issuers of its own is the meeting's."""
    out = list(candidates)
    for i, statement in enumerate(candidates):
        if statement.kind != "Statement":
            continue
        own = statement.participants.bodies(annotated)
        meetings = [c for c in candidates if c.kind == "Meeting" and len(c.participants.bodies(annotated)) >= 2]
        earlier = [c for c in meetings if c.token < statement.token]
        source = earlier[-1] if earlier else (meetings[0] if meetings else None)
        if source is None or not own <= source.participants.bodies(annotated):
            continue  # "the APEC group is preparing a joint statement" with no APEC meeting: APEC's own
        out[i] = replace(statement, participants=statement.participants | source.participants,
                         day=statement.day or source.day, notes=statement.noted("issued at the meeting"))
    return out
