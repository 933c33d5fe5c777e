-- Issue 6: watch-topic keywords are matched with PostgreSQL full-text search over the evidence
-- sentences ('shell' finds "artillery shells"). The tsvector is stored per mention (sentences
-- are short, so building it costs little at insert) and indexed; never computed at query time.
ALTER TABLE newswatch.proj_event_mentions
  ADD COLUMN IF NOT EXISTS sentence_tsv tsvector
  GENERATED ALWAYS AS (to_tsvector('english', sentence)) STORED;
CREATE INDEX IF NOT EXISTS proj_event_mentions_tsv_idx
  ON newswatch.proj_event_mentions USING gin (sentence_tsv);
