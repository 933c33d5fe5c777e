"""End to end through Airflow: the three DAGs run with dag.test() over the sample feeds served on
localhost, into a real PostgreSQL event store, delivering to a real local webhook receiver.

dag.test() does not raise when a task fails, so every run's state is asserted.
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.dags

DAG_CHAIN = ("newswatch_ingest", "newswatch_extract", "newswatch_alerts")


@pytest.fixture(scope="module")
def dags():
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils import db

    db.resetdb()  # this test session's own SQLite metadata DB (see conftest)
    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    assert not bag.import_errors
    return bag.dags


@pytest.fixture
def pipeline_env(db_url, samples, httpserver, monkeypatch):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("AIRFLOW_CONN_NEWSWATCH_DB", db_url)
    monkeypatch.setenv("NEWSWATCH_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/not-this-one")
    monkeypatch.setenv("NEWSWATCH_FEEDS_FILE", str(root / "include" / "samples" / "feeds.yaml"))
    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    return db_url


def _run_chain(dags) -> None:
    from airflow.utils.state import DagRunState

    for dag_id in DAG_CHAIN:
        for task in dags[dag_id].tasks:
            task.retries = 0  # dag.test() would sleep through real retry delays; fail fast here
        run = dags[dag_id].test()
        assert run.state == DagRunState.SUCCESS, f"{dag_id} ended {run.state}"


def _query(url, sql):
    from newswatch.store import EventStore

    with EventStore.open(url) as store, store.transaction() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_the_three_dags_turn_sample_feeds_into_one_arms_transfer_alert(dags, pipeline_env, httpserver):
    url = pipeline_env
    _run_chain(dags)

    rows = _query(url, """SELECT event_type, actor1_code, actor2_code, event_date::text, date_basis,
                                 claim_status, claimed_by
                          FROM newswatch.world_events ORDER BY event_date, event_type""")
    assert ("AID", "PRK", "RUS", "2023-11-08", "publication", "alleged", "USA") in rows
    assert any(r[0] == "CONSULT" and r[3] == "2019-01-01" and r[4] == "text" for r in rows)
    alerts = _query(url, "SELECT topic, summary FROM newswatch.alerts WHERE topic = 'arms-transfers'")
    assert len(alerts) == 1 and "PRK" in alerts[0][1] and "RUS" in alerts[0][1]
    assert [r.get_json()["topic"] for r, _ in httpserver.log] == ["arms-transfers"]
    failing = _query(url, "SELECT name, last_failure_reason FROM newswatch.feeds WHERE health <> 'ok'")
    assert failing == [("valley-gazette", "not_a_feed")]

    events_before = _query(url, "SELECT type, count(*) FROM newswatch.events"
                                " WHERE type NOT IN ('FeedPolled', 'FeedPollFailed') GROUP BY type ORDER BY type")
    _run_chain(dags)  # the next scheduled runs: nothing new in the feeds
    assert _query(url, "SELECT type, count(*) FROM newswatch.events"
                       " WHERE type NOT IN ('FeedPolled', 'FeedPollFailed') GROUP BY type ORDER BY type") == events_before
    assert len(httpserver.log) == 1
