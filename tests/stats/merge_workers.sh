#!/bin/bash
# A merge with worker threads (issue 20) against one without: the same
# files merged with JH_MERGE_WORKERS=0 (the writer prepares each file
# itself), 2 and 3, and in groups of two files with 0 to 3 workers (the
# workers that run while a group's commit waits for the disk), must print
# the same outcome messages, exit the same
# and leave the same database (every table and column but the times of
# import and pinning).  The files: two kiosks' full and incremental
# bundles, a copy of one of them (a repeat), a bundle with an edited answer
# (forged), a truncated one, one from another county, a forked history
# (quarantined), and more bundles than the workers read ahead; the same
# database as county_merge_files without group commit, and as the per-row
# insert (JH_MERGE_BATCH=0) with bundles of 16, 17 and 33 responses, one
# overlapping stored rows and a fork of 20; the committer thread against
# the writer committing itself, and a commit that fails; the spare worker
# (JH_MERGE_SPARE) alone and beside workers.  Then the
# re-merge of all of them (the worker connections' repeat lookup), and a
# merge stopped by its callback and one stopped by a database error after
# the fifth file (tests/merge_workers.c): the files prepared ahead are
# neither merged nor leaked.  Last, a kiosk without a county code merged
# again after the county's code was set: warned every time, with any number
# of workers, dry run too.
set -u
b="$JH_BUILD_DIR"; J="$b/junheng"; H="$b/tests/merge_workers"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-merge-workers.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
gen() { "$b/tests/stats_gen" "$@" || { echo "FAIL stats_gen $*" >&2; exit 1; }; }
check() { # check DESC CONDITION...
  local desc=$1; shift
  if "$@"; then echo "PASS $desc"; else echo "FAIL $desc"; fail=1; fi
}
# Every table, every column but the wall-clock times, in rowid order; of
# the uuid marks (schema 9) only the kiosks that hold some: the marks hang
# on each database's own secret, and so does how many of them two
# overlapping imports share (tests/reliability/copies.sh checks what they do).
dump() {
  python3 - "$1" <<'PY'
import re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
    cols = [r[1] for r in db.execute("PRAGMA table_info(%s)" % t)
            if not re.fullmatch(r"(imported|pinned|created|merged|loaded)_(ms|at)", r[1])]
    order = "rowid" if db.execute("SELECT 1 FROM sqlite_master WHERE name=? AND sql LIKE '%WITHOUT ROWID%'", (t,)).fetchone() is None else "1"
    where = ""
    if t == "uuid_marks":
        cols, order = ["DISTINCT kiosk_id"], "1"
    if t == "meta":
        where = " WHERE key <> 'uuid_mark_key'"
    print("==", t, cols)
    for row in db.execute("SELECT %s FROM %s%s ORDER BY %s" % (", ".join(c if " " in c else '"%s"' % c for c in cols),
                                                               t, where, order)):
        print(repr(row))
PY
}

