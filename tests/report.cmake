# Report: the bureau report (HTML, workbook, PDF) built from the statistics.
set(JH_REPORT_PARTS ${CMAKE_SOURCE_DIR}/tools/report_html.c ${CMAKE_SOURCE_DIR}/tools/report_xlsx.c
    ${CMAKE_SOURCE_DIR}/tools/report_pdf.c)
jh_test(test_report_parts SOURCES test_report_parts.c ${JH_REPORT_PARTS}
        LIBS PkgConfig::XLSXWRITER LABELS unit TIMEOUT 60)
target_include_directories(test_report_parts PRIVATE ${CMAKE_SOURCE_DIR}/tools)
jh_script_test(report_fixture report/report_fixture.sh LABELS cli TIMEOUT 120)
