"""Benchmark: one poll of a hostile feed of 100,000 items (~5 MB) over local HTTP into a
throw-away store (issue 17), capped as shipped and uncapped (the caps lifted to what they were
before: every item parsed, normalized and appended).

Each variant runs in its own process, so its peak memory is its own: seconds for the poll
(fetch, parse, normalize, append), events appended, how much the database grew.

    .venv/bin/python -m bench.bench_hostile_feed [--quick] [--items 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import in_child, median, row, scratch_database  # noqa: E402

ITEMS, QUICK_ITEMS = 100_000, 20_000
RUNS, QUICK_RUNS = 3, 1


def hostile_feed(items: int) -> bytes:
    """The issue's flood: short items, relative links, ~50 bytes each."""
    body = "".join(f"<item><title>{n}</title><link>/{n}</link></item>" for n in range(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>flood</title>{body}</channel></rss>'.encode()


def poll_once(items: int, capped: bool) -> dict[str, Any]:
    """In a fresh process: serve the feed, poll it once into a scratch store, measure."""
    from newswatch.ingest.polling import poll_feeds
    from newswatch.ingest.samples import SampleServer
    from newswatch.ingest.scheduling import DEFAULT_POLICY, PollPolicy
    from newswatch.model import FeedSpec, RunContext
    from newswatch.store import EventStore

    policy = DEFAULT_POLICY if capped else PollPolicy(max_items_per_poll=10**9, max_bytes_per_poll=10**15)
    with tempfile.TemporaryDirectory() as tmp, SampleServer(tmp) as server, scratch_database("hostile") as url:
        Path(tmp, "flood.xml").write_bytes(hostile_feed(items))
        feed = FeedSpec(name="flood", url=f"{server.url}/flood.xml", source="Flood", allow_private=True)
        with EventStore.open(url) as store:
            size_before = _database_size(store)
            started = time.perf_counter()
            counts = poll_feeds(store, [feed], RunContext("bench", datetime(2026, 11, 29, tzinfo=UTC)), policy=policy)
            seconds = time.perf_counter() - started
            with store.transaction() as cur:
                cur.execute("SELECT count(*) FROM newswatch.events")
                events = cur.fetchone()[0]
            grown = _database_size(store) - size_before
    return {"seconds": seconds, "events": events, "grown_mb": grown / 1e6, "overflow": counts["overflow"],
            "feed_mb": len(hostile_feed(items)) / 1e6}


def _database_size(store: Any) -> int:
    with store.transaction() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        return cur.fetchone()[0]


def run(quick: bool = False, items: int | None = None) -> list[dict[str, Any]]:
    items = items or (QUICK_ITEMS if quick else ITEMS)
    rows = []
    for capped, label in ((True, "capped (shipped policy)"), (False, "uncapped (as before issue 17)")):
        runs = [in_child(poll_once, items, capped) for _ in range(QUICK_RUNS if quick or not capped else RUNS)]
        results = [r for r, _ in runs]
        note = f"{items:,} items, {results[0]['feed_mb']:.1f} MB feed; median of {len(runs)}"
        rows += [
            row("hostile feed", f"{label}: one poll", median([r["seconds"] for r in results]), "s", note),
            row("hostile feed", f"{label}: events appended", results[0]["events"], "events"),
            row("hostile feed", f"{label}: items left as overflow", results[0]["overflow"], "items"),
            row("hostile feed", f"{label}: database growth", median([r["grown_mb"] for r in results]), "MB"),
            row("hostile feed", f"{label}: peak memory", median([peak for _, peak in runs]), "MB RSS"),
        ]
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--items", type=int, default=None)
    args = parser.parse_args()
    from bench.__main__ import format_table

    print(format_table(run(args.quick, args.items)))
