-- Alerts raised on watch topics: the world event, why it is new (novelty kind, every reason that
-- applied, and a readable line), delivery status per channel and the digests that list it, muted
-- and acknowledged.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.alerts AS
SELECT al.alert_id,
       al.topic,
       al.world_event_id AS event_id,
       al.raised_at,
       al.novelty_reason,
       al.summary,
       al.acknowledged,
       w.event_type,
       w.actor1_code,
       w.actor2_code,
       w.event_date,
       w.claim_status,
       w.claimed_by,
       coalesce((SELECT jsonb_object_agg(d.channel, d.status) FROM newswatch.proj_alert_deliveries d
                 WHERE d.alert_id = al.alert_id), '{}'::jsonb) AS delivery_status,
       al.novelty_kind,
       al.muted,
       al.acknowledged_by,
       al.acknowledged_at,
       al.claim_status AS claim_status_at_alert,
       w.num_sources,
       al.novelty_reasons,
       al.digests,
       al.state ->> 'quantity' AS quantity_at_alert,
       al.transfer_stage AS transfer_stage_at_alert
FROM newswatch.proj_alerts al
LEFT JOIN newswatch.proj_world_events w USING (world_event_id);

COMMENT ON VIEW newswatch.alerts IS 'Alerts raised on watch topics: the world event, why it is new (novelty kind, every reason that applied, and a readable line), delivery status per channel and the digests that list it, muted and acknowledged.';
