-- Storing a return spent most of its time in two checks (profiles of ImportReturns and
-- SubmitReturn; 200,000 returns and their 1,000,000 lines on the 2-core machine):
--
-- 1. The overlap constraint's GiST index over (period, force id, offence id): every insert
--    searches it and adds to it, calling a range or btree_gist text comparison for every
--    entry of every page it passes: 15 s for the 200,000 returns. The same rule over one
--    box per return (below) costs 5 s. (SP-GiST over one range was as quick in random order
--    but took 140 s when returns came in key order, which a force's history does.)
-- 2. The statement trigger on return_lines: a correlated count(DISTINCT) for every line to
--    find an outcome type counted twice, and an anti-join for every line to find its
--    version: 7.7 s for the million lines. Rewritten below to read each distinct list of
--    types once, the COPY of those lines went from 11.3 s to 8.5 s.

-- A return as a box: x is its force and offence (a 32-bit hash of their ids, so one number),
-- y its days (counted from 4714-11-24 BC, the first date PostgreSQL knows, so between 0 and
-- 2^31). Every coordinate is an integer a double holds exactly. Two boxes share a point
-- exactly when their x are equal and their days meet; that no two pairs of a force and an
-- offence hash alike is kept true below, so equal x means the same force and offence, and
-- sharing a point is what the constraint forbids. (Periods are finite dates: the service
-- never takes 'infinity', and now neither does the table.)
ALTER TABLE foi_returns
  ADD CONSTRAINT periods_are_finite CHECK (isfinite(period_start) AND isfinite(period_end));

-- (Bodies in standard SQL, not strings: parsed once, here, they name what they use, so a
-- restore that runs with an empty search_path can still build the index.)
CREATE FUNCTION scope_hash(force_id text, offence_id text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN hashtext(force_id || '/' || offence_id)::bigint;

CREATE FUNCTION active_days(force_id text, offence_id text, period_start date,
                            period_end date) RETURNS box
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN box(point(scope_hash(force_id, offence_id), period_start - date '4714-11-24 BC'),
             point(scope_hash(force_id, offence_id), period_end - date '4714-11-24 BC'));

-- No two pairs of a force and an offence may hash alike: checked now, and whenever forces or
-- offences change. (With 46 forces and a few dozen offences a clash is unlikely, but the
-- constraint above is only exact while there is none; a clash refuses the new id, which can
-- then be spelt differently.)
CREATE FUNCTION assert_scope_hashes_distinct() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  clash record;
BEGIN
  WITH pairs AS (
    SELECT f.force_id, o.offence_id, scope_hash(f.force_id, o.offence_id) AS h
    FROM forces f CROSS JOIN offences o
  )
  SELECT a.force_id AS force_a, a.offence_id AS offence_a,
         b.force_id AS force_b, b.offence_id AS offence_b INTO clash
  FROM pairs a
  JOIN pairs b ON a.h = b.h AND (a.force_id, a.offence_id) < (b.force_id, b.offence_id)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'force "%" with offence "%" hashes like force "%" with offence "%": spell the new id differently',
      clash.force_b, clash.offence_b, clash.force_a, clash.offence_a
      USING ERRCODE = 'unique_violation';
  END IF;
END
$$;

CREATE FUNCTION check_scope_hashes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM assert_scope_hashes_distinct();
  RETURN NULL;
END
$$;

CREATE TRIGGER forces_scope_hashes_distinct
  AFTER INSERT OR UPDATE OF force_id ON forces
  FOR EACH STATEMENT EXECUTE FUNCTION check_scope_hashes();

CREATE TRIGGER offences_scope_hashes_distinct
  AFTER INSERT OR UPDATE OF offence_id ON offences
  FOR EACH STATEMENT EXECUTE FUNCTION check_scope_hashes();

SELECT assert_scope_hashes_distinct();

-- The rule itself, as before: two active returns of one force and offence may not share a
-- day. Lookups by force, offence and period now use foi_returns_active_by_offence.
ALTER TABLE foi_returns DROP CONSTRAINT active_returns_do_not_overlap;
ALTER TABLE foi_returns ADD CONSTRAINT active_returns_do_not_overlap
  EXCLUDE USING gist (active_days(force_id, offence_id, period_start, period_end) WITH &&)
  WHERE (status = 'active');

-- The lines' checks, in two passes over the lines a statement wrote instead of three and a
-- subquery per line: the versions they name, once each; then each distinct list of outcome
-- types (a million lines hold a few dozen), whose every type must be in the framework and not
-- earlier in the same list. Only when one fails is a line that holds it looked for.
CREATE OR REPLACE FUNCTION check_written_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  line record;
BEGIN
  SELECT v.return_id, v.version INTO bad
  FROM (SELECT DISTINCT return_id, version FROM written_lines) v
  WHERE NOT EXISTS (SELECT 1 FROM foi_returns r
                    WHERE r.return_id = v.return_id AND r.version = v.version)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'line % names version % of return %, which is not stored',
      (SELECT min(line_no) FROM written_lines
       WHERE return_id = bad.return_id AND version = bad.version),
      bad.version, bad.return_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT d.outcome_types, c.code, t.code IS NULL AS unknown INTO bad
  FROM (SELECT DISTINCT outcome_types FROM written_lines) d
  CROSS JOIN LATERAL unnest(d.outcome_types) WITH ORDINALITY AS c(code, position)
  LEFT JOIN outcome_types t ON t.code = c.code
  WHERE t.code IS NULL OR c.code = ANY (d.outcome_types[:c.position - 1])
  ORDER BY t.code IS NULL DESC
  LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
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
END
$$;
