"""Typography made plain, character for character, so cues never depend on the publisher's
quotes, apostrophes, dashes or spaces, and offsets in the text stay those of the article."""

from __future__ import annotations

_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " ",
})


def plain_typography(text: str) -> str:
    """`text` with typographic quotes, apostrophes, dashes and spaces as their plain forms
    (same length: every character maps to one character)."""
    return text.translate(_PLAIN)
