-- Why a world event that passed a topic's filters did or did not raise an alert: the topic's last
-- decision on it (alerted, a repeat of what the topic already knew, history recounted as
-- background, or no keyword in its evidence), with the earlier alerts and world events it repeats.
-- `newswatch topics explain EVENT_ID` also says which filters an event failed.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.topic_decisions AS
SELECT d.topic,
       d.world_event_id AS event_id,
       d.outcome,
       d.novelty_kind,
       d.reasons,
       d.explanation,
       d.alert_id,
       d.repeat_of,
       d.decided_at,
       d.run_id,
       w.summary
FROM newswatch.flag_decisions d
LEFT JOIN newswatch.proj_world_events w USING (world_event_id);

COMMENT ON VIEW newswatch.topic_decisions IS 'Why a world event that passed a topic''s filters did or did not raise an alert: the topic''s last decision on it (alerted, a repeat of what the topic already knew, history recounted as background, or no keyword in its evidence), with the earlier alerts and world events it repeats.';
