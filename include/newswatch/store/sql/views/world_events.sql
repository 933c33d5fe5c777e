-- One row per real-world event, however many articles report it: who did what to whom, when
-- (event_date with its precision and basis; event_date_end closes a stated period, date_open marks an
-- ongoing one), where, claim status and claimant, arms-transfer
-- detail, first/last report, mention and source counts, the topics that alerted on it.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.world_events AS
SELECT w.world_event_id AS event_id,
       w.event_type,
       w.event_mode,
       w.contexts,
       w.actor1,
       w.actor1_code,
       w.actor1_sector,
       w.actor2,
       w.actor2_code,
       w.actor2_sector,
       w.event_date,
       w.date_precision,
       w.date_basis,
       w.location,
       w.location_code,
       w.claim_status,
       w.claimed_by,
       w.summary,
       w.confidence,
       w.arms ->> 'weapon_class' AS weapon_class,
       w.arms ->> 'quantity'     AS quantity,
       w.arms ->> 'stage'        AS transfer_stage,
       w.first_reported_at,
       w.last_reported_at,
       w.num_mentions,
       w.num_sources,
       ARRAY(SELECT DISTINCT al.topic FROM newswatch.proj_alerts al
             WHERE al.world_event_id = w.world_event_id ORDER BY al.topic) AS topics,
       w.claimed_by_text,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(w.arms -> 'weapon_classes', '[]'::jsonb)))
         AS weapon_classes,
       w.arms ->> 'supplier'     AS supplier,
       w.arms ->> 'recipient'    AS recipient,
       w.num_refinements,
       w.last_refined_at,
       w.event_date_end,
       w.date_open
FROM newswatch.proj_world_events w
WHERE w.num_mentions > 0;

COMMENT ON VIEW newswatch.world_events IS 'One row per real-world event, however many articles report it: who did what to whom, when (event_date with its precision and basis), where, claim status and claimant, arms-transfer detail, first/last report, mention and source counts, the topics that alerted on it.';
