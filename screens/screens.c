/* screens.c - the screen registry and layout helpers shared by screens. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

const ui_screen_t *const ui_screens[] = {
    &screen_welcome, &screen_role,  &screen_notice, &screen_question,
    &screen_summary, &screen_thanks, &screen_idle,  &screen_pin,
    &screen_admin,   &screen_error, &screen_unavailable, &screen_setup,
    &screen_school,  &screen_startup, &screen_access, NULL,
};

const ui_screen_t *ui_screen_find(const char *name)
{
    for (int i = 0; ui_screens[i]; i++)
        if (!strcmp(ui_screens[i]->name, name)) return ui_screens[i];
    return NULL;
}

screen_layout_t screen_layout(const ui_frame_t *f, int max_design_w)
{
    screen_layout_t l;
    l.margin = ui_px(f, 60);
    int maxw = ui_px(f, max_design_w);
    l.w = f->width - 2 * l.margin;
    if (l.w > maxw) l.w = maxw;
    l.x = (f->width - l.w) / 2;
    return l;
}

int screen_title(ui_app_t *app, ui_frame_t *f, const char *title)
{
    screen_layout_t l = screen_layout(f, 1500);
    int y = ui_px(f, 60);
    y += ui_label(f, l.x, y, l.w, title, ui_font(f, 64), f->theme->text, UI_ALIGN_CENTER);
    return y + ui_px(f, 40);
}

screen_nav_t screen_nav(const ui_frame_t *f)
{
    screen_nav_t n;
    n.h = ui_px(f, 110);
    int need = ui_line_height(ui_font(f, 44)) + ui_px(f, 12);
    if (n.h < need) n.h = need;
    if (n.h < ui_min_button(f)) n.h = ui_min_button(f);
    n.y = f->height - ui_px(f, 30) - n.h;
    return n;
}

int screen_read_button_width(const ui_app_t *app, const ui_frame_t *f)
{
    int sw = 0;
    for (int k = 0; k < 2; k++) {
        const char *sl = ui_app_str(app, k ? UI_S_READING : UI_S_READ_ALOUD);
        int w = f->measure.width(f->measure.ctx, sl, strlen(sl), ui_font(f, 44)) + 2 * ui_px(f, 40) +
                ui_speaker_width(ui_font(f, 44) * 12 / 10) + ui_px(f, 12);
        if (w > sw) sw = w;
    }
    return sw;
}

int screen_pager_height(const ui_frame_t *f)
{
    int h = ui_line_height(ui_font(f, 40)) + ui_px(f, 16);
    return h < ui_min_button(f) ? ui_min_button(f) : h;
}

void screen_pager(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int n_after)
{
    screen_pager_chosen(app, f, l, y, n_after, 0, 0);
}

void screen_chosen_elsewhere(const ui_app_t *app, int chosen_before, int chosen_after, char *out, size_t out_len)
{
    out[0] = 0;
    if (chosen_before + chosen_after == 0) return;
    ui_str_id_t id = !chosen_before ? UI_S_CHOSEN_AFTER : !chosen_after ? UI_S_CHOSEN_BEFORE : UI_S_CHOSEN_OTHER;
    snprintf(out, out_len, ui_app_str(app, id), chosen_before + chosen_after);
}

/* A short line in half the pager row, centred; cut with … when too long. */
static void pager_note(ui_frame_t *f, int x, int y, int w, int h, const char *text, int fs)
{
    int th = ui_text_height(f, text, fs, w);
    if (th <= h)
        ui_label(f, x, y + (h - th) / 2, w, text, fs, f->theme->accent, UI_ALIGN_CENTER);
    else
        ui_label_clipped(f, x, y, w, h, text, fs, f->theme->accent);
}

void screen_pager_chosen(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int n_after, int chosen_before,
                         int chosen_after)
{
    int h = screen_pager_height(f), gap = ui_px(f, 20);
    int fs = ui_font(f, 40);
    int w = (l.w - gap) / 2;
    char chosen[160];
    if (app->page > 0) {
        ui_button(f, SCREEN_PAGE_PREV, 0, (ui_rect_t){l.x, y, w, h}, ui_app_str(app, UI_S_PAGE_PREV), fs,
                  UI_BTN_QUIET);
    } else if (chosen_after > 0) {
        /* the first page: the free left half says what is chosen further on */
        snprintf(chosen, sizeof chosen, ui_app_str(app, UI_S_PAGER_CHOSEN_AFTER), chosen_after);
        pager_note(f, l.x, y, w, h, chosen, fs);
    }
    char more[96];
    if (n_after == 0 && chosen_before > 0) {
        /* the last page: what is chosen on earlier pages, not "第 x / y 页" */
        snprintf(chosen, sizeof chosen, ui_app_str(app, UI_S_PAGER_CHOSEN_BEFORE), chosen_before);
        pager_note(f, l.x + l.w - w, y, w, h, chosen, fs);
    } else if (n_after != 0) {
        if (n_after > 0)
            snprintf(more, sizeof more, ui_app_str(app, UI_S_PAGE_MORE), n_after);
        else
            snprintf(more, sizeof more, "%s", ui_app_str(app, UI_S_PAGE_NEXT));
        ui_button(f, SCREEN_PAGE_NEXT, 0, (ui_rect_t){l.x + l.w - w, y, w, h}, more, fs, 0);
    } else {
        snprintf(more, sizeof more, ui_app_str(app, UI_S_PAGE_OF), app->page + 1, app->n_pages);
        ui_label(f, l.x + l.w - w, y + (h - ui_line_height(fs)) / 2, w, more, fs, f->theme->muted,
                 UI_ALIGN_CENTER);
    }
}

bool screen_pager_event(ui_app_t *app, const ui_widget_t *hit)
{
    if (!hit || (hit->id != SCREEN_PAGE_PREV && hit->id != SCREEN_PAGE_NEXT)) return false;
    if (hit->id == SCREEN_PAGE_PREV && app->page > 0) app->page--;
    if (hit->id == SCREEN_PAGE_NEXT && app->page + 1 < app->n_pages) app->page++;
    ui_app_mark_shown(app); /* new buttons under the finger: the input guard applies */
    app->dirty = true;
    return true;
}
