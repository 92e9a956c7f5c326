SELECT seq, status, timed_out, role FROM responses ORDER BY seq;
SELECT seq, count(*) FROM answers GROUP BY seq ORDER BY seq;
SELECT value FROM answers WHERE seq = 2 ORDER BY ord;
