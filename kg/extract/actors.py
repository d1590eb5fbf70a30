"""Actors: who a span of tokens names: people of the cast, countries and organisations.

`Actors` is the value the event steps pass around (participants, visitors, hosts);
`actors_in` reads them off tokens: names of people, gazetteer mentions of countries,
organisations and groups ("the three Central Asian states"), and unnamed titles
("the Secretary", "the President of Russia") resolved to the person or country they name.
Pronouns and group references are the discourse step's job (`kg.extract.discourse`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.extract.annotated import Annotated
from kg.extract.gazetteer import load_gazetteer
from kg.extract.lexicon import load_event_words
from kg.extract.mentions import REGIONS, Mention

#: Nouns that make a region a set of countries: "the Central Asian countries", "Baltic states".
GROUP_NOUNS = {"countries", "states", "nations", "republics", "leaders", "presidents", "ministers", "governments",
               "partners", "counterparts", "delegations", "heads"}
#: Regions that are groups of states in their own right, whatever follows.
STATE_GROUPS = {"E3", "Quad", "Central Asia", "Baltic States"}


@dataclass(frozen=True)
class Actors:
    """People (indices into the cast), countries (ISO codes) and organisations (gazetteer keys), in order."""

    people: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()

    def __or__(self, other: Actors) -> Actors:
        return Actors(_union(self.people, other.people), _union(self.countries, other.countries),
                      _union(self.organizations, other.organizations))

    def __sub__(self, other: Actors) -> Actors:
        return Actors(tuple(p for p in self.people if p not in other.people),
                      tuple(c for c in self.countries if c not in other.countries),
                      tuple(o for o in self.organizations if o not in other.organizations))

    def __len__(self) -> int:
        return len(self.people) + len(self.countries) + len(self.organizations)

    def __bool__(self) -> bool:
        return len(self) > 0

    def with_country(self, iso: str) -> Actors:
        return self | Actors(countries=(iso,))

    def states(self, annotated: Annotated) -> set[str]:
        """Its countries: the country actors and the countries its people represent."""
        out = set(self.countries)
        for person in self.people:
            country = annotated.country_of_person(person)
            if country:
                out.add(country)
        return out

    def bodies(self, annotated: Annotated) -> set[str]:
        """Its countries and organisations (directly or through its people)."""
        return self.states(annotated) | set(self.organizations)


def _union(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return a + tuple(x for x in b if x not in a)


NOBODY = Actors()


def mention_actors(annotated: Annotated, mention: Mention, capitals: bool = False) -> Actors:
    """The actors one gazetteer mention names."""
    doc = annotated.doc
    if mention.kind == "country":
        if mention.form == "capital" and not capitals:
            return NOBODY  # a capital names where, not who ("talks in Beijing")
        return Actors(countries=(mention.key,))
    if mention.kind == "organization":
        found = Actors(organizations=(mention.key,))
        country = annotated.cast.organization_country.get(mention.key)
        return found.with_country(country) if country else found  # a Congress delegation: its country too
    if mention.kind == "region":
        head = doc[mention.end] if mention.end < len(doc) else None
        if (head is not None and head.lower_ in GROUP_NOUNS) or mention.key in STATE_GROUPS:
            return Actors(countries=REGIONS[mention.key])
        return NOBODY
    if mention.kind == "title":
        return title_actors(annotated, mention)
    return NOBODY


def title_actors(annotated: Annotated, mention: Mention) -> Actors:
    """'the Secretary', 'the President of Russia', 'the foreign ministers of A and B': the holder
    of the title in this article, else the country it names."""
    doc = annotated.doc
    country = None
    after = mention.end
    if after + 1 < len(doc) and doc[after].lower_ == "of":
        following = annotated.at.get(after + 1) or annotated.at.get(after + 2)
        if following is not None and following.kind == "country":
            country = following.key
        elif following is not None and following.kind == "organization":
            return Actors(organizations=(following.key,))
    if country is None:
        country = _body_before(annotated, mention)  # "China's Vice President", "the Jamaican Prime Minister"
    cast = annotated.cast
    holders = [i for i, p in enumerate(cast.people)
               if mention.key in p.canonical_titles and (country is None or p.country() == country)]
    if len(holders) == 1 and not mention.plural:
        holder_country = cast.people[holders[0]].country()
        home = annotated.home
        if country is None and home and holder_country not in (None, home) and _definite(annotated, mention) \
                and _held_in_every_state(mention.key):
            # gov.uk: "The Prime Minister met the Jamaican Prime Minister Holness": the first is the UK's
            return Actors(countries=(home,))
        return Actors(people=(holders[0],))
    if mention.plural and country is None and mention.end < len(doc) and doc[mention.end].lower_ == "of":
        countries: list[str] = []  # "the foreign ministers of Japan, Korea and China"
        for token in doc[mention.end + 1: mention.end + 16]:
            found = annotated.at.get(token.i)
            if found is not None and found.kind == "country" and found.form != "capital":
                if found.key not in countries:
                    countries.append(found.key)
            elif not (token.text in (",", "and", "the", "&") or token.is_space or found is not None):
                break
        return Actors(countries=tuple(countries))
    return Actors(countries=(country,)) if country else NOBODY


def _unnamed_holder(annotated: Annotated, mention: Mention, person: int) -> Actors:
    """'The Prime Minister' resolved to the one prime minister the article names: on a government's
    own page, when that one is marked foreign ('the Jamaican Prime Minister X'), the bare title is the
    publisher's own office holder."""
    holder_country = annotated.cast.people[person].country()
    home = annotated.home
    doc = annotated.doc
    of_body = mention.end < len(doc) and doc[mention.end].lower_ in ("of", "for", "to")  # "the President of Kenya"
    if home and holder_country not in (None, home) and _definite(annotated, mention) and not of_body \
            and _body_before(annotated, mention) is None and _held_in_every_state(mention.key):
        return Actors(countries=(home,))
    return Actors(people=(person,))


