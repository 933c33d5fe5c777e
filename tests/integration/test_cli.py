"""The newswatch command as a user runs it: a real process, a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
NEWSWATCH = str(Path(sys.executable).with_name("newswatch"))


def _run(*args: str, url: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, **(env or {})}
    if url:
        environ["NEWSWATCH_DATABASE_URL"] = url
    return subprocess.run([NEWSWATCH, *args], capture_output=True, text=True, env=environ, timeout=120)


@pytest.mark.parametrize("command", [[], ["init"], ["run"], ["alerts"], ["ack"], ["mute"], ["unmute"], ["alerts-feed"],
                                     ["feeds", "check"], ["feeds", "status"], ["feeds", "enable"], ["topics", "check"],
                                     ["sql"], ["extract"], ["timex"], ["recode"], ["replay"], ["validation-report"],
                                     ["samples", "serve"], ["config"], ["config", "schema"], ["completion"]])
def test_every_command_has_help(command):
    result = _run(*command, "--help")
    assert result.returncode == 0 and "usage: newswatch" in result.stdout


def test_init_creates_and_migrates_a_missing_database_and_is_idempotent(template_db):
    from conftest import _admin, _drop, _server_url

    name = f"newswatch_test_{os.getpid()}_cli_init"
    url = _server_url(name)
    try:
        first = _run("init", url=url)
        assert first.returncode == 0, first.stderr
        assert f"created database {name}" in first.stdout
        assert "0002_events.sql" in first.stdout
        second = _run("init", url=url)
        assert (second.returncode, second.stdout.splitlines()[0]) == (0, "event store is up to date")
        assert all(line.endswith("only") and "as it should be" in line for line in second.stdout.splitlines()[1:])
    finally:
        admin = _admin()
        with admin.cursor() as cur:
            _drop(cur, name)
        admin.close()


def test_a_database_that_is_down_is_one_line_naming_the_url():
    result = _run("alerts", url="postgresql://newswatch:secret@127.0.0.1:1/newswatch")
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "cannot connect to postgresql://newswatch:***@127.0.0.1:1/newswatch" in result.stderr


def test_a_bad_feed_list_is_reported_with_the_entry_and_exit_code_2(tmp_path):
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds:\n  - name: a\n    url: ftp://x.example/feed\n")
    result = _run("feeds", "check", str(bad))
    assert result.returncode == 2
    assert "feeds[0] (name 'a')" in result.stdout and "missing required key 'source'" in result.stdout


def test_run_then_alerts_over_the_sample_feeds(db_url, samples):
    assert _run("run", "--feeds", str(ROOT / "include" / "samples" / "feeds.yaml"), url=db_url).returncode == 0
    result = _run("alerts", "--topic", "arms-transfers", url=db_url)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()  # a pipe: one plain line per alert, no colour
    assert header.split()[:3] == ["raised", "(UTC)", "topic"] and "\x1b" not in result.stdout
    assert len(rows) == 1 and rows[0].split()[2:4] == ["arms-transfers", "AID"] and "[PRK] -> " in rows[0]
    assert "first report of the arms transfer PRK->RUS for arms-transfers (first report)" in rows[0]


def test_run_on_an_uninitialised_database_says_to_run_init(template_db):
    from conftest import _admin, _drop, _server_url

    name = f"newswatch_test_{os.getpid()}_cli_empty"
    admin = _admin()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        result = _run("alerts", url=_server_url(name))
        assert result.returncode == 2 and "run `newswatch init`" in result.stderr
    finally:
        with admin.cursor() as cur:
            _drop(cur, name)
        admin.close()
