"""Status: whether an event is reported as done, planned or called off.

Read from the trigger and the words that govern it: tense and modals ("met", "will meet",
"has visited"), governing verbs of intent, plans and agreement ("plans to visit", "agreed to
hold talks", "looks forward to the visit"), words of the future ("upcoming", "next week's
summit") and of cancellation ("postponed", "called off", "rescheduled"), and negation of the
event's own verb. A trigger inside a locative or temporal phrase ("in the call, they agreed
to ...") takes the tense of the clause, not the plans it reports.
"""

from __future__ import annotations

from typing import Any

PLAN_VERBS = {"plan", "intend", "set", "schedule", "expect", "hope", "agree", "propose", "invite", "want", "look",
              "prepare", "aim", "seek", "wish", "decide", "due", "likely", "announce", "accept", "await",
              "anticipate", "arrange", "offer", "explore", "consider", "organize", "organise", "envisage", "slate",
              "poise", "confirm", "call", "urge", "suggest", "eager", "keen", "ready", "willing"}
PLAN_WORDS = {"upcoming", "forthcoming", "next", "future", "planned", "proposed", "scheduled", "possible", "potential",
              "prospective", "expected", "anticipated", "tomorrow", "impending", "coming"}
CANCEL_CUES = {"cancel", "postpone", "scrap", "delay", "deny", "suspend", "cancelled", "canceled", "postponed",
               "called-off", "abandon", "reschedule", "rescheduled", "shelve", "stall", "refuse", "indefinitely",
               "defer", "deferred"}
FUTURE_AUXILIARIES = {"will", "would", "shall", "'ll", "wo", "’ll"}
#: Prepositions that place an event in a clause ("in the call", "during the visit") rather than plan it.
FRAMING_PREPS = {"in", "during", "at", "on", "after", "following", "throughout", "over", "since"}


def governors(trigger: Any) -> list[Any]:
    """The words that govern a trigger, nearest first: 'plans' in 'plans to visit', 'hold' and
    'agreed' in 'agreed to hold talks', 'look' in 'look forward to the visit'. The walk stops at a
    finite verb that is not a verb of intent, and never crosses into a conditional or indirect
    question ('it is unclear whether ...')."""
    out: list[Any] = []
    current = trigger
    for _ in range(5):
        if current.dep_ not in ("xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "acl", "nsubjpass", "attr",
                                "conj", "advcl", "compound", "nsubj", "acomp") or current.head.i == current.i:
            break
        if current.dep_ in ("conj", "nsubj") and current.pos_ in ("VERB", "AUX") and out:
            break
        if current.dep_ in ("ccomp", "advcl") and any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless")
                                                       for c in current.children):
            break
        current = current.head
        out.append(current)
        if current.pos_ in ("VERB", "AUX") and current.tag_ in ("VBD", "VBZ", "VBP") and \
                current.lemma_.lower() not in PLAN_VERBS:
            break
    return out


def _framed(trigger: Any, chain: list[Any]) -> Any | None:
    """The verb of the clause when the trigger sits in a framing phrase ('In the call, they agreed')."""
    if trigger.dep_ == "pobj" and chain and chain[0].dep_ == "prep" and chain[0].lower_ in FRAMING_PREPS:
        verb = chain[0].head
        if verb.pos_ in ("VERB", "AUX"):
            return verb
    return None


