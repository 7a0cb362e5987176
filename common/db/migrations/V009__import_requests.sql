-- Idempotent imports: the first answer to each import request id, and a hash of the header and
-- file that produced it, so a retried upload stores once and gets that answer again, and a
-- different upload under the same id is refused. The answer is kept as sent (the serialised
-- ImportReturnsResponse): a replay says exactly what the first reply said.
CREATE TABLE import_requests (
  request_id   uuid PRIMARY KEY,
  request_hash bytea NOT NULL,
  key_id       text NOT NULL REFERENCES api_keys,
  response     bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- The import claims its id first (an empty response), so that a retry arriving while it runs
-- waits for it rather than importing the file a second time, and records its answer last.
GRANT SELECT, INSERT, UPDATE ON import_requests TO foi_ingest;
