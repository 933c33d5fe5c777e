"""Code accepted articles into world events: extract event mentions from each article's text,
join each mention to the world event it reports (or identify a new one), and let duplicates of
an article count as further sources for the original's events without coding them again.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg2.extras

from newswatch import events as ev
from newswatch import projections
from newswatch.cluster import best_match
from newswatch.extract import EXTRACTOR_VERSION, extract_events
from newswatch.model import Article, ExtractedEvent, stable_id
from newswatch.pipeline import RunContext
from newswatch.polling import article_from_data
from newswatch.store import EventStore, NewEvent, StreamAppend

log = logging.getLogger(__name__)

CODE_BATCH = 200
_WORLD_EVENT_COLUMNS = (
    "world_event_id::text, event_type, actor1_code, actor2_code, event_date, date_precision,"
    " date_basis, location_code, updated_position"
)


def summarize(e: ExtractedEvent) -> str:
    """One line an analyst can read in an alert or a list: what, who to whom, says who."""
    what = e.event_type + (f" ({', '.join(e.contexts)})" if e.contexts else "")
    who = f"{e.actor1} [{e.actor1_code}]"
    if e.actor2_code:
        who += f" -> {e.actor2} [{e.actor2_code}]"
    claim = e.claim_status + (f" by {e.claimed_by_text or e.claimed_by}" if e.claimed_by else "")
    line = f"{what}: {who}; {claim}; {e.event_date.isoformat()} ({e.date_precision}, {e.date_basis})"
    if e.location:
        line += f"; in {e.location}"
    if e.arms and e.arms.weapon_class:
        line += f"; {e.arms.weapon_class}" + (f" x {e.arms.quantity}" if e.arms.quantity else "")
    return line


def code_articles(store: EventStore, ctx: RunContext, *, extractor_version: str = EXTRACTOR_VERSION) -> dict[str, int]:
    """Code every accepted article not yet coded, then link duplicates; returns counts."""
    counts = {"articles": 0, "mentions": 0, "world_events_new": 0, "duplicates_linked": 0}
    projections.catch_up(store, projections.ARTICLES)
    projections.catch_up(store, projections.WORLD_EVENTS)
    while batch := _uncoded_articles(store, CODE_BATCH):
        appends, new_events, mentions = _code_batch(store, batch, ctx, extractor_version)
        store.append_many(appends)
        projections.catch_up(store, projections.ARTICLES)
        projections.catch_up(store, projections.WORLD_EVENTS)
        counts["articles"] += len(batch)
        counts["mentions"] += mentions
        counts["world_events_new"] += new_events
    while batch := _uncoded_duplicates(store, CODE_BATCH):
        store.append_many(_link_duplicates(store, batch, ctx))
        projections.catch_up(store, projections.ARTICLES)
        projections.catch_up(store, projections.WORLD_EVENTS)
        counts["duplicates_linked"] += len(batch)
    return counts


def _code_batch(
    store: EventStore, batch: Sequence[Article], ctx: RunContext, version: str
) -> tuple[list[StreamAppend], int, int]:
    meta = ctx.metadata("code", extractor_version=version)
    appends: list[StreamAppend] = []
    fresh: list[dict[str, Any]] = []  # world events identified in this batch, not yet projected
    mentions = 0
    for article in batch:
        reported = article.reported_at
        found = extract_events(article.text, reported.date(), extractor_version=version)
        for mention in found:
            mention_id = stable_id("mention", article.article_id, version, mention.start, mention.end,
                                   mention.event_type, mention.actor1_code, mention.actor2_code,
                                   mention.pattern_id)
            candidates = _candidates(store, mention) + [
                c for c in fresh if c["event_type"] == mention.event_type
            ]
            match = best_match(candidates, mention)
            if match is None:
                world_event_id = stable_id("world_event", mention_id)
                match = {**_identity(mention), "world_event_id": world_event_id, "updated_position": 0}
                fresh.append(match)
                identified = ev.domain_event(
                    ev.WORLD_EVENT_IDENTIFIED,
                    {**_event_fields(mention), "world_event_id": world_event_id,
                     "summary": summarize(mention), "reported_at": reported},
                    world_event_id, metadata=meta,
                )
                appends.append(StreamAppend(ev.world_event_stream(world_event_id), [identified]))
            appends.append(_mention(match["world_event_id"], mention_id, article, mention, None, meta))
            mentions += 1
        coded = ev.domain_event(
            ev.ARTICLE_CODED,
            {"article_id": article.article_id, "extractor_version": version,
             "num_events": len(found), "coded_at": ctx.now},
            article.article_id, version, metadata=meta,
        )
        appends.append(StreamAppend(ev.article_stream(article.article_id), [coded]))
    return appends, len(fresh), mentions


def _identity(m: ExtractedEvent) -> dict[str, Any]:
    return {"event_type": m.event_type, "actor1_code": m.actor1_code, "actor2_code": m.actor2_code,
            "event_date": m.event_date, "date_precision": m.date_precision,
            "date_basis": m.date_basis, "location_code": m.location_code}


def _event_fields(m: ExtractedEvent) -> dict[str, Any]:
    fields = dataclasses.asdict(m)
    for provenance in ("sentence", "start", "end", "pattern_id", "extractor_version", "date_text"):
        fields.pop(provenance)
    fields["contexts"] = list(m.contexts)
    return fields


def _mention(world_event_id: str, mention_id: str, article: Article, m: ExtractedEvent,
             via: str | None, meta: Mapping[str, Any]) -> StreamAppend:
    data = {
        "world_event_id": world_event_id, "mention_id": mention_id,
        "article_id": article.article_id, "source": article.source, "sentence": m.sentence,
        "start": m.start, "end": m.end, "extractor_version": m.extractor_version,
        "pattern_id": m.pattern_id, "claim_status": m.claim_status, "claimed_by": m.claimed_by,
        "event_date": m.event_date, "date_precision": m.date_precision,
        "date_basis": m.date_basis, "confidence": m.confidence,
        "reported_at": article.reported_at, "via_duplicate_of": via,
    }
    event = ev.domain_event(ev.WORLD_EVENT_MENTIONED, data, mention_id, metadata=meta)
    return StreamAppend(ev.world_event_stream(world_event_id), [event])


def _candidates(store: EventStore, m: ExtractedEvent) -> list[dict[str, Any]]:
    """Projected world events that could be the one ``m`` reports: same type, same actors in
    either order (cluster.is_same_event decides direction), dates within a year."""
    with store.transaction() as cur:
        cur.execute(
            f"""SELECT {_WORLD_EVENT_COLUMNS} FROM newswatch.proj_world_events
                WHERE event_type = %(type)s
                  AND ((actor1_code = %(a1)s AND actor2_code IS NOT DISTINCT FROM %(a2)s)
                    OR (actor1_code = %(a2)s AND actor2_code IS NOT DISTINCT FROM %(a1)s))
                  AND event_date BETWEEN %(day)s::date - 400 AND %(day)s::date + 400""",
            {"type": m.event_type, "a1": m.actor1_code, "a2": m.actor2_code, "day": m.event_date},
        )
        columns = [c.name for c in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _uncoded_articles(store: EventStore, limit: int) -> list[Article]:
    with store.transaction() as cur:
        cur.execute(
            """SELECT e.data FROM newswatch.proj_articles a
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.status = 'accepted' AND a.coded_version IS NULL
               ORDER BY a.discovered_position LIMIT %s""",
            (limit,),
        )
        return [article_from_data(row[0]) for row in cur.fetchall()]


def _uncoded_duplicates(store: EventStore, limit: int) -> list[tuple[Article, str]]:
    """Duplicates whose original has been coded: (duplicate, original id)."""
    with store.transaction() as cur:
        cur.execute(
            """SELECT e.data, a.duplicate_of::text FROM newswatch.proj_articles a
               JOIN newswatch.proj_articles o ON o.article_id = a.duplicate_of
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.status = 'duplicate' AND a.coded_version IS NULL
                 AND o.coded_version IS NOT NULL
               ORDER BY a.discovered_position LIMIT %s""",
            (limit,),
        )
        return [(article_from_data(data), original) for data, original in cur.fetchall()]


def _link_duplicates(store: EventStore, batch: Sequence[tuple[Article, str]], ctx: RunContext) -> list[StreamAppend]:
    """A duplicate reports what its original reports: one more mention (and source) for each of
    the original's world events, with the original's sentences, and no second extraction."""
    originals = sorted({original for _, original in batch})
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT * FROM newswatch.proj_event_mentions
               WHERE article_id = ANY(%s::uuid[]) AND via_duplicate_of IS NULL
               ORDER BY start_char, mention_id""",
            (originals,),
        )
        by_original: dict[str, list[dict[str, Any]]] = {}
        for row in cur.fetchall():
            by_original.setdefault(str(row["article_id"]), []).append(row)
    meta = ctx.metadata("code", step="link_duplicates")
    appends = []
    for dup, original in batch:
        rows = by_original.get(original, [])
        for row in rows:
            mention_id = stable_id("mention-via", dup.article_id, row["mention_id"])
            data = {
                "world_event_id": str(row["world_event_id"]), "mention_id": mention_id,
                "article_id": dup.article_id, "source": dup.source, "sentence": row["sentence"],
                "start": row["start_char"], "end": row["end_char"],
                "extractor_version": row["extractor_version"], "pattern_id": row["pattern_id"],
                "claim_status": row["claim_status"], "claimed_by": row["claimed_by"],
                "event_date": row["event_date"], "date_precision": row["date_precision"],
                "date_basis": row["date_basis"], "confidence": row["confidence"],
                "reported_at": dup.reported_at, "via_duplicate_of": original,
            }
            event = ev.domain_event(ev.WORLD_EVENT_MENTIONED, data, mention_id, metadata=meta)
            appends.append(StreamAppend(ev.world_event_stream(data["world_event_id"]), [event]))
        versions = sorted({r["extractor_version"] for r in rows}) or [EXTRACTOR_VERSION]
        coded = ev.domain_event(
            ev.ARTICLE_CODED,
            {"article_id": dup.article_id, "extractor_version": versions[-1],
             "num_events": len(rows), "coded_at": ctx.now, "via_duplicate_of": original},
            dup.article_id, versions[-1], metadata=meta,
        )
        appends.append(StreamAppend(ev.article_stream(dup.article_id), [coded]))
    return appends
