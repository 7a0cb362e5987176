SELECT encode(request_hash, 'hex'), return_id::text, version
FROM write_requests
WHERE request_id = $1::uuid
