-- Rows of the file being imported, held in the import's transaction and dropped with it, so a
-- large file never has to fit in the service's memory.
CREATE TEMP TABLE import_rows (
  row_no           bigint NOT NULL,
  force_id         text   NOT NULL,
  offence_id       text   NOT NULL,
  period_start     date   NOT NULL,
  period_end       date   NOT NULL,
  foi_reference    text   NOT NULL,
  total_reports    bigint NOT NULL,
  not_yet_assigned bigint NOT NULL,
  outcome_types    text[] NOT NULL,  -- empty for a row of the return's own fields only
  count            bigint,
  label            text   NOT NULL,
  unaccounted_reports     bigint NOT NULL,
  unknown_outcome_reports bigint NOT NULL,
  exemptions       text   NOT NULL,  -- the sections, separated by spaces
  received_on      text   NOT NULL,  -- ISO-8601, or empty when not given
  -- What the outcome makes of the row (outcome_labels.h): 'line', or the return's field its
  -- count adds to: 'not-yet-assigned', 'unaccounted', 'unknown'.
  kind             text   NOT NULL
) ON COMMIT DROP
