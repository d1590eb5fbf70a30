"""The cast of an article: its people, their posts, and which tokens name whom.

What `officials` finds and every later step reads: the events, the agreements and
the facts built from them refer to people by their index in `Cast.people`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.extract.names import fold, name_tokens, same_person


@dataclass
class PostRecord:
    title: str
    canonical: str
    of_kind: str  # "country" | "organization"
    of_key: str  # ISO code or organisation key
    sentence: int  # index of the sentence it was read from
    #: what placed the post: "text" (the official's own phrase), "holder" (the gazetteer's office holders),
    #: "list" (a neighbour in a list of officials), "other-post" (the person's other post), "home" (the
    #: publishing government, for its own officials), "publisher" (the publishing organisation)
    source: str = "text"


@dataclass
class UnplacedTitle:
    """A title the text gives a person without saying whose post it is ("met President Waqa" in an
    article that names no country next to him). A later step that knows the event (where the meeting
    took place, who travelled where, who speaks) can place it: :meth:`Person.place`."""

    title: str
    canonical: str
    sentence: int  # index of the sentence it was read from
    token: int  # the title's first token in the document
    #: why it was not placed: "no-country" (no evidence at all), "other-side" (the counterpart of the
    #: publisher's official in an encounter), "speaker" (after "our", "my" or "your"), "foreign-head"
    #: (a head of state's or government's title that the publisher's country does not have)
    reason: str = "no-country"


@dataclass
class Person:
    name: str
    qid: str | None = None
    posts: list[PostRecord] = field(default_factory=list)
    canonical_titles: set[str] = field(default_factory=set)
    first_token: int = 0
    #: titles read for this person whose country or organisation the text did not give
    unplaced_titles: list[UnplacedTitle] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return name_tokens(self.name)

    def country(self) -> str | None:
        for post in self.posts:
            if post.of_kind == "country":
                return post.of_key
        return None

    def place(self, unplaced: UnplacedTitle, of_kind: str, of_key: str, source: str) -> None:
        """Give an unplaced title its country or organisation (found by a later step), as a post."""
        if unplaced in self.unplaced_titles:
            self.unplaced_titles.remove(unplaced)
        self.add_post(PostRecord(unplaced.title, unplaced.canonical, of_kind, of_key, unplaced.sentence, source))

    def add_post(self, post: PostRecord) -> None:
        """Add a post unless the person holds it, or a more specific one of the same body, already
        ('Minister' after 'Foreign Minister'; 'Secretary' after 'Secretary of State')."""
        self.canonical_titles.add(post.canonical)
        self.unplaced_titles = [u for u in self.unplaced_titles if u.canonical != post.canonical]
        for p in self.posts:
            if p.of_key != post.of_key:
                continue
            if p.canonical == post.canonical or _less_specific(post, p):
                return
            if _less_specific(p, post):
                self.posts[self.posts.index(p)] = post
                return
        self.posts.append(post)


def _less_specific(a: PostRecord, b: PostRecord) -> bool:
    """'Secretary' is a less specific form of 'Secretary of State', 'Minister' of 'Foreign Minister'."""
    words_a, words_b = a.title.lower().split(), b.title.lower().split()
    return len(words_a) < len(words_b) and all(w in words_b for w in words_a)


@dataclass
class Cast:
    """The people of one article and which tokens refer to whom."""

    people: list[Person] = field(default_factory=list)
    token_person: dict[int, int] = field(default_factory=dict)  # token index -> index into people
    consumed: set[int] = field(default_factory=set)  # tokens of titles and post countries (not participants)
    #: tokens of an unnamed title ("the Secretary") whose holder is unknown but whose country is
    title_country: dict[int, str] = field(default_factory=dict)
    #: tokens of an unnamed title of the publishing organisation ("the Secretary-General" on un.org)
    title_organization: dict[int, str] = field(default_factory=dict)
    #: government bodies named in the article and their country ("State Department" -> US)
    organization_country: dict[str, str] = field(default_factory=dict)

    def consume(self, mention: Any) -> None:
        """Mark the tokens of a title, or of a post's country, as read: the official stands for them in
        events. An organisation is not consumed: it takes part in its own right ("the Secretary-General
        of the Commonwealth met ...": the Commonwealth takes part)."""
        if mention.kind in ("title", "country", "region"):
            self.consumed.update(range(mention.start, mention.end))

    def find(self, name: str) -> int | None:
        candidates = [i for i, p in enumerate(self.people) if same_person(p.name, name)]
        if len(candidates) == 1:
            return candidates[0]
        exact = [i for i in candidates if fold(self.people[i].name) == fold(name)]
        return exact[0] if exact else (candidates[0] if candidates else None)

    def register(self, name: str, qid: str | None, first_token: int) -> int:
        index = self.find(name)
        if index is None:
            self.people.append(Person(name=name, qid=qid, first_token=first_token))
            return len(self.people) - 1
        person = self.people[index]
        if len(name_tokens(name)) > len(person.tokens) or (len(name) > len(person.name)
                                                           and len(name_tokens(name)) == len(person.tokens)):
            person.name = name
        if qid and not person.qid:
            person.qid = qid
        return index