mkdir -p in
A=$(gen a.db K-A 3607010001 primary urban 3 1 1 in full)
A2=$(gen a.db K-A 3607010001 primary urban 2 1 11 in incremental)
B=$(gen b.db K-B 3607010002 primary town 2 1 2 in full)
C=$(gen c.db K-C 3607010003 primary rural 2 2 3 in full)
D=$(gen d.db K-D 3607010004 primary urban 1 1 4 in full)
E=$(gen e1.db K-E 3607010005 primary urban 2 0 5 in full)
sqlite3 e1.db ".backup e2.db" && cp e1.db.key e2.db.key
E1=$(gen e1.db K-E 3607010005 primary urban 2 0 6 in incremental)
mkdir -p in/fork
E2=$(gen e2.db K-E 3607010005 primary urban 2 0 7 in/fork incremental)
X=$(JH_GEN_COUNTY=110101 gen x.db K-X 1101010001 primary urban 2 0 8 in full)
F=$(gen f.db K-F 3607010006 primary urban 2 1 9 in full)
G=$(gen g.db K-G 3607010007 primary urban 1 1 10 in full)
# The writer inserts a bundle whose seqs are all free 16 rows to a
# statement (county_merge.c); these sizes end a batch exactly, one row
# after it and at once (16, 17, 33).  K-K's incremental bundle (seq 6-25)
# comes first, then a full one (seq 1-26) that overlaps it: stored rows,
# per-row path.  K-L forks after seq 10 with 20 responses each side.
H16=$(gen h.db K-H 3607010008 primary urban 10 6 12 in full)
I17=$(gen i.db K-I 3607010009 primary urban 10 7 13 in full)
J33=$(gen j.db K-J 3607010010 primary urban 20 13 14 in full)
mkdir -p in/first-k in/fork-l
gen k.db K-K 3607010011 primary urban 5 0 15 in/first-k full >/dev/null
K2=$(gen k.db K-K 3607010011 primary urban 12 8 16 in incremental)
K3=$(gen k.db K-K 3607010011 primary urban 1 0 17 in full)
L=$(gen l1.db K-L 3607010012 primary urban 6 4 18 in full)
sqlite3 l1.db ".backup l2.db" && cp l1.db.key l2.db.key
L1=$(gen l1.db K-L 3607010012 primary urban 12 8 19 in incremental)
L2=$(gen l2.db K-L 3607010012 primary urban 12 8 20 in/fork-l incremental)
cp "$A" in/copy-of-a.json
python3 - "$B" in/junheng-K-B-edited.json <<'PY'
import sys
t = open(sys.argv[1]).read()
i = t.index('"responses"')
j = t.index('"satisfied"', i)
open(sys.argv[2], "w").write(t[:j] + '"dissatisfied"' + t[j + len('"satisfied"'):])
PY
head -c 700 "$C" > in/junheng-K-C-truncated.json
FILES=("$A" "$B" in/junheng-K-B-edited.json "$C" in/copy-of-a.json "$D" in/junheng-K-C-truncated.json "$E" "$X"
       "$A2" "$E1" "$E2" "$F" "$G" "$H16" "$I17" "$J33" "$K2" "$K3" "$L" "$L1" "$L2")
echo "files: ${FILES[*]}"

run_all() { # run_all TAG: merges FILES into w$N.db for each worker count
  for n in 0 2 3; do
    JH_MERGE_WORKERS=$n "$J" merge --county 360701 --db "w$n.db" "${FILES[@]}" > "$1.$n.out" 2>&1; echo "exit $?" >> "$1.$n.out"
    dump "w$n.db" > "$1.$n.dump"
  done
}
run_all first
check "the merge rejected the edited, truncated and foreign bundles and quarantined the fork" \
  bash -c "grep -c '^rejected' first.0.out | grep -qx 3 && grep -q '^conflicts.*K-E' first.0.out && grep -q 'was edited' first.0.out"
check "the copy of a bundle merged as unchanged" grep -q "^unchanged *in/copy-of-a.json" first.0.out
check "rows stored: $(sqlite3 w0.db 'SELECT count(*) FROM responses') responses, $(sqlite3 w0.db 'SELECT count(*) FROM quarantine') quarantined, $(sqlite3 w0.db 'SELECT count(*) FROM imports') log rows" \
  [ "$(sqlite3 w0.db 'SELECT count(*) FROM quarantine')" -gt 0 ]
for n in 2 3; do
  check "workers=$n: the same messages and exit status as one thread" cmp -s first.0.out "first.$n.out"
  check "workers=$n: the same database as one thread" cmp -s first.0.dump "first.$n.dump"
done
check "K-K's full bundle overlapping its incremental one: 6 new, 20 duplicates" \
  grep -q "^imported *$K3.*6 new, 20 already there" first.0.out
