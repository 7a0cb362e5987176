-- The figures of active returns, one row per line (one row with NULL line columns for a return
-- with no lines, such as a refusal), grouped by return: all of them when $1 is NULL, else those
-- of the return ids in $1 (a return with no active version has no rows). With each return, the
-- days its offence was in force, from which its effective period is worked out.
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       to_char(r.period_start, 'YYYY-MM-DD'), to_char(r.period_end, 'YYYY-MM-DD'),
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       r.unaccounted_reports, r.unknown_outcome_reports, r.exemptions,
       to_char(o.in_force_from, 'YYYY-MM-DD'), to_char(o.in_force_until, 'YYYY-MM-DD'),
       l.count, array_to_string(l.outcome_types, ' ')
FROM foi_returns r
JOIN offences o ON o.offence_id = r.offence_id
LEFT JOIN return_lines l ON l.return_id = r.return_id AND l.version = r.version
WHERE r.status = 'active' AND ($1::uuid[] IS NULL OR r.return_id = ANY ($1::uuid[]))
ORDER BY r.offence_id, r.force_id, r.period_start, r.return_id, l.line_no
