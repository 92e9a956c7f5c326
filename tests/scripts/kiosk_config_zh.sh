#!/bin/bash
# kiosk_config_zh.sh - review rusb4, item 6: a kiosk.conf mistake stops the
# kiosk at 答题机没能启动 with the explanation in Chinese (it was English
# only), and the full-width ＝ an input method types is named as the cause.
# Screenshots at 800x480 in build/ui-shots/kiosk_config_zh.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; K="$b/junheng-kiosk"
[ -x "$K" ] || { echo "SKIP: junheng-kiosk is not built"; exit 77; }
export SDL_VIDEODRIVER=dummy
base=${TMPDIR:-/tmp}; [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-config-zh.XXXXXX"); trap 'rm -rf "$t"' EXIT
shots="$b/ui-shots/kiosk_config_zh"; mkdir -p "$shots"
fail=0
# case NAME CONF_TEXT EXPECTED_TEXT...
case_() {
  local name=$1 conf=$2; shift 2
  printf '%s\n' "$conf" > "$t/$name.conf"
  { echo "expect-screen startup"; echo "expect-text 设置文件有错误"
    for e in "$@"; do echo "expect-text $e"; done
    echo "expect-no-text expected"; echo "shot $name"; } > "$t/$name.replay"
  "$K" --db "$t/$name.db" --surveys "$src/tests/fixtures/surveys-1.0" --config "$t/$name.conf" \
    --replay "$t/$name.replay" --size 800x480 --screenshot-dir "$shots" >"$t/$name.log" 2>&1
  local rc=$?
  if [ $rc = 3 ] && grep -q "0 failed" "$t/$name.log"; then echo "PASS $name"
  else echo "FAIL $name (exit $rc)"; cat "$t/$name.log"; fail=1; fi
}
case_ fullwidth 'school_name ＝ 青山县第二小学' '第 1 行：这里用了全角的“＝”' '半角的“='
case_ colon 'school_name：青山县第二小学' '不能用冒号'
case_ shortpin 'admin_pin = 258' '第 1 行：admin_pin 的密码要 4 到 8 位数字'
case_ typo 'shcool_code = 3607210001' '没有“shcool_code”这个设置，请检查拼写'
case_ level 'school_level = high' 'school_level 的值“high”不对（应为 primary（小学）、junior（初中）' '请技术人员按下面的说明改正设置文件'
exit $fail
