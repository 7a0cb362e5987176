-- What this transaction sees: every transaction older than the snapshot's xmin, which only
-- grows. Read in the same transaction as the figures, it versions them.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
