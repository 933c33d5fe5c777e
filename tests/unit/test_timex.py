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


@pytest.mark.parametrize(
    "text, surface, typ, value",
    [
        ("Sales rose as of February, the firm said.", "February", "DATE", "2024-02"),  # a bare month
        ("The memo was dated 7/8/07 in the US style.", "7/8/07", "DATE", "2007-07-08"),
        ("The keynote opened Expo 2019.\nIt rained.", "2019", "DATE", "2019"),  # a year closing a line
        ("Growth in the past decade was slow.", "past decade", "DURATION", "P10Y"),
        ("Profits fell in the last quarter.", "last quarter", "DATE", "2023-Q4"),
        ("Talks resume this weekend.", "this weekend", "DATE", "2024-W06-WE"),
        ("It has gone on for a fifty-year span.", "fifty-year", "DURATION", "P50Y"),
        ("The feud has run over the years.", "years", "DURATION", "PXY"),
        ("The summit is an annual event.", "annual", "SET", "P1Y"),
        ("The ship docked at 6:40 p.m. local time.", "6:40 p.m.", "TIME", "2024-02-07T18:40"),
        ("The launch came at 18:00 UTC.", "18:00 UTC", "TIME", "2024-02-07T18:00Z"),
        ("The border is now closed.", "now", "DATE", "PRESENT_REF"),
    ],
)
def test_more_forms_found_in_news(text, surface, typ, value):
    t = _one(text, dt.date(2024, 2, 7))
    assert (t.text, t.type, t.value) == (surface, typ, value)


@pytest.mark.parametrize("text", ["The score was 3:1 at half time.", "May I add that the March went well?",
                                  "It sold 2019 units."])
def test_scores_modals_and_counts_are_not_times(text):
    assert [t for t in find_timexes(text, PUBLISHED) if t.date is not None] == []


def test_a_range_of_years_gives_both_years():
    assert [t.value for t in find_timexes("Between 2014 and 2016 the fleet grows.", PUBLISHED)] == ["2014", "2016"]


def test_a_planned_event_on_the_publication_weekday_is_that_day():
    from newswatch.extract.timex import shifted

    friday = dt.date(2023, 3, 3)
    t = _one("They met on Friday.", friday)
    assert (shifted(t, False, friday).date, shifted(t, True, friday).date) == (friday, friday)
