"""Screen newly discovered articles: validate them (great-expectations), then deduplicate the
valid ones. Each article ends with exactly one verdict event: ArticleRejected (with every failed
expectation), ArticleDuplicateDetected (with the original and the method) or ArticleAccepted.

Screening runs as one task after all poll shards, so two shards that fetched the same story from
two outlets cannot both accept it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from newswatch import events as ev
from newswatch import projections
from newswatch.dedup import dedup_keys, find_exact_duplicates, key_pairs
from newswatch.model import Article
from newswatch.pipeline import RunContext
from newswatch.polling import article_from_data
from newswatch.store import EventStore, StreamAppend

log = logging.getLogger(__name__)

SCREEN_BATCH = 2000


def screen_articles(store: EventStore, ctx: RunContext) -> dict[str, int]:
    """Judge every article still waiting for a verdict; returns counts for the task log."""
    from newswatch.validation import validate_articles  # imports great_expectations: keep lazy

    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    projections.catch_up(store, projections.ARTICLES)
    while True:
        pending = _pending_articles(store, SCREEN_BATCH)
        if not pending:
            return counts
        outcome = validate_articles(pending, now=ctx.now)
        known = _known_keys(store, outcome.accepted)
        verdicts = find_exact_duplicates(outcome.accepted, known)
        meta = ctx.metadata("screen")
        appends: list[StreamAppend] = []
        for rejection in outcome.rejected:
            a = rejection.article
            failures = [dataclasses.asdict(f) for f in rejection.failures]
            appends.append(_verdict(a, ev.ARTICLE_REJECTED, {"failures": failures}, meta))
        for v in verdicts:
            if v.duplicate_of:
                data = {"duplicate_of": v.duplicate_of, "method": v.method, "similarity": 1.0}
                appends.append(_verdict(v.article, ev.ARTICLE_DUPLICATE_DETECTED, data, meta))
            else:
                appends.append(_verdict(v.article, ev.ARTICLE_ACCEPTED, {"keys": dedup_keys(v.article)}, meta))
        store.append_many(appends)
        projections.catch_up(store, projections.ARTICLES)
        counts["rejected"] += len(outcome.rejected)
        counts["duplicate"] += sum(1 for v in verdicts if v.duplicate_of)
        counts["accepted"] += sum(1 for v in verdicts if not v.duplicate_of)
        if outcome.batch_failures:
            log.warning("batch-level expectations failed: %s", outcome.batch_failures)


def _verdict(article: Article, type_: str, data: dict, meta: dict) -> StreamAppend:
    event = ev.domain_event(type_, {"article_id": article.article_id, **data}, article.article_id,
                            metadata=meta)
    return StreamAppend(ev.article_stream(article.article_id), [event])


def _pending_articles(store: EventStore, limit: int) -> list[Article]:
    """Discovered articles without a verdict, oldest first, as recorded when discovered."""
    with store.transaction() as cur:
        cur.execute(
            """SELECT e.data FROM newswatch.proj_articles a
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.status = 'discovered' ORDER BY a.discovered_position LIMIT %s""",
            (limit,),
        )
        return [article_from_data(row[0]) for row in cur.fetchall()]


def _known_keys(store: EventStore, articles: Sequence[Article]) -> dict[tuple[str, str], str]:
    pairs = key_pairs(articles)
    if not pairs:
        return {}
    with store.transaction() as cur:
        cur.execute(
            """SELECT k.kind, k.key, k.article_id::text FROM newswatch.proj_article_keys k
               JOIN unnest(%s::text[], %s::text[]) AS q(kind, key) USING (kind, key)""",
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        )
        return {(kind, key): article_id for kind, key, article_id in cur.fetchall()}
