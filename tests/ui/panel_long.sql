SELECT value FROM answers WHERE item_id = 'comment';
