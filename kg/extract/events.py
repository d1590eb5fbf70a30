"""Events and agreements: who met, visited, called or declared what, when, and whether it happened.

Works clause by clause on the dependency parse. A trigger word ("met",
"talks", "visit", "call", "joint statement", "agreement") opens a candidate
event; its participants are the people, countries and organisations in the
trigger's arguments (subject, objects, "with ..." phrases), not everything in
the sentence; its status comes from tense, modals and cue words; its date from
the time expressions of its clause, resolved against the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.extract.cast import Cast
from kg.extract.dates import find_time_expressions
from kg.extract.mentions import REGIONS, Mention

VERB_TRIGGERS = {
    "meet": "Meeting", "host": "Meeting", "receive": "Meeting", "welcome": "Meeting", "convene": "Meeting",
    "reconvene": "Meeting",
    "hold": None, "visit": "Visit", "travel": "Visit", "tour": "Visit", "arrive": "Visit", "call": "PhoneCall",
    "phone": "PhoneCall", "telephone": "PhoneCall", "speak": "PhoneCall", "talk": "PhoneCall",
}
NOUN_TRIGGERS = {
    "meeting": "Meeting", "talks": "Meeting", "summit": "Meeting", "reception": "Meeting", "dialogue": "Meeting",
    "negotiations": "Meeting", "consultations": "Meeting", "discussions": "Meeting", "visit": "Visit", "trip": "Visit",
    "tour": "Visit", "travel": "Visit", "call": "PhoneCall", "conversation": "PhoneCall", "phone": "PhoneCall",
    "statement": "Statement", "declaration": "Statement", "communique": "Statement", "communiqué": "Statement",
}
AGREEMENT_NOUNS = {"agreement", "agreements", "treaty", "treaties", "memorandum", "memoranda", "mou", "accord",
                   "accords", "deal", "deals", "pact", "start"}
WEAK_AGREEMENT_NOUNS = {"partnership", "framework", "protocol", "convention", "charter", "roadmap", "arrangement",
                        "compact", "initiative"}
AGREEMENT_VERBS = {"sign", "conclude", "reach", "negotiate", "finalize", "finalise", "ink", "seal", "extend", "renew",
                   "announce", "adopt", "agree", "form", "establish", "launch", "complete", "prepare", "draft",
                   "initial", "ratify", "strike", "forge", "pursue", "approve"}
COMPLETION_VERBS = {"sign", "conclude", "reach", "finalize", "finalise", "ink", "seal", "adopt", "strike", "ratify",
                    "initial", "approve", "forge", "form", "establish", "launch"}
PLAN_VERBS = {"plan", "intend", "set", "schedule", "expect", "hope", "agree", "propose", "invite", "want", "look",
              "prepare", "aim", "seek", "wish", "decide", "go", "due", "likely", "announce", "accept", "await",
              "anticipate", "arrange", "offer", "explore", "consider", "organize", "organise", "envisage"}
PLAN_WORDS = {"upcoming", "forthcoming", "next", "future", "planned", "proposed", "scheduled", "possible", "potential",
              "prospective", "expected", "anticipated", "tomorrow"}
CANCEL_CUES = {"cancel", "postpone", "scrap", "delay", "deny", "suspend", "cancelled", "canceled", "postponed",
               "off", "called-off", "abandon"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "appos", "conj", "compound", "poss",
                 "pobj", "nmod", "amod", "npadvmod", "oprd"}
CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "acl", "parataxis", "csubj", "xcomp"}
PARTICIPANT_PREPS = {"with", "between", "among", "by", "of", "from"}
DESTINATION_PREPS = {"to", "in", "into"}
PARTICIPATION_VERBS = {"hold", "have", "attend", "join", "conduct", "host", "convene", "make", "pay", "undertake",
                       "begin", "start", "open", "complete", "continue", "engage", "participate", "take", "chair",
                       "co-chair", "lead", "sit", "resume", "launch", "issue", "release", "adopt", "publish", "be",
                       "conclude", "wrap", "end", "finish", "arrange", "organize", "organise", "go", "come", "return"}
HOSTING_VERBS = {"host", "welcome", "receive", "invite", "greet"}
SPEECH_VERBS = {"speak", "say", "stress", "note", "express", "reaffirm", "declare", "underline", "emphasize",
                "emphasise", "state", "affirm", "urge", "condemn", "welcome", "announce", "call", "outline", "set",
                "commit", "pledge", "agree"}
SUBTREE_PREPS = {"of", "with", "between", "among", "from", "including", "and", "like", "plus", "alongside"}
GROUP_WORDS = {"countries", "states", "nations", "republics", "leaders", "presidents", "ministers", "governments",
               "partners", "counterparts", "delegations", "heads"}


@dataclass
class Participants:
    people: list[int] = field(default_factory=list)  # indices into Cast.people
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)

    def add_person(self, index: int) -> None:
        if index not in self.people:
            self.people.append(index)

    def add_country(self, iso: str) -> None:
        if iso not in self.countries:
            self.countries.append(iso)

    def add_organization(self, key: str) -> None:
        if key not in self.organizations:
            self.organizations.append(key)

    def extend(self, other: Participants) -> None:
        for p in other.people:
            self.add_person(p)
        for c in other.countries:
            self.add_country(c)
        for o in other.organizations:
            self.add_organization(o)

    def size(self) -> int:
        return len(self.people) + len(self.countries) + len(self.organizations)


@dataclass
class EventRecord:
    kind: str
    participants: Participants
    status: str
    sentence: Any  # the spaCy sentence span
    trigger: Any
    visitors: Participants = field(default_factory=Participants)
    hosts: Participants = field(default_factory=Participants)
    destinations: list[str] = field(default_factory=list)
    location: str | None = None
    day: date | None = None
    explicit: bool = True  # False when the status is the default, not read from the text

    def countries(self, cast: Cast) -> set[str]:
        """Its countries: country participants and the countries its officials represent."""
        out = set(self.participants.countries) | set(self.destinations)
        for index in self.participants.people:
            country = cast.people[index].country()
            if country:
                out.add(country)
        return out


@dataclass
class AgreementRecord:
    label: str
    parties: Participants
    signatories: list[int]
    status: str
    sentence: Any
    day: date | None = None


class EventReader:
    """Reads the events and agreements of one document."""

    def __init__(self, doc: Any, mentions: list[Mention], cast: Cast, published: date | None,
                 reference: date | None) -> None:
        self.doc = doc
        self.cast = cast
        self.published = published
        self.reference = reference
        self.at: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.at[i] = mention
        self.events: list[EventRecord] = []
        self.agreements: list[AgreementRecord] = []
        self.last_subject: Participants | None = None
        #: who "we" and "our" are in a text written in the first person plural (a joint statement)
        self.authors = Participants()
        self.current_subject: Participants | None = None
        self.current_subject_token: Any | None = None
        self.last_event: EventRecord | None = None

    # -- participants ------------------------------------------------------------------
    def subtree(self, token: Any, stop_clauses: bool = True) -> list[Any]:
        out = [token]
        named = token.i in self.cast.token_person
        for child in token.children:
            if stop_clauses and child.dep_ in CLAUSE_DEPS:
                continue
            if named and child.dep_ == "appos" and child.i not in self.cast.token_person:
                continue  # "Sergio Gor, the US ambassador to India and Mr Trump's envoy": a description
            if child.dep_ == "prep" and child.lower_ not in SUBTREE_PREPS:
                continue
            out.extend(self.subtree(child, stop_clauses))
        return out

    def actors_in(self, tokens: list[Any]) -> Participants:
        found = Participants()
        seen_mentions: set[int] = set()
        for token in sorted(tokens, key=lambda t: t.i):
            person = self.cast.token_person.get(token.i)
            if person is not None:
                found.add_person(person)
                continue
            if token.i in self.cast.title_country:
                found.add_country(self.cast.title_country[token.i])  # "the Secretary" of the publishing state
                continue
            mention = self.at.get(token.i)
            if mention is not None and mention.start not in seen_mentions:
                seen_mentions.add(mention.start)
                if token.i in self.cast.consumed and mention.kind != "title":
                    continue
                self._add_mention(mention, found, token)
                continue
            lower = token.lower_
            if lower in ("we", "our", "us") and self.authors.size():
                found.extend(self.authors)
            elif lower in ("he", "she", "him", "her", "his"):
                speaker = self.current_subject if self.current_subject is not None and \
                    self.current_subject_token is not None and self.current_subject_token.i < token.i \
                    else self.last_subject
                if speaker is not None:
                    for p in speaker.people[:1]:
                        found.add_person(p)
            elif lower == "their" and token.head.lower_ in GROUP_WORDS | {"minister", "ministers"}:
                group = self.recent_group(token.i)
                if group:
                    for iso in group:
                        found.add_country(iso)
                elif self.last_event is not None:
                    found.extend(self.last_event.participants)
            elif lower in ("they", "them", "both", "two", "their", "we", "leaders", "sides") \
                    and self.last_event is not None and token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "poss") \
                    and not any(c.dep_ == "prep" for c in token.children):
                found.extend(self.last_event.participants)
        return found

    def recent_group(self, before: int) -> list[str]:
        """The countries of the nearest earlier group mention: a region ('the five Central Asian
        countries') or a list of two or more countries, within this or the previous sentence."""
        sentence_start = self.doc[before].sent.start
        previous_start = self.doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
        i = before - 1
        while i >= previous_start:
            mention = self.at.get(i)
            if mention is not None and mention.kind == "region":
                return list(REGIONS[mention.key])
            if mention is not None and mention.kind == "country" and i not in self.cast.consumed:
                listed = [m.key for m in self._coordinated(mention)]
                if len(listed) >= 2:
                    return listed
            i = mention.start - 1 if mention is not None else i - 1
        return []

    def _coordinated(self, mention: Mention) -> list[Mention]:
        """'Kazakhstan, Kyrgyzstan ... and Uzbekistan': the country mentions listed with this one."""
        listed: list[Mention] = []
        i = mention.start
        while i >= 0:
            m = self.at.get(i)
            if m is None or m.kind != "country":
                break
            listed.insert(0, m)
            j = m.start - 1
            if j >= 0 and self.doc[j].text in (",", "and", "&"):
                j -= 1
                if j >= 0 and self.doc[j].text in (",", "and"):
                    j -= 1
                i = j
            else:
                break
        return listed

    def _add_mention(self, mention: Mention, found: Participants, token: Any) -> None:
        if mention.kind == "country":
            if mention.form == "capital":
                return  # a capital names where, not who
            found.add_country(mention.key)
        elif mention.kind == "organization":
            found.add_organization(mention.key)
            if mention.key in self.cast.organization_country:  # a Congress delegation: the United States takes part
                found.add_country(self.cast.organization_country[mention.key])
        elif mention.kind == "region":
            head = self.doc[mention.end] if mention.end < len(self.doc) else None
            if head is not None and head.lower_ in GROUP_WORDS or mention.key in ("E3", "Quad", "Central Asia"):
                for iso in REGIONS[mention.key]:
                    found.add_country(iso)
        elif mention.kind == "title":
            # "the Secretary", "the President of Russia": the person who holds that title here
            country = None
            after = mention.end
            if after + 1 < len(self.doc) and self.doc[after].lower_ == "of":
                nxt = self.at.get(after + 1) or self.at.get(after + 2)
                if nxt is not None and nxt.kind == "country":
                    country = nxt.key
                elif nxt is not None and nxt.kind == "organization":
                    found.add_organization(nxt.key)
                    return
            holders = [i for i, p in enumerate(self.cast.people)
                       if mention.key in p.canonical_titles and (country is None or p.country() == country)]
            if len(holders) == 1 and not mention.plural:
                found.add_person(holders[0])
            elif country is not None:
                found.add_country(country)
            if mention.plural and country is None:
                nxt_tokens = [t for t in self.doc[mention.end: mention.end + 12]]
                for t in nxt_tokens:
                    m = self.at.get(t.i)
                    if m is not None and m.kind == "country" and m.form != "capital":
                        found.add_country(m.key)

    def places_in(self, tokens: list[Any]) -> list[str]:
        places: list[str] = []
        for token in tokens:
            mention = self.at.get(token.i)
            if mention is not None and mention.kind == "country" and mention.key not in places:
                if token.i in self.cast.consumed:
                    continue
                places.append(mention.key)
            elif mention is not None and mention.kind == "region":
                for iso in REGIONS[mention.key]:
                    if iso not in places:
                        places.append(iso)
        return places

    def is_actor_head(self, token: Any) -> bool:
        """Whether a noun names who: a person, a country, a title or a delegation, not 'the work'."""
        if token.i in self.cast.token_person:
            return True
        mention = self.at.get(token.i)
        if mention is not None and (mention.kind == "title" or (mention.kind in ("country", "organization")
                                                                  and mention.form != "adjective")):
            return True
        return token.lower_ in GROUP_WORDS | {"delegation", "counterpart", "prime", "president", "minister"}

    def listed_people(self, tokens: list[Any], trigger: Any) -> list[Any]:
        """Name tokens of people listed after the trigger's last argument, where the parse lost the list:
        'with President Macron of France, Chancellor Scholz of Germany, and Prime Minister Johnson',
        'with Republic of Korea (ROK) First Vice Foreign Minister Cho Hyun-dong and Japanese ...'."""
        after = [t.i for t in tokens if t.i > trigger.i and (t.i in self.cast.token_person or t.i in self.at)]
        if not after:
            return []
        out: list[Any] = []
        i = max(after) + 1
        while i < len(self.doc) and "\n" not in self.doc[i - 1].text_with_ws:  # to the end of the line:
            token = self.doc[i]  # the parser may end a sentence at a parenthesis
            if token.i in self.cast.token_person:
                out.append(token)
            elif not (token.text in (",", "and", "of", "the", "(", ")", "-") or i in self.at or token.is_space):
                break
            i += 1
        return out

    def with_listed(self, places: list[str], tokens: list[Any]) -> list[str]:
        """Complete a list the parse cut short: 'to Egypt, the United Arab Emirates, and Ethiopia'."""
        if not places or not tokens:
            return places
        out = list(places)
        last = max(t.i for t in tokens if t.i in self.at and self.at[t.i].kind == "country") \
            if any(t.i in self.at and self.at[t.i].kind == "country" for t in tokens) else None
        i = (self.at[last].end if last is not None else len(self.doc))
        while i < len(self.doc):
            j = i
            while j < len(self.doc) and self.doc[j].text in (",", "and", "the", "&"):
                j += 1
            if j == i:
                break
            mention = self.at.get(j)
            if mention is None or mention.kind != "country" or mention.form == "capital":
                break
            if mention.key not in out:
                out.append(mention.key)
            i = mention.end
        return out

    def subject_of(self, verb: Any) -> Any | None:
        current = verb
        for _ in range(4):
            for child in current.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    if child.lower_ in ("who", "which", "that") and current.dep_ == "relcl":
                        return current.head  # "Ciucă, who was on a visit to Kyiv"
                    return child
            if current.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl", "prep") \
                    and current.head is not current:
                current = current.head  # "looks forward to welcoming": through the preposition
                if current.pos_ not in ("VERB", "AUX") and current.dep_ != "ROOT":
                    if current.dep_ in ("pobj", "dobj", "prep") or current.pos_ == "ADP":
                        continue
                    return None
            else:
                return None
        return None

    # -- status and date ---------------------------------------------------------------
    def governors(self, trigger: Any) -> list[Any]:
        """The words that govern a trigger: 'plans' in 'plans to visit', 'hold' and 'agreed' in
        'agreed to hold talks', 'look' in 'look forward to the visit'."""
        out: list[Any] = []
        current = trigger
        for _ in range(5):
            if current.dep_ not in ("xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "acl", "nsubjpass", "attr",
                                    "conj", "advcl", "compound", "nsubj") or current.head is current:
                break
            if current.dep_ in ("conj", "nsubj") and current.pos_ in ("VERB", "AUX") and out:
                break
            current = current.head
            out.append(current)
            if current.pos_ in ("VERB", "AUX") and current.tag_ in ("VBD", "VBZ", "VBP") and \
                    current.lemma_.lower() not in PLAN_VERBS:
                break
        return out

    def status_of(self, trigger: Any) -> str:
        governors = self.governors(trigger)
        local = list(trigger.children)
        for token in governors:
            local.extend(c for c in token.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt", "amod"))
        words = {t.lemma_.lower() for t in [trigger, *governors, *local]} | {t.lower_ for t in [*governors, *local]}
        if words & CANCEL_CUES or any(t.dep_ == "neg" for t in local):
            return "cancelled"
        if trigger.tag_ == "VBD" or (trigger.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had")
                                                                    for c in trigger.children)):
            return "occurred"
        if any(t.lower_ in ("will", "would", "shall", "'ll", "wo") and t.dep_ == "aux" for t in local):
            return "planned"
        if {g.lemma_.lower() for g in governors} & PLAN_VERBS:
            return "planned"
        if {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound", "nmod", "advmod")} & PLAN_WORDS:
            return "planned"
        if any(g.lower_ in ("ahead", "before") for g in governors[:3]) and trigger.pos_ != "VERB":
            return "planned"
        finite = next((t for t in [trigger, *governors] if t.pos_ in ("VERB", "AUX")), None)
        if finite is not None and finite.tag_ == "VB" and any(c.lower_ == "to" for c in finite.children):
            return "planned"
        return "occurred"

    def status_is_explicit(self, trigger: Any, status: str) -> bool:
        """Whether the text says so (a cue, a past tense), or the status is only the default."""
        if status != "occurred":
            return True
        finite = next((t for t in [trigger, *self.governors(trigger)] if t.pos_ in ("VERB", "AUX")), None)
        return finite is not None and finite.tag_ in ("VBD", "VBN")

    def date_of(self, sentence: Any, trigger: Any, status: str) -> date | None:
        tense = "future" if status == "planned" else "past"
        anchor = self.published or self.reference
        text = sentence.text
        expressions = find_time_expressions(text, anchor, tense)
        if not self.published:
            expressions = [e for e in expressions if e.text.lower() not in ("today", "yesterday", "tomorrow")
                           and not e.text.lower().startswith(("on ", "last ", "next ", "this "))
                           or any(ch.isdigit() for ch in e.text)]
        if not expressions:
            return None
        trigger_offset = trigger.idx - sentence.start_char
        resolved = [e for e in expressions if e.day is not None]
        if not resolved:
            return None
        return min(resolved, key=lambda e: abs(e.start - trigger_offset)).day

    # -- triggers ----------------------------------------------------------------------
    def kind_of(self, token: Any, title_kinds: set[str]) -> str | None:
        lemma = token.lemma_.lower() or token.lower_
        lower = token.lower_
        if token.pos_ in ("VERB",) and lemma in VERB_TRIGGERS:
            kind = VERB_TRIGGERS[lemma]
            preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
            particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
            if lemma == "hold":
                objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
                return next((NOUN_TRIGGERS[o.lower_] for o in objects if o.lower_ in NOUN_TRIGGERS
                             and NOUN_TRIGGERS[o.lower_] == "Meeting"), None)
            if lemma == "call":
                if preps & {"for", "on", "upon"} or particles:
                    return None
                if not ({c.dep_ for c in token.children} & {"dobj", "dative", "oprd"} or "with" in preps):
                    return None
            if lemma in ("speak", "talk"):
                if "with" not in preps and "to" not in preps:
                    return None
                if "Meeting" in title_kinds and "PhoneCall" not in title_kinds:
                    return "Meeting"
            if lemma in ("receive", "welcome", "host"):
                objects = [c for c in token.children if c.dep_ in ("dobj",)]
                if not objects:
                    objects = [t for t in self.doc[token.i + 1: min(token.i + 14, token.sent.end)]
                               if t.i in self.cast.token_person][:1]
                if not any(self.is_actor_head(o) for o in objects):
                    return None
            if lemma == "arrive" and not preps & {"in", "at"}:
                return None
            return kind
        if token.pos_ in ("NOUN", "PROPN") and lower in NOUN_TRIGGERS:
            kind = NOUN_TRIGGERS[lower]
            if kind == "Statement":
                previous = token.doc[token.i - 1] if token.i > 0 else None
                if previous is None or previous.lower_ not in ("joint", "leaders", "leaders’", "trilateral",
                                                               "quadrilateral", "common"):
                    issued = token.head.lemma_.lower() in ("issue", "release", "adopt", "sign", "publish")
                    owned = any(c.dep_ == "poss" and c.lower_ in ("their", "our") for c in token.children)
                    if not issued and not owned:
                        return None
            if kind == "PhoneCall" and lower == "conversation":
                previous = token.doc[token.i - 1] if token.i > 0 else None
                if previous is None or previous.lower_ not in ("telephone", "phone", "video"):
                    return None
            if kind == "PhoneCall" and lower == "call":
                previous = token.doc[token.i - 1] if token.i > 0 else None
                if previous is not None and previous.lower_ in ("wake", "roll", "conference"):
                    return None
            return kind
        return None

    def arguments(self, trigger: Any) -> tuple[list[Any], Any | None]:
        """Tokens of the trigger's arguments and the subject token (if any)."""
        tokens: list[Any] = []
        subject = None
        if trigger.pos_ == "VERB":
            subject = self.subject_of(trigger)
            for child in trigger.children:
                is_object = child.dep_ in ("dobj", "dative", "attr", "agent", "nsubjpass", "oprd")
                if is_object or (child.dep_ == "prep" and child.lower_ in PARTICIPANT_PREPS):
                    tokens.extend(self.subtree(child))
        else:
            for child in trigger.children:
                is_modifier = child.dep_ in ("poss", "compound", "amod", "nmod")
                if is_modifier or (child.dep_ == "prep" and child.lower_ in PARTICIPANT_PREPS | {"to"}):
                    tokens.extend(self.subtree(child))
            head = trigger.head
            if trigger.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "conj", "appos") and head is not trigger:
                verb = head.head if head.dep_ == "prep" else head
                lemma = verb.lemma_.lower()
                speaks = trigger.lower_ in ("statement", "declaration", "communique", "communiqué") and \
                    lemma in SPEECH_VERBS  # "In their statement, the leaders stressed ..."
                within = head.dep_ == "prep" and head.lower_ in ("in", "during", "at")  # "in a call with"
                if within and verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "attr"):
                    verb = verb.head  # "reiterated [support ... in a call with X]"
                    lemma = verb.lemma_.lower()
                speaks = speaks or within
                if verb.pos_ in ("VERB", "AUX") and (lemma in PARTICIPATION_VERBS or lemma in PLAN_VERBS or speaks):
                    # "held talks", "paid a visit", "agreed to hold a meeting" - not "lauded the summit"
                    subject = self.subject_of(verb)
                    for child in verb.children:
                        if child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                            tokens.extend(self.subtree(child))
                        if child.dep_ in ("dobj", "dative") and child is not trigger and head.dep_ != "prep":
                            tokens.extend(self.subtree(child))
            elif trigger.dep_ in ("nsubj",):
                pass
        if subject is not None:
            tokens.extend(self.subtree(subject))
        return tokens, subject

    def date_lead_event(self) -> None:
        """A report's lead event, told as done in its first sentences with no day of its own,
        happened on the day of publication (the convention of readouts and wire reports)."""
        if self.published is None or not self.events:
            return
        sentences = list(self.doc.sents)
        lead_end = sentences[min(2, len(sentences) - 1)].end
        first = min(self.events, key=lambda e: e.sentence.start)
        if first.day is None and first.status == "occurred" and first.sentence.start < lead_end \
                and first.kind in ("Meeting", "PhoneCall", "Statement") and not self._has_time_words(first.sentence):
            first.day = self.published

    @staticmethod
    def _has_time_words(sentence: Any) -> bool:
        return any(t.lower_ in ("week", "month", "year", "weeks", "months", "years", "earlier", "recently",
                                "previously", "ago", "last") or t.ent_type_ == "DATE" for t in sentence)

    def read(self, title_kinds: set[str]) -> None:
        for sentence in self.doc.sents:
            self.current_subject = None
            self.current_subject_token = None
            root_subject = next((t for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"),
                                None)
            if root_subject is not None and root_subject.lower_ not in ("he", "she", "they", "we", "it"):
                found = self.actors_in(self.subtree(root_subject))
                if found.people:
                    self.current_subject, self.current_subject_token = found, root_subject
            for token in sentence:
                kind = self.kind_of(token, title_kinds)
                if kind is not None:
                    self.read_event(kind, token, sentence)
                elif token.lower_ in AGREEMENT_NOUNS | WEAK_AGREEMENT_NOUNS and token.pos_ in ("NOUN", "PROPN"):
                    self.read_agreement(token, sentence)
            subject = next((t for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
            if subject is not None:
                found = self.actors_in(self.subtree(subject))
                if found.people:
                    self.last_subject = found
                elif subject.ent_type_ == "PERSON":
                    self.last_subject = None  # someone we do not know is now the one "he" or "she" means

    def read_event(self, kind: str, trigger: Any, sentence: Any) -> None:
        tokens, subject = self.arguments(trigger)
        if trigger.pos_ == "VERB" and trigger.lemma_.lower() in ("receive", "welcome", "host") and \
                not any(c.dep_ == "dobj" for c in trigger.children):
            tokens.extend(t for t in self.doc[trigger.i + 1: min(trigger.i + 14, sentence.end)]
                          if t.i in self.cast.token_person)
        tokens.extend(self.listed_people(tokens, trigger))
        participants = self.actors_in(tokens)
        status = self.status_of(trigger)
        if status == "planned" and participants.size() == 0 and self.last_event is not None and kind != "Visit" \
                and not any(t.i in self.cast.token_person or t.i in self.at for t in sentence):
            # "it has been agreed to hold a separate meeting": the sides of the event just reported
            for iso in self.last_event.countries(self.cast):
                participants.add_country(iso)
        record = EventRecord(kind, participants, status, sentence, trigger,
                             explicit=self.status_is_explicit(trigger, status))
        if subject is not None:
            found = self.actors_in(self.subtree(subject))
            if trigger.lemma_.lower() in ("host", "receive", "welcome"):
                record.hosts = found
            if kind == "Visit":
                governor = subject.head
                if governor.lemma_.lower() in HOSTING_VERBS:
                    # "Biden will host Prime Minister Modi for a State Visit": the guest travels
                    record.hosts = found
                    guests = [c for c in governor.children if c.dep_ == "dobj"]
                    record.visitors = self.actors_in([t for g in guests for t in self.subtree(g)])
                else:
                    record.visitors = found
        location_tokens = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("in", "at")]
        places: list[str] = []
        for prep in location_tokens:
            places.extend(self.places_in(self.subtree(prep)))
        if kind == "Visit":
            destination_tokens: list[Any] = []
            holders = [trigger]
            if trigger.pos_ != "VERB" and trigger.dep_ == "pobj" and trigger.head.lower_ in ("on", "during"):
                holders.append(trigger.head.head)  # "is in Russia on a working visit"
            for holder in holders:
                for child in holder.children:
                    if (child.dep_ == "dobj" and holder is trigger) or (child.dep_ == "prep" and
                                                                         child.lower_ in DESTINATION_PREPS):
                        destination_tokens.extend(self.subtree(child))
            if trigger.pos_ != "VERB" and trigger.dep_ == "dobj":
                # "lauded the visit of Pope Francis to Iraq", with "to Iraq" hung on the verb by the parser
                end = max(t.i for t in self.subtree(trigger))
                for child in trigger.head.children:
                    if child.dep_ in ("dative", "prep") and child.lower_ == "to" and child.i == end + 1:
                        destination_tokens.extend(self.subtree(child))
            record.destinations = self.with_listed(self.places_in(destination_tokens), destination_tokens) or places
            # the travellers are the subject; the countries visited are not travellers
            if not record.visitors.size():
                record.visitors = Participants(people=list(participants.people))
            for iso in record.destinations:
                if iso in record.visitors.countries:
                    record.visitors.countries.remove(iso)
            record.participants = Participants()
            record.participants.extend(record.visitors)
            if not record.visitors.size() or not record.destinations:
                return
        elif places:
            record.location = places[0]
        record.day = self.date_of(sentence, trigger, status)
        if kind == "Statement" and not participants.size() and self.last_event is not None and \
                trigger.i > 0 and self.doc[trigger.i - 1].lower_ == "joint":
            participants.extend(self.last_event.participants)  # "Following the talks, a joint statement was adopted"
        if kind != "Visit" and not self._enough(record):
            return
        self.add(record)

    def _enough(self, record: EventRecord) -> bool:
        parts = record.participants
        if record.kind == "Statement":
            return parts.size() >= 1
        return parts.size() >= 2

    def add(self, record: EventRecord) -> None:
        """Add an event, or merge it into the one it mentions again."""
        for existing in self.events:
            if existing.kind == record.kind and self._same(existing, record):
                existing.participants.extend(record.participants)
                existing.visitors.extend(record.visitors)
                existing.hosts.extend(record.hosts)
                for iso in record.destinations:
                    if iso not in existing.destinations:
                        existing.destinations.append(iso)
                existing.day = existing.day or record.day
                existing.location = existing.location or record.location
                if record.explicit and not existing.explicit:
                    existing.status, existing.explicit = record.status, True
                self.last_event = existing
                return
        self.events.append(record)
        self.last_event = record

    def _same(self, a: EventRecord, b: EventRecord) -> bool:
        """Two mentions of one event: compatible day and status, and the same parties."""
        if a.day and b.day and a.day != b.day:
            return False
        if a.status != b.status and a.explicit and b.explicit:
            return False
        if a.kind == "Visit":
            travellers = set(a.visitors.people) & set(b.visitors.people)
            places = set(a.destinations) & set(b.destinations)
            return bool(travellers) and (bool(places) or not a.destinations or not b.destinations)
        people_a, people_b = set(a.participants.people), set(b.participants.people)
        countries_a = a.countries(self.cast) | set(a.participants.organizations)
        countries_b = b.countries(self.cast) | set(b.participants.organizations)
        nested = countries_a <= countries_b or countries_b <= countries_a
        if people_a and people_b and nested:
            shared = people_a & people_b
            if len(shared) >= 2 or (shared and (people_a <= people_b or people_b <= people_a)):
                return True
        shared_countries = countries_a & countries_b
        smaller = min(len(countries_a), len(countries_b))
        return len(shared_countries) >= 2 and len(shared_countries) >= 0.6 * smaller

    def read_agreement(self, token: Any, sentence: Any) -> None:
        """An agreement noun: generic ones ('an agreement'), or a named or weak one ('the Artemis Accords',
        'a bilateral partnership') only when a verb makes it news (signed, agreed to form, extend, prepare)."""
        lower = token.lower_
        if lower == "start" and token.text != "START":
            return
        governors = self.governors(token)
        verbs = [g for g in governors if g.pos_ in ("VERB", "AUX")]
        acted = any(v.lemma_.lower() in AGREEMENT_VERBS for v in verbs) or any(
            c.lower_ in ("signed", "new", "proposed", "draft") for c in token.children)
        if not acted:
            return  # an agreement only referred to ("in the context of an agreement", "the Abraham Accords")
        tokens, _ = self.arguments(token)
        for verb in verbs[:2]:
            subject = self.subject_of(verb)
            if subject is not None:
                tokens.extend(self.subtree(subject))
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                    tokens.extend(self.subtree(child))
        first = verbs[0] if verbs else None
        if first is not None and first.lemma_.lower() in COMPLETION_VERBS:
            # "A, B, C ... and D signed a memorandum": everyone named before the verb in its clause signs
            tokens.extend(t for t in self.doc[sentence.start:first.i] if t.i in self.cast.token_person)
        parties = self.actors_in(tokens)
        subject_side = self._countries_of(parties)
        for event in self.events:
            if event.sentence.start == sentence.start:
                for iso in event.countries(self.cast):
                    parties.add_country(iso)
        if len(self._countries_of(parties)) < 2 and self.last_event is not None and \
                any(t.lower_ in ("both", "two", "bilateral", "they", "their") for t in sentence):
            for iso in self.last_event.countries(self.cast):  # "both countries' willingness to extend ..."
                parties.add_country(iso)
        countries = self._countries_of(parties)
        organizations = list(parties.organizations)
        if len(countries) + len(organizations) < 2:
            return
        tense = first
        if first is not None and first.tag_ == "VBG" and first.dep_ in ("pcomp", "advcl") \
                and first.head.dep_ == "prep":
            tense = first.head.head  # "signaled a shared commitment ... by signing today a memorandum"
        perfect = first is not None and first.tag_ == "VBN" and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were", "has", "have", "had") for c in first.children)
        done = first is not None and tense is not None and first.lemma_.lower() in COMPLETION_VERBS and (
            tense.tag_ == "VBD" or first.tag_ == "VBD" or perfect)
        done = done or any(c.lower_ == "signed" for c in token.children)
        status = "occurred" if done else "planned"
        label = token.text
        compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
        if compounds:
            label = self.doc[compounds[0].i: token.i + 1].text
        signatories = list(parties.people) if first is not None and first.lemma_.lower() == "sign" else []
        day = self.date_of(sentence, token, status) if status == "occurred" else None
        groups = [countries]
        others = [c for c in countries if c not in subject_side]
        if token.tag_ in ("NNS", "NNPS") and len(subject_side) == 1 and len(others) >= 2 and not organizations:
            groups = [[subject_side[0], other] for other in others]  # "agreements with X and Y": one each
        for group in groups:
            if any(set(a.parties.countries) == set(group) and set(a.parties.organizations) == set(organizations)
                   for a in self.agreements):
                continue
            self.agreements.append(AgreementRecord(
                label=label, parties=Participants(countries=list(group), organizations=list(organizations)),
                signatories=signatories, status=status, sentence=sentence, day=day))

    def _countries_of(self, found: Participants) -> list[str]:
        countries = list(found.countries)
        for index in found.people:
            represented = self.cast.people[index].country()
            if represented and represented not in countries:
                countries.append(represented)
        return countries
