-- The figures of active returns, one row per line, grouped by return: all of them when $1 is
-- NULL, else those of the return ids in $1 (a return with no active version has no rows).
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       to_char(r.period_start, 'YYYY-MM-DD'), to_char(r.period_end, 'YYYY-MM-DD'),
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       l.count, array_to_string(l.outcome_types, ' ')
FROM foi_returns r
JOIN return_lines l ON l.return_id = r.return_id AND l.version = r.version
WHERE r.status = 'active' AND ($1::uuid[] IS NULL OR r.return_id = ANY ($1::uuid[]))
ORDER BY r.offence_id, r.force_id, r.period_start, r.return_id, l.line_no
