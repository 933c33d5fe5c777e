-- Muted alert streams: a topic, or a topic for one actor pair (either order; '' = every pair),
-- who muted it, why and until when; `active` is false once `muted_until` has passed.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.alert_mutes AS
SELECT m.topic,
       m.actor1_code,
       m.actor2_code,
       m.muted_at,
       m.muted_until,
       m.muted_by,
       m.reason,
       (m.muted_until IS NULL OR m.muted_until > now()) AS active
FROM newswatch.proj_alert_mutes m;

COMMENT ON VIEW newswatch.alert_mutes IS 'Muted alert streams: a topic, or a topic for one actor pair (either order; empty = every pair), who muted it, why and until when; active is false once muted_until has passed.';
