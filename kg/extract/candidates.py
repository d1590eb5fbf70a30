"""Candidate events: what the reading steps pass from one to the next.

A candidate starts as a trigger with its arguments; each step returns new candidates
(frozen, changed with `dataclasses.replace`) and records what it drops, with the reason,
in the `Trace`, so that a test or `explain_reading` can say why an event is not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.extract.actors import NOBODY, Actors
from kg.extract.arguments import Arguments
from kg.extract.triggers import Trigger


@dataclass(frozen=True)
class Candidate:
    kind: str
    trigger: Trigger
    sentence: int  # index of the evidence sentence (-1: the headline)
    arguments: Arguments = field(default_factory=Arguments)
    subject: Actors = NOBODY  # who acts: the travellers of a visit, the host of "X hosted Y"
    counterparts: Actors = NOBODY  # objects and with-phrases: whom they meet, call, visit
    participants: Actors = NOBODY  # everyone taking part
    visitors: Actors = NOBODY
    hosts: Actors = NOBODY
    destinations: tuple[str, ...] = ()
    location: str | None = None
    status: str = "occurred"
    explicit_status: bool = False  # read from the text (a cue, a tense), not the default
    day: date | None = None
    mentions: tuple[int, ...] = ()  # trigger tokens of every mention merged into it
    lemmas: tuple[str, ...] = ()  # trigger words of every mention merged into it
    notes: tuple[str, ...] = ()  # how participants beyond the arguments were found

    @property
    def token(self) -> int:
        return self.trigger.token

    def noted(self, note: str) -> tuple[str, ...]:
        return self.notes if note in self.notes else (*self.notes, note)


@dataclass(frozen=True)
class Dropped:
    candidate: Candidate
    step: str
    reason: str


@dataclass
class Trace:
    dropped: list[Dropped] = field(default_factory=list)

    def drop(self, candidate: Candidate, step: str, reason: str) -> None:
        self.dropped.append(Dropped(candidate, step, reason))
