-- The candidate look-up (worldevents/candidates.py) matches a stored world event's type and actors
-- as one key, ARRAY[event_type, actor1_code, actor2_code], so that only these indexes serve it and
-- every look-up is a range scan of the pair's events near a date, with or without statistics
-- (matched column by column, an unanalyzed table let the planner take an index on the type and
-- recipient alone, and each look-up read more of the history as it grew).
-- A stored day is read on the report's days (a publication date, the fortnight after); a stored
-- month or year (minorities, in partial indexes) up to a month or a year either side.
CREATE INDEX IF NOT EXISTS proj_world_events_pair_date_idx
  ON newswatch.proj_world_events ((ARRAY[event_type, actor1_code, actor2_code]), event_date);
CREATE INDEX IF NOT EXISTS proj_world_events_pair_month_idx
  ON newswatch.proj_world_events ((ARRAY[event_type, actor1_code, actor2_code]), event_date)
  WHERE date_precision = 'month';
CREATE INDEX IF NOT EXISTS proj_world_events_pair_year_idx
  ON newswatch.proj_world_events ((ARRAY[event_type, actor1_code, actor2_code]), event_date)
  WHERE date_precision = 'year';
-- Events still in the news (recently reported), for a report dated by its publication.
CREATE INDEX IF NOT EXISTS proj_world_events_pair_recent_idx
  ON newswatch.proj_world_events ((ARRAY[event_type, actor1_code, actor2_code]), last_reported_at);
-- Periods (a minority) that began before a report.
CREATE INDEX IF NOT EXISTS proj_world_events_pair_period_idx
  ON newswatch.proj_world_events ((ARRAY[event_type, actor1_code, actor2_code]), event_date)
  WHERE date_open OR event_date_end IS NOT NULL;
