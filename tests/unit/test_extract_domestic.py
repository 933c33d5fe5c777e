"""Readings of domestic politics: a one-sided demand, refusal or concession whose other side is at home
is coded towards the source's own state; a government title before an unknown surname is that
country's government. Every sentence here is written for these tests."""

import datetime as dt

import pytest

from newswatch.extract import extract_events

PUBLISHED = dt.date(2022, 3, 14)


def coded(text: str) -> list[tuple]:
    return [(e.event_type, e.actor1_code, e.actor2_code) for e in extract_events(text, PUBLISHED)]


@pytest.mark.parametrize("text, event", [
    ("Kenyan opposition parties demanded that the president dissolve parliament.", ("REQUEST", "KEN", "KEN")),
    ("The Peruvian government accepted demands from striking miners on Tuesday.", ("CONCEDE", "PER", "PER")),
    ("Chilean students blocked a highway to protest against the education ministry.", ("PROTEST", "CHL", "CHL")),
])
def test_a_one_sided_act_whose_other_side_is_at_home_addresses_the_own_state(text, event):
    assert event in coded(text), coded(text)


@pytest.mark.parametrize("text, event_type, source", [
    ("Peru rejected the proposal on Monday.", "REJECT", "PER"),  # nothing says the other side is at home
    ("Spanish teachers went on strike over pay.", "PROTEST", "ESP"),  # a strike names no counterpart
])
def test_with_no_sign_of_a_domestic_counterpart_the_event_stays_one_sided(text, event_type, source):
    assert (event_type, source, None) in coded(text), coded(text)


def test_a_foreign_party_in_the_sentence_is_never_replaced_by_the_own_state():
    found = coded("Chilean protesters demanded that Argentina reopen the border crossing.")
    assert ("REQUEST", "CHL", "ARG") in found, found
    assert ("REQUEST", "CHL", "CHL") not in found, found
