"""`newswatch sql` under attack, against the real server: every way out that issue 17 found or
that we could think of is refused by PostgreSQL, and nothing changes in the store, on disk or in
the session's rights. Each case names the attack; the test proves the refusal and that the canary
(the log, the schema, a file) is untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from newswatch import cli
from newswatch import events as ev
from newswatch.events import StreamAppend
from newswatch.store import connect
from newswatch.store.console import QueryRefused, run_query
from newswatch.store.roles import PrivilegedLogin, connect_reader, reader_url

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PWNED_FILE = Path("/tmp/newswatch-console-pwned")


@pytest.fixture
def reader(store, db_url):
    """The reader login's URL for a store holding one event (the canary)."""
    event = ev.NewEvent("Canary", {"n": 1}, event_id="6f1d6c1e-0000-5000-8000-000000000017")
    store.append_many([StreamAppend("canary-1", [event])])
    PWNED_FILE.unlink(missing_ok=True)
    yield reader_url(db_url, None)
    PWNED_FILE.unlink(missing_ok=True)


def _state(db_url: str) -> tuple:
    """What an attack must not change: the log, the schema's tables, the file system."""
    conn = connect(db_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*), max(global_position) FROM newswatch.events")
            log = cur.fetchone()
            cur.execute("""SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'""")
            relations = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM pg_largeobject_metadata")
            large_objects = cur.fetchone()[0]
            cur.execute("SELECT pg_try_advisory_lock(1852143475), pg_advisory_unlock_all()")  # the append lock is free
            lock_free = cur.fetchone()[0]
        return log, relations, large_objects, lock_free, PWNED_FILE.exists()
    finally:
        conn.rollback()
        conn.close()


