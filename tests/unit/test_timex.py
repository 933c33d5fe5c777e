"""Temporal expressions are found with their full extent and given TimeML types and values, anchored
on the report date (deictic expressions), on the last date mentioned (anaphoric ones) and on the
side of the report date the verb's tense points to (a month or weekday without a year)."""

import datetime as dt

import pytest

from newswatch.extract import Timex, find_timexes
from newswatch.extract.timex import shifted
from newswatch.extract.timex.lexicon import lexicon
from newswatch.extract.timex.tense import FUTURE, PAST, UNKNOWN, verb_tense

PUBLISHED = dt.date(2023, 11, 8)  # a Wednesday, ISO week 45


def _one(text, published=PUBLISHED) -> Timex:
    found = find_timexes(text, published)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t


def _all(text, published=PUBLISHED) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, published)]


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
    assert (t.type, t.value, t.precision, t.date, t.last_day) == ("DATE", value, None, monday,
                                                                   monday + dt.timedelta(days=6))


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("Sanctions were lifted last June.", "last June", "2023-06"),
        ("Prices rose in the past two years.", "the past two years", "P2Y"),
        ("He has ruled for almost seven years.", "almost seven years", "P7Y"),
        ("The plant closed in late last July.", "late last July", "2023-07"),
        ("Tensions grew in the early 1990s.", "the early 1990s", "199"),
        ("The pact lapses at the end of 2025.", "the end of 2025", "2025"),
        ("The convoy arrived early next week.", "early next week", "2023-W46"),
        ("Aid will last at least two more years.", "at least two more years", "P2Y"),
    ],
)
def test_modifiers_stay_inside_the_expression(text, surface, value):
    t = _one(text)
    assert (t.text, t.value) == (surface, value)


def test_modifiers_are_kept_as_timeml_mods():
    assert _one("He has ruled for almost seven years.").mod == "LESS_THAN"
    assert _one("The plant closed in late last July.").mod == "END"
    assert _one("Aid will last at least two more years.").mod == "EQUAL_OR_MORE"


def test_prepositions_and_loose_approximators_stay_outside():
    assert _one("Prices fell over the past two years.").text == "the past two years"
    assert _one("More troops will arrive over the next few days.").text == "the next few days"
    assert _one("The raid lasted about five hours.").text == "five hours"
    assert _one("Rebels have held the town since August.").text == "August"


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("The strike lasted three days.", "three days", "P3D"),
        ("Fighting raged for six straight days.", "six straight days", "P6D"),
        ("It was a two-year effort.", "two-year", "P2Y"),
        ("The rebuild takes two and a half years.", "two and a half years", "P2.5Y"),
        ("The talks took a minute and a half.", "a minute and a half", "PT1M30S"),
        ("Repairs take half an hour.", "half an hour", "PT30M"),
        ("Supplies last a few weeks.", "a few weeks", "PXW"),
        ("Aid will flow for the next 12 to 18 months.", "the next 12 to 18 months", "PXM"),
        ("The dispute has simmered for decades.", "decades", "PXY"),
        ("It was a decades-long feud.", "decades-long", "PXY"),
        # like "three days later", the stretch without "later"
        ("A few weeks later the mill reopened.", "A few weeks", "PXW"),
        # hours and minutes too: the stretch, not the report day
        ("Barely an hour later the ferry sank.", "an hour", "PT1H"),
        ("The alarm sounded and ten minutes earlier the gate had shut.", "ten minutes", "PT10M"),
        ("Output fell in the first nine months.", "the first nine months", "P9M"),
        ("Growth in the past decade was slow.", "the past decade", "P10Y"),
    ],
)
def test_durations(text, surface, value):
    t = _one(text)
    assert (t.text, t.type, t.value, t.date) == (surface, "DURATION", value, None)


