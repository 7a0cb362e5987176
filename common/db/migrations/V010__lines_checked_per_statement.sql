-- Every line belongs to a stored version. The foreign key said so by running a query of its own
-- for each line written: twenty for a 20-line return, a million for an import of a million
-- rows. Profiles of SubmitReturn and ImportReturns put those per-line queries first among the
-- database's costs. The same rule is now checked once per statement, with one anti-join over
-- every line the statement wrote, in the trigger that already checks the lines' outcome types.
--
-- A foreign key also stops its parent row going away. Versions never do (a return's history
-- is kept whole: an amendment or a withdrawal adds or marks a version, nothing deletes one),
-- and that is now a rule of its own: no statement deletes, truncates or re-keys foi_returns.
ALTER TABLE return_lines DROP CONSTRAINT return_lines_return_id_version_fkey;

CREATE FUNCTION check_written_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT l.return_id, l.version, l.line_no INTO bad
  FROM written_lines l
  WHERE NOT EXISTS (SELECT 1 FROM foi_returns r
                    WHERE r.return_id = l.return_id AND r.version = l.version)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % names version % of return %, which is not stored',
      bad.line_no, bad.version, bad.return_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT l.return_id, l.line_no, c.code INTO bad
  FROM written_lines l, unnest(l.outcome_types) AS c(code)
  WHERE NOT EXISTS (SELECT 1 FROM outcome_types t WHERE t.code = c.code)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % of return % counts outcome type "%", which the outcomes framework lacks',
      bad.line_no, bad.return_id, bad.code
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT l.return_id, l.line_no INTO bad
  FROM written_lines l
  WHERE cardinality(l.outcome_types)
        <> (SELECT count(DISTINCT c) FROM unnest(l.outcome_types) AS c)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % of return % counts an outcome type twice', bad.line_no, bad.return_id
      USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER return_lines_inserted ON return_lines;
DROP TRIGGER return_lines_updated ON return_lines;
DROP FUNCTION check_line_outcome_types();

CREATE TRIGGER return_lines_inserted
  AFTER INSERT ON return_lines REFERENCING NEW TABLE AS written_lines
  FOR EACH STATEMENT EXECUTE FUNCTION check_written_lines();

CREATE TRIGGER return_lines_updated
  AFTER UPDATE ON return_lines REFERENCING NEW TABLE AS written_lines
  FOR EACH STATEMENT EXECUTE FUNCTION check_written_lines();

CREATE FUNCTION keep_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'versions of returns are kept: % on foi_returns is refused', TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER versions_kept
  BEFORE DELETE OR UPDATE OF return_id, version ON foi_returns
  FOR EACH STATEMENT EXECUTE FUNCTION keep_versions();

CREATE TRIGGER versions_kept_whole
  BEFORE TRUNCATE ON foi_returns
  FOR EACH STATEMENT EXECUTE FUNCTION keep_versions();
