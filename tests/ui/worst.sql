SELECT status, lang FROM responses;
SELECT item_id || '=' || length(value) FROM answers WHERE item_id IN ('improve', 'comment') ORDER BY ord;
