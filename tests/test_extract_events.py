"""The event reading steps, each pinned with sentences written for the test.

Every case names a general pattern of English or of diplomatic reporting; none quotes an
article. `read` extracts facts the way ingest does; `explain` gives the dropped candidates.
"""

from __future__ import annotations

import pytest

from kg.extract.events import read_events
from kg.extract.facts import annotate_article, extract_facts
from kg.model import Agreement, Country, Event, Facts, Official, Organization
from kg.sources.article import make_article


def read(text: str, published: str | None = "2024-03-14", title: str | None = None, url: str | None = None) -> Facts:
    return extract_facts(make_article(text, title=title, url=url, published=published))


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


def states(event: Event | Agreement, facts: Facts) -> set[str]:
    """An event's countries: its country participants and the countries its officials represent."""
    actors = event.participants if isinstance(event, Event) else event.parties
    out = {a.iso for a in actors if isinstance(a, Country)}
    if isinstance(event, Event):
        out |= {d.iso for d in event.destinations}
    for post in facts.posts:
        if post.official in actors and isinstance(post.of, Country):
            out.add(post.of.iso)
    return out


def of_kind(facts: Facts, kind: str) -> list[Event]:
    return [e for e in facts.events if e.kind == kind]


# -- candidate triggers --------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("Foreign Minister Anna Berg of Norway held a telephone conversation with Foreign Minister Luis Soto of Chile.",
     "PhoneCall"),
    ("Foreign Minister Anna Berg of Norway telephoned Foreign Minister Luis Soto of Chile on Tuesday.", "PhoneCall"),
    ("Foreign Minister Anna Berg of Norway hosted a working dinner for Foreign Minister Luis Soto of Chile.",
     "Meeting"),
    ("Foreign Minister Anna Berg of Norway paid a courtesy call on President Luis Soto of Chile.", "Meeting"),
    ("Foreign Minister Anna Berg of Norway discussed fisheries with Foreign Minister Luis Soto of Chile.", "Meeting"),
    ("Foreign Minister Anna Berg of Norway heads to Chile on Tuesday.", "Visit"),
    ("Foreign Minister Anna Berg of Norway led a trade delegation to Chile on Tuesday.", "Visit"),
])
def test_triggers_in_every_form(text: str, kind: str) -> None:
    facts = read(text)
    assert [e.kind for e in facts.events] == [kind], [(e.kind, names(e.participants)) for e in facts.events]


@pytest.mark.parametrize("text", [
    "President Luis Soto of Chile called for calm after the election.",
    "President Luis Soto of Chile spoke at a press conference in Santiago.",
    "The new plant will meet the needs of the region, President Luis Soto of Chile said.",
    "President Luis Soto of Chile urged the two sides to engage in constructive dialogue.",
    "President Luis Soto of Chile led the country to a narrow victory over Peru.",
])
def test_senses_that_are_no_event(text: str) -> None:
    assert read(text).events == ()


# -- participants --------------------------------------------------------------------------

def test_topics_are_not_participants() -> None:
    facts = read("Foreign Minister Anna Berg of Norway met Foreign Minister Luis Soto of Chile. The two ministers "
                 "discussed the situation in Syria and Libya with each other.")
    for event in facts.events:
        assert not {"SY", "LY"} & states(event, facts)


def test_a_country_adjective_names_its_state_only_before_an_official_noun() -> None:
    facts = read("President Luis Soto of Chile spoke to Norwegian business leaders in Oslo.")
    assert facts.events == ()


def test_attendees_in_a_sentence_of_their_own_join_the_meeting() -> None:
    facts = read("The summit of the African Union opened in Addis Ababa on Monday. The presidents of Ghana, "
                 "Kenya and Senegal attended.")
    meeting = of_kind(facts, "Meeting")
    assert len(meeting) == 1
    assert {"GH", "KE", "SN"} <= states(meeting[0], facts)
    assert "AU" in names(meeting[0].participants)


def test_sidelines_of_a_summit_bring_the_inner_meeting_to_it() -> None:
    facts = read("On the sidelines of the G20 summit, Prime Minister Anna Berg of Norway met President Luis Soto "
                 "of Chile.")
    summit = [e for e in facts.events if "G20" in names(e.participants)]
    assert summit and {"NO", "CL"} <= states(summit[0], facts)


