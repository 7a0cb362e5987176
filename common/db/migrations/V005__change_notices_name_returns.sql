-- Change notices now say which returns changed, so the stats service can reload just those
-- instead of every figure after each write. A statement touching many returns (an import)
-- says '*': reload everything. Payloads must stay under PostgreSQL's 8000-byte limit.
DROP TRIGGER foi_returns_changed ON foi_returns;
DROP FUNCTION notify_returns_changed();

CREATE FUNCTION notify_returns_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_ids text;
BEGIN
  SELECT CASE WHEN count(DISTINCT return_id) > 100 THEN '*'
              ELSE string_agg(DISTINCT return_id::text, ',') END
  INTO changed_ids
  FROM changed;
  PERFORM pg_notify('foi_returns_changed', coalesce(changed_ids, ''));
  RETURN NULL;
END
$$;

CREATE TRIGGER foi_returns_inserted
  AFTER INSERT ON foi_returns REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION notify_returns_changed();

CREATE TRIGGER foi_returns_updated
  AFTER UPDATE ON foi_returns REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION notify_returns_changed();
