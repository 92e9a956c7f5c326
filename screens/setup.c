/* setup.c - the administrator sets the kiosk's school by touch: picks it
 * from the county register (screens/school.c) or sets each field: the
 * codes on a digit pad, level and locality as buttons, the name with the
 * kiosk's input panel (ui_panel: handwriting, pinyin; a keyboard works too).
 * Every change is saved at once (store_setting_set, mirrored in the
 * identity file).  Always Chinese, normal text size. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { S_PICK = 1, S_EDIT, S_LEVEL, S_LOC, S_DONE, S_DIGIT, S_DEL, S_OK, S_CANCEL };

#define SETUP_TIMEOUT_MS 300000

static const char *const levels[] = {"primary", "junior", "nine_year", "complete_middle", "twelve_year"};
static const char *const localities[] = {"urban", "town", "rural"};

static void setup_enter(ui_app_t *app)
{
    app->setup_field = UI_SETUP_NONE;
    app->setup_entry[0] = 0;
    app->setup_msg[0] = 0;
    app->countdown_ms = SETUP_TIMEOUT_MS;
    app->wake_ms = SETUP_TIMEOUT_MS;
}

/* A failed save: a value the store refuses (JH_ERR_INVALID) gets the
 * field's own message (what a valid value looks like); anything else its
 * real cause (full disk, read-only, ...) with the technical line. */
static void save_failed(ui_app_t *app, const char *key, const char *value, jh_status_t s, const char *msg)
{
    /* A school with answers of its own (review rseason): what to do. */
    if (s == JH_ERR_CONFLICT && !strcmp(key, "school_code") &&
        ui_app_school_locked_msg(app, app->setup_msg, sizeof app->setup_msg, value))
        return;
    ui_str_id_t own = !strcmp(key, "school_name")   ? UI_S_SETUP_BAD_NAME
                      : !strcmp(key, "school_code") ? UI_S_SETUP_BAD_CODE
                      : !strcmp(key, "county_code") ? UI_S_SETUP_BAD_COUNTY
                                                    : UI_S_COUNT_;
    if (s == JH_ERR_INVALID && own != UI_S_COUNT_)
        snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, own));
    else
        ui_app_save_failed(app, app->setup_msg, sizeof app->setup_msg, s, msg);
}

static void save(ui_app_t *app, const char *key, const char *value)
{
    jh_err_t err;
    if (!app->store) return;
    jh_status_t s = store_setting_set(app->store, key, value, &err);
    if (s == JH_OK) {
        snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_SETUP_SAVED));
        ui_app_reload_settings(app);
    } else {
        save_failed(app, key, value, s, err.msg);
    }
}

static bool digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static void commit_entry(ui_app_t *app)
{
    const char *v = app->setup_entry;
    switch (app->setup_field) {
    case UI_SETUP_CODE:
        if (!digits(v, 1, 32)) {
            snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_SETUP_BAD_CODE));
            return;
        }
        save(app, "school_code", v);
        break;
    case UI_SETUP_COUNTY:
        if (!digits(v, 6, 6)) {
            snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_SETUP_BAD_COUNTY));
            return;
        }
        save(app, "county_code", v);
        break;
    case UI_SETUP_NAME: {
        /* Trim spaces at both ends. */
        char buf[sizeof app->setup_entry];
        const char *b = v;
        while (*b == ' ') b++;
        snprintf(buf, sizeof buf, "%s", b);
        size_t n = strlen(buf);
        while (n && buf[n - 1] == ' ') buf[--n] = 0;
        if (!n) {
            snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_SETUP_BAD_NAME));
            return;
        }
        /* A failed write keeps the entry open, with its real cause. */
        jh_err_t err;
        jh_status_t s = app->store ? store_setting_set(app->store, "school_name", buf, &err) : JH_OK;
        if (s != JH_OK) {
            save_failed(app, "school_name", buf, s, err.msg);
            return;
        }
        snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_SETUP_SAVED));
        ui_app_reload_settings(app);
        break;
    }
    }
    app->setup_field = UI_SETUP_NONE;
    app->setup_entry[0] = 0;
    ui_panel_close(app->panel);
}