@pytest.mark.parametrize(
    "text, surface, value, first, last",
    [
        ("Profit fell in the first quarter of 2009.", "the first quarter of 2009", "2009-Q1",
         dt.date(2009, 1, 1), dt.date(2009, 3, 31)),
        ("The firm reported a third-quarter loss.", "third-quarter", "2023-Q3", dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
        ("Profits fell in the last quarter.", "the last quarter", "2023-Q3", dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
        ("Sales rose in the second half of 2022.", "the second half of 2022", "2022-H2",
         dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
        ("The budget covers this fiscal year.", "this fiscal year", "2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("Troops withdrew last fall.", "last fall", "2022-FA", dt.date(2022, 9, 1), dt.date(2022, 11, 30)),
        ("The offensive stalled in the winter of 2014.", "the winter of 2014", "2014-WI",
         dt.date(2014, 12, 1), dt.date(2015, 2, 28)),
        ("Such deals were common in the '70s.", "the '70s", "197", dt.date(1970, 1, 1), dt.date(1979, 12, 31)),
        ("The border was drawn in the 20th century.", "the 20th century", "19", dt.date(1900, 1, 1),
         dt.date(1999, 12, 31)),
        ("Talks resume this weekend.", "this weekend", "2023-W45-WE", dt.date(2023, 11, 11), dt.date(2023, 11, 12)),
    ],
)
def test_quarters_halves_fiscal_years_seasons_decades_and_centuries(text, surface, value, first, last):
    t = _one(text)
    assert (t.text, t.type, t.value, t.date, t.last_day) == (surface, "DATE", value, first, last)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Deliveries run from 2009 to 2011.", [("from 2009 to 2011", "DURATION", "P2Y"), ("2009", "DATE", "2009"),
                                               ("2011", "DATE", "2011")]),
        ("The 2009-2010 campaign failed.", [("2009-2010", "DURATION", "P1Y"), ("2009", "DATE", "2009"),
                                            ("2010", "DATE", "2010")]),
        ("In 1957-58 the canal was closed.", [("1957-58", "DURATION", "P1Y"), ("1957", "DATE", "1957"),
                                              ("58", "DATE", "1958")]),
        ("Between 2014 and 2016 the fleet grows.", [("Between 2014 and 2016", "DURATION", "P2Y"),
                                                    ("2014", "DATE", "2014"), ("2016", "DATE", "2016")]),
    ],
)
def test_a_range_of_years_is_a_stretch_with_both_years_inside(text, expected):
    assert _all(text) == expected


def test_a_range_of_years_knows_its_first_and_last_day():
    stretch = find_timexes("Deliveries run from 2009 to 2011.", PUBLISHED)[0]
    assert (stretch.date, stretch.last_day) == (dt.date(2009, 1, 1), dt.date(2011, 12, 31))


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("Patrols leave every morning.", "every morning", "XXXX-XX-XXTMO"),
        ("The patrol sails every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Flights run every week.", "every week", "P1W"),
        ("Inspectors visit every two weeks.", "every two weeks", "P2W"),
        ("The report is published annually.", "annually", "P1Y"),
        ("Drills are held daily.", "daily", "P1D"),
        ("The board meets twice a year.", "a year", "P1Y"),
        ("It shapes his daily routine.", "daily", "P1D"),
        ("The market is shut on Mondays.", "Mondays", "XXXX-WXX-1"),
        ("Crowds gather on Friday evenings.", "Friday evenings", "XXXX-WXX-5TEV"),
    ],
)
def test_sets(text, surface, value):
    t = _one(text)
    assert (t.text, t.type, t.value) == (surface, "SET", value)


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("The ship docked at 6:40 p.m. local time.", "6:40 p.m.", "2023-11-08T18:40"),
        ("The launch came at 18:00 UTC.", "18:00 UTC", "2023-11-08T18:00Z"),
        ("Talks broke off at noon Thursday.", "noon Thursday", "2023-11-02T12:00"),
        ("The offer expires at 5 p.m. EST, Nov. 16.", "5 p.m. EST, Nov. 16", "2023-11-16T17:00"),
        ("Sirens sounded last night.", "last night", "2023-11-07TNI"),
        ("The minister spoke this morning.", "this morning", "2023-11-08TMO"),
    ],
)
def test_clock_times_and_parts_of_the_day(text, surface, value):
    t = _one(text)
    assert (t.text, t.type, t.value) == (surface, "TIME", value)


