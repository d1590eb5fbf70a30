"""The officials step's reading of one document: what its steps share.

The document, its mentions (with the composed titles of :mod:`kg.extract.titles`), the
publisher, the cast under construction and the few operations that add to it
(:meth:`CastReading.add_official`, :meth:`CastReading.give_title`), and the bookkeeping one step
leaves for another: titles held in the past, titles waiting for the name of a title
after them, a country said once for a list of titles, titles left for the placer.
:class:`~kg.extract.officials.OfficialFinder` runs the steps over it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kg.extract.cast import Cast, Person, PostRecord, UnplacedTitle
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention
from kg.extract.name_spans import NameSpans
from kg.extract.names import name_tokens
from kg.extract.post_bodies import PostBodies
from kg.extract.posts import PERSONAL_CATEGORIES, Pending
from kg.extract.publisher import Publisher
from kg.extract.titles import COUNTERPART, compose_titles, title_category


class CastReading:
    """The shared state of the officials step over one document (see the module docstring).

    `home` is the publisher (:class:`~kg.extract.publisher.Publisher`), or the publishing
    government's ISO code; `known` are people already met (in the headline), whose later
    mentions in the body resolve to them."""

    def __init__(self, doc: Any, mentions: list[Mention], gazetteer: Gazetteer, day: date | None,
                 home: str | Publisher | None, known: Cast | None = None, common_words: frozenset[str] | None = None,
                 title_case: bool = False) -> None:
        self.doc = doc
        #: English common words (:func:`kg.extract.nlp.common_words`): a one-word "name" among them is none
        self.common_words = common_words if common_words is not None else _default_common_words()
        self.gazetteer = gazetteer
        self.day = day
        self.publisher = home if isinstance(home, Publisher) else Publisher(country=home)
        self.home = self.publisher.country
        # in a text in Title Case ("Ruritania Welcomes President X") capitals mark no portfolio words
        self.mentions = compose_titles(doc, mentions, gazetteer, portfolios=not title_case)
        self.at: dict[int, Mention] = {}
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                self.at[i] = mention
        self.cast = Cast()
        if known is not None:
            for person in known.people:
                self.cast.people.append(Person(name=person.name, qid=person.qid, posts=list(person.posts),
                                               canonical_titles=set(person.canonical_titles), first_token=-1,
                                               unplaced_titles=list(person.unplaced_titles)))
        #: tokens naming someone by a title they no longer hold: not officials of the article
        self.past: set[int] = set()
        #: titles read with a name: title start -> person index
        self.titled: dict[int, int] = {}
        #: titles waiting for the name of the title after them ("Vice President and Vice Chairman X",
        #: "Press Secretary Rear Admiral X"): start of the later title -> [(title, its country)]
        self.coordinated: dict[int, list[tuple[Mention, Mention | None, str]]] = {}
        #: a country said once for a list of titles ("Ruritanian President A and Premier B")
        self.shared_body: dict[int, Mention] = {}
        self.pending: list[Pending] = []
        self.sentence_of: dict[int, int] = {}
        for number, sentence in enumerate(doc.sents):
            for i in range(sentence.start, sentence.end):  # indices alone: no Token objects built
                self.sentence_of[i] = number
        self.bodies = PostBodies(doc, self.at, gazetteer, self.cast)
        self.names = NameSpans(doc, self.at, gazetteer, self.cast, self.bodies, self.common_words)

    def category(self, key: str) -> str | None:
        return title_category(self.gazetteer, key)

    def title_category_of(self, title: Mention) -> str | None:
        """The category of the title as written ("Secretary General of NATO": an organisation's
        head), else of its canonical form."""
        entry = self.gazetteer.title_entry(title.text)
        return entry.category if entry is not None else self.category(title.key)

    # -- building the cast ------------------------------------------------------------
    def _title_text(self, title: Mention) -> str:
        """The title as the text writes it when capitalised, else the gazetteer's form."""
        if title.form == COUNTERPART or title.text[:1].isupper() and not title.plural:
            return title.text
        written = self.gazetteer.title_entry(title.key)
        return written.title if written else title.key

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
                     suffix: str = "", source: str = "text") -> int | None:
        name = self.names.name_text(start, end)
        if not name_tokens(name):
            return None
        sentence = self.sentence_of.get(start, 0)
        weak = source != "text"  # a country said for another title of the list: the gazetteer's word wins
        of = body.key if body is not None and body.kind != "region" and not weak else None
        full, qid, holder_of = self._holder(name, title, of)
        if holder_of is not None and title is not None and (body is None or weak):
            of_kind = "country" if self.gazetteer.country(holder_of) else "organization"
            body, source = Mention(start, start, of_kind, holder_of, "holder", holder_of), "holder"
        index = self._register(full, qid, start, title)
        for i in range(start, end):
            self.cast.token_person[i] = index
        if title is not None:
            self.titled[title.start] = index
            self.give_title(index, title, body, sentence, suffix, source)
        return index

    def _register(self, name: str, qid: str | None, start: int, title: Mention | None) -> int:
        """The person of this name, or a new one where a bare surname's title says it is somebody else:
        "Prime Minister Smith" is not the "Foreign Secretary Jane Smith" met before."""
        index = self.cast.find(name)
        if index is not None and title is not None and len(name_tokens(name)) == 1 \
                and self.title_category_of(title) in PERSONAL_CATEGORIES:
            person = self.cast.people[index]
            titles = {p.canonical for p in person.posts} | person.canonical_titles
            if titles and title.key not in titles:
                self.cast.people.append(Person(name=name, qid=qid, first_token=start))
                return len(self.cast.people) - 1
        return self.cast.register(name, qid, start)

    def give_title(self, index: int, title: Mention, body: Mention | None, sentence: int, suffix: str = "",
                   source: str = "text") -> None:
        person = self.cast.people[index]
        text = self._title_text(title) + suffix
        if body is not None and body.kind != "region":
            kind = "country" if body.kind == "country" else "organization"
            person.add_post(PostRecord(text, title.key, kind, body.key, sentence, source))
        elif title.form == COUNTERPART:
            # the other side's equivalent post, of a country the phrase does not say
            person.canonical_titles.add(title.key)
            if not any(u.canonical == title.key for u in person.unplaced_titles):
                person.unplaced_titles.append(UnplacedTitle(text, title.key, sentence, title.start, "other-side"))
        else:
            person.canonical_titles.add(title.key)
            self.pending.append(Pending(index, title, sentence, text))


def _default_common_words() -> frozenset[str]:
    from kg.extract.nlp import common_words

    return common_words()
