-- $1 key id, $2 source (kept as the audit reason).
INSERT INTO audit_log (key_id, action, return_id, version, reason)
SELECT $1, 'import', return_id, 1, $2
FROM import_groups
