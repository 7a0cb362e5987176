-- One version of a return; $2 = 0 picks the latest version.
SELECT return_id::text, version, status, force_id, offence_id,
       to_char(period_start, 'YYYY-MM-DD'), to_char(period_end, 'YYYY-MM-DD'),
       total_reports, not_yet_assigned, foi_reference,
       coalesce(to_char(received_on, 'YYYY-MM-DD'), ''),
       (extract(epoch FROM created_at) * 1000000)::bigint, suppression_threshold,
       coalesce(created_by, ''), source, reason
FROM foi_returns
WHERE return_id = $1::uuid AND ($2 = 0 OR version = $2)
ORDER BY version DESC
LIMIT 1
