/* welcome.c - the first screen: the school's name, one large start button,
 * 简体中文 / English, a large-text switch and, when the kiosk can speak,
 * 听读 (every question read aloud). */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W_START = 1, W_LANG, W_LARGE, W_LISTEN };

/* 听读 just turned on: that it is on, what this screen is and what to touch
 * ("听读已打开…。教育满意度调查。不记名，大约 5 分钟。…要开始，请点屏幕中间的“开始答题”。"). */
static void say_listen_on(ui_app_t *app)
{
    bool en = !strcmp(app->lang, "en");
    char start[300];
    snprintf(start, sizeof start, ui_app_str(app, UI_S_WELCOME_SAY), ui_app_str(app, UI_S_START));
    char *text = jh_sprintf("%s%s%s%s%s%s%s", ui_app_str(app, UI_S_LISTEN_ON_SAY), en ? " " : "",
                            ui_app_str(app, UI_S_WELCOME_TITLE), en ? ". " : "。", ui_app_str(app, UI_S_WELCOME_SUB),
                            en ? " " : "", start);
    ui_app_speak_screen(app, text);
    free(text);
}

static void welcome_enter(ui_app_t *app)
{
    /* the admin gesture is named only while the kiosk is being set up */
    app->welcome_invite = !app->store || !store_has_answers(app->store);
    if (ui_app_count_active(app) == 0) {
        app->error_kind = app->n_invalid ? UI_ERROR_INVALID : UI_ERROR_NO_SURVEY;
        ui_app_goto(app, &screen_error);
    }
}

static void welcome_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ENTER) ui_app_goto(app, &screen_role);
        return;
    }
    switch (hit->id) {
    case W_START:
        ui_app_goto(app, &screen_role);
        break;
    case W_LANG:
        strcpy(app->lang, hit->arg ? "en" : "zh-CN");
        app->dirty = true;
        break;
    case W_LARGE:
        app->large_text = !app->large_text;
        app->dirty = true;
        break;
    case W_LISTEN:
        app->listen_mode = !app->listen_mode;
        app->dirty = true;
        /* Turned on, it says so and what to touch next; turned off, the
         * voice stops (review r2speech4 item 1: the tap made no sound). */
        if (app->listen_mode) say_listen_on(app);
        else ui_app_speech_stop(app);
        break;
    }
}

