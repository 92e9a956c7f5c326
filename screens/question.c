/* question.c - one questionnaire item per screen: large option buttons
 * (scale, choice, yes/no), a 0-10 rating row, multiple choice with a
 * maximum and a confirm button, or an optional free-text box (typed with a
 * keyboard when one is present).  A single choice moves on by itself after
 * a short visible confirmation; required items cannot be skipped. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_OPT = 1, Q_PREV, Q_NEXT, Q_TEXTBOX, Q_SPEAK };

#define CONFIRM_MS 400

static void keep_composition(ui_app_t *app);

/* ---- static functions ---------------------------------------------------- */

static const survey_item_t *cur_item(const ui_app_t *app)
{
    return &app->draft.survey->items[app->item];
}

static const char *cur_value(const ui_app_t *app)
{
    return app->draft.values[app->item];
}

/* Whether the comma-separated list value contains code. */
static bool multi_has(const char *value, const char *code)
{
    if (!value) return false;
    size_t n = strlen(code);
    for (const char *p = value; p; p = strchr(p, ',')) {
        if (*p == ',') p++;
        if (!strncmp(p, code, n) && (p[n] == ',' || !p[n])) return true;
    }
    return false;
}

static int multi_count(const char *value)
{
    if (!value || !*value) return 0;
    int n = 1;
    for (const char *p = value; *p; p++) n += *p == ',';
    return n;
}

/* The multi value with option k toggled: codes in the order picked (a new
 * one goes last); NULL when none is left. */
static char *multi_toggle(const survey_item_t *it, const char *value, int k)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    jh_buf_t b = {0};
    bool was_on = false;
    for (const char *p = value; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == strlen(o[k].code) && !strncmp(p, o[k].code, len)) {
            was_on = true;
        } else if (len) {
            if (b.len) jh_buf_puts(&b, ",");
            jh_buf_append(&b, p, len);
        }
        p = comma ? comma + 1 : NULL;
    }
    if (!was_on) {
        if (b.len) jh_buf_puts(&b, ",");
        jh_buf_puts(&b, o[k].code);
    }
    return b.len ? jh_buf_take(&b) : (jh_buf_free(&b), NULL);
}

static void pick(ui_app_t *app, const char *value)
{
    const char *old = cur_value(app);
    bool same = old && !strcmp(old, value);
    if (!same) ui_app_answer(app, value);
    if (app->screen != &screen_question) return; /* storage failed: out of service */
    app->confirm_ms = CONFIRM_MS;
    app->confirm_seen = false; /* counts from when the highlight shows (ui_app_presented) */
    app->wake_ms = CONFIRM_MS;
    app->dirty = true;
}

static void go_next(ui_app_t *app)
{
    keep_composition(app); /* Enter while composing: saved with the rest */
    const survey_item_t *it = cur_item(app);
    const char *v = cur_value(app);
    if (it->required && (!v || !*v)) {
        app->hint = UI_S_REQUIRED_HINT;
        app->dirty = true;
        return;
    }
    if (it->type == SURVEY_ITEM_TEXT) {
        if (v && !*v) store_draft_set(&app->draft, app->item, NULL, app->now_ms);
        if (!ui_app_save(app)) return;
    }
    ui_app_advance(app);
}

/* Whether the typed character cp can go into an answer (the font draws it;
 * not a control character). */
static bool drawable_cp(const ui_app_t *app, uint32_t cp)
{
    return cp >= 0x20 && cp != 0x7F && cp != 0xFFFD && (!app->has_glyph || app->has_glyph(app->glyph_ctx, cp));
}

/* Typed text: appended when it fits under the item's maximum, else refused
 * whole (a ready phrase or a converted pinyin word is never cut in the
 * middle: "…作业可以少一些饭"), with the red hint; characters the font cannot
 * draw (emoji from an input method) and line breaks are refused, each with
 * a visible hint, never stored. */
static void type_text(ui_app_t *app, const survey_item_t *it, const char *text)
{
    const char *v = cur_value(app);
    size_t have = v ? ui_utf8_count(v) : 0;
    size_t max = it->max_length > 0 ? (size_t)it->max_length : 200;
    jh_buf_t b = {0};
    jh_buf_puts(&b, v ? v : "");
    ui_str_id_t hint = (ui_str_id_t)-1;
    size_t len = strlen(text), adding = 0;
    for (size_t i = 0; i < len;) {
        int adv;
        if (drawable_cp(app, ui_utf8_decode(text + i, len - i, &adv))) adding++;
        i += (size_t)adv;
    }
    bool fits = have + adding <= max;
    for (size_t i = 0; i < len;) {
        int adv;
        uint32_t cp = ui_utf8_decode(text + i, len - i, &adv);
        if (!drawable_cp(app, cp)) {
            if (cp != '\n' && cp != '\r') hint = UI_S_TEXT_GLYPH;
        } else if (!fits) {
            hint = UI_S_TEXT_FULL;
        } else {
            jh_buf_append(&b, text + i, (size_t)adv);
        }
        i += (size_t)adv;
    }
    if (b.len != (v ? strlen(v) : 0)) store_draft_set(&app->draft, app->item, b.data, app->now_ms);
    jh_buf_free(&b);
    app->hint = hint;
    app->dirty = true;
}

/* The item's ready phrases in the language shown (borrowed texts). */
static int item_phrases(const ui_app_t *app, const survey_item_t *it, const char **out)
{
    int n = 0;
    for (int k = 0; k < it->n_phrases && k < SURVEY_MAX_PHRASES; k++) out[n++] = ui_app_text(app, &it->phrases[k]);
    return n;
}

static void delete_last(ui_app_t *app)
{
    const char *v = cur_value(app);
    if (v && *v) {
        char *t = jh_strndup(v, ui_utf8_drop_last(v));
        store_draft_set(&app->draft, app->item, *t ? t : NULL, app->now_ms);
        free(t);
    }
    app->hint = (ui_str_id_t)-1;
    app->dirty = true;
}

/* 听读 after a tap on a multiple-choice option (not while the question is
 * read; a list being said is said again, as it is now): what
 * is chosen now ("已选：住房、培训机会。"), or that no more can be chosen
 * (over), for a person who cannot read the ticks. */
static void say_chosen(ui_app_t *app, const survey_item_t *it, const char *value, bool over, int max)
{
    char text[1024];
    if (over) {
        snprintf(text, sizeof text, ui_app_str(app, UI_S_MULTI_MAX), max);
    } else if (!value || !*value) {
        snprintf(text, sizeof text, "%s", ui_app_str(app, UI_S_MULTI_NONE));
    } else {
        int n;
        const survey_option_t *o = survey_item_options(it, &n);
        jh_buf_t b = {0};
        for (int i = 0; i < n; i++) {
            if (!multi_has(value, o[i].code)) continue;
            if (b.len) jh_buf_puts(&b, strcmp(app->lang, "en") ? "、" : ", ");
            jh_buf_puts(&b, ui_app_text(app, &o[i].label));
        }
        jh_buf_append(&b, "", 1);
        snprintf(text, sizeof text, ui_app_str(app, UI_S_MULTI_CHOSEN), b.data);
        jh_buf_free(&b);
    }
    ui_app_speak_screen(app, text);
}

