"""Projections: the read-model tables, folded from the event log with a checkpoint each.

A projection's writes and its checkpoint move in one transaction, so a crash neither loses nor
doubles an event. Handlers use only the events' own data (never ``now()``), so dropping a
projection and replaying from position 0 rebuilds the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import psycopg2.extensions

from newswatch import events as ev
from newswatch.store import EventStore, RecordedEvent

Cursor = psycopg2.extensions.cursor
Handler = Callable[[Cursor, RecordedEvent], None]


@dataclass(frozen=True)
class Projection:
    name: str
    tables: tuple[str, ...]  # truncated on rebuild, children first
    handlers: Mapping[str, Handler]


# -- feeds ---------------------------------------------------------------------------------------


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

# -- articles ------------------------------------------------------------------------------------


def _article_discovered(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_articles (article_id, url, canonical_url, guid, title, source,
             feed, published_at, date_problem, fetched_at, language, text_basis, content_hash,
             discovered_position)
           VALUES (%(article_id)s, %(url)s, %(canonical_url)s, %(guid)s, %(title)s, %(source)s,
             %(feed)s, %(published_at)s, %(date_problem)s, %(fetched_at)s, %(language)s,
             %(text_basis)s, %(content_hash)s, %(position)s)
           ON CONFLICT (article_id) DO NOTHING""",
        {**e.data, "position": e.global_position},
    )


def _article_accepted(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        "UPDATE newswatch.proj_articles SET status = 'accepted' WHERE article_id = %s",
        (d["article_id"],),
    )
    for kind, key in sorted(d.get("keys", {}).items()):
        if key:
            cur.execute(
                """INSERT INTO newswatch.proj_article_keys (kind, key, article_id)
                   VALUES (%s, %s, %s) ON CONFLICT (kind, key) DO NOTHING""",
                (kind, key, d["article_id"]),
            )


def _article_rejected(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """UPDATE newswatch.proj_articles SET status = 'rejected', rejection_reasons = %s
           WHERE article_id = %s""",
        (json.dumps(e.data["failures"]), e.data["article_id"]),
    )


def _article_duplicate(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_articles SET status = 'duplicate', duplicate_of = %s,
             duplicate_method = %s, similarity = %s WHERE article_id = %s""",
        (d["duplicate_of"], d["method"], d.get("similarity"), d["article_id"]),
    )


def _article_coded(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_articles SET coded_version = %s, coded_at = %s, num_events = %s
           WHERE article_id = %s""",
        (d["extractor_version"], d["coded_at"], d["num_events"], d["article_id"]),
    )


ARTICLES = Projection(
    "articles",
    ("newswatch.proj_article_keys", "newswatch.proj_articles"),
    {
        ev.ARTICLE_DISCOVERED: _article_discovered,
        ev.ARTICLE_ACCEPTED: _article_accepted,
        ev.ARTICLE_REJECTED: _article_rejected,
        ev.ARTICLE_DUPLICATE_DETECTED: _article_duplicate,
        ev.ARTICLE_CODED: _article_coded,
    },
)

# -- world events --------------------------------------------------------------------------------


def _world_event_identified(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_world_events (world_event_id, event_type, event_mode, contexts,
             actor1, actor1_code, actor1_sector, actor2, actor2_code, actor2_sector, event_date,
             date_precision, date_basis, location, location_code, claim_status, claimed_by,
             claimed_by_text, summary, confidence, arms, first_reported_at, last_reported_at,
             updated_position)
           VALUES (%(world_event_id)s, %(event_type)s, %(event_mode)s, %(contexts)s, %(actor1)s,
             %(actor1_code)s, %(actor1_sector)s, %(actor2)s, %(actor2_code)s, %(actor2_sector)s,
             %(event_date)s, %(date_precision)s, %(date_basis)s, %(location)s, %(location_code)s,
             %(claim_status)s, %(claimed_by)s, %(claimed_by_text)s, %(summary)s, %(confidence)s,
             %(arms_json)s, %(reported_at)s, %(reported_at)s, %(position)s)
           ON CONFLICT (world_event_id) DO NOTHING""",
        {
            **e.data,
            "contexts": list(e.data.get("contexts") or []),
            "arms_json": json.dumps(e.data["arms"]) if e.data.get("arms") else None,
            "position": e.global_position,
        },
    )


def _world_event_mentioned(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """INSERT INTO newswatch.proj_event_mentions (mention_id, world_event_id, article_id, source,
             sentence, start_char, end_char, extractor_version, pattern_id, claim_status,
             claimed_by, event_date, date_precision, date_basis, confidence, reported_at,
             via_duplicate_of)
           VALUES (%(mention_id)s, %(world_event_id)s, %(article_id)s, %(source)s, %(sentence)s,
             %(start)s, %(end)s, %(extractor_version)s, %(pattern_id)s, %(claim_status)s,
             %(claimed_by)s, %(event_date)s, %(date_precision)s, %(date_basis)s, %(confidence)s,
             %(reported_at)s, %(via_duplicate_of)s)
           ON CONFLICT (mention_id) DO NOTHING""",
        {"via_duplicate_of": None, "pattern_id": None, **d},
    )
    cur.execute(
        """UPDATE newswatch.proj_world_events w SET
             num_mentions = s.n, num_sources = s.sources,
             first_reported_at = least(w.first_reported_at, s.first),
             last_reported_at = greatest(w.last_reported_at, s.last),
             updated_position = %s
           FROM (SELECT count(*) AS n, count(DISTINCT source) AS sources,
                        min(reported_at) AS first, max(reported_at) AS last
                 FROM newswatch.proj_event_mentions WHERE world_event_id = %s) s
           WHERE w.world_event_id = %s""",
        (e.global_position, d["world_event_id"], d["world_event_id"]),
    )


WORLD_EVENTS = Projection(
    "world_events",
    ("newswatch.proj_event_mentions", "newswatch.proj_world_events"),
    {ev.WORLD_EVENT_IDENTIFIED: _world_event_identified, ev.WORLD_EVENT_MENTIONED: _world_event_mentioned},
)

# -- alerts --------------------------------------------------------------------------------------


def _development_flagged(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """INSERT INTO newswatch.proj_alerts (alert_id, topic, world_event_id, raised_at,
             novelty_reason, summary, channels)
           VALUES (%(alert_id)s, %(topic)s, %(world_event_id)s, %(raised_at)s, %(novelty_reason)s,
             %(summary)s, %(channels)s)
           ON CONFLICT (alert_id) DO NOTHING""",
        {**d, "channels": list(d["channels"])},
    )
    for channel in d["channels"]:
        cur.execute(
            """INSERT INTO newswatch.proj_alert_deliveries (alert_id, channel, status)
               VALUES (%s, %s, 'pending') ON CONFLICT DO NOTHING""",
            (d["alert_id"], channel),
        )


def _alert_delivered(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET status = 'delivered', attempts = %s,
             last_attempt_at = %s, delivered_at = %s, last_error = NULL
           WHERE alert_id = %s AND channel = %s""",
        (d["attempt"], d["attempted_at"], d["attempted_at"], d["alert_id"], d["channel"]),
    )


