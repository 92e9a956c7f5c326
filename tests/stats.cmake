# Statistics and the bureau tool (issue 6): balance arithmetic, school
# register, county database and merge, stats output, CLI golden cases.
jh_test(test_stats SOURCES test_stats.c LABELS unit TIMEOUT 30)
# Issue 20: answers packed per item (schema 5).
jh_test(test_county_codes SOURCES test_county_codes.c LABELS unit TIMEOUT 30)
# Large statements in WAL mode under the process-wide SQLite set-up (session 10).
jh_test(test_county_journal SOURCES test_county_journal.c LABELS unit TIMEOUT 120)

# Helper: a deterministic kiosk that writes bundles through the store API.
add_executable(stats_gen stats_gen.c)
target_link_libraries(stats_gen PRIVATE jh_core)
jh_script_test(stats_e2e stats/e2e.sh LABELS e2e TIMEOUT 240)
jh_script_test(stats_cli stats/cli.sh LABELS cli TIMEOUT 120)
# Review rcli finding 7: kiosk-pack's register warnings, two BOMs, full-width numbers.
jh_script_test(stats_register_inputs stats/register_inputs.sh LABELS cli TIMEOUT 60)
# Review rattack5 finding 1: a name with an invisible control or direction character refused where it enters.
jh_script_test(stats_school_names stats/school_names.sh LABELS cli TIMEOUT 60)
# Review rreg4: the register and the facts sheet as Excel/WPS clerks save them.
jh_script_test(stats_register_reload stats/register_reload.sh LABELS cli TIMEOUT 60)
jh_script_test(stats_merge_safety stats/merge_safety.sh LABELS cli TIMEOUT 120)
# Review rquest3, items 1 and 7: a kiosk whose questionnaire was edited without a new version.
jh_script_test(stats_changed_questionnaire stats/changed_questionnaire.sh LABELS cli TIMEOUT 120)
# Review rquest3, items 2 and 6: options reordered between versions; a reverse-scored agreement
# item's and a rated choice's rate names.
jh_script_test(stats_rate_names stats/rate_names.sh LABELS cli TIMEOUT 120)
# Issue 20: the missing seqs per kiosk from the index, against a window query.
jh_script_test(stats_coverage stats/coverage.sh LABELS cli TIMEOUT 120)
# Seqs and ids at the ends of an int64 (a database edited by hand): no overflow in the coverage.
jh_script_test(stats_coverage_extremes stats/coverage_extremes.sh LABELS cli TIMEOUT 120)
# Issue 20: the responses read in two halves at once give the statistics one scan gives.
jh_script_test(stats_split stats/split.sh LABELS cli TIMEOUT 120)
# Issue 20: the census's halves counted on two threads, cut anywhere (JH_STATS_SPLIT_AT), with a
# questionnaire outside the round counted after them: the statistics counting in one part gives.
jh_script_test(stats_count_split stats/count_split.sh LABELS cli TIMEOUT 120)
# Issue 20: bundles of format 1, 2 and 3 (no responses_sha256) of the same responses merge alike.
jh_script_test(stats_format_versions stats/format_versions.sh LABELS cli TIMEOUT 120)
# Issue 20: the merge's batched insert against the per-row one (format 1 days, long language tags).
jh_script_test(stats_merge_batch stats/merge_batch.sh LABELS cli TIMEOUT 120)
add_executable(stats_bench stats_bench.c)
target_link_libraries(stats_bench PRIVATE jh_core)
jh_script_test(stats_bench stats/bench.sh LABELS bench TIMEOUT 3600)
jh_script_test(stats_bench_memory stats/bench_memory.sh LABELS bench TIMEOUT 1200)
jh_fuzz(fuzz_stats_schools SOURCES fuzz_stats_schools.c CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/stats/fuzz_corpus RUNS 20000)
jh_script_test(stats_kiosk_e2e stats/kiosk_e2e.sh LABELS e2e TIMEOUT 300)
# Issue 19 item 0: a register with many schools without responses (use-after-free).
jh_script_test(stats_many_schools stats/many_schools.sh LABELS e2e TIMEOUT 120)
# The statistics at benchmark size under ASan (ASan build) or Valgrind (plain build).
jh_script_test(stats_memcheck_long stats/memcheck.sh LABELS long TIMEOUT 3600)
# Issue 19 items 9, 10, 11, 14: empty schools, one-school levels, unregistered answers, decimals.
jh_script_test(stats_numbers stats/numbers.sh LABELS e2e TIMEOUT 120)
# balance-rules §2: the basic figures leave out every teaching point (2012) and schools not run by
# the county; the quality figures keep them (hand-computed figures, both settings).
jh_script_test(stats_basic_rules stats/basic_rules.sh LABELS e2e TIMEOUT 120)
# Issue 18: two versions of one questionnaire in a round, side by side (hand-computed figures).
jh_script_test(stats_versions stats/versions.sh LABELS cli TIMEOUT 120)
# Review of session 14: a hidden version is not role − the published versions (complementary suppression).
jh_script_test(stats_versions_privacy stats/versions_privacy.sh LABELS cli TIMEOUT 120)
# Reviews rnum3/rdoc3 of session 18: a hidden role's items, topics and questionnaire counts are hidden with it.
jh_script_test(stats_hidden_role_items stats/hidden_role_items.sh LABELS cli TIMEOUT 120)
# A version's answers = its items': a version whose items all differ is not the sum of its items.
jh_script_test(stats_versions_items_privacy stats/versions_items_privacy.sh LABELS cli TIMEOUT 120)
# The older version's answers merged before `round --open`: still compared, never pooled.
jh_script_test(stats_versions_before_open stats/versions_before_open.sh LABELS cli TIMEOUT 120)
# "method": "questionnaires" without an overall item: the documented half-satisfied fallback.
jh_script_test(stats_questionnaires_no_overall stats/questionnaires_no_overall.sh LABELS cli TIMEOUT 120)
# Review rgroups7 item 1: the public's answers (about the county) count in the county and the role,
# not in a school's figures, locality, balance or comments.
jh_script_test(stats_public_county stats/public_county.sh LABELS cli TIMEOUT 120)
# Issue 18: social recognition per group and overall, the sample against the sampling rules.
jh_script_test(stats_groups stats/groups.sh LABELS e2e TIMEOUT 120)
# Review rgroups7 (session 23): a questionnaire without a valid rated answer is no valid questionnaire
# of the sample.
jh_script_test(stats_sample_valid stats/sample_valid.sh LABELS cli TIMEOUT 120)
# Review rgroups7 item 3: the sampling verdict names every group the rules survey that has no valid questionnaire.
jh_script_test(stats_sample_groups stats/sample_groups.sh LABELS cli TIMEOUT 120)
# Issue 20: a merge with worker threads gives what a merge on one thread gives.
add_executable(merge_workers merge_workers.c)
target_link_libraries(merge_workers PRIVATE jh_core)
target_include_directories(merge_workers PRIVATE ${CMAKE_SOURCE_DIR}/app/core)
jh_script_test(stats_merge_workers stats/merge_workers.sh LABELS cli TIMEOUT 300)
# Session 12: `junheng stats` while merges commit (WAL and the merge's rollback journal): every
# document of one state of the database (the import log adds up to the counts).
jh_script_test(stats_during_merge stats/during_merge.sh LABELS cli TIMEOUT 300)
# Issue 20: schema 5 (answers packed per item): migration of a schema-4 database, the answers view
# identical before and after, a failed and a killed migration leave schema 4 intact.
jh_script_test(stats_migrate5 stats/migrate5.sh LABELS e2e TIMEOUT 300)
# Issue 20: schema 6 (the narrow response row under the responses view): migration of a schema-5
# database, the view identical value for value, odd rows kept, a failed and a killed migration.
jh_script_test(stats_migrate6 stats/migrate6.sh LABELS e2e TIMEOUT 300)
# Session 15: the relations solved together in the suppression (white-box:
# includes app/core/stats_compute.c).
jh_test(test_suppress_alg SOURCES test_suppress_alg.c LABELS unit TIMEOUT 60)
# Review rmerge4: a season's messy deliveries and hostile bundles (a school's own questionnaire,
# damaged files, folders not searched, archives, paths given twice, days that are no dates).
jh_script_test(stats_merge_season stats/merge_season.sh LABELS cli TIMEOUT 120)
