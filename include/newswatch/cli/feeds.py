"""`newswatch feeds check|status|enable`: the feed list's problems, feed health for the people who
run newswatch, and the way back for a feed that was disabled after repeated failures.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newswatch import config
from newswatch.cli.common import complete_feeds, migrated_store, one_line
from newswatch.cli.output import Column, print_jsonl, print_table
from newswatch.errors import ConfigError, NotFound

COLUMNS = ("name", "health", "last_polled_at", "next_poll_at", "consecutive_failures", "failure_score",
           "last_failure_kind", "last_failure_reason", "disabled_at", "disabled_reason", "items_seen",
           "unchanged_polls", "poll_interval")
_TABLE = (Column("health"), Column("name"), Column("next poll (UTC)"), Column("items", justify="right"),
          Column("failures", justify="right"), Column("why", wrap=True))


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("feeds", help="feed list and feed health: check, status, enable")
    sub = group.add_subparsers(dest="feeds_command", required=True, metavar="COMMAND")
    p = sub.add_parser("check", help="print every problem in a feed list (exit 2 if there is one)")
    p.add_argument("file", nargs="?", type=Path, default=None,
                   help="feed list YAML (default: $NEWSWATCH_FEEDS_FILE or include/config/feeds.yaml)")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per line: each problem ({file, problem}), or each feed when there are none")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("status", help="every feed's health, failing and disabled feeds first")
    p.add_argument("--problems", action="store_true", help="only feeds that are not ok")
    p.add_argument("--json", action="store_true", help="one JSON object per line, with the feed_id")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("enable", help="re-enable a disabled feed (it is polled on the next run)")
    p.add_argument("name", help="the feed's name in feeds.yaml").completer = complete_feeds
    p.set_defaults(func=cmd_enable)


def cmd_check(args: argparse.Namespace) -> int:
    from newswatch.errors import FeedListError
    from newswatch.ingest.feedlist import load_feed_list

    path = args.file or config.feeds_file()
    if not Path(path).is_file():
        raise ConfigError(f"feed list not found: {path}")
    try:
        feeds = load_feed_list(path)
    except FeedListError as e:
        problems = [one_line(p) for p in e.problems]
        if args.json:
            print_jsonl({"file": str(path), "problem": p} for p in problems)
        else:
            print("\n".join(problems))
        raise ConfigError(f"{path}: {len(problems)} problem(s)") from e  # bad configuration, as everywhere in the CLI
    if args.json:
        print_jsonl({"feed_id": f.feed_id, "name": f.name, "url": f.url, "source": f.source, "language": f.language,
                     "tags": f.tags, "allow_private": f.allow_private, "full_text": f.full_text} for f in feeds)
        return 0
    print(f"{path}: {len(feeds)} feed(s), no problems")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from newswatch import projections

    with migrated_store(args.database_url) as store:
        projections.catch_up(store, projections.FEEDS)
        with store.transaction() as cur:
            cur.execute(
                f"""SELECT p.feed_id, {', '.join('f.' + c for c in COLUMNS)}
                    FROM newswatch.feeds f JOIN newswatch.proj_feeds p USING (name)
                    WHERE NOT %s OR f.health <> 'ok'
                    ORDER BY array_position(ARRAY['disabled', 'failing', 'new', 'ok'], f.health), f.name""",
                (args.problems,),
            )
            rows = [dict(zip(("feed_id", *COLUMNS), r)) for r in cur.fetchall()]
    if args.json:
        print_jsonl(rows)
        return 0
    if not rows:
        print("no feeds" if not args.problems else "every feed is ok")
        return 0
    print_table(_TABLE, [(r["health"], r["name"], r["next_poll_at"], r["items_seen"], r["consecutive_failures"],
                          _why(r)) for r in rows])
    return 0


def _why(r: dict[str, Any]) -> str:
    if r["health"] == "disabled":
        return f"disabled since {_when(r['disabled_at'])}: {r['disabled_reason']}"
    if r["consecutive_failures"]:
        return f"score {r['failure_score']}, last {r['last_failure_kind']}/{r['last_failure_reason']}"
    return ""


def cmd_enable(args: argparse.Namespace) -> int:
    from newswatch import events as ev
    from newswatch import projections
    from newswatch.model import RunContext

    ctx = RunContext.for_cli()
    with migrated_store(args.database_url) as store:
        projections.catch_up(store, projections.FEEDS)
        with store.transaction() as cur:
            cur.execute("SELECT feed_id, disabled_at FROM newswatch.proj_feeds WHERE name = %s", (args.name,))
            found = cur.fetchone()
        if found is None:
            raise NotFound(f"no feed named {args.name!r} has been polled yet (see `newswatch feeds status`)")
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
