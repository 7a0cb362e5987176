INSERT INTO audit_log (key_id, action, return_id, version, reason, request_id)
VALUES ($1, $2, $3::uuid, $4, $5, $6::uuid)
