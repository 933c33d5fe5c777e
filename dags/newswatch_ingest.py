"""
### newswatch_ingest

Polls every feed of the feed list (`NEWSWATCH_FEEDS_FILE`, default `include/config/feeds.yaml`)
in shards, then screens what is new: a great-expectations suite rejects malformed articles into
quarantine, exact dedup marks reprints. Every outcome is an event in the store
(`FeedPolled` / `FeedPollFailed`, `ArticleDiscovered`, `ArticleAccepted` / `ArticleRejected` /
`ArticleDuplicateDetected`); feed health is in `newswatch.feeds`, articles in `newswatch.articles`.

Updates the asset `newswatch://articles`, which schedules `newswatch_extract`.
Safe to retry or re-run: event ids are derived from the data, so nothing is appended twice.
"""

from __future__ import annotations

from airflow.sdk import dag, task
from newswatch_airflow import ARTICLES, DEFAULT_ARGS, START_DATE, open_store, run_context, task_boundary


@dag(
    dag_id="newswatch_ingest",
    schedule="*/15 * * * *",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["newswatch", "ingest"],
    doc_md=__doc__,
)
def newswatch_ingest():
    @task
    @task_boundary
    def plan_shards() -> list[list[str]]:
        from newswatch import config
        from newswatch.feeds import load_feed_list
        from newswatch.polling import plan_shards as plan

        return plan(load_feed_list(config.feeds_file()))

    @task(max_active_tis_per_dag=4)
    @task_boundary
    def poll_shard(feed_names: list[str]) -> dict:
        from newswatch import config
        from newswatch.feeds import load_feed_list
        from newswatch.polling import poll_feeds

        wanted = set(feed_names)
        feeds = [f for f in load_feed_list(config.feeds_file()) if f.name in wanted]
        with open_store() as store:
            return poll_feeds(store, feeds, run_context())

    @task(outlets=[ARTICLES])
    @task_boundary
    def screen(polls: list[dict], **context) -> dict:
        from newswatch.screening import screen_articles

        with open_store() as store:
            counts = screen_articles(store, run_context())
        counts["feeds_failed"] = sum(p["failed"] for p in polls)
        context["outlet_events"][ARTICLES].extra = counts
        return counts

    screen(poll_shard.expand(feed_names=plan_shards()))


newswatch_ingest()
