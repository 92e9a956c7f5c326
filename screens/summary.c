/* summary.c - after the last question: the optional items that were skipped
 * (touch one to answer it), then submit; with voice on, 读题 reads the page
 * as 听读 does. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { S_ITEM = 1, S_SUBMIT, S_BACK, S_SPEAK };

/* Visible items without an answer: skipped optional ones, and required ones
 * that became visible after an answer was changed. */
static int unanswered(const ui_app_t *app, int *out, int max, bool *required)
{
    int n = 0;
    *required = false;
    if (!app->has_draft) return 0;
    survey_answers_t a = store_draft_answers(&app->draft);
    for (int i = 0; i < app->draft.survey->n_items && n < max; i++) {
        if (!survey_item_visible(app->draft.survey, i, &a) || app->draft.values[i]) continue;
        out[n++] = i;
        *required |= app->draft.survey->items[i].required;
    }
    return n;
}

static void summary_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!app->has_draft) {
        ui_app_goto(app, &screen_welcome);
        return;
    }
    if (screen_pager_event(app, hit)) {
        app->say_page = app->listen_mode; /* 听读: the next page's questions */
        return;
    }
    int id = hit ? hit->id : in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE ? S_BACK : 0;
    switch (id) {
    case S_ITEM:
        ui_app_jump(app, hit->arg);
        break;
    case S_BACK:
        ui_app_back(app);
        break;
    case S_SPEAK:
        /* 读题 (voice on, 听读 off): the page as 听读 says it; a second
         * touch (停止) stops it (review rparent9 item 3) */
        if (app->speaking) {
            ui_app_speech_stop(app);
        } else {
            app->say_page = true;
            app->dirty = true;
        }
        break;
    case S_SUBMIT: {
        int items[64];
        bool required;
        int n = unanswered(app, items, 64, &required);
        for (int i = 0; required && i < n; i++)
            if (app->draft.survey->items[items[i]].required) {
                ui_app_jump(app, items[i]);
                return;
            }
        ui_app_finish(app, STORE_SUBMITTED);
        break;
    }
    default:
        break;
    }
}

/* Whether text ends in a full stop, question or exclamation mark. */
static bool ends_in_stop(const char *text)
{
    static const char *const stops[] = {"。", "？", "！", ".", "?", "!"};
    size_t n = strlen(text);
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++) {
        size_t m = strlen(stops[k]);
        if (n >= m && !strcmp(text + n - m, stops[k])) return true;
    }
    return false;
}

/* 听读: on entry the title, then the questions skipped that the page shows
 * (each by its text, as the buttons show them), how many more are on the
 * next pages and the button that shows them, and what to touch to finish.
 * Said when the page is laid out, so that it names what is on it (review
 * r2speech4 item 2: it named 5 while 3 were shown, never the ▼ button). */
static void summary_enter(ui_app_t *app)
{
    /* complete from now on counts even back at a question (ui_app_draft_counts) */
    if (app->has_draft) app->reached_summary = true;
    /* recorded at once, so a power cut from here on leaves it counted */
    if (ui_app_draft_counts(app)) ui_app_save(app);
    app->say_page = app->listen_mode;
}

static void say_page(ui_app_t *app, const int *items, const int *page_of, int n, int after)
{
    app->say_page = false;
    bool zh = strcmp(app->lang, "en") != 0;
    jh_buf_t b = {0};
    if (app->page == 0) {
        jh_buf_puts(&b, ui_app_str(app, UI_S_SUMMARY_TITLE));
        jh_buf_puts(&b, zh ? "。" : ". ");
        jh_buf_puts(&b,
                    ui_app_str(app, n > 1 ? UI_S_SUMMARY_SKIPPED : n ? UI_S_SUMMARY_SKIPPED_ONE : UI_S_SUMMARY_NONE));
    }
    int on_page = 0, said = 0;
    for (int i = 0; i < n; i++) on_page += page_of[i] == app->page;
    for (int i = 0; i < n; i++) {
        if (page_of[i] != app->page) continue;
        const char *q = ui_app_text(app, &app->draft.survey->items[items[i]].text);
        if (!zh && b.len) jh_buf_puts(&b, " ");
        jh_buf_puts(&b, q);
        said++;
        if (!ends_in_stop(q)) jh_buf_puts(&b, zh ? (said < on_page ? "；" : "。") : (said < on_page ? ";" : "."));
    }
    if (after > 0) {
        char more[300];
        snprintf(more, sizeof more, ui_app_str(app, UI_S_SUMMARY_SAY_MORE), after, after);
        if (!zh) jh_buf_puts(&b, " ");
        jh_buf_puts(&b, more);
    }
    if (!zh) jh_buf_puts(&b, " ");
    jh_buf_puts(&b, ui_app_str(app, UI_S_SUMMARY_SAY_SUBMIT));
    jh_buf_append(&b, "", 1);
    /* (say_page is set in 听读, or by a touch on 读题) */
    ui_app_speak_text(app, b.data);
    jh_buf_free(&b);
}

