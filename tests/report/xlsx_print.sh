#!/bin/bash
# xlsx_print.sh - the report workbook as LibreOffice prints it (soffice
# --convert-to pdf): each sheet on its own, pages <= the rows' height at the
# print's scale / 400 points + 1 (rows of wrapped text as tall as their lines), and no
# column split across pages (every page shows the first and the last column's
# header, which repeat on each page), and text printed at 7 points or more
# (the median width of a Chinese character in the PDF: LibreOffice shrinks a
# sheet to one page wide, and a sheet of 290 characters came out at 4 points:
# review rexcel5 item 1).  Skipped (exit 77) without LibreOffice
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
# and a county with the evaluation (评估指标) and its long texts: four
# schools of the sample register, the sample county facts
mkdir -p "$work/usb"
gen() { JH_GEN_SURVEYS="$src/data/surveys" "$b/tests/stats_gen" "$@" >/dev/null || { bad "stats_gen $*"; exit 1; }; }
gen "$work/k1.db" K-CG1-01 3607010001 primary urban 30 8 1 "$work/usb" full 20 10
gen "$work/k2.db" K-HK1-01 3607020001 primary town 18 5 4 "$work/usb" full 10 5
gen "$work/k3.db" K-SQ9-01 3607020003 nine_year town 20 7 6 "$work/usb" full 14 3
gen "$work/k4.db" K-LLZ-01 3607030002 junior rural 14 5 8 "$work/usb" full 9 3
J="$b/junheng"; db="$work/county.db"
{ "$J" surveys --db "$db" "$src"/data/surveys/*.json && "$J" merge --county 360701 --db "$db" "$work/usb" && "$J" schools --db "$db" "$src/data/sample/schools.csv" \
  && "$J" county --db "$db" "$src/data/sample/county.csv" \
  && JH_CHROMIUM= "$J" report --db "$db" --out "$work/county" --county-name 青山县 --round 2026 --issuer 青山县教育局 \
     --no-pdf; } >/dev/null 2>&1 || { bad "county report"; exit 1; }
# One workbook per sheet (openpyxl keeps each sheet's page setup), so the
# pages of each sheet can be counted.
$py - "$work" "$work/out/report.xlsx" "$work/county/report.xlsx" <<'PY' > "$work/sheets.txt" || { bad "split"; exit 1; }
import sys, openpyxl
work = sys.argv[1]
i = 0
for k, src in enumerate(sys.argv[2:]):
  names = openpyxl.load_workbook(src).sheetnames
  for name in names:
    wb = openpyxl.load_workbook(src)
    for other in names:
        if other != name:
            del wb[other]
    ws = wb[name]
    head = 2 if ws.print_title_rows == "$1:$2" else 1
    first = str(ws.cell(head, 1).value)
    last = str(ws.cell(head, ws.max_column).value)
    if ws.print_area:  # the columns printed (working columns left out)
        import re
        cols = re.findall(r"\$([A-Z]+)", ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0])
        last = str(ws.cell(head, openpyxl.utils.column_index_from_string(cols[-1])).value)
    wb.save(f"{work}/sheet{i}.xlsx")
    # the rows' height in points (15 a line)
    lines = round(sum(ws.row_dimensions[r].height or 15 for r in range(1, ws.max_row + 1)))
    print(i, ws.max_row, lines, first.split("\n")[0], last.split("\n")[0], ("县 " if k else "") + name, sep="\t")
    i += 1
PY
export HOME="$work/home"  # LibreOffice's profile, not the user's
# All the sheets in one LibreOffice run: each start of soffice costs seconds.
timeout -k 5 240 soffice --headless --convert-to pdf --outdir "$work" "$work"/sheet*.xlsx >/dev/null 2>&1
while IFS=$'\t' read -r i rows lines first last name; do
  if [ ! -s "$work/sheet$i.pdf" ]; then bad "$name: LibreOffice wrote no PDF"; continue; fi
  pages=$(pdfinfo "$work/sheet$i.pdf" | awk '/^Pages:/ {print $2}')
  split=0
  for p in $(seq 1 "$pages"); do
    text=$(pdftotext -f "$p" -l "$p" "$work/sheet$i.pdf" - | tr -d ' \n')
    [[ "$text" == *"${first:0:2}"* && "$text" == *"${last:0:2}"* ]] || split=1
  done
  [ $split = 0 ] && pass "$name: every page has the first and the last column" \
    || bad "$name: columns split across pages ('$first' ... '$last')"
  pt=$($py - "$work/sheet$i.pdf" <<'PY'
import html, re, statistics, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
sizes = [(float(m.group(2)) - float(m.group(1))) / len(w)
         for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
         for w in [html.unescape(m.group(3))]
         if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)]
print("%.1f" % statistics.median(sizes) if sizes else "0")
PY
)
  awk -v p="$pt" 'BEGIN { exit !(p >= 7) }' && pass "$name: printed at $pt points" \
    || bad "$name: printed at $pt points (a Chinese character's width), less than 7"
  # pages: the rows' height at the print's scale (11-point text shrunk to
  # pt) over 400 points a page (A4 landscape less margins and the header)
  limit=$(awk -v h="$lines" -v p="$pt" 'BEGIN { n = h * p / 11 / 400; print int(n) + (n > int(n)) + 1 }')
  [ "$pages" -le "$limit" ] && pass "$name: $rows rows ($lines points) on $pages page(s) (at most $limit)" \
    || bad "$name: $rows rows ($lines points) on $pages pages, more than $limit"
done < "$work/sheets.txt"
exit $fail
