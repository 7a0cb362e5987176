-- The figures of every active return of offence $1 whose period lies inside [$2, $3], one row
-- per line, grouped by return.
SELECT r.return_id::text, r.version, r.force_id,
       to_char(r.period_start, 'YYYY-MM-DD'), to_char(r.period_end, 'YYYY-MM-DD'),
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       l.line_no, l.count, string_agg(o.outcome_type, ' ' ORDER BY o.position)
FROM foi_returns r
JOIN return_lines l ON l.return_id = r.return_id AND l.version = r.version
JOIN return_line_outcomes o
  ON o.return_id = l.return_id AND o.version = l.version AND o.line_no = l.line_no
WHERE r.status = 'active' AND r.offence_id = $1
  AND r.period_start >= $2::date AND r.period_end <= $3::date
GROUP BY r.return_id, r.version, l.line_no, l.count
ORDER BY r.force_id, r.return_id, l.line_no
