/* screens.c - the screen registry and layout helpers shared by screens. */
#include "screens.h"

#include <string.h>

const ui_screen_t *const ui_screens[] = {
    &screen_welcome, &screen_role,  &screen_notice, &screen_question,
    &screen_summary, &screen_thanks, &screen_idle,  &screen_pin,
    &screen_admin,   &screen_error, &screen_unavailable, &screen_setup,
    &screen_school,  &screen_startup, NULL,
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