def test_a_statement_adopted_after_talks_is_issued_by_their_parties() -> None:
    facts = read("Prime Minister Anna Berg of Norway held talks with President Luis Soto of Chile in Oslo. "
                 "Following the talks, a joint statement was adopted.")
    statement = of_kind(facts, "Statement")
    assert len(statement) == 1 and states(statement[0], facts) == {"NO", "CL"}


def test_two_leaders_refer_back_to_the_meeting() -> None:
    facts = read("Prime Minister Anna Berg of Norway met President Luis Soto of Chile in Oslo. The two leaders "
                 "issued a statement on ocean protection.")
    statement = of_kind(facts, "Statement")
    assert len(statement) == 1 and states(statement[0], facts) == {"NO", "CL"}


def test_a_lost_parse_falls_back_to_the_people_of_the_clause() -> None:
    facts = read("In Oslo, Prime Minister Anna Berg of Norway and President Luis Soto of Chile held talks.")
    meeting = of_kind(facts, "Meeting")
    assert len(meeting) == 1 and states(meeting[0], facts) == {"NO", "CL"}


def test_the_publishers_own_unnamed_office_holder_is_not_the_foreign_one() -> None:
    facts = read("The Prime Minister met the Norwegian Prime Minister Anna Berg in London.",
                 url="https://www.gov.uk/government/news/x")
    meeting = of_kind(facts, "Meeting")
    assert len(meeting) == 1 and states(meeting[0], facts) == {"GB", "NO"}


# -- distributive plurals ------------------------------------------------------------------

def test_separate_meetings_are_one_event_per_counterpart() -> None:
    facts = read("Foreign Minister Anna Berg of Norway held a series of bilateral meetings with Foreign Minister "
                 "Luis Soto of Chile and Foreign Minister Ama Mensah of Ghana.")
    meetings = of_kind(facts, "Meeting")
    assert sorted(sorted(states(m, facts)) for m in meetings) == [["CL", "NO"], ["GH", "NO"]]


def test_a_single_meeting_with_several_counterparts_stays_one() -> None:
    facts = read("Foreign Minister Anna Berg of Norway met with Foreign Minister Luis Soto of Chile and Foreign "
                 "Minister Ama Mensah of Ghana.")
    meetings = of_kind(facts, "Meeting")
    assert len(meetings) == 1 and states(meetings[0], facts) == {"NO", "CL", "GH"}


# -- visits ----------------------------------------------------------------------------------

def test_leaving_one_place_for_another_is_a_visit_to_the_other() -> None:
    facts = read("President Luis Soto of Chile left Santiago on Monday for Buenos Aires.")
    visit = of_kind(facts, "Visit")
    assert len(visit) == 1 and names(visit[0].destinations) == {"AR"}


def test_a_visit_under_way_is_dated_by_publication() -> None:
    facts = read("President Luis Soto of Chile, who is in Argentina on a state visit, laid a wreath.",
                 published="2024-03-14")
    visit = of_kind(facts, "Visit")
    assert len(visit) == 1 and visit[0].status == "occurred" and str(visit[0].date) == "2024-03-14"


def test_nobody_visits_their_own_country() -> None:
    facts = read("President Luis Soto of Chile returned to Chile on Monday.")
    assert of_kind(facts, "Visit") == []


# -- status and dates ----------------------------------------------------------------------

@pytest.mark.parametrize("text, status", [
    ("The visit of President Luis Soto of Chile to Norway has been rescheduled.", "cancelled"),
    ("Prime Minister Anna Berg of Norway and President Luis Soto of Chile agreed a joint statement.", "occurred"),
    ("Prime Minister Anna Berg of Norway is going to visit Chile.", "planned"),
    ("In the call, Prime Minister Anna Berg of Norway and President Luis Soto of Chile agreed to meet again.",
     "occurred"),
])
def test_status(text: str, status: str) -> None:
    facts = read(text)
    assert facts.events and facts.events[0].status == status, [(e.kind, e.status) for e in facts.events]


def test_an_event_dated_after_publication_is_planned() -> None:
    facts = read("President Luis Soto of Chile meets Prime Minister Anna Berg of Norway on Monday.",
                 published="2024-03-14")  # a Thursday
    meeting = of_kind(facts, "Meeting")
    assert len(meeting) == 1 and meeting[0].status == "planned" and str(meeting[0].date) == "2024-03-18"


def test_a_range_names_its_first_day() -> None:
    facts = read("Prime Minister Anna Berg of Norway visited Chile from 4 to 6 March.", published="2024-03-14")
    visit = of_kind(facts, "Visit")
    assert len(visit) == 1 and str(visit[0].date) == "2024-03-04"


