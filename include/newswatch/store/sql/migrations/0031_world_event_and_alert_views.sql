-- Issue 6: the analysts' views gain refinement, re-coding and alert-state columns (appended at
-- the end: CREATE OR REPLACE VIEW may only add columns). Mentions superseded by a re-coding with
-- a newer extractor leave event_mentions; world events left with no current mention leave
-- world_events. Both remain in the log (newswatch.events).
CREATE OR REPLACE VIEW newswatch.world_events AS
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
       w.last_refined_at
FROM newswatch.proj_world_events w
WHERE w.num_mentions > 0;

CREATE OR REPLACE VIEW newswatch.event_mentions AS
SELECT m.world_event_id AS event_id,
       m.mention_id,
       m.article_id,
       a.url,
       a.title,
       m.source,
       m.sentence,
       m.start_char,
       m.end_char,
       m.extractor_version,
       m.pattern_id,
       m.claim_status,
       m.claimed_by,
       m.event_date,
       m.date_basis,
       m.confidence,
       m.reported_at,
       m.via_duplicate_of,
       m.date_precision
FROM newswatch.proj_event_mentions m
LEFT JOIN newswatch.proj_articles a USING (article_id)
WHERE NOT m.superseded;

CREATE OR REPLACE VIEW newswatch.alerts AS
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
       w.num_sources
FROM newswatch.proj_alerts al
LEFT JOIN newswatch.proj_world_events w USING (world_event_id);
