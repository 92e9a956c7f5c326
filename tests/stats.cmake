# Statistics and the bureau tool (issue 6): balance arithmetic, school
# register, county database and merge, stats output, CLI golden cases.
jh_test(test_stats SOURCES test_stats.c LABELS unit TIMEOUT 30)