# -- coreference -----------------------------------------------------------------------------

def test_a_definite_mention_refers_to_the_event_reported() -> None:
    facts = read("Leaders of Ghana, Kenya and Senegal opened the African Union summit in Addis Ababa. "
                 "Egypt sent a low-level delegation to the summit.")
    meetings = of_kind(facts, "Meeting")
    assert len(meetings) == 1 and "EG" in states(meetings[0], facts)


def test_a_bilateral_meeting_beside_a_summit_is_an_event_of_its_own() -> None:
    facts = read("Leaders of Ghana, Kenya and Senegal met at the African Union summit in Addis Ababa. "
                 "President Ama Mensah of Ghana also met President Kofi Otieno of Kenya.")
    assert len(of_kind(facts, "Meeting")) == 2


# -- the headline ----------------------------------------------------------------------------

def test_the_headline_names_the_type_of_the_lead_event() -> None:
    facts = read("Prime Minister Anna Berg spoke with President Luis Soto of Chile today about trade.",
                 title="Prime Minister's meeting with the President of Chile", url="https://www.regjeringen.no/x")
    assert [e.kind for e in facts.events] == ["Meeting"]


def test_a_jointly_issued_text_is_a_statement_by_its_issuers() -> None:
    facts = read("The two governments reaffirmed their commitment to free trade.",
                 title="Joint Statement by Norway and Chile")
    statement = of_kind(facts, "Statement")
    assert len(statement) == 1 and states(statement[0], facts) == {"NO", "CL"}


# -- agreements ------------------------------------------------------------------------------

def test_the_participants_adopt_an_agreement_and_a_protocol() -> None:
    facts = read("Leaders of Ghana, Kenya and Senegal met in Accra. The participants adopted an agreement on "
                 "customs cooperation and a protocol on transit.")
    assert len(facts.agreements) == 2
    assert all({"GH", "KE", "SN"} <= states(a, facts) for a in facts.agreements)


def test_negotiations_between_capitals_are_an_agreement_under_way() -> None:
    facts = read("President Luis Soto of Chile welcomed progress in the negotiations between Oslo and Accra.")
    assert len(facts.agreements) == 1
    agreement = facts.agreements[0]
    assert agreement.status == "planned" and states(agreement, facts) == {"NO", "GH"}


def test_agreements_prepared_with_several_partners_are_one_each() -> None:
    facts = read("Prime Minister Anna Berg of Norway visited Chile and Ghana to prepare agreements on trade.")
    assert sorted(sorted(states(a, facts)) for a in facts.agreements) == [["CL", "NO"], ["GH", "NO"]]


def test_two_agreements_signed_are_two() -> None:
    facts = read("Prime Minister Anna Berg of Norway and President Luis Soto of Chile signed two agreements "
                 "on energy.")
    assert len(facts.agreements) == 2


# -- typography and the trace ----------------------------------------------------------------

def test_typographic_apostrophes_do_not_break_a_possessive() -> None:
    facts = read("Chile’s President Luis Soto met Norway’s Prime Minister Anna Berg.")
    meeting = of_kind(facts, "Meeting")
    assert len(meeting) == 1 and states(meeting[0], facts) == {"CL", "NO"}


def test_every_dropped_candidate_says_why() -> None:
    annotated, _ = annotate_article(make_article("President Luis Soto of Chile will visit.", published="2024-03-14"))
    reading = read_events(annotated)
    assert reading.events == []
    assert [(d.step, d.reason) for d in reading.trace.dropped] == [("visits", "no destination abroad")]


# -- more precision: what is not an event of its own -----------------------------------------

def test_the_medium_of_an_event_is_not_another_event() -> None:
    facts = read("The leaders' meeting was held via video conference with President Luis Soto of Chile and Prime "
                 "Minister Anna Berg of Norway as co-chairs.")
    assert [e.kind for e in facts.events] == ["Meeting"]


def test_a_process_an_event_is_part_of_is_not_an_event() -> None:
    facts = read("Prime Minister Anna Berg of Norway called President Luis Soto of Chile on Monday. The call came "
                 "as part of regular consultations between Norway and Chile.")
    assert [e.kind for e in facts.events] == ["PhoneCall"]


