"""Placing: the country of a post the text gives only through the event ("In Nauru, the
minister met President Waqa"; "during her visit to Fiji she met Prime Minister Rabuka";
"our Deputy Prime Minister", said by a president).

The officials step leaves such titles unplaced (`Person.unplaced_titles`); this step reads
them off the events, in order of evidence: the country where the meeting took place, the
destination of the visit the person's counterpart is on, the speaker's own country. A title
nothing places stays without a country: a guess would be worse than none.
"""

from __future__ import annotations

from kg.extract.annotated import Annotated
from kg.extract.candidates import Candidate
from kg.extract.discourse import Discourse
from kg.extract.gazetteer import load_gazetteer


def place_officials(annotated: Annotated, events: list[Candidate], discourse: Discourse) -> None:
    cast = annotated.cast
    visits = [e for e in events if e.kind == "Visit"]
    gazetteer = load_gazetteer()
    for index, person in enumerate(cast.people):
        for unplaced in list(person.unplaced_titles):
            entry = gazetteer.title_entry(unplaced.title) or gazetteer.title_entry(unplaced.canonical)
            if entry is not None and entry.category == "organization_head" or "Secretary-General" in (
                    unplaced.canonical, unplaced.title):
                continue  # the head of an organisation serves it, not the country where it meets
            country = _where(annotated, index, unplaced.token, events, visits, discourse, unplaced.reason)
            if country is not None:
                person.place(unplaced, "country", country, "event")


def _where(annotated: Annotated, person: int, token: int, events: list[Candidate], visits: list[Candidate],
           discourse: Discourse, reason: str) -> str | None:
    if reason == "speaker":
        speaker = discourse.speaker_of(token)
        if speaker is not None and speaker != person:
            return annotated.country_of_person(speaker)
    theirs = [e for e in events if e.kind in ("Meeting", "PhoneCall") and person in e.participants.people]
    for event in theirs:  # "In Nauru, she met President Waqa"
        others = {annotated.country_of_person(p) for p in event.participants.people if p != person}
        if event.location and event.kind == "Meeting" and event.location not in others:
            return event.location
    for event in theirs:  # met by a traveller on a visit to one country
        for visit in visits:
            travellers = set(visit.visitors.people) & set(event.participants.people) - {person}
            if travellers and person not in visit.visitors.people and len(visit.destinations) == 1:
                return visit.destinations[0]
    return None
