-- One row per article newswatch has seen, with its fate: accepted, duplicate (of which, found how)
-- or rejected (with the expectations it failed), and whether and how it was coded.
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.articles AS
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
       a.num_events,
       ARRAY(SELECT f ->> 'label' FROM jsonb_array_elements(a.rejection_reasons) AS f)
         AS rejection_labels,
       a.published_basis
FROM newswatch.proj_articles a;

COMMENT ON VIEW newswatch.articles IS 'One row per article newswatch has seen, with its fate: accepted, duplicate (of which, found how) or rejected (with the expectations it failed), and whether and how it was coded.';
