"""Poll feeds: fetch each over HTTP, parse it, and record what was found as events.

One call handles a shard of feeds concurrently (a thread per in-flight request, capped), so a slow
feed delays nothing but itself. Every outcome is recorded: FeedPolled with counts, or
FeedPollFailed with a fixed reason; new items become ArticleDiscovered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from newswatch import events as ev
from newswatch import projections
from newswatch.fetch import FetchLimits, FetchResult, allowed_hosts_from_env, fetch_feed
from newswatch.model import Article, FeedSpec
from newswatch.normalize import build_article
from newswatch.parse import parse_feed
from newswatch.pipeline import RunContext
from newswatch.store import EventStore, NewEvent, StreamAppend

log = logging.getLogger(__name__)

POLL_INTERVAL = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=24)
MAX_CONCURRENT_FETCHES = 8
SHARD_SIZE = 25


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What one poll of one feed produced (pure data, before it is recorded)."""

    feed: FeedSpec
    fetch: FetchResult
    articles: tuple[Article, ...] = ()
    entries: int = 0
    failure_kind: str | None = None
    reason: str | None = None
    detail: str = ""


def poll_feed(
    feed: FeedSpec,
    *,
    state: dict[str, Any],
    fetched_at: datetime,
    client: httpx.Client,
    allowed_hosts: frozenset[str],
    limits: FetchLimits,
) -> FeedOutcome:
    """Fetch and parse one feed. Never raises for a bad feed: problems come back as reasons."""
    fetched = fetch_feed(
        feed.url,
        etag=state.get("etag"),
        last_modified=state.get("last_modified"),
        client=client,
        limits=limits,
        allowed_hosts=allowed_hosts,
        allow_private=feed.allow_private,
    )
    if fetched.failure_kind:
        return FeedOutcome(feed, fetched, failure_kind=fetched.failure_kind,
                           reason=fetched.failure_reason, detail=fetched.detail)
    if fetched.not_modified or fetched.body is None:
        return FeedOutcome(feed, fetched)
    parsed = parse_feed(fetched.body, url=fetched.final_url, headers=fetched.headers)
    if not parsed.is_feed:
        return FeedOutcome(feed, fetched, failure_kind=parsed.failure_kind,
                           reason=parsed.problem, detail=parsed.detail)
    articles = tuple(build_article(e, feed, fetched_at=fetched_at) for e in parsed.entries)
    # A malformed feed whose entries were recovered is a success with a note, not a failure.
    return FeedOutcome(feed, fetched, articles, len(parsed.entries), reason=parsed.problem,
                       detail=parsed.detail)


