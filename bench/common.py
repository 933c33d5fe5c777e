"""What every benchmark shares: throw-away databases, medians of timed runs, peak memory, rows.

Databases are created on the server of NEWSWATCH_DATABASE_URL as ``newswatch_bench_<pid>_<n>``
(cloned from one migrated template per process) and dropped afterwards; the store named in
NEWSWATCH_DATABASE_URL itself is never touched.
"""

from __future__ import annotations

import itertools
import logging
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg2.extensions

from newswatch.config import database_url
from newswatch.store import connect
from newswatch.store.migrations import migrate

PREFIX = f"newswatch_bench_{os.getpid()}_"
_counter = itertools.count(1)
_template: str | None = None


def server_url(dbname: str) -> str:
    dsn = psycopg2.extensions.parse_dsn(database_url())
    return psycopg2.extensions.make_dsn(**{**dsn, "dbname": dbname})


def _admin() -> psycopg2.extensions.connection:
    conn = connect(server_url("postgres"), application_name="newswatch-bench")
    conn.autocommit = True
    return conn


def _drop(name: str) -> None:
    admin = _admin()
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def _template_db() -> str:
    """One migrated database per process; scratch databases are cloned from it (fast)."""
    global _template
    if _template is None:
        name = PREFIX + "template"
        admin = _admin()
        try:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            admin.close()
        conn = connect(server_url(name))
        try:
            migrate(conn)
        finally:
            conn.close()
        _template = name
    return _template


def drop_template() -> None:
    global _template
    if _template is not None:
        _drop(_template)
        _template = None


@contextmanager
def scratch_database(tag: str = "") -> Iterator[str]:
    """The URL of a fresh, migrated, empty event store, dropped on exit."""
    name = f"{PREFIX}{next(_counter)}{('_' + tag) if tag else ''}"
    template = _template_db()
    admin = _admin()
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        admin.close()
    try:
        yield server_url(name)
    finally:
        _drop(name)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def row(figure: str, metric: str, value: float, unit: str, note: str = "") -> dict[str, Any]:
    """One line of the printed table."""
    return {"figure": figure, "metric": metric, "value": value, "unit": unit, "note": note}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_main(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    # Results travel over the pipe; anything the code under test prints or logs goes to stderr,
    # so the harness's table on stdout stays clean. Per-article warnings would drown it.
    os.dup2(2, 1)
    logging.disable(logging.WARNING)
    try:
        conn.send(("ok", fn(*args), peak_rss_mb()))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which re-raises
        import traceback

        conn.send(("error", f"{type(e).__name__}: {e}\n{traceback.format_exc()}", 0.0))
    finally:
        drop_template()
        conn.close()


def in_child(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """Run ``fn(*args)`` in a fresh interpreter; return its result and that process's peak RSS
    in MB, so each figure's memory is its own (imports included), not the harness's.
    A plain (non-daemon) process, so the child may start children of its own."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(child, fn, args))
    process.start()
    child.close()
    try:
        status, value, peak = parent.recv()
    except EOFError as e:
        raise RuntimeError(f"benchmark process died (exit code {process.join() or process.exitcode})") from e
    finally:
        process.join()
    if status != "ok":
        raise RuntimeError(f"benchmark failed in a child process: {value}")
    return value, peak


def drop_leftovers() -> list[str]:
    """Drop bench databases left by interrupted runs (their process is gone)."""
    admin = _admin()
    dropped = []
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname ~ '^newswatch_bench_[0-9]+_'")
            for (name,) in cur.fetchall():
                pid = int(name.split("_")[2])
                try:
                    os.kill(pid, 0)
                    continue
                except ProcessLookupError:
                    pass
                except PermissionError:
                    continue
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                dropped.append(name)
    finally:
        admin.close()
    return dropped


def run_module(name: str, quick: bool) -> list[dict[str, Any]]:
    """``bench.<name>.run(quick)``: what the harness runs in each module's own process."""
    import importlib

    return list(importlib.import_module(f"bench.{name}").run(quick=quick))