def test_a_conversation_mentioned_again_is_the_call() -> None:
    facts = read("Prime Minister Anna Berg of Norway had a phone conversation with President Luis Soto of Chile. "
                 "During the conversation, the two leaders discussed trade.")
    assert [e.kind for e in facts.events] == ["PhoneCall"]


def test_a_copula_describing_a_meeting_adds_no_event() -> None:
    facts = read("Prime Minister Anna Berg of Norway will meet President Luis Soto of Chile next week. The meeting "
                 "will be only the second summit between the two leaders.")
    assert [e.kind for e in facts.events] == ["Meeting"]


def test_glad_to_meet_is_said_at_the_meeting() -> None:
    facts = read("President Luis Soto: Madam Prime Minister, I am glad to meet you in Santiago.\n"
                 "Prime Minister Anna Berg of Norway: Thank you, Mr President.",
                 title="Meeting with Prime Minister of Norway Anna Berg")
    meetings = of_kind(facts, "Meeting")
    assert meetings and all(m.status == "occurred" for m in meetings)


def test_a_state_dinner_and_talks_are_two_events_of_a_visit() -> None:
    facts = read("President Luis Soto of Chile hosted Prime Minister Anna Berg of Norway at a state dinner. "
                 "Earlier, talks between the two leaders covered trade and fisheries.")
    assert len(of_kind(facts, "Meeting")) == 2


def test_a_guest_who_arrives_visits_the_hosts_country() -> None:
    facts = read("President Luis Soto of Chile hosted Prime Minister Anna Berg of Norway at a state dinner.\n"
                 "Ms. Berg arrived on Monday for the first state visit by a Norwegian leader in a decade.")
    visit = of_kind(facts, "Visit")
    assert len(visit) == 1 and names(visit[0].destinations) == {"CL"}


def test_a_similar_meeting_is_a_comparison_not_a_report() -> None:
    facts = read("President Luis Soto of Chile hosted Prime Minister Anna Berg of Norway on Thursday. He hosted a "
                 "similar meeting in 2019 with the leaders of Ghana and Kenya.")
    assert [sorted(states(e, facts)) for e in of_kind(facts, "Meeting")] == [["CL", "NO"]]


def test_a_meeting_introduced_by_a_after_a_named_one_is_another() -> None:
    facts = read("Foreign Minister Anna Berg of Norway, who was in Suva to attend the Pacific Ministerial Meeting, "
                 "held a meeting with President Luis Soto of Chile.")
    assert len(of_kind(facts, "Meeting")) == 2


def test_an_event_in_a_relative_clause_takes_its_sentences_date() -> None:
    facts = read("On 11 March, Foreign Minister Anna Berg of Norway, who was visiting Chile, met President Luis "
                 "Soto.", published="2024-03-14")
    visit = of_kind(facts, "Visit")
    assert len(visit) == 1 and str(visit[0].date) == "2024-03-11"


def test_support_announced_for_a_pact_is_no_agreement_news() -> None:
    facts = read("President Luis Soto of Chile announced his support for a fisheries pact with Norway.")
    assert facts.agreements == ()


def test_an_old_treaty_referred_to_is_no_agreement_news() -> None:
    facts = read("President Luis Soto of Chile and Prime Minister Anna Berg of Norway said the principles they signed "
                 "in the 1976 treaty still hold.", published="2024-03-14")
    assert facts.agreements == ()


# -- regional forums and their territories -----------------------------------------------

def test_a_regional_forum_summit_names_its_territories_and_the_forum() -> None:
    facts = read("The leaders of the Pacific Islands Forum met in Suva on Tuesday. Prime Minister Tama Rua of "
                 "the Cook Islands, President Ana Vai of Palau and representatives of New Caledonia and "
                 "Niue attended the meeting.")
    meetings = of_kind(facts, "Meeting")
    assert meetings
    assert {"CK", "PW", "NC", "NU"} <= states(meetings[0], facts)
    assert "PIF" in names(meetings[0].participants)


def test_french_alone_is_france_and_french_polynesia_is_the_territory() -> None:
    facts = read("The French Foreign Minister met the President of French Polynesia in Papeete on Monday.")
    meetings = of_kind(facts, "Meeting")
    assert meetings and {"FR", "PF"} <= states(meetings[0], facts)


# -- follow-ups agreed, transcripts, dates of conjoined verbs ---------------------------------

