-- Claims request ids (arrays, one element per write), each for the version its write makes.
-- Returns the ids claimed now. An id missing from the answer was claimed before (or by a
-- transaction this one waited for): the caller then reads that first claim, or, in a batch,
-- writes that submission alone to do so.
-- $1 request_id, $2 request hash (hex), $3 key_id, $4 return_id, $5 version.
INSERT INTO write_requests (request_id, request_hash, key_id, return_id, version)
SELECT c.request_id, decode(c.request_hash, 'hex'), c.key_id, c.return_id, c.version
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::int[])
       AS c(request_id, request_hash, key_id, return_id, version)
ON CONFLICT (request_id) DO NOTHING
RETURNING request_id::text AS request_id
