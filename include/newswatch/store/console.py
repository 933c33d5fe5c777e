"""The SQL console behind `newswatch sql "…"`: one read-only query for analysts, capped in time,
rows and bytes (a ``truncated`` flag says when a cap cut the result), in the spirit of
datasette's ad-hoc SQL.

Nothing here parses SQL. The locks are PostgreSQL's own:

- the login is only ``newswatch_reader`` (checked before anything runs: ``roles.connect_reader``),
  so there is no stronger role to SET or RESET to, and no file, program or write privilege;
- the text goes to the server as one string argument of ``newswatch.console_open`` (migration
  0090), which opens it as a cursor through SPI: PostgreSQL refuses a second statement and
  anything that is not a query (COMMIT, SET, COPY, DO, CALL, PREPARE, LISTEN, CREATE...);
- the transaction is READ ONLY, so even a write reached through a function is refused, and it is
  never committed: what PostgreSQL still allows in a read-only transaction (a large object from
  ``lo_create``, a ``pg_notify``) is rolled back with the session;
- the time limit holds from both sides: ``statement_timeout`` on the server, and a cancel from
  the client at the deadline, which a query that lifts its own timeout (``set_config``) cannot
  lift;
- rows are fetched in batches sized to what is left of the byte budget, so a result of huge rows
  costs about the budget in memory, never the whole result.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import psycopg2
import psycopg2.errors

from newswatch.errors import ConfigError, NewswatchError, StoreUnavailable
from newswatch.store.eventstore import redact_url, store_error
from newswatch.store.roles import READER_ROLE, connect_reader

DEFAULT_ROW_CAP = 1000
DEFAULT_TIMEOUT_MS = 10_000
DEFAULT_BYTE_CAP = 10 * 1024 * 1024
PORTAL = "newswatch_sql"
MAX_BATCH = 500  # rows per FETCH when rows are small


class QueryRefused(NewswatchError):
    """The statement was not run, or the database stopped it; the message says why."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows existed than the caps allowed
    truncated_by: str | None = None  # "rows" or "bytes" when truncated
    size_bytes: int = 0  # what the returned rows weigh, as the byte cap counts it


def run_query(url: str, sql: str, *, row_cap: int = DEFAULT_ROW_CAP, timeout_ms: int = DEFAULT_TIMEOUT_MS,
              byte_cap: int = DEFAULT_BYTE_CAP) -> QueryResult:
    """Run one read-only query as the reader login of ``url``; QueryRefused for anything else."""
    if not sql.strip():
        raise QueryRefused("no SQL statement given")
    conn = connect_reader(url, application_name="newswatch-sql")
    deadline = time.monotonic() + timeout_ms / 1000
    cancelled = threading.Event()

    def cancel() -> None:
        cancelled.set()
        try:
            conn.cancel()  # thread-safe in libpq: asks the server to stop the running statement
        except psycopg2.Error:
            pass  # nothing running, or the connection is already gone

    timer = threading.Timer(timeout_ms / 1000, cancel)
    timer.daemon = True
    try:
        with conn.cursor() as cur:
            # Per transaction, so it holds for every FETCH; a query may lower it, and if it lifts
            # it, the client-side cancel still comes at the deadline.
            cur.execute("SELECT set_config('statement_timeout', %s, true)", (str(int(timeout_ms)),))
            timer.start()
            cur.execute("SELECT newswatch.console_open(%s, %s)", (sql, PORTAL))
            result = _fetch(cur, row_cap, byte_cap, deadline)
        if result is None:  # the deadline passed between two batches
            raise QueryRefused(f"stopped by the statement timeout ({timeout_ms / 1000:g} s)")
        return result
    except psycopg2.errors.QueryCanceled as e:
        raise QueryRefused(f"stopped by the statement timeout ({timeout_ms / 1000:g} s)") from e
    except (psycopg2.errors.UndefinedFunction, psycopg2.errors.InvalidSchemaName) as e:
        primary = e.diag.message_primary or ""
        if "console_open" not in primary and 'schema "newswatch"' not in primary:
            raise QueryRefused(_first_line(e)) from e
        raise ConfigError(f"the event store at {redact_url(url)} is not initialised: run `newswatch init`"
                          " (the console needs migration 0090)") from e
    except psycopg2.errors.InsufficientPrivilege as e:
        raise QueryRefused(f"{_first_line(e)} ({READER_ROLE} may read the newswatch views and the "
                           "events log only)") from e
    except psycopg2.errors.ReadOnlySqlTransaction as e:
        raise QueryRefused(f"read-only: {_first_line(e)}") from e
    except (psycopg2.errors.InvalidCursorDefinition, psycopg2.errors.FeatureNotSupported) as e:
        raise QueryRefused(_not_a_query(e)) from e
    except psycopg2.Error as e:
        if cancelled.is_set() and isinstance(e, psycopg2.OperationalError | psycopg2.InterfaceError):
            raise QueryRefused(f"stopped by the statement timeout ({timeout_ms / 1000:g} s)") from e
        error = store_error(e, "the SQL console")
        if isinstance(error, StoreUnavailable):
            raise error from e
        raise QueryRefused(_first_line(e)) from e
    finally:
        timer.cancel()
        _close(conn)


