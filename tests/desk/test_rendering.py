"""The desk's pure parts: the timeline chart's layout, the evidence sentence in its context,
headlines, and export cells (no database)."""

from __future__ import annotations

from datetime import date

from newswatch.desk.evidence import in_context
from newswatch.desk.export import _cell
from newswatch.desk.render import headline, marked
from newswatch.desk.timeline import HOLLOW, layout, ticks_between


def _event(i: int, day: date, kind: str = "AID", claim: str = "confirmed", sources: int = 1) -> dict:
    return {"event_id": f"00000000-0000-0000-0000-{i:012d}", "event_date": day, "event_type": kind,
            "claim_status": claim, "num_sources": sources, "actor1_code": "PRK", "actor2_code": "RUS",
            "claimed_by": None, "summary": f"event {i}"}


def test_a_timeline_has_one_lane_per_type_in_plover_order_and_time_left_to_right():
    rows = [_event(1, date(2023, 3, 1), "ASSAULT"), _event(2, date(2023, 1, 1), "AID"),
            _event(3, date(2023, 12, 1), "AGREE", "planned")]
    chart = layout(rows)
    assert [lane.label for lane in chart.lanes] == ["AGREE", "AID", "ASSAULT"]  # cooperation to conflict
    by_id = {m.event_id[-1]: m for m in chart.marks}
    assert by_id["2"].x < by_id["1"].x < by_id["3"].x
    lane_y = {lane.label: lane.y for lane in chart.lanes}
    assert by_id["1"].y == lane_y["ASSAULT"] and by_id["3"].y == lane_y["AGREE"]
    assert chart.left <= min(m.x for m in chart.marks) and max(m.x for m in chart.marks) <= chart.width - chart.right
    assert by_id["3"].hollow and not by_id["1"].hollow  # planned is not (yet) a fact
    assert "planned" in HOLLOW


def test_events_on_one_day_fan_out_instead_of_hiding_each_other():
    chart = layout([_event(i, date(2023, 5, 5)) for i in range(3)])
    assert len({(m.x, m.y) for m in chart.marks}) == 3


def test_more_sources_draw_a_larger_mark_and_the_tooltip_says_what_it_is():
    small, big = layout([_event(1, date(2023, 1, 1)), _event(2, date(2023, 2, 1), sources=8)]).marks
    assert big.r > small.r
    assert small.title.startswith("2023-01-01 · AID PRK → RUS · confirmed · 1 source")


def test_axis_ticks_fall_on_calendar_boundaries_at_a_readable_density():
    years = ticks_between(date(2015, 6, 1), date(2023, 6, 1))
    assert [label for _, label in years] == [str(y) for y in range(2016, 2024)]
    months = ticks_between(date(2023, 1, 15), date(2023, 8, 1))
    assert [label for _, label in months][:2] == ["Feb 2023", "Mar 2023"]
    weeks = ticks_between(date(2023, 11, 1), date(2023, 11, 30))
    assert all(d.weekday() == 0 for d, _ in weeks) and 3 <= len(weeks) <= 5
    assert layout([_event(1, date(2023, 11, 8))]).ticks  # a single event still gets an axis


TEXT = ("Officials met in the capital on Monday. The United States has repeatedly warned that North Korea "
        "is providing weapons to Russia. Analysts doubt the warnings will change much.")


def test_the_evidence_sentence_is_found_in_its_article_with_the_text_around_it():
    sentence = "The United States has repeatedly warned that North Korea is providing weapons to Russia."
    start = TEXT.index(sentence)
    shown = in_context(TEXT, sentence, start, start + len(sentence))
    assert shown.located and shown.sentence == sentence
    assert shown.before == "Officials met in the capital on Monday. " and shown.after.startswith(" Analysts")


def test_a_long_article_is_cut_at_word_boundaries_around_the_sentence():
    sentence = "The United States has repeatedly warned that North Korea is providing weapons to Russia."
    text = "word " * 200 + sentence + " more" * 200
    start = text.index(sentence)
    shown = in_context(text, sentence, start, start + len(sentence), chars=50)
    assert shown.before.startswith("… word") and shown.before.endswith(" ")
    assert shown.after.endswith(" …") and "mor " not in shown.after


def test_offsets_that_do_not_point_at_the_sentence_show_it_alone_rather_than_a_wrong_passage():
    sentence = "The United States has repeatedly warned that North Korea is providing weapons to Russia."
    assert not in_context(TEXT, sentence, 0, 20).located
    assert not in_context(None, sentence, 0, 20).located
    assert in_context(TEXT, sentence, 0, 20).sentence == sentence


def test_headlines_say_who_did_what_to_whom():
    aid = {"actor1": "North Korea", "actor2": "Russia", "event_type": "AID", "contexts": ["military"],
           "weapon_class": "artillery shells"}
    assert headline(aid) == "North Korea supplies artillery shells to Russia"
    assert headline({**aid, "weapon_class": "weapons"}) == "North Korea supplies arms to Russia"  # generic word
    assert headline({"actor1": "Kim Jong Un", "actor2": "Vladimir Putin", "event_type": "CONSULT"}) == \
        "Kim Jong Un meets Vladimir Putin"
    assert headline({"actor1_code": "RUS", "event_type": "MOBILIZE"}) == "RUS mobilizes"


def test_search_snippets_are_escaped_before_matches_are_marked():
    html = str(marked("<script>alert(1)</script> \x02shells\x03"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>shells</mark>" in html


def test_export_cells_that_a_spreadsheet_would_run_as_formulas_are_defused():
    assert _cell("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert _cell("@SUM(A1)") == "'@SUM(A1)" and _cell("-5 shells") == "-5 shells"
    assert _cell(["a", "b"]) == "a; b" and _cell(None) == "" and _cell(True) == "true"
    assert _cell({"log": "delivered"}) == '{"log": "delivered"}'
