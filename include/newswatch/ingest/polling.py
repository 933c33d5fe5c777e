"""Poll feeds: fetch each over HTTP, parse it, and record what was found as events.

One call handles a shard of feeds concurrently, at most `PollPolicy.per_host` requests to one
host at a time, so a slow feed delays nothing but its own host's queue. An unchanged feed (304,
or the same body bytes as last time) costs one request and no parse. Every outcome is recorded:
FeedPolled with counts, or FeedPollFailed with a fixed reason (and FeedDisabled once a feed's
weighted failures reach the policy's threshold); new items become ArticleDiscovered.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from newswatch import events as ev
from newswatch import projections
from newswatch.events import NewEvent, StreamAppend
from newswatch.ingest import scheduling
from newswatch.ingest.fetch import (
    TEMPORARY,
    FetchLimits,
    FetchResult,
    allowed_hosts_from_env,
    feed_client,
    fetch_feed,
)
from newswatch.ingest.fulltext import with_full_text
from newswatch.ingest.normalize import bound_article, build_article
from newswatch.ingest.parse import parse_feed
from newswatch.ingest.scheduling import DEFAULT_POLICY, PollPolicy, is_disabled, is_due
from newswatch.ingest.shards import host_of, map_by_host, plan_shards
from newswatch.model import Article, FeedSpec, ParsedEntry, RunContext
from newswatch.store import EventStore

log = logging.getLogger(__name__)

SHARD_SIZE = 25
INTERNAL_ERROR = "internal_error"  # a bug met on this feed: recorded, and the shard goes on
NOT_MODIFIED = "not_modified"  # unchanged: the server answered 304
SAME_BODY = "same_body"  # unchanged: the server sent the bytes we parsed last time
# Why a poll left entries behind (FeedPolled.overflow_reason).
ITEMS_CAP = "items_cap"
BYTES_BUDGET = "bytes_budget"
# The parser reads this many times the item cap (in document order), so "newest first" is chosen
# from a window wider than the cap even in a feed listed oldest first, and parsing stays bounded.
PARSE_WINDOW = 5
# Server-supplied strings kept in FeedPolled/FeedPollFailed, at most (a reason's detail, validators).
MAX_DETAIL = 1_000

__all__ = ["SHARD_SIZE", "FeedOutcome", "plan_shards", "plan_due_shards", "poll_feed", "poll_feeds",
           "due_feeds"]


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
    body_hash: str | None = None
    unchanged: str | None = None  # None, "not_modified" or "same_body"
    full_text: dict[str, int] = field(default_factory=dict)  # "fetched" or a reason -> count
    overflow: int = 0  # entries not taken: over the item cap or the byte budget
    overflow_reason: str | None = None

    @property
    def parsed(self) -> bool:
        return self.failure_kind is None and self.unchanged is None


def poll_feed(
    feed: FeedSpec,
    *,
    state: dict[str, Any],
    fetched_at: datetime,
    client: httpx.Client,
    allowed_hosts: frozenset[str],
    limits: FetchLimits,
    policy: PollPolicy = DEFAULT_POLICY,
) -> FeedOutcome:
    """Fetch and parse one feed. Never raises for a bad feed: problems come back as reasons.
    At most the policy's item cap and byte budget are taken, newest first (the rest is overflow)."""
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
        return FeedOutcome(feed, fetched, unchanged=NOT_MODIFIED, detail=fetched.detail)
    # Many servers send fresh validators for an unchanged feed (or none at all): the body's
    # hash catches those without paying for a parse.
    body_hash = hashlib.sha256(fetched.body).hexdigest()
    if body_hash == state.get("body_hash"):
        return FeedOutcome(feed, fetched, body_hash=body_hash, unchanged=SAME_BODY,
                           detail=f"same body as the last parsed poll ({len(fetched.body)} bytes)")
    parsed = parse_feed(fetched.body, url=fetched.final_url, headers=fetched.headers,
                        max_entries=policy.max_items_per_poll * PARSE_WINDOW)
    if not parsed.is_feed:
        return FeedOutcome(feed, fetched, failure_kind=parsed.failure_kind,
                           reason=parsed.problem, detail=parsed.detail)
    newest = newest_first(parsed.entries)
    chosen = newest[:policy.max_items_per_poll]
    articles, over_budget = within_budget(
        [build_article(e, feed, fetched_at=fetched_at) for e in chosen], policy.max_bytes_per_poll)
    overflow = parsed.skipped_entries + len(newest) - len(chosen) + over_budget
    reason = (BYTES_BUDGET if over_budget else ITEMS_CAP) if overflow else None
    # A malformed feed whose entries were recovered is a success with a note, not a failure.
    return FeedOutcome(feed, fetched, tuple(articles), len(parsed.entries), reason=parsed.problem,
                       detail=parsed.detail, body_hash=body_hash, overflow=overflow, overflow_reason=reason)


