"""New developments on real components: a later report that confirms an alleged transfer refines
the world event (recorded as WorldEventRefined) and raises a second alert with reason
`claim status`; repeat coverage and unrelated stories raise nothing; acknowledgements and mutes
are events; replay rebuilds the same tables."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newswatch import projections
from newswatch.alerts.actions import acknowledge_alert, mute_stream, unmute_stream
from newswatch.alerts.topics import load_topics
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import FeedSpec, RunContext
from newswatch.pipeline import run_cycle

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)
CONFIRMED = ("North Korea delivered artillery shells to Russia, South Korea's defence ministry confirmed. "
             "The shipments crossed the border by rail.")
UNRELATED = "The regional orchestra announced a new season of concerts in the old town hall."


def _rss(*items: tuple[str, str, str]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>https://late-wire.example/{slug}</link><guid>{slug}</guid>"
        f"<pubDate>Mon, 20 Nov 2023 08:00:00 GMT</pubDate><description>{text}</description></item>"
        for slug, title, text in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Late Wire</title>{body}</channel></rss>'


@pytest.fixture
def world(samples, httpserver, monkeypatch):
    """The sample feeds plus a 'Late Wire' feed on a local server whose items the test sets."""
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_SECRET", "s3cret")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    feeds = list(load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"))
    feeds.append(FeedSpec(name="late-wire", url=httpserver.url_for("/late.xml"), source="Late Wire",
                          allow_private=True))
    topics = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")

    def serve(*items):
        httpserver.clear_all_handlers()
        httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
        httpserver.expect_request("/late.xml").respond_with_data(
            _rss(*items), content_type="application/rss+xml")

    serve()
    return feeds, topics, serve


def _ctx(days: float = 0) -> RunContext:
    now = T0 + timedelta(days=days)
    return RunContext(run_id=f"test__{now.isoformat()}", now=now)


def _rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _arms_alerts(store):
    return _rows(store, """SELECT novelty_kind, claim_status_at_alert, delivery_status ->> 'desk-webhook'
                           FROM newswatch.alerts WHERE topic = 'arms-transfers' ORDER BY raised_at""")


def test_a_confirmed_delivery_refines_the_event_and_raises_a_claim_status_alert(store, world, httpserver):
    feeds, topics, serve = world
    run_cycle(store, feeds, topics, _ctx())
    assert _arms_alerts(store) == [("first report", "alleged", "delivered")]

    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED))
    run_cycle(store, feeds, topics, _ctx(12))

    (event,) = _rows(store, """SELECT event_id, claim_status, claimed_by, transfer_stage, weapon_class,
                                      num_mentions, num_sources, num_refinements
                               FROM newswatch.world_events WHERE event_type = 'AID'""")
    assert event[1:] == ("confirmed", "KOR", "delivered", "artillery shells", 3, 3, 1)
    (refined,) = [e for e in store.read_stream(f"world_event-{event[0]}") if e.type == "WorldEventRefined"]
    assert refined.data["previous"]["claim_status"] == "alleged"  # the old state is kept, not rewritten
    assert refined.data["reasons"] == ["claim status", "stage", "weapon class"]
    assert _arms_alerts(store) == [("first report", "alleged", "delivered"),
                                   ("claim status", "confirmed", "delivered")]
    (reason,) = _rows(store, "SELECT novelty_reason FROM newswatch.alerts WHERE novelty_kind = 'claim status'")
    assert reason[0].startswith("claim status: alleged -> confirmed")
    hooks = [r.get_json() for r, _ in httpserver.log if r.path == "/hook"]
    assert hooks[-1]["novelty_kind"] == "claim status"
    assert any(e["source"] == "Late Wire" and "confirmed" in e["sentence"] for e in hooks[-1]["evidence"])


def test_repeat_coverage_and_an_unrelated_story_raise_nothing(store, world):
    feeds, topics, serve = world
    run_cycle(store, feeds, topics, _ctx())
    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED))
    run_cycle(store, feeds, topics, _ctx(12))
    before = _rows(store, "SELECT count(*) FROM newswatch.alerts")[0][0]
    events_before = _rows(store, "SELECT count(*) FROM newswatch.world_events")[0][0]

    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED),
          ("again", "Shells reached Russia, Seoul says", CONFIRMED.replace("The shipments", "Trains")),
          ("concerts", "Orchestra season announced", UNRELATED))
    run_cycle(store, feeds, topics, _ctx(12.5))

    assert _rows(store, "SELECT count(*) FROM newswatch.alerts")[0][0] == before
    assert _rows(store, "SELECT count(*) FROM newswatch.world_events")[0][0] == events_before
    assert _rows(store, "SELECT num_mentions FROM newswatch.world_events WHERE event_type = 'AID'") == [(4,)]


def test_acknowledged_and_muted_streams_are_recorded_as_events(store, world):
    feeds, topics, serve = world
    run_cycle(store, feeds, topics, _ctx())
    (alert_id,) = _rows(store, "SELECT alert_id::text FROM newswatch.alerts WHERE topic = 'arms-transfers'")[0]
    acknowledge_alert(store, alert_id, by="desk", note="seen", now=_ctx().now)
    acknowledge_alert(store, alert_id, by="desk", note="seen", now=_ctx().now)  # a repeat is a no-op
    mute_stream(store, "arms-transfers", ("PRK", "RUS"), by="desk", reason="known story", now=_ctx().now)

    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED))
    run_cycle(store, feeds, topics, _ctx(12))

    rows = _rows(store, """SELECT novelty_kind, acknowledged, acknowledged_by, muted, delivery_status
                           FROM newswatch.alerts WHERE topic = 'arms-transfers' ORDER BY raised_at""")
    assert rows == [("first report", True, "desk", False, {"log": "delivered", "desk-webhook": "delivered"}),
                    ("claim status", False, None, True, {})]  # flagged for the record, sent nowhere
    types = [t for (t,) in _rows(store, "SELECT type FROM newswatch.events WHERE type LIKE 'Alert%%'"
                                        " AND type NOT LIKE 'AlertDeliv%%' ORDER BY global_position")]
    assert types == ["AlertAcknowledged", "AlertStreamMuted"]
    unmute_stream(store, "arms-transfers", ("PRK", "RUS"), by="desk", now=_ctx(13).now)
    assert _rows(store, "SELECT count(*) FROM newswatch.proj_alert_mutes") == [(0,)]


PROJECTION_TABLES = {
    "proj_feeds": "feed_id", "proj_articles": "article_id", "proj_article_keys": "kind, key",
    "proj_world_events": "world_event_id", "proj_event_mentions": "mention_id",
    "proj_alerts": "alert_id", "proj_alert_deliveries": "alert_id, channel",
    "proj_alert_mutes": "topic, actor1_code, actor2_code",
}


def test_replay_after_refinements_acks_and_mutes_rebuilds_identical_tables(store, world):
    feeds, topics, serve = world
    run_cycle(store, feeds, topics, _ctx())
    (alert_id,) = _rows(store, "SELECT alert_id::text FROM newswatch.alerts LIMIT 1")[0]
    acknowledge_alert(store, alert_id, by="desk", now=_ctx().now)
    mute_stream(store, "korean-peninsula-summits", None, by="desk", now=_ctx().now)
    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED))
    run_cycle(store, feeds, topics, _ctx(12))

    def snapshot():
        return {t: _rows(store, f"SELECT * FROM newswatch.{t} ORDER BY {k}") for t, k in PROJECTION_TABLES.items()}

    before = snapshot()
    assert all(before.values())
    projections.rebuild_all(store)
    assert snapshot() == before


def test_topic_keywords_match_the_evidence_by_full_text_search(store, world, tmp_path):
    feeds, _, serve = world
    (tmp_path / "topics.yaml").write_text(
        "topics:\n"
        "  - {name: shells, event_types: [AID], keywords: [shell]}\n"  # stemmed: finds "shells"
        "  - {name: drones, event_types: [AID], keywords: [drones, '\"kamikaze drone\"']}\n")
    topics = load_topics(tmp_path / "topics.yaml")
    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED))
    run_cycle(store, feeds, topics, _ctx(12))
    assert _rows(store, "SELECT DISTINCT topic FROM newswatch.alerts") == [("shells",)]


def test_keywords_are_web_search_queries_over_the_summary_and_each_evidence_sentence(store, world):
    """The one keyword matcher (alerts/topics.py says how keywords match), run in PostgreSQL."""
    import psycopg2.extras

    from newswatch.alerts.flagging import keywords_hit

    feeds, topics, serve = world
    serve(("confirmed", "Seoul confirms shell deliveries", CONFIRMED))
    run_cycle(store, feeds, topics, _ctx(12))
    with store.transaction(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("""SELECT world_event_id::text AS world_event_id, summary FROM newswatch.proj_world_events
                       WHERE event_type = 'AID' AND claim_status = 'confirmed'""")
        (event,) = cur.fetchall()
        assert "(military)" in event["summary"]  # the summary; the evidence says "delivered artillery shells"

        def hit(*keywords: str) -> bool:
            return keywords_hit(cur, keywords, event)

        assert hit("shell") and hit("Deliver")  # stemmed, any case
        assert hit('"artillery shells"') and not hit('"shells artillery"')  # a phrase: adjacent, in order
        assert hit("shells Russia") and not hit("shells drones")  # every word, any order
        assert hit("military") and hit("delivered") and not hit("military delivered")  # ...in one text
        assert hit("drones or shells") and not hit("shells -artillery")  # or, -not
        assert hit("drones", "shells") and not hit("drones", "orchestra")  # any one keyword
        assert not hit("the")  # only stop words: nothing


def test_a_crash_between_flag_and_send_neither_loses_nor_doubles_the_alert(store, world, httpserver):
    from newswatch.alerts.delivery import deliver_alerts
    from newswatch.alerts.flagging import flag_developments
    from newswatch.ingest.polling import poll_feeds
    from newswatch.screen.screening import screen_articles
    from newswatch.worldevents.coding import code_articles

    feeds, topics, _ = world
    ctx = _ctx()
    poll_feeds(store, feeds, ctx)
    screen_articles(store, ctx)
    code_articles(store, ctx)
    flag_developments(store, topics, ctx)
    # ...the worker dies here: the alert is in the outbox, nothing was sent.
    assert _arms_alerts(store) == [("first report", "alleged", "pending")]
    assert not [r for r, _ in httpserver.log if r.path == "/hook"]
    flag_developments(store, topics, _ctx(0.01))  # the retried task flags nothing twice
    deliver_alerts(store, topics, _ctx(0.01))
    deliver_alerts(store, topics, _ctx(0.02))
    hooks = [r for r, _ in httpserver.log if r.path == "/hook"]
    assert [h.get_json()["topic"] for h in hooks] == ["arms-transfers"]
    assert _arms_alerts(store) == [("first report", "alleged", "delivered")]
