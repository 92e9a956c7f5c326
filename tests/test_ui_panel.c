/* test_ui_panel.c - the on-screen input panel (issue 13) driven as a finger
 * would, through replay commands on the question screen of the bundled
 * parent questionnaire: pinyin (xuexiao + 学校), handwriting (the strokes of
 * 好 from a file), ready phrases, the counter stopping at max_length,
 * English letters, modes without their data, and the layout rules in every
 * mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "screens.h"
#include "store.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_panel.h"
#include "ui_text.h"

static char tmpdir[256];
static const ui_measure_t fake = {ut_fake_width, NULL};

/* An app on the parent questionnaire's comment item.  model: the zinnia
 * model (NULL: Debian's); rime: whether pinyin gets a data folder. */
static ui_app_t *app_at_comment_data(store_t **st, int w, int h, const char *lang, const char *model, bool rime,
                                     const char *rime_shared);

static ui_app_t *app_at_comment(store_t **st, int w, int h, const char *lang, const char *model, bool rime)
{
    return app_at_comment_data(st, w, h, lang, model, rime, NULL);
}

/* rime_shared: the pinyin data (NULL: Debian's). */
static ui_app_t *app_at_comment_data(store_t **st, int w, int h, const char *lang, const char *model, bool rime,
                                     const char *rime_shared)
{
    static int k;
    char db[300], rdir[300];
    snprintf(db, sizeof db, "%s/p%d.db", tmpdir, k);
    snprintf(rdir, sizeof rdir, "%s/p.rime", tmpdir); /* shared: deployed once */
    k++;
    jh_err_t err;
    CHECK_INT(JH_OK, store_open(db, 1795395600000LL, st, NULL, &err));
    store_ensure_defaults(*st, &err);
    char *dir = ut_surveys_dir();
    ui_app_config_t cfg = {.store = *st, .surveys_dir = dir, .now_ms = 1795395600000LL, .width = w, .height = h,
                           .measure = fake, .idle_seconds = 600, .input_dir = rime ? rdir : NULL,
                           .zinnia_model = model, .rime_shared_dir = rime_shared};
    ui_app_t *app = ui_app_create(&cfg);
    free(dir);
    snprintf(app->lang, sizeof app->lang, "%s", lang);
    const char *role = strcmp(lang, "en") ? "家长" : "Parent";
    (void)role;
    for (int i = 0; i < app->n_surveys; i++)
        if (!strcmp(app->surveys[i]->id, "parent-2026")) ui_app_begin(app, app->surveys[i], "parent");
    if (app->problems.len) fprintf(stderr, "questionnaire problems:\n%s", app->problems.data);
    CHECK(app->has_draft);
    ui_app_goto(app, &screen_question);
    for (int i = 0; i < app->survey->n_items; i++)
        if (app->survey->items[i].type == SURVEY_ITEM_TEXT) app->item = i;
    app->dirty = true;
    ui_app_update(app, 500); /* past the input guard */
    return app;
}

static const char *answer(ui_app_t *app)
{
    return app->draft.values[app->item];
}

static int rank_of(ui_app_t *app, const char *ch, int max)
{
    const char *c[32];
    int n = ui_panel_candidates(app->panel, c, max);
    for (int i = 0; i < n; i++)
        if (!strcmp(c[i], ch)) return i;
    return -1;
}

static int layout_problems(ui_app_t *app, const char *what)
{
    jh_buf_t b = {0};
    int n = ui_frame_check(ui_app_frame(app), &b);
    if (n) fprintf(stderr, "%s: %d layout problem(s):\n%s", what, n, b.data);
    jh_buf_free(&b);
    return n;
}

