#!/bin/bash
# junheng-kiosk --db FILE --export DIR [--full]: what it prints and its exit
# status for a full export, nothing new, an incremental export, a missing
# database and a missing target folder.
set -u
b="$JH_BUILD_DIR"
kiosk="$b/junheng-kiosk"
if [ ! -x "$kiosk" ]; then echo "SKIP: $kiosk not built"; exit 77; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-export-cli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
# Compare output with a golden text after replacing the temporary directory
# and the export time.
expect() { # expect DESC RC GOLDEN CMD...
  local desc=$1 want_rc=$2 golden=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  got=$(printf '%s\n' "$out" | sed -e "s|$tmp|TMP|g" -e 's/-[0-9]\{8\}T[0-9]\{6\}Z-/-TIME-/g' \
        -e 's/SHA256:[0-9a-f-]*/SHA256:KEY/')
  if [ "$rc" != "$want_rc" ]; then echo "FAIL $desc: expected exit $want_rc, got $rc: $out"; fail=1; return; fi
  if [ "$got" != "$golden" ]; then
    echo "FAIL $desc: output differs"; echo "--- expected"; echo "$golden"; echo "--- got"; echo "$got"; fail=1; return
  fi
  echo "PASS $desc"
}
"$b/tests/test_store_mkdb" "$tmp/kiosk.db" 3 --draft || { echo "FAIL making the database"; exit 1; }
mkdir "$tmp/usb"

expect "full export" 0 "junheng-kiosk: 1 unfinished questionnaire(s) from the last run kept as abandoned
junheng-kiosk: 已导出 4 份，可以拔出 U 盘了 / exported 4 response(s), seq 1 to 4 (full)
  bundle:  TMP/usb/junheng-K-cli-TIME-full-1-4.json
  kiosk:   K-cli, key fingerprint SHA256:KEY" "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb" --full

expect "nothing new" 0 "junheng-kiosk: 没有新答卷 / nothing new to export: every finished response (up to seq 4) was exported before; use --full to export everything again" \
  "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb"

"$b/tests/test_store_mkdb" "$tmp/kiosk.db" 2 || { echo "FAIL adding to the database"; exit 1; }
expect "incremental export" 0 "junheng-kiosk: 已导出 2 份，可以拔出 U 盘了 / exported 2 response(s), seq 5 to 6 (incremental)
  bundle:  TMP/usb/junheng-K-cli-TIME-incremental-5-6.json
  kiosk:   K-cli, key fingerprint SHA256:KEY" "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb"

expect "missing database" 3 "junheng-kiosk: TMP/nope.db: 没有这个数据库，请检查 --db 路径 / no such database (check the --db path)" \
  "$kiosk" --db "$tmp/nope.db" --export "$tmp/usb"

expect "missing folder" 3 "junheng-kiosk: 导出失败：找不到导出文件夹：请插好 U 盘再试 / export failed: TMP/stick: the export folder does not exist (is the USB drive plugged in and mounted?)" \
  "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/stick"

# Issue 19.15: a file given as the export folder; a county database given
# as the kiosk's database (was "no such column: updated_ms").
echo x > "$tmp/afile"
expect "a file, not a folder" 3 "junheng-kiosk: 导出失败：TMP/afile 不是文件夹，请给出 U 盘上的文件夹 / export failed: TMP/afile is a file, not a folder (give the USB drive's folder)" \
  "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/afile"
sqlite3 "$tmp/county.db" "CREATE TABLE kiosks(kiosk_id TEXT); CREATE TABLE imports(id INTEGER); CREATE TABLE responses(kiosk_id TEXT, seq INTEGER);"
sum=$(sha256sum < "$tmp/county.db")
expect "a county database" 3 "junheng-kiosk: 打不开数据库 / TMP/county.db: 这是教育局的区县数据库，不是答题机的数据库 / this is a county database of the bureau tool (junheng), not a kiosk database; give the kiosk its own file, e.g. --db ~/.local/share/junheng/kiosk.db (the file was left untouched)" \
  "$kiosk" --db "$tmp/county.db" --export "$tmp/usb"
[ "$(sha256sum < "$tmp/county.db")" = "$sum" ] && [ ! -e "$tmp/county.db-wal" ] && echo "PASS the county database untouched" \
  || { echo "FAIL the county database was changed"; fail=1; }
