-- Projection: one row per real-world event and one per sentence that reports it.
CREATE TABLE IF NOT EXISTS newswatch.proj_world_events (
  world_event_id     uuid PRIMARY KEY,
  event_type         text NOT NULL,
  event_mode         text,
  contexts           text[] NOT NULL DEFAULT '{}',
  actor1             text NOT NULL,
  actor1_code        text NOT NULL,
  actor1_sector      text,
  actor2             text,
  actor2_code        text,
  actor2_sector      text,
  event_date         date NOT NULL,
  date_precision     text NOT NULL,
  date_basis         text NOT NULL,
  location           text,
  location_code      text,
  claim_status       text NOT NULL,
  claimed_by         text,
  claimed_by_text    text,
  summary            text NOT NULL,
  confidence         real NOT NULL,
  arms               jsonb,
  first_reported_at  timestamptz NOT NULL,
  last_reported_at   timestamptz NOT NULL,
  num_mentions       integer NOT NULL DEFAULT 0,
  num_sources        integer NOT NULL DEFAULT 0,
  updated_position   bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS proj_world_events_key_idx
  ON newswatch.proj_world_events (event_type, actor1_code, actor2_code, event_date);

CREATE TABLE IF NOT EXISTS newswatch.proj_event_mentions (
  mention_id        uuid PRIMARY KEY,
  world_event_id    uuid NOT NULL,
  article_id        uuid NOT NULL,
  source            text NOT NULL,
  sentence          text NOT NULL,
  start_char        integer NOT NULL,
  end_char          integer NOT NULL,
  extractor_version text NOT NULL,
  pattern_id        text,
  claim_status      text NOT NULL,
  claimed_by        text,
  event_date        date NOT NULL,
  date_precision    text NOT NULL,
  date_basis        text NOT NULL,
  confidence        real NOT NULL,
  reported_at       timestamptz NOT NULL,
  via_duplicate_of  uuid
);
CREATE INDEX IF NOT EXISTS proj_event_mentions_event_idx ON newswatch.proj_event_mentions (world_event_id);
CREATE INDEX IF NOT EXISTS proj_event_mentions_article_idx ON newswatch.proj_event_mentions (article_id);
