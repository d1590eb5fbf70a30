"""Arguments: the phrases around a trigger that say who, with whom, where and to where.

Works on the dependency parse. For a verb, its subject (through control and raising:
"plans to visit", "is due to arrive", "congratulated X for hosting"), its objects and its
with/between/among/to phrases; for a noun, its modifiers ("Russian-Angolan talks", "the G8
summit", "their meeting"), its of/with/between phrases, and the subject and objects of the
verb that governs it ("held talks with", "travelled to Moscow for talks", "signed the deal
after four days of talks"). Places: in/at phrases (where), to/into/for phrases (where to),
from phrases (where from). The parse of a small model loses long lists: names listed after
the last argument on the same line are arguments too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.extract.annotated import Annotated
from kg.extract.triggers import Trigger

CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "acl", "parataxis", "csubj", "xcomp"}
#: Prepositions whose objects are counterparts.
WITH_PREPS = {"with", "between", "among", "amongst", "alongside", "by"}
#: Prepositions inside a noun phrase that keep listing who it names ("the presidents of A and B").
SUBTREE_PREPS = {"of", "with", "between", "among", "from", "including", "and", "like", "plus", "alongside"}
#: Prepositions whose objects are where an event happens.
LOCATION_PREPS = {"in", "at", "on"}
#: Prepositions whose objects are where a visit goes.
DESTINATION_PREPS = {"to", "into", "in", "for"}
#: Adjuncts in which a noun trigger's event takes place around the clause's subject
#: ("signed it after talks", "travel to Moscow for talks", "met on the sidelines of the summit").
ADJUNCT_PREPS = {"during", "at", "in", "on", "after", "following", "before", "ahead", "for", "of", "as", "since",
                 "from", "within", "throughout", "upon", "amid", "via", "through", "with", "to", "into"}
#: Verbs whose object is an event someone else held: their subject is no participant ("welcomed the talks").
EVALUATION_VERBS = {"welcome", "praise", "hail", "laud", "commend", "applaud", "condemn", "criticise", "criticize",
                    "support", "back", "note", "mention", "recall", "say", "describe", "call", "review", "discuss",
                    "reflect", "appreciate", "value", "celebrate", "mark", "follow", "watch", "monitor", "report",
                    "announce", "confirm", "deny", "reject", "oppose", "urge", "propose", "suggest", "expect",
                    "await", "see", "consider", "regret", "postpone", "cancel", "brief", "inform", "update",
                    "congratulate", "thank", "boycott", "skip", "snub", "miss", "shun"}
#: Nouns through which a trigger hangs on its verb: "held a series of meetings", "after four days of
#: talks", "on the sidelines of the summit".
CONTAINER_NOUNS = {"series", "number", "round", "rounds", "day", "days", "part", "sidelines", "margins", "occasion",
                   "course", "host", "string", "set", "couple"}
#: Verbs whose object is a topic, never a party.
TOPIC_VERBS = {"discuss", "consult", "review", "address", "cover", "raise", "explore", "exchange"}
#: Nouns whose with-phrase belongs to them, not to the verb: "discussed their engagements with X".
RELATIONAL_NOUNS = {"engagement", "relation", "relationship", "tie", "contact", "cooperation", "talk", "meeting",
                    "partnership", "dialogue", "conversation", "negotiation", "exchange", "call", "agreement"}
#: Verbs whose objects take part in the event that is their subject ("the talks included Japan").
ATTENDED_BY = {"attend", "include", "involve", "bring", "gather", "feature", "join", "draw", "assemble", "unite"}
#: Verbs whose object (not subject) does what a following gerund says ("congratulated X for hosting").
OBJECT_CONTROL = {"congratulate", "thank", "commend", "praise", "invite", "ask", "urge", "encourage", "task",
                  "instruct", "authorize", "authorise", "allow", "appoint", "send", "dispatch"}


@dataclass(frozen=True)
class Arguments:
    subject: tuple[Any, ...] = ()  # tokens of the subject side
    counterparts: tuple[Any, ...] = ()  # tokens of objects and with/between phrases, and noun modifiers
    places: tuple[Any, ...] = ()  # tokens of where it happens
    destinations: tuple[Any, ...] = ()  # tokens of where to (visits)
    origins: tuple[Any, ...] = ()  # tokens of where from (visits)
    governor: Any | None = None  # the verb governing a noun trigger
    host_frame: bool = False  # "X hosted / received / welcomed Y": X hosts


def subtree(annotated: Annotated, token: Any, stop_clauses: bool = True) -> list[Any]:
    """A phrase's tokens without its clauses and without descriptions of a named person
    ('Sergio Gor, the US ambassador to India and Mr Trump's envoy')."""
    out = [token]
    named = token.i in annotated.cast.token_person
    for child in token.children:
        if stop_clauses and child.dep_ in CLAUSE_DEPS:
            continue
        if named and child.dep_ == "appos" and child.i not in annotated.cast.token_person:
            continue
        such_as = child.lower_ == "as" and any(c.lower_ == "such" for c in child.children)
        if child.dep_ == "prep" and child.lower_ not in SUBTREE_PREPS and not such_as:
            continue  # ("allies such as Egypt and Jordan" names them)
        out.extend(subtree(annotated, child, stop_clauses))
    return out


def subject_of(verb: Any) -> Any | None:
    """The subject of a verb, through control, raising, coordination and participles:
    'plans to visit', 'is due to arrive', 'met X and later visited Y', 'Welcoming X, Y said'."""
    current = verb
    for _ in range(5):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("who", "which", "that") and current.dep_ == "relcl":
                    return current.head  # "Ciucă, who was on a visit to Kyiv"
                return child
        if current.dep_ == "relcl" and current.head.i != current.i:
            return current.head  # "the minister visiting Kyiv" is the one who visits
        if current.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl", "prep", "acomp") \
                and current.head.i != current.i:
            current = current.head  # "looks forward to welcoming": through the preposition
            if current.pos_ not in ("VERB", "AUX") and current.dep_ != "ROOT":
                if current.dep_ in ("pobj", "dobj", "prep", "acomp") or current.pos_ in ("ADP", "ADJ"):
                    continue
                return None
        else:
            return None
    return None


def controlling_object(verb: Any) -> Any | None:
    """'congratulated X for hosting the summit': X hosts, not the one who congratulates."""
    current = verb
    for _ in range(3):
        if current.dep_ in ("pcomp", "xcomp") and current.head.i != current.i:
            current = current.head
            if current.dep_ == "prep":
                current = current.head
            if current.pos_ == "VERB" and current.lemma_.lower() in OBJECT_CONTROL:
                objects = [c for c in current.children if c.dep_ == "dobj"]
                return objects[0] if objects else None
        else:
            return None
    return None


#: Nouns of the frame a meeting is held beside: "on the sidelines of the summit".
SIDELINE_WORDS = {"sidelines", "sideline", "margins", "margin"}


def governor_of(trigger: Any) -> tuple[Any | None, str]:
    """The verb a noun trigger depends on, and how: ('held', 'object'), ('signed', 'after')."""
    current = trigger
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None, ""
        if current.dep_ in ("dobj", "attr", "nsubjpass", "oprd", "dative") and head.pos_ in ("VERB", "AUX"):
            return head, "object"
        if current.dep_ in ("nsubj",) and head.pos_ in ("VERB", "AUX"):
            return head, "subject"
        if current.dep_ == "pobj" and head.dep_ in ("prep", "dative", "agent"):
            preposition = head.lower_
            above = head.head
            if above.pos_ in ("VERB", "AUX"):
                return above, preposition
            if above.dep_ in ("dobj", "attr", "pobj", "nsubjpass") and above.lower_ in CONTAINER_NOUNS:
                current = above  # "a series of meetings", "four days of talks", "on the sidelines of the summit"
                continue
            if above.lower_ == "ahead" or preposition in ("during", "after", "following", "before", "at", "in",
                                                          "on", "through", "via", "to", "for"):
                current = head if above.i == head.i else above
                continue
            return None, ""
        if current.dep_ in ("conj", "appos") and head.pos_ in ("NOUN", "PROPN"):
            current = head  # "meetings and talks with", "the visit, the first since 2010"
            continue
        if current.dep_ == "compound":
            current = head
            continue
        return None, ""
    return None, ""


def _lost_subject(annotated: Annotated, verb: Any) -> Any | None:
    """'In his meetings with A, B and C, D reiterated ...', 'At the invitation of A, B, PhD, made a
    visit': a verb the parser left without a subject, after a name it hung on a phrase before it."""
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    start = annotated.sentence(verb.i).start
    for i in range(verb.i - 1, max(verb.i - 10, start - 1), -1):
        if i in annotated.cast.token_person:
            return annotated.doc[i]
        if annotated.doc[i].pos_ in ("VERB", "AUX") or annotated.doc[i].text in (";", ":"):
            return None  # another clause: the name before it is not this verb's
    return None


def listed_people(annotated: Annotated, tokens: list[Any], trigger: Any) -> list[Any]:
    """Names listed after the last argument, to the end of the line, where the parse lost the list:
    'with President A of X, Chancellor B of Y, and Prime Minister C'."""
    cast = annotated.cast
    after = [t.i for t in tokens if t.i > trigger.i and (t.i in cast.token_person or t.i in annotated.at)]
    if not after:
        return []
    doc = annotated.doc
    out: list[Any] = []
    i = max(after) + 1
    while i < len(doc) and "\n" not in doc[i - 1].text_with_ws:
        token = doc[i]
        if token.i in cast.token_person:
            out.append(token)
        elif not (token.text in (",", "and", "of", "the", "(", ")", "-") or i in annotated.at or token.is_space):
            break
        i += 1
    return out


def read_arguments(annotated: Annotated, trigger: Trigger) -> Arguments:
    token = annotated.doc[trigger.token]
    if trigger.verbal:
        return _verb_arguments(annotated, token)
    return _noun_arguments(annotated, token)


def _phrases(annotated: Annotated, heads: list[Any]) -> list[Any]:
    out: list[Any] = []
    for head in heads:
        out.extend(subtree(annotated, head))
    return out


#: Nouns that head a place phrase without being a name: "in the capital, Damascus".
PLACE_NOUNS = {"capital", "city", "town", "country", "island", "islands", "region", "resort", "residence"}


def _place_phrases(annotated: Annotated, token: Any, preps: set[str]) -> list[Any]:
    """The phrases of `preps` that name a place: 'in Hanoi', 'at Government House', 'in Syria's
    capital'; not 'in solidarity with Lebanon' or 'at the request of Japan'."""
    heads = []
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if any(o.i in annotated.at or o.ent_type_ in ("GPE", "LOC", "FAC") or o.lemma_.lower() in PLACE_NOUNS
               or o.pos_ == "PROPN" for o in objects):
            heads.append(child)
    return _phrases(annotated, heads)


def _verb_arguments(annotated: Annotated, verb: Any) -> Arguments:
    lemma = verb.lemma_.lower()
    controller = controlling_object(verb)
    subject = controller if controller is not None else subject_of(verb)
    counterparts: list[Any] = []
    destinations: list[Any] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            if lemma in TOPIC_VERBS:  # "discussed Syria with X": Syria is what they discussed, not who
                if child.lemma_.lower() not in RELATIONAL_NOUNS:  # "discussed their contacts with X": a topic
                    counterparts.extend(t for c in child.children if c.dep_ == "prep" and c.lower_ == "with"
                                        for t in subtree(annotated, c))  # the parse hangs "with X" on the topic
                continue
            (destinations if lemma in ("visit", "tour") and not _is_person_phrase(annotated, child)
             else counterparts).extend(subtree(annotated, child))
        elif child.dep_ in ("agent", "nsubjpass") or child.dep_ == "prep" and (
                child.lower_ in WITH_PREPS or (child.lower_ == "to" and lemma in ("speak", "talk", "write"))):
            counterparts.extend(subtree(annotated, child))
        elif child.dep_ == "prep" and child.lower_ in ("including", "notably", "especially"):
            counterparts.extend(t for g in child.children if g.dep_ == "prep" and g.lower_ == "with"
                                for t in subtree(annotated, g))  # "met several leaders, including with X"
        elif child.dep_ == "prep" and child.lower_ in DESTINATION_PREPS and lemma not in ("meet", "host"):
            destinations.extend(subtree(annotated, child))
    places = _place_phrases(annotated, verb, LOCATION_PREPS)
    origins = _place_phrases(annotated, verb, {"from"})
    if lemma in ("leave", "depart") and not destinations:
        origins += [t for c in verb.children if c.dep_ == "dobj" for t in subtree(annotated, c)]
        counterparts = [t for t in counterparts if t not in origins]
    subject_tokens = subtree(annotated, subject) if subject is not None else []
    counterparts += listed_people(annotated, counterparts + subject_tokens, verb)
    host_frame = lemma in ("host", "receive", "welcome")
    if host_frame and not counterparts:  # "received at the Kremlin President X": the parse hung the name elsewhere
        sentence = annotated.sentence(verb.i)
        counterparts = [t for t in annotated.doc[verb.i + 1: min(verb.i + 14, sentence.end)]
                        if t.i in annotated.cast.token_person]
    return Arguments(subject=tuple(subject_tokens), counterparts=tuple(counterparts), places=tuple(places),
                     destinations=tuple(destinations), origins=tuple(origins), governor=verb, host_frame=host_frame)


def _is_person_phrase(annotated: Annotated, token: Any) -> bool:
    return any(t.i in annotated.cast.token_person or
               (t.i in annotated.at and annotated.at[t.i].kind == "title") for t in subtree(annotated, token))


def _in_honour_of(annotated: Annotated, token: Any) -> list[Any]:
    """'a dinner in honour of President X': the guest."""
    out: list[Any] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for pobj in child.children:
                if pobj.lower_ in ("honour", "honor"):
                    out.extend(t for g in pobj.children if g.dep_ == "prep" and g.lower_ == "of"
                               for t in subtree(annotated, g))
    return out


def _noun_arguments(annotated: Annotated, noun: Any) -> Arguments:
    counterparts: list[Any] = _in_honour_of(annotated, noun)
    destinations: list[Any] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "appos") or (
                child.dep_ == "prep" and child.lower_ in WITH_PREPS | {"of", "from"}):
            counterparts.extend(subtree(annotated, child))
        elif child.dep_ == "prep" and child.lower_ in ("to", "into"):
            destinations.extend(subtree(annotated, child))
    places = _place_phrases(annotated, noun, LOCATION_PREPS)
    governor, relation = governor_of(noun)
    subject_tokens: list[Any] = []
    host_frame = False
    if governor is not None:
        lemma = governor.lemma_.lower()
        evaluated = relation == "object" and lemma in EVALUATION_VERBS
        if relation == "subject" and lemma in ATTENDED_BY:
            # "The meeting was attended by X", "The talks included Japan": the verb's objects take part
            for child in governor.children:
                if child.dep_ in ("dobj", "agent", "attr") or (child.dep_ == "prep" and child.lower_ in WITH_PREPS):
                    counterparts.extend(subtree(annotated, child))
        elif not evaluated:
            subject = controlling_object(governor) or subject_of(governor) or _lost_subject(annotated, governor)
            if subject is not None and subject.i != noun.i:
                subject_tokens = [t for t in subtree(annotated, subject) if t.i != noun.i]
            # "on the sidelines of the summit, X met Y": Y is the inner meeting's, not the summit's
            frame = noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in SIDELINE_WORDS
            for child in ([] if frame else governor.children):
                if child.dep_ == "prep" and child.lower_ in ("with", "between", "among") and child.i != noun.i:
                    counterparts.extend(subtree(annotated, child))
                if child.dep_ == "prep" and child.lower_ in ("including", "notably", "especially"):
                    counterparts.extend(t for g in child.children if g.dep_ == "prep" and g.lower_ == "with"
                                        for t in subtree(annotated, g))  # "made calls today, including with X"
                if child.dep_ in ("dobj", "dative") and noun not in child.subtree and relation != "object" \
                        and lemma not in TOPIC_VERBS:
                    counterparts.extend(subtree(annotated, child))  # "met X during the visit"
                if child.dep_ == "dative" and relation == "object":
                    counterparts.extend(subtree(annotated, child))  # "paid him a visit"
            host_frame = lemma in ("host", "give", "offer", "throw") and relation == "object"
            if relation in ("object", "for", "on", "in", "to") and not destinations:
                destinations = [t for c in governor.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
                                and noun not in c.subtree for t in subtree(annotated, c)]
            if not places:
                places = [t for t in _place_phrases(annotated, governor, {"in", "at"}) if noun not in t.subtree]
    counterparts += listed_people(annotated, counterparts + subject_tokens, noun)
    if subject_tokens:  # a person the parse put in both places is the subject
        people = {annotated.cast.token_person.get(t.i) for t in subject_tokens} - {None}
        counterparts = [t for t in counterparts if annotated.cast.token_person.get(t.i) not in people]
    return Arguments(subject=tuple(subject_tokens), counterparts=tuple(counterparts), places=tuple(places),
                     destinations=tuple(destinations), governor=governor, host_frame=host_frame)
