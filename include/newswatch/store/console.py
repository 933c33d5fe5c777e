"""The SQL console behind `newswatch sql "…"`: one read-only statement for analysts, as the newswatch_reader role, with a
statement timeout and a row cap (a `truncated` flag says when the cap cut the result), in the
spirit of datasette's ad-hoc SQL.

Three locks, any one of which stops a write: the statement must be a single statement, it runs
in a READ ONLY transaction, and under the role newswatch_reader, which may SELECT the views and
the log and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import psycopg2
import psycopg2.errors

from newswatch.errors import NewswatchError
from newswatch.store import connect

READER_ROLE = "newswatch_reader"
DEFAULT_ROW_CAP = 1000
DEFAULT_TIMEOUT_MS = 10_000
# Statements that can run through a server-side cursor (rows streamed, never all in memory).
_CURSOR_ABLE = re.compile(r"^\s*(select|with|values|table)\b", re.IGNORECASE)
_TOKENS = re.compile(r"""--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|"(?:[^"]|"")*"|(\$[A-Za-z_0-9]*\$).*?\1|;""", re.DOTALL)


class QueryRefused(NewswatchError):
    """The statement was not run, or the database stopped it; the message says why."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows existed than the cap allowed


def single_statement(sql: str) -> str:
    """``sql`` without a trailing semicolon; QueryRefused if it is empty or holds several
    statements (semicolons inside quotes, dollar quotes and comments do not count)."""
    text = sql.strip()
    cuts = [m.start() for m in _TOKENS.finditer(text) if m.group(0) == ";"]
    if cuts and text[cuts[-1]:].strip() == ";":
        text, cuts = text[:cuts[-1]].rstrip(), cuts[:-1]
    if cuts:
        raise QueryRefused("one statement at a time, please (found a ';' between statements)")
    if not _TOKENS.sub(" ", text).strip():
        raise QueryRefused("no SQL statement given")
    return text


def run_query(url: str, sql: str, *, row_cap: int = DEFAULT_ROW_CAP,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, role: str = READER_ROLE) -> QueryResult:
    statement = single_statement(sql)
    conn = connect(url, application_name="newswatch-sql", jit=True)  # analysts' large scans may gain
    try:
        conn.set_session(readonly=True)
        with conn.cursor() as cur:
            try:
                cur.execute(f"SET LOCAL ROLE {role}")
            except psycopg2.errors.InsufficientPrivilege as e:
                raise QueryRefused(f"this login may not act as {role}: connect as a member of it "
                                   f"(GRANT {role} TO <you>)") from e
            cur.execute("SELECT set_config('statement_timeout', %s, true),"
                        " set_config('search_path', 'newswatch, public', true)", (str(int(timeout_ms)),))
        try:
            return _fetch(conn, statement, row_cap)
        except psycopg2.errors.QueryCanceled as e:
            raise QueryRefused(f"stopped by the statement timeout ({timeout_ms} ms)") from e
        except psycopg2.errors.InsufficientPrivilege as e:
            raise QueryRefused(f"{_first_line(e)} ({role} may read the newswatch views and the "
                               "events log only)") from e
        except psycopg2.errors.ReadOnlySqlTransaction as e:
            raise QueryRefused(f"read-only: {_first_line(e)}") from e
        except psycopg2.Error as e:
            raise QueryRefused(_first_line(e)) from e
    finally:
        conn.rollback()
        conn.close()


def _fetch(conn: Any, statement: str, row_cap: int) -> QueryResult:
    named = bool(_CURSOR_ABLE.match(statement))
    with conn.cursor(name="newswatch_sql" if named else None) as cur:
        if named:
            cur.itersize = min(row_cap + 1, 2000)
        cur.execute(statement)
        if not named and cur.description is None:
            return QueryResult((), [], False)  # a statement that returns no rows (SET, ...)
        rows = cur.fetchmany(row_cap + 1)  # a server-side cursor knows its columns only now
        return QueryResult(tuple(d.name for d in cur.description), rows[:row_cap], len(rows) > row_cap)


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


__all__ = ["QueryRefused", "QueryResult", "run_query", "single_statement"]
