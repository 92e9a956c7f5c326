#!/bin/bash
# Review rmerge4: a real season's messy deliveries and hostile bundles.
# Item 1: a school's own version of an official questionnaire, every
# counted option "satisfied", is checked as `junheng check` checks it: its
# answers are quarantined (not counted), the kiosk's chain continues, exit
# 1, the message names the questionnaire, its version and the check; a
# version the county has no official file for, though it has some for the
# id, is named plainly.  Item 2: a zero-filled bundle is rejected as
# damaged.  Item 7: a truncated bundle's advice.  Item 6: no permission, a
# link that loops.  Item 8: a path given twice.  Item 3: folders not
# searched.  Item 5: archives.  (Item 9, a day that is no date: test_bundle.)
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-season.XXXXXX"); trap 'chmod -R u+rwx "$t" 2>/dev/null; rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
export JH_GEN_SCALE=1 # nobody abandons or answers too fast: every answer has its seq
gen() { "$b/tests/stats_gen" "$@" || { echo "FAIL stats_gen $*" >&2; exit 1; }; }
check() { # check DESC CONDITION...
  local desc=$1; shift
  if "$@"; then echo "PASS $desc"; else echo "FAIL $desc"; fail=1; fi
}
has() { # has DESC FILE TEXT: FILE holds TEXT (a fixed string)
  if grep -qF -- "$3" "$2"; then echo "PASS $1"; else echo "FAIL $1: no '$3' in:"; sed 's/^/    /' "$2"; fail=1; fi
}
hasnt() {
  if grep -qF -- "$3" "$2"; then echo "FAIL $1: '$3' in:"; sed 's/^/    /' "$2"; fail=1; else echo "PASS $1"; fi
}
rc_is() { # rc_is DESC WANT GOT OUTFILE
  if [ "$2" == "$3" ]; then echo "PASS $1 (exit $3)"; else echo "FAIL $1: exit $3, expected $2"; sed 's/^/    /' "$4"; fail=1; fi
}

