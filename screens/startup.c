/* startup.c - the kiosk could not start (its database cannot be written or
 * is another program's, the settings file has an error, the font is
 * missing): what happened and what to do, in Chinese, the technical
 * message in small print, and 重试.  The host (app/kiosk/main.c) tries
 * again when 重试 is touched, and every few seconds by itself. */
#include "screens.h"

enum { U_RETRY = 1 };

/* Tried again by itself this often, as the running kiosk retries its
 * store (unavailable.c): a disk that was full, once space is freed, or a
 * database another program held, once it is closed, lets the kiosk start
 * without anyone touching 重试 (review rsoak, item 4). */
#define STARTUP_RETRY_MS 3000

static void startup_enter(ui_app_t *app)
{
    app->retry_ms = STARTUP_RETRY_MS;
    app->wake_ms = STARTUP_RETRY_MS;
}

static void startup_update(ui_app_t *app, int64_t dt_ms)
{
    app->retry_ms -= dt_ms;
    if (app->retry_ms <= 0) {
        app->startup_retry = true;
        app->quit = true;
        return;
    }
    app->wake_ms = app->retry_ms;
}

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
    .enter = startup_enter,
    .event = startup_event,
    .update = startup_update,
    .draw = startup_draw,
};
