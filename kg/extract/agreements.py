"""Agreements: treaties, memoranda, deals, plans and frameworks the text reports as signed,
concluded, agreed, planned or under negotiation, with their parties and signatories.

An agreement noun of the lexicon counts only when the text makes it news: a verb acts on it
("signed", "agreed on", "will conclude", "negotiating"), a nominal act names it ("the signing
of", "the extension of"), or a modifier does ("the new treaty", "the draft accord"). Treaties
only referred to ("under the treaty of 1992") are left out. The parties are the states and
organisations of its phrase ("the Russian-Chinese treaty", "between Dhaka and Beijing"), of
the clause that acts on it, and of the meeting it was reached at when the text says so ("the
participants adopted", "the two sides signed").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from kg.extract.actors import NOBODY, Actors
from kg.extract.annotated import Annotated
from kg.extract.arguments import subject_of, subtree
from kg.extract.candidates import Candidate
from kg.extract.dating import date_of
from kg.extract.lexicon import load_event_words
from kg.extract.participants import GROUP_HEADS, Resolver
from kg.extract.status import governors

AGREEMENT_VERBS = {"sign", "conclude", "reach", "negotiate", "finalize", "finalise", "ink", "seal", "extend", "renew",
                   "announce", "adopt", "agree", "form", "establish", "launch", "complete", "prepare", "draft",
                   "initial", "ratify", "strike", "forge", "pursue", "approve", "secure", "update", "execute",
                   "endorse", "amend", "enter", "broker", "clinch", "hammer"}
COMPLETION_VERBS = {"sign", "conclude", "reach", "finalize", "finalise", "ink", "seal", "adopt", "strike", "ratify",
                    "initial", "approve", "forge", "form", "establish", "launch", "secure", "clinch", "broker",
                    "endorse", "agree"}
#: Nominal acts: 'the signing of the treaty', 'the conclusion of an agreement'.
ACT_NOUNS = {"signing", "conclusion", "extension", "ratification", "renewal", "adoption", "negotiation",
             "negotiations", "finalization", "finalisation", "replacement", "draft", "drafting", "execution"}
ACT_MODIFIERS = {"signed", "new", "proposed", "draft", "planned", "landmark", "historic", "interim", "another",
                 "separate", "second"}
#: Nouns an acting verb reaches an agreement through ("the signing of", "a draft of", "a series of").
THROUGH_NOUNS = ACT_NOUNS | {"series", "set", "number", "package", "text", "terms", "kind", "round", "part"}
#: Agreement nouns too general to stand without an act and a modifier of their own.
WEAK_NOUNS = {"plan", "mechanism", "partnership", "framework", "arrangement", "notes", "charter", "convention",
              "roadmap", "protocol", "declaration"}
#: An agreement under negotiation (the annotation guide: negotiations are agreements being made).
NEGOTIATIONS = {"negotiations", "negotiation"}
PARTICIPANT_WORDS = {"participants", "parties", "sides", "leaders", "delegations", "members", "countries"}
#: Words that make a partnership a level of relations ("comprehensive strategic partnership").
RELATIONSHIP_LEVELS = {"strategic", "comprehensive", "global", "special", "privileged", "enhanced"}
#: Generic agreement nouns: a later "the deal" or "this agreement" is the agreement already read.
GENERIC_AGREEMENTS = {"agreement", "deal", "accord", "pact", "treaty", "arrangement"}


@dataclass(frozen=True)
class AgreementReading:
    label: str
    parties: Actors
    signatories: tuple[int, ...]
    status: str
    sentence: int
    token: int
    day: date | None = None
    subject_side: tuple[str, ...] = ()  # the states of the clause's subject: the side making the agreements


def read_agreements(annotated: Annotated, resolver: Resolver, events: list[Candidate]) -> list[AgreementReading]:
    words = load_event_words()
    statements = {t for e in events if e.kind == "Statement" for t in e.mentions}
    found: list[AgreementReading] = []
    for token in annotated.doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.i in statements:
            continue
        if not words.agreement_word(token.text, token.lemma_) and token.lower_ not in NEGOTIATIONS:
            continue
        reading = _read_agreement(annotated, resolver, token, events)
        if reading is None:
            continue
        count = _number(token)
        same = [i for i, r in enumerate(found) if _same_agreement(annotated, r, reading, token)]
        if same and count == 1:
            first = found[same[0]]
            mine, theirs = _bodies(annotated, reading.parties), _bodies(annotated, first.parties)
            if mine < theirs and _names_its_parties(annotated, token):
                found[same[0]] = replace(first, parties=reading.parties)  # the narrower, named parties
            elif not (mine <= theirs or theirs <= mine):  # the same agreement, each mention naming some
                found[same[0]] = replace(first, parties=Actors(
                    countries=tuple(sorted(set(first.parties.countries) | set(reading.parties.countries))),
                    organizations=first.parties.organizations + tuple(
                        o for o in reading.parties.organizations if o not in first.parties.organizations)))
            continue
        found.extend(_one_per_partner(annotated, token, reading) if count == 1 else [reading] * count)
    return found


def _same_agreement(annotated: Annotated, earlier: AgreementReading, later: AgreementReading, token: Any) -> bool:
    """One agreement mentioned again: the same parties and head noun; one of nested parties under the
    same name ('an EU-US trade deal' ... 'the EU-US trade deal'); 'an agreement on a code of
    conduct' ... 'an agreement on that code of conduct'; 'the agreement' ... 'the deal' ... 'this
    agreement' with parties that agree."""
    a, b = _bodies(annotated, earlier.parties), _bodies(annotated, later.parties)
    nested = a <= b or b <= a
    heads = (_head(earlier.label), _head(later.label))
    topic = _topic(annotated.doc[later.token])
    if topic and topic == _topic(annotated.doc[earlier.token]):
        return True
    named = earlier.label.lower() == later.label.lower() and len(later.label.split()) > 1
    if named and nested:
        return True  # "an EU-US trade deal" twice
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in token.children):
        return False  # "also signed an agreement authorizing transit": another one
    if heads[0] == heads[1] and (a == b or (nested and earlier.label.lower() == later.label.lower())):
        return True
    bare = not any(c.dep_ in ("compound", "amod", "nmod") for c in token.children)
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
    return definite and bare and nested and set(heads) <= GENERIC_AGREEMENTS  # "the deal", "this agreement"