def newest_first(entries: Sequence[ParsedEntry]) -> list[ParsedEntry]:
    """Dated entries newest first, then undated ones in feed order (feeds list newest first)."""
    return sorted(entries, key=lambda e: (e.published_at is None,
                                          -e.published_at.timestamp() if e.published_at else 0))


def within_budget(articles: Sequence[Article], budget: int) -> tuple[list[Article], int]:
    """The leading articles whose stored fields add up to at most ``budget`` characters, and how
    many were left out."""
    taken: list[Article] = []
    used = 0
    for article in articles:
        used += article_size(article)
        if used > budget:
            break
        taken.append(article)
    return taken, len(articles) - len(taken)


def article_size(article: Article) -> int:
    return (len(article.title) + len(article.text) + len(article.url) + len(article.canonical_url)
            + len(article.guid or "") + len(article.date_problem or ""))


def _poll_safely(feed: FeedSpec, **kwargs: Any) -> FeedOutcome:
    try:
        return poll_feed(feed, **kwargs)
    except Exception as e:  # noqa: BLE001 - the one catch-all per feed: a bug on one feed is recorded, not fatal
        log.exception("polling %s failed unexpectedly", feed.name)
        fetched = FetchResult(url=feed.url, final_url=feed.url, status=None, body=None)
        return FeedOutcome(feed, fetched, failure_kind=TEMPORARY, reason=INTERNAL_ERROR,
                           detail=f"{type(e).__name__}: {e}")


def due_feeds(store: EventStore, feeds: Sequence[FeedSpec], now: datetime) -> list[FeedSpec]:
    """The feeds whose next poll time has come by `now` (the run's reference time)."""
    projections.catch_up(store, projections.FEEDS)
    states = _feed_states(store, [f.feed_id for f in feeds])
    return [f for f in feeds if is_due(states.get(f.feed_id), f.url, now)]


def plan_due_shards(store: EventStore, feeds: Sequence[FeedSpec], ctx: RunContext,
                    shard_size: int = SHARD_SIZE) -> list[list[str]]:
    """Shards of the feeds due at the run's reference time (one mapped task each)."""
    return plan_shards(due_feeds(store, feeds, ctx.now), shard_size)


def poll_feeds(
    store: EventStore,
    feeds: Sequence[FeedSpec],
    ctx: RunContext,
    *,
    limits: FetchLimits = FetchLimits(),
    allowed_hosts: frozenset[str] | None = None,
    policy: PollPolicy = DEFAULT_POLICY,
) -> dict[str, int]:
    """Poll ``feeds`` (all of them, due or not, except disabled ones) and append what they held;
    returns counts for the task log."""
    projections.catch_up(store, projections.FEEDS)
    projections.catch_up(store, projections.ARTICLES)
    states = _feed_states(store, [f.feed_id for f in feeds])
    enabled = [f for f in feeds if not is_disabled(states.get(f.feed_id), f.url)]
    # A retried task (same run, same reference time) must not poll again: the first try's events
    # are stored, and a second failure would be counted twice towards disabling the feed.
    done = {f.feed_id for f in enabled if (states.get(f.feed_id) or {}).get("last_polled_at") == ctx.now}
    enabled = [f for f in enabled if f.feed_id not in done]
    allowed = allowed_hosts if allowed_hosts is not None else allowed_hosts_from_env()
    with feed_client(verify=_tls_context()) as client:
        outcomes = map_by_host(
            enabled, lambda f: host_of(f.url),
            lambda f: _poll_safely(f, state=states.get(f.feed_id, {}), fetched_at=ctx.now,
                                   client=client, allowed_hosts=allowed, limits=limits, policy=policy),
            per_host=policy.per_host, max_workers=policy.max_workers,
        )
        known = _known_articles(store, [a.article_id for o in outcomes for a in o.articles])
        fresh_by_feed = []
        for outcome in outcomes:
            fresh = _new_articles(outcome.articles, known)
            known.update(a.article_id for a in fresh)
            fresh_by_feed.append(fresh)
        outcomes, fresh_by_feed = _add_full_text(outcomes, fresh_by_feed, client, allowed, limits, policy)

    appends: list[StreamAppend] = []
    counts = {"feeds": len(feeds), "disabled": len(feeds) - len(enabled) - len(done),
              "already_polled": len(done), "failed": 0,
              "not_modified": 0, "same_body": 0, "entries": 0, "new_articles": 0, "full_text": 0, "overflow": 0}
    for outcome, fresh in zip(outcomes, fresh_by_feed):
        appends.extend(_record(outcome, fresh, states.get(outcome.feed.feed_id, {}), ctx, policy))
        counts["failed"] += outcome.failure_kind is not None
        counts["not_modified"] += outcome.unchanged == NOT_MODIFIED
        counts["same_body"] += outcome.unchanged == SAME_BODY
        counts["entries"] += outcome.entries
        counts["new_articles"] += len(fresh)
        counts["full_text"] += outcome.full_text.get("fetched", 0)
        counts["overflow"] += outcome.overflow
        if outcome.failure_kind:
            log.warning("feed %s failed (%s/%s): %s", outcome.feed.name, outcome.failure_kind,
                        outcome.reason, outcome.detail)
    store.append_many(appends)
    projections.catch_up(store, projections.FEEDS)
    projections.catch_up(store, projections.ARTICLES)
    return counts


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~50 ms; a shard of unchanged feeds takes ~100 ms in all, so
    # build it once per process rather than once per shard.
    return httpx.create_ssl_context()


