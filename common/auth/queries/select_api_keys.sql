SELECT key_id, role, coalesce(force_id, ''), name, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SSOF'),
       coalesce(to_char(revoked_at, 'YYYY-MM-DD"T"HH24:MI:SSOF'), '')
FROM api_keys
ORDER BY created_at, key_id
