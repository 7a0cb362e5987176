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
-- Databases of one cluster may migrate at the same time: a role another one has just created
-- is fine, and settings are made per database, never on the shared role itself.
DO $$
BEGIN
  BEGIN
    CREATE ROLE foi_ingest LOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE foi_stats LOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  EXECUTE format('ALTER ROLE foi_stats IN DATABASE %I SET default_transaction_read_only = on',
                 current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO foi_ingest, foi_stats', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO foi_ingest, foi_stats;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO foi_stats;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO foi_ingest;
GRANT INSERT, UPDATE ON foi_returns, return_lines, return_line_outcomes, audit_log,
  write_requests, api_keys TO foi_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO foi_ingest;
