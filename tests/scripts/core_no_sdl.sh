#!/bin/bash
# The core library must not depend on SDL: no SDL include in its sources, no
# SDL include path on the target, no SDL symbol in the archive.
set -u
fail=0
if grep -rnE '#\s*include\s*[<"](SDL2?/)?SDL' "$JH_SOURCE_DIR/app/core"; then
  echo "FAIL: app/core includes an SDL header (above)"; fail=1
fi
flags="$JH_BUILD_DIR/CMakeFiles/jh_core.dir/flags.make"
if [ ! -f "$flags" ]; then echo "FAIL: $flags not found"; fail=1
elif grep -n 'SDL' "$flags"; then echo "FAIL: jh_core has an SDL include path or flag"; fail=1; fi
lib="$JH_BUILD_DIR/libjh_core.a"
if [ ! -f "$lib" ]; then echo "FAIL: $lib not found"; fail=1
elif nm -u "$lib" 2>/dev/null | grep -E '\bSDL_|\bTTF_'; then echo "FAIL: libjh_core.a references SDL symbols"; fail=1; fi
[ $fail = 0 ] && echo "PASS core library has no SDL include path, include or symbol"
exit $fail