def test_a_weekday_with_a_part_of_the_day_is_that_time_of_that_day():
    t = _one("The launch came on Monday morning.")
    assert (t.text, t.type, t.value, t.date) == ("Monday morning", "TIME", "2023-11-06TMO", dt.date(2023, 11, 6))
    assert _one("Talks will resume Thursday afternoon.").value == "2023-11-09TAF"
    assert _one("Voting ended Sunday evening.").value == "2023-11-05TEV"


def test_a_weekday_night_is_the_day_it_starts_on():
    # a night runs past midnight: annotated news gives it as the day, not as 2023-11-06TNI
    t = _one("Shelling resumed on Monday night.")
    assert (t.text, t.type, t.value) == ("Monday night", "DATE", "2023-11-06")


@pytest.mark.parametrize(
    "text, published, value",
    [
        ("The envoy told CNN in August that talks had failed.", dt.date(2023, 3, 8), "2022-08"),
        ("The envoy will visit in August.", dt.date(2023, 3, 8), "2023-08"),
        ("The crossing stays closed until Saturday.", dt.date(2023, 11, 8), "2023-11-11"),
        ("The ministers will meet on Monday.", dt.date(2023, 11, 8), "2023-11-13"),
        ("The ministers met on Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        ("The trial is scheduled to open on Friday.", dt.date(2023, 11, 8), "2023-11-10"),
        ("The vote had been scheduled for Friday.", dt.date(2023, 11, 13), "2023-11-10"),
        # a plan reported in the past still looks ahead; a past perfect plan looks back
        ("Farmers planned a tractor convoy to the capital on Saturday.", dt.date(2023, 11, 10), "2023-11-11"),
        ("The unions were planning to strike on Monday.", dt.date(2023, 11, 10), "2023-11-13"),
        # "planned" as a participle ("a vigil planned for Saturday") takes the tense of its clause
        ("A vigil planned for Saturday was cancelled.", dt.date(2023, 11, 13), "2023-11-11"),
        ("The unions had planned to strike on Monday.", dt.date(2023, 11, 10), "2023-11-06"),
        ("The minister was expected to resign on Monday.", dt.date(2023, 11, 10), "2023-11-13"),
        ("Rebels have held the town since June.", dt.date(2023, 3, 8), "2022-06"),
        # a past verb right before a date near the report day governs it over nearness
        ("Its shares ended Jan. 31 at a record.", dt.date(2023, 11, 8), "2023-01-31"),
        ("The filing deadline is Jan. 31.", dt.date(2023, 11, 8), "2024-01-31"),
        # a three-word cue: "as soon as" looks ahead
        ("The convoy could leave as soon as Friday, an aide said.", dt.date(2023, 11, 6), "2023-11-10"),
        # a sentence closed by quotes ends the clause: the "is" before it does not govern the weekday
        ("\"The report is wrong.\" The ministry on Monday denied it.", dt.date(2023, 11, 8), "2023-11-06"),
        ("``The report is wrong.'' The ministry on Monday denied it.", dt.date(2023, 11, 8), "2023-11-06"),
        # the auxiliary of a participle counts even when the participle is far from the month
        ("Envoys will be named to head the new joint border monitoring mission in June.",
         dt.date(2023, 3, 8), "2023-06"),
        # an -ed word after an article is an adjective, not a past verb
        ("The bonus would go out on a still undisclosed date in August.", dt.date(2023, 3, 8), "2023-08"),
        ("The board set up a new committee, effective Feb. 1.", dt.date(2023, 10, 26), "2024-02-01"),
        ("The resignation was effective Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        # a dateline's "May 16" is no modal "may"
        ("KABUL, May 16 - Envoys signed the accord in the capital on Monday.", dt.date(2023, 5, 17), "2023-05-15"),
        # the plural present of a scheduled event looks ahead, as "meets" does
        ("The two leaders meet separately Monday with the envoy.", dt.date(2023, 11, 8), "2023-11-13"),
        ("Peace talks resume in Geneva on Friday.", dt.date(2023, 11, 8), "2023-11-10"),
        # ... but not as an infinitive or after a negation: the clause's own tense decides
        ("Output made it hard for the firm to meet demand on Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        ("The delegations did not meet on Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        # ... nor as a noun
        ("The minister went on leave Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        ("Protesters gathered during his visit Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        ("The index fell after a weak start Monday.", dt.date(2023, 11, 8), "2023-11-06"),
        # the present perfect takes no definite past time: its date is an object, not a past day
        ("The exchange has set Nov. 10 as the deadline for bids.", dt.date(2023, 11, 2), "2023-11-10"),
        # the past perfect still looks back
        ("The exchange had set Nov. 10 as the deadline for bids.", dt.date(2023, 11, 2), "2022-11-10"),
        # ... and "since" still reads a perfect as past
        ("Rebels have held the town since October.", dt.date(2023, 3, 8), "2022-10"),
    ],
)
def test_a_month_or_weekday_without_a_year_lies_where_the_tense_points(text, published, value):
    assert [t.value for t in find_timexes(text, published)] == [value]


@pytest.mark.parametrize(
    "text, side",
    [
        ("Rebels attacked", PAST),
        ("Rebels have attacked", PAST),  # a present perfect event is past, whatever its date's side
        ("Rebels had attacked", PAST),
        ("The leaders meet", FUTURE),
        ("The leaders will meet", FUTURE),
        ("The leaders did not meet", UNKNOWN),
    ],
)
def test_the_tense_of_an_event_verb(text, side):
    start = text.rindex(" ") + 1
    assert verb_tense(text, start, len(text), lexicon()) == side


def test_a_day_without_a_year_takes_the_occurrence_nearest_publication_when_it_is_close():
    assert _one("It began on December 20.", dt.date(2024, 1, 5)).value == "2023-12-20"
    assert _one("It ends on January 3.", dt.date(2023, 12, 28)).value == "2024-01-03"
    assert _one("The offer was extended to Nov. 20.", dt.date(2023, 11, 2)).value == "2023-11-20"


def test_last_and_next_month_names_skip_the_adjacent_month():
    assert _one("Prices peaked last February.", dt.date(2023, 3, 8)).value == "2022-02"
    assert _one("Prices peaked last January.", dt.date(2023, 3, 8)).value == "2023-01"


def test_an_hour_ago_is_still_the_report_day():
    t = _one("The quake struck an hour ago.")
    assert (t.text, t.type, t.value) == ("an hour ago", "DATE", PUBLISHED.isoformat())


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("Ties frayed in recent weeks.", "recent weeks", "PAST_REF"),
        ("Tensions rose recently.", "recently", "PAST_REF"),
        ("The port is currently closed to shipping.", "currently", "PRESENT_REF"),
        ("The two sides clashed in the past.", "the past", "PAST_REF"),
        ("The border is now closed.", "now", "PRESENT_REF"),
        # the preposition stays outside, as TimeML leaves it
        ("The road stays shut for now, police said.", "now", "PRESENT_REF"),
        ("Critics blame the current government.", "current", "PRESENT_REF"),
        ("Nobody can say what the future holds.", "the future", "FUTURE_REF"),
        ("More clashes are likely in the coming months.", "the coming months", "FUTURE_REF"),
    ],
)
def test_vague_references_follow_timeml(text, surface, value):
    t = _one(text)
    assert (t.text, t.type, t.value, t.date) == (surface, "DATE", value, None)


def test_anaphoric_days_refer_to_the_last_date_mentioned():
    text = "The ship docked on 3 March. That day the port was sealed, and the following day it reopened."
    assert _all(text) == [("3 March", "DATE", "2023-03-03"), ("That day", "DATE", "2023-03-03"),
                          ("the following day", "DATE", "2023-03-04")]


def test_a_year_earlier_in_a_quarterly_report_is_that_quarter_a_year_before():
    text = "Third-quarter profit rose to $5 million from $4 million a year earlier."
    assert _all(text) == [("Third-quarter", "DATE", "2023-Q3"), ("a year earlier", "DATE", "2022-Q3")]


def test_may_or_march_after_a_determiner_before_a_common_noun_is_the_month():
    t = _one("Officials postponed the March ballot.")
    assert (t.text, t.value) == ("March", "2023-03")
    assert _one("Its May congress elected a new leader.").value == "2023-05"


def test_the_quarter_is_the_quarter_last_reported():
    text = "Profit in the second quarter fell. In the quarter, sales slowed."
    assert [t.value for t in find_timexes(text, PUBLISHED)] == ["2023-Q2", "2023-Q2"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia may send 2000 troops.",  # a modal, and a count, not a year
        "The army has 2019 tanks.",
        "Troops march at dawn.",
        "They sent a 2000-strong force.",
        "May I add that the March went well?",
        "The March of Dimes held its gala.",  # a name: a capital follows
        "Marchers joined the march on the palace.",
        "It sold 2019 units.",
        "The score was 3:1 at half time.",
        "Shares traded at 1,850 francs.",
        "The 55-year-old commander resigned.",
        "The general, 55 years old, resigned.",
        "Tickets cost $2 a day.",
        "A quarter of the budget went to defence.",
        "They made a last-minute offer.",
        "The standoff felt like high noon for the town.",  # an idiom, not a clock time
        "Such jobs are rare in today's economy.",  # "today" as "nowadays"
        "Nobody knows the future of the alliance.",  # its fate, not a time
        "Exports should grow 6% annually.",  # a rate, left unannotated like "$2 million a year"
        "The plant makes 40,000 engines annually.",
    ],
)
def test_words_and_numbers_that_are_not_dates(text):
    assert find_timexes(text, PUBLISHED) == []


def test_several_expressions_come_back_in_text_order():
    text = "Kim met Putin on September 13, 2023, after a 2019 summit failed, and spoke again yesterday."
    assert [t.value for t in find_timexes(text, PUBLISHED)] == ["2023-09-13", "2019", "2023-11-07"]


def test_a_datetime_publication_is_accepted():
    t = _one("The ministry spoke yesterday.", dt.datetime(2023, 11, 8, 23, 59))
    assert t.date == dt.date(2023, 11, 7)


def test_spoken_years_and_numbers():
    assert _all("In nineteen ninety-six the pact was signed.") == [("nineteen ninety-six", "DATE", "1996")]
    assert _all("By the year two thousand it was gone.") == [("the year two thousand", "DATE", "2000")]
    assert _all("The siege lasted twenty four hours.") == [("twenty four hours", "DURATION", "PT24H")]


def test_holidays_are_their_day():
    assert _all("Fighting paused over Christmas.", dt.date(2023, 12, 28)) == [("Christmas", "DATE", "2023-12-25")]
    assert _all("The truce began on Thanksgiving Day 2022.") == [("Thanksgiving Day 2022", "DATE", "2022-11-24")]


def test_a_holiday_week_is_the_iso_week_holding_the_holiday():
    # Easter 2023 fell on Sunday 9 April, the last day of ISO week 14
    assert _all("Pilgrims crowded the city as Easter week began.", dt.date(2023, 4, 3)) == [
        ("Easter week", "DATE", "2023-W14")]
    # a holiday before another unit is no holiday week
    assert _all("Christmas day trading was thin.", dt.date(2023, 12, 27)) == [("Christmas day", "DATE", "2023-12-25")]


def test_a_guessed_side_can_be_moved_by_the_coder_and_the_publication_day_is_on_both_sides():
    friday = dt.date(2023, 3, 3)
    t = _one("They met on Friday.", friday)
    assert (shifted(t, False, friday).date, shifted(t, True, friday).date) == (friday, friday)
    monday = _one("They met on Monday.", friday)
    assert monday.shiftable == "week"
    assert shifted(monday, True, friday).value == "2023-03-06"
    stated = _one("They met last Monday.", friday)
    assert stated.shiftable is None and shifted(stated, True, friday) == stated


def test_an_expression_off_the_calendar_is_dropped_not_raised():
    assert find_timexes("That was 29 centuries ago.", dt.date(1000, 6, 1)) == []
    assert find_timexes("", PUBLISHED) == []
    text = "İSTANBUL — Talks ended on Friday."  # a letter whose lower case is longer keeps offsets exact
    assert [(t.text, text[t.start : t.end]) for t in find_timexes(text, PUBLISHED)] == [("Friday", "Friday")]


def test_terms_of_office_are_durations():
    assert _all("He began his second term in 2012.") == [("second term", "DURATION", "PXY"), ("2012", "DATE", "2012")]
    assert _all("She serves a four-year term.") == [("four-year term", "DURATION", "P4Y")]
    assert _all("In terms of money, it failed.") == []
    assert _all("Under previous terms, holders got cash.") == []  # a deal's terms
    assert _all("He lost in his previous term.") == [("previous term", "DURATION", "PXY")]


def test_a_month_with_this_next_or_last_year_is_one_date_in_that_year():
    published = dt.date(2023, 11, 8)
    assert _all("The treaty takes effect in April next year.", published) == [("April next year", "DATE", "2024-04")]
    assert _all("Talks began in February this year.", published) == [("February this year", "DATE", "2023-02")]
    assert _all("It was signed in early May last year.", published) == [("early May last year", "DATE", "2022-05")]


def test_a_day_after_a_count_of_hours_is_a_rate_not_a_duration():
    assert _all("Guards watch the depot 24 hours a day.") == [("24 hours", "DURATION", "PT24H")]


def test_several_quarters_of_a_bare_noun_is_time_and_a_number_of_quarters_of_is_a_fraction():
    assert _all("The airline is profitable after several quarters of losses.") == [
        ("several quarters", "DURATION", "PXQ")]
    assert _all("Three quarters of voters backed the plan.") == []
    assert _all("Several quarters of the fleet are grounded.") == []


def test_the_quarter_a_year_ago_is_one_expression_a_year_before_the_reported_quarter():
    text = "Profit rose in the second quarter. In the same quarter a year earlier it fell."
    assert [(t.text, t.value) for t in find_timexes(text, PUBLISHED)] == [
        ("the second quarter", "2023-Q2"), ("the same quarter a year earlier", "2022-Q2")]


def test_pattern_prefilter_keeps_every_match():
    """Each grammar pattern is searched behind a lookahead on the letters its matches can start
    with; on any string of class letters it finds exactly what the bare pattern finds."""
    import random
    import re

    from newswatch.extract.timex import grammar

    letters = "IKMmWJSsTAYEdNnaf O2UVQqHPXZzrjeGBgo&h~+FvDRti',-.;xkwl_#"
    rng = random.Random(7)
    texts = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for name, pattern in grammar.PATTERNS:
        bare, fast = re.compile(pattern), dict(grammar._COMPILED)[name]
        for text in texts:
            assert [m.span() for m in bare.finditer(text)] == [m.span() for m in fast.finditer(text)], (name, text)


def test_first_letters_of_a_pattern():
    from newswatch.extract.timex.grammar import _first_letters

    assert _first_letters("t?[Mm]Y") == "Mmt"
    assert _first_letters("(?:e-?)?W|(?<=i)V") == "VWe"
    assert _first_letters("Y?") is None  # it can match nothing: no prefilter


@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("The trial was moved to the week of Jan. 15, 2024, the clerk said.", "the week of Jan. 15, 2024", "2024-W03"),
        ("The auditors arrive the week of 4 December 2023.", "the week of 4 December 2023", "2023-W49"),
        ("Protesters gathered the day before last Friday's vote.", "the day before last Friday", "2023-11-02"),
        ("The depot reopened the day after Oct. 2, 2023, officials said.", "the day after Oct. 2, 2023", "2023-10-03"),
    ],
)
def test_week_of_a_day_and_the_day_next_to_it(text, surface, value):
    """TimeML: "the week of <day>" names the week holding the day; "the day before/after <day>"
    the neighbouring day; each is one expression."""
    t = _one(text)
    assert (t.text, t.type, t.value) == (surface, "DATE", value)


