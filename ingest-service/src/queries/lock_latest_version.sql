-- The latest version of a return. Run after lock_return.sql, in a statement of its own, so it
-- sees what a writer that held the lock before committed.
SELECT version, status, force_id, offence_id
FROM foi_returns
WHERE return_id = $1::uuid
ORDER BY version DESC
LIMIT 1
