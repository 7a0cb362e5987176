-- The figures of the active versions of the returns $1 (an array of ids), one row per line;
-- a return with no active version (withdrawn) has no rows. Same columns as
-- select_active_figures.sql.
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       to_char(r.period_start, 'YYYY-MM-DD'), to_char(r.period_end, 'YYYY-MM-DD'),
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       l.count, string_agg(o.outcome_type, ' ' ORDER BY o.position)
FROM foi_returns r
JOIN return_lines l ON l.return_id = r.return_id AND l.version = r.version
JOIN return_line_outcomes o
  ON o.return_id = l.return_id AND o.version = l.version AND o.line_no = l.line_no
WHERE r.status = 'active' AND r.return_id = ANY ($1::uuid[])
GROUP BY r.return_id, r.version, l.line_no, l.count
ORDER BY r.return_id, l.line_no
