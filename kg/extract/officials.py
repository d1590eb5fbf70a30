"""Officials: named people with titles of office, their posts, and later mentions of them.

The officials step of the extractor. It reads one annotated document with its mentions
and hands on a :class:`~kg.extract.cast.Cast`: the people of the article, each with the
posts the text gives them, and for every token that names one of them, which one. Its
own steps, in order (:data:`STEPS`), each in a module of its own:

1. titles the gazetteer lacks (:mod:`kg.extract.titles`: "Deputy Minister", "UN Humanitarian
   Coordinator", "the Ruritanian leader", "counterpart");
2. titled names (:mod:`kg.extract.titled_names`): a title with the name it introduces;
3. appositions and copulas (:mod:`kg.extract.appositions`): a name with its title after it;
4. known names (:mod:`kg.extract.known_names`): untitled names the gazetteer knows;
5. placing (:mod:`kg.extract.posts`): the country of titles whose phrase does not say it;
   what no evidence places stays on the person as an unplaced title;
6. later mentions (:mod:`kg.extract.known_names`): "Mr Doe", "Doe", "the Secretary".

Where a name starts and ends is :mod:`kg.extract.name_spans`' question, the country or
organisation a title's own phrase names :mod:`kg.extract.post_bodies`'. Titles held in the
past ("former", "then-", "the late") give no official. :func:`read_headline` reads the
headline the same way, for the body's reading to start from.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kg.extract.appositions import Appositions
from kg.extract.cast import Cast, Person, PostRecord, UnplacedTitle
from kg.extract.cast_reading import CastReading
from kg.extract.gazetteer import Gazetteer
from kg.extract.known_names import KnownNames
from kg.extract.names import fold, name_tokens
from kg.extract.posts import PostPlacer
from kg.extract.publisher import Publisher
from kg.extract.titled_names import TitledNames

#: the officials step's own steps, in the order :meth:`OfficialFinder.find` runs them
STEPS = ("titles", "titled names", "appositions", "known names", "placing", "later mentions")


class OfficialFinder(CastReading):
    """Finds the officials of one document (see the module docstring and :class:`CastReading`)."""

    def find(self) -> Cast:
        TitledNames(self).read()
        Appositions(self).read()
        known = KnownNames(self)
        known.read_names()
        PostPlacer(self.doc, self.at, self.cast, self.gazetteer, self.publisher, self.day,
                   self.title_category_of).place(self.pending)
        known.read_mentions()
        for mention in self.mentions:
            if mention.kind == "organization" and mention.key not in self.cast.organization_country:
                country = self.bodies.government_of(mention.key)
                if country is not None:
                    self.cast.organization_country[mention.key] = country
        return self.cast


def read_headline(headline: str, body_text: str, gazetteer: Gazetteer, day: date | None,
                  publisher: str | Publisher | None, model: str | None = None, doc: Any = None) -> Cast:
    """The officials a headline names, as a cast to pass as `known` to the body's :class:`OfficialFinder`
    (their later mentions in the body then resolve to them).

    A headline is read like a sentence of the body, with one caution: in a headline written in Title
    Case every word is capitalised, so a name there counts only when the body text writes each of its
    words capitalised too (or its last word, where the model reads a person in the headline), or the
    gazetteer knows it. Its posts have source "headline" and sentence -1: their evidence is the
    headline, not a body sentence. `doc`: the headline already annotated, if it is."""
    from kg.extract.mentions import find_mentions
    from kg.extract.nlp import annotate

    if doc is None:
        doc = annotate(headline, model)
    title_case = _is_title_case(headline)
    found = OfficialFinder(doc, find_mentions(doc), gazetteer, day, publisher, title_case=title_case).find()
    capitalised = {fold(w) for w in re.findall(r"(?<![.!?]\s)\b[^\W\d_a-z][\w’'-]*", body_text)}
    people_tagged = {index for i, index in found.token_person.items() if doc[i].ent_type_ == "PERSON"}
    out = Cast()
    for index, person in enumerate(found.people):
        tokens = name_tokens(person.name)
        written = bool(tokens) and (all(t in capitalised for t in tokens)
                                    or tokens[-1] in capitalised and index in people_tagged)
        if title_case and not written and not gazetteer.holders_named(person.name):
            continue
        if not person.posts and not person.unplaced_titles:
            continue
        # sentence -1: the headline, which the facts give as the evidence
        posts = [PostRecord(p.title, p.canonical, p.of_kind, p.of_key, -1, "headline") for p in person.posts]
        out.people.append(Person(name=person.name, qid=person.qid, posts=posts,
                                 canonical_titles=set(person.canonical_titles), first_token=-1,
                                 unplaced_titles=[UnplacedTitle(u.title, u.canonical, -1, -1, u.reason)
                                                  for u in person.unplaced_titles]))
    return out


_FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with",
                             "by", "from", "as", "vs", "via", "into", "over", "his", "her", "its", "their", "our",
                             "is", "are", "be"})


def _is_title_case(text: str) -> bool:
    """'Secretary Meets Foreign Minister': every word but function words capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if w.lower() not in _FUNCTION_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)
