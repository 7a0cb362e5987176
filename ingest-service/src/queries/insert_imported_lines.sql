INSERT INTO return_lines (return_id, version, line_no, count, suppressed, label)
SELECT return_id, 1, line_no, count, count IS NULL, label
FROM import_lines
