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
    int y = f->height / 5;
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_THANKS_TITLE), ui_font(f, 110), t->accent,
                  UI_ALIGN_CENTER) + ui_px(f, 40);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_THANKS_BODY), ui_font(f, 50), t->text,
                  UI_ALIGN_CENTER) + ui_px(f, 24);
    if (app->survey && app->survey->closing.n)
        y += ui_label(f, l.x, y, l.w, ui_app_text(app, &app->survey->closing), ui_font(f, 42),
                      t->text, UI_ALIGN_CENTER) + ui_px(f, 24);
    char msg[96];
    snprintf(msg, sizeof msg, ui_app_str(app, UI_S_THANKS_RETURN), (int)((app->countdown_ms + 999) / 1000));
    int bw = ui_px(f, 420), bh = ui_px(f, 130);
    int by = f->height - ui_px(f, 80) - bh;
    ui_label(f, l.x, by - ui_px(f, 80), l.w, msg, ui_font(f, 38), t->muted, UI_ALIGN_CENTER);
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
