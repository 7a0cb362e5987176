-- A line's outcome types move into the line itself, as an array in the order given. Storing a
-- 20-line return then writes 21 rows instead of 41 and runs 21 foreign-key checks instead of
-- 61, and readers no longer join and aggregate to put a line back together.
ALTER TABLE return_lines ADD COLUMN outcome_types text[];
UPDATE return_lines l
SET outcome_types = o.codes
FROM (SELECT return_id, version, line_no, array_agg(outcome_type ORDER BY position) AS codes
      FROM return_line_outcomes
      GROUP BY return_id, version, line_no) o
WHERE o.return_id = l.return_id AND o.version = l.version AND o.line_no = l.line_no;
ALTER TABLE return_lines
  ALTER COLUMN outcome_types SET NOT NULL,
  ADD CONSTRAINT return_lines_count_some_outcome_type CHECK (cardinality(outcome_types) > 0);
DROP TABLE return_line_outcomes;

-- What the foreign key to outcome_types and the primary key of return_line_outcomes did: every
-- code names an outcome type, and a line names each once. Checked once per statement over all
-- the lines it wrote, not once per line, so that an import of a million rows stays fast.
CREATE FUNCTION check_line_outcome_types() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
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

CREATE TRIGGER return_lines_inserted
  AFTER INSERT ON return_lines REFERENCING NEW TABLE AS written_lines
  FOR EACH STATEMENT EXECUTE FUNCTION check_line_outcome_types();

CREATE TRIGGER return_lines_updated
  AFTER UPDATE ON return_lines REFERENCING NEW TABLE AS written_lines
  FOR EACH STATEMENT EXECUTE FUNCTION check_line_outcome_types();

-- And the other side of that key: an outcome type that lines count is neither removed nor
-- renamed (reference data changes only in migrations, so a scan of the lines is affordable).
CREATE FUNCTION keep_counted_outcome_types() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.code = OLD.code THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM return_lines WHERE outcome_types @> ARRAY[OLD.code]) THEN
    RAISE EXCEPTION 'outcome type "%" is counted by stored returns', OLD.code
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER outcome_types_kept
  BEFORE DELETE OR UPDATE OF code ON outcome_types
  FOR EACH ROW EXECUTE FUNCTION keep_counted_outcome_types();
