#!/bin/bash
# The bureau commands when something happens meanwhile (an outside review,
# session 16): a USB stick pulled in the middle of a merge, too few file
# descriptors, output into a closed pipe, folder links that loop, two
# commands writing the same folder, files that are not files.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-conc.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
cd "$t" || exit 1
gen() { "$b/tests/stats_gen" "$@" || { echo "FAIL stats_gen $*" >&2; exit 1; }; }
rejected_rows() { sqlite3 "$1" "SELECT count(*) FROM imports WHERE verdict = 'rejected'"; }

# -- 1. the stick pulled after the listing: the files not read are an I/O
# error (exit 3, a hint), never "rejected" rows in the import log; the
# same merge again from the stick merges them
mkdir -p keep usb
gen k0.db K-0 3607010001 primary urban 2 1 1 keep full >/dev/null
for i in 1 2 3 4; do gen k$i.db K-$i 360701000$i primary urban 2 1 $((i + 1)) usb full >/dev/null; done
JH_MERGE_WORKERS=0 JH_MERGE_TEST_LISTED_PAUSE_MS=3000 "$J" merge --county 360701 --db pull.db keep usb >pull.out 2>pull.err &
pid=$!
sleep 1.5
mv usb usb-again
wait $pid; rc=$?
n_unread=$(grep -c '^unread .*No such file or directory' pull.out)
[ $rc -eq 3 ] && [ "$n_unread" = 4 ] && grep -q '^imported .*keep/' pull.out && ! grep -q '^rejected' pull.out \
  && [ "$(rejected_rows pull.db)" = 0 ] && grep -q 'USB drive removed' pull.err \
  && ok "stick pulled mid-merge: 4 files unread (exit 3, a hint), none logged as rejected" \
  || bad "stick pulled mid-merge: exit $rc, $n_unread unread, $(rejected_rows pull.db) rejected rows: $(cat pull.out pull.err)"
mv usb-again usb
out=$("$J" merge --county 360701 --db pull.db keep usb 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c '^imported')" = 4 ] \
  && ok "the same merge again merges the 4 files (exit 0)" || bad "merge again: exit $rc: $out"
# too few file descriptors: the files are not rejected either (the limit
# where opening the bundles fails but the database opens).  Which open
# meets the limit first depends on the reader threads: a bundle (listed as
# unread, the hint) or a file SQLite opens beside the database (the step is
# not stored, the message says why, not "check that it exists").  Both are
# I/O errors (exit 3) that name the cause; the same merge with the limit
# back merges everything.
fds_seen=""
for w in 0 1 2; do
  for n in 5 6 7 8; do
    rm -f fd.db fd.db-*
    out=$(ulimit -n $n; JH_MERGE_WORKERS=$w "$J" merge --county 360701 --db fd.db usb 2>&1); rc=$?
    [ $rc -eq 0 ] && continue
    if [[ "$out" == *"Too many open files: run the same merge again"* ]]; then kind=unread
    elif [[ "$out" == *"too many open files ("*"run the same command again"* ]]; then kind=database
    else bad "too many open files (workers $w, limit $n): exit $rc, the cause not named: $out"; continue; fi
    if [ $rc -eq 3 ] && ! [[ "$out" == *rejected\ \ * ]] && [ "$(rejected_rows fd.db 2>/dev/null || echo 0)" = 0 ] \
      && ! [[ "$out" == *"USB drive removed"* ]] && ! [[ "$out" == *"check that it exists"* ]]; then
      [[ " $fds_seen " == *" $kind "* ]] || fds_seen="$fds_seen $kind"
      again=$("$J" merge --county 360701 --db fd.db usb 2>&1); arc=$?
      [ $arc -eq 0 ] && [ "$(sqlite3 fd.db 'SELECT count(*) FROM responses')" = 12 ] \
        || bad "too many open files (workers $w, limit $n): the same merge again: exit $arc: $again"
    else
      bad "too many open files (workers $w, limit $n, $kind): exit $rc, $(rejected_rows fd.db) rejected rows: $out"
    fi
  done
done
[ -n "$fds_seen" ] && ok "too many open files: an I/O error (exit 3) naming the cause, nothing logged as rejected, the same merge again merges all (met:$fds_seen)" \
  || ok "too many open files: not met here"

