-- Reference data: forces, offences and the Home Office outcomes framework.
CREATE TABLE forces (
  force_id      text PRIMARY KEY,
  name          text NOT NULL,
  nation        text NOT NULL,
  ons_area_code text UNIQUE  -- NULL for forces without an ONS police force area
);

CREATE TABLE offences (
  offence_id       text PRIMARY KEY,
  name             text NOT NULL,
  legal_basis      text NOT NULL,
  home_office_code text,     -- NULL where no code is known
  in_force_from    date NOT NULL,
  in_force_until   date,     -- NULL while in force
  succeeded_by     text REFERENCES offences,
  CHECK (in_force_until IS NULL OR in_force_until >= in_force_from)
);

CREATE TABLE outcome_groups (
  group_id text PRIMARY KEY,
  name     text NOT NULL,
  kind     text NOT NULL CHECK (kind IN ('action-taken', 'no-further-action'))
);

CREATE TABLE outcome_types (
  code       text PRIMARY KEY,
  name       text NOT NULL,
  group_id   text NOT NULL REFERENCES outcome_groups,
  sort_order int  NOT NULL UNIQUE
);

-- Returns: every version ever stored, never deleted. (return_id, version) names one version.
CREATE TABLE foi_returns (
  return_id        uuid NOT NULL,
  version          int  NOT NULL CHECK (version >= 1),
  status           text NOT NULL CHECK (status IN ('active', 'superseded', 'withdrawn')),
  force_id         text NOT NULL REFERENCES forces,
  offence_id       text NOT NULL REFERENCES offences,
  period_start     date NOT NULL,
  period_end       date NOT NULL,
  total_reports    bigint NOT NULL CHECK (total_reports >= 0),
  not_yet_assigned bigint NOT NULL CHECK (not_yet_assigned >= 0),
  -- A withheld figure lies between 1 and this ("<5" means 4).
  suppression_threshold int NOT NULL CHECK (suppression_threshold BETWEEN 1 AND 99),
  foi_reference    text NOT NULL,
  received_on      date,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (return_id, version),
  CHECK (period_end >= period_start)
);

-- Statistics read the active versions of one offence, force by force.
CREATE INDEX foi_returns_active_by_offence
  ON foi_returns (offence_id, force_id, period_start) WHERE status = 'active';

-- One figure of a return. A withheld figure has no count: it is never stored as a number.
CREATE TABLE return_lines (
  return_id  uuid   NOT NULL,
  version    int    NOT NULL,
  line_no    int    NOT NULL CHECK (line_no >= 0),
  count      bigint CHECK (count >= 0),
  suppressed boolean NOT NULL,
  label      text   NOT NULL DEFAULT '',
  PRIMARY KEY (return_id, version, line_no),
  FOREIGN KEY (return_id, version) REFERENCES foi_returns,
  CHECK (suppressed = (count IS NULL))
);

-- The outcome types one line counts together (types 2, 3 and 8 in one figure, say).
CREATE TABLE return_line_outcomes (
  return_id    uuid NOT NULL,
  version      int  NOT NULL,
  line_no      int  NOT NULL,
  outcome_type text NOT NULL REFERENCES outcome_types,
  position     int  NOT NULL,  -- order as given, so a return reads back as it was sent
  PRIMARY KEY (return_id, version, line_no, outcome_type),
  FOREIGN KEY (return_id, version, line_no) REFERENCES return_lines
);
