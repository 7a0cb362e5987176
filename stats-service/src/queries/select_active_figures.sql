-- The figures of every active return, one row each, by offence, force and period: the order of
-- the index this reads, and the order the reader lays the returns out in memory, so that the
-- returns a comparison walks sit together. Dates come as days since 2000-01-01: a number to
-- add, where a formatted date cost PostgreSQL a to_char and the reader a parse. With each
-- return, the days its offence was in force, from which its effective period is worked out,
-- and its lines in order as two arrays: the counts (NULL where withheld) and the outcome types
-- of each line (the codes, separated by spaces); both NULL for a return with no lines, such as
-- a refusal. A row per line instead had PostgreSQL send fourteen times the rows: at 540,000
-- returns this query takes 18 s where that one took 30-31 s (each copied to nowhere, twice),
-- the stats service's full reload of 488,000 went from 39 to 19 s, and a reload of 130 changed
-- returns (select_changed_figures.sql, which reads the same columns) had spent 9 of its 15 ms
-- sorting their 2,600 lines. Each return's lines come from the lines' primary key.
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       r.period_start - date '2000-01-01', r.period_end - date '2000-01-01',
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       r.unaccounted_reports, r.unknown_outcome_reports, r.exemptions,
       o.in_force_from - date '2000-01-01', o.in_force_until - date '2000-01-01',
       l.counts, l.outcome_types
FROM foi_returns r
JOIN offences o ON o.offence_id = r.offence_id
CROSS JOIN LATERAL (
  SELECT array_agg(count ORDER BY line_no) AS counts,
         array_agg(array_to_string(outcome_types, ' ') ORDER BY line_no) AS outcome_types
  FROM return_lines
  WHERE return_id = r.return_id AND version = r.version) l
WHERE r.status = 'active'
ORDER BY r.offence_id, r.force_id, r.period_start, r.return_id
