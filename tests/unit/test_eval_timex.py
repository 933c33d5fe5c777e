"""bench/eval_timex.py scores as the TempEval-3 scorer does: strict and relaxed extents, value F1 =
relaxed F1 x value accuracy, per type; it reads TimeML and MEANTIME files (fixtures written for
these tests)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder of the checkout
    sys.path.insert(0, str(ROOT))

from bench import eval_timex as ev  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "timeml"


def test_a_timeml_document_gives_its_text_anchor_and_gold_extents():
    doc = ev.load_timeml(FIXTURES / "harbour_talks.tml")
    assert doc.dct == dt.datetime(2023, 11, 8)
    assert [(doc.text[g.start:g.end], g.type, g.value) for g in doc.gold] == [
        ("Monday", "DATE", "2023-11-06"), ("third week", "DURATION", "P3W"), ("in December", "DATE", "2023-12"),
        ("daily", "SET", "P1D")]


def test_a_meantime_document_scores_only_its_annotated_sentences_and_leaves_out_the_dateline():
    doc = ev.load_meantime(FIXTURES / "meantime_style.xml")
    assert doc.dct == dt.datetime(2023, 11, 8)
    assert [(doc.text[g.start:g.end], g.value) for g in doc.gold] == [("yesterday", "2023-11-07")]
    dateline = ev.Span(doc.excluded[0], doc.excluded[1], "DATE", "2023-11-08")
    later = ev.Span(doc.text.index("2019"), doc.text.index("2019") + 4, "DATE", "2019")  # after the last annotated sentence
    assert ev.in_scope(doc, [dateline, later]) == []


def test_a_folder_is_read_whatever_the_format():
    assert sorted(d.name for d in ev.load_set(FIXTURES)) == ["harbour_talks.tml", "meantime_style.xml"]


def _scored(system: list[ev.Span]) -> dict[str, float]:
    doc = ev.load_timeml(FIXTURES / "harbour_talks.tml")
    return ev.figures(ev.run([doc], lambda d: system)).as_dict()


def _span(doc_text: str, surface: str, typ: str, value: str) -> ev.Span:
    start = doc_text.index(surface)
    return ev.Span(start, start + len(surface), typ, value)


def test_tempeval_3_strict_relaxed_and_attribute_f1():
    text = ev.load_timeml(FIXTURES / "harbour_talks.tml").text
    system = [
        _span(text, "Monday", "DATE", "2023-11-06"),  # exact, right value
        _span(text, "third", "DURATION", "P3W"),  # overlaps "third week": relaxed only, right value
        _span(text, "December", "DATE", "2024-12"),  # overlaps "in December": relaxed only, wrong value
        _span(text, "Harbour", "DATE", "XXXX"),  # spurious
    ]  # "daily" is missed
    s = _scored(system)
    assert (s["gold"], s["system"]) == (4, 4)
    assert s["strict_P"] == pytest.approx(1 / 4) and s["strict_R"] == pytest.approx(1 / 4)
    assert s["relaxed_P"] == pytest.approx(3 / 4) and s["relaxed_R"] == pytest.approx(3 / 4)
    assert s["relaxed_F1"] == pytest.approx(0.75)
    assert s["value_accuracy"] == pytest.approx(2 / 3)
    assert s["value_F1"] == pytest.approx(0.75 * 2 / 3)  # the official "Attribute F1 Value"
    assert s["type_accuracy"] == pytest.approx(1.0)


def test_one_system_expression_matches_one_gold_expression_and_an_exact_extent_is_preferred():
    text = ev.load_timeml(FIXTURES / "harbour_talks.tml").text
    wide = ev.Span(text.index("Monday"), text.index("week") + 4, "DATE", "2023-11-06")  # overlaps two gold
    matches, spurious = ev.align(ev.load_timeml(FIXTURES / "harbour_talks.tml").gold,
                                 [wide, _span(text, "third week", "DURATION", "P3W")])
    assert [m.system for m in matches][:2] == [wide, _span(text, "third week", "DURATION", "P3W")]
    assert spurious == []


def test_per_type_figures_count_gold_and_system_expressions_by_type():
    text = ev.load_timeml(FIXTURES / "harbour_talks.tml").text
    doc = ev.load_timeml(FIXTURES / "harbour_talks.tml")
    scored = ev.run([doc], lambda d: [_span(text, "daily", "SET", "P1D"), _span(text, "Monday", "TIME", "x")])
    assert ev.figures(scored, "SET").as_dict()["value_F1"] == pytest.approx(1.0)
    date = ev.figures(scored, "DATE").as_dict()
    assert (date["gold"], date["system"], date["relaxed_R"]) == (2, 0, 0.5)


def test_the_error_kinds_name_what_went_wrong():
    text = ev.load_timeml(FIXTURES / "harbour_talks.tml").text
    doc = ev.load_timeml(FIXTURES / "harbour_talks.tml")
    kinds = ev.error_kinds(ev.run([doc], lambda d: [_span(text, "third", "DURATION", "P2W"),
                                                    _span(text, "Harbour", "DATE", "X")]))
    assert kinds == {"missed DATE": 2, "missed SET": 1, "extent DURATION": 1, "value DURATION": 1, "spurious DATE": 1}


def test_every_nth_document_is_held_out():
    docs = [ev.Document(str(i), "", dt.datetime(2023, 1, 1), []) for i in range(10)]
    tuning, held_out = ev.split(docs, 5)
    assert [d.name for d in held_out] == ["4", "9"] and len(tuning) == 8
