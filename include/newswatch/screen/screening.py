"""Screen newly discovered articles: validate them (great-expectations), then deduplicate the
valid ones (exact keys, then MinHash near-duplicates). Each article ends with exactly one verdict
event: ArticleRejected (with every failed expectation and the observed value),
ArticleDuplicateDetected (with the original, the method and the similarity) or ArticleAccepted
(with the keys and signature it claims). Each GX run is kept as ArticleBatchValidated; then every
feed polled since its last check gets its batch-level checks (FeedBatchValidated).

Screening runs as one task after all poll shards, so two shards that fetched the same story from
two outlets cannot both accept it. The dedup index it reads is the ARTICLES projection, caught up
right after each batch's verdicts are appended, so the next batch (or the next run, in another
process) sees every article accepted so far.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from newswatch import events as ev
from newswatch import projections
from newswatch.events import StreamAppend
from newswatch.model import Article, RunContext, stable_id
from newswatch.projections import near_index
from newswatch.screen import neardup
from newswatch.screen.dedup import NEAR, dedup_keys, find_duplicates, key_pairs
from newswatch.store import EventStore

log = logging.getLogger(__name__)

SCREEN_BATCH = 2000
SCREEN_LOCK_KEY = 0x6E777363  # "nwsc"


def screen_articles(store: EventStore, ctx: RunContext) -> dict[str, int]:
    """Judge every article still waiting for a verdict; returns counts for the task log."""
    # One screener at a time across processes (the Airflow task, a CLI run): two screeners
    # reading the same index could each accept one copy of a story as its original.
    with store.transaction() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", (SCREEN_LOCK_KEY,))
    try:
        return _screen(store, ctx)
    finally:
        with store.transaction() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", (SCREEN_LOCK_KEY,))


def _screen(store: EventStore, ctx: RunContext) -> dict[str, int]:
    from newswatch.screen.validation import (  # imports GX: keep lazy
        SUITE_NAME,
        validate_articles,
    )

    counts = {"accepted": 0, "duplicate": 0, "near_duplicate": 0, "rejected": 0, "feeds_degraded": 0}
    projections.catch_up(store, projections.ARTICLES)
    while pending := _pending_articles(store, SCREEN_BATCH):
        outcome = validate_articles(pending, now=ctx.now)
        # The first copy in a batch is the original: take the earliest report first, not the
        # first fetched, so which copy is the original does not depend on which poll shard
        # finished first (shards run in parallel, on several workers).
        accepted = sorted(outcome.accepted, key=lambda a: (a.reported_at, a.article_id))
        known, claimed_at = _known_keys(store, accepted)
        signatures = {a.article_id: neardup.signature(a.text) for a in accepted}
        verdicts = find_duplicates(accepted, known, claimed_at=claimed_at,
                                   near=_near_index(store, signatures.values()), signatures=signatures)
        meta = ctx.metadata("screen")
        appends: list[StreamAppend] = [_batch_validated(pending, outcome, SUITE_NAME, ctx, meta)]
        for rejection in outcome.rejected:
            failures = [dataclasses.asdict(f) for f in rejection.failures]
            appends.append(_verdict(ev.ArticleRejected(article_id=rejection.article.article_id,
                                                       failures=failures), meta))
        for v in verdicts:
            if v.duplicate_of:
                appends.append(_verdict(ev.ArticleDuplicateDetected(
                    article_id=v.article.article_id, duplicate_of=v.duplicate_of, method=v.method,
                    similarity=v.similarity), meta))
            else:
                appends.append(_verdict(ev.ArticleAccepted(
                    article_id=v.article.article_id, keys=dedup_keys(v.article),
                    minhash=near_index.encode(v.signature) if v.signature is not None else None), meta))
        store.append_many(appends)
        projections.catch_up(store, projections.ARTICLES)
        counts["rejected"] += len(outcome.rejected)
        counts["duplicate"] += sum(1 for v in verdicts if v.duplicate_of)
        counts["near_duplicate"] += sum(1 for v in verdicts if v.method == NEAR)
        counts["accepted"] += sum(1 for v in verdicts if not v.duplicate_of)
        if outcome.batch_failures:
            log.warning("batch-level expectations failed: %s", outcome.batch_failures)
    counts["feeds_degraded"] = check_feeds(store, ctx)
    return counts


def check_feeds(store: EventStore, ctx: RunContext) -> int:
    """Batch-check every feed polled since its last check; returns how many failed."""
    from newswatch.screen.feed_quality import check_feed_batches, describe

    projections.catch_up(store, projections.QUALITY)
    verdicts = check_feed_batches(_feed_batches(store))
    meta = ctx.metadata("screen", step="feed_quality")
    appends = []
    for v in verdicts:
        b = v.batch
        event = ev.FeedBatchValidated(
            feed_id=b.feed_id, name=b.name, run_id=ctx.run_id, poll_position=b.poll_position,
            checked_at=ctx.now, passed=v.passed, statistics=b.statistics(),
            failures=[dataclasses.asdict(f) for f in v.failures],
        ).recorded(b.feed_id, b.poll_position, metadata=meta)
        appends.append(StreamAppend(ev.feed_stream(b.feed_id), [event]))
        if not v.passed:
            log.warning("feed %s looks broken: %s", b.name, "; ".join(describe(f) for f in v.failures))
    store.append_many(appends)
    projections.catch_up(store, projections.QUALITY)
    return sum(1 for v in verdicts if not v.passed)


def _verdict(verdict: ev.ArticleAccepted | ev.ArticleRejected | ev.ArticleDuplicateDetected,
             meta: dict) -> StreamAppend:
    """An article's one verdict, keyed by the article: a retried screening appends nothing."""
    event = verdict.recorded(verdict.article_id, metadata=meta)
    return StreamAppend(ev.article_stream(verdict.article_id), [event])


