"""Posts whose country the official's own phrase does not give: an ordered list of evidence.

The officials step reads the explicit evidence next to a title ("Ruritanian", "Ruritania's",
"of Ruritania", "Ruritanian Foreign Ministry spokesman", a government body, the gazetteer's
office holders). What is left is placed here, first evidence first:

1. the person's other post in the article ("Foreign Minister Smith" after "Ruritanian
   Foreign Minister Jane Smith");
2. the officials listed with them ("President A, Foreign Minister B, Minister of Defence C"
   share a country when one of them has it);
3. the person they accompany ("X was accompanied by Foreign Minister Y": Y is on X's side),
   the group they belong to ("Ruritanian officials, including Minister Y"), the principal of
   their office ("Deputy Secretary of State Y" beside the Ruritanian Secretary of State);
4. the publishing organisation, for the titles of international bodies ("Secretary-General"
   on the United Nations' site);
5. the publishing government, only for its own side: not after "our", "my", "your" (the
   speaker's country, which only the speaker tells); not for the counterpart of an encounter
   ("met with Deputy Foreign Minister Y": Y is the other side unless the subject is known to
   be foreign); not for a head of state's or government's title the publisher's country does
   not have ("President" on a site of a country that has none), nor one whose holder that day
   is somebody else.

Never the country most of the article's posts belong to. A title no evidence places stays
on the person as an :class:`~kg.extract.cast.UnplacedTitle`, for a later step that knows the
event (where the meeting was, who travelled where).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.extract.cast import Cast, Person, PostRecord, UnplacedTitle
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention
from kg.extract.names import name_tokens
from kg.extract.publisher import Publisher, organization_of_title
from kg.extract.titles import MODIFIERS

#: titles every government has (its own officials can hold them)
NATIONAL_CATEGORIES = frozenset({"head_of_state", "head_of_government", "minister", "deputy", "envoy", "legislator",
                                 "official", "royal", "military"})
#: titles held by one person per country
PERSONAL_CATEGORIES = frozenset({"head_of_state", "head_of_government", "royal"})
#: titles an international body's staff hold
ORGANIZATION_CATEGORIES = frozenset({"organization_head", "official", "envoy"})
#: words of meeting one another: their subject and their object are two sides
ENCOUNTERS = frozenset({"meet", "meeting", "talk", "talks", "welcome", "receive", "reception", "host", "call",
                        "speak", "phone", "telephone", "visit", "invitation", "invite", "greet", "confer",
                        "consultation", "consultations", "conversation", "discussion", "discussions", "audience",
                        "thank", "congratulate", "brief", "negotiation", "negotiations"})
#: words of going along: their object is on their subject's side
COMPANY = frozenset({"accompany", "include", "comprise"})
_NEAR = frozenset({"nsubj", "nsubjpass", "poss", "csubj"})
_SPEAKERS = frozenset({"our", "my", "your"})


@dataclass(frozen=True)
class Pending:
    """A title read for a person without its country: placed by :class:`PostPlacer`."""

    person: int  # index into Cast.people
    title: Mention
    sentence: int
    text: str  # the title as the post will write it


@dataclass(frozen=True)
class Side:
    """Where a person stands in an encounter: 'near' (its subject), 'far' (its object), or 'company'
    (going along with `partner`, the subject of an 'accompanied by')."""

    role: str
    verb: int
    partner: int | None = None


def encounter_side(doc: Any, token: int) -> Side | None:
    """The encounter a token takes part in, read up the dependency tree within its sentence."""
    child = doc[token]
    while child.dep_ in ("compound", "flat", "appos", "amod") and child.head.i != child.i:
        child = child.head
    steps = 0
    while child.head.i != child.i and steps < 8:
        parent = child.head
        lemma = parent.lemma_.lower()
        if (lemma in COMPANY or parent.lower_ in COMPANY) and child.dep_ in ("agent", "dobj", "pobj", "prep"):
            subject = next((c for c in parent.children if c.dep_ in ("nsubjpass", "nsubj")), None)
            if subject is not None and subject.i != child.i:
                return Side("company", parent.i, subject.i)
        if parent.lower_ in ("including", "includes", "include") and parent.dep_ == "prep" and child.dep_ == "pobj":
            return Side("company", parent.i, parent.head.i)  # "Ruritanian officials, including Minister X"
        if lemma in ENCOUNTERS or parent.lower_ in ENCOUNTERS:
            if child.dep_ in _NEAR:
                return Side("near", parent.i)
            if child.dep_ == "conj" and child.head.dep_ in _NEAR:
                return Side("near", parent.i)
            return Side("far", parent.i)
        if child.dep_ == "pobj" and parent.lower_ == "between":
            return Side("near", parent.i)  # "talks between A and B": A first, B its conjunct
        if parent.pos_ in ("VERB", "AUX") and parent.dep_ in ("ROOT", "ccomp", "conj") and lemma not in ENCOUNTERS:
            return None
        child = parent
        steps += 1
    return None


class PostPlacer:
    """Places the titles the officials step left without a country (see the module docstring)."""

    def __init__(self, doc: Any, at: dict[int, Mention], cast: Cast, gazetteer: Gazetteer, publisher: Publisher,
                 day: datetime.date | None, category_of: Callable[[Mention], str | None]) -> None:
        self.doc = doc
        self.at = at
        self.cast = cast
        self.gazetteer = gazetteer
        self.publisher = publisher
        self.day = day
        self.category_of = category_of

    def place(self, pending: list[Pending]) -> None:
        """Near-side titles first, so that a counterpart sees where the person it meets was placed."""
        sides = [self._side(item.person, item.title) for item in pending]
        order = sorted(zip(pending, sides, strict=True),
                       key=lambda pair: (pair[1] is not None and pair[1].role == "far", pair[0].title.start))
        for item, side in order:
            person = self.cast.people[item.person]
            if any(p.canonical == item.title.key for p in person.posts):
                continue
            placed = self._evidence(item.person, person, item.title, side)
            if isinstance(placed, tuple):
                of_kind, of_key, source = placed
                person.add_post(PostRecord(item.text, item.title.key, of_kind, of_key, item.sentence, source))
            elif not any(u.canonical == item.title.key for u in person.unplaced_titles):
                person.unplaced_titles.append(UnplacedTitle(item.text, item.title.key, item.sentence,
                                                            item.title.start, placed))

    def _side(self, index: int, title: Mention) -> Side | None:
        """The side of the title's phrase: read from the title (the head of "the Minister, Jane Doe"),
        else from the name after it."""
        tokens = [i for i, p in self.cast.token_person.items() if p == index and i >= title.end]
        for token in (title.end - 1, *sorted(tokens)[:1]):
            side = encounter_side(self.doc, token)
            if side is not None:
                return side
        return None

    def _evidence(self, index: int, person: Person, title: Mention, side: Side | None) -> tuple[str, str, str] | str:
        own = person.country()
        if own:
            return "country", own, "other-post"
        category = self.category_of(title)
        neighbour = self.list_neighbour_country(index)
        if neighbour:
            return "country", neighbour, "list"
        if side is not None and side.role == "company" and side.partner is not None:
            partner = self._country_at(side.partner)
            if partner is not None:
                return "country", partner, "company"
            side = encounter_side(self.doc, side.partner)  # the group's own part in an encounter
        if side is None or side.role != "far":
            principal = self._principal_country(index, title)
            if principal is not None:
                return "country", principal, "principal"
        organization = self.publisher.organization
        if organization is not None and category in ORGANIZATION_CATEGORIES:
            return "organization", organization_of_title(organization, title.key), "publisher"
        home = self.publisher.country
        if home is None or category not in NATIONAL_CATEGORIES:
            return "no-country"
        if title.start > 0 and self.doc[title.start - 1].lower_ in _SPEAKERS:
            return "speaker"
        if category in PERSONAL_CATEGORIES and (not self._home_has(title, person)
                                                or self._held_by_another(index, title.key, home)):
            return "foreign-head"
        if side is not None and not self._publishers_side(index, side):
            return "other-side"
        return "country", home, "home"

    def _principal_country(self, index: int, title: Mention) -> str | None:
        """A deputy of an office the article names for one country is that country's: "Deputy Secretary of
        State" in an article with the Ruritanian Secretary of State (the title as written, not its
        equivalents: a "Deputy Foreign Minister" is nobody's deputy by that alone)."""
        words = title.text.split()
        countries: set[str] = set()
        for cut in range(1, len(words)):
            if words[cut - 1].lower() not in MODIFIERS:
                break
            principal = " ".join(words[cut:]).lower()
            for other, someone in enumerate(self.cast.people):
                if other == index:
                    continue
                countries.update(p.of_key for p in someone.posts if p.of_kind == "country"
                                 and p.title.lower() == principal)
        return next(iter(countries)) if len(countries) == 1 else None

    def _home_has(self, title: Mention, person: Person) -> bool:
        """Whether the publisher's country has this head-of-state or -government office, held that day
        (where the gazetteer knows) by somebody of this name."""
        canonical = self.gazetteer.canonical_title(title.key)
        home = self.publisher.country
        tenures = [h for h in self.gazetteer.office_holders if h.of == home and h.title == canonical]
        if not tenures:
            return False
        if self.day is None:
            return True
        current = [h for h in tenures if h.holds_on(self.day)]
        if not current:
            return True  # the gazetteer does not reach back to that day
        names = set(name_tokens(person.name))
        return any(names & set(name_tokens(n)) for h in current for n in (h.name, *h.aliases))

    def _held_by_another(self, index: int, canonical: str, country: str) -> bool:
        """Whether somebody else of the article already holds this one-per-country post of that country
        (a second "President" in an article of the publisher's president is another country's)."""
        return any(other != index and any(p.canonical == canonical and p.of_key == country for p in person.posts)
                   for other, person in enumerate(self.cast.people))

    def _publishers_side(self, index: int, side: Side) -> bool:
        """In an encounter one side is the publisher's: the subject, unless an official of the other
        side is already the publisher's; the object only when every official of the subject's side is
        known to be foreign."""
        others = self._other_side(index, side)
        home = self.publisher.country
        if any(self.cast.people[o].country() == home for o in others):
            return False
        if side.role == "far":
            return bool(others) and all(self.cast.people[o].country() not in (None, home) for o in others)
        return True

    def _other_side(self, index: int, side: Side) -> set[int]:
        others: set[int] = set()
        for token, person in self.cast.token_person.items():
            if person == index:
                continue
            if self.doc[token].sent.start != self.doc[side.verb].sent.start:
                continue
            theirs = encounter_side(self.doc, token)
            if theirs is not None and theirs.verb == side.verb and theirs.role != side.role \
                    and {theirs.role, side.role} == {"near", "far"}:
                others.add(person)
        return others

    def _country_at(self, token: int) -> str | None:
        """The country of whoever a token names: a person of the cast, or an unnamed title with its country
        ('the Prime Minister of Ruritania')."""
        person = self.cast.token_person.get(token)
        if person is not None:
            return self.cast.people[person].country()
        doc = self.doc
        heads = [doc[token], *(c for c in doc[token].children if c.dep_ == "conj")]
        for head in sorted(heads, key=lambda t: -t.i):  # "A ministers and Ruritanian officials, including": the nearer
            words = [head, *(c for c in head.children if c.dep_ in ("amod", "compound", "poss", "prep"))]
            words += [g for c in words if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            for word in words:
                mention = self.at.get(word.i)
                if mention is not None and mention.kind == "country" and mention.form != "capital":
                    return mention.key
        return None

    def list_neighbour_country(self, index: int) -> str | None:
        """In a list of officials ('President A, Foreign Minister B, Minister of Defence C'), one whose
        country is not said shares that of the official listed before (or after) it."""
        doc = self.doc
        mine = [i for i, p in self.cast.token_person.items() if p == index]
        if not mine:
            return None
        for direction in (-1, 1):
            i = (min(mine) - 1) if direction < 0 else (max(mine) + 1)
            sentence = doc[min(mine)].sent
            comma = False  # an enumeration, not "Secretary A and Foreign Minister B"
            while sentence.start <= i < sentence.end:
                other = self.cast.token_person.get(i)
                if other is not None and other != index:
                    if comma:
                        return self.cast.people[other].country()
                    break
                token = doc[i]
                comma = comma or token.text == ","
                if not (token.text in (",", "and", "(", ")") or i in self.at or token.lower_ in ("of", "the")
                        or token.text[:1].isupper()):  # "Head of Presidential Administration A"
                    break
                i += direction
        return None

