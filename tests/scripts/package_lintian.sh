#!/bin/bash
# package_lintian.sh - builds the two Debian packages from this build (CPack,
# into its own directory) and runs lintian on them: any error fails the test.
# Checks the packages' names, that the kiosk's paths are where the service
# expects them, and that its /etc files are conffiles.
set -u
if [ "${JH_SANITIZE:-0}" = 1 ]; then
  echo "SKIP the packages are built from the plain build, not the sanitizer build"; exit 77
fi
for tool in cpack lintian dpkg-shlibdeps file; do
  command -v "$tool" >/dev/null || { echo "FAIL $tool not found (tools/dev.sh deps installs it)"; exit 1; }
done
out="$JH_BUILD_DIR/package-test/lintian"
rm -rf "$out"
mkdir -p "$out"
if ! (cd "$JH_BUILD_DIR" && cpack -G DEB -B "$out" > "$out/cpack.log" 2>&1); then
  cat "$out/cpack.log"; echo "FAIL cpack could not build the packages"; exit 1
fi
fail=0
kiosk=$(ls "$out"/junheng-kiosk_*_*.deb 2>/dev/null)
bureau=$(ls "$out"/junheng_*_*.deb 2>/dev/null)
[ -f "$kiosk" ] || { echo "FAIL no junheng-kiosk_<version>_<arch>.deb in $out"; fail=1; }
[ -f "$bureau" ] || { echo "FAIL no junheng_<version>_<arch>.deb in $out"; fail=1; }
[ $fail = 0 ] || exit 1
for want in ./usr/bin/junheng-kiosk ./usr/share/junheng/fonts/NotoSansSC-Junheng.otf \
    ./usr/share/junheng/surveys/parent.json ./usr/share/junheng/surveys/teacher.json \
    ./usr/share/junheng/surveys/student.json ./usr/share/junheng/surveys/public.json \
    ./etc/junheng/kiosk.conf ./lib/systemd/system/junheng-kiosk.service \
    ./lib/udev/rules.d/90-junheng-usb.rules ./usr/share/man/man1/junheng-kiosk.1.gz \
    ./usr/share/doc/junheng-kiosk/copyright ./usr/share/doc/junheng-kiosk/changelog.gz \
    ./usr/share/junheng/locale/zh_CN/LC_MESSAGES/junheng.mo; do
  dpkg-deb -c "$kiosk" | awk '{print $6}' | grep -qx "$want" || { echo "FAIL junheng-kiosk lacks $want"; fail=1; }
done
# The Chinese catalog: without it an installed `junheng --help` is English,
# and the kiosk shows the core's messages for the staff in English (the
# kiosk's copy is under /usr/share/junheng/locale, above).
for want in ./usr/bin/junheng ./usr/share/man/man1/junheng.1.gz ./usr/share/doc/junheng/copyright \
    ./usr/share/locale/zh_CN/LC_MESSAGES/junheng.mo ./usr/share/junheng/check/NotoSansSC-Junheng.otf \
    ./usr/share/junheng/examples/surveys/parent.json ./usr/share/junheng/examples/surveys/public.json \
    ./usr/share/junheng/examples/schools.csv; do
  dpkg-deb -c "$bureau" | awk '{print $6}' | grep -qx "$want" || { echo "FAIL junheng lacks $want"; fail=1; }
done
# The bureau's files unpacked (no root needed): `junheng check` finds the
# font the package ships, its help names no build path, the help is Chinese.
mkdir -p "$out/bureau-root"
dpkg-deb -x "$bureau" "$out/bureau-root"
jb="$out/bureau-root/usr/bin/junheng"
help=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$jb" check --help 2>&1)
case "$help" in
  *"$JH_SOURCE_DIR"*|*"$JH_BUILD_DIR"*) echo "FAIL junheng check --help names a build path: $help"; fail=1 ;;
esac
[[ "$help" == 用法：junheng\ check* ]] || { echo "FAIL the unpacked junheng check --help is not Chinese: $help"; fail=1; }
# The questionnaires and the sample register the README's commands name are
# outside /usr/share/doc: minimal and container images drop that
# (path-exclude=/usr/share/doc/*), and `junheng surveys` then failed.
if dpkg-deb -c "$bureau" | awk '{print $6}' | grep -q '^\./usr/share/doc/junheng/examples/'; then
  echo "FAIL junheng still ships examples under /usr/share/doc (dropped by path-exclude on minimal images)"; fail=1
fi
survey="$out/bureau-root/usr/share/junheng/examples/surveys/parent.json"
checked=$("$jb" check "$survey" 2>&1) || { echo "FAIL the unpacked junheng check: $checked"; fail=1; }
# (the packaged font, not the source tree's: spoilt, it is the one named)
: > "$out/bureau-root/usr/share/junheng/check/NotoSansSC-Junheng.otf"
checked=$("$jb" check "$survey" 2>&1)
rc=$?
[ $rc = 3 ] && [[ "$checked" == *"/bureau-root/usr/share/junheng/check/NotoSansSC-Junheng.otf"* ]] ||
  { echo "FAIL junheng check does not read the font of its package (exit $rc): $checked"; fail=1; }