check "K-L's fork: its second history quarantined" grep -q "^conflicts *$L2" first.0.out
# The batched insert against the per-row path (JH_MERGE_BATCH=0): the
# same messages, exit status and database.
JH_MERGE_BATCH=0 "$J" merge --county 360701 --db rows.db "${FILES[@]}" > rows.out 2>&1; echo "exit $?" >> rows.out
dump rows.db > rows.dump
check "every row by the per-row path: the same messages and exit status" cmp -s first.0.out rows.out
check "every row by the per-row path: the same database" cmp -s first.0.dump rows.dump
check "the batched rows are there: $(sqlite3 w0.db "SELECT count(*) FROM responses WHERE kiosk_id IN ('K-H','K-I','K-J')") of 66" \
  [ "$(sqlite3 w0.db "SELECT count(*) FROM responses WHERE kiosk_id IN ('K-H','K-I','K-J')")" = 66 ]
# Many groups of two files (JH_MERGE_GROUP=2): at each group's commit one
# more worker prepares files while the writer waits for the fsync; with
# any number of workers the same messages, exit status and database.
for n in 0 1 2 3; do
  JH_MERGE_GROUP=2 JH_MERGE_WORKERS=$n "$J" merge --county 360701 --db "g$n.db" "${FILES[@]}" > "groups.$n.out" 2>&1
  echo "exit $?" >> "groups.$n.out"
  dump "g$n.db" > "groups.$n.dump"
  check "groups of two, workers=$n: the same messages and exit status as one group" cmp -s first.0.out "groups.$n.out"
  check "groups of two, workers=$n: the same database as one group" cmp -s first.0.dump "groups.$n.dump"
done
# The committer thread (the group's COMMIT on a thread of its own while the
# writer prepares files; county_merge.c) against the writer committing
# itself (JH_MERGE_COMMITTER=0), and with the smallest window (the writer
# then waits in most commits for room): the same messages, exit status
# and database.
for cfg in "0 1 0" "0 2 0" "1 1 2" "1 2 3"; do
  set -- $cfg
  win=(); [ $3 != 0 ] && win=(JH_MERGE_WINDOW=$3)
  env JH_MERGE_GROUP=2 JH_MERGE_COMMITTER=$1 JH_MERGE_WORKERS=$2 "${win[@]}" "$J" merge --county 360701 --db "c$1$2.db" "${FILES[@]}" \
    > "committer.$1$2.out" 2>&1
  echo "exit $?" >> "committer.$1$2.out"
  dump "c$1$2.db" > "committer.$1$2.dump"
  check "committer=$1, workers=$2, window ${3/#0/default}: the same messages and exit status" \
    cmp -s first.0.out "committer.$1$2.out"
  check "committer=$1, workers=$2, window ${3/#0/default}: the same database" cmp -s first.0.dump "committer.$1$2.dump"