def test_a_meeting_the_sides_agreed_to_hold_is_planned_between_them() -> None:
    facts = read("President Luis Soto of Chile met Prime Minister Anna Berg of Norway in Santiago on Tuesday. "
                 "Trade and fisheries were discussed. It has been agreed to hold a separate meeting of the "
                 "ministers of fisheries soon.")
    planned = [e for e in of_kind(facts, "Meeting") if e.status == "planned"]
    assert len(planned) == 1 and states(planned[0], facts) == {"CL", "NO"}
    assert not planned[0].participants or all(isinstance(p, Country) for p in planned[0].participants)


def test_talks_the_callers_agreed_to_explore_are_a_meeting_ahead() -> None:
    facts = read("President Luis Soto of Chile spoke by telephone with Prime Minister Anna Berg of Norway. They "
                 "agreed to explore fisheries discussions at the level of experts.")
    assert len(of_kind(facts, "PhoneCall")) == 1
    planned = [e for e in of_kind(facts, "Meeting") if e.status == "planned"]
    assert len(planned) == 1 and states(planned[0], facts) == {"CL", "NO"}


def test_a_fronted_date_holds_for_both_conjoined_verbs() -> None:
    facts = read("On 11 March, Foreign Minister Anna Berg of Norway arrived in Santiago to attend the "
                 "Pacific Fisheries Conference, and held a meeting with President Luis Soto of Chile.",
                 published="2024-03-14")
    meeting = [e for e in of_kind(facts, "Meeting") if e.status == "occurred"]
    assert len(meeting) == 1 and str(meeting[0].date) == "2024-03-11"


def test_a_body_described_as_a_forum_is_not_a_meeting() -> None:
    facts = read("Foreign Minister Anna Berg of Norway met President Luis Soto of Chile on Tuesday. She said "
                 "Norway valued APEC as a forum for cooperation with Pacific states.")
    assert len(of_kind(facts, "Meeting")) == 1


def test_turn_labels_inside_a_flattened_transcript_change_the_speaker() -> None:
    facts = read("President Luis Soto of Chile held talks with Prime Minister Anna Berg of Norway.\n"
                 "President of Chile Luis Soto: Madam Prime Minister, welcome. It is a pleasure to see you. "
                 "Prime Minister of Norway Anna Berg(retranslated): Thank you. It is a great joy for us to "
                 "meet with you here in Santiago. Our current visit comes at a good time.",
                 title="Talks with Prime Minister of Norway Anna Berg")
    visits = of_kind(facts, "Visit")
    assert [names(v.participants) & {"Anna Berg", "Luis Soto"} for v in visits] == [{"Anna Berg"}]
    assert all(m.status == "occurred" for m in of_kind(facts, "Meeting"))


def test_glad_to_have_the_opportunity_to_meet_is_the_meeting_itself() -> None:
    facts = read("President Luis Soto of Chile held talks with Prime Minister Anna Berg of Norway.\n"
                 "Luis Soto: Madam Prime Minister, I want to welcome you. I am very happy to have the "
                 "opportunity to meet with you.\nAnna Berg: Thank you.",
                 title="Talks with Prime Minister of Norway Anna Berg")
    assert len(of_kind(facts, "Meeting")) == 1


def test_the_year_in_an_undated_articles_address_fixes_a_weekday_date() -> None:
    text = ("Foreign Minister Anna Berg of Norway left Oslo on Wednesday, 31 August, for an official visit to "
            "Chile.")
    facts = read(text, published=None, url="https://example.org/press/en/2016/note123.htm")
    visit = of_kind(facts, "Visit")
    assert visit and str(visit[0].date) == "2016-08-31"  # 31 August was a Wednesday in 2016 and in 2022


def test_an_itinerary_dates_each_step_by_the_step_before() -> None:
    facts = read("Foreign Minister Anna Berg of Norway left Oslo on Wednesday, 31 August, for an official visit "
                 "to Chile.\nUpon arrival, she had a working dinner with President Luis Soto.\n"
                 "The following day, she visited a port in Valparaiso.\n"
                 "Back in Santiago in the evening, she met Foreign Minister Marta Ruiz of Chile.",
                 published="2016-09-05")
    days = {next(iter(names(e.participants) - {"Anna Berg", "CL", "NO"}), ""): str(e.date)
            for e in of_kind(facts, "Meeting")}
    assert days == {"Luis Soto": "2016-08-31", "Marta Ruiz": "2016-09-01"}