# (attack, SQL, what PostgreSQL's refusal says)
ATTACKS = [
    # the forms issue 17 found: the old tokenizer saw one statement (a $a$ ... $a$ string) where
    # PostgreSQL sees the identifiers x$a$ and y$a$ around four statements
    ("dollar-in-identifier",
     "SELECT 1 AS x$a$; COMMIT; RESET ROLE; CREATE TABLE newswatch.pwned (a int); SELECT 1 AS y$a$",
     "one statement at a time"),
    ("escaped-quote-literal", "SELECT E'\\''; DELETE FROM newswatch.events; SELECT ''", "one statement at a time"),
    ("commit", "COMMIT", "read-only, one query"),
    ("commit-then-write", "SELECT 1; COMMIT; INSERT INTO newswatch.checkpoints (name) VALUES ('pwned')",
     "one statement at a time"),
    ("reset-role", "RESET ROLE", "read-only, one query"),
    ("set-role-writer", "SET ROLE newswatch_writer", "read-only, one query"),
    ("set-config-role-in-query-to-xml",
     "SELECT query_to_xml('SELECT set_config(''role'', ''newswatch_writer'', true)', true, false, '')",
     "permission denied to set role"),
    ("set-config-role", "SELECT set_config('role', 'newswatch_writer', true)", "permission denied to set role"),
    ("set-role-then-write-in-query-to-xml",
     "SELECT query_to_xml('SET ROLE newswatch_writer; INSERT INTO newswatch.checkpoints (name) VALUES (''x'') "
     "RETURNING 1', true, false, '')", "not allowed in a non-volatile function"),
    ("reset-role-then-write-in-query-to-xml",
     "SELECT query_to_xml('RESET ROLE; DELETE FROM newswatch.events RETURNING 1', true, false, '')",
     "not allowed in a non-volatile function"),
    ("session-authorization", "SELECT set_config('session_authorization', 'postgres', false)",
     "permission denied to set session authorization"),
    ("copy-to-program", f"COPY (SELECT 1) TO PROGRAM 'touch {PWNED_FILE}'", "read-only, one query"),
    ("copy-to-program-in-query-to-xml",
     f"SELECT query_to_xml('COPY (SELECT 1) TO PROGRAM ''touch {PWNED_FILE}''', true, false, '')",
     "not allowed in a non-volatile function"),
    ("copy-to-file", f"COPY newswatch.events TO '{PWNED_FILE}'", "read-only, one query"),
    ("psql-backslash-copy", f"\\copy newswatch.events to '{PWNED_FILE}'", "syntax error"),
    ("create-table", "CREATE TABLE newswatch.pwned (a int)", "read-only, one query"),
    ("select-into", "SELECT * INTO newswatch.pwned FROM newswatch.events", "read-only, one query"),
    ("create-temp-table-in-query-to-xml",
     "SELECT query_to_xml('CREATE TEMP TABLE pwned AS SELECT 1', true, false, '')",
     "not allowed in a non-volatile function"),
    ("read-write-transaction", "SELECT set_config('transaction_read_only', 'off', true)",
     "transaction read-write mode must be set before any query"),
    ("writing-cte", "WITH d AS (DELETE FROM newswatch.events RETURNING *) SELECT * FROM d", "read-only"),
    ("do-block", "DO $$ BEGIN EXECUTE 'DELETE FROM newswatch.events'; END $$", "read-only, one query"),
    ("call", "CALL newswatch.pwn()", "procedure newswatch.pwn\\(\\) does not exist"),
    ("prepare", "PREPARE p AS DELETE FROM newswatch.events", "read-only, one query"),
    ("execute", "EXECUTE p", "read-only, one query"),
    ("listen", "LISTEN pwned", "read-only, one query"),
    ("multiple-result-sets", "SELECT 1; SELECT 2", "one statement at a time"),
    ("empty", ";", "one statement at a time"),
    ("explain-analyze-of-a-write", "EXPLAIN ANALYZE DELETE FROM newswatch.events", "read-only"),
    ("explain-analyze-of-an-insert",
     "EXPLAIN ANALYZE INSERT INTO newswatch.checkpoints (name) VALUES ('pwned')", "read-only"),
    ("projection-table", "SELECT * FROM newswatch.proj_articles", "permission denied"),
    ("checkpoints", "SELECT * FROM newswatch.checkpoints", "permission denied"),
    ("read-server-file", "SELECT pg_read_file('/etc/passwd')", "permission denied"),
    ("list-server-dir", "SELECT pg_ls_dir('.')", "permission denied"),
    ("lo-import", "SELECT lo_import('/etc/passwd')", "permission denied"),
    ("lo-export", f"SELECT lo_export(lo_from_bytea(0, 'x'), '{PWNED_FILE}')", "permission denied"),
    ("dblink", "SELECT * FROM dblink('dbname=postgres', 'DELETE FROM x') AS t(a int)",
     "function dblink\\(unknown, unknown\\) does not exist"),
    ("create-extension", "CREATE EXTENSION dblink", "read-only, one query"),
    ("reload-conf", "SELECT pg_reload_conf()", "permission denied"),
    ("terminate-other-readers", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity", "permission denied"),
    ("cancel-other-readers", "SELECT pg_cancel_backend(pid) FROM pg_stat_activity", "permission denied"),
    ("alter-system", "ALTER SYSTEM SET log_statement = 'none'", "read-only, one query"),
    ("sleep-beyond-the-timeout", "SELECT pg_sleep(60)", "statement timeout"),
    ("lift-the-timeout", "SELECT set_config('statement_timeout', '0', false), pg_sleep(60)", "statement timeout"),
    # the first batch lifts the server's timeout for every later FETCH: the client's cancel holds
    ("lift-the-timeout-for-later-batches",
     "SELECT g, CASE WHEN g = 1 THEN set_config('statement_timeout', '0', false) END,"
     " pg_sleep(CASE WHEN g > 1 THEN 0.5 ELSE 0 END) FROM generate_series(1, 120) g", "statement timeout"),
]


@pytest.mark.parametrize("sql, says", [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_an_attack_is_refused_by_postgresql_and_changes_nothing(reader, db_url, sql, says):
    before = _state(db_url)
    with pytest.raises(QueryRefused, match=says):
        run_query(reader, sql, timeout_ms=1500)
    assert _state(db_url) == before
    assert not PWNED_FILE.exists()


@pytest.mark.parametrize("sql", [
    "SELECT lo_create(0)",  # PostgreSQL 15 allows it in a read-only transaction
    "SELECT lo_from_bytea(0, 'pwned')",
    "SELECT pg_notify('pwned', 'x')",
    "SELECT set_config('default_transaction_read_only', 'off', false)",  # for the session: it ends
], ids=["lo-create", "lo-from-bytea", "notify", "session-default-read-write"])
def test_what_a_read_only_transaction_allows_is_rolled_back(reader, db_url, sql):
    before = _state(db_url)
    run_query(reader, sql)
    assert _state(db_url) == before


def test_a_session_advisory_lock_ends_with_the_console_session(reader, db_url):
    # Taking the store's append lock would stall every writer; the console's session ends at once.
    assert len(run_query(reader, "SELECT pg_advisory_lock(1852143475)").rows) == 1
    assert _state(db_url)[3] is True


@pytest.mark.parametrize("sql", [
    "/* a leading comment */ SELECT repeat('x', 1000000) FROM generate_series(1, 1000)",
    "(SELECT repeat('x', 1000000) FROM generate_series(1, 1000))",
    "-- a line comment\nWITH r AS (SELECT repeat('x', 1000000) AS x FROM generate_series(1, 1000)) TABLE r",
], ids=["comment", "parenthesis", "line-comment-cte"])
def test_huge_rows_stop_at_the_byte_cap_whatever_the_statement_starts_with(reader, sql):
    result = run_query(reader, sql, byte_cap=5_000_000)
    assert result.truncated and result.truncated_by == "bytes"
    assert len(result.rows) == 5 and result.size_bytes == 5_000_000


def test_a_thousand_rows_of_one_megabyte_cost_the_budget_not_the_result(reader):
    # In a process of its own, so its peak memory is its own: issue 17 saw 2 GB of RSS.
    # VmHWM, not getrusage: Linux carries ru_maxrss over from the forking parent (pytest) across exec.
    code = (
        "import re, sys\n"
        "from newswatch.store.console import run_query\n"
        "r = run_query(sys.argv[1], \"/* */ SELECT repeat('x', 1000000) FROM generate_series(1, 1000)\")\n"
        "hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(len(r.rows), r.truncated_by, hwm // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, reader], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "include")})
    rows, cap, peak_mb = done.stdout.split()
    assert (rows, cap) == ("10", "bytes")  # the default budget, 10 MiB
    assert int(peak_mb) < 250, f"peak RSS {peak_mb} MB"


@pytest.mark.parametrize("sql, rows", [
    ("SELECT count(*) FROM events", [(1,)]),
    ("SELECT type FROM newswatch.events", [("Canary",)]),
    ("VALUES (1, 'a')", [(1, "a")]),
    ("TABLE events", None),
    ("SHOW default_transaction_read_only", [("on",)]),
    ("SELECT current_setting('transaction_read_only')", [("on",)]),
    ("SELECT session_user = 'newswatch_analyst', pg_has_role('newswatch_writer', 'MEMBER')", [(True, False)]),
    ("SELECT 1 AS x$a$", [(1,)]),
    ("SELECT E'\\'' AS quote;", [("'",)]),
], ids=["count", "qualified", "values", "table", "show", "read-only", "who-am-i", "dollar-identifier",
        "escaped-quote"])
def test_honest_queries_still_run(reader, sql, rows):
    result = run_query(reader, sql)
    assert not result.truncated
    if rows is not None:
        assert result.rows == rows


def test_explain_runs_and_shows_a_plan(reader):
    result = run_query(reader, "EXPLAIN SELECT * FROM events WHERE stream = 'canary-1'")
    assert result.columns == ("QUERY PLAN",) and result.rows


@pytest.mark.parametrize("who", ["owner", "pipeline", "writer-and-reader"])
def test_the_console_refuses_a_login_that_can_do_more_than_read(db_url, who):
    from newswatch.store.roles import with_login

    if who == "owner":
        url, says = db_url, "is a superuser"
    elif who == "pipeline":
        url, says = with_login(db_url, "newswatch_pipeline"), "may act as newswatch_writer"
    else:
        url = _throwaway_login(db_url, "newswatch_reader", "newswatch_writer")
        says = "may act as newswatch_writer"
    with pytest.raises(PrivilegedLogin, match=says):
        run_query(url, "SELECT 1")
    with pytest.raises(PrivilegedLogin, match=says):
        connect_reader(url)


def test_a_login_with_a_direct_write_grant_is_refused(db_url):
    url = _throwaway_login(db_url, "newswatch_reader", grant="GRANT UPDATE ON newswatch.proj_feeds TO {}")
    with pytest.raises(PrivilegedLogin, match="may write to newswatch.proj_feeds"):
        run_query(url, "SELECT 1")


def test_the_sql_command_refuses_a_privileged_login_with_exit_2(db_url, capsys, monkeypatch):
    monkeypatch.setenv("NEWSWATCH_READER_DATABASE_URL", db_url)
    assert cli.main(["--database-url", db_url, "sql", "SELECT 1"]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: refusing to run read-only work as") and "superuser" in err


def test_the_sql_command_exits_3_when_the_database_goes_away_mid_query(reader, db_url, capsys):
    import threading

    def kill_it():
        conn = connect(db_url)
        conn.autocommit = True
        with conn.cursor() as cur:
            for _ in range(100):
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE application_name = 'newswatch-sql' AND state = 'active'")
                if cur.fetchall():
                    break
                threading.Event().wait(0.05)
        conn.close()

    killer = threading.Thread(target=kill_it)
    killer.start()
    code = cli.main(["--database-url", db_url, "sql", "--timeout", "30", "SELECT pg_sleep(20)"])
    killer.join()
    assert code == cli.EXIT_UNAVAILABLE, capsys.readouterr().err


def test_reader_logins_cannot_gain_a_role(db_url):
    conn = connect(reader_url(db_url, None))
    try:
        with conn.cursor() as cur:
            cur.execute("""SELECT r.rolname FROM pg_roles r
                           WHERE pg_has_role(session_user, r.oid, 'MEMBER') ORDER BY 1""")
            assert [row[0] for row in cur.fetchall()] == ["newswatch_analyst", "newswatch_reader"]
            for role in ("newswatch_writer", "postgres", "pg_read_server_files", "pg_execute_server_program"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(f"SET ROLE {role}")
                conn.rollback()
    finally:
        conn.close()


_created: list[str] = []


def _throwaway_login(db_url: str, *groups: str, grant: str | None = None) -> str:
    """A login of this test session only (dropped at the end of the module)."""
    from psycopg2 import sql as pgsql

    from newswatch.store.roles import with_login

    name = f"newswatch_test_{os.getpid()}_login{len(_created)}"
    conn = connect(db_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(pgsql.SQL("DROP ROLE IF EXISTS {}").format(pgsql.Identifier(name)))
        cur.execute(pgsql.SQL("CREATE ROLE {} LOGIN").format(pgsql.Identifier(name)))
        for group in groups:
            cur.execute(pgsql.SQL("GRANT {} TO {}").format(pgsql.Identifier(group), pgsql.Identifier(name)))
        if grant:
            cur.execute(pgsql.SQL(grant).format(pgsql.Identifier(name)))
    conn.close()
    _created.append(name)
    return with_login(db_url, name)


@pytest.fixture(autouse=True, scope="module")
def _drop_throwaway_logins(template_db):
    yield
    from conftest import _admin

    admin = _admin()
    with admin.cursor() as cur:
        for name in _created:  # their grants went with the test databases
            cur.execute(f'DROP ROLE IF EXISTS "{name}"')
    admin.close()
