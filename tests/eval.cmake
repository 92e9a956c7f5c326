# The whole evaluation (issue 17): register evaluation columns, county facts
# sheet, the 32 indicators on a worked county, the CLI.
jh_test(test_eval SOURCES test_eval.c LABELS unit TIMEOUT 30)
jh_script_test(eval_cli eval/cli.sh LABELS cli TIMEOUT 60)
jh_script_test(eval_rounds eval/rounds.sh LABELS e2e TIMEOUT 300)
jh_script_test(eval_province eval/province.sh LABELS e2e TIMEOUT 120)
# A school a county hides with its --min-group stays hidden in the province (review rprivacy).
jh_script_test(eval_province_min_group eval/province_min_group.sh LABELS cli TIMEOUT 60)
# Inputs, identities, rounds and methods of the counties (outside review rprov7).
jh_script_test(eval_province_inputs eval/province_inputs.sh LABELS cli TIMEOUT 180)
# The verdicts table fits a 1280-px window and an A4 page (review fprov9; headless Chromium).
jh_script_test(eval_province_layout eval/province_layout.sh LABELS cli TIMEOUT 180)
jh_script_test(eval_province_bench eval/province_bench.sh LABELS bench TIMEOUT 3600)
jh_fuzz(fuzz_eval_facts SOURCES fuzz_eval_facts.c CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/eval/fuzz_corpus RUNS 20000)
# Edge cases of an outside review (session 13): limits, blank counts, shares, rounds, facts sheet.
jh_script_test(eval_review eval/review.sh LABELS cli TIMEOUT 120)
# Excel round-trips of an outside review (session 14): the plan keeps what is stored, encodings, codes.
jh_script_test(eval_excel eval/excel.sh LABELS cli TIMEOUT 400)
# Schools that leave between rounds (outside review, session 15): plans, changes, rules of the trend.
jh_script_test(eval_rounds_leave eval/rounds_leave.sh LABELS cli TIMEOUT 120)
# The plan outside the happy path (session 15): concurrent loads, --out as one set.
jh_script_test(eval_rectify_safety eval/rectify_safety.sh LABELS cli TIMEOUT 120)
# Rounds and kiosk clocks (outside review, session 16): round --open during a merge, clocks ahead.
jh_script_test(eval_rounds_clock eval/rounds_clock.sh LABELS cli TIMEOUT 120)
# Outside review reval5 (session 20), one section an item: the plan of the data before the first
# round after --previous, 整改项, the level in the status listing, S1's gap below its threshold.
jh_script_test(eval_review_reval5 eval/review_reval5.sh LABELS cli TIMEOUT 180)
# Register and county sheets as Excel clerks fill them (outside review rexcel7, session 23).
jh_script_test(eval_register_excel eval/register_excel.sh LABELS cli TIMEOUT 120)