static void add_text(ui_app_t *app, const char *t)
{
    size_t len = strlen(app->setup_entry), add = strlen(t);
    size_t max = app->setup_field == UI_SETUP_NAME ? sizeof app->setup_entry - 1
                 : app->setup_field == UI_SETUP_COUNTY ? 6
                                                       : 32;
    if (app->setup_field != UI_SETUP_NAME) {
        for (; *t && len < max; t++)
            if (*t >= '0' && *t <= '9') app->setup_entry[len++] = *t;
        app->setup_entry[len] = 0;
        return;
    }
    if (len + add > max) return;
    memcpy(app->setup_entry + len, t, add + 1);
}

static void backspace(ui_app_t *app)
{
    size_t len = strlen(app->setup_entry);
    /* One whole UTF-8 character. */
    while (len > 0) {
        len--;
        if (((unsigned char)app->setup_entry[len] & 0xC0) != 0x80) break;
    }
    app->setup_entry[len] = 0;
}

static void finish(ui_app_t *app)
{
    app->setup_first = false;
    ui_app_goto(app, &screen_admin);
}

/* The red "choose the character you wrote" (UI_PANEL_UNSURE) is for the
 * character on the pad then: it goes with the next panel key or stroke, as
 * on the questionnaire (review r2kiosk item 4: it stayed after the
 * character was chosen and while the next was written). */
static void drop_unsure_msg(ui_app_t *app)
{
    if (!strcmp(app->setup_msg, ui_app_str(app, UI_S_HAND_UNSURE))) app->setup_msg[0] = 0;
}

static bool setup_pointer(ui_app_t *app, const ui_input_t *in)
{
    if (app->setup_field != UI_SETUP_NAME || !ui_panel_is_open(app->panel)) return false;
    app->countdown_ms = SETUP_TIMEOUT_MS;
    if (!ui_panel_pointer(app->panel, in)) return false;
    if (in->type == UI_IN_DOWN) drop_unsure_msg(app); /* a stroke begun */
    return true;
}

static void setup_leave(ui_app_t *app)
{
    ui_panel_close(app->panel);
}

/* A character written on the pad or a pinyin composition shown in the
 * bar goes into the entry before 确定 or Enter saves it, as the panel's
 * own 完成 keeps it. */
static void keep_composition(ui_app_t *app)
{
    jh_buf_t b = {0};
    if (ui_panel_commit(app->panel, &b)) add_text(app, b.data);
    jh_buf_free(&b);
}

static void setup_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    app->countdown_ms = SETUP_TIMEOUT_MS;
    app->dirty = true;
    if (hit && hit->id >= UI_PANEL_ID_TAB && hit->id < UI_PANEL_ID_LAST_) {
        jh_buf_t text = {0};
        drop_unsure_msg(app);
        switch (ui_panel_event(app->panel, hit, NULL, 0, &text)) {
        case UI_PANEL_INSERT: add_text(app, text.data ? text.data : ""); break;
        case UI_PANEL_DELETE: backspace(app); break;
        case UI_PANEL_UNSURE: /* the strokes kept: the administrator chooses the character */
            snprintf(app->setup_msg, sizeof app->setup_msg, "%s", ui_app_str(app, UI_S_HAND_UNSURE));
            break;
        case UI_PANEL_CLOSE:
            if (text.len) add_text(app, text.data); /* the composition shown, kept */
            commit_entry(app);
            break;
        default: break;
        }
        jh_buf_free(&text);
        return;
    }
    if (!hit) {
        if (in->type == UI_IN_TEXT && app->setup_field) add_text(app, in->text);
        else if (in->type == UI_IN_KEY && in->key == UI_KEY_BACKSPACE && app->setup_field) backspace(app);
        else if (in->type == UI_IN_KEY && in->key == UI_KEY_ENTER && app->setup_field) {
            keep_composition(app);
            commit_entry(app);
        }
        else if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            if (app->setup_field) {
                app->setup_field = UI_SETUP_NONE;
                ui_panel_close(app->panel);
            } else {
                finish(app);
            }
        }
        return;
    }
    switch (hit->id) {
    case S_PICK:
        app->pick_filter[0] = 0;
        app->pick_page = 0;
        ui_app_goto(app, &screen_school);
        break;
    case S_EDIT: {
        app->setup_field = hit->arg;
        app->setup_msg[0] = 0;
        const char *key = hit->arg == UI_SETUP_CODE ? "school_code" : hit->arg == UI_SETUP_NAME ? "school_name"
                                                                                               : "county_code";
        char *v = app->store ? store_setting_get(app->store, key) : NULL;
        snprintf(app->setup_entry, sizeof app->setup_entry, "%s", v && hit->arg == UI_SETUP_NAME ? v : "");
        free(v);
        if (hit->arg == UI_SETUP_NAME) ui_panel_open(app->panel, "zh-CN");
        break;
    }
    case S_LEVEL:
        if (hit->arg >= 0 && hit->arg < 5) save(app, "school_level", levels[hit->arg]);
        break;
    case S_LOC:
        if (hit->arg >= 0 && hit->arg < 3) save(app, "locality", localities[hit->arg]);
        break;
    case S_DIGIT: {
        char d[2] = {(char)('0' + hit->arg), 0};
        add_text(app, d);
        break;
    }
    case S_DEL:
        backspace(app);
        break;
    case S_OK:
        keep_composition(app);
        commit_entry(app);
        break;
    case S_CANCEL:
        app->setup_field = UI_SETUP_NONE;
        app->setup_entry[0] = 0;
        app->setup_msg[0] = 0;
        ui_panel_close(app->panel);
        break;
    case S_DONE:
        finish(app);
        break;
    }
}

