"""Name spans: where a person's name starts and ends next to a title of office.

"Foreign Minister Jane Doe said": the capitalised words after the title, up to a
word that cannot be part of a name; "the Foreign Secretary, Jane Doe,": the name
after a comma; "Deputy Minister of Trade, Industry and Energy Jane Doe": the name
after a long complement, told from it by the words titles and bodies are made of.
A single word counts as a name only with some evidence that it is one (the model
reads a person there, somebody of the article or the gazetteer has it, or it is
no English word), so "General Debate" or "Deputy Heads" give no official.
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.cast import Cast
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention
from kg.extract.names import HONORIFICS, NOT_NAMES, PARTICLES, fold, is_name_token, name_tokens
from kg.extract.post_bodies import PostBodies

#: function words that can be a family name right after a title ("President To ...")
_CAPITAL_FUNCTION_WORDS = {"to", "an", "do", "ha", "la", "le", "ma", "ho", "so", "by"}
POSSESSIVE = ("’s", "'s", "'", "’")
COMPLEMENT = ("for", "of", "to", "on", "in")
#: the head nouns of the names of bodies: a name ending in one names a body, not a person
BODY_NOUNS = frozenset({"center", "centre", "division", "agency", "office", "bureau", "command", "committee",
                        "council", "commission", "institute", "service", "department", "program", "programme",
                        "initiative", "corps", "directorate", "secretariat", "authority", "administration",
                        "board", "unit", "forum", "fund", "bank", "court", "assembly", "parliament", "ministry"})
#: words a heading in Title Case writes in lower case
_SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from",
                          "as", "his", "her", "its", "their", "our"})
#: the small words a title's complement is made of besides its capitalised ones
_CONNECTIVES = frozenset({"of", "for", "and", "the", "on", "to", "in", "&"})


class NameSpans:
    """Reads name spans in one document (see the module docstring)."""

    def __init__(self, doc: Any, at: dict[int, Mention], gazetteer: Gazetteer, cast: Cast, bodies: PostBodies,
                 common_words: frozenset[str]) -> None:
        self.doc = doc
        self.at = at
        self.gazetteer = gazetteer
        self.cast = cast
        self.bodies = bodies
        #: English common words (:func:`kg.extract.nlp.common_words`)
        self.common_words = common_words

    def name_after(self, i: int, after_title: bool = False) -> tuple[int, int] | None:
        """The capitalised name that starts at token i, if any: [start, end)."""
        doc = self.doc
        while i < len(doc) and doc[i].text.lower() in HONORIFICS:
            i += 1
        start = i
        forced = -1
        if after_title and i + 1 < len(doc) and doc[i].lower_ in _CAPITAL_FUNCTION_WORDS \
                and doc[i].text[:1].isupper() and not doc[i].is_sent_start and i not in self.at \
                and is_name_token(doc[i + 1]) and doc[i + 1].lower_ not in NOT_NAMES:
            forced = i  # "President To Lam": a family name that is also an English word
        while i < len(doc) and i - start < 7 and i not in self.at and (is_name_token(doc[i]) or i == forced) \
                and not re.search(r"[a-z][A-Z]", doc[i].text) \
                and not (i > start and doc[i].text == doc[i - 1].text):
            if doc[i].text in ("-", "‑") and (doc[i - 1].whitespace_ != "" or i == start):
                break
            if i > start and doc[i - 1].text == "," and doc[i].text.lower().rstrip(".") not in ("jr", "sr"):
                break
            if i > start and doc[i - 1].text.lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv"):
                break  # a suffix ends a name
            if i > start and self._heading_verb(i):
                break  # "President Jane Doe Approves the Plan": the heading's verb
            i += 1
            # ", Jr." continues a name
            if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].text.lower().rstrip(".") in ("jr", "sr"):
                i += 1
        end = i
        while end > start and (doc[end - 1].text.lower() in PARTICLES or doc[end - 1].text in (",", "-")):
            end -= 1
        if end <= start:
            return None
        if not any(doc[k].text[:1].isupper() and doc[k].text.lower() not in PARTICLES and len(doc[k].text) > 2
                   for k in range(start, end)):
            return None
        return start, end

    def name_text(self, start: int, end: int) -> str:
        text = self.doc[start:end].text
        text = re.sub(r"\s*[’']s$", "", text)
        return re.sub(r"\s+", " ", text).strip(" ,")

    def plausible_name(self, start: int, end: int) -> bool:
        """A name of two words or more; one word only when the model reads a person there, the article
        or the gazetteer already knows someone by it, the text writes it elsewhere in a longer name, or
        it is no English word (so "General Debate" or "Deputy Heads" give no official)."""
        doc = self.doc
        word = self.name_text(start, end)
        person = any(doc[k].ent_type_ == "PERSON" for k in range(start, end))
        words = [doc[k].text for k in range(start, end) if doc[k].is_alpha]
        if not person and words and self.title_word(doc[end - 1]):
            return False  # "Forum Secretariat", "Housing Day" after a title: a body's name, not a person's
        if (not person or self.in_title_case(start)) and self._heading_verb(start, heading=False):
            return False  # "Minister Holds Talks", "President Welcomes Envoy": a verb of a Title Case line
        if any(doc[k].lower_ in BODY_NOUNS for k in range(start, end)):
            return False  # "Director of the National Analysis Center": the body's name, not a person's
        if len(name_tokens(word)) >= 2 or person:
            return True
        if self.cast.find(word) is not None or self.gazetteer.holders_named(word):
            return True
        folded = fold(word)
        for token in doc:
            if start <= token.i < end or fold(token.text) != folded:
                continue
            neighbours = [doc[k] for k in (token.i - 1, token.i + 1) if 0 <= k < len(doc)]
            if any(is_name_token(n) and n.i not in self.at and n.lower_ not in NOT_NAMES for n in neighbours):
                return True
        last = doc[end - 1].lower_
        forms = {last, doc[end - 1].lemma_.lower(), re.sub(r"(?<=[^s])s$", "", last), re.sub(r"es$", "", last)}
        return not forms & self.common_words  # an English word ("Debate", "Heads"), not a name

    def _heading_verb(self, i: int, heading: bool = True) -> bool:
        """A verb in the third person ('Holds', 'Approves'), in a Title Case heading (or anywhere)."""
        word = self.doc[i].lower_
        return word.endswith("s") and word[:-1] in self.common_words and (not heading or self.in_title_case(i))

    def in_title_case(self, i: int) -> bool:
        """Whether token i is in a sentence (a heading) with every word but small ones capitalised."""
        words = [t.text for t in self.doc[i].sent if t.is_alpha and t.lower_ not in _SMALL_WORDS]
        return len(words) >= 3 and all(w[:1].isupper() for w in words)

    def title_word(self, token: Any) -> bool:
        """A word titles and bodies are made of ("Affairs", "Secretariat", "Energy"): an English word of
        the gazetteer's titles, organisations or portfolios (not "Yang", of a Malay title and of names)."""
        return self.gazetteer.is_title_word(token.text) and bool(
            {token.lower_, token.lemma_.lower(), re.sub(r"s$", "", token.lower_)} & self.common_words)

    def name_after_comma(self, i: int, title: Mention | None = None) -> tuple[int, int] | None:
        """'the Foreign Secretary, Jane Doe,': the name after a comma that follows a title. Not when the
        name has the same title of its own after it ("At the invitation of the President of A, Jane Doe,
        the President of B, visited"): one person holds one country's post."""
        doc = self.doc
        if i + 1 >= len(doc) or doc[i].text != ",":
            return None
        span = self.name_after(i + 1)
        if span is None:
            return None
        start, end = span
        person = any(doc[k].ent_type_ == "PERSON" for k in range(start, end))
        if len(name_tokens(self.name_text(start, end))) < 2 and not person:
            return None
        if end < len(doc) and doc[end].text in POSSESSIVE:
            return None  # "the Minister, Jane Doe's husband"
        if end + 1 < len(doc) and doc[end].text == ",":
            k = end + 1
            while k < len(doc) and (doc[k].lower_ in ("the", "a", "an") or doc[k].text in POSSESSIVE
                                    or k in self.at and self.at[k].kind in ("country", "organization")):
                k += 1
            following = self.at.get(k)
            if following is not None and following.kind == "title" and not following.plural \
                    and (title is None or following.key == title.key):
                return None  # "of the President of A, Jane Doe, the President of B": Jane Doe is B's
        return span

    def name_after_complement(self, title: Mention, i: int, suffix: str) \
            -> tuple[tuple[int, int] | None, str, Mention | None]:
        """The name after a title's complement: 'Under Secretary for Growth, Energy, and the Environment
        Jane Doe', 'Deputy Minister of Trade, Industry and Energy, Jane Doe', 'Member of the Bureau of the
        Party of Ruritania Jane Doe'. The complement runs over capitalised words, connectives and commas
        up to the name: the last run of name words that are not words of titles or bodies."""
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ not in COMPLEMENT:
            return None, suffix, None
        sentence_end = doc[title.start].sent.end
        j = i + 1
        while j < min(sentence_end, i + 30):
            token = doc[j]
            if token.text == "(":
                closing = next((k for k in range(j + 1, min(j + 9, sentence_end)) if doc[k].text == ")"), None)
                if closing is None:
                    break
                j = closing + 1
                continue
            mention = self.at.get(j)
            if mention is not None and mention.kind == "title" and mention.start == j:
                comma = next((k for k in range(j - 1, i, -1) if doc[k].text == ","), None)
                if comma is not None and all(doc[k].text[:1].isupper() or doc[k].lower_ in ("and", "the")
                                             or k in self.at for k in range(comma + 1, j)):
                    j = comma  # "..., and UN Special Envoy ...": the words before the next title are its own
                break
            if token.text == "," and j + 1 < len(doc) and doc[j + 1].text[:1].islower() \
                    and doc[j + 1].lower_ not in ("and", "or", "&"):
                break  # "..., Jane Doe, in the capital": the phrase ends at the comma
            if token.text in (",", *POSSESSIVE) or token.lower_ in _CONNECTIVES or token.is_space \
                    or token.text[:1].isupper() or mention is not None \
                    or token.dep_ == "amod" and token.is_alpha:  # "in the occupied Territory"
                j += 1
                continue
            break
        end = j
        while end > i and (doc[end - 1].text in (",", ")") or doc[end - 1].lower_ in _CONNECTIVES
                           or doc[end - 1].is_space):
            if doc[end - 1].text == ")":  # "... Jane Doe (Ruritania)": the bracket follows the name
                end = next((k for k in range(end - 2, i, -1) if doc[k].text == "("), i)
            else:
                end -= 1
        k = end
        while k > i + 1 and end - k < 5 and is_name_token(doc[k - 1]) and (k - 1) not in self.at \
                and not self.title_word(doc[k - 1]) and doc[k - 1].lower_ not in BODY_NOUNS:
            k -= 1
        while k < end and doc[k].text.lower() in PARTICLES:
            k += 1
        if end - k < 1:
            return None, suffix, None
        persons = [ent for ent in doc.ents if ent.label_ == "PERSON" and k <= ent.end - 1 < end]
        if persons and persons[-1].start > k:
            k = persons[-1].start
        span = self.name_after(k)
        if span is None or span[1] > end or span[0] != k:
            return None, suffix, None
        if not persons:
            words = [t for t in doc[span[0]:span[1]] if t.is_alpha]
            if len(name_tokens(self.name_text(*span))) < 2 or len(words) > 3 \
                    or all({t.lower_, t.lemma_.lower()} & self.common_words for t in words):
                return None, suffix, None  # "... for Best Future Generations", "... Weapons Convention"
        phrase = re.sub(r"\s*\([^)]*\)\s*", " ", doc[i:k].text).strip(" ,")
        body = self.bodies.body_in_complement(i, k) if doc[i].lower_ in ("of", "in") else None
        if body is not None:
            self.cast.consume(body)
        return span, f" {phrase}", body
