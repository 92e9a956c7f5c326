/* startup.c - the kiosk could not start (its database cannot be written or
 * is another program's, the settings file has an error, the font is
 * missing): what happened and what to do, in Chinese, the technical
 * message in small print, and 重试.  The host (app/kiosk/main.c) tries
 * again when 重试 is touched. */
#include "screens.h"

enum { U_RETRY = 1 };

static void startup_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    (void)in;
    if (hit && hit->id == U_RETRY) {
        app->startup_retry = true;
        app->quit = true;
    }
}

static void startup_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1400);
    int y = screen_title(app, f, ui_app_str(app, UI_S_STARTUP_TITLE));
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, app->startup_what), ui_font(f, 40), t->text, UI_ALIGN_LEFT) +
         ui_px(f, 30);
    int bh = ui_px(f, 110);
    int by = f->height - ui_px(f, 50) - bh;
    int max_h = by - ui_px(f, 30) - y;
    if (max_h > 0)
        ui_label_clipped(f, l.x, y, l.w, max_h, app->startup_detail, ui_font(f, 26), t->muted);
    int bw = ui_px(f, 480);
    if (bw > l.w) bw = l.w;
    ui_button(f, U_RETRY, 0, (ui_rect_t){(f->width - bw) / 2, by, bw, bh}, ui_app_str(app, UI_S_STARTUP_RETRY),
              ui_font(f, 44), UI_BTN_PRIMARY);
}

const ui_screen_t screen_startup = {
    .name = "startup",
    .idle_watch = false,
    .admin = true,
    .event = startup_event,
    .draw = startup_draw,
};
