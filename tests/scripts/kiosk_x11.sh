#!/bin/bash
# kiosk_x11.sh - runs the kiosk in a real X11 window under Xvfb (as the
# README's run command does on a desktop) and compares its welcome screen,
# drawn with the bundled font, with the 1280x800 golden screenshot.  SDL
# fails to start (exit 3) rather than fall back when the x11 driver is not there.
set -u
if ! command -v xvfb-run >/dev/null; then
  echo "FAIL xvfb-run not found (Debian package xvfb; tools/dev.sh installs it)"; exit 1
fi
src="$JH_SOURCE_DIR/tests/ui"
work=$(mktemp -d "${TMPDIR:-/tmp}/jh-x11-XXXXXX")
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=x11
xvfb-run -a -s "-screen 0 1280x800x24" \
  "$JH_BUILD_DIR/junheng-kiosk" --db "$work/kiosk.db" --surveys "$JH_SOURCE_DIR/tests/fixtures/surveys-1.0" \
  --config "$src/screens.conf" --size 1280x800 --replay "$src/x11_window.replay" \
  --screenshot-dir "$JH_BUILD_DIR/ui-shots/x11" --golden-dir "$src/golden/1280x800" > "$work/out" 2>&1
rc=$?
cat "$work/out"
if [ $rc -ne 0 ]; then echo "FAIL the kiosk in an X11 window exited with $rc"; exit 1; fi
echo "PASS the kiosk draws its welcome screen in an X11 window, matching the golden"
