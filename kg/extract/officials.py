"""Officials: named people with titles of office, their posts, and later mentions of them.

Reads one annotated document and its mentions (with the titles of :mod:`kg.extract.titles`)
and finds:

- titled names: "Ruritanian Foreign Minister Jane Doe", "President of the Republic of
  Ruritania John Roe", "Foreign Minister Doe of Ruritania", "Prime Ministers Doe and Roe",
  "Deputy Minister of Trade, Industry and Energy, John Roe";
- a title, a comma, a name: "the Foreign Secretary, Jane Doe," and "Title of X, Name";
- appositions and copulas: "Jane Doe, the Ruritanian ambassador to Freedonia", "Jane Doe,
  deputy minister for the Ruritanian Ministry of Trade", "Jane Doe is Ruritania's minister
  of information";
- coordinated and stacked titles: "Vice President and Vice Chairman of the Council Jane
  Doe", "Press Secretary Rear Admiral John Roe"; a country said once for a list: "Ruritanian
  President A and Premier B";
- plural titles over lists: "the presidents of Ruritania, Jane Doe, Freedonia's John Roe,
  and Sylvania's Ann Poe", "Presidents Doe of Ruritania and Roe of Freedonia";
- counterparts: "his Ruritanian counterpart Jane Doe";
- known office holders from the gazetteer ("Chancellor Merz" in 2025 is Friedrich Merz);
- later mentions: "Mr Doe", "Doe", "the Secretary", "the President of Ruritania".

Titles held in the past ("former", "then-", "the late") give no official. A title whose
country the phrase does not give is placed by :mod:`kg.extract.posts`, or left on the
person as an unplaced title. :func:`read_headline` reads the headline the same way.

The result is a :class:`Cast`: the people of the article, each with posts, and for every
token that names one of them, which one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kg.extract.cast import Cast, Person, PostRecord, UnplacedTitle
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention
from kg.extract.names import HONORIFICS, NOT_NAMES, PARTICLES, fold, is_name_token, name_tokens
from kg.extract.posts import NATIONAL_CATEGORIES, ORGANIZATION_CATEGORIES, PERSONAL_CATEGORIES, Pending, PostPlacer
from kg.extract.publisher import Publisher
from kg.extract.titles import COUNTERPART, compose_titles, title_category

INSTITUTIONS = {"ministry", "department", "embassy", "government", "office", "mission", "delegation", "foreign",
                "state", "presidential", "national", "armed", "bureau", "parliament", "senate", "congress"}
#: words before a title that say its holder no longer holds it ("former", "then-", "the late", "ex-")
PAST_WORDS = {"former", "then", "late", "ex", "erstwhile", "onetime", "one-time", "previous"}
#: verbs that give a name its title as a predicate: "X is Ruritania's minister of information"
COPULAS = {"is", "became", "becomes", "remains", "serves", "was named", "was appointed", "was elected",
           "has been", "is now"}
#: function words that can be a family name right after a title ("President To ...")
_CAPITAL_FUNCTION_WORDS = {"to", "an", "do", "ha", "la", "le", "ma", "ho", "so", "by"}
_POSSESSIVE = ("’s", "'s", "'", "’")
_COMPLEMENT = ("for", "of", "to", "on", "in")
#: the small words a title's complement is made of besides its capitalised ones
_CONNECTIVES = frozenset({"of", "for", "and", "the", "on", "to", "in", "&"})


class OfficialFinder:
    """Finds the officials of one document (see the module docstring).

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
            for token in sentence:
                self.sentence_of[token.i] = number

    # -- passes ----------------------------------------------------------------------------
    def find(self) -> Cast:
        for title in [m for m in self.mentions if m.kind == "title"]:
            self.read_title(title)
        self.read_appositions()
        self.read_copulas()
        self.read_untitled_names()
        PostPlacer(self.doc, self.at, self.cast, self.gazetteer, self.publisher, self.day,
                   self.title_category_of).place(self.pending)
        self.read_later_mentions()
        self.read_unnamed_titles()
        for mention in self.mentions:
            if mention.kind == "organization" and mention.key not in self.cast.organization_country:
                country = self.government_of(mention.key)
                if country is not None:
                    self.cast.organization_country[mention.key] = country
        return self.cast

    def category(self, key: str) -> str | None:
        return title_category(self.gazetteer, key)

    def title_category_of(self, title: Mention) -> str | None:
        """The category of the title as written ("President of the European Council": an organisation's
        head), else of its canonical form."""
        entry = self.gazetteer.title_entry(title.text)
        return entry.category if entry is not None else self.category(title.key)

    # -- names -------------------------------------------------------------------------------
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
        if end < len(doc) and doc[end].text in _POSSESSIVE:
            return None  # "the Minister, Jane Doe's husband"
        if end + 1 < len(doc) and doc[end].text == ",":
            k = end + 1
            while k < len(doc) and (doc[k].lower_ in ("the", "a", "an") or doc[k].text in _POSSESSIVE
                                    or k in self.at and self.at[k].kind in ("country", "organization")):
                k += 1
            following = self.at.get(k)
            if following is not None and following.kind == "title" and not following.plural \
                    and (title is None or following.key == title.key):
                return None  # "of the President of A, Jane Doe, the President of B": Jane Doe is B's
        return span

    # -- the country of a post ------------------------------------------------------------------
    def body_before(self, title: Mention) -> Mention | None:
        """'US' / 'French' / "Russia's" / 'UN' / 'Ruritania:' right before a title ("Ruritania's UN
        Ambassador": Ruritania)."""
        doc = self.doc
        i = title.start - 1
        if i >= 2 and doc[i].text == ")":  # "Republic of Korea (ROK) First Vice Foreign Minister"
            opening = next((k for k in range(i - 1, max(i - 6, -1), -1) if doc[k].text == "("), None)
            if opening is not None:
                i = opening - 1
        # "Ruritania's Minister"; a list of delegations: "- Ruritania: Foreign Minister Jane Doe"
        if i >= 0 and doc[i].text in _POSSESSIVE or i >= 1 and doc[i].text == ":":
            i -= 1
        mention = self.at.get(i)
        if mention is None or mention.kind not in ("country", "organization") or mention.end != i + 1:
            return None
        government = self.government_of(mention.key) if mention.kind == "organization" else None
        if government is not None:  # "State Department spokesperson": a post of the United States
            return Mention(mention.start, mention.end, "country", government, "name", mention.text)
        if mention.kind == "organization":
            k = mention.start - 1
            if k >= 0 and doc[k].text in _POSSESSIVE:
                k -= 1
            outer = self.at.get(k)
            if outer is not None and outer.kind == "country" and outer.form != "capital":
                return outer  # "Ruritania's UN Ambassador": Ruritania's post at the UN
        return mention

    def body_after_of(self, i: int) -> tuple[Mention | None, int]:
        """'of Russia' / 'of the Republic of Finland' / 'to India' at token i: (mention, next token). A
        country's adjective there ('of the Ruritanian Assembly') starts a longer complement: then the
        mention and i itself, for the complement to be read on."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ in ("of", "to", "for"):
            j = i + 1
            while j < len(doc) and (doc[j].lower_ == "the" or doc[j].is_space):
                j += 1
            mention = self.at.get(j)
            if mention is not None and mention.start == j and mention.kind in ("country", "organization", "region"):
                if mention.kind == "country" and mention.form == "adjective":
                    return mention, i
                return mention, mention.end
        return None, i

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
        """The country a name is followed by: 'Doe of Ruritania', 'Jane Doe (Ruritania)',
        'Jane Doe, Ruritanian Ministry of Foreign Affairs', 'Jane Doe, ..., U.S. Department of State'."""
        doc = self.doc
        tail_body, _ = self.body_after_of(end)
        if tail_body is not None and end < len(doc) and doc[end].lower_ == "of" and tail_body.kind != "region":
            self.cast.consumed.update(range(tail_body.start, tail_body.end))
            return tail_body
        k = end
        while k < min(len(doc), end + 25) and doc[k].text not in (",", ".", ";", ":") and (
                doc[k].text == "(" or doc[k].lower_ in ("and", "of", "the", "for") or doc[k].text[:1].isupper()
                or (k in self.at and self.at[k].kind == "title")):
            # "Jane Doe (Ruritania)"; "A and Minister ... Jane Doe (Ruritania)"
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

    def body_in_complement(self, start: int, end: int) -> Mention | None:
        """The country a title's complement names: 'Chairman of the Ruritanian Assembly', 'Member of the
        Bureau of the Party of Ruritania', 'Deputy Chairman of the Party in Ruritania'."""
        for k in range(start, end):
            mention = self.at.get(k)
            if mention is not None and mention.kind == "country" and mention.form != "capital":
                return mention
        return None

    def body_in_title(self, title: Mention) -> Mention | None:
        """An organisation a title of the gazetteer names itself: 'President of the European Council'."""
        match = re.search(r" of (?:the )?(.+)$", title.text)
        key = self.gazetteer.organization_surface_forms().get(match.group(1)) if match else None
        if key is None:
            return None
        return Mention(title.start, title.end, "organization", key, "name", title.text)

    def held_in_the_past(self, start: int) -> bool:
        """'former President X', 'then-President X', 'the late King X', "ex-Foreign Minister X": the words
        right before a title (or its country) say its holder has left the post."""
        doc = self.doc
        i = start - 1
        while i >= 0 and doc[i].text in ("-", "‑", "–"):
            i -= 1
        return i >= 0 and doc[i].lower_ in PAST_WORDS

    # -- posts ---------------------------------------------------------------------------
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
        name = self.name_text(start, end)
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

    # -- titled names ---------------------------------------------------------------------------
    def read_title(self, title: Mention) -> None:
        doc = self.doc
        if title.key == COUNTERPART:
            self.read_counterpart(title)
            return
        body = self.body_before(title)
        source = "text"
        start_of_phrase = title.start if body is None else min(title.start, body.start)
        after = title.end
        suffix = ""
        of_body, after_of = self.body_after_of(after)
        if of_body is not None:
            if doc[after].lower_ in ("to", "for"):
                suffix = f" {doc[after].text} {of_body.text}"
            elif body is None or body.form == "capital":
                body = of_body  # "President of the Republic of Ruritania" outranks "in the capital"
            after = after_of
            self.cast.consumed.update(range(of_body.start, of_body.end))
        if body is not None and body.form == "capital":
            body = None  # "Kremlin spokesman" names a place, "Washington Post" a paper: not a post's country
        if body is None:
            body = self.body_in_title(title)
        if body is not None:
            self.cast.consumed.update(range(body.start, body.end))
        elif title.start in self.shared_body:
            body, source = self.shared_body[title.start], "list"
        self.cast.consumed.update(range(title.start, title.end))
        if not title.plural and after + 1 < len(doc):
            following = self.at.get(after + 1) if doc[after].lower_ == "and" else self.at.get(after)
            if following is not None and following.kind == "title" and not following.plural \
                    and following.start in (after, after + 1) and following.key != COUNTERPART:
                # "Vice President and Vice Chairman ... X", "Press Secretary Rear Admiral X"
                self.coordinated.setdefault(following.start, []).append((title, body, source))
                if body is not None and following.start not in self.shared_body:
                    self.shared_body[following.start] = body
                return
        if title.plural:
            self.read_name_list(title, body, after, self.held_in_the_past(start_of_phrase))
            return
        lower_case = not doc[title.start].text[:1].isupper()
        span: tuple[int, int] | None = None
        if after < len(doc) and doc[after].text == ",":
            span = self.name_after_comma(after, title)
        elif lower_case and after < len(doc) and not is_name_token(doc[after]):
            return  # "the president" without a name is a later mention, read by the event reader
        else:
            span = self.name_after(after, after_title=True)
        complement_body = None
        if span is None:
            span, suffix, complement_body = self.name_after_complement(title, after, suffix)
        if span is None:
            return
        start, end = span
        if not self.plausible_name(start, end):
            return
        if self.held_in_the_past(start_of_phrase):
            self.past.update(range(start, end))
            return
        if body is None and complement_body is not None:
            body = complement_body
        if body is None:
            body = self.body_after_name(end)
        index = self.add_official(start, end, title, body, suffix, source)
        if index is None:
            return
        for earlier, earlier_body, earlier_source in self.coordinated.pop(title.start, []):
            self.titled[earlier.start] = index
            self.give_title(index, earlier, earlier_body or body, self.sentence_of.get(start, 0),
                            source=earlier_source if earlier_body is not None else source)
        if source == "text" and body is not None and body.start < title.start:
            self.share_forward(end, title, body)

    def share_forward(self, end: int, title: Mention, body: Mention) -> None:
        """'Ruritanian President A and Premier B', 'Ruritanian Foreign Minister A, Defence Minister B':
        a country said before the first title of a list holds for the next title that has none,
        unless it is the same title (two presidents are two countries')."""
        doc = self.doc
        if end >= len(doc) or doc[end].lower_ != "and":
            return  # longer lists are the placer's (a neighbour's country, when they have none of their own)
        i = end + 1
        following = self.at.get(i)
        if following is None or following.kind != "title" or following.start != i \
                or following.plural or following.key in (title.key, COUNTERPART):
            return
        if self.body_before(following) is None:
            self.shared_body[following.start] = body

    def name_after_complement(self, title: Mention, i: int, suffix: str) \
            -> tuple[tuple[int, int] | None, str, Mention | None]:
        """The name after a title's complement: 'Under Secretary for Growth, Energy, and the Environment
        Jane Doe', 'Deputy Minister of Trade, Industry and Energy, Jane Doe', 'Member of the Bureau of the
        Party of Ruritania Jane Doe'. The complement runs over capitalised words, connectives and commas
        up to the name: the last run of name words that are not words of titles or bodies."""
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ not in _COMPLEMENT:
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
            if token.text in (",", *_POSSESSIVE) or token.lower_ in _CONNECTIVES or token.is_space \
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
                and not self.title_word(doc[k - 1]):
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
        if len(name_tokens(self.name_text(*span))) < 2 and not persons:
            return None, suffix, None
        phrase = re.sub(r"\s*\([^)]*\)\s*", " ", doc[i:k].text).strip(" ,")
        body = self.body_in_complement(i, k) if doc[i].lower_ in ("of", "in") else None
        if body is not None:
            self.cast.consumed.update(range(body.start, body.end))
        return span, f" {phrase}", body

    def read_name_list(self, title: Mention, body: Mention | None, i: int, past: bool) -> None:
        """'Prime Ministers A and B' / 'Presidents A of Ruritania and B of Freedonia' / 'the presidents of
        Ruritania, A, Freedonia's B, and Sylvania's C'."""
        doc = self.doc
        if title.end < len(doc) and doc[title.end].lower_ == "of" \
                and self.read_distributed_list(title, title.end + 1, past):
            return
        while i < len(doc):
            span = self.name_after(i)
            if span is None:
                return
            start, end = span
            i = end
            own = None
            tail, after_tail = self.body_after_of(i)
            if tail is not None and doc[i].lower_ == "of" and tail.kind == "country" and after_tail > i:
                own, i = tail, after_tail  # "Presidents A of Ruritania and B of Freedonia"
                self.cast.consumed.update(range(tail.start, tail.end))
            if past:
                self.past.update(range(start, end))
            elif self.plausible_name(start, end):
                self.add_official(start, end, title, own or body)
            if i < len(doc) and doc[i].text == ",":
                i += 1
            if i < len(doc) and doc[i].lower_ == "and":
                i += 1
            elif i < len(doc) and doc[i - 1].text != ",":
                return

    def read_distributed_list(self, title: Mention, i: int, past: bool) -> bool:
        """'the presidents of Ruritania, A, Freedonia's B, and Sylvania's C': items of a country and a
        name. Reads them from token i (after 'of'); True when it found at least one."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        found = False
        while i < len(doc):
            country = self.at.get(i)
            if country is None or country.kind != "country" or country.start != i:
                break
            j = country.end
            if j < len(doc) and doc[j].text in (*_POSSESSIVE, ","):
                j += 1
            else:
                break
            span = self.name_after(j)
            if span is None or not self.plausible_name(*span):
                break
            self.cast.consumed.update(range(country.start, country.end))
            if past:
                self.past.update(range(*span))
            else:
                self.add_official(span[0], span[1], title, country)
            found = True
            i = span[1]
            if i < len(doc) and doc[i].text == ",":
                i += 1
            if i < len(doc) and doc[i].lower_ == "and":
                i += 1
        return found

    def read_counterpart(self, title: Mention) -> None:
        """'his Ruritanian counterpart Jane Doe', "Freedonia's counterpart, Jane Doe": the other side's holder
        of the same post, of the country the phrase names."""
        doc = self.doc
        body = self.body_before(title)
        if body is not None and body.form == "capital":
            body = None
        after = title.end
        if title.plural:
            self.read_name_list(title, body, after, False)
            return
        comma = after < len(doc) and doc[after].text == ","
        span = self.name_after_comma(after) if comma else self.name_after(after)
        if span is None or not self.plausible_name(*span):
            return
        referent = self._title_of_referent(title.start)
        as_title = Mention(title.start, title.end, "title", referent.canonical if referent else COUNTERPART,
                           COUNTERPART, referent.title if referent else title.text)
        if body is not None:
            self.cast.consumed.update(range(body.start, body.end))
        self.cast.consumed.update(range(title.start, title.end))
        self.add_official(span[0], span[1], as_title, body)

    def _title_of_referent(self, i: int) -> PostRecord | None:
        """The post of the official a counterpart is the counterpart of: the last one named before it in
        the sentence ('President A and his Ruritanian counterpart B': a president)."""
        sentence = self.doc[i].sent
        for k in range(i - 1, sentence.start - 1, -1):
            person = self.cast.token_person.get(k)
            if person is not None and self.cast.people[person].posts:
                return self.cast.people[person].posts[0]
        return None

    # -- names with their title after them ------------------------------------------------------------
    def _names_before_commas(self) -> list[tuple[int, int]]:
        """Names followed by a comma: the model's people, and runs of two name words or more right
        before a comma and a title (names the model misses)."""
        doc = self.doc
        spans = [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "PERSON"]
        for mention in self.mentions:
            if mention.kind != "title":
                continue
            k = mention.start - 1
            while k >= 0 and (doc[k].lower_ in ("the", "a", "an") or doc[k].text in _POSSESSIVE
                              or k in self.at and self.at[k].kind in ("country", "organization")):
                k -= 1
            if k < 1 or doc[k].text != ",":
                continue
            end = start = k
            while start > 0 and end - start < 5 and is_name_token(doc[start - 1]) and (start - 1) not in self.at:
                start -= 1
            while start < end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if len(name_tokens(self.name_text(start, end))) >= 2 and (start, end) not in spans:
                spans.append((start, end))
        return sorted(set(spans))

    def read_appositions(self) -> None:
        """'Jane Doe, the US ambassador to Ruritania' / "Jane Doe, Ruritania's Foreign Minister" /
        'Jane Doe, deputy minister for the Ruritanian Ministry of Trade'."""
        doc = self.doc
        for ent_start, end in self._names_before_commas():
            if end + 1 >= len(doc) or doc[end].text != ",":
                continue
            i = end + 1
            if doc[i].lower_ in ("the", "a", "an"):
                i += 1
            if i < len(doc) and doc[i].lower_ in PAST_WORDS:  # "X, the former ambassador": not an official now
                if not any(t in self.cast.token_person for t in range(ent_start, end)):
                    self.past.update(range(ent_start, end))
                continue
            body: Mention | None = None
            mention = self.at.get(i)
            if mention is not None and mention.kind in ("country", "organization") and mention.start == i:
                body = mention
                i = mention.end
                if i < len(doc) and doc[i].text in _POSSESSIVE:
                    i += 1
            title = self.at.get(i)
            if title is None or title.kind != "title" or title.start != i or title.key == COUNTERPART \
                    or title.plural or title.start in self.titled:
                continue
            if doc[title.end - 1].dep_ in ("nsubj", "nsubjpass"):
                continue  # "In a meeting with Jane Doe, the Secretary-General said": a new clause's subject
            suffix = ""
            of_body, after_title = self.body_after_of(title.end)
            following = after_title
            while following + 1 < len(doc) and doc[following].lower_ == "and" and \
                    following + 1 in self.at and self.at[following + 1].kind == "title":
                following = self.at[following + 1].end  # "X, Vice President and Foreign Minister Y"
            if self.name_after(following) is not None:
                continue  # "X, Ruritanian Foreign Minister Y": the title belongs to Y
            if following < len(doc) and doc[following].text == "," and self.name_after_comma(following):
                continue  # "A, the President of Ruritania, B": a list of titled names
            if of_body is not None:
                if doc[title.end].lower_ in ("to", "for"):
                    if of_body.kind == "country" and of_body.form == "adjective" and of_body.end < len(doc) \
                            and doc[of_body.end].lower_ in INSTITUTIONS and body is None:
                        body = of_body  # "deputy minister for the Ruritanian Ministry of Trade"
                    else:
                        suffix = f" {doc[title.end].text} {of_body.text}"
                elif body is None:
                    body = of_body
            if body is None and title.end < len(doc) and doc[title.end].lower_ in ("of", "in"):
                body = self.body_in_complement(title.end, min(len(doc), title.end + 12))
            start = ent_start
            while start < end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if start < end:
                self.cast.consumed.update(range(title.start, title.end))
                if body is not None:
                    self.cast.consumed.update(range(body.start, body.end))
                self.add_official(start, end, title, body, suffix)

    def read_copulas(self) -> None:
        """'Jane Doe is Ruritania's minister of information', 'Jane Doe became the Ruritanian envoy'."""
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.end + 2 >= len(doc):
                continue
            i = ent.end
            verb = doc[i].lower_
            if f"{verb} {doc[i + 1].lower_}" in COPULAS:
                i += 2
            elif verb in COPULAS:
                i += 1
                if verb == "serves" and i < len(doc) and doc[i].lower_ == "as":
                    i += 1
            else:
                continue
            if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
                i += 1
            if i < len(doc) and doc[i].lower_ in PAST_WORDS:
                continue
            body = None
            mention = self.at.get(i)
            if mention is not None and mention.kind in ("country", "organization") and mention.start == i:
                body, i = mention, mention.end
                if i < len(doc) and doc[i].text in _POSSESSIVE:
                    i += 1
            title = self.at.get(i)
            if title is None or title.kind != "title" or title.start != i or title.plural \
                    or title.key == COUNTERPART or title.start in self.titled:
                continue
            if body is None:
                of_body, _ = self.body_after_of(title.end)
                if of_body is not None and doc[title.end].lower_ == "of":
                    body = of_body
            start = ent.start
            while start < ent.end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if start < ent.end:
                self.cast.consumed.update(range(title.start, title.end))
                self.add_official(start, ent.end, title, body)

    # -- names without titles ------------------------------------------------------------------
    def read_untitled_names(self) -> None:
        """Names without a title: known office holders, or people already met in the article."""
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or any(i in self.cast.token_person for i in range(ent.start, ent.end)):
                continue
            start = ent.start
            while start < ent.end and self.doc[start].text.lower() in HONORIFICS:
                start += 1
            if start >= ent.end or any(i in self.at or i in self.past for i in range(start, ent.end)):
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
                                               self.sentence_of.get(start, 0), "holder"))
            for i in range(start, ent.end):
                self.cast.token_person[i] = index

    def _has_honorific(self, i: int) -> bool:
        return i > 0 and self.doc[i - 1].text.lower() in HONORIFICS

    def read_later_mentions(self) -> None:
        """'Mr Doe', 'Doe', 'Secretary Doe' after the full name; one-word names matched by surname."""
        doc = self.doc
        for token in doc:
            if token.i in self.cast.token_person or token.i in self.at or token.i in self.past:
                continue
            if not token.text[:1].isupper() or token.text.lower() in NOT_NAMES:
                continue
            if token.ent_type_ != "PERSON" and not self._has_honorific(token.i):
                continue
            text = re.sub(r"[’']s$", "", token.text)
            index = self.cast.find(text)
            if index is not None and len(name_tokens(text)) == 1:
                self.cast.token_person[token.i] = index

    def read_unnamed_titles(self) -> None:
        """'the Secretary', 'the President of Ruritania', 'the Prime Minister': the one person of the article
        who holds that title; else the country of the office (the named one, or the publisher's); else, on
        an organisation's site, the organisation. An unnamed title is no official of its own."""
        doc = self.doc
        for title in self.mentions:
            if title.kind != "title" or title.plural or title.start == 0 or title.start in self.cast.token_person \
                    or title.key == COUNTERPART:
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
            if len(holders) == 1:
                for i in range(title.start, title.end):
                    self.cast.token_person[i] = holders[0]
                continue
            if holders:
                continue
            category = self.title_category_of(title)
            if (wanted or self.home) and category in NATIONAL_CATEGORIES:
                for i in range(title.start, title.end):
                    self.cast.title_country[i] = str(wanted or self.home)
            elif not wanted and self.publisher.organization and category in ORGANIZATION_CATEGORIES:
                for i in range(title.start, title.end):
                    self.cast.title_organization[i] = self.publisher.organization


