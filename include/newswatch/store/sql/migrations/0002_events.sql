-- The event store: one append-only table, shaped like Message DB's messages table.
-- stream is "category-id" (article-…, feed-…, world_event-…, alert-…); stream_version is 0-based.
CREATE TABLE IF NOT EXISTS newswatch.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        uuid        NOT NULL,
  stream          text        NOT NULL CHECK (stream ~ '^[a-z_]+-.+$'),
  category        text        GENERATED ALWAYS AS (split_part(stream, '-', 1)) STORED,
  stream_version  bigint      NOT NULL CHECK (stream_version >= 0),
  type            text        NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_key UNIQUE (stream, stream_version)
);

CREATE INDEX IF NOT EXISTS events_category_position_idx ON newswatch.events (category, global_position);
CREATE INDEX IF NOT EXISTS events_type_position_idx ON newswatch.events (type, global_position);

COMMENT ON TABLE newswatch.events IS
  'newswatch event log (append-only). Every fact the pipeline learned, in commit order of global_position.';
