"""Whole articles (tests/fixtures/articles, written for these tests) coded end to end: every event an
analyst should get, with direction, claim status, claimant, date and place, and nothing else.
"""

import datetime as dt
from pathlib import Path

import pytest

from newswatch.extract import extract_events

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def coded(name: str, published: dt.date) -> list[tuple]:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    found = extract_events(text, published)
    for e in found:
        assert text[e.start : e.end] == e.sentence
    return [
        (e.event_type, e.actor1_code, e.actor2_code, e.claim_status, e.claimed_by, e.event_date.isoformat(),
         e.date_precision, e.date_basis)
        for e in found
    ]


@pytest.fixture(scope="module")
def shells():
    return coded("shells_for_russia.txt", dt.date(2023, 11, 8))


@pytest.fixture(scope="module")
def summits():
    return coded("summit_season.txt", dt.date(2023, 3, 3))  # a Friday


class TestShellsForRussia:
    """An arms-transfer story: a spy agency's claim, denials, an accusation, a summit, a plan."""

    def test_the_agency_claims_a_delivery_dated_by_its_own_clause(self, shells):
        assert ("AID", "PRK", "RUS", "alleged", "KOR", "2023-08-01", "month", "text") in shells

    def test_the_recipient_denies_receiving(self, shells):
        assert ("AID", "PRK", "RUS", "denied", "RUS", "2023-11-08", "day", "publication") in shells

    def test_the_accusation_and_what_it_alleges(self, shells):
        assert ("ACCUSE", "USA", "PRK", "reported", None, "2023-10-01", "month", "text") in shells
        assert ("AID", "PRK", "RUS", "alleged", "USA", "2023-10-01", "month", "text") in shells

    def test_sanctions_the_summit_and_a_planned_visit(self, shells):
        assert ("SANCTION", "USA", "RUS", "reported", None, "2023-11-06", "day", "text") in shells
        assert ("CONSULT", "PRK", "RUS", "reported", None, "2023-09-13", "day", "text") in shells
        assert ("CONSULT", "RUS", "PRK", "planned", "RUS", "2024-01-01", "year", "text") in shells

    def test_an_attack_claimed_by_the_victim_and_a_request(self, shells):
        assert ("ASSAULT", "RUS", "UKR", "alleged", "UKR", "2023-11-07", "day", "text") in shells
        assert ("REQUEST", "UKR", "DEU", "reported", None, "2023-11-08", "day", "publication") in shells

    def test_the_two_leaders_stand_for_both_parties_named_before(self, shells):
        assert ("AGREE", "PRK", "RUS", "planned", None, "2023-11-08", "day", "publication") in shells

    def test_hypotheticals_and_negations_yield_nothing_more(self, shells):
        # "could help", "would not change", "If North Korea sends", "may impose", "no summit",
        # "did not send": none of these is an event
        assert len(shells) == 10, shells


class TestSummitSeason:
    """Diplomacy: talks, meetings, agreements, drills, a release, threats, rejections, protests."""

    def test_talks_on_the_publication_weekday_are_that_day(self, summits):
        assert ("CONSULT", "JPN", "KOR", "reported", None, "2023-03-03", "day", "text") in summits

    def test_an_agreement_to_do_something_is_planned(self, summits):
        assert ("AGREE", "JPN", "KOR", "planned", None, "2023-03-03", "day", "publication") in summits

    def test_a_meeting_days_ago(self, summits):
        assert ("CONSULT", "JPN", "KOR", "reported", None, "2023-03-01", "day", "text") in summits

    def test_drills_protest_and_release(self, summits):
        assert ("COOPERATE", "CHN", "RUS", "reported", None, "2023-03-01", "month", "text") in summits
        # "Tokyo protested to Beijing": a government's protest addressed to another is an official
        # complaint (CAMEO 114, PLOVER ACCUSE), not a demonstration
        assert ("ACCUSE", "JPN", "CHN", "reported", None, "2023-02-20", "day", "text") in summits  # last week
        assert ("RETREAT", "IRN", "FRA", "alleged", "FRA", "2023-01-01", "month", "text") in summits

    def test_a_threat_with_a_quoted_word_keeps_its_date(self, summits):
        assert ("THREATEN", "PRK", "KOR", "reported", None, "2023-03-02", "day", "text") in summits

    def test_a_rejection_in_a_stated_year(self, summits):
        assert ("REJECT", "PRK", "USA", "reported", None, "2022-01-01", "year", "text") in summits

    def test_activists_protest_a_state(self, summits):
        assert ("PROTEST", "KOR", "JPN", "reported", None, "2023-02-26", "day", "text") in summits

    def test_a_promise_reported_by_a_newspaper_is_planned_not_confirmed(self, summits):
        promise = [e for e in summits if e[0] == "AGREE" and e[1] == "RUS"]
        assert promise == [("AGREE", "RUS", "PRK", "planned", "RUS", "2023-03-03", "day", "publication")]


