SELECT item_id || '=' || value FROM answers WHERE item_id = 'improve';
