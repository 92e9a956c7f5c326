/* idle.c - "您还在吗？": shown when nobody has touched the screen for a
 * while inside a questionnaire.  A touch on 我还在，继续答题 (or anywhere
 * but the other button) continues; 换一个人，重新开始 (the next person
 * found the prompt: they must not be handed the last one's answers, review
 * rparent9 item 1) and the countdown running out both end the
 * questionnaire as the timeout rules say: abandoned with the answers so
 * far, or, when it counts (ui_app_draft_counts: every required question
 * answered), submitted by timeout; the kiosk returns to the welcome screen,
 * showing nothing of them. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { I_CONTINUE = 1, I_NEW_PERSON };

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
    char *text = jh_sprintf("%s%s%s%s%s%s%s", ui_app_str(app, UI_S_IDLE_TITLE), sp, body, sp,
                            ui_app_str(app, UI_S_IDLE_SAY_CONTINUE), sp, ui_app_str(app, UI_S_IDLE_SAY_NEW));
    ui_app_speak_screen(app, text);
    free(text);
}

/* Ends the questionnaire as the countdown would. */
static void end_questionnaire(ui_app_t *app)
{
    ui_app_finish(app, ui_app_draft_counts(app) ? STORE_SUBMITTED_TIMEOUT : STORE_ABANDONED);
}

static void idle_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (hit && hit->id == I_NEW_PERSON) {
        end_questionnaire(app);
        return;
    }
    /* Any other tap or key means the person is there. */
    if (hit || in->type == UI_IN_UP || in->type == UI_IN_KEY || in->type == UI_IN_TEXT)
        ui_app_goto(app, app->resume ? app->resume : &screen_welcome);
}

static void idle_update(ui_app_t *app, int64_t dt_ms)
{
    int before = (int)((app->countdown_ms + 999) / 1000);
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        /* Every required answer is given (on the summary, at the optional
         * comment before it, back at a question after 返回修改): the
         * questionnaire is complete, it counts (submitted by timeout). */
        end_questionnaire(app);
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
    /* Two large buttons: side by side when both labels fit on one line
     * there, else one above the other (continue first). */
    const char *cont = ui_app_str(app, UI_S_IDLE_CONTINUE), *other = ui_app_str(app, UI_S_IDLE_NEW_PERSON);
    int bs = ui_font(f, 56), pad = 2 * ui_px(f, 30), gap = ui_px(f, 30);
    int bh = ui_px(f, 160);
    if (bh < ui_line_height(bs) + ui_px(f, 24)) bh = ui_line_height(bs) + ui_px(f, 24);
    int half = (l.w - gap) / 2, bw = ui_px(f, 720);
    if (bw > half) bw = half;
    int wc = f->measure.width(f->measure.ctx, cont, strlen(cont), bs) + pad;
    int wo = f->measure.width(f->measure.ctx, other, strlen(other), bs) + pad;
    bool row = wc <= half && wo <= half;
    if (row) {
        if (bw < wc) bw = wc;
        if (bw < wo) bw = wo;
    } else {
        bw = ui_px(f, 720) > l.w ? l.w : ui_px(f, 720);
        if (bw < wc && wc <= l.w) bw = wc;
        if (bw < wo && wo <= l.w) bw = wo;
    }
    int sp = ui_px(f, 24);
    int buttons_h = row ? bh : 2 * bh + gap;
    int h = ui_text_height(f, ui_app_str(app, UI_S_IDLE_TITLE), title_s, l.w) + sp +
            ui_text_height(f, body, body_s, l.w) + sp + ui_line_height(num_s) + sp + buttons_h;
    if (!row) {
        /* stacked buttons on a small screen: a smaller countdown and
         * smaller buttons (down to the minimum) before anything leaves the screen */
        int over = h - (f->height - ui_px(f, 60));
        if (over > 0) {
            int ns = num_s * 2 / 3;
            h -= ui_line_height(num_s) - ui_line_height(ns);
            num_s = ns;
            over = h - (f->height - ui_px(f, 60));
        }
        int min_h = ui_min_button(f) > ui_line_height(bs) + ui_px(f, 8) ? ui_min_button(f)
                                                                         : ui_line_height(bs) + ui_px(f, 8);
        if (over > 0 && bh > min_h) {
            int cut = (over + 1) / 2 < bh - min_h ? (over + 1) / 2 : bh - min_h;
            bh -= cut;
            h -= 2 * cut;
            buttons_h = 2 * bh + gap;
        }
    }
    int y = f->height / 6;
    if (y + h > f->height - ui_px(f, 40)) y = f->height - ui_px(f, 40) - h;
    if (y < ui_px(f, 20)) y = ui_px(f, 20);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_IDLE_TITLE), title_s, t->text, UI_ALIGN_CENTER) + sp;
    y += ui_label(f, l.x, y, l.w, body, body_s, t->text, UI_ALIGN_CENTER) + sp;
    y += ui_label(f, l.x, y, l.w, num, num_s, t->danger, UI_ALIGN_CENTER) + sp;
    int by = y + (f->height - ui_px(f, 40) - y - buttons_h) / 2;
    if (by < y) by = y;
    if (row) {
        int x = (f->width - 2 * bw - gap) / 2;
        ui_button(f, I_CONTINUE, 0, (ui_rect_t){x, by, bw, bh}, cont, bs, UI_BTN_PRIMARY);
        ui_button(f, I_NEW_PERSON, 0, (ui_rect_t){x + bw + gap, by, bw, bh}, other, bs, 0);
    } else {
        ui_button(f, I_CONTINUE, 0, (ui_rect_t){(f->width - bw) / 2, by, bw, bh}, cont, bs, UI_BTN_PRIMARY);
        ui_button(f, I_NEW_PERSON, 0, (ui_rect_t){(f->width - bw) / 2, by + bh + gap, bw, bh}, other, bs, 0);
    }
}

const ui_screen_t screen_idle = {
    .name = "idle",
    .idle_watch = false,
    .enter = idle_enter,
    .event = idle_event,
    .update = idle_update,
    .draw = idle_draw,
};
