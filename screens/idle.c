/* idle.c - "您还在吗？": shown when nobody has touched the screen for a
 * while inside a questionnaire.  Any touch continues; when the countdown
 * runs out the answers so far are kept as abandoned (or, complete and once
 * shown the summary, as submitted by timeout) and the kiosk returns to the welcome
 * screen, showing nothing of them. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { I_CONTINUE = 1 };

static void idle_enter(ui_app_t *app)
{
    app->countdown_ms = app->idle_countdown_ms;
    app->wake_ms = 1000;
    /* 听读: a person who cannot read hears why the screen changed and what
     * to touch (review rspeech4 item 5). */
    char body[200];
    snprintf(body, sizeof body, ui_app_str(app, UI_S_IDLE_BODY), (int)((app->countdown_ms + 999) / 1000));
    /* English sentences need a space between them ("there?Without",
     * "seconds.To" were run together, review r2speech4 item 3) */
    const char *sp = strcmp(app->lang, "en") ? "" : " ";
    char *text = jh_sprintf("%s%s%s%s%s", ui_app_str(app, UI_S_IDLE_TITLE), sp, body, sp,
                            ui_app_str(app, UI_S_IDLE_SAY_CONTINUE));
    ui_app_speak_screen(app, text);
    free(text);
}

static void idle_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    /* Any tap or key means someone is there. */
    if (hit || in->type == UI_IN_UP || in->type == UI_IN_KEY || in->type == UI_IN_TEXT)
        ui_app_goto(app, app->resume ? app->resume : &screen_welcome);
}

static void idle_update(ui_app_t *app, int64_t dt_ms)
{
    int before = (int)((app->countdown_ms + 999) / 1000);
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        /* It reached the summary and every required answer is given
         * (on the summary, or back at a question after 返回修改): the
         * questionnaire is complete, it counts (submitted by timeout). */
        bool complete = ui_app_draft_counts(app);
        ui_app_finish(app, complete ? STORE_SUBMITTED_TIMEOUT : STORE_ABANDONED);
        return;
    }
    if ((int)((app->countdown_ms + 999) / 1000) != before) app->dirty = true;
    app->wake_ms = app->countdown_ms % 1000 ? app->countdown_ms % 1000 : 1000;
}

static void idle_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1400);
    int secs = (int)((app->countdown_ms + 999) / 1000);
    /* Title and countdown are far larger than body text already: large-text
     * mode does not make them larger still. */
    int title_s = ui_px(f, 96), body_s = ui_font(f, 46), num_s = ui_px(f, 150);
    char body[200], num[16];
    snprintf(body, sizeof body, ui_app_str(app, UI_S_IDLE_BODY), secs);
    snprintf(num, sizeof num, "%d", secs);
    int bw = ui_px(f, 720), bh = ui_px(f, 160);
    if (bh < ui_line_height(ui_font(f, 56)) + ui_px(f, 24)) bh = ui_line_height(ui_font(f, 56)) + ui_px(f, 24);
    if (bw > l.w) bw = l.w;
    int sp = ui_px(f, 24);
    int h = ui_text_height(f, ui_app_str(app, UI_S_IDLE_TITLE), title_s, l.w) + sp +
            ui_text_height(f, body, body_s, l.w) + sp + ui_line_height(num_s) + sp + bh;
    int y = f->height / 6;
    if (y + h > f->height - ui_px(f, 40)) y = f->height - ui_px(f, 40) - h;
    if (y < ui_px(f, 20)) y = ui_px(f, 20);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_IDLE_TITLE), title_s, t->text, UI_ALIGN_CENTER) + sp;
    y += ui_label(f, l.x, y, l.w, body, body_s, t->text, UI_ALIGN_CENTER) + sp;
    y += ui_label(f, l.x, y, l.w, num, num_s, t->danger, UI_ALIGN_CENTER) + sp;
    int by = y + (f->height - ui_px(f, 40) - y - bh) / 2;
    if (by < y) by = y;
    ui_button(f, I_CONTINUE, 0, (ui_rect_t){(f->width - bw) / 2, by, bw, bh},
              ui_app_str(app, UI_S_IDLE_CONTINUE), ui_font(f, 56), UI_BTN_PRIMARY);
}

const ui_screen_t screen_idle = {
    .name = "idle",
    .idle_watch = false,
    .enter = idle_enter,
    .event = idle_event,
    .update = idle_update,
    .draw = idle_draw,
};
