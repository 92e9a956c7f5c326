#!/bin/bash
# The core library and the kiosk's input and speech engines must not depend
# on SDL: no SDL include in their sources, no SDL include path on their
# targets, no SDL symbol in their archives.
set -u
fail=0
check() { # check TARGET SOURCE_DIR
  local target=$1 src=$2
  if grep -rnE '#\s*include\s*[<"](SDL2?/)?SDL' "$JH_SOURCE_DIR/$src"; then
    echo "FAIL: $src includes an SDL header (above)"; fail=1
  fi
  local flags="$JH_BUILD_DIR/CMakeFiles/$target.dir/flags.make"
  if [ ! -f "$flags" ]; then echo "FAIL: $flags not found"; fail=1
  elif grep -n 'SDL' "$flags"; then echo "FAIL: $target has an SDL include path or flag"; fail=1; fi
  local lib="$JH_BUILD_DIR/lib$target.a"
  if [ ! -f "$lib" ]; then echo "FAIL: $lib not found"; fail=1
  elif nm -u "$lib" 2>/dev/null | grep -E '\bSDL_|\bTTF_'; then echo "FAIL: lib$target.a references SDL symbols"; fail=1; fi
}
check jh_core app/core
if [ -f "$JH_BUILD_DIR/libjh_input.a" ] || [ -d "$JH_BUILD_DIR/CMakeFiles/jh_input.dir" ]; then
  check jh_input app/input
  check jh_speech app/speech
fi
[ $fail = 0 ] && echo "PASS core, input and speech libraries have no SDL include path, include or symbol"
exit $fail
