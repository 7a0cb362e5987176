SELECT code, name, group_id
FROM outcome_types
ORDER BY sort_order
