/* notice.c - before the first question: the questionnaire's title and a
 * short, plain note that the answers are anonymous. */
#include "screens.h"

#include <stdlib.h>
#include <string.h>

enum { N_BEGIN = 1, N_BACK };

static void notice_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!app->survey) {
        ui_app_goto(app, &screen_role);
        return;
    }
    if (screen_pager_event(app, hit)) return;
    if (hit ? hit->id == N_BACK : in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
        ui_app_goto(app, &screen_role);
        return;
    }
    if (hit && hit->id == N_BEGIN) ui_app_begin(app, app->survey, app->survey->audience);
}

/* 听读: the questionnaire's title, its own introduction, the note that
 * answers are anonymous and what to touch (review rspeech4 item 5: the
 * introduction and 我知道了，开始 were never said). */
static void notice_enter(ui_app_t *app)
{
    if (!app->survey) return;
    bool zh = strcmp(app->lang, "en") != 0;
    const char *intro = app->survey->intro.n ? ui_app_text(app, &app->survey->intro) : "";
    char *text = jh_sprintf("%s%s%s%s%s%s%s", ui_app_text(app, &app->survey->title), zh ? "。" : ". ", intro,
                            *intro ? (zh ? "" : " ") : "", ui_app_str(app, UI_S_NOTICE_BODY), zh ? "" : " ",
                            ui_app_str(app, UI_S_NOTICE_SAY_START));
    ui_app_speak_screen(app, text);
    free(text);
}

static void notice_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    const char *title = app->survey ? ui_app_text(app, &app->survey->title)
                                    : ui_app_str(app, UI_S_NOTICE_TITLE);
    int y = screen_title(app, f, title);
    screen_layout_t l = screen_layout(f, 1400);
    screen_nav_t nav = screen_nav(f);
    const char *intro = app->survey && app->survey->intro.n ? ui_app_text(app, &app->survey->intro) : NULL;
    const char *body = ui_app_str(app, UI_S_NOTICE_BODY);
    int fs = ui_font(f, 42), pad = ui_px(f, 30), bar = ui_px(f, 12), sp = ui_px(f, 30);
    int tw = l.w - 2 * pad - bar;
    int intro_h = intro ? ui_text_height(f, intro, fs, l.w) + sp : 0;
    int th = ui_text_height(f, body, fs, tw);
    int bw = ui_px(f, 620), bh = ui_px(f, 150);
    if (bh < ui_line_height(ui_font(f, 56)) + ui_px(f, 24)) bh = ui_line_height(ui_font(f, 56)) + ui_px(f, 24);
    if (bw > l.w) bw = l.w;
    /* The begin button large and centred when everything fits; otherwise
     * it goes into the navigation row (right, where Next is on questions)
     * and the text gets the room, in pages when even that is not enough. */
    bool roomy = y + intro_h + th + 2 * pad + sp + bh + sp <= nav.y;
    int bottom = roomy ? nav.y - sp - bh - sp : nav.y - ui_px(f, 20);
    app->n_pages = 1;
    if (intro_h + th + 2 * pad <= bottom - y) {
        if (intro) y += ui_label(f, l.x, y, l.w, intro, fs, t->text, UI_ALIGN_LEFT) + sp;
        ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, l.w, th + 2 * pad}, ui_px(f, 16), t->panel);
        ui_draw_rect(&f->dl, (ui_rect_t){l.x, y, bar, th + 2 * pad}, t->accent);
        ui_label(f, l.x + pad + bar, y + pad, tw, body, fs, t->text, UI_ALIGN_LEFT);
        y += th + 2 * pad + sp;
    } else {
        /* Pages of lines: the intro and the note as one text. */
        char *all = intro ? jh_sprintf("%s\n%s", intro, body) : jh_strdup(body);
        ui_lines_t lines;
        ui_text_break(&f->measure, all, fs, tw, &lines);
        int lh = ui_line_height(fs);
        int ph = screen_pager_height(f);
        int per = (bottom - y - 2 * pad - ph - ui_px(f, 16)) / lh;
        if (per < 1) per = 1;
        app->n_pages = (lines.n + per - 1) / per;
        if (app->page >= app->n_pages) app->page = app->n_pages - 1;
        int first = app->page * per, last = first + per < lines.n ? first + per : lines.n;
        size_t off = (size_t)(lines.line[first].s - all);
        size_t end = (size_t)(lines.line[last - 1].s - all) + lines.line[last - 1].len;
        char *part = jh_strndup(all + off, end - off);
        int ph_text = (last - first) * lh;
        ui_draw_rrect(&f->dl, (ui_rect_t){l.x, y, l.w, ph_text + 2 * pad}, ui_px(f, 16), t->panel);
        ui_draw_rect(&f->dl, (ui_rect_t){l.x, y, bar, ph_text + 2 * pad}, t->accent);
        ui_label(f, l.x + pad + bar, y + pad, tw, part, fs, t->text, UI_ALIGN_LEFT);
        screen_pager(app, f, l, bottom - ph, last < lines.n ? -1 : 0);
        free(part);
        free(all);
    }
    int back_w = ui_px(f, 320);
    if (roomy) {
        int by = y + (nav.y - y - bh) / 2;
        ui_button(f, N_BEGIN, 0, (ui_rect_t){(f->width - bw) / 2, by, bw, bh}, ui_app_str(app, UI_S_NOTICE_START),
                  ui_font(f, 56), UI_BTN_PRIMARY);
    } else {
        int w = l.w - back_w - ui_px(f, 20);
        if (w > ui_px(f, 620)) w = ui_px(f, 620);
        ui_button(f, N_BEGIN, 0, (ui_rect_t){l.x + l.w - w, nav.y, w, nav.h}, ui_app_str(app, UI_S_NOTICE_START),
                  ui_font(f, 48), UI_BTN_PRIMARY);
    }
    ui_button(f, N_BACK, 0, (ui_rect_t){l.x, nav.y, back_w, nav.h}, ui_app_str(app, UI_S_BACK), ui_font(f, 42),
              UI_BTN_QUIET);
}

const ui_screen_t screen_notice = {
    .name = "notice",
    .enter = notice_enter,
    .idle_watch = true,
    .event = notice_event,
    .draw = notice_draw,
};
