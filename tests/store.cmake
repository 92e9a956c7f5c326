# Storage and export: the kiosk's SQLite store, export bundles, the reader.
jh_test(test_store SOURCES test_store.c LABELS unit TIMEOUT 120)
