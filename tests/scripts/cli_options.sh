#!/bin/bash
# Options that take a value (review rcli finding 3): a missing value is never
# taken from the next option (`merge --db --dry-run usb` merged for real into
# a database named "--dry-run"), a value at the end is said to be missing, a
# single-valued option given twice is refused, and "--" ends the options of
# every command.  Exit 2, nothing created.
set -u
fail=0
J="$JH_BUILD_DIR/junheng"
base=${TMPDIR:-/tmp}
t=$(mktemp -d "$base/jh-opts.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
mkdir usb
expect() { # expect DESC EXPECTED_RC EXPECTED_TEXT CMD...
  local desc=$1 want=$2 text=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $desc: expected exit $want, got $rc: $out"; fail=1; return 1; fi
  if [[ "$out" != *"$text"* ]]; then echo "FAIL $desc: expected '$text' in: $out"; fail=1; return 1; fi
  echo "PASS $desc"
}
expect "merge --db --dry-run" 2 "junheng merge: --db is missing the database file name (the next argument '--dry-run' is an option)" \
  "$J" merge --county 360701 --db --dry-run usb
expect "merge --db --dry-run (Chinese)" 2 "junheng merge：--db 后面缺少数据库文件名（下一个参数“--dry-run”是选项）" \
  "$J" --lang zh merge --county 360701 --db --dry-run usb
# ... nor a short option (review rfinal17 3: `merge --db -n usb` merged for
# real into a database named -n)
expect "merge --db -n" 2 "junheng merge: --db is missing the database file name (the next argument '-n' is an option)" \
  "$J" merge --county 360701 --db -n usb
[ ! -e ./-n ] && echo "PASS merge --db -n: no database named -n" || { echo "FAIL merge --db -n made ./-n"; fail=1; }
expect "merge --db at the end" 2 "junheng merge: --db needs the database file name after it" "$J" merge --county 360701 usb --db
expect "merge --db twice" 2 "junheng merge: --db is given twice ('a.db' and 'b.db'): give it once" \
  "$J" merge --county 360701 --db a.db --db b.db usb
expect "schools --db --replace" 2 "junheng schools: --db is missing the database file name (the next argument '--replace' is an option)" \
  "$J" schools --db --replace x.csv
expect "county --db at the end" 2 "junheng county: --db needs the database file name after it" "$J" county x.csv --db
expect "kiosk-pack --out --county" 2 "junheng kiosk-pack: --out is missing the output folder (the next argument '--county' is an option)" \
  "$J" kiosk-pack --key k --out --county 360701 --schools s.csv p.json
expect "province --db --out" 2 "junheng province: --db is missing the database file name" "$J" province --db --out o c.db
expect "stats --db twice" 2 "junheng stats: --db is given twice ('a.db' and 'b.db')" "$J" stats --db a.db --db b.db
expect "stats --min-group --db" 2 "junheng stats: --min-group is missing its value (the next argument '--db' is an option)" \
  "$J" stats --min-group --db a.db
expect "rectify --db at the end" 2 "junheng rectify: --db needs the database file name after it" "$J" rectify --db
expect "report --db --out" 2 "junheng report: --db is missing the database file name (the next argument '--out' is an option)" \
  "$J" report --db --out o
expect "surveys --db --replace" 2 "junheng surveys: --db is missing the database file name" "$J" surveys --db --replace p.json
expect "template schools extra" 2 "junheng template: unexpected argument 'extra'" "$J" template schools extra
expect "stats -- x" 2 "junheng stats: unexpected argument 'x'" "$J" stats --db a.db -- x
# review r2cli finding 5: a value typed after '=' may start with "--"; a value
# missing at the end of report is said so; the statistics options and
# check --font are taken once, like the others
expect "report --out=--x" 3 "junheng report: none.db: no such database" "$J" report --db none.db --out=--x --no-pdf
expect "report --out at the end" 2 "junheng report: --out needs the output folder after it" "$J" report --db r.db --out
expect "report --db twice (= form)" 2 "junheng report: --db is given twice ('a' and 'b'): give it once" \
  "$J" report --db a --db=b --out o
expect "stats --min-group twice" 2 "junheng stats: --min-group is given twice ('5' and '10'): give it once" \
  "$J" stats --db a.db --out o --min-group 5 --min-group 10
expect "report --threshold twice" 2 "junheng report: --threshold is given twice ('0.8' and '0.9'): give it once" \
  "$J" report --db a.db --out o --threshold 0.8 --threshold=0.9
expect "province --qualification twice" 2 "junheng province: --qualification is given twice" \
  "$J" province --db p.db --qualification college,bachelor --qualification college,college c.db
expect "check --font twice" 2 "junheng check: --font is given twice ('a.otf' and 'b.otf'): give it once" \
  "$J" check --font a.otf --font=b.otf q.json
# "--" ends the options: a file named like an option is a file
printf 'code,name,level,locality\n' > ./-x.csv
expect "schools -- -x.csv" 1 "-x.csv: no schools: the file has a header row only" "$J" schools --db c.db -- -x.csv
expect "county -- -x.csv" 1 "-x.csv" "$J" county --db c.db -- -x.csv
expect "merge -- -x.csv" 1 "-x.csv" "$J" merge --county 360701 --db m.db -- -x.csv
left=$(ls -A | grep -v '^usb$\|^-x.csv$\|^m.db')
if [ -n "$left" ]; then echo "FAIL files created: $left"; fail=1; else echo "PASS nothing created"; fi
exit $fail
