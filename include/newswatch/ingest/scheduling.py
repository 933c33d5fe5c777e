"""When to poll each feed next, and when to give up on one: pure functions over a `PollPolicy`.

Busy feeds are polled more often and quiet ones less, within the policy's bounds; failures back
off exponentially; a server's Retry-After is honoured; failures add weighted points and a feed
whose score since its last success reaches the threshold is disabled. Everything is computed
from the run's reference time, never the wall clock, so a retried task decides the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newswatch.ingest.fetch import HARD, NOT_A_FEED, SOFT, TEMPORARY

_DEFAULT_WEIGHTS = MappingProxyType({TEMPORARY: 1, SOFT: 2, HARD: 4})
# 410 Gone is the server saying "stop asking": disable at once.
_DEFAULT_REASON_WEIGHTS = MappingProxyType({"http_410": 1000})


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """How often to poll and when to disable; the `polling:` section of feeds.yaml."""

    interval: timedelta = timedelta(minutes=15)  # a new feed's first interval
    min_interval: timedelta = timedelta(minutes=5)
    max_interval: timedelta = timedelta(hours=6)
    max_backoff: timedelta = timedelta(hours=24)
    disable_after: int = 12  # weighted failure points since the last success
    weights: Mapping[str, int] = field(default_factory=lambda: _DEFAULT_WEIGHTS)
    reason_weights: Mapping[str, int] = field(default_factory=lambda: _DEFAULT_REASON_WEIGHTS)
    not_a_feed_polls: int = 3  # "not a feed" this many polls in a row counts as a hard failure
    per_host: int = 2  # concurrent requests to one host
    max_workers: int = 8  # concurrent requests per shard
    full_text_per_poll: int = 20  # article pages fetched per feed and poll, at most
    max_items_per_poll: int = 200  # entries taken per feed and poll, newest first; the rest is overflow
    max_bytes_per_poll: int = 5_000_000  # characters of article fields taken per feed and poll


DEFAULT_POLICY = PollPolicy()


def next_interval(previous_s: int | None, new_articles: int, policy: PollPolicy) -> timedelta:
    """Halve the interval after a poll that found new articles, stretch it by half after one
    that found none; clamp to [min_interval, max_interval]."""
    previous = timedelta(seconds=previous_s) if previous_s else policy.interval
    wanted = previous / 2 if new_articles > 0 else previous * 1.5
    return _clamp(wanted, policy.min_interval, policy.max_interval)


def failure_delay(consecutive_failures: int, interval_s: int | None, policy: PollPolicy,
                  retry_after: timedelta | None = None) -> timedelta:
    """Exponential backoff from the feed's interval, never sooner than the server asked."""
    base = timedelta(seconds=interval_s) if interval_s else policy.interval
    delay = min(base * (2 ** min(max(consecutive_failures, 1) - 1, 16)), policy.max_backoff)
    if retry_after is not None:
        delay = max(delay, min(retry_after, policy.max_backoff))
    return delay


