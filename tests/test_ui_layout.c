/* test_ui_layout.c - the layout check over the whole matrix: every screen
 * (and every item of the shipped questionnaires in data/surveys, with and without an answer,
 * with a hint, every page of a long option list, a 200-character comment) at
 * every supported size, in both languages and both text sizes, measured with
 * the real bundled font (SDL_ttf, dummy video driver).  Fails on anything
 * off-screen, overlapping, a button under the minimum size or a label that
 * does not fit (ui_frame_check), and any text under WCAG AA contrast against
 * what is drawn under it (ui_frame_contrast_check), in both themes.
 * Read-aloud is on (its buttons shown).  Prints how many frames it checked. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "plat.h"
#include "screens.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_widget.h"

static plat_t *plat;
static char tmpdir[256];
static int n_frames, n_bad_frames;
static int only_w, only_h; /* one size only (command line), 0: all */
static int n_shipped;       /* questionnaires in data/surveys */
static void test_matrix(void);

static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 800}, {1366, 768},
                               {1024, 768},  {800, 480},   {1024, 600}};

typedef struct {
    int w, h;
    const char *lang;
    bool large;
    bool hc;       /* the high-contrast theme */
} combo_t;

static double worst_ratio[2] = {1e9, 1e9}; /* lowest text contrast seen, per theme */
static int n_texts_bad;

/* Checks the current frame; prints its problems with where they were. */
static void check(ui_app_t *app, const combo_t *c, const char *what)
{
    app->dirty = true;
    const ui_frame_t *f = ui_app_frame(app);
    jh_buf_t b = {0};
    int n = ui_frame_check(f, &b);
    /* WCAG AA for every drawn text against what is under it (issue 14). */
    double worst;
    int nc = ui_frame_contrast_check(f, &b, &worst);
    if (worst < worst_ratio[c->hc]) worst_ratio[c->hc] = worst;
    n_texts_bad += nc;
    n += nc;
    /* The admin screen's text is never below a readable size (11 px, about
     * 2 mm on a 7" 800x480 panel, was its small print; review rscreen7
     * item 5). */
    if (!strcmp(ui_app_screen_name(app), "admin")) {
        int floor = f->px_per_cm * 3 / 10 > 14 ? f->px_per_cm * 3 / 10 : 14; /* and 3 mm (admin.c's afont) */
        for (int i = 0; i < f->dl.n; i++)
            if (f->dl.cmds[i].type == UI_CMD_TEXT && f->dl.cmds[i].size < floor) {
                jh_buf_printf(&b, "admin text \"%.40s\" at %d px, under %d px\n", f->dl.cmds[i].text,
                              f->dl.cmds[i].size, floor);
                n++;
                break;
            }
    }
    n_frames++;
    if (n) {
        n_bad_frames++;
        check_failures_ += n;
        /* The first few bad frames in full; later ones by name only. */
        if (n_bad_frames <= 40)
            fprintf(stderr, "%dx%d %s%s%s, screen %s (%s): %d problem(s):\n%s", c->w, c->h, c->lang,
                    c->large ? " large" : "", c->hc ? " high-contrast" : "", ui_app_screen_name(app), what, n,
                    b.data);
        else
            fprintf(stderr, "%dx%d %s%s%s, screen %s (%s): %d problem(s)\n", c->w, c->h, c->lang,
                    c->large ? " large" : "", c->hc ? " high-contrast" : "", ui_app_screen_name(app), what, n);
    }
    jh_buf_free(&b);
}

/* Checks the question screen on every page of its options.  A rating
 * scale is never paged: its options are all on one screen (on a second
 * page its negative end was hidden, review rkiosk5 item 3). */
static void check_pages(ui_app_t *app, const combo_t *c, const char *what)
{
    check(app, c, what);
    if (!strcmp(ui_app_screen_name(app), "question") && app->has_draft && app->item >= 0 &&
        app->draft.survey->items[app->item].type == SURVEY_ITEM_SCALE && app->n_pages > 1) {
        fprintf(stderr, "%dx%d %s%s%s (%s): a scale on %d pages (its options must all be on one screen)\n", c->w,
                c->h, c->lang, c->large ? " large" : "", c->hc ? " high-contrast" : "", what, app->n_pages);
        check_failures_++;
    }
    for (int guard = 0; guard < 8 && app->page + 1 < app->n_pages; guard++) {
        app->page++;
        char w2[256];
        snprintf(w2, sizeof w2, "%s, page %d of %d", what, app->page + 1, app->n_pages);
        check(app, c, w2);
    }
    app->page = 0;
    app->dirty = true;
}

