/* school.c - the administrator picks the kiosk's school from the county
 * register (installed from a county pack): typing a few digits of the code
 * on the digit pad narrows the list, 上一页 / 下一页 page through it, and a
 * touch on a school sets code, name, level, locality and county at once. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_SCHOOL = 1, K_DIGIT, K_DEL, K_CLEAR, K_PREV, K_NEXT, K_BACK };

#define PICK_TIMEOUT_MS 300000

/* Indexes of the register's schools whose code contains the filter. */
static int matches(const ui_app_t *app, int *out, int max)
{
    int n = 0;
    for (int i = 0; app->pack && i < app->pack->n_schools && n < max; i++)
        if (!app->pick_filter[0] || strstr(app->pack->schools[i].code, app->pick_filter)) out[n++] = i;
    return n;
}

static void school_enter(ui_app_t *app)
{
    app->countdown_ms = PICK_TIMEOUT_MS;
    app->wake_ms = PICK_TIMEOUT_MS;
}

static void pick(ui_app_t *app, int index)
{
    const pack_school_t *s = &app->pack->schools[index];
    jh_err_t err;
    jh_status_t st = JH_OK;
    if (app->store) {
        /* All fields at once, in one transaction with one identity file
         * write: a failure leaves the school as it was, never a mix. */
        const char *keys[] = {"school_code", "school_name", "school_level", "locality", "county_code"};
        const char *values[] = {s->code, s->name, s->level, s->locality, app->pack->county_code};
        st = store_settings_set(app->store, keys, values, 5, &err);
    }
    ui_app_reload_settings(app);
    bool first = app->setup_first;
    ui_app_goto(app, &screen_setup);
    app->setup_first = first;
    if (st == JH_OK)
        snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_SETUP_SAVED));
    else if (st != JH_ERR_CONFLICT || !ui_app_school_locked_msg(app, app->setup_msg, sizeof app->setup_msg, s->code))
        ui_app_save_failed(app, app->setup_msg, sizeof app->setup_msg, st, err.msg);
}

static void add_digit(ui_app_t *app, char d)
{
    size_t n = strlen(app->pick_filter);
    if (n + 1 < sizeof app->pick_filter) {
        app->pick_filter[n] = d;
        app->pick_filter[n + 1] = 0;
    }
    app->pick_page = 0;
}

static void school_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    app->countdown_ms = PICK_TIMEOUT_MS;
    app->dirty = true;
    if (!hit) {
        if (in->type == UI_IN_TEXT) {
            for (const char *p = in->text; *p; p++)
                if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) add_digit(app, *p);
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_BACKSPACE) {
            size_t n = strlen(app->pick_filter);
            if (n) app->pick_filter[n - 1] = 0;
            app->pick_page = 0;
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            ui_app_goto(app, &screen_setup);
        }
        return;
    }
    switch (hit->id) {
    case K_SCHOOL:
        if (app->pack && hit->arg >= 0 && hit->arg < app->pack->n_schools) pick(app, hit->arg);
        break;
    case K_DIGIT:
        add_digit(app, (char)('0' + hit->arg));
        break;
    case K_DEL: {
        size_t n = strlen(app->pick_filter);
        if (n) app->pick_filter[n - 1] = 0;
        app->pick_page = 0;
        break;
    }
    case K_CLEAR:
        app->pick_filter[0] = 0;
        app->pick_page = 0;
        break;
    case K_PREV:
        if (app->pick_page > 0) app->pick_page--;
        break;
    case K_NEXT:
        app->pick_page++;
        break;
    case K_BACK: {
        bool first = app->setup_first;
        ui_app_goto(app, &screen_setup);
        app->setup_first = first;
        break;
    }
    }
}

static void school_update(ui_app_t *app, int64_t dt_ms)
{
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        ui_app_reset_person(app);
        ui_app_goto(app, &screen_welcome);
        return;
    }
    app->wake_ms = app->countdown_ms;
}

