#!/bin/bash
# Kiosk to bureau: the kiosk answers the parent and teacher questionnaires
# from replays (as a person would; one parent leaves a complete
# questionnaire at the summary: submitted by timeout), exports without a
# window, and the bundle reader verifies the bundle and returns exactly the
# answers stored in the kiosk's database; merged and counted by the bureau
# tool, the timeout counts as submitted.
set -u
b="$JH_BUILD_DIR"
kiosk="$b/junheng-kiosk"
if [ ! -x "$kiosk" ]; then echo "SKIP: $kiosk not built"; exit 77; fi
if ! command -v sqlite3 >/dev/null; then echo "SKIP: the sqlite3 command is not installed"; exit 77; fi
export SDL_VIDEODRIVER=dummy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jh-store-e2e-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir "$tmp/usb"
for c in parent_full teacher_full; do
  "$kiosk" --db "$tmp/kiosk.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --size 1280x800 \
    --replay "$JH_SOURCE_DIR/tests/ui/$c.replay" >"$tmp/$c.log" 2>&1 ||
    { echo "FAIL replay $c:"; cat "$tmp/$c.log"; exit 1; }
done
"$kiosk" --db "$tmp/kiosk.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --size 1280x800 --idle-seconds 30 \
  --replay "$JH_SOURCE_DIR/tests/ui/summary_timeout.replay" >"$tmp/timeout.log" 2>&1 ||
  { echo "FAIL replay summary_timeout:"; cat "$tmp/timeout.log"; exit 1; }
# No school code yet: the export says what is missing.
"$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb" --full >"$tmp/export.log" 2>&1
rc=$?
if [ $rc = 3 ] && grep -q "school code is not set" "$tmp/export.log"; then
  echo "PASS export refused without a school code"
else
  echo "FAIL expected the export to need a school code (exit $rc):"; cat "$tmp/export.log"; fail=1
fi
# (the admin would set it in kiosk.conf; here directly in the database)
sqlite3 "$tmp/kiosk.db" "INSERT INTO settings(key, value) VALUES ('school_code', '3612345678')"
"$kiosk" --db "$tmp/kiosk.db" --export "$tmp/usb" --full >"$tmp/export.log" 2>&1 ||
  { echo "FAIL export:"; cat "$tmp/export.log"; exit 1; }
bundle=$(ls "$tmp"/usb/*.json)
got=$("$b/tests/test_bundle_dump" "$bundle") || { echo "FAIL the bundle does not verify: $got"; exit 1; }
want=$(sqlite3 -separator ' ' "$tmp/kiosk.db" \
  "SELECT r.seq, CASE r.status WHEN 1 THEN CASE r.timed_out WHEN 1 THEN 'submitted_timeout' ELSE 'submitted' END
          ELSE 'abandoned' END, r.role, a.item_id || '=' || a.value
   FROM answers a JOIN responses r USING (seq) ORDER BY r.seq, a.ord")
n=$(sqlite3 "$tmp/kiosk.db" "SELECT count(*) FROM responses WHERE status = 1")
head=$(printf '%s\n' "$got" | head -1)
body=$(printf '%s\n' "$got" | tail -n +2)
if [ "$body" = "$want" ] && [ -n "$want" ]; then
  echo "PASS the bundle holds exactly the $(printf '%s\n' "$want" | wc -l) stored answers of $n questionnaires"
else
  echo "FAIL answers differ"; diff <(printf '%s\n' "$want") <(printf '%s\n' "$body"); fail=1
fi
case "$head" in
  "kind=full kiosk=K-"*" school=3612345678 seq=1..$n submitted=$n abandoned=0 surveys=2") echo "PASS manifest: $head" ;;
  *) echo "FAIL manifest summary: $head"; fail=1 ;;
esac
# The bureau counts the timeout as submitted.
"$b/junheng" merge --county 360701 --db "$tmp/county.db" "$tmp/usb" >"$tmp/merge.log" 2>&1 ||
  { echo "FAIL merge:"; cat "$tmp/merge.log"; exit 1; }
"$b/junheng" stats --db "$tmp/county.db" --out "$tmp/stats" >"$tmp/stats.log" 2>&1 ||
  { echo "FAIL stats:"; cat "$tmp/stats.log"; exit 1; }
resp=$(sqlite3 :memory: "SELECT json_extract(readfile('$tmp/stats/stats.json'), '\$.responses.submitted') || ' ' ||
                                json_extract(readfile('$tmp/stats/stats.json'), '\$.responses.submitted_timeout') || ' ' ||
                                json_extract(readfile('$tmp/stats/stats.json'), '\$.responses.abandoned')")
if [ "$resp" = "3 1 0" ]; then
  echo "PASS stats.json: 3 submitted, of them 1 submitted by timeout, 0 abandoned"
else
  echo "FAIL stats.json responses (submitted, submitted_timeout, abandoned): expected 3 1 0, got '$resp'"; fail=1
fi
exit $fail
