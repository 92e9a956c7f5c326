SELECT seq, status, timed_out, role, (SELECT count(*) FROM answers a WHERE a.seq = r.seq) FROM responses r ORDER BY seq;
SELECT value FROM answers WHERE seq = 1 AND item_id = 'grade';
SELECT item_id, value FROM answers WHERE seq = 2;
