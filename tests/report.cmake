# Report: the bureau report (HTML, workbook, PDF) built from the statistics.
set(JH_REPORT_PARTS ${CMAKE_SOURCE_DIR}/tools/report_html.c ${CMAKE_SOURCE_DIR}/tools/report_xlsx.c
    ${CMAKE_SOURCE_DIR}/tools/report_pdf.c ${CMAKE_SOURCE_DIR}/tools/report_doc.c
    ${CMAKE_SOURCE_DIR}/tools/report_book.c ${CMAKE_SOURCE_DIR}/tools/report_json.c
    ${CMAKE_SOURCE_DIR}/tools/report_eval.c)
jh_test(test_report_parts SOURCES test_report_parts.c ${JH_REPORT_PARTS}
        LIBS PkgConfig::XLSXWRITER LABELS unit TIMEOUT 60)
target_include_directories(test_report_parts PRIVATE ${CMAKE_SOURCE_DIR}/tools)
jh_script_test(report_fixture report/report_fixture.sh LABELS cli TIMEOUT 120)
# End to end from a county database built by the stats tests' kiosk helper
# (tests/stats_gen), and the report for the stats benchmark's
# 1,000,000-response database (tests/stats_bench; prints figures).
jh_script_test(report_e2e report/report_e2e.sh LABELS e2e TIMEOUT 180)
# Review rattack5 finding 2: a direction override in a name (an older database) reorders nothing.
jh_script_test(report_bidi_names report/bidi_names.sh LABELS cli TIMEOUT 60)
# A county with many schools: summary and per-school annex (issue 20).
jh_script_test(report_annex report/annex.sh LABELS cli TIMEOUT 400)
# Issue 21: a role's topics hold that role's answers only (stats.json, CSV, report), and a
# suppressed role is neither shown nor derivable through a topic.
jh_script_test(report_topics_by_role report/topics_by_role.sh LABELS cli TIMEOUT 120)
# Review of session 14: figures beside their verdicts apart from the document's own limits and threshold.
jh_script_test(report_apart_verdicts report/apart_verdicts.sh LABELS cli TIMEOUT 120)
# Review rdoc3/rnum3 (session 18): school-level counts, overlapping shortfalls, chart reasons,
# no register, no-data symbols, one school, the gap in percentage points, page 1 of the PDF.
jh_script_test(report_review_rdoc3 report/review_rdoc3.sh LABELS cli TIMEOUT 300)
jh_script_test(report_review_r2doc3 report/review_r2doc3.sh LABELS cli TIMEOUT 300)
# Review of session 16: a rounded figure never contradicts its verdict or threshold; a CV not computed is never met.
jh_script_test(report_verdict_consistency report/verdict_consistency.sh LABELS cli TIMEOUT 180)
# Reviews rdoc3 and rnum3 (session 18): the CSV files, the workbook's 样本 and 汇总 sheets, the summary.
jh_script_test(report_book_review report/book_review.sh LABELS cli TIMEOUT 180)
# Review rclerk9 (session 22): the national application form's 表Ⅱ-1, 表Ⅱ-2 and 表Ⅲ in the workbook.
jh_script_test(report_forms report/forms.sh LABELS cli TIMEOUT 180)
# Review rexcel5 (session 20): import times in Beijing time (CSV, workbook date cells).
jh_script_test(report_review_rexcel5 report/review_rexcel5.sh LABELS cli TIMEOUT 180)
# Review r2book (session 21): the round name as the year, the printed 整改清单, the 方面 rows' rate names.
jh_script_test(report_review_r2book report/review_r2book.sh LABELS cli TIMEOUT 180)
# Label bench-long, not bench: it takes about 8 minutes (Chromium prints every
# part of a 2,000-school annex), so `bash tools/dev.sh bench` leaves it to
# `bash tools/dev.sh bench-long`; `ctest -L bench -R report_bench` still finds it.
jh_script_test(report_bench report/bench.sh LABELS bench-long TIMEOUT 7200)
# Hostile input and failing disks (the outside review of session 12): markup
# in the embedded statistics, the set moved into place as one and flushed,
# --school and stats --out as one set, odd folder names and school codes,
# the PDF's links, a run killed while Chromium prints.
jh_script_test(report_safety report/safety.sh LABELS cli TIMEOUT 300)
# Review rprivacy: the comments of abandoned questionnaires are not published.
jh_script_test(report_comments_privacy report/comments_privacy.sh LABELS cli TIMEOUT 120)
# Review r2privacy: comments of a group in no figure (not registered, another
# round) are left out for that reason, not as too small; no count published.
jh_script_test(report_comments_reasons report/comments_reasons.sh LABELS cli TIMEOUT 120)
# Review rgroups7 item 5: a school below its sample target is marked 样本未达目标 in section 二's
# table, its school page and the workbook's 学校 sheet.
jh_script_test(report_sample_short report/sample_short.sh LABELS cli TIMEOUT 120)
# Review rclerk6 (session 22): a county clerk's report (page 1's pupil total, class sizes,
# the workbook at the 85 % boundary, the veto line, schools without answers, closed rounds).
jh_script_test(report_review_rclerk6 report/review_rclerk6.sh LABELS cli TIMEOUT 240)
# Review rclerk9 (session 24): a county statistics clerk (overlapping shortfalls in every
# output, misnamed bundles, truncated copies, wrong-clock answers, actionable hints).
jh_script_test(report_review_rclerk9 report/review_rclerk9.sh LABELS cli TIMEOUT 240)
