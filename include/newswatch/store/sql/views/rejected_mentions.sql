-- Extracted event mentions that failed their checks before projection (an extractor bug, not news):
-- kept for audit.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.rejected_mentions AS
SELECT r.article_id, a.url, a.title, a.source, r.sentence, r.event_type, r.actor1_code,
       r.actor2_code, r.event_date, r.claim_status, r.confidence, r.extractor_version,
       ARRAY(SELECT f ->> 'check' FROM jsonb_array_elements(r.failures) AS f) AS failed_checks,
       r.failures AS failure_details,
       r.mention_id
FROM newswatch.proj_mention_rejections r
LEFT JOIN newswatch.proj_articles a USING (article_id);

COMMENT ON VIEW newswatch.rejected_mentions IS 'Extracted event mentions that failed their checks before projection (an extractor bug, not news): kept for audit.';
