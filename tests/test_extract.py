"""Each reading phenomenon pinned with short sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.facts import extract_facts
from kg.extract.passages import select_passages
from kg.model import Country, Event, Facts, Official, Organization
from kg.sources.article import make_article


def read(text: str, published: str | None = "2025-11-07", title: str | None = None, url: str | None = None) -> Facts:
    return extract_facts(make_article(text, title=title, url=url, published=published))


def posts(facts: Facts) -> set[tuple[str, str]]:
    return {(p.official.name, p.of.iso if isinstance(p.of, Country) else p.of.key) for p in facts.posts}


def names(actors: tuple[object, ...]) -> set[str]:
    out = set()
    for actor in actors:
        if isinstance(actor, Official):
            out.add(actor.name)
        elif isinstance(actor, Country):
            out.add(actor.iso)
        elif isinstance(actor, Organization):
            out.add(actor.key)
    return out


def dyads(event: Event, facts: Facts) -> set[str]:
    """The countries an event joins: its countries plus those its officials represent."""
    countries = {a.iso for a in event.participants if isinstance(a, Country)}
    for post in facts.posts:
        if post.official in event.participants and isinstance(post.of, Country):
            countries.add(post.of.iso)
    return countries


def only(facts: Facts, kind: str) -> Event:
    events = [e for e in facts.events if e.kind == kind]
    assert len(events) == 1, [(e.kind, names(e.participants)) for e in facts.events]
    return events[0]


# -- officials and posts ------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("US Secretary of State Marco Rubio met Kazakh officials.", {("Marco Rubio", "US")}),
        ("Egyptian President Abdel Fattah Al Sisi spoke in Cairo.", {("Abdel Fattah Al Sisi", "EG")}),
        ("French Foreign Minister Jean-Yves Le Drian arrived.", {("Jean-Yves Le Drian", "FR")}),
        ("Secretary Blinken met Foreign Minister Solano of Costa Rica.", {("Solano", "CR")}),
        ("Russia's Foreign Minister Sergey Lavrov said so.", {("Sergey Lavrov", "RU")}),
        ("Sergio Gor, the US ambassador to India, spoke.", {("Sergio Gor", "US")}),
        ("President of the European Commission Ursula von der Leyen spoke.",
         {("Ursula von der Leyen", "European Commission")}),
        ("The talks included Republic of Korea (ROK) First Vice Foreign Minister Cho Hyun-dong.",
         {("Cho Hyun-dong", "KR")}),
        ("Minister of Environment Carlos Correa (Colombia) signed it.", {("Carlos Correa", "CO")}),
        ("The dialogue was led by Political Director Jernej Müller, Slovenian Ministry of Foreign Affairs.",
         {("Jernej Müller", "SI")}),
    ],
)
def test_titled_officials_and_the_country_of_their_post(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= posts(read(text))


def test_plural_titles_and_known_office_holders() -> None:
    facts = read("Prime Ministers Frederiksen and Støre met Chancellor Merz in Berlin.", published="2025-12-15")
    assert {("Mette Frederiksen", "DK"), ("Jonas Gahr Støre", "NO"), ("Friedrich Merz", "DE")} <= posts(facts)


def test_office_holders_depend_on_the_date() -> None:
    assert ("Friedrich Merz", "DE") in posts(read("Chancellor Merz spoke.", published="2025-12-15"))
    assert not any(name == "Friedrich Merz" for name, _ in posts(read("Chancellor Merz spoke.",
                                                                       published="2019-01-10")))


def test_a_title_without_country_takes_the_publishers_country() -> None:
    facts = read("Spokesperson Ned Price said the Secretary would travel to Chile.",
                 url="https://www.state.gov/some-readout/")
    assert ("Ned Price", "US") in posts(facts)


def test_lists_share_the_country_of_their_neighbours() -> None:
    facts = read("Secretary Blinken met with President Volodymyr Zelenskyy, Foreign Minister Dmytro Kuleba, "
                 "and Minister of Defense Oleksiy Reznikov in Kyiv.", url="https://www.state.gov/x/",
                 published="2022-04-25")
    assert ("Oleksiy Reznikov", "UA") in posts(facts)


def test_headline_adjectives_do_not_become_officials() -> None:
    facts = read("The American economy grew. Kazakh exports rose.")
    assert facts.officials == () and facts.events == ()


# -- coreference ---------------------------------------------------------------------------

def test_later_mentions_resolve_to_the_full_name() -> None:
    facts = read("US Secretary of State Marco Rubio arrived in Astana on Monday. "
                 "Mr Rubio met President Tokayev of Kazakhstan today.", published="2025-11-07")
    meeting = only(facts, "Meeting")
    assert {"Marco Rubio", "Kassym-Jomart Tokayev"} <= names(meeting.participants) or \
        {"Marco Rubio", "Tokayev"} <= names(meeting.participants)
    assert [o.name for o in facts.officials].count("Marco Rubio") == 1


def test_pronoun_subject_resolves_to_the_sentence_subject() -> None:
    facts = read("Secretary of State Antony Blinken said he met Foreign Minister Wang Yi of China on Friday.",
                 published="2023-06-19")
    meeting = only(facts, "Meeting")
    assert {"US", "CN"} <= dyads(meeting, facts)


# -- group expansion -----------------------------------------------------------------------

def test_listed_countries_and_their_ministers() -> None:
    facts = read("The presidents of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan are set to "
                 "meet US President Donald Trump in Washington on 6th November.", published="2025-11-05")
    meeting = only(facts, "Meeting")
    assert dyads(meeting, facts) == {"KZ", "KG", "TJ", "TM", "UZ", "US"}
    assert meeting.status == "planned" and meeting.date == date(2025, 11, 6)


def test_a_region_names_its_countries() -> None:
    facts = read("Secretary Rubio plans to visit the five Central Asian countries next year.",
                 url="https://www.state.gov/x/")
    visit = only(facts, "Visit")
    assert {c.iso for c in visit.destinations} == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert visit.status == "planned"


def test_counterparts_listed_after_a_meeting() -> None:
    facts = read("Secretary of State Antony J. Blinken met with French Foreign Minister Jean-Yves Le Drian, German "
                 "Foreign Minister Annalena Baerbock, and UK Foreign Secretary Elizabeth Truss today in Brussels.",
                 published="2022-04-06")
    meeting = only(facts, "Meeting")
    assert dyads(meeting, facts) == {"US", "FR", "DE", "GB"}
    assert meeting.date == date(2022, 4, 6) and meeting.location is None


# -- event types, status and dates ------------------------------------------------------------

@pytest.mark.parametrize(
    "text, kind, status",
    [
        ("President Biden met Prime Minister Kishida of Japan today.", "Meeting", "occurred"),
        ("President Biden held talks with Prime Minister Kishida of Japan.", "Meeting", "occurred"),
        ("President Biden will meet Prime Minister Kishida of Japan on Friday.", "Meeting", "planned"),
        ("President Biden and Prime Minister Kishida of Japan agreed to hold a summit.", "Meeting", "planned"),
        ("The meeting between President Biden and Prime Minister Kishida of Japan was postponed.", "Meeting",
         "cancelled"),
        ("President Biden spoke by phone with Prime Minister Kishida of Japan.", "PhoneCall", "occurred"),
        ("President Biden held a call with Prime Minister Kishida of Japan.", "PhoneCall", "occurred"),
        ("President Biden will travel to Japan next week.", "Visit", "planned"),
        ("President Biden visited Japan and South Korea.", "Visit", "occurred"),
        ("Japan and the United States issued a joint statement.", "Statement", "occurred"),
    ],
)
def test_event_kind_and_status(text: str, kind: str, status: str) -> None:
    event = only(read(text, published="2022-05-20", url="https://www.whitehouse.gov/x/"), kind)
    assert event.status == status


def test_calling_for_something_is_not_a_phone_call() -> None:
    facts = read("President Biden called for accountability and called on Russia to withdraw.")
    assert not [e for e in facts.events if e.kind == "PhoneCall"]


def test_dates_resolve_against_publication() -> None:
    facts = read("President Biden spoke on Wednesday with Chancellor Scholz of Germany.", published="2022-03-11")
    assert only(facts, "PhoneCall").date == date(2022, 3, 9)


def test_undated_article_dates_only_full_weekday_dates() -> None:
    facts = read("Secretary Rubio met Foreign Minister Wang Yi of China on Wednesday 5th November. "
                 "They will meet again on Friday.", published=None)
    first = [e for e in facts.events if e.status == "occurred"]
    assert first and first[0].date == date(2025, 11, 5)
    assert all(e.date is None for e in facts.events if e.status == "planned")


def test_a_visit_has_travellers_and_destinations() -> None:
    facts = read("Deputy Secretary Christopher Landau and Sergio Gor, the US ambassador to India, visited "
                 "Kazakhstan and Uzbekistan last week.", url="https://www.state.gov/x/")
    visit = only(facts, "Visit")
    assert {c.iso for c in visit.destinations} == {"KZ", "UZ"}
    assert "IN" not in names(visit.participants)
    assert visit.date is None  # "last week" names no day


def test_one_event_however_often_mentioned() -> None:
    facts = read("President Biden met President Macron of France today. The two leaders discussed Ukraine. "
                 "During the meeting, President Biden and President Macron also discussed Iran.",
                 published="2022-05-20")
    assert len([e for e in facts.events if e.kind == "Meeting"]) == 1


# -- agreements -----------------------------------------------------------------------------

def test_signed_agreement_with_parties_and_signatories() -> None:
    facts = read("Foreign Minister Ararat Mirzoyan of Armenia and Secretary of State Antony Blinken signed a "
                 "memorandum of understanding on energy today.", published="2024-06-10")
    [agreement] = facts.agreements
    assert {p.iso for p in agreement.parties if isinstance(p, Country)} == {"AM", "US"}
    assert agreement.status == "occurred"
    assert {o.name for o in agreement.signatories} >= {"Ararat Mirzoyan"}


def test_planned_and_referred_agreements() -> None:
    planned = read("President Biden and President Putin of Russia agreed to extend New START.", published="2021-01-26")
    assert [a.status for a in planned.agreements] == ["planned"]
    referred = read("President Biden met President Herzog of Israel and praised the Abraham Accords.")
    assert referred.agreements == ()


# -- evidence and quiet --------------------------------------------------------------------------

def test_evidence_is_the_sentence_at_its_offsets() -> None:
    text = "Office of the Spokesperson\n\nSecretary Blinken met Foreign Minister Lavrov of Russia in Geneva today."
    article = make_article(text, published="2022-01-21", url="https://www.state.gov/x/")
    facts = extract_facts(article)
    for fact in (*facts.events, *facts.posts):
        assert fact.evidence.start is not None and fact.evidence.end is not None
        assert article.body[fact.evidence.start:fact.evidence.end] == fact.evidence.sentence
    assert only(facts, "Meeting").evidence.sentence.startswith("Secretary Blinken met")


def test_no_diplomacy_no_events() -> None:
    facts = read("The President signed an executive order on broadband. The Secretary of Agriculture "
                 "will announce grants for rural hospitals next week.", url="https://www.whitehouse.gov/x/")
    assert facts.events == () and facts.agreements == ()


def test_the_same_person_has_the_same_identity_in_two_articles() -> None:
    one = read("Chancellor Merz met President Macron of France.", published="2025-10-01")
    two = read("German Chancellor Friedrich Merz spoke with President Emmanuel Macron.", published="2025-10-02")
    keys_one = {o.name: o.key for o in one.officials}
    keys_two = {o.name: o.key for o in two.officials}
    assert keys_one["Friedrich Merz"] == keys_two["Friedrich Merz"]


def test_an_unnamed_title_is_the_publishers_office_holder() -> None:
    facts = read("The President looks forward to welcoming Prime Minister Albanese of Australia to the White House.",
                 url="https://www.whitehouse.gov/x/", published="2023-03-10")
    meeting = only(facts, "Meeting")
    assert meeting.status == "planned" and {"US", "AU"} <= dyads(meeting, facts)


def test_in_a_call_with_makes_the_subject_a_participant() -> None:
    facts = read("The Secretary reiterated the United States' support for Ukraine in a call with Foreign Minister "
                 "Kuleba.", url="https://www.state.gov/x/", published="2023-03-10")
    assert dyads(only(facts, "PhoneCall"), facts) == {"US", "UA"}


def test_a_government_body_brings_its_country() -> None:
    facts = read("President Zelenskyy met with a delegation of the US Congress in Kyiv.", published="2023-03-10")
    assert {"UA", "US"} <= dyads(only(facts, "Meeting"), facts)


def test_long_texts_read_only_passages_but_keep_body_offsets() -> None:
    filler = "\n".join(f"Paragraph {i} is about broadband and rural hospitals." for i in range(40))
    text = ("Office of the Press Secretary\n" + filler +
            "\nPresident Biden met President Macron of France today in Paris.\n" + filler)
    article = make_article(text, published="2022-05-20")
    facts = extract_facts(article)
    meeting = only(facts, "Meeting")
    start, end = meeting.evidence.start, meeting.evidence.end
    assert start is not None and end is not None
    assert article.body[start:end] == "President Biden met President Macron of France today in Paris."


FILLER = [f"Paragraph {i} is about broadband and rural hospitals." for i in range(12)]


def test_the_model_reads_the_diplomatic_paragraphs_with_those_around_them() -> None:
    paragraphs = [*FILLER]
    paragraphs[5] = "The President met Prime Minister Hana Ito of Japan on Tuesday."
    paragraphs[6] = "The two leaders discussed trade."
    body = "\n".join(paragraphs)
    passages = select_passages(body, "Remarks on infrastructure", home="US")
    assert passages is not None
    assert passages.text.split("\n\n") == [paragraphs[0], paragraphs[4], paragraphs[5], paragraphs[6]]
    assert body[passages.to_body(passages.text.index("The two leaders")):].startswith("The two leaders")


def test_a_diplomatic_headline_has_the_event_paragraphs_read() -> None:
    paragraphs = [*FILLER]
    paragraphs[8] = "The two leaders also discussed energy."
    passages = select_passages("\n".join(paragraphs), "Readout of the President's Meeting with the Prime Minister of "
                               "Japan", home="US")
    assert passages is not None and paragraphs[8] in passages.text and paragraphs[3] not in passages.text


@pytest.mark.parametrize("text", [
    "President Biden met with governors at the White House today to discuss the United States budget. He signed "
    "the bill and will travel to Kentucky on Friday to visit the families of the storm's victims.",
    "Secretary Becerra hosted a listening session with mayors on rural hospitals.",
])
def test_a_release_with_no_foreign_state_or_body_is_not_read(text: str) -> None:
    assert select_passages(text, "Statement on the budget", home="US") is None
    facts = read(text, url="https://www.whitehouse.gov/briefing-room/statements-releases/2022/05/20/x/")
    assert facts.events == () and facts.officials == ()


def test_called_someone_is_a_phone_call() -> None:
    facts = read("President Joseph R. Biden, Jr. called King Mohammed VI of Morocco today to offer his condolences.",
                 published="2023-09-18", url="https://www.whitehouse.gov/x/")
    call = only(facts, "PhoneCall")
    assert dyads(call, facts) == {"US", "MA"} and call.date == date(2023, 9, 18)
