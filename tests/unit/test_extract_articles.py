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
        assert ("PROTEST", "JPN", "CHN", "reported", None, "2023-02-20", "day", "text") in summits  # last week
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
