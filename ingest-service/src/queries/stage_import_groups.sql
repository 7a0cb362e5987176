-- Adds a batch of checked returns (arrays, one element per return) to import_groups.
-- $1 return_id, $2 force_id, $3 offence_id, $4 period_start, $5 period_end, $6 foi_reference,
-- $7 total_reports, $8 not_yet_assigned, $9 unaccounted_reports, $10 unknown_outcome_reports,
-- $11 exemptions (separated by spaces), $12 received_on (NULL when not given), $13 first_row.
INSERT INTO import_groups
SELECT *
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[],
            $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::date[],
            $13::bigint[])