static void setup_update(ui_app_t *app, int64_t dt_ms)
{
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        app->setup_field = UI_SETUP_NONE;
        ui_app_reset_person(app);
        ui_app_goto(app, &screen_welcome);
        return;
    }
    app->wake_ms = app->countdown_ms;
}

/* The digit pad (or, for the name, the typed text) of the field being edited. */
static void draw_entry(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1400);
    ui_str_id_t title = app->setup_field == UI_SETUP_CODE     ? UI_S_SETUP_ENTER_CODE
                        : app->setup_field == UI_SETUP_COUNTY ? UI_S_SETUP_ENTER_COUNTY
                                                              : UI_S_SETUP_ENTER_NAME;
    int y = ui_px(f, 36);
    if (app->setup_field == UI_SETUP_NAME && ui_panel_is_open(app->panel)) {
        /* The name with the input panel: 取消, the name, 确定 on one row, the
         * panel under it. */
        y = ui_px(f, 20);
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, title), ui_font(f, 40), t->text, UI_ALIGN_CENTER) +
             ui_px(f, 10);
        int bh = ui_min_button(f), bw = ui_px(f, 220), g = ui_px(f, 12);
        ui_button(f, S_CANCEL, 0, (ui_rect_t){l.x, y, bw, bh}, ui_app_str(app, UI_S_CANCEL), ui_font(f, 36),
                  UI_BTN_QUIET);
        ui_button(f, S_OK, 0, (ui_rect_t){l.x + l.w - bw, y, bw, bh}, ui_app_str(app, UI_S_OK), ui_font(f, 36),
                  UI_BTN_PRIMARY);
        char line[sizeof app->setup_entry + 8];
        snprintf(line, sizeof line, "%s|", app->setup_entry);
        ui_text_in_rect(f, (ui_rect_t){l.x + bw + g, y, l.w - 2 * bw - 2 * g, bh}, line, ui_font(f, 44), t->text,
                        UI_ALIGN_CENTER);
        ui_area(f, (ui_rect_t){l.x + bw + g, y, l.w - 2 * bw - 2 * g, bh}, app->setup_entry);
        y += bh + g / 2;
        if (app->setup_msg[0])
            y += ui_label(f, l.x, y, l.w, app->setup_msg, ui_font(f, 30), t->danger, UI_ALIGN_CENTER);
        y += g;
        int pmin, ph = ui_panel_height(app->panel, f, &pmin);
        int bottom = f->height - ui_px(f, 16);
        if (ph > bottom - y) ph = bottom - y;
        if (ph < pmin) ph = pmin;
        ui_panel_draw(app->panel, f, (ui_rect_t){l.x, bottom - ph, l.w, ph}, "zh-CN", NULL, 0);
        return;
    }
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, title), ui_font(f, 48), t->text, UI_ALIGN_CENTER) + ui_px(f, 16);
    /* The entry in a box-like line; an underscore shows where typing goes. */
    char shown[sizeof app->setup_entry + 8];
    snprintf(shown, sizeof shown, "%s_", app->setup_entry);
    y += ui_label(f, l.x, y, l.w, shown, ui_font(f, 56), t->text, UI_ALIGN_CENTER) + ui_px(f, 8);
    int msg_h = ui_line_height(ui_font(f, 34)) * 2;
    if (app->setup_msg[0])
        ui_label(f, l.x, y, l.w, app->setup_msg, ui_font(f, 34), t->danger, UI_ALIGN_CENTER);
    y += msg_h + ui_px(f, 8);
    int gap = ui_px(f, 16);
    int bottom = f->height - ui_px(f, 30);
    int bw = ui_px(f, 260);
    int x0 = (f->width - (3 * bw + 2 * gap)) / 2;
    if (app->setup_field == UI_SETUP_NAME) {
        /* No on-screen keyboard: typed text (keyboard or input method). */
        int bh = ui_px(f, 110);
        int by = bottom - bh;
        ui_button(f, S_DEL, 0, (ui_rect_t){x0, by, bw, bh}, ui_app_str(app, UI_S_DELETE), ui_font(f, 40),
                  UI_BTN_QUIET);
        ui_button(f, S_CANCEL, 0, (ui_rect_t){x0 + bw + gap, by, bw, bh}, ui_app_str(app, UI_S_CANCEL),
                  ui_font(f, 40), UI_BTN_QUIET);
        ui_button(f, S_OK, 0, (ui_rect_t){x0 + 2 * (bw + gap), by, bw, bh}, ui_app_str(app, UI_S_OK),
                  ui_font(f, 44), UI_BTN_PRIMARY);
        return;
    }
    int bh = (bottom - y - 4 * gap) / 5;
    if (bh > ui_px(f, 120)) bh = ui_px(f, 120);
    int fs = ui_font(f, 48);
    static const int keys[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2};
    for (int k = 0; k < 12; k++) {
        ui_rect_t r = {x0 + (k % 3) * (bw + gap), y + (k / 3) * (bh + gap), bw, bh};
        if (keys[k] >= 0) {
            char d[2] = {(char)('0' + keys[k]), 0};
            ui_button(f, S_DIGIT, keys[k], r, d, fs, 0);
        } else if (keys[k] == -1) {
            ui_button(f, S_DEL, 0, r, ui_app_str(app, UI_S_DELETE), ui_font(f, 40), UI_BTN_QUIET);
        } else {
            ui_button(f, S_OK, 0, r, ui_app_str(app, UI_S_OK), ui_font(f, 44), UI_BTN_PRIMARY);
        }
    }
    ui_button(f, S_CANCEL, 0, (ui_rect_t){x0, y + 4 * (bh + gap), 3 * bw + 2 * gap, bh},
              ui_app_str(app, UI_S_CANCEL), ui_font(f, 40), UI_BTN_QUIET);
}

