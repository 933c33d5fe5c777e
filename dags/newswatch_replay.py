"""
### newswatch_replay (maintenance, manual)

Rebuilds every projection (the tables behind the `newswatch.*` views) from position 0 of the
event log, each in one transaction, so readers see the old rows until the new ones commit.
Trigger it after changing a projection or to prove the read models are derivable from the log.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from newswatch_airflow import DEFAULT_ARGS, START_DATE, open_store, task_boundary


@dag(
    dag_id="newswatch_replay",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "retries": 1},
    tags=["newswatch", "maintenance"],
    doc_md=__doc__,
)
def newswatch_replay():
    @task
    @task_boundary
    def rebuild_projections() -> dict:
        from newswatch.projections import rebuild_all

        with open_store() as store:
            return rebuild_all(store)

    rebuild_projections()


newswatch_replay()
