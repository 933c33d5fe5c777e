"""`newswatch feeds check|status|enable`: the feed list's problems, feed health for the people who
run newswatch, and the way back for a feed that was disabled after repeated failures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from newswatch import events as ev
from newswatch import projections
from newswatch.errors import ConfigError

COLUMNS = ("name", "health", "last_polled_at", "next_poll_at", "consecutive_failures", "failure_score",
           "last_failure_kind", "last_failure_reason", "disabled_at", "disabled_reason", "items_seen",
           "unchanged_polls", "poll_interval")


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("feeds", help="feed list and feed health: check, status, enable")
    sub = group.add_subparsers(dest="feeds_command", required=True)
    p = sub.add_parser("check", help="print every problem in a feed list")
    p.add_argument("file", nargs="?", type=Path, default=None,
                   help="feed list YAML (default: $NEWSWATCH_FEEDS_FILE or include/config/feeds.yaml)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("status", help="every feed's health, failing and disabled feeds first")
    p.add_argument("--problems", action="store_true", help="only feeds that are not ok")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("enable", help="re-enable a disabled feed (it is polled on the next run)")
    p.add_argument("name", help="the feed's name in feeds.yaml")
    p.set_defaults(func=cmd_enable)


def cmd_check(args: argparse.Namespace) -> int:
    from newswatch.errors import FeedListError
    from newswatch.ingest.feedlist import load_feed_list

    try:
        feeds = load_feed_list(args.file)
    except FeedListError as e:
        for p in e.problems:
            print(p)
        return 2  # bad configuration, as everywhere in the CLI
    print(f"{args.file}: {len(feeds)} feed(s), no problems")
    return 0


def _open(url: str):
    from newswatch.store import EventStore

    return EventStore.open(url, application_name="newswatch-cli")


def cmd_status(args: argparse.Namespace) -> int:
    with _open(args.database_url) as store:
        projections.catch_up(store, projections.FEEDS)
        with store.transaction() as cur:
            cur.execute(
                f"""SELECT {', '.join(COLUMNS)} FROM newswatch.feeds
                    WHERE NOT %s OR health <> 'ok'
                    ORDER BY array_position(ARRAY['disabled', 'failing', 'new', 'ok'], health), name""",
                (args.problems,),
            )
            rows = [dict(zip(COLUMNS, r)) for r in cur.fetchall()]
    if args.json:
        for r in rows:
            print(json.dumps(r, default=str))
        return 0
    if not rows:
        print("no feeds" if not args.problems else "every feed is ok")
    for r in rows:
        line = f"{r['health']:9} {r['name']}: next poll {_when(r['next_poll_at'])}, {r['items_seen']} items seen"
        if r["health"] == "disabled":
            line += f"; disabled since {_when(r['disabled_at'])}: {r['disabled_reason']}"
        elif r["consecutive_failures"]:
            line += (f"; {r['consecutive_failures']} failure(s), score {r['failure_score']}, last "
                     f"{r['last_failure_kind']}/{r['last_failure_reason']}")
        print(line)
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    from newswatch.model import RunContext

    ctx = RunContext.for_cli()
    with _open(args.database_url) as store:
        projections.catch_up(store, projections.FEEDS)
        with store.transaction() as cur:
            cur.execute("SELECT feed_id, disabled_at FROM newswatch.proj_feeds WHERE name = %s", (args.name,))
            found = cur.fetchone()
        if found is None:
            raise ConfigError(f"no feed named {args.name!r} has been polled yet")
        feed_id, disabled_at = found
        if disabled_at is None:
            print(f"{args.name} is not disabled")
            return 0
        # Keyed by the disabling it undoes: enabling the same episode twice appends nothing.
        event = ev.FeedEnabled(feed_id=feed_id, name=args.name, enabled_at=ctx.now,
                               was_disabled_at=disabled_at).recorded(
            feed_id, disabled_at.isoformat(), metadata=ctx.metadata("feed-enable"))
        store.append(ev.feed_stream(feed_id), [event])
        projections.catch_up(store, projections.FEEDS)
    print(f"{args.name} re-enabled; it is polled on the next run")
    return 0


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"

