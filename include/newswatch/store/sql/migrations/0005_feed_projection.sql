-- Projection: one row per feed, its polling state and health (from FeedPolled / FeedPollFailed).
CREATE TABLE IF NOT EXISTS newswatch.proj_feeds (
  feed_id              text PRIMARY KEY,
  name                 text NOT NULL,
  url                  text NOT NULL,
  source               text NOT NULL,
  polls                bigint NOT NULL DEFAULT 0,
  last_polled_at       timestamptz,
  last_success_at      timestamptz,
  last_http_status     integer,
  consecutive_failures integer NOT NULL DEFAULT 0,
  failing_since        timestamptz,
  last_failure_kind    text,
  last_failure_reason  text,
  last_failure_detail  text,
  items_seen           bigint NOT NULL DEFAULT 0,
  articles_new         bigint NOT NULL DEFAULT 0,
  etag                 text,
  last_modified        text,
  next_poll_at         timestamptz
);