static void welcome_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1500);
    const char *school = app->school_name && *app->school_name ? app->school_name : NULL;
    const char *title = ui_app_str(app, UI_S_WELCOME_TITLE), *sub = ui_app_str(app, UI_S_WELCOME_SUB);
    const char *hint = ui_app_str(app, app->high_contrast ? UI_S_START_HINT_HC : UI_S_START_HINT);
    int ss = ui_font(f, 48), ts = ui_font(f, 76), subs = ui_font(f, 42), hs = ui_font(f, 36);

    /* Bottom row: language and text size (placed first, drawn after the
     * start button so Tab reaches the start button first).  When the labels
     * do not fit side by side (portrait, large text) they are stacked. */
    int fs = ui_font(f, 40);
    int bh = ui_px(f, 100), gap = ui_px(f, 24);
    if (bh < ui_line_height(fs) + ui_px(f, 12)) bh = ui_line_height(fs) + ui_px(f, 12);
    if (bh < ui_min_button(f)) bh = ui_min_button(f);
    /* 听读 (read every question aloud) beside 大字模式 when the kiosk can speak. */
    int nb = ui_app_can_speak(app) ? 4 : 3;
    int bw = (l.w - (nb - 1) * gap) / nb;
    if (bw > ui_px(f, 420)) bw = ui_px(f, 420);
    const char *labels[4] = {ui_str("zh-CN", UI_S_LANG_ZH), ui_str("en", UI_S_LANG_EN),
                             ui_app_str(app, UI_S_LARGE_TEXT), ui_app_str(app, UI_S_LISTEN_MODE)};
    bool stack = false, two_rows = false;
    int check_w = f->measure.width(f->measure.ctx, "\xE2\x9C\x93", 3, fs);
    for (int i = 0; i < nb; i++)
        stack |= f->measure.width(f->measure.ctx, labels[i], strlen(labels[i]), fs) + 2 * check_w +
                     2 * ui_px(f, 40) > bw;
    ui_rect_t rb[4];
    int bottom = f->height - ui_px(f, 36);
    if (stack && nb == 4) {
        /* Two rows of two: language, then text size and 听读. */
        int w2 = (l.w - gap) / 2;
        if (w2 > ui_px(f, 640)) w2 = ui_px(f, 640);
        bool fit2 = true;
        for (int i = 0; i < nb; i++)
            fit2 &= f->measure.width(f->measure.ctx, labels[i], strlen(labels[i]), fs) + 2 * check_w +
                        2 * ui_px(f, 40) <= w2;
        if (fit2) {
            two_rows = true;
            int bx = (f->width - (2 * w2 + gap)) / 2;
            for (int i = 0; i < nb; i++)
                rb[i] = (ui_rect_t){bx + (i % 2) * (w2 + gap), bottom - (2 - i / 2) * bh - (1 - i / 2) * gap,
                                    w2, bh};
        }
    }
    if (two_rows) {
        /* placed above */
    } else if (stack) {
        bw = l.w < ui_px(f, 640) ? l.w : ui_px(f, 640);
        for (int i = 0; i < nb; i++)
            rb[i] = (ui_rect_t){(f->width - bw) / 2, bottom - (nb - i) * bh - (nb - 1 - i) * gap, bw, bh};
    } else {
        int bx = (f->width - (nb * bw + (nb - 1) * gap)) / 2;
        for (int i = 0; i < nb; i++) rb[i] = (ui_rect_t){bx + i * (bw + gap), bottom - bh, bw, bh};
    }
    int by = rb[0].y;

    /* What must be there: the title, the start button, the bottom row.  The
     * school name, the subtitle and the hint under the start button come in
     * that order of importance while there is room (large text on a small
     * screen has room for the title and the buttons only). */
    int sw = ui_px(f, 620), sh = ui_px(f, 170);
    if (sh < ui_line_height(ui_font(f, 64)) + ui_px(f, 24)) sh = ui_line_height(ui_font(f, 64)) + ui_px(f, 24);
    if (sw > l.w) sw = l.w;
    int top = ui_px(f, 70), sp = ui_px(f, 24);
    /* For the administrator, small, at the very top: a fresh kiosk is not
     * set up yet. */
    const char *unset = ui_app_school_set(app)  ? NULL
                        : app->welcome_invite ? ui_app_str(app, UI_S_WELCOME_UNSET)
                                              : ui_app_str(app, UI_S_WELCOME_UNSET_PLAIN);
    /* and, as small, a clock plainly wrong: answers taken now would fall out
     * of the bureau's round unseen (review rsite9, item 1) */
    char note[512], clock[256], now_day[16], floor_day[16];
    int title_h = ui_text_height(f, title, ts, l.w), unset_y = ui_px(f, 12);
    if (ui_app_clock_wrong(app, now_day, floor_day) || ui_app_clock_ahead(app, now_day)) {
        snprintf(clock, sizeof clock, ui_app_str(app, UI_S_WELCOME_CLOCK), now_day);
        snprintf(note, sizeof note, "%s%s%s", unset ? unset : "", unset ? "\n" : "", clock);
        /* both where the title and the start button still fit under them,
         * else the clock's alone (large English text on 800x480) */
        bool fits = unset_y + ui_text_height(f, note, hs, l.w) + ui_px(f, 8) + title_h + 2 * sp + sh <= by;
        unset = fits ? note : clock;
    }
    int unset_bottom = unset ? unset_y + ui_text_height(f, unset, hs, l.w) + ui_px(f, 8) : 0;
    if (top < unset_bottom) top = unset_bottom;
    int school_h = school ? ui_text_height(f, school, ss, l.w) + sp : 0;
    int sub_h = ui_text_height(f, sub, subs, l.w) + sp;
    int hint_h = ui_text_height(f, hint, hs, l.w) + ui_px(f, 16);
    int room = by - sp - top;
    int need = title_h + sp + sh;
    bool show_school = school && need + school_h <= room;
    if (show_school) need += school_h;
    bool show_sub = need + sub_h <= room;
    if (show_sub) need += sub_h;
    bool show_hint = need + hint_h <= room;
    if (show_hint) need += hint_h;
    if (need > room) top = unset ? unset_bottom : ui_px(f, 24); /* still too tall: use the top margin too */
    if (unset) ui_label(f, l.x, unset_y, l.w, unset, hs, t->muted, UI_ALIGN_CENTER);

    int y = top;
    if (show_school) y += ui_label(f, l.x, y, l.w, school, ss, t->muted, UI_ALIGN_CENTER) + sp;
    y += ui_label(f, l.x, y, l.w, title, ts, t->text, UI_ALIGN_CENTER);
    if (show_sub) y += sp + ui_label(f, l.x, y + sp, l.w, sub, subs, t->muted, UI_ALIGN_CENTER);
    /* The start button in the middle of the free space, the hint under it. */
    int free_top = y + sp, free_bottom = by - sp;
    int sy = free_top + (free_bottom - free_top - sh - (show_hint ? hint_h : 0)) / 2;
    if (sy < free_top) sy = free_top;
    ui_button(f, W_START, 0, (ui_rect_t){(f->width - sw) / 2, sy, sw, sh}, ui_app_str(app, UI_S_START),
              ui_font(f, 64), UI_BTN_PRIMARY);
    if (show_hint) ui_label(f, l.x, sy + sh + ui_px(f, 16), l.w, hint, hs, t->muted, UI_ALIGN_CENTER);
    bool en = !strcmp(app->lang, "en");
    ui_button(f, W_LANG, 0, rb[0], labels[0], fs, UI_BTN_TOGGLE | (en ? 0 : UI_BTN_SELECTED));
    ui_button(f, W_LANG, 1, rb[1], labels[1], fs, UI_BTN_TOGGLE | (en ? UI_BTN_SELECTED : 0));
    ui_button(f, W_LARGE, 0, rb[2], labels[2], fs, UI_BTN_TOGGLE | (app->large_text ? UI_BTN_SELECTED : 0));
    if (nb == 4) ui_button_speaker(f, W_LISTEN, 0, rb[3], labels[3], fs,
                                     UI_BTN_TOGGLE | (app->listen_mode ? UI_BTN_SELECTED : 0));
}

const ui_screen_t screen_welcome = {
    .name = "welcome",
    .idle_watch = false,
    .admin_gesture = true,
    .enter = welcome_enter,
    .event = welcome_event,
    .draw = welcome_draw,
};
