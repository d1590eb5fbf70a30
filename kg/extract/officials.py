"""Officials: named people with titles of office, their posts, and later mentions of them.

Reads one annotated document and its mentions and finds:

- titled names: "US Secretary of State Marco Rubio", "President of the Republic of
  Finland Sauli Niinistö", "Foreign Minister Solano of Costa Rica", "Russia's Foreign
  Minister Sergey Lavrov", "Prime Ministers Frederiksen and Støre";
- appositions: "Sergio Gor, the US ambassador to India";
- known office holders from the gazetteer ("Chancellor Merz" in 2025 is Friedrich Merz);
- later mentions: "Mr Rubio", "Rubio", "the Secretary", "the President of Russia".

The result is a :class:`Cast`: the people of the article, each with posts, and
for every token that names one of them, which one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kg.extract.cast import Cast, Person, PostRecord
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention
from kg.extract.names import HONORIFICS, NOT_NAMES, PARTICLES, is_name_token, name_tokens

# titles that a government gives only to people who act for it abroad or at home
NATIONAL_CATEGORIES = {"head_of_state", "head_of_government", "minister", "deputy", "envoy", "legislator",
                       "official", "royal", "military"}
INSTITUTIONS = {"ministry", "department", "embassy", "government", "office", "mission", "delegation", "foreign",
                "state", "presidential", "national", "armed", "bureau", "parliament", "senate", "congress"}
# titles held by one person per country: never guessed from the article's other posts
PERSONAL_CATEGORIES = {"head_of_state", "head_of_government", "royal"}


class OfficialFinder:
    """Finds the officials of one document (see the module docstring)."""

    def __init__(self, doc: Any, mentions: list[Mention], gazetteer: Gazetteer, day: date | None,
                 home: str | None) -> None:
        self.doc = doc
        self.mentions = mentions
        self.gazetteer = gazetteer
        self.day = day
        self.home = home
        self.at: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.at[i] = mention
        self.cast = Cast()
        self.sentence_of = {}
        for number, sentence in enumerate(doc.sents):
            for token in sentence:
                self.sentence_of[token.i] = number

    # -- spans -------------------------------------------------------------------------
    def name_after(self, i: int) -> tuple[int, int] | None:
        """The capitalised name that starts at token i, if any: [start, end)."""
        doc = self.doc
        while i < len(doc) and doc[i].text.lower() in HONORIFICS:
            i += 1
        start = i
        while i < len(doc) and i - start < 7 and i not in self.at and is_name_token(doc[i]) \
                and not re.search(r"[a-z][A-Z]", doc[i].text) \
                and not (i > start and doc[i].text == doc[i - 1].text):
            if doc[i].text in ("-", "‑") and (doc[i - 1].whitespace_ != "" or i == start):
                break
            if i > start and doc[i - 1].text == "," and doc[i].text.lower().rstrip(".") not in ("jr", "sr"):
                break
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

    def body_before(self, title: Mention) -> Mention | None:
        """'US' / 'French' / "Russia's" / 'UN' right before a title."""
        i = title.start - 1
        if i >= 2 and self.doc[i].text == ")":  # "Republic of Korea (ROK) First Vice Foreign Minister"
            opening = next((k for k in range(i - 1, max(i - 6, -1), -1) if self.doc[k].text == "("), None)
            if opening is not None:
                i = opening - 1
        if i >= 0 and self.doc[i].text in ("’s", "'s"):
            i -= 1
        mention = self.at.get(i)
        if mention is not None and mention.kind in ("country", "organization") and mention.end == i + 1:
            return mention
        return None

    def body_after_of(self, i: int) -> tuple[Mention | None, int]:
        """'of Russia' / 'of the Republic of Finland' / 'to India' at token i: (mention, next token)."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ in ("of", "to", "for"):
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            mention = self.at.get(j)
            if mention is not None and mention.start == j and mention.kind in ("country", "organization", "region"):
                return mention, mention.end
        return None, i

    # -- posts ---------------------------------------------------------------------------
    def _title_text(self, title: Mention) -> str:
        """The title as the text writes it when capitalised, else the gazetteer's form."""
        if title.text[:1].isupper() and not title.plural:
            return title.text
        written = self.gazetteer.title_entry(title.key)
        return written.title if written else title.key

    def _post(self, title: Mention, body: Mention | None, sentence: int, suffix: str = "") -> PostRecord | None:
        title_text = self._title_text(title) + suffix
        if body is None:
            return None
        if body.kind == "region":
            return None
        kind = "country" if body.kind == "country" else "organization"
        return PostRecord(title_text, title.key, kind, body.key, sentence)

    def _holder(self, name: str, title: Mention | None, of: str | None) -> tuple[str, str | None, str | None]:
        """Full name, Wikidata id and country/organisation from the gazetteer, where unique."""
        holder = self.gazetteer.holder_for(name, title.key if title else None, self.day, of)
        if holder is None and title is not None and (of or self.home):
            # "Secretary Kerry" on a US site: the one Kerry in office for that country that day
            holder = self.gazetteer.holder_for(name, None, self.day, of or self.home)
        if holder is None:
            return name, None, None
        # the text's own spelling wins whenever it gives more than a surname ("Sadyr Japarov")
        full = holder.name if len(name_tokens(name)) < 2 else name
        return full, holder.qid, holder.of

    def add_official(self, start: int, end: int, title: Mention | None, body: Mention | None,
                     suffix: str = "") -> int | None:
        name = self.name_text(start, end)
        if not name_tokens(name):
            return None
        sentence = self.sentence_of.get(start, 0)
        full, qid, holder_of = self._holder(name, title, body.key if body and body.kind != "region" else None)
        if body is None and holder_of is not None and title is not None:
            of_kind = "country" if self.gazetteer.country(holder_of) else "organization"
            body = Mention(start, start, of_kind, holder_of, "holder", holder_of)
        index = self.cast.register(full, qid, start)
        for i in range(start, end):
            self.cast.token_person[i] = index
        if title is not None:
            post = self._post(title, body, sentence, suffix)
            person = self.cast.people[index]
            if post is not None:
                person.add_post(post)
            else:
                person.canonical_titles.add(title.key)
                self.pending.append((index, title, sentence, suffix))
        return index

    # -- passes ----------------------------------------------------------------------------
    def find(self) -> Cast:
        self.pending: list[tuple[int, Mention, int, str]] = []
        titles = [m for m in self.mentions if m.kind == "title"]
        for title in titles:
            self.read_title(title)
        self.read_appositions()
        self.read_untitled_names()
        self.resolve_pending()
        self.read_later_mentions()
        self.read_unnamed_titles()
        for mention in self.mentions:
            if mention.kind == "organization" and mention.key not in self.cast.organization_country:
                country = self.government_of(mention.key)
                if country is not None:
                    self.cast.organization_country[mention.key] = country
        return self.cast

    def read_unnamed_titles(self) -> None:
        """'the Secretary', 'the President of Russia', 'the Prime Minister': the one person of the article
        who holds that title, else the office holder of the named (or the publishing) country that day."""
        doc = self.doc
        for title in self.mentions:
            if title.kind != "title" or title.plural or title.start == 0 or title.start in self.cast.token_person:
                continue
            if doc[title.start - 1].lower_ not in ("the", "this") or not doc[title.start].text[:1].isupper():
                continue
            if title.end < len(doc) and is_name_token(doc[title.end]) and doc[title.end].text[:1].isupper() \
                    and title.end not in self.at:
                continue  # a name follows: read_title's job
            country, _ = self.body_after_of(title.end)
            wanted = country.key if country is not None and country.kind == "country" else None
            holders = [i for i, p in enumerate(self.cast.people) if title.key in p.canonical_titles
                       and (wanted is None or p.country() == wanted)]
            index: int | None = holders[0] if len(holders) == 1 else None
            if index is None and not holders:
                index = self._office_holder(title, wanted or self.home)
            if index is not None:
                for i in range(title.start, title.end):
                    self.cast.token_person[i] = index
            elif (wanted or self.home) and not holders:
                entry = self.gazetteer.title_entry(title.key)
                if entry is not None and entry.category in NATIONAL_CATEGORIES:
                    for i in range(title.start, title.end):
                        self.cast.title_country[i] = str(wanted or self.home)

    def _office_holder(self, title: Mention, country: str | None) -> int | None:
        """The gazetteer's holder of a head-of-state, head-of-government or foreign-minister title."""
        entry = self.gazetteer.title_entry(title.key)
        if country is None or self.day is None or entry is None or \
                entry.category not in ("head_of_state", "head_of_government", "minister"):
            return None
        canonical = self.gazetteer.canonical_title(title.key)
        found = {h.person_key: h for h in self.gazetteer.office_holders
                 if h.of == country and h.title == canonical and h.holds_on(self.day)}
        if len(found) != 1:
            return None
        holder = next(iter(found.values()))
        index = self.cast.register(holder.name, holder.qid, title.start)
        self.cast.people[index].add_post(PostRecord(holder.title, holder.title, "country", holder.of,
                                                    self.sentence_of.get(title.start, 0)))
        return index

    def read_title(self, title: Mention) -> None:
        doc = self.doc
        body = self.body_before(title)
        after = title.end
        suffix = ""
        of_body, after_of = self.body_after_of(after)
        if of_body is not None:
            if doc[after].lower_ in ("to", "for"):
                suffix = f" {doc[after].text} {of_body.text}"
            elif body is None or body.form == "capital":
                body = of_body  # "President of the Republic of Finland" outranks "in the Kremlin"
            after = after_of
            self.cast.consumed.update(range(of_body.start, of_body.end))
        if body is not None and body.form == "capital":
            body = None  # "Kremlin spokesman" names a place, "Washington Post" a paper: not a post's country
        if body is not None:
            self.cast.consumed.update(range(body.start, body.end))
        self.cast.consumed.update(range(title.start, title.end))
        lower_case = not doc[title.start].text[:1].isupper() and not title.plural
        if lower_case and after < len(doc) and not is_name_token(doc[after]):
            return  # "the president" without a name is a later mention, read by the event reader
        if title.plural:
            self.read_name_list(title, body, after)
            return
        span = self.name_after(after)
        if span is None:
            span, suffix = self.name_after_phrase(title, after, suffix)
        if span is None:
            return
        start, end = span
        if body is None:
            body = self.body_after_name(end)
        self.add_official(start, end, title, body, suffix)

    def name_after_phrase(self, title: Mention, i: int, suffix: str) -> tuple[tuple[int, int] | None, str]:
        """'Under Secretary for Economic Growth, Energy, and the Environment Jose Fernandez',
        'Special Envoy for the Horn of Africa (SEHOA) Mike Hammer': the name after a long title."""
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ not in ("for", "of", "to", "on"):
            return None, suffix
        sentence_end = doc[title.start].sent.end
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.start <= i or ent.start > i + 14 or ent.start >= sentence_end:
                continue
            between = doc[i:ent.start]
            if any(t.text in (".", ";", ":") or (t.i in self.at and self.at[t.i].kind == "title")
                   or (t.is_alpha and not t.text[:1].isupper() and t.lower_ not in ("of", "for", "and", "the",
                                                                                    "on", "to", "in"))
                   for t in between):
                return None, suffix
            span = self.name_after(ent.start)
            if span is None:
                return None, suffix
            phrase = re.sub(r"\s*\([^)]*\)\s*", " ", between.text).strip(" ,")
            return span, f" {phrase}"
        return None, suffix

    def government_of(self, key: str) -> str | None:
        """The country a government body belongs to, read from its name ('United States Department of State')."""
        entry = self.gazetteer.organization(key)
        if entry is None or entry.kind != "government_body":
            return None
        forms = self.gazetteer.country_surface_forms()
        for candidate in (entry.label, *entry.aliases):
            for size in range(4, 0, -1):
                words = candidate.split()
                for start in range(len(words) - size + 1):
                    hit = forms.get(" ".join(words[start:start + size]))
                    if hit is not None and hit[1] != "capital":
                        return hit[0]
        return None

    def body_after_name(self, end: int) -> Mention | None:
        """The country a name is followed by: 'Solano of Costa Rica', 'Carlos Correa (Colombia)',
        'Jernej Müller, Slovenian Ministry of Foreign Affairs', 'Robin Dunnigan, ..., U.S. Department of State'."""
        doc = self.doc
        tail_body, _ = self.body_after_of(end)
        if tail_body is not None and end < len(doc) and doc[end].lower_ == "of" and tail_body.kind != "region":
            self.cast.consumed.update(range(tail_body.start, tail_body.end))
            return tail_body
        k = end
        while k < min(len(doc), end + 25) and doc[k].text not in (",", ".", ";", ":") and (
                doc[k].text == "(" or doc[k].lower_ in ("and", "of", "the", "for") or doc[k].text[:1].isupper()
                or (k in self.at and self.at[k].kind == "title")):
            # "Carlos Correa (Colombia)"; "Marta Lucia Ramirez and Minister ... Carlos Correa (Colombia)"
            if doc[k].text == "(" and k + 2 < len(doc):
                inside = self.at.get(k + 1)
                if inside is not None and inside.kind == "country" and inside.start == k + 1 \
                        and inside.end < len(doc) and doc[inside.end].text == ")":
                    self.cast.consumed.update(range(inside.start, inside.end))
                    return inside
                break
            if k > end and doc[k].is_sent_start:
                break
            k += 1
        if end + 1 < len(doc) and doc[end].text == ",":
            limit = min(len(doc), end + 14)
            k = end + 1
            while k < limit and doc[k].text not in (";", ".", "(", ")") and not doc[k].is_sent_start:
                mention = self.at.get(k)
                if mention is not None and mention.kind == "title":
                    return None
                if mention is not None and mention.kind in ("country", "organization") and mention.form != "capital":
                    following = doc[mention.end] if mention.end < len(doc) else None
                    institution = following is not None and following.lower_ in INSTITUTIONS
                    if mention.kind == "organization":
                        country = self.government_of(mention.key)
                        if country is not None:
                            return Mention(mention.start, mention.end, "country", country, "name", mention.text)
                    elif institution:
                        self.cast.consumed.update(range(mention.start, mention.end))
                        return mention
                k = mention.end if mention is not None else k + 1
        return None

    def read_name_list(self, title: Mention, body: Mention | None, i: int) -> None:
        """'Prime Ministers Frederiksen and Støre' / 'Presidents Biden, Macron and Scholz'."""
        doc = self.doc
        while i < len(doc):
            span = self.name_after(i)
            if span is None:
                return
            self.add_official(span[0], span[1], title, body)
            i = span[1]
            if i < len(doc) and doc[i].text == ",":
                i += 1
            if i < len(doc) and doc[i].lower_ == "and":
                i += 1
            elif i < len(doc) and doc[i - 1].text != ",":
                return

    def read_appositions(self) -> None:
        """'Sergio Gor, the US ambassador to India' / 'Yair Lapid, Israel's Foreign Minister'."""
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            end = ent.end
            if end + 1 >= len(doc) or doc[end].text != ",":
                continue
            i = end + 1
            if doc[i].lower_ in ("the", "a"):
                i += 1
            body: Mention | None = None
            mention = self.at.get(i)
            if mention is not None and mention.kind in ("country", "organization") and mention.start == i:
                body = mention
                i = mention.end
                if i < len(doc) and doc[i].text in ("’s", "'s"):
                    i += 1
            title = self.at.get(i)
            if title is None or title.kind != "title" or title.start != i:
                continue
            suffix = ""
            of_body, after_title = self.body_after_of(title.end)
            following = after_title
            while following + 1 < len(doc) and doc[following].lower_ == "and" and \
                    following + 1 in self.at and self.at[following + 1].kind == "title":
                following = self.at[following + 1].end  # "X, Vice President and Foreign Minister Y"
            if self.name_after(following) is not None:
                continue  # "X, German Foreign Minister Y": the title belongs to Y
            if of_body is not None:
                if doc[title.end].lower_ in ("to", "for"):
                    suffix = f" {doc[title.end].text} {of_body.text}"
                elif body is None:
                    body = of_body
            start = ent.start
            while start < ent.end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if start < ent.end:
                self.cast.consumed.update(range(title.start, title.end))
                if body is not None:
                    self.cast.consumed.update(range(body.start, body.end))
                self.add_official(start, ent.end, title, body, suffix)

    def read_untitled_names(self) -> None:
        """Names without a title: known office holders, or people already met in the article."""
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or any(i in self.cast.token_person for i in range(ent.start, ent.end)):
                continue
            start = ent.start
            while start < ent.end and self.doc[start].text.lower() in HONORIFICS:
                start += 1
            if start >= ent.end or any(i in self.at for i in range(start, ent.end)):
                continue
            name = self.name_text(start, ent.end)
            index = self.cast.find(name)
            if index is None:
                holder = self.gazetteer.holder_for(name, None, self.day, None)
                if holder is None or len(name_tokens(name)) < 2 and not self._has_honorific(ent.start):
                    continue
                index = self.cast.register(holder.name, holder.qid, start)
                person = self.cast.people[index]
                if not any(post.of_key == holder.of for post in person.posts):
                    body_kind = "country" if self.gazetteer.country(holder.of) else "organization"
                    person.add_post(PostRecord(holder.title, holder.title, body_kind, holder.of,
                                               self.sentence_of.get(start, 0)))
            for i in range(start, ent.end):
                self.cast.token_person[i] = index

    def _has_honorific(self, i: int) -> bool:
        return i > 0 and self.doc[i - 1].text.lower() in HONORIFICS

    def resolve_pending(self) -> None:
        """Posts whose country the text did not give next to the title."""
        for index, title, sentence, suffix in self.pending:
            person = self.cast.people[index]
            if any(p.canonical == title.key for p in person.posts):
                continue
            country = self._implied_country(title, person)
            if country is not None:
                person.add_post(PostRecord(self._title_text(title) + suffix, title.key, "country", country,
                                           sentence))

    def _implied_country(self, title: Mention, person: Person) -> str | None:
        """A post whose country the text leaves implicit: the person's other post, else, for titles
        that every government has but heads of state, the publishing government's country or the
        country most posts of this article belong to."""
        own = person.country()
        if own:
            return own
        entry = self.gazetteer.title_entry(title.key)
        if entry is None or entry.category not in NATIONAL_CATEGORIES or entry.category in PERSONAL_CATEGORIES:
            return None
        neighbour = self.list_neighbour_country(person)
        if neighbour:
            return neighbour
        if self.home:
            return self.home
        counts: dict[str, int] = {}
        for other in self.cast.people:
            for post in other.posts:
                if post.of_kind == "country":
                    counts[post.of_key] = counts.get(post.of_key, 0) + 1
        if counts:
            best = max(counts.values())
            leaders = [c for c, n in counts.items() if n == best]
            if len(leaders) == 1:
                return leaders[0]
        return None

    def list_neighbour_country(self, person: Person) -> str | None:
        """In a list of officials ('President Zelenskyy, Foreign Minister Kuleba, Minister of Defense
        Reznikov'), one whose country is not said shares that of the official listed before (or after) it."""
        doc = self.doc
        index = self.cast.people.index(person)
        mine = [i for i, p in self.cast.token_person.items() if p == index]
        if not mine:
            return None
        for direction in (-1, 1):
            i = (min(mine) - 1) if direction < 0 else (max(mine) + 1)
            sentence = doc[min(mine)].sent
            comma = False  # an enumeration, not "Secretary Kerry and Foreign Minister Lavrov"
            while sentence.start <= i < sentence.end:
                other = self.cast.token_person.get(i)
                if other is not None and other != index:
                    if comma:
                        return self.cast.people[other].country()
                    break
                token = doc[i]
                comma = comma or token.text == ","
                if not (token.text in (",", "and", "(", ")") or i in self.at or token.lower_ in ("of", "the")
                        or token.text[:1].isupper()):  # "Head of Presidential Administration Andriy Yermak"
                    break
                i += direction
        return None

    def read_later_mentions(self) -> None:
        """'Mr Rubio', 'Rubio', 'Secretary Blinken' after the full name; one-word names matched by surname."""
        doc = self.doc
        for token in doc:
            if token.i in self.cast.token_person or token.i in self.at:
                continue
            if not token.text[:1].isupper() or token.text.lower() in NOT_NAMES:
                continue
            if token.ent_type_ != "PERSON" and not self._has_honorific(token.i):
                continue
            text = re.sub(r"[’']s$", "", token.text)
            index = self.cast.find(text)
            if index is not None and len(name_tokens(text)) == 1:
                self.cast.token_person[token.i] = index