def test_a_headline_is_coded_as_one_more_sentence_and_marked_as_such():
    from datetime import date

    from newswatch.extract import extract_events

    body = "Officials in Seoul said the talks would continue next month."
    title = "North Korea sends artillery shells to Russia, Washington says"
    events = extract_events(body, date(2026, 3, 2), title=title)
    headline = [e for e in events if e.in_title]
    assert headline and all(title[e.start:e.end] == e.sentence for e in headline)
    assert any(e.event_type == "AID" and e.actor1_code == "PRK" and e.actor2_code == "RUS" for e in headline)
    assert extract_events(body, date(2026, 3, 2)) == [e for e in events if not e.in_title]


def test_an_undated_headline_takes_the_date_the_body_gives_the_same_event():
    from datetime import date

    from newswatch.extract import extract_events

    title = "North Korea sends artillery shells to Russia"
    body = "North Korea sent artillery shells to Russia in August, officials in Seoul said."
    events = extract_events(body, date(2026, 3, 2), title=title)
    (headline,) = [e for e in events if e.in_title and e.event_type == "AID"]
    (sentence,) = [e for e in events if not e.in_title and e.event_type == "AID"]
    assert sentence.date_basis == "text" and sentence.event_date == date(2025, 8, 1)
    assert (headline.event_date, headline.date_precision, headline.date_basis) == (
        sentence.event_date, sentence.date_precision, sentence.date_basis)


@pytest.mark.parametrize(("title", "expected"), [
    ("Spain to sell patrol boats to Morocco", {("AID", "ESP", "MAR", "planned")}),
    ("Japan and Australia to send engineers to Fiji", {("AID", "JPN", "FJI", "planned"),
                                                      ("AID", "AUS", "FJI", "planned")}),
    ("MADRID, May 4 - Spain to sell patrol boats to Morocco", {("AID", "ESP", "MAR", "planned")}),
    ("Chile hosts Peruvian president", {("CONSULT", "CHL", "PER", "reported")}),
    ("Spain sold patrol boats to Morocco", {("AID", "ESP", "MAR", "reported")}),
])
def test_a_headline_in_the_future_tense_is_planned(title, expected):
    """Headlines write the future as subject + "to" + verb; past and present headlines stay facts."""
    events = extract_events("Nothing else is reported.", dt.date(2025, 5, 4), title=title)
    assert {(e.event_type, e.actor1_code, e.actor2_code, e.claim_status) for e in events if e.in_title} == expected


@pytest.mark.parametrize(("sentence", "supplier", "recipient", "quantity"), [
    ("Egypt signed a contract for French fighter jets on Monday.", "FRA", "EGY", None),
    ("Iran delivered several dozen attack drones to Russia last month.", "IRN", "RUS", "several dozen"),
    ("Belarus received two dozen Russian tanks in March.", "RUS", "BLR", "two dozen"),
    ("India agreed to buy 26 fighter jets from France.", "FRA", "IND", "26"),
    ("Egypt bought Su-35 fighter jets from Russia.", "RUS", "EGY", None),  # a model number is no quantity
])
def test_the_arms_detail_names_supplier_recipient_and_the_quantity_as_stated(sentence, supplier, recipient, quantity):
    (arms,) = {e.arms for e in extract_events(sentence, dt.date(2025, 5, 4)) if e.arms}
    assert (arms.supplier, arms.recipient, arms.quantity) == (supplier, recipient, quantity)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Algeria bought Chinese attack drones last year.", {("AID", "CHN", "DZA")}),
    ("Serbia obtained two dozen Russian tanks from Belarus.", {("AID", "BLR", "SRB")}),  # "from" says who
    ("India bought Russian oil in March.", set()),  # goods that are no weapons name no supplier
    ("Belarus received tanks in March.", set()),  # no mark, no supplier
])
def test_a_recipient_naming_no_supplier_gets_its_weapons_from_the_state_whose_mark_they_bear(sentence, expected):
    """The rule, not the classifier's guess: "received Russian tanks" is an AID from Russia, as a
    contract for "French fighter jets" is one with France."""
    events = extract_events(sentence, dt.date(2025, 5, 4))
    assert {(e.event_type, e.actor1_code, e.actor2_code) for e in events if e.event_type == "AID"} == expected
    assert all(not e.pattern_id.startswith("classifier:") for e in events if e.event_type == "AID")


def test_a_past_commitment_dated_before_the_promised_act_keeps_its_date_behind_the_report():
    events = extract_events("Algeria, which agreed in March to buy fighter jets from Russia, held drills this week.",
                            dt.date(2025, 11, 7))
    (deal,) = [e for e in events if e.event_type == "AGREE"]
    assert (deal.event_date, deal.date_precision, deal.claim_status) == (dt.date(2025, 3, 1), "month", "planned")
    (ahead,) = [e for e in extract_events("Algeria agreed on Monday to buy fighter jets from Russia in March.",
                                          dt.date(2025, 11, 7)) if e.event_type == "AGREE"]
    assert ahead.event_date == dt.date(2025, 11, 3)  # the agreement is Monday's, whatever it promises


def test_who_says_it_is_not_the_recipient_when_the_clause_names_its_own():
    events = extract_events("Ukrainian intelligence says Russia has received a fresh batch of drones from Iran.",
                            dt.date(2025, 5, 4))
    assert not [e for e in events if e.actor2_code == "UKR"]
    denial = extract_events("Moscow denied receiving weapons from Pyongyang.", dt.date(2025, 5, 4))
    assert any(e.actor2_code == "RUS" and e.claim_status == "denied" for e in denial)
