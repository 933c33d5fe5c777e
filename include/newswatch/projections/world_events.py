"""Projection behind newswatch.world_events and newswatch.event_mentions.

A world event's row is its identification, then every refinement applied in log order; counts
cover only current mentions (a re-coding with a newer extractor supersedes an article's older
mentions), so replaying the log yields the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from newswatch import events as ev
from newswatch.projections.base import Cursor, Projection
from newswatch.store import RecordedEvent


def _world_event_identified(cur: Cursor, e: RecordedEvent) -> None:
    cur.execute(
        """INSERT INTO newswatch.proj_world_events (world_event_id, event_type, event_mode, contexts,
             actor1, actor1_code, actor1_sector, actor2, actor2_code, actor2_sector, event_date,
             date_precision, date_basis, location, location_code, claim_status, claimed_by,
             claimed_by_text, summary, confidence, arms, first_reported_at, last_reported_at,
             updated_position, event_date_end, date_open)
           VALUES (%(world_event_id)s, %(event_type)s, %(event_mode)s, %(contexts)s, %(actor1)s,
             %(actor1_code)s, %(actor1_sector)s, %(actor2)s, %(actor2_code)s, %(actor2_sector)s,
             %(event_date)s, %(date_precision)s, %(date_basis)s, %(location)s, %(location_code)s,
             %(claim_status)s, %(claimed_by)s, %(claimed_by_text)s, %(summary)s, %(confidence)s,
             %(arms_json)s, %(reported_at)s, %(reported_at)s, %(position)s, %(event_date_end)s,
             coalesce(%(date_open)s, false))
           ON CONFLICT (world_event_id) DO NOTHING""",
        {
            "event_date_end": None, "date_open": False,
            **e.data,
            "contexts": list(e.data.get("contexts") or []),
            "arms_json": json.dumps(e.data["arms"]) if e.data.get("arms") else None,
            "position": e.global_position,
        },
    )


_WORLD_EVENT_RECORD = """world_event_id uuid, event_type text, event_mode text, contexts text[],
    actor1 text, actor1_code text, actor1_sector text, actor2 text, actor2_code text,
    actor2_sector text, event_date date, date_precision text, date_basis text, location text,
    location_code text, claim_status text, claimed_by text, claimed_by_text text, summary text,
    confidence real, arms jsonb, reported_at timestamptz, position bigint, event_date_end date,
    date_open boolean"""


def _world_events_identified(cur: Cursor, events: Sequence[RecordedEvent]) -> None:
    """A run of WorldEventIdentified in one INSERT (coding appends a batch's new world events
    together)."""
    rows = [{**e.data, "contexts": list(e.data.get("contexts") or []), "arms": e.data.get("arms") or None,
             "position": e.global_position} for e in events]
    cur.execute(
        f"""INSERT INTO newswatch.proj_world_events (world_event_id, event_type, event_mode, contexts,
             actor1, actor1_code, actor1_sector, actor2, actor2_code, actor2_sector, event_date,
             date_precision, date_basis, location, location_code, claim_status, claimed_by,
             claimed_by_text, summary, confidence, arms, first_reported_at, last_reported_at,
             updated_position, event_date_end, date_open)
           SELECT world_event_id, event_type, event_mode, coalesce(contexts, '{{}}'), actor1,
             actor1_code, actor1_sector, actor2, actor2_code, actor2_sector, event_date,
             date_precision, date_basis, location, location_code, claim_status, claimed_by,
             claimed_by_text, summary, confidence, arms, reported_at, reported_at, position,
             event_date_end, coalesce(date_open, false)
             FROM jsonb_to_recordset(%s::jsonb) AS r({_WORLD_EVENT_RECORD})
            ORDER BY position
           ON CONFLICT (world_event_id) DO NOTHING""",
        (json.dumps(rows),),
    )


def _world_events_mentioned(cur: Cursor, events: Sequence[RecordedEvent]) -> None:
    """A run of WorldEventMentioned in one statement: the mentions inserted, then each world
    event's counters moved once by what the run added. A source counts as new for an event when
    no current mention from it existed before the run (the CTEs read the statement's snapshot,
    from before the insert); several new mentions from one source count it once."""
    rows = [{"via_duplicate_of": None, "pattern_id": None, "in_title": False, **e.data,
             "position": e.global_position} for e in events]
    cur.execute(
        """WITH r AS (
             SELECT DISTINCT ON (mention_id) *
               FROM jsonb_to_recordset(%s::jsonb) AS r(mention_id uuid, world_event_id uuid,
                 article_id uuid, source text, sentence text, start int, "end" int,
                 extractor_version text, pattern_id text, claim_status text, claimed_by text,
                 event_date date, date_precision text, date_basis text, confidence real,
                 reported_at timestamptz, via_duplicate_of uuid, in_title boolean, position bigint,
                 event_date_end date, date_open boolean)
              ORDER BY mention_id, position),
           ins AS (
             INSERT INTO newswatch.proj_event_mentions (mention_id, world_event_id, article_id,
               source, sentence, start_char, end_char, extractor_version, pattern_id, claim_status,
               claimed_by, event_date, date_precision, date_basis, confidence, reported_at,
               via_duplicate_of, in_title, event_date_end, date_open)
             SELECT mention_id, world_event_id, article_id, source, sentence, start, "end",
               extractor_version, pattern_id, claim_status, claimed_by, event_date, date_precision,
               date_basis, confidence, reported_at, via_duplicate_of, coalesce(in_title, false),
               event_date_end, coalesce(date_open, false)
               FROM r ORDER BY position
             ON CONFLICT (mention_id) DO NOTHING
             RETURNING mention_id, world_event_id, source, reported_at),
           added AS (
             SELECT ins.world_event_id, count(*) AS n,
                    count(DISTINCT ins.source) FILTER (WHERE NOT EXISTS (
                      SELECT 1 FROM newswatch.proj_event_mentions m
                       WHERE m.world_event_id = ins.world_event_id AND m.source = ins.source
                         AND NOT m.superseded)) AS new_sources,
                    min(ins.reported_at) AS first, max(ins.reported_at) AS last,
                    max(r.position) AS position
               FROM ins JOIN r USING (mention_id)
              GROUP BY ins.world_event_id)
           UPDATE newswatch.proj_world_events w SET
             num_mentions = w.num_mentions + added.n,
             num_sources = w.num_sources + added.new_sources,
             first_reported_at = least(w.first_reported_at, added.first),
             last_reported_at = greatest(w.last_reported_at, added.last),
             updated_position = added.position
           FROM added WHERE w.world_event_id = added.world_event_id""",
        (json.dumps(rows),),
    )


def _world_event_mentioned(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    # Counters move incrementally (a recount per mention is quadratic for a busy event). The
    # EXISTS probe runs on the statement's snapshot, before the CTE's insert, so it asks whether
    # the source had already reported this event.
    cur.execute(
        """WITH ins AS (
             INSERT INTO newswatch.proj_event_mentions (mention_id, world_event_id, article_id,
               source, sentence, start_char, end_char, extractor_version, pattern_id, claim_status,
               claimed_by, event_date, date_precision, date_basis, confidence, reported_at,
               via_duplicate_of, in_title, event_date_end, date_open)
             VALUES (%(mention_id)s, %(world_event_id)s, %(article_id)s, %(source)s, %(sentence)s,
               %(start)s, %(end)s, %(extractor_version)s, %(pattern_id)s, %(claim_status)s,
               %(claimed_by)s, %(event_date)s, %(date_precision)s, %(date_basis)s, %(confidence)s,
               %(reported_at)s, %(via_duplicate_of)s, %(in_title)s, %(event_date_end)s,
               coalesce(%(date_open)s, false))
             ON CONFLICT (mention_id) DO NOTHING
             RETURNING world_event_id, source, reported_at)
           UPDATE newswatch.proj_world_events w SET
             num_mentions = w.num_mentions + 1,
             num_sources = w.num_sources + CASE WHEN EXISTS (
                 SELECT 1 FROM newswatch.proj_event_mentions m
                 WHERE m.world_event_id = ins.world_event_id AND m.source = ins.source
                   AND NOT m.superseded) THEN 0 ELSE 1 END,
             first_reported_at = least(w.first_reported_at, ins.reported_at),
             last_reported_at = greatest(w.last_reported_at, ins.reported_at),
             updated_position = %(position)s
           FROM ins WHERE w.world_event_id = ins.world_event_id""",
        {"via_duplicate_of": None, "pattern_id": None, "in_title": False, "event_date_end": None, "date_open": False,
         **d, "position": e.global_position},
    )


# Columns a refinement may change; anything else in its data is ignored.
_REFINABLE = ("event_date", "date_precision", "date_basis", "claim_status", "claimed_by",
              "claimed_by_text", "confidence", "event_date_end", "date_open")


def _world_event_refined(cur: Cursor, e: RecordedEvent) -> None:
    d = e.data
    changes = {k: v for k, v in d["changes"].items() if k in _REFINABLE}
    sets = [f"{k} = %({k})s" for k in changes]
    if "arms" in d["changes"]:
        sets.append("arms = %(arms)s")
    cur.execute(
        f"""UPDATE newswatch.proj_world_events SET {', '.join(sets + [''])}
              summary = %(summary)s, num_refinements = num_refinements + 1,
              last_refined_at = greatest(last_refined_at, %(reported_at)s), updated_position = %(position)s
            WHERE world_event_id = %(world_event_id)s""",
        {**changes, "arms": json.dumps(d["changes"].get("arms")), "summary": d["summary"],
         "reported_at": d["reported_at"], "position": e.global_position,
         "world_event_id": d["world_event_id"]},
    )


def _article_coded(cur: Cursor, e: RecordedEvent) -> None:
    """An article coded again with another extractor version: its older mentions are superseded
    (they stay in the log; the read model shows the latest coding) and the world events they
    counted for are recounted."""
    d = e.data
    # One statement, no read-back, so the projection's statement batching keeps working. The
    # first coding of an article (nearly every ArticleCoded) supersedes nothing, and the recount
    # then starts from no row: an index probe, where a recount join planned for every article
    # cost ~2 ms of planning alone. The CTEs read the statement's snapshot, from before the
    # UPDATE, so the recount leaves out the mentions being superseded by their predicate.
    cur.execute(
        """WITH superseded AS (
             UPDATE newswatch.proj_event_mentions SET superseded = true
              WHERE article_id = %(article)s AND extractor_version <> %(version)s AND NOT superseded
              RETURNING world_event_id),
           counts AS (
             SELECT t.world_event_id, count(m.mention_id) AS n, count(DISTINCT m.source) AS sources,
                    min(m.reported_at) AS first, max(m.reported_at) AS last
               FROM (SELECT DISTINCT world_event_id FROM superseded) t
               LEFT JOIN newswatch.proj_event_mentions m
                 ON m.world_event_id = t.world_event_id AND NOT m.superseded
                AND NOT (m.article_id = %(article)s AND m.extractor_version <> %(version)s)
              GROUP BY t.world_event_id)
           UPDATE newswatch.proj_world_events w SET
             num_mentions = c.n, num_sources = c.sources,
             first_reported_at = least(w.first_reported_at, c.first),
             last_reported_at = greatest(w.last_reported_at, c.last),
             updated_position = %(position)s
           FROM counts c WHERE w.world_event_id = c.world_event_id""",
        {"article": d["article_id"], "version": d["extractor_version"], "position": e.global_position},
    )


WORLD_EVENTS = Projection(
    "world_events",
    ("newswatch.proj_event_mentions", "newswatch.proj_world_events"),
    {
        ev.WORLD_EVENT_IDENTIFIED: _world_event_identified,
        ev.WORLD_EVENT_MENTIONED: _world_event_mentioned,
        ev.WORLD_EVENT_REFINED: _world_event_refined,
        ev.ARTICLE_CODED: _article_coded,
    },
    bulk={
        ev.WORLD_EVENT_IDENTIFIED: _world_events_identified,
        ev.WORLD_EVENT_MENTIONED: _world_events_mentioned,
    },
)
