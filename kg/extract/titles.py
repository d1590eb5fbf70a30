"""Titles of office beyond the gazetteer: a small grammar over the title mentions.

The gazetteer knows the common titles ("Foreign Minister", "Secretary of State"). English
builds many more from a few parts, and this step reads them:

- modifiers before a title: "Deputy Minister", "First Vice President", "Acting President",
  "Chief Cabinet Secretary" (an acting or interim holder holds the post itself);
- office nouns the gazetteer lacks, when their phrase shows they are titles: a complement
  ("Head of the Presidential Office", "Member of the Standing Committee"), a country or
  organisation before them ("UN Humanitarian Coordinator"), or a modifier ("Deputy Head");
- "leader" only as a country's: "the Ruritanian leader", "Ruritania's leader" (never
  "opposition leader");
- portfolio words between a country and a title: "Ruritanian Unification Minister",
  "Ruritanian Foreign Ministry spokesman" (the country is then next to the title);
- "counterpart": a title that stands for the other side's equivalent post.

It returns the mentions with these titles in place of (or besides) the gazetteer's, for
the officials step; other steps keep reading the gazetteer's mentions.
"""

from __future__ import annotations

from typing import Any

from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention

#: words that make a title of a title: "Deputy Minister", "First Vice President", "Special Adviser"
MODIFIERS = frozenset({"first", "second", "third", "vice", "deputy", "acting", "interim", "senior", "principal",
                       "special", "chief", "assistant", "executive", "under", "associate", "permanent",
                       "parliamentary", "junior", "lead", "caretaker", "designate"})
#: modifiers whose holder holds the post itself (an acting president is the president)
SAME_POST = frozenset({"acting", "interim", "caretaker"})
#: office nouns that are titles when their phrase says so (see the module docstring)
OFFICE_NOUNS = frozenset({"coordinator", "adviser", "advisor", "director", "head", "chief", "member", "commander",
                          "counsellor", "negotiator", "delegate", "officer", "administrator", "leader", "leaders"})
#: of them, those that need a country or organisation right before them
NEEDS_BODY = frozenset({"leader", "leaders"})
#: the category an office noun's title gets ("leader" is a head of state or government)
OFFICE_CATEGORIES = {"leader": "head_of_state", "leaders": "head_of_state"}
COUNTERPART = "Counterpart"
_COMPLEMENT = frozenset({"of", "for", "to", "in", "on"})
_POSSESSIVE = ("'s", "’s", "'", "’")


def title_category(gazetteer: Gazetteer, key: str) -> str | None:
    """The category of a title mention's key: the gazetteer's; else that of the title without its
    modifiers ("Parliamentary Under Secretary of State": a Secretary of State's), or of its head noun
    before any complement ("Coordinator for the Region": an official)."""
    words = key.split()
    while words:
        entry = gazetteer.title_entry(" ".join(words))
        if entry is not None:
            return entry.category
        if words[0].lower() not in MODIFIERS:
            break
        words = words[1:]
    head_phrase = " ".join(words).lower().split(" of ")[0].split(" for ")[0].split(" to ")[0].split(" in ")[0]
    head = head_phrase.split()[-1] if head_phrase.split() else ""
    if head in OFFICE_CATEGORIES:
        return OFFICE_CATEGORIES[head]
    if head in OFFICE_NOUNS:
        return "official"
    head_entry = gazetteer.title_entry(head_phrase) or gazetteer.title_entry(head)
    return head_entry.category if head_entry is not None else None


def _title_case(text: str) -> str:
    """'vice minister of trade' -> 'Vice Minister of Trade'."""
    small = {"of", "for", "to", "on", "in", "the", "and"}
    return " ".join(w if w.lower() in small else w[:1].upper() + w[1:] for w in text.split())


def compose_titles(doc: Any, mentions: list[Mention], gazetteer: Gazetteer, portfolios: bool = True) -> list[Mention]:
    """The mentions with composed titles (see the module docstring), left to right, not overlapping.
    `portfolios`: whether capitalised words before a title can be its portfolio (not in Title Case)."""
    at: dict[int, Mention] = {}
    for mention in mentions:
        for i in range(mention.start, mention.end):
            at[i] = mention
    found = list(mentions)
    for token in doc:
        if token.i in at:
            continue
        noun = _office_noun(doc, token.i, at, portfolios) if token.lower_ in OFFICE_NOUNS else None
        if noun is not None:
            found.append(noun)
            at[token.i] = noun
        elif token.lower_ in ("counterpart", "counterparts"):
            counterpart = Mention(token.i, token.i + 1, "title", COUNTERPART, token.text, token.text,
                                  plural=token.lower_.endswith("s"))
            found.append(counterpart)
            at[token.i] = counterpart
    found.sort(key=lambda m: m.start)
    out: list[Mention] = []
    for mention in found:
        if mention.kind == "title":
            mention = _with_modifiers(doc, mention, at, gazetteer)
            if portfolios:
                mention = _with_portfolio(doc, mention, at)
        while out and out[-1].end > mention.start:
            out.pop()  # a modifier title ("Deputy") taken into the title after it
        out.append(mention)
        for i in range(mention.start, mention.end):
            at[i] = mention
    return out


