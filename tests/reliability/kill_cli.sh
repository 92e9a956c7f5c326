#!/bin/bash
# kill_cli.sh [KILLS] - power cuts for the other two writers: `junheng merge`
# and `junheng-kiosk --export`, each killed with SIGKILL at random moments
# (fixed seed) KILLS times (default 20; the suite runs 15, 300 under long).
#   merge:  after every kill the county database passes integrity_check and
#           holds each bundle completely or not at all, every bundle the
#           killed merge reported (it commits several files at once) is
#           stored; running the merge to the end afterwards gives exactly
#           the responses of a clean merge.
#   export: after every kill each bundle on the stick under its final name
#           verifies (no half-written bundle that looks finished), the kiosk
#           database passes integrity_check and records either nothing or the
#           whole export; a last export verifies.  (A killed export may leave
#           a NAME.json.tmp.XXXXXXXXXXXX file behind; merge reads only *.json.)
set -u
kills=${1:-20}
b="$JH_BUILD_DIR"; J="$b/junheng"; K="$b/junheng-kiosk"; F="$b/tests/reliab_forge"
base=${TMPDIR:-/tmp}; [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-killcli.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
RANDOM=8
N_KIOSKS=8 PER=60
mkdir bundles
for k in $(seq 1 $N_KIOSKS); do
  "$F" make "k$k.db" "K-$k" "36070100$(printf %02d "$k")" $PER full bundles >/dev/null || exit 1
done
"$J" merge --county 360701 --db ref.db bundles >/dev/null || { echo "FAIL the reference merge"; exit 1; }
rows() { sqlite3 "$1" "SELECT kiosk_id, seq, uuid, chain FROM responses ORDER BY kiosk_id, seq" | sha256sum; }
REF=$(rows ref.db)
# Milliseconds as the seconds timeout(1) takes: 1234 -> 1.234, 5 -> 0.005.
ms_to_s() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); }
[ "$(ms_to_s 1234) $(ms_to_s 5) $(ms_to_s 999)" = "1.234 0.005 0.999" ] || { echo "FAIL ms_to_s: $(ms_to_s 1234) $(ms_to_s 5) $(ms_to_s 999)"; exit 1; }
ms_of() { local s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
T_MERGE=$(ms_of "$J" merge --county 360701 --db timing.db bundles)
T_EXPORT=$(ms_of "$K" --db k1.db --export bundles --full)
rm -f bundles/junheng-K-1-*T*Z-full-1-$PER-1.* 2>/dev/null

# ---- merge --------------------------------------------------------------------
partial=0 killed=0 reported=0
for i in $(seq 1 "$kills"); do
  delay=$(( RANDOM % (T_MERGE + 5) ))
  # Every other cut hits a merge starting afresh, the others a merge resuming
  # after the previous cut.
  [ $((i % 2)) = 1 ] && rm -f county.db county.db-wal county.db-shm
  # Half the merges commit every two files: the 8 bundles are one group
  # otherwise (up to 64 files a commit), and a kill never finds some
  # stored and others not.
  group=64; [ $((i % 4)) -ge 2 ] && group=2
  ( JH_MERGE_GROUP=$group timeout --foreground -s KILL "$(ms_to_s "$delay")" "$J" merge --county 360701 --db county.db bundles \
      >out.txt 2>&1 ) 2>/dev/null
  rc=$?; [ $rc -eq 124 ] || [ $rc -eq 137 ] && killed=$((killed + 1))
  ic=$(sqlite3 county.db "PRAGMA integrity_check" 2>&1)
  [ "$ic" = ok ] || { echo "FAIL merge kill $i: integrity_check: $ic"; fail=1; break; }
  bad=$(sqlite3 county.db "SELECT kiosk_id || ':' || count(*) FROM responses GROUP BY kiosk_id HAVING count(*) != $PER" 2>/dev/null)
  [ -z "$bad" ] || { echo "FAIL merge kill $i: a bundle was merged in part: $bad"; fail=1; }
  # each line of the merge names its file junheng-KIOSK-...: reported = stored
  for k in $(grep -o 'junheng-K-[0-9]*-' out.txt | sed 's/^junheng-//; s/-$//' | sort -u); do
    reported=$((reported + 1))
    [ "$(sqlite3 county.db "SELECT count(*) FROM responses WHERE kiosk_id = '$k'")" = $PER ] ||
      { echo "FAIL merge kill $i: $k was reported merged but is not stored"; fail=1; }
  done
  # (a merge killed before it made its tables leaves an empty file)
  n=$(sqlite3 county.db "SELECT count(DISTINCT kiosk_id) FROM responses" 2>/dev/null)
  [ "${n:-0}" -gt 0 ] && [ "$n" -lt $N_KIOSKS ] && partial=$((partial + 1))
done
"$J" merge --county 360701 --db county.db bundles >/dev/null || { echo "FAIL the merge after the kills"; fail=1; }
# (over 100 kills some must land between two commits of a merge)
[ "$kills" -lt 100 ] || [ $partial -gt 0 ] || { echo "FAIL merge: no kill found some bundles stored and others not"; fail=1; }
[ "$(rows county.db)" = "$REF" ] && echo "PASS merge: $kills kills ($killed during the run, $partial of them with some bundles merged and others not yet; $reported bundles reported before a kill, all stored), then the same responses as a clean merge" \
  || { echo "FAIL merge: the responses differ from a clean merge"; fail=1; }

# ---- export -------------------------------------------------------------------
mkdir usb
killed=0
declare -A verified
for i in $(seq 1 "$kills"); do
  delay=$(( RANDOM % (T_EXPORT + 5) ))
  ( timeout --foreground -s KILL "$(ms_to_s "$delay")" "$K" --db k2.db --export usb --full >/dev/null 2>&1 ) 2>/dev/null
  rc=$?; [ $rc -eq 124 ] || [ $rc -eq 137 ] && killed=$((killed + 1))
  for f in usb/*.json; do
    [ -e "$f" ] && [ -z "${verified[$f]:-}" ] || continue
    v=$("$F" verify "$f")
    [ "$v" = ok ] && verified[$f]=1 || { echo "FAIL export kill $i: $f does not verify: $v"; fail=1; }
  done
  ic=$(sqlite3 k2.db "PRAGMA integrity_check" 2>&1)
  [ "$ic" = ok ] || { echo "FAIL export kill $i: kiosk integrity_check: $ic"; fail=1; break; }
  rec=$(sqlite3 k2.db "SELECT count(*) FROM exports WHERE last_seq != $PER")
  [ "$rec" = 0 ] || { echo "FAIL export kill $i: an export was recorded in part"; fail=1; }
  # every recorded export's bundle is on the stick and verifies
  while read -r p; do
    [ -n "$p" ] && [ -z "${verified[$p]:-}" ] || continue
    [ "$("$F" verify "$p")" = ok ] && verified[$p]=1 || { echo "FAIL export kill $i: recorded $p is missing or bad"; fail=1; }
  done < <(sqlite3 k2.db "SELECT path FROM exports")
done
out=$("$K" --db k2.db --export usb --full 2>&1) || { echo "FAIL the export after the kills: $out"; fail=1; }
last=$(ls -t usb/*.json | head -1)
[ "$("$F" verify "$last")" = ok ] && echo "PASS export: $kills kills ($killed during the run), every bundle on the stick verifies" \
  || { echo "FAIL export: the last bundle does not verify"; fail=1; }
exit $fail
