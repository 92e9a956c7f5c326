/* error.c - the kiosk cannot collect answers: no questionnaire installed, or
 * the installed ones are invalid (the validator's messages are shown for the
 * administrator, who reaches the admin screen with the hidden gesture).
 * Shown in both languages: nobody can switch language here. */
#include "screens.h"

static void error_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
}

static void error_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    bool invalid = app->error_kind == UI_ERROR_INVALID;
    ui_str_id_t title = invalid ? UI_S_ERR_INVALID : UI_S_ERR_NO_SURVEY;
    ui_str_id_t body = invalid ? UI_S_ERR_INVALID_BODY : UI_S_ERR_NO_SURVEY_BODY;
    screen_layout_t l = screen_layout(f, 1600);
    int y = invalid ? ui_px(f, 50) : f->height / 4;
    y += ui_label(f, l.x, y, l.w, ui_str("zh-CN", title), ui_font(f, 72), t->text, UI_ALIGN_CENTER);
    y += ui_label(f, l.x, y, l.w, ui_str("en", title), ui_font(f, 40), t->muted, UI_ALIGN_CENTER) +
         ui_px(f, 40);
    y += ui_label(f, l.x, y, l.w, ui_str("zh-CN", body), ui_font(f, 42), t->text, UI_ALIGN_CENTER);
    y += ui_label(f, l.x, y, l.w, ui_str("en", body), ui_font(f, 36), t->muted, UI_ALIGN_CENTER) +
         ui_px(f, 30);
    if (invalid && app->problems.data) {
        int pad = ui_px(f, 24);
        int fs = ui_font(f, 30);
        int h = ui_text_height(f, app->problems.data, fs, l.w - 2 * pad);
        int maxh = f->height - ui_px(f, 40) - y - 2 * pad;
        if (h > maxh) h = maxh;
        ui_draw_frame(&f->dl, (ui_rect_t){l.x, y, l.w, h + 2 * pad}, ui_px(f, 12), ui_px(f, 3), t->panel,
                      t->danger);
        ui_label_clipped(f, l.x + pad, y + pad, l.w - 2 * pad, h, app->problems.data, fs, t->text);
    }
}

const ui_screen_t screen_error = {
    .name = "error",
    .idle_watch = false,
    .admin_gesture = true,
    .event = error_event,
    .draw = error_draw,
};
