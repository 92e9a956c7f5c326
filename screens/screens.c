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

int screen_pager_height(const ui_frame_t *f)
{
    int h = ui_line_height(ui_font(f, 40)) + ui_px(f, 16);
    return h < ui_min_button(f) ? ui_min_button(f) : h;
}

void screen_pager(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int n_after)
{
    int h = screen_pager_height(f), gap = ui_px(f, 20);
    int fs = ui_font(f, 40);
    int w = (l.w - gap) / 2;
    if (app->page > 0)
        ui_button(f, SCREEN_PAGE_PREV, 0, (ui_rect_t){l.x, y, w, h}, ui_app_str(app, UI_S_PAGE_PREV), fs,
                  UI_BTN_QUIET);
    char more[96];
    if (n_after != 0) {
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
