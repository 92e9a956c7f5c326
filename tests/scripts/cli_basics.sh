#!/bin/bash
# Both programs answer --help and --version; unknown commands are usage errors.
set -u
fail=0
b="$JH_BUILD_DIR"
expect() { # expect DESC EXPECTED_RC CMD...
  local desc=$1 want=$2; shift 2
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $desc: expected exit $want, got $rc: $out"; fail=1; return 1; fi
  echo "PASS $desc"; LAST="$out"
}
expect "junheng --version" 0 "$b/junheng" --version && { [[ "$LAST" == "junheng 0."* ]] || { echo "FAIL version text: $LAST"; fail=1; }; }
expect "junheng --help" 0 "$b/junheng" --help && { [[ "$LAST" == *"Usage: junheng COMMAND"* ]] || { echo "FAIL help text"; fail=1; }; }
expect "junheng bogus" 2 "$b/junheng" bogus && { [[ "$LAST" == *"unknown command 'bogus'"* ]] || { echo "FAIL bogus text: $LAST"; fail=1; }; }
expect "junheng (no args)" 2 "$b/junheng"
if [ -x "$b/junheng-kiosk" ]; then
  expect "junheng-kiosk --version" 0 "$b/junheng-kiosk" --version && { [[ "$LAST" == "junheng-kiosk 0."* ]] || { echo "FAIL kiosk version: $LAST"; fail=1; }; }
  expect "junheng-kiosk --help" 0 "$b/junheng-kiosk" --help && { [[ "$LAST" == *"--replay"* ]] || { echo "FAIL kiosk help lacks --replay"; fail=1; }; }
  expect "junheng-kiosk --bogus" 2 "$b/junheng-kiosk" --bogus
fi
exit $fail
