SELECT failures, locked_until_ms, hash LIKE '$argon2%' FROM pin;
SELECT count(*) FROM settings WHERE value = '1357';