def _add_full_text(outcomes: list[FeedOutcome], fresh_by_feed: list[list[Article]], client: httpx.Client,
                   allowed: frozenset[str], limits: FetchLimits,
                   policy: PollPolicy) -> tuple[list[FeedOutcome], list[list[Article]]]:
    """Fetch the pages of new articles of `full_text` feeds (only new ones: a known article's
    page was fetched when it was first seen)."""
    jobs = [(i, j) for i, (o, fresh) in enumerate(zip(outcomes, fresh_by_feed)) if o.feed.full_text
            for j in range(min(len(fresh), policy.full_text_per_poll))]
    if not jobs:
        return outcomes, fresh_by_feed
    results = map_by_host(
        jobs, lambda job: host_of(fresh_by_feed[job[0]][job[1]].url),
        lambda job: with_full_text(fresh_by_feed[job[0]][job[1]], outcomes[job[0]].feed, client=client,
                                   limits=limits, allowed_hosts=allowed),
        per_host=policy.per_host, max_workers=policy.max_workers,
    )
    fresh_by_feed = [list(f) for f in fresh_by_feed]
    tallies: dict[int, dict[str, int]] = {}
    for (i, j), result in zip(jobs, results):
        fresh_by_feed[i][j] = bound_article(result.article)  # a page's text is cut like a feed's
        key = "fetched" if result.fetched else (result.reason or "unknown")
        tallies.setdefault(i, {}).setdefault(key, 0)
        tallies[i][key] += 1
    outcomes = [dataclasses.replace(o, full_text=tallies[i]) if i in tallies else o
                for i, o in enumerate(outcomes)]
    return outcomes, fresh_by_feed


def _new_articles(articles: Sequence[Article], known: set[str]) -> list[Article]:
    out, seen = [], set()
    for a in articles:
        if a.article_id not in known and a.article_id not in seen:
            seen.add(a.article_id)
            out.append(a)
    return out