def _body_before(annotated: Annotated, mention: Mention) -> str | None:
    """The country written right before a title: 'China's', 'Jamaican', 'US'."""
    i = mention.start - 1
    if i >= 0 and annotated.doc[i].text in ("'s", "’s"):
        i -= 1
    before = annotated.at.get(i)
    if before is not None and before.kind == "country" and before.end == i + 1:
        return before.key
    return None


def _definite(annotated: Annotated, mention: Mention) -> bool:
    return mention.start > 0 and annotated.doc[mention.start - 1].lower_ in ("the", "this")


def _held_in_every_state(title: str) -> bool:
    """Titles every government has one holder of: the head of state or government, a minister."""
    entry = load_gazetteer().title_entry(title)
    return entry is not None and entry.category in ("head_of_state", "head_of_government", "minister")


#: Nouns a country adjective must modify to name that state's side ("Chinese officials", "the
#: Kazakh delegation"), rather than its people or firms ("American business leaders").
STATE_SIDE_NOUNS = {"official", "officials", "diplomat", "diplomats", "delegation", "delegations", "government",
                    "governments", "authorities", "side", "sides", "counterpart", "counterparts", "leader",
                    "leaders", "minister", "ministers", "ministry", "president", "envoy", "envoys", "ambassador",
                    "representative", "representatives", "negotiators", "team", "partners", "state", "states",
                    "administration", "cabinet", "premier", "embassy", "mission", "consulate", "navy", "military",
                    "forces", "army", "foreign", "head", "heads", "king", "prince", "monarch", "chancellor"}
NON_STATE_MODIFIERS = {"business", "opposition", "religious", "civil", "community", "student", "industry", "company",
                       "corporate", "tribal", "rebel", "militant", "youth", "church", "former", "media", "party"}


