#!/bin/bash
# kiosk_export_new_key.sh - review rrepair5, item 3: the signing key file
# lost, the kiosk makes a new key; a headless `--export` is the first
# export under it.  It must say what to tell the bureau (the kiosk id and
# the new fingerprint: its merge rejects the bundle until it accepts the
# key), as the admin screen's export does, and must leave the admin
# screen's red note in place (it said nothing and removed the note).
set -u
b="$JH_BUILD_DIR"
K="$b/junheng-kiosk"; MK="$b/tests/test_store_mkdb"
if [ ! -x "$K" ] || [ ! -x "$MK" ]; then echo "SKIP: not built"; exit 77; fi
if ! command -v sqlite3 >/dev/null; then echo "SKIP: the sqlite3 command is not installed"; exit 77; fi
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-newkey.XXXXXX"); trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
mkdir -p k usb1 usb2
"$MK" k/kiosk.db 3 >/dev/null 2>&1 || bad "mkdb"
"$K" --db k/kiosk.db --export usb1 >/dev/null 2>&1 || bad "first export"
mv k/kiosk.db.key k/kiosk.db.key.bad
"$MK" k/kiosk.db 1 >/dev/null 2>&1 || bad "one more answer"   # (the new key is made here)
note=$(sqlite3 k/kiosk.db "SELECT value FROM settings WHERE key = 'key_replaced'")
[ -n "$note" ] && ok "the new key is noted ($note)" || bad "no key_replaced after the key was lost"
out=$("$K" --db k/kiosk.db --export usb2 2>&1); rc=$?
kid=$(sqlite3 k/kiosk.db "SELECT value FROM settings WHERE key = 'kiosk_id'")
fp=$(sed -n 's/.*key fingerprint \(SHA256:[^ ]*\).*/\1/p' <<<"$out" | head -1)
[ $rc = 0 ] || bad "export: rc $rc: $out"
if grep -q "请告诉县教育局：答题机 $kid 换了新密钥，新指纹 $fp" <<<"$out" && grep -q "kiosk $kid has a new key, fingerprint $fp" <<<"$out"
then ok "the export says what to tell the bureau (Chinese first)"; else bad "the export says nothing of the new key: $out"; fi
after=$(sqlite3 k/kiosk.db "SELECT value FROM settings WHERE key = 'key_replaced'")
[ "$after" = "$note" ] && ok "the admin screen's note stays" || bad "the admin screen's note is gone ('$after')"
exit $fail