def _record(outcome: FeedOutcome, fresh: Sequence[Article], state: dict[str, Any],
            ctx: RunContext, policy: PollPolicy) -> list[StreamAppend]:
    feed, fetched = outcome.feed, outcome.fetch
    base = {
        "feed_id": feed.feed_id, "name": feed.name, "url": feed.url, "source": feed.source,
        "polled_at": ctx.now, "http_status": fetched.status, "elapsed_ms": fetched.elapsed_ms,
    }
    outcome = dataclasses.replace(outcome, detail=outcome.detail[:MAX_DETAIL])
    meta = ctx.metadata("poll", feed=feed.name)
    stream = ev.feed_stream(feed.feed_id)
    if outcome.failure_kind:
        return [StreamAppend(stream, _failure_events(outcome, base, state, ctx, policy, meta))]
    interval = scheduling.next_interval(state.get("poll_interval_s"), len(fresh), policy)
    full_failed = sum(n for k, n in outcome.full_text.items() if k != "fetched")
    polled = ev.FeedPolled(
        **base, not_modified=outcome.unchanged == NOT_MODIFIED, unchanged=outcome.unchanged,
        parsed=outcome.parsed, entries=outcome.entries, new_articles=len(fresh),
        etag=_validator(fetched.etag), last_modified=_validator(fetched.last_modified), body_hash=outcome.body_hash,
        problem=outcome.reason, detail=outcome.detail,
        dates_missing_or_unparsed=sum(a.date_problem is not None for a in outcome.articles),
        full_text_fetched=outcome.full_text.get("fetched", 0), full_text_failed=full_failed,
        full_text_reasons={k: n for k, n in outcome.full_text.items() if k != "fetched"},
        poll_interval_s=int(interval.total_seconds()), next_poll_at=ctx.now + interval,
        overflow=outcome.overflow, overflow_reason=outcome.overflow_reason,
    ).recorded(feed.feed_id, ctx.run_id, metadata=meta)
    appends = [StreamAppend(stream, [polled])]
    for article in fresh:
        discovered = ev.ArticleDiscovered(article=article).recorded(article.article_id, metadata=meta)
        appends.append(StreamAppend(ev.article_stream(article.article_id), [discovered]))
    return appends


def _validator(value: str | None) -> str | None:
    # An ETag or Last-Modified longer than this is no validator a real server sends: drop it
    # rather than record it (a cut one would never match).
    return value if value is None or len(value) <= MAX_DETAIL else None


def _failure_events(outcome: FeedOutcome, base: dict[str, Any], state: dict[str, Any], ctx: RunContext,
                    policy: PollPolicy, meta: dict[str, Any]) -> list[NewEvent]:
    feed = outcome.feed
    failures = int(state.get("consecutive_failures") or 0) + 1
    same_reason = failures > 1 and state.get("last_failure_reason") == outcome.reason
    streak = int(state.get("reason_streak") or 0) + 1 if same_reason else 1
    kind = scheduling.effective_kind(outcome.failure_kind or TEMPORARY, outcome.reason, streak, policy)
    weight = scheduling.failure_weight(kind, outcome.reason, policy)
    score = int(state.get("failure_score") or 0) + weight
    wait = scheduling.retry_after(outcome.fetch.headers, ctx.now)
    delay = scheduling.failure_delay(failures, state.get("poll_interval_s"), policy, wait)
    failed = ev.FeedPollFailed(
        **base, failure_kind=kind, reason=outcome.reason, detail=outcome.detail,
        consecutive_failures=failures, failure_weight=weight, failure_score=score,
        retry_after_s=int(wait.total_seconds()) if wait is not None else None,
        next_poll_at=ctx.now + delay,
    ).recorded(feed.feed_id, ctx.run_id, metadata=meta)
    if score < policy.disable_after or state.get("disabled_at") is not None:
        return [failed]
    disabled = ev.FeedDisabled(
        feed_id=feed.feed_id, name=feed.name, url=feed.url, disabled_at=ctx.now,
        reason=f"{kind} failure {outcome.reason}: {outcome.detail}", failure_score=score,
        threshold=policy.disable_after, consecutive_failures=failures,
    ).recorded(feed.feed_id, ctx.run_id, metadata=meta)
    return [failed, disabled]


_STATE_COLUMNS = ("url", "last_polled_at", "etag", "last_modified", "consecutive_failures", "body_hash", "poll_interval_s",
                  "failure_score", "reason_streak", "last_failure_reason", "disabled_at", "next_poll_at")


def _feed_states(store: EventStore, feed_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    with store.transaction() as cur:
        cur.execute(
            f"SELECT feed_id, {', '.join(_STATE_COLUMNS)} FROM newswatch.proj_feeds WHERE feed_id = ANY(%s)",
            (list(feed_ids),),
        )
        return {row[0]: dict(zip(_STATE_COLUMNS, row[1:])) for row in cur.fetchall()}


def _known_articles(store: EventStore, article_ids: Sequence[str]) -> set[str]:
    if not article_ids:
        return set()
    with store.transaction() as cur:
        cur.execute(
            "SELECT article_id::text FROM newswatch.proj_articles WHERE article_id = ANY(%s::uuid[])",
            (list(article_ids),),
        )
        return {row[0] for row in cur.fetchall()}
