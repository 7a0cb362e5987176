-- The answer of the import that claimed $1, kept for its retries. $2 the answer, in hex.
UPDATE import_requests SET response = decode($2, 'hex') WHERE request_id = $1::uuid
