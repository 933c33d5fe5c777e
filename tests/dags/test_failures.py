"""How newswatch's DAGs fail: a missing event-store connection is a clear failure (never a silent
fall back to localhost), the failure reaches the configured channel, and the connection is read
through the postgres provider."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.dags


@pytest.fixture(scope="module")
def dags():
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils import db

    db.resetdb()
    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    assert not bag.import_errors
    return bag.dags


def _run(dag):
    for task in dag.tasks:
        task.retries = 0
    return dag.test()


def _task_state(run, task_id):
    return {ti.task_id: ti.state for ti in run.get_task_instances()}[task_id]


def test_a_missing_connection_fails_the_task_and_notifies_the_failure_channel(dags, httpserver, monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_NEWSWATCH_DB", raising=False)
    monkeypatch.delenv("NEWSWATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("NEWSWATCH_FAILURE_CHANNELS", "desk-webhook")
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/failures"))
    httpserver.expect_request("/failures", method="POST").respond_with_data("ok")

    run = _run(dags["newswatch_replay"])

    assert _task_state(run, "rebuild_projections") == "failed"
    [(request, _)] = httpserver.log
    notice = request.get_json()
    assert notice["topic"] == "pipeline-failure"
    assert notice["failure"]["dag_id"] == "newswatch_replay"
    assert notice["failure"]["task_id"] == "rebuild_projections"
    # The reason names the missing connection and both ways to provide it.
    assert "'newswatch_db'" in notice["failure"]["error"]
    assert "NEWSWATCH_DATABASE_URL" in notice["failure"]["error"]
    assert request.headers["X-Newswatch-Alert-Id"] == notice["alert_id"]


def test_without_failure_channels_a_failure_sends_nothing(dags, httpserver, monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_NEWSWATCH_DB", raising=False)
    monkeypatch.delenv("NEWSWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("NEWSWATCH_FAILURE_CHANNELS", raising=False)
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/failures"))

    run = _run(dags["newswatch_replay"])

    assert _task_state(run, "rebuild_projections") == "failed"
    assert httpserver.log == []


def test_newswatch_database_url_set_on_purpose_replaces_the_connection(dags, db_url, monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_NEWSWATCH_DB", raising=False)
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", db_url)

    run = _run(dags["newswatch_replay"])

    assert _task_state(run, "rebuild_projections") == "success"


def test_the_connection_is_read_through_the_postgres_hook_with_its_libpq_extras(monkeypatch):
    from newswatch_airflow import database_url

    monkeypatch.setenv(
        "AIRFLOW_CONN_NEWSWATCH_DB",
        '{"conn_type": "postgres", "host": "db.internal", "port": 6543, "login": "pipeline", '
        '"password": "p@ss/word", "schema": "events", "extra": {"sslmode": "require", "connect_timeout": 7}}',
    )
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/not-this-one")

    import psycopg2.extensions

    dsn = psycopg2.extensions.parse_dsn(database_url())
    assert dsn == {"user": "pipeline", "password": "p@ss/word", "host": "db.internal", "port": "6543",
                   "dbname": "events", "sslmode": "require", "connect_timeout": "7"}
