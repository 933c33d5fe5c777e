"""Code accepted articles into world events: extract event mentions from each article's headline
and text, join each mention to the world event it reports (or identify a new one), and let
duplicates of an article count as further sources for the original's events without coding them
again.

The headline is coded as one more sentence (it often states the development plainly); its
mentions are marked ``in_title`` (offsets into the title) and stay apart as evidence, and since
sources are outlets, a headline and its body never count as two sources for one event.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import psycopg2.extras

from newswatch import events as ev
from newswatch import projections
from newswatch.events import NewEvent, StreamAppend
from newswatch.extract import EXTRACTOR_VERSION
from newswatch.model import Article, ExtractedEvent, RunContext, stable_id
from newswatch.store import EventStore
from newswatch.worldevents import candidates
from newswatch.worldevents.candidates import Key, Ranked, choose, lookup_key
from newswatch.worldevents.extraction_pool import (
    Extracted,
    ExtractionPool,
    extract_batch,
)
from newswatch.worldevents.mention_checks import split_valid_mentions
from newswatch.worldevents.promises import settle_promises
from newswatch.worldevents.same_event import actor_pair, refinement, weapon_classes

log = logging.getLogger(__name__)

CODE_BATCH = 200
READ_AHEAD = 2  # batches read and handed to the extraction workers before the one being written


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
    end = f.get("event_date_end")
    if f.get("date_open"):
        day = f"since {day}"  # an ongoing period
    elif end:
        day = f"{day} to {end.isoformat() if hasattr(end, 'isoformat') else end}"
    line = f"{what}: {who}; {claim}; {day} ({f['date_precision']}, {f['date_basis']})"
    if f.get("location"):
        line += f"; in {f['location']}"
    arms = f.get("arms") or {}
    if arms.get("weapon_class"):
        line += f"; {arms['weapon_class']}" + (f" x {arms['quantity']}" if arms.get("quantity") else "")
    return line


def code_articles(store: EventStore, ctx: RunContext, *, extractor_version: str = EXTRACTOR_VERSION,
                  workers: int | None = None) -> dict[str, int]:
    """Code every accepted article not yet coded, then link duplicates; returns counts.

    With a backlog, the next batch is extracted in worker processes (``workers``, default
    NEWSWATCH_CODE_WORKERS) while this one is joined and written: see extraction_pool."""
    counts = {"articles": 0, "mentions": 0, "world_events_new": 0, "duplicates_linked": 0}
    projections.catch_up(store, projections.ARTICLES)
    projections.catch_up(store, projections.WORLD_EVENTS)
    with ExtractionPool(extractor_version, workers) as pool:
        batch, position = _uncoded_articles(store, CODE_BATCH)
        last: int | None = position if batch else None  # None once every uncoded article is read
        if len(batch) == CODE_BATCH:
            pool.start()  # a backlog: worth a worker process
        # The first batch is extracted here, while a spawned worker starts (importing spaCy and
        # loading the parser and dictionaries takes it 1-3 s) and takes the next ones: at 1,000
        # articles, waiting for the worker's start cost the coding stage ~2 ms per article.
        ahead: deque[tuple[list[Article], Callable[[], Extracted]]] = deque(
            [(batch, lambda first=batch: extract_batch(first, extractor_version))] if batch else [])
        while ahead:
            # Read and start extracting the next batches before writing this one (coding a batch
            # changes no article after it): READ_AHEAD batches in flight keep a worker busy while
            # this loop writes, however the two paces differ from batch to batch.
            while last is not None and len(ahead) <= READ_AHEAD:
                following, reached = _uncoded_articles(store, CODE_BATCH, after=last)
                if not following:
                    last = None
                    break
                ahead.append((following, pool.submit(following)))
                last = reached
            batch, extracted = ahead.popleft()
            record_coded_batch(store, batch, ctx, extractor_version, counts, extracted=extracted())
    while batch := _uncoded_duplicates(store, CODE_BATCH):
        counts["duplicates_linked"] += record_linked_duplicates(store, batch, ctx)
    return counts


def record_coded_batch(store: EventStore, batch: Sequence[Article], ctx: RunContext, version: str,
                       counts: dict[str, int], *, extracted: Extracted | None = None) -> None:
    """Code one batch, append what it found, and bring the read models the next batch reads up
    to date; adds to ``counts`` (articles, mentions, world_events_new). ``extracted``: the
    batch's mentions when already extracted (extraction_pool), else extracted here."""
    if extracted is None:
        extracted = extract_batch(batch, version)
    appends, new_events, mentions = _code_batch(store, batch, extracted, ctx, version)
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
    store: EventStore, batch: Sequence[Article], extracted: Extracted, ctx: RunContext, version: str
) -> tuple[list[StreamAppend], int, int]:
    meta = ctx.metadata("code", extractor_version=version)
    appends: list[StreamAppend] = []
    # The whole batch is extracted before any lookup, so the candidate lookups are one query.
    valid: list[tuple[Article, list[ExtractedEvent]]] = []
    for article, found in zip(batch, extracted, strict=True):
        found = settle_promises(found)  # a promise is never a delivery (worldevents.promises)
        found, refused = split_valid_mentions(found, article, meta)  # failed checks: recorded, not projected
        appends.extend(refused)
        valid.append((article, found))
    stored = _ranked(store, [lookup_key(m) for _, found in valid for m in found], candidates.TOP)
    # World events identified or refined in this batch and not yet projected, by identity key:
    # their current state, which wins over the stored row.
    pending = _Pending()
    out = _BatchAppends()
    new_events = mentions = 0
    for article, found in valid:
        identified, coded = _join_mentions(store, article, found, ctx, version, meta, out, stored, pending)
        new_events += identified
        mentions += coded
    return appends + out.in_log_order(), new_events, mentions


