"""On a terminal the commands draw rich tables and a progress display; in a pipe the same
commands print plain lines and no escape codes (the terminal is a pseudo-terminal here)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def run_on_terminal(*args: str, columns: int = 120) -> str:
    """Everything a command writes to a terminal (stdout and stderr both on one pty)."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "include"), "TERM": "xterm-256color"}
    env.pop("FORCE_COLOR", None)
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "newswatch", *args], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the command has exited and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", errors="replace")


def run_in_pipe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newswatch", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "include")})


def test_replay_shows_progress_on_a_terminal_only(db_url):
    shown = run_on_terminal("--database-url", db_url, "replay")
    assert "rebuilding feeds" in shown and "replay finished" in shown
    piped = run_in_pipe("--database-url", db_url, "replay")
    assert piped.returncode == 0 and "rebuilding" not in piped.stdout + piped.stderr
    assert "\x1b" not in piped.stdout + piped.stderr and piped.stderr == ""
    assert piped.stdout.splitlines()[-1].startswith("replay finished in ")


def test_tables_have_rules_and_style_on_a_terminal_and_plain_columns_in_a_pipe(db_url):
    statement = "SELECT 'arms-transfers' AS topic, 3 AS n"
    shown = run_on_terminal("--database-url", db_url, "sql", statement)
    assert "─" in shown and "\x1b[1m" in shown  # a rule under a bold header
    piped = run_in_pipe("--database-url", db_url, "sql", statement)
    assert piped.stdout.splitlines() == ["topic           n", "arms-transfers  3", "(1 row)"]