def retry_after(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """The Retry-After header (seconds or an HTTP date) as a delay from `now`; None if absent/bad."""
    raw = next((v for k, v in headers.items() if k.lower() == "retry-after"), "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return timedelta(seconds=int(raw))
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - now, timedelta(0))


def effective_kind(kind: str, reason: str | None, reason_streak: int, policy: PollPolicy) -> str:
    """A body that is not a feed is soft once (a broken deploy) but hard when it persists."""
    if reason == NOT_A_FEED and reason_streak >= policy.not_a_feed_polls:
        return HARD
    return kind


def failure_weight(kind: str, reason: str | None, policy: PollPolicy) -> int:
    if reason is not None and reason in policy.reason_weights:
        return policy.reason_weights[reason]
    return policy.weights.get(kind, 1)


def is_disabled(state: Mapping[str, Any] | None, url: str) -> bool:
    """Disabled, and still at the URL it was disabled at: a changed URL in the feed list means
    someone fixed the entry, so the feed is polled again (a success re-enables it)."""
    return bool(state) and state.get("disabled_at") is not None and state.get("url") == url


def is_due(state: Mapping[str, Any] | None, url: str, now: datetime) -> bool:
    """Poll a feed never seen, or one whose next poll time has come, unless it is disabled."""
    if not state:
        return True
    if is_disabled(state, url):
        return False
    next_at = state.get("next_poll_at")
    return next_at is None or next_at <= now or state.get("url") != url


def _minutes(value: timedelta) -> float:
    return value.total_seconds() / 60


class PollingSettings(BaseModel):
    """How often feeds are polled and when one is given up on (durations in minutes). Every key is
    optional; the defaults are those of the shipped include/config/feeds.yaml."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, title="polling")

    interval_minutes: float = Field(default=_minutes(DEFAULT_POLICY.interval), gt=0, strict=True)
    """A new feed's first interval between polls."""
    min_interval_minutes: float = Field(default=_minutes(DEFAULT_POLICY.min_interval), gt=0, strict=True)
    """The shortest interval: a poll that finds new articles halves the interval down to this."""
    max_interval_minutes: float = Field(default=_minutes(DEFAULT_POLICY.max_interval), gt=0, strict=True)
    """The longest interval: a poll that finds nothing stretches it by half up to this."""
    max_backoff_minutes: float = Field(default=_minutes(DEFAULT_POLICY.max_backoff), gt=0, strict=True)
    """The longest wait after failures (which back off exponentially, never sooner than Retry-After)."""
    disable_after: int = Field(default=DEFAULT_POLICY.disable_after, ge=1, strict=True)
    """Failure points since the last success that disable a feed (`newswatch feeds enable` undoes it)."""
    not_a_feed_polls: int = Field(default=DEFAULT_POLICY.not_a_feed_polls, ge=1, strict=True)
    """An HTML page instead of the feed this many polls in a row counts as a hard failure."""
    per_host: int = Field(default=DEFAULT_POLICY.per_host, ge=1, strict=True)
    """Concurrent requests to one host."""
    max_workers: int = Field(default=DEFAULT_POLICY.max_workers, ge=1, strict=True)
    """Concurrent requests per shard."""
    full_text_per_poll: int = Field(default=DEFAULT_POLICY.full_text_per_poll, ge=1, strict=True)
    """Article pages fetched per full_text feed and poll, at most."""
    max_items_per_poll: int = Field(default=DEFAULT_POLICY.max_items_per_poll, ge=1, strict=True)
    """Entries taken per feed and poll, newest first; the rest is recorded as the poll's overflow."""
    max_mb_per_poll: float = Field(default=DEFAULT_POLICY.max_bytes_per_poll / 1_000_000, gt=0, strict=True)
    """Megabytes (of title, text and links) taken per feed and poll; the rest is overflow."""
    weights: dict[str, Annotated[int, Field(ge=0, strict=True)]] = {}
    """Failure points by kind (temporary, soft, hard) or by reason (http_404, not_a_feed...); merged
    over the defaults (temporary 1, soft 2, hard 4, http_410 1000)."""

    @model_validator(mode="after")
    def _min_not_above_max(self) -> PollingSettings:
        if self.min_interval_minutes > self.max_interval_minutes:
            raise ValueError(f"'min_interval_minutes' ({self.min_interval_minutes:g}) must not exceed "
                             f"'max_interval_minutes' ({self.max_interval_minutes:g})")
        return self

    def policy(self) -> PollPolicy:
        kinds = {k: v for k, v in self.weights.items() if k in (TEMPORARY, SOFT, HARD)}
        reasons = {k: v for k, v in self.weights.items() if k not in kinds}  # http_404, not_a_feed...
        return PollPolicy(
            interval=timedelta(minutes=self.interval_minutes),
            min_interval=timedelta(minutes=self.min_interval_minutes),
            max_interval=timedelta(minutes=self.max_interval_minutes),
            max_backoff=timedelta(minutes=self.max_backoff_minutes),
            disable_after=self.disable_after,
            weights=MappingProxyType({**_DEFAULT_WEIGHTS, **kinds}),
            reason_weights=MappingProxyType({**_DEFAULT_REASON_WEIGHTS, **reasons}),
            not_a_feed_polls=self.not_a_feed_polls,
            per_host=self.per_host,
            max_workers=self.max_workers,
            full_text_per_poll=self.full_text_per_poll,
            max_items_per_poll=self.max_items_per_poll,
            max_bytes_per_poll=int(self.max_mb_per_poll * 1_000_000),
        )


def _clamp(value: timedelta, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(value, high))
