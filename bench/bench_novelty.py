"""What judging a new development costs as a story's history grows: flagging 100 new reports of one
busy arms-transfer story (North Korea to Russia) when the store already holds 0, 1,000 or 10,000
of its world events (and their alerts). Novelty reads the topic's alerts however old and the
story's latest world events, through indexes (migrations 0034, 0070), so the cost per report
should barely move with the history. The baseline, in the same run, is the empty story.

Usage: python -m bench.bench_novelty [--runs 3]; part of `make bench` (creates and drops
newswatch_bench_* databases on the server of NEWSWATCH_DATABASE_URL)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from bench.common import row, scratch_database
from newswatch import events as ev
from newswatch import projections
from newswatch.alerts.flagging import flag_developments
from newswatch.alerts.topics import ChannelSpec, TopicConfig, WatchTopic
from newswatch.events import StreamAppend
from newswatch.model import RunContext, stable_id
from newswatch.store import EventStore

NEW = 100
WEAPONS = ["artillery shells", "ballistic missiles", "rocket launchers", "drones"]
CLAIMS = ["alleged", "alleged", "reported", "confirmed"]
START = datetime(2020, 1, 1, 8, tzinfo=timezone.utc)


def _reports(first: int, n: int, start: datetime, rng: random.Random) -> list[StreamAppend]:
    """``n`` world events of the story, each with one mention, one every ~6 hours from ``start``."""
    appends = []
    for i in range(first, first + n):
        wid = stable_id("bench-world-event", i)
        at = start + timedelta(hours=6 * (i - first))
        weapon, claim = rng.choice(WEAPONS), rng.choice(CLAIMS)
        arms = {"weapon_class": weapon, "weapon_classes": [weapon], "quantity": None, "supplier": "PRK",
                "recipient": "RUS", "stage": "suspected" if claim == "alleged" else "delivered"}
        identified = ev.WorldEventIdentified(
            world_event_id=wid, event_type="AID", event_mode=None, contexts=["military"], actor1="North Korea",
            actor1_code="PRK", actor1_sector=None, actor2="Russia", actor2_code="RUS", actor2_sector=None,
            event_date=at.date(), date_precision="day", date_basis="publication", location=None, location_code=None,
            claim_status=claim, claimed_by=None, claimed_by_text=None, confidence=0.8, arms=arms,
            summary=f"AID PRK->RUS {weapon} {claim}", reported_at=at).recorded(wid)
        mentioned = ev.WorldEventMentioned(
            world_event_id=wid, mention_id=stable_id("bench-mention", i), article_id=stable_id("bench-article", i),
            source=f"outlet {i % 7}", sentence=f"North Korea sent {weapon} to Russia.", start=0, end=36,
            extractor_version="bench", pattern_id="bench", claim_status=claim, claimed_by=None,
            event_date=at.date(), date_precision="day", date_basis="publication", confidence=0.8,
            reported_at=at).recorded(stable_id("bench-mention", i))
        appends.append(StreamAppend(ev.world_event_stream(wid), [identified, mentioned]))
    return appends


def one_run(history: int) -> float:
    """Seconds to flag NEW reports after ``history`` earlier ones (already flagged)."""
    topics = TopicConfig((WatchTopic("arms", event_types=frozenset({"AID", "AGREE"}),
                                     contexts=frozenset({"military"}), channels=()),),
                         {"log": ChannelSpec("log", "log")})
    rng = random.Random(history)
    with scratch_database("novelty") as url, EventStore.open(url) as store:
        if history:
            for chunk in range(0, history, 2000):
                store.append_many(_reports(chunk, min(2000, history - chunk), START + timedelta(hours=6 * chunk), rng))
            flag_developments(store, topics, RunContext("bench-history", START + timedelta(hours=6 * history)))
        later = START + timedelta(hours=6 * history + 24)
        store.append_many(_reports(history, NEW, later, rng))
        projections.catch_up(store, projections.WORLD_EVENTS)
        t = time.perf_counter()
        flag_developments(store, topics, RunContext("bench-new", later + timedelta(days=30)))
        return time.perf_counter() - t


def run(quick: bool = False, runs: int = 3) -> list[dict[str, Any]]:
    """The harness's entry point (python -m bench): rows of the printed table."""
    sizes = (0, 300, 3000) if quick else (0, 1000, 10000)
    med = {n: statistics.median(one_run(n) for _ in range(runs)) for n in sizes}
    rows = [row("novelty", f"flag a report, story with {n:,} earlier world events" + (" (baseline)" if not n else ""),
                1000 * med[n] / NEW, "ms/report", f"median of {runs} runs x {NEW} reports") for n in sizes]
    rows.append(row("novelty", f"cost with {sizes[-1]:,} / with {sizes[1]:,} earlier", med[sizes[-1]] / med[sizes[1]],
                    "x time"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    for r in run(quick=args.quick, runs=args.runs):
        print(f"{r['metric']:58} {r['value']:>10,.2f} {r['unit']:10} {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
