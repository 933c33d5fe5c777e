"""Airflow glue for the newswatch DAGs: assets, default args, the store connection and the run
context. The only code that turns Airflow's world (connections, data intervals, failures) into
newswatch's plain arguments; the domain package `newswatch` never imports Airflow. Installed
with the project (pyproject), so DAG files, workers and tests import it the same way.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

import pendulum
from airflow.sdk import Asset, AssetAlias

from newswatch_airflow.notifier import FailureNotifier

log = logging.getLogger(__name__)

ARTICLES = Asset(name="newswatch_articles", uri="newswatch://articles")
EVENTS = Asset(name="newswatch_world_events", uri="newswatch://world-events")
# A task's outlet asset gets an event whenever the task succeeds. The stages that feed another
# DAG declare an alias instead and add the asset's event only when they produced something new,
# so a quiet 15-minute tick costs one DAG run, not three.
NEW_ARTICLES = AssetAlias(name="newswatch_new_articles")
NEW_EVENTS = AssetAlias(name="newswatch_new_world_events")
CONN_ID = "newswatch_db"
INGEST_SCHEDULE = os.environ.get("NEWSWATCH_INGEST_SCHEDULE", "").strip() or "*/15 * * * *"
START_DATE = pendulum.datetime(2026, 1, 1, tz="UTC")
DEFAULT_ARGS = {
    "owner": "newswatch",
    "retries": 3,
    "retry_delay": pendulum.duration(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": pendulum.duration(minutes=10),
    # A task that failed for good is sent to the channels of NEWSWATCH_FAILURE_CHANNELS.
    "on_failure_callback": [FailureNotifier()],
}
# libpq settings a connection's extra may carry (sslmode=require, connect_timeout=5 ...).
LIBPQ_EXTRAS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options",
                "application_name", "target_session_attrs", "keepalives", "keepalives_idle")

T = TypeVar("T")


def database_url() -> str:
    """The event store's URL: the Airflow connection ``newswatch_db``, read through the postgres
    provider's hook (so secrets backends, IAM tokens and the provider's own rules apply).

    Without that connection the task fails with a message saying so, unless
    NEWSWATCH_DATABASE_URL is set on purpose: a silent fall back to localhost would write a
    deployment's events into whatever database happens to answer there.
    """
    from airflow.providers.postgres.hooks.postgres import PostgresHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    from newswatch import config
    from newswatch.errors import ConfigError

    hook = PostgresHook(postgres_conn_id=CONN_ID)
    try:
        connection = hook.connection
    except AirflowNotFoundException as e:
        explicit = os.environ.get("NEWSWATCH_DATABASE_URL", "").strip()
        if explicit:
            log.info("no Airflow connection %r: using NEWSWATCH_DATABASE_URL", CONN_ID)
            return explicit
        raise ConfigError(
            f"the Airflow connection {CONN_ID!r} (the newswatch event store) is not defined: create it "
            f"(e.g. AIRFLOW_CONN_{CONN_ID.upper()}=postgresql://user:password@host:5432/newswatch), "
            f"or set NEWSWATCH_DATABASE_URL to use that URL instead") from e
    # The provider builds the URL (login, password, host, port, database); libpq settings kept in
    # the connection's extra ride along as query parameters. psycopg2 takes a plain postgresql://.
    extra = connection.extra_dejson or {}
    params = {k: str(extra[k]) for k in LIBPQ_EXTRAS if extra.get(k) not in (None, "")}
    url = hook.sqlalchemy_url
    url = url.set(drivername="postgresql", query={**url.query, **params})
    if not url.database:
        url = url.set(database=config.DEFAULT_DATABASE_URL.rsplit("/", 1)[-1])
    return url.render_as_string(hide_password=False)


def worker_hostname() -> str:
    """``[core] hostname_callable`` for several workers on one machine: NEWSWATCH_WORKER_NAME
    tells them apart in the task instances' hostname (else the machine's FQDN, Airflow's default)."""
    import socket

    return os.environ.get("NEWSWATCH_WORKER_NAME", "").strip() or socket.getfqdn()


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


def announce(context: Any, alias: AssetAlias, asset: Asset, counts: dict, *, new: int) -> None:
    """Emit ``asset``'s event through ``alias`` when ``new`` things were produced; else nothing,
    and the consumer DAG is not scheduled."""
    if new > 0:
        context["outlet_events"][alias].add(asset, extra=counts)
    else:
        log.info("nothing new: no event for %s, so the DAGs scheduled on it do not run", asset.uri)
