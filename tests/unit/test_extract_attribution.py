"""Who claims an event: the speaker of a say-verb wherever the sentence puts it (a relative clause
on the event noun, a report's author, a headline's "X:"), and no state for a speaker who only
stands near one ("sources close to the Kremlin") or a bare ministry no country is named for."""

import datetime as dt

import pytest

from newswatch.extract import extract_events

PUBLISHED = dt.date(2025, 3, 10)


def _aid(text: str) -> list[tuple]:
    return [(e.actor1_code, e.actor2_code, e.claim_status, e.claimed_by)
            for e in extract_events(text, PUBLISHED) if e.event_type == "AID"]


@pytest.mark.parametrize("text, claimant", [
    ("The deliveries of artillery shells from North Korea to Russia, which the US says began last "
     "summer, went on.", "USA"),
    ("Iran's deliveries of missiles to Russia, which Britain says started in May, have grown.", "GBR"),
])
def test_a_say_verb_in_a_relative_clause_on_the_event_noun_names_the_claimant(text, claimant):
    coded = _aid(text)
    assert coded and all(status == "alleged" and by == claimant for _, _, status, by in coded)


def test_a_relative_clause_elsewhere_makes_no_claim_of_the_main_clause():
    coded = _aid("The drones, which Kyiv believes Iran built, were supplied to Russia by Tehran.")
    assert ("IRN", "RUS", "reported", None) in coded


def test_a_denial_in_a_relative_clause_denies_the_event():
    coded = _aid("The transfer of tanks from Poland to Ukraine, which Warsaw has denied, was reported by media.")
    assert coded == [("POL", "UKR", "denied", "POL")]


@pytest.mark.parametrize("text, claimant", [
    ("A report by Britain says Iran sent missiles to Russia.", "GBR"),
    ("Assessments by Seoul say North Korea sent shells to Russia.", "KOR"),
])
def test_a_report_speaks_for_its_author(text, claimant):
    assert [(s, c) for _, _, s, c in _aid(text)] == [("alleged", claimant)]


@pytest.mark.parametrize("text", [
    "Sources close to the Kremlin said Iran sent drones to Russia.",
    "People close to the Iranian government said Iran shipped drones to Russia.",
    "Sources familiar with Washington's thinking said Iran sent drones to Russia.",
    "Iran shipped drones to Russia, a group linked to Israel claimed.",
])
def test_a_speaker_beside_a_party_is_not_that_party(text):
    # an unnamed source near a government is not the government speaking: alleged, by no state
    assert [(s, c) for _, _, s, c in _aid(text)] == [("alleged", None)]


@pytest.mark.parametrize("text, claimant, status", [
    ("US: North Korea sends arms to Russia", "USA", "alleged"),
    ("Japan: North Korea ships missiles to Russia", "JPN", "alleged"),
    ("Kremlin: Russia received shells from North Korea", "RUS", "confirmed"),
])
def test_a_headline_name_before_a_colon_speaks(text, claimant, status):
    assert [(s, c) for _, _, s, c in _aid(text)] == [(status, claimant)]


def test_a_dateline_in_capitals_is_no_speaker():
    assert [(s, c) for _, _, s, c in _aid("SEOUL: North Korea sent shells to Russia.")] == [("reported", None)]


def test_a_bare_ministry_is_not_guessed_and_a_named_one_gives_its_state():
    assert [c for *_, c in _aid("Russia received shells from North Korea, the Ministry of Defence said.")] == [None]
    assert [c for *_, c in _aid("North Korea sent shells to Russia, Seoul's defence ministry said.")] == ["KOR"]
    assert [c for *_, c in _aid("North Korea sent shells to Russia, a Pentagon spokesman said.")] == ["USA"]


@pytest.mark.parametrize("text", [
    "Belarus is suspected of supplying shells to Russia.",
    "Eritrea is suspected of buying rifles from Sudan.",
])
def test_the_subject_of_a_passive_claim_verb_is_the_suspect_not_the_claimant(text):
    coded = _aid(text)
    assert coded and all(status == "alleged" and by is None for _, _, status, by in coded)


def test_a_denial_the_tagger_read_as_an_adjective_still_denies():
    coded = [(e.claim_status, e.claimed_by) for e in extract_events(
        "Al-Shabaab denied claims by the Brazilian defence ministry that it had accepted Azerbaijan's conditions.",
        PUBLISHED) if e.event_type == "CONCEDE"]
    assert coded == [("denied", "SOM")]


def test_an_accuser_the_parse_left_without_a_subject_is_read_from_the_words_before_the_verb():
    coded = [(e.event_type, e.claim_status, e.claimed_by) for e in extract_events(
        "Kenya's foreign ministry accused the Ugandan government of withdrawing its troops from Somalia last week.",
        PUBLISHED) if e.event_type == "RETREAT"]
    assert coded == [("RETREAT", "alleged", "KEN")]


def test_a_report_called_propaganda_is_no_word_of_the_one_who_dismisses_it():
    assert all(by != "ITA" or status == "denied" for _, _, status, by in _aid(
        "Rome dismissed as propaganda reports that it had sent rifles to Libya."))


@pytest.mark.parametrize("text, claimant", [
    ("A spokesman for the Pentagon said Iran had delivered drones to Russia.", "USA"),
    ("A spokeswoman for the Japanese foreign ministry said North Korea had shipped missiles to Russia.", "JPN"),
])
def test_a_spokesman_speaks_for_the_body_named_after_for(text, claimant):
    assert [(s, c) for _, _, s, c in _aid(text)] == [("alleged", claimant)]
