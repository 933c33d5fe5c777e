"""`make demo`: run newswatch's three DAGs once, for real, over the bundled sample feeds.

Migrates the event store (NEWSWATCH_DATABASE_URL), serves include/samples over local HTTP,
starts a local webhook receiver, runs newswatch_ingest -> newswatch_extract -> newswatch_alerts
with Airflow's dag.test() (a throw-away SQLite metadata DB in .airflow-demo/), then prints the
alerts raised and an example SQL query. Run it twice: the second run raises no new alert.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AIRFLOW_HOME = ROOT / ".airflow-demo"

EXAMPLE_SQL = """\
SELECT event_type, actor1_code, actor2_code, event_date, date_precision, date_basis,
       claim_status, claimed_by, num_sources, topics
FROM newswatch.world_events
ORDER BY event_date, event_type"""


class WebhookReceiver(BaseHTTPRequestHandler):
    """Stands in for a desk's alert endpoint: records each JSON POST it receives."""

    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        WebhookReceiver.received.append({"signature": self.headers.get("X-Newswatch-Signature"),
                                         **json.loads(body)})
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _configure_airflow() -> None:
    AIRFLOW_HOME.mkdir(exist_ok=True)
    os.environ.update({
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME}/airflow.db",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": os.environ.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING"),
        "GX_ANALYTICS_ENABLED": "False",
    })


def _print_table(cur) -> None:
    columns = [c.name for c in cur.description]
    rows = [[("" if v is None else str(v)) for v in row] for row in cur.fetchall()]
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
    print("  " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  " + "-+-".join("-" * w for w in widths))
    for row in rows:
        print("  " + " | ".join(v.ljust(w) for v, w in zip(row, widths)))
    print(f"  ({len(rows)} rows)")


def main() -> int:
    from newswatch import config
    from newswatch.errors import NewswatchError
    from newswatch.ingest.samples import SampleServer
    from newswatch.store import EventStore, redact_url
    from newswatch.store.migrations import ensure_database, migrate

    url = config.database_url()
    started = time.perf_counter()
    try:
        ensure_database(url)
        with EventStore.open(url) as store:
            applied = migrate(store.conn)
    except NewswatchError as e:
        print(f"demo: {e}", file=sys.stderr)
        return 1
    print(f"event store {redact_url(url)}: {len(applied)} migration(s) applied")
    with EventStore.open(url) as store, store.transaction() as cur:
        cur.execute("SELECT count(*) FROM newswatch.alerts")
        alerts_before = cur.fetchone()[0]

    _configure_airflow()
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), WebhookReceiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    with SampleServer(ROOT / "include" / "samples") as samples:
        os.environ.update({
            "NEWSWATCH_SAMPLES_URL": samples.url,
            "NEWSWATCH_ALLOWED_HOSTS": "127.0.0.1",
            "NEWSWATCH_FEEDS_FILE": str(ROOT / "include" / "samples" / "feeds.yaml"),
            "NEWSWATCH_WEBHOOK_URL": f"http://127.0.0.1:{receiver.server_address[1]}/alerts",
            "NEWSWATCH_WEBHOOK_SECRET": os.environ.get("NEWSWATCH_WEBHOOK_SECRET", "demo-secret"),
        })
        if url.startswith(("postgresql://", "postgres://")):
            os.environ["AIRFLOW_CONN_NEWSWATCH_DB"] = url
        # Airflow's resetdb imports its API app, whose dependency svcs imports starlette's test client,
        # which warns about its own httpx use at import: nothing of newswatch's, and nothing an analyst
        # running the demo can act on.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
        from airflow.dag_processing.dagbag import DagBag
        from airflow.utils import db
        from airflow.utils.state import DagRunState

        logging.getLogger("airflow").setLevel(logging.WARNING)
        db.resetdb()  # the demo's own throw-away metadata DB; the event store is untouched
        dags = DagBag(dag_folder=str(ROOT / "dags")).dags
        for dag_id in ("newswatch_ingest", "newswatch_extract", "newswatch_alerts"):
            for task in dags[dag_id].tasks:
                task.retries = 0  # one demo pass: report a failure now instead of retrying for minutes
            t = time.perf_counter()
            run = dags[dag_id].test()
            print(f"{dag_id:18} {run.state} in {time.perf_counter() - t:.1f}s")
            if run.state != DagRunState.SUCCESS:
                print(f"demo: {dag_id} failed; its task logs are above", file=sys.stderr)
                return 1
    receiver.shutdown()

    with EventStore.open(url) as store, store.transaction() as cur:
        cur.execute("""SELECT topic, summary, novelty_reason, delivery_status, raised_at
                       FROM newswatch.alerts ORDER BY topic, raised_at""")
        alerts = cur.fetchall()
        print(f"\nAlerts raised by this run: {len(alerts) - alerts_before}; in the store: {len(alerts)}")
        for topic, summary, why, status, _raised_at in alerts:
            print(f"  [{topic}] {summary}\n      why new: {why}; delivery: {json.dumps(status, sort_keys=True)}")
        print(f"Alerts received by the local webhook in this run: {len(WebhookReceiver.received)}")
        for payload in WebhookReceiver.received:
            print(f"  [{payload['topic']}] {payload['summary']} (signed: {bool(payload['signature'])})")
        print(f"\nExample query:\n{EXAMPLE_SQL};")
        cur.execute(EXAMPLE_SQL)
        _print_table(cur)
        cur.execute("""SELECT name, health, last_failure_reason, items_seen FROM newswatch.feeds ORDER BY name""")
        print("\nFeed health (newswatch.feeds):")
        _print_table(cur)
    print(f"\ndemo finished in {time.perf_counter() - started:.1f}s; query the store with "
          f"psql \"{redact_url(url)}\"")
    port = os.environ.get("DESK_PORT", "8000")
    print(f"The analyst's desk on this data: http://127.0.0.1:{port}/  (run `make desk` to serve it until Ctrl-C)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
