"""Candidate triggers: every word that may open a meeting, visit, call or statement.

Recall first: a verb or noun of the lexicon (`kg.extract.lexicon`) is a candidate in every
inflection and in compounds ("meetings", "bilateral talks", "telephone conversation",
"courtesy call"); only senses that are never an event are turned away here ("called for
calm", "press conference", "meet the needs"), each with its reason. Whether a candidate has
the participants an event needs is decided by later steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.extract.annotated import Annotated
from kg.extract.gazetteer import load_gazetteer
from kg.extract.lexicon import EventWords, load_event_words

EVENT_KINDS = ("Meeting", "Visit", "PhoneCall", "Statement")
#: Words that make a plural or a list one event per counterpart.
DISTRIBUTIVE = {"separately", "separate", "respectively", "individually", "each", "series"}
#: Plural event nouns that name one event ("talks", "consultations" are one round of talks).
ONE_EVENT_PLURALS = {"talks", "consultations", "discussions", "negotiations"}
#: Nouns that make a person or body an actor when they head an object ("met the delegation").
ACTOR_NOUNS = {"delegation", "delegations", "counterpart", "counterparts", "leader", "leaders", "minister",
               "ministers", "president", "presidents", "premier", "king", "queen", "ambassador", "ambassadors",
               "envoy", "envoys", "officials", "representatives", "secretary", "chancellor", "prime", "heads",
               "head", "governments", "government", "side", "sides", "partners", "emir", "sultan", "crown"}
#: Plural subjects that speak as several parties ("the leaders stated").
GROUP_SUBJECTS = {"leader", "president", "minister", "government", "country", "side", "party", "head", "member",
                  "state", "nation"}
PERSONAL_PRONOUNS = {"you", "him", "her", "them", "us", "me", "each", "one"}
#: Verbs of motion that are travel only towards a place or a purpose ("left for Seoul", "went to talks").
#: What one leads to a place when one travels at its head ("led a trade mission to Hanoi").
DELEGATION_NOUNS = {"delegation", "mission", "team"}
MOTION_VERBS = {"come", "go", "leave", "depart", "fly", "head", "return", "embark", "journey"}
#: Phone and video words that make a conversation or talk a call.
CALL_WORDS = {"telephone", "phone", "telephonic", "video", "videoconference", "virtual"}
#: Modifiers of 'conference', 'session' and 'call' that are not a diplomatic event of their own.
NOT_EVENT_MODIFIERS = {"press", "news", "wake", "roll", "curtain", "photo", "question", "training", "plenary",
                       "parliamentary", "legislative", "briefing", "media", "judgment", "judgement", "close"}
#: Verbs that make their subject the issuer of a statement or declaration.
ISSUING_VERBS = {"issue", "release", "adopt", "sign", "publish", "approve", "agree", "endorse", "make"}
#: Determiners and modifiers that make a singular 'talk' the event ("the talk", "telephone talk").
TALK_MARKERS = {"the", "a", "this", "their", "our", "his", "her", "telephone", "phone", "video"}


@dataclass(frozen=True)
class Trigger:
    kind: str
    token: int  # index of the trigger's head token in the document
    lemma: str
    plural: bool = False  # "meetings", "calls": possibly one event per counterpart
    distributive: bool = False  # "separately", "a series of": one event per counterpart
    courtesy: bool = False  # "courtesy call on", "courtesy visit to": an in-person meeting
    verbal: bool = False  # opened by a verb ("met") rather than a noun ("the meeting")


def _head_phrase(token: Any) -> list[Any]:
    """A noun with its compounds, coordinated nouns, appositions and of-phrase: 'the President of X
    and his delegation', not what hangs further on it ('progress on X's efforts')."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("compound", "conj", "appos", "nmod", "poss", "amod", "flat"):
            out.extend(_head_phrase(child))
        elif child.dep_ == "prep" and child.lower_ == "of":
            out.extend(t for g in child.children for t in _head_phrase(g))
    return out


def names_person(annotated: Annotated, token: Any) -> bool:
    """Whether a noun phrase names people: a person, a title, a delegation, 'you'."""
    for t in _head_phrase(token):
        if t.i in annotated.cast.token_person or t.i in annotated.cast.title_country:
            return True
        mention = annotated.at.get(t.i)
        if mention is not None and mention.kind == "title":
            return True
    return token.lower_ in PERSONAL_PRONOUNS | ACTOR_NOUNS


