"""What the listing commands print after a cycle over the sample feeds: JSON Lines with ids for
`--json`, and in a pipe plain aligned columns, one row per line, no colour codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch import cli

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FEEDS = str(ROOT / "include" / "samples" / "feeds.yaml")


@pytest.fixture
def cycled(db_url, samples, capsys, monkeypatch):
    """A store after one `newswatch run` over the sample feeds (one feed of four is an HTML page)."""
    monkeypatch.delenv("NEWSWATCH_TOPICS_FILE", raising=False)
    monkeypatch.delenv("NEWSWATCH_CONFIG_DIR", raising=False)
    assert cli.main(["--database-url", db_url, "run", "--feeds", SAMPLE_FEEDS]) == 0
    out = capsys.readouterr().out
    assert out.startswith("poll     feeds=4, disabled=0, already_polled=0, failed=1")
    return db_url


def jsonl(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_alerts_json_has_ids_actors_and_evidence(cycled, capsys):
    assert cli.main(["--database-url", cycled, "alerts", "--json", "--topic", "arms-transfers"]) == 0
    (alert,) = jsonl(capsys)
    assert len(alert["alert_id"]) == 36 and len(alert["event_id"]) == 36
    assert (alert["topic"], alert["event_type"], alert["actor1_code"], alert["actor2_code"]) == (
        "arms-transfers", "AID", "PRK", "RUS")
    assert alert["actor1"] == "North Korea" and alert["actor2"] == "Russia"
    assert (alert["claim_status"], alert["claimed_by"]) == ("alleged", "USA")
    assert alert["novelty_kind"] == "first report" and alert["novelty_reason"].startswith("first report of the arms transfer PRK->RUS")
    assert alert["delivery_status"]["log"] == "delivered"
    assert (alert["muted"], alert["acknowledged"]) == (False, False)
    assert alert["raised_at"].endswith("+00:00")
    assert len(alert["evidence"]) == 2
    assert {e["source"] for e in alert["evidence"]} == {"Harbour Times", "Northern Ledger"}
    for e in alert["evidence"]:
        assert e["sentence"] and e["url"].startswith("https://") and e["reported_at"] and e["mention_id"]

    # the ids are the ones the other commands take
    assert cli.main(["--database-url", cycled, "ack", alert["alert_id"]]) == 0
    capsys.readouterr()
    assert cli.main(["--database-url", cycled, "sql", "--format", "json",
                     f"SELECT event_type FROM world_events WHERE event_id = '{alert['event_id']}'"]) == 0
    assert jsonl(capsys) == [{"event_type": "AID"}]
    assert cli.main(["--database-url", cycled, "alerts", "--json", "--limit", "1"]) == 0
    assert len(jsonl(capsys)) == 1


def test_alerts_in_a_pipe_are_one_plain_line_each_even_when_colour_is_forced(cycled, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli.main(["--database-url", cycled, "alerts"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "─" not in out
    header, *rows = out.splitlines()
    assert header.split() == ["raised", "(UTC)", "topic", "event", "why", "new", "delivery", "state", "alert", "id"]
    assert len(rows) == 2 and all(r == r.rstrip() for r in rows)
    assert {r.split()[2] for r in rows} == {"arms-transfers", "korean-peninsula-summits"}
    assert all(len(r.split()[-1]) == 36 for r in rows)  # the alert id, whole, for `newswatch ack`


def test_feeds_status_json_and_table(cycled, capsys):
    assert cli.main(["--database-url", cycled, "feeds", "status", "--json"]) == 0
    feeds = jsonl(capsys)
    assert [f["name"] for f in feeds][0] == "valley-gazette"  # failing first
    assert all(len(f["feed_id"]) == 36 for f in feeds) and len(feeds) == 4
    assert feeds[0]["health"] == "failing" and feeds[0]["last_failure_reason"] == "not_a_feed"
    assert cli.main(["--database-url", cycled, "feeds", "status", "--problems"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split()[:2] == ["health", "name"] and len(rows) == 1
    assert rows[0].split()[:2] == ["failing", "valley-gazette"] and "soft/not_a_feed" in rows[0]


def test_sql_table_and_csv(cycled, capsys):
    assert cli.main(["--database-url", cycled, "sql", "SELECT topic, novelty_kind, muted FROM alerts ORDER BY topic"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["topic", "novelty_kind", "muted"]
    assert lines[1].split() == ["arms-transfers", "first", "report", "no"]
    assert lines[-1] == "(2 rows)"
    assert cli.main(["--database-url", cycled, "sql", "--format", "csv", "--max-rows", "1",
                     "SELECT topic, delivery_status FROM alerts ORDER BY topic"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "topic,delivery_status" and len(out.splitlines()) == 2
    assert err == "newswatch: truncated at 1 rows (raise --max-rows)\n"


def test_sql_json_handles_numerics_and_intervals(db_url, capsys):
    assert cli.main(["--database-url", db_url, "sql", "--format", "json",
                     "SELECT 1.50::numeric AS n, interval '90 seconds' AS i, NULL AS nothing"]) == 0
    assert jsonl(capsys) == [{"n": 1.5, "i": 90.0, "nothing": None}]


def test_feeds_check_and_topics_check_json(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NEWSWATCH_TOPICS_FILE", raising=False)
    monkeypatch.delenv("NEWSWATCH_CONFIG_DIR", raising=False)
    assert cli.main(["feeds", "check", "--json", SAMPLE_FEEDS]) == 0
    feeds = jsonl(capsys)
    assert len(feeds) == 4 and all(len(f["feed_id"]) == 36 and f["url"] and f["source"] for f in feeds)

    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds:\n  - name: a\n    url: ftp://x.example/feed\n  - name: b\n")
    assert cli.main(["feeds", "check", "--json", str(bad)]) == cli.EXIT_CONFIG
    out, err = capsys.readouterr()
    problems = [json.loads(line) for line in out.splitlines()]
    assert len(problems) >= 2 and all(p["file"] == str(bad) for p in problems)
    assert err == f"newswatch: error: {bad}: {len(problems)} problem(s)\n"

    assert cli.main(["topics", "check", "--json"]) == 0
    topics = {t["name"]: t for t in jsonl(capsys)}
    assert "arms-transfers" in topics and "AID" in topics["arms-transfers"]["event_types"]
    assert isinstance(topics["arms-transfers"]["channels"], list)


def test_empty_listings_say_so(db_url, capsys):
    assert cli.main(["--database-url", db_url, "alerts"]) == 0
    assert capsys.readouterr().out == "no alerts\n"
    assert cli.main(["--database-url", db_url, "alerts", "--json"]) == 0
    assert capsys.readouterr().out == ""
    assert cli.main(["--database-url", db_url, "feeds", "status", "--problems"]) == 0
    assert capsys.readouterr().out == "every feed is ok\n"
