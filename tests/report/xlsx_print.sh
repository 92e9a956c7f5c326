#!/bin/bash
# xlsx_print.sh - the report workbook as LibreOffice prints it (soffice
# --convert-to pdf): each sheet on its own, pages <= lines / 40 + 1 (a row of
# wrapped text counts its lines), and no
# column split across pages (every page shows the first and the last column's
# header, which repeat on each page).  Skipped (exit 77) without LibreOffice
# or poppler-utils.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
py=/usr/bin/python3
if [ "${JH_SANITIZE:-0}" = 1 ]; then
  echo "SKIP: not repeated in the sanitizer build (LibreOffice does the printing)"; exit 77
fi
for t in soffice pdfinfo pdftotext; do
  command -v $t >/dev/null || { echo "SKIP: $t not installed (Debian libreoffice-calc-nogui, poppler-utils)"; exit 77; }
done
$py -c 'import openpyxl' 2>/dev/null || { echo "SKIP: python3-openpyxl not installed"; exit 77; }
work=$(mktemp -d /tmp/jh-xlsx-print-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }

JH_CHROMIUM= "$b/junheng" report --stats-json "$src/tests/report/sample-stats.json" --out "$work/out" \
  --county-name 青山县 --round 2026 >/dev/null || { bad "report"; exit 1; }
# One workbook per sheet (openpyxl keeps each sheet's page setup), so the
# pages of each sheet can be counted.
$py - "$work/out/report.xlsx" "$work" <<'PY' > "$work/sheets.txt" || { bad "split"; exit 1; }
import sys, openpyxl
src, work = sys.argv[1], sys.argv[2]
names = openpyxl.load_workbook(src).sheetnames
for i, name in enumerate(names):
    wb = openpyxl.load_workbook(src)
    for other in names:
        if other != name:
            del wb[other]
    ws = wb[name]
    head = 2 if ws.print_title_rows == "$1:$2" else 1
    first = str(ws.cell(head, 1).value)
    last = str(ws.cell(head, ws.max_column).value)
    wb.save(f"{work}/sheet{i}.xlsx")
    # rows of wrapped text count as the lines they hold (a 15-point line)
    lines = sum(max(1, round((ws.row_dimensions[r].height or 15) / 15)) for r in range(1, ws.max_row + 1))
    print(i, ws.max_row, lines, first, last, name, sep="\t")
PY
export HOME="$work/home"  # LibreOffice's profile, not the user's
# All the sheets in one LibreOffice run: each start of soffice costs seconds.
timeout -k 5 100 soffice --headless --convert-to pdf --outdir "$work" "$work"/sheet*.xlsx >/dev/null 2>&1
while IFS=$'\t' read -r i rows lines first last name; do
  if [ ! -s "$work/sheet$i.pdf" ]; then bad "$name: LibreOffice wrote no PDF"; continue; fi
  pages=$(pdfinfo "$work/sheet$i.pdf" | awk '/^Pages:/ {print $2}')
  limit=$(( lines / 40 + 1 ))
  [ "$pages" -le "$limit" ] && pass "$name: $rows rows ($lines lines) on $pages page(s) (at most $limit)" \
    || bad "$name: $rows rows ($lines lines) on $pages pages, more than $limit"
  split=0
  for p in $(seq 1 "$pages"); do
    text=$(pdftotext -f "$p" -l "$p" "$work/sheet$i.pdf" - | tr -d ' \n')
    [[ "$text" == *"${first:0:2}"* && "$text" == *"${last:0:2}"* ]] || split=1
  done
  [ $split = 0 ] && pass "$name: every page has the first and the last column" \
    || bad "$name: columns split across pages ('$first' ... '$last')"
done < "$work/sheets.txt"
exit $fail