/* One field: its name, its value and a 修改 button. */
static int field_row(ui_app_t *app, ui_frame_t *f, int x, int y, int w, int bh, ui_str_id_t name, const char *key,
                     int field)
{
    const ui_theme_t *t = f->theme;
    int fs = ui_font(f, 32);
    char *v = app->store ? store_setting_get(app->store, key) : NULL;
    int nw = w * 20 / 100, bw = w * 28 / 100;
    int ty = y + (bh - ui_line_height(fs)) / 2;
    ui_label(f, x, ty, nw, ui_app_str(app, name), fs, t->muted, UI_ALIGN_LEFT);
    ui_label(f, x + nw, ty, w - nw - bw - ui_px(f, 12), v && *v ? v : ui_app_str(app, UI_S_SETUP_UNSET_VALUE), fs,
             v && *v ? t->text : t->danger, UI_ALIGN_LEFT);
    free(v);
    char label[128];
    snprintf(label, sizeof label, "%s%s", ui_app_str(app, UI_S_SETUP_CHANGE), ui_app_str(app, name));
    ui_button(f, S_EDIT, field, (ui_rect_t){x + w - bw, y, bw, bh}, label, fs, 0);
    return bh;
}

static void setup_draw(ui_app_t *app, ui_frame_t *f)
{
    if (app->setup_field) {
        draw_entry(app, f);
        return;
    }
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1500);
    int fs = ui_font(f, 32), bfs = ui_font(f, 32);
    int bh = ui_px(f, 76), gap = ui_px(f, 14);
    if (bh < ui_min_button(f)) bh = ui_min_button(f); /* the layout rule (ui_widget.h) */
    int y = ui_px(f, 24);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_SETUP_TITLE), ui_font(f, 48), t->text, UI_ALIGN_LEFT) +
         ui_px(f, 8);
    if (app->setup_first)
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_SETUP_FIRST), fs, t->accent, UI_ALIGN_LEFT) + ui_px(f, 6);
    if (app->pack) {
        ui_button(f, S_PICK, 0, (ui_rect_t){l.x, y, l.w, bh}, ui_app_str(app, UI_S_SETUP_PICK), bfs,
                  UI_BTN_PRIMARY);
        y += bh + gap;
    } else {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_SETUP_NO_REGISTER), ui_font(f, 28), t->muted,
                      UI_ALIGN_LEFT) + ui_px(f, 8);
    }
    y += field_row(app, f, l.x, y, l.w, bh, UI_S_SETUP_CODE, "school_code", UI_SETUP_CODE) + gap;
    y += field_row(app, f, l.x, y, l.w, bh, UI_S_SETUP_NAME, "school_name", UI_SETUP_NAME) + gap;

    /* Level and locality as buttons, in words. */
    char *level = app->store ? store_setting_get(app->store, "school_level") : NULL;
    char *loc = app->store ? store_setting_get(app->store, "locality") : NULL;
    int nw = l.w * 22 / 100, bw_all = l.w - nw;
    int lh = ui_line_height(fs);
    ui_label(f, l.x, y + (bh - lh) / 2, nw, ui_app_str(app, UI_S_SETUP_LEVEL), fs, t->muted, UI_ALIGN_LEFT);
    int bw = (bw_all - 2 * gap) / 3;
    for (int i = 0; i < 5; i++) {
        int row = i / 3, col = i % 3;
        ui_rect_t r = {l.x + nw + col * (bw + gap), y + row * (bh + gap), bw, bh};
        ui_button(f, S_LEVEL, i, r, ui_app_level_text(app, levels[i]), bfs,
                  level && !strcmp(level, levels[i]) ? UI_BTN_SELECTED : 0);
    }
    y += 2 * (bh + gap);
    ui_label(f, l.x, y + (bh - lh) / 2, nw, ui_app_str(app, UI_S_SETUP_LOCALITY), fs, t->muted, UI_ALIGN_LEFT);
    for (int i = 0; i < 3; i++) {
        ui_rect_t r = {l.x + nw + i * (bw + gap), y, bw, bh};
        ui_button(f, S_LOC, i, r, ui_app_locality_text(app, localities[i]), bfs,
                  loc && !strcmp(loc, localities[i]) ? UI_BTN_SELECTED : 0);
    }
    y += bh + gap;
    free(level);
    free(loc);
    y += field_row(app, f, l.x, y, l.w, bh, UI_S_SETUP_COUNTY, "county_code", UI_SETUP_COUNTY) + gap;
    /* A message of several lines (a school that may not change) pushes 完成 down. */
    int mh = app->setup_msg[0] ? ui_label(f, l.x, y, l.w, app->setup_msg, fs, t->accent, UI_ALIGN_LEFT) : 0;
    y += (mh > lh ? mh : lh) + gap;
    int dw = l.w / 3;
    int by = f->height - ui_px(f, 24) - bh;
    if (by < y) by = y;
    ui_button(f, S_DONE, 0, (ui_rect_t){l.x + l.w - dw, by, dw, bh}, ui_app_str(app, UI_S_SETUP_DONE), bfs,
              UI_BTN_PRIMARY);
}

const ui_screen_t screen_setup = {
    .name = "setup",
    .idle_watch = false,
    .admin = true,
    .enter = setup_enter,
    .leave = setup_leave,
    .pointer = setup_pointer,
    .event = setup_event,
    .update = setup_update,
    .draw = setup_draw,
};
