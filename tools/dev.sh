#!/bin/bash
# dev.sh - set up a Debian 12 machine, build, and run Junheng.
#
#   bash tools/dev.sh kiosk [kiosk options]   install, build, start the kiosk
#   bash tools/dev.sh test                    install, build twice (plain and
#                                             ASan+UBSan), run every test
#   bash tools/dev.sh bench                   build (Release) and run benchmarks
#   bash tools/dev.sh bench-long              the same for the long ones (report_bench)
#   bash tools/dev.sh long                    long fault, fuzz and soak runs
#   bash tools/dev.sh package                 build the .deb packages into build/deb/
#   bash tools/dev.sh package-test            install them into a fresh Debian 12
#                                             root (debootstrap; needs root)
#   bash tools/dev.sh deps                    only install the missing packages
#                                             (of every command)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# What the build and the test command need.
PACKAGES=(build-essential cmake pkg-config clang libclang-rt-14-dev
          libsdl2-dev libsdl2-ttf-dev libfreetype-dev libharfbuzz-dev libsdl2-image-dev
          libsqlite3-dev sqlite3 libcjson-dev
          libsodium-dev libssl-dev libxlsxwriter-dev python3 python3-openpyxl
          fonts-noto-cjk xvfb xauth
          librime-dev rime-data-luna-pinyin libzinnia-dev tegaki-zinnia-simplified-chinese
          libespeak-ng-dev espeak-ng-data
          gettext libc-l10n libreoffice-calc-nogui poppler-utils chromium
          dpkg-dev file lintian)
# Only for the commands that use them (deps installs them all): Valgrind for
# the long run's memcheck on the plain build, debootstrap for package-test,
# fontTools (with SciPy: 26 packages) for tools/make_font_subset.py.
LONG_PACKAGES=(valgrind)
PACKAGE_TEST_PACKAGES=(debootstrap)
FONT_PACKAGES=(python3-fonttools)

deps() { # deps [more packages...]: installs what is missing of PACKAGES and those
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      # (a plain Debian 12 installed with a root password has no sudo)
      echo "dev.sh: 需要安装 ${missing[*]}，但本机没有 sudo：请以 root 身份运行 su -c \"bash '$ROOT/tools/dev.sh' deps\"（输入 root 密码），再以本用户运行原来的命令；或先安装 sudo 并把本用户加入 sudo 组" >&2
      echo "dev.sh: ${missing[*]} must be installed, but there is no sudo here: run su -c \"bash '$ROOT/tools/dev.sh' deps\" (the root password), then the command again as this user; or install sudo and add this user to the group sudo" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  # (through env: sudo resets the environment, DEBIAN_FRONTEND would not reach apt-get)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The value of a sanitizer option holding a path, quoted: the sanitizers'
# option parser splits LSAN_OPTIONS at spaces and colons, and takes a
# value whole between single or double quotes.
san_quote() {
  case $1 in
    *\'*) printf '"%s"' "$1" ;;
    *) printf "'%s'" "$1" ;;
  esac
}

lsan_options() {
  echo "suppressions=$(san_quote "$ROOT/tests/lsan.supp"):print_suppressions=0"
}

build() { # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

# dev.sh kiosk: the kiosk on ~/.local/share/junheng/kiosk.db.  No --surveys:
# the kiosk offers a county pack installed on its admin screen (DB.surveys/),
# else the bundled questionnaires (data/surveys of this tree) by itself.
run_kiosk() {
  deps
  build "$ROOT/build"
  local data="${XDG_DATA_HOME:-$HOME/.local/share}/junheng"
  mkdir -p "$data"
  exec "$ROOT/build/junheng-kiosk" --db "$data/kiosk.db" "$@"
}

# Sourced (tests/scripts/dev_sh.sh): the functions above only.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 0; fi
cd "$ROOT"

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  deps) deps "${LONG_PACKAGES[@]}" "${PACKAGE_TEST_PACKAGES[@]}" "${FONT_PACKAGES[@]}" ;;
  kiosk) run_kiosk "$@" ;;
  test)
    deps
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
    # The sanitizer build compiles while the plain tests run: they leave the
    # cores idle whenever they wait (fsync, child programs, LibreOffice), and
    # the two together take less time than one after the other.  Its output
    # goes to build-asan.log (printed when it fails); in its own process
    # group, so that stopping this script stops it too.
    mkdir -p build-asan
    setsid bash -c 'cmake -S "$1" -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
                      -DJH_SANITIZE=ON -DJH_FUZZ=ON >/dev/null && cmake --build build-asan -j "$(nproc)"' \
      asan-build "$ROOT" > build-asan/build.log 2>&1 &
    asan_build=$!
    trap 'kill -- -$asan_build 2>/dev/null || true' EXIT
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    LSAN_OPTIONS=$(lsan_options)
    export LSAN_OPTIONS
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    rc=0
    echo "== tests (plain build; the sanitizer build compiles beside them)"
    ctest --test-dir build -LE 'bench|long|package' -j 2 --output-on-failure --no-tests=error || rc=1
    echo "== sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer)"
    if ! wait $asan_build; then
      tail -n 60 build-asan/build.log
      echo "dev.sh: the sanitizer build failed (whole output: build-asan/build.log)"
      exit 1
    fi
    trap - EXIT
    echo "== tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
    ctest --test-dir build-asan -LE 'bench|long|package' -j 2 --output-on-failure --no-tests=error || rc=1
    exit $rc
    ;;
  bench|bench-long)
    deps
    build build-release -DCMAKE_BUILD_TYPE=Release
    # (labels as whole words: ctest -L takes a regular expression, and
    # "bench" would match bench-long too)
    if [ "$cmd" = bench-long ]; then
      ctest --test-dir build-release -L '^bench-long$' --output-on-failure --no-tests=error -V
      exit
    fi
    # DuckDB, an anchor of the merge benchmark (tests/stats/bench.sh), comes
    # from the npm registry as @duckdb/node-api; without npm it is skipped.
    if command -v npm >/dev/null && [ ! -d build-release/duckdb/node_modules/@duckdb/node-api ]; then
      mkdir -p build-release/duckdb
      npm install --prefix build-release/duckdb --no-audit --no-fund --silent @duckdb/node-api ||
        echo "dev.sh: could not install @duckdb/node-api; the DuckDB anchor will be skipped"
    fi
    ctest --test-dir build-release -L '^bench$' --output-on-failure --no-tests=error -V
    ;;
  long)
    deps "${LONG_PACKAGES[@]}"
    build build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DJH_SANITIZE=ON -DJH_FUZZ=ON
    LSAN_OPTIONS=$(lsan_options)
    export LSAN_OPTIONS
    rc=0
    ctest --test-dir build-asan -L '^long$' --output-on-failure --no-tests=error || rc=1
    # Valgrind needs an uninstrumented build: the statistics memcheck again there.
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
    ctest --test-dir build -L '^long$' -R memcheck --output-on-failure --no-tests=error || rc=1
    # ThreadSanitizer on the threads: the merge's worker and writer, the
    # statistics' second census half and CSV writer, its connections read
    # at one state while a merge commits (during_merge), the report's workbook
    # (only what those tests run is built; a report ends the program, exit 66).
    cmake -S "$ROOT" -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
      -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
      -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null
    cmake --build build-tsan -j "$(nproc)" --target junheng stats_gen stats_bench merge_workers
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir build-tsan \
      -R '^(report_e2e|stats_split|stats_merge_workers|stats_during_merge)$' --output-on-failure --no-tests=error --timeout 900 || rc=1
    exit $rc
    ;;
  package)
    deps
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
    rm -f build/deb/*.deb
    (cd build && cpack -G DEB)
    ls -l build/deb/*.deb
    lint=$(lintian --tag-display-limit 0 build/deb/*.deb 2>&1 | grep -v 'running with root privileges' || true)
    [ -z "$lint" ] || echo "$lint"
    if grep -q '^E: ' <<<"$lint"; then echo "dev.sh: lintian reports errors"; exit 1; fi
    ;;
  package-test)
    deps "${PACKAGE_TEST_PACKAGES[@]}"
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
    ctest --test-dir build -L package --output-on-failure --no-tests=error -V
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