def test_the_week_alone_stays_the_week():
    assert _all("Officials met for the week in Geneva.") == [("the week", "DATE", "2023-W45")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels seized the port on June 4 and withdrew the following morning.",
         [("June 4", "DATE", "2023-06-04"), ("the following morning", "TIME", "2023-06-05TMO")]),
        ("The ferry sank on Aug. 9. The previous evening, its crew had warned of a storm.",
         [("Aug. 9", "DATE", "2023-08-09"), ("The previous evening", "TIME", "2023-08-08TEV")]),
        ("The summit opened on Sept. 20, and the leaders dined together that night.",
         [("Sept. 20", "DATE", "2023-09-20"), ("that night", "TIME", "2023-09-20TNI")]),
    ],
)
def test_parts_of_the_day_anchored_on_the_day_last_mentioned(text, expected):
    """Anaphoric parts of the day ("the next morning", "that night") count from the last day the
    text named, not from the report date."""
    assert _all(text) == expected


def test_that_as_a_conjunction_before_a_part_of_the_day_is_no_expression():
    assert _all("The imam said that evening prayers would go ahead.") == []


def test_patterns_are_skipped_only_when_no_match_is_possible():
    """A pattern is not searched in a text lacking every letter it needs; on any string of class
    letters where it matches, one of those letters is present."""
    import random

    from newswatch.extract.timex import grammar

    letters = "IKMmWJSsTAYEdNnafO2UVQqHPXZzrjeGBgo&h~+FvDRti',-.;xkwl_#"
    rng = random.Random(11)
    texts = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for name, rx, needed in grammar._SEARCHED:
        for text in texts:
            if rx.search(text) and needed is not None:
                assert set(text) & needed, (name, text)
    assert grammar._needed_letters("t?[Mm]Y?") == frozenset("Mm")
    assert grammar._needed_letters("Y?") is None


