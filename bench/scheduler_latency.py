"""Latency under a real Airflow scheduler: from a new item appearing in a polled feed to its alert
reaching the desk's webhook, and from `airflow db migrate` to the first alert.

Runs the README's non-Docker recipe (tests/scheduler/stack.py: LocalExecutor, PostgreSQL metadata
DB, throw-away databases on the server of NEWSWATCH_DATABASE_URL) with the sample feeds plus one
feed this script writes to. Every --gap seconds (after the previous item's alert arrived, plus a
random part so items land anywhere in the tick) it adds one arms-transfer item for a new pair of
states, and times the alert's arrival at a local webhook receiver. Prints each item's latency,
the median and the worst, and where the time went (per DAG: wait to start, run time).

    python -m bench.scheduler_latency [--items 10] [--schedule "*/15 * * * *"] [--poll-minutes 5]

The defaults measure the shipped settings' floor ... ceiling quickly: a 1-minute tick and feeds
polled every minute. The shipped defaults (a 15-minute tick, feeds every 5 minutes to 6 hours)
add the wait for the next tick and the feed's own next poll on top: see the printed bounds.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scheduler.stack import Stack  # noqa: E402 - the tests' harness, after the path is set

# New pairs of states, each item worded on its own so no two are near-duplicates.
ITEMS = [
    ("IRN", "RUS", "Drones for the front", "Iran has delivered artillery shells to Russia, according to a defence ministry statement released late on Monday. Analysts expect further consignments before winter."),
    ("BLR", "RUS", "Rail convoys cross the border", "Belarus has supplied tank ammunition to Russia, two officials told reporters in a briefing. The shipments travelled by rail over several nights."),
    ("CHN", "PAK", "Naval order completed", "China has delivered two frigates to Pakistan, the navy announced in a short statement. A handover ceremony took place at a southern port."),
    ("FRA", "IND", "Jets arrive ahead of schedule", "France has delivered fighter jets to India, a spokesperson for the air force confirmed. Pilots completed their conversion training last spring."),
    ("DEU", "UKR", "Air defence batteries", "Germany has supplied air defence systems to Ukraine, the chancellery said in Berlin. Crews were trained at a range in the north of the country."),
    ("TUR", "AZE", "Armoured vehicles shipped", "Turkey has sent armoured vehicles to Azerbaijan, a procurement agency document shows. The contract also covers spare parts and maintenance."),
    ("SWE", "UKR", "Howitzers handed over", "Sweden has delivered howitzers to Ukraine, the defence minister wrote on social media. The guns are self-propelled and mounted on trucks."),
    ("BRA", "AGO", "Patrol boats for the coast guard", "Brazil has supplied patrol boats to Angola, officials at the shipyard said. The vessels will guard fishing grounds off the Atlantic coast."),
    ("JPN", "PHL", "Missile batteries for the islands", "Japan has delivered anti-ship missiles to the Philippines, the foreign ministry in Tokyo said. Engineers will install the launchers at coastal sites."),
    ("POL", "UKR", "Mortar rounds by truck", "Poland has sent mortar rounds to Ukraine, logistics officers said near the frontier. Lorries carried the crates across at night."),
    ("EGY", "SDN", "Allegations over a desert airstrip", "Egypt has delivered combat aircraft to Sudan, satellite imagery analysts alleged this week. Cairo did not respond to requests for comment."),
    ("ISR", "AZE", "Loitering munitions contract", "Israel has supplied loitering munitions to Azerbaijan, an industry newsletter reported. The order was placed two years ago."),
]


class Receiver(BaseHTTPRequestHandler):
    """The desk's webhook: records when each alert arrived."""

    arrivals: list[tuple[float, dict]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.arrivals.append((time.time(), json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class Feed(BaseHTTPRequestHandler):
    """One RSS feed whose items this script adds while the scheduler runs."""

    items: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        body = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                "<title>Latency Wire</title><link>https://latency-wire.example/</link>"
                "<description>Items added by bench.scheduler_latency</description>"
                + "".join(reversed(Feed.items)) + "</channel></rss>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def item_xml(n: int, title: str, text: str) -> str:
    now = datetime.now(timezone.utc)
    return (f"<item><title>{escape(title)}</title><link>https://latency-wire.example/{n}</link>"
            f"<guid>https://latency-wire.example/{n}</guid><pubDate>{format_datetime(now)}</pubDate>"
            f"<description>{escape(text)}</description></item>")


def serve(handler: type) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def feed_list(feed_url: str, poll_minutes: float) -> str:
    samples = (ROOT / "include" / "samples" / "feeds.yaml").read_text().split("feeds:", 1)[1]
    return (f"polling:\n  interval_minutes: {poll_minutes:.1f}\n  min_interval_minutes: {poll_minutes:.1f}\n"
            f"  max_interval_minutes: {poll_minutes:.1f}\n"
            f"feeds:\n  - name: latency-wire\n    url: {feed_url}/feed.xml\n    source: Latency Wire\n"
            f"    language: en\n{samples}")


def alert_for(pair: tuple[str, str], after: float) -> float | None:
    for at, payload in Receiver.arrivals:
        if at >= after and payload.get("topic") == "arms-transfers" and all(code in payload["summary"] for code in pair):
            return at
    return None


def stage_times(stack: Stack) -> dict[str, list[float]]:
    """Per DAG: seconds from queued to start, and run time, over the asset-triggered/scheduled runs."""
    rows = stack.metadata(
        """SELECT dag_id, run_type::text, extract(epoch FROM start_date - queued_at),
                  extract(epoch FROM end_date - start_date)
           FROM dag_run WHERE state = 'success' AND start_date IS NOT NULL AND queued_at IS NOT NULL""")
    out: dict[str, list[float]] = {}
    for dag_id, _run_type, wait, run in rows:
        out.setdefault(f"{dag_id} wait", []).append(float(wait))
        out.setdefault(f"{dag_id} run", []).append(float(run))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--schedule", default="* * * * *", help="newswatch_ingest's cron schedule")
    parser.add_argument("--poll-minutes", type=float, default=1.0, help="every feed's polling interval")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for one item's alert")
    args = parser.parse_args()
    random.seed(12)
    # Stopped from outside (kill PID): leave through the `with` below, which stops the stack.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    receiver, hook_url = serve(Receiver)
    feed_server, feed_url = serve(Feed)
    work = Path(tempfile.mkdtemp(prefix="newswatch-latency-"))
    feeds_file = work / "feeds.yaml"
    feeds_file.write_text(feed_list(feed_url, args.poll_minutes))
    env = {"NEWSWATCH_FEEDS_FILE": str(feeds_file), "NEWSWATCH_INGEST_SCHEDULE": args.schedule,
           "NEWSWATCH_WEBHOOK_URL": f"{hook_url}/alerts"}
    with Stack(work / "airflow", ["settings", "start"], label="latency", extra_env=env) as stack:
        started = time.time()
        stack.start()
        recipe_s = time.time() - started
        first = stack.wait_for("first alert at the webhook", lambda: alert_for(("PRK", "RUS"), started),
                               timeout=args.timeout, every=1)
        print(f"recipe (createdb, airflow db migrate, newswatch init, reserialize, unpause, start, trigger): "
              f"{recipe_s:.0f} s")
        print(f"from the start of the recipe (airflow db migrate) to the first alert delivered: {first - started:.0f} s")

        latencies = []
        for n, (supplier, recipient, title, text) in enumerate(ITEMS[: args.items], 1):
            time.sleep(random.uniform(0, 60))  # land anywhere within a tick
            Feed.items.append(item_xml(n, title, text))
            appeared = time.time()
            arrived = stack.wait_for(f"alert for item {n} ({supplier}->{recipient})",
                                     lambda s=supplier, r=recipient, t=appeared: alert_for((s, r), t),
                                     timeout=args.timeout, every=1)
            latencies.append(arrived - appeared)
            print(f"item {n:2} {supplier}->{recipient}: {arrived - appeared:6.1f} s", flush=True)

        print(f"\nlatency over {len(latencies)} items: median {statistics.median(latencies):.0f} s, "
              f"worst {max(latencies):.0f} s, best {min(latencies):.0f} s "
              f"(schedule {args.schedule!r}, feeds polled every {args.poll_minutes:g} min)")
        print("where the time goes (median seconds over the successful runs):")
        for key, values in sorted(stage_times(stack).items()):
            print(f"  {key:26} {statistics.median(values):6.1f}  (n={len(values)}, max {max(values):.1f})")
    receiver.shutdown()
    feed_server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
