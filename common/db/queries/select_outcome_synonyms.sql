SELECT label, array_to_string(outcome_types, ' ') FROM outcome_synonyms
