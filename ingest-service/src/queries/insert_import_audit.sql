-- An audit event for each imported return: $1 key id, $2 the file the returns came in (the
-- import header's source), kept as the audit reason, $3 the returns' ids (an array).
INSERT INTO audit_log (key_id, action, return_id, version, reason)
SELECT $1, 'import', return_id, 1, $2
FROM unnest($3::uuid[]) AS imported(return_id)
