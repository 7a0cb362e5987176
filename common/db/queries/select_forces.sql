SELECT force_id, name, nation, coalesce(ons_area_code, '')
FROM forces
ORDER BY force_id
