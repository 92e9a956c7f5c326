# Questionnaires: loader/validator unit tests, `junheng check` goldens, fuzzing.
jh_test(test_survey SOURCES test_survey.c LABELS unit TIMEOUT 60)
jh_script_test(survey_check_cli survey/check_cli.sh LABELS cli TIMEOUT 180)
# Fuzzing (ASan build with -DJH_FUZZ=ON): the default runs are bounded by
# input count (about 10-20 s together on a busy 2-core machine);
# fuzz_survey_long runs 10 minutes, fuzz_cmap_long 5.  Seeds: the good and
# broken questionnaires (copies in survey/corpus) and small fonts (cmap_corpus:
# fontTools subsets of the bundled font and DejaVu Sans, and a synthetic
# format 12 table).  Crashes go to <corpus>/regressions and are replayed.
jh_fuzz(fuzz_survey SOURCES fuzz_survey.c CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/survey/corpus RUNS 40000)
jh_fuzz(fuzz_cmap SOURCES fuzz_cmap.c CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/survey/cmap_corpus RUNS 20000
        LONG_SECONDS 300)
