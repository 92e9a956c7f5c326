SELECT r.status, a.value FROM responses r JOIN answers a ON a.seq = r.seq WHERE a.item_id = 'comment';
