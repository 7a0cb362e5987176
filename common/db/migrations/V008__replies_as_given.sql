-- Real replies as given. A return may leave reports unexplained: reports the reply does not
-- break down (unaccounted: in none of its lines) and reports whose outcome it does not state
-- at all (unknown: blank or unreadable cells); and it may cite the sections of the Freedom of
-- Information Act 2000 under which the force withheld what it did not give. Each outcome type
-- records when it entered the framework, so a return that uses one for an earlier period can
-- be told so.
ALTER TABLE foi_returns
  ADD COLUMN unaccounted_reports bigint NOT NULL DEFAULT 0 CHECK (unaccounted_reports >= 0),
  ADD COLUMN unknown_outcome_reports bigint NOT NULL DEFAULT 0
    CHECK (unknown_outcome_reports >= 0),
  ADD COLUMN exemptions text[] NOT NULL DEFAULT '{}';

-- The full framework applies from 1 April 2014; type 21 from January 2016 and type 22 from
-- 1 April 2019 (Home Office, "Crime outcomes in England and Wales").
ALTER TABLE outcome_types ADD COLUMN introduced_on date;
UPDATE outcome_types
SET introduced_on = CASE code WHEN '21' THEN date '2016-01-01'
                              WHEN '22' THEN date '2019-04-01'
                              ELSE date '2014-04-01' END;
ALTER TABLE outcome_types ALTER COLUMN introduced_on SET NOT NULL;
