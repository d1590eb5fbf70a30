"""Appositions and copulas: a name with its title after it.

"Jane Doe, the Ruritanian ambassador to Freedonia", "Jane Doe, Ruritania's Foreign
Minister", "Jane Doe, deputy minister for the Ruritanian Ministry of Trade"; "Jane Doe
is Ruritania's minister of information". Not a fronted phrase before a clause ("In a
meeting with Jane Doe, the Secretary-General said"), nor the first of a list of titled
names ("A, the President of Ruritania, B").
"""

from __future__ import annotations

from kg.extract.cast_reading import CastReading
from kg.extract.mentions import Mention
from kg.extract.name_spans import POSSESSIVE
from kg.extract.names import HONORIFICS, is_name_token, name_tokens
from kg.extract.post_bodies import INSTITUTIONS, PAST_WORDS
from kg.extract.titles import COUNTERPART

#: verbs that give a name its title as a predicate: "X is Ruritania's minister of information"
COPULAS = {"is", "became", "becomes", "remains", "serves", "was named", "was appointed", "was elected",
           "has been", "is now"}

class Appositions:
    """Reads names with their title after them (see the module docstring)."""

    def __init__(self, finder: CastReading) -> None:
        self.finder = finder
        self.doc = finder.doc
        self.at = finder.at
        self.cast = finder.cast
        self.gazetteer = finder.gazetteer
        self.names = finder.names
        self.bodies = finder.bodies

    def read(self) -> None:
        self.read_appositions()
        self.read_copulas()

    def _names_before_commas(self) -> list[tuple[int, int]]:
        """Names followed by a comma: the model's people, and runs of two name words or more right
        before a comma and a title (names the model misses)."""
        doc = self.doc
        spans = [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "PERSON"]
        for mention in self.finder.mentions:
            if mention.kind != "title":
                continue
            k = mention.start - 1
            while k >= 0 and (doc[k].lower_ in ("the", "a", "an") or doc[k].text in POSSESSIVE
                              or k in self.at and self.at[k].kind in ("country", "organization")):
                k -= 1
            if k < 1 or doc[k].text != ",":
                continue
            end = start = k
            while start > 0 and end - start < 5 and is_name_token(doc[start - 1]) and (start - 1) not in self.at:
                start -= 1
            while start < end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if len(name_tokens(self.names.name_text(start, end))) >= 2 and (start, end) not in spans:
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
                    self.finder.past.update(range(ent_start, end))
                continue
            body: Mention | None = None
            mention = self.at.get(i)
            if mention is not None and mention.kind in ("country", "organization") and mention.start == i:
                body = mention
                i = mention.end
                if i < len(doc) and doc[i].text in POSSESSIVE:
                    i += 1
            title = self.at.get(i)
            if title is None or title.kind != "title" or title.start != i or title.key == COUNTERPART \
                    or title.plural or title.start in self.finder.titled:
                continue
            if doc[title.end - 1].dep_ in ("nsubj", "nsubjpass"):
                continue  # "In a meeting with Jane Doe, the Secretary-General said": a new clause's subject
            suffix = ""
            of_body, after_title = self.bodies.body_after_of(title.end)
            following = after_title
            while following + 1 < len(doc) and doc[following].lower_ == "and" and \
                    following + 1 in self.at and self.at[following + 1].kind == "title":
                following = self.at[following + 1].end  # "X, Vice President and Foreign Minister Y"
            if self.names.name_after(following) is not None:
                continue  # "X, Ruritanian Foreign Minister Y": the title belongs to Y
            if following < len(doc) and doc[following].text == "," and self.names.name_after_comma(following):
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
                body = self.bodies.body_in_complement(title.end, min(len(doc), title.end + 12))
            start = ent_start
            while start < end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if start < end:
                self.cast.consume(title)
                if body is not None:
                    self.cast.consume(body)
                self.finder.add_official(start, end, title, body, suffix)

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
                if i < len(doc) and doc[i].text in POSSESSIVE:
                    i += 1
            title = self.at.get(i)
            if title is None or title.kind != "title" or title.start != i or title.plural \
                    or title.key == COUNTERPART or title.start in self.finder.titled:
                continue
            if body is None:
                of_body, _ = self.bodies.body_after_of(title.end)
                if of_body is not None and doc[title.end].lower_ == "of":
                    body = of_body
            start = ent.start
            while start < ent.end and doc[start].text.lower() in HONORIFICS:
                start += 1
            if start < ent.end:
                self.cast.consume(title)
                self.finder.add_official(start, ent.end, title, body)

