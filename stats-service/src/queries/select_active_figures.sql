-- The figures of every active return, one row per line (one row with NULL line columns for a
-- return with no lines, such as a refusal), grouped by return, by offence, force and period:
-- the order of the index this reads, and the order the reader lays the returns out in memory,
-- so that the returns a comparison walks sit together. Dates come as days since 2000-01-01: a
-- number to add, where a formatted date cost PostgreSQL a to_char and the reader a parse on
-- every line. With each return, the days its offence was in force, from which its effective
-- period is worked out. select_changed_figures.sql reads the same columns for some returns.
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       r.period_start - date '2000-01-01', r.period_end - date '2000-01-01',
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       r.unaccounted_reports, r.unknown_outcome_reports, r.exemptions,
       o.in_force_from - date '2000-01-01', o.in_force_until - date '2000-01-01',
       l.count, array_to_string(l.outcome_types, ' ')
FROM foi_returns r
JOIN offences o ON o.offence_id = r.offence_id
LEFT JOIN return_lines l ON l.return_id = r.return_id AND l.version = r.version
WHERE r.status = 'active'
ORDER BY r.offence_id, r.force_id, r.period_start, r.return_id, l.line_no
