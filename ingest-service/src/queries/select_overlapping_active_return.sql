-- An active return of the same force and offence whose period shares a day with [$3, $4],
-- other than return $5 (the one being amended, if any).
SELECT return_id::text, to_char(period_start, 'YYYY-MM-DD'), to_char(period_end, 'YYYY-MM-DD')
FROM foi_returns
WHERE status = 'active' AND force_id = $1 AND offence_id = $2
  AND daterange(period_start, period_end, '[]') && daterange($3::date, $4::date, '[]')
  AND return_id IS DISTINCT FROM $5::uuid
ORDER BY period_start
LIMIT 1
