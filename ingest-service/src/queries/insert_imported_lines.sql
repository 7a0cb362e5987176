INSERT INTO return_lines (return_id, version, line_no, count, suppressed, label, outcome_types)
SELECT return_id, 1, line_no, count, count IS NULL, label, outcome_types
FROM import_lines
