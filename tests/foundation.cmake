# Foundation: core basics, build boundaries, the programs' --help/--version.
jh_test(test_jh SOURCES test_jh.c LABELS unit TIMEOUT 30)
jh_script_test(core_no_sdl scripts/core_no_sdl.sh LABELS unit TIMEOUT 30)
jh_script_test(cli_basics scripts/cli_basics.sh LABELS cli TIMEOUT 30)