done
# A commit that fails (EIO from the database's 12th fsync, in a later
# group of two files; the county holds the first file already, so opening
# it syncs nothing): the groups before it are stored and reported, the
# failing group and the files after it are not reported (SQLite may have
# made the group durable before the failing sync, the journal's last: its
# files are then stored whole, and merging them again says so); the merge
# exits 3 with the error; the committer thread and the writer committing
# itself agree.
PRE="$b/tests/libfault_preload.so"
if [ -f "$PRE" ]; then
  for cm in 1 0; do
    "$J" merge --county 360701 --db "cf$cm.db" "${FILES[0]}" > /dev/null 2>&1
    env LD_PRELOAD="$PRE" JH_FAULT_FSYNC=12 JH_FAULT_PATH="cf$cm.db" JH_MERGE_GROUP=2 JH_MERGE_COMMITTER=$cm \
      JH_MERGE_WORKERS=1 "$J" merge --county 360701 --db "cf$cm.db" "${FILES[@]}" > "cfail.$cm.out" 2>&1
    echo "exit $?" >> "cfail.$cm.out"
    sed -i "s/cf$cm\.db/DB/g" "cfail.$cm.out"
    dump "cf$cm.db" > "cfail.$cm.dump"
  done
  n_out=$(grep -cE '^(imported|unchanged|rejected|conflicts) ' cfail.1.out)
  check "a failing commit (committer thread): exit 3, a disk error, $n_out of ${#FILES[@]} files reported" \
    bash -c "grep -qx 'exit 3' cfail.1.out && grep -q 'disk I/O error' cfail.1.out && [ $n_out -ge 2 ] && [ $n_out -lt ${#FILES[@]} ]"
  missing=0
  for f in $(grep -E '^(imported|conflicts|rejected) ' cfail.1.out | sed -E 's/^[a-z]+ +([^:]+):.*/\1/'); do
    [ "$(sqlite3 cf1.db "SELECT count(*) FROM imports WHERE file = '$f'")" = 1 ] || missing=1
  done
  check "a failing commit: every file reported is in the import log, every imported bundle whole, integrity ok" \
    bash -c "[ $missing = 0 ] && [ \$(sqlite3 cf1.db 'PRAGMA integrity_check') = ok ] && \
             [ \$(sqlite3 cf1.db \"SELECT count(*) FROM imports i WHERE i.verdict = 'imported' AND
                  (SELECT count(*) FROM responses r WHERE r.import_id = i.id) <> i.n_new\") = 0 ]"
  # (review of session 12: the message named the group's first file only)
  check "a failing commit: the message names the group's files, ${FILES[$n_out]} to ${FILES[$((n_out + 1))]}" \
    grep -qF "the 2 files from ${FILES[$n_out]} to ${FILES[$((n_out + 1))]}, committed together, may not be stored (their commit failed): run the merge again" cfail.1.out
  check "a failing commit: the committer thread and the writer alone print and store the same" \
    bash -c "cmp -s cfail.0.out cfail.1.out && cmp -s cfail.0.dump cfail.1.dump"
fi
# The spare worker (JH_MERGE_SPARE=1: in the idle scheduling class, raised
# to the normal one while the writer waits for its file): alone (the writer
# waits for it at almost every file), beside one worker with the smallest
# window, and beside two with a wide one; groups of two files.
for cfg in "0 4" "1 2" "2 16"; do
  set -- $cfg
  JH_MERGE_GROUP=2 JH_MERGE_WORKERS=$1 JH_MERGE_SPARE=1 JH_MERGE_WINDOW=$2 "$J" merge --county 360701 --db "s$1.db" "${FILES[@]}" \
    > "spare.$1.out" 2>&1
  echo "exit $?" >> "spare.$1.out"
  dump "s$1.db" > "spare.$1.dump"
  check "spare worker, workers=$1, window $2: the same messages and exit status" cmp -s first.0.out "spare.$1.out"
  check "spare worker, workers=$1, window $2: the same database" cmp -s first.0.dump "spare.$1.dump"
done
# The command line commits several files at once (group commit); the API
# without it, one transaction per file, stores the same.
JH_MERGE_WORKERS=1 "$H" single.db stop 99 "${FILES[@]}" > single.out 2>&1
dump single.db > single.dump
check "group commit (the command line) stores what one commit per file stores" cmp -s first.0.dump single.dump
n_log=$(sqlite3 w0.db 'SELECT count(*) FROM imports')
run_all again
# (a bundle with conflicts merged again adds no log row either: its
# quarantine rows are there from the first merge, 017f414)
check "re-merge: nothing imported, no new log row" \
  bash -c "! grep -q '^imported' again.0.out && [ \$(sqlite3 w0.db 'SELECT count(*) FROM imports') = $n_log ]"
for n in 2 3; do
  check "re-merge, workers=$n: the same messages and exit status" cmp -s again.0.out "again.$n.out"
  check "re-merge, workers=$n: the same database" cmp -s again.0.dump "again.$n.dump"
