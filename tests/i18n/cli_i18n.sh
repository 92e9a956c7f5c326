#!/bin/bash
# cli_i18n.sh [--update] - the messages of junheng in Chinese and English
# against the golden outputs in tests/i18n/golden/: help texts, usage errors,
# a missing database, a register that is not UTF-8, a file that is no bundle,
# the report's lines without a PDF.  Chinese is the default (also under
# LANG=C and LANG=C.UTF-8, where no zh_CN locale exists); English comes with
# --lang en or an English locale.  Paths are written as WORK.
# --update rewrites the golden files (then read the diff before committing).
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"
golden="$src/tests/i18n/golden"
work=$(mktemp -d /tmp/jh-cli-i18n-XXXXXX)
trap 'rm -rf "$work"' EXIT
update=0; [ "${1:-}" = --update ] && update=1
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }

# run NAME LANGSETUP CMD...: stdout + stderr + exit status, compared with golden/NAME.txt
run() {
  local name=$1 how=$2; shift 2
  local out rc
  case "$how" in
    zh) out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$@" 2>&1); rc=$? ;;
    zh-utf8) out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$@" 2>&1); rc=$? ;;
    zh-locale) out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$@" 2>&1); rc=$? ;;
    en) out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$@" --lang en 2>&1); rc=$? ;;
    en-locale) out=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 "$@" 2>&1); rc=$? ;;
  esac
  out="${out//$work/WORK}"
  out="${out//$src/SRC}"
  out=$(printf '%s\nexit %s\n' "$out" "$rc" | sed -E 's/\([0-9]+ KB\)/(N KB)/; s/（[0-9]+ KB）/（N KB）/')
  if [ $update = 1 ]; then
    mkdir -p "$golden"
    printf '%s\n' "$out" > "$golden/$name.txt"
    echo "UPDATED $name"
  elif diff -u "$golden/$name.txt" <(printf '%s\n' "$out") > "$work/diff"; then
    pass "$name"
  else
    bad "$name"; cat "$work/diff"
  fi
}

j="$b/junheng"
printf '\xd1\xa7\xd0\xa3\xb4\xfa\xc2\xeb\n' > "$work/gbk.csv"       # "学校代码" in GBK
printf 'SQLite format 3\0 a kiosk backup\n' > "$work/kiosk.db.json"
cp "$src/tests/report/sample-stats.json" "$work/stats.json"

run help-zh zh "$j" --help
run help-en en "$j" --help
run help-zh-utf8 zh-utf8 "$j" --help
run unknown-zh zh-locale "$j" frobnicate
run unknown-en en-locale "$j" frobnicate
run badlang zh "$j" --lang fr --help
run report-help-zh zh "$j" report --help
run report-help-en en "$j" report --help
run report-usage-zh zh "$j" report --db x.db
run report-usage-en en "$j" report --db x.db
run report-badopt-zh zh "$j" report --min-group x
run report-badopt-en en "$j" report --threshold 2
run report-county-zh zh "$j" report --stats-json "$work/stats.json" --out "$work/r" --county-code 3611
run report-county-en en "$j" report --stats-json "$work/stats.json" --out "$work/r" --county-code 3611
run report-nodb-zh zh "$j" report --db "$work/typo.db" --out "$work/r"
run report-nodb-en en "$j" report --db "$work/typo.db" --out "$work/r"
run report-nopdf-zh zh env JH_CHROMIUM= "$j" report --stats-json "$work/stats.json" --out "$work/r1"
run report-nopdf-en en env JH_CHROMIUM= "$j" report --stats-json "$work/stats.json" --out "$work/r2"
run schools-gbk-zh zh "$j" schools --db "$work/c.db" "$work/gbk.csv"
run schools-gbk-en en "$j" schools --db "$work/c.db" "$work/gbk.csv"
run merge-junk-zh zh "$j" merge --db "$work/c.db" "$work/kiosk.db.json"
run merge-junk-en en "$j" merge --db "$work/c.db" "$work/kiosk.db.json"
mkdir -p "$work/empty"
run merge-empty-zh zh "$j" merge --db "$work/c.db" "$work/empty"
run merge-empty-en en "$j" merge --db "$work/c.db" "$work/empty"
run surveys-help-zh zh "$j" surveys --help
run stats-help-zh zh "$j" stats --help
run merge-help-zh zh "$j" merge --help
run schools-help-zh zh "$j" schools --help
run check-help-zh zh "$j" check --help
run template-help-zh zh "$j" template --help
cp "$src/tests/survey/bad/show_if.json" "$src/tests/survey/bad/missing_fields.json" "$work/"
run check-bad-zh zh "$j" check --no-font-check "$work/show_if.json" "$work/missing_fields.json"
run check-bad-en en "$j" check --no-font-check "$work/show_if.json" "$work/missing_fields.json"
[ ! -e "$work/typo.db" ] && pass "report made no database of a typo" || bad "typo.db created"
exit $fail