# -- 2. a merge piped into a reader that quits early (head, less): it is
# not killed half-way (SIGPIPE, exit 141, bundles not merged): it merges
# everything, keeps its exit status and says on stderr what happened
mkdir -p many
for i in $(seq 1 1000); do : > "many/notes-$i-of-a-school-with-a-rather-long-file-name.txt"; done
cp usb/*.json many/
"$J" merge --county 360701 --db pipe.db many 2>pipe.err | true; rc=${PIPESTATUS[0]}
n=$(sqlite3 pipe.db "SELECT count(*) FROM imports WHERE verdict = 'imported'" 2>/dev/null)
[ $rc -eq 0 ] && [ "$n" = 4 ] && grep -q 'closed it early' pipe.err \
  && ok "merge | a reader that quits: all 4 bundles merged, exit 0, a note on stderr" \
  || bad "merge | a reader that quits: exit $rc, $n imported: $(cat pipe.err)"
# a full disk stays an error of the output (exit 3)
"$J" merge --county 360701 --db pipe.db many >/dev/full 2>full.err; rc=$?
[ $rc -eq 3 ] && grep -q 'No space left' full.err && ok "merge >/dev/full: exit 3" || bad "merge >/dev/full: exit $rc: $(cat full.err)"

# -- 3. links to folders on a stick are not followed (`a -> .` listed the
# stick again at every depth, a link to / walked the whole disk)
mkdir -p loop/sub
cp usb/*.json loop/sub/
ln -s . loop/a; ln -s . loop/b; ln -s / loop/sub/root
out=$(timeout 60 "$J" merge --county 360701 --recursive --db loop.db loop 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c '^imported')" = 4 ] && [ "$(echo "$out" | grep -c '^unchanged')" = 0 ] \
  && [ "$(echo "$out" | grep -c 'a link to a folder: not followed')" = 3 ] \
  && ok "merge --recursive: 3 links to folders listed as not followed, the 4 bundles merged once" \
  || bad "merge --recursive with looping links: exit $rc: $(echo "$out" | head -20)"
out=$("$J" merge --county 360701 --db loop.db loop/a 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c '^unchanged')" = 4 ] \
  && ok "a folder link named on the command line is followed" || bad "merge loop/a: exit $rc: $out"

# -- 4. two runs writing the same --out folder at once: each set is placed
# whole (the first pauses after moving its first file in: a test seam)
"$J" stats --db pull.db --out refA >/dev/null 2>&1 && "$J" stats --db loop.db --out refB >/dev/null 2>&1 \
  || bad "stats --out of the two databases"
same_set() { # same_set DIR REF: every file of REF, the same (stats.json but its time)
  local f
  for f in "$2"/*; do
    if [ "${f##*/}" = stats.json ]; then
      cmp -s <(grep -v generated_at "$f") <(grep -v generated_at "$1/stats.json") || return 1
    else
      cmp -s "$f" "$1/${f##*/}" || return 1
    fi
  done
}
JH_PLACE_TEST_PAUSE_MS=2000 "$J" stats --db pull.db --out both >a.out 2>&1 &
pid=$!
sleep 1
"$J" stats --db loop.db --out both >b.out 2>&1; rc_b=$?
wait $pid; rc_a=$?
[ $rc_a -eq 0 ] && [ $rc_b -eq 0 ] && same_set both refB \
  && ok "two stats --out into one folder at once: the later run's set, whole" \
  || bad "two stats --out at once: exit $rc_a/$rc_b, $(same_set both refA && echo "the first run's set" || echo "a mixed set")"

# -- 6. a file a person names that is not a file: a pipe is never waited on,
# /dev/zero never read until memory runs out; the kind is named
mkfifo fifo.csv fifo.json
"$J" round --db c.db --open 2026 --since 2026-01-01 >/dev/null 2>&1 || bad "round --open c.db"
# (a bureau key pair, created by the first pack)
mkdir -p pack0 pack rep
"$J" kiosk-pack --key bureau.key --county 360701 --schools "$src/tests/eval/register.csv" --out pack0 \
  "$src/data/surveys/parent.json" >/dev/null 2>&1 && [ -s bureau.key ] || bad "kiosk-pack making the key"
