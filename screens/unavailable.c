/* unavailable.c - "暂停服务": the database cannot be written (full disk,
 * read-only, broken).  The person's answers stay in the in-memory draft;
 * saving is retried every two seconds and the person continues where they
 * were as soon as it works. */
#include "screens.h"

#define RETRY_MS 2000

static void unavailable_enter(ui_app_t *app)
{
    app->retry_ms = RETRY_MS;
    app->wake_ms = RETRY_MS;
}

static void unavailable_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
}

static void unavailable_update(ui_app_t *app, int64_t dt_ms)
{
    app->retry_ms -= dt_ms;
    if (app->retry_ms > 0) {
        app->wake_ms = app->retry_ms;
        return;
    }
    app->retry_ms = RETRY_MS;
    app->wake_ms = RETRY_MS;
    if (ui_app_retry_store(app) && app->screen == &screen_unavailable) {
        const ui_screen_t *back = app->resume;
        if (!back || back == &screen_unavailable) back = &screen_welcome;
        ui_app_goto(app, back);
    }
}

static void unavailable_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1400);
    int y = f->height / 5;
    /* The title in both languages: whoever stands there can read it. */
    y += ui_label(f, l.x, y, l.w, ui_str("zh-CN", UI_S_UNAVAILABLE_TITLE), ui_font(f, 90), t->danger,
                  UI_ALIGN_CENTER) + ui_px(f, 20);
    y += ui_label(f, l.x, y, l.w, ui_str("en", UI_S_UNAVAILABLE_TITLE), ui_font(f, 44), t->muted,
                  UI_ALIGN_CENTER) + ui_px(f, 40);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_UNAVAILABLE_BODY), ui_font(f, 44), t->text,
                  UI_ALIGN_CENTER) + ui_px(f, 40);
    if (app->store_error[0])
        ui_label(f, l.x, y, l.w, app->store_error, ui_font(f, 28), t->muted, UI_ALIGN_CENTER);
}

const ui_screen_t screen_unavailable = {
    .name = "unavailable",
    .idle_watch = false,
    .enter = unavailable_enter,
    .event = unavailable_event,
    .update = unavailable_update,
    .draw = unavailable_draw,
};
