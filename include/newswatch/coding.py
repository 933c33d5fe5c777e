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
from newswatch.cluster import actor_pair, best_match, date_range, refinement, weapon_classes
from newswatch.extract import EXTRACTOR_VERSION, extract_events
from newswatch.model import Article, ExtractedEvent, stable_id
from newswatch.mention_checks import split_valid_mentions
from newswatch.pipeline import RunContext
from newswatch.polling import article_from_data
from newswatch.store import EventStore, NewEvent, StreamAppend

log = logging.getLogger(__name__)

CODE_BATCH = 200


def summarize(e: ExtractedEvent | Mapping[str, Any]) -> str:
    """One line an analyst can read in an alert or a list: what, who to whom, says who.
    Takes a mention or a world event's current state (a proj_world_events-shaped mapping)."""
    f = _event_fields(e) if isinstance(e, ExtractedEvent) else e
    contexts = list(f.get("contexts") or [])
    what = f["event_type"] + (f" ({', '.join(contexts)})" if contexts else "")
    who = f"{f['actor1']} [{f['actor1_code']}]"
    if f.get("actor2_code"):
        who += f" -> {f['actor2']} [{f['actor2_code']}]"
    claimant = f.get("claimed_by_text") or f.get("claimed_by")
    claim = f["claim_status"] + (f" by {claimant}" if f.get("claimed_by") else "")
    day = f["event_date"].isoformat() if hasattr(f["event_date"], "isoformat") else str(f["event_date"])
    line = f"{what}: {who}; {claim}; {day} ({f['date_precision']}, {f['date_basis']})"
    if f.get("location"):
        line += f"; in {f['location']}"
    arms = f.get("arms") or {}
    if arms.get("weapon_class"):
        line += f"; {arms['weapon_class']}" + (f" x {arms['quantity']}" if arms.get("quantity") else "")
    return line


def code_articles(store: EventStore, ctx: RunContext, *, extractor_version: str = EXTRACTOR_VERSION) -> dict[str, int]:
    """Code every accepted article not yet coded, then link duplicates; returns counts."""
    counts = {"articles": 0, "mentions": 0, "world_events_new": 0, "duplicates_linked": 0}
    projections.catch_up(store, projections.ARTICLES)
    projections.catch_up(store, projections.WORLD_EVENTS)
    while batch := _uncoded_articles(store, CODE_BATCH):
        record_coded_batch(store, batch, ctx, extractor_version, counts)
    while batch := _uncoded_duplicates(store, CODE_BATCH):
        counts["duplicates_linked"] += record_linked_duplicates(store, batch, ctx)
    return counts


def record_coded_batch(store: EventStore, batch: Sequence[Article], ctx: RunContext, version: str,
                       counts: dict[str, int]) -> None:
    """Code one batch, append what it found, and bring the read models the next batch reads up
    to date; adds to ``counts`` (articles, mentions, world_events_new)."""
    appends, new_events, mentions = _code_batch(store, batch, ctx, version)
    store.append_many(appends)
    projections.catch_up(store, projections.ARTICLES)
    projections.catch_up(store, projections.WORLD_EVENTS)
    counts["articles"] += len(batch)
    counts["mentions"] += mentions
    counts["world_events_new"] += new_events


def record_linked_duplicates(store: EventStore, batch: Sequence[tuple[Article, str]], ctx: RunContext) -> int:
    """Link (duplicate, original id) pairs as extra mentions, append, catch up; returns how many."""
    store.append_many(_link_duplicates(store, batch, ctx))
    projections.catch_up(store, projections.ARTICLES)
    projections.catch_up(store, projections.WORLD_EVENTS)
    return len(batch)


