-- The figures of every active return, one row each, by offence, force and period: the order of
-- the index this reads, and the order the reader lays the returns out in memory, so that the
-- returns a comparison walks sit together. Dates come as days since 2000-01-01: a number to
-- add, where a formatted date cost PostgreSQL a to_char and the reader a parse. With each
-- return, the days its offence was in force, from which its effective period is worked out,
-- and its lines in order as the two arrays the version carries (V013): the counts (NULL where
-- withheld) and the outcome types of each line (the codes, separated by spaces); both empty
-- for a return with no lines, such as a refusal. A row per line instead had PostgreSQL send
-- fourteen times the rows (at 540,000 returns that query took 30-31 s where one row a return
-- took 18 s), and gathering each return's lines from return_lines here cost twenty index
-- entries and rows a return, for every return written as the service follows the writes.
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       r.period_start - date '2000-01-01', r.period_end - date '2000-01-01',
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       r.unaccounted_reports, r.unknown_outcome_reports, r.exemptions,
       o.in_force_from - date '2000-01-01', o.in_force_until - date '2000-01-01',
       r.line_counts, r.line_outcome_types
FROM foi_returns r
JOIN offences o ON o.offence_id = r.offence_id
WHERE r.status = 'active'
ORDER BY r.offence_id, r.force_id, r.period_start, r.return_id
