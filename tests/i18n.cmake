# Languages: every message of `junheng` has its Chinese translation (the
# catalog data/po/zh_CN.po against a fresh extraction from the sources), and
# the messages of each path in Chinese (the default, also under LANG=C) and
# in English (--lang en, an English locale) against golden outputs.
jh_script_test(po_complete ../tools/po.sh ARGS check LABELS unit TIMEOUT 60)
jh_script_test(cli_i18n i18n/cli_i18n.sh LABELS cli TIMEOUT 180)
# The workbook printed by LibreOffice (skipped when it is not installed).
jh_script_test(xlsx_print report/xlsx_print.sh LABELS cli TIMEOUT 300)
