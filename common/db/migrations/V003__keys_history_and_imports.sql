-- API keys. Only a SHA-256 hash of each key is stored; the key itself is shown once, at creation.
CREATE TABLE api_keys (
  key_id     text PRIMARY KEY,
  key_hash   bytea NOT NULL,
  role       text NOT NULL CHECK (role IN ('force', 'foi-team', 'reader', 'admin')),
  force_id   text REFERENCES forces,  -- the one force a 'force' key may write for
  name       text NOT NULL,           -- who holds it, e.g. 'Lancashire FOI unit'
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK ((role = 'force') = (force_id IS NOT NULL))
);

-- Who wrote each version, and what the caller called the source (a force or an FOI team).
ALTER TABLE foi_returns
  ADD COLUMN created_by text REFERENCES api_keys,
  ADD COLUMN source     text NOT NULL DEFAULT '',
  ADD COLUMN reason     text NOT NULL DEFAULT '';  -- why this version was amended or withdrawn

-- Two active returns of one force and offence may not cover the same day: the second must
-- amend the first. The service checks first to name the return; this makes races safe too.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE foi_returns ADD CONSTRAINT active_returns_do_not_overlap
  EXCLUDE USING gist (force_id WITH =, offence_id WITH =,
                      daterange(period_start, period_end, '[]') WITH &&)
  WHERE (status = 'active');

-- Every write, for the record: who did what to which version, when and why.
CREATE TABLE audit_log (
  event_id   bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  key_id     text NOT NULL REFERENCES api_keys,
  action     text NOT NULL CHECK (action IN ('submit', 'amend', 'withdraw', 'import')),
  return_id  uuid NOT NULL,
  version    int  NOT NULL,
  reason     text NOT NULL DEFAULT '',
  request_id uuid
);
CREATE INDEX audit_log_by_return ON audit_log (return_id, version);

-- Idempotent writes: the first result of each request id, and a hash of the request that
-- produced it, so a retry gets that result and a different request under the same id is refused.
CREATE TABLE write_requests (
  request_id   uuid PRIMARY KEY,
  request_hash bytea NOT NULL,
  key_id       text NOT NULL REFERENCES api_keys,
  return_id    uuid NOT NULL,
  version      int  NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- How forces word outcomes in their replies, mapped to Home Office outcome types. Labels are
-- stored normalised: lower case, single spaces, '-' for any dash.
CREATE TABLE outcome_synonyms (
  label         text PRIMARY KEY,
  outcome_types text[] NOT NULL CHECK (cardinality(outcome_types) > 0)
);

INSERT INTO outcome_synonyms (label, outcome_types) VALUES
  ('charged', '{1,1A}'),
  ('charged/summonsed', '{1,1A}'),
  ('charge/summons', '{1,1A}'),
  ('summonsed', '{1,1A}'),
  ('caution', '{2,3}'),
  ('cautioned', '{2,3}'),
  ('adult caution', '{3}'),
  ('youth caution', '{2}'),
  ('community resolution', '{8}'),
  ('cautions, community resolutions and youth cautions', '{2,3,8}'),
  ('out of court disposal', '{2,3,6,7,8}'),
  ('taken into consideration', '{4}'),
  ('penalty notice', '{6}'),
  ('nfa - evidential difficulties', '{14,15,16}'),
  ('evidential difficulties', '{14,15,16}'),
  ('evidential difficulties - victim does not support', '{14,16}'),
  ('evidential difficulties - victim supports', '{15}'),
  ('named suspect identified: evidential difficulties - victim does not support police action', '{16}'),
  ('named suspect identified: victim supports police action but evidential difficulties prevent further action', '{15}'),
  ('not in the public interest', '{9,10,21}'),
  ('public interest', '{9,10,21}'),
  ('investigation complete - no suspect identified', '{18}'),
  ('no suspect identified', '{18}'),
  ('no leads', '{18}'),
  ('action undertaken by another body/agency', '{20}'),
  ('prosecution time limit expired', '{17}'),
  ('diversionary activity', '{22}');

-- Names forces go by in spreadsheets, normalised like outcome labels ('&' read as 'and').
CREATE TABLE force_aliases (
  alias    text PRIMARY KEY,
  force_id text NOT NULL REFERENCES forces
);

INSERT INTO force_aliases (alias, force_id)
SELECT lower(name), force_id FROM forces
ON CONFLICT DO NOTHING;

INSERT INTO force_aliases (alias, force_id) VALUES
  ('devon and cornwall', 'devon-and-cornwall'),
  ('london, city of', 'city-of-london'),
  ('city of london', 'city-of-london'),
  ('metropolitan police service', 'metropolitan'),
  ('metropolitan police', 'metropolitan'),
  ('the met', 'metropolitan'),
  ('greater manchester', 'greater-manchester'),
  ('gmp', 'greater-manchester'),
  ('psni', 'northern-ireland'),
  ('police scotland', 'police-scotland'),
  ('british transport police', 'btp'),
  ('avon and somerset', 'avon-and-somerset'),
  ('west yorkshire', 'west-yorkshire'),
  ('south yorkshire', 'south-yorkshire'),
  ('north yorkshire', 'north-yorkshire'),
  ('west midlands', 'west-midlands'),
  ('thames valley', 'thames-valley'),
  ('dyfed powys', 'dyfed-powys'),
  ('dyfed-powys', 'dyfed-powys')
ON CONFLICT DO NOTHING;
