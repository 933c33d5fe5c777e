"""Digest channels against a real webhook receiver: one message per topic and day listing the day's
developments, sent once the day is over, exactly once even when two runs deliver at the same
time, retried with backoff after a failure, and taken over from a run that died holding it."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newswatch import events as ev
from newswatch.alerts.delivery import deliver_alerts
from newswatch.alerts.digest import CLAIM_LEASE, DIGEST_ID_HEADER, deliver_digests, digest_id
from newswatch.alerts.topics import load_topics
from newswatch.events import StreamAppend
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.store import EventStore

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)
DAY = datetime(2023, 11, 8, tzinfo=timezone.utc)
TOPICS = """
channels:
  hook:
    type: webhook
    url_env: TEST_DIGEST_URL
  daily:
    type: digest
    via: hook
topics:
  - name: arms-transfers
    event_types: [AID, AGREE]
    contexts: [military]
    min_confidence: 0.5
    channels: [log, daily]
"""


def _ctx(at: datetime) -> RunContext:
    return RunContext(run_id=f"test__{at.isoformat()}", now=at)


@pytest.fixture
def flagged(store, samples, httpserver, monkeypatch, tmp_path):
    """The sample feeds' developments of 2023-11-08, flagged for a daily digest sent by webhook."""
    monkeypatch.setenv("TEST_DIGEST_URL", httpserver.url_for("/digest"))
    (tmp_path / "topics.yaml").write_text(TOPICS)
    topics = load_topics(tmp_path / "topics.yaml")
    run_cycle(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"), topics, _ctx(T0))
    return topics


def _rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _posts(httpserver):
    return [r for r, _ in httpserver.log if r.path == "/digest"]


def test_the_days_developments_go_out_in_one_message_once_the_day_is_over(store, flagged, httpserver):
    httpserver.expect_request("/digest", method="POST").respond_with_data("ok")
    alerts = _rows(store, "SELECT alert_id::text, delivery_status, digests FROM newswatch.alerts")
    assert alerts and all(status == {"log": "delivered"} and digests == ["daily"] for _, status, digests in alerts)
    assert _posts(httpserver) == []  # the day is not over: nothing sent by the cycle

    counts = deliver_alerts(store, flagged, _ctx(T0 + timedelta(hours=7)))
    assert counts["digests_delivered"] == 1
    (post,) = _posts(httpserver)
    body = post.get_json()
    assert post.headers[DIGEST_ID_HEADER] == body["digest_id"] == digest_id("arms-transfers", "daily", DAY)
    assert body["period_start"] == DAY.isoformat() and body["period"] == "daily"
    assert sorted(a["alert_id"] for a in body["alerts"]) == sorted(a for a, _, _ in alerts)
    assert all(a["novelty_reason"] and a["evidence"] and a["novelty_reasons"] for a in body["alerts"])

    assert deliver_alerts(store, flagged, _ctx(T0 + timedelta(hours=8)))["digests_delivered"] == 0
    assert len(_posts(httpserver)) == 1
    assert _rows(store, "SELECT status, num_alerts, attempts FROM newswatch.digests") == [
        ("delivered", len(alerts), 1)]


def test_two_runs_delivering_at_once_send_one_digest(store, flagged, httpserver, db_url):
    httpserver.expect_request("/digest", method="POST").respond_with_data("ok")
    start = threading.Barrier(2)
    results = []

    def run(n: int) -> None:
        import httpx

        with EventStore.open(db_url) as own, httpx.Client() as client:
            start.wait()
            ctx = RunContext(run_id=f"run-{n}", now=T0 + timedelta(hours=7))
            results.append(deliver_digests(own, flagged, ctx, client=client))

    threads = [threading.Thread(target=run, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r["digests_delivered"] for r in results) == [0, 1]
    assert len(_posts(httpserver)) == 1
    types = [t for (t,) in _rows(store, "SELECT type FROM newswatch.events WHERE stream LIKE 'digest-%%' "
                                        "ORDER BY global_position")]
    assert types == ["DigestClaimed", "DigestDelivered"]


def test_a_failed_digest_is_retried_with_backoff_under_the_same_id(store, flagged, httpserver):
    httpserver.expect_oneshot_request("/digest", method="POST").respond_with_data("down", status=503)
    httpserver.expect_request("/digest", method="POST").respond_with_data("ok")
    after = T0 + timedelta(hours=7)
    assert deliver_alerts(store, flagged, _ctx(after))["digests_failed"] == 1
    assert deliver_alerts(store, flagged, _ctx(after + timedelta(seconds=30)))["digests_waiting"] == 1
    assert len(_posts(httpserver)) == 1
    assert deliver_alerts(store, flagged, _ctx(after + timedelta(minutes=2)))["digests_delivered"] == 1
    first, second = _posts(httpserver)
    assert first.headers[DIGEST_ID_HEADER] == second.headers[DIGEST_ID_HEADER]
    (row,) = _rows(store, "SELECT status, attempts, last_error FROM newswatch.digests")
    assert row == ("delivered", 2, None)


def test_a_period_held_by_a_run_that_died_is_taken_over_after_the_lease(store, flagged, httpserver):
    httpserver.expect_request("/digest", method="POST").respond_with_data("ok")
    after = T0 + timedelta(hours=7)
    did = digest_id("arms-transfers", "daily", DAY)
    dead = ev.DigestClaimed(digest_id=did, topic="arms-transfers", channel="daily", period_start=DAY,
                            period_end=DAY + timedelta(days=1), attempt=1, claimed_at=after, run_id="dead-run",
                            alert_ids=[]).recorded(did, 1, "dead-run")
    store.append_many([StreamAppend(ev.digest_stream(did), [dead], ev.NO_STREAM)])
    assert deliver_alerts(store, flagged, _ctx(after + timedelta(minutes=1)))["digests_waiting"] == 1
    assert _posts(httpserver) == []
    assert deliver_alerts(store, flagged, _ctx(after + CLAIM_LEASE))["digests_delivered"] == 1
    assert len(_posts(httpserver)) == 1