/* 读一读 in the open panel (which covers 读题): the question, then what has
 * been written so far, as one part, for a person who reads little to hear
 * her comment before she leaves it. */
/* Numbers in a comment as a person means them (reviews rspeech4 item 7,
 * r2speech4 item 5); heap string:
 * - a phone or QQ number is read digit by digit (一三八一二… in Chinese,
 *   "1 3 8 1 2 …" in English; the synthesiser read "13812345678" as
 *   一百三十八亿…): any run of digits joined by - or blanks that has 7 or
 *   more digits in all ("138-1234-5678", "138 1234 5678"), and 5 or 6
 *   digits written after QQ, 电话, 手机 or 微信 ("QQ 123456");
 * - in Chinese a decimal point is said (3.5岁: 3点五岁, not 三五岁);
 * - other numbers are left as they are (3年级, 2026年, 500元). */
static bool after_contact_word(const char *text, const char *p)
{
    static const char *const words[] = {"QQ", "qq", "Qq", "电话", "手机", "微信"};
    static const char *const skip[] = {" ", ":", "：", "号", "是", "-"};
    const char *e = p;
    for (bool more = true; more;) {
        more = false;
        for (size_t k = 0; k < sizeof skip / sizeof *skip; k++) {
            size_t m = strlen(skip[k]);
            if ((size_t)(e - text) >= m && !memcmp(e - m, skip[k], m)) {
                e -= m;
                more = true;
            }
        }
    }
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t m = strlen(words[k]);
        if ((size_t)(e - text) >= m && !memcmp(e - m, words[k], m)) return true;
    }
    return false;
}

static char *digits_one_by_one(const char *text, bool zh)
{
    static const char *const hz[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    jh_buf_t b = {0};
    for (const char *p = text; *p;) {
        size_t run = strspn(p, "0123456789");
        if (!run) {
            jh_buf_append(&b, p, 1);
            p++;
            continue;
        }
        /* the group: runs of digits joined by - or blanks */
        size_t len = run, digits = run;
        for (;;) {
            size_t sep = strspn(p + len, " -");
            size_t next = sep ? strspn(p + len + sep, "0123456789") : 0;
            if (!next) break;
            len += sep + next;
            digits += next;
        }
        if (digits >= 7 || (digits >= 5 && after_contact_word(text, p))) {
            bool first = true;
            for (size_t k = 0; k < len; k++) {
                if (p[k] < '0' || p[k] > '9') {
                    /* one pause for the - or blanks between two groups */
                    if (k + 1 < len && p[k + 1] >= '0' && p[k + 1] <= '9') jh_buf_puts(&b, " ");
                    continue;
                }
                if (zh) {
                    jh_buf_puts(&b, hz[p[k] - '0']);
                } else {
                    if (!first && p[k - 1] >= '0' && p[k - 1] <= '9') jh_buf_puts(&b, " ");
                    jh_buf_append(&b, p + k, 1);
                }
                first = false;
            }
            p += len;
            continue;
        }
        jh_buf_append(&b, p, run);
        p += run;
        size_t frac = *p == '.' ? strspn(p + 1, "0123456789") : 0;
        if (zh && frac) { /* 3.5: 3点五 (the synthesiser dropped the point) */
            jh_buf_puts(&b, "点");
            for (size_t k = 1; k <= frac; k++) jh_buf_puts(&b, hz[p[k] - '0']);
            p += 1 + frac;
        }
    }
    jh_buf_append(&b, "", 1);
    return b.data;
}

static void read_answer(ui_app_t *app, const survey_item_t *it)
{
    bool zh = strcmp(app->lang, "en") != 0;
    char *said = cur_value(app) ? digits_one_by_one(cur_value(app), zh) : NULL;
    const char *v = said;
    char *text = v && *v ? jh_sprintf("%s %s%s", ui_app_text(app, &it->text), zh ? "您写的是：" : "You wrote: ", v)
                         : jh_sprintf("%s %s", ui_app_text(app, &it->text), zh ? "您还没有写字。" : "Nothing written yet.");
    ui_app_speak_text(app, text);
    free(text);
    free(said);
}

/* A key of the input panel: insert through type_text (max_length and
 * drawable characters apply as for a keyboard), delete, or close. */
static void panel_event(ui_app_t *app, const survey_item_t *it, const ui_widget_t *hit)
{
    const char *ph[SURVEY_MAX_PHRASES];
    int n = item_phrases(app, it, ph);
    jh_buf_t text = {0};
    const char *v = cur_value(app);
    int max = it->max_length > 0 ? it->max_length : 200, have = v ? (int)ui_utf8_count(v) : 0;
    ui_panel_set_room(app->panel, max > have ? max - have : 0);
    ui_panel_set_text(app->panel, v);
    if (app->hint == UI_S_HAND_UNSURE) app->hint = (ui_str_id_t)-1; /* asked once, per key */
    switch (ui_panel_event(app->panel, hit, ph, n, &text)) {
    case UI_PANEL_TOO_LONG: /* the composition kept, for a shorter word */
        app->hint = UI_S_TEXT_WORD_LONG;
        break;
    case UI_PANEL_UNSURE: /* the strokes kept: the person chooses the character */
        app->hint = UI_S_HAND_UNSURE;
        break;
    case UI_PANEL_INSERT:
        type_text(app, it, text.data ? text.data : "");
        break;
    case UI_PANEL_DELETE:
        delete_last(app);
        break;
    case UI_PANEL_READ:
        if (app->speaking)
            ui_app_speech_stop(app);
        else
            read_answer(app, it);
        break;
    case UI_PANEL_CLOSE:
        ui_app_speech_stop(app);
        app->hint = (ui_str_id_t)-1;
        if (text.len) type_text(app, it, text.data); /* the composition shown, kept */
        if (it->type == SURVEY_ITEM_TEXT && !ui_app_save(app)) goto out; /* the save's own screen */
        break;
    default:
        break;
    }
    app->dirty = true;
out:
    jh_buf_free(&text);
}

/* A pinyin composition shown in the open panel goes into the answer (as
 * 空格 would put it) before the panel closes, the item changes or the
 * screen is left: 完成 and the tabs do it in the panel; this is for the
 * rest (Enter, Escape, the idle timeout, the program's end). */
static void keep_composition(ui_app_t *app)
{
    if (!ui_panel_is_open(app->panel) || !app->has_draft || app->item < 0) return;
    const survey_item_t *it = cur_item(app);
    if (it->type != SURVEY_ITEM_TEXT) return;
    jh_buf_t b = {0};
    if (ui_panel_commit(app->panel, &b)) type_text(app, it, b.data);
    jh_buf_free(&b);
}

static bool question_pointer(ui_app_t *app, const ui_input_t *in)
{
    if (!ui_panel_is_open(app->panel) || !ui_panel_pointer(app->panel, in)) return false;
    /* a stroke begun: the hint to choose the character (UI_PANEL_UNSURE)
     * was for the strokes before it, as on the setup screen */
    if (in->type == UI_IN_DOWN && app->hint == UI_S_HAND_UNSURE) app->hint = (ui_str_id_t)-1;
    return true;
}

static void question_enter(ui_app_t *app)
{
    app->confirm_ms = 0;
    const survey_item_t *it = app->has_draft ? cur_item(app) : NULL;
    /* Back to the same question after "您还在吗？" or 暂停服务: the page the
     * person was on.  From another question or the summary: the page of
     * the first choice (draw_options opens it). */
    bool same = app->left_item == app->item &&
                (app->came_from == &screen_idle || app->came_from == &screen_unavailable);
    if (it && same)
        app->page = app->left_page;
    else if (it && it->type != SURVEY_ITEM_RATING && it->type != SURVEY_ITEM_TEXT && cur_value(app))
        app->page = -1;
    app->left_item = -1;
    ui_panel_close(app->panel);
    if (app->listen_mode) ui_app_speak_item(app); /* 听读: every question read by itself */
}

static void question_leave(ui_app_t *app)
{
    app->left_item = app->item;
    app->left_page = app->page;
    keep_composition(app);
    ui_panel_close(app->panel);
}

/* Flags of option i's button: selected, and ringed while it is read aloud. */
static int option_flags(const ui_app_t *app, int i, bool sel)
{
    return (sel ? UI_BTN_SELECTED : 0) | (app->speaking && app->speech_option == i ? UI_BTN_READING : 0);
}

static void question_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!app->has_draft || app->item < 0) {
        ui_app_goto(app, &screen_welcome);
        return;
    }
    const survey_item_t *it = cur_item(app);
    if (screen_pager_event(app, hit)) return;
    if (hit && hit->id >= UI_PANEL_ID_TAB && hit->id < UI_PANEL_ID_LAST_) {
        panel_event(app, it, hit);
        return;
    }
    if (hit && hit->id == Q_TEXTBOX) {
        ui_panel_open(app->panel, app->lang);
        app->hint = (ui_str_id_t)-1;
        app->dirty = true;
        return;
    }
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            keep_composition(app); /* before the item changes */
            ui_app_back(app);
        } else if (it->type == SURVEY_ITEM_TEXT && in->type == UI_IN_KEY && in->key == UI_KEY_BACKSPACE) {
            if (cur_value(app) && *cur_value(app)) delete_last(app);
        } else if (it->type == SURVEY_ITEM_TEXT && in->type == UI_IN_TEXT) {
            type_text(app, it, in->text);
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_ENTER) {
            go_next(app);
        }
        return;
    }
    switch (hit->id) {
    case Q_SPEAK:
        if (app->speaking)
            ui_app_speech_stop(app);
        else
            ui_app_speak_item(app);
        break;
    case Q_OPT: {
        /* An answer: the person has heard enough.  Not on a multiple-choice
         * item: one pick of several, the other options still to be heard
         * (review rspeech4 item 6). */
        if (it->type != SURVEY_ITEM_MULTI) ui_app_speech_stop(app);
        if (it->type == SURVEY_ITEM_RATING) {
            char v[8];
            snprintf(v, sizeof v, "%d", hit->arg);
            pick(app, v);
        } else if (it->type == SURVEY_ITEM_MULTI) {
            char *v = multi_toggle(it, cur_value(app), hit->arg);
            int max = it->max_choices > 0 ? it->max_choices : 1;
            bool over = multi_count(v) > max;
            if (over) {
                app->hint = UI_S_MULTI_MAX;
                app->dirty = true;
            } else {
                ui_app_answer(app, v);
            }
            if (!(app->speaking && app->speaking_item)) say_chosen(app, it, v, over, max);
            free(v);
        } else {
            int n;
            const survey_option_t *o = survey_item_options(it, &n);
            if (hit->arg >= 0 && hit->arg < n) pick(app, o[hit->arg].code);
        }
        break;
    }
    case Q_PREV:
        ui_app_back(app);
        break;
    case Q_NEXT:
        app->confirm_ms = 0;
        go_next(app);
        break;
    default:
        break;
    }
}