def test_the_nationality_and_role_name_the_leader_again() -> None:
    facts = read("President Luis Soto of Chile meets Prime Minister Anna Berg of Norway on Monday. Mr. Soto first "
                 "met the Norwegian leader in September at the United Nations.", published="2024-03-14")
    earlier = [e for e in of_kind(facts, "Meeting") if e.date is None]
    assert earlier and names(earlier[0].participants) >= {"Luis Soto", "Anna Berg"}


def test_a_headline_schedule_makes_the_lead_meeting_planned() -> None:
    facts = read("President Luis Soto of Chile meets Prime Minister Anna Berg of Norway Monday at the palace.",
                 title="Soto to Meet With Norwegian Leader", published="2024-03-11")
    meetings = of_kind(facts, "Meeting")
    assert meetings and meetings[0].status == "planned"


def test_a_meeting_described_as_not_the_first_is_not_called_off() -> None:
    facts = read("President Luis Soto of Chile met Prime Minister Anna Berg of Norway on Monday. The meeting "
                 "is not the first between them.", published="2024-03-14")
    assert [e.status for e in of_kind(facts, "Meeting")] == ["occurred"]


def test_a_planned_itinerary_counts_its_days_forward() -> None:
    facts = read("President Luis Soto of Chile will host Prime Minister Anna Berg of Norway this week. On "
                 "Wednesday, King Harald of Norway will be his guest. The following day, Soto will fly to "
                 "Valparaiso for two days of talks with President Ana Vai of Palau.", published="2024-03-11")
    talks = [e for e in of_kind(facts, "Meeting") if "Ana Vai" in names(e.participants)]
    assert talks and str(talks[0].date) == "2024-03-14"


def test_a_roll_call_after_a_summit_is_who_attended_it() -> None:
    facts = read("President Luis Soto of Chile hosted allies in Santiago Monday for a summit on trade. The "
                 "presidents of Peru, Ana Vai, and of Bolivia, Tomas Rua, took part in the meeting, along with "
                 "the prime minister of Norway, Anna Berg.", published="2024-03-12")
    meetings = of_kind(facts, "Meeting")
    assert len(meetings) == 1 and states(meetings[0], facts) >= {"CL", "PE", "BO", "NO"}


def test_a_trip_that_included_other_visits_does_not_add_them_to_this_one() -> None:
    facts = read("Deputy Minister Tomas Rua of Chile travelled to Norway from 11-13 March, where he met "
                 "Foreign Minister Anna Berg. The visit was Mr. Rua's second to Norway, and completes a trip that "
                 "also included visits to Sweden "
                 "and Finland.", published="2024-03-14")
    visits = of_kind(facts, "Visit")
    assert visits and names(visits[0].destinations) == {"NO"}


def test_a_quotation_over_several_paragraphs_keeps_its_speaker() -> None:
    facts = read("Prime Minister Anna Berg of Norway today announced that President Luis Soto of Chile will "
                 "visit Norway next week.\n\n"
                 "“We look forward to the visit,” Ms Berg says.\n\n"
                 "“We have a close relationship with Chile.\n\n"
                 "“I was fortunate to travel to Chile in August, and I am pleased to return that hospitality.”",
                 published="2024-03-14")
    trips = {frozenset(names(v.participants) & {"Anna Berg", "Luis Soto"}): v for v in of_kind(facts, "Visit")}
    assert frozenset({"Anna Berg"}) in trips and trips[frozenset({"Anna Berg"})].status == "occurred"
    assert names(trips[frozenset({"Anna Berg"})].destinations) == {"CL"}


def test_the_possessor_of_a_visit_is_its_traveller() -> None:
    facts = read("This morning the Prime Minister met Foreign Minister Luis Soto of Chile on his first visit "
                 "overseas since his appointment.", url="https://www.gov.uk/government/news/pm-meeting",
                 published="2024-03-14")
    visits = of_kind(facts, "Visit")
    assert len(visits) == 1 and names(visits[0].participants) & {"Luis Soto"}
    assert names(visits[0].destinations) == {"GB"}


def test_a_lone_speaker_addresses_the_other_party_of_the_lead() -> None:
    facts = read("President Luis Soto and President Ana Vai of Palau had a conversation in Santiago.\n\n"
                 "President of Chile Luis Soto: Good afternoon, Mr President.\n\n"
                 "Of course, we will focus on our trilateral meeting on fisheries.",
                 title="Meeting with President of Palau Ana Vai", published="2024-03-14")
    planned = [e for e in of_kind(facts, "Meeting") if e.status == "planned"]
    assert planned and names(planned[0].participants) >= {"Luis Soto", "Ana Vai"}