done
for mode in stop fail; do
  for n in 0 2 3 s; do
    spare=0; w=$n; [ $n = s ] && spare=1 w=1
    JH_MERGE_SPARE=$spare JH_MERGE_WORKERS=$w "$H" "$mode$n.db" "$mode" 4 "${FILES[@]}" 2>&1 |
      sed "s/$mode$n\.db/DB/g" > "$mode.$n.out"
    dump "$mode$n.db" > "$mode.$n.dump"
  done
  want_end="end: ok"; [ $mode = fail ] && want_end="end: read-only: "
  check "$mode after the fifth file: five outcomes, then '$want_end'" \
    bash -c "[ \$(grep -c '^[0-9]' $mode.0.out) = 5 ] && grep -q '^$want_end' $mode.0.out"
  check "$mode: nothing of the files after the fifth stored" \
    [ "$(sqlite3 "${mode}0.db" "SELECT count(*) FROM imports WHERE file NOT IN ('$A','$B','in/junheng-K-B-edited.json','$C')")" = 0 ]
  for n in 2 3 s; do
    check "$mode, workers=$n: the same outcomes and end as one thread" cmp -s "$mode.0.out" "$mode.$n.out"
    check "$mode, workers=$n: the same database as one thread" cmp -s "$mode.0.dump" "$mode.$n.dump"
  done
done
# A kiosk without a county code (NF) merged before the county's code was
# set, then the county's code given (--county) with a bundle (NW), then NF again, a copy of it, and NF
# alone, and as a dry run: each time the full merge's warning (no county code
# on the kiosk), never `unchanged` silently by the re-merge fast path (review
# of session 12); with any number of workers the same messages.
mkdir -p nc
gen nf.db K-N 3607010013 primary urban 1 0 31 nc full >/dev/null
sqlite3 nf.db "DELETE FROM settings WHERE key = 'county_code'"
NF=$(gen nf.db K-N 3607010013 primary urban 2 1 32 nc full)
NW=$(gen nw.db K-W 3607010014 primary urban 2 1 33 nc full)
cp "$NF" nc/copy-of-nf.json
check "the bundle without a county code has none" \
  python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["manifest"]["school"]["county_code"] != "")' "$NF"
for n in 0 2 3; do
  {
    JH_MERGE_WORKERS=$n "$J" merge --db "nc$n.db" "$NF"; echo "exit $?"
    JH_MERGE_WORKERS=$n "$J" merge --county 360701 --db "nc$n.db" "$NW" "$NF" nc/copy-of-nf.json; echo "exit $?"
    JH_MERGE_WORKERS=$n "$J" merge --db "nc$n.db" "$NF" nc/copy-of-nf.json; echo "exit $?"
    JH_MERGE_WORKERS=$n "$J" merge --db "nc$n.db" --dry-run "$NF"; echo "exit $?"
  } 2>&1 | sed "s/nc$n\.db/DB/g" | grep -v '^  [a-z]' > "nocounty.$n.out"
done
check "no county code: the warning at every merge once the county's is set ($(grep -c 'no county code set' nocounty.0.out) times)" \
  [ "$(grep -c 'warning: the kiosk has no county code set (the county is 360701)' nocounty.0.out)" = 5 ]
check "no county code: the first merge, before the county's was set, warns not" \
  bash -c "head -2 nocounty.0.out | grep -q '^imported' && ! head -2 nocounty.0.out | grep -q warning"
for n in 2 3; do
  check "no county code, workers=$n: the same messages and exit status as one thread" cmp -s nocounty.0.out "nocounty.$n.out"
done
if [ $fail != 0 ]; then
  for f in nocounty.0.out nocounty.2.out; do echo "--- $f"; cat "$f"; done
  for f in first.0.out first.2.out stop.0.out fail.0.out fail.2.out; do echo "--- $f"; cat "$f"; done
  for n in 2 3; do diff first.0.dump first.$n.dump | head -20; done
fi
exit $fail
