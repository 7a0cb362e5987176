SELECT encode(key_hash, 'hex'), role, coalesce(force_id, ''), name
FROM api_keys
WHERE key_id = $1 AND revoked_at IS NULL
