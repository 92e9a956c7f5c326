/* thanks.c - the thank-you screen; returns to the welcome screen by itself
 * after a few seconds (or at once with 完成). */
#include "screens.h"

#include <stdio.h>

enum { T_DONE = 1 };

#define THANKS_MS 8000

static void thanks_enter(ui_app_t *app)
{
    app->countdown_ms = THANKS_MS;
    app->wake_ms = 1000;
}

static void to_welcome(ui_app_t *app)
{
    ui_app_reset_person(app);
    ui_app_goto(app, &screen_welcome);
}

static void thanks_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if ((hit && hit->id == T_DONE) || (in->type == UI_IN_KEY && in->key == UI_KEY_ENTER))
        to_welcome(app);
}

static void thanks_update(ui_app_t *app, int64_t dt_ms)
{
    int before = (int)((app->countdown_ms + 999) / 1000);
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        to_welcome(app);
        return;
    }
    if ((int)((app->countdown_ms + 999) / 1000) != before) app->dirty = true;
    app->wake_ms = app->countdown_ms % 1000 ? app->countdown_ms % 1000 : 1000;
}

static void thanks_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1400);
    /* The heading is far larger than body text already: large-text mode
     * does not make it larger still. */
    int title_s = ui_px(f, 110), body_s = ui_font(f, 50), close_s = ui_font(f, 42), ms = ui_font(f, 38);
    const char *closing = app->survey && app->survey->closing.n ? ui_app_text(app, &app->survey->closing) : NULL;
    char msg[96];
    snprintf(msg, sizeof msg, ui_app_str(app, UI_S_THANKS_RETURN), (int)((app->countdown_ms + 999) / 1000));
    int bw = ui_px(f, 420), bh = ui_px(f, 130);
    if (bh < ui_line_height(ui_font(f, 52)) + ui_px(f, 20)) bh = ui_line_height(ui_font(f, 52)) + ui_px(f, 20);
    if (bw > l.w) bw = l.w;
    int by = f->height - ui_px(f, 50) - bh;
    int msg_h = ui_text_height(f, msg, ms, l.w);
    int msg_y = by - ui_px(f, 20) - msg_h;
    int sp = ui_px(f, 24);
    int h = ui_text_height(f, ui_app_str(app, UI_S_THANKS_TITLE), title_s, l.w) + sp +
            ui_text_height(f, ui_app_str(app, UI_S_THANKS_BODY), body_s, l.w);
    int close_h = closing ? sp + ui_text_height(f, closing, close_s, l.w) : 0;
    int room = msg_y - sp - ui_px(f, 30);
    bool show_close = closing && h + close_h <= room;
    if (show_close) h += close_h;
    int y = f->height / 5;
    if (y + h > msg_y - sp) y = msg_y - sp - h;
    if (y < ui_px(f, 30)) y = ui_px(f, 30);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_THANKS_TITLE), title_s, t->accent, UI_ALIGN_CENTER) + sp;
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_THANKS_BODY), body_s, t->text, UI_ALIGN_CENTER);
    if (show_close) ui_label(f, l.x, y + sp, l.w, closing, close_s, t->text, UI_ALIGN_CENTER);
    ui_label(f, l.x, msg_y, l.w, msg, ms, t->muted, UI_ALIGN_CENTER);
    ui_button(f, T_DONE, 0, (ui_rect_t){(f->width - bw) / 2, by, bw, bh}, ui_app_str(app, UI_S_DONE),
              ui_font(f, 52), UI_BTN_PRIMARY);
}

const ui_screen_t screen_thanks = {
    .name = "thanks",
    .idle_watch = false,
    .enter = thanks_enter,
    .event = thanks_event,
    .update = thanks_update,
    .draw = thanks_draw,
};
