#!/bin/bash
# The core library compiles as gcc's Debug build does (-O0, warnings as
# errors): forced inlining at -O0 once made gcc 12 report false buffer
# overflows in bundle.c's reader (-Wstringop-overflow; session 12).  The
# sanitizer build (clang) leaves it to the plain one.
set -u
src="$JH_SOURCE_DIR"
[ "${JH_SANITIZE:-0}" = 1 ] && { echo "SKIP the sanitizer build: the plain build's run compiles it"; exit 77; }
command -v gcc > /dev/null || { echo "SKIP no gcc"; exit 77; }
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
ls "$src"/app/core/*.c | xargs -P 2 -I{} sh -c \
  'gcc -std=c11 -O0 -g -Wall -Wextra -Werror -Wno-unused-parameter -D_GNU_SOURCE -DJH_SOURCE_DIR="\"$1\"" \
       -I"$1/app/core" -c "$0" -o "$2/$(basename "$0").o" 2>&1 || echo "FAIL $0"' {} "$src" "$out" > "$out/log"
if grep -q '^FAIL' "$out/log"; then cat "$out/log"; exit 1; fi
echo "PASS app/core compiles with gcc $(gcc -dumpversion) at -O0 with warnings as errors ($(ls "$out"/*.o | wc -l) files)"
