"""Officials and their posts: each reading pinned with short sentences written for the test.

Through the whole extractor (`extract_facts`) where the result is a fact of the graph, and through
the officials step itself where it is what the step hands on (unplaced titles, the headline's cast).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.extract.cast import Cast, Person, PostRecord, UnplacedTitle
from kg.extract.facts import extract_facts
from kg.extract.gazetteer import load_gazetteer
from kg.extract.mentions import find_mentions
from kg.extract.nlp import annotate
from kg.extract.officials import OfficialFinder, read_headline
from kg.extract.publisher import Publisher, publisher_of
from kg.model import Country, Facts
from kg.sources.article import make_article
from kg.sources.inputs import read_article_file


def read(text: str, published: str | None = "2024-05-07", title: str | None = None, url: str | None = None) -> Facts:
    return extract_facts(make_article(text, title=title, url=url, published=published))


def posts(facts: Facts) -> set[tuple[str, str]]:
    return {(p.official.name, p.of.iso if isinstance(p.of, Country) else p.of.key) for p in facts.posts}


def names(facts: Facts) -> set[str]:
    return {o.name for o in facts.officials}


def cast_of(text: str, publisher: Publisher | str | None = None, day: date | None = date(2024, 5, 7)) -> Cast:
    doc = annotate(text)
    return OfficialFinder(doc, find_mentions(doc), load_gazetteer(), day, publisher).find()


def person(cast: Cast, name: str) -> Person:
    found = [p for p in cast.people if p.name == name]
    assert len(found) == 1, [(p.name, p.posts, p.unplaced_titles) for p in cast.people]
    return found[0]


# -- how a name and its title are written ---------------------------------------------------

@pytest.mark.parametrize(
    "text, url, expected",
    [
        # a title, a comma, the name
        ("The Foreign Secretary, Amelia Hartley, will travel to Oslo on Monday.", "https://www.gov.uk/news/x",
         {("Amelia Hartley", "GB")}),
        ("Peruvian President, Mateo Quispe, arrived in Brasilia for two days of talks.", None,
         {("Mateo Quispe", "PE")}),
        ("He later called the Minister for Foreign Affairs of Portugal, Rui Tavares Lopes.", None,
         {("Rui Tavares Lopes", "PT")}),
        ("She met the prime minister of Fiji, Josaia Naupoto, in Suva.", None, {("Josaia Naupoto", "FJ")}),
        # a long title, its portfolio written out, then the name
        ("She met the Hungarian Deputy Minister of Agriculture, Fisheries and Food, Tomas Varga, in Budapest.",
         None, {("Tomas Varga", "HU")}),
        ("Member of the Standing Committee of the Communist Party of Vietnam Tran Duc Minh met the minister.", None,
         {("Tran Duc Minh", "VN")}),
        # the name first, the title after it
        ("Li Wenhao, vice minister for the Chinese Ministry of Commerce, told reporters the talks went well.", None,
         {("Li Wenhao", "CN")}),
        ("Samuel Tarpeh is Liberia's minister of finance.", None, {("Samuel Tarpeh", "LR")}),
        # counterparts
        ("Kenyan President Daniel Kariuki and his Tanzanian counterpart Asha Mwinyi met in Arusha.", None,
         {("Daniel Kariuki", "KE"), ("Asha Mwinyi", "TZ")}),
        ("The minister later spoke with his Nigerian counterpart, Bola Adeyemi, about the border.", None,
         {("Bola Adeyemi", "NG")}),
        # 'leader' is a title only as a country's
        ("The envoy said Cuban leader Rafael Ortiz would receive him on Friday.", None, {("Rafael Ortiz", "CU")}),
        ("The envoy said Belarus's leader Pavel Marchuk would receive him.", None, {("Pavel Marchuk", "BY")}),
        # office nouns the gazetteer lacks, read from their phrase
        ("UN Humanitarian Coordinator for Yemen Karin Holm met the council.", None, {("Karin Holm", "UN")}),
        # coordinated titles, and a country said once for two titles
        ("Cuba's Vice President and Vice Chairman of the Council of State Ramon Diaz spoke first.", None,
         {("Ramon Diaz", "CU")}),
        ("Australian Foreign Minister Penny Walsh and Defence Minister Mark Ellis met their hosts in Tokyo.", None,
         {("Penny Walsh", "AU"), ("Mark Ellis", "AU")}),
        # plural titles over lists of names and countries
        ("The presidents of Chile, Ana Rivas, Peru's Luis Cano, and Bolivia's Jorge Mamani signed the declaration.",
         None, {("Ana Rivas", "CL"), ("Luis Cano", "PE"), ("Jorge Mamani", "BO")}),
        ("Prime Ministers Olsen of Denmark and Lindqvist of Sweden met in Malmo.", None,
         {("Olsen", "DK"), ("Lindqvist", "SE")}),
        # a government body before the title gives its country
        ("State Department spokesman Tom Casey said the visit would go ahead.", None, {("Tom Casey", "US")}),
        # the officials of a group the text gives a country
        ("Japanese officials, including Vice Minister Kenji Arai, attended the session.", None,
         {("Kenji Arai", "JP")}),
        # going along with someone whose country is said
        ("The President of Ghana was accompanied by Foreign Minister Ama Owusu.", None, {("Ama Owusu", "GH")}),
    ],
)
def test_titled_names_and_the_country_of_their_post(text: str, url: str | None, expected: set[tuple[str, str]]) -> None:
    assert expected <= posts(read(text, url=url))


def test_two_presidents_are_not_one_country() -> None:
    found = posts(read("Chinese President Wang Lei and President Ana Ruiz held talks in Beijing."))
    assert ("Wang Lei", "CN") in found and ("Ana Ruiz", "CN") not in found


def test_opposition_leader_is_no_official() -> None:
    assert "Maria Lopez" not in names(read("The ambassador also met opposition leader Maria Lopez in Caracas."))


def test_a_fronted_phrase_is_no_apposition() -> None:
    facts = read("In a meeting with Greek Foreign Minister Nikos Dimas, the Secretary-General praised the plan.",
                 url="https://www.un.org/sg/x")
    assert ("Nikos Dimas", "GR") in posts(facts)
    assert not any(name == "Nikos Dimas" and of == "UN" for name, of in posts(facts))


def test_a_name_with_the_same_title_after_it_is_not_the_first_titles() -> None:
    facts = read("At the invitation of the President of Ghana, Kofi Mensah, the President of Togo, visited Accra.")
    assert ("Kofi Mensah", "TG") in posts(facts) and ("Kofi Mensah", "GH") not in posts(facts)


# -- honorifics, ranks, past titles, and words that are no names ------------------------------

def test_honorifics_are_no_part_of_the_name_and_end_no_sentence() -> None:
    doc = annotate("The delegation was led by Hon. Peter Mwangi and Smt. Kavita Rao.")
    assert len(list(doc.sents)) == 1
    facts = read("The minister met the Minister of Trade of Kenya, Hon. Peter Mwangi, and Dato' Sri Aziz Rahman.")
    assert ("Peter Mwangi", "KE") in posts(facts)
    assert not any(n.startswith(("Hon", "Dato", "Sri")) for n in names(facts))


def test_a_military_rank_is_a_title_not_a_name() -> None:
    facts = read("Pentagon Press Secretary Rear Admiral Tom Hale said the talks with Chile went well.",
                 url="https://www.defense.gov/x")
    assert ("Tom Hale", "US") in posts(facts) and "Rear" not in names(facts)


@pytest.mark.parametrize(
    "text",
    [
        "Former Brazilian President Carlos Lima attended the ceremony.",
        "The law was signed by then-President Alan Ford in 1990.",
        "A statue honours the late King Olav Haraldsen of Norway.",
        "Carlos Lima, the former president of Brazil, attended the ceremony.",
    ],
)
def test_titles_held_in_the_past_give_no_official(text: str) -> None:
    assert not names(read(text)) & {"Carlos Lima", "Alan Ford", "Olav Haraldsen"}


@pytest.mark.parametrize(
    "text",
    [
        "The President spoke during the General Debate of the Assembly.",
        "The meeting was also attended by the Deputy Heads of the Office of the President.",
    ],
)
def test_english_words_after_a_title_are_no_names(text: str) -> None:
    assert not names(read(text)) & {"Debate", "Heads"}


def test_a_family_name_that_is_an_english_word_is_read_after_a_title() -> None:
    assert ("To Van Binh", "VN") in posts(read("The President of Vietnam To Van Binh received the delegation."))


# -- names that a gazetteer lookup needs to read ---------------------------------------------

def test_names_written_family_name_first_are_found() -> None:
    assert ("KISHIDA Fumio", "JP") in posts(read("He met Prime Minister KISHIDA Fumio in Tokyo.",
                                                 published="2022-03-01"))


def test_people_named_by_their_first_word() -> None:
    facts = read("The Prime Minister spoke to Prime Minister Abiy about the drought.", published="2022-03-01",
                 url="https://www.gov.uk/x")
    assert any(name.startswith("Abiy") and of == "ET" for name, of in posts(facts))


def test_a_surname_with_another_one_per_country_title_is_another_person() -> None:
    facts = read("He met Foreign Secretary Radhika Menon in Delhi. A meeting between the two leaders and "
                 "Prime Minister Menon is planned.")
    assert {"Radhika Menon", "Menon"} <= names(facts)


# -- where the country of a post comes from ----------------------------------------------------

def test_the_publishers_country_goes_to_its_own_side_only() -> None:
    cast = cast_of("Deputy Secretary Ann Kim met with Deputy Foreign Minister Lena Sorensen in Copenhagen.",
                   Publisher(country="US"))
    assert person(cast, "Ann Kim").country() == "US"
    sorensen = person(cast, "Lena Sorensen")
    assert sorensen.posts == [] and [u.reason for u in sorensen.unplaced_titles] == ["other-side"]


def test_the_object_of_an_encounter_is_the_publishers_when_the_subject_is_foreign() -> None:
    cast = cast_of("Danish Foreign Minister Lars Holm met with Deputy Secretary Ann Kim.", Publisher(country="US"))
    assert person(cast, "Ann Kim").country() == "US"


def test_never_the_country_most_posts_of_the_article_have() -> None:
    cast = cast_of("US President Jon Carter and US Secretary of State Ellen Ward arrived. "
                   "Deputy Foreign Minister Omar Haddad said he welcomed them.", Publisher())
    assert person(cast, "Omar Haddad").posts == []
    assert [u.title for u in person(cast, "Omar Haddad").unplaced_titles] == ["Deputy Foreign Minister"]


def test_our_minister_is_the_speakers() -> None:
    cast = cast_of('"I asked our Deputy Prime Minister Tran Quoc Hung to prepare the visit," he said.',
                   Publisher(country="RU"))
    hung = person(cast, "Tran Quoc Hung")
    assert hung.posts == [] and hung.unplaced_titles[0].reason == "speaker"


def test_a_head_of_state_title_the_publishers_country_lacks_is_not_the_publishers() -> None:
    cast = cast_of("In Palau, the minister met President Surangel Remengesau.", Publisher(country="AU"))
    assert person(cast, "Surangel Remengesau").unplaced_titles[0].reason == "foreign-head"
    home = cast_of("Prime Minister Jane Harper welcomed the visitors.", Publisher(country="NZ"), date(2010, 3, 1))
    assert person(home, "Jane Harper").country() == "NZ"


def test_a_second_president_in_the_publishers_article_is_anothers() -> None:
    cast = cast_of("President Kim Tae-ho arrived on Monday. President Ana Costa welcomed him at the palace.",
                   Publisher(country="KR"), date(2010, 3, 1))
    assert person(cast, "Kim Tae-ho").country() == "KR" and person(cast, "Ana Costa").posts == []
    known = cast_of("President Tom Reyes welcomed the delegation.", Publisher(country="US"), date(2010, 3, 1))
    assert person(known, "Tom Reyes").unplaced_titles[0].reason == "foreign-head"  # the US president was another


def test_an_unplaced_title_can_be_placed_later() -> None:
    cast = cast_of("In Palau, the minister met President Surangel Remengesau.", Publisher(country="AU"))
    remengesau = person(cast, "Surangel Remengesau")
    remengesau.place(remengesau.unplaced_titles[0], "country", "PW", "location")
    assert remengesau.country() == "PW" and remengesau.unplaced_titles == []
    assert remengesau.posts[0].source == "location"


def test_an_organisations_site_gives_its_staff_their_organisation() -> None:
    facts = read("Secretary-General Ban Ki-moon met the Foreign Minister of Chile, Rosa Mendez.",
                 url="https://www.un.org/sg/en/content/x", published="2012-06-01")
    assert {("Ban Ki-moon", "UN"), ("Rosa Mendez", "CL")} <= posts(facts)
    unnamed = cast_of("The Secretary-General spoke with the President of Chile.", Publisher(organization="UN"))
    assert set(unnamed.title_organization.values()) == {"UN"} and unnamed.people == []
    eu = read("Commissioner for Trade Jana Novak met the ministers.", url="https://eeas.europa.eu/x")
    assert ("Jana Novak", "European Commission") in posts(eu)


def test_an_unnamed_title_gives_a_country_but_no_official() -> None:
    cast = cast_of("The Prime Minister spoke with President Ruto of Kenya.", Publisher(country="GB"))
    assert [p.name for p in cast.people] == ["William Ruto"]
    assert "GB" in cast.title_country.values()


# -- the publisher ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url, licence, expected",
    [
        ("https://www.state.gov/x", "", Publisher(country="US")),
        ("https://www.beehive.govt.nz/x", "", Publisher(country="NZ")),
        ("https://pm.gc.ca/x", "", Publisher(country="CA")),
        ("https://news.un.org/x", "", Publisher(organization="UN")),
        ("https://www.nato.int/x", "", Publisher(organization="NATO")),
        ("https://eeas.europa.eu/x", "", Publisher(organization="EU")),
        # the header names the issuer of a text re-posted elsewhere
        ("https://www.mfa.gov.example.hr/x", "Open Government Licence - Canada (Global Affairs Canada)",
         Publisher(country="CA")),
        ("https://blog.example.com/x", "Reproduction permitted (Ministry of External Affairs, Government of India)",
         Publisher(country="IN")),
        ("https://news.example.com/x", "Public domain (Voice of America, U.S. Government work)",
         Publisher(country="US")),
        ("https://news.example.com/x", "CC BY 2.5 (Example News)", Publisher()),
    ],
)
def test_publisher(url: str, licence: str, expected: Publisher) -> None:
    metadata = (("license", licence),) if licence else ()
    assert publisher_of(url, metadata, load_gazetteer()) == expected


def test_the_header_issuer_reaches_the_posts(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text("title: Minister's trip postponed\nsource: https://www.mvep.gov.hr/x\ndate: 2010-05-01\n"
                    "license: Open Government Licence - Canada (Foreign Affairs Canada media advisory)\n---\n"
                    "The Honourable Claire Dubois, Minister of Foreign Affairs, has postponed her visit to "
                    "Croatia and Finland.\n", encoding="utf-8")
    assert ("Claire Dubois", "CA") in posts(extract_facts(read_article_file(path)))


# -- the headline -----------------------------------------------------------------------------

def test_a_headline_names_an_official_the_body_calls_by_surname_only() -> None:
    body = "During the talks Mr Putin and Mr Hoa discussed trade and the coming state visit."
    headline = "Vladimir Putin met with the Chairman of the Vietnamese National Assembly, Tran Van Hoa"
    known = read_headline(headline, body, load_gazetteer(), date(2005, 3, 1), Publisher(country="RU"))
    assert [(p.name, p.country(), p.posts[0].source) for p in known.people if p.name == "Tran Van Hoa"] == \
        [("Tran Van Hoa", "VN", "headline")]
    facts = read(body, published="2005-03-01", title=headline, url="http://en.kremlin.ru/x")
    assert ("Tran Van Hoa", "VN") in posts(facts)


def test_a_title_case_headline_gives_only_names_the_body_writes() -> None:
    body = "1. The Foreign Minister spoke by telephone with Secretary of State Dana Price on Monday."
    known = read_headline("Foreign Minister Holds Telephone Talks With Counterpart", body, load_gazetteer(),
                          date(2024, 1, 8), Publisher(country="KR"))
    assert known.people == []
    known = read_headline("Foreign Minister's Call With Secretary of State Dana Price", body, load_gazetteer(),
                          date(2024, 1, 8), Publisher(country="KR"))
    assert [p.name for p in known.people] == ["Dana Price"]


# -- the cast's interface ---------------------------------------------------------------------

def test_posts_record_where_their_country_came_from() -> None:
    cast = cast_of("Spokesperson Mark Dale said Ruritania's envoy would visit. French Foreign Minister "
                   "Claire Martin agreed.", Publisher(country="US"))
    assert person(cast, "Mark Dale").posts[0].source == "home"
    assert person(cast, "Claire Martin").posts[0].source == "text"


def test_place_an_unplaced_title_by_hand() -> None:
    somebody = Person(name="Jane Roe", unplaced_titles=[UnplacedTitle("Minister", "Minister", 0, 3)])
    somebody.place(somebody.unplaced_titles[0], "country", "FR", "destination")
    assert somebody.posts == [PostRecord("Minister", "Minister", "country", "FR", 0, "destination")]


# -- mentions in the cases news writes them ----------------------------------------------------

@pytest.mark.parametrize(
    "text, kind, key",
    [
        ("The Asean ministers met in Vientiane.", "organization", "ASEAN"),
        ("Nato allies met in Vilnius.", "organization", "NATO"),
        ("Talks between Sudan and south Sudan resumed.", "country", "SS"),
        ("The Democratic Republic of Congo sent its foreign minister.", "country", "CD"),
    ],
)
def test_mentions_in_other_cases(text: str, kind: str, key: str) -> None:
    assert (kind, key) in {(m.kind, m.key) for m in find_mentions(annotate(text))}


def test_a_lower_case_word_is_no_acronym() -> None:
    assert not any(m.kind == "organization" for m in find_mentions(annotate("Who said the nato word?")))


@pytest.mark.parametrize("text, expected", [
    ("Congress passed the bill on Tuesday.", True),
    ("The senators said Congress would vote.", True),
    ("Lawmakers in the Philippine Congress voted on Tuesday.", False),
    ("Delegates of the African National Congress elected a new leader.", False),
])
def test_a_common_noun_ending_a_longer_name_is_another_body(text: str, expected: bool) -> None:
    found = {m.key for m in find_mentions(annotate(text)) if m.kind == "organization"}
    assert ("U.S. Congress" in found) is expected, found


def test_a_list_of_delegations_gives_each_its_country() -> None:
    cast = cast_of("The ministers of two countries took part:\n- Tajikistan: Foreign Minister Rustam Sharipov\n"
                   "- Uzbekistan: Deputy Foreign Minister Bakhtiyor Saidov", Publisher(country="KR"))
    assert person(cast, "Rustam Sharipov").country() == "TJ"
    assert person(cast, "Bakhtiyor Saidov").country() == "UZ"


def test_an_editors_gloss_in_brackets_gives_the_post() -> None:
    facts = read("The Prime Minister Popescu [Dorin Popescu, Prime Minister of Moldova] thanked the EU ministers.")
    assert ("Dorin Popescu", "MD") in posts(facts)


def test_a_ministry_spokesperson_is_of_the_ministrys_country() -> None:
    facts = read("Chinese Foreign Ministry spokesman Hua Lin said the visit would go ahead.",
                 url="https://www.voanews.com/x")
    assert ("Hua Lin", "CN") in posts(facts)


def test_the_deputy_of_an_office_the_article_names_is_of_its_country() -> None:
    cast = cast_of("US Secretary of State Ellen Ward spoke first. Deputy Secretary of State Paul Grant, who "
                   "spoke after her, said the talks would resume.", Publisher())
    assert person(cast, "Paul Grant").posts[0].of_key == "US"
    assert person(cast, "Paul Grant").posts[0].source == "principal"


def test_a_post_read_from_the_headline_has_the_headline_as_evidence() -> None:
    headline = "Talks with the Chairman of the Vietnamese National Assembly, Tran Van Hoa"
    facts = read("During the talks Mr Hoa thanked the President for the invitation.", title=headline,
                 url="http://en.kremlin.ru/x", published="2005-03-01")
    post = next(p for p in facts.posts if p.official.name == "Tran Van Hoa")
    assert post.evidence.sentence == headline and post.evidence.start is None


def test_a_name_in_either_order_is_one_person() -> None:
    facts = read("Foreign Minister Kenji Arata met the press. Later, ARATA Kenji left for Manila.",
                 url="https://www.mofa.go.jp/x")
    assert [o.name for o in facts.officials if "rata" in o.name.lower()] == ["Kenji Arata"]


def test_transliterations_of_one_name_are_one_person() -> None:
    facts = read("President Kovalsky [Petro Kovalskyy, President of Ukraine] thanked the EU ministers.")
    assert [o.name for o in facts.officials] == ["Petro Kovalskyy"]


def test_a_title_case_line_of_the_body_gives_no_verb_as_a_name() -> None:
    facts = read("Foreign Minister Holds Talks With Partners\nThe Foreign Minister met the ambassadors on Monday.")
    assert not any("Holds" in name for name in names(facts))


@pytest.mark.parametrize(
    "text, not_a_name",
    [
        ("He was named Director of the National Analysis Center at the ministry.", "Analysis Center"),
        ("She will serve as Director of Cost Assessment and Program Evaluation under the minister.",
         "Program Evaluation"),
        ("President Jane Doe, Jr. Approves Disaster Declaration\nThe President approved the request.", "Approves"),
        ("The minister thanked the Special Envoy for the Northern Trade Corridor for her work.", "Trade Corridor"),
    ],
)
def test_the_end_of_a_title_is_no_name(text: str, not_a_name: str) -> None:
    assert not any(not_a_name in name for name in names(read(text)))
