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
from typing import Any

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


def policy_from_mapping(raw: Mapping[str, Any]) -> tuple[PollPolicy, list[str]]:
    """A PollPolicy from the `polling:` mapping (minutes for durations), plus every problem."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    durations = {"interval_minutes": "interval", "min_interval_minutes": "min_interval",
                 "max_interval_minutes": "max_interval", "max_backoff_minutes": "max_backoff"}
    counts = {"disable_after": "disable_after", "not_a_feed_polls": "not_a_feed_polls",
              "per_host": "per_host", "max_workers": "max_workers",
              "full_text_per_poll": "full_text_per_poll"}
    for key, value in raw.items():
        if key in durations:
            if not _positive_number(value):
                problems.append(f"polling.{key} must be a positive number of minutes, got {value!r}")
            else:
                values[durations[key]] = timedelta(minutes=value)
        elif key in counts:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(f"polling.{key} must be a positive integer, got {value!r}")
            else:
                values[counts[key]] = value
        elif key == "weights":
            weights, reason_weights, bad = _weights(value)
            problems.extend(bad)
            values["weights"] = MappingProxyType({**_DEFAULT_WEIGHTS, **weights})
            values["reason_weights"] = MappingProxyType({**_DEFAULT_REASON_WEIGHTS, **reason_weights})
        else:
            known = sorted([*durations, *counts, "weights"])
            problems.append(f"polling: unknown key {key!r} (known: {', '.join(known)})")
    if problems:
        return DEFAULT_POLICY, problems
    policy = PollPolicy(**values)
    if policy.min_interval > policy.max_interval:
        problems.append("polling.min_interval_minutes must not exceed max_interval_minutes")
    return policy, problems


def _weights(value: Any) -> tuple[dict[str, int], dict[str, int], list[str]]:
    if not isinstance(value, Mapping):
        return {}, {}, [f"polling.weights must be a mapping of kind or reason to points, got {value!r}"]
    kinds, reasons, problems = {}, {}, []
    for key, points in value.items():
        if not isinstance(points, int) or isinstance(points, bool) or points < 0:
            problems.append(f"polling.weights.{key} must be a non-negative integer, got {points!r}")
        elif key in (TEMPORARY, SOFT, HARD):
            kinds[key] = points
        else:
            reasons[str(key)] = points  # a reason such as http_404 or not_a_feed
    return kinds, reasons, problems


def _positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _clamp(value: timedelta, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(value, high))
