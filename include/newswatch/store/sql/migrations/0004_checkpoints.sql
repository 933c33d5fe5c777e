-- Where each projection and subscription has read the log up to. Updated in the same
-- transaction as the projection's own writes, so a crash neither loses nor doubles an event.
CREATE TABLE IF NOT EXISTS newswatch.checkpoints (
  name       text PRIMARY KEY,
  position   bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
