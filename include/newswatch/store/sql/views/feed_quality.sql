-- The latest batch-level quality check of each feed (does what it served still look like a working
-- feed?).
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.feed_quality AS
SELECT q.name,
       q.source,
       CASE WHEN q.batches_checked = 0 THEN 'unchecked'
            WHEN q.consecutive_failed = 0 THEN 'ok'
            ELSE 'degraded' END AS quality,
       q.last_checked_at,
       q.last_run_id,
       q.consecutive_failed,
       ARRAY(SELECT f ->> 'label' FROM jsonb_array_elements(coalesce(q.last_failures, '[]')) AS f)
         AS failed_checks,
       q.last_failures AS failure_details,
       q.last_statistics AS statistics,
       q.last_entries,
       CASE WHEN q.entries_polls > 0 THEN round(q.entries_sum::numeric / q.entries_polls, 1) END
         AS mean_entries,
       q.items_vs_history,
       q.last_poll_problem,
       q.batches_checked,
       q.feed_id
FROM newswatch.proj_feed_quality q;

COMMENT ON VIEW newswatch.feed_quality IS 'The latest batch-level quality check of each feed (does what it served still look like a working feed?).';