def _topic(token: Any) -> str:
    """What an agreement is on: 'conduct' in 'an agreement on a code of conduct'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "about", "regarding"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                noun = objects[0]
                of = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
                return (of[0] if of else noun).lemma_.lower()
    return ""


def _names_its_parties(annotated: Annotated, token: Any) -> bool:
    """'an EU-US trade deal', 'the agreement between A and B': the agreement's phrase names who makes it."""
    if any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in token.children):
        return True
    return any(t.text in ("-", "–") for t in annotated.doc[max(token.sent.start, token.i - 6): token.i])


def _head(label: str) -> str:
    words = label.lower().split()
    return words[-1].rstrip("s") if words else ""


def _one_per_partner(annotated: Annotated, token: Any, reading: AgreementReading) -> list[AgreementReading]:
    """'prepared agreements with Kazakhstan and Uzbekistan': one agreement with each partner."""
    if token.tag_ not in ("NNS", "NNPS") or reading.parties.organizations:
        return [reading]
    sides = reading.subject_side
    others = [c for c in reading.parties.countries if c not in sides]
    if len(sides) != 1 or len(others) < 2:
        return [reading]
    return [replace(reading, parties=Actors(countries=tuple(sorted((sides[0], other))))) for other in others]


def _number(token: Any) -> int:
    """'signed two agreements': two records."""
    numbers = {"two": 2, "three": 3, "four": 4, "five": 5}
    for child in token.children:
        if child.dep_ == "nummod" and child.lower_ in numbers:
            return numbers[child.lower_]
    return 1


def _acting_chain(chain: list[Any]) -> list[Any]:
    """The governors up to the first content noun: 'announce [his support] for a pact' is no act on it."""
    out = []
    for governor in chain:
        if governor.pos_ in ("NOUN", "PROPN") and governor.lower_ not in THROUGH_NOUNS:
            break
        out.append(governor)
    return out