def names_actor(annotated: Annotated, token: Any) -> bool:
    """Whether a noun phrase names who rather than what: a person, a state, a body or a title."""
    for t in _head_phrase(token):
        if t.i in annotated.cast.token_person or t.i in annotated.cast.title_country:
            return True
        mention = annotated.at.get(t.i)
        if mention is not None and mention.kind in ("country", "organization", "title", "region") \
                and mention.form != "capital":
            return True
    if token.lower_ in PERSONAL_PRONOUNS:
        return True  # "glad to meet you", "called him"
    return token.lower_ in ACTOR_NOUNS or token.head.lower_ in ACTOR_NOUNS and token.dep_ == "compound"


def _children(token: Any, *deps: str) -> list[Any]:
    return [c for c in token.children if c.dep_ in deps]


def _preps(token: Any) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ == "prep"}


def _names_place_or_purpose(annotated: Annotated, verb: Any) -> bool:
    """'left Seoul for Pyongyang', 'heads to Tokyo', 'went to the summit': a place or an event ahead."""
    words = load_event_words()
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "for", "into", "in", "at"):
            for t in child.subtree:
                mention = annotated.at.get(t.i)
                if mention is not None and mention.kind in ("country", "organization"):
                    return True
                if t.ent_type_ in ("GPE", "LOC", "FAC") or words.noun_kinds(t.lemma_) & {"Meeting", "Visit"}:
                    return True
        if child.dep_ in ("dobj", "npadvmod", "advmod") and child.ent_type_ in ("GPE", "LOC"):
            return True
        if child.dep_ in ("dobj",) and annotated.at.get(child.i) is not None:
            return True
    return False


def verb_kind(annotated: Annotated, token: Any, words: EventWords) -> str | None:
    """The event a verb opens here, or None when this sense of it is not an event."""
    lemma = token.lemma_.lower()
    kind = words.verbs.get(lemma)
    if kind is None or kind == "Agreement":
        return None
    if kind == "Statement":  # "the leaders of A, B and C stated": only several parties speaking together
        subjects = _children(token, "nsubj")
        together = any(_children(s, "conj") or (s.tag_ in ("NNS", "NNPS") and s.lemma_.lower() in GROUP_SUBJECTS)
                       for s in subjects)
        return kind if together and not _children(token, "neg") else None
    preps = _preps(token)
    objects = _children(token, "dobj", "dative")
    if lemma == "call":
        objects += [o for o in _children(token, "oprd") if names_actor(annotated, o)]  # "called King X"
        appeals = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                   and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)]
        if "for" in preps or appeals or _children(token, "prt") or \
                any(not names_actor(annotated, o) for o in _children(token, "oprd")):
            return None  # "called for calm", "called on X to", "called off", "called it a success"
        if token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children):
            return None  # "what are called 'negative forces'"
        if not (any(names_actor(annotated, o) for o in objects) or "with" in preps):
            return None
    elif lemma in ("speak", "talk"):
        # "spoke by telephone with X": the with-phrase the parser hung on the medium
        media = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "over", "on", "via")
                 for g in c.children if g.dep_ == "pobj"]
        preps |= {c.lower_ for m in media for c in m.children if c.dep_ == "prep"}
        if not preps & {"with", "to"}:
            return None
    elif lemma in ("discuss", "consult"):
        subjects = _children(token, "nsubj")
        coordinated = any(_children(s, "conj") for s in subjects) or any(
            s.lower_ in ("they", "we") or s.tag_ == "NNS" for s in subjects)
        preps |= {c.lower_ for o in objects for c in o.children if c.dep_ == "prep"}  # "discussed trade with X"
        if "with" not in preps and not coordinated:
            return None  # "discussed trade" alone is no meeting; "discussed trade with X" and "X and Y discussed" are
    elif lemma in ("receive", "welcome", "host"):
        if not objects:  # "received in the Kremlin President X": the parse hung the name on a preposition
            sentence = annotated.sentence(token.i)
            objects = [t for t in annotated.doc[token.i + 1: min(token.i + 14, sentence.end)]
                       if t.i in annotated.cast.token_person]
        if not any(names_person(annotated, o) for o in objects):
            return None  # "welcomed the decision", "welcomed the UN mission", "hosted a dinner" (the dinner is it)
    elif lemma == "meet":
        if objects and not any(names_actor(annotated, o) for o in objects):
            return None  # "meet the needs", "meet the targets"
    elif lemma == "visit":
        if objects and not any(names_actor(annotated, o) or o.ent_type_ in ("GPE", "LOC", "FAC", "ORG")
                               for o in objects):
            return None  # "visit the website"
    elif lemma == "lead":
        led = any(o.lemma_.lower() in DELEGATION_NOUNS for o in objects)
        if not (led and _names_place_or_purpose(annotated, token)):
            return None  # "led the talks", "leads the ministry": only a delegation led somewhere travels
    elif lemma in MOTION_VERBS and not _names_place_or_purpose(annotated, token):
        return None  # "go ahead", "returned the favour"
    return kind


