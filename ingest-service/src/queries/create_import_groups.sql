-- One new return per group of imported rows, and each row's place among its return's lines.
CREATE TEMP TABLE import_groups ON COMMIT DROP AS
SELECT gen_random_uuid() AS return_id, force_id, offence_id, period_start, period_end,
       foi_reference, min(total_reports) AS total_reports,
       min(not_yet_assigned) AS not_yet_assigned,
       min(unaccounted_reports) AS unaccounted_reports,
       min(unknown_outcome_reports) AS unknown_outcome_reports,
       min(exemptions) AS exemptions, min(row_no) AS first_row
FROM import_rows
GROUP BY force_id, offence_id, period_start, period_end, foi_reference;

CREATE TEMP TABLE import_lines ON COMMIT DROP AS
SELECT g.return_id, r.row_no,
       (row_number() OVER (PARTITION BY g.return_id ORDER BY r.row_no) - 1)::int AS line_no,
       r.outcome_types, r.count, r.label
FROM import_rows r
JOIN import_groups g USING (force_id, offence_id, period_start, period_end, foi_reference)
-- Rows of a return's own fields only carry no line.
WHERE cardinality(r.outcome_types) > 0