# A real county database (schema 8, application id "JHCN"): still the
# county's message, not "a newer junheng-kiosk wrote it" (its user_version
# is above the kiosk's; review rmigrate, item 2).
if [ -x "$b/junheng" ]; then
  "$b/junheng" surveys --db "$tmp/real-county.db" "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0/parent.json" >/dev/null 2>&1
  "$b/junheng" surveys --db "$tmp/real-county.db" >/dev/null 2>&1 # (checkpointed: its header says schema 8)
  sum=$(sha256sum < "$tmp/real-county.db")
  expect "a county database made by junheng" 3 "junheng-kiosk: 打不开数据库 / TMP/real-county.db: 这是教育局的区县数据库，不是答题机的数据库 / this is a county database of the bureau tool (junheng), not a kiosk database; give the kiosk its own file, e.g. --db ~/.local/share/junheng/kiosk.db (the file was left untouched)" \
    "$kiosk" --db "$tmp/real-county.db" --export "$tmp/usb"
  [ "$(sha256sum < "$tmp/real-county.db")" = "$sum" ] && echo "PASS the real county database untouched" \
    || { echo "FAIL the real county database was changed"; fail=1; }
fi

n=$(ls "$tmp/usb" | wc -l)
# Issue 19.7: no database backup leaves the kiosk unless it can be sealed to
# the bureau's key (none here): the stick holds the two bundles only.
[ "$n" = 2 ] && echo "PASS two files on the drive, no backup" || { echo "FAIL expected 2 files in usb, got $n: $(ls "$tmp/usb")"; fail=1; }
grep -q '"started_ms"\|"ended_ms"\|"duration_ms"' "$tmp"/usb/*.json && { echo "FAIL times in milliseconds left the kiosk"; fail=1; } \
  || echo "PASS no time to the millisecond in the bundles"
[ -z "$(ls "$tmp/usb" | grep -v -E '\.(json|db\.sealed)$')" ] && echo "PASS no temporary files left" || { echo "FAIL stray files: $(ls "$tmp/usb")"; fail=1; }

# Review 12, item 1: an export while the kiosk runs (it holds run.db.lock,
# here flock(1) stands for it) leaves the questionnaire in progress open and
# says so.  Failed before: it was closed as abandoned ("1 unfinished
# questionnaire(s) ... kept as abandoned") and the kiosk's next save failed.
"$b/tests/test_store_mkdb" "$tmp/run.db" 2 --draft || { echo "FAIL making the database"; exit 1; }
mkdir "$tmp/usb2"
( flock 9 && exec sleep 60 ) 9>"$tmp/run.db.lock" &
holder=$!
for _ in $(seq 100); do flock -n "$tmp/run.db.lock" true || break; sleep 0.05; done
expect "export while the kiosk runs" 0 "junheng-kiosk: 答题机正在运行：只导出已经完成的答卷，正在作答的留给答题机 / the kiosk is running (TMP/run.db.lock is held): exporting finished responses only; the questionnaire in progress stays open and goes into a later export
junheng-kiosk: 已导出 2 份，可以拔出 U 盘了 / exported 2 response(s), seq 1 to 2 (incremental)
  bundle:  TMP/usb2/junheng-K-cli-TIME-incremental-1-2.json
  kiosk:   K-cli, key fingerprint SHA256:KEY" "$kiosk" --db "$tmp/run.db" --export "$tmp/usb2"
st=$(sqlite3 "$tmp/run.db" "SELECT status FROM responses WHERE seq = 3")
[ "$st" = 0 ] && echo "PASS the questionnaire in progress stays open" || { echo "FAIL seq 3 has status '$st', expected 0 (in progress)"; fail=1; }
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# Review rusb4, item 8: a folder this user may not write (EACCES) is not
# write protection.  Run as nobody (root may write anywhere).  Failed
# before: "U 盘不能写入（只读）".
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  mkdir "$tmp/nob" "$tmp/denied"; chmod 755 "$tmp" "$tmp/denied"
  "$b/tests/test_store_mkdb" "$tmp/nob/k.db" 2 || { echo "FAIL making the database"; exit 1; }
  chown -R nobody "$tmp/nob"
  out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$kiosk" --db "$tmp/nob/k.db" --export "$tmp/denied" 2>&1); rc=$?
  [ $rc = 3 ] && [[ "$out" == *"导出失败：没有权限写入这个文件夹（不是写保护）"* ]] && [[ "$out" != *"只读"* ]] \
    && [ -z "$(ls -A "$tmp/denied")" ] && echo "PASS a folder this user may not write: said so, not write protection" \
    || { echo "FAIL a folder this user may not write: exit $rc: $out"; fail=1; }
else
  echo "SKIP a folder this user may not write: needs root and setpriv to run as nobody"
fi
exit $fail
