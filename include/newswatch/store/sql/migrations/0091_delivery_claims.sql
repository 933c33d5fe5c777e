-- Issue 17: exactly-once delivery per alert and channel across concurrent runs. A run claims a
-- delivery (AlertDeliveryClaimed, keyed on the claim number) before it sends; the claim holds
-- until its lease ends or its outcome is recorded. `claims` is the next claim number.
ALTER TABLE newswatch.proj_alert_deliveries
  ADD COLUMN IF NOT EXISTS claims integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS claimed_until timestamptz,
  ADD COLUMN IF NOT EXISTS claimed_by text;