def _ranked(store: EventStore, keys: Sequence[Key], limit: int | None) -> dict[Key, Ranked]:
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        return candidates.ranked_candidates(cur, keys, limit)


@dataclasses.dataclass
class _BatchAppends:
    """A batch's events by kind, appended kind by kind: every new world event, then every
    mention, then the refinements (in the order they were found), then the articles' ArticleCoded.
    Each event still follows what it depends on (a world event's identification comes before its
    mentions, a mention before the refinement it causes, an article's mentions before its
    ArticleCoded), and the projections apply each run of one kind in one statement."""

    identified: list[StreamAppend] = dataclasses.field(default_factory=list)
    mentioned: list[StreamAppend] = dataclasses.field(default_factory=list)
    refined: list[StreamAppend] = dataclasses.field(default_factory=list)
    coded: list[StreamAppend] = dataclasses.field(default_factory=list)

    def in_log_order(self) -> list[StreamAppend]:
        return self.identified + self.mentioned + self.refined + self.coded


class _Pending:
    """World events identified or refined in the batch being coded, by type and actor pair."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}

    def for_mention(self, m: ExtractedEvent) -> dict[str, dict[str, Any]]:
        return self._by_key.get((m.event_type, *actor_pair(m.event_type, m.actor1_code, m.actor2_code)), {})

    def put(self, state: dict[str, Any]) -> None:
        key = (state["event_type"], *actor_pair(state["event_type"], state["actor1_code"], state["actor2_code"]))
        self._by_key.setdefault(key, {})[state["world_event_id"]] = state


def _join_mentions(store: EventStore, article: Article, found: Sequence[ExtractedEvent], ctx: RunContext,
                   version: str, meta: Mapping[str, Any], out: _BatchAppends,
                   stored: Mapping[Key, Ranked], pending: _Pending) -> tuple[int, int]:
    """Join each of one article's mentions to its world event (identifying a new one when none
    matches); the events go to ``out``. ``stored``: the ranked stored candidates for each
    mention's question. Returns (world events identified, mentions coded)."""
    new_events = mentions = 0
    reported = article.reported_at
    # The body first: a world event takes its actors' names (and so their titles and roles) from
    # the mention that identifies it, and a sentence names them more fully than a headline.
    for mention in sorted(found, key=lambda m: m.in_title):
        # A headline's offsets index the title, so they can equal a body sentence's: the key
        # says which (body mentions keep the ids they always had).
        mention_id = stable_id("mention", article.article_id, version, mention.start, mention.end,
                               mention.event_type, mention.actor1_code, mention.actor2_code,
                               mention.pattern_id, *(["title"] if mention.in_title else []))
        key = lookup_key(mention)
        match = choose(mention, stored[key], pending.for_mention(mention),
                       everything=lambda key=key: _ranked(store, [key], limit=None)[key])
        if match is None:
            world_event_id = stable_id("world_event", mention_id)
            fields = _event_fields(mention)
            match = {**fields, "world_event_id": world_event_id, "updated_position": 0,
                     "last_reported_at": reported}
            pending.put(match)
            identified = ev.WorldEventIdentified(
                **fields, world_event_id=world_event_id, summary=summarize(mention), reported_at=reported,
            ).recorded(world_event_id, metadata=meta)
            out.identified.append(StreamAppend(ev.world_event_stream(world_event_id), [identified]))
            new_events += 1
        out.mentioned.append(_mentioned(match["world_event_id"], mention_id, article, _evidence(mention), None, meta))
        refined = _refine(match, mention, mention_id, article, meta)
        if refined is not None:
            state, event = refined
            pending.put(state)
            out.refined.append(StreamAppend(ev.world_event_stream(match["world_event_id"]), [event]))
        mentions += 1
    coded = ev.ArticleCoded(article_id=article.article_id, extractor_version=version, num_events=len(found),
                            coded_at=ctx.now).recorded(article.article_id, version, metadata=meta)
    out.coded.append(StreamAppend(ev.article_stream(article.article_id), [coded]))
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
    event = ev.WorldEventRefined(
        world_event_id=current["world_event_id"], mention_id=mention_id, article_id=article.article_id,
        source=article.source, reasons=reasons, changes=changes, previous={k: current.get(k) for k in changes},
        summary=state["summary"], reported_at=article.reported_at,
    ).recorded(current["world_event_id"], mention_id, metadata=meta)
    return state, event


