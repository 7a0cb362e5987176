-- The imported returns in file order, the first $1 of them, and how many there are.
SELECT return_id::text, force_id, offence_id, to_char(period_start, 'YYYY-MM-DD'),
       to_char(period_end, 'YYYY-MM-DD'), foi_reference, total_reports, not_yet_assigned,
       count(*) OVER (), unaccounted_reports, unknown_outcome_reports, exemptions
FROM import_groups
ORDER BY first_row
LIMIT $1
