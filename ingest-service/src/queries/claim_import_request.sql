-- Claims an import's request id before the import runs, with no answer yet: a retry arriving
-- meanwhile waits here until this import commits (then finds the claim) or rolls back (then
-- claims it itself). Returns a row only when claimed now. $1 request_id, $2 hash (hex), $3 key.
INSERT INTO import_requests (request_id, request_hash, key_id, response)
VALUES ($1::uuid, decode($2, 'hex'), $3, '')
ON CONFLICT (request_id) DO NOTHING
RETURNING request_id