def _alert_delivery_failed(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    cur.execute(
        """UPDATE newswatch.proj_alert_deliveries SET status = 'failed', attempts = %s,
             last_attempt_at = %s, last_error = %s
           WHERE alert_id = %s AND channel = %s AND status <> 'delivered'""",
        (d["attempt"], d["attempted_at"], d["error"], d["alert_id"], d["channel"]),
    )


ALERTS = Projection(
    "alerts",
    ("newswatch.proj_alert_deliveries", "newswatch.proj_alerts"),
    {
        ev.DEVELOPMENT_FLAGGED: _development_flagged,
        ev.ALERT_DELIVERED: _alert_delivered,
        ev.ALERT_DELIVERY_FAILED: _alert_delivery_failed,
    },
)

ALL: tuple[Projection, ...] = (FEEDS, ARTICLES, WORLD_EVENTS, ALERTS)


# -- running -------------------------------------------------------------------------------------


def catch_up(store: EventStore, projection: Projection, *, batch_size: int = 1000) -> int:
    """Apply every event after the projection's checkpoint; return how many were applied.

    The checkpoint row is locked FOR UPDATE, so two processes catching up the same projection
    take turns instead of applying an event twice.
    """
    applied = 0
    types = sorted(projection.handlers)
    while True:
        with store.transaction() as cur:
            cur.execute(
                "INSERT INTO newswatch.checkpoints (name) VALUES (%s) ON CONFLICT (name) DO NOTHING",
                (projection.name,),
            )
            cur.execute(
                "SELECT position FROM newswatch.checkpoints WHERE name = %s FOR UPDATE",
                (projection.name,),
            )
            position = cur.fetchone()[0]
            batch = store.read_all(position, batch_size, types=types, cursor=cur)
            for event in batch:
                projection.handlers[event.type](cur, event)
            if batch:
                cur.execute(
                    "UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
                    (batch[-1].global_position, projection.name),
                )
        applied += len(batch)
        if len(batch) < batch_size:
            return applied


def catch_up_all(store: EventStore, projections: Sequence[Projection] = ALL) -> dict[str, int]:
    return {p.name: catch_up(store, p) for p in projections}


def rebuild(store: EventStore, projection: Projection, *, batch_size: int = 5000) -> int:
    """Empty the projection's tables and replay the whole log into them, in one transaction,
    so readers see the old rows until the rebuilt ones commit."""
    types = sorted(projection.handlers)
    applied = 0
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO newswatch.checkpoints (name) VALUES (%s) ON CONFLICT (name) DO NOTHING",
            (projection.name,),
        )
        cur.execute(
            "SELECT position FROM newswatch.checkpoints WHERE name = %s FOR UPDATE", (projection.name,)
        )
        cur.execute(f"TRUNCATE {', '.join(projection.tables)}")
        position = 0
        while True:
            batch = store.read_all(position, batch_size, types=types, cursor=cur)
            for event in batch:
                projection.handlers[event.type](cur, event)
            applied += len(batch)
            if batch:
                position = batch[-1].global_position
            if len(batch) < batch_size:
                break
        cur.execute(
            "UPDATE newswatch.checkpoints SET position = %s, updated_at = now() WHERE name = %s",
            (position, projection.name),
        )
    return applied


def rebuild_all(store: EventStore) -> dict[str, int]:
    return {p.name: rebuild(store, p) for p in ALL}