static void school_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1800);
    bool wide = f->width > f->height;
    int gap = ui_px(f, 14), col_gap = ui_px(f, 40);
    int bh = ui_px(f, 76);
    if (bh < ui_min_button(f)) bh = ui_min_button(f); /* the layout rule (ui_widget.h) */
    int fs = ui_font(f, 30);
    int y = ui_px(f, 24);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_PICK_TITLE), ui_font(f, 48), t->text, UI_ALIGN_LEFT) +
         ui_px(f, 6);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_PICK_FILTER_HINT), ui_font(f, 26), t->muted, UI_ALIGN_LEFT) +
         ui_px(f, 8);
    char line[200];
    snprintf(line, sizeof line, ui_app_str(app, UI_S_PICK_FILTER), app->pick_filter[0] ? app->pick_filter : "");
    y += ui_label(f, l.x, y, l.w, line, ui_font(f, 36), t->accent, UI_ALIGN_LEFT) + ui_px(f, 8);

    /* The digit pad: right in landscape, at the bottom in portrait. */
    int kw, kh = ui_px(f, 84), kgap = ui_px(f, 12);
    if (kh < ui_min_button(f)) kh = ui_min_button(f);
    int pad_x, pad_y, list_w, list_bottom;
    int bottom = f->height - ui_px(f, 24);
    if (wide) {
        kw = ui_px(f, 150);
        pad_x = l.x + l.w - (3 * kw + 2 * kgap);
        pad_y = y;
        list_w = pad_x - col_gap - l.x;
        list_bottom = bottom - bh - gap; /* the paging row under the list */
    } else {
        kw = (l.w - 2 * kgap) / 3;
        if (kw > ui_px(f, 260)) kw = ui_px(f, 260);
        pad_x = l.x + (l.w - (3 * kw + 2 * kgap)) / 2;
        pad_y = bottom - 5 * kh - 4 * kgap;
        list_w = l.w;
        list_bottom = pad_y - ui_px(f, 24) - bh - gap;
    }
    static const int keys[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2};
    for (int k = 0; k < 12; k++) {
        ui_rect_t r = {pad_x + (k % 3) * (kw + kgap), pad_y + (k / 3) * (kh + kgap), kw, kh};
        if (keys[k] >= 0) {
            char d[2] = {(char)('0' + keys[k]), 0};
            ui_button(f, K_DIGIT, keys[k], r, d, ui_font(f, 44), 0);
        } else if (keys[k] == -1) {
            ui_button(f, K_DEL, 0, r, ui_app_str(app, UI_S_DELETE), ui_font(f, 32), UI_BTN_QUIET);
        } else {
            ui_button(f, K_CLEAR, 0, r, ui_app_str(app, UI_S_PICK_CLEAR), ui_font(f, 32), UI_BTN_QUIET);
        }
    }
    ui_button(f, K_BACK, 0, (ui_rect_t){pad_x, pad_y + 4 * (kh + kgap), 3 * kw + 2 * kgap, kh},
              ui_app_str(app, UI_S_BACK), ui_font(f, 36), UI_BTN_QUIET);

    /* The list, one page. */
    int n_all = app->pack ? app->pack->n_schools : 0;
    int *idx = jh_xcalloc((size_t)n_all + 1, sizeof *idx);
    int n = matches(app, idx, n_all);
    int per_page = (list_bottom - y + gap) / (bh + gap);
    if (per_page < 1) per_page = 1;
    int pages = (n + per_page - 1) / per_page;
    if (pages < 1) pages = 1;
    if (app->pick_page >= pages) app->pick_page = pages - 1;
    int first = app->pick_page * per_page;
    if (n == 0)
        ui_label(f, l.x, y, list_w, ui_app_str(app, UI_S_PICK_NONE), fs, t->danger, UI_ALIGN_LEFT);
    for (int i = first; i < n && i < first + per_page; i++) {
        const pack_school_t *s = &app->pack->schools[idx[i]];
        char label[400];
        snprintf(label, sizeof label, "%s %s（%s，%s）", s->code, s->name, ui_app_level_text(app, s->level),
                 ui_app_locality_text(app, s->locality));
        ui_button(f, K_SCHOOL, idx[i], (ui_rect_t){l.x, y + (i - first) * (bh + gap), list_w, bh}, label, fs, 0);
    }
    free(idx);
    int py = list_bottom + gap;
    int pw = list_w / 3;
    snprintf(line, sizeof line, ui_app_str(app, UI_S_PICK_COUNT), n, app->pick_page + 1, pages);
    ui_button(f, K_PREV, 0, (ui_rect_t){l.x, py, pw, bh}, ui_app_str(app, UI_S_PICK_PREV), fs,
              app->pick_page > 0 ? UI_BTN_QUIET : UI_BTN_DISABLED);
    ui_label(f, l.x + pw, py + (bh - ui_line_height(ui_font(f, 26))) / 2, list_w - 2 * pw, line, ui_font(f, 26),
             t->muted, UI_ALIGN_CENTER);
    ui_button(f, K_NEXT, 0, (ui_rect_t){l.x + list_w - pw, py, pw, bh}, ui_app_str(app, UI_S_PICK_NEXT), fs,
              app->pick_page + 1 < pages ? UI_BTN_QUIET : UI_BTN_DISABLED);
}

const ui_screen_t screen_school = {
    .name = "school",
    .idle_watch = false,
    .admin = true,
    .enter = school_enter,
    .event = school_event,
    .update = school_update,
    .draw = school_draw,
};
