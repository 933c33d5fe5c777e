"""The per-feed batch suite, run through real great-expectations."""

from __future__ import annotations

import dataclasses

from newswatch.screen.feed_quality import FeedBatch, check_feed_batches

HEALTHY = FeedBatch(feed_id="f1", name="harbour", poll_position=10, poll_problem=None, poll_detail=None,
                    entries=20, items_vs_history=1.1, articles=20, empty_bodies=1, with_markup=0,
                    future_dated=0, duplicates=3, rejected=1)


def labels(batch: FeedBatch) -> list[str]:
    (verdict,) = check_feed_batches([batch])
    return [f.label for f in verdict.failures]


def test_a_healthy_batch_passes():
    (verdict,) = check_feed_batches([HEALTHY])
    assert verdict.passed and verdict.failures == ()


def test_each_silent_breakage_trips_its_own_check():
    assert labels(dataclasses.replace(HEALTHY, empty_bodies=15)) == ["at most 50% of items have an empty body"]
    assert labels(dataclasses.replace(HEALTHY, with_markup=12)) == ["at most 50% of items carry leftover markup"]
    assert labels(dataclasses.replace(HEALTHY, future_dated=10)) == [
        "at most 20% of items are dated in the future (clock skew)"]
    assert labels(dataclasses.replace(HEALTHY, duplicates=19)) == ["at most 80% of items are duplicates"]
    assert labels(dataclasses.replace(HEALTHY, items_vs_history=0.05)) == [
        "items per poll within 0.2x-5x of the feed's history"]
    assert labels(dataclasses.replace(HEALTHY, items_vs_history=9.0)) == [
        "items per poll within 0.2x-5x of the feed's history"]


def test_an_html_page_is_named_with_the_parsers_detail():
    page = dataclasses.replace(HEALTHY, poll_problem="not_a_feed", poll_detail="an HTML page, not a feed",
                               entries=None, items_vs_history=None, articles=0, empty_bodies=0,
                               duplicates=0, rejected=0)
    (verdict,) = check_feed_batches([page])
    (failure,) = verdict.failures
    assert failure.label == "the feed served a feed, not an HTML page"
    assert failure.observed == "not_a_feed: an HTML page, not a feed"


def test_a_batch_without_articles_or_history_is_not_judged_on_shares():
    quiet = dataclasses.replace(HEALTHY, entries=0, items_vs_history=None, articles=0, empty_bodies=0,
                                duplicates=0, rejected=0)
    assert labels(quiet) == []


def test_rows_are_judged_independently_and_statistics_carry_the_shares():
    verdicts = check_feed_batches([HEALTHY, dataclasses.replace(HEALTHY, feed_id="f2", empty_bodies=20)])
    assert [v.passed for v in verdicts] == [True, False]
    stats = verdicts[1].batch.statistics()
    assert stats["empty_body_share"] == 1.0 and stats["articles"] == 20 and "feed_id" not in stats
