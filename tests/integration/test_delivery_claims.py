"""Exactly-once delivery per alert and channel across concurrent runs: a run claims a delivery
before it sends, so overlapping cycles send each alert once; a claim left by a run that crashed
before sending is taken over once its lease has passed."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from werkzeug import Request, Response

from newswatch import events as ev
from newswatch import projections
from newswatch.alerts.delivery import LEASE, deliver_alerts
from newswatch.alerts.flagging import flag_developments
from newswatch.alerts.topics import load_topics
from newswatch.events import StreamAppend
from newswatch.ingest.feedlist import load_feed_list
from newswatch.ingest.polling import poll_feeds
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.screen.screening import screen_articles
from newswatch.store import EventStore
from newswatch.worldevents.coding import code_articles

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2023, 11, 8, 18, tzinfo=timezone.utc)
RUNS = 4


@pytest.fixture
def receiver(httpserver, monkeypatch):
    """A webhook receiver that counts POSTs per alert id (slow enough for runs to overlap)."""
    received: Counter[str] = Counter()
    lock = threading.Lock()

    def handle(request: Request) -> Response:
        time.sleep(0.2)
        with lock:
            received[request.headers.get("X-Newswatch-Alert-Id", "?")] += 1
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(handle)
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    return received


def _topics():
    return load_topics(ROOT / "include" / "config" / "watch_topics.yaml")


def _feeds():
    return load_feed_list(ROOT / "include" / "samples" / "feeds.yaml")


def _concurrently(db_url: str, work) -> list:
    """``work(store, n)`` in RUNS threads at once, each with its own connection; their results."""
    results: list = [None] * RUNS
    errors: list[BaseException] = []
    start = threading.Barrier(RUNS)

    def one(n: int) -> None:
        try:
            with EventStore.open(db_url) as store:
                start.wait()
                results[n] = work(store, n)
        except BaseException as e:  # noqa: BLE001 - re-raised below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(RUNS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def _webhook_alerts(store: EventStore) -> set[str]:
    with store.transaction() as cur:
        cur.execute("SELECT alert_id::text FROM newswatch.proj_alert_deliveries WHERE channel = 'desk-webhook'")
        return {row[0] for row in cur.fetchall()}


def _deliveries(store: EventStore) -> int:
    """Deliveries owed: one per alert and channel (the samples raise alerts on log and webhook)."""
    with store.transaction() as cur:
        cur.execute("SELECT count(*) FROM newswatch.proj_alert_deliveries")
        return cur.fetchone()[0]


def test_four_concurrent_cycles_send_each_alert_once(db_url, store, samples, receiver):
    summaries = _concurrently(db_url, lambda s, n: run_cycle(s, _feeds(), _topics(), RunContext(f"cycle-{n}", NOW)))
    alerts = _webhook_alerts(store)
    assert alerts and dict(receiver) == {alert: 1 for alert in alerts}
    assert sum(s["deliver"]["delivered"] for s in summaries) == _deliveries(store) >= 3


def test_four_concurrent_deliveries_send_each_alert_once_and_record_one_claim(db_url, store, samples, receiver):
    ctx = RunContext("prepare", NOW)
    poll_feeds(store, _feeds(), ctx)
    screen_articles(store, ctx)
    code_articles(store, ctx)
    flag_developments(store, _topics(), ctx)
    counts = _concurrently(db_url, lambda s, n: deliver_alerts(s, _topics(), RunContext(f"deliver-{n}", NOW)))
    alerts, owed = _webhook_alerts(store), _deliveries(store)
    assert alerts and dict(receiver) == {alert: 1 for alert in alerts}
    assert sum(c["delivered"] for c in counts) == owed
    # A run that reads the outbox after another delivered sees nothing owed at all; one that reads
    # it in between finds the claim: how many of each depends on timing, never the sends above.
    assert sum(c["claimed_elsewhere"] for c in counts) <= (RUNS - 1) * owed
    with store.transaction() as cur:
        cur.execute("SELECT type, count(*) FROM newswatch.events WHERE type LIKE 'AlertDeliver%' GROUP BY type")
        assert dict(cur.fetchall()) == {"AlertDeliveryClaimed": owed, "AlertDelivered": owed}
        cur.execute("SELECT DISTINCT status FROM newswatch.proj_alert_deliveries")
        assert cur.fetchall() == [("delivered",)]


def test_a_claim_left_by_a_crashed_run_is_taken_over_after_its_lease(store, samples, receiver):
    ctx = RunContext("first", NOW)
    poll_feeds(store, _feeds(), ctx)
    screen_articles(store, ctx)
    code_articles(store, ctx)
    flag_developments(store, _topics(), ctx)
    projections.catch_up(store, projections.ALERTS)
    claimed_at = datetime.now(timezone.utc)
    # The crashed run: it claimed every delivery, then died before sending any.
    with store.transaction() as cur:
        cur.execute("SELECT alert_id::text, channel FROM newswatch.proj_alert_deliveries")
        deliveries = cur.fetchall()
    store.append_many([StreamAppend(ev.alert_stream(a), [ev.AlertDeliveryClaimed(
        alert_id=a, channel=c, claim=0, attempt=1, claimed_at=claimed_at, lease_until=claimed_at + LEASE,
        run_id="crashed").recorded(a, c, 0)]) for a, c in deliveries])

    within_lease = deliver_alerts(store, _topics(), RunContext("second", NOW))
    assert within_lease["claimed_elsewhere"] == len(deliveries) and not receiver
    after_lease = deliver_alerts(store, _topics(), RunContext("third", NOW),
                                 clock=lambda: claimed_at + LEASE + timedelta(seconds=1))
    assert after_lease["delivered"] == len(deliveries)
    assert dict(receiver) == {alert: 1 for alert in _webhook_alerts(store)}
    # Nothing left to send, and a replay rebuilds the same delivery state.
    assert deliver_alerts(store, _topics(), RunContext("fourth", NOW))["delivered"] == 0
    with store.transaction() as cur:
        cur.execute("SELECT * FROM newswatch.proj_alert_deliveries ORDER BY 1, 2")
        before = cur.fetchall()
    projections.rebuild_all(store)
    with store.transaction() as cur:
        cur.execute("SELECT * FROM newswatch.proj_alert_deliveries ORDER BY 1, 2")
        assert cur.fetchall() == before
    assert all(row[-3] == 2 and row[-2] is None for row in before)  # two claims, none open


def test_the_database_lost_during_delivery_exits_3(db_url, samples, receiver, monkeypatch, capsys):
    from newswatch import cli
    from newswatch.alerts import delivery

    def send_then_lose_the_database(channel, payload, *, client, store=None):
        # The server ends the run's session right after a send, as a failover would.
        with store.transaction() as cur:
            cur.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    monkeypatch.setattr(delivery, "send", send_then_lose_the_database)
    monkeypatch.setattr(delivery, "alert_payload", lambda store, row: {"alert_id": row["alert_id"]})
    feeds = str(ROOT / "include" / "samples" / "feeds.yaml")
    assert cli.main(["--database-url", db_url, "run", "--feeds", feeds]) == cli.EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("newswatch: error: lost the event store")