def test_glad_to_see_you_all_at_a_summit_adds_no_meeting() -> None:
    facts = read("President Luis Soto of Chile chaired a meeting of the Pacific Council.\n\n"
                 "Taking part in the meeting were President Ana Vai of Palau and Prime Minister Anna Berg of "
                 "Norway.\n\nPresident of Chile Luis Soto: Good afternoon.\n\nI am very glad to see you all and "
                 "to welcome you.", published="2024-03-14")
    assert len(of_kind(facts, "Meeting")) == 1


def test_spoke_by_telephone_with_is_a_call() -> None:
    facts = read("President Luis Soto of Chile spoke yesterday by telephone with Prime Minister Anna Berg of "
                 "Norway.", published="2024-03-14")
    calls = of_kind(facts, "PhoneCall")
    assert len(calls) == 1 and states(calls[0], facts) == {"CL", "NO"} and str(calls[0].date) == "2024-03-13"


def test_a_readouts_bare_title_is_the_publishers_own_holder() -> None:
    facts = read("Prime Minister's Office, 10 Downing Street and The Rt Hon Boris Johnson MP\n\n"
                 "The Prime Minister spoke to Prime Minister Tama Rua of Fiji, who congratulated him on the "
                 "election.", title="PM call with Prime Minister Rua: 21 December 2019", published=None,
                 url="https://www.gov.uk/government/news/pm-call-with-prime-minister-rua")
    calls = of_kind(facts, "PhoneCall")
    assert len(calls) == 1 and names(calls[0].participants) >= {"Boris Johnson", "Tama Rua"}
    assert str(calls[0].date) == "2019-12-21"  # the headline's date, the page having none


def test_an_unnamed_title_is_the_holder_the_page_names_elsewhere() -> None:
    facts = read("Ban Ki-Moon, Former Secretary-General\n\nThe Secretary-General spoke by telephone with "
                 "President Tomas Rua of Fiji.", published="2015-08-06",
                 url="https://www.un.org/sg/en/content/readout-call")
    calls = of_kind(facts, "PhoneCall")
    assert calls and "Ban Ki-Moon" in names(calls[0].participants)
    assert any(p.official.name == "Ban Ki-Moon" and getattr(p.of, "key", None) == "UN" for p in facts.posts)


def test_an_unnamed_title_whose_holder_the_page_never_names_is_no_official() -> None:
    facts = read("The Secretary-General spoke by telephone with President Tomas Rua of Fiji.",
                 published="2015-08-06", url="https://www.un.org/sg/en/content/readout-call")
    assert {o.name for o in facts.officials} == {"Tomas Rua"}


def test_a_lead_naming_an_official_by_title_and_the_next_sentences_name_are_one_person() -> None:
    facts = read("The Chilean deputy foreign minister returned to the region Monday for talks with Peruvian "
                 "diplomats.\n\nTomas Rua, speaking to reporters at the airport, said he was hopeful.",
                 published="2024-03-14")
    assert "Tomas Rua" in {o.name for o in facts.officials}
    assert any(p.official.name == "Tomas Rua" and getattr(p.of, "iso", None) == "CL" for p in facts.posts)
    talks = of_kind(facts, "Meeting")
    assert talks and "Tomas Rua" in names(talks[0].participants)


def test_an_analyst_with_a_description_of_their_own_is_not_the_official() -> None:
    facts = read("The Chilean deputy foreign minister arrived in Lima on Monday.\n\nTomas Rua, an analyst at "
                 "a university in Santiago, said the talks would be hard.", published="2024-03-14")
    assert "Tomas Rua" not in {o.name for o in facts.officials}


def test_talks_with_two_leaders_on_the_sidelines_of_a_summit_are_two_bilaterals() -> None:
    facts = read("President Luis Soto of Chile and Pacific leaders opened a summit in Lima on Monday. On the "
                 "sidelines of the annual summit, President Soto discussed fisheries with Prime Minister Anna "
                 "Berg of Norway and President Ana Vai of Palau.", published="2024-03-12")
    meetings = [sorted(states(e, facts)) for e in of_kind(facts, "Meeting")]
    assert ["CL", "NO"] in meetings and ["CL", "PW"] in meetings
    summit = [m for m in meetings if "PE" in m]
    assert len(summit) == 1 and {"CL", "NO", "PW"} <= set(summit[0])


