SELECT item_id || '=' || value FROM answers ORDER BY seq, ord;
