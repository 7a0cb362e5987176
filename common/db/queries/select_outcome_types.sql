SELECT code, name, group_id, to_char(introduced_on, 'YYYY-MM-DD')
FROM outcome_types
ORDER BY sort_order
