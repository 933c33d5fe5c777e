"""The maintenance DAG newswatch_recode, run with dag.test() and its params, re-codes a date range
of a real PostgreSQL store with a new extractor version label."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytestmark = pytest.mark.dags

ROOT = Path(__file__).resolve().parents[2]


def test_the_recode_dag_recodes_the_range_given_in_its_params(db_url, store, samples, httpserver, monkeypatch):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils import db
    from airflow.utils.state import DagRunState

    from newswatch.alerts.topics import load_topics
    from newswatch.ingest.feedlist import load_feed_list
    from newswatch.model import RunContext
    from newswatch.pipeline import run_cycle

    monkeypatch.setenv("NEWSWATCH_WEBHOOK_URL", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    run_cycle(store, load_feed_list(ROOT / "include" / "samples" / "feeds.yaml"),
              load_topics(ROOT / "include" / "config" / "watch_topics.yaml"),
              RunContext("seed", datetime(2023, 11, 8, 18, tzinfo=timezone.utc)))
    monkeypatch.setenv("AIRFLOW_CONN_NEWSWATCH_DB", db_url)

    db.resetdb()
    dag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"]).dags["newswatch_recode"]
    for t in dag.tasks:
        t.retries = 0
    run = dag.test(run_conf={"since": "2023-11-01", "until": "2023-11-30", "extractor_version": "rules-dag-test"})
    assert run.state == DagRunState.SUCCESS
    with store.transaction() as cur:
        cur.execute("SELECT DISTINCT extractor_version FROM newswatch.event_mentions")
        assert cur.fetchall() == [("rules-dag-test",)]
