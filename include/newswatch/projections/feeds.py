"""Projection behind newswatch.feeds: each feed's polling state and health."""

from __future__ import annotations

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


def _feed_polled(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """INSERT INTO newswatch.proj_feeds AS f (feed_id, name, url, source, polls, last_polled_at,
             last_success_at, last_http_status, items_seen, articles_new, etag, last_modified,
             next_poll_at)
           VALUES (%(feed_id)s, %(name)s, %(url)s, %(source)s, 1, %(polled_at)s, %(polled_at)s,
             %(http_status)s, %(entries)s, %(new_articles)s, %(etag)s, %(last_modified)s,
             %(next_poll_at)s)
           ON CONFLICT (feed_id) DO UPDATE SET
             name = EXCLUDED.name, url = EXCLUDED.url, source = EXCLUDED.source,
             polls = f.polls + 1, last_polled_at = EXCLUDED.last_polled_at,
             last_success_at = EXCLUDED.last_success_at, last_http_status = EXCLUDED.last_http_status,
             consecutive_failures = 0, failing_since = NULL,
             items_seen = f.items_seen + EXCLUDED.items_seen,
             articles_new = f.articles_new + EXCLUDED.articles_new,
             etag = coalesce(EXCLUDED.etag, f.etag),
             last_modified = coalesce(EXCLUDED.last_modified, f.last_modified),
             next_poll_at = EXCLUDED.next_poll_at""",
        d,
    )


def _feed_poll_failed(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_feeds AS f (feed_id, name, url, source, polls, last_polled_at,
             last_http_status, consecutive_failures, failing_since, last_failure_kind,
             last_failure_reason, last_failure_detail, next_poll_at)
           VALUES (%(feed_id)s, %(name)s, %(url)s, %(source)s, 1, %(polled_at)s, %(http_status)s, 1,
             %(polled_at)s, %(failure_kind)s, %(reason)s, %(detail)s, %(next_poll_at)s)
           ON CONFLICT (feed_id) DO UPDATE SET
             name = EXCLUDED.name, url = EXCLUDED.url, source = EXCLUDED.source,
             polls = f.polls + 1, last_polled_at = EXCLUDED.last_polled_at,
             last_http_status = EXCLUDED.last_http_status,
             consecutive_failures = f.consecutive_failures + 1,
             failing_since = coalesce(f.failing_since, EXCLUDED.failing_since),
             last_failure_kind = EXCLUDED.last_failure_kind,
             last_failure_reason = EXCLUDED.last_failure_reason,
             last_failure_detail = EXCLUDED.last_failure_detail,
             next_poll_at = EXCLUDED.next_poll_at""",
        e.data,
    )


FEEDS = Projection(
    "feeds",
    ("newswatch.proj_feeds",),
    {ev.FEED_POLLED: _feed_polled, ev.FEED_POLL_FAILED: _feed_poll_failed},
)
