/* test_ui.c - unit tests of the kiosk UI core without SDL: UTF-8, Chinese
 * line breaking with kinsoku rules, hit testing, replay parsing and the app
 * state machine driven with a fake clock and a fake text measure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "screens.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_i18n.h"
#include "ui_image.h"
#include "ui_replay.h"
#include "ui_text.h"
#include "ui_widget.h"

static const ui_measure_t fake = {ut_fake_width, NULL};

static char *line_str(const ui_lines_t *l, int i)
{
    static char buf[8][256];
    snprintf(buf[i % 8], sizeof buf[0], "%.*s", (int)l->line[i].len, l->line[i].s);
    return buf[i % 8];
}

static void test_utf8(void)
{
    int adv;
    CHECK_INT(0x4E2D, ui_utf8_decode("中", 3, &adv));
    CHECK_INT(3, adv);
    CHECK_INT(0xFFFD, ui_utf8_decode("\xE4\xB8", 2, &adv)); /* truncated */
    CHECK_INT(1, adv);
    CHECK_INT(0xFFFD, ui_utf8_decode("\xC0\x80", 2, &adv)); /* overlong */
    char out[4];
    CHECK_INT(3, ui_utf8_encode(0x2713, out));
    CHECK(!memcmp(out, "\xE2\x9C\x93", 3));
    CHECK_INT(4, ui_utf8_count("a中文b"));
    CHECK_INT(4, ui_utf8_drop_last("a中文"));
    CHECK_INT(0, ui_utf8_drop_last(""));
}

static void test_break_cjk(void)
{
    ui_lines_t l;
    /* 9 characters fit; the comma may not start the second line, so 九 moves down with it. */
    ui_text_break(&fake, "一二三四五六七八九，十", 10, 90, &l);
    CHECK_INT(2, l.n);
    CHECK_STR("一二三四五六七八", line_str(&l, 0));
    CHECK_STR("九，十", line_str(&l, 1));
    /* An opening bracket may not end a line. */
    ui_text_break(&fake, "一二三四五六七（八）九", 10, 80, &l);
    CHECK_INT(2, l.n);
    CHECK_STR("一二三四五六七", line_str(&l, 0));
    CHECK_STR("（八）九", line_str(&l, 1));
    /* Every closing mark from the brief is kept off line starts. */
    const char *closers[] = {"，", "。", "！", "？", "；", "：", "、", "）", "》", "」"};
    for (size_t k = 0; k < sizeof closers / sizeof closers[0]; k++) {
        char text[64];
        snprintf(text, sizeof text, "一二三四%s五六", closers[k]);
        ui_text_break(&fake, text, 10, 40, &l);
        for (int i = 0; i < l.n; i++) {
            int adv;
            uint32_t cp = ui_utf8_decode(l.line[i].s, l.line[i].len, &adv);
            if (ui_cp_no_line_start(cp)) {
                fprintf(stderr, "line %d of \"%s\" starts with closing punctuation\n", i, text);
                check_failures_++;
            }
        }
    }
    const char *openers[] = {"（", "《", "「"};
    for (size_t k = 0; k < 3; k++) {
        char text[64];
        snprintf(text, sizeof text, "一二三%s四五六", openers[k]);
        ui_text_break(&fake, text, 10, 40, &l);
        CHECK_STR("一二三", line_str(&l, 0));
    }
    /* Each line fits. */
    ui_text_break(&fake, "学校教孩子做人、讲道理、守规矩，您满意吗？", 10, 70, &l);
    for (int i = 0; i < l.n; i++) CHECK(l.line[i].w <= 70);
    CHECK(l.n == 3 || l.n == 4);
}

static void test_break_latin(void)
{
    ui_lines_t l;
    /* Latin breaks at spaces only; trailing spaces are not part of a line. */
    ui_text_break(&fake, "hello world foo", 10, 40, &l);
    CHECK_INT(3, l.n);
    CHECK_STR("hello", line_str(&l, 0));
    CHECK_STR("world", line_str(&l, 1));
    CHECK_STR("foo", line_str(&l, 2));
    CHECK_INT(25, l.line[0].w);
    /* A word longer than the line is cut. */
    ui_text_break(&fake, "abcdefghij", 10, 20, &l);
    CHECK_INT(3, l.n);
    CHECK_STR("abcd", line_str(&l, 0));
    /* Mixed text: a number stays with its neighbours' rules. */
    ui_text_break(&fake, "第 12 / 20 题", 10, 1000, &l);
    CHECK_INT(1, l.n);
    ui_text_break(&fake, "a\n\nb", 10, 1000, &l);
    CHECK_INT(3, l.n);
    CHECK_STR("", line_str(&l, 1));
    ui_text_break(&fake, "", 10, 100, &l);
    CHECK_INT(0, l.n);
}