def _batch_validated(batch: Sequence[Article], outcome: Any, suite: str, ctx: RunContext,
                     meta: dict) -> StreamAppend:
    """The GX run itself as an event, so its results outlive the process (and Data Docs can be
    built for the run later). Keyed by the articles it judged: a retry of the same batch is a
    no-op, a retry that sees fewer pending articles records what it validated."""
    ids = [a.article_id for a in batch]
    batch_id = stable_id(ev.ARTICLE_BATCH_VALIDATED, ctx.run_id,
                            hashlib.sha256("\n".join(ids).encode()).hexdigest())
    event = ev.ArticleBatchValidated(
        batch_id=batch_id, run_id=ctx.run_id, validated_at=ctx.now, suite=suite,
        statistics=outcome.statistics, article_ids=ids,
        batch_failures=[dataclasses.asdict(f) for f in outcome.batch_failures],
    ).recorded(batch_id, metadata=meta)
    return StreamAppend(ev.validation_stream(ctx.run_id), [event])


def _pending_articles(store: EventStore, limit: int) -> list[Article]:
    """Discovered articles without a verdict, oldest first, as recorded when discovered."""
    with store.transaction() as cur:
        cur.execute(
            """SELECT e.data FROM newswatch.proj_articles a
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.status = 'discovered' ORDER BY a.discovered_position LIMIT %s""",
            (limit,),
        )
        return [Article.from_data(row[0]) for row in cur.fetchall()]


def _known_keys(store: EventStore, articles: Sequence[Article]) -> tuple[dict, dict]:
    """Stored exact keys the articles would claim: (kind, key) -> article id, and -> claimed_at."""
    pairs = key_pairs(articles)
    if not pairs:
        return {}, {}
    with store.transaction() as cur:
        cur.execute(
            """SELECT k.kind, k.key, k.article_id::text, k.claimed_at FROM newswatch.proj_article_keys k
               JOIN unnest(%s::text[], %s::text[]) AS q(kind, key) USING (kind, key)""",
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        )
        rows = cur.fetchall()
    return ({(kind, key): article_id for kind, key, article_id, _ in rows},
            {(kind, key): at for kind, key, _, at in rows if at is not None})


def _near_index(store: EventStore, signatures: Iterable[Any]) -> neardup.NearDuplicateIndex:
    """The part of the stored near-duplicate index these signatures' band keys reach: two
    indexed queries per batch, whatever the number of stored articles."""
    keys = sorted({k for s in signatures if s is not None for k in near_index.band_keys(s)})
    if not keys:
        return neardup.NearDuplicateIndex({}, {})
    return load_near_index(store, keys)


def load_near_index(store: EventStore, keys: Sequence[int]) -> neardup.NearDuplicateIndex:
    with store.transaction() as cur:
        cur.execute(
            """SELECT b.key, b.article_id::text FROM newswatch.proj_article_bands b
               WHERE b.key = ANY(%s::bigint[])""",
            (list(keys),),
        )
        bands = cur.fetchall()
        ids = sorted({article_id for _, article_id in bands})
        cur.execute(
            """SELECT article_id::text, signature FROM newswatch.proj_article_signatures
               WHERE article_id = ANY(%s::uuid[])""",
            (ids,),
        )
        return neardup.NearDuplicateIndex.from_rows(bands, dict(cur.fetchall()))


def _feed_batches(store: EventStore) -> list[Any]:
    from newswatch.screen.feed_quality import FeedBatch
    from newswatch.screen.validation import FUTURE_TOLERANCE

    with store.transaction() as cur:
        cur.execute(
            """SELECT q.feed_id, q.name, q.pending_position, q.last_poll_problem, q.last_poll_detail,
                 q.last_entries, q.items_vs_history, count(a.article_id),
                 count(*) FILTER (WHERE a.rejection_reasons @> '[{"column": "text", "observed": "0 chars"}]'
                                     OR a.rejection_reasons @> '[{"column": "text", "observed": "missing"}]'),
                 count(*) FILTER (WHERE a.rejection_reasons
                                  @> '[{"expectation": "expect_column_values_to_not_match_regex"}]'),
                 count(*) FILTER (WHERE a.published_at > a.fetched_at + %s),
                 count(*) FILTER (WHERE a.status = 'duplicate'),
                 count(*) FILTER (WHERE a.status = 'rejected')
               FROM newswatch.proj_feed_quality q
               LEFT JOIN newswatch.proj_articles a
                 ON a.feed = q.name AND a.discovered_position > q.pending_position
               WHERE q.pending_position IS NOT NULL
               GROUP BY q.feed_id ORDER BY q.name""",
            (FUTURE_TOLERANCE,),
        )
        return [FeedBatch(*row) for row in cur.fetchall()]
