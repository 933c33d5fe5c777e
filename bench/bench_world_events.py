"""Throughput of coding (extract + cluster + refine + append + project), flagging, delivery to
the log channel, and replay, on synthetic accepted articles in a throw-away PostgreSQL database.

Each article reports one of a few hundred arms-transfer / meeting / sanction stories (supplier,
recipient, weapon, month), so most articles are repeat coverage of a known world event and some
move it on (alleged -> confirmed): the shape of a real news day. The baseline, measured in the
same run, is the extractor alone over the same texts; the ratio shows what clustering and the
store add. Figures are medians of --runs runs on fresh databases.

Usage: python -m bench.bench_world_events [--articles 1000] [--runs 3]; part of `make bench`
       (server from NEWSWATCH_DATABASE_URL; creates and drops newswatch_bench_* databases)
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bench.common import row, scratch_database
from newswatch import events as ev
from newswatch import projections
from newswatch.alerts.delivery import deliver_alerts
from newswatch.alerts.flagging import flag_developments
from newswatch.alerts.topics import ChannelSpec, TopicConfig, WatchTopic
from newswatch.events import StreamAppend
from newswatch.extract import extract_events
from newswatch.model import Article, RunContext, stable_id
from newswatch.store import EventStore
from newswatch.worldevents.coding import code_articles

STATES = [("North Korea", "PRK"), ("Russia", "RUS"), ("Iran", "IRN"), ("China", "CHN"), ("Syria", "SYR"),
          ("Belarus", "BLR"), ("Venezuela", "VEN"), ("Myanmar", "MMR")]
WEAPONS = ["artillery shells", "ballistic missiles", "drones", "rifles", "tanks"]
MONTHS = ["October", "November"]
SOURCES = ["Harbour Times", "Northern Ledger", "Coastal Wire", "Valley Gazette", "Late Wire", "Delta Post"]


def story_text(rng: random.Random, story: int, confirmed: bool) -> str:
    s = random.Random(story)
    (a, _), (b, _) = s.sample(STATES, 2)
    weapon, month = s.choice(WEAPONS), s.choice(MONTHS)
    if confirmed:
        lead = f"{a} delivered {weapon} to {b} in {month}, officials in Seoul confirmed."
    else:
        lead = f"{a} supplied {weapon} to {b} in {month}, Ukrainian officials said."
    filler = rng.choice(["Analysts expect more shipments.", "The government declined to comment.",
                         "Markets were calm on the news.", "The report could not be verified independently."])
    return f"{lead} {filler} {a} and {b} have grown closer this year."


def articles(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    start = datetime(2023, 11, 1, 6, tzinfo=timezone.utc)
    out = []
    for i in range(n):
        story = rng.randrange(max(1, n // 4))
        text = story_text(rng, story, confirmed=rng.random() < 0.2)
        url = f"https://bench.example/{i}"
        published = start + timedelta(minutes=7 * i)
        out.append(Article(article_id=stable_id("article", url), feed="bench", source=rng.choice(SOURCES),
                           url=url, canonical_url=url, guid=None, title=f"Story {story}", text=text,
                           text_basis="summary", published_at=published, date_problem=None,
                           fetched_at=published, language="en", content_hash=stable_id("hash", i)))
    return out


def accepted(store: EventStore, batch: list[Article]) -> None:
    appends = []
    for a in batch:
        appends.append(StreamAppend(ev.article_stream(a.article_id), [
            ev.ArticleDiscovered(article=a).recorded(a.article_id),
            ev.ArticleAccepted(article_id=a.article_id).recorded(a.article_id)]))
    store.append_many(appends)


def one_run(n: int) -> dict[str, float]:
    topics = TopicConfig((WatchTopic("arms", event_types=frozenset({"AID", "AGREE"}),
                                     contexts=frozenset({"military"}), channels=("log",)),),
                         {"log": ChannelSpec("log", "log")})
    with scratch_database("world_events") as url, EventStore.open(url) as store:
        batch = articles(n)
        accepted(store, batch)
        projections.catch_up_all(store)
        ctx = RunContext("bench", datetime(2023, 12, 31, tzinfo=timezone.utc))
        extract_events(batch[0].text, date(2023, 11, 1))  # load the dictionaries outside the timings
        figures = {}
        t = time.perf_counter()
        counts = code_articles(store, ctx)
        figures["code_s"] = time.perf_counter() - t
        t = time.perf_counter()
        flagged = flag_developments(store, topics, ctx)
        figures["flag_s"] = time.perf_counter() - t
        logging.getLogger("newswatch.alerts").setLevel(logging.ERROR)
        t = time.perf_counter()
        deliver_alerts(store, topics, ctx)
        figures["deliver_s"] = time.perf_counter() - t
        t = time.perf_counter()
        projections.rebuild_all(store)
        figures["replay_s"] = time.perf_counter() - t
        t = time.perf_counter()
        for a in batch:
            extract_events(a.text, a.reported_at.date())
        figures["extract_only_s"] = time.perf_counter() - t
        with store.transaction() as cur:
            cur.execute("SELECT count(*) FROM newswatch.events")
            figures["log_events"] = cur.fetchone()[0]
        figures.update(mentions=counts["mentions"], world_events=counts["world_events_new"],
                       alerts=flagged["alerts"])
        return figures


def run(quick: bool = False, n: int | None = None, runs: int = 3) -> list[dict[str, Any]]:
    """The harness's entry point (python -m bench): rows of the printed table."""
    n = n or (300 if quick else 1000)
    results = [one_run(n) for _ in range(runs)]
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    note = (f"median of {runs} runs x {n} articles: {med['mentions']:.0f} mentions, "
            f"{med['world_events']:.0f} world events, {med['alerts']:.0f} alerts")
    return [
        row("world events", "extract only (baseline)", n / med["extract_only_s"], "articles/s", note),
        row("world events", "code (extract + cluster + store)", n / med["code_s"], "articles/s"),
        row("world events", "code / extract only", med["code_s"] / med["extract_only_s"], "x time"),
        row("world events", "flag developments", med["mentions"] / med["flag_s"], "mentions/s"),
        row("world events", "deliver (log channel)", med["alerts"] / max(med["deliver_s"], 1e-9), "alerts/s"),
        row("world events", "replay all projections", med["log_events"] / med["replay_s"], "events/s"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for r in run(n=args.articles, runs=args.runs):
        print(f"{r['metric']:36} {r['value']:>10,.1f} {r['unit']:11} {r['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
