"""Projection behind newswatch.feeds: each feed's polling state, schedule and health."""

from __future__ import annotations

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


def _feed_polled(cur: Cursor, e: RecordedEvent) -> None:
    d = {**e.data, "was_unchanged": 1 if e.data["unchanged"] or e.data["not_modified"] else 0}
    cur.execute(
        """INSERT INTO newswatch.proj_feeds AS f (feed_id, name, url, source, polls, last_polled_at,
             last_success_at, last_http_status, items_seen, articles_new, etag, last_modified,
             next_poll_at, body_hash, poll_interval_s, unchanged_polls, last_changed_at,
             last_new_item_at, last_problem, last_problem_detail, full_text_fetched, full_text_failed,
             last_overflow, last_overflow_reason, items_overflow)
           VALUES (%(feed_id)s, %(name)s, %(url)s, %(source)s, 1, %(polled_at)s, %(polled_at)s,
             %(http_status)s, %(entries)s, %(new_articles)s, %(etag)s, %(last_modified)s,
             %(next_poll_at)s, %(body_hash)s, %(poll_interval_s)s, %(was_unchanged)s,
             CASE WHEN %(parsed)s THEN %(polled_at)s::timestamptz END,
             CASE WHEN %(new_articles)s > 0 THEN %(polled_at)s::timestamptz END,
             %(problem)s, CASE WHEN %(problem)s IS NOT NULL THEN %(detail)s END,
             %(full_text_fetched)s, %(full_text_failed)s, %(overflow)s, %(overflow_reason)s, %(overflow)s)
           ON CONFLICT (feed_id) DO UPDATE SET
             name = EXCLUDED.name, url = EXCLUDED.url, source = EXCLUDED.source,
             polls = f.polls + 1, last_polled_at = EXCLUDED.last_polled_at,
             last_success_at = EXCLUDED.last_success_at, last_http_status = EXCLUDED.last_http_status,
             consecutive_failures = 0, failing_since = NULL, failure_score = 0, reason_streak = 0,
             disabled_at = NULL, disabled_reason = NULL,
             items_seen = f.items_seen + EXCLUDED.items_seen,
             articles_new = f.articles_new + EXCLUDED.articles_new,
             etag = coalesce(EXCLUDED.etag, f.etag),
             last_modified = coalesce(EXCLUDED.last_modified, f.last_modified),
             next_poll_at = EXCLUDED.next_poll_at,
             body_hash = coalesce(EXCLUDED.body_hash, f.body_hash),
             poll_interval_s = coalesce(EXCLUDED.poll_interval_s, f.poll_interval_s),
             unchanged_polls = f.unchanged_polls + EXCLUDED.unchanged_polls,
             last_changed_at = coalesce(EXCLUDED.last_changed_at, f.last_changed_at),
             last_new_item_at = coalesce(EXCLUDED.last_new_item_at, f.last_new_item_at),
             -- an unchanged poll says nothing new about the feed's soft problems: keep the last word
             last_problem = CASE WHEN %(parsed)s THEN EXCLUDED.last_problem ELSE f.last_problem END,
             last_problem_detail = CASE WHEN %(parsed)s THEN EXCLUDED.last_problem_detail
                                        ELSE f.last_problem_detail END,
             full_text_fetched = f.full_text_fetched + EXCLUDED.full_text_fetched,
             full_text_failed = f.full_text_failed + EXCLUDED.full_text_failed,
             last_overflow = CASE WHEN %(parsed)s THEN EXCLUDED.last_overflow ELSE f.last_overflow END,
             last_overflow_reason = CASE WHEN %(parsed)s THEN EXCLUDED.last_overflow_reason
                                         ELSE f.last_overflow_reason END,
             items_overflow = f.items_overflow + EXCLUDED.items_overflow""",
        d,
    )


def _feed_poll_failed(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_feeds AS f (feed_id, name, url, source, polls, last_polled_at,
             last_http_status, consecutive_failures, failing_since, last_failure_kind,
             last_failure_reason, last_failure_detail, next_poll_at, failure_score, reason_streak)
           VALUES (%(feed_id)s, %(name)s, %(url)s, %(source)s, 1, %(polled_at)s, %(http_status)s, 1,
             %(polled_at)s, %(failure_kind)s, %(reason)s, %(detail)s, %(next_poll_at)s,
             coalesce(%(failure_score)s, 0), 1)
           ON CONFLICT (feed_id) DO UPDATE SET
             name = EXCLUDED.name, url = EXCLUDED.url, source = EXCLUDED.source,
             polls = f.polls + 1, last_polled_at = EXCLUDED.last_polled_at,
             last_http_status = EXCLUDED.last_http_status,
             consecutive_failures = f.consecutive_failures + 1,
             failing_since = coalesce(f.failing_since, EXCLUDED.failing_since),
             reason_streak = CASE WHEN f.consecutive_failures > 0
                                   AND f.last_failure_reason = EXCLUDED.last_failure_reason
                                  THEN f.reason_streak + 1 ELSE 1 END,
             last_failure_kind = EXCLUDED.last_failure_kind,
             last_failure_reason = EXCLUDED.last_failure_reason,
             last_failure_detail = EXCLUDED.last_failure_detail,
             failure_score = coalesce(%(failure_score)s, f.failure_score + 1),
             next_poll_at = EXCLUDED.next_poll_at""",
        e.data,
    )


def _feed_disabled(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """UPDATE newswatch.proj_feeds SET disabled_at = %(disabled_at)s, disabled_reason = %(reason)s,
             next_poll_at = NULL
           WHERE feed_id = %(feed_id)s""",
        e.data,
    )


def _feed_enabled(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """UPDATE newswatch.proj_feeds SET disabled_at = NULL, disabled_reason = NULL,
             failure_score = 0, reason_streak = 0, next_poll_at = NULL  -- due on the next run
           WHERE feed_id = %(feed_id)s""",
        e.data,
    )


FEEDS = Projection(
    "feeds",
    ("newswatch.proj_feeds",),
    {ev.FEED_POLLED: _feed_polled, ev.FEED_POLL_FAILED: _feed_poll_failed,
     ev.FEED_DISABLED: _feed_disabled, ev.FEED_ENABLED: _feed_enabled},
)
