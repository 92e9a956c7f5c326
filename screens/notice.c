/* notice.c - before the first question: the questionnaire's title and a
 * short, plain note that the answers are anonymous. */
#include "screens.h"

enum { N_BEGIN = 1, N_BACK };

static void notice_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!app->survey) {
        ui_app_goto(app, &screen_role);
        return;
    }
    if (hit ? hit->id == N_BACK : in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
        ui_app_goto(app, &screen_role);
        return;
    }
    if (hit && hit->id == N_BEGIN) ui_app_begin(app, app->survey, app->survey->audience);
}

static void notice_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    const char *title = app->survey ? ui_app_text(app, &app->survey->title)
                                    : ui_app_str(app, UI_S_NOTICE_TITLE);
    int y = screen_title(app, f, title);
    screen_layout_t l = screen_layout(f, 1400);
    if (app->survey && app->survey->intro.n) {
        y += ui_label(f, l.x, y, l.w, ui_app_text(app, &app->survey->intro), ui_font(f, 42), t->text,
                      UI_ALIGN_LEFT);
        y += ui_px(f, 30);
    }
    /* The anonymity note in a panel with an accent bar. */
    int fs = ui_font(f, 42), pad = ui_px(f, 30);
    int th = ui_text_height(f, ui_app_str(app, UI_S_NOTICE_BODY), fs, l.w - 2 * pad - ui_px(f, 12));
    ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, l.w, th + 2 * pad}, ui_px(f, 16), t->panel);
    ui_draw_rect(&f->dl, (ui_rect_t){l.x, y, ui_px(f, 12), th + 2 * pad}, t->accent);
    ui_label(f, l.x + pad + ui_px(f, 12), y + pad, l.w - 2 * pad - ui_px(f, 12),
             ui_app_str(app, UI_S_NOTICE_BODY), fs, t->text, UI_ALIGN_LEFT);
    y += th + 2 * pad + ui_px(f, 40);

    int nav_h = ui_px(f, 110), nav_y = f->height - ui_px(f, 40) - nav_h;
    int bw = ui_px(f, 620), bh = ui_px(f, 150);
    if (bw > l.w) bw = l.w;
    int by = y + (nav_y - y - bh) / 2;
    if (by < y) by = y;
    ui_button(f, N_BEGIN, 0, (ui_rect_t){(f->width - bw) / 2, by, bw, bh},
              ui_app_str(app, UI_S_NOTICE_START), ui_font(f, 56), UI_BTN_PRIMARY);
    ui_button(f, N_BACK, 0, (ui_rect_t){l.x, nav_y, ui_px(f, 320), nav_h},
              ui_app_str(app, UI_S_BACK), ui_font(f, 42), UI_BTN_QUIET);
}

const ui_screen_t screen_notice = {
    .name = "notice",
    .idle_watch = true,
    .event = notice_event,
    .draw = notice_draw,
};
