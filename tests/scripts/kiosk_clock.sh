#!/bin/bash
# kiosk_clock.sh - a kiosk whose clock is wrong (a flat mainboard battery
# sets it back to 2000-01-01) is said so before its answers silently fall out
# of the bureau's round (review): --self-check warns, the kiosk says so on
# stderr and on the admin screen, and `junheng merge` warns about answers
# dated before the open round's start or after today.  The kiosk's clock
# comes from JH_KIOSK_NOW_MS.
set -u
b="$JH_BUILD_DIR"; src="$JH_SOURCE_DIR"; J="$b/junheng"; K="$b/junheng-kiosk"
[ -x "$K" ] || { echo "SKIP: junheng-kiosk is not built"; exit 77; }
export SDL_VIDEODRIVER=dummy
base=${TMPDIR:-/tmp}; [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-kiosk-clock.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }
past=946717200000     # 2000-01-01 17:00 Beijing time
future=1893456000000  # 2030-01-01
mkdir -p "$t/k1" "$t/k2" "$t/usb1" "$t/usb2" "$t/shots"
# (the PIN from the file: a kiosk that already has answers takes no first PIN
# on its screen, review rusb4 item 2)
printf 'school_code = 3607020003\nschool_name = 石桥九年一贯制学校\nschool_level = nine_year\nlocality = town\ncounty_code = 360702\nadmin_pin = 2580\n' \
  > "$t/kiosk.conf"

