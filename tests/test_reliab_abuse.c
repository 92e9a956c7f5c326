/* test_reliab_abuse.c - abuse at the kiosk, through its real state machine
 * and store (no SDL; fake text measure, as in test_ui.c):
 *   - rapid tapping during screen transitions: a storm of taps inside the
 *     auto-advance confirmation window moves on exactly one question; taps
 *     on "next" at a required, unanswered question never skip it; a storm of
 *     taps on "submit" and on the thank-you screen stores exactly one
 *     questionnaire, complete;
 *   - 100 wrong PINs in a row: the lockout holds (even the right PIN is
 *     refused while locked), survives a restart of the kiosk, and lets at
 *     most five guesses through per five minutes.
 * Leaving full screen with keyboard shortcuts needs the SDL platform layer:
 * tests/reliability/fullscreen.replay, run by the real program. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "screens.h"
#include "store.h"
#include "test_store_util.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_replay.h"
#include "ui_text.h"

#define T0 1795395600000LL

static char dir[512];

static store_t *open_store(const char *name, int64_t now)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    store_t *st = NULL;
    jh_err_t err = {0};
    if (store_open(path, now, &st, NULL, &err) != JH_OK) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        exit(2);
    }
    store_ensure_defaults(st, &err);
    return st;
}

static ui_app_t *make_app(store_t *st, int64_t now)
{
    char *surveys = ut_surveys_dir();
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .now_ms = now, .width = 1920, .height = 1080,
                           .measure = {ut_fake_width, NULL}, .idle_seconds = 120};
    ui_app_t *app = ui_app_create(&cfg);
    free(surveys);
    return app;
}

static void tap(ui_app_t *app, int x, int y)
{
    ui_input_t in;
    memset(&in, 0, sizeof in);
    in.type = UI_IN_DOWN;
    in.x = x;
    in.y = y;
    in.t_ms = app->mono_ms;
    ui_app_input(app, &in);
    in.type = UI_IN_UP;
    ui_app_input(app, &in);
}

/* Centre of the visible button labelled text; false when there is none. */
static bool button_at(ui_app_t *app, const char *text, int *x, int *y)
{
    const ui_widget_t *w = ui_frame_find(ui_app_frame(app), text, true);
    if (!w) return false;
    *x = w->r.x + w->r.w / 2;
    *y = w->r.y + w->r.h / 2;
    return true;
}

