"""
### newswatch_recode (maintenance, manual)

Re-codes the articles published between `since` and `until` (inclusive, YYYY-MM-DD) with the
installed extractor, recorded as `extractor_version` (default: the installed version). New
mentions are appended beside the old ones (mention ids include the extractor version); nothing
already in the log is rewritten. The read models then show each article's latest coding: older
mentions are marked superseded in `newswatch.event_mentions` and the counts in
`newswatch.world_events`; the log keeps every version.

Updates `newswatch://world-events`, so `newswatch_alerts` evaluates any event the new coding
identified or moved on.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, task

from newswatch_airflow import (
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
    dag_id="newswatch_recode",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={**DEFAULT_ARGS, "retries": 1},
    tags=["newswatch", "maintenance"],
    doc_md=__doc__,
    params={
        "since": Param("2026-01-01", type="string", format="date", description="first publication day"),
        "until": Param("2026-01-31", type="string", format="date", description="last publication day"),
        "extractor_version": Param(None, type=["null", "string"],
                                   description="label of the new coding (default: the installed version)"),
    },
)
def newswatch_recode():
    @task(outlets=[NEW_EVENTS])
    @task_boundary
    def recode_range(**context) -> dict:
        from datetime import date

        from newswatch.extract import EXTRACTOR_VERSION
        from newswatch.worldevents.recoding import recode_articles

        params = context["params"]
        with open_store() as store:
            counts = recode_articles(store, run_context(), date.fromisoformat(params["since"]),
                                     date.fromisoformat(params["until"]),
                                     extractor_version=params.get("extractor_version") or EXTRACTOR_VERSION)
        announce(context, NEW_EVENTS, EVENTS, counts, new=counts["articles"])
        return counts

    recode_range()


newswatch_recode()
