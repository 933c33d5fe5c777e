"""Checks on extracted mentions before projection (pure), and their recording as events."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone

from newswatch import events as ev
from newswatch.model import ArmsTransfer, Article, ExtractedEvent
from newswatch.worldevents.mention_checks import (
    check_mention,
    known_actor_codes,
    split_valid_mentions,
)

REPORTED = date(2023, 11, 8)
CODES = frozenset({"PRK", "RUS", "USA"})

GOOD = ExtractedEvent(
    event_type="AID", event_mode=None, contexts=("military",), actor1="North Korea", actor1_code="PRK",
    actor1_sector=None, actor2="Russia", actor2_code="RUS", actor2_sector=None, event_date=REPORTED,
    date_precision="day", date_basis="publication", date_text=None, location=None, location_code=None,
    claim_status="alleged", claimed_by="USA", claimed_by_text="the United States",
    sentence="The United States has repeatedly warned that North Korea is providing weapons to Russia.",
    start=0, end=86, confidence=0.8, pattern_id="aid-provide", extractor_version="rules-0.1.0",
    arms=ArmsTransfer("weapons", None, "PRK", "RUS", "suspected"),
)


def checks(m: ExtractedEvent) -> set[str]:
    return {f.check for f in check_mention(m, REPORTED, CODES)}


def test_a_sound_mention_passes():
    assert check_mention(GOOD, REPORTED, CODES) == ()


def test_confidence_codes_and_statuses_are_checked():
    bad = dataclasses.replace(GOOD, confidence=1.7, event_type="DEMAND", actor2_code="XYZ",
                              claim_status="rumoured", date_precision="week")
    assert checks(bad) == {"confidence_in_range", "event_type_known", "actor2_code_known",
                           "claim_status_known", "date_precision_known"}
    (failure,) = [f for f in check_mention(bad, REPORTED, CODES) if f.check == "confidence_in_range"]
    assert failure.observed == "1.7" and failure.label


def test_an_event_after_the_report_is_refused_unless_it_is_planned():
    later = dataclasses.replace(GOOD, event_date=date(2023, 12, 1))
    assert checks(later) == {"not_after_report"}
    assert checks(dataclasses.replace(later, claim_status="planned")) == set()


def test_the_shipped_dictionaries_know_the_states_and_their_codes():
    codes = known_actor_codes()
    assert {"PRK", "RUS", "USA", "KOR", "FRA"} <= codes


def test_a_refused_mention_becomes_an_event_on_its_article_stream_with_a_stable_id():
    now = datetime(2023, 11, 8, 12, tzinfo=timezone.utc)
    article = Article("a1", "feed", "Outlet", "https://x.example/a", "https://x.example/a", None, "t",
                      GOOD.sentence, "summary", now, None, now, "en", "h")
    bad = dataclasses.replace(GOOD, confidence=-0.1)
    valid, appends = split_valid_mentions([GOOD, bad], article, {"run_id": "r"})
    assert valid == [GOOD]
    (append,) = appends
    (event,) = append.events
    assert append.stream == ev.article_stream("a1") and event.type == ev.EVENT_MENTION_REJECTED
    assert [f["check"] for f in event.data["failures"]] == ["confidence_in_range"]
    assert event.data["mention"]["confidence"] == -0.1
    assert split_valid_mentions([bad], article, {})[1][0].events[0].event_id == event.event_id
