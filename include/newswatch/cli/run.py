"""`newswatch run`: one full cycle (poll, screen, code, flag, deliver) without Airflow, with an
exit code that says whether anything worked."""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path
from typing import Any

from newswatch import config
from newswatch.cli.common import migrated_store
from newswatch.cli.output import status
from newswatch.errors import NewswatchError


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run one full cycle (poll, screen, code, flag, deliver) without Airflow",
                       description="Run one full cycle without Airflow. Exits 1 when feeds were polled "
                                   "and every one of them failed.")
    p.add_argument("--feeds", type=Path, default=None,
                   help="feed list YAML (default: $NEWSWATCH_FEEDS_FILE or include/config/feeds.yaml)")
    p.add_argument("--topics", type=Path, default=None,
                   help="watch topics YAML (default: $NEWSWATCH_TOPICS_FILE or include/config/watch_topics.yaml)")
    p.add_argument("--force", action="store_true",
                   help="poll every enabled feed now, even those not due yet (next poll time and a "
                        "server's Retry-After are ignored)")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from newswatch.alerts.topics import load_topics
    from newswatch.ingest.feedlist import load_feed_list
    from newswatch.ingest.polling import due_feeds
    from newswatch.model import RunContext
    from newswatch.pipeline import run_cycle

    feeds = load_feed_list(args.feeds or config.feeds_file())
    topics = load_topics(args.topics or config.topics_file())
    started = time.perf_counter()
    ctx = RunContext.for_cli()
    with migrated_store(args.database_url) as store, \
            status(f"one cycle over {len(feeds)} feed(s): poll, screen, code, flag, deliver"):
        if args.force:
            print("--force: polling every enabled feed now, due or not (next poll times and Retry-After ignored)")
            polled, not_due = feeds, 0
        else:
            # As the scheduler does: a feed is polled when its next poll time has come, which a
            # server's Retry-After and the failure backoff pushed back.
            polled = dataclasses.replace(feeds, feeds=tuple(due_feeds(store, feeds, ctx.now)))
            not_due = len(feeds) - len(polled)
        summary = run_cycle(store, polled, topics, ctx)
        summary["poll"]["not_due"] = not_due
    if not_due:
        print(f"{not_due} feed(s) not due yet were not polled (see `newswatch feeds status`; --force polls them)")
    for stage, counts in summary.items():
        print(f"{stage:8} " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(f"cycle finished in {time.perf_counter() - started:.1f}s")
    polled, failed = polled_and_failed(summary["poll"])
    if polled and failed == polled:
        raise NewswatchError(f"every feed polled failed ({failed} of {polled}); see `newswatch feeds status`")
    return 0


def polled_and_failed(poll: dict[str, int]) -> tuple[int, int]:
    """Feeds actually polled this cycle (not disabled, not already polled by a retried run) and
    how many of them failed, from ``poll_feeds``'s counts."""
    polled = poll.get("feeds", 0) - poll.get("disabled", 0) - poll.get("already_polled", 0)
    return polled, poll.get("failed", 0)
