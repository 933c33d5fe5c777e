-- Issue 6: world events that later reports refine (WorldEventRefined), mentions superseded by a
-- re-coding with a newer extractor, the state each alert was raised on (so novelty can compare
-- "alleged" with "confirmed"), acknowledgements, and muted alert streams.
ALTER TABLE newswatch.proj_world_events
  ADD COLUMN IF NOT EXISTS num_refinements integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_refined_at timestamptz;

ALTER TABLE newswatch.proj_event_mentions
  ADD COLUMN IF NOT EXISTS superseded boolean NOT NULL DEFAULT false;

ALTER TABLE newswatch.proj_alerts
  ADD COLUMN IF NOT EXISTS novelty_kind    text,
  ADD COLUMN IF NOT EXISTS muted           boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS acknowledged_by text,
  ADD COLUMN IF NOT EXISTS acknowledged_at timestamptz,
  ADD COLUMN IF NOT EXISTS ack_note        text,
  -- the world event as it stood when the alert was raised
  ADD COLUMN IF NOT EXISTS event_type      text,
  ADD COLUMN IF NOT EXISTS actor1_code     text,
  ADD COLUMN IF NOT EXISTS actor2_code     text,
  ADD COLUMN IF NOT EXISTS event_date      date,
  ADD COLUMN IF NOT EXISTS claim_status    text,
  ADD COLUMN IF NOT EXISTS contexts        text[],
  ADD COLUMN IF NOT EXISTS transfer_stage  text,
  ADD COLUMN IF NOT EXISTS weapon_classes  text[];

-- One row per muted alert stream: a topic, optionally narrowed to one actor pair ('' = any).
CREATE TABLE IF NOT EXISTS newswatch.proj_alert_mutes (
  topic        text NOT NULL,
  actor1_code  text NOT NULL DEFAULT '',
  actor2_code  text NOT NULL DEFAULT '',
  muted_at     timestamptz NOT NULL,
  muted_until  timestamptz,
  muted_by     text,
  reason       text,
  PRIMARY KEY (topic, actor1_code, actor2_code)
);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON newswatch.proj_alert_mutes TO newswatch_writer;
  END IF;
END
$$;