def noun_kind(annotated: Annotated, token: Any, words: EventWords) -> tuple[str, bool] | None:
    """The event a noun opens here and whether it is a courtesy call or visit (in person), or None."""
    doc = annotated.doc
    kinds = words.noun_kinds(token.lower_) | words.noun_kinds(token.lemma_)
    kinds = kinds & set(EVENT_KINDS)
    if not kinds:
        return None
    lower, lemma = token.lower_, token.lemma_.lower()
    previous = doc[token.i - 1] if token.i > 0 else None
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
    if previous is not None:
        modifiers.add(previous.lower_)
    if token.dep_ == "compound" and words.noun_kinds(token.head.lemma_) & set(EVENT_KINDS):
        return None  # "telephone conversation", "summit meeting": the head noun is the trigger
    if token.dep_ == "pobj" and token.head.lower_ in ("via", "by", "through", "over"):
        return None  # "held via video conference", "spoke by telephone": the medium of another event
    if token.dep_ == "pobj" and token.head.lower_ == "as" and not _children(token, "poss"):
        return None  # "valued the dialogue as a forum for cooperation": what something is, not an event
    if token.dep_ == "appos" and annotated.at.get(token.head.i) is not None:
        return None  # "PALM, the forum to discuss ...": a description of the body named before
    if _names_standing_body(annotated, token):
        return None  # "the Pacific Islands Forum", "the Arctic Council": a body's name, not its meeting
    if "Statement" in kinds:
        return ("Statement", False) if _is_issued_statement(token, modifiers) else None
    kind = next(k for k in EVENT_KINDS if k in kinds)
    courtesy = "courtesy" in modifiers
    if courtesy and kind in ("PhoneCall", "Visit"):
        return "Meeting", True  # "paid a courtesy call on the President"
    if modifiers & NOT_EVENT_MODIFIERS and lemma in ("conference", "session", "call", "briefing"):
        return None  # "press conference", "wake-up call", "plenary session" of a parliament
    if lemma in ("conversation", "talk") and token.lower_ != "talks":
        if modifiers & CALL_WORDS or _sentence_says_call(annotated, token):
            return "PhoneCall", False
        if lower == "talk" and not modifiers & TALK_MARKERS and token.dep_ != "compound":
            return None  # "talk of war"
        return "Meeting", False
    if lemma == "call" and modifiers & {"conference", "video"}:
        return "PhoneCall", False
    if lemma == "call" and "for" in _preps(token) and "with" not in _preps(token):
        return None  # "calls for restraint"
    if lemma == "audience" and not (token.head.lemma_ in ("grant", "receive", "have", "give") or
                                    (previous is not None and previous.lower_ == "in")):
        return None  # the listeners, not an audience with the King
    if lemma == "ceremony" and not modifiers & {"welcome", "welcoming", "arrival", "signing", "official"}:
        return None
    if lemma == "dialogue" and not _is_held_dialogue(token, modifiers):
        return None
    return kind, courtesy


def _names_standing_body(annotated: Annotated, token: Any) -> bool:
    """A word inside the name of a standing organisation; a summit format's name ("the Asia-Europe
    Meeting") still names its meetings."""
    mention = annotated.at.get(token.i)
    if mention is None or mention.kind != "organization":
        return False
    entry = load_gazetteer().organization(mention.key)
    return entry is not None and entry.kind != "format"


