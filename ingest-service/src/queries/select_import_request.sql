-- The claim of an import's request id: the hash of what was sent and the answer given.
SELECT encode(request_hash, 'hex') AS request_hash, encode(response, 'hex') AS response, key_id
FROM import_requests
WHERE request_id = $1::uuid
