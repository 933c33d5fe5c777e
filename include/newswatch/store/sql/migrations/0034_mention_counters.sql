-- Counting a world event's mentions incrementally: "is this source new for this event?" is an
-- index probe here instead of a recount over every mention of a busy event (which made coding
-- slow down as history grew).
CREATE INDEX IF NOT EXISTS proj_event_mentions_event_source_idx
  ON newswatch.proj_event_mentions (world_event_id, source) WHERE NOT superseded;

-- Candidate world events for a report dated by its publication include events still in the news
-- (recently reported), whatever their stated date: a probe by actors and last report.
CREATE INDEX IF NOT EXISTS proj_world_events_recent_idx
  ON newswatch.proj_world_events (event_type, actor1_code, actor2_code, last_reported_at);
