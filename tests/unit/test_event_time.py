"""An event's date is what the text means: its clause's own date, a stated period, an ongoing period
("since August"), the date of the sentence before when the reference is clear, else the report date."""

import datetime as dt

from newswatch.extract import extract_events, find_timexes, split_sentences
from newswatch.extract.event_time import EventTime, event_time

PUBLISHED = dt.date(2023, 11, 8)


def timed(text: str, trigger: str, published: dt.date = PUBLISHED, tense: str | None = None) -> EventTime:
    """The event time of the verb ``trigger`` (its first occurrence), its clause being its sentence."""
    at = text.index(trigger)
    sentence = next(s for s in split_sentences(text) if s.start <= at < s.end)
    return event_time(sentence, (sentence.start, sentence.end), at, find_timexes(text, published), published,
                      tense, text)


def test_the_clause_s_own_date():
    t = timed("Russia attacked Kyiv on 3 March.", "attacked")
    assert (t.start, t.end, t.open_end, t.precision, t.basis, t.text) == (
        dt.date(2023, 3, 3), None, False, "day", "text", "3 March")


def test_since_a_month_is_an_ongoing_period_from_that_month():
    t = timed("Russian forces have shelled Kharkiv since August.", "shelled")
    assert (t.start, t.end, t.open_end, t.precision, t.text) == (dt.date(2023, 8, 1), None, True, "month", "since August")


def test_since_an_event_of_a_year_is_an_ongoing_period_from_that_year():
    t = timed("The junta has ruled the country since the 2021 coup.", "ruled")
    assert (t.start, t.end, t.open_end, t.precision, t.text) == (dt.date(2021, 1, 1), None, True, "year", "since the 2021")


def test_between_two_months_is_a_stated_period():
    t = timed("Pyongyang shipped shells to Russia between March and May.", "shipped")
    assert (t.start, t.end, t.open_end, t.precision) == (dt.date(2023, 3, 1), dt.date(2023, 5, 31), False, "month")


def test_a_range_of_years_is_a_stated_period():
    t = timed("Deliveries ran from 2019 to 2021.", "ran")
    assert (t.start, t.end, t.open_end, t.precision) == (dt.date(2019, 1, 1), dt.date(2021, 12, 31), False, "year")


def test_a_stretch_up_to_the_report_is_a_period_ending_at_the_report():
    t = timed("Russia has bought drones from Iran for the past three years.", "bought")
    assert (t.start, t.end, t.open_end, t.precision, t.text) == (
        dt.date(2020, 11, 1), PUBLISHED, False, "month", "the past three years")


def test_a_week_is_its_seven_days():
    t = timed("The envoys met last week.", "met")
    assert (t.start, t.end, t.precision) == (dt.date(2023, 10, 30), dt.date(2023, 11, 5), "day")


def test_a_quarter_is_its_three_months():
    t = timed("Exports fell in the third quarter.", "fell")
    assert (t.start, t.end, t.precision) == (dt.date(2023, 7, 1), dt.date(2023, 9, 30), "month")


def test_a_clearly_referenced_date_in_the_sentence_before_dates_the_event():
    text = "The shipment arrived on 3 March. Officials said it carried artillery shells."
    t = timed(text, "carried")
    assert (t.start, t.precision, t.basis, t.text) == (dt.date(2023, 3, 3), "day", "context", "3 March")


def test_a_noun_repeated_from_the_sentence_before_is_a_clear_reference():
    text = "A convoy crossed the border on 12 May. Witnesses said the convoy carried rockets."
    assert timed(text, "carried").basis == "context"


def test_without_a_clear_reference_the_sentence_before_does_not_date_the_event():
    unlinked = "The shipment arrived on 3 March. North Korea sends artillery to Russia."
    two_dates = "Talks began on 3 March and ended on 9 March. Officials said it went well."
    other_paragraph = "The shipment arrived on 3 March.\n\nOfficials said it carried shells."
    own_vague_time = "The shipment arrived on 3 March. It now carries shells."
    for text, verb in ((unlinked, "sends"), (two_dates, "went"), (other_paragraph, "carried"),
                       (own_vague_time, "carries")):
        t = timed(text, verb)
        assert (t.start, t.basis) == (PUBLISHED, "publication"), text


def test_a_plan_is_not_dated_by_the_sentence_before():
    text = "The shipment arrived on 3 March. Officials said it will carry shells."
    assert timed(text, "carry", tense="future").basis == "publication"


def test_a_yearless_date_lies_on_the_side_the_event_s_verb_says():
    assert timed("Russia attacked Kyiv on December 20.", "attacked").start == dt.date(2022, 12, 20)
    assert timed("Kim will visit Moscow on January 20.", "visit", tense="future").start == dt.date(2024, 1, 20)


def test_coded_events_carry_the_period():
    found = extract_events("Russia has attacked Ukraine since February 2022.", PUBLISHED)
    assert [(e.event_date, e.event_date_end, e.date_open, e.date_precision, e.date_basis) for e in found] == [
        (dt.date(2022, 2, 1), None, True, "month", "text")]
    found = extract_events("North Korea supplied shells to Russia between March and May.", PUBLISHED)
    assert [(e.event_date, e.event_date_end, e.date_open) for e in found] == [
        (dt.date(2023, 3, 1), dt.date(2023, 5, 31), False)]


def test_coded_events_take_a_clearly_referenced_date_from_the_sentence_before():
    text = ("North Korean trains carried shells to the Russian border on 3 March. "
            "Officials said North Korea delivered the shells to Russia.")
    delivered = [e for e in extract_events(text, PUBLISHED) if e.event_type == "AID"]
    assert [(e.event_date, e.date_basis, e.date_text) for e in delivered] == [(dt.date(2023, 3, 3), "context", "3 March")]