static ui_app_t *make_app(const combo_t *c, store_t **st)
{
    char rime_dir[300];
    snprintf(rime_dir, sizeof rime_dir, "%s/rime", tmpdir);
    static int k;
    char db[300];
    snprintf(db, sizeof db, "%s/k%d.db", tmpdir, k++);
    jh_err_t err;
    CHECK_INT(JH_OK, store_open(db, 1795395600000LL, st, NULL, &err));
    store_ensure_defaults(*st, &err);
    store_setting_set(*st, "school_name", "青山县第一实验小学（九年一贯制）", &err);
    char *dir = ut_shipped_surveys_dir();
    ui_app_config_t cfg = {.store = *st, .surveys_dir = dir, .now_ms = 1795395600000LL, .width = c->w,
                           .height = c->h, .measure = plat_measure(plat), .has_glyph = plat_has_glyph,
                           .glyph_ctx = plat, .idle_seconds = 60, .input_dir = rime_dir};
    ui_app_t *app = ui_app_create(&cfg);
    free(dir);
    snprintf(app->lang, sizeof app->lang, "%s", c->lang);
    app->large_text = c->large;
    app->high_contrast = c->hc;
    /* Read-aloud on (issue 14): the 读题 button in every question's
     * navigation row, 听读 on the welcome screen; the frames without it
     * are checked by the replays' layout checks and welcome below. */
    ui_app_set_speech(app, true);
    app->dirty = true;
    return app;
}

/* The buttons of the frame drawn in normal or large text: their labels and
 * the font size of the first line drawn in each. */
#define MAX_SIZED 32
typedef struct {
    char label[128];
    int size;
    ui_rect_t r;
} sized_t;

static int button_sizes(ui_app_t *app, bool large, sized_t *out)
{
    bool was = app->large_text;
    app->large_text = large;
    app->dirty = true;
    const ui_frame_t *f = ui_app_frame(app);
    int n = 0;
    for (int i = 0; i < f->n && n < MAX_SIZED; i++) {
        const ui_widget_t *w = &f->w[i];
        if (w->kind != UI_W_BUTTON || !w->label) continue;
        int size = 0;
        for (int k = 0; k < f->dl.n && !size; k++) {
            const ui_cmd_t *d = &f->dl.cmds[k];
            if (d->type == UI_CMD_TEXT && d->r.x >= w->r.x && d->r.x < w->r.x + w->r.w && d->r.y >= w->r.y &&
                d->r.y < w->r.y + w->r.h)
                size = d->size;
        }
        snprintf(out[n].label, sizeof out[n].label, "%s", w->label);
        out[n].size = size;
        out[n].r = w->r;
        n++;
    }
    app->large_text = was;
    app->dirty = true;
    return n;
}

/* Large text makes every button label of the screen shown (numbers_only:
 * the 0-10 numbers) larger than in normal text: the role buttons
 * ("Principal or other resident" was set smaller to fit a narrow button),
 * the role screen's 返回 and the 0-10 numbers were not (review rparent9
 * item 5). */
static void check_large_grows(ui_app_t *app, const combo_t *c, const char *what, bool numbers_only)
{
    if (!c->large) return;
    /* also as a 7-inch panel (screen_inches = 7: the minimum button is
     * 9 mm) where the screen is one's size */
    double was = app->screen_inches;
    for (int v = 0; v < (c->w * c->h <= 1024 * 600 ? 2 : 1); v++) {
        app->screen_inches = v ? 7 : was;
        sized_t normal[MAX_SIZED], large[MAX_SIZED];
        int nn = button_sizes(app, false, normal), nl = button_sizes(app, true, large);
        /* at least 1.35 times (UI_LARGE_TEXT_PCT less a tenth): "Principal
         * or other resident" went from 54 to 57 px at 1920x1080 */
        for (int j = 0; j < nl; j++)
            for (int i = 0; i < nn; i++)
                if (!strcmp(large[j].label, normal[i].label) &&
                    (!numbers_only || strspn(large[j].label, "0123456789") == strlen(large[j].label)) &&
                    large[j].size * 1000 < normal[i].size * (UI_LARGE_TEXT_PCT * 9)) {
                    fprintf(stderr, "%dx%d %s large%s%s (%s): \"%s\" at %d px in large text, %d px in normal text\n",
                            c->w, c->h, c->lang, c->hc ? " high-contrast" : "", v ? " 7-inch" : "", what,
                            large[j].label, large[j].size, normal[i].size);
                    check_failures_++;
                    break;
                }
    }
    app->screen_inches = was;
    app->dirty = true;
}

/* A scale's options read top to bottom in their order: in one column, or
 * filled column by column (row by row, two columns read 满意 | 比较满意 /
 * 基本满意 | 不满意, review rparent9 item 6). */
static void check_scale_order(ui_app_t *app, const combo_t *c, const survey_item_t *it, const char *what)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    sized_t b[MAX_SIZED];
    int nb = button_sizes(app, app->large_text, b);
    ui_rect_t prev = {0};
    for (int k = 0; k < n; k++) {
        const char *label = ui_app_text(app, &o[k].label);
        int j = 0;
        while (j < nb && strcmp(b[j].label, label)) j++;
        if (j == nb) continue; /* (a label the button shows otherwise) */
        ui_rect_t r = b[j].r;
        if (k > 0 && !(r.x > prev.x || (r.x == prev.x && r.y > prev.y))) {
            fprintf(stderr, "%dx%d %s%s%s (%s): option %d \"%s\" is not below or in a column after option %d\n",
                    c->w, c->h, c->lang, c->large ? " large" : "", c->hc ? " high-contrast" : "", what, k + 1,
                    label, k);
            check_failures_++;
            return;
        }
        prev = r;
    }
}

