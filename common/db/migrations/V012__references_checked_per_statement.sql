-- Every version names its force, its offence and the key that wrote it, and every audit event
-- its key. Foreign keys said so with a query of their own per row: three for each version
-- stored and one for each audit event, 800,000 for an import of 200,000 returns (5.6 s of the
-- 13 s that storing those returns took, and 2 s of the audit). The same rules are now checked
-- once per statement, as V010 did for lines: one join over the distinct names a statement
-- wrote. Like a foreign key, the check locks what it finds (FOR KEY SHARE), so a force,
-- offence or key cannot be deleted or re-keyed while a transaction that names it is open;
-- and rows that are named may not be deleted or re-keyed at all.
ALTER TABLE foi_returns
  DROP CONSTRAINT foi_returns_force_id_fkey,
  DROP CONSTRAINT foi_returns_offence_id_fkey,
  DROP CONSTRAINT foi_returns_created_by_fkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_key_id_fkey;

-- The four checks below are one pattern written out four times, on purpose: one function
-- taking the table and column by name needs dynamic SQL, planned again on every call, and
-- SubmitReturn fell from 426 to 251 a second at one client and from 1,162 to 905 at sixteen.
CREATE FUNCTION check_written_returns() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT w.force_id INTO missing
  FROM (SELECT DISTINCT force_id FROM written_returns) w
  LEFT JOIN (SELECT force_id FROM forces
             WHERE force_id IN (SELECT force_id FROM written_returns)
             FOR KEY SHARE) f USING (force_id)
  WHERE f.force_id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'force "%" is not a known force', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT w.offence_id INTO missing
  FROM (SELECT DISTINCT offence_id FROM written_returns) w
  LEFT JOIN (SELECT offence_id FROM offences
             WHERE offence_id IN (SELECT offence_id FROM written_returns)
             FOR KEY SHARE) o USING (offence_id)
  WHERE o.offence_id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'offence "%" is not a known offence', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT w.created_by INTO missing
  FROM (SELECT DISTINCT created_by FROM written_returns WHERE created_by IS NOT NULL) w
  LEFT JOIN (SELECT key_id FROM api_keys
             WHERE key_id IN (SELECT created_by FROM written_returns)
             FOR KEY SHARE) k ON k.key_id = w.created_by
  WHERE k.key_id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'key "%" is not a known key', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER foi_returns_names_inserted
  AFTER INSERT ON foi_returns REFERENCING NEW TABLE AS written_returns
  FOR EACH STATEMENT EXECUTE FUNCTION check_written_returns();

CREATE TRIGGER foi_returns_names_updated
  AFTER UPDATE ON foi_returns REFERENCING NEW TABLE AS written_returns
  FOR EACH STATEMENT EXECUTE FUNCTION check_written_returns();

CREATE FUNCTION check_written_audit_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  SELECT w.key_id INTO missing
  FROM (SELECT DISTINCT key_id FROM written_events) w
  LEFT JOIN (SELECT key_id FROM api_keys
             WHERE key_id IN (SELECT key_id FROM written_events)
             FOR KEY SHARE) k USING (key_id)
  WHERE k.key_id IS NULL
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'key "%" is not a known key', missing
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_log_keys_inserted
  AFTER INSERT ON audit_log REFERENCING NEW TABLE AS written_events
  FOR EACH STATEMENT EXECUTE FUNCTION check_written_audit_events();

CREATE TRIGGER audit_log_keys_updated
  AFTER UPDATE ON audit_log REFERENCING NEW TABLE AS written_events
  FOR EACH STATEMENT EXECUTE FUNCTION check_written_audit_events();

-- The other side of each rule: a force, offence or key that something names stays, under its
-- name. TG_ARGV: the key column of the table the trigger is on, then the table and column
-- that name it.
CREATE FUNCTION keep_named_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_key text := to_jsonb(OLD) ->> TG_ARGV[0];
  named boolean;
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) ->> TG_ARGV[0]) = old_key THEN
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1)', TG_ARGV[1], TG_ARGV[2])
    INTO named USING old_key;
  IF named THEN
    RAISE EXCEPTION '% "%" is named by %.%', TG_TABLE_NAME, old_key, TG_ARGV[1], TG_ARGV[2]
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER forces_named_by_returns
  BEFORE DELETE OR UPDATE OF force_id ON forces
  FOR EACH ROW EXECUTE FUNCTION keep_named_rows('force_id', 'foi_returns', 'force_id');

CREATE TRIGGER offences_named_by_returns
  BEFORE DELETE OR UPDATE OF offence_id ON offences
  FOR EACH ROW EXECUTE FUNCTION keep_named_rows('offence_id', 'foi_returns', 'offence_id');

CREATE TRIGGER api_keys_named_by_returns
  BEFORE DELETE OR UPDATE OF key_id ON api_keys
  FOR EACH ROW EXECUTE FUNCTION keep_named_rows('key_id', 'foi_returns', 'created_by');

CREATE TRIGGER api_keys_named_by_audit_log
  BEFORE DELETE OR UPDATE OF key_id ON api_keys
  FOR EACH ROW EXECUTE FUNCTION keep_named_rows('key_id', 'audit_log', 'key_id');

-- TRUNCATE skips row triggers, and nothing else stops it now for offences: refuse it outright on
-- all three (they are reference data; a force or offence that nothing names can be deleted).
CREATE FUNCTION keep_named_tables() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TRUNCATE on % is refused: stored returns name its rows', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER forces_kept_whole BEFORE TRUNCATE ON forces
  FOR EACH STATEMENT EXECUTE FUNCTION keep_named_tables();
CREATE TRIGGER offences_kept_whole BEFORE TRUNCATE ON offences
  FOR EACH STATEMENT EXECUTE FUNCTION keep_named_tables();
CREATE TRIGGER api_keys_kept_whole BEFORE TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION keep_named_tables();
