"""Airflow glue for the newswatch DAGs: assets, default args, the store connection and the run
context. The only code that turns Airflow's world (connections, data intervals, failures) into
newswatch's plain arguments; the domain package `newswatch` never imports Airflow. Installed
with the project (pyproject), so DAG files, workers and tests import it the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

import pendulum
from airflow.sdk import Asset

ARTICLES = Asset(name="newswatch_articles", uri="newswatch://articles")
EVENTS = Asset(name="newswatch_world_events", uri="newswatch://world-events")
CONN_ID = "newswatch_db"
START_DATE = pendulum.datetime(2026, 1, 1, tz="UTC")
DEFAULT_ARGS = {
    "owner": "newswatch",
    "retries": 3,
    "retry_delay": pendulum.duration(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": pendulum.duration(minutes=10),
}

T = TypeVar("T")


def database_url() -> str:
    """The event store: Airflow connection ``newswatch_db`` if defined, else
    NEWSWATCH_DATABASE_URL (or its default)."""
    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException
    from psycopg2.extensions import make_dsn

    from newswatch import config

    try:
        conn = BaseHook.get_connection(CONN_ID)
    except AirflowNotFoundException:
        return config.database_url()
    extra = conn.extra_dejson or {}
    params = {k: v for k, v in extra.items() if k in ("sslmode", "connect_timeout", "options", "application_name")}
    return make_dsn(host=conn.host or None, port=conn.port or None, user=conn.login or None,
                    password=conn.password or None, dbname=conn.schema or "newswatch", **params)


def open_store():
    from newswatch.store import EventStore

    return EventStore.open(database_url(), application_name="newswatch-airflow")


def run_context():
    """The run's identity and reference time, from the data interval (never the wall clock)."""
    from airflow.sdk import get_current_context

    from newswatch.model import RunContext

    ctx = get_current_context()
    dag_run = ctx["dag_run"]
    moment = ctx.get("data_interval_end") or dag_run.run_after
    # A plain datetime, not pendulum's subclass: the domain hands it to libraries (GX) that
    # compare exact types.
    now = datetime.fromtimestamp(moment.timestamp(), tz=timezone.utc)
    return RunContext(run_id=f"{dag_run.dag_id}__{dag_run.run_id}", now=now,
                      extra={"dag_id": dag_run.dag_id, "task_id": ctx["ti"].task_id,
                             "try_number": ctx["ti"].try_number})


def task_boundary(fn: Callable[..., T]) -> Callable[..., T]:
    """The one catch-all at the task edge. newswatch's own errors are deterministic (a bad
    configuration, a migration whose checksum changed, a WrongExpectedVersion that survived the
    domain's own retry, a statement the store refused): the task fails at once, since a retry
    cannot fix them. StoreUnavailable (the database unreachable or lost) and anything unforeseen
    are retried with backoff like any transient error."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        from airflow.sdk.exceptions import AirflowFailException

        from newswatch.errors import NewswatchError, StoreUnavailable

        try:
            return fn(*args, **kwargs)
        except StoreUnavailable:
            raise
        except NewswatchError as e:
            raise AirflowFailException(f"{type(e).__name__}: {e}") from e

    return wrapper