static void summary_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    if (!app->has_draft) return;
    int y = screen_title(app, f, ui_app_str(app, UI_S_SUMMARY_TITLE));
    screen_layout_t l = screen_layout(f, 1400);
    int items[64];
    bool required;
    int n = unanswered(app, items, 64, &required);
    screen_nav_t nav = screen_nav(f);
    app->n_pages = 1;
    if (n == 0) {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_SUMMARY_NONE), ui_font(f, 46), t->text,
                      UI_ALIGN_CENTER);
        if (app->say_page) say_page(app, items, NULL, 0, 0);
    } else {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, n > 1 ? UI_S_SUMMARY_SKIPPED : UI_S_SUMMARY_SKIPPED_ONE),
                      ui_font(f, 42), t->text, UI_ALIGN_LEFT) + ui_px(f, 20);
        int fs = ui_font(f, 38), gap = ui_px(f, 16);
        int bottom = nav.y - ui_px(f, 24);
        /* Pages of the skipped questions (each page as many as fit). */
        int h[64], page_of[64], pages = 1, used = 0;
        for (int i = 0; i < n; i++) {
            const char *q = ui_app_text(app, &app->draft.survey->items[items[i]].text);
            h[i] = ui_text_height(f, q, fs, l.w - 2 * ui_px(f, 24)) + ui_px(f, 24);
            if (h[i] < ui_px(f, 90)) h[i] = ui_px(f, 90);
            if (h[i] < ui_min_button(f)) h[i] = ui_min_button(f);
        }
        int room_all = bottom - y, total = 0;
        for (int i = 0; i < n; i++) total += h[i] + gap;
        int room = total - gap <= room_all ? room_all : room_all - screen_pager_height(f) - gap;
        for (int i = 0; i < n; i++) {
            if (used > 0 && used + h[i] > room) {
                pages++;
                used = 0;
            }
            page_of[i] = pages - 1;
            used += h[i] + gap;
        }
        app->n_pages = pages;
        if (app->page >= pages) app->page = pages - 1;
        int after = 0;
        for (int i = 0; i < n; i++) {
            if (page_of[i] > app->page) after++;
            if (page_of[i] != app->page) continue;
            const survey_item_t *it = &app->draft.survey->items[items[i]];
            int bh = h[i] < room ? h[i] : room;
            ui_button(f, S_ITEM, items[i], (ui_rect_t){l.x, y, l.w, bh}, ui_app_text(app, &it->text), fs,
                      it->required ? UI_BTN_DANGER : 0);
            y += bh + gap;
        }
        if (pages > 1) screen_pager(app, f, l, bottom - screen_pager_height(f), after);
        if (app->say_page) say_page(app, items, page_of, n, after);
    }
    int bw = ui_px(f, 420), gap = ui_px(f, 20);
    bool speak = ui_app_can_speak(app);
    int sw = 0;
    if (speak) {
        /* 读题 in the middle of the row, as on the questions: as large as
         * the buttons beside it, which give up width for it */
        sw = screen_read_button_width(app, f);
        if (sw < ui_min_button(f)) sw = ui_min_button(f);
        if (bw > (l.w - 2 * gap - sw) / 2) bw = (l.w - 2 * gap - sw) / 2;
        if (sw < bw) sw = bw;
        if (sw > l.w - 2 * gap - 2 * bw) sw = l.w - 2 * gap - 2 * bw;
    } else if (bw > (l.w - gap) / 2) {
        bw = (l.w - gap) / 2;
    }
    ui_button(f, S_BACK, 0, (ui_rect_t){l.x, nav.y, bw, nav.h}, ui_app_str(app, UI_S_SUMMARY_BACK),
              ui_font(f, 44), UI_BTN_QUIET);
    if (speak)
        ui_button_speaker(f, S_SPEAK, 0, (ui_rect_t){l.x + (l.w - sw) / 2, nav.y, sw, nav.h},
                          ui_app_str(app, app->speaking ? UI_S_READING : UI_S_READ_ALOUD), ui_font(f, 44),
                          app->speaking ? UI_BTN_SELECTED : 0);
    ui_button(f, S_SUBMIT, 0, (ui_rect_t){l.x + l.w - bw, nav.y, bw, nav.h}, ui_app_str(app, UI_S_SUBMIT),
              ui_font(f, 56), UI_BTN_PRIMARY);
}

const ui_screen_t screen_summary = {
    .name = "summary",
    .enter = summary_enter,
    .idle_watch = true,
    .event = summary_event,
    .draw = summary_draw,
};
