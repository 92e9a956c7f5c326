SELECT status, role, lang, survey_id FROM responses;
SELECT item_id || '=' || value FROM answers ORDER BY seq, ord;