/* A 200-character comment (the longest a text item takes by default). */
static char *long_comment(int max)
{
    static const char *const words = "老师很负责，孩子很喜欢上学。希望学校多开展体育活动，食堂饭菜再多一些蔬菜。";
    jh_buf_t b = {0};
    int n = 0;
    const char *p = words;
    while (n < max) {
        int adv;
        ui_utf8_decode(p, strlen(p), &adv);
        jh_buf_append(&b, p, (size_t)adv);
        p += adv;
        if (!*p) p = words;
        n++;
    }
    return jh_buf_take(&b);
}

/* The admin screen's questionnaire buttons: their labels break between
 * words only (one broke 问|卷, and was drawn under the admin floor, which
 * check() sees): the lines drawn in each button, joined, have no line end
 * inside a word of the line breaker's lexicon. */
static void check_admin_titles(ui_app_t *app, const combo_t *c, const char *what)
{
    const ui_frame_t *f = ui_app_frame(app);
    for (int k = 0; k < app->n_surveys; k++) {
        const char *title = ui_app_text(app, &app->surveys[k]->title);
        const ui_widget_t *b = NULL;
        for (int i = 0; i < f->n && !b; i++)
            if (f->w[i].kind == UI_W_BUTTON && strstr(f->w[i].label, title)) b = &f->w[i];
        if (!b) {
            fprintf(stderr, "%dx%d %s%s: %s: no button for \"%s\"\n", c->w, c->h, c->lang, c->large ? " large" : "",
                    what, title);
            check_failures_++;
            continue;
        }
        char joined[800] = "";
        size_t ends[16];
        int n = 0;
        for (int i = 0; i < f->dl.n && n < 16; i++) {
            const ui_cmd_t *t = &f->dl.cmds[i];
            if (t->type != UI_CMD_TEXT || !ui_rect_contains(b->r, t->r.x, t->r.y) || !strcmp(t->text, "\xE2\x9C\x93"))
                continue;
            snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s", t->text);
            ends[n++] = strlen(joined);
        }
        for (int i = 0; i + 1 < n; i++)
            if (ui_text_breaks_inside_word(joined, strlen(joined), ends[i])) {
                fprintf(stderr, "%dx%d %s%s: %s: the button \"%s\" breaks a word: \"%.*s\" / \"%s\"\n", c->w, c->h,
                        c->lang, c->large ? " large" : "", what, title, (int)ends[i], joined, joined + ends[i]);
                check_failures_++;
            }
    }
}

/* The side of the handwriting pad in the frame of app in large text or not
 * (0: no pad); app's own setting is kept. */
static int pad_side(ui_app_t *app, bool large)
{
    bool was = app->large_text;
    app->large_text = large;
    app->dirty = true;
    const ui_widget_t *a = ui_frame_find(ui_app_frame(app), UI_PANEL_AREA_LABEL, false);
    int side = a ? (a->r.w < a->r.h ? a->r.w : a->r.h) : 0;
    app->large_text = was;
    app->dirty = true;
    return side;
}

/* The pads compared (figures printed at the end), without and with a 7"
 * screen_inches: the least margin of large text over normal text, and the
 * two pads there. */
static int pad_margin[2] = {1 << 30, 1 << 30}, pad_large_at[2], pad_normal_at[2];

/* The input panel open on a free-text item in every mode (issue 13): the
 * layout rules hold and the answer stays in view above the panel.  The
 * pinyin mode with a composition and candidates, handwriting with the
 * strokes of 好 and its candidates. */
