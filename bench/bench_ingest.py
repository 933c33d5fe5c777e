"""Benchmark: the real `newswatch_ingest` DAG (dag.test()) over 500 local feeds of ~50 items.

Scenarios, each the median of several runs on a fresh throw-away database:
  new        every feed has 50 items never seen (fetch, parse, normalize, language, append,
             GX screening + dedup)
  unchanged  the next run: every feed answers 304 to the validators we send
  same body  the next run again, from a server that ignores validators and resends the same
             bytes: caught by the body hash, no parse
Baseline, measured in the same process: a naive poller fetching and feedparsing every feed one
by one, as one would write it by hand (no conditional GET, no body hash, no store).

Feeds are spread over 20 loopback addresses (127.0.0.1-20), one HTTP server each, so the per-host
cap works as it would against many outlets. Airflow runs in a child interpreter with its own
AIRFLOW_HOME and SQLite metadata DB in a temp dir; the event stores are throw-away databases next
to NEWSWATCH_DATABASE_URL's, dropped afterwards.

    .venv/bin/python -m bench.bench_ingest [--quick]
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FEEDS, QUICK_FEEDS = 500, 100
ITEMS = 50
HOSTS = 20
RUNS, QUICK_RUNS = 3, 1
# A vocabulary large enough that generated stories differ like real ones (the screening stage
# flags a feed whose items are near-duplicates of each other).
WORDS = tuple(
    "ministry officials border talks shipment sanctions envoy summit artillery statement parliament "
    "harbour election drought markets refinery tanker corridor ceasefire negotiators pipeline tariff "
    "satellite launch missile drills coastguard fishermen vessel strait province governor protest "
    "students union strike wages inflation central bank bond yields exports imports grain fertilizer "
    "harvest floods typhoon evacuation hospital vaccine outbreak court verdict appeal prosecutor "
    "minister resignation coalition budget deficit reform pension railway airport terminal contract "
    "shipyard frigate submarine treaty inspection reactor uranium embassy consulate visa refugees "
    "camp aid convoy donors pledge reconstruction bridge dam power grid blackout cyberattack hackers "
    "ransomware telecom spectrum auction mining lithium copper smelter emissions carbon forest wildfire "
    "drone radar militia rebels hostage negotiation mediator delegation communique observers monitors".split()
)


def feed_body(feed: int, generation: int) -> bytes:
    stamp = format_datetime(datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=generation))
    items = []
    for item in range(ITEMS):
        rng = random.Random(f"{generation}-{feed}-{item}")
        title = " ".join(rng.choice(WORDS) for _ in range(8))
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        items.append(
            f"<item><title>{title.capitalize()} ({generation}-{feed}-{item})</title>"
            f"<link>https://outlet{feed % 97}.example/{generation}/{feed}/{item}</link>"
            f"<guid isPermaLink=\"false\">g{generation}-{feed}-{item}</guid><pubDate>{stamp}</pubDate>"
            f"<description>&lt;p&gt;{text.capitalize()}.&lt;/p&gt;</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
            f"<link>https://outlet{feed % 97}.example/</link>{''.join(items)}</channel></rss>").encode()


class FeedServers:
    """In-memory feeds on 127.0.0.1..N, with ETag/304 unless `validators` is switched off."""

    def __init__(self, feeds: int, hosts: int = HOSTS):
        self.feeds, self.bodies, self.validators = feeds, {}, True
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - stdlib name
                feed = int(self.path.strip("/").split(".")[0])
                body, etag = outer.bodies[feed]
                if outer.validators and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if outer.validators:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.servers = [ThreadingHTTPServer((f"127.0.0.{h + 1}", 0), Handler) for h in range(hosts)]
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def publish(self, generation: int) -> None:
        self.bodies = {f: (feed_body(f, generation), f'"{generation}-{f}"') for f in range(self.feeds)}

    def url(self, feed: int) -> str:
        host, port = self.servers[feed % len(self.servers)].server_address[:2]
        return f"http://{host}:{port}/{feed}.xml"

    def hosts(self) -> str:
        return ",".join(s.server_address[0] for s in self.servers)

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def _uri(dsn_url: str) -> str:
    """A postgresql:// URI (Airflow's AIRFLOW_CONN_* variables take URIs, not key=value DSNs)."""
    from urllib.parse import quote

    import psycopg2.extensions

    dsn = psycopg2.extensions.parse_dsn(dsn_url)
    auth = quote(dsn["user"], safe="") + (":" + quote(dsn["password"], safe="") if dsn.get("password") else "") \
        + "@" if dsn.get("user") else ""
    return f"postgresql://{auth}{quote(dsn.get('host', 'localhost'), safe='')}:{dsn.get('port', '5432')}/{dsn['dbname']}"


def _write_feed_list(path: Path, servers: FeedServers, feeds: int) -> None:
    lines = ["feeds:"] + [f"  - {{name: bench-{f}, url: '{servers.url(f)}', source: Outlet {f % 97}, language: en}}"
                          for f in range(feeds)]
    path.write_text("\n".join(lines) + "\n")


