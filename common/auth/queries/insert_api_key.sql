INSERT INTO api_keys (key_id, key_hash, role, force_id, name)
VALUES ($1, decode($2, 'hex'), $3, nullif($4, ''), $5)
