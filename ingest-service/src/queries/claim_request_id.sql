-- Claims a request id for this write. No row back means the id was claimed before (or is being
-- claimed by a transaction this one now waited for): the caller then reads that first claim.
INSERT INTO write_requests (request_id, request_hash, key_id, return_id, version)
VALUES ($1::uuid, decode($2, 'hex'), $3, $4::uuid, $5)
ON CONFLICT (request_id) DO NOTHING
RETURNING request_id