static void question_update(ui_app_t *app, int64_t dt_ms)
{
    if (app->confirm_ms <= 0) return;
    app->confirm_ms -= dt_ms;
    if (app->confirm_ms <= 0) {
        app->confirm_ms = 0;
        app->wake_ms = 0;
        ui_app_advance(app);
    } else {
        app->wake_ms = app->confirm_ms;
    }
}

/* The pictures a scale item shows beside its words (issue 14). */
static survey_pictures_t item_pictures(const survey_item_t *it)
{
    return it->type == SURVEY_ITEM_SCALE && it->scale ? it->scale->pictures : SURVEY_PICTURES_NONE;
}

/* Width kept free at the right of an option's label for its picture. */
static int picture_w(const ui_frame_t *f, const survey_item_t *it, int fs)
{
    return item_pictures(it) ? fs * 3 / 2 + ui_px(f, 16) : 0;
}

/* Mood of option i of a scale: its score between the lowest and the
 * highest of the counted options (0 worst, 1 best), -1 for an excluded one. */
static double option_mood(const survey_option_t *o, int n, int i)
{
    if (o[i].excluded) return -1;
    double lo = 0, hi = 0;
    bool any = false;
    for (int k = 0; k < n; k++) {
        if (o[k].excluded) continue;
        if (!any || o[k].score < lo) lo = o[k].score;
        if (!any || o[k].score > hi) hi = o[k].score;
        any = true;
    }
    return hi > lo ? (o[i].score - lo) / (hi - lo) : 0.5;
}

/* Height of the option buttons of width bw: the tallest label, at least
 * 100 design pixels and the minimum button size. */
static int option_height(ui_app_t *app, ui_frame_t *f, const survey_option_t *o, int n, int fs, int bw,
                         int pic_w)
{
    int label_h = 0;
    for (int i = 0; i < n; i++) {
        int h = ui_text_height(f, ui_app_text(app, &o[i].label), fs, bw - 2 * ui_px(f, 24) - 2 * fs - pic_w);
        if (h > label_h) label_h = h;
    }
    int bh = label_h + ui_px(f, 36);
    if (bh < ui_px(f, 100)) bh = ui_px(f, 100);
    if (bh < ui_min_button(f)) bh = ui_min_button(f);
    return bh;
}