static void check_panel(ui_app_t *app, const combo_t *c, const survey_t *s, const survey_item_t *it,
                        const char *state)
{
    static const char *const names[UI_PANEL_N_MODES] = {"handwriting", "pinyin", "phrases", "123", "ABC"};
    char what[240];
    ui_panel_open(app->panel, app->lang);
    for (int m = 0; m < UI_PANEL_N_MODES; m++) {
        if (m == UI_PANEL_PHRASE && it->n_phrases == 0) continue;
        ui_panel_set_mode(app->panel, (ui_panel_mode_t)m);
        app->dirty = true;
        snprintf(what, sizeof what, "%s item %s, %s, panel %s", s->id, it->id, state, names[m]);
        check(app, c, what);
        const char *v = app->draft.values[app->item];
        const ui_frame_t *f = ui_app_frame(app);
        const ui_widget_t *box = ui_frame_find(f, v ? v : "", false);
        if (!box || box->r.h < ui_line_height(ui_font(f, 44))) {
            fprintf(stderr, "%dx%d %s%s: %s: the answer is not in view above the panel\n", c->w, c->h, c->lang,
                    c->large ? " large" : "", what);
            check_failures_++;
        }
        /* Large text gives a writing pad at least as large as normal text
         * on landscape screens: it was smaller (136 px against 154 px at
         * 800x480) when the question took the panel's height, and whoever
         * chose large text needs the room most.  Also on a 7" panel. */
        if (m == UI_PANEL_HAND && c->large && c->w > c->h) {
            for (int seven = 0; seven < 2; seven++) {
                double inches = app->screen_inches;
                if (seven) app->screen_inches = 7;
                int big = pad_side(app, true), normal = pad_side(app, false);
                app->screen_inches = inches;
                if (big - normal < pad_margin[seven]) {
                    pad_margin[seven] = big - normal;
                    pad_large_at[seven] = big;
                    pad_normal_at[seven] = normal;
                }
                if (big < normal || big == 0) {
                    fprintf(stderr, "%dx%d %s%s: %s: the pad is %d px in large text, %d px in normal text\n", c->w,
                            c->h, c->lang, seven ? " 7-inch" : "", what, big, normal);
                    check_failures_++;
                }
            }
        }
        if (m == UI_PANEL_PINYIN && !strcmp(state, "empty")) {
            CHECK_INT(0, ut_run(app, "wait 500\ntap-text x\ntap-text u\ntap-text e\ntap-text x\ntap-text i\n"
                                     "tap-text a\ntap-text o\n"));
            snprintf(what, sizeof what, "%s item %s, %s, panel pinyin composing", s->id, it->id, state);
            check(app, c, what);
        }
        if (m == UI_PANEL_HAND && !strcmp(state, "empty")) {
            CHECK_INT(0, ut_run(app, "wait 500\nstroke " JH_SOURCE_DIR "/tests/ui/hao.strokes\n"));
            CHECK_INT(6, ui_panel_stroke_count(app->panel));
            snprintf(what, sizeof what, "%s item %s, %s, panel with strokes", s->id, it->id, state);
            check(app, c, what);
        }
    }
    ui_panel_close(app->panel);
    app->dirty = true;
}

/* Every item of questionnaire s: unanswered, with the required hint,
 * answered; then the summary with skipped items and without. */
static void walk_survey(const combo_t *c, int si)
{
    store_t *st;
    ui_app_t *app = make_app(c, &st);
    const survey_t *s = app->surveys[si];
    app->survey = s;
    ui_app_goto(app, &screen_role);
    check(app, c, "role");
    check_large_grows(app, c, "role", false);
    ui_app_goto(app, &screen_notice);
    check(app, c, "notice");
    ui_app_begin(app, s, s->audience);
    char what[200];
    int guard = 0;
    while (!strcmp(ui_app_screen_name(app), "question") && guard++ < 100) {
        const survey_item_t *it = &s->items[app->item];
        snprintf(what, sizeof what, "%s item %s", s->id, it->id);
        check_pages(app, c, what);
        if (it->type == SURVEY_ITEM_RATING) check_large_grows(app, c, what, true);
        if (it->type == SURVEY_ITEM_SCALE) check_scale_order(app, c, it, what);
        if (it->required) {
            app->hint = UI_S_REQUIRED_HINT;
            app->dirty = true;
            snprintf(what, sizeof what, "%s item %s with the required hint", s->id, it->id);
            check_pages(app, c, what);
            app->hint = (ui_str_id_t)-1;
        }
        int n;
        const survey_option_t *o = survey_item_options(it, &n);
        if (it->type == SURVEY_ITEM_TEXT) {
            int max = it->max_length > 0 ? it->max_length : 200;
            check_panel(app, c, s, it, "empty");
            ui_app_answer(app, "学校");
            check_panel(app, c, s, it, "two characters");
            char *t = long_comment(max);
            ui_app_answer(app, t);
            free(t);
            app->hint = UI_S_TEXT_FULL;
            snprintf(what, sizeof what, "%s item %s, %d characters, refused more", s->id, it->id, max);
            check(app, c, what);
            check_panel(app, c, s, it, "full, refused more");
            app->hint = (ui_str_id_t)-1;
        } else if (it->type == SURVEY_ITEM_MULTI) {
            /* as many as allowed, then the "at most" hint */
            jh_buf_t v = {0};
            int max = it->max_choices > 0 ? it->max_choices : 1;
            for (int k = 0, picked = 0; k < n && picked < max; k++) {
                if (o[k].excluded) continue;
                if (v.len) jh_buf_puts(&v, ",");
                jh_buf_puts(&v, o[k].code);
                picked++;
            }
            ui_app_answer(app, v.data);
            jh_buf_free(&v);
            app->hint = UI_S_MULTI_MAX;
            snprintf(what, sizeof what, "%s item %s, chosen, with the maximum hint", s->id, it->id);
            check_pages(app, c, what);
            app->hint = (ui_str_id_t)-1;
        } else if (it->type == SURVEY_ITEM_RATING) {
            ui_app_answer(app, "10");
        } else if (n > 0) {
            /* "yes" where there is one, so that show_if items come too */
            int k = n - 1;
            for (int j = 0; j < n; j++)
                if (!strcmp(o[j].code, "yes") || !strcmp(o[j].code, "rural")) k = j;
            ui_app_answer(app, o[k].code);
        }
        snprintf(what, sizeof what, "%s item %s, answered", s->id, it->id);
        check_pages(app, c, what);
        /* optional items are skipped so the summary lists them */
        if (!it->required) ui_app_answer(app, NULL);
        ui_app_advance(app);
    }
    CHECK_STR("summary", ui_app_screen_name(app));
    snprintf(what, sizeof what, "%s, skipped items listed", s->id);
    check_pages(app, c, what);
    ui_app_finish(app, STORE_SUBMITTED);
    check(app, c, "thanks");
    ui_app_destroy(app);
    store_close(st);
}

