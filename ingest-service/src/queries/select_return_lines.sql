-- The lines of one version, each with its outcome types in the order they were given.
SELECT l.line_no, l.count, l.suppressed, l.label,
       string_agg(o.outcome_type, ' ' ORDER BY o.position)
FROM return_lines l
JOIN return_line_outcomes o USING (return_id, version, line_no)
WHERE l.return_id = $1::uuid AND l.version = $2
GROUP BY l.line_no, l.count, l.suppressed, l.label
ORDER BY l.line_no
