"""`newswatch init | replay`: create and migrate the event store; rebuild every projection from
position 0 of the log."""

from __future__ import annotations

import argparse
import time
from typing import Any

from newswatch import config
from newswatch.cli.common import migrated_store
from newswatch.cli.output import status


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create/migrate the event store (safe to repeat)")
    p.add_argument("--no-create-db", action="store_true", help="fail instead of creating a missing database")
    p.add_argument("--owner-url", default=None,
                   help="the login that owns the schema and runs the migrations (default: "
                        "$NEWSWATCH_OWNER_DATABASE_URL, else --database-url)")
    p.add_argument("--no-logins", action="store_true",
                   help="do not create the pipeline and reader logins (a DBA manages them)")
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("replay", help="rebuild every projection from position 0 of the log")
    p.set_defaults(func=cmd_replay)


def cmd_init(args: argparse.Namespace) -> int:
    from newswatch.store import EventStore, roles
    from newswatch.store.migrations import ensure_database, migrate

    owner_url = args.owner_url or config.owner_database_url() or args.database_url
    if not args.no_create_db and ensure_database(owner_url):
        print(f"created database {owner_url.rsplit('/', 1)[-1]}")
    with EventStore.open(owner_url, application_name="newswatch-cli") as store:
        applied = migrate(store.conn)
        print(f"applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "event store is up to date")
        roles.restrict_database(store.conn)
        if not args.no_logins:
            for line in ensure_logins_for(store.conn, args.database_url):
                print(f"login {line}")
    return 0


def ensure_logins_for(conn: Any, database_url: str) -> list[str]:
    """Create the pipeline login (the user of ``database_url``, or newswatch_pipeline when that is
    the owner) and the reader login (of NEWSWATCH_READER_DATABASE_URL, or newswatch_analyst), each
    with the password its URL carries, if any."""
    from newswatch.store import roles

    with conn.cursor() as cur:
        cur.execute("SELECT current_user")
        owner = cur.fetchone()[0]
    conn.rollback()
    pipeline, pipeline_password = roles.login_from_url(database_url)
    if pipeline == owner:
        pipeline, pipeline_password = roles.PIPELINE_LOGIN, None
    reader, reader_password = roles.login_from_url(roles.reader_url(database_url, config.reader_database_url()))
    plans = [roles.LoginPlan(roles.WRITER_ROLE, pipeline, pipeline_password),
             roles.LoginPlan(roles.READER_ROLE, reader, reader_password, tuple(roles.READER_DEFAULTS.items()))]
    return roles.ensure_logins(conn, plans)


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
