-- Append-only by the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE even for the
-- table's owner or a superuser (privileges alone do not bind the owner), and the writer role is
-- granted INSERT and SELECT only.
CREATE OR REPLACE FUNCTION newswatch.refuse_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'newswatch.events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Record a new event instead of changing an old one.';
END
$$;

DROP TRIGGER IF EXISTS events_refuse_update_delete ON newswatch.events;
CREATE TRIGGER events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON newswatch.events
  FOR EACH ROW EXECUTE FUNCTION newswatch.refuse_event_change();

DROP TRIGGER IF EXISTS events_refuse_truncate ON newswatch.events;
CREATE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON newswatch.events
  FOR EACH STATEMENT EXECUTE FUNCTION newswatch.refuse_event_change();

REVOKE ALL ON newswatch.events FROM PUBLIC;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswatch_writer') THEN
    GRANT USAGE ON SCHEMA newswatch TO newswatch_writer;
    GRANT SELECT, INSERT ON newswatch.events TO newswatch_writer;
    REVOKE UPDATE, DELETE, TRUNCATE ON newswatch.events FROM newswatch_writer;
  END IF;
END
$$;
