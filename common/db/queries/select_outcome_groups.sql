SELECT g.group_id, g.name, g.kind,
       coalesce(string_agg(t.code, ' ' ORDER BY t.sort_order), '')
FROM outcome_groups g
LEFT JOIN outcome_types t ON t.group_id = g.group_id
GROUP BY g.group_id, g.name, g.kind
ORDER BY min(t.sort_order), g.group_id
