/* question.c - one questionnaire item per screen: large option buttons
 * (scale, choice, yes/no), a 0-10 rating row, multiple choice with a
 * maximum and a confirm button, or an optional free-text box (typed with a
 * keyboard when one is present).  A single choice moves on by itself after
 * a short visible confirmation; required items cannot be skipped. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_OPT = 1, Q_PREV, Q_NEXT, Q_TEXTBOX };

#define CONFIRM_MS 400

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
    app->wake_ms = CONFIRM_MS;
    app->dirty = true;
}

static void go_next(ui_app_t *app)
{
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

static void question_enter(ui_app_t *app)
{
    app->confirm_ms = 0;
}

static void question_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!app->has_draft || app->item < 0) {
        ui_app_goto(app, &screen_welcome);
        return;
    }
    const survey_item_t *it = cur_item(app);
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            ui_app_back(app);
        } else if (it->type == SURVEY_ITEM_TEXT && in->type == UI_IN_KEY && in->key == UI_KEY_BACKSPACE) {
            const char *v = cur_value(app);
            if (v && *v) {
                char *t = jh_strndup(v, ui_utf8_drop_last(v));
                store_draft_set(&app->draft, app->item, *t ? t : NULL, app->now_ms);
                free(t);
                app->dirty = true;
            }
        } else if (it->type == SURVEY_ITEM_TEXT && in->type == UI_IN_TEXT) {
            const char *v = cur_value(app);
            size_t have = v ? ui_utf8_count(v) : 0, add = ui_utf8_count(in->text);
            int max = it->max_length > 0 ? it->max_length : 200;
            if (have + add <= (size_t)max && strchr(in->text, '\n') == NULL) {
                char *t = jh_sprintf("%s%s", v ? v : "", in->text);
                store_draft_set(&app->draft, app->item, t, app->now_ms);
                free(t);
                app->dirty = true;
            }
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_ENTER) {
            go_next(app);
        }
        return;
    }
    switch (hit->id) {
    case Q_OPT: {
        if (it->type == SURVEY_ITEM_RATING) {
            char v[8];
            snprintf(v, sizeof v, "%d", hit->arg);
            pick(app, v);
        } else if (it->type == SURVEY_ITEM_MULTI) {
            char *v = multi_toggle(it, cur_value(app), hit->arg);
            int max = it->max_choices > 0 ? it->max_choices : 1;
            if (multi_count(v) > max) {
                app->hint = UI_S_MULTI_MAX;
                app->dirty = true;
            } else {
                ui_app_answer(app, v);
            }
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

/* Lays out n option buttons in the area [y, y_end) of column l. */
static void draw_options(ui_app_t *app, ui_frame_t *f, const survey_item_t *it, screen_layout_t l,
                         int y, int y_end)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    const char *v = cur_value(app);
    int fs = ui_font(f, 46), gap = ui_px(f, 22);
    int avail = y_end - y;
    int cols = it->type == SURVEY_ITEM_YESNO ? 2 : 1;
    int bh = 0, bw = 0;
    for (;; cols++) {
        bw = cols == 1 ? ui_px(f, 1100) : (l.w - (cols - 1) * gap) / cols;
        if (bw > l.w) bw = l.w;
        int label_h = 0;
        for (int i = 0; i < n; i++) {
            int h = ui_text_height(f, ui_app_text(app, &o[i].label), fs, bw - 2 * ui_px(f, 24) - 2 * fs);
            if (h > label_h) label_h = h;
        }
        bh = label_h + ui_px(f, 36);
        if (bh < ui_px(f, 100)) bh = ui_px(f, 100);
        int rows = (n + cols - 1) / cols;
        int need = rows * bh + (rows - 1) * gap;
        if (need <= avail || cols >= 3) {
            /* Grow buttons into spare room, up to 1.4x. */
            int spare = rows ? (avail - need) / rows : 0;
            if (spare > 0) bh += spare < bh * 2 / 5 ? spare : bh * 2 / 5;
            break;
        }
    }
    int rows = (n + cols - 1) / cols;
    int total_w = cols * bw + (cols - 1) * gap, total_h = rows * bh + (rows - 1) * gap;
    int x0 = (f->width - total_w) / 2;
    /* Options sit close under the question (tall portrait screens too). */
    int off = (avail - total_h) / 2;
    if (off > ui_px(f, 50)) off = ui_px(f, 50);
    int y0 = y + (off > 0 ? off : 0);
    for (int i = 0; i < n; i++) {
        bool sel = it->type == SURVEY_ITEM_MULTI ? multi_has(v, o[i].code) : v && !strcmp(v, o[i].code);
        ui_rect_t r = {x0 + (i % cols) * (bw + gap), y0 + (i / cols) * (bh + gap), bw, bh};
        ui_button(f, Q_OPT, i, r, ui_app_text(app, &o[i].label), fs, sel ? UI_BTN_SELECTED : 0);
    }
}

