-- The lines of several versions at once ($1 return ids, $2 versions, as parallel arrays), each
-- with its outcome types in the order they were given, separated by spaces.
SELECT l.return_id::text AS return_id, l.version, l.line_no, l.count, l.suppressed, l.label,
       array_to_string(l.outcome_types, ' ') AS outcome_types
FROM unnest($1::uuid[], $2::int[]) AS wanted(return_id, version)
JOIN return_lines l ON l.return_id = wanted.return_id AND l.version = wanted.version
ORDER BY l.return_id, l.version, l.line_no