/* Typing xuexiao and choosing 学校 stores 学校 (also after 完成 and 下一题). */
static void test_pinyin(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
    CHECK(!ui_panel_is_open(app->panel));
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\n"));
    CHECK(ui_panel_is_open(app->panel));
    CHECK_INT(UI_PANEL_HAND, ui_panel_mode(app->panel)); /* the default for Chinese */
    CHECK_INT(0, ut_run(app, "tap-text 拼音\ntap-text x\ntap-text u\ntap-text e\ntap-text x\ntap-text i\n"
                             "tap-text a\ntap-text o\nexpect-layout\n"));
    CHECK(answer(app) == NULL); /* letters compose, nothing stored yet */
    CHECK(rank_of(app, "学校", 6) >= 0);
    CHECK_INT(0, ut_run(app, "tap-text 学校\nexpect-text 已输入 2 / 200 字\n"));
    CHECK(answer(app) && !strcmp(answer(app), "学校"));
    /* punctuation on the pinyin layout, then delete it again */
    CHECK_INT(0, ut_run(app, "tap-text 。\n"));
    CHECK_STR("学校。", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text 删除\n"));
    CHECK_STR("学校", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text 完成\nexpect-text 已输入 2 / 200 字\ntap-text 去提交\nexpect-screen summary\n"));
    /* stored in the kiosk database */
    sqlite3_stmt *q = NULL;
    jh_err_t err;
    (void)err;
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM answers WHERE value = '学校'", -1, &q, NULL));
    if (q) {
        CHECK_INT(SQLITE_ROW, sqlite3_step(q));
        CHECK_INT(1, sqlite3_column_int(q, 0));
        sqlite3_finalize(q);
    }
    ui_app_destroy(app);
    store_close(st);
}

/* Taps the letters of s on the pinyin keyboard. */
static void type_letters(ui_app_t *app, const char *s)
{
    for (; *s; s++) {
        char line[32];
        snprintf(line, sizeof line, "tap-text %c\n", *s);
        CHECK_INT(0, ut_run(app, line));
    }
}

static char *first_candidate(ui_app_t *app)
{
    const char *c[16];
    int n = ui_panel_candidates(app->panel, c, 16);
    return jh_strdup(n > 0 ? c[0] : "");
}

/* A long composition is committed whole, by a punctuation key and by 空格:
 * max_length is the only limit (a 64-byte buffer kept 21 characters of it,
 * a 256-byte one 85, and the rest was lost). */
static void test_pinyin_long(void)
{
    static const char *sentence = "woxiwanglaoshinenggouduoguanxinhaizidexuexiheshenghuoxiexielaoshixinkule";
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1920, 1080, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 拼音\n"));
    type_letters(app, sentence);
    char *first = first_candidate(app);
    CHECK_INT(25, (int)ui_utf8_count(first)); /* the whole sentence (25 syllables), converted */
    CHECK(strstr(first, "辛苦了") != NULL);
    CHECK_INT(0, ut_run(app, "tap-text 。\n"));
    char *want = jh_sprintf("%s。", first);
    CHECK_STR(want, answer(app));
    free(want);
    /* four sentences composed at once, committed with 空格: 100 characters */
    for (int i = 0; i < 4; i++) type_letters(app, sentence);
    char *first3 = first_candidate(app);
    CHECK_INT(0, ut_run(app, "tap-text 空格\n"));
    want = jh_sprintf("%s。%s", first, first3);
    CHECK_STR(want, answer(app));
    CHECK(ui_utf8_count(first3) > 85);
    CHECK(ui_utf8_count(answer(app)) <= 200);
    free(want);
    free(first3);
    free(first);
    ui_app_destroy(app);
    store_close(st);
}

/* A letter librime cannot convert after ones it can: what is stored is
 * what the bar showed (我i), with the first candidate taken by 。 and with
 * 我 tapped first, never the letters as typed (woi). */
static void test_pinyin_unconvertible(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1920, 1080, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 拼音\n"));
    type_letters(app, "woi");
    CHECK_INT(0, rank_of(app, "我", 6));
    CHECK_INT(0, ut_run(app, "tap-text 。\n"));
    CHECK_STR("我i。", answer(app));
    type_letters(app, "woi");
    CHECK_INT(0, ut_run(app, "tap-text 我\nexpect-text 我i\n"));
    CHECK(answer(app) && !strcmp(answer(app), "我i。")); /* i is still composed */
    CHECK_INT(0, ut_run(app, "tap-text 。\n"));
    CHECK_STR("我i。我i。", answer(app));
    ui_app_destroy(app);
    store_close(st);
}

/* How many answers in st's database hold exactly value. */
static int stored(store_t *st, const char *value)
{
    sqlite3_stmt *q = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM answers WHERE value = ?", -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, value, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* A composition shown in the bar is kept, as 空格 would convert it, however
 * the panel is left: 完成, another tab, Enter, Escape, the idle timeout and
 * the program's end (SIGTERM destroys the app). */
static void test_pinyin_kept(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1920, 1080, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 拼音\n"));
    type_letters(app, "henhao");
    char *hh = first_candidate(app);
    CHECK_INT(0, ut_run(app, "expect-text hen hao\ntap-text 完成\n"));
    CHECK(!ui_panel_is_open(app->panel));
    CHECK_STR(hh, answer(app));
    CHECK_INT(1, stored(st, hh)); /* and saved, as 完成 saves */
    char *line = jh_sprintf("tap-text %s\ntap-text 拼音\n", hh); /* the box, showing the answer */
    CHECK_INT(0, ut_run(app, line));
    free(line);
    type_letters(app, "laoshi");
    char *ls = first_candidate(app);
    CHECK_INT(0, ut_run(app, "tap-text 123\n"));
    CHECK_INT(UI_PANEL_SYMBOL, ui_panel_mode(app->panel));
    char *want = jh_sprintf("%s%s", hh, ls);
    CHECK_STR(want, answer(app));
    /* Enter on a physical keyboard: kept and saved with the rest */
    CHECK_INT(0, ut_run(app, "tap-text 拼音\n"));
    type_letters(app, "xuexiao");
    char *xx = first_candidate(app);
    CHECK_INT(0, ut_run(app, "key enter\nexpect-screen summary\n"));
    free(want);
    want = jh_sprintf("%s%s%s", hh, ls, xx);
    CHECK_INT(1, stored(st, want));
    ui_app_destroy(app);
    store_close(st);

    /* the idle timeout: 学校 chosen, then henhao composed; 您还在吗 comes
     * and goes unanswered */
    app = app_at_comment(&st, 1920, 1080, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 拼音\n"));
    type_letters(app, "xuexiao");
    CHECK_INT(0, ut_run(app, "tap-text 学校\n"));
    type_letters(app, "henhao");
    CHECK_INT(0, ut_run(app, "wait 600000\nexpect-screen idle\nwait 31000\nexpect-screen welcome\n"));
    free(want);
    want = jh_sprintf("学校%s", hh);
    CHECK_INT(1, stored(st, want));
    ui_app_destroy(app);
    store_close(st);

    /* Escape on a physical keyboard: back (here to the notice: the test
     * jumped to the comment), the composition kept in the comment */
    app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
    int comment = app->item;
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 拼音\n"));
    type_letters(app, "henhao");
    CHECK_INT(0, ut_run(app, "key escape\n"));
    CHECK(app->screen != &screen_question);
    CHECK_STR(hh, app->draft.values[comment]);
    ui_app_destroy(app);
    store_close(st);

    /* the program's end (SIGTERM, Ctrl+C: the app is destroyed) */
    app = app_at_comment(&st, 800, 480, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 拼音\n"));
    type_letters(app, "henhao");
    ui_app_destroy(app);
    CHECK_INT(1, stored(st, hh));
    store_close(st);
    free(want);
    free(xx);
    free(ls);
    free(hh);
}

/* Paging through candidates in a narrow bar reaches every candidate of the
 * engine's pages, none skipped (large text in portrait shows a few). */
static void test_pinyin_paging(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1080, 1920, "zh-CN", NULL, true);
    app->large_text = true;
    /* (the panel opens at the bottom now: 拼音 where 点这里写字 was, behind
     * the input guard for a moment) */
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nwait 500\ntap-text 拼音\ntap-text s\ntap-text h\ntap-text i\n"));
    const char *c[16];
    int n = ui_panel_candidates(app->panel, c, 16);
    char page0[16][32];
    for (int i = 0; i < n; i++) snprintf(page0[i], sizeof page0[i], "%s", c[i]);
    CHECK(n == 6);
    int seen = 0, shown_first = 0;
    for (int taps = 0; taps < 8 && seen < n; taps++) {
        const ui_frame_t *f = ui_app_frame(app);
        int in_bar = 0;
        for (int i = 0; i < f->n; i++) {
            if (f->w[i].id != UI_PANEL_ID_CAND) continue;
            in_bar++;
            if (seen < n && !strcmp(f->w[i].label, page0[seen])) seen++;
        }
        if (taps == 0) shown_first = in_bar;
        CHECK_INT(0, ut_run(app, "tap-text ▶\n"));
    }
    CHECK(shown_first < n); /* the bar really was narrower than a page */
    CHECK_INT(n, seen);     /* and every candidate came in order */
    ui_app_destroy(app);
    store_close(st);
}

/* The drawn 好 is among the first five candidates and is stored. */
static void test_handwriting(void)
{
    static const int sizes[][2] = {{1920, 1080}, {800, 480}, {1080, 1920}};
    for (int k = 0; k < 3; k++) {
        store_t *st;
        ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
        CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nstroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\nexpect-layout\n"));
        CHECK_INT(6, ui_panel_stroke_count(app->panel));
        int r = rank_of(app, "好", 5);
        if (r < 0 || r >= 5) fprintf(stderr, "%dx%d: 好 ranks %d\n", sizes[k][0], sizes[k][1], r);
        CHECK(r >= 0 && r < 5);
        CHECK_INT(0, ut_run(app, "tap-text 好\n"));
        CHECK_STR("好", answer(app));
        CHECK_INT(0, ui_panel_stroke_count(app->panel)); /* ready for the next character */
        /* 重写 drops strokes without touching the answer */
        CHECK_INT(0, ut_run(app, "drag 10 10 20 20\n")); /* outside the area: no stroke */
        CHECK_INT(0, ui_panel_stroke_count(app->panel));
        CHECK_INT(0, ut_run(app, "stroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\ntap-text 重写\n"));
        CHECK_INT(0, ui_panel_stroke_count(app->panel));
        CHECK_STR("好", answer(app));
        /* 删除 with strokes on the pad takes back the last stroke, not a
         * character of the answer; on an empty pad it deletes from the
         * answer */
        CHECK_INT(0, ut_run(app, "stroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
        const char *c[16];
        int n6 = ui_panel_candidates(app->panel, c, 16);
        CHECK_INT(0, ut_run(app, "tap-text 删除\n"));
        CHECK_INT(5, ui_panel_stroke_count(app->panel));
        CHECK_STR("好", answer(app));
        CHECK(n6 > 0 && ui_panel_candidates(app->panel, c, 16) > 0); /* candidates of the five strokes */
        for (int i = 0; i < 5; i++) CHECK_INT(0, ut_run(app, "tap-text 删除\n"));
        CHECK_INT(0, ui_panel_stroke_count(app->panel));
        CHECK_INT(0, ui_panel_candidates(app->panel, c, 16));
        CHECK_STR("好", answer(app));
        CHECK_INT(0, ut_run(app, "expect-layout\ntap-text 删除\n"));
        CHECK(answer(app) == NULL);
        ui_app_destroy(app);
        store_close(st);
    }
}

/* A character written on the pad is stored only when the person taps it in
 * the bar, whatever the recogniser's scores (review r2kiosk item 2: 十
 * written 竖 then 横 was stored as 卜, 心 with its dots tapped as 巨,
 * because zinnia was "sure" of them; 十 was not even among the
 * candidates).  完成, a mark, another tab or 空格 with strokes on the pad
 * first ask (the hint), the strokes kept and the first candidate not marked
 * as the one those keys take; the next such key goes on without them; the
 * idle timeout drops them.  Tapped, the character is stored. */
static void test_handwriting_kept(void)
{
    static const int sizes[][2] = {{800, 480}, {1920, 1080}};
    static const char *const files[] = {"shi", "shi_rev", "xin_tap", "zhong", "yi"};
    static const char *const keys[] = {"完成", "，", "拼音", "空格"};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
            char *cmd = jh_sprintf("wait 500\nstroke %s/tests/ui/%s.strokes\n", JH_SOURCE_DIR, files[i]);
            CHECK_INT(0, ut_run(app, "tap-text 点这里写字\n"));
            for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
                if (j > 0 && ui_panel_mode(app->panel) != UI_PANEL_HAND)
                    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 手写\n"));
                CHECK_INT(0, ut_run(app, cmd));
                const char *c[16];
                int n = ui_panel_candidates(app->panel, c, 16);
                CHECK(n > 0);
                /* the first candidate is not marked as what the keys take */
                const ui_frame_t *f = ui_app_frame(app);
                for (int w = 0; n > 0 && w < f->n; w++)
                    if (f->w[w].id == UI_PANEL_ID_CAND && f->w[w].arg == 0) CHECK(!(f->w[w].flags & UI_BTN_PRIMARY));
                char *tap = jh_sprintf("wait 500\ntap-text %s\nexpect-text 没认准您写的是哪个字\nexpect-layout\n", keys[j]);
                int rc = ut_run(app, tap);
                free(tap);
                if (rc || answer(app))
                    fprintf(stderr, "%dx%d %s then %s: stored '%s' unchosen\n", sizes[k][0], sizes[k][1], files[i],
                            keys[j], answer(app) ? answer(app) : "");
                CHECK_INT(0, rc);
                CHECK(ui_panel_is_open(app->panel));
                CHECK(ui_panel_stroke_count(app->panel) > 0);
                CHECK(answer(app) == NULL);
                CHECK_INT(UI_PANEL_HAND, ui_panel_mode(app->panel));
                /* the next key goes on without the strokes */
                CHECK_INT(0, ut_run(app, "wait 500\ntap-text 重写\n"));
                CHECK_INT(0, ui_panel_stroke_count(app->panel));
            }
            /* chosen: stored */
            CHECK_INT(0, ut_run(app, cmd));
            const char *c[16];
            int n = ui_panel_candidates(app->panel, c, 16);
            CHECK(n > 0);
            char *first = jh_strdup(n > 0 ? c[0] : "");
            char *tap = jh_sprintf("wait 500\ntap-text %s\nwait 500\ntap-text 完成\n", first);
            CHECK_INT(0, ut_run(app, tap));
            free(tap);
            CHECK(!ui_panel_is_open(app->panel));
            CHECK_STR(first, answer(app));
            CHECK_INT(1, stored(st, first));
            free(first);
            free(cmd);
            ui_app_destroy(app);
            store_close(st);
        }

    /* the idle timeout: a person who wrote a character and walked away */
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1920, 1080, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nstroke " JH_SOURCE_DIR "/tests/ui/shi.strokes\n"));
    CHECK_INT(0, ut_run(app, "wait 600000\nexpect-screen idle\nwait 31000\nexpect-screen welcome\n"));
    CHECK_INT(0, stored(st, "十"));
    ui_app_destroy(app);
    store_close(st);
}

/* A character the recogniser is not sure of is never stored unchosen
 * (review rkiosk5 item 1: the strokes of 好 stored 闯 at 800x480 on 完成
 * and on the idle timeout; 大 written in the usual order came out 右 at
 * every size).  完成, a tab, a mark or 空格 first ask the person to tap
 * the character in the bar, the strokes kept; tapped again, they go on
 * without it; the idle timeout drops it.  Chosen, it is stored. */
static void test_handwriting_unsure(void)
{
    static const int sizes[][2] = {{800, 480}, {1024, 600}, {1920, 1080}};
    static const char *const files[] = {"hao", "da"};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 2; i++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
            char *cmd = jh_sprintf("stroke %s/tests/ui/%s.strokes\n", JH_SOURCE_DIR, files[i]);
            CHECK_INT(0, ut_run(app, "tap-text 点这里写字\n"));
            CHECK_INT(0, ut_run(app, cmd));
            CHECK_INT(0, ut_run(app, "tap-text 完成\nexpect-text 没认准您写的是哪个字\nexpect-layout\n"));
            CHECK(ui_panel_is_open(app->panel));
            CHECK(ui_panel_stroke_count(app->panel) > 0);
            CHECK(answer(app) == NULL);
            /* the next key (a mark, after the input guard's time) goes on
             * without it: the mark alone */
            CHECK_INT(0, ut_run(app, "wait 500\ntap-text ，\nexpect-no-text 没认准\n"));
            CHECK_INT(0, ui_panel_stroke_count(app->panel));
            CHECK_STR("，", answer(app));
            /* chosen: stored */
            CHECK_INT(0, ut_run(app, cmd));
            const char *want = i == 0 ? "好" : "大";
            int r = rank_of(app, want, 5);
            if (r < 0) fprintf(stderr, "%dx%d: %s not among the first five\n", sizes[k][0], sizes[k][1], want);
            CHECK(r >= 0);
            char *tap = jh_sprintf("tap-text %s\n", want);
            CHECK_INT(0, ut_run(app, tap));
            free(tap);
            char *both = jh_sprintf("，%s", want);
            CHECK_STR(both, answer(app));
            /* written again and 完成 twice: closed, nothing more */
            CHECK_INT(0, ut_run(app, cmd));
            CHECK_INT(0, ut_run(app, "tap-text 完成\nwait 500\ntap-text 完成\n"));
            CHECK(!ui_panel_is_open(app->panel));
            CHECK_STR(both, answer(app));
            CHECK_INT(1, stored(st, both));
            /* the idle timeout with the strokes on the pad: nothing added */
            char *reopen = jh_sprintf("wait 500\ntap-text %s\nwait 500\ntap-text 删除\ntap-text 删除\n", both);
            CHECK_INT(0, ut_run(app, reopen));
            free(reopen);
            free(both);
            CHECK(answer(app) == NULL);
            CHECK_INT(0, ut_run(app, cmd));
            CHECK_INT(0, ut_run(app, "wait 600000\nexpect-screen idle\nwait 31000\nexpect-screen welcome\n"));
            CHECK_INT(0, stored(st, "闯"));
            CHECK_INT(0, stored(st, "右"));
            CHECK_INT(0, stored(st, "好"));
            CHECK_INT(0, stored(st, "大"));
            free(cmd);
            ui_app_destroy(app);
            store_close(st);
        }
}

/* An unsteady double tap on 完成 (or a mark, 空格, a tab) with a character
 * on the pad: the first tap asks, the second, within the input guard's
 * time, does nothing; the strokes stay and the hint is shown (review
 * r2kiosk item 3: the second tap threw the character away before the
 * person saw the hint).  After the guard's time the next tap goes on. */
static void test_handwriting_double_tap(void)
{
    static const int sizes[][2] = {{800, 480}, {1920, 1080}};
    static const char *const keys[] = {"完成", "，", "空格", "拼音"};
    for (int k = 0; k < 2; k++)
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
            CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nwait 500\nstroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
            char *cmd = jh_sprintf("double-tap %s 200\nexpect-text 没认准您写的是哪个字\n", keys[j]);
            int rc = ut_run(app, cmd);
            free(cmd);
            if (rc || ui_panel_stroke_count(app->panel) != 6)
                fprintf(stderr, "%dx%d double tap on %s: %d strokes left, answer '%s'\n", sizes[k][0], sizes[k][1],
                        keys[j], ui_panel_stroke_count(app->panel), answer(app) ? answer(app) : "");
            CHECK_INT(0, rc);
            CHECK(ui_panel_is_open(app->panel));
            CHECK_INT(UI_PANEL_HAND, ui_panel_mode(app->panel));
            CHECK_INT(6, ui_panel_stroke_count(app->panel));
            CHECK(answer(app) == NULL);
            /* a stroke more: the hint, for the strokes before it, goes
             * (as on the setup screen, review r2kiosk item 4) */
            CHECK_INT(0, ut_run(app, "wait 500\nstroke " JH_SOURCE_DIR "/tests/ui/yi.strokes\nexpect-no-text 没认准\n"
                                     "tap-text 删除\n"));
            CHECK_INT(6, ui_panel_stroke_count(app->panel));
            /* chosen now: stored */
            CHECK_INT(0, ut_run(app, "tap-text 好\nwait 500\ntap-text 完成\n"));
            CHECK(!ui_panel_is_open(app->panel));
            CHECK_INT(1, stored(st, "好"));
            ui_app_destroy(app);
            store_close(st);
        }
    /* the same key tapped after the guard's time goes on without them */
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 800, 480, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nwait 500\nstroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"
                             "tap-text 完成\nwait 450\ntap-text 完成\n"));
    CHECK(!ui_panel_is_open(app->panel));
    CHECK(answer(app) == NULL);
    ui_app_destroy(app);
    store_close(st);
}

