"""Known names: people named without a title, and titles without a name.

A name without a title is an official when the gazetteer knows its holder that day
("Friedrich Merz" in 2025) or the article met the person before ("Mr Doe", "Doe" after
"Jane Doe"). An unnamed title ("the Secretary", "the President of Ruritania") is the one
person of the article who holds it; else it gives the office's country (the named one, or
the publisher's) or, on an organisation's site, the organisation, but no official.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from kg.extract.cast import PostRecord
from kg.extract.cast_reading import CastReading
from kg.extract.names import HONORIFICS, NOT_NAMES, is_name_token, name_tokens
from kg.extract.posts import NATIONAL_CATEGORIES, ORGANIZATION_CATEGORIES
from kg.extract.titles import COUNTERPART


class KnownNames:
    """Reads names without titles and titles without names (see the module docstring)."""

    def __init__(self, finder: CastReading) -> None:
        self.finder = finder
        self.doc = finder.doc
        self.at = finder.at
        self.cast = finder.cast
        self.gazetteer = finder.gazetteer
        self.names = finder.names
        self.bodies = finder.bodies

    def read_names(self) -> None:
        self.read_untitled_names()

    def read_mentions(self) -> None:
        self.read_unnamed_titles()
        self.read_names_after_titles()
        self.read_later_mentions()

    def read_names_after_titles(self) -> None:
        """Wire style: 'The U.S. assistant secretary of state returned to the region Monday ...
        Christopher Hill, speaking to reporters, said ...': a lead naming an official by title only,
        and the next sentence's subject a name the article has not met, with no title of its own,
        are one person."""
        doc, cast = self.doc, self.cast
        sentences = list(doc.sents)
        for here, after in itertools.pairwise(sentences):
            titles = [m for m in self.finder.mentions if m.kind == "title" and not m.plural
                      and here.start <= m.start < here.end and m.start not in cast.token_person]
            if len(titles) != 1 or not self._definite_subject(titles[0]):
                continue
            title = titles[0]
            country = cast.title_country.get(title.start) or self._country_of_title(title)
            if country is None:
                continue
            ent = next((e for e in doc.ents if e.label_ == "PERSON" and after.start <= e.start < after.end), None)
            if ent is None or ent.root.dep_ != "nsubj" or any(c.dep_ == "appos" for c in ent.root.children):
                continue
            if any(i in cast.token_person or i in self.at for i in range(ent.start, ent.end)):
                continue
            name = self.names.name_text(ent.start, ent.end)
            if len(name_tokens(name)) < 2 or cast.find(name) is not None:
                continue
            index = cast.register(name, None, ent.start)
            for i in range(ent.start, ent.end):
                cast.token_person[i] = index
            for i in range(title.start, title.end):
                cast.token_person[i] = index
                cast.title_country.pop(i, None)
            cast.people[index].add_post(PostRecord(title.form, title.key, "country", country,
                                                   self.finder.sentence_of.get(title.start, 0), "text"))

    def _country_of_title(self, title: Any) -> str | None:
        """'the U.S. assistant secretary', 'the Foreign Minister of Chile': the state named with it."""
        country, _ = self.bodies.body_after_of(title.end)
        if country is not None and country.kind == "country":
            return str(country.key)
        i = title.start - 1
        if i >= 0 and self.doc[i].text in ("'s", "’s"):
            i -= 1
        before = self.at.get(i)
        if before is not None and before.kind == "country" and before.end == i + 1:
            return str(before.key)
        return None

    def _definite_subject(self, title: Any) -> bool:
        """'The U.S. envoy ...' as its sentence's subject."""
        head = self.doc[title.end - 1]
        while head.dep_ in ("compound", "amod", "prep", "pobj") and head.head.i != head.i:
            head = head.head
        return head.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "det" and c.lower_ == "the" for c in head.children)

    def read_untitled_names(self) -> None:
        """Names without a title: known office holders, or people already met in the article."""
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or any(i in self.cast.token_person for i in range(ent.start, ent.end)):
                continue
            start = ent.start
            while start < ent.end and self.doc[start].text.lower() in HONORIFICS:
                start += 1
            if start >= ent.end or any(i in self.at or i in self.finder.past for i in range(start, ent.end)):
                continue
            name = self.names.name_text(start, ent.end)
            index = self.cast.find(name)
            if index is None:
                holder = self.gazetteer.holder_for(name, None, self.finder.day, None)
                if holder is None or len(name_tokens(name)) < 2 and not self._has_honorific(ent.start):
                    continue
                index = self.cast.register(holder.name, holder.qid, start)
                person = self.cast.people[index]
                if not any(post.of_key == holder.of for post in person.posts):
                    body_kind = "country" if self.gazetteer.country(holder.of) else "organization"
                    person.add_post(PostRecord(holder.title, holder.title, body_kind, holder.of,
                                               self.finder.sentence_of.get(start, 0), "holder"))
            for i in range(start, ent.end):
                self.cast.token_person[i] = index

    def _has_honorific(self, i: int) -> bool:
        return i > 0 and self.doc[i - 1].text.lower() in HONORIFICS

    def read_later_mentions(self) -> None:
        """'Mr Doe', 'Doe', 'Secretary Doe' after the full name; one-word names matched by surname."""
        doc = self.doc
        for token in doc:
            if token.i in self.cast.token_person or token.i in self.at or token.i in self.finder.past:
                continue
            if not token.text[:1].isupper() or token.text.lower() in NOT_NAMES:
                continue
            if token.ent_type_ != "PERSON" and not self._has_honorific(token.i) and not self._lone_surname(token):
                continue
            text = re.sub(r"[’']s$", "", token.text)
            index = self.cast.find(text)
            if index is not None and len(name_tokens(text)) == 1:
                self.cast.token_person[token.i] = index

    def _named_holder(self, title: Any, wanted: str | None) -> list[int]:
        """'The Secretary-General spoke ...' on the UN's site, the page naming 'Ban Ki-moon' in a
        byline the reading set aside: the post's holder that day, when the article names them."""
        body = wanted or self.finder.home or self.finder.publisher.organization
        if body is None or self.finder.day is None:
            return []
        holder = self.gazetteer.holder_of(title.key, body, self.finder.day)
        if holder is None:
            return []
        surname = name_tokens(holder.name)[-1:]
        tokens = {t.text.casefold() for t in self.doc}
        if not surname or surname[0].casefold() not in tokens:
            return []  # an unnamed official is no official of the article
        first = next(t.i for t in self.doc if t.text.casefold() == surname[0].casefold())
        index = self.cast.register(holder.name, holder.qid, first)
        person = self.cast.people[index]
        if not any(post.of_key == holder.of for post in person.posts):
            body_kind = "country" if self.gazetteer.country(holder.of) else "organization"
            person.add_post(PostRecord(holder.title, holder.title, body_kind, holder.of,
                                       self.finder.sentence_of.get(title.start, 0), "holder"))
        return [index]

    def _lone_surname(self, token: Any) -> bool:
        """A capitalised word standing alone that the tagger took for an organisation ('Trump will
        fly to Florida'): a name when no other name word is beside it."""
        doc = self.doc
        i = token.i
        if token.pos_ != "PROPN" or token.ent_type_ not in ("", "ORG", "PERSON"):
            return False
        if token.dep_ in ("compound", "amod") and token.head.pos_ == "NOUN":
            return False  # "a Trump administration offensive": the name of an era, not the person
        return not any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper()
                       for j in (i - 1, i + 1))

    def read_unnamed_titles(self) -> None:
        """'the Secretary', 'the President of Ruritania', 'the Prime Minister': the one person of the article
        who holds that title; else the country of the office (the named one, or the publisher's); else, on
        an organisation's site, the organisation. An unnamed title is no official of its own."""
        doc = self.doc
        for title in self.finder.mentions:
            if title.kind != "title" or title.plural or title.start == 0 or title.start in self.cast.token_person \
                    or title.key == COUNTERPART:
                continue
            if doc[title.start - 1].lower_ not in ("the", "this") or not doc[title.start].text[:1].isupper():
                continue
            if title.end < len(doc) and is_name_token(doc[title.end]) and doc[title.end].text[:1].isupper() \
                    and title.end not in self.at:
                continue  # a name follows: read_title's job
            country, _ = self.bodies.body_after_of(title.end)
            wanted = country.key if country is not None and country.kind == "country" else None
            holders = [i for i, p in enumerate(self.cast.people) if title.key in p.canonical_titles
                       and (wanted is None or p.country() == wanted)]
            if len(holders) > 1 and wanted is None and self.finder.home:
                # gov.uk: "The Prime Minister spoke to Prime Minister Abiy": the bare title is the UK's
                holders = [i for i in holders if self.cast.people[i].country() == self.finder.home] or holders
            if not holders:
                holders = self._named_holder(title, wanted)
            if len(holders) == 1:
                for i in range(title.start, title.end):
                    self.cast.token_person[i] = holders[0]
                continue
            if holders:
                continue
            category = self.finder.title_category_of(title)
            if (wanted or self.finder.home) and category in NATIONAL_CATEGORIES:
                for i in range(title.start, title.end):
                    self.cast.title_country[i] = str(wanted or self.finder.home)
            elif not wanted and self.finder.publisher.organization and category in ORGANIZATION_CATEGORIES:
                for i in range(title.start, title.end):
                    self.cast.title_organization[i] = self.finder.publisher.organization
