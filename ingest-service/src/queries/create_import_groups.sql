-- The returns assembled from the imported rows and checked (import_assembler.h), with their
-- lines, ready to be checked for overlaps and stored.
CREATE TEMP TABLE import_groups (
  return_id               uuid   NOT NULL,
  force_id                text   NOT NULL,
  offence_id              text   NOT NULL,
  period_start            date   NOT NULL,
  period_end              date   NOT NULL,
  foi_reference           text   NOT NULL,
  total_reports           bigint NOT NULL,
  not_yet_assigned        bigint NOT NULL,
  unaccounted_reports     bigint NOT NULL,
  unknown_outcome_reports bigint NOT NULL,
  exemptions              text   NOT NULL,  -- separated by spaces
  received_on             date,
  first_row               bigint NOT NULL
) ON COMMIT DROP;

CREATE TEMP TABLE import_lines (
  return_id     uuid   NOT NULL,
  line_no       int    NOT NULL,
  outcome_types text[] NOT NULL,
  count         bigint,
  label         text   NOT NULL
) ON COMMIT DROP
