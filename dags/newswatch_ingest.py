"""
### newswatch_ingest

Every 15 minutes (`NEWSWATCH_INGEST_SCHEDULE`), polls the feeds of the feed list (`NEWSWATCH_FEEDS_FILE`, default `include/config/feeds.yaml`)
that are due at the run's data-interval end (each feed has its own next-poll time; disabled
feeds are skipped), in shards (`NEWSWATCH_SHARD_SIZE` feeds, default 25) with concurrent fetches capped per host, then screens what is new: a great-expectations suite rejects malformed articles into
quarantine, exact dedup marks reprints. Every outcome is an event in the store
(`FeedPolled` / `FeedPollFailed` / `FeedDisabled`, `ArticleDiscovered`, `ArticleAccepted` / `ArticleRejected` /
`ArticleDuplicateDetected`); feed health is in `newswatch.feeds`, articles in `newswatch.articles`.

Updates the asset `newswatch://articles` (which schedules `newswatch_extract`) only when the run
accepted an article or found a duplicate: a tick with nothing new runs nothing downstream.
Safe to retry or re-run: event ids are derived from the data, so nothing is appended twice.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from newswatch_airflow import (
    ARTICLES,
    DEFAULT_ARGS,
    INGEST_SCHEDULE,
    NEW_ARTICLES,
    START_DATE,
    announce,
    open_store,
    run_context,
    task_boundary,
)


@dag(
    dag_id="newswatch_ingest",
    # Read when the file is parsed: a cheap environment look-up, no database or network.
    schedule=INGEST_SCHEDULE,
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
        from newswatch.ingest.feedlist import load_feed_list
        from newswatch.ingest.polling import SHARD_SIZE, plan_due_shards

        shard_size = config.env_int("NEWSWATCH_SHARD_SIZE", SHARD_SIZE, minimum=1)
        with open_store() as store:
            return plan_due_shards(store, load_feed_list(config.feeds_file()), run_context(), shard_size)

    @task(max_active_tis_per_dag=4)
    @task_boundary
    def poll_shard(feed_names: list[str]) -> dict:
        from newswatch import config
        from newswatch.ingest.feedlist import load_feed_list
        from newswatch.ingest.polling import poll_feeds

        wanted = set(feed_names)
        feeds = load_feed_list(config.feeds_file())
        with open_store() as store:
            return poll_feeds(store, [f for f in feeds if f.name in wanted], run_context(), policy=feeds.policy)

    # Runs even when no feed was due (no shard to poll): it also screens what an earlier,
    # interrupted run discovered but did not screen.
    @task(outlets=[NEW_ARTICLES], trigger_rule="none_failed")
    @task_boundary
    def screen(polls: list[dict], **context) -> dict:
        from newswatch.screen.screening import screen_articles

        with open_store() as store:
            counts = screen_articles(store, run_context())
        # One slice request for all shards' results: iterating the lazy sequence item by item
        # ends on a 404 that the task SDK logs as an error ("XCom not found ... offset=N").
        polls = [p for p in (polls[:] if polls else []) if p]
        counts["feeds_polled"] = sum(p["feeds"] - p["disabled"] - p.get("already_polled", 0) for p in polls)
        counts["feeds_unchanged"] = sum(p["not_modified"] + p["same_body"] for p in polls)
        counts["feeds_failed"] = sum(p["failed"] for p in polls)
        # Only articles extraction would act on (accepted, or a duplicate adding a source) schedule it.
        announce(context, NEW_ARTICLES, ARTICLES, counts, new=counts["accepted"] + counts["duplicate"])
        return counts

    screen(poll_shard.expand(feed_names=plan_shards()))


newswatch_ingest()
