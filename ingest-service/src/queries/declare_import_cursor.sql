-- The imported rows return by return (rows of one return are those sharing force, offence,
-- period and reference), read a batch at a time. The return's own fields come as text, as
-- every row restates them.
DECLARE import_cursor NO SCROLL CURSOR FOR
SELECT row_no, force_id, offence_id, to_char(period_start, 'YYYY-MM-DD') AS period_start,
       to_char(period_end, 'YYYY-MM-DD') AS period_end, foi_reference,
       total_reports::text AS total_reports, not_yet_assigned::text AS not_yet_assigned,
       unaccounted_reports::text AS unaccounted_reports,
       unknown_outcome_reports::text AS unknown_outcome_reports, exemptions, received_on,
       kind, array_to_string(outcome_types, ' ') AS outcome_types, count, label
FROM import_rows
ORDER BY force_id, offence_id, period_start, period_end, foi_reference, row_no
