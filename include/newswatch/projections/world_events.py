"""Projection behind newswatch.world_events and newswatch.event_mentions."""

from __future__ import annotations

import json

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


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