def test_a_series_of_bilaterals_beside_a_ministerial_leaves_the_ministerial_to_its_host() -> None:
    facts = read("On the sidelines of the Pacific Foreign Ministers' Meetings, Foreign Minister Luis Soto of "
                 "Chile held a series of bilateral meetings with the foreign ministers of Peru, Palau and "
                 "Norway on July 26.", published="2024-07-27")
    meetings = [sorted(states(e, facts)) for e in of_kind(facts, "Meeting")]
    assert sorted(m for m in meetings if len(m) == 2) == [["CL", "NO"], ["CL", "PE"], ["CL", "PW"]]
    assert not any(len(m) > 2 for m in meetings)  # the ministerial is not everyone's meeting with Chile


def test_arriving_from_a_country_is_a_visit_there_before() -> None:
    facts = read("President Luis Soto of Chile arrived in Peru on Friday from Bolivia and will visit Ecuador "
                 "before returning home.", published="2024-03-16")
    visits = {frozenset(names(v.destinations)): v.status for v in of_kind(facts, "Visit")}
    assert visits == {frozenset({"PE"}): "occurred", frozenset({"BO"}): "occurred", frozenset({"EC"}): "planned"}


def test_in_solidarity_with_a_country_is_no_place() -> None:
    facts = read("The Pacific summit in Lima has ended. In solidarity with Chile, other allies such as Bolivia "
                 "and Palau only sent low-level representatives to the summit.", published="2024-03-14")
    summit = of_kind(facts, "Meeting")
    assert summit and "CL" not in states(summit[0], facts)


def test_their_ministers_are_the_ministers_of_the_states_just_named() -> None:
    facts = read("Foreign Minister Anna Berg of Norway said on Monday that she planned to visit Peru, Chile and "
                 "Bolivia next year, as she met their foreign ministers in Oslo.", published="2024-03-12")
    met = [e for e in of_kind(facts, "Meeting") if e.status == "occurred"]
    assert met and {"NO", "PE", "CL", "BO"} <= states(met[0], facts)


def test_the_reception_after_announced_talks_is_not_the_talks() -> None:
    facts = read("President Luis Soto of Chile is set to meet Prime Minister Anna Berg of Norway in Santiago on "
                 "Friday for talks.\n\nOn Tuesday, Ms Berg spoke at a reception for Chilean students. At "
                 "the reception, she praised President Soto.", published="2024-03-12")
    talks = [e for e in of_kind(facts, "Meeting") if {"CL", "NO"} <= states(e, facts) and e.trigger != "reception"]
    assert talks and all(t.status == "planned" for t in talks)


# -- one agreement, many mentions -------------------------------------------------------------

def agreement_parties(facts: Facts) -> list[set[str]]:
    return [states(a, facts) | {o.key for o in a.parties if isinstance(o, Organization)} for a in facts.agreements]


def test_an_agreement_that_names_its_parties_is_theirs_not_the_speakers() -> None:
    facts = read("Prime Minister Anna Berg of Norway and President Luis Soto of Chile discussed their shared "
                 "priority of securing an EU-Chile trade deal. They discussed securing an EU-Chile trade deal "
                 "again at dinner.", published="2024-03-14")
    assert agreement_parties(facts) == [{"CL", "EU"}]


def test_two_mentions_of_an_agreement_on_one_topic_are_one_agreement() -> None:
    facts = read("Ministers of Peru and Chile met all week to try to reach an agreement on a code of conduct "
                 "for fisheries. On Wednesday, Chilean and Bolivian officials failed to reach an agreement on "
                 "that code of conduct.", published="2024-03-14")
    assert len(facts.agreements) == 1


def test_another_agreement_signed_the_same_day_is_another() -> None:
    facts = read("Chile and Peru signed an agreement on fisheries quotas. Their ministers also signed an "
                 "agreement authorizing transit across Peru of Chilean goods.", published="2024-03-14")
    assert len(facts.agreements) == 2


def test_a_strategic_partnership_is_a_level_of_relations_not_an_agreement() -> None:
    facts = read("Foreign Minister Luis Soto of Chile sought Peru's support for establishing the Chile-Peru "
                 "Comprehensive Strategic Partnership this year.", published="2024-03-14")
    assert facts.agreements == ()


def test_some_kind_of_agreement_is_a_guess_not_an_agreement() -> None:
    facts = read("Chile is trying to form a new understanding with Peru, through reaching some kind of "
                 "agreement with Lima, an analyst said.", published="2024-03-14")
    assert facts.agreements == ()