for spec in "county --db c.db @" "merge --db c.db --keys @" "surveys --db c.db @" "check @" \
            "rectify --db c.db --load @" "report --stats-json @ --out rep" \
            "kiosk-pack --key bureau.key --county 360701 --schools @ --out pack $src/data/surveys/parent.json" \
            "kiosk-pack --key bureau.key --county 360701 --schools $src/tests/eval/register.csv --out pack @" \
            "unseal --key bureau.key @ --out u.db"; do
  for input in fifo.json /dev/zero; do
    [[ "$spec" == *--schools\ @* || "$spec" == county* || "$spec" == rectify* ]] && [ $input = fifo.json ] && input=fifo.csv
    cmd=${spec/@/$input}
    out=$(timeout 20 $J $cmd 2>&1); rc=$?
    want="is a pipe (FIFO), not a file"; [ $input = /dev/zero ] && want="/dev/zero: is a device, not a file"
    [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $rc -lt 128 ] && [[ "$out" == *"$want"* ]] \
      && ok "$cmd: refused at once (exit $rc)" || bad "$cmd: exit $rc: $(echo "$out" | head -3)"
  done
done

# -- 7. past the file size limit (ulimit -f): the message of a full disk,
# exit 3, the older files kept (before: killed by SIGXFSZ, exit 153, silent)
"$J" stats --db pull.db --out fsz >/dev/null 2>&1 || bad "stats --out fsz"
before=$(cat fsz/*.csv | sha256sum)
out=$(ulimit -f 48; "$J" stats --db pull.db --out fsz 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"the target is full"* ]] && [ "$(cat fsz/*.csv | sha256sum)" = "$before" ] \
  && ok "stats --out past ulimit -f: 'the target is full', exit 3, older files kept" \
  || bad "stats --out past ulimit -f: exit $rc: $out"

# the message names the file where it was going (fsz/stats.json), not the
# run's temporary folder, which is gone (fsz/.junheng-stats-XXXXXX/stats.json)
[[ "$out" == *"fsz/"* ]] && ! [[ "$out" == *".junheng-"* ]] && ok "stats: the full disk's message names fsz/..., not the temporary folder" \
  || bad "stats: the full disk's message: $out"
mkdir -p rep2
out=$(ulimit -f 48; "$J" report --db pull.db --out rep2 --no-pdf 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"the target is full"* ]] && [[ "$out" == *"rep2/"* ]] && ! [[ "$out" == *".junheng-"* ]] \
  && ok "report: the full disk's message names rep2/..., not the temporary folder" \
  || bad "report on a full disk: exit $rc: $out"

# what kiosk-pack and unseal stopped by Ctrl-C leave (NAME.tmp.XXXXXXXXXXXX)
# is removed by the next run; other files are not touched
touch pack0/junheng-county-pack.json.tmp.0123456789ab pack0/notes.tmp.0123456789ab u.db.tmp.0123456789ab
"$J" kiosk-pack --key bureau.key --county 360701 --schools "$src/tests/eval/register.csv" --out pack0 \
  "$src/data/surveys/parent.json" >/dev/null 2>&1 || bad "kiosk-pack again"
"$J" unseal --key bureau.key fifo.json --out u.db >/dev/null 2>&1
[ ! -e pack0/junheng-county-pack.json.tmp.0123456789ab ] && [ ! -e u.db.tmp.0123456789ab ] && [ -e pack0/notes.tmp.0123456789ab ] \
  && ok "kiosk-pack and unseal remove what a stopped run left, only that" \
  || bad "left over: $(ls pack0 u.db.tmp.* 2>/dev/null | tr '\n' ' ')"

# -- a file of a folder that cannot be read while listing (on a stick EIO,
# EMFILE; here an open made to fail with EIO) is unread (exit 3, the hint,
# its own column in the summary), not "skipped" with exit 0; a file gone
# from a folder still there (a dangling link: ENOENT) is only skipped, and
# so is a link that loops (ELOOP: no file, so no bundle; plugging the stick
# in again would not help: review rmerge4, item 6); a rejected bundle after
# an unread file does not lower exit 3 to 1
PRE="$b/tests/libfault_preload.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir -p lsd
ln -s lsd-loop lsd/lsd-loop; ln -s nowhere lsd/gone.json; echo '{}' > lsd/junheng-io.json
out=$(env LD_PRELOAD="$PRE" JH_FAULT_OPEN=lsd/junheng-io.json "$J" merge --county 360701 --db lsd.db lsd 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"unread     lsd/junheng-io.json: cannot be read: Input/output error"* ]] \
  && [[ "$out" == *"skipped    lsd/gone.json: cannot be read"* ]] && [[ "$out" == *"USB drive removed"* ]] \
  && [[ "$out" == *"skipped    lsd/lsd-loop: a link that loops"* ]] \
  && ok "merge: a file that cannot be read while listing is unread (exit 3, the hint)" \
  || bad "merge of a folder with an unreadable file: exit $rc: $out"
cp usb/*.json lsd/; echo '{}' > lsd/junheng-zz-broken.json
out=$(env LD_PRELOAD="$PRE" JH_FAULT_OPEN=lsd/junheng-io.json "$J" merge --county 360701 --db lsd.db lsd 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"rejected   lsd/junheng-zz-broken.json"* ]] \
  && [[ "$out" == *"merge: 6 bundles: 4 imported, 0 unchanged, 0 with conflicts, 1 rejected, 1 unread;"* ]] \
  && ok "merge: unread and rejected: exit 3, the unread counted in the summary" \
  || bad "merge with an unread file and a rejected bundle: exit $rc: $out"

# -- a folder that cannot be opened or listed to its end while listing
# (an I/O error on the stick: EIO; no permission: EACCES) is unread - exit 3,
# the hint, nothing logged as rejected - not "skipped" with exit 0: bundles
# in it may be missing.  Faults from tests/faults/fault_preload.c.
PRE="$b/tests/libfault_preload.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir -p dirs/sub
gen kd0.db K-D0 3607010001 primary urban 2 1 7 dirs full >/dev/null
gen kd1.db K-D1 3607010002 primary urban 2 1 8 dirs/sub full >/dev/null
for how in "JH_FAULT_OPENDIR=dirs/sub\$|cannot read the folder: Input/output error" \
           "JH_FAULT_READDIR=dirs/sub\$|cannot read the folder: Input/output error" \
           "JH_FAULT_OPENDIR=dirs/sub\$ JH_FAULT_DIR_ERRNO=13|cannot read the folder (permissions?): bundles in it may be missing"; do
  fault=${how%%|*} want=${how#*|}
  rm -f dirs.db
  out=$(env LD_PRELOAD="$PRE" $fault "$J" merge --county 360701 --recursive --db dirs.db dirs 2>&1); rc=$?
  [ $rc -eq 3 ] && [[ "$out" == *"unread     dirs/sub: $want"* ]] && [[ "$out" == *"imported   dirs/junheng-"* ]] \
    && [[ "$out" == *"could not be read"*"(listed above as unread): bundles in it may be missing"* ]] \
    && ! grep -q '^rejected' <<<"$out" && [ "$(rejected_rows dirs.db)" = 0 ] \
    && [[ "$out" == *"merge: 1 bundle: 1 imported,"* ]] && [[ "$out" != *"file could not be read"* ]] \
    && ok "merge --recursive, $fault: the sub-folder unread (exit 3, a folder's hint, not counted as a bundle)" \
    || bad "merge --recursive, $fault: exit $rc: $out"
  # re-plugging the stick cures an I/O error, not a lack of permission
  if [[ $fault == *ERRNO=13* ]]; then
    [[ "$out" == *"for lack of permission"* ]] && [[ "$out" != *"Plug it in again"* ]] \
      && ok "merge: a folder without permission: the hint says so, not to plug the stick in again" \
      || bad "merge: a folder without permission, the hint: $out"
  fi
done
# An ext4 stick's lost+found (root's, 0700) is the file system's own: a
# kiosk never writes there; not readable, it is skipped with a note, and a
# merge of everything else on the stick exits 0.
mkdir -p dirs/lost+found
rm -f dirs-lf.db
out=$(env LD_PRELOAD="$PRE" JH_FAULT_OPENDIR='dirs/lost+found$' JH_FAULT_DIR_ERRNO=13 "$J" merge --county 360701 --db dirs-lf.db dirs 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"skipped    dirs/lost+found: the file system's own folder (lost+found)"* ]] \
  && [[ "$out" == *"imported   dirs/sub/junheng-"* ]] \
  && ok "merge: an unreadable lost+found skipped with a note, exit 0" || bad "merge with lost+found: exit $rc: $out"
out=$(env LD_PRELOAD="$PRE" JH_FAULT_OPENDIR='dirs/lost+found$' "$J" merge --county 360701 --db dirs-lf2.db dirs 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"unread     dirs/lost+found: cannot read the folder: Input/output error"* ]] \
  && ok "merge: lost+found with an I/O error is still unread (exit 3)" || bad "merge, lost+found EIO: exit $rc: $out"
rmdir dirs/lost+found
out=$(env LD_PRELOAD="$PRE" JH_FAULT_OPENDIR='dirs$' "$J" merge --county 360701 --db dirs-top.db dirs 2>&1); rc=$?
[ $rc -eq 3 ] && [[ "$out" == *"unread     dirs: cannot read the folder: Input/output error"* ]] \
  && ok "merge of a folder that cannot be opened: unread, exit 3" || bad "merge of an unopenable folder: exit $rc: $out"
out=$("$J" merge --county 360701 --recursive --db dirs.db dirs 2>&1); rc=$?
[ $rc -eq 0 ] && [[ "$out" == *"imported   dirs/sub/junheng-"* ]] \
  && ok "merge again once the folder reads: the sub-folder's bundle merged" || bad "merge again: exit $rc: $out"

# -- no memory to read a bundle (ulimit -v) is unread (exit 3), not an
# abort (exit 134) that leaves the other bundles unmerged; unseal says so
# too (exit 3).  (Not under ASan: it reserves more address space.)
if ldd "$J" 2>/dev/null | grep -q asan || nm "$J" 2>/dev/null | grep -q __asan_init; then
  ok "no memory: not met under ASan"
else
  printf '{' > junheng-big.json; truncate -s 300M junheng-big.json
  out=$(ulimit -v 200000; "$J" merge --county 360701 --max-size 1000 --db nm.db junheng-big.json 2>&1); rc=$?
  [ $rc -eq 3 ] && [[ "$out" == *"unread     junheng-big.json: not enough memory to read it"* ]] \
    && ok "merge: no memory to read a bundle: unread, exit 3" || bad "merge with no memory: exit $rc: $out"
  out=$(ulimit -v 200000; "$J" unseal --key bureau.key junheng-big.json --out nm-u.db 2>&1); rc=$?
  [ $rc -eq 3 ] && [[ "$out" == *"not enough memory"* ]] && [ ! -e nm-u.db ] \
    && ok "unseal: no memory: exit 3, a message" || bad "unseal with no memory: exit $rc: $out"
  rm -f junheng-big.json
fi

# -- a command whose product is its output (template) into a reader gone
# already: exit 3 (the output is lost), not 0
exec {w}> >(:); sleep 0.3
"$J" template schools >&$w 2>tpl.err; rc=$?
exec {w}>&-
[ $rc -eq 3 ] && grep -q 'output is incomplete' tpl.err \
  && ok "template into a closed pipe: exit 3" || bad "template into a closed pipe: exit $rc: $(cat tpl.err)"
# ... and so do the other commands whose whole product is their output
# (check, round's list, rectify's status, province and stats without --out,
# surveys' list, merge --dry-run): into a closed pipe or a full disk, exit 3
for cmd in "check --no-font-check $src/data/surveys/parent.json" "round --db pull.db" "rectify --db pull.db" \
           "province --db prov.db pull.db" "stats --db pull.db" "surveys --db pull.db" \
           "merge --dry-run --db pull.db usb-again" "template county"; do
  exec {w}> >(:); sleep 0.3
  $J $cmd >&$w 2>lost.err; rc=$?
  exec {w}>&-
  [ $rc -eq 3 ] && grep -q 'output is incomplete' lost.err \
    && ok "$cmd into a closed pipe: exit 3" || bad "$cmd into a closed pipe: exit $rc: $(cat lost.err)"
  $J $cmd >/dev/full 2>lost.err; rc=$?
  [ $rc -eq 3 ] && grep -q 'No space left on device' lost.err \
    && ok "$cmd > /dev/full: exit 3" || bad "$cmd > /dev/full: exit $rc: $(cat lost.err)"
done
# a command whose output only comments on work done keeps its status
exec {w}> >(:); sleep 0.3
$J merge --county 360701 --db pull.db usb-again >&$w 2>lost.err; rc=$?
exec {w}>&-
[ $rc -ne 3 ] && grep -q "ran to its end (exit status $rc)" lost.err \
  && ok "merge into a closed pipe: its status stands ($rc)" || bad "merge into a closed pipe: exit $rc: $(cat lost.err)"

exit $fail
