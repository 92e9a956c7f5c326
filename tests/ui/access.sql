SELECT key, value FROM settings WHERE key IN ('theme', 'voice') ORDER BY key;
