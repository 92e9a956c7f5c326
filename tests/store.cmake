# Storage and export: the kiosk's SQLite store, export bundles, the reader.
jh_test(test_store SOURCES test_store.c LABELS unit TIMEOUT 120)
# The bundle reader loads questionnaires with survey.c (the questionnaire
# area); until that lands the bundle tests cannot link.
if(EXISTS ${CMAKE_SOURCE_DIR}/app/core/survey.c)
  jh_test(test_bundle SOURCES test_bundle.c LABELS unit TIMEOUT 600)
  # All 255 replacements of every byte: 1,732 s under ASan beside another
  # test (2026-11-30), too close to 1,800 s; an hour leaves room.
  add_test(NAME test_bundle_all_bytes COMMAND test_bundle --all-bytes)
  set_tests_properties(test_bundle_all_bytes PROPERTIES LABELS long TIMEOUT 3600
    ENVIRONMENT "JH_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endif()
# SIGKILL at random moments: 200 kills by default, 2000 under label long.
jh_test(test_store_crash SOURCES test_store_crash.c LABELS unit TIMEOUT 120)
add_test(NAME test_store_crash_long COMMAND test_store_crash 2000)
set_tests_properties(test_store_crash_long PROPERTIES LABELS long TIMEOUT 1800)
# The kiosk binary's headless export (junheng-kiosk --db FILE --export DIR).
add_executable(test_store_mkdb test_store_mkdb.c)
target_include_directories(test_store_mkdb PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_store_mkdb PRIVATE jh_core)
jh_script_test(store_export_cli scripts/store_export_cli.sh LABELS cli TIMEOUT 60)
# The bundle reader under libFuzzer (JH_FUZZ builds), seeded with a small
# valid bundle (made by tests/store/make_fuzz_seeds.sh) and broken variants.
jh_fuzz(fuzz_bundle SOURCES fuzz_bundle.c CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/store/fuzz RUNS 5000)
# Timings, printed only: submit latency with the durable settings against a
# bare sqlite3 loop, and an export of 10,000 responses.
jh_test(test_store_bench SOURCES test_store_bench.c LABELS bench TIMEOUT 900)
# Kiosk to bureau: replays, headless export, the reader.
add_executable(test_bundle_dump test_bundle_dump.c)
target_link_libraries(test_bundle_dump PRIVATE jh_core)
jh_script_test(store_e2e scripts/store_e2e.sh LABELS e2e TIMEOUT 120)
jh_script_test(kiosk_second scripts/kiosk_second.sh LABELS e2e TIMEOUT 60)
# Review rsite9, item 1: two kiosks given one kiosk_id; the merge's way followed.
jh_script_test(kiosk_same_id scripts/kiosk_same_id.sh LABELS e2e TIMEOUT 120)
jh_script_test(kiosk_sweep_tmp scripts/kiosk_sweep_tmp.sh LABELS e2e TIMEOUT 60)
jh_test(test_usb_targets SOURCES test_usb_targets.c LABELS unit TIMEOUT 30)
jh_test(test_pack SOURCES test_pack.c LABELS unit TIMEOUT 30)
jh_script_test(comments_e2e scripts/comments_e2e.sh LABELS e2e TIMEOUT 120)
