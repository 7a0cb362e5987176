-- Claims the request ids of a batch of submissions (arrays, one element per submission), each
-- for version 1 of its new return. Returns the ids claimed now; an id missing from the answer
-- was claimed before, and its submission is written alone to replay that first result.
-- $1 request_id, $2 request hash (hex), $3 key_id, $4 return_id.
INSERT INTO write_requests (request_id, request_hash, key_id, return_id, version)
SELECT c.request_id, decode(c.request_hash, 'hex'), c.key_id, c.return_id, 1
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[])
       AS c(request_id, request_hash, key_id, return_id)
ON CONFLICT (request_id) DO NOTHING
RETURNING request_id::text
