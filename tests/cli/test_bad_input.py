"""Every command, given bad input, ends with its documented exit code and one line on stderr,
never a traceback (issue 11's acceptance test).

Cases run in-process (``newswatch.cli.main``), against a real PostgreSQL: a migrated empty store,
an uninitialised database, a database that does not exist and a server that does not answer.
Usage errors are argparse's: usage, then one ``newswatch <cmd>: error: ...`` line, exit 2.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch import cli

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FEEDS = str(ROOT / "include" / "samples" / "feeds.yaml")
ARTICLE = str(ROOT / "tests" / "fixtures" / "articles" / "shells_for_russia.txt")
UNREACHABLE = "postgresql://newswatch:hunter2@127.0.0.1:1/newswatch"
NO_ALERT = "00000000-0000-0000-0000-000000000000"
USAGE = "usage"  # expected "code" of an argparse usage error: exit 2 with usage and one error line

# (id, argv after `--database-url {db}`, expected exit code or USAGE, what the error line says)
CASES = [
    # dates that do not parse, and ranges the wrong way round
    ("recode-since-yesterday", ["recode", "--since", "yesterday", "--until", "2026-01-01"], USAGE,
     "argument --since: expected an ISO date such as 2026-11-29, got 'yesterday'"),
    ("recode-until-unparsed", ["recode", "--since", "2026-01-01", "--until", "1/2/2026"], USAGE,
     "expected an ISO date such as 2026-11-29"),
    ("recode-since-after-until", ["recode", "--since", "2026-02-01", "--until", "2026-01-01"], cli.EXIT_CONFIG,
     "--since 2026-02-01 is after --until 2026-01-01"),
    ("mute-until-tomorrow", ["mute", "arms-transfers", "--until", "tomorrow"], USAGE,
     "argument --until: expected an ISO date or time such as 2026-11-29"),
    ("mute-until-past", ["mute", "arms-transfers", "--until", "2020-01-01"], cli.EXIT_CONFIG, "is not in the future"),
    ("extract-published-unparsed", ["extract", ARTICLE, "--published", "last tuesday"], USAGE,
     "expected an ISO date such as 2026-11-29"),
    ("timex-published-impossible", ["timex", ARTICLE, "--published", "2026-02-30"], USAGE,
     "expected an ISO date such as 2026-11-29"),
    # ids and names that do not exist
    ("ack-unknown-alert", ["ack", NO_ALERT], cli.EXIT_ERROR, f"no alert with id '{NO_ALERT}'"),
    ("ack-not-an-id", ["ack", "not-an-id"], cli.EXIT_ERROR, "no alert with id 'not-an-id'"),
    ("mute-unknown-topic", ["mute", "nosuchtopic"], cli.EXIT_ERROR, "no topic named 'nosuchtopic'"),
    ("topics-explain-unknown-event", ["topics", "explain", NO_ALERT], cli.EXIT_ERROR, f"no world event {NO_ALERT}"),
    ("topics-explain-not-an-id", ["topics", "explain", "not-an-id"], cli.EXIT_ERROR,
     "'not-an-id' is not a world event id"),
    ("unmute-unknown-topic", ["unmute", "nosuchtopic"], cli.EXIT_ERROR, "no topic named 'nosuchtopic'"),
    ("alerts-feed-unknown-topic", ["alerts-feed", "nosuchtopic"], cli.EXIT_ERROR, "no topic named 'nosuchtopic'"),
    ("alerts-unknown-topic", ["alerts", "--topic", "nosuchtopic"], cli.EXIT_ERROR, "no topic named 'nosuchtopic'"),
    ("feeds-enable-unknown", ["feeds", "enable", "nosuchfeed"], cli.EXIT_ERROR, "no feed named 'nosuchfeed'"),
    ("validation-report-unknown-run", ["validation-report", "--run-id", "nope", "--output", "{tmp}/docs"],
     cli.EXIT_ERROR, "no validation results recorded for run 'nope'"),
    ("validation-report-no-runs", ["validation-report", "--output", "{tmp}/docs"], cli.EXIT_ERROR,
     "no validation runs recorded yet"),
    ("config-schema-unknown", ["config", "schema", "nosuch"], USAGE, "invalid choice: 'nosuch'"),
    ("completion-unknown-shell", ["completion", "nosh"], USAGE, "invalid choice: 'nosh'"),
    ("unknown-command", ["nosuchcommand"], USAGE, "invalid choice: 'nosuchcommand'"),
    ("feeds-without-subcommand", ["feeds"], USAGE, "the following arguments are required"),
    # negative and zero limits, bad ports
    ("alerts-limit-negative", ["alerts", "--limit", "-1"], USAGE, "argument --limit: must be 1 or more, got -1"),
    ("alerts-limit-not-a-number", ["alerts", "--limit", "lots"], USAGE, "expected a whole number, got 'lots'"),
    ("alerts-feed-limit-zero", ["alerts-feed", "arms-transfers", "--limit", "0"], USAGE, "must be 1 or more, got 0"),
    ("sql-max-rows-negative", ["sql", "--max-rows", "-1", "SELECT 1"], USAGE, "argument --max-rows: must be 1 or more"),
    ("sql-timeout-zero", ["sql", "--timeout", "0", "SELECT 1"], USAGE, "argument --timeout: must be more than 0"),
    ("samples-port-out-of-range", ["samples", "serve", "--port", "70000"], USAGE, "a port is 0-65535"),
    ("samples-busy-port", ["samples", "serve", "--port", "{busy_port}"], cli.EXIT_ERROR, "port {busy_port} is in use"),
    # statements the console refuses
    ("sql-two-statements", ["sql", "SELECT 1; SELECT 2"], cli.EXIT_ERROR, "one statement at a time"),
    ("sql-unknown-view", ["sql", "SELECT * FROM nosuchview"], cli.EXIT_ERROR, 'relation "nosuchview" does not exist'),
    ("sql-write", ["sql", "DELETE FROM events"], cli.EXIT_ERROR, "read-only"),
    # files that are missing or malformed
    ("run-missing-feeds", ["run", "--feeds", "/nope.yaml"], cli.EXIT_CONFIG, "/nope.yaml: cannot read the feed list: No such file"),
    ("run-missing-topics", ["run", "--feeds", SAMPLE_FEEDS, "--topics", "/nope.yaml"], cli.EXIT_CONFIG,
     "/nope.yaml: cannot read the watch topics file: No such file"),
    ("run-malformed-feeds", ["run", "--feeds", "{bad_yaml}"], cli.EXIT_CONFIG, "{bad_yaml}:3:4: not valid YAML"),
    ("topics-check-missing", ["topics", "check", "/nope.yaml"], cli.EXIT_CONFIG, "/nope.yaml: cannot read the watch topics file: No such file"),
    ("topics-check-malformed", ["topics", "check", "{bad_yaml}"], cli.EXIT_CONFIG, "{bad_yaml}:3:4: not valid YAML"),
    ("topics-check-invalid", ["topics", "check", "{bad_topics}"], cli.EXIT_CONFIG, "unknown event types ['FLY']"),
    ("feeds-check-missing", ["feeds", "check", "/nope.yaml"], cli.EXIT_CONFIG, "feed list not found: /nope.yaml"),
    ("feeds-check-malformed", ["feeds", "check", "{bad_yaml}"], cli.EXIT_CONFIG, "{bad_yaml}: 1 problem(s)"),
    ("extract-missing-file", ["extract", "/nope.txt", "--published", "2026-01-01"], cli.EXIT_ERROR,
     "cannot read /nope.txt: No such file or directory"),
    ("timex-missing-file", ["timex", "/nope.txt", "--published", "2026-01-01"], cli.EXIT_ERROR, "cannot read /nope.txt"),
    ("samples-missing-directory", ["samples", "serve", "--directory", "/nope"], cli.EXIT_CONFIG, "/nope: no such directory"),
    ("alerts-feed-unwritable-output", ["alerts-feed", "arms-transfers", "-o", "/nope/dir/feed.xml"], cli.EXIT_ERROR,
     "/nope/dir/feed.xml: No such file or directory"),
]

# Every command that opens the event store, with arguments that would otherwise be fine.
STORE_COMMANDS = [
    ["alerts"], ["ack", NO_ALERT], ["mute", "arms-transfers"], ["unmute", "arms-transfers"],
    ["alerts-feed", "arms-transfers"], ["feeds", "status"], ["feeds", "enable", "x"], ["sql", "SELECT 1"],
    ["recode", "--since", "2026-01-01", "--until", "2026-01-02"], ["replay"], ["run", "--feeds", SAMPLE_FEEDS],
    ["validation-report", "--output", "{tmp}/docs"], ["topics", "explain", NO_ALERT],
]


@pytest.fixture
def busy_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.fixture
def files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - name: x\n   bad: [\n", encoding="utf-8")
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics:\n  - name: t\n    event_types: [FLY]\n", encoding="utf-8")
    return {"bad_yaml": str(bad), "bad_topics": str(topics), "tmp": str(tmp_path)}


@pytest.fixture
def empty_db_url(template_db):
    """A database that exists but was never migrated."""
    from conftest import _admin, _drop, _server_url

    name = f"newswatch_test_{os.getpid()}_cli_uninitialised"
    admin = _admin()
    with admin.cursor() as cur:
        _drop(cur, name)
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _server_url(name)
    finally:
        with admin.cursor() as cur:
            _drop(cur, name)
        admin.close()


def _fill(args: list[str], values: dict) -> list[str]:
    return [a.format(**values) for a in args]


def run_cli(argv: list[str], capsys) -> tuple[int | str, str, str]:
    """Exit code (or USAGE for argparse's SystemExit(2)), stdout, stderr of one in-process run."""
    try:
        code: int | str = cli.main(argv)
    except SystemExit as e:
        code = USAGE if e.code == 2 else f"SystemExit({e.code})"
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(code, err: str, expected_code, says: str) -> None:
    assert "Traceback" not in err
    if expected_code == USAGE:
        assert code == USAGE, err
        lines = err.splitlines()
        assert lines[0].startswith("usage: newswatch")
        assert lines[-1].startswith("newswatch") and ": error: " in lines[-1] and says in lines[-1], err
    else:
        assert code == expected_code, err
        assert err.endswith("\n") and err.count("\n") == 1, err
        assert err.startswith("newswatch: error: ") and says in err, err


@pytest.mark.parametrize("argv, expected_code, says", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_the_documented_exit_code(argv, expected_code, says, db_url, busy_port, files,
                                                            capsys, monkeypatch):
    monkeypatch.delenv("NEWSWATCH_TOPICS_FILE", raising=False)
    monkeypatch.delenv("NEWSWATCH_CONFIG_DIR", raising=False)
    values = {**files, "busy_port": busy_port}
    code, _, err = run_cli(["--database-url", db_url, *_fill(argv, values)], capsys)
    assert_one_error_line(code, err, expected_code, says.format(**values))


@pytest.mark.parametrize("argv", STORE_COMMANDS + [["init"]], ids=lambda a: " ".join(a[:2]))
def test_an_unreachable_database_exits_3_naming_it_without_the_password(argv, files, capsys):
    code, _, err = run_cli(["--database-url", UNREACHABLE, *_fill(argv, files)], capsys)
    # `sql` logs in as the reader login on the same server, never with the pipeline's password.
    login = "newswatch_analyst@" if argv[0] == "sql" else "newswatch:***@"
    assert_one_error_line(code, err, cli.EXIT_UNAVAILABLE, f"cannot connect to postgresql://{login}127.0.0.1:1/")
    assert "hunter2" not in err


@pytest.mark.parametrize("argv", STORE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_an_uninitialised_database_exits_2_saying_run_init(argv, empty_db_url, files, capsys):
    code, _, err = run_cli(["--database-url", empty_db_url, *_fill(argv, files)], capsys)
    assert_one_error_line(code, err, cli.EXIT_CONFIG, "is not initialised: run `newswatch init`")


def test_a_url_that_is_not_postgresql_exits_2_without_the_password(capsys):
    code, _, err = run_cli(["--database-url", "mysql://newswatch:hunter2@db.example/newswatch", "alerts"], capsys)
    assert_one_error_line(code, err, cli.EXIT_CONFIG, "not a PostgreSQL URL")
    assert "hunter2" not in err and "mysql://newswatch:***@db.example" in err


def test_a_database_that_does_not_exist_exits_2_saying_run_init(template_db, capsys):
    from conftest import _server_url

    code, _, err = run_cli(["--database-url", _server_url("newswatch_test_no_such_db"), "alerts"], capsys)
    assert_one_error_line(code, err, cli.EXIT_CONFIG, "does not exist: run `newswatch init`")


def test_a_connection_lost_mid_command_exits_3(db_url, capsys, monkeypatch):
    def run_cycle(store, *args):  # the server ends this session, as a restart or failover would
        with store.transaction() as cur:
            cur.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    monkeypatch.setattr("newswatch.pipeline.run_cycle", run_cycle)
    code, _, err = run_cli(["--database-url", db_url, "run", "--feeds", SAMPLE_FEEDS], capsys)
    assert_one_error_line(code, err, cli.EXIT_UNAVAILABLE, "connection")


def test_a_run_where_every_feed_fails_exits_1_after_its_summary(db_url, tmp_path, capsys, monkeypatch):
    dead = tmp_path / "feeds.yaml"
    dead.write_text("feeds:\n  - name: dead\n    url: http://127.0.0.1:1/feed.xml\n    source: Nobody\n")
    monkeypatch.setenv("NEWSWATCH_ALLOWED_HOSTS", "127.0.0.1")
    code, out, err = run_cli(["--database-url", db_url, "run", "--feeds", str(dead)], capsys)
    assert code == cli.EXIT_ERROR and "Traceback" not in err
    assert out.startswith("poll     feeds=1, disabled=0, already_polled=0, failed=1")
    assert err.splitlines()[-1] == "newswatch: error: every feed polled failed (1 of 1); see `newswatch feeds status`"


def test_an_unexpected_error_is_one_line_and_verbose_adds_the_traceback(capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr("newswatch.cli.topics.cmd_topics_check", broken)
    code, _, err = run_cli(["topics", "check"], capsys)
    assert_one_error_line(code, err, cli.EXIT_ERROR, "unexpected RuntimeError: boom (rerun with -v")
    code, _, err = run_cli(["-v", "topics", "check"], capsys)
    assert code == cli.EXIT_ERROR and "Traceback" in err
    assert err.splitlines()[-1] == "newswatch: error: unexpected RuntimeError: boom"
    monkeypatch.setenv("NEWSWATCH_DEBUG", "1")
    assert "Traceback" in run_cli(["topics", "check"], capsys)[2]


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("newswatch.cli.topics.cmd_topics_check", interrupted)
    code, _, err = run_cli(["topics", "check"], capsys)
    assert (code, err) == (130, "newswatch: interrupted\n")


# The console script itself, in a real process: the same one line, and nothing else on stderr.
@pytest.mark.parametrize("argv, expected_code, says", [
    (["--database-url", UNREACHABLE, "alerts"], cli.EXIT_UNAVAILABLE, "newswatch: error: cannot connect to"),
    (["recode", "--since", "yesterday", "--until", "2026-01-01"], USAGE, "expected an ISO date such as 2026-11-29"),
    (["samples", "serve", "--port", "{busy_port}"], cli.EXIT_ERROR, "newswatch: error: port {busy_port} is in use"),
    (["topics", "check", "/nope.yaml"], cli.EXIT_CONFIG, "newswatch: error: /nope.yaml: cannot read the watch topics file"),
], ids=["unreachable", "usage", "busy-port", "missing-file"])
def test_the_console_script_says_the_same_in_one_line(argv, expected_code, says, busy_port):
    script = Path(sys.executable).with_name("newswatch")
    values = {"busy_port": busy_port}
    result = subprocess.run([str(script), *_fill(argv, values)], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "include")})
    code = USAGE if expected_code == USAGE and result.returncode == 2 else result.returncode
    assert_one_error_line(code, result.stderr, expected_code, says.format(**values))
    assert result.stdout == ""