/* Width of the option buttons in `cols` columns, 0 when the labels would
 * get too narrow (under 420 design pixels) for more than `base` columns. */
static int option_width(ui_frame_t *f, screen_layout_t l, int cols, int base, int gap)
{
    int bw = cols == 1 ? ui_px(f, 1100) : (l.w - (cols - 1) * gap) / cols;
    if (bw > l.w) bw = l.w;
    return cols > base && bw < ui_px(f, 420) ? 0 : bw;
}

/* A scale's options on one screen, never paged (review rkiosk5 item 3: on
 * a second page its negative end was hidden, the person saw only "满意",
 * "比较满意", "基本满意"): the number of columns whose buttons at their own
 * height need the least room, the buttons then shrunk to the room (not under
 * the minimum button size, the labels set smaller when they must).  With
 * room < 0: only the height they need, natural (tight false) or at the
 * minimum size (tight true), for answers_min_height. */
static int scale_layout(ui_app_t *app, ui_frame_t *f, const survey_item_t *it, screen_layout_t l, int room,
                        bool tight, int *cols_out, int *bw_out, int *bh_out)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    int fs = ui_font(f, 46), gap = ui_px(f, 22), min = ui_min_button(f), pic_w = picture_w(f, it, fs);
    int best = -1, best_need = 0, fallback = -1, fallback_tight = 0;
    int bws[4] = {0}, bhs[4] = {0};
    for (int c = 1; c <= 3; c++) {
        int w = option_width(f, l, c, 1, gap);
        if (!w) break;
        int h = option_height(app, f, o, n, fs, w, pic_w), r = (n + c - 1) / c;
        int need = r * h + (r - 1) * gap, t = r * min + (r - 1) * gap;
        bws[c] = w, bhs[c] = h;
        if ((room < 0 || t <= room) && (best < 0 || need < best_need)) best = c, best_need = need;
        if (fallback < 0 || t < fallback_tight) fallback = c, fallback_tight = t;
    }
    if (room < 0) return tight ? fallback_tight : best_need;
    if (best < 0) best = fallback; /* not even at the minimum size: the fewest rows */
    int r = (n + best - 1) / best, bh = bhs[best];
    if (r * bh + (r - 1) * gap > room) bh = (room - (r - 1) * gap) / r;
    if (bh < min) bh = min;
    *cols_out = best, *bw_out = bws[best], *bh_out = bh;
    return r * bh + (r - 1) * gap;
}

/* Lays out the option buttons in the area [y, y_end) of column l: one
 * column (two for yes/no, more when that fits better); when they do not fit
 * at their own height, a scale is shrunk (never split, scale_layout), a
 * single choice too when it then fits at the minimum button size; otherwise
 * they are split into pages with a pager row under them. */
static void draw_options(ui_app_t *app, ui_frame_t *f, const survey_item_t *it, screen_layout_t l,
                         int y, int y_end, int *chosen_before, int *chosen_after)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    const char *v = cur_value(app);
    int fs = ui_font(f, 46), gap = ui_px(f, 22);
    int pic_w = picture_w(f, it, fs);
    int avail = y_end - y;
    int base = it->type == SURVEY_ITEM_YESNO ? 2 : 1;
    int cols, bh = 0, bw = 0, rows = 0;
    bool fits = false;
    for (cols = base; cols <= 3; cols++) {
        /* Another column only while labels keep a reasonable width. */
        bw = option_width(f, l, cols, base, gap);
        if (!bw) break;
        bh = option_height(app, f, o, n, fs, bw, pic_w);
        rows = (n + cols - 1) / cols;
        if (rows * bh + (rows - 1) * gap <= avail) {
            fits = true;
            break;
        }
        if (it->type == SURVEY_ITEM_YESNO) break;
    }
    int per_page = rows;
    /* A single choice is shrunk like a scale when it then fits: its options
     * are mostly ordered (how often, how long), and paged ones hid the
     * heavy end ("1 to 1.5 hours", "Over 1.5 hours" of the homework time in
     * English large text, review relder6 item 3).  A multiple choice (a
     * list of things) still pages rather than shrinking its labels. */
    bool shrink = it->type == SURVEY_ITEM_SCALE;
    if (!fits && it->type == SURVEY_ITEM_CHOICE) {
        int c, w, h;
        shrink = scale_layout(app, f, it, l, -1, true, &c, &w, &h) <= avail;
    }
    if (!fits && shrink) {
        scale_layout(app, f, it, l, avail, false, &cols, &bw, &bh);
        rows = per_page = (n + cols - 1) / cols;
        fits = true;
    } else if (fits) {
        int spare = rows ? (avail - (rows * bh + (rows - 1) * gap)) / rows : 0;
        if (spare > 0) bh += spare < bh * 2 / 5 ? spare : bh * 2 / 5; /* grow up to 1.4x */
    } else {
        /* Pages, with the pager row under them: the number of columns
         * (labels keeping a reasonable width) that needs the fewest pages. */
        int best = -1, room = avail - screen_pager_height(f) - gap;
        for (int c = base; c <= (it->type == SURVEY_ITEM_YESNO ? base : 3); c++) {
            int w = option_width(f, l, c, base, gap);
            if (!w) break;
            int h = option_height(app, f, o, n, fs, w, pic_w);
            int r = (n + c - 1) / c, pp = (room + gap) / (h + gap);
            if (pp < 1) pp = 1;
            int pages = (r + pp - 1) / pp;
            if (best < 0 || pages < best) {
                best = pages;
                cols = c, bw = w, bh = h, rows = r, per_page = pp;
            }
        }
        if (bh > room) bh = room; /* one row per page, as tall as there is room for */
    }
    app->n_pages = (rows + per_page - 1) / per_page;
    if (app->n_pages < 1) app->n_pages = 1;
    if (app->page < 0) {
        /* back at an answered question: the page of its first choice */
        app->page = 0;
        for (int i = 0; i < n; i++)
            if (it->type == SURVEY_ITEM_MULTI ? multi_has(v, o[i].code) : v && !strcmp(v, o[i].code)) {
                app->page = i / (per_page * cols);
                break;
            }
    }
    if (app->page >= app->n_pages) app->page = app->n_pages - 1;
    /* 读题 reads every option: when it comes to one on another page, the
     * page turns to it, so that what is heard is on the screen, ringed
     * (review rkiosk5 item 4: options 4 and 5 were read while 1-3 were
     * shown).  Once per option: a page the person turns to meanwhile stays.
     * The turn puts other buttons under a finger on its way to one: the
     * input guard covers the answers' area for UI_INPUT_GUARD_MS, as after
     * a tap that moves buttons (review r2kiosk item 1: a tap aimed at
     * "City" 150 ms after the turn stored "Countryside"). */
    if (app->speaking && app->speaking_item && app->speech_option >= 0 && app->speech_option < n &&
        app->speech_option != app->speech_turned) {
        int was = app->page;
        app->speech_turned = app->speech_option;
        app->page = app->speech_option / (per_page * cols);
        if (app->page >= app->n_pages) app->page = app->n_pages - 1;
        if (app->page != was) {
            app->moved_ms = app->mono_ms;
            app->moved_r = (ui_rect_t){0, y, f->width, y_end - y};
        }
    }
    int first = app->page * per_page * cols;
    int last = first + per_page * cols; /* exclusive */
    if (last > n) last = n;
    int shown_rows = (last - first + cols - 1) / cols;
    int total_w = cols * bw + (cols - 1) * gap, total_h = shown_rows * bh + (shown_rows - 1) * gap;
    int x0 = (f->width - total_w) / 2;
    int y0 = y;
    if (app->n_pages == 1) {
        /* Options sit close under the question (tall portrait screens too). */
        int off = (avail - total_h) / 2;
        if (off > ui_px(f, 50)) off = ui_px(f, 50);
        y0 = y + (off > 0 ? off : 0);
    }
    /* A scale in columns is filled column by column, so that it reads top
     * to bottom in its order (满意 比较满意 基本满意 | 不满意 不了解; row by
     * row it read 满意 | 比较满意 / 基本满意 | 不满意, review rparent9 item 6). */
    bool by_column = it->type == SURVEY_ITEM_SCALE && cols > 1;
    for (int i = first; i < last; i++) {
        bool sel = it->type == SURVEY_ITEM_MULTI ? multi_has(v, o[i].code) : v && !strcmp(v, o[i].code);
        int k = i - first, col = by_column ? k / shown_rows : k % cols, row = by_column ? k % shown_rows : k / cols;
        ui_rect_t r = {x0 + col * (bw + gap), y0 + row * (bh + gap), bw, bh};
        /* (a multiple choice's option switches on and off) */
        int fl = option_flags(app, i, sel) | (it->type == SURVEY_ITEM_MULTI ? UI_BTN_TOGGLE : 0);
        ui_button_pic(f, Q_OPT, i, r, ui_app_text(app, &o[i].label), fs, fl, pic_w);
        if (pic_w) {
            /* The face (or colour) at the right end, the words beside it. */
            int d = fs * 3 / 2;
            if (d > r.h - ui_px(f, 16)) d = r.h - ui_px(f, 16);
            ui_face(f, r.x + r.w - ui_px(f, 24) - pic_w / 2, r.y + r.h / 2, d, option_mood(o, n, i),
                    item_pictures(it) == SURVEY_PICTURES_FACES);
        }
    }
    *chosen_before = *chosen_after = 0;
    if (it->type == SURVEY_ITEM_MULTI)
        for (int i = 0; i < n; i++)
            if ((i < first || i >= last) && multi_has(v, o[i].code)) ++*(i < first ? chosen_before : chosen_after);
    if (app->n_pages > 1)
        screen_pager_chosen(app, f, l, y_end - screen_pager_height(f), n - last, *chosen_before, *chosen_after);
}

