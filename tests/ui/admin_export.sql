SELECT kind, first_seq, last_seq, n_responses FROM exports ORDER BY id;
SELECT value FROM settings WHERE key = 'active_surveys';