def plan_shards(feeds: Sequence[FeedSpec], shard_size: int = SHARD_SIZE) -> list[list[str]]:
    """Split the feed list into shards of about ``shard_size`` feed names, one mapped task each.

    Feeds are spread by a hash of their name rather than list order, so one outlet's many
    feeds (usually one host) do not all land in the same shard.
    """
    count = max(1, -(-len(feeds) // shard_size))
    shards: list[list[str]] = [[] for _ in range(count)]
    for feed in feeds:
        shards[int(hashlib.sha1(feed.name.encode()).hexdigest(), 16) % count].append(feed.name)
    return [sorted(s) for s in shards if s]


def next_poll_at(now: datetime, consecutive_failures: int) -> datetime:
    """Back off a failing feed exponentially (15 min, 30 min, 1 h ... up to a day)."""
    if consecutive_failures <= 0:
        return now + POLL_INTERVAL
    return now + min(POLL_INTERVAL * (2 ** min(consecutive_failures, 16)), MAX_BACKOFF)


def poll_feeds(
    store: EventStore,
    feeds: Sequence[FeedSpec],
    ctx: RunContext,
    *,
    limits: FetchLimits = FetchLimits(),
    allowed_hosts: frozenset[str] | None = None,
) -> dict[str, int]:
    """Poll ``feeds`` and append what they held; returns counts for the task log."""
    projections.catch_up(store, projections.FEEDS)
    projections.catch_up(store, projections.ARTICLES)
    states = _feed_states(store, [f.feed_id for f in feeds])
    allowed = allowed_hosts if allowed_hosts is not None else allowed_hosts_from_env()
    with httpx.Client(http2=False) as client, ThreadPoolExecutor(MAX_CONCURRENT_FETCHES) as pool:
        outcomes = list(
            pool.map(
                lambda f: poll_feed(f, state=states.get(f.feed_id, {}), fetched_at=ctx.now,
                                    client=client, allowed_hosts=allowed, limits=limits),
                feeds,
            )
        )
    known = _known_articles(store, [a.article_id for o in outcomes for a in o.articles])
    appends, counts = [], {"feeds": len(feeds), "failed": 0, "not_modified": 0, "entries": 0, "new_articles": 0}
    for outcome in outcomes:
        fresh = _new_articles(outcome.articles, known)
        known.update(a.article_id for a in fresh)
        appends.extend(_record(outcome, fresh, states.get(outcome.feed.feed_id, {}), ctx))
        counts["failed"] += outcome.failure_kind is not None
        counts["not_modified"] += outcome.fetch.not_modified
        counts["entries"] += outcome.entries
        counts["new_articles"] += len(fresh)
        if outcome.failure_kind:
            log.warning("feed %s failed (%s/%s): %s", outcome.feed.name, outcome.failure_kind,
                        outcome.reason, outcome.detail)
    store.append_many(appends)
    projections.catch_up(store, projections.FEEDS)
    projections.catch_up(store, projections.ARTICLES)
    return counts


def _new_articles(articles: Sequence[Article], known: set[str]) -> list[Article]:
    out, seen = [], set()
    for a in articles:
        if a.article_id not in known and a.article_id not in seen:
            seen.add(a.article_id)
            out.append(a)
    return out


def _record(outcome: FeedOutcome, fresh: Sequence[Article], state: dict[str, Any],
            ctx: RunContext) -> list[StreamAppend]:
    feed, fetched = outcome.feed, outcome.fetch
    base = {
        "feed_id": feed.feed_id, "name": feed.name, "url": feed.url, "source": feed.source,
        "polled_at": ctx.now, "http_status": fetched.status, "elapsed_ms": fetched.elapsed_ms,
    }
    meta = ctx.metadata("poll", feed=feed.name)
    if outcome.failure_kind:
        failures = int(state.get("consecutive_failures") or 0) + 1
        event = ev.domain_event(
            ev.FEED_POLL_FAILED,
            {**base, "failure_kind": outcome.failure_kind, "reason": outcome.reason,
             "detail": outcome.detail, "next_poll_at": next_poll_at(ctx.now, failures)},
            feed.feed_id, ctx.run_id, metadata=meta,
        )
        return [StreamAppend(ev.feed_stream(feed.feed_id), [event])]
    polled = ev.domain_event(
        ev.FEED_POLLED,
        {**base, "not_modified": fetched.not_modified, "entries": outcome.entries,
         "new_articles": len(fresh), "etag": fetched.etag, "last_modified": fetched.last_modified,
         "problem": outcome.reason, "detail": outcome.detail,
         "next_poll_at": next_poll_at(ctx.now, 0)},
        feed.feed_id, ctx.run_id, metadata=meta,
    )
    appends = [StreamAppend(ev.feed_stream(feed.feed_id), [polled])]
    for article in fresh:
        discovered: NewEvent = ev.domain_event(
            ev.ARTICLE_DISCOVERED, article_data(article), article.article_id,
            metadata=ctx.metadata("poll", feed=feed.name),
        )
        appends.append(StreamAppend(ev.article_stream(article.article_id), [discovered]))
    return appends


def article_data(article: Article) -> dict[str, Any]:
    return dataclasses.asdict(article)


def article_from_data(data: dict[str, Any]) -> Article:
    """Rebuild the Article recorded in an ArticleDiscovered event."""
    values = dict(data)
    for key in ("published_at", "fetched_at"):
        if values.get(key):
            values[key] = datetime.fromisoformat(values[key])
    names = {f.name for f in dataclasses.fields(Article)}
    return Article(**{k: v for k, v in values.items() if k in names})


def _feed_states(store: EventStore, feed_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    with store.transaction() as cur:
        cur.execute(
            "SELECT feed_id, etag, last_modified, consecutive_failures FROM newswatch.proj_feeds"
            " WHERE feed_id = ANY(%s)",
            (list(feed_ids),),
        )
        return {
            row[0]: {"etag": row[1], "last_modified": row[2], "consecutive_failures": row[3]}
            for row in cur.fetchall()
        }


def _known_articles(store: EventStore, article_ids: Sequence[str]) -> set[str]:
    if not article_ids:
        return set()
    with store.transaction() as cur:
        cur.execute(
            "SELECT article_id::text FROM newswatch.proj_articles WHERE article_id = ANY(%s::uuid[])",
            (list(article_ids),),
        )
        return {row[0] for row in cur.fetchall()}
