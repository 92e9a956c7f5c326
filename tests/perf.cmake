# Performance work on the bureau's merge (issue 6 benchmark): guards that
# the fast paths compute exactly what the simple ones did.
jh_test(test_perf SOURCES test_perf.c LABELS unit TIMEOUT 60)
