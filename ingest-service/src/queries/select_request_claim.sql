SELECT encode(request_hash, 'hex') AS request_hash, return_id::text AS return_id, version
FROM write_requests
WHERE request_id = $1::uuid
