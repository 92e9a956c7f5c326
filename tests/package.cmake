# Debian packages (packaging/): lintian on the .debs in the default run; the
# install test in a fresh Debian 12 root under the `package` label
# (bash tools/dev.sh package-test).
jh_script_test(package_lintian scripts/package_lintian.sh LABELS cli TIMEOUT 180)
