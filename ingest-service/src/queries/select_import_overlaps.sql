-- Returns of an import whose period shares a day with an active stored return of the same
-- force and offence: (first row, what it overlaps), by first row, at most $6. The returns come
-- as arrays, one element each: $1 force ids, $2 offence ids, $3 period starts, $4 period
-- ends, $5 first rows.
SELECT g.first_row, 'active return ' || r.return_id::text || ' (' ||
       to_char(r.period_start, 'YYYY-MM-DD') || ' to ' || to_char(r.period_end, 'YYYY-MM-DD') ||
       '): amend that return instead'
FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::bigint[])
       AS g(force_id, offence_id, period_start, period_end, first_row)
JOIN foi_returns r
  ON r.status = 'active' AND r.force_id = g.force_id AND r.offence_id = g.offence_id
 AND daterange(r.period_start, r.period_end, '[]') && daterange(g.period_start, g.period_end, '[]')
ORDER BY 1
LIMIT $6
