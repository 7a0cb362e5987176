-- The figures of every active return, one row each, by offence, force and period: the order of
-- the index this reads, and the order the reader lays the returns out in memory, so that the
-- returns a comparison walks sit together. Dates come as days since 2000-01-01: a number to
-- add, where a formatted date cost PostgreSQL a to_char and the reader a parse. With each
-- return, the days its offence was in force, from which its effective period is worked out,
-- and its lines as three arrays: the counts (NULL where withheld), the outcome types of each
-- line (the codes, separated by spaces) and the line numbers; all NULL for a return with no
-- lines, such as a refusal. A row per line instead had PostgreSQL send fourteen times the rows:
-- at 540,000 returns this query takes 18 s where that one took 30-31 s (each copied to nowhere,
-- twice), and the stats service's full reload of 488,000 went from 39 to 19 s. The arrays come
-- in the order the lines were read, the same in all three, and the reader puts the lines in
-- order: an ORDER BY inside each aggregate had PostgreSQL sort every return's lines twice (at
-- 300,000 returns, this query read into psql in 17.3 and 18.7 s with it, 14.5 and 14.5 without).
-- Each return's lines come from the lines' primary key.
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       r.period_start - date '2000-01-01', r.period_end - date '2000-01-01',
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       r.unaccounted_reports, r.unknown_outcome_reports, r.exemptions,
       o.in_force_from - date '2000-01-01', o.in_force_until - date '2000-01-01',
       l.counts, l.outcome_types, l.line_nos
FROM foi_returns r
JOIN offences o ON o.offence_id = r.offence_id
CROSS JOIN LATERAL (
  SELECT array_agg(count) AS counts,
         array_agg(array_to_string(outcome_types, ' ')) AS outcome_types,
         array_agg(line_no) AS line_nos
  FROM return_lines
  WHERE return_id = r.return_id AND version = r.version) l
WHERE r.status = 'active'
ORDER BY r.offence_id, r.force_id, r.period_start, r.return_id
