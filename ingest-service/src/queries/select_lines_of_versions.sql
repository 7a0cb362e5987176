-- The lines of several versions at once ($1 return ids, $2 versions, as parallel arrays), each
-- with its outcome types in the order they were given.
SELECT l.return_id::text, l.version, l.line_no, l.count, l.suppressed, l.label,
       string_agg(o.outcome_type, ' ' ORDER BY o.position)
FROM unnest($1::uuid[], $2::int[]) AS wanted(return_id, version)
JOIN return_lines l ON l.return_id = wanted.return_id AND l.version = wanted.version
JOIN return_line_outcomes o
  ON o.return_id = l.return_id AND o.version = l.version AND o.line_no = l.line_no
GROUP BY l.return_id, l.version, l.line_no, l.count, l.suppressed, l.label
ORDER BY l.return_id, l.version, l.line_no