/* Ink too small to be a character written on purpose (a stray dot, a tiny
 * scribble: zinnia still names a character for it, 土 for a dot) is dropped
 * when the pad is left, without asking; a deliberate 一 across the pad, one
 * thin stroke, is a character: 完成 asks the person to choose it. */
static void test_handwriting_stray_dropped(void)
{
    static const struct {
        const char *file;
        bool kept;
    } cases[] = {
        {JH_SOURCE_DIR "/tests/ui/dot.strokes", false},
        {JH_SOURCE_DIR "/tests/ui/scribble.strokes", false},
        {JH_SOURCE_DIR "/tests/ui/yi.strokes", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int w = 0; w < 2; w++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, w ? 800 : 1280, w ? 480 : 800, "zh-CN", NULL, true);
            char *cmd = jh_sprintf("tap-text 点这里写字\nstroke %s\n", cases[i].file);
            CHECK_INT(0, ut_run(app, cmd));
            free(cmd);
            const char *c[16];
            int n = ui_panel_candidates(app->panel, c, 16);
            if (i == 0) CHECK_INT(1, ui_panel_stroke_count(app->panel)); /* kept: it may be a dot written as a tap */
            CHECK(n > 0); /* zinnia names something */
            char *first = jh_strdup(n > 0 ? c[0] : "");
            CHECK_INT(0, ut_run(app, "tap-text 完成\n"));
            CHECK(ui_panel_is_open(app->panel) == cases[i].kept);
            if (cases[i].kept) {
                CHECK_INT(0, ut_run(app, "expect-text 没认准您写的是哪个字\n"));
                CHECK(answer(app) == NULL);
                char *tap = jh_sprintf("wait 500\ntap-text %s\nwait 500\ntap-text 完成\n", first);
                CHECK_INT(0, ut_run(app, tap));
                free(tap);
                CHECK(!ui_panel_is_open(app->panel));
                CHECK_STR(first, answer(app));
                CHECK_INT(1, stored(st, first));
            } else {
                CHECK(answer(app) == NULL);
                CHECK_INT(0, stored(st, first));
            }
            free(first);
            ui_app_destroy(app);
            store_close(st);
        }
}

