"""Temporal expressions are found and normalized (TimeML values) against the publication date."""

import datetime as dt

import pytest

from newswatch.extract import Timex, find_timexes

PUBLISHED = dt.date(2023, 11, 8)  # a Wednesday, ISO week 45


def _one(text, published=PUBLISHED) -> Timex:
    found = find_timexes(text, published)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t


@pytest.mark.parametrize(
    "text, surface, value, precision, date",
    [
        ("The talks were held on September 13 near the border.", "September 13", "2023-09-13", "day", dt.date(2023, 9, 13)),
        ("It happened on 13 September 2023.", "13 September 2023", "2023-09-13", "day", dt.date(2023, 9, 13)),
        ("It happened on Sept. 13, 2023, officials said.", "Sept. 13, 2023", "2023-09-13", "day", dt.date(2023, 9, 13)),
        ("The deal was signed on September 13th.", "September 13th", "2023-09-13", "day", dt.date(2023, 9, 13)),
        ("The log shows 2023-09-13 as the date.", "2023-09-13", "2023-09-13", "day", dt.date(2023, 9, 13)),
        ("Shipments began in September 2023.", "September 2023", "2023-09", "month", dt.date(2023, 9, 1)),
        ("Shipments began in September.", "September", "2023-09", "month", dt.date(2023, 9, 1)),
        ("The leaders first met in 2019.", "2019", "2019", "year", dt.date(2019, 1, 1)),
        ("The failure of the 2019 summit still matters.", "2019", "2019", "year", dt.date(2019, 1, 1)),
        ("The ministry spoke yesterday.", "yesterday", "2023-11-07", "day", dt.date(2023, 11, 7)),
        ("The ministry spoke today.", "today", "2023-11-08", "day", dt.date(2023, 11, 8)),
        ("The envoy left last Tuesday.", "last Tuesday", "2023-11-07", "day", dt.date(2023, 11, 7)),
        ("The envoy left on Monday.", "Monday", "2023-11-06", "day", dt.date(2023, 11, 6)),
        ("Troops arrived earlier this month.", "earlier this month", "2023-11", "month", dt.date(2023, 11, 1)),
        ("Troops arrived last month.", "last month", "2023-10", "month", dt.date(2023, 10, 1)),
        ("Troops arrived last year.", "last year", "2022", "year", dt.date(2022, 1, 1)),
        ("Exports doubled this year.", "this year", "2023", "year", dt.date(2023, 1, 1)),
        ("The talks collapsed three days ago.", "three days ago", "2023-11-05", "day", dt.date(2023, 11, 5)),
        ("Exports slumped two months ago.", "two months ago", "2023-09", "month", dt.date(2023, 9, 1)),
    ],
)
def test_calendar_expressions_resolve_against_the_publication_date(text, surface, value, precision, date):
    t = _one(text)
    assert (t.text, t.type, t.value, t.precision, t.date) == (surface, "DATE", value, precision, date)


@pytest.mark.parametrize(
    "text, value, monday",
    [
        ("The drills ended last week.", "2023-W44", dt.date(2023, 10, 30)),
        ("The drills ended two weeks ago.", "2023-W43", dt.date(2023, 10, 23)),
        ("The drills continue this week.", "2023-W45", dt.date(2023, 11, 6)),
        ("The drills resume next week.", "2023-W46", dt.date(2023, 11, 13)),
    ],
)
def test_weeks_are_iso_week_values_without_day_precision(text, value, monday):
    t = _one(text)
    assert (t.type, t.value, t.precision, t.date) == ("DATE", value, None, monday)


def test_durations_are_timeml_periods_without_a_date():
    t = _one("The blockade lasted for two weeks.")
    assert (t.text, t.type, t.value, t.precision, t.date) == ("two weeks", "DURATION", "P2W", None, None)
    assert _one("Talks dragged on for 3 months.").value == "P3M"
    assert _one("It was a two-year effort.").value == "P2Y"


@pytest.mark.parametrize("text", ["Tensions rose recently.", "The two sides clashed in the past.", "Ties frayed in recent weeks."])
def test_vague_past_references_are_past_ref(text):
    t = _one(text)
    assert (t.type, t.value, t.precision, t.date) == ("DATE", "PAST_REF", None, None)


def test_sets_and_times_of_day():
    assert _one("Flights run every week.").value == "P1W"
    assert _one("The patrol sails every Monday.").value == "XXXX-WXX-1"
    t = _one("The launch came on Monday morning.")
    assert (t.type, t.value, t.precision, t.date) == ("TIME", "2023-11-06TMO", "day", dt.date(2023, 11, 6))
    assert _one("Sirens sounded last night.").value == "2023-11-07TNI"


@pytest.mark.parametrize(
    "text",
    [
        "Russia may send 2000 troops.",  # a modal, and a count, not a year
        "The army has 2019 tanks.",
        "Troops march at dawn.",
        "They sent a 2000-strong force.",
    ],
)
def test_words_and_numbers_that_are_not_dates(text):
    assert [t for t in find_timexes(text, PUBLISHED) if t.date is not None] == []


def test_a_day_without_a_year_takes_the_occurrence_nearest_publication():
    assert _one("It began on December 20.", dt.date(2024, 1, 5)).value == "2023-12-20"
    assert _one("It ends on January 3.", dt.date(2023, 12, 28)).value == "2024-01-03"


def test_several_expressions_come_back_in_text_order():
    text = "Kim met Putin on September 13, 2023, after a 2019 summit failed, and spoke again yesterday."
    values = [t.value for t in find_timexes(text, PUBLISHED)]
    assert values == ["2023-09-13", "2019", "2023-11-07"]


def test_a_datetime_publication_is_accepted():
    t = _one("The ministry spoke yesterday.", dt.datetime(2023, 11, 8, 23, 59))
    assert t.date == dt.date(2023, 11, 7)
