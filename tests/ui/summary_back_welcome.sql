SELECT seq, status, timed_out, role FROM responses;
SELECT count(*) FROM answers;
SELECT json_extract(canonical, '$.status') FROM responses;
