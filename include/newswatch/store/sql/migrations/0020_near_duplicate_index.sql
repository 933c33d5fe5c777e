-- Near-duplicate index (projection of ArticleAccepted.minhash): each accepted article's MinHash
-- signature, and one row per LSH band key so a lookup is a few btree probes however many
-- articles are stored. Shared by every process that screens, rebuilt by `newswatch replay`.
CREATE TABLE IF NOT EXISTS newswatch.proj_article_signatures (
  article_id uuid PRIMARY KEY,
  signature  text NOT NULL  -- base64 of NUM_PERM little-endian uint32 (see neardup.encode)
);

CREATE TABLE IF NOT EXISTS newswatch.proj_article_bands (
  key        bigint NOT NULL,  -- band number mixed into a 63-bit hash of the band's values
  article_id uuid NOT NULL,
  PRIMARY KEY (key, article_id)
);

-- The title key holds only within a window (a daily "Morning briefing: ..." is not a repeat of
-- yesterday's), so each key remembers when its article was reported.
ALTER TABLE newswatch.proj_article_keys ADD COLUMN IF NOT EXISTS claimed_at timestamptz;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON
      newswatch.proj_article_signatures, newswatch.proj_article_bands TO newswatch_writer;
  END IF;
END
$$;
