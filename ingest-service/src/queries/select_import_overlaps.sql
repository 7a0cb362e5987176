-- Imported returns whose period shares a day with an active stored return, or with another
-- imported return, of the same force and offence: (first row, what it overlaps).
SELECT g.first_row, 'active return ' || r.return_id::text || ' (' ||
       to_char(r.period_start, 'YYYY-MM-DD') || ' to ' || to_char(r.period_end, 'YYYY-MM-DD') ||
       '): amend that return instead'
FROM import_groups g
JOIN foi_returns r
  ON r.status = 'active' AND r.force_id = g.force_id AND r.offence_id = g.offence_id
 AND daterange(r.period_start, r.period_end, '[]') && daterange(g.period_start, g.period_end, '[]')
UNION ALL
-- Within the file: sorted by start, a return overlaps an earlier one exactly when it starts
-- before the latest end seen so far (one sort, not a comparison of every pair).
SELECT first_row, 'another return of this file that ends on ' || to_char(latest_end, 'YYYY-MM-DD')
FROM (
  SELECT first_row, period_start,
         max(period_end) OVER (PARTITION BY force_id, offence_id
                               ORDER BY period_start, first_row
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_end
  FROM import_groups
) ordered
WHERE period_start <= latest_end
ORDER BY 1
LIMIT 1000
