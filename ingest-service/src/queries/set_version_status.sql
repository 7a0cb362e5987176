-- $3 the new status. A withdrawal records why in $4; superseding keeps the reason the version
-- was created with (the audit log has every reason anyway).
UPDATE foi_returns
SET status = $3, reason = CASE WHEN $3 = 'withdrawn' THEN $4 ELSE reason END
WHERE return_id = $1::uuid AND version = $2
