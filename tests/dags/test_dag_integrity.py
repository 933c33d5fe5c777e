"""DAG integrity: every DAG file imports cleanly, without deprecation warnings, quickly, and
follows the project's conventions (tags, no catchup, retries, docs, asset wiring)."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.dags

DAG_IDS = ["newswatch_ingest", "newswatch_extract", "newswatch_alerts", "newswatch_replay",
           "newswatch_recode"]


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])


def test_dag_files_import_without_errors(dagbag):
    assert dagbag.import_errors == {}, "\n".join(f"{k}: {v}" for k, v in dagbag.import_errors.items())
    assert sorted(dagbag.dags) == sorted(DAG_IDS)


def test_dag_files_raise_no_deprecation_warnings(dagbag):
    assert not dagbag.captured_warnings, dagbag.captured_warnings


def test_dag_files_parse_fast(dagbag):
    slow = [(s.file, s.duration) for s in dagbag.dagbag_stats if s.duration.total_seconds() > 2]
    assert not slow, slow


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_dags_follow_conventions(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.tags and "newswatch" in dag.tags
    assert dag.catchup is False
    assert dag.doc_md and dag_id in dag.doc_md
    assert dag.max_active_runs == 1
    assert all(t.retries >= 1 for t in dag.tasks)
    dag.validate()


def test_assets_chain_ingest_to_extract_to_alerts(dagbag):
    # The producers declare an alias and add the asset's event only when something is new.
    from newswatch_airflow import ARTICLES, EVENTS, NEW_ARTICLES, NEW_EVENTS

    assert dagbag.dags["newswatch_ingest"].get_task("screen").outlets == [NEW_ARTICLES]
    assert ARTICLES in dagbag.dags["newswatch_extract"].timetable.asset_condition.objects
    assert dagbag.dags["newswatch_extract"].get_task("code_articles").outlets == [NEW_EVENTS]
    assert dagbag.dags["newswatch_recode"].get_task("recode_range").outlets == [NEW_EVENTS]
    assert EVENTS in dagbag.dags["newswatch_alerts"].timetable.asset_condition.objects


def test_every_task_reports_its_final_failure(dagbag):
    from newswatch_airflow.notifier import FailureNotifier

    for dag_id in DAG_IDS:
        for task in dagbag.dags[dag_id].tasks:
            callbacks = task.on_failure_callback or []
            assert any(isinstance(c, FailureNotifier) for c in callbacks), (dag_id, task.task_id)


def test_dag_files_keep_heavy_imports_inside_tasks():
    from pathlib import Path

    heavy = ("great_expectations", "pandas", "psycopg2", "httpx", "feedparser")
    for path in Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"]).glob("*.py"):
        top_level = [line for line in path.read_text().splitlines() if line.startswith(("import ", "from "))]
        assert not [line for line in top_level if any(h in line for h in heavy)], path
