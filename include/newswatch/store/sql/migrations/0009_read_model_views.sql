-- The read models analysts query (DESIGN §4). Views over the projection tables, so a projection
-- can be rebuilt from the log without breaking anyone's saved queries.
CREATE OR REPLACE VIEW newswatch.articles AS
SELECT a.article_id,
       a.url,
       a.canonical_url,
       a.title,
       a.source,
       a.feed,
       a.published_at,
       a.fetched_at,
       a.language,
       a.status,
       a.duplicate_of,
       a.duplicate_method,
       a.similarity,
       ARRAY(SELECT f ->> 'expectation' FROM jsonb_array_elements(a.rejection_reasons) AS f)
         AS rejection_reasons,
       a.rejection_reasons AS rejection_details,
       a.date_problem,
       a.text_basis,
       a.coded_version,
       a.num_events
FROM newswatch.proj_articles a;

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
             WHERE al.world_event_id = w.world_event_id ORDER BY al.topic) AS topics
FROM newswatch.proj_world_events w;

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
       m.via_duplicate_of
FROM newswatch.proj_event_mentions m
LEFT JOIN newswatch.proj_articles a USING (article_id);

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
                 WHERE d.alert_id = al.alert_id), '{}'::jsonb) AS delivery_status
FROM newswatch.proj_alerts al
LEFT JOIN newswatch.proj_world_events w USING (world_event_id);

CREATE OR REPLACE VIEW newswatch.feeds AS
SELECT f.name,
       f.source,
       f.url,
       CASE WHEN f.polls = 0 THEN 'new'
            WHEN f.consecutive_failures = 0 THEN 'ok'
            ELSE 'failing' END AS health,
       f.last_polled_at,
       f.last_success_at,
       f.last_http_status,
       f.consecutive_failures,
       f.failing_since,
       f.last_failure_kind,
       f.last_failure_reason,
       f.last_failure_detail,
       f.polls,
       f.items_seen,
       f.articles_new,
       f.next_poll_at
FROM newswatch.proj_feeds f;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_reader') THEN
    GRANT USAGE ON SCHEMA newswatch TO newswatch_reader;
    GRANT SELECT ON newswatch.articles, newswatch.world_events, newswatch.event_mentions,
                    newswatch.alerts, newswatch.feeds, newswatch.events TO newswatch_reader;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON
      newswatch.checkpoints, newswatch.proj_feeds, newswatch.proj_articles,
      newswatch.proj_article_keys, newswatch.proj_world_events, newswatch.proj_event_mentions,
      newswatch.proj_alerts, newswatch.proj_alert_deliveries TO newswatch_writer;
    GRANT SELECT ON newswatch.articles, newswatch.world_events, newswatch.event_mentions,
                    newswatch.alerts, newswatch.feeds TO newswatch_writer;
  END IF;
END
$$;
