-- The position in the write-ahead log when the figures were read (on a streaming replica, the
-- position replayed so far). Every commit advances it, so a snapshot taken after a change
-- always has a higher number than one taken before it. Then the time they were read, in
-- microseconds since the Unix epoch.
SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
             ELSE pg_current_wal_lsn() END - '0/0'::pg_lsn)::bigint,
       (extract(epoch FROM now()) * 1000000)::bigint
