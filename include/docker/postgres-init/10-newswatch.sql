-- The event store's role and database, beside Airflow's metadata database in the same server.
-- PostgreSQL's image runs this once, as the superuser, when it initialises an empty data volume.

-- CREATEROLE because `newswatch init` runs the migrations as this role, and they set up the
-- read-only newswatch_reader role that analysts and BI tools log in as.
CREATE ROLE newswatch LOGIN CREATEROLE PASSWORD 'newswatch';
CREATE DATABASE newswatch OWNER newswatch;