# 1. --self-check.
out=$(JH_KIOSK_NOW_MS=$past "$K" --self-check --db "$t/k1/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[注意 WARN\] 时钟 Clock: 本机时钟显示 2000-01-01，早于 2026-11-01' <<<"$out" \
  && ok "self-check warns about a clock in 2000" || { bad "self-check: no clock warning"; echo "$out"; }
out=$("$K" --self-check --db "$t/k1/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[正常 OK  \] 时钟 Clock: 北京时间 ' <<<"$out" && ok "self-check: the real clock is fine" \
  || { bad "self-check: real clock"; echo "$out"; }

# 2. Two parents answer on it; the admin screen says so; export.
{ printf 'wait 1000\n'; sed -n '/^tap-text 开始答题$/,/^tap-text 提交$/p' "$src/tests/ui/setup_register.replay"; } > "$t/parent.replay"
printf 'wait 8000\n' >> "$t/parent.replay"
# The welcome screen says so too, small (review rsite9, item 1: answers were
# taken for weeks with nothing on it), and the admin screen's 全部提示 holds
# the technician's steps: the kiosk has neither its docs nor a console
# Ctrl+Alt+F2 reaches (cage runs without -s), so the text boot of GRUB.
printf 'expect-screen welcome\nexpect-text 本机时钟不对（显示 2000-01-01）\nshot welcome-clock-wrong\n' > "$t/two.replay"
cat "$t/parent.replay" "$t/parent.replay" >> "$t/two.replay"
printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2580\nkey enter\nexpect-screen admin\nexpect-text 本机时钟显示 2000-01-01，早于 2026-11-01，时钟不对\nexpect-text 请先让技术人员校正日期和时间（方法见“全部提示”）\nshot admin-clock-wrong\nwait 500\ntap-text 全部提示\nwait 500\nshot admin-clock-notes\ntap-text 校正日期和时间的方法\nexpect-text systemd.unit=multi-user.target\nexpect-text sudo timedatectl set-time\nexpect-text sudo date -s\nexpect-text sudo hwclock --systohc\nshot admin-clock-howto\nwait 500\ntap-text 返回\nwait 500\nexpect-text 校正日期和时间的方法\ntap-text 返回\nwait 500\ntap-text 导出新答卷\nwait 500\nexpect-text 已导出 2 份\n' >> "$t/two.replay"
JH_KIOSK_NOW_MS=$past "$K" --db "$t/k1/kiosk.db" --config "$t/kiosk.conf" --surveys "$src/tests/fixtures/surveys-1.0" \
  --export-dir "$t/usb1" --replay "$t/two.replay" --screenshot-dir "$b/ui-shots/kiosk_clock" >"$t/k1.log" 2>&1 \
  && ok "two answers at 2000-01-01, the admin screen says the clock is wrong" || { bad "kiosk in 2000"; cat "$t/k1.log"; }
grep -q "本机时钟显示 2000-01-01，早于 2026-11-01，时钟不对" "$t/k1.log" && ok "said on stderr at start" \
  || bad "no clock warning on stderr"
# ... on a small screen in large English text too, the start button clear of
# the buttons under it (the layout rules every shot checks): the clock's note
# alone there, without the unset kiosk's
printf 'expect-screen welcome\nwait 500\ntap-text 大字模式\nwait 500\ntap-text English\nwait 500\nexpect-text clock is wrong (it reads 2000-01-01)\nshot welcome-clock-small\n' > "$t/small.replay"
mkdir -p "$t/k0"
JH_KIOSK_NOW_MS=$past "$K" --db "$t/k0/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" --size 800x480 \
  --replay "$t/small.replay" --screenshot-dir "$b/ui-shots/kiosk_clock" >"$t/k0.log" 2>&1 \
  && ok "the welcome screen's clock note at 800x480, large English text" || { bad "welcome clock note, 800x480"; cat "$t/k0.log"; }
# A kiosk whose clock is in the future.
sed "s/3607020003/3607020001/" "$t/kiosk.conf" > "$t/kiosk2.conf"
printf 'wait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\ntext 2580\nkey enter\nexpect-screen admin\nexpect-no-text 时钟不对\nexpect-no-text 全部提示\nwait 500\ntap-text 导出新答卷\nwait 500\nexpect-text 已导出 1 份\n' > "$t/admin.replay"
cat "$t/parent.replay" "$t/admin.replay" > "$t/one.replay"
JH_KIOSK_NOW_MS=$future "$K" --db "$t/k2/kiosk.db" --config "$t/kiosk2.conf" --surveys "$src/tests/fixtures/surveys-1.0" \
  --export-dir "$t/usb2" --replay <(printf 'expect-no-text 本机时钟不对\n'; cat "$t/one.replay") >"$t/k2.log" 2>&1 \
  && ok "one answer at 2030-01-01 (no warning at the kiosk: later than every floor)" || { bad "kiosk in 2030"; cat "$t/k2.log"; }

# 3. The bureau: round 2026 from 2026-03-01; merge says why the answers miss it.
"$J" round --db "$t/county.db" --open 2026 --since 2026-03-01 >"$t/round.log" 2>&1 || { bad "round --open"; cat "$t/round.log"; }
out=$(LANGUAGE=zh_CN "$J" merge --county 360702 --db "$t/county.db" "$t/usb1" "$t/usb2" 2>&1)
echo "$out"
grep -q "警告：答题机 .*（学校 3607020003）有 2 份答卷的日期是 2000-01-01 到 2000-01-01，早于当前统计轮次 2026 的开始日期（2026-03-01）：这些答卷不计入任何轮次——不计入 2026，也不计入以前的轮次.*如果是本轮填的，说明这台答题机的时钟不对" <<<"$out" \
  && ! grep -q "这样没有问题" <<<"$out" \
  && ok "merge warns about answers dated before the round" || bad "merge: no warning about 2000-01-01"
grep -q "警告：答题机 .*（学校 3607020001）有 1 份答卷的日期晚于今天" <<<"$out" \
  && ok "merge warns about answers dated in the future" || bad "merge: no warning about 2030"
out=$("$J" merge --county 360702 --db "$t/county.db" "$t/usb1" 2>&1)
grep -q "警告" <<<"$out" && bad "merging the same bundle again warns again: $out" || ok "nothing new merged: no warning"
# 4. A kiosk whose system zone is not Beijing's (review r2b, r7): its
# answers of 2026-11-18 19:06 Beijing (11:06 UTC, 23:06 the day before at
# UTC-12) are dated 2026-11-18, the first day of a round from 2026-11-18.
mkdir -p "$t/k3" "$t/usb3"
TZ=Etc/GMT+12 "$b/tests/test_store_mkdb" "$t/k3/kiosk.db" 2 >/dev/null 2>&1 &&
  TZ=Etc/GMT+12 "$K" --db "$t/k3/kiosk.db" --export "$t/usb3" >"$t/k3.log" 2>&1 || { bad "UTC-12 kiosk"; cat "$t/k3.log"; }
"$J" round --db "$t/tz.db" --open 2026 --since 2026-11-18 >/dev/null 2>&1
out=$(LANGUAGE=zh_CN "$J" merge --county 360702 --db "$t/tz.db" "$t/usb3" 2>&1)
days=$(sqlite3 "$t/tz.db" "SELECT group_concat(DISTINCT day) FROM responses")
[ "$days" = 2026-11-18 ] && ! grep -q "警告" <<<"$out" && ok "a kiosk at UTC-12 dates answers by the Beijing day" \
  || { bad "a kiosk at UTC-12: days $days"; echo "$out"; }
# 5. A clock after 2100-01-01, the latest date an export can carry (review
# rtime, item 5): --self-check and stderr say the clock is wrong, and the
# export refused says the clock is wrong, not that the data is damaged
# ("manifest.exported_ms: expected a whole number ...").
late=4118000000000  # 2100-06-30
out=$(JH_KIOSK_NOW_MS=$late "$K" --self-check --db "$t/k1/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[注意 WARN\] 时钟 Clock: 本机时钟显示 2100-06-30，已到或晚于 2100-01-01 08:00（北京时间），时钟不对.*无法导出' <<<"$out" \
  && ok "self-check warns about a clock after 2100" || { bad "self-check: no warning about 2100"; echo "$out"; }
# the limit is 2100-01-01 00:00 UTC, 08:00 in Beijing: a clock at 09:00
# Beijing that day is named with the hour (not "2100-01-01, after 2100-01-01"),
# and one at 07:00 that day is not wrong yet (review r2time, item 4)
out=$(JH_KIOSK_NOW_MS=4102448400000 "$K" --self-check --db "$t/k1/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[注意 WARN\] 时钟 Clock: 本机时钟显示 2100-01-01，已到或晚于 2100-01-01 08:00（北京时间），时钟不对.*at or after 2100-01-01 08:00 \(Beijing time\)' <<<"$out" \
  && ok "self-check at 2100-01-01 09:00 Beijing names 08:00 Beijing time as the limit" || { bad "self-check at 2100-01-01 09:00"; echo "$out"; }
out=$(JH_KIOSK_NOW_MS=4102441200000 "$K" --self-check --db "$t/k1/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
! grep -q "2100-01-01 08:00" <<<"$out" && ok "... and says nothing at 07:00 Beijing that day (exports still work)" \
  || { bad "self-check at 2100-01-01 07:00"; echo "$out"; }
mkdir -p "$t/k5" "$t/usb5"
"$b/tests/test_store_mkdb" "$t/k5/kiosk.db" 2 >/dev/null 2>&1 || bad "test_store_mkdb k5"
JH_KIOSK_NOW_MS=$late "$K" --db "$t/k5/kiosk.db" --export "$t/usb5" >"$t/k5.log" 2>&1; rc=$?
[ $rc != 0 ] && grep -q "导出失败：本机时钟显示 2100-06-30，已到或晚于 2100-01-01 08:00（北京时间），是时钟不对，不是答卷有问题.*没有写出任何文件 / export failed: .*the clock is wrong" "$t/k5.log" \
  && ! grep -q "exported_ms\|学校还没有设置" "$t/k5.log" && [ -z "$(ls -A "$t/usb5")" ] \
  && ok "an export at 2100-06-30 is refused: the clock is wrong, nothing written" || { bad "export at 2100 (rc $rc)"; cat "$t/k5.log"; ls -A "$t/usb5"; }
"$K" --db "$t/k5/kiosk.db" --export "$t/usb5" >"$t/k5b.log" 2>&1 && ok "... and exports once the clock is right" \
  || { bad "export after the clock was set"; cat "$t/k5b.log"; }
# 6. A clock that runs slow or fast after this version's release (review
# rfield6, items 2 and 7): never said flatly to be fine.  a) A pack made today
# and the clock 10 days behind: the clock or the pack may be wrong, check
# the date first (it said "the pack's date is wrong, not the clock").
# b) Answers dated after the clock: the same doubt, named by the answers.
# c) The clock a year past the kiosk's last answers: asked to check the date
# (it said nothing).  The self-check warns, the kiosk's start says so too.
mkdir -p "$t/k6" "$t/usb6"
"$J" kiosk-pack --key "$t/b6.key" --county 360702 --schools "$src/data/sample/schools.csv" --out "$t/usb6" \
  "$src"/tests/fixtures/surveys-1.0/*.json >/dev/null 2>&1 || bad "kiosk-pack for case 6"
cp "$t/usb6/junheng-county-pack.json" "$t/k6/kiosk.db.pack.json"
slow=$(( $(date +%s) * 1000 - 10 * 86400000 ))
out=$(JH_KIOSK_NOW_MS=$slow "$K" --self-check --db "$t/k6/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[注意 WARN\] 时钟 Clock: .*可能是本机时钟慢了.*请先看今天的实际日期' <<<"$out" && ! grep -q '不是本机时钟' <<<"$out" \
  && ok "self-check: a pack made after a slow clock: the clock or the pack, check the date first" \
  || { bad "self-check: slow clock against the pack"; grep 时钟 <<<"$out"; }
mkdir -p "$t/k7"
"$b/tests/test_store_mkdb" "$t/k7/kiosk.db" 2 >/dev/null 2>&1 || bad "test_store_mkdb k7"
behind=$(( 1795000000000 - 10 * 86400000 ))   # 10 days before the answers' day (2026-11-18)
out=$(JH_KIOSK_NOW_MS=$behind "$K" --self-check --db "$t/k7/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[注意 WARN\] 时钟 Clock: .*本机已有答卷的日期是 2026-11-18，晚于本机时钟.*请先看今天的实际日期' <<<"$out" \
  && ok "self-check: answers dated after the clock: check the date" || { bad "self-check: answers after the clock"; grep 时钟 <<<"$out"; }
out=$(JH_KIOSK_NOW_MS=$behind "$K" --db "$t/k7/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" --replay /dev/null 2>&1)
grep -q '本机已有答卷的日期是 2026-11-18，晚于本机时钟' <<<"$out" && ok "... and the kiosk's start" \
  || { bad "start: answers after the clock"; echo "$out"; }
ahead=$(( 1795000000000 + 365 * 86400000 ))
out=$(JH_KIOSK_NOW_MS=$ahead "$K" --self-check --db "$t/k7/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" 2>&1)
grep -qE '^\[注意 WARN\] 时钟 Clock: 本机时钟显示 2027-11-18，比本机最近的记录（2026-11-18）晚了 365 天.*请先看今天的实际日期' <<<"$out" \
  && ok "self-check: a clock a year past the last answers: check the date" || { bad "self-check: a year ahead"; grep 时钟 <<<"$out"; }
out=$(JH_KIOSK_NOW_MS=$ahead "$K" --db "$t/k7/kiosk.db" --surveys "$src/tests/fixtures/surveys-1.0" --replay /dev/null 2>&1)
grep -q '本机时钟显示 2027-11-18，比本机最近的记录（2026-11-18）晚了 365 天' <<<"$out" && ok "... and the kiosk's start" \
  || { bad "start: a year ahead"; echo "$out"; }
# 7. Review rfield6, item 4: the kiosk asks to set the clock; the docs it
# points to say how (no network: by hand), and every section the kiosk's
# messages name exists in docs/kiosk.md.
doc="$src/docs/kiosk.md"
grep -qF '**Setting the date and time.**' "$doc" && grep -qF "timedatectl set-time '" "$doc" \
  && grep -qF 'hwclock --systohc' "$doc" && ok "docs/kiosk.md says how to set the date and time" \
  || bad "docs/kiosk.md: no steps to set the date and time"
# ... and only ways that work on a kiosk (review rsite9, item 1: it said
# Ctrl+Alt+F2 or SSH; cage runs without -s, no network): the GRUB text boot,
# in docs/kiosk.md and in the Chinese sheet for the technician.
sec=$(sed -n '/^\*\*Setting the date and time\.\*\*/,/^\*\*`admin_pin`/p' "$doc")
zh="$src/docs/kiosk-clock.zh.md"
! grep -qE 'Ctrl\+Alt\+F2, or|SSH session' <<<"$sec" && grep -qF 'systemd.unit=multi-user.target' <<<"$sec" \
  && grep -qF 'sudo reboot' <<<"$sec" && ok "docs/kiosk.md: the clock is set through GRUB's text boot, no console or SSH" \
  || bad "docs/kiosk.md \"Setting the date and time\" names a console or SSH the kiosk does not have"
[ -f "$zh" ] && grep -qF 'systemd.unit=multi-user.target' "$zh" && grep -qF "sudo timedatectl set-time '" "$zh" \
  && grep -qF 'sudo date -s' "$zh" && grep -qF 'sudo hwclock --systohc' "$zh" && grep -q '请技术人员' "$zh" \
  && ok "docs/kiosk-clock.zh.md: the technician's steps in Chinese" || bad "no Chinese steps to set the clock"
names=$(grep -ohE 'docs/kiosk\.md(“[^”]+”|, \\"[^\\]+\\")' "$src"/app/ui/*.c "$src"/app/kiosk/*.c | sed -E 's/^docs\/kiosk\.md(“|, \\")//; s/(”|\\")$//' | sort -u)
[ -n "$names" ] || bad "no docs/kiosk.md section named by the kiosk's messages (the grep is broken)"
while IFS= read -r n; do
  [ -z "$n" ] && continue
  grep -qE "^#+ $n\$|^\*\*$n\.\*\*" "$doc" && ok "docs/kiosk.md has the section \"$n\" a message names" \
    || bad "a kiosk message names docs/kiosk.md \"$n\", which docs/kiosk.md does not have"
done <<<"$names"
exit $fail