static int64_t q_int(store_t *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* The kiosk area's complete parent questionnaire up to (not including) the
 * line that starts with stop. */
static char *parent_script_until(const char *stop)
{
    size_t len;
    char *text = tu_read_source("tests/ui/parent_full.replay", &len);
    char *p = strstr(text, stop);
    while (p && p != text && p[-1] != '\n') p = strstr(p + 1, stop);
    if (p) *p = '\0';
    return text;
}

static void test_taps_in_confirm_window(void)
{
    store_t *st = open_store("taps.db", T0);
    ui_app_t *app = make_app(st, T0);
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\ntap-text 我知道了，开始\nwait 500\nexpect-text 第 1 / 23 题\n"));
    int x, y;
    CHECK(button_at(app, "四到六年级", &x, &y));
    int item0 = app->item;
    /* 15 taps on the same option, 20 ms apart: all inside the 400 ms window. */
    for (int i = 0; i < 15; i++) {
        tap(app, x, y);
        ui_app_update(app, 20);
    }
    CHECK_INT(item0, app->item);
    ui_app_update(app, 450);
    CHECK_INT(0, ut_run(app, "expect-text 第 2 / 23 题\nexpect-text 您家住在城里\n"));
    CHECK_STR("g4_6", app->draft.values[item0]);
    /* Changing one's mind quickly: the last tap counts, one step forward
     * (after the input guard of the new question). */
    ui_app_update(app, UI_INPUT_GUARD_MS);
    int item1 = app->item, x2, y2;
    CHECK(button_at(app, "城区", &x, &y));
    CHECK(button_at(app, "乡村", &x2, &y2));
    for (int i = 0; i < 10; i++) {
        tap(app, i % 2 ? x2 : x, i % 2 ? y2 : y);
        ui_app_update(app, 30);
    }
    ui_app_update(app, 450);
    CHECK_STR("rural", app->draft.values[item1]);
    CHECK_INT(0, ut_run(app, "expect-text 第 3 / 23 题\n"));
    /* The answers stored are the ones shown, once each. */
    CHECK_INT(2, q_int(st, "SELECT count(*) FROM answers"));
    CHECK_INT(1, q_int(st, "SELECT count(*) FROM answers WHERE item_id = 'residence' AND value = 'rural'"));
    ui_app_destroy(app);
    store_close(st);
}

/* A required question cannot be skipped however fast "next" is tapped, and
 * a double tap on "next" after answering moves on one question only when
 * the next one is required too. */
static void test_next_cannot_skip_required(void)
{
    store_t *st = open_store("required.db", T0);
    ui_app_t *app = make_app(st, T0);
    char *script = parent_script_until("expect-text 孩子在学校住得好吗");
    CHECK_INT(0, ut_run(app, script));
    free(script);
    CHECK_INT(0, ut_run(app, "expect-text 孩子在学校住得好吗\n"));
    int item = app->item, x, y, ox, oy;
    CHECK(app->survey->items[item].required);
    CHECK(button_at(app, "下一题", &x, &y));
    for (int i = 0; i < 30; i++) {
        tap(app, x, y);
        ui_app_update(app, 10);
    }
    ui_app_update(app, 1000);
    CHECK_INT(item, app->item);
    CHECK_STR("question", ui_app_screen_name(app));
    CHECK(app->draft.values[item] == NULL);
    /* Answer, then hammer "next" straight away (inside the confirmation). */
    CHECK(button_at(app, "满意", &ox, &oy));
    tap(app, ox, oy);
    for (int i = 0; i < 30; i++) {
        ui_app_update(app, 10);
        tap(app, x, y);
    }
    ui_app_update(app, 1000);
    int next = item + 1;
    CHECK(app->survey->items[next].required);
    CHECK_INT(next, app->item);
    CHECK_STR("satisfied", app->draft.values[item]);
    CHECK(app->draft.values[next] == NULL);
    ui_app_destroy(app);
    store_close(st);
}

static void test_submit_storm(void)
{
    store_t *st = open_store("submit.db", T0);
    ui_app_t *app = make_app(st, T0);
    char *script = parent_script_until("tap-text 提交");
    CHECK_INT(0, ut_run(app, script));
    free(script);
    CHECK_STR("summary", ui_app_screen_name(app));
    int x, y;
    CHECK(button_at(app, "提交", &x, &y));
    for (int i = 0; i < 25; i++) {
        tap(app, x, y);
        ui_app_update(app, 15);
    }
    CHECK_STR("thanks", ui_app_screen_name(app));
    /* Keep tapping the thank-you screen: where "submit" was, and its own
     * button, until it is gone. */
    int dx = x, dy = y;
    for (int i = 0; i < 40 && !strcmp(ui_app_screen_name(app), "thanks"); i++) {
        const ui_frame_t *f = ui_app_frame(app);
        for (int k = 0; k < f->n; k++)
            if (f->w[k].kind == UI_W_BUTTON) dx = f->w[k].r.x + f->w[k].r.w / 2, dy = f->w[k].r.y + f->w[k].r.h / 2;
        tap(app, i % 2 ? x : dx, i % 2 ? y : dy);
        ui_app_update(app, 50);
    }
    ui_app_update(app, 10000);
    CHECK_STR("welcome", ui_app_screen_name(app));
    CHECK_INT(1, q_int(st, "SELECT count(*) FROM responses WHERE status = 1"));
    CHECK_INT(0, q_int(st, "SELECT count(*) FROM responses WHERE status = 0"));
    CHECK_INT(1, app->n_submitted);
    /* Complete: every answer of the replay is there, once. */
    CHECK_INT(23, q_int(st, "SELECT count(*) FROM answers a JOIN responses r USING (seq) WHERE r.status = 1"));
    CHECK_INT(23, q_int(st, "SELECT count(DISTINCT item_id) FROM answers"));
    ui_app_destroy(app);
    store_close(st);
}

/* Opens the PIN pad with the hidden gesture and enters pin; returns the
 * screen reached ("admin" or "pin"). */
static const char *try_pin(ui_app_t *app, const char *pin)
{
    if (strcmp(ui_app_screen_name(app), "pin") != 0) {
        for (int i = 0; i < 5; i++) {
            tap(app, 20, 20);
            ui_app_update(app, 100);
        }
    }
    char script[128];
    snprintf(script, sizeof script, "expect-screen pin\ntext %s\nkey enter\n", pin);
    CHECK_INT(0, ut_run(app, script));
    return ui_app_screen_name(app);
}

static int n_guesses_checked;

static void test_hundred_wrong_pins(void)
{
    store_t *st = open_store("pin.db", T0);
    jh_err_t err;
    CHECK_INT(JH_OK, store_pin_set(st, "1357", &err));
    ui_app_t *app = make_app(st, T0);
    int64_t first_lock = 0;
    for (int i = 0; i < 100; i++) {
        char wrong[8];
        snprintf(wrong, sizeof wrong, "%04d", 2000 + i);
        int64_t failures_before = q_int(st, "SELECT failures FROM pin");
        CHECK_STR("pin", try_pin(app, wrong));
        if (q_int(st, "SELECT failures FROM pin") != failures_before) n_guesses_checked++;
        if (!first_lock && q_int(st, "SELECT locked_until_ms FROM pin") > 0)
            first_lock = q_int(st, "SELECT locked_until_ms FROM pin");
        ui_app_update(app, 1000); /* one attempt a second: 100 s in all */
    }
    /* Locked after the fifth; the other 95 never reached the PIN check. */
    CHECK_INT(5, n_guesses_checked);
    CHECK(first_lock > T0);
    CHECK(q_int(st, "SELECT locked_until_ms FROM pin") == first_lock);
    CHECK_STR("pin", try_pin(app, "1357"));
    CHECK_CONTAINS("已锁定", app->pin_msg);
    ui_app_destroy(app);
    store_close(st);

    /* Restart (power cut and back) two minutes later: still locked. */
    st = open_store("pin.db", T0 + 220000);
    app = make_app(st, T0 + 220000);
    CHECK_STR("pin", try_pin(app, "1357"));
    CHECK_CONTAINS("已锁定", app->pin_msg);
    /* After the five minutes: the right PIN opens the admin screen. */
    ui_app_destroy(app);
    store_close(st);
    st = open_store("pin.db", first_lock + 1000);
    jh_err_t serr;
    CHECK_INT(JH_OK, store_setting_set(st, "school_code", "3607210001", &serr)); /* else: setup first */
    app = make_app(st, first_lock + 1000);
    CHECK_STR("admin", try_pin(app, "1357"));
    CHECK_INT(0, q_int(st, "SELECT failures FROM pin"));
    ui_app_destroy(app);
    store_close(st);
    printf("  100 wrong PINs in 100 s: %d reached the PIN check, the rest were refused by the lock\n",
           n_guesses_checked);
}

int main(void)
{
    jh_crypto_init();
    if (!getenv("TMPDIR") && access("/dev/shm", W_OK) == 0) setenv("TMPDIR", "/dev/shm", 1);
    tu_tempdir(dir, "abuse");
    RUN(test_taps_in_confirm_window);
    RUN(test_next_cannot_skip_required);
    RUN(test_submit_storm);
    RUN(test_hundred_wrong_pins);
    tu_rmtree(dir);
    CHECK_DONE();
}