# The mention's fields that describe the event (the rest is provenance: where in which text).
_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(ExtractedEvent)
                      if f.name not in ("sentence", "start", "end", "pattern_id", "extractor_version",
                                        "date_text", "contexts", "arms", "in_title"))


def _event_fields(m: ExtractedEvent) -> dict[str, Any]:
    # Field by field rather than dataclasses.asdict, whose recursive deep copy cost more than
    # the rest of joining a mention (bench/profile_pipeline.py).
    fields = {name: getattr(m, name) for name in _EVENT_FIELDS}
    fields["contexts"] = list(m.contexts)
    fields["arms"] = None
    if m.arms is not None:
        arms = m.arms.to_data()
        arms["weapon_classes"] = weapon_classes(arms)
        arms["confirmed_classes"] = arms["weapon_classes"] if m.claim_status == "confirmed" else []
        fields["arms"] = arms
    return fields


def _evidence(m: ExtractedEvent) -> dict[str, Any]:
    """What a mention says, in WorldEventMentioned's terms, from a fresh extraction."""
    return {"sentence": m.sentence, "start": m.start, "end": m.end, "extractor_version": m.extractor_version,
            "pattern_id": m.pattern_id, "claim_status": m.claim_status, "claimed_by": m.claimed_by,
            "event_date": m.event_date, "date_precision": m.date_precision, "date_basis": m.date_basis,
            "confidence": m.confidence, "in_title": m.in_title, "event_date_end": m.event_date_end,
            "date_open": m.date_open}


def _stored_evidence(row: Mapping[str, Any]) -> dict[str, Any]:
    """The same, from a stored mention (a proj_event_mentions row) that a duplicate repeats."""
    return {"sentence": row["sentence"], "start": row["start_char"], "end": row["end_char"],
            "extractor_version": row["extractor_version"], "pattern_id": row["pattern_id"],
            "claim_status": row["claim_status"], "claimed_by": row["claimed_by"], "event_date": row["event_date"],
            "date_precision": row["date_precision"], "date_basis": row["date_basis"],
            "confidence": row["confidence"], "in_title": bool(row.get("in_title")),
            "event_date_end": row.get("event_date_end"), "date_open": bool(row.get("date_open"))}


def _mentioned(world_event_id: str, mention_id: str, article: Article, evidence: Mapping[str, Any],
               via: str | None, meta: Mapping[str, Any]) -> StreamAppend:
    """The one place a WorldEventMentioned is built: ``article`` reports the world event with
    ``evidence``; ``via`` names the original when the article is its duplicate."""
    event = ev.WorldEventMentioned(
        world_event_id=world_event_id, mention_id=mention_id, article_id=article.article_id,
        source=article.source, reported_at=article.reported_at, via_duplicate_of=via, **evidence,
    ).recorded(mention_id, metadata=meta)
    return StreamAppend(ev.world_event_stream(world_event_id), [event])


def _uncoded_articles(store: EventStore, limit: int, after: int = 0) -> tuple[list[Article], int]:
    """The next accepted, uncoded articles discovered after log position ``after``, and the
    position of the last one (``after`` when there are none)."""
    with store.transaction() as cur:
        cur.execute(
            """SELECT e.data, a.discovered_position FROM newswatch.proj_articles a
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.status = 'accepted' AND a.coded_version IS NULL AND a.discovered_position > %s
               ORDER BY a.discovered_position LIMIT %s""",
            (after, limit),
        )
        rows = cur.fetchall()
    return [Article.from_data(data) for data, _ in rows], (rows[-1][1] if rows else after)


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
        return [(Article.from_data(data), original) for data, original in cur.fetchall()]


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
    appends, coded_appends = [], []  # every mention, then every ArticleCoded (see _BatchAppends)
    for dup, original in batch:
        rows = by_original.get(original, [])
        for row in rows:
            mention_id = stable_id("mention-via", dup.article_id, row["mention_id"])
            appends.append(_mentioned(str(row["world_event_id"]), mention_id, dup, _stored_evidence(row),
                                      original, meta))
        versions = sorted({r["extractor_version"] for r in rows}) or [EXTRACTOR_VERSION]
        coded = ev.ArticleCoded(article_id=dup.article_id, extractor_version=versions[-1], num_events=len(rows),
                                coded_at=ctx.now, via_duplicate_of=original,
                                ).recorded(dup.article_id, versions[-1], metadata=meta)
        coded_appends.append(StreamAppend(ev.article_stream(dup.article_id), [coded]))
    return appends + coded_appends
