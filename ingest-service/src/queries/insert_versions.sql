-- Stores versions of returns with all their lines and an audit event each, in one statement:
-- one version when a return is amended, every submission of a batch when they are committed
-- together. Each parameter is an array with one element per version (or per line), joined by
-- return id; no two versions of one return come together.
-- Versions: $1 return_id, $2 version, $3 force_id, $4 offence_id, $5 period_start,
-- $6 period_end, $7 total_reports, $8 not_yet_assigned, $9 foi_reference, $10 received_on
-- (NULL when not given), $11 suppression_threshold, $12 created_by (key id), $13 source,
-- $14 reason, $15 audit action, $16 request_id (NULL when none);
-- lines: $17 return_id, $18 line_no, $19 count (NULL when withheld), $20 suppressed, $21 label,
-- $22 outcome types (the codes, separated by spaces, in the order given);
-- versions again: $23 unaccounted_reports, $24 unknown_outcome_reports, $25 exemptions (the
-- sections, separated by spaces).
WITH new_versions AS (
  INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, period_start,
                           period_end, total_reports, not_yet_assigned, foi_reference, received_on,
                           suppression_threshold, created_by, source, reason,
                           unaccounted_reports, unknown_outcome_reports, exemptions)
  SELECT v.return_id, v.version, 'active', v.force_id, v.offence_id, v.period_start,
         v.period_end, v.total_reports, v.not_yet_assigned, v.foi_reference, v.received_on,
         v.suppression_threshold, v.created_by, v.source, v.reason, v.unaccounted_reports,
         v.unknown_outcome_reports, string_to_array(v.exemptions, ' ')
  FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::date[], $6::date[],
              $7::bigint[], $8::bigint[], $9::text[], $10::date[], $11::int[], $12::text[],
              $13::text[], $14::text[], $23::bigint[], $24::bigint[], $25::text[])
         AS v(return_id, version, force_id, offence_id, period_start, period_end, total_reports,
              not_yet_assigned, foi_reference, received_on, suppression_threshold, created_by,
              source, reason, unaccounted_reports, unknown_outcome_reports, exemptions)
  RETURNING return_id, version, created_at
), new_lines AS (
  INSERT INTO return_lines (return_id, version, line_no, count, suppressed, label, outcome_types)
  SELECT v.return_id, v.version, l.line_no, l.count, l.suppressed, l.label,
         string_to_array(l.outcome_types, ' ')
  FROM new_versions v
  JOIN unnest($17::uuid[], $18::int[], $19::bigint[], $20::boolean[], $21::text[], $22::text[])
         AS l(return_id, line_no, count, suppressed, label, outcome_types) USING (return_id)
), audit_events AS (
  INSERT INTO audit_log (key_id, action, return_id, version, reason, request_id)
  SELECT a.key_id, a.action, a.return_id, a.version, a.reason, a.request_id
  FROM unnest($1::uuid[], $2::int[], $12::text[], $14::text[], $15::text[], $16::uuid[])
         AS a(return_id, version, key_id, reason, action, request_id)
)
SELECT return_id::text AS return_id,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_at_micros
FROM new_versions
