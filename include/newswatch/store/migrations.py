"""The schema, shipped as package data: versioned migrations, then the analysts' views.

``sql/migrations/NNNN_*.sql`` (tables, indexes, roles, triggers) each run once, in their own
transaction; a file that changed after it was applied is an error: write a new migration instead.
``sql/views/<view>.sql`` hold one read-model view each, as it is now: after the migrations, every
view whose file changed (by checksum) is dropped and created again with its grants, so a view's
definition is read in one file and its columns can be reordered or removed, not only appended.
All of it runs under a session advisory lock, so two processes migrating at once (an Airflow
init container and a CLI) do not race.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

import psycopg2.errors
import psycopg2.extensions
from psycopg2 import sql as pgsql

from newswatch.errors import StoreError, StoreUnavailable
from newswatch.store.eventstore import connect, redact_url, store_error

MIGRATE_LOCK_KEY = 0x6E776D67  # "nwmg"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class View:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


# Who may read the views: analysts (the reader role) and the pipeline (the writer role reads
# them for its own look-ups). Views run with their owner's rights, so neither needs the tables.
VIEW_READERS = ("newswatch_reader", "newswatch_writer")
_VIEW_NAME = re.compile(r"^([a-z_][a-z0-9_]*)\.sql$")


def available_views() -> list[View]:
    """The view files, in name order (a view reads tables only, so the order does not matter)."""
    found = []
    for entry in resources.files("newswatch.store").joinpath("sql", "views").iterdir():
        match = _VIEW_NAME.match(entry.name)
        if match:
            found.append(View(match.group(1), entry.read_text("utf-8")))
    return sorted(found, key=lambda v: v.name)


def available_migrations() -> list[Migration]:
    found = []
    for entry in resources.files("newswatch.store").joinpath("sql", "migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise StoreError(f"two migrations share a version number: {versions}")
    return found


def migrate(conn: psycopg2.extensions.connection) -> list[str]:
    """Apply every pending migration, then every changed view; return what was applied (the
    migrations' file names and ``view <name>`` for each view; empty when up to date)."""
    try:
        return _migrate(conn)
    except psycopg2.Error as e:
        raise store_error(e, "the schema migration") from e


def _migrate(conn: psycopg2.extensions.connection) -> list[str]:
    applied_now: list[str] = []
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", (MIGRATE_LOCK_KEY,))
    conn.commit()
    try:
        with conn, conn.cursor() as cur:
            cur.execute("CREATE SCHEMA IF NOT EXISTS newswatch")
            cur.execute(
                """CREATE TABLE IF NOT EXISTS newswatch.schema_migrations (
                     version    integer PRIMARY KEY,
                     name       text NOT NULL,
                     checksum   text NOT NULL,
                     applied_at timestamptz NOT NULL DEFAULT now())"""
            )
            cur.execute("SELECT version, name, checksum FROM newswatch.schema_migrations")
            done = {v: (n, c) for v, n, c in cur.fetchall()}
        for m in available_migrations():
            if m.version in done:
                name, checksum = done[m.version]
                if checksum != m.checksum:
                    raise StoreError(
                        f"migration {m.name} changed after it was applied as {name}; "
                        "add a new migration instead of editing an applied one"
                    )
                continue
            try:
                with conn, conn.cursor() as cur:
                    cur.execute(m.sql)
                    cur.execute(
                        "INSERT INTO newswatch.schema_migrations (version, name, checksum)"
                        " VALUES (%s, %s, %s)",
                        (m.version, m.name, m.checksum),
                    )
            except psycopg2.Error as e:
                raise store_error(e, f"migration {m.name}") from e
            applied_now.append(m.name)
        applied_now.extend(f"view {name}" for name in _apply_views(conn))
    finally:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK_KEY,))
        conn.commit()
    return applied_now


def _apply_views(conn: psycopg2.extensions.connection) -> list[str]:
    """Drop and create the views whose file changed (or that are missing), in one transaction."""
    views = available_views()
    with conn, conn.cursor() as cur:
        cur.execute(
            """CREATE TABLE IF NOT EXISTS newswatch.schema_views (
                 name       text PRIMARY KEY,
                 checksum   text NOT NULL,
                 applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        cur.execute("SELECT name, checksum FROM newswatch.schema_views")
        done = dict(cur.fetchall())
        cur.execute("SELECT viewname FROM pg_views WHERE schemaname = 'newswatch'")
        present = {row[0] for row in cur.fetchall()}
        stale = [v for v in views if done.get(v.name) != v.checksum or v.name not in present]
        if not stale:
            return []
        # All stale views go at once, so one that another reads can be replaced too. No CASCADE:
        # an analyst's own view on top of ours stops the migration with PostgreSQL's message
        # naming it, rather than vanishing.
        names = [pgsql.Identifier("newswatch", v.name) for v in stale]
        try:
            cur.execute(pgsql.SQL("DROP VIEW IF EXISTS {}").format(pgsql.SQL(", ").join(names)))
        except psycopg2.errors.DependentObjectsStillExist as e:
            detail = (e.diag.message_detail or "").replace("\n", "; ")
            raise StoreError(f"cannot replace the views {', '.join(v.name for v in stale)}: {detail or e.pgerror}; "
                             "drop that object, migrate, then create it again") from e
        cur.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(VIEW_READERS),))
        readers = [row[0] for row in cur.fetchall()]
        for view in stale:
            cur.execute(view.sql)
            for role in readers:
                cur.execute(pgsql.SQL("GRANT SELECT ON {} TO {}").format(
                    pgsql.Identifier("newswatch", view.name), pgsql.Identifier(role)))
            cur.execute(
                """INSERT INTO newswatch.schema_views (name, checksum) VALUES (%s, %s)
                   ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()""",
                (view.name, view.checksum),
            )
    return [v.name for v in stale]


def ensure_database(url: str) -> bool:
    """Create the database named in ``url`` if the server lacks it; True when it was created.

    A fresh machine has a PostgreSQL server but no ``newswatch`` database; ``newswatch init``
    should just work there. Connects to the server's ``postgres`` database to create it.
    """
    try:
        connect(url).close()
        return False
    except StoreUnavailable as e:
        if "does not exist" not in str(e):
            raise
    dsn = psycopg2.extensions.parse_dsn(url)
    dbname = dsn.pop("dbname")
    admin = connect(psycopg2.extensions.make_dsn(**{**dsn, "dbname": "postgres"}))
    try:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(dbname)))
    except psycopg2.errors.DuplicateDatabase:
        return False  # created by someone else meanwhile
    except psycopg2.Error as e:
        raise StoreError(f"cannot create database {dbname!r} on {redact_url(url)}: {e}".strip()) from e
    finally:
        admin.close()
    return True
