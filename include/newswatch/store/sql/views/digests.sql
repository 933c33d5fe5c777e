-- Digests: one message per topic, digest channel and period listing the period's alerts; its
-- claim, attempts and outcome.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.digests AS
SELECT g.digest_id,
       g.topic,
       g.channel,
       g.period_start,
       g.period_end,
       g.status,
       g.attempts,
       cardinality(g.alert_ids) AS num_alerts,
       g.alert_ids,
       g.claimed_at,
       g.last_attempt_at,
       g.delivered_at,
       g.last_error,
       g.receipt
FROM newswatch.proj_digests g;

COMMENT ON VIEW newswatch.digests IS 'Digests: one message per topic, digest channel and period listing the period''s alerts; its claim, attempts and outcome.';
