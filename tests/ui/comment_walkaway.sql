SELECT seq, status, timed_out, role, (SELECT count(*) FROM answers a WHERE a.seq = r.seq) FROM responses r ORDER BY seq;
