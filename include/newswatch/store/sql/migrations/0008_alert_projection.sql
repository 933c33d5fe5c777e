-- Projection: alerts raised (DevelopmentFlagged) and the delivery state of each channel.
CREATE TABLE IF NOT EXISTS newswatch.proj_alerts (
  alert_id       uuid PRIMARY KEY,
  topic          text NOT NULL,
  world_event_id uuid NOT NULL,
  raised_at      timestamptz NOT NULL,
  novelty_reason text NOT NULL,
  summary        text NOT NULL,
  channels       text[] NOT NULL DEFAULT '{}',
  acknowledged   boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS proj_alerts_topic_idx ON newswatch.proj_alerts (topic, raised_at);
CREATE INDEX IF NOT EXISTS proj_alerts_event_idx ON newswatch.proj_alerts (world_event_id);

CREATE TABLE IF NOT EXISTS newswatch.proj_alert_deliveries (
  alert_id        uuid NOT NULL,
  channel         text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  last_error      text,
  delivered_at    timestamptz,
  PRIMARY KEY (alert_id, channel)
);
