-- The imported returns in file order, the first $1 of them, and how many there are.
SELECT return_id::text AS return_id, force_id, offence_id,
       to_char(period_start, 'YYYY-MM-DD') AS period_start,
       to_char(period_end, 'YYYY-MM-DD') AS period_end, foi_reference, total_reports,
       not_yet_assigned, count(*) OVER () AS returns, unaccounted_reports,
       unknown_outcome_reports, exemptions,
       coalesce(to_char(received_on, 'YYYY-MM-DD'), '') AS received_on
FROM import_groups
ORDER BY first_row
LIMIT $1
