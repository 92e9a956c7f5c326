/* test_ui_util.h - helpers shared by the kiosk UI tests that run without SDL
 * (test_ui, test_ui_store, test_ui_monkey, test_reliab_abuse,
 * test_reliab_faults): a fake text measure, the questionnaires' folders (the
 * frozen 1.0 fixtures, the shipped ones) and running an inline replay script. */
#ifndef TEST_UI_UTIL_H
#define TEST_UI_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "jh.h"
#include "ui_app.h"
#include "ui_replay.h"
#include "ui_text.h"

/* Fake text measure: CJK characters are `size` wide, everything else
 * size / 2.  For ui_measure_t.width; ctx is unused. */
__attribute__((unused)) static int ut_fake_width(void *ctx, const char *s, size_t len, int size)
{
    int w = 0;
    for (size_t i = 0; i < len;) {
        int adv;
        uint32_t cp = ui_utf8_decode(s + i, len - i, &adv);
        w += ui_cp_is_cjk(cp) ? size : size / 2;
        i += (size_t)adv;
    }
    return w;
}

/* The frozen 1.0 questionnaires for tests of kiosk MECHANICS (guards, back,
 * show_if, panel, read-aloud ...): tests/fixtures/surveys-1.0 under
 * $JH_SOURCE_DIR, else the source tree the test was built from.  They do
 * not change when the shipped questionnaires' content does.  Owned by the
 * caller (free). */
__attribute__((unused)) static char *ut_surveys_dir(void)
{
    const char *src = getenv("JH_SOURCE_DIR");
    return jh_sprintf("%s/tests/fixtures/surveys-1.0", src ? src : JH_SOURCE_DIR);
}

/* The shipped questionnaires (data/surveys), for tests of their CONTENT
 * (the layout matrix).  Owned by the caller (free). */
__attribute__((unused)) static char *ut_shipped_surveys_dir(void)
{
    const char *src = getenv("JH_SOURCE_DIR");
    return jh_sprintf("%s/data/surveys", src ? src : JH_SOURCE_DIR);
}

/* Runs the replay script (text, borrowed) against app; returns the number of
 * failed checks, 1 when the script does not parse (the error on stderr). */
__attribute__((unused)) static int ut_run(ui_app_t *app, const char *script)
{
    ui_replay_t r;
    jh_err_t err;
    if (ui_replay_parse("inline", script, &r, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int n = ui_replay_run(&r, app, NULL, NULL, stderr);
    ui_replay_free(&r);
    return n;
}

#endif
