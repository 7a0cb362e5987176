-- Which of the candidate periods (arrays, one element per candidate) share a day with an
-- active return of the same force and offence: their 0-based positions. A batch of
-- submissions leaves those out and writes each of them alone, to report the clash precisely.
-- $1 force_id, $2 offence_id, $3 period_start, $4 period_end.
SELECT (c.position - 1)::int
FROM unnest($1::text[], $2::text[], $3::date[], $4::date[]) WITH ORDINALITY
       AS c(force_id, offence_id, period_start, period_end, position)
WHERE EXISTS (
  SELECT 1
  FROM foi_returns f
  WHERE f.status = 'active' AND f.force_id = c.force_id AND f.offence_id = c.offence_id
    AND daterange(f.period_start, f.period_end, '[]')
        && daterange(c.period_start, c.period_end, '[]'))