static void draw_rating(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int y_end)
{
    const ui_theme_t *t = f->theme;
    const char *v = cur_value(app);
    int gap = ui_px(f, 14);
    int per_row = (l.w - 10 * gap) / 11 >= ui_px(f, 110) ? 11 : 6;
    int bw = (l.w - (per_row - 1) * gap) / per_row;
    if (bw > ui_px(f, 150)) bw = ui_px(f, 150);
    int bh = ui_px(f, 130);
    int rows = per_row == 11 ? 1 : 2;
    int hint_h = ui_text_height(f, ui_app_str(app, UI_S_RATING_HINT), ui_font(f, 38), l.w);
    int total_h = rows * bh + (rows - 1) * gap + ui_px(f, 30) + hint_h;
    int off = (y_end - y - total_h) / 2;
    if (off > ui_px(f, 80)) off = ui_px(f, 80);
    int y0 = y + (off > 0 ? off : 0);
    for (int i = 0; i <= 10; i++) {
        int row = i < per_row ? 0 : 1, col = row ? i - per_row : i;
        int in_row = row ? 11 - per_row : per_row;
        int x0 = (f->width - (in_row * bw + (in_row - 1) * gap)) / 2;
        char label[4];
        snprintf(label, sizeof label, "%d", i);
        bool sel = v && atoi(v) == i && *v >= '0' && *v <= '9';
        ui_button(f, Q_OPT, i, (ui_rect_t){x0 + col * (bw + gap), y0 + row * (bh + gap), bw, bh},
                  label, ui_font(f, 52), sel ? UI_BTN_SELECTED : 0);
    }
    ui_label(f, l.x, y0 + rows * bh + (rows - 1) * gap + ui_px(f, 30), l.w,
             ui_app_str(app, UI_S_RATING_HINT), ui_font(f, 38), t->muted, UI_ALIGN_CENTER);
}

static void draw_textbox(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int y_end)
{
    const ui_theme_t *t = f->theme;
    const char *v = cur_value(app);
    int fs = ui_font(f, 44), pad = ui_px(f, 24);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_TEXT_HINT), ui_font(f, 38), t->muted,
                  UI_ALIGN_LEFT) + ui_px(f, 20);
    int h = y_end - y;
    if (h > ui_px(f, 360)) h = ui_px(f, 360);
    if (h < ui_line_height(fs) + 2 * pad) h = ui_line_height(fs) + 2 * pad;
    ui_draw_frame(&f->dl, (ui_rect_t){l.x, y, l.w, h}, ui_px(f, 12), ui_px(f, 3), t->panel, t->border);
    char *shown = jh_sprintf("%s|", v ? v : "");
    ui_label(f, l.x + pad, y + pad, l.w - 2 * pad, shown, fs, t->text, UI_ALIGN_LEFT);
    free(shown);
}