/* A stray touch (a 2-px dot) before a character stays on the pad (it cannot
 * be told from a dot written as a tap), but the character written after it
 * is still offered on the first page: the strokes are recognised with and
 * without the touch (rinput3: a dot then 大 offered 贝 未 区 片 …, no 大; a
 * dot in a corner then 口, no 口). */
static void test_handwriting_stray_touch(void)
{
    static const struct {
        const char *file, *ch;
        int strokes;
    } cases[] = {
        {JH_SOURCE_DIR "/tests/ui/dot_da.strokes", "大", 4},
        {JH_SOURCE_DIR "/tests/ui/dot_kou.strokes", "口", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int w = 0; w < 2; w++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, w ? 800 : 1920, w ? 480 : 1080, "zh-CN", NULL, true);
            char *cmd = jh_sprintf("tap-text 点这里写字\nstroke %s\n", cases[i].file);
            CHECK_INT(0, ut_run(app, cmd));
            free(cmd);
            CHECK_INT(cases[i].strokes, ui_panel_stroke_count(app->panel));
            int r = rank_of(app, cases[i].ch, 5);
            if (r < 0) fprintf(stderr, "%s at width %d: %s not among the first five\n", cases[i].file, w ? 800 : 1920,
                               cases[i].ch);
            CHECK(r >= 0);
            ui_app_destroy(app);
            store_close(st);
        }
}

/* A dot written as a quick tap (a 1-px touch) is a stroke of the character:
 * drawn, and 主 文 六 心 are offered on the first page (r2input3: the tap
 * was dropped as a stray touch and none of them could be written). */
static void test_handwriting_tapped_dot(void)
{
    static const struct {
        const char *file, *ch;
        int strokes;
    } cases[] = {
        {JH_SOURCE_DIR "/tests/ui/zhu_tap.strokes", "主", 5},
        {JH_SOURCE_DIR "/tests/ui/wen_tap.strokes", "文", 4},
        {JH_SOURCE_DIR "/tests/ui/liu_tap.strokes", "六", 4},
        {JH_SOURCE_DIR "/tests/ui/xin_tap.strokes", "心", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int w = 0; w < 2; w++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, w ? 800 : 1920, w ? 480 : 1080, "zh-CN", NULL, true);
            char *cmd = jh_sprintf("tap-text 点这里写字\nstroke %s\n", cases[i].file);
            CHECK_INT(0, ut_run(app, cmd));
            free(cmd);
            CHECK_INT(cases[i].strokes, ui_panel_stroke_count(app->panel));
            int r = rank_of(app, cases[i].ch, 5);
            if (r < 0) {
                const char *c[16];
                int n = ui_panel_candidates(app->panel, c, 16);
                fprintf(stderr, "%s at width %d: %s not among the first five:", cases[i].file, w ? 800 : 1920,
                        cases[i].ch);
                for (int k = 0; k < n; k++) fprintf(stderr, " %s", c[k]);
                fprintf(stderr, "\n");
            }
            CHECK(r >= 0);
            ui_app_destroy(app);
            store_close(st);
        }
}

/* Zinnia's model knows each character in the usual stroke order only: 十 大
 * 中 written in it are offered, in another order they are not among the
 * candidates (rinput3).  Trying other orders was measured (review rinput3
 * item 6): it put wrong characters first (木 for a well-written 中) and
 * costs a recognition (2-11 ms) per order tried, so the empty pad says to
 * write in the usual order instead. */
/* Whether the text drawn on the current frame, its lines joined, contains s
 * without its spaces (text that is no widget, as the pad's hint, wrapped
 * at a space or between two characters). */
static bool drawn(ui_app_t *app, const char *s)
{
    const ui_draw_list_t *dl = &ui_app_frame(app)->dl;
    jh_buf_t b = {0}, want = {0};
    for (int i = 0; i < dl->n; i++)
        if (dl->cmds[i].type == UI_CMD_TEXT)
            for (const char *c = dl->cmds[i].text; *c; c++)
                if (*c != ' ') jh_buf_append(&b, c, 1);
    for (const char *c = s; *c; c++)
        if (*c != ' ') jh_buf_append(&want, c, 1);
    bool found = b.data && want.data && strstr(b.data, want.data);
    jh_buf_free(&b);
    jh_buf_free(&want);
    return found;
}

static void test_handwriting_stroke_order(void)
{
    static const struct {
        const char *name, *ch;
    } cases[] = {{"shi", "十"}, {"da", "大"}, {"zhong", "中"}};
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\n"));
    CHECK(drawn(app, "按平时的笔顺写")); /* the empty pad's hint */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int rev = 0; rev < 2; rev++) {
            char *cmd = jh_sprintf("tap-text 重写\nstroke %s/tests/ui/%s%s.strokes\n", JH_SOURCE_DIR, cases[i].name,
                                   rev ? "_rev" : "");
            CHECK_INT(0, ut_run(app, cmd));
            free(cmd);
            int r = rank_of(app, cases[i].ch, 16);
            if (!rev) {
                /* 十 and 中 first, as a person expects; 大 is offered, but
                 * zinnia puts 右 first for this 撇 with its sharp bend
                 * (完成 does not store it, nor any written character,
                 * unchosen: test_handwriting_kept) */
                bool first = strcmp(cases[i].ch, "大") != 0;
                if (r < 0 || r >= (first ? 1 : 5)) fprintf(stderr, "%s in the usual order ranks %d\n", cases[i].ch, r);
                CHECK(r >= 0 && r < (first ? 1 : 5));
            } else {
                printf("  %s in another stroke order: rank %d of 16 (-1: not offered)\n", cases[i].ch, r);
            }
        }
    }
    ui_app_destroy(app);
    store_close(st);
    /* the English pad says it too */
    app = app_at_comment(&st, 800, 480, "en", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text Touch here to write\ntap-text 手写\n"));
    CHECK(drawn(app, "usual stroke order"));
    ui_app_destroy(app);
    store_close(st);
}

/* The empty pad's hint breaks where its words end (review rscreen7 item 4:
 * large text on landscape screens wrapped it as 按平时的笔 / 顺写): every
 * line drawn of it is made of whole words, at every size, in normal and
 * large text. */
static void test_handwriting_hint_words(void)
{
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 800}, {1366, 768},
                                   {1024, 768}, {800, 480},   {1024, 600}};
    static const char *const words[] = {"在这里", "用手指", "写一个字", "按平时的", "笔顺写"};
    const int nw = (int)(sizeof words / sizeof words[0]);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int large = 0; large < 2; large++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
            app->large_text = large;
            app->dirty = true;
            CHECK_INT(0, ut_run(app, "tap-text 点这里写字\n"));
            const ui_draw_list_t *dl = &ui_app_frame(app)->dl;
            jh_buf_t all = {0};
            for (int i = 0; i < dl->n; i++) {
                const char *t = dl->cmds[i].text;
                if (dl->cmds[i].type != UI_CMD_TEXT || !t) continue;
                /* a line of the hint: it starts with a word's first
                 * character or ends with a word's last one */
                bool part = false;
                for (int w = 0; w < nw; w++)
                    if (strstr(words[w], t) || strstr(t, words[w])) part = true;
                if (!part && (strstr(t, "笔") || strstr(t, "顺写") || strstr(t, "一个") || strstr(t, "个字") ||
                              strstr(t, "手指") || strstr(t, "平时")))
                    part = true;
                if (!part) continue;
                jh_buf_append(&all, t, strlen(t));
                /* whole words only */
                const char *c = t;
                while (*c) {
                    int w = 0;
                    while (w < nw && strncmp(c, words[w], strlen(words[w]))) w++;
                    if (w == nw) break;
                    c += strlen(words[w]);
                }
                if (*c) fprintf(stderr, "%dx%d %s: the hint line \"%s\" splits a word\n", sizes[k][0],
                                sizes[k][1], large ? "large" : "normal", t);
                CHECK(*c == 0);
            }
            jh_buf_append(&all, "", 1);
            CHECK_STR("在这里用手指写一个字按平时的笔顺写", all.data);
            jh_buf_free(&all);
            ui_app_destroy(app);
            store_close(st);
        }
}

