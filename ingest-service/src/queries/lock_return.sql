-- Concurrent amendments and withdrawals of one return take turns: each holds this lock until
-- its transaction ends. (Locking the latest row instead would leave a waiter looking at a
-- version that the writer before it had just superseded.)
SELECT pg_advisory_xact_lock(hashtextextended($1, 0))
