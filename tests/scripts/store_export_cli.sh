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
junheng-kiosk: exported 4 response(s), seq 1 to 4 (full)
  bundle:  TMP/usb/junheng-K-cli-TIME-full-1-4.json
  backup:  TMP/usb/junheng-K-cli-TIME-full-1-4.db
  kiosk:   K-cli, key fingerprint SHA256:KEY" "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb" --full

expect "nothing new" 0 "junheng-kiosk: nothing new to export: every finished response (up to seq 4) was exported before; use --full to export everything again" \
  "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb"

"$b/tests/test_store_mkdb" "$tmp/kiosk.db" 2 || { echo "FAIL adding to the database"; exit 1; }
expect "incremental export" 0 "junheng-kiosk: exported 2 response(s), seq 5 to 6 (incremental)
  bundle:  TMP/usb/junheng-K-cli-TIME-incremental-5-6.json
  backup:  TMP/usb/junheng-K-cli-TIME-incremental-5-6.db
  kiosk:   K-cli, key fingerprint SHA256:KEY" "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb"

expect "missing database" 3 "junheng-kiosk: TMP/nope.db: no such database (check the --db path)" \
  "$kiosk" --db "$tmp/nope.db" --export "$tmp/usb"

expect "missing folder" 3 "junheng-kiosk: export failed: TMP/stick: the export folder does not exist (is the USB drive plugged in and mounted?)" \
  "$kiosk" --db "$tmp/kiosk.db" --export "$tmp/stick"

n=$(ls "$tmp/usb" | wc -l)
[ "$n" = 4 ] && echo "PASS four files on the drive" || { echo "FAIL expected 4 files in usb, got $n"; fail=1; }
[ -z "$(ls "$tmp/usb" | grep -v -E '\.(json|db)$')" ] && echo "PASS no temporary files left" || { echo "FAIL stray files: $(ls "$tmp/usb")"; fail=1; }
exit $fail
