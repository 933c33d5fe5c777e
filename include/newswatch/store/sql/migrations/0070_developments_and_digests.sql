-- Issue 15: novelty judged against a story's whole history, headlines as evidence, the last
-- novelty decision per topic and world event, and digests.

-- Every reason an alert was raised for (novelty_kind is the most important one), the world
-- event's state it was raised on as recorded (quantity, denials and stage included), and the
-- digest channels that list it.
ALTER TABLE newswatch.proj_alerts
  ADD COLUMN IF NOT EXISTS novelty_reasons text[] NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS state jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS digests text[] NOT NULL DEFAULT '{}';

-- A story's alerts however old, by either side: the look-ups behind "new supplier", "new
-- recipient" and every comparison with what a topic already knows (alerts.novelty).
CREATE INDEX IF NOT EXISTS proj_alerts_topic_actor1_idx ON newswatch.proj_alerts (topic, actor1_code);
CREATE INDEX IF NOT EXISTS proj_alerts_topic_actor2_idx ON newswatch.proj_alerts (topic, actor2_code);
-- A story's world events by recipient (by supplier, proj_world_events_key_idx serves).
CREATE INDEX IF NOT EXISTS proj_world_events_actor2_idx
  ON newswatch.proj_world_events (event_type, actor2_code, first_reported_at);

-- The headline is evidence of its own (never a second source for its article).
ALTER TABLE newswatch.proj_event_mentions
  ADD COLUMN IF NOT EXISTS in_title boolean NOT NULL DEFAULT false;

-- One row per digest period of a topic and channel (DigestClaimed / Delivered / DeliveryFailed).
CREATE TABLE IF NOT EXISTS newswatch.proj_digests (
  digest_id       uuid PRIMARY KEY,
  topic           text NOT NULL,
  channel         text NOT NULL,
  period_start    timestamptz NOT NULL,
  period_end      timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('claimed', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  alert_ids       uuid[] NOT NULL DEFAULT '{}',
  claimed_at      timestamptz,
  last_attempt_at timestamptz,
  delivered_at    timestamptz,
  last_error      text,
  receipt         text
);
CREATE INDEX IF NOT EXISTS proj_digests_topic_idx ON newswatch.proj_digests (topic, channel, period_start);

-- The last novelty decision of each topic on each world event that passed its filters: written
-- by flagging in the transaction that moves its checkpoint (a record of decisions, not a
-- projection of the log: a replay leaves it as it is).
CREATE TABLE IF NOT EXISTS newswatch.flag_decisions (
  topic          text NOT NULL,
  world_event_id uuid NOT NULL,
  decided_at     timestamptz NOT NULL,
  run_id         text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('alerted', 'repeat', 'background', 'no keyword')),
  novelty_kind   text,
  reasons        text[] NOT NULL DEFAULT '{}',
  explanation    text NOT NULL,
  alert_id       uuid,
  repeat_of      jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (topic, world_event_id)
);
CREATE INDEX IF NOT EXISTS flag_decisions_event_idx ON newswatch.flag_decisions (world_event_id);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON newswatch.proj_digests, newswatch.flag_decisions
      TO newswatch_writer;
  END IF;
END
$$;
