-- Adds the lines of a batch of checked returns (arrays, one element per line) to import_lines.
-- $1 return_id, $2 line_no, $3 outcome types (separated by spaces), $4 count (NULL when
-- withheld), $5 label.
INSERT INTO import_lines (return_id, line_no, outcome_types, count, label)
SELECT return_id, line_no, string_to_array(outcome_types, ' '), count, label
FROM unnest($1::uuid[], $2::int[], $3::text[], $4::bigint[], $5::text[])
       AS l(return_id, line_no, outcome_types, count, label)