/* The question stays above the comment while it is written, at every size
 * in both languages and text sizes (review rscreen7 item 2: in large text
 * on landscape screens it disappeared): at least its first line, smaller
 * and cut with "…" if it must be, and the layout rules hold. */
static void test_panel_question_shown(void)
{
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 800}, {1366, 768},
                                   {1024, 768}, {800, 480},   {1024, 600}, {3840, 2160}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int en = 0; en < 2; en++)
            for (int large = 0; large < 2; large++) {
                store_t *st;
                ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], en ? "en" : "zh-CN", NULL, true);
                app->large_text = large;
                app->dirty = true;
                CHECK_INT(0, ut_run(app, en ? "tap-text Touch here to write\n" : "tap-text 点这里写字\n"));
                CHECK(ui_panel_is_open(app->panel));
                const ui_frame_t *f = ui_app_frame(app);
                const char *q = ui_app_text(app, &app->survey->items[app->item].text);
                const ui_widget_t *w = NULL;
                for (int i = 0; i < f->n; i++)
                    if (f->w[i].kind == UI_W_TEXT && f->w[i].label && !strcmp(f->w[i].label, q)) w = &f->w[i];
                if (!w || w->r.h <= 0)
                    fprintf(stderr, "%dx%d %s %s: the question is not shown above the comment\n", sizes[k][0],
                            sizes[k][1], en ? "en" : "zh", large ? "large" : "normal");
                CHECK(w && w->r.h > 0);
                jh_buf_t b = {0};
                if (ui_frame_check(f, &b)) fprintf(stderr, "%dx%d: %s", sizes[k][0], sizes[k][1], b.data);
                CHECK_INT(0, ui_frame_check(f, NULL));
                jh_buf_free(&b);
                ui_app_destroy(app);
                store_close(st);
            }
}

/* On tall portrait screens the comment panel uses the height: the keys
 * and the pad larger and at the bottom, within a pupil's reach, no large
 * empty band (review rscreen7 item 3: at 1080x1920 the panel sat at the
 * top over 728 px of nothing). */
static void test_panel_portrait(void)
{
    static const int sizes[][2] = {{1080, 1920}, {768, 1366}, {800, 1280}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int mode = 0; mode < 2; mode++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
            CHECK_INT(0, ut_run(app, mode ? "tap-text 点这里写字\ntap-text 拼音\n" : "tap-text 点这里写字\n"));
            const ui_frame_t *f = ui_app_frame(app);
            int h = sizes[k][1], low = 0;
            /* the rows of the screen that some widget covers */
            char *rows = calloc((size_t)h, 1);
            for (int i = 0; i < f->n; i++) {
                const ui_rect_t r = f->w[i].r;
                if (r.y + r.h > low) low = r.y + r.h;
                for (int y = r.y; y < r.y + r.h && y < h; y++)
                    if (y >= 0) rows[y] = 1;
            }
            int band = 0, run = 0;
            for (int y = 0; y < low; y++) {
                run = rows[y] ? 0 : run + 1;
                if (run > band) band = run;
            }
            free(rows);
            if (low < h * 92 / 100 || band > h / 10)
                fprintf(stderr, "%dx%d %s: the panel ends at %d, an empty band of %d px\n", sizes[k][0], sizes[k][1],
                        mode ? "pinyin" : "handwriting", low, band);
            CHECK(low >= h * 92 / 100);
            CHECK(band <= h / 10);
            CHECK_INT(0, ui_frame_check(f, NULL));
            ui_app_destroy(app);
            store_close(st);
        }
}

/* The setup screen's school name takes a character written on the pad
 * only when it is chosen (review r2kiosk item 2): 确定 and Enter with
 * strokes pending save the name without them, as on the questionnaire
 * Enter drops them; tapped in the bar, the character is kept. */
static void test_setup_name_kept(void)
{
    for (int enter = 0; enter < 2; enter++) {
        store_t *st;
        ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
        CHECK_INT(JH_OK, store_setting_set(st, "school_name", "育才学", NULL));
        ui_app_goto(app, &screen_setup);
        const char *c[16];
        CHECK_INT(0, ut_run(app, "wait 500\ntap-text 修改学校名称\nwait 500\nstroke " JH_SOURCE_DIR
                                 "/tests/ui/zhong.strokes\n"));
        CHECK(ui_panel_candidates(app->panel, c, 16) > 0);
        CHECK_INT(0, ut_run(app, enter ? "key enter\n" : "tap-text 确定\n"));
        char *v = store_setting_get(st, "school_name");
        CHECK_STR("育才学", v);
        free(v);
        CHECK_INT(0, ut_run(app, "wait 500\ntap-text 修改学校名称\nwait 500\nstroke " JH_SOURCE_DIR
                                 "/tests/ui/zhong.strokes\n"));
        CHECK(ui_panel_candidates(app->panel, c, 16) > 0);
        char *want = jh_sprintf("育才学%s", c[0]);
        char *tap = jh_sprintf("wait 500\ntap-text %s\nwait 500\n%s", c[0], enter ? "key enter\n" : "tap-text 确定\n");
        CHECK_INT(0, ut_run(app, tap));
        free(tap);
        v = store_setting_get(st, "school_name");
        CHECK_STR(want, v);
        free(v);
        free(want);
        ui_app_destroy(app);
        store_close(st);
    }
}

/* The setup screen's school name: a written character is not taken
 * unchosen either, whatever the recogniser's scores (好, which it cannot
 * tell from 闯; 十 and 中, which it ranks first: review r2kiosk item 2);
 * 完成 asks first, as on the questionnaire, then goes on without it. */
static void test_setup_name_unsure(void)
{
    static const int sizes[][2] = {{800, 480}, {1920, 1080}};
    static const struct {
        const char *file;
        int strokes;
    } cases[] = {{"hao", 6}, {"shi", 2}, {"zhong", 4}};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            store_t *st;
            ui_app_t *app = app_at_comment(&st, sizes[k][0], sizes[k][1], "zh-CN", NULL, true);
            CHECK_INT(JH_OK, store_setting_set(st, "school_name", "育才学", NULL));
            ui_app_goto(app, &screen_setup);
            char *cmd = jh_sprintf("wait 500\ntap-text 修改学校名称\nwait 500\nstroke %s/tests/ui/%s.strokes\n"
                                   "tap-text 完成\nexpect-text 没认准您写的是哪个字\nexpect-layout\n",
                                   JH_SOURCE_DIR, cases[i].file);
            CHECK_INT(0, ut_run(app, cmd));
            free(cmd);
            CHECK(ui_panel_is_open(app->panel));
            CHECK_INT(cases[i].strokes, ui_panel_stroke_count(app->panel));
            char *v = store_setting_get(st, "school_name");
            CHECK_STR("育才学", v);
            free(v);
            CHECK_INT(0, ut_run(app, "wait 500\ntap-text 完成\n"));
            v = store_setting_get(st, "school_name");
            CHECK_STR("育才学", v);
            free(v);
            /* the red hint goes with the next panel key or stroke (review
             * r2kiosk item 4: it stayed after the character was chosen and
             * while the next was written) */
            char *stroke = jh_sprintf("wait 500\nstroke %s/tests/ui/%s.strokes\n", JH_SOURCE_DIR, cases[i].file);
            CHECK_INT(0, ut_run(app, "wait 500\ntap-text 修改学校名称\n"));
            CHECK_INT(0, ut_run(app, stroke));
            CHECK_INT(0, ut_run(app, "tap-text 完成\nexpect-text 没认准您写的是哪个字\n"));
            const char *c[16];
            CHECK(ui_panel_candidates(app->panel, c, 16) > 0);
            char *first = jh_strdup(c[0]);
            char *tap = jh_sprintf("wait 500\ntap-text %s\n", first);
            int rc = ut_run(app, tap);
            free(tap);
            CHECK_INT(0, rc);
            rc = ut_run(app, "expect-no-text 没认准\n");
            if (rc) fprintf(stderr, "%dx%d %s: the hint stays after %s was chosen\n", sizes[k][0], sizes[k][1],
                            cases[i].file, first);
            CHECK_INT(0, rc);
            CHECK_INT(0, ut_run(app, stroke));
            CHECK_INT(0, ut_run(app, "tap-text 完成\nexpect-text 没认准您写的是哪个字\n"));
            CHECK_INT(0, ut_run(app, stroke));
            rc = ut_run(app, "expect-no-text 没认准\n");
            if (rc) fprintf(stderr, "%dx%d %s: the hint stays while the next is written\n", sizes[k][0], sizes[k][1],
                            cases[i].file);
            CHECK_INT(0, rc);
            CHECK_INT(0, ut_run(app, "tap-text 重写\nwait 500\ntap-text 确定\n"));
            char *want = jh_sprintf("育才学%s", first);
            v = store_setting_get(st, "school_name");
            CHECK_STR(want, v);
            free(v);
            free(want);
            free(first);
            free(stroke);
            ui_app_destroy(app);
            store_close(st);
        }
}

