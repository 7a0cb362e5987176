-- $1 key id, $2 the file the returns came in (the import header's source), kept as the
-- audit reason.
INSERT INTO audit_log (key_id, action, return_id, version, reason)
SELECT $1, 'import', return_id, 1, $2
FROM import_groups