def _code_batch(
    store: EventStore, batch: Sequence[Article], ctx: RunContext, version: str
) -> tuple[list[StreamAppend], int, int]:
    meta = ctx.metadata("code", extractor_version=version)
    appends: list[StreamAppend] = []
    # Extraction first (pure computation), so every candidate lookup of the batch can be one query.
    extracted: list[tuple[Article, list[ExtractedEvent]]] = []
    for article in batch:
        found = extract_events(article.text, article.reported_at.date(), extractor_version=version)
        found, refused = split_valid_mentions(found, article, meta)  # failed checks: recorded, not projected
        appends.extend(refused)
        extracted.append((article, found))
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        stored = _candidates(cur, [m for _, found in extracted for m in found])
    # World events identified or refined in this batch and not yet projected, by identity key:
    # their current state, which wins over the stored row.
    pending = _Pending()
    new_events = mentions = 0
    for article, found in extracted:
        identified, coded = _join_mentions(article, found, ctx, version, meta, appends, stored, pending)
        new_events += identified
        mentions += coded
    return appends, new_events, mentions


class _Pending:
    """World events identified or refined in the batch being coded, by type and actor pair."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}

    def for_mention(self, m: ExtractedEvent) -> dict[str, dict[str, Any]]:
        return self._by_key.get((m.event_type, *actor_pair(m.event_type, m.actor1_code, m.actor2_code)), {})

    def put(self, state: dict[str, Any]) -> None:
        key = (state["event_type"], *actor_pair(state["event_type"], state["actor1_code"], state["actor2_code"]))
        self._by_key.setdefault(key, {})[state["world_event_id"]] = state


def _join_mentions(article: Article, found: Sequence[ExtractedEvent], ctx: RunContext, version: str,
                   meta: Mapping[str, Any], appends: list[StreamAppend],
                   stored: Mapping[tuple[Any, ...], list[dict[str, Any]]], pending: _Pending) -> tuple[int, int]:
    """Join each of one article's mentions to its world event (identifying a new one when none
    matches); the events go to ``appends``. Returns (world events identified, mentions coded)."""
    new_events = mentions = 0
    reported = article.reported_at
    for mention in found:
        mention_id = stable_id("mention", article.article_id, version, mention.start, mention.end,
                               mention.event_type, mention.actor1_code, mention.actor2_code,
                               mention.pattern_id)
        candidates = {c["world_event_id"]: c for c in stored.get(_lookup_key(mention), ())}
        candidates.update(pending.for_mention(mention))
        match = best_match(list(candidates.values()), mention)
        if match is None:
            world_event_id = stable_id("world_event", mention_id)
            fields = _event_fields(mention)
            match = {**fields, "world_event_id": world_event_id, "updated_position": 0,
                     "last_reported_at": reported}
            pending.put(match)
            identified = ev.domain_event(
                ev.WORLD_EVENT_IDENTIFIED,
                {**fields, "world_event_id": world_event_id,
                 "summary": summarize(mention), "reported_at": reported},
                world_event_id, metadata=meta,
            )
            appends.append(StreamAppend(ev.world_event_stream(world_event_id), [identified]))
            new_events += 1
        appends.append(_mention(match["world_event_id"], mention_id, article, mention, None, meta))
        refined = _refine(match, mention, mention_id, article, meta)
        if refined is not None:
            state, event = refined
            pending.put(state)
            appends.append(StreamAppend(ev.world_event_stream(match["world_event_id"]), [event]))
        mentions += 1
    coded = ev.domain_event(
        ev.ARTICLE_CODED,
        {"article_id": article.article_id, "extractor_version": version,
         "num_events": len(found), "coded_at": ctx.now},
        article.article_id, version, metadata=meta,
    )
    appends.append(StreamAppend(ev.article_stream(article.article_id), [coded]))
    return new_events, mentions


def _refine(current: Mapping[str, Any], mention: ExtractedEvent, mention_id: str, article: Article,
            meta: Mapping[str, Any]) -> tuple[dict[str, Any], NewEvent] | None:
    """A WorldEventRefined when ``mention`` moves its world event on (a more precise date, a
    firmer claim, a later stage, a new weapon class), with the event's new state; never a rewrite
    of what was recorded before."""
    changes = refinement(current, mention)
    if not changes:
        return None
    reasons = changes.pop("reasons")
    state = {**current, **changes, "last_reported_at": max(current["last_reported_at"], article.reported_at)}
    state["summary"] = summarize(state)
    data = {
        "world_event_id": current["world_event_id"], "mention_id": mention_id,
        "article_id": article.article_id, "source": article.source, "reasons": reasons,
        "changes": changes, "previous": {k: current.get(k) for k in changes},
        "summary": state["summary"], "reported_at": article.reported_at,
    }
    event = ev.domain_event(ev.WORLD_EVENT_REFINED, data, current["world_event_id"], mention_id, metadata=meta)
    return state, event


def _event_fields(m: ExtractedEvent) -> dict[str, Any]:
    fields = dataclasses.asdict(m)
    for provenance in ("sentence", "start", "end", "pattern_id", "extractor_version", "date_text"):
        fields.pop(provenance)
    fields["contexts"] = list(m.contexts)
    if fields["arms"]:
        fields["arms"]["weapon_classes"] = weapon_classes(fields["arms"])
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


def _lookup_key(m: ExtractedEvent) -> tuple[Any, ...]:
    return (m.event_type, m.actor1_code, m.actor2_code, m.event_date, m.date_precision, m.date_basis)


def _candidates(cur: Any, found: Sequence[ExtractedEvent]) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """Projected world events that could be the one each mention reports, by ``_lookup_key``:
    same type, same actors in either order, and a date whose range (by precision and basis) can
    overlap the mention's, or an event still in the news for a report dated by its publication.
    A superset of what cluster.is_same_event accepts, which decides; narrow enough that a busy
    actor pair's long history is not read back for every mention. One query for the whole batch
    (mentions of one story ask the same question many times: each distinct key is asked once)."""
    keys = list(dict.fromkeys(_lookup_key(m) for m in found))
    found_by_key: dict[tuple[Any, ...], list[dict[str, Any]]] = {k: [] for k in keys}
    if not keys:
        return found_by_key
    ranges = [date_range(day, precision, basis) for _, _, _, day, precision, basis in keys]
    cur.execute(
        """SELECT k.i, w.*, w.world_event_id::text AS world_event_id
             FROM unnest(%(type)s::text[], %(a1)s::text[], %(a2)s::text[], %(day)s::date[],
                         %(lo)s::date[], %(hi)s::date[], %(pub)s::bool[])
                  WITH ORDINALITY AS k(type, a1, a2, day, lo, hi, by_publication, i)
             CROSS JOIN LATERAL (
               SELECT * FROM newswatch.proj_world_events
                WHERE event_type = k.type
                  AND ((actor1_code = k.a1 AND actor2_code IS NOT DISTINCT FROM k.a2)
                    OR (actor1_code = k.a2 AND actor2_code IS NOT DISTINCT FROM k.a1))
                  AND ((date_basis = 'publication' AND event_date BETWEEN k.lo AND k.hi + 14)
                    OR (date_basis <> 'publication' AND date_precision = 'day'
                        AND event_date BETWEEN k.lo AND k.hi)
                    OR (date_basis <> 'publication' AND date_precision = 'month'
                        AND event_date BETWEEN k.lo - 31 AND k.hi)
                    OR (date_basis <> 'publication' AND date_precision NOT IN ('day', 'month')
                        AND event_date BETWEEN k.lo - 366 AND k.hi)
                    OR (k.by_publication AND event_date <= k.day
                        AND last_reported_at >= k.day - 15))) w""",
        {"type": [k[0] for k in keys], "a1": [k[1] for k in keys], "a2": [k[2] for k in keys],
         "day": [k[3] for k in keys], "lo": [r[0] for r in ranges], "hi": [r[1] for r in ranges],
         "pub": [k[5] == "publication" for k in keys]},
    )
    for row in cur.fetchall():
        row = dict(row)
        found_by_key[keys[row.pop("i") - 1]].append(row)
    return found_by_key


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
               WHERE article_id = ANY(%s::uuid[]) AND via_duplicate_of IS NULL AND NOT superseded
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