/* The 0-10 buttons in a row: 11, or 6 (two rows) when one row's buttons
 * would be narrow; in large text the numbers keep their large size, in two
 * rows (0-5, 6-10) when "10" would not fit in one row's buttons at it
 * (review rparent9 item 5: they were set at the normal size).  *need_w:
 * the width "10" needs at that size. */
static int rating_per_row(ui_frame_t *f, screen_layout_t l, int *need_w)
{
    int gap = ui_px(f, 14), w11 = (l.w - 10 * gap) / 11;
    *need_w = f->measure.width(f->measure.ctx, "10", 2, ui_font(f, 52)) + 2 * ui_px(f, 24) + 2;
    return w11 >= ui_px(f, 110) && (f->text_pct <= 100 || w11 >= *need_w) ? 11 : 6;
}

/* The least room the answers of it need under the question (from the gap
 * above them): one row of option buttons of their own height and, when
 * they take more than one row, the pager; a scale all its options (never
 * paged: at their own height, or with tight at the minimum size); the 0-10
 * buttons at the minimum size with their hint; a text box of two lines
 * with its counter. */
static int answers_min_height(ui_app_t *app, ui_frame_t *f, const survey_item_t *it, screen_layout_t l,
                              bool tight)
{
    int top = ui_px(f, 24), min = ui_min_button(f);
    if (it->type == SURVEY_ITEM_RATING) {
        int gap = ui_px(f, 14), need_w;
        int rows = (l.w - 10 * gap) / 11 >= min && (f->text_pct <= 100 || rating_per_row(f, l, &need_w) == 11) ? 1 : 2;
        int hint_h = ui_text_height(f, ui_app_str(app, UI_S_RATING_HINT), ui_font(f, 38), l.w);
        return top + rows * min + (rows - 1) * gap + ui_px(f, 20) + hint_h;
    }
    if (it->type == SURVEY_ITEM_TEXT) {
        int fs = ui_font(f, 44);
        return top + ui_textbox_height(f, "", fs, l.w) + ui_line_height(fs) + ui_line_height(ui_font(f, 34)) +
               ui_px(f, 8);
    }
    if (it->type == SURVEY_ITEM_SCALE) {
        int c, w, h;
        return top + scale_layout(app, f, it, l, -1, tight, &c, &w, &h);
    }
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    int fs = ui_font(f, 46), gap = ui_px(f, 22), base = it->type == SURVEY_ITEM_YESNO ? 2 : 1;
    int bw = base == 1 ? ui_px(f, 1100) : (l.w - gap) / 2;
    if (bw > l.w) bw = l.w;
    int h = option_height(app, f, o, n, fs, bw, picture_w(f, it, fs));
    return top + h + (n > base ? gap + screen_pager_height(f) : 0);
}

