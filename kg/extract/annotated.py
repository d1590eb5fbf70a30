"""The annotated article every reading step sees: the spaCy document, its gazetteer mentions,
its cast of people, its paragraphs and the dates it is read against."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from kg.extract.cast import Cast
from kg.extract.mentions import Mention


@dataclass
class Annotated:
    doc: Any
    mentions: list[Mention]
    cast: Cast
    published: date | None  # the article's own date
    reference: date | None  # the date relative expressions are read against (published, or inferred)
    home: str | None = None  # the publishing government's country
    home_organization: str | None = None  # the publishing organisation ("UN" on un.org)
    title: str | None = None
    at: dict[int, Mention] = field(init=False)

    def __post_init__(self) -> None:
        self.at = {}
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                self.at[i] = mention

    @cached_property
    def sentences(self) -> list[Any]:
        return list(self.doc.sents)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, token: int) -> int:
        return bisect.bisect_right(self._sentence_starts, token) - 1

    def sentence(self, token: int) -> Any:
        return self.sentences[self.sentence_index(token)]

    @cached_property
    def noun_chunks(self) -> list[Any]:
        """The document's noun chunks, computed once (spaCy recomputes them on every iteration)."""
        return list(self.doc.noun_chunks)

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Token index where each paragraph (a line of text) starts, in text order (none for an empty
        document)."""
        if not len(self.doc):
            return []
        starts = [0]
        previous_ws = self.doc[0].text_with_ws
        for token in self.doc[1:]:
            if "\n" in previous_ws and not token.is_space:
                starts.append(token.i)
            previous_ws = token.text_with_ws
        return starts

    @property
    def _paragraph_starts(self) -> list[int]:
        return self.paragraph_starts or [0]

    def paragraph_index(self, token: int) -> int:
        return bisect.bisect_right(self._paragraph_starts, token) - 1

    def paragraph_span(self, token: int) -> tuple[int, int]:
        index = self.paragraph_index(token)
        starts = self._paragraph_starts
        end = starts[index + 1] if index + 1 < len(starts) else len(self.doc)
        return starts[index], end

    def mention(self, token: int) -> Mention | None:
        return self.at.get(token)

    def person(self, token: int) -> int | None:
        return self.cast.token_person.get(token)

    def country_of_person(self, person: int) -> str | None:
        return self.cast.people[person].country()
