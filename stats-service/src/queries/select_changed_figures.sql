-- The figures of the active versions of returns $1 (an array of ids), in the columns of
-- select_active_figures.sql; a return with no active version has no row. The ids are joined,
-- not filtered: a filter on a few hundred ids was planned as a parallel scan of every stored
-- return (three processes for 40 ms, at 200,000 returns, on every reload).
SELECT r.return_id::text, r.version, r.force_id, r.offence_id,
       r.period_start - date '2000-01-01', r.period_end - date '2000-01-01',
       r.total_reports, r.not_yet_assigned, r.suppression_threshold,
       r.unaccounted_reports, r.unknown_outcome_reports, r.exemptions,
       o.in_force_from - date '2000-01-01', o.in_force_until - date '2000-01-01',
       l.counts, l.outcome_types, l.line_nos
FROM unnest($1::uuid[]) AS changed(return_id)
JOIN foi_returns r ON r.return_id = changed.return_id
JOIN offences o ON o.offence_id = r.offence_id
CROSS JOIN LATERAL (
  SELECT array_agg(count) AS counts,
         array_agg(array_to_string(outcome_types, ' ')) AS outcome_types,
         array_agg(line_no) AS line_nos
  FROM return_lines
  WHERE return_id = r.return_id AND version = r.version) l
WHERE r.status = 'active'
ORDER BY r.return_id
