SELECT r.role, r.status, a.value FROM responses r LEFT JOIN answers a ON a.seq = r.seq AND a.item_id = 'residence' ORDER BY r.seq;
SELECT value FROM settings WHERE key = 'county_code';