/* A question far longer than any shipped one (90, 220 and 500 Chinese
 * characters, twice as many letters in English) on a five-option scale, a
 * yes/no item and a 0-10 rating: the answers keep the minimum touch size
 * (the question is set smaller, then cut), whatever the size. */
static void walk_long(const combo_t *c)
{
    static const char *const zh = "学校食堂每天提供早餐、午餐和晚餐，";
    static const char *const en = "The canteen serves breakfast, lunch and dinner every day. ";
    static const int lengths[] = {90, 220, 500};
    store_t *st;
    ui_app_t *app = make_app(c, &st);
    for (int si = 0; si < app->n_surveys; si++) {
        survey_t *s = (survey_t *)app->surveys[si]; /* the test's own copy, loaded for it */
        bool done[3] = {false, false, false};
        for (int i = 0; i < s->n_items; i++) {
            survey_item_t *it = &s->items[i];
            int kind = it->type == SURVEY_ITEM_SCALE ? 0 : it->type == SURVEY_ITEM_YESNO ? 1
                       : it->type == SURVEY_ITEM_RATING ? 2 : -1;
            if (kind < 0 || done[kind] || it->show_if.item_index >= 0) continue;
            done[kind] = true;
            for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
                for (int t = 0; t < it->text.n; t++) {
                    bool is_zh = !strcmp(it->text.tr[t].locale, "zh-CN");
                    const char *w = is_zh ? zh : en;
                    int want = is_zh ? lengths[k] * 3 : lengths[k] * 2; /* bytes */
                    jh_buf_t b = {0};
                    while ((int)b.len < want) jh_buf_puts(&b, w);
                    b.data[want] = '\0';
                    free(it->text.tr[t].text);
                    it->text.tr[t].text = b.data;
                }
                ui_app_begin(app, s, s->audience);
                app->item = i;
                app->page = 0;
                app->dirty = true;
                char what[200];
                snprintf(what, sizeof what, "%s item %s with a question of %d characters", s->id, it->id, lengths[k]);
                check_pages(app, c, what);
                ui_app_answer(app, NULL);
            }
        }
    }
    ui_app_destroy(app);
    store_close(st);
}

/* Whether a text command of the frame ends in "…" (a question cut), and
 * the height of the question's own text widget. */
static bool frame_cut(const ui_frame_t *f)
{
    for (int i = 0; i < f->dl.n; i++) {
        const ui_cmd_t *cmd = &f->dl.cmds[i];
        size_t n = cmd->type == UI_CMD_TEXT && cmd->text ? strlen(cmd->text) : 0;
        if (n >= 3 && !strcmp(cmd->text + n - 3, "…")) return true;
    }
    return false;
}

static int question_h(const ui_frame_t *f, const char *qt)
{
    for (int i = 0; i < f->n; i++)
        if (f->w[i].kind == UI_W_TEXT && f->w[i].label && !strcmp(f->w[i].label, qt)) return f->w[i].r.h;
    return -1;
}

/* Second review of session 13: a question as long as `junheng check` lets
 * pass without a warning (SURVEY_QUESTION_FIT_UNITS) is shown whole above a
 * scale and above a multiple choice, with and without the red "这道题要先回答"
 * line (which cut the end of a 125-character question, the ask itself); its
 * size does not change when the line appears; a longer one is cut with
 * "…", never silently.  In English too: `junheng check` counts a letter as
 * one unit there, and the same limit must hold. */