S="$src/data/surveys"
# ---- item 1: a school's own version with every counted option satisfied ----
mkdir rig own
python3 - "$S" <<'PY' || { echo "FAIL making the rigged questionnaires"; exit 1; }
import json, sys
src = sys.argv[1]
for role, ver in (("parent", "2.1.9"), ("teacher", "2.0.9")):
    d = json.load(open(f"{src}/{role}.json", encoding="utf-8"))
    d["version"] = ver
    for sc in d.get("scales", []):
        for o in sc.get("options", []):
            if not o.get("excluded"):
                o["satisfied"] = True
    json.dump(d, open(f"rig/{role}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    # a version of its own that passes every check (a newer release not pinned yet?)
    d = json.load(open(f"{src}/{role}.json", encoding="utf-8"))
    d["version"] = "9.0"
    json.dump(d, open(f"own/{role}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
"$J" --lang en check rig/parent.json > rig.check 2>&1 && { echo "FAIL junheng check passes the rigged file"; fail=1; }
"$J" --lang en surveys --db county.db "$S/parent.json" "$S/teacher.json" > pin.out 2>&1 || { cat pin.out; exit 1; }
cp county.db county0.db
mkdir a b o
A=$(JH_GEN_SURVEYS=$PWD/rig gen k.db K-CHEAT 3607010005 primary urban 3 2 8 a full)  # seq 1-5 rigged
B=$(JH_GEN_SURVEYS=$S gen k.db K-CHEAT 3607010005 primary urban 1 1 9 b incremental) # seq 6-7 official
"$J" --lang en merge --county 360701 --db county.db "$A" > a.out 2>&1; rc=$?
rc_is "a rigged school version: refused to count" 1 $rc a.out
has "... the verdict is conflicts, every answer quarantined" a.out "seq 1-5: 0 new, 0 already there, 5 quarantined"
has "... the message names the questionnaire, its version and the check" a.out \
  "questionnaire parent-2026 version 2.1.9 ("
has "... the check" a.out "fails the checks of \`junheng check\`: scales[0].options: every counted option is marked \"satisfied\""
has "... the teachers' too" a.out "questionnaire teacher-2026 version 2.0.9 ("
has "... the county's official versions named" a.out "the county has official files for parent-2026 (version 2.1), none for version 2.1.9"
has "... what to do" a.out "its 3 responses to it quarantined, not counted (a questionnaire that fails the checks"
hasnt "... no generic first-use note" a.out "pinned on first use"
check "... nothing of it stored" [ "$(sqlite3 county.db "SELECT count(*) FROM responses WHERE kiosk_id = 'K-CHEAT'")" == 0 ]
check "... all five in quarantine" [ "$(sqlite3 county.db "SELECT count(DISTINCT seq) FROM quarantine WHERE kiosk_id = 'K-CHEAT'")" == 5 ]
check "... the rigged versions are not pinned" [ "$(sqlite3 county.db "SELECT count(*) FROM pinned_surveys WHERE version IN ('2.1.9', '2.0.9')")" == 0 ]
"$J" --lang zh merge --county 360701 --db county0.db "$A" > a_zh.out 2>&1
has "... in Chinese first" a_zh.out "问卷 parent-2026 第 2.1.9 版（"
"$J" --lang en merge --county 360701 --db county.db "$A" > a2.out 2>&1; rc=$?
rc_is "... merged again: refused again" 1 $rc a2.out
has "... quarantined again" a2.out "5 quarantined"
"$J" --lang en merge --county 360701 --db county.db "$B" > b.out 2>&1; rc=$?
rc_is "the kiosk's next bundle, the official questionnaires" 0 $rc b.out
has "... imported" b.out "imported   $B: kiosk K-CHEAT, school 3607010005, seq 6-7: 2 new, 0 already there"
hasnt "... no gap: the chain continues the quarantined answers" b.out "gap"
# The advice holds: the county pins the version (it only warns there) and
# merges the bundle again: its answers are stored.
cp county.db adopt.db
"$J" --lang en surveys --db adopt.db rig/parent.json rig/teacher.json > adopt.pin 2>&1 || { echo "FAIL pinning the rigged files"; cat adopt.pin; fail=1; }
"$J" --lang en merge --county 360701 --db adopt.db "$A" > adopt.out 2>&1; rc=$?
rc_is "... pinned by the county, then merged again: counted" 0 $rc adopt.out
has "... all five stored" adopt.out "seq 1-5: 5 new, 0 already there"
# No official file for the id: the counting rules still hold (a 1.0 file's
# wording problems alone do not stop a first-use pin: tests/stats/cli.sh).
"$J" --lang en merge --county 360701 --db fresh.db "$A" > f.out 2>&1; rc=$?
rc_is "a county without official files: the rigged version refused too" 1 $rc f.out
has "... quarantined" f.out "5 quarantined"
hasnt "... and no claim of official files" f.out "official files for"
# A version of its own that passes the checks, beside official files of the
# id: counted, and the warning says there is no official file for it.
O=$(JH_GEN_SURVEYS=$PWD/own gen ko.db K-OWN 3607010006 primary urban 2 1 10 o full)
"$J" --lang en merge --county 360701 --db county.db "$O" > o.out 2>&1; rc=$?
rc_is "a version with no official file: counted" 0 $rc o.out
has "... imported" o.out "seq 1-3: 3 new, 0 already there"
has "... named plainly" o.out "questionnaire parent-2026 version 9.0 ("
has "... no official file for it" o.out "the county has official files for parent-2026 (version 2.1) but none for version 9.0"
hasnt "... not the generic first-use note" o.out "pinned on first use"

# ---- item 2: a bundle zero-filled by an unsafe eject (FAT) ----------------
# rejected as damaged, with what to do, exit 1 - not skipped as "not a
# bundle" with exit 0 (its answers lost without a word).
mkdir -p stick3 d2
G=$(gen k2.db K-B 3607010002 primary urban 2 1 11 stick3 full)
Z=stick3/junheng-K-A-20260922T011928Z-incremental-9-11.json
head -c 4096 /dev/zero > "$Z"
"$J" --lang en merge --county 360701 --db d2/c.db stick3 > z.out 2>&1; rc=$?
rc_is "a zero-filled bundle: refused" 1 $rc z.out
has "... rejected as damaged" z.out "rejected   $Z: "
has "... what happened" z.out "damaged: the file holds nothing but zero bytes (4096 bytes"
has "... what to do" z.out "copy the file again from the kiosk's USB drive, or export again at the kiosk with Export all (导出全部)"
has "... the good bundle beside it merged" z.out "imported   $G"
hasnt "... not skipped" z.out "skipped"
"$J" --lang zh merge --county 360701 --db d2/c.db "$Z" > z_zh.out 2>&1
has "... in Chinese" z_zh.out "导出全部"
# zero bytes after the start of the bundle (the end not written)
P=stick3/junheng-K-A-20260922T011928Z-incremental-12-13.json
{ head -c 300 "$G"; head -c 2000 /dev/zero; } > "$P"
"$J" --lang en merge --county 360701 --db d2/c.db "$P" > p.out 2>&1; rc=$?
rc_is "a bundle whose end is zero bytes: refused" 1 $rc p.out
has "... named damaged where the zeros start" p.out "damaged: zero bytes from line"
# a junheng-*.json that is not JSON at all, and a .json that is zeros by another name
printf 'garbage' > d2/junheng-K-A-20260922T011928Z-full-1-3.json
head -c 100 /dev/zero > d2/x.json
"$J" --lang en merge --county 360701 --db d2/c.db d2 > g.out 2>&1; rc=$?
rc_is "a junheng-*.json that is no JSON, a zero-filled .json: refused" 1 $rc g.out
has "... the junheng-*.json rejected" g.out "rejected   d2/junheng-K-A-20260922T011928Z-full-1-3.json: "
has "... the zero-filled one rejected" g.out "rejected   d2/x.json: "
# another program's .json (not named junheng-*) stays skipped
printf '[1, 2]' > d2/other.json
rm d2/junheng-K-A-20260922T011928Z-full-1-3.json d2/x.json
"$J" --lang en merge --county 360701 --db d2/c.db d2 > o2.out 2>&1
has "another program's .json: still only skipped" o2.out "skipped    d2/other.json: a .json file that is not an export bundle"

# ---- item 7: a truncated bundle: advice that works for an incremental one --
# (导出新答卷 writes nothing the kiosk exported before: "export again" alone
# cannot bring it back), in both languages.
T=stick3/junheng-K-A-20260922T011928Z-incremental-14-15.json
head -c 700 "$G" > "$T"
"$J" --lang en merge --county 360701 --db d2/c.db "$T" > t.out 2>&1; rc=$?
rc_is "a truncated bundle: refused" 1 $rc t.out
has "... with what to do, in English" t.out "truncated: JSON ends at line"
has "... copy again or Export all" t.out ": copy the file again from the kiosk's USB drive, or export again at the kiosk with Export all (导出全部)"
"$J" --lang zh merge --county 360701 --db d2/c.db "$T" > t_zh.out 2>&1
has "... in Chinese" t_zh.out "请从答题机的 U 盘重新复制该文件，或在答题机上点“导出全部”重新导出"
hasnt "... not the advice that fails an incremental export" t_zh.out "请从答题机重新导出）"

# ---- item 6: a file this user may not read, a link that loops -------------
# not "was the USB drive removed? plug it in again" with exit 3 forever: a
# lack of permission says to let this user read it (exit 1, as for other
# refusals); a link leading to itself is no bundle at all: skipped.
PRE="$b/tests/libfault_preload.so"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir -p nb
N=$(gen k6.db K-N 3607010007 primary urban 1 1 12 nb full)
env LD_PRELOAD="$PRE" JH_FAULT_OPEN="$N" JH_FAULT_DIR_ERRNO=13 "$J" --lang en merge --county 360701 --db nb.db nb > nb.out 2>&1; rc=$?
rc_is "a bundle this user may not read: refused as other refusals" 1 $rc nb.out
has "... listed as unread, for lack of permission" nb.out "unread     $N: cannot be read (permissions?)"
has "... the hint says what to do" nb.out "could not be read for lack of permission"
hasnt "... not to plug the stick in again" nb.out "Plug it in again"
env LD_PRELOAD="$PRE" JH_FAULT_OPEN="$N" "$J" --lang en merge --county 360701 --db nb.db nb > nbio.out 2>&1; rc=$?
rc_is "... an I/O error is still unread with exit 3" 3 $rc nbio.out
has "... and the USB hint" nbio.out "Plug it in again"
mkdir -p lo && ln -s loopy lo/loopy && cp "$N" lo/
"$J" --lang en merge --county 360701 --db lo.db lo > lo.out 2>&1; rc=$?
rc_is "a link that loops beside a bundle: the bundle merged" 0 $rc lo.out
has "... the link skipped, named for what it is" lo.out "skipped    lo/loopy: a link that loops (it leads back to itself): no file"
hasnt "... no USB hint" lo.out "Plug it in again"

# ---- item 8: the same folder given twice, or a folder and a file in it -----
mkdir -p twice
W1=$(gen k8.db K-W 3607010008 primary urban 1 1 13 twice full)
W2=$(gen k8.db K-W 3607010008 primary urban 1 0 14 twice incremental)
"$J" --lang en merge --county 360701 --db tw.db twice twice "$W1" ./twice > tw.out 2>&1; rc=$?
rc_is "a folder given twice, a file in it and the folder again: merged" 0 $rc tw.out
check "... each file listed once" [ "$(grep -c "kiosk K-W" tw.out)" == 2 ]
has "... counted once" tw.out "merge: 2 bundles: 2 imported"

# ---- item 3: bundles in folders below the first level ----------------------
# named, and counted in the exit status, not ignored without a word; a
# folder not searched that holds none is named too (exit 0).
mkdir -p st1/导出/2026秋 st1/deep/deep2/deep3 st1/empty/none st1/top
T1=$(gen k3.db K-T 3607010009 primary urban 1 0 15 st1/top full)
gen k3b.db K-U 3607010009 primary urban 1 0 16 st1/导出/2026秋 full > /dev/null
gen k3c.db K-V 3607010009 primary urban 1 0 17 st1/deep/deep2/deep3 full > /dev/null
"$J" --lang en merge --county 360701 --db st1.db st1 > st1.out 2>&1; rc=$?
rc_is "bundles two levels down: not merged, and exit 1" 1 $rc st1.out
has "... the top's merged" st1.out "imported   $T1"
has "... the folder not searched named, with what it holds" st1.out "st1/导出/2026秋: a folder below the first level, not searched: it holds 1 junheng-*.json file"
has "... deeper too" st1.out "st1/deep/deep2: a folder below the first level, not searched: it holds 1 junheng-*.json file"
has "... a folder with none named too" st1.out "st1/empty/none: a folder below the first level, not searched"
has "... what to do" st1.out "merge again with --recursive"
"$J" --lang en merge --county 360701 --recursive --db st1r.db st1 > st1r.out 2>&1; rc=$?
rc_is "... with --recursive: all merged" 0 $rc st1r.out
has "... three bundles" st1r.out "merge: 3 bundles: 3 imported"

# ---- item 5: a zip or rar of the bundle folder (as WeChat or QQ send one) --
# named as an archive to unpack, not "if it is the school register, save it
# as CSV"; one holding junheng-*.json names makes the merge exit 1.
mkdir -p arc
python3 - "$G" <<'PY2' || { echo "FAIL making the archives"; exit 1; }
import sys, zipfile, os
g = sys.argv[1]
with zipfile.ZipFile("arc/导出.zip", "w") as z:
    z.write(g, "导出/" + os.path.basename(g))
with zipfile.ZipFile("arc/photos.zip", "w") as z:
    z.writestr("a.txt", "x")
with zipfile.ZipFile("arc/名册.xlsx", "w") as z:
    z.writestr("[Content_Types].xml", "<x/>"); z.writestr("xl/workbook.xml", "<x/>")
open("arc/导出.rar", "wb").write(b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20 + ("导出/" + os.path.basename(g)).encode() + b"\x00" * 40)
open("arc/x.7z", "wb").write(b"7z\xbc\xaf\x27\x1c" + b"\x00" * 40)
PY2
"$J" --lang en merge --county 360701 --db arc.db arc > arc.out 2>&1; rc=$?
rc_is "archives holding bundles: exit 1" 1 $rc arc.out
has "... the zip named as an archive to unpack" arc.out "skipped    arc/导出.zip: a compressed archive (zip) holding junheng-*.json files: unpack it first, then merge the folder unpacked"
has "... the rar too" arc.out "skipped    arc/导出.rar: a compressed archive (rar) holding junheng-*.json files: unpack it first"
has "... a 7z, whose names cannot be seen" arc.out "skipped    arc/x.7z: a compressed archive (7z): unpack it first, then merge the folder unpacked"
has "... a zip of other files: an archive too" arc.out "skipped    arc/photos.zip: a compressed archive (zip): unpack it first"
has "... a workbook stays a workbook" arc.out "skipped    arc/名册.xlsx: an Excel workbook"
hasnt "... no register advice for the archive" arc.out "导出.zip: an Excel workbook"
rm arc/导出.zip arc/导出.rar
"$J" --lang en merge --county 360701 --db arc.db arc > arc2.out 2>&1; rc=$?
has "... archives without bundles: listed, and" arc2.out "photos.zip: a compressed archive (zip)"
check "... no bundle at all: exit 1 as before (nothing found)" [ $rc == 1 ]

[ $fail = 0 ] && echo "all merge_season tests passed"
exit $fail
