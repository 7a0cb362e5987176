-- Stores version 1 of a new return with all its lines in one statement.
-- $1 force_id, $2 offence_id, $3 period_start, $4 period_end, $5 total_reports,
-- $6 not_yet_assigned, $7 foi_reference, $8 received_on (NULL when not given),
-- $16 suppression_threshold,
-- lines as parallel arrays: $9 line_no, $10 count, $11 suppressed, $12 label,
-- outcomes as parallel arrays: $13 line_no, $14 outcome_type, $15 position.
WITH new_return AS (
  INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, period_start,
                           period_end, total_reports, not_yet_assigned, foi_reference, received_on,
                           suppression_threshold)
  VALUES (gen_random_uuid(), 1, 'active', $1, $2, $3::date, $4::date, $5, $6, $7, $8::date, $16)
  RETURNING return_id, version, created_at
), new_lines AS (
  INSERT INTO return_lines (return_id, version, line_no, count, suppressed, label)
  SELECT r.return_id, r.version, l.line_no, l.count, l.suppressed, l.label
  FROM new_return r,
       unnest($9::int[], $10::bigint[], $11::boolean[], $12::text[])
         AS l(line_no, count, suppressed, label)
), new_outcomes AS (
  INSERT INTO return_line_outcomes (return_id, version, line_no, outcome_type, position)
  SELECT r.return_id, r.version, o.line_no, o.outcome_type, o.position
  FROM new_return r,
       unnest($13::int[], $14::text[], $15::int[]) AS o(line_no, outcome_type, position)
)
SELECT return_id::text, version, (extract(epoch FROM created_at) * 1000000)::bigint
FROM new_return