static void test_hit(void)
{
    ui_frame_t f;
    memset(&f, 0, sizeof f);
    f.measure = fake;
    ui_frame_begin(&f, 1920, 1080, 100);
    f.focus_id = f.pressed_id = -1;
    CHECK_INT(100, f.unit_pct);
    ui_label(&f, 0, 0, 500, "标题", 40, 0xff, UI_ALIGN_LEFT);
    ui_button(&f, 7, 1, (ui_rect_t){100, 100, 200, 100}, "满意", 40, 0);
    ui_button(&f, 7, 2, (ui_rect_t){100, 220, 200, 100}, "不满意", 40, UI_BTN_SELECTED);
    const ui_widget_t *w = ui_frame_hit(&f, 150, 150);
    CHECK(w && w->arg == 1);
    w = ui_frame_hit(&f, 299, 319);
    CHECK(w && w->arg == 2);
    CHECK(ui_frame_hit(&f, 150, 210) == NULL); /* the gap */
    CHECK(ui_frame_hit(&f, 10, 10) == NULL);   /* a label is not a button */
    CHECK(ui_frame_find(&f, "满意", true) == &f.w[1]);
    CHECK(ui_frame_find(&f, "标题", true) == NULL);
    CHECK(ui_frame_shows(&f, "标"));
    uint64_t h1 = ui_draw_list_hash(&f.dl);
    ui_frame_begin(&f, 1280, 800, 125);
    CHECK_INT(74, f.unit_pct);
    CHECK_INT(37, ui_font(&f, 40)); /* 40 * 0.74 * 1.25 */
    CHECK(ui_draw_list_hash(&f.dl) != h1);
    ui_frame_free(&f);
}

static void test_replay_parse(void)
{
    ui_replay_t r;
    jh_err_t err;
    CHECK_INT(JH_OK, ui_replay_parse("t.replay", "# c\n\ntap 1 2\ntap-text 开始 答题\nwait 500\nkey Enter\n"
                                     "drag 1 2 3 4\nshot a-b_1\nexpect-screen welcome\n", &r, &err));
    CHECK_INT(7, r.n);
    CHECK_INT(3, r.cmds[0].line);
    CHECK_STR("开始 答题", r.cmds[1].arg);
    CHECK_INT(500, r.cmds[2].ms);
    CHECK_INT(UI_KEY_ENTER, r.cmds[3].key);
    CHECK_INT(4, r.cmds[4].y2);
    ui_replay_free(&r);
    CHECK_INT(JH_ERR_INVALID, ui_replay_parse("t.replay", "tap 1\n", &r, &err));
    CHECK_STR("t.replay:1: tap: argument 2 must be a non-negative number", err.msg);
    CHECK_INT(JH_ERR_INVALID, ui_replay_parse("t.replay", "wait 5\njump 3\n", &r, &err));
    CHECK_CONTAINS("t.replay:2: unknown command 'jump'", err.msg);
    CHECK_INT(JH_ERR_INVALID, ui_replay_parse("t.replay", "key F13\n", &r, &err));
    CHECK_CONTAINS("t.replay:1: key: unknown key 'F13'", err.msg);
    CHECK_INT(JH_ERR_INVALID, ui_replay_parse("t.replay", "shot ../x\n", &r, &err));
    CHECK_INT(JH_ERR_INVALID, ui_replay_parse("t.replay", "tap-text\n", &r, &err));
    CHECK_STR("t.replay:1: tap-text needs an argument", err.msg);
}

static void test_image_compare(void)
{
    unsigned char a[16] = {0}, b[16] = {0}, d[16];
    b[0] = 30;  /* within tolerance */
    b[5] = 200; /* beyond */
    CHECK_INT(1, ui_image_compare(a, b, 2, 2, 40, d));
    CHECK_INT(255, d[4]);
    CHECK_INT(0, d[5]);
    CHECK_INT(2, ui_image_compare(a, b, 2, 2, 10, NULL));
}

