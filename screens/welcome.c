/* welcome.c - the first screen: the school's name, one large start button,
 * 简体中文 / English and a large-text switch. */
#include "screens.h"

#include <string.h>

enum { W_START = 1, W_LANG, W_LARGE };

static void welcome_enter(ui_app_t *app)
{
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
    }
}

static void welcome_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1500);
    int y = ui_px(f, 90);
    /* For the administrator, small: a fresh kiosk is not set up yet. */
    if (!ui_app_school_set(app))
        ui_label(f, l.x, ui_px(f, 24), l.w, ui_app_str(app, UI_S_WELCOME_UNSET), ui_font(f, 36), t->muted,
                 UI_ALIGN_CENTER);
    if (app->school_name && *app->school_name)
        y += ui_label(f, l.x, y, l.w, app->school_name, ui_font(f, 48), t->muted, UI_ALIGN_CENTER) +
             ui_px(f, 30);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_WELCOME_TITLE), ui_font(f, 76), t->text,
                  UI_ALIGN_CENTER);
    y += ui_px(f, 30);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_WELCOME_SUB), ui_font(f, 42), t->muted,
                  UI_ALIGN_CENTER);

    /* Bottom row: language and text size (placed first, drawn after the
     * start button so Tab reaches the start button first).  When the labels
     * do not fit side by side (portrait, large text) they are stacked. */
    int fs = ui_font(f, 40);
    int bh = ui_px(f, 100), gap = ui_px(f, 30);
    int bw = (l.w - 2 * gap) / 3;
    if (bw > ui_px(f, 380)) bw = ui_px(f, 380);
    const char *labels[3] = {ui_str("zh-CN", UI_S_LANG_ZH), ui_str("en", UI_S_LANG_EN),
                             ui_app_str(app, UI_S_LARGE_TEXT)};
    bool stack = false;
    int check_w = f->measure.width(f->measure.ctx, "\xE2\x9C\x93", 3, fs);
    for (int i = 0; i < 3; i++)
        stack |= f->measure.width(f->measure.ctx, labels[i], strlen(labels[i]), fs) + 2 * check_w +
                     ui_px(f, 100) > bw;
    ui_rect_t rb[3];
    if (stack) {
        bw = l.w < ui_px(f, 640) ? l.w : ui_px(f, 640);
        for (int i = 0; i < 3; i++)
            rb[i] = (ui_rect_t){(f->width - bw) / 2, f->height - ui_px(f, 60) - (3 - i) * bh - (2 - i) * gap,
                                bw, bh};
    } else {
        int bx = (f->width - (3 * bw + 2 * gap)) / 2;
        for (int i = 0; i < 3; i++)
            rb[i] = (ui_rect_t){bx + i * (bw + gap), f->height - ui_px(f, 60) - bh, bw, bh};
    }
    int by = rb[0].y;
    /* The start button in the middle of the free space. */
    int sw = ui_px(f, 620), sh = ui_px(f, 170);
    if (sw > l.w) sw = l.w;
    /* Under it, how to use a touch screen, for those who never have. */
    int hs = ui_font(f, 36);
    int hint_h = ui_text_height(f, ui_app_str(app, UI_S_START_HINT), hs, l.w) + ui_px(f, 20);
    int free_top = y + ui_px(f, 40), free_bottom = by - ui_px(f, 40);
    int sy = free_top + (free_bottom - free_top - sh - hint_h) / 2;
    if (sy < free_top) sy = free_top;
    ui_button(f, W_START, 0, (ui_rect_t){(f->width - sw) / 2, sy, sw, sh},
              ui_app_str(app, UI_S_START), ui_font(f, 64), UI_BTN_PRIMARY);
    ui_label(f, l.x, sy + sh + ui_px(f, 20), l.w, ui_app_str(app, UI_S_START_HINT), hs, t->muted,
             UI_ALIGN_CENTER);
    bool en = !strcmp(app->lang, "en");
    ui_button(f, W_LANG, 0, rb[0], labels[0], fs, en ? 0 : UI_BTN_SELECTED);
    ui_button(f, W_LANG, 1, rb[1], labels[1], fs, en ? UI_BTN_SELECTED : 0);
    ui_button(f, W_LARGE, 0, rb[2], labels[2], fs, app->large_text ? UI_BTN_SELECTED : 0);
}

const ui_screen_t screen_welcome = {
    .name = "welcome",
    .idle_watch = false,
    .enter = welcome_enter,
    .event = welcome_event,
    .draw = welcome_draw,
};
