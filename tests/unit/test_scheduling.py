"""Per-feed scheduling, backoff, Retry-After, failure weights and the polling policy in feeds.yaml."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from newswatch.errors import FeedListError
from newswatch.ingest.feedlist import load_feed_list
from newswatch.ingest.scheduling import (
    DEFAULT_POLICY,
    PollingSettings,
    PollPolicy,
    effective_kind,
    failure_delay,
    failure_weight,
    is_due,
    next_interval,
    retry_after,
)
from newswatch.ingest.shards import host_of, map_by_host

NOW = datetime(2024, 5, 7, 12, 0, tzinfo=timezone.utc)
P = PollPolicy(interval=timedelta(minutes=20), min_interval=timedelta(minutes=5),
               max_interval=timedelta(hours=2), max_backoff=timedelta(hours=8))


def test_a_poll_with_new_articles_halves_the_interval_down_to_the_minimum():
    assert next_interval(None, 3, P) == timedelta(minutes=10)
    assert next_interval(600, 1, P) == timedelta(minutes=5)
    assert next_interval(300, 1, P) == timedelta(minutes=5)


def test_a_quiet_poll_stretches_the_interval_up_to_the_maximum():
    assert next_interval(None, 0, P) == timedelta(minutes=30)
    assert next_interval(6000, 0, P) == timedelta(hours=2)


def test_failures_back_off_exponentially_up_to_the_cap():
    delays = [failure_delay(n, 1200, P) for n in (1, 2, 3, 6)]
    assert delays == [timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=80), timedelta(hours=8)]


def test_retry_after_wins_over_a_shorter_backoff_but_not_over_the_cap():
    assert failure_delay(1, 1200, P, timedelta(hours=1)) == timedelta(hours=1)
    assert failure_delay(1, 1200, P, timedelta(days=30)) == timedelta(hours=8)
    assert failure_delay(3, 1200, P, timedelta(seconds=5)) == timedelta(minutes=80)


@pytest.mark.parametrize(("value", "expected"), [
    ("120", timedelta(minutes=2)),
    ("Tue, 07 May 2024 13:00:00 GMT", timedelta(hours=1)),
    ("Tue, 07 May 2024 11:00:00 GMT", timedelta(0)),  # already past: no extra wait
    ("soon", None), ("", None), ("-5", None),
])
def test_retry_after_header_seconds_or_http_date(value, expected):
    assert retry_after({"Retry-After": value}, NOW) == expected


def test_retry_after_absent():
    assert retry_after({}, NOW) is None


def test_failure_weights_by_kind_and_reason():
    assert [failure_weight(k, None, DEFAULT_POLICY) for k in ("temporary", "soft", "hard")] == [1, 2, 4]
    assert failure_weight("hard", "http_410", DEFAULT_POLICY) >= DEFAULT_POLICY.disable_after


def test_not_a_feed_becomes_hard_only_when_it_persists():
    policy = PollPolicy(not_a_feed_polls=3)
    assert [effective_kind("soft", "not_a_feed", n, policy) for n in (1, 2, 3)] == ["soft", "soft", "hard"]
    assert effective_kind("soft", "too_large", 9, policy) == "soft"


def test_is_due():
    url = "https://a.example/rss"
    assert is_due(None, url, NOW)
    assert is_due({"next_poll_at": NOW, "url": url}, url, NOW)
    assert not is_due({"next_poll_at": NOW + timedelta(seconds=1), "url": url}, url, NOW)
    disabled = {"next_poll_at": None, "disabled_at": NOW, "url": url}
    assert not is_due(disabled, url, NOW + timedelta(days=9))
    assert is_due(disabled, "https://a.example/new-rss", NOW)  # the feed list was fixed


def test_polling_settings_read_minutes_counts_and_weights():
    policy = PollingSettings.model_validate({
        "interval_minutes": 30, "min_interval_minutes": 10, "max_interval_minutes": 240,
        "disable_after": 20, "per_host": 3, "weights": {"hard": 5, "http_404": 10},
    }).policy()
    assert (policy.interval, policy.min_interval, policy.max_interval) == (
        timedelta(minutes=30), timedelta(minutes=10), timedelta(hours=4))
    assert (policy.disable_after, policy.per_host) == (20, 3)
    assert policy.weights["hard"] == 5 and policy.weights["soft"] == 2
    assert policy.reason_weights["http_404"] == 10 and "http_410" in policy.reason_weights


ONE_FEED = "feeds:\n  - {name: a, url: 'https://a.example/rss', source: A}\n"


def test_policy_problems_name_the_key_and_line(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("polling:\n  interval_minutes: -1\n  per_host: two\n  intervall: 5\n  weights: {soft: -1}\n"
                    + ONE_FEED)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(path)
    assert caught.value.problems == (
        f"{path}:2: polling: 'interval_minutes' must be greater than 0, got -1",
        f"{path}:3: polling: 'per_host' must be a whole number, got 'two'",
        f"{path}:4: polling: unknown key 'intervall' (did you mean 'interval_minutes'?)",
        f"{path}:5: polling: 'weights.soft' must be at least 0, got -1",
    )


def test_feed_list_polling_section_is_loaded_and_checked(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("polling: {max_interval_minutes: 60, disable_after: 5}\n" + ONE_FEED)
    assert load_feed_list(good).policy.disable_after == 5
    bad = tmp_path / "bad.yaml"
    bad.write_text("polling: {min_interval_minutes: 90, max_interval_minutes: 60}\n" + ONE_FEED)
    with pytest.raises(FeedListError) as caught:
        load_feed_list(bad)
    assert caught.value.problems == (
        f"{bad}:1: polling: 'min_interval_minutes' (90) must not exceed 'max_interval_minutes' (60)",)


def test_a_feed_list_without_polling_section_uses_the_defaults(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(ONE_FEED)
    assert load_feed_list(path).policy == DEFAULT_POLICY


def test_map_by_host_keeps_order_and_caps_each_host():
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    lock = threading.Lock()

    def work(url: str) -> str:
        host = host_of(url)
        with lock:
            active[host] = active.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), active[host])
        time.sleep(0.02)
        with lock:
            active[host] -= 1
        return url.upper()

    urls = [f"https://{h}.example/{i}" for i in range(6) for h in ("a", "b", "c")]
    assert map_by_host(urls, host_of, work, per_host=2, max_workers=8) == [u.upper() for u in urls]
    assert max(peak.values()) <= 2


def test_host_of():
    assert host_of("https://News.Example:8443/rss") == "news.example"
    assert host_of("urn:x") == "urn:x"


def test_the_shipped_feed_list_documents_the_default_policy():
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[2] / "include" / "config" / "feeds.yaml"
    assert load_feed_list(shipped).policy == DEFAULT_POLICY


def test_load_feed_list_reads_feeds_and_policy_and_names_a_bad_policy(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("polling: {per_host: 3}\n" + ONE_FEED)
    feeds = load_feed_list(path)
    assert [f.name for f in feeds] == ["a"] and feeds.policy.per_host == 3
    path.write_text("polling: {per_host: 0}\n" + ONE_FEED)
    with pytest.raises(FeedListError, match=r"feeds.yaml:1: polling: 'per_host' must be at least 1, got 0"):
        load_feed_list(path)
