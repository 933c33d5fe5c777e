-- Issue 17: least privilege by construction, the way Message DB does it. Migrations run as the
-- owner; the pipeline logs in as a role that is only newswatch_writer; the SQL console and the
-- desk log in as a role that is only newswatch_reader (`newswatch init` creates both logins, see
-- store/roles.py). This migration gives each group exactly what it needs, and nothing to PUBLIC.

-- Nobody but the owner creates objects: no temporary tables (PUBLIC has TEMPORARY on a new
-- database), no schemas, nothing in public (PostgreSQL 15's default, restated for older clusters).
-- A migrating role that owns neither gets a WARNING from REVOKE, not an error.
DO $$
BEGIN
  EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
END
$$;

-- The writer: INSERT/SELECT on the log (0003), full use of the projection tables and
-- checkpoints, SELECT on the views and on the migration bookkeeping (the CLI checks that the
-- store is migrated), and the identity sequence of the log (append reads currval). Tables that
-- later migrations create get the same grants by default, so a new projection cannot be
-- forgotten; the log itself stays INSERT/SELECT only (a default privilege never touches an
-- existing table).
DO $$
DECLARE
  t record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    RAISE NOTICE 'newswatch: role newswatch_writer does not exist; skipping its grants';
    RETURN;
  END IF;
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'newswatch' AND c.relkind IN ('r', 'p')
             AND c.relname NOT IN ('events', 'schema_migrations', 'schema_views') LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON newswatch.%I TO newswatch_writer', t.relname);
  END LOOP;
  GRANT SELECT ON newswatch.schema_migrations TO newswatch_writer;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA newswatch TO newswatch_writer;
  ALTER DEFAULT PRIVILEGES IN SCHEMA newswatch
    GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO newswatch_writer;
  ALTER DEFAULT PRIVILEGES IN SCHEMA newswatch GRANT USAGE, SELECT ON SEQUENCES TO newswatch_writer;
END
$$;

-- Functions that read files, run programs or reach other servers: a plain login cannot call the
-- file ones on PostgreSQL 15 (superuser or pg_read_server_files only), and dblink is not
-- installed by newswatch. Should a DBA install dblink or adminpack into this database, nobody
-- but its owner may call them. Revoking on functions owned by another role needs a superuser:
-- without one this says so and goes on (the console checks its login anyway, store/roles.py).
DO $$
DECLARE
  f record;
BEGIN
  FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
           JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid
           WHERE e.extname IN ('dblink', 'adminpack', 'file_fdw', 'postgres_fdw') LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.signature);
  END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'newswatch: cannot revoke EXECUTE on extension functions (not a superuser)';
END
$$;

-- A reader may signal the backends of its own role: from the console, the desk's sessions (one
-- login). Nobody in newswatch needs these; a superuser keeps them.
DO $$
BEGIN
  REVOKE EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) FROM PUBLIC;
  REVOKE EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) FROM PUBLIC;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'newswatch: cannot revoke EXECUTE on pg_cancel_backend/pg_terminate_backend (not a superuser)';
END
$$;

-- The SQL console's one way in (store/console.py). PL/pgSQL opens the analyst's text as a cursor
-- through SPI, so PostgreSQL itself refuses more than one statement ("cannot open multi-query
-- plan as cursor"), and anything that is not a query (COMMIT, SET, RESET, COPY, DO, CALL,
-- CREATE, PREPARE, LISTEN...: "cannot open ... query as cursor"). It runs with the caller's
-- rights (SECURITY INVOKER), so the reader login stays the reader. Rows are then read with
-- FETCH, a batch at a time, so a large result is never held in memory at once.
CREATE OR REPLACE FUNCTION newswatch.console_open(query text, portal text) RETURNS refcursor
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
  c refcursor := portal;
BEGIN
  OPEN c NO SCROLL FOR EXECUTE query;
  RETURN c;
END
$$;
REVOKE ALL ON FUNCTION newswatch.console_open(text, text) FROM PUBLIC;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_reader') THEN
    GRANT EXECUTE ON FUNCTION newswatch.console_open(text, text) TO newswatch_reader;
  END IF;
END
$$;
