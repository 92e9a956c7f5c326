# Kiosk UI: unit tests of the UI core (no SDL), replays of complete
# questionnaires at three resolutions with the stored answers checked.
if(TARGET jh_ui)
  jh_test(test_ui SOURCES test_ui.c LIBS jh_ui LABELS "unit;ui" TIMEOUT 60)
endif()

if(TARGET junheng-kiosk)
  # jh_ui_replay(CASE SIZE...): tests/ui/CASE.replay at each size.
  function(jh_ui_replay case)
    foreach(size ${ARGN})
      jh_script_test(ui_${case}_${size} scripts/ui_replay.sh LABELS ui TIMEOUT 120
                     ARGS ${case} ${size})
    endforeach()
  endfunction()
  jh_ui_replay(parent_full 1920x1080 1080x1920 1280x800)
  jh_ui_replay(teacher_full 1920x1080 1080x1920 1280x800)
  jh_ui_replay(idle_timeout 1920x1080)
  jh_ui_replay(back_show_if 1080x1920)
endif()

if(TARGET junheng-kiosk)
  # Golden screenshots of every screen at each size (tests/ui/screens.replay).
  # Regenerate only on purpose: JH_UPDATE_GOLDEN=1 ctest -R ui_golden, then
  # look at every image before committing.
  foreach(size 1920x1080 1080x1920 1280x800)
    jh_script_test(ui_golden_${size} scripts/ui_replay.sh LABELS ui TIMEOUT 180
                   ARGS screens ${size} --golden-dir ${CMAKE_SOURCE_DIR}/tests/ui/golden/${size})
  endforeach()
endif()

if(TARGET junheng-kiosk)
  jh_ui_replay(admin_lockout 1280x800)
  jh_ui_replay(admin_export 1920x1080)
  jh_script_test(ui_invalid_survey scripts/ui_replay.sh LABELS ui TIMEOUT 60
                 ARGS invalid_survey 1920x1080 --surveys ${CMAKE_SOURCE_DIR}/tests/ui/bad_surveys
                      --golden-dir ${CMAKE_SOURCE_DIR}/tests/ui/golden/1920x1080)
  jh_script_test(ui_no_survey scripts/ui_replay.sh LABELS ui TIMEOUT 60
                 ARGS no_survey 1280x800 --surveys ${CMAKE_SOURCE_DIR}/tests/ui/no_surveys
                      --golden-dir ${CMAKE_SOURCE_DIR}/tests/ui/golden/1280x800)
endif()
