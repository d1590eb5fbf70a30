"""Build the trigger lexicon ``data/event_words.tsv`` from the CAMEO dictionaries of PETRARCH2
(``/work/shared/gazetteer/cameo_verb_blocks.tsv`` and ``cameo_verb_patterns.tsv``, MIT).

    .venv/bin/python data/build_lexicons.py [--source DIR] [--out DIR]

CAMEO's consultation codes (036 express intent to meet, 040-046 consult, discuss by
telephone, visit, host, meet at a third location, mediate, negotiate) and 057 (sign a
formal agreement) name the diplomatic events this project reads. Their verb blocks give
the verbs; the nouns of their patterns ("* TALKS", "MAKE * VISIT", "SIGN * MEMORANDUM")
give the event and agreement nouns. CAMEO is a coder's dictionary, not a list of
triggers: a block also holds verbs that are not events here ("confront", "approach"), so
the words taken from each block are chosen below, and the script checks that each one
really is in its block or patterns. Words news uses that CAMEO lacks are in CURATED, each
with its reason. Standard library only; the output is sorted and deterministic.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "gazetteer"
DEFAULT_OUT = Path(__file__).resolve().parent
OUT_NAME = "event_words.tsv"

#: CAMEO verb block -> the verbs of that block read as triggers, and the event they open.
BLOCK_VERBS: dict[str, dict[str, str]] = {
    "MEET_PEOPLE": {"meet": "Meeting"},
    "ASSEMBLE": {"convene": "Meeting", "reconvene": "Meeting", "gather": "Meeting", "assemble": "Meeting"},
    "HOST": {"host": "Meeting"},
    "SUMMIT": {"summit": "Meeting"},
    "CALL": {"call": "PhoneCall", "phone": "PhoneCall", "telephone": "PhoneCall"},
    "VISIT": {"visit": "Visit"},
    "ARRIVE": {"arrive": "Visit", "come": "Visit"},
    "GO_SOMEWHERE": {"travel": "Visit", "tour": "Visit", "depart": "Visit", "leave": "Visit", "go": "Visit",
                     "journey": "Visit", "embark": "Visit"},
    "FLY": {"fly": "Visit"},
    "RETURN": {"return": "Visit"},
    "SIGN": {"sign": "Agreement"},
}

#: Nouns of the consultation and agreement patterns, and what they name. Nouns of those
#: patterns left out: "negotiation" (news and the annotation guide read negotiations as an
#: agreement under way, not a meeting), "letter", "message", "mission", "envoy", "delegation"
#: (who or what is sent, not the event), "peace", "initiative", "invitation", "desire".
PATTERN_NOUNS: dict[str, str] = {
    "meeting": "Meeting", "talks": "Meeting", "talk": "Meeting", "summit": "Meeting", "conference": "Meeting",
    "session": "Meeting", "consultation": "Meeting", "consultations": "Meeting", "discussion": "Meeting",
    "welcome": "Meeting",
    "visit": "Visit", "trip": "Visit", "tour": "Visit", "stop": "Visit",
    "call": "PhoneCall", "telephone": "PhoneCall",
    "treaty": "Agreement", "declaration": "Agreement", "memorandum": "Agreement", "protocol": "Agreement",
    "agreement": "Agreement", "deal": "Agreement",
}
#: CAMEO codes whose patterns the nouns above are read from.
PATTERN_CODES = re.compile(r"^0(?:36|4[0-6]|57)")

#: Words diplomatic reporting uses that CAMEO does not list: (word, part of speech, kind, reason).
CURATED: tuple[tuple[str, str, str, str], ...] = (
    ("speak", "VERB", "PhoneCall", "readouts: 'spoke with' is a call unless the text says they met"),
    ("talk", "VERB", "PhoneCall", "'talked with/to' a counterpart, read like 'spoke with'"),
    ("discuss", "VERB", "Meeting", "'discussed X with Y': a consultation between the two (CAMEO 040 in sense)"),
    ("consult", "VERB", "Meeting", "'will consult with': CAMEO 040 by name"),
    ("receive", "VERB", "Meeting", "'received the ambassador': the host side of a meeting (CAMEO 043)"),
    ("welcome", "VERB", "Meeting", "'welcomed the prime minister to': the host side of a meeting or visit"),
    ("head", "VERB", "Visit", "'heads to Tokyo': travel"),
    ("lead", "VERB", "Visit", "'led a delegation to Hanoi': travel at the head of a delegation or mission"),
    ("state", "VERB", "Statement", "'the leaders of the three countries stated': a statement of several parties"),
    ("declare", "VERB", "Statement", "'the two presidents declared': a declaration of several parties"),
    ("stay", "NOUN", "Visit", "'a one-day stay in': the time of a visit"),
    ("arrival", "NOUN", "Visit", "'after his arrival in': the start of a visit"),
    ("journey", "NOUN", "Visit", "a trip abroad"),
    ("conversation", "NOUN", "Meeting", "'held a conversation': in person unless a phone or video word says a call"),
    ("dialogue", "NOUN", "Meeting", "a named or held format ('the Strategic Dialogue'), not dialogue in general"),
    ("reception", "NOUN", "Meeting", "a reception given for a visitor"),
    ("dinner", "NOUN", "Meeting", "a state or working dinner with a visitor"),
    ("luncheon", "NOUN", "Meeting", "a state or working luncheon"),
    ("lunch", "NOUN", "Meeting", "a working lunch"),
    ("breakfast", "NOUN", "Meeting", "a working breakfast"),
    ("banquet", "NOUN", "Meeting", "a state banquet"),
    ("audience", "NOUN", "Meeting", "'was received in audience by the King'"),
    ("forum", "NOUN", "Meeting", "a named forum of states ('Cooperation Forum')"),
    ("videoconference", "NOUN", "Meeting", "a meeting held by video (the annotation guide: a Meeting)"),
    ("gathering", "NOUN", "Meeting", "a gathering of leaders"),
    ("ceremony", "NOUN", "Meeting", "a welcome or signing ceremony with both sides present"),
    ("phone", "NOUN", "PhoneCall", "'a phone call', 'by phone'"),
    ("declaration", "NOUN", "Statement", "a joint declaration issued by leaders (CAMEO has it as signed: Agreement)"),
    ("statement", "NOUN", "Statement", "a statement issued (joint, or owned by its issuers)"),
    ("communique", "NOUN", "Statement", "a communiqué issued by the parties of a meeting"),
    ("communiqué", "NOUN", "Statement", "spelling with the accent"),
    ("readout", "NOUN", "Statement", "a joint readout"),
    ("accord", "NOUN", "Agreement", "an accord"),
    ("pact", "NOUN", "Agreement", "a pact"),
    ("mou", "NOUN", "Agreement", "memorandum of understanding"),
    ("charter", "NOUN", "Agreement", "a charter adopted by states"),
    ("convention", "NOUN", "Agreement", "a convention signed or ratified"),
    ("roadmap", "NOUN", "Agreement", "a roadmap signed or adopted"),
    ("plan", "NOUN", "Agreement", "an action plan signed or adopted (only with 'action' or an adopting verb)"),
    ("framework", "NOUN", "Agreement", "a framework agreed or signed"),
    ("arrangement", "NOUN", "Agreement", "an arrangement signed"),
    ("partnership", "NOUN", "Agreement", "a partnership formed or established by agreement"),
    ("mechanism", "NOUN", "Agreement", "a mechanism agreed on by the parties"),
    ("notes", "NOUN", "Agreement", "an exchange of notes"),
    # treaties news names by their acronym alone, matched as written (upper case)
    ("START", "ACRONYM", "Agreement", "Strategic Arms Reduction Treaty ('New START')"),
    ("INF", "ACRONYM", "Agreement", "Intermediate-Range Nuclear Forces Treaty"),
    ("NPT", "ACRONYM", "Agreement", "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("CTBT", "ACRONYM", "Agreement", "Comprehensive Nuclear-Test-Ban Treaty"),
    ("JCPOA", "ACRONYM", "Agreement", "Joint Comprehensive Plan of Action (Iran nuclear deal)"),
    ("NAFTA", "ACRONYM", "Agreement", "North American Free Trade Agreement"),
    ("USMCA", "ACRONYM", "Agreement", "United States-Mexico-Canada Agreement"),
    ("CPTPP", "ACRONYM", "Agreement", "Comprehensive and Progressive Agreement for Trans-Pacific Partnership"),
    ("RCEP", "ACRONYM", "Agreement", "Regional Comprehensive Economic Partnership"),
)

FIELDS = ("word", "pos", "kind", "cameo", "origin", "note")


def _forms(cell: str) -> set[str]:
    """The lower-case words of a CAMEO 'verbs_and_forms' cell: 'GO {WENT GOES}' -> {'go', 'went', 'goes'}."""
    return {word.lower() for word in re.findall(r"[A-Z][A-Z_']*", cell)}


def build(source: Path) -> list[dict[str, str]]:
    with (source / "cameo_verb_blocks.tsv").open(encoding="utf-8") as handle:
        blocks = {row["block"]: row for row in csv.DictReader(handle, delimiter="\t")}
    with (source / "cameo_verb_patterns.tsv").open(encoding="utf-8") as handle:
        patterns = list(csv.DictReader(handle, delimiter="\t"))
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for block, verbs in BLOCK_VERBS.items():
        if block not in blocks:
            raise SystemExit(f"CAMEO block {block} not found in {source}")
        forms = _forms(blocks[block]["verbs_and_forms"]) | {block.lower()}
        for verb, kind in verbs.items():
            if verb not in forms:
                raise SystemExit(f"'{verb}' is not in CAMEO block {block}")
            code = blocks[block]["default_cameo_code"]
            rows[(verb, "VERB", kind)] = {"word": verb, "pos": "VERB", "kind": kind, "cameo": code,
                                    "origin": f"cameo:{block}", "note": ""}
    nouns: dict[str, set[str]] = {}
    for pattern in patterns:
        if not PATTERN_CODES.match(pattern["cameo_code"]):
            continue
        for word in re.findall(r"[A-Z]+", pattern["pattern"]):
            nouns.setdefault(word.lower(), set()).add(pattern["cameo_code"].split(":")[0])
    for noun, kind in PATTERN_NOUNS.items():
        codes = nouns.get(noun, set()) | nouns.get(noun + "s", set())  # "* AGREEMENTS" gives "agreement"
        if not codes:
            raise SystemExit(f"'{noun}' is in no CAMEO pattern of codes 036/04x/057")
        rows[(noun, "NOUN", kind)] = {"word": noun, "pos": "NOUN", "kind": kind, "cameo": "|".join(sorted(codes)),
                                "origin": "cameo:patterns", "note": ""}
    for word, pos, kind, reason in CURATED:
        if (word, pos, kind) in rows:
            raise SystemExit(f"'{word}' ({pos}, {kind}) is in CAMEO already: drop it from CURATED")
        rows[(word, pos, kind)] = {"word": word, "pos": pos, "kind": kind, "cameo": "", "origin": "curated",
                             "note": reason}
    return [rows[key] for key in sorted(rows)]


def write(rows: list[dict[str, str]], out: Path) -> Path:
    path = out / OUT_NAME
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writeheader()
        writer.writerows(rows)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the CAMEO dictionaries")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write event_words.tsv to")
    args = parser.parse_args(argv)
    path = write(build(args.source), args.out)
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
