-- The event store's role and database, beside Airflow's metadata database in the same server.
-- PostgreSQL's image runs this once, as the superuser, when it initialises an empty data volume.

-- newswatch owns the schema: `newswatch init` runs the migrations as this role (with
-- NEWSWATCH_OWNER_DATABASE_URL) and, with CREATEROLE, creates the group roles newswatch_writer and
-- newswatch_reader and the logins newswatch_pipeline (the DAGs) and newswatch_analyst (the desk,
-- `newswatch sql`, BI tools), each a member of its group only. Nothing else logs in as the owner.
CREATE ROLE newswatch LOGIN CREATEROLE PASSWORD 'newswatch';
CREATE DATABASE newswatch OWNER newswatch;

-- What only a superuser may take from PUBLIC, done here while we are one (function privileges
-- are per database): a reader login must not signal other sessions of its role (the desk's),
-- nor may anyone make temporary tables or schemas. Migration 0090 does the same when it runs as
-- a superuser; the owner above is not one.
\connect newswatch
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) FROM PUBLIC;
REVOKE CREATE, TEMPORARY ON DATABASE newswatch FROM PUBLIC;
