-- Feed health for the people who run newswatch: last poll and success, failures and their reasons,
-- the adaptive poll interval, next poll, disabled feeds.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.feeds AS
SELECT f.name,
       f.source,
       f.url,
       CASE WHEN f.disabled_at IS NOT NULL THEN 'disabled'
            WHEN f.polls = 0 THEN 'new'
            WHEN f.consecutive_failures = 0 THEN 'ok'
            ELSE 'failing' END AS health,
       f.last_polled_at,
       f.last_success_at,
       f.last_http_status,
       f.consecutive_failures,
       f.failing_since,
       f.last_failure_kind,
       f.last_failure_reason,
       f.last_failure_detail,
       f.polls,
       f.items_seen,
       f.articles_new,
       f.next_poll_at,
       f.disabled_at,
       f.disabled_reason,
       f.failure_score,
       make_interval(secs => f.poll_interval_s) AS poll_interval,
       f.unchanged_polls,
       f.last_changed_at,
       f.last_new_item_at,
       f.last_problem,
       f.last_problem_detail,
       f.full_text_fetched,
       f.full_text_failed,
       f.last_overflow,
       f.last_overflow_reason,
       f.items_overflow,
       f.feed_id
FROM newswatch.proj_feeds f;

COMMENT ON VIEW newswatch.feeds IS 'Feed health for the people who run newswatch: last poll and success, failures and their reasons, the adaptive poll interval, next poll, disabled feeds.';
