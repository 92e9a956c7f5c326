# Debian packages (packaging/): lintian on the .debs in the default run; the
# install test in a fresh Debian 12 root under the `package` label
# (bash tools/dev.sh package-test).
jh_script_test(package_lintian scripts/package_lintian.sh LABELS cli TIMEOUT 600)
# The kiosk package's postrm purge on a stand-in root: answers never
# exported are not deleted unless asked for by name.
jh_script_test(package_postrm scripts/package_postrm.sh LABELS unit TIMEOUT 30)
# The service is stopped with SIGTERM: an unfinished questionnaire is stored
# as abandoned (regression test: the old kiosk died, leaving it in progress).
if(JH_KIOSK)
  jh_script_test(kiosk_sigterm scripts/kiosk_sigterm.sh LABELS e2e TIMEOUT 60)
endif()
# junheng-kiosk --self-check: findings and advice, nothing changed.
if(JH_KIOSK)
  jh_script_test(kiosk_self_check scripts/kiosk_self_check.sh LABELS e2e TIMEOUT 240)
  jh_script_test(kiosk_self_check_db scripts/kiosk_self_check_db.sh LABELS e2e TIMEOUT 120)
  jh_script_test(kiosk_export_new_key scripts/kiosk_export_new_key.sh LABELS e2e TIMEOUT 60)
  # docs/kiosk.md "Moving a kiosk to new hardware", step by step
  jh_script_test(kiosk_move scripts/kiosk_move.sh LABELS e2e TIMEOUT 120)
endif()
# Install, run, upgrade, remove and purge in a fresh Debian 12 root (root,
# network; minutes): bash tools/dev.sh package-test.
if(JH_KIOSK)
  jh_script_test(package_install scripts/package_install.sh LABELS package TIMEOUT 1800)
  set_tests_properties(package_install PROPERTIES RUN_SERIAL ON)
endif()
# The USB helper the udev rule runs: mount point and options per filesystem.
jh_script_test(usb_mount_helper scripts/usb_mount_helper.sh LABELS unit TIMEOUT 30)
