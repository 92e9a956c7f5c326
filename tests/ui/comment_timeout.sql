SELECT seq, status, timed_out, json_extract(canonical, '$.status') FROM responses ORDER BY seq;
SELECT seq, count(*) FROM answers GROUP BY seq ORDER BY seq;
SELECT value FROM answers WHERE seq = 1 AND item_id = (SELECT item_id FROM answers WHERE seq = 1 ORDER BY ord DESC LIMIT 1);
