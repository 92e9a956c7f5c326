#!/bin/bash
# chromium_load.sh HTML... - prints, for each file, how long headless
# Chromium takes to load it: from navigation start until the document is
# parsed, its load event has fired and its whole layout is done (a forced
# layout in the load handler), as the page itself measures it
# (performance.now()).  Browser start-up is not counted.  Used by the report
# benchmark (label bench); prints "LOAD_MS file ms", or "LOAD_MS file -" when
# Chromium is missing or gave no figure.  The measured copy gets one script
# in its head; the file itself is not changed.
set -u
browser=${JH_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
for f in "$@"; do
  if [ -z "$browser" ]; then echo "LOAD_MS $f -"; continue; fi
  d=$(mktemp -d "${TMPDIR:-/tmp}/jh-load.XXXXXX")
  copy="$d/$(basename "$f")"
  # the copy sits in the same folder as a sibling annex would (links stay valid)
  sed '0,/<head>/s//<head><script>addEventListener("load",function(){document.body.offsetHeight;document.documentElement.setAttribute("data-load-ms",Math.round(performance.now()))})<\/script>/' "$f" >"$copy"
  ms=$(timeout 600 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --user-data-dir="$d/profile" --dump-dom "file://$copy" 2>/dev/null |
       grep -o -m1 'data-load-ms="[0-9]*"' | grep -o '[0-9]*')
  echo "LOAD_MS $f ${ms:--}"
  rm -rf "$d"
done
