-- The latest version of a return, locked until the transaction ends so concurrent amendments
-- and withdrawals of one return take turns.
SELECT version, status, force_id, offence_id
FROM foi_returns
WHERE return_id = $1::uuid
ORDER BY version DESC
LIMIT 1
FOR UPDATE
