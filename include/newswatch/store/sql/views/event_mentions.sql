-- Every sentence that reports a world event (the current coding of each article): the evidence
-- behind world_events, with its article, outlet, character offsets and extractor version; in_title
-- marks a headline (its offsets index the title, and it is no second source for its article).
-- Re-applied (dropped and created, grants included) whenever this file changes; see store/migrations.py.
CREATE VIEW newswatch.event_mentions AS
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
       m.date_precision,
       m.in_title,
       m.event_date_end,
       m.date_open,
       -- full-text search (the desk's search page): the sentence's stored tsvector (migration 0033)
       -- and the title's, as the expression migration 0080 indexes, so both searches use an index
       m.sentence_tsv,
       to_tsvector('english', a.title) AS title_tsv
FROM newswatch.proj_event_mentions m
LEFT JOIN newswatch.proj_articles a USING (article_id)
WHERE NOT m.superseded;

COMMENT ON VIEW newswatch.event_mentions IS 'Every sentence that reports a world event (the current coding of each article): the evidence behind world_events, with its article, outlet, character offsets and extractor version; in_title marks a headline (its offsets index the title, and it is no second source for its article).';