/* A ready phrase stores its text; the counter stops at max_length. */
static void test_phrases_and_counter(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1024, 600, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 常用语\ntap-text 感谢老师\nexpect-layout\n"));
    CHECK_STR("感谢老师", answer(app));
    /* 20 more phrases of 8 characters, each after a "，" (a finger lifted
     * and set down again between them), and 9 digits: 193 */
    for (int i = 0; i < 20; i++) CHECK_INT(0, ut_run(app, "wait 500\ntap-text 希望增加体育活动\n"));
    CHECK_INT(184, (int)ui_utf8_count(answer(app)));
    CHECK_INT(0, ut_run(app, "tap-text 123\nwait 500\ntap-text 1\ntap-text 2\ntap-text 3\ntap-text 4\ntap-text 5\n"
                             "tap-text 6\ntap-text 7\ntap-text 8\ntap-text 9\n"));
    CHECK_INT(193, (int)ui_utf8_count(answer(app)));
    /* a phrase that does not fit is refused whole, never cut in the middle
     * (rinput3: "…作业可以少一些饭"), with the red hint */
    CHECK_INT(0, ut_run(app, "tap-text 常用语\nwait 500\ntap-text 希望增加体育活动\n"));
    CHECK_INT(193, (int)ui_utf8_count(answer(app)));
    CHECK_INT(0, ut_run(app, "expect-text 已输入 193 / 200 字\nexpect-text 最多只能写 200 个字，刚才的字放不下，没有加上\nexpect-no-text 后面的\nexpect-layout\n"));
    /* one that fits is taken: "，" and 6 characters to 200 (a digit more
     * is refused) */
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 饭菜可以更好\nwait 500\ntap-text 123\nwait 500\ntap-text 6\n"));
    CHECK_INT(200, (int)ui_utf8_count(answer(app)));
    CHECK_INT(0, ut_run(app, "tap-text 常用语\nwait 500\n"));
    /* and in the other modes too */
    /* (a finger waits to see the keys a mode switch brings) */
    CHECK_INT(0, ut_run(app, "tap-text 123\nwait 500\ntap-text 7\nwait 500\ntap-text 手写\nwait 500\ntap-text ，\n"));
    CHECK_INT(200, (int)ui_utf8_count(answer(app)));
    CHECK_INT(0, ut_run(app, "tap-text 删除\ntap-text 123\ntap-text 7\n"));
    CHECK_INT(200, (int)ui_utf8_count(answer(app)));
    const char *v = answer(app);
    CHECK(v && v[strlen(v) - 1] == '7');
    /* a pinyin word with room for half of it: refused whole, the letters
     * kept (r2input3: they were lost, and the hint spoke of "the rest"),
     * the hint says how many characters are left; so on 完成 */
    CHECK_INT(0, ut_run(app, "tap-text 删除\ntap-text 拼音\nwait 500\n"));
    CHECK_INT(199, (int)ui_utf8_count(answer(app)));
    type_letters(app, "xuexiao");
    CHECK_INT(0, ut_run(app, "tap-text 学校\nexpect-text 这个词有 2 个字，只能再写 1 个字\nexpect-layout\n"));
    CHECK_INT(199, (int)ui_utf8_count(answer(app)));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 完成\n"));
    CHECK(ui_panel_is_open(app->panel));
    CHECK_INT(199, (int)ui_utf8_count(answer(app)));
    /* fewer letters, a shorter word: taken */
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 删除\ntap-text 删除\ntap-text 删除\ntap-text 删除\n"
                             "wait 500\ntap-text 学\n"));
    CHECK_INT(200, (int)ui_utf8_count(answer(app)));
    /* a word chosen in two parts (学校, then 老师) with room for three:
     * refused, and all its letters kept, the chosen part's too (rfinal18:
     * only "laoshi" was left) */
    CHECK_INT(0, ut_run(app, "tap-text 删除\ntap-text 删除\ntap-text 删除\n"));
    CHECK_INT(197, (int)ui_utf8_count(answer(app)));
    type_letters(app, "xuexiaolaoshi");
    CHECK_INT(0, ut_run(app, "tap-text 学校\nwait 500\n"));
    CHECK_INT(0, ut_run(app, "tap-text 老师\nexpect-text 这个词有 4 个字，只能再写 3 个字\n"));
    CHECK_INT(197, (int)ui_utf8_count(answer(app)));
    const char *cand[10];
    int nc = ui_panel_candidates(app->panel, cand, 10);
    bool whole = false;
    for (int i = 0; i < nc; i++) whole |= strncmp(cand[i], "学校", strlen("学校")) == 0;
    if (!whole) fprintf(stderr, "candidates after the refusal: %d, first %s\n", nc, nc ? cand[0] : "-");
    CHECK(whole);
    ui_app_destroy(app);
    store_close(st);
}

/* A double tap on a ready phrase (an unsteady finger) adds it once: the
 * second tap within the input guard's time is ignored (rinput3:
 * "饭菜可以更好饭菜可以更好"); tapped again later it is added again, and
 * another phrase right after is taken at once. */