static void walk_fit(const combo_t *c)
{
    /* (half-width units: a Chinese character counts 2, a letter 1) */
    bool en = !strcmp(c->lang, "en");
    const char *filler = en ? "The school canteen serves breakfast, lunch and dinner every day, "
                            : "学校食堂每天提供早餐、午餐和晚餐，";
    int unit_bytes = en ? 1 : 3, unit_chars = en ? 1 : 2;
    store_t *st;
    ui_app_t *app = make_app(c, &st);
    for (int si = 0; si < app->n_surveys; si++) {
        survey_t *s = (survey_t *)app->surveys[si];
        bool done[2] = {false, false};
        for (int i = 0; i < s->n_items; i++) {
            survey_item_t *it = &s->items[i];
            int kind = it->type == SURVEY_ITEM_SCALE ? 0 : it->type == SURVEY_ITEM_MULTI ? 1 : -1;
            if (kind < 0 || done[kind] || it->show_if.item_index >= 0) continue;
            done[kind] = true;
            for (int units = SURVEY_QUESTION_FIT_UNITS; units <= 600; units += 600 - SURVEY_QUESTION_FIT_UNITS) {
                int len = units / unit_chars; /* characters */
                for (int t = 0; t < it->text.n; t++) {
                    if (strcmp(it->text.tr[t].locale, c->lang)) continue;
                    jh_buf_t b = {0};
                    while ((int)b.len < len * unit_bytes) jh_buf_puts(&b, filler);
                    b.data[len * unit_bytes] = '\0';
                    free(it->text.tr[t].text);
                    it->text.tr[t].text = b.data;
                }
                ui_app_begin(app, s, s->audience);
                app->item = i;
                app->page = 0;
                app->dirty = true;
                const char *qt = ui_app_text(app, &it->text);
                const ui_frame_t *f = ui_app_frame(app);
                bool cut = frame_cut(f);
                int h = question_h(f, qt);
                app->hint = UI_S_REQUIRED_HINT;
                app->dirty = true;
                f = ui_app_frame(app);
                bool cut_hint = frame_cut(f);
                int h_hint = question_h(f, qt);
                app->hint = (ui_str_id_t)-1;
                /* within the limit: whole everywhere; 600 units: cut at the
                 * smallest screen in large text, marked, and the same with
                 * the hint everywhere */
                bool small = c->w == 800 && c->large;
                bool bad = units <= SURVEY_QUESTION_FIT_UNITS ? cut || cut_hint : cut != cut_hint || (small && !cut);
                bool want_cut = units > SURVEY_QUESTION_FIT_UNITS && small;
                if (bad || h != h_hint || h <= 0) {
                    printf("FAIL %dx%d%s %s: %s item %s, a question of %d characters: cut %d, with the hint %d "
                           "(want %d); height %d, with the hint %d\n",
                           c->w, c->h, c->large ? " large" : "", c->lang, s->id, it->id, len, cut, cut_hint,
                           want_cut, h, h_hint);
                    CHECK(false);
                }
                ui_app_answer(app, NULL);
            }
        }
    }
    ui_app_destroy(app);
    store_close(st);
}

/* The admin screen with the sample at its longest, a county pack on the
 * stick in every state the screen knows, and after each kind of message
 * (rlook's review: the left column ran off the screen with a pack of
 * another key after an export, and 没有新答卷 under it): everything on the
 * screen, the pack's instructions whole. */
/* The note the kiosk keeps when it made a new key for a database with
 * answers (a setting store_setting_set does not take): day, or none. */
static void set_key_replaced(store_t *st, const char *day)
{
    char *sql = day ? jh_sprintf("INSERT OR REPLACE INTO settings(key, value) VALUES ('key_replaced', '%s')", day)
                    : jh_strdup("DELETE FROM settings WHERE key = 'key_replaced'");
    CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), sql, NULL, NULL, NULL));
    free(sql);
}

