# The kiosk's input and speech engines, without SDL (issues 13 and 14).
if(JH_KIOSK)
  jh_test(test_input SOURCES test_input.c LIBS jh_input LABELS unit TIMEOUT 60)
  jh_test(test_speech SOURCES test_speech.c LIBS jh_speech LABELS unit TIMEOUT 120)
  add_executable(bench_input bench_input.c)
  target_link_libraries(bench_input PRIVATE jh_input jh_speech jh_core)
  add_test(NAME bench_input COMMAND bench_input)
  set_tests_properties(bench_input PROPERTIES LABELS bench TIMEOUT 600)
endif()
