#!/bin/bash
# kiosk_pack_found.sh - review rsite9, item 2: a county pack saved as
# "junheng-county-pack (1).json", or copied onto the stick inside its folder,
# was ignored and the admin screen said nothing.  Such a pack is found (a
# name junheng-county-pack*.json at the top of the stick or one folder
# down) and offered; a stick without one says so, naming the file expected.
# Also review rsite9, item 4: a bad optional line of kiosk.conf is named in
# red on the admin screen, and the kiosk works.
# Screenshots at 1280x800 in build/ui-shots/kiosk_pack_found.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; K="$b/junheng-kiosk"
[ -x "$K" ] || { echo "SKIP: junheng-kiosk is not built"; exit 77; }
export SDL_VIDEODRIVER=dummy
base=${TMPDIR:-/tmp}; [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-pack-found.XXXXXX"); trap 'rm -rf "$t"' EXIT
shots="$b/ui-shots/kiosk_pack_found"; mkdir -p "$shots"
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
printf 'admin_pin = 2580\n' > "$t/kiosk.conf"
admin='wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2580\nkey enter\nwait 500\n'
pack="$src/tests/ui/pack/junheng-county-pack.json"
# run NAME EXPECTED...: the admin screen (after the setup's 完成) with stick $t/NAME
run() {
  local name=$1; shift
  { printf "$admin"; printf 'tap-text 完成\nwait 500\nexpect-screen admin\n'
    for e in "$@"; do printf '%s\n' "$e"; done; printf 'shot %s\n' "$name"; } > "$t/$name.replay"
  "$K" --db "$t/$name.db" --config "$t/kiosk.conf" --surveys "$src/tests/fixtures/surveys-1.0" --export-dir "$t/$name" \
    --replay "$t/$name.replay" --size ${JH_PACK_SIZE:-1280x800} --screenshot-dir "$shots" >"$t/$name.log" 2>&1
}
mkdir -p "$t/renamed" "$t/folder/县教育局 配置包" "$t/none"
cp "$pack" "$t/renamed/junheng-county-pack (1).json"
cp "$pack" "$t/folder/县教育局 配置包/junheng-county-pack.json"
echo x > "$t/none/readme.txt"
for name in renamed folder; do
  if run $name 'expect-text 指纹一致，信任并安装' 'expect-no-text 没有找到县级配置包' 'tap-text 指纹一致，信任并安装' 'wait 500' \
      'expect-text 已安装'; then ok "$name: the pack is found and installs"
  else bad "$name: $(cat "$t/$name.log")"; fi
done
# Review r2kiosk9, F6: two packs, an older one at the top and a newer one in
# a folder: the newer is offered (the top no longer wins), the prompt names
# its file and county and says that there are two and why this one.
mkdir -p "$t/two/乙县"
cp "$pack" "$t/two/junheng-county-pack (1).json" && touch -d '2026-01-01' "$t/two/junheng-county-pack (1).json"
cp "$pack" "$t/two/乙县/junheng-county-pack.json"
county=$(sed -n 's/.*"county_code": *"\([0-9]*\)".*/\1/p' "$pack" | head -1)
if run two "expect-text 名册包文件：乙县/junheng-county-pack.json，区县代码 $county" \
    'expect-text U 盘上有 2 个名册包，这里用的是文件时间最新的 乙县/junheng-county-pack.json' \
    'expect-text 指纹一致，信任并安装'; then ok "two packs: the newer offered, its file and county named, two said"
else bad "two: $(cat "$t/two.log")"; fi
if run none 'expect-text U 盘上没有找到县级配置包：应为文件 junheng-county-pack.json' 'expect-no-text 指纹一致'; then
  ok "none: the admin screen says no pack was found and names the file"
else bad "none: $(cat "$t/none.log")"; fi
# a pack installed: a stick without one is an export stick, nothing said
{ printf "$admin"; printf 'tap-text 完成\nwait 500\nexpect-screen admin\nexpect-no-text 没有找到县级配置包\nshot installed-none\n'; } > "$t/again.replay"
"$K" --db "$t/renamed.db" --config "$t/kiosk.conf" --surveys "$src/tests/fixtures/surveys-1.0" --export-dir "$t/none" \
  --replay "$t/again.replay" --size 1280x800 --screenshot-dir "$shots" >"$t/again.log" 2>&1 \
  && ok "a pack installed: an export stick gets no note" || bad "installed, none: $(cat "$t/again.log")"
# Review rsite9, item 4: idle_seconds = 120秒 is named in red; the kiosk runs.
printf 'admin_pin = 2580\nidle_seconds = 120秒\n' > "$t/typo.conf"
{ printf "$admin"; printf 'tap-text 完成\nwait 500\nexpect-screen admin\nexpect-text kiosk.conf 里有写错的设置，本机没有采用\n'
  printf 'expect-text 第 2 行：idle_seconds 的值“120秒”不对（应为 15 到 3600 之间的整数（秒））\nshot typo\n'; } > "$t/typo.replay"
"$K" --db "$t/typo.db" --config "$t/typo.conf" --surveys "$src/tests/fixtures/surveys-1.0" \
  --replay "$t/typo.replay" --size 1280x800 --screenshot-dir "$shots" >"$t/typo.log" 2>&1 \
  && grep -q "注意：$t/typo.conf 里有写错的设置" "$t/typo.log" \
  && ok "a bad optional line: the kiosk runs; admin screen and stderr name it" || bad "typo: $(cat "$t/typo.log")"
exit $fail