static void question_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    if (!app->has_draft || app->item < 0) return;
    const survey_item_t *it = cur_item(app);
    screen_layout_t l = screen_layout(f, 1500);
    int pos, total;
    ui_app_progress(app, &pos, &total);
    char prog[64];
    snprintf(prog, sizeof prog, ui_app_str(app, UI_S_PROGRESS), pos, total);
    int y = ui_px(f, 30);
    y += ui_label(f, l.x, y, l.w, prog, ui_font(f, 38), t->muted, UI_ALIGN_CENTER);
    int bar_h = ui_px(f, 14);
    ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y + ui_px(f, 8), l.w, bar_h}, bar_h / 2, t->disabled_bg);
    if (total > 0)
        ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y + ui_px(f, 8), l.w * pos / total, bar_h}, bar_h / 2,
                      t->accent);
    y += ui_px(f, 8) + bar_h + ui_px(f, 36);

    y += ui_label(f, l.x, y, l.w, ui_app_text(app, &it->text), ui_font(f, 54), t->text, UI_ALIGN_LEFT);
    if (it->help.n) {
        y += ui_px(f, 12);
        y += ui_label(f, l.x, y, l.w, ui_app_text(app, &it->help), ui_font(f, 38), t->muted,
                      UI_ALIGN_LEFT);
    }
    if (it->type == SURVEY_ITEM_MULTI) {
        char h[160];
        snprintf(h, sizeof h, ui_app_str(app, UI_S_MULTI_HINT), it->max_choices > 0 ? it->max_choices : 1);
        y += ui_px(f, 12);
        y += ui_label(f, l.x, y, l.w, h, ui_font(f, 38), t->muted, UI_ALIGN_LEFT);
    }
    y += ui_px(f, 30);

    /* Navigation at the bottom; a hint line above it when needed. */
    int nav_h = ui_px(f, 110), nav_y = f->height - ui_px(f, 36) - nav_h;
    int y_end = nav_y - ui_px(f, 24);
    if ((int)app->hint >= 0) {
        char h[200];
        snprintf(h, sizeof h, ui_app_str(app, app->hint), it->max_choices);
        int hh = ui_text_height(f, h, ui_font(f, 40), l.w);
        y_end -= hh + ui_px(f, 10);
        ui_label(f, l.x, y_end + ui_px(f, 10), l.w, h, ui_font(f, 40), t->danger, UI_ALIGN_CENTER);
    }
    switch (it->type) {
    case SURVEY_ITEM_RATING:
        draw_rating(app, f, l, y, y_end);
        break;
    case SURVEY_ITEM_TEXT:
        draw_textbox(app, f, l, y, y_end);
        break;
    default:
        draw_options(app, f, it, l, y, y_end);
        break;
    }

    const char *v = cur_value(app);
    bool answered = v && *v;
    ui_str_id_t next = UI_S_NEXT;
    int flags = UI_BTN_PRIMARY;
    if (it->type == SURVEY_ITEM_MULTI) next = UI_S_CONFIRM;
    if (!answered) {
        if (it->required)
            flags = UI_BTN_DISABLED;
        else
            next = UI_S_SKIP, flags = 0;
    }
    int bw = ui_px(f, 360);
    ui_button(f, Q_PREV, 0, (ui_rect_t){l.x, nav_y, bw, nav_h},
              ui_app_str(app, app->n_hist > 0 ? UI_S_PREV : UI_S_BACK), ui_font(f, 44), UI_BTN_QUIET);
    ui_button(f, Q_NEXT, 0, (ui_rect_t){l.x + l.w - bw, nav_y, bw, nav_h}, ui_app_str(app, next),
              ui_font(f, 44), flags);
}

const ui_screen_t screen_question = {
    .name = "question",
    .idle_watch = true,
    .enter = question_enter,
    .event = question_event,
    .update = question_update,
    .draw = question_draw,
};
