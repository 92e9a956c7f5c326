#!/bin/bash
# tools/dev.sh outside the happy path (an outside review, session 15): a
# checkout whose path holds a space (the sanitizers' LSAN_OPTIONS), a
# machine without sudo (deps).
set -u
src="$JH_SOURCE_DIR"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-devsh.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1"; fail=1; }

# A copy of dev.sh in a checkout whose path has a space, with a
# suppression for the test program's leak.
co="$t/my checkout"
mkdir -p "$co/tools" "$co/tests"
cp "$src/tools/dev.sh" "$co/tools/"
printf 'leak:jh_devsh_leaky\n' >"$co/tests/lsan.supp"

# -- LSAN_OPTIONS as the test command sets it: the suppressions file is
# read (the leak it names is not reported), no "expected '='"
opts=$(bash -c 'source "$1"; lsan_options' _ "$co/tools/dev.sh") || bad "lsan_options"
cat >"$t/leak.c" <<'C'
#include <stdlib.h>
void *volatile jh_devsh_sink;
__attribute__((noinline)) void jh_devsh_leaky(void) { jh_devsh_sink = malloc(10); jh_devsh_sink = 0; }
int main(void) { jh_devsh_leaky(); return 0; }
C
if command -v clang >/dev/null && clang -fsanitize=address -g -O0 "$t/leak.c" -o "$t/leak" 2>/dev/null \
   && ASAN_OPTIONS=detect_leaks=1 "$t/leak" >/dev/null 2>&1; [ $? -ne 0 ] && [ -x "$t/leak" ]; then
  out=$(ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="$opts" "$t/leak" 2>&1); rc=$?
  [ $rc -eq 0 ] && [[ "$out" != *"expected '='"* ]] \
    && ok "LSAN_OPTIONS with a path holding a space: the suppressions are read ($opts)" \
    || bad "LSAN_OPTIONS=$opts: exit $rc: $out"
else
  echo "SKIP no clang with AddressSanitizer, or LeakSanitizer cannot run here"
fi

# -- deps on a machine without sudo, as another user than root: what to do
mkdir -p "$t/bin"
for c in dpkg-query grep env dirname; do ln -s "$(command -v $c)" "$t/bin/$c"; done
run_deps() { # PATH for deps: runs deps with a package that is not installed, as uid 1000
  PATH="$1" "$BASH" -c 'source "$1"; id() { echo 1000; }; PACKAGES=(jh-no-such-package); deps' _ "$co/tools/dev.sh" 2>&1
}
out=$(run_deps "$t/bin"); rc=$?
[ $rc -eq 1 ] && [[ "$out" == *"没有 sudo"*"su -c"*"no sudo"*"su -c"* ]] && [[ "$out" != *"command not found"* ]] \
  && ok "deps without sudo says what to do (exit 1)" || bad "deps without sudo: exit $rc: $out"
# with sudo: DEBIAN_FRONTEND reaches apt-get through sudo's reset environment
printf '#!/bin/sh\necho "sudo $*" >>"%s/calls"\n' "$t" >"$t/bin/sudo"
chmod +x "$t/bin/sudo"
out=$(run_deps "$t/bin"); rc=$?
[ $rc -eq 0 ] && grep -q '^sudo env DEBIAN_FRONTEND=noninteractive apt-get install .*jh-no-such-package' "$t/calls" \
  && ok "deps with sudo passes DEBIAN_FRONTEND through env" || bad "deps with sudo: exit $rc: $out; $(cat "$t/calls" 2>&1)"

# -- dev.sh kiosk gives no --surveys (review rdocs: it overrode a county pack
# installed on the admin screen): on a fresh database the kiosk starts with
# the bundled questionnaires by itself, later with the pack's
if [ -x "$JH_BUILD_DIR/junheng-kiosk" ]; then
  mkdir -p "$co/build" "$t/xdg"
  printf '#!/bin/sh\necho "$*" >>"%s/kiosk-args"\nexec "%s/junheng-kiosk" "$@"\n' "$t" "$JH_BUILD_DIR" >"$co/build/junheng-kiosk"
  chmod +x "$co/build/junheng-kiosk"
  printf 'expect-screen welcome\nexpect-text 开始答题\n' >"$t/start.replay"
  out=$(XDG_DATA_HOME="$t/xdg" "$BASH" -c 'source "$1"; shift; deps() { :; }; build() { :; }; run_kiosk "$@"' \
        _ "$co/tools/dev.sh" --replay "$t/start.replay" 2>&1); rc=$?
  [ $rc -eq 0 ] && [ -s "$t/xdg/junheng/kiosk.db" ] && ! grep -q -- --surveys "$t/kiosk-args" \
    && grep -q -- "--db $t/xdg/junheng/kiosk.db" "$t/kiosk-args" \
    && ok "dev.sh kiosk: no --surveys; a fresh database starts with the bundled questionnaires" \
    || bad "dev.sh kiosk: exit $rc, args $(cat "$t/kiosk-args" 2>&1): $(echo "$out" | tail -5)"
fi
exit $fail