static void draw_rating(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int y_end)
{
    const ui_theme_t *t = f->theme;
    const char *v = cur_value(app);
    int gap = ui_px(f, 14), min = ui_min_button(f), need_w;
    bool large = f->text_pct > 100;
    int per_row = rating_per_row(f, l, &need_w);
    int hs = ui_font(f, 38);
    int hint_h = ui_text_height(f, ui_app_str(app, UI_S_RATING_HINT), hs, l.w);
    int bh = ui_px(f, 130);
    if (bh < min) bh = min;
    int rows = per_row == 11 ? 1 : 2;
    int total_h = rows * bh + (rows - 1) * gap + ui_px(f, 20) + hint_h;
    if (total_h > y_end - y && rows == 2 && (l.w - 10 * gap) / 11 >= min) {
        per_row = 11; /* one row of narrower buttons */
        rows = 1;
    }
    total_h = rows * bh + (rows - 1) * gap + ui_px(f, 20) + hint_h;
    if (total_h > y_end - y) {
        bh = (y_end - y - ui_px(f, 20) - hint_h - (rows - 1) * gap) / rows;
        if (bh < min) bh = min;
        total_h = rows * bh + (rows - 1) * gap + ui_px(f, 20) + hint_h;
    }
    int bw = (l.w - (per_row - 1) * gap) / per_row, cap = ui_px(f, 150);
    if (large && cap < need_w) cap = need_w;
    if (bw > cap) bw = cap;
    int off = (y_end - y - total_h) / 2;
    if (off > ui_px(f, 80)) off = ui_px(f, 80);
    int y0 = y + (off > 0 ? off : 0);
    /* One size for all eleven numbers: the one "10" fits at (a button
     * shrinks a label that does not fit, and "10" would be smaller alone). */
    int fs = ui_font(f, 52), inner = bw - 2 * ui_px(f, 24);
    while (fs > 12 && f->measure.width(f->measure.ctx, "10", 2, fs) > inner) fs = fs * 9 / 10;
    for (int i = 0; i <= 10; i++) {
        int row = i < per_row ? 0 : 1, col = row ? i - per_row : i;
        int in_row = row ? 11 - per_row : per_row;
        int x0 = (f->width - (in_row * bw + (in_row - 1) * gap)) / 2;
        char label[4];
        snprintf(label, sizeof label, "%d", i);
        bool sel = v && atoi(v) == i && *v >= '0' && *v <= '9';
        ui_button(f, Q_OPT, i, (ui_rect_t){x0 + col * (bw + gap), y0 + row * (bh + gap), bw, bh},
                  label, fs, option_flags(app, i, sel));
    }
    ui_label(f, l.x, y0 + rows * bh + (rows - 1) * gap + ui_px(f, 20), l.w,
             ui_app_str(app, UI_S_RATING_HINT), hs, t->muted, UI_ALIGN_CENTER);
}

static void draw_textbox(ui_app_t *app, ui_frame_t *f, const survey_item_t *it, screen_layout_t l, int y,
                         int y_end)
{
    const ui_theme_t *t = f->theme;
    const char *v = cur_value(app);
    int fs = ui_font(f, 44);
    int hs = ui_font(f, 34);
    int max = it->max_length > 0 ? it->max_length : 200;
    /* The counter under the box: 已输入 n / max. */
    char count[96];
    snprintf(count, sizeof count, ui_app_str(app, UI_S_TEXT_COUNT), v ? (int)ui_utf8_count(v) : 0, max);
    int count_h = ui_line_height(hs);
    int hint_h = ui_text_height(f, ui_app_str(app, UI_S_TEXT_HINT), hs, l.w);
    int one = ui_textbox_height(f, "", fs, l.w);
    /* The explanation only when the box still gets three lines. */
    if (y_end - y - hint_h - ui_px(f, 12) - count_h - ui_px(f, 8) >= one + 2 * ui_line_height(fs)) {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_TEXT_HINT), hs, t->muted, UI_ALIGN_LEFT) +
             ui_px(f, 12);
    }
    int max_h = y_end - y - count_h - ui_px(f, 8);
    if (max_h > ui_px(f, 420)) max_h = ui_px(f, 420);
    /* The box grows with the text; past max_h it shows the end (the caret). */
    int h = ui_textbox_height(f, v ? v : "", fs, l.w);
    if (h < one + ui_line_height(fs)) h = one + ui_line_height(fs); /* two lines from the start */
    if (h > max_h) h = max_h;
    if (h < one) h = one;
    ui_textbox_tap(f, Q_TEXTBOX, (ui_rect_t){l.x, y, l.w, h}, v ? v : "", ui_app_str(app, UI_S_TEXT_TAP), fs);
    ui_label(f, l.x, y + h + ui_px(f, 8), l.w, count, hs, t->muted, UI_ALIGN_RIGHT);
}

/* The free-text item with the input panel open: the answer and its counter
 * at the top (the question above them when there is room), the panel under
 * them down to the bottom of the screen; 完成 on the panel brings back the
 * navigation. */
static void draw_with_panel(ui_app_t *app, ui_frame_t *f, const survey_item_t *it)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1500);
    const char *v = cur_value(app);
    int fs = ui_font(f, 44), hs = ui_font(f, 34), g = ui_px(f, 12);
    int max = it->max_length > 0 ? it->max_length : 200;
    char count[400];
    int k = snprintf(count, sizeof count, ui_app_str(app, UI_S_TEXT_COUNT), v ? (int)ui_utf8_count(v) : 0, max);
    if ((int)app->hint >= 0 && k > 0 && (size_t)k < sizeof count) {
        snprintf(count + k, sizeof count - (size_t)k, "  ");
        int have = v ? (int)ui_utf8_count(v) : 0;
        if (app->hint == UI_S_TEXT_WORD_LONG)
            snprintf(count + k + 2, sizeof count - (size_t)k - 2, ui_app_str(app, app->hint),
                     ui_panel_refused(app->panel), max > have ? max - have : 0);
        else
            snprintf(count + k + 2, sizeof count - (size_t)k - 2, ui_app_str(app, app->hint), max);
    }
    int count_h = ui_text_height(f, count, hs, l.w);
    int top = ui_px(f, 16), bottom = ui_px(f, 16);
    int one = ui_textbox_height(f, "", fs, l.w), two = one + ui_line_height(fs);
    int pmin, ph = ui_panel_height(app->panel, f, &pmin);
    int avail = f->height - top - bottom;
    int fixed = count_h + 3 * g;
    int box_h = two;
    if (ph > avail - fixed - box_h) ph = avail - fixed - box_h;
    if (ph < pmin) {
        ph = pmin;
        box_h = avail - fixed - ph;
        if (box_h > two) box_h = two;
        if (box_h < one) box_h = one;
    }
    int y = top;
    /* The question above, whole when it fits (in a smaller size if need
     * be); else as many of its lines as fit, the last cut with "…", and at
     * least its first line: the panel and the box give up the room for it
     * (in large text on landscape screens it disappeared while the comment
     * was written, review rscreen7 item 2). */
    int room = avail - fixed - box_h - ph;
    const char *q = ui_app_text(app, &it->text);
    int qs = ui_font(f, 44), qh = ui_text_height(f, q, qs, l.w);
    if (qh + g > room) {
        qs = ui_font(f, 34);
        qh = ui_text_height(f, q, qs, l.w);
    }
    /* Upright (a tall screen, a floor totem): the room left makes the panel
     * larger (keys and pad up to 1.5 times) and the box taller, and the
     * panel sits at the bottom, within a pupil's reach; it sat under the
     * answer over a third of the screen left empty (review rscreen7 item 3). */
    bool upright = f->height > f->width * 5 / 4;
    if (qh + g <= room) {
        y += ui_label(f, l.x, y, l.w, q, qs, t->text, UI_ALIGN_LEFT) + g;
        room -= qh + g;
        if (upright && room > 0) {
            int grow = ph / 2 < room / 2 ? ph / 2 : room / 2;
            ph += grow;
            room -= grow;
        }
        int box_more = ui_px(f, upright ? 600 : 200);
        if (room > 0) box_h += room < box_more ? room : box_more; /* a taller box with the room left */
    } else {
        int line = ui_line_height(qs), short_by = line + g - room;
        if (short_by > 0) {
            /* the box down to one line (it shows the end of the answer,
             * where the next character goes), then the panel down to its
             * least: the writing pad is the last to give, or large text
             * got a smaller pad than normal text */
            int give = box_h - one < short_by ? box_h - one : short_by;
            if (give > 0) {
                box_h -= give;
                room += give;
                short_by -= give;
            }
            give = ph - pmin < short_by ? ph - pmin : short_by;
            if (give > 0) {
                ph -= give;
                room += give;
                short_by -= give;
            }
        }
        if (short_by > 0 && qs > ui_px(f, 34)) { /* large text: the normal size */
            qs = ui_px(f, 34) > 0 ? ui_px(f, 34) : qs;
            line = ui_line_height(qs);
        }
        int lines = (room - g) / line;
        if (lines < 1) lines = 1;
        int shown = ui_label_clipped(f, l.x, y, l.w, lines * line, q, qs, t->text);
        y += shown + g;
        room -= shown + g;
        if (room > 0) box_h += room;
    }
    int need = ui_textbox_height(f, v ? v : "", fs, l.w);
    if (need < box_h && need >= two) box_h = need;
    ui_textbox(f, (ui_rect_t){l.x, y, l.w, box_h}, v ? v : "", fs);
    y += box_h + g / 2;
    y += ui_label(f, l.x, y, l.w, count, hs, (int)app->hint >= 0 ? t->danger : t->muted, UI_ALIGN_RIGHT);
    const char *phr[SURVEY_MAX_PHRASES];
    int n = item_phrases(app, it, phr);
    /* Right under the answer (tall portrait screens leave room below). */
    int py = f->height - bottom - ph;
    if (!upright && py > y + 2 * g) py = y + 2 * g;
    ui_rect_t pr = {l.x, py, l.w, ph};
    ui_panel_set_voice(app->panel, ui_app_can_speak(app), app->speaking);
    ui_panel_draw(app->panel, f, pr, app->lang, phr, n);
}

