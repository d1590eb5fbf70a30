"""Build the project's gazetteer tables (``data/*.tsv``) from the open data in
``/work/shared/gazetteer`` (see that folder's SOURCES.md and ``data/README.md``).

    .venv/bin/python data/build_gazetteers.py [--source DIR] [--out DIR]

Standard library only. The output is deterministic: the same sources give
byte-identical tables (rows sorted, values sorted or in a fixed order).
Curated choices (dropped aliases, labels, extra names, hand-added office
holders) live in the constants below, each with the reason beside it.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "gazetteer"
DEFAULT_OUT = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------
# Countries: curated choices
# ---------------------------------------------------------------------------

# States and widely treated-as-state entities beyond the UN members that
# internacia flags (its un_member flag misses Guinea-Bissau).
EXTRA_STATES = ("GW", "PS", "TW", "VA", "XK")

# Territories that sit in a regional political forum as full members beside
# states, and so appear in diplomatic news as parties of their own (ISO
# 3166-1 codes them; GOLD.md codes countries by ISO code): the Pacific
# Islands Forum (Cook Islands, Niue, French Polynesia, New Caledonia), the
# Organisation of Eastern Caribbean States (Montserrat) and the Nordic
# Council (Greenland, Faroe Islands, Aland). Their members are read from
# internacia's intblocks. CARICOM is left out: its source list makes
# members of the associate members (Bermuda, Cayman Islands...).
TERRITORY_FORUMS = ("PIF", "OECS", "NORDEN")

# English short names where the sources' short name is not what news uses.
LABELS = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Côte d'Ivoire",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "MM": "Myanmar",
    "NR": "Nauru",
    "ST": "São Tomé and Príncipe",
    "TR": "Turkey",
    "VA": "Vatican City",
}

# Well-known English names and short forms the sources lack.
EXTRA_NAMES = {
    "AX": ("Åland", "Aland Islands"),
    "BA": ("Bosnia",),
    "CD": ("DR Congo", "Congo-Kinshasa", "DRC"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CN": ("PRC", "People's Republic of China", "Mainland China"),
    "CZ": ("Czechia",),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "KP": ("DPRK", "D.P.R.K."),
    "KR": ("Republic of Korea", "ROK", "South Korea"),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "RU": ("Russian Federation",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Türkiye", "Turkiye", "Republic of Türkiye"),
    "TW": ("Republic of China",),
    "US": ("United States of America", "U.S.", "US", "USA", "U.S.A.", "America"),
    "VA": ("Holy See", "Vatican", "Vatican City State"),
    "XK": ("Republic of Kosovo",),
}

# Aliases dropped everywhere: ambiguous between states, regions rather than
# states, non-English, or odd source strings.
DROP_NAMES = frozenset(
    {
        "Congo",  # CD or CG
        "Korea",  # KR or KP
        "DR",  # not a name
        "The Dominican",  # factbook oddity
        "Gaza",  # places, not the state of Palestine
        "Gaza Strip",
        "West Bank",
        "Gaza, Gaza Strip",
        "West Bank and Gaza",
        "Macedonia",  # also the Greek region
        "Island",
        "Islands",
        "Republic",
        "Union",
        "Man",
        "Best Korea",
        "Aquaserbia",
        "Brazzaville",  # the capital (from "Congo (Brazzaville)")
        "Naoero",  # Nauruan, not English
        "Republic of Naoero",
        "CH",  # two-letter codes (except the well-known US/UK)
        "NL",
        "NZ",
    }
)

# Historical states news mentions (not in the state sources as such).
HISTORICAL = {
    "SU": {
        "qid": "Q15180",
        "label": "Soviet Union",
        "names": ("Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"),
        "adjectives": ("Soviet",),
        "capitals": (),
    },
    "YU": {
        "qid": "Q83286",
        "label": "Yugoslavia",
        "names": ("Yugoslavia", "Socialist Federal Republic of Yugoslavia", "SFRY"),
        "adjectives": ("Yugoslav", "Yugoslavian"),
        "capitals": (),
    },
    "CS": {
        "qid": "Q33946",
        "label": "Czechoslovakia",
        "names": ("Czechoslovakia",),
        "adjectives": ("Czechoslovak", "Czechoslovakian"),
        "capitals": (),
    },
    "DD": {
        "qid": "Q16957",
        "label": "East Germany",
        "names": ("East Germany", "German Democratic Republic", "GDR"),
        "adjectives": ("East German",),
        "capitals": ("East Berlin",),
    },
}

# Wikidata ids where the rigour id names a wider entity than the state.
QID_OVERRIDES = {"DK": "Q35"}  # rigour: Q756617 (Kingdom of Denmark incl. Greenland)

EXTRA_ADJECTIVES = {
    "BA": ("Bosnian",),
    "KG": ("Kyrgyz",),
    "KZ": ("Kazakh", "Kazakhstani"),
    "SZ": ("Swazi",),
    "TJ": ("Tajik",),
    "TM": ("Turkmen",),
    "UZ": ("Uzbek",),
}

# Adjectives shared by two states are given to the more common one only
# (see data/README.md); all other states lose them.
AMBIGUOUS_ADJECTIVES = {
    "Korean": "KR",  # KR and KP
    "Congolese": "CD",  # CD and CG
    "Dominican": "DO",  # DO and DM
}

DROP_ADJECTIVES = frozenset(
    {
        "Bajan",  # colloquial
        "Cape Verdian",  # misspelling in a source
        "Congo",
        "Maldivan",  # misspelling in a source
        "none",
        "Kirghiz",  # dated
        "Tadzhik",  # dated
    }
)

# Capitals that are common English words, first names, equal to a state's
# name or a metonym for something else.
DROP_CAPITALS = frozenset(
    {
        "Brussels",  # metonym for the EU at least as often as for Belgium
        "Georgetown",  # also Washington's district and its university
        "Male",  # English word; "Malé" stays
        "Plymouth",  # Montserrat's abandoned capital; the English city in news
        "Moroni",
        "Santiago",  # first name (Santiago Peña)
        "Sofia",  # first name
        "Sucre",
        "Victoria",
        "Kingstown",
    }
)

# Metonyms and well-known English forms of capitals, kept beside the
# sources' capital names.
EXTRA_CAPITALS = {
    "GB": ("Downing Street",),
    "KZ": ("Nur-Sultan",),
    "MM": ("Naypyidaw", "Nay Pyi Taw"),
    "PS": ("Ramallah",),
    "RU": ("Kremlin",),
    "UA": ("Kyiv", "Kiev"),
    "US": ("Washington", "Washington, D.C.", "Washington D.C.", "Washington DC", "White House"),
}

# Capitals from the Factbook text that are not the seat of government today,
# or that it spells with an apostrophe for an accent ("Noum'ea").
NOT_CAPITALS = frozenset({"Rangoon", "Yangon", "aka Yangon", "Noum'ea"})

# ---------------------------------------------------------------------------
# Organisations: curated choices
# ---------------------------------------------------------------------------

# Seed key -> key used in gold files and the rest of the project.
ORG_KEYS = {
    "EC": "European Commission",
    "EUCO": "European Council",
    "CONSILIUM": "Council of the EU",
    "EP": "European Parliament",
    "ARABLEAGUE": "Arab League",
    "COMMONWEALTH": "Commonwealth",
    "QUAD": "Quad",
    "FIVEEYES": "Five Eyes",
    "WB": "World Bank",
    "WBG": "World Bank Group",
    "COE": "Council of Europe",
}

# Seed aliases that are not safe text aliases.
DROP_ORG_ALIASES = frozenset(
    {
        "the Commission",
        "Brussels (metonym)",
        "the Alliance",
        "the Quad",
        "OTAN",
        "Council of Ministers",
        "EC",  # also Ecuador's code, the European Community, election commissions
        "EP",
        "WB",
    }
)

EXTRA_ORG_ALIASES = {
    "UN": ("United Nations",),
    "EU": ("European Union",),
    "AU": ("African Union",),
    "ASEAN": ("Association of Southeast Asian Nations",),
    "OSCE": ("Organization for Security and Co-operation in Europe",),
    "NATO": ("North Atlantic Treaty Organization",),
    "G7": ("Group of Seven",),
    "G20": ("Group of Twenty",),
}

# Seed QIDs whose only evidence is one unverified file (SOURCES.md).
UNCONFIRMED_QID_STATUS = ("single unverified file", "only")

# Seed key -> internacia intblocks id for member lists; organisations left
# out have unstable or badly sourced lists (IAEA's has 8 states) or a
# membership of nearly every state (IMF, WHO, WTO, World Bank).
MEMBER_SOURCES = {
    "UN": "UN",
    "EU": "EU",
    "NATO": "NATO",
    "ASEAN": "ASEAN",
    "AU": "AFUNION",
    "OSCE": "OSCE",
    "SCO": "SCO",
    "BRICS": "BRICS",
    "G7": "G7",
    "G20": "G-20",
    "CIS": "CIS",
    "EAEU": "EAEU",
    "CSTO": "CSTO",
    "OTS": "TURKKON",
    "CICA": "CICA",
    "OPEC": "OPEC",
    "OECD": "OECD",
    "APEC": "APEC",
    "GCC": "CCASG",
    "ARABLEAGUE": "LAS",
    "OIC": "OIC",
    "COE": "COE",
    "COMMONWEALTH": "COMMONWEALTH",
    "AUKUS": "AUKUS",
    "FIVEEYES": "FVEY",
    "QUAD": "QSD",
}
# Corrections to a source member list: (key, iso) pairs to remove.
MEMBER_REMOVALS = frozenset({("COE", "RU")})  # expelled from the Council of Europe in 2022

FORMAT_KEYS = frozenset({"G7", "G20", "BRICS", "C5+1", "C5", "QUAD", "AUKUS", "FIVEEYES", "I2U2", "CICA"})
CENTRAL_ASIA = ("KG", "KZ", "TJ", "TM", "UZ")

# Regional organisations and standing forums the seed lacks, read from
# internacia's intblocks (name, Wikidata id, full members): key -> (block id,
# extra aliases, kind). The key is the short name news uses; acronyms that
# are also English words or other things ("CAN" for the Andean Community,
# "AC" for the Arctic Council, "ECO") are not aliases.
BLOCK_ORGS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "PIF": ("PIF", ("Pacific Islands Forum", "Pacific Islands Forum Secretariat"), "international"),
    "CARICOM": ("CARICOM", ("Caribbean Community", "CARICOM Secretariat"), "international"),
    "OECS": ("OECS", ("Organisation of Eastern Caribbean States",), "international"),
    "ECOWAS": ("ECOWAS", ("Economic Community of West African States", "ECOWAS Commission"), "international"),
    "SADC": ("SADC", ("Southern African Development Community",), "international"),
    "EAC": ("EAC", ("East African Community",), "international"),
    "ECCAS": ("ECCAS", ("Economic Community of Central African States",), "international"),
    "COMESA": ("COMESA", ("Common Market for Eastern and Southern Africa",), "international"),
    "IGAD": ("IGAD", ("Intergovernmental Authority on Development",), "international"),
    "Arab Maghreb Union": ("UMA", ("Arab Maghreb Union",), "international"),
    "OAS": ("OAS", ("Organization of American States",), "international"),
    "MERCOSUR": ("MERCOSUR", ("Mercosur", "Southern Common Market"), "international"),
    "CELAC": ("CELAC", ("Community of Latin American and Caribbean States",), "international"),
    "ALBA": ("ALBA", ("Bolivarian Alliance for the Peoples of Our America",), "international"),
    "SICA": ("SICA", ("Central American Integration System",), "international"),
    "SAARC": ("SAARC", ("South Asian Association for Regional Cooperation",), "international"),
    "BIMSTEC": ("BIMSTEC", (), "international"),
    "ARF": ("ARF", ("ASEAN Regional Forum",), "format"),
    "ASEM": ("ASEM", ("Asia-Europe Meeting", "Asia–Europe Meeting"), "format"),
    "GUAM": ("GUAM", ("GUAM Organization for Democracy and Economic Development",), "international"),
    "BSEC": (
        "BSEC",
        ("Organization of the Black Sea Economic Cooperation", "Black Sea Economic Cooperation"),
        "international",
    ),
    "CBSS": ("CBSS", ("Council of the Baltic Sea States",), "international"),
    "Nordic Council": ("NORDEN", ("Nordic Council",), "international"),
    "Arctic Council": ("ARCTICC", ("Arctic Council",), "international"),
    "Visegrad Group": ("V4", ("Visegrad Group", "Visegrád Group", "Visegrad Four", "V4"), "format"),
    "CPLP": ("CPLP", ("Community of Portuguese Language Countries",), "international"),
    "Francophonie": ("OIF", ("Francophonie", "Organisation internationale de la Francophonie", "OIF"), "international"),
    "MSG": ("MSG", ("Melanesian Spearhead Group",), "international"),
    "NAM": ("NAM", ("Non-Aligned Movement",), "format"),
    "G77": ("G-77", ("Group of 77", "G-77", "G77"), "format"),
    "G8": ("G8", ("Group of Eight", "G-8"), "format"),
}
# English labels where the block's own name is not one.
BLOCK_LABELS = {"ALBA": "Bolivarian Alliance for the Peoples of Our America", "G8": "Group of Eight"}

# Organisations the seed lacks: key, label, aliases, qid, members, kind.
EXTRA_ORGS: tuple[tuple[str, str, tuple[str, ...], str, tuple[str, ...], str], ...] = (
    ("C5", "C5 (Central Asian states)", ("C5", "Central Asian Five"), "", CENTRAL_ASIA, "format"),
    # Japan's summit with the Pacific Islands Forum, held every three years.
    ("PALM", "Pacific Islands Leaders Meeting", ("PALM",), "", (), "format"),
    # France, Germany and the United Kingdom in talks with Iran.
    ("E3", "E3 (France, Germany, United Kingdom)", ("E3", "EU3", "E3 countries"), "", ("DE", "FR", "GB"), "format"),
    (
        "I2U2",
        "I2U2 Group (India, Israel, United Arab Emirates, United States)",
        ("I2U2",),
        "",
        ("AE", "IL", "IN", "US"),
        "format",
    ),
    (
        "State Department",
        "United States Department of State",
        (
            "State Department",
            "U.S. Department of State",
            "US Department of State",
            "Department of State",
            "U.S. State Department",
            "US State Department",
        ),
        "Q789915",
        (),
        "government_body",
    ),
    (
        "U.S. Congress",
        "United States Congress",
        ("U.S. Congress", "US Congress", "United States Congress", "Congress"),
        "Q11268",
        (),
        "government_body",
    ),
)

# ---------------------------------------------------------------------------
# Titles: curated choices
# ---------------------------------------------------------------------------

# Seed rows kept from the honorific/abbreviation sections: title -> (category, canonical).
KEPT_HONORIFICS = {
    "Prince": ("royal", "Prince"),
    "Princess": ("royal", "Princess"),
    "Crown Princess": ("royal", "Crown Princess"),
    "Pres.": ("head_of_state", "President"),
    "Sen.": ("legislator", "Senator"),
    "Rep.": ("legislator", "Representative"),
    "Amb.": ("envoy", "Ambassador"),
}

EXTRA_TITLES = (
    ("First Vice Foreign Minister", "deputy", "First Deputy Foreign Minister"),
    ("First Deputy Foreign Minister", "deputy", "First Deputy Foreign Minister"),
    ("General Secretary", "official", "General Secretary"),
    ("Under Secretary", "deputy", "Under Secretary"),
    ("Under Secretary of State", "deputy", "Under Secretary"),
    ("Assistant Secretary", "official", "Assistant Secretary"),
    ("Assistant Secretary of State", "official", "Assistant Secretary"),
    ("Deputy Assistant Secretary", "official", "Deputy Assistant Secretary"),
    ("Deputy Assistant Secretary of State", "official", "Deputy Assistant Secretary"),
    ("Political Director", "official", "Political Director"),
    ("President-elect", "head_of_state", "President-elect"),
    ("Secretary of War", "minister", "Defense Minister"),
    ("Secretary of Commerce", "minister", "Commerce Minister"),
    ("Commerce Secretary", "minister", "Commerce Minister"),
    ("Commerce Minister", "minister", "Commerce Minister"),
    ("Justice Minister", "minister", "Justice Minister"),
    ("Secretary of the Treasury", "minister", "Finance Minister"),
    ("Secretary of Energy", "minister", "Energy Minister"),
    ("Energy Secretary", "minister", "Energy Minister"),
    ("Minister of Energy", "minister", "Energy Minister"),
    ("Energy Minister", "minister", "Energy Minister"),
    ("Director of National Intelligence", "official", "Director of National Intelligence"),
    ("Governor", "official", "Governor"),
    ("Druk Gyalpo", "head_of_state", "King"),
    # bare forms that readouts use after the full title: "Secretary Blinken", "Deputy Secretary Sherman"
    ("Secretary", "minister", "Secretary"),
    ("Deputy Secretary", "deputy", "Deputy Secretary"),
    ("Chairperson", "organization_head", "Chairperson"),
    ("Counselor", "official", "Counselor"),
    ("Senior Advisor", "official", "Senior Advisor"),
    ("Co-Prince", "head_of_state", "Co-Prince"),
)

# Canonical titles by the seed's role column (the rest map to themselves).
ROLE_CANONICAL = {
    "president": "President",
    "prime_minister": "Prime Minister",
    "foreign_minister": "Foreign Minister",
}
# Title -> canonical where the role rule is not enough.
CANONICAL = {
    "Chancellor": "Chancellor",
    "Federal Chancellor": "Chancellor",
    "State Counsellor": "State Counsellor",
    "Chief Executive": "Chief Executive",
    "Vice-President": "Vice President",
    "Deputy Foreign Minister": "Deputy Foreign Minister",
    "Vice Foreign Minister": "Deputy Foreign Minister",
    "Deputy Minister of Foreign Affairs": "Deputy Foreign Minister",
    "Deputy Secretary of State": "Deputy Foreign Minister",
    "First Deputy Foreign Minister": "First Deputy Foreign Minister",
    "Ambassador Extraordinary and Plenipotentiary": "Ambassador",
    "Charge d'Affaires": "Chargé d'Affaires",
    "Nuncio": "Apostolic Nuncio",
    "Presidential Envoy": "Special Envoy",
    "Special Presidential Envoy": "Special Envoy",
    "Secretary General": "Secretary-General",
    "Secretary General of NATO": "Secretary-General",
    "Director General": "Director-General",
    "President of the European Commission": "President",
    "President of the European Council": "President",
    "President of the General Assembly": "President",
    "President of the Senate": "President of the Senate",
    "Amir": "Emir",
    "Yang di-Pertuan Agong": "King",
    "Supreme Pontiff": "Pope",
    "Sovereign Prince": "Prince",
    "Congressman": "Representative",
    "Congresswoman": "Representative",
    "Chairman": "Chair",
    "Chairwoman": "Chair",
    "MP": "Member of Parliament",
    "MEP": "Member of the European Parliament",
    "Spokesman": "Spokesperson",
    "Spokeswoman": "Spokesperson",
    "National Security Advisor": "National Security Adviser",
    "Minister of Defence": "Defense Minister",
    "Minister of Defense": "Defense Minister",
    "Defence Minister": "Defense Minister",
    "Secretary of Defense": "Defense Minister",
    "Defence Secretary": "Defense Minister",
    "Minister of Finance": "Finance Minister",
    "Treasury Secretary": "Finance Minister",
    "Chancellor of the Exchequer": "Finance Minister",
    "Minister of Trade": "Trade Minister",
    "Minister of Economy": "Economy Minister",
    "Home Secretary": "Interior Minister",
    "Minister of Justice": "Justice Minister",
    "High Representative of the Union for Foreign Affairs and Security Policy": "High Representative",
}
CATEGORY_BY_SEED = {
    "head_of_state": "head_of_state",
    "head_of_government": "head_of_government",
    "deputy_leader": "deputy",
    "legislator": "legislator",
    "military": "military",
}
# The military ranks of rigour's name prefixes (its list also holds civil titles and honorifics);
# "Captain" and "Private" are left out: they are also common words before names of other kinds.
RANK_PREFIXES = frozenset({"Field Marshal", "Admiral", "General", "Lieutenant General", "Lieutenant Colonel",
                           "Brigadier", "Colonel", "Commodore", "Rear-Admiral", "Rear Admiral"})
ROYAL_TITLES = frozenset({"Crown Prince", "Deputy Crown Prince"})
IO_OFFICIALS = frozenset(
    {
        "Deputy Secretary-General",
        "Under-Secretary-General",
        "Assistant Secretary-General",
        "European Commissioner",
        "Commissioner",
    }
)
CABINET_OFFICIALS = frozenset(
    {
        "National Security Adviser",
        "National Security Advisor",
        "Chief of Staff",
        "Press Secretary",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Cabinet Secretary",
        "Trade Representative",
    }
)
IRREGULAR_PLURALS = {
    "Chairman": "Chairmen",
    "Chairwoman": "Chairwomen",
    "Congressman": "Congressmen",
    "Congresswoman": "Congresswomen",
    "Spokesman": "Spokesmen",
    "Spokeswoman": "Spokeswomen",
    "Spokesperson": "Spokespeople",
    "Taoiseach": "Taoisigh",
    "Yang di-Pertuan Agong": "Yang di-Pertuan Agong",
    "Druk Gyalpo": "Druk Gyalpos",
    "Charge d'Affaires": "Charges d'Affaires",
    "Chargé d'Affaires": "Chargés d'Affaires",
    "Pres.": "Pres.",
    "Sen.": "Sens.",
    "Rep.": "Reps.",
    "Amb.": "Ambs.",
    "MP": "MPs",
    "MEP": "MEPs",
    "President-elect": "Presidents-elect",
    "Lieutenant General": "Lieutenant Generals",
    "Monarch": "Monarchs",
}

# ---------------------------------------------------------------------------
# Office holders: curated choices
# ---------------------------------------------------------------------------

# Position label (lower case, " of ..." stripped) -> canonical title.
POSITION_TITLES = {
    "president": "President",
    "prime minister": "Prime Minister",
    "premier": "Prime Minister",
    "taoiseach": "Prime Minister",
    "federal chancellor": "Chancellor",
    "chancellor": "Chancellor",
    "king": "King",
    "emperor": "Emperor",
    "emir": "Emir",
    "sultan": "Sultan",
    "pope": "Pope",
    "prince": "Prince",
    "druk gyalpo": "King",
    "yang di-pertuan agong": "King",
    "supreme leader": "Supreme Leader",
    "captain regent": "Captain Regent",
    "governor-general": "Governor-General",
    "episcopal co-prince": "Co-Prince",
    "french co-prince": "Co-Prince",
    "chairman of the council of ministers": "Prime Minister",
    "chairman of the presidential council": "Chairman of the Presidential Council",
    "o le ao o le malo": "Head of State",
    "minister of state": "Minister of State",
}
# Monarch rows carry no gendered title: these are the queens and grand dukes.
MONARCH_TITLES = {"Elizabeth II": "Queen", "Margrethe II": "Queen"}
MONARCH_TITLE_BY_COUNTRY = {"LU": "Grand Duke"}
# Posts with one holder at a time: a new holder ends the previous one.
SINGLE_HOLDER = frozenset(
    {
        "President",
        "Prime Minister",
        "Chancellor",
        "King",
        "Queen",
        "Emperor",
        "Emir",
        "Sultan",
        "Pope",
        "Supreme Leader",
        "Grand Duke",
        "Prince",
        "Foreign Minister",
        "Secretary-General",
        "High Representative",
        "Governor-General",
    }
)
# Factbook title words -> canonical title (the Factbook writes the title
# before the name: "Chancellor Friedrich MERZ (since 6 May 2025)").
FACTBOOK_TITLES = {
    "President": "President",
    "Interim President": "President",
    "Transitional President": "President",
    "Transition President": "President",
    "Acting President": "President",
    "Prime Minister": "Prime Minister",
    "Interim Prime Minister": "Prime Minister",
    "Transition Prime Minister": "Prime Minister",
    "Acting Prime Minister": "Prime Minister",
    "Premier": "Prime Minister",
    "Taoiseach": "Prime Minister",
    "Chancellor": "Chancellor",
    "Federal Chancellor": "Chancellor",
    "King": "King",
    "Queen": "Queen",
    "Emperor": "Emperor",
    "Sultan": "Sultan",
    "Amir": "Emir",
    "Yang di-Pertuan Agong": "King",
    "Emir": "Emir",
    "Pope": "Pope",
    "Supreme Leader": "Supreme Leader",
    "Grand Duke": "Grand Duke",
    "Prince": "Prince",
    "Crown Prince and Prime Minister": "Prime Minister",
    "Prime Minister and Co-Vice President": "Prime Minister",
    "Co-prince": "Co-Prince",
    "Co-Prince": "Co-Prince",
}
# Words that start a Factbook entry without being part of the name.
FACTBOOK_LEAD_WORDS = frozenset(
    {
        "Crown",
        "Prince",
        "Princess",
        "Leader",
        "Taliban",
        "Sheikh",
        "Chairman",
        "Chair",
        "Head",
        "Acting",
        "Interim",
        "Supreme",
        "Governor",
        "Minister",
        "President",
        "Premier",
        "Vice",
        "Deputy",
        "First",
        "Transitional",
        "Transition",
        "Sovereign",
        "and",
    }
)
# Honorifics dropped from the front of source labels.
NAME_PREFIXES = ("Sheikh ", "Sheikha ", "Dr. ", "Dr ", "H.E. ", "Pope ", "Archbishop ", "Cardinal ")
FACTBOOK_YEAR = 2026  # the Factbook extract's final state (January 2026)
RANKS = frozenset({"Gen.", "General", "Col.", "Capt.", "Dr.", "Sir", "Dame", "Lt.", "Maj."})
LOWER_PARTICLES = frozenset({"bin", "bint", "ibn", "de", "del", "da", "do", "dos", "van", "von", "der", "e", "y", "al"})
# Names in which the family name comes first: also indexed by the first token.
FAMILY_NAME_FIRST = frozenset({"CN", "TW", "KR", "KP", "KH"})

# Extra name forms news uses (full names only; bare surnames are handled in code).
EXTRA_PERSON_ALIASES = {
    "Q22686": ("Donald J. Trump", "Donald John Trump"),
    "Q6279": ("Joseph R. Biden", "Joseph R. Biden Jr.", "Joseph Biden"),
    "Q200881": ("Kassym-Jomart Tokayev",),
    "Q1058": ("Narendra Damodardas Modi",),
}

# Hand-added holders the sources lack or have stale (dates as officially
# announced; year only where the day is not certain). Person QIDs only where
# a source file gives them. Kept small: the posts diplomatic news names most.
CURATED_HOLDERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # name, qid, of, title, start, end
    ("Ursula von der Leyen", "", "European Commission", "President", "2019-12-01", ""),
    ("Charles Michel", "", "European Council", "President", "2019-12-01", "2024-11-30"),
    ("António Costa", "", "European Council", "President", "2024-12-01", ""),
    ("Josep Borrell", "Q312901", "EU", "High Representative", "2019-12-01", "2024-11-30"),
    ("Kaja Kallas", "", "EU", "High Representative", "2024-12-01", ""),
    ("Jens Stoltenberg", "", "NATO", "Secretary-General", "2014-10-01", "2024-10-01"),
    ("Mark Rutte", "", "NATO", "Secretary-General", "2024-10-01", ""),
    # Missing from both leader snapshots.
    ("Donald Trump", "Q22686", "US", "President", "2017-01-20", "2021-01-20"),
    ("Joe Biden", "Q6279", "US", "President", "2021-01-20", "2025-01-20"),
    # Earlier holders that archives of readouts name (both snapshots start later).
    ("George W. Bush", "Q207", "US", "President", "2001-01-20", "2009-01-20"),
    ("Barack Obama", "Q76", "US", "President", "2009-01-20", "2017-01-20"),
    ("Dmitry Medvedev", "Q23530", "RU", "President", "2008-05-07", "2012-05-07"),
    ("Hillary Clinton", "Q6294", "US", "Foreign Minister", "2009-01-21", "2013-02-01"),
    ("John Kerry", "Q22316", "US", "Foreign Minister", "2013-02-01", "2017-01-20"),
    ("Rex Tillerson", "", "US", "Foreign Minister", "2017-02-01", "2018-03-31"),
    ("Mike Pompeo", "", "US", "Foreign Minister", "2018-04-26", "2021-01-20"),
    # Foreign ministers after the Jan 2023 snapshot, for the states most in the news.
    ("Antony Blinken", "Q7821917", "US", "Foreign Minister", "2021-01-26", "2025-01-20"),
    ("Marco Rubio", "", "US", "Foreign Minister", "2025-01-21", ""),
    ("James Cleverly", "Q6131460", "GB", "Foreign Minister", "2022-09-06", "2023-11-13"),
    ("David Cameron", "", "GB", "Foreign Minister", "2023-11-13", "2024-07-05"),
    ("David Lammy", "", "GB", "Foreign Minister", "2024-07-05", "2025-09-05"),
    ("Yvette Cooper", "", "GB", "Foreign Minister", "2025-09-05", ""),
    ("Annalena Baerbock", "Q564328", "DE", "Foreign Minister", "2021-12-08", "2025-05-06"),
    ("Johann Wadephul", "", "DE", "Foreign Minister", "2025-05-06", ""),
    ("Catherine Colonna", "Q273396", "FR", "Foreign Minister", "2022-05-20", "2024-01-11"),
    ("Stéphane Séjourné", "", "FR", "Foreign Minister", "2024-01-11", "2024-09-21"),
    ("Jean-Noël Barrot", "", "FR", "Foreign Minister", "2024-09-21", ""),
    ("Yoshimasa Hayashi", "Q1141271", "JP", "Foreign Minister", "2021-11-10", "2023-09-13"),
    ("Yōko Kamikawa", "", "JP", "Foreign Minister", "2023-09-13", "2024-10-01"),
    ("Takeshi Iwaya", "", "JP", "Foreign Minister", "2024-10-01", "2025-10-21"),
    ("Toshimitsu Motegi", "", "JP", "Foreign Minister", "2025-10-21", ""),
    ("Wang Yi", "Q701801", "CN", "Foreign Minister", "2013-03-16", "2022-12-30"),
    ("Qin Gang", "", "CN", "Foreign Minister", "2022-12-30", "2023-07-25"),
    ("Wang Yi", "Q701801", "CN", "Foreign Minister", "2023-07-25", ""),
    ("Park Jin", "Q16090188", "KR", "Foreign Minister", "2022-05-12", "2024-01-10"),
    ("Cho Tae-yul", "", "KR", "Foreign Minister", "2024-01-10", "2025"),
    ("Cho Hyun", "", "KR", "Foreign Minister", "2025", ""),
    ("Dmytro Kuleba", "Q24025631", "UA", "Foreign Minister", "2020-03-04", "2024-09-05"),
    ("Andrii Sybiha", "", "UA", "Foreign Minister", "2024-09-05", ""),
    ("Mukhtar Tleuberdi", "Q70254110", "KZ", "Foreign Minister", "2019-09-08", "2023"),
    ("Murat Nurtleu", "", "KZ", "Foreign Minister", "2023", "2025"),
    ("Yermek Kosherbayev", "", "KZ", "Foreign Minister", "2025", ""),
    ("Mélanie Joly", "Q15054353", "CA", "Foreign Minister", "2021-10-26", "2025-05-13"),
    ("Anita Anand", "", "CA", "Foreign Minister", "2025-05-13", ""),
    ("Mevlüt Çavuşoğlu", "", "TR", "Foreign Minister", "2015-11-24", "2023-06-04"),
    ("Hakan Fidan", "", "TR", "Foreign Minister", "2023-06-04", ""),
    ("Hossein Amir-Abdollahian", "", "IR", "Foreign Minister", "2021-08-25", "2024-05-19"),
    ("Abbas Araghchi", "", "IR", "Foreign Minister", "2024-08-21", ""),
    ("Zbigniew Rau", "", "PL", "Foreign Minister", "2020-08-26", "2023-11-27"),
    ("Radosław Sikorski", "", "PL", "Foreign Minister", "2023-12-13", ""),
)
# Foreign-minister rows of the Jan 2023 snapshot replaced by CURATED_HOLDERS.
CURATED_FM_COUNTRIES = frozenset({h[2] for h in CURATED_HOLDERS if h[3] == "Foreign Minister"})

# UN-system rows: position label -> (organisation key, canonical title).
UN_POSITIONS = {
    "Secretary-General of the United Nations": ("UN", "Secretary-General"),
    "Deputy Secretary-General of the United Nations": ("UN", "Deputy Secretary-General"),
    "President of the United Nations General Assembly": ("UNGA", "President"),
    "OSCE High Commissioner on National Minorities": ("OSCE", "High Commissioner"),
    "Director-General of the World Trade Organization": ("WTO", "Director-General"),
}
# The 77th General Assembly session ended in September 2023.
UN_ENDS = {"Csaba Kőrösi": "2023-09-05"}

QID_RE = re.compile(r"Q\d+")
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-folded form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without duplicates or empties."""
    seen: set[str] = set()
    out = []
    for value in values:
        value = " ".join(value.split())
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def load_json(source: Path, name: str) -> Any:
    with (source / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_rows(source: Path, name: str, delimiter: str = ",") -> list[dict[str, str]]:
    with (source / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def write_table(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> int:
    lines = ["\t".join(columns)]
    for row in rows:
        values = [row[c] for c in columns]
        for value in values:
            if "\t" in value or "\n" in value:
                raise ValueError(f"{path.name}: value {value!r} contains a tab or newline")
        lines.append("\t".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def split_alternatives(text: str) -> list[str]:
    """'Saudi or Saudi Arabian' / 'Bosnian, Herzegovinian' -> parts."""
    text = text.split(";")[0]
    text = re.sub(r"\([^)]*\)", "", text)
    return [p.strip() for p in re.split(r",|\bor\b", text) if p.strip()]


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------


@dataclass
class Country:
    iso: str
    qid: str
    label: str
    names: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    historical: bool = False


def clean_name(name: str) -> str | None:
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    name = name.split(";")[0].strip()
    if name.startswith("the "):
        name = name[4:]
    if not name or name.lower() == "none" or not is_latin(name) or name[0].islower():
        return None
    if "," in name or name in DROP_NAMES:
        return None
    return name


NAME_PARTICLES = frozenset({"de", "la", "al", "of", "the", "es", "du", "da", "el"})


def looks_like_place(text: str) -> bool:
    """'Andorra la Vella' yes; 'Chisinau in Romanian', 'D.C.', 'Addis ababa' no."""
    words = text.split()
    return (
        bool(words)
        and not re.fullmatch(r"(?:[A-Z]\.)+", text)
        and all(w[0].isupper() or w in NAME_PARTICLES for w in words)
    )


def capital_parts(text: str | None) -> list[str]:
    """Factbook / internacia capital text -> capital names (parenthesised
    local forms such as "Baku (Baki, Baky)" are left out)."""
    if not text:
        return []
    text = re.split(r";\s*note|note -", text)[0]
    text = text.replace(", D.C.", " D.C.")
    out = []
    for part in re.split(r";|,(?![^()]*\))", text):
        main = re.sub(r"\s*\(.*?\)", "", part).strip()
        if looks_like_place(main):
            out.append(main)
    return out


def un_members(source: Path) -> set[str]:
    return {c["code"] for c in load_json(source, "internacia_countries.json") if c.get("un_member")} | set(
        EXTRA_STATES
    )


def forum_territories(source: Path) -> set[str]:
    """Full members of the TERRITORY_FORUMS (states among them included)."""
    blocks = {b["id"]: b for b in load_json(source, "internacia_intblocks.json")}
    return {
        item["id"]
        for forum in TERRITORY_FORUMS
        for item in blocks[forum].get("includes") or []
        if item.get("type") == "country" and item.get("status") == "member"
    }


def build_countries(source: Path) -> list[Country]:
    rigour = {t["code"].upper(): t for t in load_json(source, "rigour_territories.json") if len(t["code"]) == 2}
    internacia = {c["code"]: c for c in load_json(source, "internacia_countries.json")}
    factbook: dict[str, dict[str, Any]] = {}
    for entry in load_json(source, "factbook_government_extract.json"):
        if entry.get("iso2") and entry["iso2"] not in factbook:
            factbook[entry["iso2"]] = entry
    geonames = {c["iso2"]: c for c in load_json(source, "capitals_geonames.json")}

    codes = sorted(un_members(source) | forum_territories(source))
    countries = []
    for iso in codes:
        r = rigour.get(iso, {})
        c = internacia.get(iso, {})
        f = factbook.get(iso, {})
        qid = QID_OVERRIDES.get(iso) or r.get("qid") or c.get("wikidata_id") or ""
        label = LABELS.get(iso) or r.get("name") or c["name"]

        candidates: list[str] = [label, *EXTRA_NAMES.get(iso, ())]
        candidates += [r.get("name", ""), r.get("full_name", ""), r.get("in_sentence") or ""]
        for key in ("name_conventional_short", "name_conventional_long"):
            value = f.get(key) or ""
            candidates.append(value)
            candidates += re.findall(r"\(([^)]*)\)", value)
        abbreviation = f.get("name_abbreviation") or ""
        candidates += [a.strip("() ") for a in re.split(r"\bor\b", abbreviation)]
        candidates += [c.get("name", ""), c.get("official_name", ""), *(c.get("common_names") or [])]
        # rigour's strong names are multilingual: keep English-looking
        # abbreviations only (U.S., UAE, DRC); other forms come from above.
        candidates += [n for n in r.get("names_strong", []) if re.fullmatch(r"(?:[A-Z]\.?){2,5}", n)]
        names = []
        for candidate in candidates:
            name = clean_name(candidate) if candidate else None
            if name and (len(name) > 2 or name in ("US", "UK")):
                names.append(name)
        # News drops the article inside long names: "Democratic Republic of Congo".
        names += [n.replace(" of the ", " of ") for n in names if " of the " in n and n.count(" ") >= 3]
        names = unique(names)

        adjectives: list[str] = list(EXTRA_ADJECTIVES.get(iso, ()))
        demonyms = c.get("demonyms") or {}
        for value in (demonyms.get("male", ""), f.get("nationality_adjective") or ""):
            adjectives += split_alternatives(value)
        adjectives = [
            a
            for a in unique(adjectives)
            if a not in DROP_ADJECTIVES and a not in names and is_latin(a) and a[:1].isupper()
        ]

        capitals = capital_parts((c.get("capital_city") or {}).get("name")) + capital_parts(f.get("capital"))
        g = geonames.get(iso)
        if g:
            capitals.append(g["capital"])
            main = {fold(x) for x in capitals}
            # GeoNames alternates: only spelling variants of the names above
            # (accents), never exonyms.
            capitals += [a for a in g["alternatenames_latin"] if fold(a) in main]
        capitals += EXTRA_CAPITALS.get(iso, ())
        capitals = [
            x
            for x in unique(capitals)
            if x not in DROP_CAPITALS
            and x not in NOT_CAPITALS
            and x not in names
            and fold(x) not in {fold(n) for n in names}
            and is_latin(x)
        ]
        countries.append(Country(iso, qid, label, names, adjectives, capitals))

    for iso, h in HISTORICAL.items():
        countries.append(
            Country(
                iso,
                str(h["qid"]),
                str(h["label"]),
                list(h["names"]),
                list(h["adjectives"]),
                list(h["capitals"]),
                historical=True,
            )
        )

    # Ambiguous adjectives go to one state only.
    for country in countries:
        country.adjectives = [
            a for a in country.adjectives if a not in AMBIGUOUS_ADJECTIVES or AMBIGUOUS_ADJECTIVES[a] == country.iso
        ]
    # A surface form naming two states is dropped from both (reported).
    owners: dict[str, set[str]] = {}
    for country in countries:
        for form in country.names + country.capitals:
            owners.setdefault(form, set()).add(country.iso)
    clashes = {form for form, isos in owners.items() if len(isos) > 1}
    for form in sorted(clashes):
        print(f"dropped ambiguous name {form!r} ({', '.join(sorted(owners[form]))})", file=sys.stderr)
    for country in countries:
        country.names = [n for n in country.names if n not in clashes]
        country.capitals = [x for x in country.capitals if x not in clashes]
    return sorted(countries, key=lambda c: c.iso)


def country_rows(countries: list[Country]) -> Iterator[dict[str, str]]:
    for c in countries:
        yield {
            "iso": c.iso,
            "qid": c.qid,
            "label": c.label,
            "names": "|".join(c.names),
            "adjectives": "|".join(c.adjectives),
            "capitals": "|".join(c.capitals),
            "historical": "1" if c.historical else "",
        }


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------


def build_organizations(source: Path, country_codes: set[str]) -> list[dict[str, str]]:
    seed = load_rows(source, "diplomatic_orgs_seed.tsv", delimiter="\t")
    blocks = {b["id"]: b for b in load_json(source, "internacia_intblocks.json")}
    rows = []
    for org in seed:
        seed_key = org["key"]
        key = ORG_KEYS.get(seed_key, seed_key)
        label_alias = [org["name"]] if "(" not in org["name"] else []
        aliases = [key, *EXTRA_ORG_ALIASES.get(key, ()), *label_alias, *org["aliases"].split("|")]
        aliases = [a for a in unique(aliases) if a not in DROP_ORG_ALIASES]
        unconfirmed = any(marker in org["qid_evidence"] for marker in UNCONFIRMED_QID_STATUS)
        qid = "" if unconfirmed else org["qid"]
        members: set[str] = set()
        block_id = MEMBER_SOURCES.get(seed_key)
        if block_id:
            for item in blocks[block_id].get("includes") or []:
                if item.get("type") == "country" and item.get("status") == "member":
                    members.add(item["id"])
            members = {m for m in members if m in country_codes and (seed_key, m) not in MEMBER_REMOVALS}
        if seed_key == "C5+1":
            members = {*CENTRAL_ASIA, "US"}
        kind = "format" if seed_key in FORMAT_KEYS else "international"
        rows.append(
            {
                "key": key,
                "label": org["name"],
                "aliases": "|".join(aliases),
                "qid": qid,
                "members": "|".join(sorted(members)),
                "kind": kind,
            }
        )
    for key, (block_id, extra, kind) in BLOCK_ORGS.items():
        block = blocks[block_id]
        members = {
            item["id"]
            for item in block.get("includes") or []
            if item.get("type") == "country" and item.get("status") == "member" and item["id"] in country_codes
        }
        rows.append(
            {
                "key": key,
                "label": BLOCK_LABELS.get(key, block["name"]),
                "aliases": "|".join(unique([key, *extra])),
                "qid": block.get("wikidata_id") or "",
                "members": "|".join(sorted(members)),
                "kind": kind,
            }
        )
    for key, label, aliases_, qid, members_, kind in EXTRA_ORGS:
        rows.append(
            {
                "key": key,
                "label": label,
                "aliases": "|".join(unique([key, *aliases_, *([label] if "(" not in label else [])])),
                "qid": qid,
                "members": "|".join(sorted(members_)),
                "kind": kind,
            }
        )
    keys = [r["key"] for r in rows]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate organisation keys")
    return sorted(rows, key=lambda r: r["key"])


# ---------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------


def plural_word(word: str) -> str:
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("man"):
        return word[:-3] + "men"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|ch|sh)$", word):
        return word + "es"
    return word + "s"


def plural_title(title: str) -> str:
    if title in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[title]
    # "Secretary of State" -> "Secretaries of State": the head word comes
    # before the first preposition.
    match = re.match(r"(.*?)( (?:of|for|to|on) .*)$", title)
    head, tail = (match.group(1), match.group(2)) if match else (title, "")
    words = head.split(" ")
    last = words[-1]
    if last.endswith("-General"):  # "Under-Secretary-General"
        pieces = last[: -len("-General")].split("-")
        pieces[-1] = plural_word(pieces[-1])
        words[-1] = "-".join(pieces) + "-General"
    elif re.search(r"-(?:at-Large|in-Chief|in-Office|designate)$", last):
        first, rest = last.split("-", 1)
        words[-1] = plural_word(first) + "-" + rest
    elif last in ("General", "Regent") and len(words) > 1:  # "Attorneys General", "Captains Regent"
        words[-2] = plural_word(words[-2])
    elif last in ("Plenipotentiary",):
        words[0] = plural_word(words[0])
    else:
        words[-1] = plural_word(last)
    return " ".join(words) + tail


def military_ranks(source: Path) -> list[str]:
    """The military ranks among rigour's name prefixes ("Rear Admiral", "Lieutenant General"): written
    before a name, they are titles, not part of it."""
    prefixes = load_json(source, "rigour_person_name_prefixes.json")["PERSON_NAME_PREFIXES"]
    return sorted({p for p in prefixes if p in RANK_PREFIXES})


def build_titles(source: Path) -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for seed in load_rows(source, "diplomatic_titles_seed.tsv", delimiter="\t"):
        title, seed_category, role = seed["title"], seed["category"], seed["role"]
        if title in KEPT_HONORIFICS:
            category, canonical = KEPT_HONORIFICS[title]
        elif seed_category in ("honorific", "abbreviation"):
            continue
        else:
            canonical = CANONICAL.get(title) or ROLE_CANONICAL.get(role) or title
            if title in ROYAL_TITLES:
                category = "royal"
            elif seed_category == "foreign_affairs":
                category = "minister" if role == "foreign_minister" else "deputy"
            elif seed_category == "diplomat":
                category = "envoy"
            elif seed_category == "io_official":
                category = "official" if title in IO_OFFICIALS else "organization_head"
            elif seed_category == "cabinet":
                category = "official" if title in CABINET_OFFICIALS else "minister"
            else:
                category = CATEGORY_BY_SEED[seed_category]
        rows[title] = {"title": title, "category": category, "canonical": canonical}
    for title, category, canonical in EXTRA_TITLES:
        rows[title] = {"title": title, "category": category, "canonical": canonical}
    for rank in military_ranks(source):
        canonical = rank.replace("-", " ")
        rows.setdefault(rank, {"title": rank, "category": "military", "canonical": canonical})
        rows.setdefault(canonical, {"title": canonical, "category": "military", "canonical": canonical})
    for row in rows.values():
        row["plural"] = plural_title(row["title"])
    missing = sorted({row["canonical"] for row in rows.values()} - set(rows))
    if missing:
        raise ValueError(f"canonical titles missing as titles: {', '.join(missing)}")
    return [rows[t] for t in sorted(rows)]


# ---------------------------------------------------------------------------
# Office holders
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    name: str
    qid: str
    of: str
    title: str
    start: str
    end: str
    aliases: tuple[str, ...] = ()
    position: str = ""  # Wikidata position id, for successions


def name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-,.'’]+", fold(name)) if len(t) >= 3 and t not in LOWER_PARTICLES]


def similar(x: str, y: str) -> bool:
    return x == y or (min(len(x), len(y)) >= 4 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.75)


def same_person(a: str, b: str) -> bool:
    """Loose match across transliterations: two similar name tokens, or a
    similar last token ('Mohammed Bin Zayed Al Nahyan' ~ 'Muhammad bin Zayid
    Al Nuhayyan', 'Abdullah II' ~ 'Abdallah II'; not 'Le Minh Hung' ~ 'Pham
    Minh Chinh')."""
    left, right = name_tokens(a), name_tokens(b)
    if not left or not right:
        return False
    shared = [x for x in left if any(similar(x, y) for y in right)]
    return len(shared) >= 2 or similar(left[-1], right[-1])


def recase_token(token: str) -> str:
    """'MERZ' -> 'Merz', 'SASSOU-Nguesso' -> 'Sassou-Nguesso', 'BIN' -> 'bin', "O'NEILL" -> "O'Neill"."""

    def part(piece: str) -> str:
        if len(piece) < 2 or not piece.isupper():
            return piece
        if re.fullmatch(r"[IVX]+", piece):
            return piece
        if piece.lower() in LOWER_PARTICLES - {"al"}:
            return piece.lower()
        recased = piece.lower().capitalize()
        return re.sub(r"^(\w['’])(\w)", lambda m: m.group(1) + m.group(2).upper(), recased)

    return "-".join(part(p) for p in token.split("-"))


def parse_since(text: str) -> str:
    """'6 May 2025' -> '2025-05-06'; 'April 2018' / '1997' -> the year."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})", text)
    if m and m.group(2) in MONTHS:
        return datetime.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))).isoformat()
    m = re.search(r"(\d{4})$", text)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class FactbookHolder:
    iso: str
    title: str | None  # canonical; None when the Factbook gives no title
    name: str
    since: str


def parse_factbook_field(iso: str, text: str | None) -> FactbookHolder | None:
    """'Chancellor Friedrich MERZ (since 6 May 2025)' -> holder; None when unclear."""
    if not text:
        return None
    first = re.split(r";|,? represented by", text)[0].strip()
    m = re.match(r"(.*?)\s*\((?:since )?([^()]*\d{4})\)", first)
    if not m:
        return None
    body, since = m.group(1).strip(), parse_since(m.group(2))
    title = None
    for written in sorted(FACTBOOK_TITLES, key=len, reverse=True):
        if body.startswith(written + " "):
            title, body = FACTBOOK_TITLES[written], body[len(written) + 1 :]
            break
    tokens = body.split()
    while tokens and (tokens[0] in RANKS or (title is None and tokens[0] in FACTBOOK_LEAD_WORDS)):
        tokens = tokens[1:]
    if not tokens or not any(len(t) > 1 and t.replace("-", "").replace("'", "").isupper() for t in tokens):
        return None  # no surname in capitals: not a name we can read
    if any(t[0].islower() and t.lower() not in LOWER_PARTICLES and "-" not in t for t in tokens):
        return None  # "President of Council of Ministers ..." and other prose
    tokens[-1] = tokens[-1].rstrip(",")
    name = " ".join(recase_token(t) for t in tokens)
    return FactbookHolder(iso, title, name, since)


def position_title(label: str, iso: str, person: str) -> str | None:
    """Wikidata position label -> canonical title ('Federal Chancellor of Germany' -> 'Chancellor')."""
    lowered = label.strip().lower()
    if lowered.startswith("monarch"):
        return MONARCH_TITLES.get(person) or MONARCH_TITLE_BY_COUNTRY.get(iso) or "King"
    for prefix in sorted(POSITION_TITLES, key=len, reverse=True):
        if lowered == prefix or lowered.startswith(prefix + " of ") or lowered.startswith(prefix + " ("):
            return POSITION_TITLES[prefix]
    return None


MONARCHS = frozenset({"King", "Queen", "Emperor", "Emir", "Sultan", "Prince", "Grand Duke", "Pope"})


def clean_person_label(label: str) -> tuple[str, tuple[str, ...]]:
    """Source label -> (name, aliases): drop honorifics, nicknames in quotes,
    a ', Grand Duke of Luxembourg' style apposition."""
    original = " ".join(label.split())
    name = original.split(", ")[0] if ", " in original and not original.endswith((", Jr.", ", Sr.")) else original
    for prefix in NAME_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    name = re.sub(r' "[^"]+"', "", name)
    return name, tuple(a for a in (original,) if a != name and '"' not in a and ", " not in a)


def strip_realm(name: str, aliases: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """'Abdullah II of Jordan' -> 'Abdullah II' (the long form kept as alias)."""
    short = re.sub(r" of (?:the )?[A-Z][\w ]*$", "", name)
    if short != name:
        return short, tuple(unique([*aliases, name]))
    return name, aliases


def country_qids(source: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in load_json(source, "internacia_countries.json"):
        if c.get("wikidata_id"):
            out[c["wikidata_id"]] = c["code"]
    for t in load_json(source, "rigour_territories.json"):
        if len(t["code"]) == 2 and t.get("qid"):
            for qid in [t["qid"], *(t.get("other_qids") or [])]:
                out.setdefault(qid, t["code"].upper())
    return out


def year(value: str) -> int:
    return int(value[:4]) if value else 0


# PETRARCH2's actors carry tenures as codes: "IGOUNO 970101-061231", "IGOUNO >20070101".
PETRARCH_TENURE = re.compile(r"IGOUNO\s+(>?)(\d{8}|\d{6})(?:-(\d{8}|\d{6}))?")


def petrarch_day(value: str) -> str:
    """'970101' -> '1997-01-01', '20070101' -> '2007-01-01' (two-digit years: 45-99 are the 1900s)."""
    if len(value) == 6:
        value = ("19" if int(value[:2]) >= 45 else "20") + value
    return f"{value[:4]}-{value[4:6]}-{value[6:]}"


def petrarch_secretaries_general(source: Path, later: list[Holder]) -> list[Holder]:
    """Past UN Secretaries-General from PETRARCH2's UN actors: the entries whose names say so
    ("SECRETARY-GENERAL BAN KI-MOON"), with the tenure of their UN code. An open tenure ends the day
    before the next Secretary-General's (here or in the Wikidata rows) starts."""
    found: list[Holder] = []
    for row in load_rows(source, "petrarch2_international_actors.tsv", delimiter="\t"):
        if row["section"] != "The United Nations":
            continue
        forms = [row["name"], *(a.strip() for a in row["aliases"].split("|") if a.strip())]
        if not any(re.search(r"SECRETARY[- ]GENERAL", f) for f in forms):
            continue
        tenure = PETRARCH_TENURE.search(row["codes"])
        if tenure is None:
            continue
        names = [f for f in forms if "SECRETARY" not in f and "UNITED NATIONS" not in f and not re.match(r"\w\.? ", f)]
        if not names:
            continue
        name = " ".join(recase_token(t) for t in max(names, key=len).split())
        start = petrarch_day(tenure.group(2))
        end = petrarch_day(tenure.group(3)) if tenure.group(3) else ""
        aliases = tuple(unique(" ".join(recase_token(t) for t in n.split()) for n in names if n != max(names, key=len)))
        found.append(Holder(name, "", "UN", "Secretary-General", start, end, aliases=aliases))
    found.sort(key=lambda h: h.start)
    starts = sorted([h.start for h in found] + [h.start for h in later if h.title == "Secretary-General"])
    for i, holder in enumerate(found):
        if not holder.end:
            following = [s for s in starts if s > holder.start]
            if following:
                day = datetime.date.fromisoformat(following[0]) - datetime.timedelta(days=1)
                found[i] = replace(holder, end=day.isoformat())
    return found


def build_office_holders(source: Path, country_codes: set[str], states: set[str]) -> list[dict[str, str]]:
    qid_to_iso = country_qids(source)
    old = load_rows(source, "wikidata_world_leaders_2024-10.csv")
    new = load_rows(source, "wikidata_world_leaders_2026-index.csv")
    old_keys = {(r["position"], r["officeholder"]) for r in old}
    new_keys = {(r["position"], r["officeholder"]) for r in new}

    factbook: dict[tuple[str, str | None], FactbookHolder] = {}
    untitled: list[FactbookHolder] = []
    for entry in load_json(source, "factbook_government_extract.json"):
        iso = entry.get("iso2")
        if iso not in country_codes:
            continue
        for field_name in ("chief_of_state", "head_of_government"):
            parsed = parse_factbook_field(iso, entry.get(field_name))
            if parsed is None:
                continue
            if parsed.title is None:
                untitled.append(parsed)
            else:
                factbook.setdefault((iso, parsed.title), parsed)

    # Merge the two snapshots per (position, person).
    merged: dict[tuple[str, str], dict[str, str]] = {}
    for row in old + new:
        row_key = (row["position"], row["officeholder"])
        if row_key in merged:
            kept = merged[row_key]
            if QID_RE.fullmatch(kept["officeholderLabel"]) and not QID_RE.fullmatch(row["officeholderLabel"]):
                kept["officeholderLabel"] = row["officeholderLabel"]
            if not kept["end_year"] and row["end_year"]:
                kept["end_year"] = row["end_year"]
        else:
            merged[row_key] = dict(row)

    holders: list[Holder] = []
    qid_only: list[Holder] = []  # labels missing: kept only if the Factbook confirms them
    for key, row in sorted(merged.items()):
        iso = qid_to_iso.get(row["countryid"])
        if iso not in country_codes:
            continue
        label, aliases = clean_person_label(row["officeholderLabel"])
        title = position_title(row["positionLabel"], iso, label)
        if title is None:
            continue
        if title in MONARCHS:
            label, aliases = strip_realm(label, aliases)
        holder = Holder(
            label,
            row["officeholder"],
            iso,
            title,
            row["start_year"],
            row["end_year"],
            aliases=aliases,
            position=row["position"],
        )
        if QID_RE.fullmatch(label):
            qid_only.append(holder)
            continue
        # A 2026-only current holder must agree with the Factbook (vandalism,
        # or changes after the Factbook's final state).
        if key not in old_keys and not holder.end:
            fb = factbook.get((iso, title))
            if fb is not None and not (same_person(fb.name, label) or year(fb.since) == year(holder.start)):
                print(f"dropped 2026 row {label!r} ({iso} {title}): Factbook has {fb.name!r}", file=sys.stderr)
                continue
        holders.append(holder)

    # A 2024 current holder missing in 2026 ended when a successor began.
    for i, holder in enumerate(holders):
        key = (holder.position, holder.qid)
        if key in old_keys and key not in new_keys and not holder.end:
            successors = [
                h.start
                for h in holders
                if h.position == holder.position
                and h.qid != holder.qid
                and year(h.start) >= year(holder.start)
                and (h.position, h.qid) in new_keys
            ]
            if successors:
                holders[i] = replace(holder, end=min(successors, key=year))

    # Factbook current holders: confirm, date or add them; end predecessors.
    for fb in [*sorted(factbook.values(), key=lambda h: (h.iso, h.title or "")), *untitled]:

        def candidate(h: Holder, fb: FactbookHolder = fb) -> bool:
            return (
                h.of == fb.iso
                and (fb.title is None or h.title == fb.title)
                and (not h.end or year(h.start) == year(fb.since) or year(h.end) >= FACTBOOK_YEAR)
            )

        candidates = [h for h in holders if candidate(h)]
        matches = [h for h in candidates if same_person(h.name, fb.name)]
        if not matches and fb.title is not None:
            # Transliterations too far apart: the same post taken up the same year.
            same_year = [h for h in candidates if year(h.start) == year(fb.since)]
            matches = same_year if len(same_year) == 1 else []
        if fb.title is None:
            titles = {h.title for h in matches if same_person(h.name, fb.name)}
            if len(titles) != 1:
                continue
            fb = replace(fb, title=titles.pop())
            matches = [h for h in matches if h.title == fb.title and same_person(h.name, fb.name)]
        if not matches:
            confirmed = [
                h
                for h in qid_only
                if h.of == fb.iso and h.title == fb.title and not h.end and year(h.start) == year(fb.since)
            ]
            qid = confirmed[0].qid if len(confirmed) == 1 else ""
            new_holder = Holder(fb.name, qid, fb.iso, str(fb.title), fb.since, "")
            holders.append(new_holder)
            matches = [new_holder]
        for match in matches:
            index = holders.index(match)
            aliases = match.aliases
            if fold(fb.name) != fold(match.name):
                aliases = tuple(unique([*aliases, fb.name]))
            start = fb.since if year(fb.since) == year(match.start) or not match.start else match.start
            end = match.end if match.end and year(match.end) >= FACTBOOK_YEAR else ""
            holders[index] = replace(match, start=start, end=end, aliases=aliases)
        matched = {holders.index(m) if m in holders else -1 for m in matches}
        if fb.title in SINGLE_HOLDER:
            for i, h in enumerate(holders):
                if (
                    i not in matched
                    and h.of == fb.iso
                    and h.title == fb.title
                    and not same_person(h.name, fb.name)
                    and year(h.start) <= year(fb.since)
                    and (not h.end or year(h.end) > year(fb.since))
                ):
                    holders[i] = replace(h, end=fb.since)

    # Foreign ministers (Jan 2023 snapshot).
    for row in load_rows(source, "wikidata_foreign_ministers_2023-01.csv"):
        iso = qid_to_iso.get(row["country"])
        if not row["person"] or iso not in country_codes or iso in CURATED_FM_COUNTRIES:
            continue
        if QID_RE.fullmatch(row["name"]):
            continue
        name, aliases = clean_person_label(row["name"])
        holders.append(Holder(name, row["person"], iso, "Foreign Minister", row["start"], "", aliases=aliases))

    # UN system (Jan 2023 snapshot).
    for row in load_rows(source, "wikidata_un_officials_2023-01.csv"):
        post = UN_POSITIONS.get(row["position"])
        if post is None:
            continue
        start = row["start"] if re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", row["start"]) else row["start"][:4]
        holders.append(Holder(row["person"], row["personID"], post[0], post[1], start, UN_ENDS.get(row["person"], "")))

    holders += petrarch_secretaries_general(source, [h for h in holders if h.of == "UN"])

    curated = [Holder(name, qid, of, title, start, end) for name, qid, of, title, start, end in CURATED_HOLDERS]

    def tenure(h: Holder) -> tuple[str, str, str, int]:
        return (h.of, h.title, h.qid or fold(h.name), year(h.start))

    curated_tenures = {tenure(h) for h in curated}
    holders = [h for h in holders if tenure(h) not in curated_tenures] + curated

    rows = []
    for h in holders:
        alias_list = [a for a in unique([*h.aliases, *EXTRA_PERSON_ALIASES.get(h.qid, ())]) if fold(a) != fold(h.name)]
        rows.append(
            {
                "name": h.name,
                "qid": h.qid,
                "of": h.of,
                "title": h.title,
                "start": h.start,
                "end": h.end,
                "aliases": "|".join(alias_list),
            }
        )
    # A territory's head of state is its sovereign's (Charles III of the Cook
    # Islands, Macron of French Polynesia): such a row would give the
    # sovereign's head a second country; only the territory's own offices stay.
    territories = {h.of for h in holders} - set(states)
    state_heads = {fold(h.name) for h in holders if h.of in states}
    rows = [r for r in rows if r["of"] not in territories or fold(r["name"]) not in state_heads]
    unique_rows = {tuple(r.values()): r for r in rows}
    return sorted(unique_rows.values(), key=lambda r: (r["of"], r["title"], r["start"], r["name"]))


# ---------------------------------------------------------------------------
# Portfolios
# ---------------------------------------------------------------------------

# PETRARCH2 agent phrases naming a ministry or department with its portfolio:
# "!MINIST! FOR AGRICULTURE, FISHERIES AND FOOD", "DEPARTMENT OF THE ENVIRONMENT".
PORTFOLIO_PHRASE = re.compile(
    r"^(?:!MINIST!|MINISTER|MINISTRY|MINISTRIES|DEPARTMENT|SECRETARY|SECRETARIAT|OFFICE|BUREAU|AGENCY|COMMISSION)"
    r"\s+(?:OF|FOR)\s+(?:THE\s+)?([A-Z][A-Z ,&'-]*[A-Z])$"
)
# Small words kept in lower case when a portfolio is re-cased.
PORTFOLIO_SMALL_WORDS = frozenset({"and", "of", "the", "for", "on", "in"})


def build_portfolios(source: Path) -> list[dict[str, str]]:
    """The portfolios of ministries and departments ("Agriculture, Fisheries and Food"): the words that
    titles of office are made of, beside people's names."""
    found: set[str] = set()
    for row in load_rows(source, "petrarch2_agents.tsv", delimiter="\t"):
        match = PORTFOLIO_PHRASE.match(" ".join(row["name"].split()))
        if not match:
            continue
        words = match.group(1).replace(" ,", ",").split()
        found.add(" ".join(w.lower() if w.lower() in PORTFOLIO_SMALL_WORDS else w.capitalize() for w in words))
    return [{"portfolio": p} for p in sorted(found)]


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def build(source: Path, out: Path) -> dict[str, int]:
    """Write the tables into ``out``; return their row counts."""
    if not (source / "SOURCES.md").is_file():
        raise FileNotFoundError(f"No gazetteer sources in {source}: pass --source DIR")
    out.mkdir(parents=True, exist_ok=True)
    countries = build_countries(source)
    codes = {c.iso for c in countries if not c.historical}
    states = codes - (forum_territories(source) - un_members(source))
    organizations = build_organizations(source, codes)
    counts = {
        "countries.tsv": write_table(
            out / "countries.tsv",
            ("iso", "qid", "label", "names", "adjectives", "capitals", "historical"),
            country_rows(countries),
        ),
        "organizations.tsv": write_table(
            out / "organizations.tsv", ("key", "label", "aliases", "qid", "members", "kind"), organizations
        ),
        "titles.tsv": write_table(
            out / "titles.tsv", ("title", "category", "plural", "canonical"), build_titles(source)
        ),
        "officeholders.tsv": write_table(
            out / "officeholders.tsv",
            ("name", "qid", "of", "title", "start", "end", "aliases"),
            build_office_holders(source, codes, states),
        ),
        "portfolios.tsv": write_table(out / "portfolios.tsv", ("portfolio",), build_portfolios(source)),
    }
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of source data")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write the tables to")
    args = parser.parse_args(argv)
    try:
        counts = build(args.source, args.out)
    except (OSError, ValueError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
