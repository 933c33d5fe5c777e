"""The demo's data for the desk's tests: one real cycle (poll -> screen -> code -> flag -> deliver)
over the bundled sample feeds served on localhost, into its own database; tests that write get a
copy of it (CREATE DATABASE ... TEMPLATE), so each starts from the same store.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import psycopg2.extensions

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2023, 11, 8, 18, 0, tzinfo=timezone.utc)


def server_url(dbname: str) -> str:
    from newswatch.config import database_url

    dsn = psycopg2.extensions.parse_dsn(database_url())
    auth = ""
    if dsn.get("user"):
        auth = quote(dsn["user"], safe="") + (":" + quote(dsn["password"], safe="") if dsn.get("password") else "") + "@"
    return f"postgresql://{auth}{quote(dsn.get('host', 'localhost'), safe='')}:{dsn.get('port', '5432')}/{dbname}"


@contextmanager
def admin():
    from newswatch.store import connect

    conn = connect(server_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def copy_db(template: str, name: str) -> str:
    with admin() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return server_url(name)


def drop_db(name: str) -> None:
    with admin() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def demo_database(template: str, label: str):
    """A session fixture's body: a database named after this process and ``label`` holding what
    `make demo` stores (yields its name), dropped afterwards."""
    name = f"newswatch_test_{os.getpid()}_{label}"
    drop_db(name)
    run_demo_cycle(copy_db(template, name))
    yield name
    drop_db(name)


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def run_demo_cycle(url: str) -> None:
    """What `make demo` stores: the sample feeds through one full cycle, alerts delivered to a
    local webhook."""
    from newswatch.alerts.topics import load_topics
    from newswatch.ingest.feedlist import load_feed_list
    from newswatch.ingest.samples import SampleServer
    from newswatch.model import RunContext
    from newswatch.pipeline import run_cycle
    from newswatch.store import EventStore

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    saved = {k: os.environ.get(k) for k in ("NEWSWATCH_SAMPLES_URL", "NEWSWATCH_ALLOWED_HOSTS",
                                            "NEWSWATCH_WEBHOOK_URL", "NEWSWATCH_WEBHOOK_SECRET")}
    try:
        with SampleServer(ROOT / "include" / "samples") as samples:
            os.environ.update({"NEWSWATCH_SAMPLES_URL": samples.url, "NEWSWATCH_ALLOWED_HOSTS": "127.0.0.1",
                               "NEWSWATCH_WEBHOOK_URL": f"http://127.0.0.1:{receiver.server_address[1]}/hook",
                               "NEWSWATCH_WEBHOOK_SECRET": "desk-test"})
            feeds = load_feed_list(ROOT / "include" / "samples" / "feeds.yaml")
            topics = load_topics(ROOT / "include" / "config" / "watch_topics.yaml")
            with EventStore.open(url) as store:
                run_cycle(store, feeds, topics, RunContext(run_id="desk-demo", now=T0))
    finally:
        receiver.shutdown()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