static void question_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    if (!app->has_draft || app->item < 0) return;
    const survey_item_t *it = cur_item(app);
    if (it->type == SURVEY_ITEM_TEXT && ui_panel_is_open(app->panel)) {
        draw_with_panel(app, f, it);
        return;
    }
    screen_layout_t l = screen_layout(f, 1500);
    int pos, total;
    ui_app_progress(app, &pos, &total);
    char prog[64];
    snprintf(prog, sizeof prog, ui_app_str(app, UI_S_PROGRESS), pos, total);
    /* The progress bar at the top; "第 n / N 题" between the navigation
     * buttons when it fits there (room for the question), else above. */
    screen_nav_t nav = screen_nav(f);
    int nbw = ui_px(f, 360);
    if (nbw > (l.w - ui_px(f, 20)) / 2) nbw = (l.w - ui_px(f, 20)) / 2;
    int ps = ui_font(f, 36), pgap = ui_px(f, 16);
    int mid_w = l.w - 2 * nbw - 2 * pgap;
    /* With read-aloud, 读题 sits in the navigation row beside Next; the
     * progress text keeps what is left of the middle when it fits there. */
    bool speak = ui_app_can_speak(app);
    int sw = 0;
    if (speak) {
        sw = screen_read_button_width(app, f);
        /* as large as 上一题 and 下一题 (it was a narrow text button that a
         * person who cannot read did not find, review rspeech4 item 4) */
        if (sw < nbw) sw = nbw;
        if (sw < ui_min_button(f)) sw = ui_min_button(f);
        if (sw > mid_w) sw = mid_w;
        mid_w -= sw + pgap;
    }
    bool prog_in_nav = mid_w > 0 && f->measure.width(f->measure.ctx, prog, strlen(prog), ps) <= mid_w &&
                       ui_line_height(ps) <= nav.h;
    int y = ui_px(f, 20);
    int bar_h = ui_px(f, 14);
    int bar_w = l.w;
    if (!prog_in_nav && speak) {
        /* Beside the bar, at its right (read-aloud took the middle of the
         * navigation row): costs no line of the question's room. */
        int pw = f->measure.width(f->measure.ctx, prog, strlen(prog), ps) + ui_px(f, 4);
        if (pw > l.w / 2) pw = l.w / 2;
        int lh = ui_line_height(ps);
        ui_label(f, l.x + l.w - pw, y, pw, prog, ps, t->muted, UI_ALIGN_RIGHT);
        bar_w = l.w - pw - pgap;
        y += (lh - bar_h) / 2;
        ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, bar_w, bar_h}, bar_h / 2, t->disabled_bg);
        if (total > 0)
            ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, bar_w * pos / total, bar_h}, bar_h / 2, t->accent);
        y += lh - (lh - bar_h) / 2 + ui_px(f, 12);
    } else {
        if (!prog_in_nav) {
            y += ui_label(f, l.x, y, l.w, prog, ps, t->muted, UI_ALIGN_CENTER);
            y += ui_px(f, 6);
        }
        ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, l.w, bar_h}, bar_h / 2, t->disabled_bg);
        if (total > 0)
            ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, l.w * pos / total, bar_h}, bar_h / 2, t->accent);
        y += bar_h + ui_px(f, 24);
    }
    if (prog_in_nav)
        ui_label(f, l.x + nbw + pgap, nav.y + (nav.h - ui_line_height(ps)) / 2, mid_w, prog, ps, t->muted,
                 UI_ALIGN_CENTER);

    /* Navigation at the bottom; a hint line above it when needed. */
    int y_end = nav.y - ui_px(f, 20);
    char hint[320] = "";
    int chosen_before = 0, chosen_after = 0; /* multiple choice: chosen on other pages (draw_options) */
    if ((int)app->hint >= 0) {
        int arg = app->hint == UI_S_TEXT_FULL || app->hint == UI_S_TEXT_WORD_LONG ? (it->max_length > 0 ? it->max_length : 200) : it->max_choices;
        if (app->hint == UI_S_TEXT_WORD_LONG) {
            const char *v2 = cur_value(app);
            int have = v2 ? (int)ui_utf8_count(v2) : 0;
            snprintf(hint, sizeof hint, ui_app_str(app, app->hint), ui_panel_refused(app->panel),
                     arg > have ? arg - have : 0);
        } else {
            snprintf(hint, sizeof hint, ui_app_str(app, app->hint), arg);
        }
        if (app->hint == UI_S_MULTI_MAX && app->n_pages > 1) {
            /* room for the longest form: it says where the other choices are (drawn below) */
            char where[160], longest[300];
            screen_chosen_elsewhere(app, 1, 1, where, sizeof where);
            snprintf(longest, sizeof longest, ui_app_str(app, UI_S_MULTI_MAX_ELSEWHERE), arg, where);
            y_end -= ui_text_height(f, longest, ui_font(f, 40), l.w) + ui_px(f, 10);
        } else {
            y_end -= ui_text_height(f, hint, ui_font(f, 40), l.w) + ui_px(f, 10);
        }
    }
    int hs = ui_font(f, 38);
    char multi_hint[160] = "";
    if (it->type == SURVEY_ITEM_MULTI)
        snprintf(multi_hint, sizeof multi_hint, ui_app_str(app, UI_S_MULTI_HINT),
                 it->max_choices > 0 ? it->max_choices : 1);
    /* The question above the answers, never at their cost: a long one is
     * set smaller, and what is still too long is cut at the room left
     * (whole lines, the last ending in "…"; read-aloud reads all of it).
     * `junheng check` warns
     * about questions that long (SURVEY_QUESTION_FIT_UNITS). */
    {
        const char *qt = ui_app_text(app, &it->text);
        /* (the room as if a hint line were shown: the question keeps its
         * size and lines when "这道题要先回答" appears under it) */
        int hint_h = ui_text_height(f, hint[0] ? hint : ui_app_str(app, UI_S_REQUIRED_HINT), ui_font(f, 40), l.w) +
                     ui_px(f, 10);
        int q_end = nav.y - ui_px(f, 20) - hint_h;
        if (q_end > y_end) q_end = y_end;
        int room = q_end - y - answers_min_height(app, f, it, l, false), last_room = room;
        if (it->type == SURVEY_ITEM_SCALE) {
            /* All of a scale's options (never paged): at their own height
             * under the question while no hint line is shown, and still at
             * the minimum size with one (they give up the hint's height). */
            last_room = q_end - y - answers_min_height(app, f, it, l, true);
            room = nav.y - ui_px(f, 20) - y - answers_min_height(app, f, it, l, false);
            if (room > last_room) room = last_room;
        }
        if (multi_hint[0]) room -= ui_px(f, 10) + ui_text_height(f, multi_hint, hs, l.w);
        static const int sizes[] = {54, 46, 40};
        int n_sizes = (int)(sizeof sizes / sizeof sizes[0]), k = 0, qs = ui_font(f, sizes[0]);
        while (k + 1 < n_sizes && ui_text_height(f, qt, qs, l.w) > room) qs = ui_font(f, sizes[++k]);
        /* Still too long at the smallest size: a scale's buttons give up
         * their own height, down to the minimum size, before the question
         * is cut. */
        if (ui_text_height(f, qt, qs, l.w) > room && last_room > room) room = last_room;
        if (ui_text_height(f, qt, qs, l.w) <= room)
            y += ui_label(f, l.x, y, l.w, qt, qs, t->text, UI_ALIGN_LEFT);
        else
            y += ui_label_clipped(f, l.x, y, l.w, room > 0 ? room : 0, qt, qs, t->text);
    }
    /* The help line (an explanation under the question) only while two
     * rows of answers and the pager still fit under it. */
    if (it->help.n) {
        int help_h = ui_px(f, 10) + ui_text_height(f, ui_app_text(app, &it->help), hs, l.w);
        int keep = 2 * ui_min_button(f) + screen_pager_height(f) + 2 * ui_px(f, 22) + ui_px(f, 24);
        if (it->type == SURVEY_ITEM_SCALE && answers_min_height(app, f, it, l, true) > keep)
            keep = answers_min_height(app, f, it, l, true); /* all its options (never paged) */
        if (y + help_h + keep <= y_end || it->type == SURVEY_ITEM_TEXT)
            y += ui_px(f, 10) + ui_label(f, l.x, y + ui_px(f, 10), l.w, ui_app_text(app, &it->help), hs,
                                         t->muted, UI_ALIGN_LEFT);
    }
    if (multi_hint[0]) {
        y += ui_px(f, 10);
        y += ui_label(f, l.x, y, l.w, multi_hint, hs, t->muted, UI_ALIGN_LEFT);
    }
    y += ui_px(f, 24);
    switch (it->type) {
    case SURVEY_ITEM_RATING:
        draw_rating(app, f, l, y, y_end);
        break;
    case SURVEY_ITEM_TEXT:
        draw_textbox(app, f, it, l, y, y_end);
        break;
    default:
        draw_options(app, f, it, l, y, y_end, &chosen_before, &chosen_after);
        break;
    }
    if (hint[0] && app->hint == UI_S_MULTI_MAX && chosen_before + chosen_after > 0) {
        /* "最多只能选 3 项。另有 1 项已选在后面的页。": where the others are */
        char where[160];
        screen_chosen_elsewhere(app, chosen_before, chosen_after, where, sizeof where);
        snprintf(hint, sizeof hint, ui_app_str(app, UI_S_MULTI_MAX_ELSEWHERE), it->max_choices, where);
    }
    if (hint[0]) ui_label(f, l.x, y_end + ui_px(f, 10), l.w, hint, ui_font(f, 40), t->danger, UI_ALIGN_CENTER);

    const char *v = cur_value(app);
    bool answered = v && *v;
    /* The last question leads to the summary: 去提交, not 下一题 (review
     * rparent9 item 4); so does one reached from the summary. */
    ui_str_id_t next = app->from_summary || ui_app_next_visible(app, app->item) < 0 ? UI_S_TO_SUBMIT : UI_S_NEXT;
    int flags = UI_BTN_PRIMARY;
    if (it->type == SURVEY_ITEM_MULTI) next = UI_S_CONFIRM;
    if (!answered) {
        if (it->required)
            flags = UI_BTN_DISABLED;
        else
            next = UI_S_SKIP, flags = 0;
    }
    int bw = nbw;
    ui_button(f, Q_PREV, 0, (ui_rect_t){l.x, nav.y, bw, nav.h},
              ui_app_str(app, app->n_hist > 0 ? UI_S_PREV : UI_S_BACK), ui_font(f, 44), UI_BTN_QUIET);
    ui_button(f, Q_NEXT, 0, (ui_rect_t){l.x + l.w - bw, nav.y, bw, nav.h}, ui_app_str(app, next),
              ui_font(f, 44), flags);
    if (speak) {
        ui_button_speaker(f, Q_SPEAK, 0, (ui_rect_t){l.x + l.w - bw - pgap - sw, nav.y, sw, nav.h},
                          ui_app_str(app, app->speaking ? UI_S_READING : UI_S_READ_ALOUD), ui_font(f, 44),
                          app->speaking ? UI_BTN_SELECTED : 0);
    }
}

const ui_screen_t screen_question = {
    .name = "question",
    .idle_watch = true,
    .enter = question_enter,
    .event = question_event,
    .update = question_update,
    .draw = question_draw,
    .leave = question_leave,
    .pointer = question_pointer,
};
