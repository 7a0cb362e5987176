-- Stores one version of a return with all its lines in one statement.
-- $1 return_id, $2 version, $3 force_id, $4 offence_id, $5 period_start, $6 period_end,
-- $7 total_reports, $8 not_yet_assigned, $9 foi_reference, $10 received_on (NULL when not
-- given), $11 suppression_threshold, $12 created_by (key id), $13 source, $14 reason;
-- lines as parallel arrays: $15 line_no, $16 count, $17 suppressed, $18 label;
-- outcomes as parallel arrays: $19 line_no, $20 outcome_type, $21 position.
WITH new_return AS (
  INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, period_start,
                           period_end, total_reports, not_yet_assigned, foi_reference, received_on,
                           suppression_threshold, created_by, source, reason)
  VALUES ($1::uuid, $2, 'active', $3, $4, $5::date, $6::date, $7, $8, $9, $10::date, $11, $12,
          $13, $14)
  RETURNING return_id, version, created_at
), new_lines AS (
  INSERT INTO return_lines (return_id, version, line_no, count, suppressed, label)
  SELECT r.return_id, r.version, l.line_no, l.count, l.suppressed, l.label
  FROM new_return r,
       unnest($15::int[], $16::bigint[], $17::boolean[], $18::text[])
         AS l(line_no, count, suppressed, label)
), new_outcomes AS (
  INSERT INTO return_line_outcomes (return_id, version, line_no, outcome_type, position)
  SELECT r.return_id, r.version, o.line_no, o.outcome_type, o.position
  FROM new_return r,
       unnest($19::int[], $20::text[], $21::int[]) AS o(line_no, outcome_type, position)
)
SELECT (extract(epoch FROM created_at) * 1000000)::bigint
FROM new_return
