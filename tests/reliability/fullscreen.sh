#!/bin/bash
# fullscreen.sh - the real kiosk in --fullscreen mode ignores every keyboard
# shortcut and window-system request to close (fullscreen.replay), keeps the
# person's answers, and ends only through the admin PIN and "Quit"; without
# --fullscreen the same close request does end it (windowed.replay), which
# shows the injected events arrive.
set -u
export SDL_VIDEODRIVER=dummy
src="$JH_SOURCE_DIR/tests/reliability"; K="$JH_BUILD_DIR/junheng-kiosk"
base=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
t=$(mktemp -d "$base/jh-fullscreen.XXXXXX"); trap 'rm -rf "$t"' EXIT
fail=0
"$K" --db "$t/k.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --fullscreen --config "$src/fullscreen.conf" --replay "$src/fullscreen.replay" 2> "$t/err"
rc=$?
ignored=$(grep -c "kiosk mode: ignored a request to close the window" "$t/err")
if [ $rc -ne 0 ]; then echo "FAIL full screen: exit $rc"; cat "$t/err"; fail=1
elif [ "$ignored" != 10 ]; then echo "FAIL full screen: $ignored close requests ignored, expected 10"; cat "$t/err"; fail=1
else echo "PASS full screen: 10 close requests ignored (alt+f4, ctrl+q, ctrl+w, window-close, quit), super, alt+tab and escape harmless; only the admin's Quit ended it"; fi
# The person who was answering when the admin quit: kept as abandoned.
got=$(sqlite3 "$t/k.db" "SELECT status || ':' || group_concat(item_id || '=' || value) FROM responses JOIN answers USING (seq) GROUP BY seq")
[ "$got" = "2:grade=g4_6" ] && echo "PASS the answer given survived the shortcuts" || { echo "FAIL stored: '$got'"; fail=1; }
"$K" --db "$t/w.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" --replay "$src/windowed.replay" 2> "$t/err2"
rc=$?
if [ $rc -ne 0 ] || ! grep -q "the window was closed" "$t/err2"; then
  echo "FAIL windowed: a close request should end the program (exit $rc)"; cat "$t/err2"; fail=1
else echo "PASS windowed: a close request ends the program"; fi
exit $fail