def _acted(token: Any, chain: list[Any]) -> bool:
    chain = _acting_chain(chain)
    verbs = [g for g in chain if g.pos_ in ("VERB", "AUX")]
    if any(v.lemma_.lower() in AGREEMENT_VERBS for v in verbs[:2]):
        return True
    if any(c.dep_ == "acl" and c.lemma_.lower() in AGREEMENT_VERBS for c in token.children):
        return True  # "the agreement, approved by Congress"
    if token.lower_ in NEGOTIATIONS and any(
            c.dep_ == "prep" and c.lower_ in ("between", "with", "on", "for") for c in token.children):
        return True  # "negotiations between A and B": an agreement under negotiation
    if any(g.lower_ in ACT_NOUNS for g in chain[:3]):
        return True  # "the signing of the treaty"
    if any(p.lower_ in ACT_NOUNS for v in verbs[:1] for c in v.children if c.dep_ == "prep" for p in c.children):
        return True  # "the treaty was scheduled for signing"
    modifiers = {c.lower_ for c in token.children}
    return bool(modifiers & ACT_MODIFIERS) and token.lower_ not in WEAK_NOUNS


def _read_agreement(annotated: Annotated, resolver: Resolver, token: Any,
                    events: list[Candidate]) -> AgreementReading | None:
    lower = token.lower_
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
    if token.lemma_.lower() == "plan" and "action" not in modifiers:
        return None
    if lower == "notes" and not (token.head.lower_ == "of" and token.head.head.lower_ == "exchange"):
        return None
    if any(c.dep_ == "det" and c.lower_ in ("some", "any") for c in token.children) or _long_before(annotated, token):
        return None  # "some agreement"; "the 1976 treaty", referred to
    kind_of = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    if kind_of is not None and kind_of.lower_ in ("kind", "sort", "type", "form") and any(
            c.dep_ == "det" and c.lower_ in ("some", "any", "a") for c in kind_of.children):
        return None  # "reaching some kind of agreement": a guess at one, not one
    if token.lemma_.lower() == "partnership" and modifiers & RELATIONSHIP_LEVELS:
        return None  # "a comprehensive strategic partnership": the standing of relations, not a text
    chain = governors(token)
    words = load_event_words()
    if token.dep_ == "conj":  # "adopted an agreement on X and a protocol on Y", however the parse hangs it
        other = next((g for g in chain if g.pos_ in ("NOUN", "PROPN") and words.agreement_word(g.text, g.lemma_)),
                     None)
        if other is not None:
            chain = governors(other)
    if not _acted(token, chain):
        root = annotated.sentence(token.i).root
        if root.lemma_.lower() not in COMPLETION_VERBS or root.pos_ != "VERB" or token.i > root.i:
            return None
        chain = [root]  # "A, B and the Joint Action Plan were adopted": the parse lost the coordination
    full_chain = chain
    chain = _acting_chain(chain)
    verbs = [g for g in chain if g.pos_ in ("VERB", "AUX")]
    tokens = list(subtree(annotated, token))
    if len(chain) < len(full_chain):  # "both countries' willingness to extend the treaty": whose willingness
        stop = full_chain[len(chain)]
        tokens += [t for c in stop.children if c.dep_ in ("poss", "compound", "amod") for t in subtree(annotated, c)]
    subject_side: set[str] = set()
    for verb in verbs[:2]:
        subject = subject_of(verb) if verb.lemma_.lower() in AGREEMENT_VERBS else None
        if subject is not None:  # "X welcomed the negotiations between A and B": X is no party
            tokens.extend(subtree(annotated, subject))
            subject_side |= resolver.actors(subtree(annotated, subject), "Agreement").states(annotated)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                tokens.extend(subtree(annotated, child))
    first = verbs[0] if verbs else None
    sentence = annotated.sentence(token.i)
    if first is not None and first.lemma_.lower() in COMPLETION_VERBS:
        # "A, B, C ... and D signed a memorandum": everyone named before the verb in its clause signs
        tokens.extend(t for t in annotated.doc[sentence.start:first.i] if t.i in annotated.cast.token_person)
    parties = resolver.actors(tokens, "Agreement", capitals=True)
    here = annotated.sentence_index(token.i)
    own_parties = resolver.actors(list(subtree(annotated, token)), "Agreement", capitals=True)
    own = _bodies(annotated, own_parties)
    if len(own) >= 2 and _names_its_parties(annotated, token):
        parties = own_parties  # "discussed securing an EU-US trade deal": the deal names its parties
    for event in events:
        if event.sentence == here and len(own) < 2:  # "visited A and B to prepare agreements"
            states = event.participants.states(annotated) | set(event.destinations)
            parties = parties | Actors(countries=tuple(sorted(states)), organizations=event.participants.organizations)
    adopted_without_agent = first is not None and first.lemma_.lower() in COMPLETION_VERBS and not any(
        c.dep_ in ("agent", "nsubj") for c in first.children)
    if len(_bodies(annotated, parties)) < 2 and (_refers_to_meeting(tokens) or adopted_without_agent):
        meeting = _meeting_before(annotated, events, token.i)
        if meeting is not None:
            parties = parties | meeting
    bodies = _bodies(annotated, parties)
    if len(bodies) < 2 and not parties.organizations:
        return None
    status = _status(token, first)
    label = token.text
    compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    if compounds:
        label = annotated.doc[compounds[0].i: token.i + 1].text
    signatories = tuple(parties.people) if first is not None and first.lemma_.lower() == "sign" else ()
    day = date_of(annotated, sentence, token, status) if status == "occurred" else None
    return AgreementReading(label=label, parties=Actors(countries=tuple(sorted(_countries(annotated, parties))),
                                                         organizations=parties.organizations),
                            signatories=signatories, status=status, sentence=here, token=token.i, day=day,
                            subject_side=tuple(sorted(subject_side)))


