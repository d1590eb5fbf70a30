"""Discourse: who the pronouns and speakers of an article are.

- Transcripts and press conferences label their turns ("President Name: ...", "Mr. NAME,
  Minister for Foreign Affairs: ..."): "I" and "my" in a turn are its speaker, "you" the
  other party, "we" and "our" both sides (or the speaker's side, for a visit).
- Quotations attributed to a named person ('"...," Name said'): "I" is that person.
- "he", "she", "his": the nearest person before them in a subject position.
- A text the article names as issued jointly ("Joint Statement of A and B") speaks for its
  issuers: its "we" and "our" are them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.extract.actors import NOBODY, Actors, actors_in
from kg.extract.annotated import Annotated

FIRST_SINGULAR = {"i", "me", "my", "myself", "mine"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
SECOND = {"you", "your", "yours", "yourself"}
THIRD_SINGULAR = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
SPEECH_VERBS = {"say", "tell", "add", "note", "stress", "declare", "state", "remark", "write", "explain",
                "emphasise", "emphasize", "continue", "insist", "recall", "announce", "express"}
_LABEL_END = re.compile(r"^[^\n:]{3,160}?(?:\([^)\n]*\))?:\s")
_QUOTES = re.compile(r"[\"“”]")


@dataclass
class Discourse:
    speaker: dict[int, int] = field(default_factory=dict)  # token -> person who says it
    addressee: dict[int, int] = field(default_factory=dict)  # token -> person spoken to
    subjects: list[tuple[int, Actors]] = field(default_factory=list)  # subject heads in text order
    authors: Actors = NOBODY  # the issuers of a jointly issued text (its "we")

    def speaker_of(self, token: int) -> int | None:
        return self.speaker.get(token)

    def last_person_before(self, token: int) -> int | None:
        for position, actors in reversed(self.subjects):
            if position < token and actors.people:
                return actors.people[0]
        return None

    def last_group_before(self, token: int, sentences_back: int, annotated: Annotated) -> Actors:
        """The latest subject naming two or more parties, within a few sentences."""
        here = annotated.sentence_index(token)
        for position, actors in reversed(self.subjects):
            if position >= token:
                continue
            if here - annotated.sentence_index(position) > sentences_back:
                break
            if len(actors.bodies(annotated)) >= 2 or len(actors.people) >= 2:
                return actors
        return NOBODY


def read_discourse(annotated: Annotated, authors: Actors = NOBODY) -> Discourse:
    discourse = Discourse(authors=authors)
    _read_turns(annotated, discourse)
    _read_quotes(annotated, discourse)
    _read_subjects(annotated, discourse)
    return discourse


def _label_speaker(annotated: Annotated, start: int, end: int) -> tuple[int | None, int] | None:
    """A turn label at a paragraph start: (its speaker or None for a questioner, first token after ':')."""
    doc = annotated.doc
    text = doc[start:end].text
    match = _LABEL_END.match(text)
    if match is None:
        return None
    offset = doc[start].idx + match.end()
    after = next((t.i for t in doc[start:end] if t.idx >= offset), end)
    label = doc[start:after]
    depth, words = 0, []
    for t in label:  # "Name (translated from Russian):": the gloss in brackets is not the label
        depth += (t.text == "(") - (t.text == ")")
        if depth == 0 and t.text not in ("(", ")"):
            words.append(t)
    if len(words) > 16 or any(t.pos_ in ("VERB", "AUX") or t.text in ("!", "?", ";") for t in words):
        return None  # "The Secretary said: ..." is a sentence, not a turn label
    people = [annotated.cast.token_person[t.i] for t in label if t.i in annotated.cast.token_person]
    if people:
        return people[0], after
    if label[0].lower_ in ("question", "q", "journalist", "reporter", "moderator"):
        return None, after
    return None


def _read_turns(annotated: Annotated, discourse: Discourse) -> None:
    doc = annotated.doc
    turns: list[tuple[int, int, int | None]] = []  # (first token, end token, speaker)
    start = 0
    current: int | None = None
    labelled = False
    paragraph_starts = annotated.paragraph_starts
    for index, begin in enumerate(paragraph_starts):
        end = paragraph_starts[index + 1] if index + 1 < len(paragraph_starts) else len(doc)
        label = _label_speaker(annotated, begin, end)
        if label is None:
            continue
        if labelled:
            turns.append((start, begin, current))
        current, start, labelled = label[0], label[1], True
        # A transcript whose line breaks were lost: later turns begin mid-paragraph, each at a
        # sentence opening with a speaker's label ("... welcome. Vladimir Putin: Thank you.").
        for sentence in annotated.sentences:
            if not start < sentence.start < end:
                continue
            inner = _label_speaker(annotated, sentence.start, min(sentence.end + 40, end))
            if inner is not None and inner[0] is not None:
                turns.append((start, sentence.start, current))
                current, start = inner
    if labelled:
        turns.append((start, len(doc), current))
    speakers = [s for _, _, s in turns if s is not None]
    for first, end, speaker in turns:
        if speaker is None:
            continue
        others = [s for s in speakers if s != speaker]
        addressee = max(set(others), key=others.count) if others else _addressed(annotated, first, end, speaker)
        for i in range(first, end):
            discourse.speaker[i] = speaker
            if addressee is not None:
                discourse.addressee[i] = addressee


def _addressed(annotated: Annotated, first: int, end: int, speaker: int) -> int | None:
    """Whom a lone speaker addresses: the one person the turn's opening sentence names ("Mr
    President Soto, dear colleagues."); else, in a bilateral report, the one
    other person of the first sentence naming the speaker with others ("Soto and Berg had a
    conversation")."""
    people = annotated.cast.token_person
    opening = annotated.sentence(first) if first < end else None
    named = {people[t.i] for t in opening if t.i in people and people[t.i] != speaker} if opening else set()
    if len(named) == 1:
        return named.pop()
    for sentence in annotated.sentences:
        here = {people[t.i] for t in sentence if t.i in people}
        if speaker in here and len(here) > 1:
            others = here - {speaker}
            return others.pop() if len(others) == 1 else None
    return None


def _read_quotes(annotated: Annotated, discourse: Discourse) -> None:
    """'"I will travel to X," Name said': the quoted words are the named speaker's."""
    for sentence in annotated.sentences:
        marks = [t.i for t in sentence if _QUOTES.search(t.text)]
        if len(marks) < 2:
            continue
        speaker = None
        for token in sentence:
            if token.lemma_.lower() in SPEECH_VERBS and not (marks[0] < token.i < marks[-1]):
                for child in token.children:
                    if child.dep_ == "nsubj" and child.i in annotated.cast.token_person:
                        speaker = annotated.cast.token_person[child.i]
        if speaker is None:
            continue
        for i in range(marks[0] + 1, marks[-1]):
            discourse.speaker.setdefault(i, speaker)
    _read_continued_quotes(annotated, discourse)


def _read_continued_quotes(annotated: Annotated, discourse: Discourse) -> None:
    """A quotation over several paragraphs opens each with a quotation mark and names its speaker
    once ('"...," Mr Key says. / "We have a close relationship ... / "I was fortunate to travel
    ..."'): a paragraph opening with a quotation mark, after one whose quotation has a speaker,
    continues it."""
    doc = annotated.doc
    starts = annotated.paragraph_starts
    previous: int | None = None
    for index, begin in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(doc)
        words = [t for t in doc[begin:end] if not t.is_space]
        if not words:
            continue
        opens = words[0].text in ('"', "“")
        said = {discourse.speaker[t.i] for t in words if t.i in discourse.speaker}
        if opens and previous is not None and not said:
            for t in words:
                discourse.speaker.setdefault(t.i, previous)
            continue
        previous = next(iter(said)) if len(said) == 1 and any(_QUOTES.search(t.text) for t in words) else None


def _read_subjects(annotated: Annotated, discourse: Discourse) -> None:
    for token in annotated.doc:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ in THIRD_SINGULAR | FIRST_PLURAL | {"they", "it"}:
            continue
        if token.head.dep_ not in ("ROOT", "conj", "ccomp", "advcl") and token.head.pos_ not in ("VERB", "AUX"):
            continue
        actors = actors_in(annotated, _noun_phrase(token))
        if actors:
            discourse.subjects.append((token.i, actors))


def _noun_phrase(token: Any) -> list[Any]:
    """The tokens of a subject's noun phrase, without its relative clauses."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct"):
            continue
        out.extend(_noun_phrase(child))
    return out


def pronoun_actors(annotated: Annotated, discourse: Discourse, token: Any, kind: str | None = None) -> Actors:
    """Who a personal pronoun names here, or nobody when the text does not say."""
    lower = token.lower_
    speaker = discourse.speaker_of(token.i)
    if lower in FIRST_SINGULAR:
        return Actors(people=(speaker,)) if speaker is not None else NOBODY
    if lower in FIRST_PLURAL:
        if speaker is not None:
            addressee = discourse.addressee.get(token.i)
            if kind in ("Meeting", "PhoneCall") and addressee is not None:
                return Actors(people=(speaker, addressee))
            return Actors(people=(speaker,))
        return discourse.authors
    if lower in SECOND:
        addressee = discourse.addressee.get(token.i)
        return Actors(people=(addressee,)) if addressee is not None else NOBODY
    if lower in THIRD_SINGULAR:
        person = discourse.last_person_before(token.i)
        if person is not None and person != speaker:
            return Actors(people=(person,))
    return NOBODY
