"""The whole cycle on real components: local HTTP feeds, the real PostgreSQL store, GX, the
extractor, topic matching and a real webhook receiver (pytest-httpserver)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from werkzeug import Response

from newswatch import projections
from newswatch.alerts.delivery import deliver_alerts
from newswatch.alerts.flagging import flag_developments
from newswatch.alerts.topics import load_topics
from newswatch.ingest.feedlist import load_feed_list
from newswatch.ingest.polling import poll_feeds
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.screen.screening import screen_articles
from newswatch.worldevents.coding import code_articles

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)


@pytest.fixture
def topics(monkeypatch, httpserver):
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_SECRET", "s3cret")
    return load_topics(ROOT / "include" / "config" / "watch_topics.yaml")


@pytest.fixture
def feeds(samples):
    return load_feed_list(ROOT / "include" / "samples" / "feeds.yaml")


def _ctx(minutes: int = 0) -> RunContext:
    now = T0 + timedelta(minutes=minutes)
    return RunContext(run_id=f"test__{now.isoformat()}", now=now)


def _rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def test_the_seed_story_from_two_outlets_is_one_world_event_and_one_alert(store, feeds, topics, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    run_cycle(store, feeds, topics, _ctx())

    (aid,) = _rows(store, """SELECT event_id, actor1_code, actor2_code, claim_status, claimed_by,
                               event_date::text, date_basis, num_mentions, num_sources, topics
                             FROM newswatch.world_events WHERE event_type = 'AID'""")
    assert aid[1:7] == ("PRK", "RUS", "alleged", "USA", "2023-11-08", "publication")
    assert (aid[7], aid[8]) == (2, 2)  # the reprint counts as a second source, not a second event
    assert aid[9] == ["arms-transfers"]
    hanoi = _rows(store, """SELECT event_date::text, date_precision, date_basis, location
                            FROM newswatch.world_events
                            WHERE event_type = 'CONSULT' AND 'USA' IN (actor1_code, actor2_code)""")
    assert hanoi == [("2019-01-01", "year", "text", "Hanoi")]
    alerts = _rows(store, "SELECT topic, event_id, delivery_status FROM newswatch.alerts WHERE topic = 'arms-transfers'")
    assert alerts == [("arms-transfers", aid[0], {"log": "delivered", "desk-webhook": "delivered"})]

    (request, _response), = httpserver.log
    body = request.get_data()
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert request.headers["X-Newswatch-Signature"] == expected
    payload = json.loads(body)
    assert payload["topic"] == "arms-transfers"
    assert {e["source"] for e in payload["evidence"]} == {"Harbour Times", "Northern Ledger"}
    assert all("warned that North Korea is providing weapons" in e["sentence"] for e in payload["evidence"])


def test_a_second_run_appends_no_duplicate_facts_and_raises_no_alert(store, feeds, topics, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    run_cycle(store, feeds, topics, _ctx())
    before = dict(_rows(store, "SELECT type, count(*) FROM newswatch.events GROUP BY type"))
    run_cycle(store, feeds, topics, _ctx(15))
    after = dict(_rows(store, "SELECT type, count(*) FROM newswatch.events GROUP BY type"))
    # Only the new polls are new facts; every article, mention, alert and delivery is unchanged.
    assert {t: n for t, n in after.items() if t not in ("FeedPolled", "FeedPollFailed")} == {
        t: n for t, n in before.items() if t not in ("FeedPolled", "FeedPollFailed")
    }
    assert after["FeedPolled"] == before["FeedPolled"] + 3
    assert len(httpserver.log) == 1


def test_the_broken_feed_is_recorded_with_a_reason_and_the_others_are_ingested(store, feeds, topics, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    run_cycle(store, feeds, topics, _ctx())
    health = dict(_rows(store, "SELECT name, coalesce(last_failure_reason, health) FROM newswatch.feeds"))
    assert health == {"harbour-times-world": "ok", "northern-ledger": "ok", "coastal-wire": "ok",
                      "valley-gazette": "not_a_feed"}
    statuses = dict(_rows(store, "SELECT status, count(*) FROM newswatch.articles GROUP BY status"))
    assert statuses == {"accepted": 5, "duplicate": 1}


def test_a_retried_stage_appends_nothing_new(store, feeds, topics, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    ctx = _ctx()
    poll_feeds(store, feeds, ctx)
    screen_articles(store, ctx)
    code_articles(store, ctx)
    flag_developments(store, topics, ctx)
    count = _rows(store, "SELECT count(*) FROM newswatch.events")[0][0]
    # An Airflow retry of the same run: same run id, same reference time.
    poll_feeds(store, feeds, ctx)
    screen_articles(store, ctx)
    code_articles(store, ctx)
    flag_developments(store, topics, ctx)
    assert _rows(store, "SELECT count(*) FROM newswatch.events")[0][0] == count


def test_a_receiver_that_is_down_then_up_gets_exactly_one_delivery(store, feeds, topics, httpserver):
    httpserver.expect_ordered_request("/hook", method="POST").respond_with_response(Response("down", 503))
    httpserver.expect_ordered_request("/hook", method="POST").respond_with_data("ok")
    run_cycle(store, feeds, topics, _ctx())
    assert _rows(store, "SELECT delivery_status ->> 'desk-webhook' FROM newswatch.alerts"
                        " WHERE topic = 'arms-transfers'") == [("failed",)]
    deliver_alerts(store, topics, _ctx(0))  # too early: backoff
    assert len(httpserver.log) == 1
    deliver_alerts(store, topics, _ctx(5))
    deliver_alerts(store, topics, _ctx(30))
    assert [r.status_code for _, r in httpserver.log] == [503, 200]
    assert _rows(store, "SELECT delivery_status ->> 'desk-webhook' FROM newswatch.alerts"
                        " WHERE topic = 'arms-transfers'") == [("delivered",)]


PROJECTION_TABLES = {
    "proj_feeds": "feed_id", "proj_articles": "article_id", "proj_article_keys": "kind, key",
    "proj_world_events": "world_event_id", "proj_event_mentions": "mention_id",
    "proj_alerts": "alert_id", "proj_alert_deliveries": "alert_id, channel",
}


def _snapshot(store):
    return {t: _rows(store, f"SELECT * FROM newswatch.{t} ORDER BY {key}") for t, key in PROJECTION_TABLES.items()}


def test_replay_from_position_zero_rebuilds_identical_tables(store, feeds, topics, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    run_cycle(store, feeds, topics, _ctx())
    run_cycle(store, feeds, topics, _ctx(15))
    before = _snapshot(store)
    assert all(before.values())
    projections.rebuild_all(store)
    assert _snapshot(store) == before
