"""Names of people: folding, the words of a name, and when two names are one person."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

#: Forms of address written before a name, never part of it: English ones, and those of South and
#: Southeast Asian, Gulf and Bhutanese official usage ("Smt.", "Shri", "Dato' Sri", "Sheikh", "Lyonpo").
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "madam", "mister", "h.e.",
              "his", "her", "excellency", "majesty", "highness", "royal", "sheikh", "sheikha", "hon", "hon.",
              "honourable", "honorable", "hon'ble", "hon’ble", "rt", "rt.", "right", "smt", "smt.", "shri",
              "shri.", "shrimati", "sri", "dato", "dato'", "dato’", "datuk", "datin", "seri",
              "lyonpo", "lyonchhen", "excellencies"}
#: Those of them written with a full stop or an apostrophe: one token each, and the stop ends no sentence.
HONORIFIC_ABBREVIATIONS = ("Hon.", "Smt.", "Shri.", "Rt.", "H.E.", "Dr.", "Mr.", "Mrs.", "Ms.", "Dato'", "Dato’",
                           "Hon'ble", "Hon’ble")


PARTICLES = {"al", "el", "von", "der", "van", "de", "da", "du", "bin", "ibn", "le", "la", "di", "dos", "del",
             "den", "ter", "abu", "ben", "zu", "y"}


SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


NOT_NAMES = {"the", "a", "an", "and", "of", "in", "on", "at", "for", "with", "to", "by", "from", "his", "her", "their",
             "said", "who", "which", "that", "today", "also", "has", "had", "have", "was", "were", "is", "are",
             "will", "would", "both", "all", "during", "after", "before", "office", "spokesperson", "statement",
             "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "kremlin", "white", "house", "state", "department", "government", "administration", "readout",
             "embassy", "ministry", "council", "commission", "parliament", "congress", "senate", "republic",
             "kingdom", "federation", "union", "united", "nations", "affairs", "foreign", "president", "minister",
             "secretary", "meeting", "call", "talks", "visit", "joint", "leaders", "summit", "defense", "defence",
             "commerce", "energy", "treasury", "homeland", "security", "peninsula", "region", "programs",
             "development", "environment", "economic", "growth", "international", "global", "bureau", "command",
             "assistant", "deputy", "special", "senior", "representative", "envoy", "ambassador", "chief"}


_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l",
                               "Ł": "L", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"})


#: How many distinct strings the name functions remember: they are pure, and an article asks about
#: the same few names thousands of times.
_CACHED_NAMES = 1 << 15


@functools.lru_cache(maxsize=_CACHED_NAMES)
def fold(text: str) -> str:
    """Lower case, without diacritics, possessive 's or punctuation: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'`]s\b", "", text)
    return re.sub(r"[^a-z0-9 ]+", " ", text).strip()


def name_tokens(name: str) -> list[str]:
    """The words of a name that identify its bearer (a fresh list: callers may change it)."""
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=_CACHED_NAMES)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in fold(name).split() if t not in SUFFIXES and t not in PARTICLES and t not in HONORIFICS
                 and len(t) > 1)


@functools.lru_cache(maxsize=_CACHED_NAMES)
def same_person(a: str, b: str) -> bool:
    """'Rubio' ~ 'Marco Rubio'; 'Joe Biden' ~ 'Joseph R. Biden, Jr.'; 'KISHIDA Fumio' ~ 'Fumio Kishida';
    'Zelensky' ~ 'Volodymyr Zelenskyy'; not 'Donald Trump' ~ 'Donald Tusk'."""
    ta = [_transliterated(t) for t in name_tokens(a)]
    tb = [_transliterated(t) for t in name_tokens(b)]
    if not ta or not tb:
        return False
    if set(ta) == set(tb):
        return True  # "KISHIDA Fumio" ~ "Fumio Kishida": one name in either order
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return ta[-1] == tb[-1] or len(ta) == 1 or len(tb) == 1
    return ta[-1] == tb[-1] and ta[0][0] == tb[0][0]


def _transliterated(word: str) -> str:
    """One form for the endings transliterations of one Slavic name vary in: 'Zelensky', 'Zelenskyy',
    'Zelenskiy', 'Zelenski' (names of five letters or more)."""
    return re.sub(r"(?:iy|yy|ij|ii|y|i)$", "i", word) if len(word) >= 5 else word


def is_name_token(token: Any) -> bool:
    text = token.text
    lower = text.lower()
    if token.i > 1 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].whitespace_ == "" \
            and token.doc[token.i - 1].whitespace_ == "" and text.isalpha():
        return True  # "Cho Hyun-dong"
    if lower in NOT_NAMES or lower in HONORIFICS:
        return False
    if lower in PARTICLES or lower.rstrip(".") in ("jr", "sr"):
        return True
    if text in ("-", "‑") or re.fullmatch(r"[A-Z]\.", text):
        return True
    return bool(text[:1].isupper() and re.fullmatch(r"[^\W\d_][\w’'.\-]*", text))
