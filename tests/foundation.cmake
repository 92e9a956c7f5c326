# Foundation: core basics, build boundaries, the programs' --help/--version.
jh_test(test_jh SOURCES test_jh.c LABELS unit TIMEOUT 30)
jh_script_test(core_no_sdl scripts/core_no_sdl.sh LABELS unit TIMEOUT 30)
# Session 12: the core as gcc's Debug build compiles it (-O0, -Werror; forced inlining there once
# gave false -Wstringop-overflow errors in bundle.c).
jh_script_test(core_gcc_debug scripts/core_gcc_debug.sh LABELS unit TIMEOUT 300)
jh_script_test(cli_basics scripts/cli_basics.sh LABELS cli TIMEOUT 30)
# Review rcli finding 3: option values, "--", repeated options.
jh_script_test(cli_options scripts/cli_options.sh LABELS cli TIMEOUT 60)
# tools/dev.sh outside the happy path (session 15): a path with a space, no sudo.
jh_script_test(dev_sh scripts/dev_sh.sh LABELS unit TIMEOUT 60)
# The bureau commands outside the happy path (session 15): mistyped names, unreadable files, read-only places.
jh_script_test(cli_outside scripts/cli_outside.sh LABELS cli TIMEOUT 120)
# What happens meanwhile (session 16): a stick pulled mid-merge, a closed pipe, loops, two runs at once.
jh_script_test(cli_conc scripts/cli_conc.sh LABELS cli TIMEOUT 120)
