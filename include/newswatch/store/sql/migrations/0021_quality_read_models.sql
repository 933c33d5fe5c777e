-- Quality read models: feed batch checks, validation runs, rejected event mentions.

-- One row per feed: its latest poll awaiting a batch check, the item-count history the check
-- compares against, and the outcome of its latest batch check.
CREATE TABLE IF NOT EXISTS newswatch.proj_feed_quality (
  feed_id                  text PRIMARY KEY,
  name                     text NOT NULL,
  source                   text NOT NULL,
  pending_position         bigint,       -- global_position of a poll not yet batch-checked
  last_polled_at           timestamptz,
  last_poll_problem        text,         -- parser/fetch reason of the latest poll, e.g. not_a_feed
  last_poll_detail         text,
  last_entries             integer,
  items_vs_history         real,         -- latest entries / mean entries of earlier polls (>= 3)
  entries_sum              bigint NOT NULL DEFAULT 0,
  entries_polls            integer NOT NULL DEFAULT 0,
  batches_checked          integer NOT NULL DEFAULT 0,
  consecutive_failed       integer NOT NULL DEFAULT 0,
  last_checked_at          timestamptz,
  last_run_id              text,
  last_statistics          jsonb,
  last_failures            jsonb
);
CREATE INDEX IF NOT EXISTS proj_feed_quality_pending_idx
  ON newswatch.proj_feed_quality (pending_position) WHERE pending_position IS NOT NULL;

-- One row per validated batch of articles (the GX run's summary, kept as an event).
CREATE TABLE IF NOT EXISTS newswatch.proj_validation_runs (
  batch_id       uuid PRIMARY KEY,
  run_id         text NOT NULL,
  validated_at   timestamptz NOT NULL,
  suite          text NOT NULL,
  articles       integer NOT NULL,
  accepted       integer NOT NULL,
  rejected       integer NOT NULL,
  evaluated      integer,
  unsuccessful   integer,
  batch_failures jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS proj_validation_runs_run_idx ON newswatch.proj_validation_runs (run_id);

-- Extracted mentions that failed their checks and were not projected as world-event mentions.
CREATE TABLE IF NOT EXISTS newswatch.proj_mention_rejections (
  mention_id        uuid PRIMARY KEY,
  article_id        uuid NOT NULL,
  extractor_version text NOT NULL,
  event_type        text,
  actor1_code       text,
  actor2_code       text,
  event_date        date,
  claim_status      text,
  confidence        real,
  sentence          text,
  failures          jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS proj_mention_rejections_article_idx ON newswatch.proj_mention_rejections (article_id);

CREATE OR REPLACE VIEW newswatch.feed_quality AS
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
       q.batches_checked
FROM newswatch.proj_feed_quality q;

CREATE OR REPLACE VIEW newswatch.validation_runs AS
SELECT run_id, validated_at, suite, articles, accepted, rejected, evaluated, unsuccessful,
       batch_failures, batch_id
FROM newswatch.proj_validation_runs;

CREATE OR REPLACE VIEW newswatch.rejected_mentions AS
SELECT r.article_id, a.url, a.title, a.source, r.sentence, r.event_type, r.actor1_code,
       r.actor2_code, r.event_date, r.claim_status, r.confidence, r.extractor_version,
       ARRAY(SELECT f ->> 'check' FROM jsonb_array_elements(r.failures) AS f) AS failed_checks,
       r.failures AS failure_details,
       r.mention_id
FROM newswatch.proj_mention_rejections r
LEFT JOIN newswatch.proj_articles a USING (article_id);

-- newswatch.articles gains the readable labels of the failed expectations (columns can only be
-- appended by CREATE OR REPLACE VIEW; the first ones are as in 0009).
CREATE OR REPLACE VIEW newswatch.articles AS
SELECT a.article_id,
       a.url,
       a.canonical_url,
       a.title,
       a.source,
       a.feed,
       a.published_at,
       a.fetched_at,
       a.language,
       a.status,
       a.duplicate_of,
       a.duplicate_method,
       a.similarity,
       ARRAY(SELECT f ->> 'expectation' FROM jsonb_array_elements(a.rejection_reasons) AS f)
         AS rejection_reasons,
       a.rejection_reasons AS rejection_details,
       a.date_problem,
       a.text_basis,
       a.coded_version,
       a.num_events,
       ARRAY(SELECT f ->> 'label' FROM jsonb_array_elements(a.rejection_reasons) AS f)
         AS rejection_labels
FROM newswatch.proj_articles a;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_reader') THEN
    GRANT SELECT ON newswatch.feed_quality, newswatch.validation_runs, newswatch.rejected_mentions,
                    newswatch.articles TO newswatch_reader;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON
      newswatch.proj_feed_quality, newswatch.proj_validation_runs, newswatch.proj_mention_rejections
      TO newswatch_writer;
    GRANT SELECT ON newswatch.feed_quality, newswatch.validation_runs, newswatch.rejected_mentions
      TO newswatch_writer;
  END IF;
END
$$;
