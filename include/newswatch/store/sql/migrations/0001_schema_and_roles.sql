-- The newswatch schema and its two group roles.
-- newswatch_writer: what the pipeline runs as (INSERT/SELECT on the log, full use of projections).
-- newswatch_reader: analysts and BI tools (SELECT on the read-model views only).
-- Roles are cluster-wide; creating them needs CREATEROLE, so a deployment without it gets a
-- NOTICE and its DBA creates them by hand (see README, "Roles").
CREATE SCHEMA IF NOT EXISTS newswatch;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    CREATE ROLE newswatch_writer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_reader') THEN
    CREATE ROLE newswatch_reader NOLOGIN;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'newswatch: cannot create roles newswatch_writer/newswatch_reader (no CREATEROLE); create them by hand';
END
$$;
