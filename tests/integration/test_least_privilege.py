"""Least privilege by construction: `newswatch init` creates a pipeline login that is only
newswatch_writer and a reader login that is only newswatch_reader, and the whole pipeline (a
cycle, a replay, the analyst commands) works as the pipeline login."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest

from newswatch import cli, projections
from newswatch.alerts.topics import load_topics
from newswatch.ingest.feedlist import load_feed_list
from newswatch.model import RunContext
from newswatch.pipeline import run_cycle
from newswatch.store import EventStore, connect
from newswatch.store.roles import PIPELINE_LOGIN, with_login

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2023, 11, 8, 18, tzinfo=timezone.utc)


def _tables(store: EventStore) -> dict[str, list]:
    out = {}
    with store.transaction() as cur:
        for view in ("articles", "world_events", "event_mentions", "alerts", "feeds"):
            cur.execute(f"SELECT * FROM newswatch.{view} ORDER BY 1, 2")
            out[view] = cur.fetchall()
    return out


def test_the_pipeline_runs_a_cycle_and_a_replay_as_a_writer_only_login(db_url, samples, httpserver, monkeypatch,
                                                                         capsys):
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    pipeline = with_login(db_url, PIPELINE_LOGIN)
    with EventStore.open(pipeline) as store:
        summary = run_cycle(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"),
                            load_topics(ROOT / "include" / "config" / "watch_topics.yaml"), RunContext("lp", NOW))
        assert summary["deliver"]["delivered"] >= 2
        before = _tables(store)
        projections.rebuild_all(store)
        assert _tables(store) == before
    alert_id = before["alerts"][0][0]
    for argv in (["alerts"], ["feeds", "status"], ["ack", str(alert_id)], ["mute", "arms-transfers"], ["replay"]):
        assert cli.main(["--database-url", pipeline, *argv]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("sql", [
    "UPDATE newswatch.events SET type = 'x'",
    "DELETE FROM newswatch.events",
    "TRUNCATE newswatch.events",
    "CREATE TABLE newswatch.mine (x int)",
    "CREATE TABLE public.mine (x int)",
    "CREATE TEMP TABLE mine (x int)",
    "DROP VIEW newswatch.alerts",
    "ALTER TABLE newswatch.events DISABLE TRIGGER events_refuse_update_delete",
    "SET ROLE newswatch_reader",
    "SELECT pg_read_file('/etc/passwd')",
    "COPY newswatch.events TO PROGRAM 'true'",
])
def test_the_pipeline_login_cannot_change_history_or_the_schema(db_url, sql):
    assert cli.main(["--database-url", db_url, "init"]) == 0  # database privileges are init's
    conn = connect(with_login(db_url, PIPELINE_LOGIN))
    try:
        with conn.cursor() as cur, pytest.raises((psycopg2.errors.InsufficientPrivilege,
                                                   psycopg2.errors.RaiseException)):
            cur.execute(sql)
    finally:
        conn.rollback()
        conn.close()


def test_init_creates_the_logins_of_the_urls_with_their_passwords(db_url, monkeypatch, capsys):
    from conftest import _admin

    pid = os.getpid()
    pipe, reader = f"newswatch_test_{pid}_pipe", f"newswatch_test_{pid}_read"
    host = db_url.split("@")[-1] if "@" in db_url else db_url.split("//", 1)[1]
    monkeypatch.setenv("NEWSWATCH_READER_DATABASE_URL", f"postgresql://{reader}:s3cret@{host}")
    admin = _admin()
    try:
        code = cli.main(["--database-url", f"postgresql://{pipe}:hunter2@{host}", "init", "--owner-url", db_url])
        out = capsys.readouterr().out
        assert code == 0, out
        assert f"login {pipe}: created" in out and f"login {reader}: created" in out
        assert "hunter2" not in out and "s3cret" not in out
        with admin.cursor() as cur:
            cur.execute("""SELECT u.rolname, array_agg(g.rolname ORDER BY g.rolname), u.rolpassword IS NOT NULL,
                                  u.rolsuper OR u.rolcreaterole OR u.rolcreatedb
                           FROM pg_authid u JOIN pg_auth_members m ON m.member = u.oid
                           JOIN pg_roles g ON g.oid = m.roleid WHERE u.rolname IN (%s, %s)
                           GROUP BY u.rolname, u.rolpassword, u.rolsuper, u.rolcreaterole, u.rolcreatedb
                           ORDER BY 1""", (pipe, reader))
            assert cur.fetchall() == [(pipe, ["newswatch_writer"], True, False),
                                      (reader, ["newswatch_reader"], True, False)]
            cur.execute("SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
                        " WHERE r.rolname = %s", (reader,))
            assert sorted(cur.fetchone()[0]) == ["default_transaction_read_only=on", "statement_timeout=60s"]
        # A second init changes nothing, and says so.
        assert cli.main(["--database-url", f"postgresql://{pipe}@{host}", "init", "--owner-url", db_url]) == 0
        assert f"login {pipe}: as it should be" in capsys.readouterr().out
    finally:
        with admin.cursor() as cur:
            for name in (pipe, reader):
                cur.execute(f'DROP ROLE IF EXISTS "{name}"')
        admin.close()


def test_init_never_weakens_the_owner(db_url, capsys):
    assert cli.main(["--database-url", db_url, "init"]) == 0
    out = capsys.readouterr().out
    assert f"login {PIPELINE_LOGIN}:" in out  # the owner's URL: the default pipeline login instead
