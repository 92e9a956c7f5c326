# Questionnaires: loader/validator unit tests, `junheng check` goldens, fuzzing.
jh_test(test_survey SOURCES test_survey.c LABELS unit TIMEOUT 60)
jh_script_test(survey_check_cli survey/check_cli.sh LABELS cli TIMEOUT 60)
