"""Passages: the parts of an article worth the statistical model.

Most of what governments publish has no diplomacy in it, and the spaCy model's
cost grows with the text, so where the model runs decides the speed. A paragraph
is diplomatic when it has an event or agreement word and names a foreign party: a
state or organisation other than the publisher's own, or another state's known
office holder (found on the tokenizer's output, at a small share of the model's
cost). Of an article whose headline is diplomatic
the extractor reads the opening paragraph, the paragraphs with an event word and
the paragraph before each; of any other, the opening paragraph and the
diplomatic paragraphs with the paragraphs around them (where the people they
mention are usually introduced), and skips an article with none. The kept
paragraphs are joined into one text whose offsets map back to the article body,
so evidence offsets stay those of the article.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from kg.extract.gazetteer import load_gazetteer
from kg.extract.lexicon import load_event_words
from kg.extract.mentions import find_mentions
from kg.extract.nlp import load_pipeline

#: Irregular forms of the lexicon's verbs.
IRREGULAR = ("met", "spoke", "spoken", "came", "went", "gone", "left", "flew", "flown", "held", "signed", "sent",
             "treaties", "memoranda")


@functools.cache
def event_words() -> re.Pattern[str]:
    """Any form of a word that can open an event or an agreement (the lexicon of kg.extract.triggers,
    inflected: 'telephoned', 'meetings', 'visiting'), or a title of office."""
    words = load_event_words()
    stems = {w for w in (*words.verbs, *words.nouns)} | {"agreement", "statement", "minister", "president",
                                                         "ambassador", "envoy", "secretary", "counterpart"}
    forms = "|".join(sorted((re.escape(stem) for stem in stems), key=len, reverse=True))
    acronyms = "|".join(sorted(words.acronyms))
    return re.compile(rf"\b(?:(?:{forms})(?:s|es|d|ed|ing|ning|ped|ted)?|{'|'.join(IRREGULAR)})\b"
                      rf"|\b(?:{acronyms})\b", re.IGNORECASE)


#: A longer text is scanned for foreign states and organisations only this far.
MAX_SCAN_CHARS = 200_000
#: Below this share of the text dropped, the whole article is read as it is.
WORTH_SPLITTING = 0.2
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Passages:
    """The text the model reads and where each of its pieces starts in the article body."""

    text: str
    starts: tuple[int, ...]  # offset in `text` of each piece
    origins: tuple[int, ...]  # offset in the body of each piece

    def to_body(self, offset: int) -> int:
        """The body offset of a character offset in `text`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[index] + (offset - self.starts[index])


def foreign_bodies(text: str, home: str | None = None, model: str | None = None) -> list[int]:
    """Character offsets of the foreign parties `text` names, found on the tokenizer's output alone
    (no statistical model): states and organisations other than the publisher's own state (`home`),
    regions ("the Central Asian countries"), and titled people ("Chancellor Merz") the gazetteer knows
    as another state's office holders, or, when the publisher's state is unknown, any title."""
    doc = load_pipeline(model).make_doc(text[:MAX_SCAN_CHARS])
    gazetteer = load_gazetteer()
    found = []
    for mention in find_mentions(doc):
        party = mention.kind in ("country", "organization", "region") and mention.key != home
        if party or (mention.kind == "title" and home is None):
            found.append(doc[mention.start].idx)
        elif mention.kind == "title" and mention.end < len(doc) and doc[mention.end].text[:1].isupper():
            name = doc[mention.end]
            if any(h.of != home for h in gazetteer.holders_named(name.text)):
                found.append(name.idx)
    return found


def is_diplomatic(text: str, home: str | None = None, model: str | None = None) -> bool:
    """An event or agreement word and a foreign party: what any diplomatic event needs, and what a
    release on domestic policy lacks."""
    return event_words().search(text) is not None and bool(foreign_bodies(text, home, model))


def select_passages(body: str, title: str | None = None, home: str | None = None,
                    model: str | None = None) -> Passages | None:
    """What the model reads of an article, or None when nothing in it is diplomatic.

    Of an article whose headline is diplomatic the model reads the opening paragraph, the
    paragraphs with event words and the paragraph before each. Otherwise only the
    paragraphs with an event word and a foreign state or organisation are worth reading, with the
    paragraphs around each (where their people are introduced and their talks go on) and the
    opening; an article with no such paragraph is not read at all."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", body)]
    if not spans:
        return Passages(body, (0,), (0,))
    pattern = event_words()
    marked = [i for i, (start, end) in enumerate(spans) if pattern.search(body, start, end)]
    if title is not None and is_diplomatic(title, home, model):
        keep = {0} | set(marked) | {i - 1 for i in marked}
    else:
        offsets = foreign_bodies(body, home, model)
        firsts = [start for start, _ in spans]
        named = {bisect.bisect_right(firsts, offset) - 1 for offset in offsets}
        strong = [i for i in marked if i in named]
        if not strong:
            return None
        keep = {0} | {j for i in strong for j in (i - 1, i, i + 1) if j < len(spans)}
    kept = [spans[i] for i in sorted(keep) if i >= 0]
    if sum(end - start for start, end in kept) >= (1 - WORTH_SPLITTING) * sum(e - s for s, e in spans):
        return Passages(body, (0,), (0,))
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    cursor = 0
    for start, end in kept:
        starts.append(cursor)
        origins.append(start)
        pieces.append(body[start:end])
        cursor += end - start + len(_SEPARATOR)
    return Passages(_SEPARATOR.join(pieces), tuple(starts), tuple(origins))
