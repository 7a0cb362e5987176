-- A page of the latest version of each return, after return id $1, filtered by force $2,
-- offence $3, status $4 and a period overlapping [$5, $6] (empty text: no filter).
-- Same columns as select_return.sql.
SELECT return_id::text AS return_id, version, status, force_id, offence_id,
       to_char(period_start, 'YYYY-MM-DD') AS period_start,
       to_char(period_end, 'YYYY-MM-DD') AS period_end,
       total_reports, not_yet_assigned, foi_reference,
       coalesce(to_char(received_on, 'YYYY-MM-DD'), '') AS received_on,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_at_micros,
       suppression_threshold, coalesce(created_by, '') AS created_by, source, reason,
       unaccounted_reports, unknown_outcome_reports,
       array_to_string(exemptions, ' ') AS exemptions
FROM (
  SELECT DISTINCT ON (return_id) *
  FROM foi_returns
  WHERE return_id > $1::uuid
    AND ($2 = '' OR force_id = $2)
    AND ($3 = '' OR offence_id = $3)
  ORDER BY return_id, version DESC
) latest
WHERE ($4 = '' OR status = $4)
  AND ($5 = '' OR period_end >= $5::date)
  AND ($6 = '' OR period_start <= $6::date)
ORDER BY return_id
LIMIT $7
