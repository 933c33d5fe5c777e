"""Analysts' SQL on real PostgreSQL: the newswatch_reader role reads the views and the log and
nothing else, and `newswatch sql` runs one read-only statement with a timeout and a row cap."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest

from newswatch import cli
from newswatch.alerts.topics import load_topics
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.store import connect
from newswatch.store.console import QueryRefused, run_query
from newswatch.store.roles import reader_url

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ("articles", "world_events", "event_mentions", "alerts", "feeds", "events")


@pytest.fixture
def filled(store, db_url, samples, httpserver, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    now = datetime(2023, 11, 8, 18, tzinfo=timezone.utc)
    run_cycle(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"),
              load_topics(ROOT / "include" / "config" / "watch_topics.yaml"), RunContext("test", now))
    return db_url


def _as_reader(url, sql):
    conn = connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SET ROLE newswatch_reader")
            cur.execute(sql)
            return cur.fetchall() if cur.description else None
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize("view", VIEWS)
def test_the_reader_role_reads_every_view(filled, view):
    assert _as_reader(filled, f"SELECT count(*) FROM newswatch.{view}")[0][0] > 0


@pytest.mark.parametrize("sql", [
    "SELECT * FROM newswatch.proj_world_events",
    "SELECT * FROM newswatch.proj_articles",
    "SELECT * FROM newswatch.checkpoints",
    "SELECT * FROM newswatch.schema_migrations",
    "INSERT INTO newswatch.events (event_id, stream, stream_version, type, data, metadata)"
    " VALUES (gen_random_uuid(), 'x-1', 0, 'Forged', '{}', '{}')",
    "UPDATE newswatch.proj_alerts SET topic = 'x'",
    "DELETE FROM newswatch.proj_alert_deliveries",
    "CREATE TABLE newswatch.mine (x int)",
])
def test_the_reader_role_cannot_write_or_read_raw_tables(filled, sql):
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        _as_reader(filled, sql)


def test_the_documented_example_queries_run_as_the_reader(filled):
    transfers = run_query(reader_url(filled, None), """
        SELECT event_date, actor1_code AS supplier, claim_status, claimed_by, weapon_class, num_sources
        FROM world_events
        WHERE 'military' = ANY(contexts) AND event_type IN ('AID', 'AGREE') AND actor2_code = 'RUS'
          AND last_reported_at > timestamptz '2023-11-09' - interval '90 days'
        ORDER BY event_date DESC""")
    assert transfers.columns[:2] == ("event_date", "supplier")
    assert [r[1:4] for r in transfers.rows] == [("PRK", "alleged", "USA")]
    pair = run_query(reader_url(filled, None), "SELECT event_type FROM world_events WHERE ARRAY[actor1_code, actor2_code] @> ARRAY['PRK', 'USA']")
    assert ("CONSULT",) in pair.rows
    evidence = run_query(reader_url(filled, None), """SELECT m.source, m.sentence, m.url FROM event_mentions m
                                    JOIN world_events w USING (event_id) WHERE w.event_type = 'AID'
                                    ORDER BY m.reported_at""")
    assert [r[0] for r in evidence.rows] == ["Harbour Times", "Northern Ledger"]
    health = run_query(reader_url(filled, None), "SELECT name, health, last_failure_reason FROM feeds WHERE health <> 'ok'")
    assert health.rows == [("valley-gazette", "failing", "not_a_feed")]


def test_the_row_cap_truncates_and_says_so(filled):
    result = run_query(reader_url(filled, None), "SELECT global_position FROM events ORDER BY 1", row_cap=3)
    assert len(result.rows) == 3 and result.truncated
    assert not run_query(reader_url(filled, None), "SELECT 1", row_cap=3).truncated


@pytest.mark.parametrize("sql, reason", [
    ("DELETE FROM newswatch.events", "read-only"),
    ("SELECT * FROM newswatch.proj_articles", "permission denied"),
    ("SELECT pg_sleep(3)", "statement timeout"),
    ("SELECT 1; SELECT 2", "one statement"),
])
def test_what_newswatch_sql_refuses(filled, sql, reason):
    with pytest.raises(QueryRefused, match=reason):
        run_query(reader_url(filled, None), sql, timeout_ms=200)


def test_the_sql_command_prints_json_and_fails_readably(filled, capsys):
    assert cli.main(["--database-url", filled, "sql", "--format", "json",
                     "SELECT topic, novelty_kind FROM alerts ORDER BY topic"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"topic": "arms-transfers", "novelty_kind": "first report"} in lines
    assert cli.main(["--database-url", filled, "sql", "DELETE FROM events"]) == cli.EXIT_ERROR
    assert "read-only" in capsys.readouterr().err
