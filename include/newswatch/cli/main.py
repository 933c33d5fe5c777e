"""The ``newswatch`` command: migrate the store, run a cycle without Airflow, list alerts, check
config files, rebuild projections. Errors are one readable line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newswatch import __version__, config
from newswatch.errors import ConfigError, NewswatchError, StoreUnavailable

# Command groups that live beside their domain code: each module has ``register(subparsers)``,
# adding sub-commands whose ``func(args)`` returns an exit code (``args.database_url`` is set).
COMMAND_MODULES: tuple[str, ...] = ("newswatch.cli.extract", "newswatch.cli.sql", "newswatch.cli.alerts",
                                    "newswatch.cli.recode", "newswatch.cli.validation", "newswatch.cli.feeds")

EXIT_ERROR = 1
EXIT_CONFIG = 2
EXIT_UNAVAILABLE = 3


def _store(url: str):
    from newswatch.store import EventStore

    return EventStore.open(url, application_name="newswatch-cli")


def cmd_init(args: argparse.Namespace) -> int:
    from newswatch.store.migrations import ensure_database, migrate

    if not args.no_create_db and ensure_database(args.database_url):
        print(f"created database {args.database_url.rsplit('/', 1)[-1]}")
    with _store(args.database_url) as store:
        applied = migrate(store.conn)
    print(f"applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "event store is up to date")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from newswatch.alerts.topics import load_topics
    from newswatch.ingest.feedlist import load_feed_list
    from newswatch.model import RunContext
    from newswatch.pipeline import run_cycle

    feeds = load_feed_list(args.feeds)
    topics = load_topics(args.topics)
    started = time.perf_counter()
    with _store(args.database_url) as store:
        _require_migrated(store, args.database_url)
        summary = run_cycle(store, feeds, topics, RunContext.for_cli())
    for stage, counts in summary.items():
        print(f"{stage:8} " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(f"cycle finished in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    with _store(args.database_url) as store:
        _require_migrated(store, args.database_url)
        with store.transaction() as cur:
            cur.execute(
                """SELECT raised_at, topic, summary, novelty_reason, delivery_status, alert_id::text,
                          novelty_kind, muted, acknowledged
                   FROM newswatch.alerts WHERE (%(topic)s::text IS NULL OR topic = %(topic)s)
                   ORDER BY raised_at DESC, alert_id LIMIT %(limit)s""",
                {"topic": args.topic, "limit": args.limit},
            )
            rows = cur.fetchall()
    if args.json:
        for raised_at, topic, summary, why, status, alert_id, kind, muted, acked in rows:
            print(json.dumps({"alert_id": alert_id, "raised_at": raised_at.isoformat(), "topic": topic,
                              "summary": summary, "novelty_kind": kind, "novelty_reason": why,
                              "delivery_status": status, "muted": muted, "acknowledged": acked}))
        return 0
    if not rows:
        print("no alerts")
    for raised_at, topic, summary, why, status, _, kind, muted, acked in rows:
        flags = "".join([" [muted]" if muted else "", " [acknowledged]" if acked else ""])
        print(f"{raised_at:%Y-%m-%d %H:%M} [{topic}] {summary}{flags}")
        print(f"    why new: {why} ({kind}); "
              f"delivery: {', '.join(f'{k}={v}' for k, v in sorted(status.items()))}")
    return 0


def cmd_topics_check(args: argparse.Namespace) -> int:
    from newswatch.alerts.topics import load_topics

    loaded = load_topics(args.file)
    print(f"{args.file}: {len(loaded.topics)} topic(s), channels {sorted(loaded.channels)}, no problems")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from newswatch.projections import rebuild_all

    with _store(args.database_url) as store:
        _require_migrated(store, args.database_url)
        started = time.perf_counter()
        applied = rebuild_all(store)
    for name, n in applied.items():
        print(f"{name:14} rebuilt from {n} event(s)")
    print(f"replay finished in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_samples_serve(args: argparse.Namespace) -> int:
    from newswatch.ingest.samples import SampleServer

    with SampleServer(args.directory, args.port) as server:
        print(f"serving {args.directory} at {server.url} (Ctrl-C to stop)")
        print(f"  export NEWSWATCH_SAMPLES_URL={server.url} NEWSWATCH_ALLOWED_HOSTS=127.0.0.1")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


def _require_migrated(store, url: str) -> None:
    with store.transaction() as cur:
        cur.execute("SELECT to_regclass('newswatch.events') IS NOT NULL")
        if not cur.fetchone()[0]:
            raise ConfigError(f"the event store at {url} is not initialised: run `newswatch init`")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswatch",
        description="Event-sourced news monitoring: feeds -> dated world events -> alerts.",
    )
    parser.add_argument("--version", action="version", version=f"newswatch {__version__}")
    parser.add_argument("--database-url", default=None,
                        help="event store URL (default: $NEWSWATCH_DATABASE_URL or "
                             f"{config.DEFAULT_DATABASE_URL})")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stage's progress")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="create/migrate the event store (safe to repeat)")
    p.add_argument("--no-create-db", action="store_true", help="fail instead of creating a missing database")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("run", help="run one full cycle (poll, screen, code, flag, deliver) without Airflow")
    p.add_argument("--feeds", type=Path, default=None, help="feed list YAML (default: include/config/feeds.yaml)")
    p.add_argument("--topics", type=Path, default=None, help="watch topics YAML (default: include/config/watch_topics.yaml)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("alerts", help="list alerts raised, newest first")
    p.add_argument("--topic", help="only this topic")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_alerts)

    topics = sub.add_parser("topics", help="watch topic tools").add_subparsers(dest="topics_command", required=True)
    p = topics.add_parser("check", help="validate a watch topics file")
    p.add_argument("file", nargs="?", type=Path, default=None)
    p.set_defaults(func=cmd_topics_check)

    p = sub.add_parser("replay", help="rebuild every projection from position 0 of the log")
    p.set_defaults(func=cmd_replay)

    samples = sub.add_parser("samples", help="the bundled sample feeds").add_subparsers(dest="samples_command", required=True)
    p = samples.add_parser("serve", help="serve the sample feeds over local HTTP")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--directory", type=Path, default=config.project_root() / "include" / "samples")
    p.set_defaults(func=cmd_samples_serve)

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.database_url = args.database_url or config.database_url()
    if getattr(args, "feeds", None) is None and args.command == "run":
        args.feeds = config.feeds_file()
    if getattr(args, "topics", None) is None and args.command == "run":
        args.topics = config.topics_file()
    if getattr(args, "file", None) is None:
        args.file = config.feeds_file() if args.command == "feeds" else config.topics_file()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except StoreUnavailable as e:
        print(f"newswatch: error: {e}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except ConfigError as e:
        print(f"newswatch: error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    except NewswatchError as e:
        print(f"newswatch: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as e:  # the one catch-all at the boundary: a readable line, not a traceback
        import psycopg2

        if not isinstance(e, psycopg2.Error):
            raise
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print(f"newswatch: database error: {first}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
