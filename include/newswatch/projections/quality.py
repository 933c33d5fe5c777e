"""Projection behind newswatch.feed_quality and newswatch.validation_runs: what the batch
quality gates found, from their events only."""

from __future__ import annotations

import json

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent

# History the item-count check compares against: the mean of this many earlier polls at least.
MIN_HISTORY_POLLS = 3


def _feed_polled(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    if d.get("not_modified") or d.get("unchanged") or d.get("parsed") is False:
        return  # 304 or the same bytes as last time: nothing new was served, nothing to check
    cur.execute(
        """INSERT INTO newswatch.proj_feed_quality AS q (feed_id, name, source, pending_position,
             last_polled_at, last_poll_problem, last_poll_detail, last_entries, entries_sum,
             entries_polls)
           VALUES (%(feed_id)s, %(name)s, %(source)s, %(position)s, %(polled_at)s, %(problem)s,
             %(detail)s, %(entries)s, %(entries)s, 1)
           ON CONFLICT (feed_id) DO UPDATE SET
             name = EXCLUDED.name, source = EXCLUDED.source,
             pending_position = coalesce(q.pending_position, EXCLUDED.pending_position),
             last_polled_at = EXCLUDED.last_polled_at,
             last_poll_problem = EXCLUDED.last_poll_problem,
             last_poll_detail = EXCLUDED.last_poll_detail,
             last_entries = EXCLUDED.last_entries,
             items_vs_history = CASE WHEN q.entries_polls >= %(min_polls)s AND q.entries_sum > 0
               THEN EXCLUDED.last_entries::real * q.entries_polls / q.entries_sum END,
             entries_sum = q.entries_sum + EXCLUDED.last_entries,
             entries_polls = q.entries_polls + 1""",
        {"feed_id": d["feed_id"], "name": d["name"], "source": d["source"], "position": e.global_position,
         "polled_at": d["polled_at"], "problem": d.get("problem"), "detail": d.get("detail") or None,
         "entries": int(d.get("entries") or 0), "min_polls": MIN_HISTORY_POLLS},
    )


def _feed_poll_failed(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    # Timeouts and 5xx are the feed's health (newswatch.feeds); a body that is not a feed (an
    # HTML page served as RSS) is a quality failure, checked with the feed's batch. The same
    # failure again is no new batch: the degraded verdict stands until the feed serves a feed.
    pending = e.global_position if d.get("reason") == "not_a_feed" else None
    cur.execute(
        """INSERT INTO newswatch.proj_feed_quality AS q (feed_id, name, source, pending_position,
             last_polled_at, last_poll_problem, last_poll_detail)
           VALUES (%(feed_id)s, %(name)s, %(source)s, %(pending)s, %(polled_at)s, %(reason)s, %(detail)s)
           ON CONFLICT (feed_id) DO UPDATE SET
             name = EXCLUDED.name, source = EXCLUDED.source,
             pending_position = coalesce(q.pending_position, CASE
               WHEN q.last_poll_problem IS DISTINCT FROM EXCLUDED.last_poll_problem
               THEN EXCLUDED.pending_position END),
             last_polled_at = EXCLUDED.last_polled_at,
             last_poll_problem = EXCLUDED.last_poll_problem,
             last_poll_detail = EXCLUDED.last_poll_detail,
             last_entries = NULL, items_vs_history = NULL""",
        {"feed_id": d["feed_id"], "name": d["name"], "source": d["source"], "pending": pending,
         "polled_at": d["polled_at"], "reason": d.get("reason"), "detail": d.get("detail") or None},
    )


def _feed_batch_validated(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_feed_quality SET
             pending_position = CASE WHEN pending_position <= %(poll_position)s THEN NULL
                                     ELSE pending_position END,
             batches_checked = batches_checked + 1,
             consecutive_failed = CASE WHEN %(passed)s THEN 0 ELSE consecutive_failed + 1 END,
             last_checked_at = %(checked_at)s, last_run_id = %(run_id)s,
             last_statistics = %(statistics)s, last_failures = %(failures)s
           WHERE feed_id = %(feed_id)s""",
        {**d, "statistics": json.dumps(d["statistics"]), "failures": json.dumps(d["failures"])},
    )


def _article_batch_validated(cur: Cursor, e: RecordedEvent) -> None:
    d, stats = e.data, e.data["statistics"]
    cur.execute(
        """INSERT INTO newswatch.proj_validation_runs (batch_id, run_id, validated_at, suite, articles,
             accepted, rejected, evaluated, unsuccessful, batch_failures)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (batch_id) DO NOTHING""",
        (d["batch_id"], d["run_id"], d["validated_at"], d["suite"], stats["articles"], stats["accepted"],
         stats["rejected"], stats.get("evaluated_expectations"), stats.get("unsuccessful_expectations"),
         json.dumps(d["batch_failures"])),
    )


QUALITY = Projection(
    "quality",
    ("newswatch.proj_feed_quality", "newswatch.proj_validation_runs"),
    {
        ev.FEED_POLLED: _feed_polled,
        ev.FEED_POLL_FAILED: _feed_poll_failed,
        ev.FEED_BATCH_VALIDATED: _feed_batch_validated,
        ev.ARTICLE_BATCH_VALIDATED: _article_batch_validated,
    },
)