static void test_phrase_double_tap(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 常用语\nwait 500\ndouble-tap 饭菜可以更好 250\n"));
    CHECK_STR("饭菜可以更好", answer(app));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 饭菜可以更好\n"));
    CHECK_STR("饭菜可以更好，饭菜可以更好", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text 感谢老师\n"));
    CHECK_STR("饭菜可以更好，饭菜可以更好，感谢老师", answer(app));
    ui_app_destroy(app);
    store_close(st);
}

/* Ready phrases tapped one after another are kept apart: "，" in Chinese,
 * ". " in English, nothing where the answer is empty or already ends in
 * a space or a mark (review rkiosk5 item 2: 感谢老师希望增加体育活动 and
 * "Thank you, teachersMore sports, please" were stored). */
static void test_phrase_separators(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1080, 1920, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\ntap-text 常用语\nwait 500\ntap-text 感谢老师\n"
                             "tap-text 希望增加体育活动\n"));
    CHECK_STR("感谢老师，希望增加体育活动", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text 。\ntap-text 饭菜可以更好\ntap-text 空格\ntap-text 感谢老师\n"));
    CHECK_STR("感谢老师，希望增加体育活动。饭菜可以更好 感谢老师", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text 完成\n"));
    CHECK_INT(1, stored(st, "感谢老师，希望增加体育活动。饭菜可以更好 感谢老师"));
    ui_app_destroy(app);
    store_close(st);
    app = app_at_comment(&st, 1024, 600, "en", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text Touch here to write\nwait 500\ntap-text Phrases\nwait 500\n"
                             "tap-text Thank you, teachers\ntap-text More sports, please\n"));
    CHECK_STR("Thank you, teachers. More sports, please", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text !\ntap-text Thank you, teachers\n"));
    CHECK_STR("Thank you, teachers. More sports, please! Thank you, teachers", answer(app));
    ui_app_destroy(app);
    store_close(st);
}

/* With read-aloud on, the open panel (which covers 读题) offers 读一读: it
 * reads the question and what has been written so far, so a person who
 * reads little hears her comment (rinput3); 停止 stops it; without sound it
 * is not there. */
static void test_panel_read_aloud(void)
{
    store_t *st;
    ui_speech_cmd_t cmd = {0};
    ui_app_t *app = app_at_comment(&st, 800, 480, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nexpect-no-text 读一读\n")); /* no sound */
    CHECK_INT(0, ut_run(app, "tap-text 完成\nwait 500\n"));
    ui_app_set_speech(app, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nwait 500\nexpect-layout\ntap-text 读一读\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK_INT(UI_SPEECH_SPEAK, cmd.kind);
    CHECK(cmd.survey == NULL);
    CHECK(strstr(cmd.text, "您还有什么话想对学校说") != NULL);
    CHECK(strstr(cmd.text, "还没有写字") != NULL);
    CHECK_INT(0, ut_run(app, "wait 500\nexpect-layout\ntap-text 停止\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK_INT(UI_SPEECH_STOP, cmd.kind);
    /* an unsteady double tap on 读一读 reads, and does not stop it at once
     * (r2input3: it began and stopped) */
    CHECK_INT(0, ut_run(app, "wait 500\ndouble-tap 读一读 250\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK_INT(UI_SPEECH_SPEAK, cmd.kind);
    CHECK(app->speaking);
    CHECK_INT(0, ut_run(app, "expect-text 停止\nwait 500\ntap-text 停止\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK_INT(UI_SPEECH_STOP, cmd.kind);
    CHECK_INT(0, ut_run(app, "tap-text 常用语\nwait 500\ntap-text 感谢老师\ntap-text 读一读\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK_INT(UI_SPEECH_SPEAK, cmd.kind);
    CHECK(strstr(cmd.text, "您写的是：感谢老师") != NULL);
    /* a phone number is read digit by digit, not as 一百三十八亿 (review
     * rspeech4 item 7); a short number as it is */
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 停止\ntext 电话13812345678，3年级\nwait 500\ntap-text 读一读\n"));
    while (ui_app_speech_take(app, &cmd) && cmd.kind != UI_SPEECH_SPEAK) {}
    CHECK_INT(UI_SPEECH_SPEAK, cmd.kind);
    CHECK(strstr(cmd.text, "电话一三八一二三四五六七八，3年级") != NULL);
    if (!strstr(cmd.text, "一三八一二三四五六七八")) fprintf(stderr, "read: %s\n", cmd.text);
    /* numbers written with - or blanks between the groups, a QQ number of 6
     * digits, a decimal point (review r2speech4 item 5: 一百三十八 一千二百
     * 三十四…, 十二万三千四百五十六, "3.5岁" said 三五岁) */
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 停止\ntext ，138-1234-5678；138 1234 5678；QQ 123456；3.5岁；500元\n"
                             "wait 500\ntap-text 读一读\n"));
    while (ui_app_speech_take(app, &cmd) && cmd.kind != UI_SPEECH_SPEAK) {}
    CHECK_INT(UI_SPEECH_SPEAK, cmd.kind);
    CHECK(strstr(cmd.text, "一三八 一二三四 五六七八；一三八 一二三四 五六七八；") != NULL);
    CHECK(strstr(cmd.text, "QQ 一二三四五六；") != NULL);
    CHECK(strstr(cmd.text, "3点五岁；500元") != NULL);
    CHECK(strstr(cmd.text, "3年级") != NULL); /* short numbers stay numbers */
    fprintf(stderr, "read: %s\n", cmd.text);
    /* 完成 stops the voice with the panel */
    CHECK_INT(0, ut_run(app, "tap-text 完成\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK_INT(UI_SPEECH_STOP, cmd.kind);
    ui_app_destroy(app);
    store_close(st);
    /* English, large text, the smallest screen: the button fits too */
    app = app_at_comment(&st, 800, 480, "en", NULL, true);
    app->large_text = true;
    ui_app_set_speech(app, true);
    CHECK_INT(0, ut_run(app, "tap-text Touch here to write\nwait 500\nexpect-layout\ntap-text Listen\n"));
    CHECK(ui_app_speech_take(app, &cmd));
    CHECK(strstr(cmd.text, "Nothing written yet") != NULL);
    CHECK_INT(0, ut_run(app, "wait 500\nexpect-text Stop\ntap-text Stop\ntext Call 13812345678\nwait 500\ntap-text Listen\n"));
    while (ui_app_speech_take(app, &cmd) && cmd.kind != UI_SPEECH_SPEAK) {}
    CHECK(strstr(cmd.text, "You wrote: Call 1 3 8 1 2 3 4 5 6 7 8") != NULL);
    ui_app_destroy(app);
    store_close(st);
}

/* The English UI opens on letters; the Chinese modes are one tap away. */
/* With the Debian data installed, the admin screen has no such note. */
static void test_admin_no_note(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
    ui_panel_check_data(app->panel);
    CHECK_STR("", ui_panel_data_note(app->panel));
    ui_app_goto(app, &screen_admin);
    CHECK_INT(0, ut_run(app, "expect-no-text 不能用\n"));
    ui_app_destroy(app);
    store_close(st);
}

/* The input guard holds for strokes too: a stroke begun within 400 ms of
 * the screen appearing is ignored from its down to its up; later ones draw.
 * The replay's stroke says so, as tap-text does (it went on silently,
 * doing what no finger could; review rkiosk5, harness gap), and it writes
 * only in a writing area on the screen. */
static void test_guard(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\n"));
    ui_app_goto(app, &screen_question); /* the screen shown again: the guard starts */
    ui_panel_open(app->panel, "zh-CN");
    app->dirty = true;
    int guarded = app->n_guarded;
    CHECK_INT(1, ut_run(app, "stroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
    CHECK_INT(0, ui_panel_stroke_count(app->panel));
    CHECK(app->n_guarded > guarded);
    CHECK_INT(0, ut_run(app, "wait 400\nstroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
    CHECK_INT(6, ui_panel_stroke_count(app->panel));
    /* the pad covered (a label drawn over it, as a dialog would be) */
    CHECK_INT(0, ut_run(app, "tap-text 重写\n"));
    ui_frame_t *f = (ui_frame_t *)ui_app_frame(app);
    const ui_widget_t *pad = ui_frame_find(f, UI_PANEL_AREA_LABEL, false);
    CHECK(pad != NULL);
    if (pad) ui_label(f, pad->r.x, pad->r.y + pad->r.h / 2, pad->r.w, "盖住了", 20, 0, UI_ALIGN_LEFT);
    CHECK_INT(1, ut_run(app, "stroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
    CHECK_INT(0, ui_panel_stroke_count(app->panel));
    app->dirty = true;
    /* the panel closed: no writing area, no stroke */
    CHECK_INT(0, ut_run(app, "tap-text 重写\ntap-text 完成\nwait 500\n"));
    CHECK_INT(1, ut_run(app, "stroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
    ui_app_destroy(app);
    store_close(st);
}

static void test_english(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 800, 480, "en", NULL, true);
    CHECK_INT(0, ut_run(app, "tap-text Touch here to write\n"));
    CHECK_INT(UI_PANEL_ABC, ui_panel_mode(app->panel));
    /* English marks in English (review rkiosk5 item 7: ok，thx！ was
     * stored), none of the full-width ones, no 、 */
    CHECK_INT(0, ut_run(app, "expect-no-text ，\nexpect-no-text ！\nexpect-no-text 、\n"));
    CHECK_INT(0, ut_run(app, "tap-text o\ntap-text k\ntap-text ,\ntap-text Space\ntap-text 1\ntap-text !\n"
                             "tap-text '\nexpect-layout\n"));
    CHECK_STR("ok, 1!'", answer(app));
    CHECK_INT(0, ut_run(app, "tap-text Delete\ntap-text 123\ntap-text ?\ntap-text Phrases\ntap-text .\n"));
    CHECK_STR("ok, 1!?.", answer(app));
    /* writing Chinese (手写, 拼音) keeps the Chinese marks */
    CHECK_INT(0, ut_run(app, "tap-text 拼音\ntap-text ，\ntap-text Delete\ntap-text Phrases\n"));
    CHECK_INT(0, ut_run(app, "tap-text Thank you, teachers\ntap-text Done\n"));
    CHECK_STR("ok, 1!?. Thank you, teachers", answer(app));
    CHECK(!ui_panel_is_open(app->panel));
    ui_app_destroy(app);
    store_close(st);
}

/* Missing engine data: the panel opens on a mode that works (no
 * handwriting and no pinyin: 常用语); the missing ones show a note saying
 * what to use instead, and the admin screen says what is missing. */
static void test_missing_data(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 1280, 800, "zh-CN", "/nonexistent/zh_CN.model", false);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nexpect-no-text 暂时不能用\nexpect-text 感谢老师\nexpect-layout\n"));
    CHECK_INT(UI_PANEL_PHRASE, ui_panel_mode(app->panel));
    CHECK_INT(0, ut_run(app, "tap-text 手写\nexpect-text 手写暂时不能用，请用常用语\nexpect-layout\n"));
    CHECK_INT(0, ut_run(app, "tap-text 拼音\nexpect-text 拼音暂时不能用\ntap-text 常用语\ntap-text 感谢老师\n"));
    CHECK_STR("感谢老师", answer(app));
    /* the parent is not shown the file; the administrator is */
    CHECK(strstr(ui_panel_note(app->panel, UI_PANEL_HAND), "/nonexistent") == NULL);
    ui_panel_check_data(app->panel);
    CHECK(strstr(ui_panel_data_note(app->panel), "/nonexistent/zh_CN.model") != NULL);
    CHECK(strstr(ui_panel_data_note(app->panel), "手写不能用，缺少数据，请安装 tegaki-zinnia-simplified-chinese（/nonexistent/zh_CN.model）") != NULL);
    ui_app_goto(app, &screen_admin);
    CHECK_INT(0, ut_run(app, "expect-text 手写不能用\nexpect-text 拼音不能用\nexpect-layout\n"));
    ui_app_destroy(app);
    store_close(st);
}

/* The admin screen finds out which engines are off when it opens, not
 * while it draws (rfinal18: the first admin frame ran the pinyin load, up
 * to 10 s, on the draw path, and every frame rebuilt the note).  Drawn
 * without its enter (as a frame after the first is), it opens nothing;
 * entered, it says what is missing. */
static void test_admin_checks_on_enter(void)
{
    store_t *st;
    ui_app_t *app = app_at_comment(&st, 800, 480, "zh-CN", "/nonexistent/zh_CN.model", false);
    app->screen = &screen_admin; /* no enter: a later frame's draw only */
    app->dirty = true;
    CHECK(ui_app_frame(app) != NULL);
    CHECK_STR("", ui_panel_note(app->panel, UI_PANEL_HAND)); /* the engine was not tried */
    CHECK_STR("", ui_panel_data_note(app->panel));
    ui_app_goto(app, &screen_welcome);
    ui_app_goto(app, &screen_admin);
    CHECK_CONTAINS("手写不能用，缺少数据", ui_panel_data_note(app->panel));
    CHECK_INT(0, ut_run(app, "expect-text 手写不能用\nexpect-text 拼音不能用\nexpect-layout\n"));
    ui_app_destroy(app);
    store_close(st);
}

/* Damaged engine data (review rinput3): a garbage handwriting model and a
 * 0-byte pinyin table.  The admin screen says so before anyone used the
 * panel, "damaged", not "missing: install"; the panel opens on a mode that
 * works; 拼音 shows its note and the kiosk goes on. */
static void test_damaged_data(void)
{
    char *model = jh_sprintf("%s/garbage.model", tmpdir);
    char *rime = jh_sprintf("%s/damaged-rime", tmpdir);
    FILE *f = fopen(model, "w");
    CHECK(f != NULL);
    if (f) fputs("garbage\n", f), fclose(f);
    char *cmd = jh_sprintf("mkdir -p '%s/build' && ln -s /usr/share/rime-data/*.yaml '%s/' && "
                           "ln -s /usr/share/rime-data/build/* '%s/build/' && rm '%s/build/luna_pinyin.table.bin' && "
                           ": > '%s/build/luna_pinyin.table.bin'",
                           rime, rime, rime, rime, rime);
    CHECK_INT(0, system(cmd));
    free(cmd);
    int sizes[][2] = {{1280, 800}, {800, 480}};
    for (int k = 0; k < 2; k++) {
        store_t *st;
        ui_app_t *app = app_at_comment_data(&st, sizes[k][0], sizes[k][1], "zh-CN", model, true, rime);
        ui_app_goto(app, &screen_admin);
        const char *note = ui_panel_data_note(app->panel);
        CHECK(strstr(note, "输入面板：手写不能用，数据已损坏，请重新安装 tegaki-zinnia-simplified-chinese（") != NULL);
        CHECK(strstr(note, "）。Handwriting is off: its data is damaged.") != NULL);
        CHECK(strstr(note, "输入面板：拼音不能用，数据已损坏，请重新安装 rime-data-luna-pinyin（") != NULL);
        CHECK(strstr(note, "）。Pinyin is off: its data is damaged.") != NULL);
        CHECK(strstr(note, "garbage.model") != NULL);
        CHECK(strstr(note, "luna_pinyin.table.bin") != NULL);
        CHECK(strstr(note, "缺少") == NULL);
        CHECK_INT(0, ut_run(app, "expect-text 手写不能用\nexpect-text 拼音不能用\nexpect-layout\n"));
        ui_app_destroy(app);
        store_close(st);
    }
    store_t *st;
    ui_app_t *app = app_at_comment_data(&st, 800, 480, "zh-CN", model, true, rime);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nexpect-no-text 暂时不能用\nexpect-layout\n"));
    CHECK_INT(UI_PANEL_PHRASE, ui_panel_mode(app->panel));
    CHECK_INT(0, ut_run(app, "tap-text 拼音\nexpect-text 拼音暂时不能用，请用常用语\nexpect-layout\n"));
    CHECK_INT(0, ut_run(app, "tap-text 常用语\ntap-text 感谢老师\n"));
    CHECK_STR("感谢老师", answer(app));
    ui_app_destroy(app);
    store_close(st);
    free(model);
    free(rime);
}

/* A first pinyin load that only took too long (a FIFO where librime reads
 * opencc's settings: the load hangs and is given up after 10 s) is tried
 * again when the panel next opens (review r2input3 item 4: pinyin stayed
 * off until the kiosk restarted), and the admin line says too slow, not
 * damaged. */
static void test_pinyin_retry(void)
{
    char *rime = jh_sprintf("%s/slow-rime", tmpdir);
    char *cmd = jh_sprintf("mkdir -p '%s/build' '%s/opencc' && ln -s /usr/share/rime-data/*.yaml '%s/' && "
                           "ln -s /usr/share/rime-data/build/* '%s/build/' && mkfifo '%s/opencc/t2s.json'",
                           rime, rime, rime, rime, rime);
    CHECK_INT(0, system(cmd));
    free(cmd);
    /* (handwriting off too: its note says phrases only while pinyin is
     * off, and names pinyin again once it works; review rfinal18 item 5) */
    char *model = jh_sprintf("%s/slow-garbage.model", tmpdir);
    FILE *f = fopen(model, "w");
    CHECK(f != NULL);
    if (f) fputs("garbage\n", f), fclose(f);
    store_t *st;
    ui_app_t *app = app_at_comment_data(&st, 800, 480, "zh-CN", model, true, rime);
    CHECK_INT(0, ut_run(app, "tap-text 点这里写字\nwait 500\ntap-text 拼音\nexpect-text 拼音暂时不能用\n"));
    CHECK_CONTAINS("手写暂时不能用，请用常用语", ui_panel_note(app->panel, UI_PANEL_HAND));
    ui_panel_check_data(app->panel);
    const char *note = ui_panel_data_note(app->panel);
    if (!strstr(note, "拼音不能用，加载太慢")) fprintf(stderr, "note: %s\n", note);
    CHECK(strstr(note, "拼音不能用，加载太慢") != NULL);
    CHECK(strstr(note, "拼音不能用，数据已损坏") == NULL);
    /* the disk is quick again */
    char *fifo = jh_sprintf("%s/opencc/t2s.json", rime);
    unlink(fifo);
    free(fifo);
    CHECK_INT(0, ut_run(app, "tap-text 完成\nwait 500\ntap-text 点这里写字\nwait 500\ntap-text 拼音\n"
                             "expect-no-text 拼音暂时不能用\n"));
    CHECK_INT(UI_PANEL_PINYIN, ui_panel_mode(app->panel));
    CHECK_CONTAINS("手写暂时不能用，请用拼音或常用语", ui_panel_note(app->panel, UI_PANEL_HAND));
    ui_app_destroy(app);
    store_close(st);
    free(rime);
    free(model);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/jh-test-panel-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    jh_crypto_init();
    RUN(test_pinyin_retry); /* first: the first pinyin load of a process is the one tried in a child */
    RUN(test_pinyin);
    RUN(test_pinyin_paging);
    RUN(test_pinyin_long);
    RUN(test_pinyin_unconvertible);
    RUN(test_pinyin_kept);
    RUN(test_handwriting);
    RUN(test_handwriting_kept);
    RUN(test_handwriting_unsure);
    RUN(test_handwriting_double_tap);
    RUN(test_handwriting_stray_dropped);
    RUN(test_handwriting_stray_touch);
    RUN(test_handwriting_tapped_dot);
    RUN(test_handwriting_stroke_order);
    RUN(test_setup_name_kept);
    RUN(test_setup_name_unsure);
    RUN(test_handwriting_hint_words);
    RUN(test_panel_question_shown);
    RUN(test_panel_portrait);
    RUN(test_phrases_and_counter);
    RUN(test_phrase_double_tap);
    RUN(test_phrase_separators);
    RUN(test_panel_read_aloud);
    RUN(test_guard);
    RUN(test_english);
    RUN(test_missing_data);
    RUN(test_damaged_data);
    RUN(test_admin_no_note);
    RUN(test_admin_checks_on_enter);
    (void)layout_problems;
    char *cmd = jh_sprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    free(cmd);
    CHECK_DONE();
}
