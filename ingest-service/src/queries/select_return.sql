-- One version of a return; $2 = 0 picks the latest version.
SELECT return_id::text AS return_id, version, status, force_id, offence_id,
       to_char(period_start, 'YYYY-MM-DD') AS period_start,
       to_char(period_end, 'YYYY-MM-DD') AS period_end,
       total_reports, not_yet_assigned, foi_reference,
       coalesce(to_char(received_on, 'YYYY-MM-DD'), '') AS received_on,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_at_micros,
       suppression_threshold, coalesce(created_by, '') AS created_by, source, reason,
       unaccounted_reports, unknown_outcome_reports,
       array_to_string(exemptions, ' ') AS exemptions
FROM foi_returns
WHERE return_id = $1::uuid AND ($2 = 0 OR version = $2)
ORDER BY version DESC
LIMIT 1