def _sentence_says_call(annotated: Annotated, token: Any) -> bool:
    """'spoke by telephone', 'in a phone conversation': a call word in the trigger's phrase."""
    head = token.head
    phrase = list(token.subtree) + list(head.children) if head is not token else list(token.subtree)
    return any(t.lower_ in CALL_WORDS for t in phrase)


def _is_issued_statement(token: Any, modifiers: set[str]) -> bool:
    """A statement issued by parties ('joint statement', 'their declaration', 'issued a statement'),
    not one party's remarks ('said in a statement')."""
    if modifiers & {"joint", "trilateral", "quadrilateral", "common", "leaders", "leaders’", "leaders'", "final"}:
        return True
    if token.text[:1].isupper() and any(c.dep_ == "prep" and c.lower_ in ("of", "by") for c in token.children):
        return True  # "the Statement of the Council", "Declaration by the Heads of State"
    governor = token.head if token.dep_ in ("dobj", "nsubjpass", "pobj", "conj") else None
    while governor is not None and governor.pos_ in ("ADP", "NOUN", "PROPN") and governor.head.i != governor.i:
        governor = governor.head  # "recorded in the X Declaration and the Y Statement"
    adopted = governor is not None and governor.lemma_.lower() in ISSUING_VERBS | {"record", "set", "contain"}
    if adopted and token.text[:1].isupper() and not token.is_sent_start and any(
            c.dep_ in ("compound", "amod") and c.text[:1].isupper() for c in token.children):
        return True  # "recorded in the Collective Security Declaration": a text named as adopted
    issued = adopted and governor is not None and governor.lemma_.lower() in ISSUING_VERBS
    issued = issued or any(c.dep_ == "acl" and c.lemma_.lower() in ISSUING_VERBS for c in token.children)
    owned = any(c.dep_ == "poss" and c.lower_ in ("their", "our") for c in token.children)
    return issued or owned


def _is_held_dialogue(token: Any, modifiers: set[str]) -> bool:
    """A dialogue as a format held between parties ('the Strategic Dialogue', 'held a political
    dialogue'), not dialogue in general ('engage in constructive dialogue', 'facilitate dialogue')."""
    if token.text[:1].isupper():
        return True
    if modifiers & {"strategic", "political", "security", "economic", "ministerial", "bilateral", "leaders",
                    "round", "annual", "first", "second", "third", "inaugural", "next"}:
        return True
    governor = token.head
    return governor.lemma_.lower() in ("hold", "convene", "launch", "co-chair", "chair", "conduct", "host")


def find_triggers(annotated: Annotated) -> list[Trigger]:
    """Every candidate trigger of the document, in text order."""
    words = load_event_words()
    found: list[Trigger] = []
    for token in annotated.doc:
        if token.pos_ == "VERB" or _verb_read_as_noun(token, words):
            kind = verb_kind(annotated, token, words)
            if kind is not None:
                found.append(Trigger(kind, token.i, token.lemma_.lower(), verbal=True))
            continue
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        read = noun_kind(annotated, token, words)
        if read is None:
            continue
        kind, courtesy = read
        lemma = token.lemma_.lower()
        plural = token.tag_ in ("NNS", "NNPS") and token.lower_ not in ONE_EVENT_PLURALS and lemma != token.lower_
        found.append(Trigger(kind, token.i, lemma, plural=plural, distributive=_distributive(token),
                             courtesy=courtesy))
    return found


def _verb_read_as_noun(token: Any, words: EventWords) -> bool:
    """'Minister X heads to Tokyo': a sentence's root the model tagged as a plural noun."""
    return token.dep_ == "ROOT" and token.tag_ == "NNS" and token.lemma_.lower() in words.verbs and any(
        c.dep_ == "prep" for c in token.children) and token.lower_ not in words.nouns


def _distributive(token: Any) -> bool:
    """'a series of bilateral meetings', 'met separately with', 'each meeting'."""
    around = list(token.subtree) + [token.head, *token.head.children]
    if token.head.dep_ == "prep":
        around += [token.head.head, *token.head.head.children]
    words = {t.lower_ for t in around}
    if token.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        words.discard("separate")  # "a separate meeting": another meeting, not one with each
    bilateral_plural = token.tag_ == "NNS" and "bilateral" in {c.lower_ for c in token.children}
    return bool(words & DISTRIBUTIVE) or bilateral_plural