static void walk_admin_packs(ui_app_t *app, const combo_t *c)
{
    pack_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, pack_read(JH_SOURCE_DIR "/tests/ui/pack/junheng-county-pack.json", &p, &err));
    if (!p) return;
    pack_free(app->found_pack);
    app->found_pack = p;
    snprintf(app->trusted_fingerprint, sizeof app->trusted_fingerprint, "%s", "SHA256:e4a6-24fe-5054-6f7f");
    snprintf(app->found_pack_made, sizeof app->found_pack_made, "%s", "2026-12-02 08:30:05");
    snprintf(app->installed_pack_made, sizeof app->installed_pack_made, "%s", "2026-12-02 08:30:41");
    snprintf(app->found_pack_err, sizeof app->found_pack_err, "%s",
             "/media/admin/KINGSTON-32G/junheng-county-pack.json: the signature does not match the contents "
             "(the file was changed after the bureau signed it)");
    static const struct {
        int state;
        bool refused, confirm;
        const char *name;
    } states[] = {
        {UI_PACK_NONE, false, false, "no pack"},
        {UI_PACK_READY, false, false, "a pack to install"},
        {UI_PACK_NEW_KEY, false, false, "a first pack"},
        {UI_PACK_OTHER_KEY, false, false, "a pack of another key"},
        {UI_PACK_OTHER_KEY, false, true, "a pack of another key, forget asked"},
        {UI_PACK_OTHER_KEY, true, false, "a pack of another key after an export"},
        {UI_PACK_BAD, false, false, "a damaged pack"},
        {UI_PACK_OLDER, false, false, "an older pack"},
        {UI_PACK_INSTALLED, false, false, "the pack installed"},
        {UI_PACK_NEWER, false, false, "a pack of a newer format"},
    };
    char done[300], where[300], failed[600];
    snprintf(done, sizeof done, ui_app_str(app, UI_S_ADMIN_EXPORT_DONE), 123456LL);
    snprintf(where, sizeof where, ui_app_str(app, UI_S_ADMIN_EXPORT_WHERE), "/media/admin/KINGSTON-32G");
    snprintf(failed, sizeof failed, ui_app_str(app, UI_S_ERR_DETAIL),
             "/media/admin/KINGSTON-32G/junheng-3607210001-K-GOLDEN.json: Input/output error");
    char msgs[5][1200], new_key[400];
    snprintf(msgs[0], sizeof msgs[0], "%s", "");
    snprintf(msgs[1], sizeof msgs[1], "%s", ui_app_str(app, UI_S_ADMIN_EXPORT_NONE));
    snprintf(msgs[2], sizeof msgs[2], "%s\n%s", done, where);
    snprintf(msgs[3], sizeof msgs[3], "%s\n%s", ui_app_str(app, UI_S_ERR_EXPORT_IO), failed);
    /* the first export after a key was replaced (session 17) */
    snprintf(new_key, sizeof new_key, ui_app_str(app, UI_S_ADMIN_EXPORT_NEW_KEY), "K-8eea05758a04",
             "SHA256:9f78-92d6-1d61-09e5");
    snprintf(msgs[4], sizeof msgs[4], "%s\n%s", done, new_key);
    static const int kinds[5] = {0, 0, 1, 2, 1};
    static const char *const mnames[5] = {"no message", "没有新答卷", "exported", "export failed",
                                          "exported, a new key"};
    /* and with a red note on a replaced key (review r2kiosk), a damaged
     * database to salvage, or both, over every pack and message */
    for (int extra = 0; extra < 4; extra++)
    for (size_t k = 0; k < sizeof states / sizeof states[0]; k++)
        for (int m = 0; m < 5; m++) {
            if (m == 4 && (extra & 1)) continue; /* (the export that says so removes the note) */
            set_key_replaced(app->store, extra & 1 ? "2026-12-02" : NULL);
            app->n_damaged = extra & 2 ? 1 : 0;
            app->found_pack_state = states[k].state;
            app->forget_refused = states[k].refused;
            app->confirm_forget = states[k].confirm;
            snprintf(app->admin_msg, sizeof app->admin_msg, "%.*s", (int)sizeof app->admin_msg - 1, msgs[m]);
            app->admin_msg_kind = kinds[m];
            app->dirty = true;
            char what[200];
            snprintf(what, sizeof what, "admin%s, the sample at its longest, %s, %s",
                     extra == 1   ? ", key replaced"
                     : extra == 2 ? ", a damaged database"
                     : extra == 3 ? ", key replaced, a damaged database"
                                  : "",
                     states[k].name, mnames[m]);
            check(app, c, what);
        }
    app->found_pack_state = UI_PACK_NONE;
    app->forget_refused = app->confirm_forget = false;
    app->admin_msg[0] = '\0';
    app->n_damaged = 0;
    set_key_replaced(app->store, NULL);
    app->dirty = true;
}