def _default_common_words() -> frozenset[str]:
    from kg.extract.nlp import common_words

    return common_words()


def read_headline(headline: str, body_text: str, gazetteer: Gazetteer, day: date | None,
                  publisher: str | Publisher | None, model: str | None = None) -> Cast:
    """The officials a headline names, as a cast to pass as `known` to the body's :class:`OfficialFinder`
    (their later mentions in the body then resolve to them).

    A headline is read like a sentence of the body, with one caution: in a headline written in Title
    Case every word is capitalised, so a name there counts only when the body text writes each of its
    words capitalised too, or the gazetteer knows it. Its posts have source "headline": their evidence is the headline,
    not a body sentence."""
    from kg.extract.mentions import find_mentions
    from kg.extract.nlp import annotate

    doc = annotate(headline, model)
    title_case = _is_title_case(headline)
    found = OfficialFinder(doc, find_mentions(doc), gazetteer, day, publisher, title_case=title_case).find()
    capitalised = {fold(w) for w in re.findall(r"(?<![.!?]\s)\b[^\W\d_a-z][\w’'-]*", body_text)}
    out = Cast()
    for person in found.people:
        tokens = name_tokens(person.name)
        if title_case and not (tokens and all(t in capitalised for t in tokens)) \
                and not gazetteer.holders_named(person.name):
            continue
        if not person.posts and not person.unplaced_titles:
            continue
        posts = [PostRecord(p.title, p.canonical, p.of_kind, p.of_key, 0, "headline") for p in person.posts]
        out.people.append(Person(name=person.name, qid=person.qid, posts=posts,
                                 canonical_titles=set(person.canonical_titles), first_token=-1,
                                 unplaced_titles=[UnplacedTitle(u.title, u.canonical, 0, -1, u.reason)
                                                  for u in person.unplaced_titles]))
    return out


_FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with",
                             "by", "from", "as", "vs", "via", "into", "over", "his", "her", "its", "their", "our",
                             "is", "are", "be"})


def _is_title_case(text: str) -> bool:
    """'Secretary Meets Foreign Minister': every word but function words capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if w.lower() not in _FUNCTION_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)
