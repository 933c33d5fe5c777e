"""Versioned, idempotent schema migrations shipped as package data (``newswatch/store/sql/migrations/NNNN_*.sql``).

Each file runs once, in its own transaction, under a session advisory lock so that two
processes migrating at once (an Airflow init container and a CLI) do not race. A file that
changed after it was applied is an error: write a new migration instead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

import psycopg2.extensions
from psycopg2 import sql as pgsql

from newswatch.errors import StoreError, StoreUnavailable
from newswatch.store.eventstore import connect, redact_url

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
    """Apply every pending migration; return the names applied (empty when up to date)."""
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
            with conn, conn.cursor() as cur:
                cur.execute(m.sql)
                cur.execute(
                    "INSERT INTO newswatch.schema_migrations (version, name, checksum)"
                    " VALUES (%s, %s, %s)",
                    (m.version, m.name, m.checksum),
                )
            applied_now.append(m.name)
    finally:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATE_LOCK_KEY,))
        conn.commit()
    return applied_now


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