static void walk_other(const combo_t *c)
{
    store_t *st;
    ui_app_t *app = make_app(c, &st);
    check(app, c, "welcome");
    app->listen_mode = true;
    check(app, c, "welcome, 听读 chosen");
    ui_app_set_speech(app, false);
    check(app, c, "welcome without read-aloud");
    ui_app_set_speech(app, true);
    /* the idle question inside a questionnaire */
    ui_app_begin(app, app->surveys[0], app->surveys[0]->audience);
    app->resume = app->screen;
    ui_app_goto(app, &screen_idle);
    check(app, c, "idle");
    snprintf(app->store_error, sizeof app->store_error, "%s",
             "database or disk is full (SQLITE_FULL) while saving the answers");
    app->store_error_status = JH_ERR_FULL; /* (the longest of the staff's sentences) */
    ui_app_goto(app, &screen_unavailable);
    check(app, c, "unavailable");
    app->idle_ms = app->idle_limit_ms; /* the person may have gone: "您还在吗？" and its countdown */
    app->dirty = true;
    check(app, c, "unavailable, are you still there");
    ui_app_goto(app, &screen_question);
    ui_app_jump(app, app->item); /* from the summary: Back returns there */
    ui_app_goto(app, &screen_summary);
    check(app, c, "summary, nothing skipped yet");
    app->error_kind = UI_ERROR_NO_SURVEY;
    ui_app_goto(app, &screen_error);
    check(app, c, "error, no questionnaire");
    app->error_kind = UI_ERROR_INVALID;
    jh_buf_printf(&app->problems, "parent.json:41:17: option 'score' must be a number\n"
                                  "teacher.json: questionnaire id 'teacher-2026' is used by another file\n");
    app->n_invalid = 2;
    ui_app_goto(app, &screen_error);
    check(app, c, "error, invalid questionnaires");
    ui_app_goto(app, &screen_pin);
    check(app, c, "pin, set");
    snprintf(app->pin, sizeof app->pin, "12345678");
    snprintf(app->pin_msg, sizeof app->pin_msg, ui_app_str(app, UI_S_PIN_LOCKED), 5);
    app->dirty = true;
    check(app, c, "pin, locked message");
    ui_app_goto(app, &screen_admin);
    check(app, c, "admin");
    check_admin_titles(app, c, "admin");
    /* a 7" panel (its 3 mm floor over 14 px; review of the admin screen) */
    if ((c->w == 800 && c->h == 480) || (c->w == 1024 && c->h == 600)) {
        app->screen_inches = 7;
        check(app, c, "admin, 7-inch");
        check_admin_titles(app, c, "admin, 7-inch");
        app->screen_inches = 0;
        app->dirty = true;
    }
    /* every shipped questionnaire and one stick to export to (review
     * r2kiosk: the close row fell off 800x480); the walk below keeps it */
    app->n_export_targets = 1;
    snprintf(app->export_targets[0], sizeof app->export_targets[0], "%s", "/media/admin/KINGSTON-32G");
    app->dirty = true;
    check(app, c, "admin, one export target");
    /* issue 18: the sample block at its longest (parents missing, every
     * locality, not stated, a low valid share) */
    memset(&app->sample, 0, sizeof app->sample);
    app->sample.valid = 123456;
    app->sample.not_valid = 54321;
    app->sample.abandoned = 98765;
    app->sample.n_roles = 5;
    static const char *const sroles[] = {"parent", "public", "student", "teacher", "principal"};
    for (int r = 0; r < 5; r++) {
        snprintf(app->sample.by_role[r].role, sizeof app->sample.by_role[r].role, "%s", sroles[r]);
        app->sample.by_role[r].valid = r ? 30000 : 3456;
    }
    for (int l = 0; l < STORE_LOC_COUNT; l++) app->sample.by_locality[l] = 30000 + l;
    app->sample_ok = true;
    app->dirty = true;
    check(app, c, "admin, the sample at its longest");
    walk_admin_packs(app, c);
    ui_app_goto(app, &screen_access);
    check(app, c, "access, read-aloud available");
    ui_app_set_speech(app, false);
    snprintf(app->speech_note, sizeof app->speech_note, "%s",
             "no sound: no audio device could be opened (ALSA: cannot open default device); read-aloud is off");
    app->dirty = true;
    check(app, c, "access, no audio device");
    ui_app_destroy(app);
    store_close(st);
}

int main(int argc, char **argv)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    snprintf(tmpdir, sizeof tmpdir, "%s/jh-test-layout-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    jh_crypto_init();
    plat_opts_t o = {.width = 800, .height = 480, .hidden = true, .software = true};
    jh_err_t err;
    if (plat_create(&o, &plat, &err) != JH_OK) {
        fprintf(stderr, "plat_create: %s\n", err.msg);
        return 1;
    }
    /* Optional: one size "WxH" from the command line. */
    if (argc > 1 && sscanf(argv[1], "%dx%d", &only_w, &only_h) != 2) only_w = 0;
    RUN(test_matrix);
    printf("layout check: %d frames (%d shipped questionnaires), %d with problems\n", n_frames, n_shipped,
           n_bad_frames);
    for (int seven = 0; seven < 2; seven++)
        if (pad_margin[seven] < 1 << 30)
            printf("handwriting pad, landscape%s: large text at least %d px over normal text (%d px against %d px)\n",
                   seven ? ", 7-inch" : "", pad_margin[seven], pad_large_at[seven], pad_normal_at[seven]);
    printf("contrast (WCAG AA): %d texts below it; lowest ratio %.2f:1 (default theme), %.2f:1 (high contrast)\n",
           n_texts_bad, worst_ratio[0], worst_ratio[1]);
    plat_destroy(plat);
    char *cmd = jh_sprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    free(cmd);
    CHECK_DONE();
}

static void test_matrix(void)
{
    /* Every shipped questionnaire (data/surveys), whatever their number. */
    store_t *st;
    combo_t c0 = {1920, 1080, "zh-CN", false, false};
    ui_app_t *a0 = make_app(&c0, &st);
    n_shipped = a0->n_surveys;
    ui_app_destroy(a0);
    store_close(st);
    CHECK(n_shipped >= 4);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        if (only_w && (sizes[k][0] != only_w || sizes[k][1] != only_h)) continue;
        for (int lang = 0; lang < 2; lang++)
            for (int large = 0; large < 2; large++)
                for (int hc = 0; hc < 2; hc++) {
                    combo_t c = {sizes[k][0], sizes[k][1], lang ? "en" : "zh-CN", large != 0, hc != 0};
                    walk_other(&c);
                    walk_long(&c);
                    walk_fit(&c);
                    for (int si = 0; si < n_shipped; si++) walk_survey(&c, si);
                }
    }
}
