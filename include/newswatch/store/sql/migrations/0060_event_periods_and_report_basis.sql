-- Issue 14: an event's time is a date or a period. event_date_end is the inclusive last day of a
-- stated period ("between March and May", "from 2019 to 2021"; NULL for a point at its precision);
-- date_open marks an ongoing period that started at event_date ("since August"). Both on the world
-- event and on each mention, so a later report of an ongoing event can be recognised as the same.
ALTER TABLE newswatch.proj_world_events
  ADD COLUMN IF NOT EXISTS event_date_end date,
  ADD COLUMN IF NOT EXISTS date_open boolean NOT NULL DEFAULT false;
ALTER TABLE newswatch.proj_event_mentions
  ADD COLUMN IF NOT EXISTS event_date_end date,
  ADD COLUMN IF NOT EXISTS date_open boolean NOT NULL DEFAULT false;

-- The candidate look-up finds a period that began long before a report by its actors and start
-- (worldevents/candidates.py): a small partial index, as periods are a minority of events.
CREATE INDEX IF NOT EXISTS proj_world_events_period_idx
  ON newswatch.proj_world_events (event_type, actor1_code, actor2_code, event_date)
  WHERE date_open OR event_date_end IS NOT NULL;

-- Where an article's report date came from: 'feed', 'page' (the page's own date, when the feed
-- had none usable) or 'fetch' (neither: the fetch time stands in).
ALTER TABLE newswatch.proj_articles
  ADD COLUMN IF NOT EXISTS published_basis text;
