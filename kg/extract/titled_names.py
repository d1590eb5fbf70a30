"""Titled names: a title of office with the name it introduces.

"Ruritanian Foreign Minister Jane Doe", "President of the Republic of Ruritania John Roe",
"the Foreign Secretary, Jane Doe,"; coordinated and stacked titles ("Vice President and
Vice Chairman of the Council Jane Doe", "Press Secretary Rear Admiral John Roe"); a country
said once for two titles ("Ruritanian President A and Premier B"); plural titles over
lists ("Prime Ministers Doe and Roe", "the presidents of Ruritania, Jane Doe, Freedonia's
John Roe, and Sylvania's Ann Poe"); counterparts ("his Ruritanian counterpart Jane Doe").
"""

from __future__ import annotations

from kg.extract.cast import PostRecord
from kg.extract.cast_reading import CastReading
from kg.extract.mentions import Mention
from kg.extract.name_spans import POSSESSIVE
from kg.extract.names import is_name_token
from kg.extract.titles import COUNTERPART


class TitledNames:
    """Reads every title mention with the name after it (see the module docstring)."""

    def __init__(self, finder: CastReading) -> None:
        self.finder = finder
        self.doc = finder.doc
        self.at = finder.at
        self.cast = finder.cast
        self.gazetteer = finder.gazetteer
        self.names = finder.names
        self.bodies = finder.bodies

    def read(self) -> None:
        for title in [m for m in self.finder.mentions if m.kind == "title"]:
            self.read_title(title)

    def read_title(self, title: Mention) -> None:
        doc = self.doc
        if title.key == COUNTERPART:
            self.read_counterpart(title)
            return
        body = self.bodies.body_before(title)
        source = "text"
        start_of_phrase = title.start if body is None else min(title.start, body.start)
        after = title.end
        suffix = ""
        of_body, after_of = self.bodies.body_after_of(after)
        if of_body is not None:
            if doc[after].lower_ in ("to", "for"):
                suffix = f" {doc[after].text} {of_body.text}"
            elif body is None or body.form == "capital":
                body = of_body  # "President of the Republic of Ruritania" outranks "in the capital"
            after = after_of
            self.cast.consume(of_body)
        if body is not None and body.form == "capital":
            body = None  # "Kremlin spokesman" names a place, "Washington Post" a paper: not a post's country
        if body is None:
            body = self.bodies.body_in_title(title)
        if body is not None:
            self.cast.consume(body)
        elif title.start in self.finder.shared_body:
            body, source = self.finder.shared_body[title.start], "list"
        self.cast.consume(title)
        if not title.plural and after + 1 < len(doc):
            following = self.at.get(after + 1) if doc[after].lower_ == "and" else self.at.get(after)
            if following is not None and following.kind == "title" and not following.plural \
                    and following.start in (after, after + 1) and following.key != COUNTERPART:
                # "Vice President and Vice Chairman ... X", "Press Secretary Rear Admiral X"
                self.finder.coordinated.setdefault(following.start, []).append((title, body, source))
                if body is not None and following.start not in self.finder.shared_body:
                    self.finder.shared_body[following.start] = body
                return
        if title.plural:
            self.read_name_list(title, body, after, self.bodies.held_in_the_past(start_of_phrase))
            return
        lower_case = not doc[title.start].text[:1].isupper()
        span: tuple[int, int] | None = None
        if after < len(doc) and doc[after].text == ",":
            span = self.names.name_after_comma(after, title)
        elif lower_case and after < len(doc) and not is_name_token(doc[after]):
            return  # "the president" without a name is a later mention, read by the event reader
        else:
            span = self.names.name_after(after, after_title=True)
        complement_body = None
        if span is None:
            span, suffix, complement_body = self.names.name_after_complement(title, after, suffix)
        if span is None:
            return
        start, end = span
        if not self.names.plausible_name(start, end):
            return
        if self.bodies.held_in_the_past(start_of_phrase):
            self.finder.past.update(range(start, end))
            return
        if body is None and complement_body is not None:
            body = complement_body
        if body is None:
            body = self.bodies.body_after_name(end)
        index = self.finder.add_official(start, end, title, body, suffix, source)
        if index is None:
            return
        for earlier, earlier_body, earlier_source in self.finder.coordinated.pop(title.start, []):
            self.finder.titled[earlier.start] = index
            self.finder.give_title(index, earlier, earlier_body or body, self.finder.sentence_of.get(start, 0),
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
        if self.bodies.body_before(following) is None:
            self.finder.shared_body[following.start] = body

    def read_name_list(self, title: Mention, body: Mention | None, i: int, past: bool) -> None:
        """'Prime Ministers A and B' / 'Presidents A of Ruritania and B of Freedonia' / 'the presidents of
        Ruritania, A, Freedonia's B, and Sylvania's C'."""
        doc = self.doc
        if title.end < len(doc) and doc[title.end].lower_ == "of" \
                and self.read_distributed_list(title, title.end + 1, past):
            return
        while i < len(doc):
            span = self.names.name_after(i)
            if span is None:
                return
            start, end = span
            i = end
            own = None
            tail, after_tail = self.bodies.body_after_of(i)
            if tail is not None and doc[i].lower_ == "of" and tail.kind == "country" and after_tail > i:
                own, i = tail, after_tail  # "Presidents A of Ruritania and B of Freedonia"
                self.cast.consume(tail)
            if past:
                self.finder.past.update(range(start, end))
            elif self.names.plausible_name(start, end):
                self.finder.add_official(start, end, title, own or body)
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
            if j < len(doc) and doc[j].text in (*POSSESSIVE, ","):
                j += 1
            else:
                break
            span = self.names.name_after(j)
            if span is None or not self.names.plausible_name(*span):
                break
            self.cast.consume(country)
            if past:
                self.finder.past.update(range(*span))
            else:
                self.finder.add_official(span[0], span[1], title, country)
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
        body = self.bodies.body_before(title)
        if body is not None and body.form == "capital":
            body = None
        after = title.end
        if title.plural:
            self.read_name_list(title, body, after, False)
            return
        comma = after < len(doc) and doc[after].text == ","
        span = self.names.name_after_comma(after) if comma else self.names.name_after(after)
        if span is None or not self.names.plausible_name(*span):
            return
        referent = self._title_of_referent(title.start)
        as_title = Mention(title.start, title.end, "title", referent.canonical if referent else COUNTERPART,
                           COUNTERPART, referent.title if referent else title.text)
        if body is not None:
            self.cast.consume(body)
        self.cast.consume(title)
        self.finder.add_official(span[0], span[1], as_title, body)

    def _title_of_referent(self, i: int) -> PostRecord | None:
        """The post of the official a counterpart is the counterpart of: the last one named before it in
        the sentence ('President A and his Ruritanian counterpart B': a president)."""
        sentence = self.doc[i].sent
        for k in range(i - 1, sentence.start - 1, -1):
            person = self.cast.token_person.get(k)
            if person is not None and self.cast.people[person].posts:
                return self.cast.people[person].posts[0]
        return None

