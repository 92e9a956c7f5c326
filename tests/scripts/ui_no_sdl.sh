#!/bin/bash
# The kiosk's UI core (app/ui, screens) must not depend on SDL: no SDL include
# in its sources, no SDL include path on jh_ui, no SDL symbol in the archive;
# and only the platform layer includes SDL in the kiosk program:
# app/kiosk/plat_sdl.c (video, input) and app/kiosk/voice_sdl.c (audio, issue 14).
set -u
fail=0
if grep -rnE '#\s*include\s*[<"](SDL2?/)?SDL' "$JH_SOURCE_DIR/app/ui" "$JH_SOURCE_DIR/screens"; then
  echo "FAIL: the UI core includes an SDL header (above)"; fail=1
fi
others=$(grep -lE '#\s*include\s*[<"](SDL2?/)?SDL' "$JH_SOURCE_DIR"/app/kiosk/*.c | grep -vE '/(plat|voice)_sdl.c$')
if [ -n "$others" ]; then echo "FAIL: SDL outside plat_sdl.c and voice_sdl.c: $others"; fail=1; fi
flags="$JH_BUILD_DIR/CMakeFiles/jh_ui.dir/flags.make"
if [ ! -f "$flags" ]; then echo "FAIL: $flags not found"; fail=1
elif grep -n 'SDL' "$flags"; then echo "FAIL: jh_ui has an SDL include path or flag"; fail=1; fi
lib="$JH_BUILD_DIR/libjh_ui.a"
if [ ! -f "$lib" ]; then echo "FAIL: $lib not found"; fail=1
elif nm -u "$lib" 2>/dev/null | grep -E '\bSDL_|\bTTF_|\bIMG_'; then echo "FAIL: libjh_ui.a references SDL symbols"; fail=1; fi
# Nothing in the UI core or the screens reads the clock (the code, not its
# strings and comments: "set the date and time (docs/kiosk.md ...)" is text).
code_only() { # FILE: its lines with string literals and // comments emptied, /* */ on one line too
  sed -E 's/"([^"\\]|\\.)*"/""/g; s#/\*([^*]|\*+[^*/])*\*+/##g; s#//.*$##' "$1" | awk -v f="$1" '{print f ":" NR ":" $0}'
}
if for f in "$JH_SOURCE_DIR"/app/ui/*.c "$JH_SOURCE_DIR"/screens/*.c; do code_only "$f"; done |
   grep -E ':[0-9]+:.*\b(time|clock_gettime|gettimeofday|jh_now_ms|SDL_GetTicks)\s*\('; then
  echo "FAIL: the UI core reads the clock (above); time must be passed in"; fail=1
fi
[ $fail = 0 ] && echo "PASS UI core has no SDL and reads no clock; SDL only in plat_sdl.c and voice_sdl.c"
exit $fail
