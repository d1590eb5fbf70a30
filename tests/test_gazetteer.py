"""Tests for kg.extract.gazetteer and the tables built by data/build_gazetteers.py."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract.gazetteer import Gazetteer, OfficeHolder, fold_name, load_gazetteer

REPO = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO / "data" / "build_gazetteers.py"
SOURCE = REPO.parent / "shared" / "gazetteer"
TABLES = ("countries.tsv", "organizations.tsv", "titles.tsv", "officeholders.tsv", "portfolios.tsv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


# -- countries --------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "iso", "kind"),
    [
        ("U.S.", "US", "name"),
        ("US", "US", "name"),
        ("United States of America", "US", "name"),
        ("America", "US", "name"),
        ("American", "US", "adjective"),
        ("Washington", "US", "capital"),
        ("White House", "US", "capital"),
        ("Kazakhstan", "KZ", "name"),
        ("Kazakh", "KZ", "adjective"),
        ("Kazakhstani", "KZ", "adjective"),
        ("Astana", "KZ", "capital"),
        ("Moscow", "RU", "capital"),
        ("Kremlin", "RU", "capital"),
        ("Russian Federation", "RU", "name"),
        ("UK", "GB", "name"),
        ("Britain", "GB", "name"),
        ("British", "GB", "adjective"),
        ("Republic of Korea", "KR", "name"),
        ("ROK", "KR", "name"),
        ("DPRK", "KP", "name"),
        ("Emirati", "AE", "adjective"),
        ("Kyiv", "UA", "capital"),
        ("Kiev", "UA", "capital"),
        ("Georgia", "GE", "name"),
        ("Holy See", "VA", "name"),
        ("Soviet Union", "SU", "name"),
        ("Soviet", "SU", "adjective"),
    ],
)
def test_country_surface_forms(gazetteer: Gazetteer, surface: str, iso: str, kind: str) -> None:
    assert gazetteer.country_surface_forms()[surface] == (iso, kind)


@pytest.mark.parametrize(
    "surface",
    ["Congo", "Korea", "Brussels", "Victoria", "Sofia", "Male", "Union", "Republic", "EU", "Estados Unidos", "D.C."],
)
def test_ambiguous_or_unsafe_forms_are_left_out(gazetteer: Gazetteer, surface: str) -> None:
    assert surface not in gazetteer.country_surface_forms()


def test_shared_adjectives_go_to_one_state(gazetteer: Gazetteer) -> None:
    forms = gazetteer.country_surface_forms()
    assert forms["Korean"] == ("KR", "adjective")
    assert forms["Congolese"] == ("CD", "adjective")
    north_korea = gazetteer.country("KP")
    assert north_korea is not None and "Korean" not in north_korea.adjectives


def test_country_entries(gazetteer: Gazetteer) -> None:
    soviet_union = gazetteer.country("SU")
    assert soviet_union is not None
    assert soviet_union.historical and soviet_union.qid == "Q15180"
    united_states = gazetteer.country("us")
    assert united_states is not None
    assert (united_states.label, united_states.qid, united_states.historical) == ("United States", "Q30", False)
    assert gazetteer.country("XX") is None
    current = [c for c in gazetteer.countries if not c.historical]
    assert 195 <= len(current) <= 210
    assert all(c.qid and c.qid.startswith("Q") for c in gazetteer.countries)
    assert {"TW", "XK", "PS", "VA"} <= {c.iso for c in current}


def test_territories_seated_in_regional_forums_are_countries(gazetteer: Gazetteer) -> None:
    # Full members of the Pacific Islands Forum, the OECS and the Nordic
    # Council take part in summits under their own ISO codes.
    forms = gazetteer.country_surface_forms()
    for name, iso in [("Cook Islands", "CK"), ("Niue", "NU"), ("French Polynesia", "PF"),
                      ("New Caledonia", "NC"), ("Montserrat", "MS"), ("Greenland", "GL")]:
        assert forms[name] == (iso, "name")
    assert forms["French"] == ("FR", "adjective")
    assert "Plymouth" not in forms  # Montserrat's abandoned capital; the English city in news
    assert gazetteer.country("HK") is None  # no seat of its own in a political forum


def test_a_territorys_sovereign_head_keeps_one_country(gazetteer: Gazetteer) -> None:
    macron = gazetteer.holders_named("Emmanuel Macron")
    assert {h.of for h in macron} == {"FR", "AD"}  # Co-Prince of Andorra, a state; not French Polynesia's head
    cook_islands = {h.name for h in gazetteer.office_holders if h.of == "CK"}
    assert "Charles III" not in cook_islands and cook_islands


def test_surface_forms_are_latin_script(gazetteer: Gazetteer) -> None:
    for form in gazetteer.country_surface_forms():
        assert form.isascii() or all(ord(c) < 0x250 for c in form), form


# -- organisations ----------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("UN", "UN"),
        ("U.N.", "UN"),
        ("United Nations", "UN"),
        ("E.U.", "EU"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("C5+1", "C5+1"),
        ("European Commission", "European Commission"),
        ("State Department", "State Department"),
        ("Pacific Islands Forum", "PIF"),
        ("Economic Community of West African States", "ECOWAS"),
        ("Visegrad Group", "Visegrad Group"),
        ("E3", "E3"),
    ],
)
def test_organization_surface_forms(gazetteer: Gazetteer, surface: str, key: str) -> None:
    assert gazetteer.organization_surface_forms()[surface] == key


def test_organizations(gazetteer: Gazetteer) -> None:
    un = gazetteer.organization("UN")
    assert un is not None and un.qid == "Q1065" and un.kind == "international"
    assert len(un.members) == 193
    c5_plus_1 = gazetteer.organization("C5+1")
    assert c5_plus_1 is not None
    assert c5_plus_1.members == ("KG", "KZ", "TJ", "TM", "US", "UZ")
    assert c5_plus_1.kind == "format"
    commission = gazetteer.organization("European Commission")
    assert commission is not None and commission.qid == "Q8880"
    state_department = gazetteer.organization("State Department")
    assert state_department is not None and state_department.kind == "government_body"
    assert gazetteer.organization("Kremlin") is None
    forum = gazetteer.organization("PIF")
    assert forum is not None and forum.qid == "Q757276"
    assert {"AU", "NZ", "FJ", "CK", "NC"} <= set(forum.members) and "US" not in forum.members


def test_organization_members_are_known_states(gazetteer: Gazetteer) -> None:
    isos = {c.iso for c in gazetteer.countries}
    for organization in gazetteer.organizations:
        assert set(organization.members) <= isos, organization.key
        assert organization.kind in {"international", "format", "government_body"}


# -- titles -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "canonical"),
    [
        ("Minister of Foreign Affairs", "Foreign Minister"),
        ("Foreign Minister", "Foreign Minister"),
        ("Foreign Secretary", "Foreign Minister"),
        ("Minister for Foreign Affairs", "Foreign Minister"),
        ("Minister of External Affairs", "Foreign Minister"),
        ("Secretary of State", "Foreign Minister"),
        ("minister  of foreign affairs", "Foreign Minister"),
        ("Premier", "Prime Minister"),
        ("Federal Chancellor", "Chancellor"),
        ("Ambassador to India", "Ambassador"),
        ("Special Envoy to Central Asia", "Special Envoy"),
        ("President of the European Council", "President"),
        ("First Vice Foreign Minister", "First Deputy Foreign Minister"),
        ("Political Director", "Political Director"),
        ("Chief Whisperer", "Chief Whisperer"),
    ],
)
def test_canonical_title(gazetteer: Gazetteer, title: str, canonical: str) -> None:
    assert gazetteer.canonical_title(title) == canonical


@pytest.mark.parametrize(
    ("title", "plural"),
    [
        ("Prime Minister", "Prime Ministers"),
        ("President", "Presidents"),
        ("Foreign Minister", "Foreign Ministers"),
        ("Secretary of State", "Secretaries of State"),
        ("Minister of Foreign Affairs", "Ministers of Foreign Affairs"),
        ("Secretary-General", "Secretaries-General"),
        ("Attorney General", "Attorneys General"),
    ],
)
def test_title_plurals(gazetteer: Gazetteer, title: str, plural: str) -> None:
    entries = {t.title: t for t in gazetteer.titles}
    assert entries[title].plural == plural


def test_title_entry_and_canonical_titles_are_titles(gazetteer: Gazetteer) -> None:
    entry = gazetteer.title_entry("secretary of state")
    assert entry is not None and (entry.title, entry.canonical) == ("Secretary of State", "Foreign Minister")
    assert gazetteer.title_entry("Chief Whisperer") is None
    for title in gazetteer.titles:
        assert gazetteer.title_entry(title.canonical) is not None, title
    for holder in gazetteer.office_holders:
        assert gazetteer.title_entry(holder.title) is not None, holder


def test_title_categories(gazetteer: Gazetteer) -> None:
    allowed = {
        "head_of_state",
        "head_of_government",
        "minister",
        "deputy",
        "envoy",
        "legislator",
        "royal",
        "official",
        "organization_head",
        "military",
    }
    assert {t.category for t in gazetteer.titles} <= allowed
    categories = {t.title: t.category for t in gazetteer.titles}
    assert categories["Crown Prince"] == "royal"
    assert categories["Senator"] == "legislator"
    assert categories["Special Envoy"] == "envoy"
    # ranks are titles, so that "Rear Admiral Jane Doe" is not read as a person named "Rear"
    assert categories["Rear Admiral"] == categories["Lieutenant General"] == "military"


# -- office holders ---------------------------------------------------------


def test_holder_for_merz(gazetteer: Gazetteer) -> None:
    merz = gazetteer.holder_for("Merz", "Chancellor", datetime.date(2025, 12, 15))
    assert merz is not None
    assert (merz.name, merz.of, merz.title) == ("Friedrich Merz", "DE", "Chancellor")
    assert merz.start == datetime.date(2025, 5, 6)
    assert gazetteer.holder_for("Merz", "Chancellor", datetime.date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("name", "title", "day", "of", "expected"),
    [
        ("Macron", "President", datetime.date(2025, 6, 1), None, ("Emmanuel Macron", "FR")),
        ("Emmanuel Macron", None, datetime.date(2025, 6, 1), "FR", ("Emmanuel Macron", "FR")),
        ("Scholz", "Chancellor", datetime.date(2023, 1, 1), None, ("Olaf Scholz", "DE")),
        ("Biden", "President", datetime.date(2023, 6, 1), None, ("Joe Biden", "US")),
        ("Joseph R. Biden, Jr.", "President", datetime.date(2023, 6, 1), "US", ("Joe Biden", "US")),
        ("Trump", "President", datetime.date(2025, 11, 5), None, ("Donald Trump", "US")),
        ("Rubio", "Secretary of State", datetime.date(2025, 11, 5), "US", ("Marco Rubio", "US")),
        ("Blinken", "Secretary of State", datetime.date(2023, 6, 1), None, ("Antony Blinken", "US")),
        ("Tokayev", "President", datetime.date(2025, 11, 5), None, ("Kassym-Jomart Tokayev", "KZ")),
        ("Xi", "President", datetime.date(2025, 11, 5), None, ("Xi Jinping", "CN")),
        ("Wang Yi", "Foreign Minister", datetime.date(2025, 11, 5), None, ("Wang Yi", "CN")),
        ("Putin", None, datetime.date(2025, 11, 5), None, ("Vladimir Putin", "RU")),
        ("Lavrov", "Minister of Foreign Affairs", datetime.date(2025, 11, 5), None, ("Sergey Lavrov", "RU")),
        ("Guterres", "Secretary-General", datetime.date(2024, 1, 1), None, ("António Guterres", "UN")),
        (
            "von der Leyen",
            "President",
            datetime.date(2025, 1, 1),
            None,
            ("Ursula von der Leyen", "European Commission"),
        ),
        (
            "Costa",
            "President of the European Council",
            datetime.date(2025, 1, 1),
            None,
            ("António Costa", "European Council"),
        ),
        ("Michel", "President", datetime.date(2023, 1, 1), "European Council", ("Charles Michel", "European Council")),
    ],
)
def test_holder_for(
    gazetteer: Gazetteer,
    name: str,
    title: str | None,
    day: datetime.date,
    of: str | None,
    expected: tuple[str, str],
) -> None:
    holder = gazetteer.holder_for(name, title, day, of)
    assert holder is not None
    assert (holder.name, holder.of) == expected


@pytest.mark.parametrize(
    ("name", "title", "day"),
    [
        ("Merz", "President", datetime.date(2025, 12, 15)),  # wrong post
        ("Biden", "President", datetime.date(2025, 6, 1)),  # out of office
        ("Nobody-At-All", None, None),  # unknown
    ],
)
def test_holder_for_none(gazetteer: Gazetteer, name: str, title: str | None, day: datetime.date | None) -> None:
    assert gazetteer.holder_for(name, title, day) is None


def test_holder_for_is_none_when_ambiguous(gazetteer: Gazetteer) -> None:
    # Two Presidents of Lebanon called Aoun: without a day, no answer.
    holders = gazetteer.holders_named("Aoun")
    assert {h.name for h in holders} >= {"Joseph Aoun", "Michel Aoun"}
    assert gazetteer.holder_for("Aoun", "President", None) is None
    joseph = gazetteer.holder_for("Aoun", "President", datetime.date(2025, 6, 1))
    assert joseph is not None and joseph.name == "Joseph Aoun"


def test_same_person_in_several_posts_resolves(gazetteer: Gazetteer) -> None:
    charles = gazetteer.holder_for("Charles III", "King", datetime.date(2025, 1, 1))
    assert charles is not None and charles.name == "Charles III"
    assert gazetteer.holder_for("Charles III", "King", datetime.date(2025, 1, 1), "CA") is not None


def test_holders_named_folds_case_and_accents(gazetteer: Gazetteer) -> None:
    assert gazetteer.holders_named("ERDOGAN") == gazetteer.holders_named("Erdoğan")
    assert any(h.name == "Recep Tayyip Erdoğan" for h in gazetteer.holders_named("erdogan"))
    assert gazetteer.holders_named("Friedrich Merz") == gazetteer.holders_named("Merz")


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2025, 6, 1), True),
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2026, 1, 1), False),
        (datetime.date(2025, 5, 6), None, datetime.date(2025, 5, 6), True),
        (datetime.date(2025, 5, 6), None, datetime.date(2025, 5, 5), False),
        (None, datetime.date(2020, 12, 31), datetime.date(1990, 1, 1), True),
    ],
)
def test_holds_on(start: datetime.date | None, end: datetime.date | None, day: datetime.date, expected: bool) -> None:
    holder = OfficeHolder("A B", None, "XX", "President", start, end, ())
    assert holder.holds_on(day) is expected


def test_year_only_dates_cover_the_whole_year(gazetteer: Gazetteer) -> None:
    # Source rows with years only: start is 1 January, end 31 December.
    scholz = next(h for h in gazetteer.office_holders if h.name == "Olaf Scholz")
    assert scholz.start == datetime.date(2021, 1, 1)
    assert scholz.end == datetime.date(2025, 12, 31)


def test_office_holders_are_clean(gazetteer: Gazetteer) -> None:
    keys = {c.iso for c in gazetteer.countries} | {o.key for o in gazetteer.organizations}
    for holder in gazetteer.office_holders:
        assert holder.of in keys, holder
        assert not holder.name.startswith("Q") or not holder.name[1:].isdigit(), holder
        assert holder.start is None or holder.end is None or holder.start <= holder.end, holder
        assert holder.title == gazetteer.canonical_title(holder.title), holder


def test_fold_name() -> None:
    assert fold_name("  Sébastien   LECORNU ") == "sebastien lecornu"


def test_load_gazetteer_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


# -- the build script ---------------------------------------------------------


def _build(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--source", str(SOURCE), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not SOURCE.is_dir(), reason="gazetteer source data not available")
def test_build_is_deterministic_and_matches_committed_tables(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _build(first)
    _build(second)
    for table in TABLES:
        built = (first / table).read_bytes()
        assert built == (second / table).read_bytes(), f"{table} differs between two builds"
        assert built == (REPO / "data" / table).read_bytes(), (
            f"data/{table} is out of date: run .venv/bin/python data/build_gazetteers.py"
        )


def test_build_reports_a_missing_source(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--source", str(tmp_path / "nowhere"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: No gazetteer sources in")
    assert "--source" in result.stderr
