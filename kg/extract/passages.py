"""Passages: the parts of an article worth the statistical model.

Most of a long release or briefing transcript has no diplomacy in it, and the
spaCy model's cost grows with the text. The extractor reads the opening
paragraph, every paragraph with an event or agreement word, and the paragraph
before each (where the people it mentions are usually introduced). The kept
paragraphs are joined into one text whose offsets map back to the article body,
so evidence offsets stay those of the article.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from kg.extract.lexicon import load_event_words

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


#: Texts shorter than this are read whole: passages only pay off on long releases and transcripts.
WHOLE_TEXT_CHARS = 8000
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


def select_passages(body: str) -> Passages:
    """The opening paragraph, paragraphs with event words, and the paragraph before each."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", body)]
    if not spans:
        return Passages(body, (0,), (0,))
    if len(body) < WHOLE_TEXT_CHARS:
        return Passages(body, (0,), (0,))
    pattern = event_words()
    keep = {0}
    for index, (start, end) in enumerate(spans):
        if pattern.search(body, start, end):
            keep.update((index - 1, index))
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