def status_of(trigger: Any) -> tuple[str, bool]:
    """(status, whether the text says so rather than the default)."""
    chain = governors(trigger)
    framing = _framed(trigger, chain)
    if framing is not None:
        chain = chain[: chain.index(framing) + 1] if framing in chain else chain
    local = list(trigger.children)
    for token in chain[:3]:
        local.extend(c for c in token.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prt", "amod"))
    clause_verb = next((g for g in chain if g.pos_ in ("VERB", "AUX")), None)
    if clause_verb is not None and clause_verb not in chain[:3]:
        local.extend(c for c in clause_verb.children if c.dep_ in ("aux", "auxpass"))
    words = {t.lemma_.lower() for t in [trigger, *chain, *local]} | {t.lower_ for t in [*chain, *local]}
    own_verb = next((t for t in [trigger, *chain] if t.pos_ in ("VERB", "AUX")), None)
    negated = own_verb is not None and any(c.dep_ == "neg" for c in own_verb.children) and not (
        own_verb.lemma_.lower() == "be" and trigger.dep_ == "nsubj" and trigger.head.i == own_verb.i)
    # ("the meeting is not the first of its kind" describes the meeting; it does not call it off)
    if words & CANCEL_CUES or negated or _called_off(trigger, chain):
        return "cancelled", True
    if framing is not None:
        if _future(framing):
            return "planned", True
        return "occurred", framing.tag_ in ("VBD", "VBN", "VBZ", "VBP")  # "is in Moscow on a visit": under way
    if trigger.tag_ == "VBD" or (trigger.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had")
                                                                for c in trigger.children)):
        return "occurred", True
    if any(t.lower_ in FUTURE_AUXILIARIES and t.dep_ == "aux" for t in local):
        return "planned", True
    if _agreed_object(trigger, chain):
        return "occurred", True  # "the leaders agreed a joint statement"
    gladness = chain or ([trigger.head] if trigger.dep_ in ("relcl", "acl") else [])  # "a joy for us to meet"
    if _glad_to(gladness) or _performative(trigger, chain):
        return "occurred", True  # "I am happy to meet with you", "I want to welcome you": said at the meeting
    if {g.lemma_.lower() for g in chain} & PLAN_VERBS or _going_to(chain):
        return "planned", True
    if {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound", "nmod", "advmod")} & PLAN_WORDS:
        return "planned", True
    past_clause = next((g for g in chain if g.pos_ in ("VERB", "AUX") and g.tag_ == "VBD"), None)
    if any(g.lower_ in ("ahead", "before") for g in chain[:3]) and trigger.pos_ != "VERB" and past_clause is None:
        return "planned", True
    finite = next((t for t in [trigger, *chain] if t.pos_ in ("VERB", "AUX")), None)
    if finite is not None and finite.tag_ == "VB" and any(c.lower_ == "to" for c in finite.children):
        return "planned", True
    return "occurred", finite is not None and finite.tag_ in ("VBD", "VBN")


GLAD = {"happy", "glad", "pleased", "delighted", "honoured", "honored", "nice", "good", "great", "fortunate",
        "privileged", "lucky"}


#: Nouns of the same gladness: "it is a pleasure to meet you".
GLAD_NOUNS = {"pleasure", "joy", "honour", "honor", "privilege"}
#: Words between the gladness and the event: "glad to have the opportunity to meet you".
OPPORTUNITY = {"have", "opportunity", "chance", "occasion", "get"}


def _glad_to(chain: list[Any]) -> bool:
    """'I am glad to meet you', 'it is good to see you', 'happy to have the opportunity to meet
    you', 'it is a great joy for us to meet you': said at the meeting itself."""
    for token in chain[:4]:
        if token.pos_ == "ADJ" and token.lower_ in GLAD:
            return any(c.dep_ in ("cop", "aux") or c.lemma_.lower() == "be" for c in [token.head, *token.children])
        if token.pos_ == "NOUN" and token.lemma_.lower() in GLAD_NOUNS:
            return token.head.lemma_.lower() == "be"
        if token.lemma_.lower() == "be":  # "it is a joy [for us to meet you]": the gladness is the complement
            return any(c.dep_ in ("attr", "acomp") and (c.lemma_.lower() in GLAD_NOUNS or c.lower_ in GLAD)
                       for c in token.children)
        if token.pos_ == "VERB" and token.dep_ in ("xcomp", "conj"):
            continue  # "glad to see you and to welcome you": the verb 'welcome' is coordinated with
        if token.lemma_.lower() not in OPPORTUNITY and token.lower_ not in ("to", "for"):
            return False
    return False


def _performative(trigger: Any, chain: list[Any]) -> bool:
    """'I want to welcome you', 'let me welcome you': the welcome is the speech itself."""
    if trigger.lemma_.lower() not in ("welcome", "greet") or not chain:
        return False
    verb = chain[0]
    return verb.lemma_.lower() in ("want", "like", "wish", "let") and any(
        c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children) or verb.lemma_.lower() == "let"


def _going_to(chain: list[Any]) -> bool:
    """'is going to visit'."""
    return any(g.lemma_.lower() == "go" and g.tag_ == "VBG" and any(c.dep_ == "aux" for c in g.children)
               and any(c.dep_ == "xcomp" for c in g.children) for g in chain)


def _future(verb: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children)


def _called_off(trigger: Any, chain: list[Any]) -> bool:
    """'the visit was called off', 'put off the meeting'."""
    for verb in [trigger, *chain[:2]]:
        if verb.lemma_.lower() in ("call", "put") and any(c.dep_ == "prt" and c.lower_ == "off"
                                                          for c in verb.children):
            return True
    return False


def _agreed_object(trigger: Any, chain: list[Any]) -> bool:
    """'agreed a statement' (done) as against 'agreed to hold talks' (planned)."""
    return bool(chain) and trigger.dep_ == "dobj" and chain[0].lemma_.lower() == "agree" \
        and chain[0].tag_ in ("VBD", "VBN")
