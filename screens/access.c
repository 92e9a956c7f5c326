/* access.c - the administrator's accessibility screen (issue 14), opened
 * from the admin screen: the colour theme for the whole kiosk (标准 / 高对比度),
 * read-aloud on or off, its volume, county recordings or synthesis only, a
 * test button, and why read-aloud is hidden when there is no sound.  Every
 * choice is saved as a setting at once. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

enum { X_THEME = 1, X_VOICE, X_VOL_DOWN, X_VOL_UP, X_SOURCE, X_TEST, X_BACK };

static void save(ui_app_t *app, const char *key, const char *value)
{
    jh_err_t err;
    jh_status_t s = app->store ? store_setting_set(app->store, key, value, &err) : JH_OK;
    if (s != JH_OK) ui_app_save_failed(app, app->admin_msg, sizeof app->admin_msg, s, err.msg);
}

static void access_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) ui_app_goto(app, &screen_admin);
        return;
    }
    char v[16];
    switch (hit->id) {
    case X_THEME:
        app->high_contrast = hit->arg == 1;
        save(app, "theme", app->high_contrast ? "high_contrast" : "default");
        break;
    case X_VOICE:
        app->voice_on = hit->arg == 0; /* 读题：开 | 读题：关 */
        if (!app->voice_on) ui_app_speech_stop(app);
        save(app, "voice", app->voice_on ? "on" : "off");
        break;
    case X_VOL_DOWN:
    case X_VOL_UP:
        app->voice_volume += hit->id == X_VOL_UP ? 10 : -10;
        if (app->voice_volume < 0) app->voice_volume = 0;
        if (app->voice_volume > 100) app->voice_volume = 100;
        snprintf(v, sizeof v, "%d", app->voice_volume);
        save(app, "voice_volume", v);
        break;
    case X_SOURCE:
        app->voice_recorded = hit->arg == 1;
        save(app, "voice_source", app->voice_recorded ? "recorded" : "synthesised");
        break;
    case X_TEST:
        if (app->speaking) ui_app_speech_stop(app);
        else ui_app_speak_test(app);
        break;
    case X_BACK:
        ui_app_goto(app, &screen_admin);
        return;
    }
    app->dirty = true;
}

/* A row of two choices at y; returns the y below it. */
static int pair(ui_app_t *app, ui_frame_t *f, screen_layout_t l, int y, int bh, int id, ui_str_id_t a,
                ui_str_id_t b, bool second, int flags)
{
    int gap = ui_px(f, 24), w = (l.w - gap) / 2, fs = ui_font(f, 36);
    ui_button(f, id, 0, (ui_rect_t){l.x, y, w, bh}, ui_app_str(app, a), fs, (second ? 0 : UI_BTN_SELECTED) | flags);
    ui_button(f, id, 1, (ui_rect_t){l.x + w + gap, y, l.w - w - gap, bh}, ui_app_str(app, b), fs,
              (second ? UI_BTN_SELECTED : 0) | flags);
    return y + bh + ui_px(f, 18);
}

static void access_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1300);
    int y = ui_px(f, 24);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_ACCESS_TITLE), ui_font(f, 48), t->text, UI_ALIGN_LEFT) +
         ui_px(f, 10);
    int fs = ui_font(f, 30);
    if (app->speech_available) {
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_ACCESS_READY), fs, t->text, UI_ALIGN_LEFT);
    } else {
        char line[1400];
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ACCESS_NO_AUDIO),
                 app->speech_note[0] ? app->speech_note : "-");
        y += ui_label_clipped(f, l.x, y, l.w, 3 * ui_line_height(fs), line, fs, t->danger);
    }
    y += ui_px(f, 16);
    int bh = ui_px(f, 90);
    if (bh < ui_min_button(f)) bh = ui_min_button(f);
    if (bh < ui_line_height(ui_font(f, 36)) + ui_px(f, 12)) bh = ui_line_height(ui_font(f, 36)) + ui_px(f, 12);
    y = pair(app, f, l, y, bh, X_THEME, UI_S_THEME_DEFAULT, UI_S_THEME_HC, app->high_contrast, 0);
    int off = app->speech_available ? 0 : UI_BTN_DISABLED;
    y = pair(app, f, l, y, bh, X_VOICE, UI_S_VOICE_ON, UI_S_VOICE_OFF, !app->voice_on, off);
    y = pair(app, f, l, y, bh, X_SOURCE, UI_S_VOICE_SYNTH, UI_S_VOICE_RECORDED, app->voice_recorded, off);
    /* Volume: − 80% + and the test button. */
    int gap = ui_px(f, 24), small = bh > ui_px(f, 110) ? bh : ui_px(f, 110);
    if (small < ui_min_button(f)) small = ui_min_button(f);
    char vol[64];
    snprintf(vol, sizeof vol, ui_app_str(app, UI_S_VOLUME), app->voice_volume);
    ui_button(f, X_VOL_DOWN, 0, (ui_rect_t){l.x, y, small, bh}, "−", ui_font(f, 44), off);
    int vw = (l.w - 3 * gap - 2 * small) / 2;
    ui_text_in_rect(f, (ui_rect_t){l.x + small + gap, y, vw, bh}, vol, ui_font(f, 36), t->text, UI_ALIGN_CENTER);
    ui_button(f, X_VOL_UP, 0, (ui_rect_t){l.x + small + 2 * gap + vw, y, small, bh}, "+", ui_font(f, 44), off);
    int tx = l.x + 2 * small + 3 * gap + vw;
    ui_button(f, X_TEST, 0, (ui_rect_t){tx, y, l.x + l.w - tx, bh},
              ui_app_str(app, app->speaking ? UI_S_READING : UI_S_VOICE_TEST), ui_font(f, 36), off);
    y += bh + ui_px(f, 18);
    int by = f->height - ui_px(f, 24) - bh;
    if (by < y) by = y;
    ui_button(f, X_BACK, 0, (ui_rect_t){l.x, by, (l.w - gap) / 2, bh}, ui_app_str(app, UI_S_BACK), ui_font(f, 36),
              UI_BTN_PRIMARY);
}

const ui_screen_t screen_access = {
    .name = "access",
    .idle_watch = false,
    .admin = true,
    .event = access_event,
    .draw = access_draw,
};
