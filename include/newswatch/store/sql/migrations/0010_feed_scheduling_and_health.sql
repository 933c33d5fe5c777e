-- Feed ingestion at production grade (issue 3): per-feed scheduling, body-hash change detection,
-- weighted failure scoring and disabling. Columns are added to proj_feeds; the feeds view gains
-- them at its end (CREATE OR REPLACE VIEW may only append columns).
ALTER TABLE newswatch.proj_feeds
  ADD COLUMN IF NOT EXISTS body_hash          text,         -- sha256 of the last parsed body
  ADD COLUMN IF NOT EXISTS poll_interval_s    integer,      -- current adaptive interval
  ADD COLUMN IF NOT EXISTS unchanged_polls    bigint NOT NULL DEFAULT 0,  -- 304 or same body
  ADD COLUMN IF NOT EXISTS last_changed_at    timestamptz,  -- last poll whose body was parsed
  ADD COLUMN IF NOT EXISTS last_new_item_at   timestamptz,  -- last poll that found new articles
  ADD COLUMN IF NOT EXISTS last_problem       text,         -- soft problem of the last good poll
  ADD COLUMN IF NOT EXISTS last_problem_detail text,
  ADD COLUMN IF NOT EXISTS failure_score      integer NOT NULL DEFAULT 0,  -- weighted, since last success
  ADD COLUMN IF NOT EXISTS reason_streak      integer NOT NULL DEFAULT 0,  -- polls in a row failing the same way
  ADD COLUMN IF NOT EXISTS disabled_at        timestamptz,
  ADD COLUMN IF NOT EXISTS disabled_reason    text,
  ADD COLUMN IF NOT EXISTS full_text_fetched  bigint NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS full_text_failed   bigint NOT NULL DEFAULT 0;

CREATE INDEX IF NOT EXISTS proj_feeds_next_poll_at ON newswatch.proj_feeds (next_poll_at)
  WHERE disabled_at IS NULL;

CREATE OR REPLACE VIEW newswatch.feeds AS
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
       f.full_text_failed
FROM newswatch.proj_feeds f;