/* ---- the app with a real store and the bundled questionnaires ------------------ */

static char tmpdir[256];

static ui_app_t *make_app(store_t **st, int w, int h)
{
    char db[300];
    snprintf(db, sizeof db, "%s/k%d.db", tmpdir, rand());
    jh_err_t err;
    CHECK_INT(JH_OK, store_open(db, 1795395600000LL, st, NULL, &err));
    store_ensure_defaults(*st, &err);
    char *dir = ut_surveys_dir();
    ui_app_config_t cfg = {.store = *st, .surveys_dir = dir, .now_ms = 1795395600000LL, .width = w,
                           .height = h, .measure = fake, .idle_seconds = 60};
    ui_app_t *app = ui_app_create(&cfg);
    free(dir);
    return app;
}

/* Every option button of every question is at least 80 px tall at 1080p, and
 * every widget lies inside the screen. */
static void check_layout(ui_app_t *app)
{
    const ui_frame_t *f = ui_app_frame(app);
    for (int i = 0; i < f->n; i++) {
        ui_rect_t r = f->w[i].r;
        if (r.x < 0 || r.y < 0 || r.x + r.w > f->width || r.y + r.h > f->height) {
            fprintf(stderr, "screen %s: widget \"%s\" at %d,%d %dx%d leaves the %dx%d screen\n",
                    ui_app_screen_name(app), f->w[i].label, r.x, r.y, r.w, r.h, f->width, f->height);
            check_failures_++;
        }
        int min = 80 * f->unit_pct / 100;
        if (f->w[i].kind == UI_W_BUTTON && r.h < min) {
            fprintf(stderr, "screen %s: button \"%s\" is %d px tall, expected >= %d\n",
                    ui_app_screen_name(app), f->w[i].label, r.h, min);
            check_failures_++;
        }
    }
}

static void walk_parent(int w, int h, bool large)
{
    store_t *st;
    ui_app_t *app = make_app(&st, w, h);
    if (large) CHECK_INT(0, ut_run(app, "tap-text 大字模式\n"));
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\ntap-text 家长\ntap-text 我知道了，开始\n"));
    int guard = 0;
    while (!strcmp(ui_app_screen_name(app), "question") && guard++ < 60) {
        check_layout(app);
        const survey_item_t *it = &app->survey->items[app->item];
        CHECK(ui_app_wants_text(app) == (it->type == SURVEY_ITEM_TEXT));
        if (it->type == SURVEY_ITEM_TEXT || it->type == SURVEY_ITEM_MULTI) {
            CHECK_INT(0, ut_run(app, "tap-text 跳过\n"));
        } else {
            /* tap the first option */
            const ui_frame_t *f = ui_app_frame(app);
            int k = 0;
            while (k < f->n && f->w[k].kind != UI_W_BUTTON) k++;
            CHECK(k < f->n);
            if (k >= f->n) break;
            char cmd[64];
            snprintf(cmd, sizeof cmd, "tap %d %d\nwait 800\n", f->w[k].r.x + 5, f->w[k].r.y + 5);
            CHECK_INT(0, ut_run(app, cmd));
        }
    }
    CHECK_STR("summary", ui_app_screen_name(app));
    check_layout(app);
    CHECK_INT(0, ut_run(app, "tap-text 提交\nexpect-screen thanks\n"));
    check_layout(app);
    CHECK_INT(1, app->n_submitted);
    CHECK_INT(large ? 125 : 100, ui_app_frame(app)->text_pct);
    CHECK_INT(0, ut_run(app, "wait 8000\nexpect-screen welcome\n"));
    CHECK_INT(100, ui_app_frame(app)->text_pct); /* the next person starts with normal text */
    ui_app_destroy(app);
    store_close(st);
}

static void test_layout_sizes(void)
{
    walk_parent(1920, 1080, false);
    walk_parent(1080, 1920, false);
    walk_parent(1280, 800, false);
    walk_parent(1920, 1080, true);
    walk_parent(1280, 800, true);
}

