"""
### newswatch_extract

Runs when `newswatch_ingest` updates `newswatch://articles`. Codes every accepted article not yet
coded by the current extractor (actors, PLOVER event type, claim status and claimant, event
date, place, arms-transfer detail), joins each mention to its world event, and counts
duplicates as extra sources without coding them twice.

Read the result in `newswatch.world_events` and `newswatch.event_mentions`.
Updates `newswatch://world-events` (which schedules `newswatch_alerts`) when it coded an article
or linked a duplicate.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from newswatch_airflow import (
    ARTICLES,
    DEFAULT_ARGS,
    EVENTS,
    NEW_EVENTS,
    START_DATE,
    announce,
    open_store,
    run_context,
    task_boundary,
)


@dag(
    dag_id="newswatch_extract",
    schedule=[ARTICLES],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newswatch", "extract"],
    doc_md=__doc__,
)
def newswatch_extract():
    @task(outlets=[NEW_EVENTS])
    @task_boundary
    def code_articles(**context) -> dict:
        from newswatch.worldevents.coding import code_articles as code

        with open_store() as store:
            counts = code(store, run_context())
        announce(context, NEW_EVENTS, EVENTS, counts, new=counts["articles"] + counts["duplicates_linked"])
        return counts

    code_articles()


newswatch_extract()
