"""The trigger lexicon: the words that open an event or an agreement, read from
``kg.data/event_words.tsv`` (built from CAMEO by ``data/build_lexicons.py``)."""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True)
class EventWords:
    verbs: dict[str, str]  # lemma -> event kind ("Agreement" for 'sign')
    nouns: dict[str, frozenset[str]]  # lemma or form -> kinds it can open
    acronyms: dict[str, str]  # acronym as written ("START") -> kind

    def noun_kinds(self, word: str) -> frozenset[str]:
        return self.nouns.get(word.lower(), frozenset())

    def agreement_word(self, token_text: str, lemma: str) -> bool:
        """'treaty', 'agreements', 'MoU', 'START': a word that names an agreement."""
        return self.acronyms.get(token_text) == "Agreement" or "Agreement" in (
            self.noun_kinds(token_text) | self.noun_kinds(lemma))


@functools.cache
def load_event_words() -> EventWords:
    text = files("kg.data").joinpath("event_words.tsv").read_text(encoding="utf-8")
    verbs: dict[str, str] = {}
    nouns: dict[str, set[str]] = {}
    acronyms: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["pos"] == "VERB":
            verbs[row["word"]] = row["kind"]
        elif row["pos"] == "ACRONYM":
            acronyms[row["word"]] = row["kind"]
        else:
            nouns.setdefault(row["word"], set()).add(row["kind"])
    return EventWords(verbs=verbs, nouns={word: frozenset(kinds) for word, kinds in nouns.items()},
                      acronyms=acronyms)
