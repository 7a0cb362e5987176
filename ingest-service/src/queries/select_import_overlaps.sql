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
SELECT a.first_row, 'the return starting at row ' || b.first_row || ' of this file'
FROM import_groups a
JOIN import_groups b
  ON a.force_id = b.force_id AND a.offence_id = b.offence_id AND a.first_row > b.first_row
 AND daterange(a.period_start, a.period_end, '[]') && daterange(b.period_start, b.period_end, '[]')
ORDER BY 1
LIMIT 1000
