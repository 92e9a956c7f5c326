/* unavailable.c - "暂停服务": the database cannot be written (full disk,
 * read-only, broken).  The person's answers stay in the in-memory draft;
 * saving is retried every two seconds and the person continues where they
 * were as soon as it works.  Idle time counts here too: when nobody touched
 * the screen for as long as the idle screen would wait, the person has gone
 * (ui_app_person_gone) and the next one finds the welcome screen. */
#include "screens.h"

#include <stdio.h>

#define RETRY_MS 2000

/* Seconds left before the person counts as gone, while the idle screen
 * would be asking "您还在吗？" (0: not now). */
static int idle_seconds_left(const ui_app_t *app, int64_t idle_ms)
{
    /* (a questionnaire already ended and waiting for the store has nothing
     * left to end) */
    if (!app->has_draft || app->person_gone || app->finish_pending || idle_ms < app->idle_limit_ms) return 0;
    return (int)((app->idle_limit_ms + app->idle_countdown_ms - idle_ms + 999) / 1000);
}

static void unavailable_enter(ui_app_t *app)
{
    app->retry_ms = RETRY_MS;
    app->wake_ms = RETRY_MS;
    app->countdown_ms = 0;
}

static void unavailable_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
}

static void unavailable_update(ui_app_t *app, int64_t dt_ms)
{
    /* (ui_app_update adds dt_ms to idle_ms after this; a touch resets it) */
    int64_t idle = app->idle_ms + dt_ms;
    /* (countdown_ms: the countdown shown, redrawn when its second changes) */
    int64_t shown = (int64_t)idle_seconds_left(app, idle) * 1000;
    if (shown != app->countdown_ms) {
        app->countdown_ms = shown;
        app->dirty = true;
    }
    app->retry_ms -= dt_ms;
    if (app->retry_ms <= 0) {
        app->retry_ms = RETRY_MS;
        if (ui_app_retry_store(app) && app->screen == &screen_unavailable) {
            const ui_screen_t *back = app->resume;
            if (!back || back == &screen_unavailable) back = &screen_welcome;
            ui_app_goto(app, back);
            return;
        }
    }
    /* wake for the next retry, the next second of the countdown, or when it starts */
    int64_t wake = app->retry_ms, left = app->idle_limit_ms + app->idle_countdown_ms - idle;
    if (idle < app->idle_limit_ms) left = app->idle_limit_ms - idle;
    else if (left % 1000) left %= 1000;
    else if (left > 1000) left = 1000;
    if (app->has_draft && !app->person_gone && !app->finish_pending && left > 0 && left < wake) wake = left;
    app->wake_ms = wake;
}

static void unavailable_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1400);
    int ts = ui_font(f, 90), es = ui_font(f, 44), bs = ui_font(f, 44), ms = ui_font(f, 28);
    int g1 = ui_px(f, 20), g2 = ui_px(f, 40);
    /* While the idle screen would be asking "您还在吗？", that question
     * takes the body's place (any touch answers it). */
    char idle_msg[300];
    int secs = idle_seconds_left(app, app->idle_ms);
    if (secs > 0) snprintf(idle_msg, sizeof idle_msg, ui_app_str(app, UI_S_UNAVAILABLE_IDLE), secs);
    const char *title_zh = ui_str("zh-CN", UI_S_UNAVAILABLE_TITLE), *title_en = ui_str("en", UI_S_UNAVAILABLE_TITLE);
    /* Ended and waiting for the store: 提交 by the person standing there,
     * or ended by a timeout or by staff (then whoever stands there is not
     * the one who answered). */
    ui_str_id_t body_id = UI_S_UNAVAILABLE_BODY;
    if (app->finish_pending)
        body_id = app->finish_status == STORE_SUBMITTED && !app->person_gone ? UI_S_UNAVAILABLE_SUBMITTED
                                                                              : UI_S_UNAVAILABLE_ENDED;
    const char *body = secs > 0 ? idle_msg : ui_app_str(app, body_id);
    /* For the staff, marked so that a visitor does not take it as
     * addressed to them (rlook's review, item 3): what happened and what to
     * do in Chinese, then the store's message (English, technical) for the
     * technician. */
    ui_str_id_t staff = app->store_error_status == JH_ERR_FULL       ? UI_S_UNAVAILABLE_STAFF_FULL
                        : app->store_error_status == JH_ERR_READONLY ? UI_S_UNAVAILABLE_STAFF_READONLY
                                                                     : UI_S_UNAVAILABLE_STAFF_IO;
    /* The staff part in Chinese whatever the visitor's language: it is
     * for the school's staff, as its label (给学校工作人员) says first
     * (review r2repair, item 5: it followed the visitor's English); both
     * languages did not fit the screen in large text. */
    char detail[sizeof app->store_error + 600];
    snprintf(detail, sizeof detail, ui_app_str(app, UI_S_UNAVAILABLE_DETAIL), ui_str("zh-CN", staff),
             app->store_error);
    int h = ui_text_height(f, title_zh, ts, l.w) + g1 + ui_text_height(f, title_en, es, l.w) + g2 +
            ui_text_height(f, body, bs, l.w) + g2 + (app->store_error[0] ? ui_text_height(f, detail, ms, l.w) : 0);
    int y = f->height / 5;
    if (y + h > f->height - g1) y = f->height - g1 - h;
    if (y < g1) y = g1;
    /* The title in both languages: whoever stands there can read it. */
    y += ui_label(f, l.x, y, l.w, title_zh, ts, t->danger, UI_ALIGN_CENTER) + g1;
    y += ui_label(f, l.x, y, l.w, title_en, es, t->muted, UI_ALIGN_CENTER) + g2;
    y += ui_label(f, l.x, y, l.w, body, bs, secs > 0 ? t->danger : t->text, UI_ALIGN_CENTER) + g2;
    if (app->store_error[0])
        ui_label(f, l.x, y, l.w, detail, ms, t->muted, UI_ALIGN_CENTER);
}

const ui_screen_t screen_unavailable = {
    .name = "unavailable",
    .idle_watch = false,
    .admin_gesture = true, /* (staff come to a kiosk out of service) */
    .enter = unavailable_enter,
    .event = unavailable_event,
    .update = unavailable_update,
    .draw = unavailable_draw,
};