def _long_before(annotated: Annotated, token: Any) -> bool:
    """'the 1976 treaty', 'the agreement of 1992': a year well before the article names an old agreement."""
    reference = annotated.published or annotated.reference
    if reference is None:
        return False
    for t in [*token.children, *(g for c in token.children if c.dep_ == "prep" for g in c.children)]:
        if t.text.isdigit() and len(t.text) == 4 and 1900 <= int(t.text) < reference.year - 2:
            return True
    return False


def _refers_to_meeting(tokens: list[Any]) -> bool:
    return any(t.lower_ in PARTICIPANT_WORDS | GROUP_HEADS | {"both", "they", "we", "their", "two"} for t in tokens)


def _meeting_before(annotated: Annotated, events: list[Candidate], token: int) -> Actors | None:
    earlier = [e for e in events if e.kind in ("Meeting", "PhoneCall", "Visit") and e.token < token
               and len(e.participants.bodies(annotated)) >= 2]
    if not earlier:
        return None
    event = earlier[-1]
    return Actors(countries=tuple(sorted(event.participants.states(annotated) | set(event.destinations))),
                  organizations=event.participants.organizations)


def _countries(annotated: Annotated, parties: Actors) -> set[str]:
    return parties.states(annotated)


def _bodies(annotated: Annotated, parties: Actors) -> set[str]:
    return parties.bodies(annotated)


def _status(token: Any, first: Any | None) -> str:
    if any(c.lower_ == "signed" for c in token.children):
        return "occurred"
    if first is None or first.lemma_.lower() not in COMPLETION_VERBS:
        return "planned"
    tense = first
    if first.tag_ == "VBG" and first.dep_ in ("pcomp", "advcl") and first.head.dep_ == "prep":
        tense = first.head.head  # "signaled a commitment ... by signing today a memorandum"
    perfect = first.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were", "has", "have",
                                                                                       "had", "been")
                                          for c in first.children)
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "to") for c in first.children)
    if future:
        return "planned"
    return "occurred" if tense.tag_ == "VBD" or first.tag_ == "VBD" or perfect else "planned"


NOBODY_PARTIES = NOBODY
