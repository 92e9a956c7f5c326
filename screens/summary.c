/* summary.c - after the last question: the optional items that were skipped
 * (touch one to answer it), then submit. */
#include "screens.h"

#include <stdio.h>

enum { S_ITEM = 1, S_SUBMIT, S_BACK };

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
    int id = hit ? hit->id : in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE ? S_BACK : 0;
    switch (id) {
    case S_ITEM:
        ui_app_jump(app, hit->arg);
        break;
    case S_BACK:
        ui_app_back(app);
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

static void summary_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    if (!app->has_draft) return;
    int y = screen_title(app, f, ui_app_str(app, UI_S_SUMMARY_TITLE));
    screen_layout_t l = screen_layout(f, 1400);
    int items[64];
    bool required;
    int n = unanswered(app, items, 64, &required);
    int nav_h = ui_px(f, 120), nav_y = f->height - ui_px(f, 40) - nav_h;
    if (n == 0) {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_SUMMARY_NONE), ui_font(f, 46), t->text,
                      UI_ALIGN_CENTER);
    } else {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_SUMMARY_SKIPPED), ui_font(f, 42), t->text,
                      UI_ALIGN_LEFT) + ui_px(f, 24);
        int fs = ui_font(f, 38), gap = ui_px(f, 18);
        for (int i = 0; i < n; i++) {
            const survey_item_t *it = &app->draft.survey->items[items[i]];
            const char *q = ui_app_text(app, &it->text);
            int h = ui_text_height(f, q, fs, l.w - 2 * ui_px(f, 24)) + ui_px(f, 30);
            if (h < ui_px(f, 90)) h = ui_px(f, 90);
            if (y + h > nav_y - ui_px(f, 30)) break; /* the rest stays reachable via Back */
            ui_button(f, S_ITEM, items[i], (ui_rect_t){l.x, y, l.w, h}, q, fs,
                      it->required ? UI_BTN_DANGER : 0);
            y += h + gap;
        }
    }
    int bw = ui_px(f, 420);
    ui_button(f, S_BACK, 0, (ui_rect_t){l.x, nav_y, ui_px(f, 360), nav_h},
              ui_app_str(app, UI_S_SUMMARY_BACK), ui_font(f, 44), UI_BTN_QUIET);
    ui_button(f, S_SUBMIT, 0, (ui_rect_t){l.x + l.w - bw, nav_y, bw, nav_h},
              ui_app_str(app, UI_S_SUBMIT), ui_font(f, 56), UI_BTN_PRIMARY);
}

const ui_screen_t screen_summary = {
    .name = "summary",
    .idle_watch = true,
    .event = summary_event,
    .draw = summary_draw,
};
