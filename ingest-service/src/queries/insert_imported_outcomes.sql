INSERT INTO return_line_outcomes (return_id, version, line_no, outcome_type, position)
SELECT l.return_id, 1, l.line_no, o.outcome_type, (o.ordinality - 1)::int
FROM import_lines l, unnest(l.outcome_types) WITH ORDINALITY AS o(outcome_type, ordinality)
