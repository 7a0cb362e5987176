-- Every committed change to returns notifies listeners (the stats service refreshes its
-- snapshot). NOTIFY inside the writing transaction is delivered only if it commits.
CREATE FUNCTION notify_returns_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('foi_returns_changed', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER foi_returns_changed
  AFTER INSERT OR UPDATE OR DELETE ON foi_returns
  FOR EACH STATEMENT EXECUTE FUNCTION notify_returns_changed();

-- Two roles for the two services: foi_ingest may write returns and keys' use, foi_stats may
-- only read. Roles belong to the whole cluster, so they are created once; each database grants
-- them its own rights. They have no password here: an operator sets one
-- (ALTER ROLE foi_stats PASSWORD '...') or maps them in pg_hba.conf.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'foi_ingest') THEN
    CREATE ROLE foi_ingest LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'foi_stats') THEN
    CREATE ROLE foi_stats LOGIN;
  END IF;
END
$$;

ALTER ROLE foi_stats SET default_transaction_read_only = on;

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO foi_ingest, foi_stats', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO foi_ingest, foi_stats;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO foi_stats;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO foi_ingest;
GRANT INSERT, UPDATE ON foi_returns, return_lines, return_line_outcomes, audit_log,
  write_requests, api_keys TO foi_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO foi_ingest;
