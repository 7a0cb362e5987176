-- Stores every imported return as version 1, with its lines and outcome types, in three
-- statements however many rows there are. $1 key id, $2 source (the key's holder).
INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, period_start,
                         period_end, total_reports, not_yet_assigned, foi_reference,
                         received_on, suppression_threshold, created_by, source,
                         unaccounted_reports, unknown_outcome_reports, exemptions)
SELECT return_id, 1, 'active', force_id, offence_id, period_start, period_end, total_reports,
       not_yet_assigned, foi_reference, received_on, 4, $1, $2, unaccounted_reports,
       unknown_outcome_reports, string_to_array(exemptions, ' ')
FROM import_groups
