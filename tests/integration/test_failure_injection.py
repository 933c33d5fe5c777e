"""Failure injection on a PostgreSQL of the test's own (initdb in a temporary directory, a free
port): the server stopped in immediate mode in the middle of a cycle, the extraction worker and
the whole run killed with SIGKILL mid-coding. Each time the run ends (exit 3 when the database
went away), the server restarts, the same run is retried, and a replay follows: nothing lost,
nothing doubled, read models identical to a clean run's, and each alert sent once."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SAMPLE_FEEDS = ROOT / "include" / "samples" / "feeds.yaml"
VIEWS = ("articles", "world_events", "event_mentions", "alerts", "feeds", "feed_quality", "validation_runs",
         "rejected_mentions")

# One cycle through the CLI, with a fixed run (so a retry is the same run, as under Airflow) and
# an optional fault: "stop-db" stops the server in immediate mode when screening starts (the
# poll's events are stored, the rest of the cycle is not); "kill-worker" SIGKILLs the extraction
# worker process after the first coding batch; "kill-run" SIGKILLs the run itself there.
DRIVER = textwrap.dedent('''
    import os, signal, subprocess, sys
    from datetime import datetime, timezone
    from newswatch import cli
    from newswatch.model import RunContext
    import newswatch.screen.screening as screening
    import newswatch.worldevents.coding as coding

    fault, pg_ctl, data = sys.argv[1], sys.argv[2], sys.argv[3]
    RunContext.for_cli = classmethod(lambda cls: cls(run_id="injected", now=datetime(2023, 11, 8, 18, tzinfo=timezone.utc)))
    coding.CODE_BATCH = 2  # several batches, and a worker process for extraction
    if fault == "stop-db":
        screen = screening.screen_articles
        def stopping(*args, **kwargs):
            as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
            subprocess.run(as_postgres + [pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"], check=True,
                           capture_output=True)
            return screen(*args, **kwargs)
        screening.screen_articles = stopping
    elif fault in ("kill-worker", "kill-run"):
        record = coding.record_coded_batch
        def killing(*args, **kwargs):
            record(*args, **kwargs)
            if fault == "kill-run":  # the run and its worker, as an OOM kill of the task's group would
                os.killpg(os.getpgid(0), signal.SIGKILL)
            import multiprocessing
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGKILL)
            coding.record_coded_batch = record
        coding.record_coded_batch = killing
    sys.exit(cli.main(["--database-url", sys.argv[4], "run", "--force", "--feeds", sys.argv[5]]))
''')


class PrivateCluster:
    """A throw-away PostgreSQL 15: initdb (as the postgres OS user when we are root, since initdb
    refuses root), trust auth on 127.0.0.1 and a free port, a socket in its own directory."""

    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="newswatch-pg-"))
        self.data = self.home / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()

    def _as_postgres(self, *argv: object) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + [str(a) for a in argv], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.home / "log", "-w", "start", "-o",
                          f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off")

    def stop(self, mode: str = "immediate") -> None:
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return subprocess.run([PG_BIN / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
                              capture_output=True).returncode == 0

    def url(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def remove(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15's initdb is not installed")
    pg = PrivateCluster()
    try:
        yield pg
    finally:
        pg.remove()


class Receiver:
    """A webhook receiver counting POSTs per alert id, for the whole module."""

    def __init__(self) -> None:
        self.posts: Counter[str] = Counter()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the stdlib's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.posts[self.headers.get("X-Newswatch-Alert-Id", "?")] += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def receiver():
    hook = Receiver()
    yield hook
    hook.httpd.shutdown()
    hook.httpd.server_close()


@pytest.fixture(scope="module")
def environment(receiver, tmp_path_factory):
    """The sample feeds served locally and the webhook, for the CLI processes."""
    from newswatch.ingest.samples import SampleServer

    with SampleServer(ROOT / "include" / "samples") as samples:
        yield {**os.environ, "PYTHONPATH": str(ROOT / "include"), "NEWSWATCH_WEBHOOK_URL": receiver.url,
               "NEWSWATCH_SAMPLES_URL": samples.url, "NEWSWATCH_ALLOWED_HOSTS": "127.0.0.1"}


@pytest.fixture(scope="module")
def clean(cluster, receiver, environment):
    """A clean run of the same cycle: its read models, events, and the alerts it sent."""
    _init(cluster, "clean", environment)
    done = _cycle(cluster, "clean", "none", environment)
    assert done.returncode == 0, done.stderr
    posts = dict(receiver.posts)
    assert posts and set(posts.values()) == {1}
    receiver.posts.clear()
    return _state(cluster.url("clean")), posts


def _cycle(cluster: PrivateCluster, db: str, fault: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, fault, str(PG_BIN / "pg_ctl"), str(cluster.data),
                           cluster.url(db), str(SAMPLE_FEEDS)], capture_output=True, text=True, timeout=300,
                          env=env, start_new_session=True)


def _init(cluster: PrivateCluster, db: str, env: dict[str, str]) -> None:
    from newswatch import cli

    assert cli.main(["--database-url", cluster.url(db), "init"]) == 0


def _state(url: str) -> dict:
    """The read models, every event id and the count per event type."""
    from newswatch.store import connect

    conn = connect(url)
    try:
        with conn, conn.cursor() as cur:
            state: dict = {}
            for view in VIEWS:
                cur.execute(f"SELECT to_jsonb(v)::text FROM newswatch.{view} v ORDER BY 1")
                state[view] = [row[0] for row in cur.fetchall()]
            cur.execute("SELECT event_id::text FROM newswatch.events ORDER BY 1")
            state["event ids"] = [row[0] for row in cur.fetchall()]
            cur.execute("SELECT type, count(*) FROM newswatch.events GROUP BY type ORDER BY type")
            state["per type"] = cur.fetchall()
            return state
    finally:
        conn.close()


def _replay(url: str, env: dict[str, str]) -> None:
    from newswatch import cli

    assert cli.main(["--database-url", url, "replay"]) == 0


@pytest.mark.parametrize("fault", ["stop-db", "kill-worker", "kill-run"])
def test_a_fault_mid_cycle_then_a_retry_and_a_replay_equal_a_clean_run(cluster, environment, receiver, clean, fault):
    env, (clean_state, clean_posts) = environment, clean
    faulted_db = f"faulted_{fault.replace('-', '_')}"
    _init(cluster, faulted_db, env)
    receiver.posts.clear()

    faulted = _cycle(cluster, faulted_db, fault, env)
    if fault == "stop-db":
        assert faulted.returncode == 3, faulted.stderr  # the database went away: exit 3, one line
        assert "Traceback" not in faulted.stderr
        assert faulted.stderr.splitlines()[-1].startswith("newswatch: error: lost the event store")
        assert not cluster.running()
        cluster.start()
    elif fault == "kill-run":
        assert faulted.returncode == -signal.SIGKILL
    else:  # the worker died; coding went on without it
        assert faulted.returncode == 0, faulted.stderr
    for _ in range(50):  # a killed run's session may linger for a moment
        if cluster.running():
            break
        time.sleep(0.1)

    retried = _cycle(cluster, faulted_db, "none", env)
    assert retried.returncode == 0, retried.stderr
    assert _state(cluster.url(faulted_db)) == clean_state
    assert dict(receiver.posts) == clean_posts  # each alert sent once, fault or not
    _replay(cluster.url(faulted_db), env)
    assert _state(cluster.url(faulted_db)) == clean_state