def test_a_day_and_a_half_puts_the_hours_after_the_t():
    """ISO 8601: hours belong after the T ("P1DT12H"); "PT1D12H" is no valid duration."""
    assert _all("The blockade lasted 1.5 days.") == [("1.5 days", "DURATION", "P1DT12H")]


def test_the_same_period_of_last_year_is_one_expression():
    """"the same period of (the) last year" is one DATE, the reported period a year back (as "the
    same period last year"), not a period and a separate "last year"."""
    text = "Earnings for the quarter ended Sept. 30 doubled from the same period of the last year."
    found = _all(text)
    assert found[-1] == ("the same period of the last year", "DATE", "2022-Q3")
    assert ("the last year", "DATE", "2022") not in found


def test_a_second_day_joined_to_a_date_takes_its_month():
    """"June 12 and 13": the second number is a date of its own, in the first date's month; a
    number that counts something ("June 12 and 13 ministers") is not."""
    assert _all("The council meets in Brussels on June 12 and 13, 2024.")[:2] == [
        ("June 12", "DATE", "2024-06-12"), ("13", "DATE", "2024-06-13")]
    assert [t[0] for t in _all("On June 12 and 13 ministers arrived.")] == ["June 12"]



@pytest.mark.parametrize(
    "text",
    [
        "Baker said on ABC's \"This Week\" that the talks had failed.",
        "He spoke on This Week With David Brinkley about the crisis.",
        "The senator told USA Today that the deal was off.",
        "He told NBC's \"Today\" show the deal was off.",
        "The actor appeared on the Tonight Show with his wife.",
    ],
)
def test_time_words_inside_a_name_are_not_time_expressions(text):
    # TimeML leaves names unmarked: a programme, a paper, a film whose name holds a time word
    assert find_timexes(text, PUBLISHED) == []


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Today, the talks resumed in Geneva.", "Today"),  # a sentence's first word
        ("He said: \"Today we start the talks.\"", "Today"),  # a quotation's first word
        ("Gallois said, ``Today is a great day in aviation.''", "Today"),
        ("This week the talks resumed in Geneva.", "This week"),
        ("Last Friday's announcement was the first.", "Last Friday"),  # a weekday is always written so
        ("Airbus to Deliver First Jets Next Year", "Next Year"),  # a headline in title case
        ("Shops close on Christmas Day across the country.", "Christmas Day"),  # a holiday is a name too
    ],
)
def test_capitalised_time_words_outside_names_are_kept(text, surface):
    assert [t.text for t in find_timexes(text, PUBLISHED)] == [surface]


def test_one_day_after_a_modal_is_a_day_ahead_not_a_stretch():
    assert _all("She believes the region will one day be at peace.") == [("one day", "DATE", "FUTURE_REF")]
    assert _all("He hopes to one day return home.") == [("one day", "DATE", "FUTURE_REF")]
    assert _all("The strike lasted one day.") == [("one day", "DURATION", "P1D")]
