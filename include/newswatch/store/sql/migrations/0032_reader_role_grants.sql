-- Issue 6: newswatch_reader may read the analysts' views and the log, nothing else: no
-- projection table, no checkpoint, no migration bookkeeping, and no writes anywhere. Views run
-- with their owner's rights, so the reader needs no grant on the tables behind them.
-- Every view in the schema is granted (including views other migrations added before this one).
DO $$
DECLARE
  v record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_reader') THEN
    RAISE NOTICE 'newswatch: role newswatch_reader does not exist; skipping its grants';
    RETURN;
  END IF;
  REVOKE ALL ON ALL TABLES IN SCHEMA newswatch FROM newswatch_reader;
  REVOKE ALL ON ALL SEQUENCES IN SCHEMA newswatch FROM newswatch_reader;
  REVOKE CREATE ON SCHEMA newswatch FROM newswatch_reader;
  GRANT USAGE ON SCHEMA newswatch TO newswatch_reader;
  FOR v IN SELECT viewname FROM pg_views WHERE schemaname = 'newswatch' LOOP
    EXECUTE format('GRANT SELECT ON newswatch.%I TO newswatch_reader', v.viewname);
  END LOOP;
  GRANT SELECT ON newswatch.events TO newswatch_reader;  -- the log itself, for audits
END
$$;
