"""`newswatch init | replay`: create and migrate the event store; rebuild every projection from
position 0 of the log."""

from __future__ import annotations

import argparse
import time
from typing import Any

from newswatch.cli.common import migrated_store
from newswatch.cli.output import status


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create/migrate the event store (safe to repeat)")
    p.add_argument("--no-create-db", action="store_true", help="fail instead of creating a missing database")
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("replay", help="rebuild every projection from position 0 of the log")
    p.set_defaults(func=cmd_replay)


def cmd_init(args: argparse.Namespace) -> int:
    from newswatch.store import EventStore
    from newswatch.store.migrations import ensure_database, migrate

    if not args.no_create_db and ensure_database(args.database_url):
        print(f"created database {args.database_url.rsplit('/', 1)[-1]}")
    with EventStore.open(args.database_url, application_name="newswatch-cli") as store:
        applied = migrate(store.conn)
    print(f"applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "event store is up to date")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from newswatch import projections

    started = time.perf_counter()
    names = ", ".join(p.name for p in projections.ALL)
    with migrated_store(args.database_url) as store, status(f"rebuilding {names} from the log"):
        applied = projections.rebuild_all(store)
    for name, n in applied.items():
        print(f"{name:14} rebuilt from {n} event(s)")
    print(f"replay finished in {time.perf_counter() - started:.1f}s")
    return 0
