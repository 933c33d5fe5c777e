"""Re-code history with a new extractor version: the articles of a date range are coded again
and the new mentions appended beside the old ones, never over them.

How two extractor versions coexist: mention ids include the extractor version, so a re-coding
appends new WorldEventMentioned events (joined to the same world events when they describe the
same thing, or identifying new ones) and an ArticleCoded for the new version. The projection
then marks the article's older mentions superseded: `event_mentions` and the counts in
`world_events` show the latest coding of each article, a world event left with no current
mention drops out of `world_events`, and the log keeps every version for audits. Re-coding
with a version an article already had appends nothing (the ids exist).
"""

from __future__ import annotations

from datetime import date

from newswatch import projections
from newswatch.extract import EXTRACTOR_VERSION
from newswatch.model import Article, RunContext
from newswatch.store import EventStore
from newswatch.worldevents.coding import (
    CODE_BATCH,
    record_coded_batch,
    record_linked_duplicates,
)


def recode_articles(store: EventStore, ctx: RunContext, since: date, until: date, *,
                    extractor_version: str = EXTRACTOR_VERSION) -> dict[str, int]:
    """Re-code accepted articles reported between ``since`` and ``until`` (inclusive) that are not
    yet coded by ``extractor_version``, then re-link their duplicates; returns counts."""
    if until < since:
        raise ValueError(f"empty date range: {since} .. {until}")
    projections.catch_up(store, projections.ARTICLES)
    projections.catch_up(store, projections.WORLD_EVENTS)
    with store.transaction() as cur:
        # Chosen once up front: a version an article already had is a no-op and must not loop.
        cur.execute(
            """SELECT a.discovered_position FROM newswatch.proj_articles a
               WHERE a.status = 'accepted' AND a.coded_version IS DISTINCT FROM %s
                 AND coalesce(a.published_at, a.fetched_at) >= %s::date
                 AND coalesce(a.published_at, a.fetched_at) < %s::date + 1
               ORDER BY a.discovered_position""",
            (extractor_version, since, until),
        )
        positions = [row[0] for row in cur.fetchall()]
    counts = {"articles": 0, "mentions": 0, "world_events_new": 0, "duplicates_relinked": 0}
    ctx = RunContext(ctx.run_id, ctx.now, {**ctx.extra, "recode": f"{since}..{until}"})
    for i in range(0, len(positions), CODE_BATCH):
        with store.transaction() as cur:
            cur.execute("SELECT data FROM newswatch.events WHERE global_position = ANY(%s) ORDER BY global_position",
                        (positions[i:i + CODE_BATCH],))
            batch = [Article.from_data(row[0]) for row in cur.fetchall()]
        record_coded_batch(store, batch, ctx, extractor_version, counts)
    with store.transaction() as cur:
        cur.execute(
            """SELECT e.data, a.duplicate_of::text FROM newswatch.proj_articles a
               JOIN newswatch.proj_articles o ON o.article_id = a.duplicate_of
               JOIN newswatch.events e ON e.global_position = a.discovered_position
               WHERE a.status = 'duplicate' AND o.discovered_position = ANY(%s)
                 AND o.coded_version = %s AND a.coded_version IS DISTINCT FROM %s
               ORDER BY a.discovered_position""",
            (positions, extractor_version, extractor_version),
        )
        duplicates = [(Article.from_data(data), original) for data, original in cur.fetchall()]
    if duplicates:
        counts["duplicates_relinked"] = record_linked_duplicates(store, duplicates, ctx)
    return counts
