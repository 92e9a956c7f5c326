#!/usr/bin/python3
"""to_v5.py DB: turns a schema-6 county database back into schema 5 with SQL
(tests of the 5 -> 6 migration, and of 4 -> 6 through 5): the responses view
becomes the table it shows, with schema 5's columns and the answers view as
schema 5 defined it (the same SQL text)."""
import sqlite3, sys

db = sqlite3.connect(sys.argv[1], isolation_level=None)
answers = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'answers'").fetchone()[0]
db.execute("PRAGMA foreign_keys = OFF")
db.executescript("""
BEGIN;
CREATE TABLE responses_5(
  id INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL,
  school_code TEXT NOT NULL, school_level TEXT, locality TEXT,
  survey_id TEXT NOT NULL, survey_hash TEXT NOT NULL REFERENCES surveys(hash),
  role TEXT NOT NULL, lang TEXT, started_ms INTEGER, ended_ms INTEGER, duration_ms INTEGER,
  status TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', chain TEXT NOT NULL,
  codes BLOB,
  extra TEXT,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  day TEXT,
  UNIQUE(kiosk_id, seq));
INSERT INTO responses_5 SELECT * FROM responses;
DROP VIEW answers; DROP VIEW responses;
DROP TABLE response_rows; DROP TABLE kiosk_refs; DROP TABLE survey_refs;
ALTER TABLE imports DROP COLUMN school_level;
ALTER TABLE imports DROP COLUMN locality;
ALTER TABLE responses_5 RENAME TO responses;
""" + answers + """;
PRAGMA user_version = 5;
COMMIT;
""")
