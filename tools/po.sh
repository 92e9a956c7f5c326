#!/bin/bash
# po.sh - refresh the message catalogs after messages changed:
#   bash tools/po.sh          extract every _() / N_() / P_() string of the bureau
#                             tool and the core into data/po/junheng.pot and merge
#                             it into data/po/zh_CN.po (new strings come in
#                             untranslated; translate them, then run it again)
#   bash tools/po.sh check    fail when a string has no Chinese translation, the
#                             catalog is out of date, or a string is handed unmarked
#                             to a function that translates it (what the test
#                             po_complete runs)
set -euo pipefail
cd "$(dirname "$0")/.."
# (run as a test: the working directory is wherever ctest runs)
POT=data/po/junheng.pot
PO=data/po/zh_CN.po
extract() { # extract OUT
  local log; log=$(mktemp)
  # (xgettext warns about every msgid with Chinese in it: they are fine in UTF-8)
  if ! xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 \
      --flag=_:1:pass-c-format --flag=P_:1:pass-c-format --flag=P_:2:pass-c-format \
      --package-name=junheng --msgid-bugs-address= --sort-by-file --no-location --add-comments=TRANSLATORS \
      -o "$1" $(ls app/core/*.c app/core/*.h tools/*.c tools/*.h | LC_ALL=C sort) 2>"$log"; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
  sed -i 's/charset=CHARSET/charset=UTF-8/' "$1"
}
case "${1:-update}" in
  update)
    extract "$POT"
    if [ -f "$PO" ]; then
      msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-location "$PO" "$POT"
      msgattrib --no-obsolete -o "$PO" "$PO"
    else
      msginit --no-translator --locale=zh_CN.UTF-8 -i "$POT" -o "$PO"
    fi
    msgfmt --check --statistics -o /dev/null "$PO"
    ;;
  check)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    extract "$tmp/fresh.pot"
    # Every string of the sources, with the catalog's translation where it has one.
    msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$PO" "$tmp/fresh.pot"
    msgattrib --untranslated --no-obsolete -o "$tmp/untranslated.po" "$tmp/merged.po"
    msgattrib --only-fuzzy --no-obsolete -o "$tmp/fuzzy.po" "$tmp/merged.po"
    bad=0
    for f in untranslated fuzzy; do
      if [ -s "$tmp/$f.po" ] && grep -q '^msgid "..*"$\|^msgid ""$' "$tmp/$f.po" &&
         [ "$(grep -c '^msgid ' "$tmp/$f.po")" -gt 1 ]; then
        echo "po.sh: $f messages in the sources (translate them in $PO: bash tools/po.sh, then edit):"
        grep '^msgid \|^"' "$tmp/$f.po" | sed -n '2,400p'
        bad=1
      fi
    done
    msgfmt --check --statistics -o /dev/null "$tmp/merged.po" || bad=1
    # The functions that translate the step they are given (_(what)): a
    # string handed to them unmarked is never extracted, so never
    # translated ("pinning a questionnaire时出错"); mark it N_("...").
    unmarked=$(perl -0777 -ne 'while (/\b((?:county_)?db_fail|fail_errno)\s*\(([^;]*?)\);/sg) {
        my ($f, $a) = ($1, $2); my $at = 1 + (substr($_, 0, $-[0]) =~ tr/\n//);
        while ($a =~ /(N_\(\s*|_\(\s*)?"((?:[^"\\]|\\.)*)"/g) { print "$ARGV:$at: $f(... \"$2\" ...)\n" unless $1 }
      }' app/core/*.c tools/*.c)
    if [ -n "$unmarked" ]; then
      echo "po.sh: strings handed unmarked to a function that translates them (mark them N_(\"...\")):"
      echo "$unmarked"
      bad=1
    fi
    exit $bad
    ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