def _modifies(annotated: Annotated, mention: Mention) -> bool:
    """A country written as a modifier of a noun: 'Chinese officials', 'U.S. allies'."""
    if mention.form == "adjective":
        return True
    last = annotated.doc[mention.end - 1]
    return last.dep_ in ("compound", "amod") and last.head.i >= mention.end and last.head.pos_ in ("NOUN", "PROPN")


def adjective_names_state(annotated: Annotated, mention: Mention) -> bool:
    """'Kazakh officials', 'the Russian-Angolan talks': a country adjective naming the state's side."""
    head = annotated.doc[mention.end - 1].head
    for _ in range(3):  # "South Korean and Chinese diplomats", "Japanese Foreign Minister"
        if head.dep_ in ("amod", "compound", "conj", "nmod") and head.head.i != head.i and \
                head.lower_ not in STATE_SIDE_NOUNS:
            head = head.head
        else:
            break
    if any(c.lower_ in NON_STATE_MODIFIERS for c in head.children):
        return False
    if head.lower_ in STATE_SIDE_NOUNS or head.i in annotated.cast.token_person:
        return True
    if head.i in annotated.at and annotated.at[head.i].kind in ("title", "organization", "country"):
        return True
    words = load_event_words()
    return bool(words.noun_kinds(head.lower_) | words.noun_kinds(head.lemma_))


#: Nouns a definite description of a leader ends in: "the Egyptian leader", "the Chinese president".
LEADER_NOUNS = {"leader", "president", "premier", "king", "monarch", "chancellor", "emir", "sultan"}


def _described_leader(annotated: Annotated, mention: Mention) -> Actors:
    """'the Egyptian leader', 'the French president': news names a head of state or government a
    second time by nationality and role. The description is the one such head of that country
    the article names; otherwise nothing (the reading falls back to the country)."""
    doc = annotated.doc
    head = doc[mention.end - 1].head
    if head.lower_ not in LEADER_NOUNS or head.i != mention.end or annotated.cast.token_person.get(head.i) is not None:
        return NOBODY
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
        return NOBODY
    gazetteer = load_gazetteer()
    heads = []
    for index, person in enumerate(annotated.cast.people):
        if person.country() != mention.key:
            continue
        entries = [gazetteer.title_entry(t) for t in person.canonical_titles]
        if any(e is not None and e.category in ("head_of_state", "head_of_government", "royal") for e in entries):
            heads.append(index)
    return Actors(people=(heads[0],)) if len(heads) == 1 else NOBODY


def actors_in(annotated: Annotated, tokens: Iterable[Any], capitals: bool = False) -> Actors:
    """The people, countries and organisations the tokens name (no pronouns: see discourse)."""
    found = NOBODY
    seen: set[int] = set()
    cast = annotated.cast
    for token in sorted(tokens, key=lambda t: t.i):
        person = cast.token_person.get(token.i)
        mention = annotated.at.get(token.i)
        if person is not None and mention is not None and mention.kind == "title":
            found = found | _unnamed_holder(annotated, mention, person)  # "the Prime Minister"
            continue
        if person is not None:
            found = found | Actors(people=(person,))
            continue
        if token.i in cast.title_country:  # "the Secretary" of the publishing state, holder unknown
            found = found.with_country(cast.title_country[token.i])
            continue
        if mention is None or mention.start in seen:
            continue
        seen.add(mention.start)
        if mention.kind == "country" and mention.form == "adjective":
            described = _described_leader(annotated, mention)
            if described:  # "the Egyptian leader": the one leader of Egypt the article names
                found = found | described
                continue
        if token.i in cast.consumed and mention.kind != "title":
            continue  # "US" in "US Secretary of State Marco Rubio": his post, not a participant of its own
        if mention.kind == "country" and _modifies(annotated, mention) and \
                not adjective_names_state(annotated, mention):
            continue  # "American business leaders", "other U.S. allies": not the state's side
        found = found | mention_actors(annotated, mention, capitals)
    return found
