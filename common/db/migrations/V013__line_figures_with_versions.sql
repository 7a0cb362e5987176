-- Each version carries its lines' figures beside it, in line order: line_counts[i] is the
-- count of its i-th line (NULL where withheld) and line_outcome_types[i] that line's outcome
-- types (the codes, separated by spaces); both empty for a version with no lines, such as a
-- refusal. return_lines keeps every line whole (label, whether withheld) and stays the record;
-- these two arrays are what the stats service reads, from one row a return.
--
-- It read them from return_lines: twenty index entries and rows for a 20-line return, for
-- every return written, as it follows the writes. With SubmitReturn at 16 clients on the 2-core
-- machine, the stats service's database session used 0.14-0.19 ms of CPU a submitted return on
-- a database of 1.4 million returns (0.07 ms on one of 400,000), a quarter to a third of what
-- the database spent on the writes; reading foi_returns alone, 0.03 ms on either. Its full
-- reload of the 1.4 million took 25 s instead of 57-93 s. What the writes pay for the two
-- arrays was within the spread: the batch statement under pgbench (three alternated pairs at 2
-- and at 8 clients), and an import of 300,000 rows (38,600-44,500 rows/s before, 39,100-40,400
-- after).
--
-- A version stored without them has no lines; written with lines, it must have them.
ALTER TABLE foi_returns
  ADD COLUMN line_counts bigint[] NOT NULL DEFAULT '{}',
  ADD COLUMN line_outcome_types text[] NOT NULL DEFAULT '{}';

UPDATE foi_returns r
SET line_counts = l.counts, line_outcome_types = l.outcome_types
FROM (SELECT return_id, version, array_agg(count ORDER BY line_no) AS counts,
             array_agg(array_to_string(outcome_types, ' ') ORDER BY line_no) AS outcome_types
      FROM return_lines
      GROUP BY return_id, version) l
WHERE r.return_id = l.return_id AND r.version = l.version;

ALTER TABLE foi_returns ADD CONSTRAINT line_figures_pair
  CHECK (cardinality(line_counts) = cardinality(line_outcome_types));

-- The two copies agree, checked where lines are written: the lines a statement writes for a
-- version are, in line order, the version's two arrays. So a version's lines are written
-- whole, in one statement (with the version by SubmitReturn, in one COPY by ImportReturns):
-- lines are never added to a stored version, and one line cannot change on its own. The same
-- pass finds a line whose version is not stored, as V011's first pass did.
CREATE OR REPLACE FUNCTION check_written_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  differing record;
  line record;
BEGIN
  -- Each version is looked up by its key (LIMIT 1 keeps the lookup a subquery of its own):
  -- joined plainly, a table of a few thousand returns was read whole for every statement,
  -- the planner not knowing how few versions a statement's lines name.
  SELECT w.return_id, w.version, w.first_line, r.return_id IS NULL AS unstored INTO differing
  FROM (SELECT return_id, version, min(line_no) AS first_line,
               array_agg(count ORDER BY line_no) AS counts,
               array_agg(array_to_string(outcome_types, ' ') ORDER BY line_no) AS outcome_types
        FROM written_lines
        GROUP BY return_id, version) w
  LEFT JOIN LATERAL (SELECT s.return_id, s.line_counts, s.line_outcome_types
                     FROM foi_returns s
                     WHERE s.return_id = w.return_id AND s.version = w.version
                     LIMIT 1) r ON true
  WHERE r.return_id IS NULL
     OR r.line_counts IS DISTINCT FROM w.counts
     OR r.line_outcome_types IS DISTINCT FROM w.outcome_types
  ORDER BY r.return_id IS NULL DESC
  LIMIT 1;
  IF FOUND AND differing.unstored THEN
    RAISE EXCEPTION 'line % names version % of return %, which is not stored',
      differing.first_line, differing.version, differing.return_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  -- (Outcome types first: a line naming an unknown type is refused for that, whatever else.)
  SELECT d.outcome_types, c.code, t.code IS NULL AS unknown INTO bad
  FROM (SELECT DISTINCT outcome_types FROM written_lines) d
  CROSS JOIN LATERAL unnest(d.outcome_types) WITH ORDINALITY AS c(code, position)
  LEFT JOIN outcome_types t ON t.code = c.code
  WHERE t.code IS NULL OR c.code = ANY (d.outcome_types[:c.position - 1])
  ORDER BY t.code IS NULL DESC
  LIMIT 1;
  IF FOUND THEN
    SELECT l.return_id, l.line_no INTO line
    FROM written_lines l WHERE l.outcome_types = bad.outcome_types
    ORDER BY l.return_id, l.line_no LIMIT 1;
    IF bad.unknown THEN
      RAISE EXCEPTION 'line % of return % counts outcome type "%", which the outcomes framework lacks',
        line.line_no, line.return_id, bad.code
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'line % of return % counts an outcome type twice', line.line_no, line.return_id
      USING ERRCODE = 'unique_violation';
  END IF;
  IF differing.return_id IS NOT NULL THEN
    RAISE EXCEPTION 'the lines written for version % of return % are not its line_counts and line_outcome_types',
      differing.version, differing.return_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

-- And where the arrays change after their version was written (nothing in the services does;
-- a change to a version's lines changes both): by the end of the transaction they must be its
-- stored lines again.
CREATE FUNCTION check_line_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counts bigint[];
  outcome_types text[];
BEGIN
  SELECT coalesce(array_agg(l.count ORDER BY l.line_no), '{}'),
         coalesce(array_agg(array_to_string(l.outcome_types, ' ') ORDER BY l.line_no), '{}')
  INTO counts, outcome_types
  FROM return_lines l
  WHERE l.return_id = NEW.return_id AND l.version = NEW.version;
  IF NEW.line_counts IS DISTINCT FROM counts
     OR NEW.line_outcome_types IS DISTINCT FROM outcome_types THEN
    RAISE EXCEPTION 'line_counts and line_outcome_types of version % of return % are not its lines',
      NEW.version, NEW.return_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER foi_returns_line_figures_updated
  AFTER UPDATE OF line_counts, line_outcome_types ON foi_returns
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_line_figures();