def _fetch(cur: Any, row_cap: int, byte_cap: int, deadline: float) -> QueryResult | None:
    """Read the portal a batch at a time until the rows run out or a cap is reached (None when
    the deadline passed first)."""
    rows: list[tuple[Any, ...]] = []
    size = 0
    largest = 0  # the widest row so far: batches are sized so that one more cannot burst the budget
    columns: tuple[str, ...] = ()
    batch = 1  # the first FETCH learns the columns and a first row size cheaply
    while True:
        if time.monotonic() > deadline:
            return None
        want = min(batch, row_cap + 1 - len(rows))
        cur.execute(f'FETCH FORWARD {int(want)} FROM "{PORTAL}"')
        columns = tuple(d.name for d in cur.description or ())
        fetched = cur.fetchall()
        for row in fetched:
            weight = row_size(row)
            if len(rows) == row_cap:
                return QueryResult(columns, rows, True, "rows", size)
            if size + weight > byte_cap:
                return QueryResult(columns, rows, True, "bytes", size)
            rows.append(row)
            size += weight
            largest = max(largest, weight)
        if len(fetched) < want:
            return QueryResult(columns, rows, False, None, size)
        room = (byte_cap - size) // max(largest, 1)
        batch = max(1, min(MAX_BATCH, room, batch * 4))


def row_size(row: tuple[Any, ...]) -> int:
    """What a row weighs for the byte cap: its values' text lengths (what it costs to print)."""
    total = 0
    for value in row:
        if value is None:
            continue
        if isinstance(value, str | bytes | bytearray | memoryview):
            total += len(value)
        else:
            total += len(str(value))
    return total


def _not_a_query(e: psycopg2.Error) -> str:
    first = _first_line(e)
    if "multi-query" in first:
        return "one statement at a time, please (PostgreSQL found several, or none)"
    if first.startswith("cannot open"):
        return (f"read-only, one query: only SELECT, WITH, VALUES, TABLE, EXPLAIN or SHOW can run here "
                f"(PostgreSQL: {first})")
    return first


def _close(conn: Any) -> None:
    # Closing the session also ends anything it took: advisory locks, LISTENs, settings.
    try:
        conn.cancel()
    except psycopg2.Error:
        pass
    try:
        conn.close()
    except psycopg2.Error:
        pass


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


__all__ = ["DEFAULT_BYTE_CAP", "DEFAULT_ROW_CAP", "DEFAULT_TIMEOUT_MS", "QueryRefused", "QueryResult", "row_size",
           "run_query"]
