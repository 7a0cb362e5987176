SELECT alias, force_id FROM force_aliases
