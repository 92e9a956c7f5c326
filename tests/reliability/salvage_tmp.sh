#!/bin/bash
# salvage_tmp.sh - `junheng-kiosk --salvage` keeps its recovered copy (every
# readable answer, with the times of day) in the 0700 folder it makes with
# mkdtemp, never at a predictable name in $TMPDIR (review rprivacy: it was
# $TMPDIR/jh-recovered-PID.db, opened without O_EXCL, mode 0644).  The sqlite3
# program salvage runs is a wrapper that, while salvage runs, plants a
# symlink at the old predictable name (its parent's pid) pointing at an empty
# file of someone else's: the old kiosk wrote the recovered database through
# it.  After the run nothing of salvage's is left in $TMPDIR.
set -u
b="$JH_BUILD_DIR"; K="$b/junheng-kiosk"; MK="$b/tests/test_store_mkdb"
if ! command -v sqlite3 >/dev/null; then echo "SKIP: the sqlite3 command is not installed"; exit 77; fi
export SDL_VIDEODRIVER=dummy
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-salvage-tmp.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
mkdir k usb tmp
"$MK" k/kiosk.db 5 >/dev/null || { echo "FAIL making the database"; exit 1; }
cp k/kiosk.db k/kiosk.db.corrupt-20261202
: >victim.db
cat >sqlite3-wrapper <<WRAP
#!/bin/bash
ln -s "$t/victim.db" "\$TMPDIR/jh-recovered-\$PPID.db" 2>/dev/null
stat -c %a "\$(dirname "\$2")" >>"$t/folder-modes"
exec "$(command -v sqlite3)" "\$@"
WRAP
chmod +x sqlite3-wrapper
out=$(TMPDIR="$t/tmp" JH_SQLITE3="$t/sqlite3-wrapper" "$K" --db k/kiosk.db --salvage k/kiosk.db.corrupt-20261202 \
  --export usb 2>&1) || bad "salvage: $out"
grep -q '已取回 5 份答卷' <<<"$out" && ok "5 answers salvaged" || bad "salvage: $out"
[ -s folder-modes ] && [ "$(sort -u folder-modes)" = 700 ] && ok "salvage works in a 0700 folder" ||
  bad "salvage's folder modes: $(cat folder-modes 2>/dev/null)"
[ ! -s victim.db ] && ok "nothing written through a link at the old predictable name" ||
  bad "the recovered database was written through \$TMPDIR/jh-recovered-PID.db into another file ($(stat -c %s victim.db) bytes)"
left=$(find tmp -mindepth 1 ! -name 'jh-recovered-*')
[ -z "$left" ] && ok "nothing of salvage's left in \$TMPDIR" || bad "left in \$TMPDIR: $left"
exit $fail
