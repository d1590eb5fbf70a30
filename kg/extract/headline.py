"""The headline is evidence: its event and its parties.

A headline names the article's lead event ("Secretary's Call with Foreign Minister X",
"Press Statements Following Russian-Angolan Talks", "Ban to make first official visit to
Central Asia"). Headlines are written in title case and telegraphic syntax the parser reads
badly, so they are read by their words: an event word of the lexicon gives the type, the
gazetteer mentions and the names of the body's cast give the parties, "to" + verb, "will",
"plans" and "ahead of" make it planned. A text issued jointly ("Joint Statement of A and B",
"Communiqué", "Joint Press Release", "Press Statement by A and B") is itself a statement by
its issuers, dated its publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kg.extract.actors import NOBODY, Actors, mention_actors
from kg.extract.annotated import Annotated
from kg.extract.lexicon import load_event_words
from kg.extract.mentions import find_mentions
from kg.extract.names import name_tokens, same_person
from kg.extract.triggers import EVENT_KINDS

_JOINT_TEXT = re.compile(
    r"\b(?:joint|trilateral|quadrilateral|leaders[’']?)\s+(?:leaders[’']?\s+)?(?:press\s+)?"
    r"(?:statement|declaration|communiqu[eé]|readout|press\s+release)s?\b|\bcommuniqu[eé]\b"
    r"|\b(?:press\s+)?statement\s+by\b.+\band\b",
    re.IGNORECASE)
_PLANNED = re.compile(r"\b(?:to\s+(?:meet|visit|travel|host|hold|call|attend|make|pay|speak|talk|discuss|tour|"
                      r"head|go|welcome|receive)|will|plans?|planned|set\s+to|ahead\s+of|upcoming|"
                      r"announces?|invites?|invited|schedules?|scheduled|expected)\b", re.IGNORECASE)
_CANCELLED = re.compile(r"\b(?:postpone[sd]?|cancel(?:s|led|ed)?|called\s+off|reschedule[sd]?|delay(?:s|ed)?)\b",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Headline:
    kind: str | None  # the event the headline names, if any
    parties: Actors
    status: str
    joint_text: bool  # the article is a text issued jointly by the parties
    paired: bool = False  # two parties joined in one word: "Russian-Angolan Talks", "Japan-U.S. Talk"
    issuers: Actors = NOBODY  # who a jointly issued text names as its authors ("Statement by A and B")


def read_headline(annotated: Annotated, doc: Any) -> Headline:
    """`doc` is the headline annotated on its own; parties are resolved against the body's cast."""
    title = doc.text
    words = load_event_words()
    found: list[str] = []
    for token in doc:
        lemma, lower = token.lemma_.lower(), token.lower_
        kinds = set(words.noun_kinds(lower) | words.noun_kinds(lemma))
        if token.pos_ == "VERB" or lower in ("meets", "visits", "calls", "hosts", "travels", "arrives"):
            kinds.add(words.verbs.get(lemma) or "")
        kinds &= set(EVENT_KINDS) - {"Statement"}
        if lower in ("conference", "session", "briefing") and token.i > 0 and doc[token.i - 1].lower_ in (
                "press", "news"):
            continue
        if lower in ("call", "calls", "called") and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in (
                "for", "on", "upon"):
            continue  # "calls for calm"
        if lower in ("call", "calls") and any(words.noun_kinds(t.lemma_) & {"Meeting"} for t in doc[token.i + 1:
                                                                                                  token.i + 9]):
            continue  # "UN to Call Talks": convene them
        found.extend(k for k in EVENT_KINDS if k in kinds)
    kind = "PhoneCall" if "PhoneCall" in found else (found[0] if found else None)
    joint = bool(_JOINT_TEXT.search(title))
    status = "cancelled" if _CANCELLED.search(title) else "planned" if _PLANNED.search(title) else "occurred"
    parties = _parties(annotated, doc)
    return Headline(kind=kind, parties=parties, status=status, joint_text=joint, paired=_paired(doc),
                    issuers=_issuers(annotated, doc) if joint else NOBODY)


#: Words after which a headline stops naming a text's authors ("Statement by A and B following talks").
_AFTER_AUTHORS = {"following", "after", "on", "at", "regarding", "concerning", "about", "ahead", "during", "in"}


def _issuers(annotated: Annotated, doc: Any) -> Actors:
    """'Press Statement by A and B following the summit': A and B, not the summit's parties."""
    for token in doc:
        if token.lower_ != "by":
            continue
        end = next((t.i for t in doc[token.i + 1:] if t.lower_ in _AFTER_AUTHORS), len(doc))
        return _parties(annotated, doc[token.i + 1:end].as_doc())
    return _parties(annotated, doc)


def _paired(doc: Any) -> bool:
    mentions = {m.start: m for m in find_mentions(doc)}
    ends = {m.end: m for m in mentions.values()}
    for token in doc:
        if token.text in ("-", "–") and token.i in ends and token.i + 1 in mentions and \
                {ends[token.i].kind, mentions[token.i + 1].kind} <= {"country", "organization"}:
            return True
    return False


def _parties(annotated: Annotated, doc: Any) -> Actors:
    found = NOBODY
    for mention in find_mentions(doc):
        if mention.kind == "title":
            continue
        found = found | mention_actors(annotated, mention)
    cast = annotated.cast
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        matches = [i for i, p in enumerate(cast.people) if same_person(p.name, ent.text)]
        if len(matches) == 1:
            found = found | Actors(people=(matches[0],))
    for token in doc:  # surnames the headline's NER missed: "Putin", "Blinken's"
        if not token.text[:1].isupper() or len(token.text) < 3:
            continue
        text = re.sub(r"[’']s$", "", token.text)
        matches = [i for i, p in enumerate(cast.people) if name_tokens(p.name)[-1:] == name_tokens(text)]
        if len(matches) == 1:
            found = found | Actors(people=(matches[0],))
    return found
