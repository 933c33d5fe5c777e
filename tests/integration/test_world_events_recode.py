"""Re-coding history with a new extractor version appends beside the old coding and never
rewrites it; the read model shows the latest coding; replay rebuilds the same tables."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newswatch import cli, projections
from newswatch.alerts.flagging import flag_developments
from newswatch.alerts.topics import load_topics
from newswatch.extract import EXTRACTOR_VERSION
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.worldevents.recoding import recode_articles

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2023, 11, 8, 18, tzinfo=timezone.utc)


@pytest.fixture
def coded(store, samples, httpserver, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    topics = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")
    run_cycle(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"), topics, RunContext("t1", NOW))
    return topics


def _rows(store, sql, *params):
    with store.transaction() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def test_recoding_appends_new_mentions_and_the_views_show_the_latest_version(store, coded):
    log_before = _rows(store, "SELECT event_id, data FROM newswatch.events ORDER BY global_position")
    events_before = _rows(store, """SELECT event_type, actor1_code, actor2_code, num_mentions, num_sources
                                    FROM newswatch.world_events ORDER BY 1, 2, 3""")
    mentions_before = _rows(store, "SELECT count(*) FROM newswatch.event_mentions")[0][0]

    counts = recode_articles(store, RunContext("recode", NOW), date(2023, 11, 1), date(2023, 11, 30),
                             extractor_version="rules-test-2")
    assert counts["articles"] == 5 and counts["duplicates_relinked"] == 1 and counts["world_events_new"] == 0

    log_after = _rows(store, "SELECT event_id, data FROM newswatch.events ORDER BY global_position")
    assert log_after[:len(log_before)] == log_before  # nothing rewritten, only appended
    versions = dict(_rows(store, """SELECT data ->> 'extractor_version', count(*) FROM newswatch.events
                                    WHERE type = 'WorldEventMentioned' GROUP BY 1"""))
    assert versions["rules-test-2"] == versions[EXTRACTOR_VERSION] == mentions_before
    assert _rows(store, "SELECT DISTINCT extractor_version FROM newswatch.event_mentions") == [("rules-test-2",)]
    assert _rows(store, """SELECT event_type, actor1_code, actor2_code, num_mentions, num_sources
                           FROM newswatch.world_events ORDER BY 1, 2, 3""") == events_before
    assert flag_developments(store, coded, RunContext("t2", NOW))["alerts"] == 0  # same facts, no alert

    again = recode_articles(store, RunContext("recode", NOW), date(2023, 11, 1), date(2023, 11, 30),
                            extractor_version="rules-test-2")
    assert again["articles"] == 0

    snapshot = {t: _rows(store, f"SELECT * FROM newswatch.{t} ORDER BY 1")
                for t in ("proj_world_events", "proj_event_mentions", "proj_articles")}
    projections.rebuild_all(store)
    assert {t: _rows(store, f"SELECT * FROM newswatch.{t} ORDER BY 1") for t in snapshot} == snapshot


def test_the_recode_ack_mute_and_alerts_feed_commands(store, db_url, coded, tmp_path, capsys):
    import feedparser

    assert cli.main(["--database-url", db_url, "recode", "--since", "2023-11-08", "--until", "2023-11-08",
                     "--extractor-version", "rules-test-3"]) == 0
    assert "articles=5" in capsys.readouterr().out
    (alert_id,) = _rows(store, "SELECT alert_id::text FROM newswatch.alerts WHERE topic = 'arms-transfers'")[0]
    assert cli.main(["--database-url", db_url, "ack", alert_id, "--by", "ana"]) == 0
    assert cli.main(["--database-url", db_url, "ack", alert_id]) == 0
    assert "already acknowledged" in capsys.readouterr().out
    assert cli.main(["--database-url", db_url, "ack", "00000000-0000-0000-0000-000000000000"]) == cli.EXIT_ERROR
    assert cli.main(["--database-url", db_url, "mute", "no-such-topic"]) == cli.EXIT_ERROR
    assert cli.main(["--database-url", db_url, "mute", "arms-transfers", "--actors", "PRK,RUS",
                     "--until", "2030-01-01"]) == 0
    assert _rows(store, "SELECT topic, actor1_code, actor2_code, muted_by FROM newswatch.proj_alert_mutes") == [
        ("arms-transfers", "PRK", "RUS", __import__("getpass").getuser())]
    feed = tmp_path / "arms.xml"
    assert cli.main(["--database-url", db_url, "alerts-feed", "arms-transfers", "-o", str(feed)]) == 0
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.version == "atom10" and len(parsed.entries) == 1
    assert parsed.entries[0].summary.startswith("first report of the arms transfer PRK->RUS")
