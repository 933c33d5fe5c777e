-- Issue 16, the analyst's desk: indexes for its pages, so each stays fast with 100k world events
-- and 1M mentions stored (bench/bench_desk.py).
-- Search over article titles (the event_mentions view exposes this very expression as title_tsv;
-- evidence sentences have their own index since migration 0033).
CREATE INDEX IF NOT EXISTS proj_articles_title_tsv_idx
  ON newswatch.proj_articles USING gin (to_tsvector('english', title));

-- The inbox: newest alerts first, without sorting them all.
CREATE INDEX IF NOT EXISTS proj_alerts_raised_idx ON newswatch.proj_alerts (raised_at DESC, alert_id DESC);

-- Timelines of a topic (its event types) and of one actor or a pair (either direction), by event date.
CREATE INDEX IF NOT EXISTS proj_world_events_type_date_idx
  ON newswatch.proj_world_events (event_type, event_date DESC);
CREATE INDEX IF NOT EXISTS proj_world_events_actors_date_idx
  ON newswatch.proj_world_events (actor1_code, actor2_code, event_date);
CREATE INDEX IF NOT EXISTS proj_world_events_actor2_date_idx
  ON newswatch.proj_world_events (actor2_code, event_date);

-- Search: the latest reported events first (with or without words).
CREATE INDEX IF NOT EXISTS proj_world_events_last_reported_idx
  ON newswatch.proj_world_events (last_reported_at DESC, world_event_id DESC);
