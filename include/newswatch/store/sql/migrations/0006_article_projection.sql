-- Projection: one row per article and its fate (accepted / duplicate / rejected), plus the exact
-- dedup keys of accepted articles (content hash, feed GUID, source + normalized title).
CREATE TABLE IF NOT EXISTS newswatch.proj_articles (
  article_id          uuid PRIMARY KEY,
  url                 text NOT NULL,
  canonical_url       text NOT NULL,
  guid                text,
  title               text NOT NULL,
  source              text NOT NULL,
  feed                text NOT NULL,
  published_at        timestamptz,
  date_problem        text,
  fetched_at          timestamptz NOT NULL,
  language            text,
  text_basis          text,
  content_hash        text NOT NULL,
  discovered_position bigint NOT NULL,
  status              text NOT NULL DEFAULT 'discovered'
                      CHECK (status IN ('discovered', 'accepted', 'duplicate', 'rejected')),
  duplicate_of        uuid,
  duplicate_method    text,
  similarity          real,
  rejection_reasons   jsonb,
  coded_version       text,
  coded_at            timestamptz,
  num_events          integer
);
CREATE INDEX IF NOT EXISTS proj_articles_status_idx ON newswatch.proj_articles (status, discovered_position);
CREATE INDEX IF NOT EXISTS proj_articles_feed_guid_idx ON newswatch.proj_articles (feed, guid);

CREATE TABLE IF NOT EXISTS newswatch.proj_article_keys (
  kind       text NOT NULL,  -- 'content_hash' | 'guid' | 'title'
  key        text NOT NULL,
  article_id uuid NOT NULL,
  PRIMARY KEY (kind, key)
);
