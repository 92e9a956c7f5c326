SELECT item_id, value FROM answers WHERE item_id IN ('grade_3_9', 'homework_time') ORDER BY ord;
SELECT lang FROM responses;