def _office_noun(doc: Any, i: int, at: dict[int, Mention], portfolios: bool = True) -> Mention | None:
    token = doc[i]
    word = token.lower_
    if word not in OFFICE_NOUNS or (not token.text[:1].isupper() and word not in NEEDS_BODY):
        return None
    body_before = _body_before(doc, i, at, portfolios)
    if word in NEEDS_BODY:
        if not body_before:
            return None
    elif not (body_before or _has_complement(doc, i) or (i > 0 and doc[i - 1].lower_ in MODIFIERS)):
        return None
    key = token.text[:1].upper() + token.text[1:].lower()
    if word.endswith("s") and word in NEEDS_BODY:
        return Mention(i, i + 1, "title", key[:-1], token.text, token.text, plural=True)
    return Mention(i, i + 1, "title", key, token.text, token.text)


def _has_complement(doc: Any, i: int) -> bool:
    """'Head of the Office', 'Coordinator for Counterterrorism': a preposition and a capitalised word."""
    j = i + 1
    if j >= len(doc) or doc[j].lower_ not in _COMPLEMENT:
        return False
    j += 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    return j < len(doc) and doc[j].text[:1].isupper()


def _body_before(doc: Any, i: int, at: dict[int, Mention], portfolios: bool = True) -> bool:
    """A country or organisation right before token i, possibly with "'s" and capitalised portfolio
    words between: "Ruritanian leader", "Ruritania's leader", "UN Humanitarian Coordinator"."""
    k = i - 1
    skipped = 0
    while portfolios and k >= 0 and skipped < 3 and k not in at and _portfolio_word(doc[k]):
        k -= 1
        skipped += 1
    if k >= 0 and doc[k].text in _POSSESSIVE:
        k -= 1
    mention = at.get(k)
    return mention is not None and mention.kind in ("country", "organization") and mention.form != "capital"


def _portfolio_word(token: Any) -> bool:
    return token.text[:1].isupper() and token.is_alpha and not token.is_sent_start and token.ent_type_ != "PERSON"


def _with_modifiers(doc: Any, title: Mention, at: dict[int, Mention], gazetteer: Gazetteer) -> Mention:
    """'Deputy' + 'Minister', 'first' 'vice' + 'president': the modifiers before a title join it."""
    start = title.start
    while start > 0:
        previous = doc[start - 1]
        before = at.get(start - 1)
        if previous.lower_ not in MODIFIERS or previous.whitespace_ == "" and previous.text != "-":
            break
        if before is not None and (before.kind != "title" or before.end - before.start != 1):
            break
        if not previous.text[:1].isupper() and doc[title.start].text[:1].isupper():
            break  # "the first Foreign Minister": an ordinal, not a rank
        start -= 1
    if start == title.start:
        return title
    text = doc[start:title.end].text
    modifiers = {t.lower_ for t in doc[start:title.start]}
    entry = gazetteer.title_entry(text)
    if entry is not None:
        key = entry.canonical
    elif modifiers <= SAME_POST:
        key = title.key
    else:
        key = _title_case(text)
    return Mention(start, title.end, "title", key, text, text, plural=title.plural)


def _with_portfolio(doc: Any, title: Mention, at: dict[int, Mention]) -> Mention:
    """'Ruritanian Unification Minister': portfolio words between a country and a title join the title,
    so that the country stands right before it."""
    k = title.start - 1
    while k >= 0 and title.start - k <= 3 and k not in at and _portfolio_word(doc[k]):
        k -= 1
    if k == title.start - 1:
        return title
    j = k - 1 if k >= 0 and doc[k].text in _POSSESSIVE else k
    mention = at.get(j)
    if mention is None or mention.kind not in ("country", "organization") or mention.form == "capital":
        return title
    text = doc[k + 1:title.end].text
    return Mention(k + 1, title.end, "title", title.key, text, text, plural=title.plural)
