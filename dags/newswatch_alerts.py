"""
### newswatch_alerts

Runs when `newswatch_extract` updates `newswatch://world-events`. Matches the world events that
changed against the watch topics (`NEWSWATCH_TOPICS_FILE`, default
`include/config/watch_topics.yaml`), flags each genuinely new development once
(`DevelopmentFlagged`, with its `novelty_kind`: first in window, new supplier/recipient, claim
status, stage change, new weapon class), then delivers it to the topic's channels (log, webhook,
email, apprise, Atom feed) through an outbox: each attempt is recorded, failed deliveries are
retried with backoff on later runs. Muted alert streams are flagged but not delivered.

Alerts and their delivery status: `newswatch.alerts`.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from newswatch_airflow import (
    DEFAULT_ARGS,
    EVENTS,
    START_DATE,
    open_store,
    run_context,
    task_boundary,
)


@dag(
    dag_id="newswatch_alerts",
    schedule=[EVENTS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newswatch", "alerts"],
    doc_md=__doc__,
)
def newswatch_alerts():
    @task
    @task_boundary
    def flag_developments() -> dict:
        from newswatch import config
        from newswatch.alerts.flagging import flag_developments as flag
        from newswatch.alerts.topics import load_topics

        with open_store() as store:
            return flag(store, load_topics(config.topics_file()), run_context())

    @task
    @task_boundary
    def deliver_alerts(flagged: dict) -> dict:
        from newswatch import config
        from newswatch.alerts.delivery import deliver_alerts as deliver
        from newswatch.alerts.topics import load_topics

        with open_store() as store:
            return deliver(store, load_topics(config.topics_file()), run_context())

    deliver_alerts(flag_developments())


newswatch_alerts()