# udev reads rules in name order; the USB rule matches on ID_BUS and ID_FS_*,
# which 60-persistent-storage.rules sets: it must come after it.
rule=$(dpkg-deb -c "$kiosk" | awk '{print $6}' | sed -n 's|^\./lib/udev/rules.d/\(.*\.rules\)$|\1|p')
if [ -z "$rule" ] || [[ ! "$rule" > 60-persistent-storage.rules ]]; then
  echo "FAIL the USB rule '$rule' is read before 60-persistent-storage.rules (ID_FS_* not set yet)"; fail=1
fi
# cage without -s: a USB keyboard's Ctrl+Alt+F2 must not leave the survey for
# a login prompt on a public kiosk (docs/reliability.md row 9; review
# r2docs, item 6: -s was added).  Its -d stays (client-side decorations off).
mkdir -p "$out/kiosk-root"
dpkg-deb -x "$kiosk" "$out/kiosk-root"
grep -qE '^ExecStart=/usr/bin/cage -d --' "$out/kiosk-root/lib/systemd/system/junheng-kiosk.service" ||
  { echo "FAIL the unit does not run 'cage -d --' (-s lets a keyboard switch to a login prompt)"; fail=1; }
dpkg-deb -e "$kiosk" "$out/control"
grep -qx /etc/junheng/kiosk.conf "$out/control/conffiles" || { echo "FAIL /etc/junheng/kiosk.conf is not a conffile"; fail=1; }
# The technician's self-check command works on every Debian: a system
# installed with a root password has no sudo, and `su junheng` fails (the
# user's shell is nologin); runuser is in util-linux (essential).
for f in "$out/control/postinst" "$out/kiosk-root/etc/junheng/kiosk.conf" "$out/kiosk-root/usr/bin/junheng-kiosk"; do
  if grep -aq 'sudo -u junheng' "$f"; then
    echo "FAIL $(basename "$f") tells to run 'sudo -u junheng' (no sudo on many kiosks): use runuser -u junheng --"; fail=1
  fi
done
grep -q 'runuser -u junheng -- junheng-kiosk --self-check' "$out/control/postinst" ||
  { echo "FAIL the postinst does not name 'runuser -u junheng -- junheng-kiosk --self-check'"; fail=1; }
# What a technician reads is Chinese first (review rpack3, item 4): the
# kiosk's --help, naming the font it really uses, and the conffile's header.
khelp=$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C "$out/kiosk-root/usr/bin/junheng-kiosk" --help 2>&1)
[[ "$(sed -n 3p <<<"$khelp")" == 用法* ]] || { echo "FAIL junheng-kiosk --help is not Chinese first: $(head -3 <<<"$khelp")"; fail=1; }
grep -q -- '--font FILE .*(default .*/kiosk-root/usr/share/junheng/fonts/NotoSansSC-Junheng.otf)' <<<"$khelp" ||
  { echo "FAIL junheng-kiosk --help does not name the installed font: $(grep -- --font <<<"$khelp")"; fail=1; }
grep -q '^# /etc/junheng/kiosk.conf - 答题机' "$out/kiosk-root/etc/junheng/kiosk.conf" &&
  grep -q '^# 学校，与区县学校名册一致' "$out/kiosk-root/etc/junheng/kiosk.conf" ||
  { echo "FAIL /etc/junheng/kiosk.conf's header and explanations are not Chinese first"; fail=1; }
for dep in cage libsdl2-2.0-0 libsqlite3-0 adduser espeak-ng-data libespeak-ng1 kmod libc-l10n; do
  dpkg-deb -f "$kiosk" Depends | grep -q "\b$dep\b" || { echo "FAIL junheng-kiosk does not depend on $dep"; fail=1; }
done
# The programs say the packages' version (JH_VERSION in jh.h, project() in CMakeLists.txt).
deb_version=$(dpkg-deb -f "$kiosk" Version)
prog_version=$("$JH_BUILD_DIR/junheng-kiosk" --version)
[ "$prog_version" = "junheng-kiosk $deb_version" ] ||
  { echo "FAIL the package is version $deb_version, the program says '$prog_version'"; fail=1; }
dpkg-deb -f "$bureau" Depends | grep -q libxlsxwriter || { echo "FAIL junheng does not depend on libxlsxwriter"; fail=1; }
# the system's reasons (strerror) in Chinese inside the Chinese messages
dpkg-deb -f "$bureau" Depends | grep -q '\blibc-l10n\b' || { echo "FAIL junheng does not depend on libc-l10n"; fail=1; }
# lintian: E: lines are errors; warnings are printed for whoever reads.
lintian --tag-display-limit 0 "$kiosk" "$bureau" > "$out/lintian.log" 2>&1
cat "$out/lintian.log" | grep -v 'running with root privileges'
if grep -q '^E: ' "$out/lintian.log"; then echo "FAIL lintian reports errors"; fail=1; fi
[ $fail = 0 ] || exit 1
echo "PASS $(basename "$kiosk") and $(basename "$bureau"): files, conffile, dependencies, lintian without errors"
