"""Post bodies: the country or organisation a title's own phrase names.

"Ruritanian", "Ruritania's", "Ruritania:" or an organisation before the title; "of
Ruritania" after it; a government body ("State Department spokesperson": the United
States); an organisation inside a title ("Secretary General of NATO"); a
country in the title's complement ("Chairman of the Ruritanian Assembly"); after the
name: "Jane Doe of Ruritania", "Jane Doe (Ruritania)", "Jane Doe, Ruritanian Ministry of
Foreign Affairs". And whether the phrase says the post is held no longer ("former",
"then-", "the late", "ex-").
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.cast import Cast
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention

INSTITUTIONS = {"ministry", "department", "embassy", "government", "office", "mission", "delegation", "foreign",
                "state", "presidential", "national", "armed", "bureau", "parliament", "senate", "congress"}
#: words before a title that say its holder no longer holds it ("former", "then-", "the late", "ex-")
PAST_WORDS = {"former", "then", "late", "ex", "erstwhile", "onetime", "one-time", "previous"}
_POSSESSIVE = ("’s", "'s", "'", "’")


class PostBodies:
    """Reads the body of a post next to its title in one document (see the module docstring). The
    tokens of a country it takes for a post join `cast.consumed` (they name no participant)."""

    def __init__(self, doc: Any, at: dict[int, Mention], gazetteer: Gazetteer, cast: Cast) -> None:
        self.doc = doc
        self.at = at
        self.gazetteer = gazetteer
        self.cast = cast

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
            self.cast.consume(tail_body)
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
                    self.cast.consume(inside)
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
                        self.cast.consume(mention)
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
        """An organisation a title of the gazetteer names itself: 'Secretary General of NATO'."""
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

