#!/bin/bash
# kiosk_pack_county.sh - review rusb4, item 4: a kiosk whose school
# (3607210001, county 360721) holds answers is offered the pack of county
# 360702 (tests/ui/pack, whose register does not hold the school): the
# admin screen refuses it, Chinese first, naming both counties; county_code,
# the trusted key and the questionnaires stay.  (It was installed silently
# and the county code changed.)  The same pack on a fresh kiosk of that
# school installs, with a warning that the school is not in the register.
# Screenshots at 800x480 in build/ui-shots/kiosk_pack_county.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; K="$b/junheng-kiosk"
[ -x "$K" ] || { echo "SKIP: junheng-kiosk is not built"; exit 77; }
export SDL_VIDEODRIVER=dummy
base=${TMPDIR:-/tmp}; [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-pack-county.XXXXXX"); trap 'rm -rf "$t"' EXIT
shots="$b/ui-shots/kiosk_pack_county"; mkdir -p "$shots"
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
printf 'school_code = 3607210001\nschool_name = 青山县第一实验小学\nschool_level = primary\nlocality = rural\ncounty_code = 360721\nadmin_pin = 2580\n' \
  > "$t/kiosk.conf"
mkdir -p "$t/stick" && cp "$src/tests/ui/pack/junheng-county-pack.json" "$t/stick/"
admin='wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2580\nkey enter\nexpect-screen admin\nwait 500\n'
# 1. A parent answers, then the other county's pack is refused.
{ printf 'wait 1000\n'; sed -n '/^tap-text 开始答题$/,/^tap-text 提交$/p' "$src/tests/ui/setup_register.replay"
  printf 'wait 8000\n'
  printf "$admin"
  printf 'tap-text 指纹一致，信任并安装\nwait 500\nexpect-text 这是区县 360702 的名册包，本机的学校 3607210001 已有答卷，属于区县 360721：没有安装，什么都没有改\nexpect-no-text 已安装\nshot refused\n'
} > "$t/one.replay"
"$K" --db "$t/k1.db" --config "$t/kiosk.conf" --surveys "$src/tests/fixtures/surveys-1.0" --export-dir "$t/stick" \
  --replay "$t/one.replay" --size 800x480 --screenshot-dir "$shots" >"$t/k1.log" 2>&1
rc=$?
county=$(sqlite3 "$t/k1.db" "SELECT value FROM settings WHERE key = 'county_code'")
key=$(sqlite3 "$t/k1.db" "SELECT count(*) FROM settings WHERE key = 'bureau_key'")
[ $rc = 0 ] && grep -q "0 failed" "$t/k1.log" && [ "$county" = 360721 ] && [ "$key" = 0 ] && [ ! -e "$t/k1.db.pack.json" ] \
  && ok "another county's pack refused on a kiosk with answers; county $county kept, no key trusted" \
  || { bad "other county's pack: exit $rc, county '$county', key $key"; cat "$t/k1.log"; }
# 2. No answers yet: installed, with the note that the school is not in the register.
{ printf "$admin"
  printf 'tap-text 指纹一致，信任并安装\nwait 500\nexpect-text 已安装\nexpect-text 注意：本机的学校 3607210001 不在这个名册包的名册里（区县 360702）\nshot missing\n'
} > "$t/two.replay"
"$K" --db "$t/k2.db" --config "$t/kiosk.conf" --surveys "$src/tests/fixtures/surveys-1.0" --export-dir "$t/stick" \
  --replay "$t/two.replay" --size 800x480 --screenshot-dir "$shots" >"$t/k2.log" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "0 failed" "$t/k2.log" && ok "no answers: installed, the school not in the register said" \
  || { bad "fresh kiosk: exit $rc"; cat "$t/k2.log"; }
exit $fail