static void test_corner_gesture(void)
{
    store_t *st;
    ui_app_t *app = make_app(&st, 1920, 1080);
    /* four taps, then a pause longer than 3 s: nothing */
    CHECK_INT(0, ut_run(app, "tap 10 10\ntap 10 10\ntap 10 10\ntap 10 10\nwait 3100\ntap 10 10\n"
                             "expect-screen welcome\n"));
    /* a tap elsewhere resets the count */
    CHECK_INT(0, ut_run(app, "tap 10 10\ntap 10 10\ntap 900 10\ntap 10 10\ntap 10 10\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, "tap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\nwait 500\ntap 10 10\n"
                             "wait 500\ntap 10 10\nexpect-screen pin\nexpect-text 请设置管理员密码\n"));
    /* no PIN yet: set it twice; a mismatch starts again */
    CHECK_INT(0, ut_run(app, "tap-text 1\ntap-text 2\ntap-text 3\ntap-text 4\ntap-text 确定\n"
                             "expect-text 请再输入一次新密码\ntap-text 4\ntap-text 3\ntap-text 2\ntap-text 1\n"
                             "tap-text 确定\nexpect-text 两次输入不一样\n"
                             "text 2468\nkey enter\ntext 2468\nkey enter\n"
                             /* the first admin visit of an unset kiosk opens its setup */
                             "expect-screen setup\nexpect-text 这台答题机还没有设置学校\ntap-text 完成\n"
                             "expect-screen admin\n"));
    CHECK(store_pin_is_set(st));
    CHECK(!ui_app_wants_text(app));
    CHECK_INT(0, ut_run(app, "tap-text 回到首页\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, "tap 10 10\ntap 10 10\ntap 10 10\ntap 10 10\ntap 10 10\nexpect-screen pin\n"));
    CHECK(ui_app_wants_text(app)); /* digits may be typed */
    CHECK_INT(0, ut_run(app, "tap-text 取消\n"));
    ui_app_destroy(app);
    store_close(st);
}

static void test_keyboard(void)
{
    store_t *st;
    ui_app_t *app = make_app(&st, 1920, 1080);
    /* Tab moves the focus ring over the buttons; Enter activates. */
    /* The first Tab lands on the start button; then the language buttons. */
    CHECK_INT(0, ut_run(app, "key tab\nkey tab\nkey tab\nkey enter\nexpect-text Start\n")); /* English */
    CHECK_INT(0, ut_run(app, "key backtab\nkey enter\nexpect-text 开始答题\nkey backtab\n"
                             "key enter\nexpect-screen role\n"));
    ui_app_destroy(app);
    store_close(st);
}

static void test_strings(void)
{
    /* Every string exists in both languages; format strings agree. */
    for (int i = 0; i < UI_S_COUNT_; i++) {
        const char *zh = ui_str("zh-CN", (ui_str_id_t)i), *en = ui_str("en", (ui_str_id_t)i);
        if (!*zh || !*en) {
            fprintf(stderr, "string %d is missing a language\n", i);
            check_failures_++;
        }
        int pz = 0, pe = 0;
        for (const char *p = zh; (p = strchr(p, '%')); p++) pz++;
        for (const char *p = en; (p = strchr(p, '%')); p++) pe++;
        if (pz != pe) {
            fprintf(stderr, "string %d: %d conversions in zh-CN, %d in en\n", i, pz, pe);
            check_failures_++;
        }
        /* The bundled font lacks these: ✔ ✗ ☐ */
        CHECK(!strstr(zh, "\xE2\x9C\x94") && !strstr(zh, "\xE2\x9C\x97") && !strstr(zh, "\xE2\x98\x90"));
    }
    CHECK_STR("开始答题", ui_str("zh-CN", UI_S_START));
    CHECK_STR("Start", ui_str("en", UI_S_START));
    CHECK_STR("开始答题", ui_str("fr", UI_S_START)); /* unknown: Chinese */
}

static void test_timers(void)
{
    store_t *st;
    ui_app_t *app = make_app(&st, 1920, 1080);
    CHECK_INT(-1, ui_app_next_timer(app)); /* welcome: nothing to wait for */
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\ntap-text 家长\ntap-text 我知道了，开始\n"));
    CHECK_INT(60000, ui_app_next_timer(app)); /* the idle limit */
    CHECK_INT(0, ut_run(app, "wait 1000\n"));
    CHECK_INT(59000, ui_app_next_timer(app));
    CHECK(!ui_app_wants_text(app)); /* no system keyboard on choice questions */
    CHECK_INT(0, ut_run(app, "tap-text 初中\n"));
    CHECK_INT(400, ui_app_next_timer(app)); /* the confirmation highlight */
    CHECK_INT(0, ut_run(app, "wait 399\nexpect-text 孩子现在上几年级\nwait 1\nexpect-text 您家住在城里\n"));
    /* a frame that did not change keeps its hash (no redraw) */
    uint64_t h = ui_draw_list_hash(&ui_app_frame(app)->dl);
    CHECK_INT(0, ut_run(app, "wait 1000\n"));
    CHECK(h == ui_draw_list_hash(&ui_app_frame(app)->dl));
    ui_app_destroy(app);
    store_close(st);
}

/* A third audience installed beside parents and teachers gets its button. */
static void test_other_audience(void)
{
    const char *src = getenv("JH_SOURCE_DIR") ? getenv("JH_SOURCE_DIR") : JH_SOURCE_DIR;
    char *path = jh_sprintf("%s/data/surveys/parent.json", src), *text;
    jh_err_t err;
    CHECK_INT(JH_OK, jh_read_file(path, &text, NULL, &err));
    free(path);
    jh_buf_t b = {0};
    /* parent-2026 -> student-2026, audience parent -> student, 家长 -> 学生 */
    static const char *const from[3] = {"\"parent-2026\"", "\"audience\": \"parent\"",
                                        "{\"zh-CN\": \"家长\", \"en\": \"Parent\"}"};
    static const char *const to[3] = {"\"student-2026\"", "\"audience\": \"student\"",
                                      "{\"zh-CN\": \"学生\", \"en\": \"Student\"}"};
    for (const char *p = text; *p;) {
        int k = 0;
        while (k < 3 && strncmp(p, from[k], strlen(from[k])) != 0) k++;
        if (k < 3) {
            jh_buf_puts(&b, to[k]);
            p += strlen(from[k]);
        } else {
            jh_buf_append(&b, p++, 1);
        }
    }
    free(text);
    char *dir = jh_sprintf("%s/three", tmpdir);
    CHECK_INT(JH_OK, jh_mkdir_p(dir, &err));
    char *out = jh_sprintf("%s/student.json", dir);
    CHECK_INT(JH_OK, jh_write_file_atomic(out, b.data, b.len, &err));
    for (int k = 0; k < 2; k++) {
        char *from = jh_sprintf("%s/data/surveys/%s", src, k ? "teacher.json" : "parent.json"), *t;
        size_t len;
        char *to = jh_sprintf("%s/%s", dir, k ? "teacher.json" : "parent.json");
        CHECK_INT(JH_OK, jh_read_file(from, &t, &len, &err));
        CHECK_INT(JH_OK, jh_write_file_atomic(to, t, len, &err));
        free(t);
        free(from);
        free(to);
    }
    jh_buf_free(&b);
    free(out);
    store_t *st;
    char db[300];
    snprintf(db, sizeof db, "%s/three.db", tmpdir);
    CHECK_INT(JH_OK, store_open(db, 1795395600000LL, &st, NULL, &err));
    ui_app_config_t cfg = {.store = st, .surveys_dir = dir, .now_ms = 1795395600000LL, .width = 1280,
                           .height = 800, .measure = fake, .idle_seconds = 60};
    ui_app_t *app = ui_app_create(&cfg);
    CHECK_INT(3, app->n_surveys);
    if (app->problems.len) fprintf(stderr, "%s", app->problems.data);
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nexpect-text 家长\nexpect-text 教师\ntap-text 学生\n"
                             "tap-text 我知道了，开始\ntap-text 初中\nwait 500\n"));
    CHECK_STR("student", app->draft.role);
    CHECK_STR("student-2026", app->draft.survey->id);
    ui_app_destroy(app);
    store_close(st);
    free(dir);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/jh-test-ui-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    jh_crypto_init();
    RUN(test_utf8);
    RUN(test_break_cjk);
    RUN(test_break_latin);
    RUN(test_hit);
    RUN(test_replay_parse);
    RUN(test_image_compare);
    RUN(test_layout_sizes);
    RUN(test_corner_gesture);
    RUN(test_keyboard);
    RUN(test_strings);
    RUN(test_timers);
    RUN(test_other_audience);
    char *cmd = jh_sprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    free(cmd);
    CHECK_DONE();
}
