"""`newswatch serve`: the standalone desk over real HTTP, and the cases where it refuses to start
(no token, a short one, --no-auth on an address other machines can reach)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from newswatch.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("argv, env, says", [
    (["serve"], {}, "no desk token: set NEWSWATCH_DESK_TOKEN"),
    (["serve"], {"NEWSWATCH_DESK_TOKEN": "abc"}, "too short"),
    (["serve", "--no-auth", "--host", "0.0.0.0"], {}, "--no-auth only on a loopback address"),
    (["serve", "--no-auth", "--host", "192.168.1.20"], {"NEWSWATCH_DESK_TOKEN": "x" * 32}, "loopback"),
])
def test_serve_refuses_to_start_without_a_token_unless_on_loopback_with_no_auth(argv, env, says, monkeypatch,
                                                                               capsys):
    monkeypatch.delenv("NEWSWATCH_DESK_TOKEN", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["--database-url", "postgresql://nobody@127.0.0.1:1/none", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: ") and says in err and "Traceback" not in err


def _get(url: str, token: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.integration
def test_serve_answers_over_http_with_the_token_only_and_stops_on_ctrl_c(desk_db, token):
    env = {**os.environ, "NEWSWATCH_DESK_TOKEN": token,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "include"), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "newswatch", "--database-url", desk_db, "serve", "--port", "0"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("newswatch desk at http://127.0.0.1:"), line + proc.stderr.read()
        base = line.split()[3].rstrip("/")
        assert _get(f"{base}/healthz")[0] == 200
        assert _get(f"{base}/?format=json")[0] == 401
        status, body = _get(f"{base}/?format=json", token)
        assert status == 200 and json.loads(body)["count"] == 2
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
