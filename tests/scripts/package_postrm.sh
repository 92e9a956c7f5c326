#!/bin/bash
# package_postrm.sh - the kiosk package's postrm purge on a stand-in root
# ($DPKG_ROOT): JUNHENG_PURGE_DATA=yes keeps a /var/lib/junheng that holds
# answers never exported (or a damaged kiosk.db.corrupt-*) and says
# so, Chinese first, with the count and "reinstall to export"
# (review rpack3, item 3: it deleted them, saying only 已删除);
# yes-even-unexported deletes them; a plain purge's advice is Chinese too.
set -u
postrm="$JH_SOURCE_DIR/packaging/kiosk/postrm"
command -v sqlite3 >/dev/null || { echo "SKIP: the sqlite3 command is not installed"; exit 77; }
t=$(mktemp -d "${TMPDIR:-/tmp}/jh-postrm.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
# stand-ins for what the script calls on a real system
mkdir -p "$t/bin"
for p in deb-systemd-helper deluser systemctl; do printf '#!/bin/sh\nexit 0\n' > "$t/bin/$p"; chmod +x "$t/bin/$p"; done
printf '#!/bin/sh\nexit 2\n' > "$t/bin/getent"; chmod +x "$t/bin/getent"
mkroot() { # mkroot NAME EXPORTED_UP_TO: a root whose kiosk.db has 3 finished answers
  local r="$t/$1"
  mkdir -p "$r/var/lib/junheng" "$r/etc/junheng"
  : > "$r/etc/junheng/kiosk.conf"
  : > "$r/var/lib/junheng/kiosk.db.key"
  sqlite3 "$r/var/lib/junheng/kiosk.db" "CREATE TABLE responses(seq INTEGER PRIMARY KEY, status INTEGER);
    CREATE TABLE exports(id INTEGER PRIMARY KEY, last_seq INTEGER);
    INSERT INTO responses VALUES (1, 1), (2, 2), (3, 1), (4, 0);"
  [ "$2" = 0 ] || sqlite3 "$r/var/lib/junheng/kiosk.db" "INSERT INTO exports(last_seq) VALUES ($2)"
}
run() { # run NAME PURGE_DATA: postrm purge in root NAME into $t/NAME.out
  env PATH="$t/bin:$PATH" DPKG_ROOT="$t/$1" JUNHENG_PURGE_DATA="$2" sh "$postrm" purge >"$t/$1.out" 2>&1
}
check() { # check NAME WHAT CONDITION...
  local name=$1 what=$2; shift 2
  if "$@"; then echo "PASS $name: $what"; else echo "FAIL $name: $what"; cat "$t/$name.out"; fail=1; fi
}

mkroot unexp 1
run unexp yes
check unexp "=yes keeps answers never exported, Chinese first, with the count and the way to export" \
  bash -c "[ -f '$t/unexp/var/lib/junheng/kiosk.db' ] && [ ! -e '$t/unexp/etc/junheng/kiosk.conf' ] &&
    head -1 '$t/unexp.out' | grep -q '没有删除.*有 2 份从未导出的答卷' && grep -q '重新安装 junheng-kiosk' '$t/unexp.out' &&
    grep -q 'JUNHENG_PURGE_DATA=yes-even-unexported' '$t/unexp.out' && grep -q 'NOT deleted.*2 answers never exported' '$t/unexp.out'"

mkroot corrupt 3
: > "$t/corrupt/var/lib/junheng/kiosk.db.corrupt-20261201T100000"
run corrupt yes
# Review r2pack3, item 4: salvage never marks the damaged file, so it is not
# known to be "awaiting salvage": said truthfully (it may still hold
# answers; if salvaged already, remove the folder by hand), and with every
# answer exported it never sends the school to yes-even-unexported.
check corrupt "=yes keeps a damaged database, says it may hold answers and how to go on if salvaged already" \
  bash -c "[ -f '$t/corrupt/var/lib/junheng/kiosk.db.corrupt-20261201T100000' ] &&
    head -1 '$t/corrupt.out' | grep -q '没有删除.*1 个损坏的数据库（kiosk.db.corrupt-…），可能还有答卷' &&
    grep -q '已经取回过.*sudo rm -rf $t/corrupt/var/lib/junheng' '$t/corrupt.out' &&
    grep -q 'may still hold answers' '$t/corrupt.out' && grep -q 'if already salvaged.*rm -rf' '$t/corrupt.out' &&
    ! grep -q '等待取回\\|awaiting salvage\\|yes-even-unexported' '$t/corrupt.out'"
mkroot both 1
: > "$t/both/var/lib/junheng/kiosk.db.corrupt-20261201T100000"
run both yes
check both "=yes with answers never exported and a damaged database names both; only the first needs yes-even-unexported" \
  bash -c "[ -f '$t/both/var/lib/junheng/kiosk.db' ] && head -1 '$t/both.out' | grep -q '没有删除.*有 2 份从未导出的答卷' &&
    grep -q '1 个损坏的数据库.*可能还有答卷' '$t/both.out' && grep -q 'yes-even-unexported' '$t/both.out' &&
    ! grep -q '等待取回\\|awaiting salvage' '$t/both.out'"

mkroot done 3
run done yes
check done "=yes deletes when every answer was exported" \
  bash -c "[ ! -e '$t/done/var/lib/junheng' ] && grep -q '已删除.*从未导出的答卷 0 份' '$t/done.out'"

mkroot forced 1
run forced yes-even-unexported
check forced "=yes-even-unexported deletes and says how many were never exported" \
  bash -c "[ ! -e '$t/forced/var/lib/junheng' ] && grep -q '已删除.*从未导出的答卷 2 份' '$t/forced.out'"

mkroot plain 1
run plain ""
check plain "a plain purge keeps the data; its advice is Chinese first, with 'reinstall to export'" \
  bash -c "[ -f '$t/plain/var/lib/junheng/kiosk.db' ] && head -1 '$t/plain.out' | grep -q '仍保存在' &&
    grep -q '请先重新安装 junheng-kiosk' '$t/plain.out' && grep -q 'reinstall junheng-kiosk' '$t/plain.out'"
# Review rsite9, item 5: the package is installed from a .deb file, so
# "apt-get install junheng-kiosk" finds nothing to install; the advice
# names the file (./junheng-kiosk_…_amd64.deb), Chinese and English.
for name in unexp corrupt plain; do
  check $name "the reinstall advice names the .deb file, never the bare package name" \
    bash -c "grep -q 'sudo apt-get install ./junheng-kiosk_…_amd64.deb' '$t/$name.out' &&
      grep -q 'sudo apt-get install ./junheng-kiosk_..._amd64.deb' '$t/$name.out' &&
      ! grep -q 'apt-get install junheng-kiosk' '$t/$name.out'"
done
exit $fail
