SELECT offence_id, name, legal_basis, coalesce(home_office_code, ''),
       to_char(in_force_from, 'YYYY-MM-DD'), coalesce(to_char(in_force_until, 'YYYY-MM-DD'), ''),
       coalesce(succeeded_by, '')
FROM offences
ORDER BY in_force_from, offence_id
