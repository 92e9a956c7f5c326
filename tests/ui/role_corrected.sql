SELECT seq, status, timed_out, role, survey_id FROM responses;
SELECT item_id, value FROM answers;
SELECT json_extract(canonical, '$.status') FROM responses;