def _scenarios(feeds: int, runs: int) -> dict[str, Any]:
    """Runs in a child interpreter: Airflow must see its environment before it is imported."""
    home = Path(tempfile.mkdtemp(prefix="newswatch-bench-airflow-"))
    servers = FeedServers(feeds)
    feed_list, warmup_list = home / "feeds.yaml", home / "warmup.yaml"
    _write_feed_list(feed_list, servers, feeds)
    _write_feed_list(warmup_list, servers, 1)
    os.environ.update({
        "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"), "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False", "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING", "GX_ANALYTICS_ENABLED": "False",
        "NEWSWATCH_FEEDS_FILE": str(feed_list), "NEWSWATCH_ALLOWED_HOSTS": servers.hosts(),
    })
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils import db
    from airflow.utils.state import DagRunState

    from bench.common import drop_template, median, scratch_database

    db.resetdb()
    dag = DagBag(dag_folder=str(ROOT / "dags" / "newswatch_ingest.py")).dags["newswatch_ingest"]
    for task in dag.tasks:
        task.retries = 0
    day = [datetime(2026, 3, 1, tzinfo=timezone.utc)]

    def ingest(url: str, scenario: str | None = None) -> float:
        os.environ["AIRFLOW_CONN_NEWSWATCH_DB"] = _uri(url)
        day[0] += timedelta(days=1)  # every feed is due again a day later
        started = time.perf_counter()
        run = dag.test(logical_date=day[0])
        elapsed = time.perf_counter() - started
        if run.state != DagRunState.SUCCESS:
            raise RuntimeError(f"newswatch_ingest ended {run.state}")
        if scenario:
            for ti in run.get_task_instances():
                key = f"{scenario}: {ti.task_id}"
                tasks[key] = tasks.get(key, 0.0) + (ti.duration or 0.0) / runs
        return elapsed

    times: dict[str, list[float]] = {"new": [], "unchanged": [], "same_body": [], "baseline": []}
    counts: dict[str, int] = {}
    tasks: dict[str, float] = {}  # summed task durations per scenario and task, averaged over runs
    try:
        servers.publish(0)
        os.environ["NEWSWATCH_FEEDS_FILE"] = str(warmup_list)
        with scratch_database("ingest_warmup") as url:
            ingest(url)  # dag.test()'s one-time warm-up (~4 s) and imports (GX...), not measured
        os.environ["NEWSWATCH_FEEDS_FILE"] = str(feed_list)
        for generation in range(1, runs + 1):
            servers.publish(generation)
            servers.validators = True
            times["baseline"].append(_naive_poll(servers, feeds))
            with scratch_database("ingest") as url:
                times["new"].append(ingest(url, "all new"))
                counts = _event_counts(url)
                times["unchanged"].append(ingest(url, "all unchanged (304)"))
                servers.validators = False
                times["same_body"].append(ingest(url, "same body"))
                counts = {**counts, **{f"after 3 runs: {k}": v for k, v in _event_counts(url).items()}}
    finally:
        servers.close()
        drop_template()
        shutil.rmtree(home, ignore_errors=True)
    return {"median": {k: median(v) for k, v in times.items()}, "runs": times, "counts": counts,
            "tasks": tasks}


def _naive_poll(servers: FeedServers, feeds: int) -> float:
    import io

    import feedparser
    import httpx

    started = time.perf_counter()
    entries = 0
    with httpx.Client() as client:
        for f in range(feeds):
            body = client.get(servers.url(f)).content
            entries += len(feedparser.parse(io.BytesIO(body)).entries)
    assert entries == feeds * ITEMS, entries
    return time.perf_counter() - started


def _event_counts(url: str) -> dict[str, int]:
    from newswatch.store import EventStore

    with EventStore.open(url) as store, store.transaction() as cur:
        cur.execute("SELECT type, count(*) FROM newswatch.events GROUP BY type")
        return dict(cur.fetchall())


def run(quick: bool = False) -> list[dict[str, Any]]:
    from bench.common import in_child, row

    feeds, runs = (QUICK_FEEDS, QUICK_RUNS) if quick else (FEEDS, RUNS)
    result, peak = in_child(_scenarios, feeds, runs)
    m, items = result["median"], feeds * ITEMS
    note = f"median of {runs} run(s), {feeds} feeds x {ITEMS} items, 20 loopback hosts"
    rows = []
    for key, label in (("new", "all new"), ("unchanged", "all unchanged (304)"),
                       ("same_body", "all unchanged (same body, no validators)")):
        rows.append(row("ingest", f"newswatch_ingest dag.test(), {label}: wall", round(m[key], 2), "s", note))
        rows.append(row("ingest", f"newswatch_ingest dag.test(), {label}: items/s", round(items / m[key]), "items/s", note))
    rows.append(row("ingest", "baseline: sequential fetch + feedparser of every feed, no store: wall",
                    round(m["baseline"], 2), "s", note))
    rows.append(row("ingest", "all unchanged (304) vs baseline", round(m["baseline"] / m["unchanged"], 2), "x faster", note))
    rows.append(row("ingest", "all new vs baseline (which stores nothing)", round(m["baseline"] / m["new"], 2), "x", note))
    for name, seconds in sorted(result["tasks"].items()):
        rows.append(row("ingest", f"task time, {name} (all mapped instances summed)", round(seconds, 2), "s",
                        f"mean of {runs} run(s)"))
    # The Airflow process's peak (the harness's own child only coordinates it).
    rows.append(row("5 peak memory", "newswatch_ingest dag.test() process", round(peak), "MB RSS"))
    for name, value in sorted(result["counts"].items()):
        rows.append(row("ingest", f"events {name}", value, "events", "first scenario run"))
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for r in run(quick="--quick" in sys.argv):
        print(f"{r['metric']:78} {r['value']:>10} {r['unit']:8} {r.get('note', '')}")
