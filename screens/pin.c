/* pin.c - the administrator's PIN pad, opened by the hidden gesture (five
 * taps in the top-left corner within three seconds).  Checks the PIN with
 * store_pin_check (five wrong PINs lock it for five minutes); when no PIN is
 * set yet, the administrator sets one by entering it twice. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

enum { P_DIGIT = 1, P_DEL, P_OK, P_CANCEL };

#define PIN_TIMEOUT_MS 60000

static void pin_enter(ui_app_t *app)
{
    app->pin[0] = app->pin_first[0] = app->pin_msg[0] = 0;
    if (app->pin_change || !app->store)
        app->pin_mode = UI_PIN_MODE_SET;
    else if (store_pin_is_set(app->store))
        app->pin_mode = UI_PIN_MODE_CHECK;
    else if (store_has_answers(app->store) && store_ever_exported(app->store))
        app->pin_mode = UI_PIN_MODE_NONE; /* not chosen by whoever taps first once answers left the kiosk */
    else
        app->pin_mode = UI_PIN_MODE_SET; /* being set up: the first PIN (answers, if any, are only here) */
    app->countdown_ms = PIN_TIMEOUT_MS;
    app->wake_ms = PIN_TIMEOUT_MS;
}

static void pin_leave(ui_app_t *app)
{
    /* Never leave a PIN in memory longer than needed. */
    memset(app->pin, 0, sizeof app->pin);
    memset(app->pin_first, 0, sizeof app->pin_first);
}

/* Where the administrator goes once the PIN is right (or set): the setup
 * first on a kiosk whose school is not set yet. */
static void enter_admin(ui_app_t *app)
{
    if (!app->pin_change && !ui_app_school_set(app)) {
        app->setup_first = true;
        ui_app_goto(app, &screen_setup);
    } else {
        ui_app_goto(app, &screen_admin);
    }
}

static void cancel(ui_app_t *app)
{
    if (app->pin_change) {
        app->pin_change = false;
        ui_app_goto(app, &screen_admin);
        return;
    }
    const ui_screen_t *back = app->resume;
    if (!back || back == &screen_pin || back == &screen_admin) back = &screen_welcome;
    ui_app_goto(app, back);
}

static void submit(ui_app_t *app)
{
    size_t len = strlen(app->pin);
    if (len < 4 || len > 8) {
        snprintf(app->pin_msg, sizeof app->pin_msg, "%s", ui_app_str(app, UI_S_PIN_SHORT));
        return;
    }
    switch (app->pin_mode) {
    case UI_PIN_MODE_NONE:
        app->pin[0] = 0;
        break;
    case UI_PIN_MODE_CHECK: {
        int left = 0;
        int64_t until = 0;
        store_pin_result_t r = store_pin_check(app->store, app->pin, app->now_ms, &left, &until);
        app->pin[0] = 0;
        if (r == STORE_PIN_OK) {
            enter_admin(app);
        } else if (r == STORE_PIN_WRONG) {
            snprintf(app->pin_msg, sizeof app->pin_msg, ui_app_str(app, UI_S_PIN_WRONG), left);
        } else if (r == STORE_PIN_UNREADABLE) {
            snprintf(app->pin_msg, sizeof app->pin_msg, "%s", ui_app_str(app, UI_S_PIN_UNREADABLE));
        } else {
            /* up to an hour in minutes, longer locks (to 24 h) in hours */
            int64_t mins = (until - app->now_ms + 59999) / 60000;
            if (mins < 1) mins = 1;
            if (mins <= 60)
                snprintf(app->pin_msg, sizeof app->pin_msg, ui_app_str(app, UI_S_PIN_LOCKED), (int)mins);
            else
                snprintf(app->pin_msg, sizeof app->pin_msg, ui_app_str(app, UI_S_PIN_LOCKED_HOURS),
                         (int)((mins + 59) / 60));
        }
        break;
    }
    case UI_PIN_MODE_SET:
        memcpy(app->pin_first, app->pin, sizeof app->pin);
        app->pin[0] = app->pin_msg[0] = 0;
        app->pin_mode = UI_PIN_MODE_CONFIRM;
        break;
    case UI_PIN_MODE_CONFIRM:
        if (strcmp(app->pin, app->pin_first) != 0) {
            snprintf(app->pin_msg, sizeof app->pin_msg, "%s", ui_app_str(app, UI_S_PIN_MISMATCH));
            app->pin[0] = app->pin_first[0] = 0;
            app->pin_mode = UI_PIN_MODE_SET;
            break;
        }
        if (app->store) {
            jh_err_t err;
            jh_status_t s = store_pin_set(app->store, app->pin, &err);
            if (s != JH_OK) {
                char detail[300], why[sizeof app->pin_msg];
                snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), err.msg);
                snprintf(why, sizeof why, "%s%s", ui_app_cause(app, s), detail);
                snprintf(app->pin_msg, sizeof app->pin_msg, ui_app_str(app, UI_S_PIN_SAVE_FAILED), why);
                app->pin[0] = app->pin_first[0] = 0;
                app->pin_mode = UI_PIN_MODE_SET;
                break;
            }
        }
        if (app->pin_change) {
            app->pin_change = false;
            snprintf(app->admin_msg, sizeof app->admin_msg, "%s", ui_app_str(app, UI_S_SETUP_SAVED));
            app->admin_msg_kind = 1;
            ui_app_goto(app, &screen_admin);
        } else {
            enter_admin(app);
        }
        break;
    }
}

static void add_digit(ui_app_t *app, char d)
{
    if (app->pin_mode == UI_PIN_MODE_NONE) return;
    size_t len = strlen(app->pin);
    if (len < 8) {
        app->pin[len] = d;
        app->pin[len + 1] = 0;
    }
}

static void pin_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    app->countdown_ms = PIN_TIMEOUT_MS;
    app->dirty = true;
    if (!hit) {
        if (in->type == UI_IN_TEXT) {
            for (const char *p = in->text; *p; p++)
                if (*p >= '0' && *p <= '9') add_digit(app, *p);
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_BACKSPACE) {
            size_t len = strlen(app->pin);
            if (len) app->pin[len - 1] = 0;
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_ENTER) {
            submit(app);
        } else if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            cancel(app);
        }
        return;
    }
    switch (hit->id) {
    case P_DIGIT:
        add_digit(app, (char)('0' + hit->arg));
        break;
    case P_DEL: {
        size_t len = strlen(app->pin);
        if (len) app->pin[len - 1] = 0;
        break;
    }
    case P_OK:
        submit(app);
        break;
    case P_CANCEL:
        cancel(app);
        break;
    }
}

static void pin_update(ui_app_t *app, int64_t dt_ms)
{
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        cancel(app); /* nobody there: back to where the kiosk was */
        return;
    }
    app->wake_ms = app->countdown_ms;
}

/* 取消, and "取消 Cancel" when the person who opened the pad chose English
 * (ui_app_str would say the administrator's Chinese only). */
static const char *cancel_label(const ui_app_t *app)
{
    return ui_str(app->lang, UI_S_PIN_CANCEL);
}

static void pin_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    if (app->pin_mode == UI_PIN_MODE_NONE) {
        /* no keys to tap: only the way out and the way to a PIN */
        screen_layout_t l = screen_layout(f, 1400);
        int y = ui_px(f, 40);
        y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_PIN_NONE_TITLE), ui_font(f, 52), t->text,
                      UI_ALIGN_CENTER);
        y += ui_px(f, 24);
        ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_PIN_NONE_BODY), ui_font(f, 40), t->text, UI_ALIGN_CENTER);
        int bw = ui_px(f, 560), bh = ui_px(f, 110);
        if (bw > l.w) bw = l.w;
        ui_button(f, P_CANCEL, 0, (ui_rect_t){(f->width - bw) / 2, f->height - ui_px(f, 30) - bh, bw, bh},
                  cancel_label(app), ui_font(f, 40), UI_BTN_QUIET);
        return;
    }
    ui_str_id_t title = app->pin_mode == UI_PIN_MODE_CHECK ? UI_S_PIN_ENTER
                        : app->pin_mode == UI_PIN_MODE_SET ? UI_S_PIN_SET
                                                           : UI_S_PIN_CONFIRM;
    screen_layout_t l = screen_layout(f, 1400);
    int y = ui_px(f, 40);
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, title), ui_font(f, 52), t->text, UI_ALIGN_CENTER);
    /* Dots for the digits entered: ● entered, ○ still possible (min 4). */
    char dots[64] = "";
    size_t len = strlen(app->pin);
    size_t shown = len < 4 ? 4 : len;
    for (size_t i = 0; i < shown; i++) strcat(dots, i < len ? "\xE2\x97\x8F" : "\xE2\x97\x8B");
    y += ui_px(f, 16);
    y += ui_label(f, l.x, y, l.w, dots, ui_font(f, 60), t->text, UI_ALIGN_CENTER);
    /* two lines kept free (the keys do not jump when a short message
     * comes), more when the message needs them (the lock's way out: three
     * lines on an upright screen) */
    int msg_h = ui_line_height(ui_font(f, 38)) * 2;
    if (app->pin_msg[0]) {
        int h = ui_text_height(f, app->pin_msg, ui_font(f, 38), l.w);
        if (h > msg_h) msg_h = h;
    }
    if (app->pin_msg[0])
        ui_label(f, l.x, y + ui_px(f, 6), l.w, app->pin_msg, ui_font(f, 38), t->danger, UI_ALIGN_CENTER);
    y += msg_h + ui_px(f, 12);

    int gap = ui_px(f, 18);
    int bottom = f->height - ui_px(f, 30);
    int bh = (bottom - y - 4 * gap) / 5; /* 4 rows of keys + cancel */
    if (bh > ui_px(f, 130)) bh = ui_px(f, 130);
    int bw = ui_px(f, 260);
    int x0 = (f->width - (3 * bw + 2 * gap)) / 2;
    int fs = ui_font(f, 52);
    static const int keys[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2};
    for (int k = 0; k < 12; k++) {
        ui_rect_t r = {x0 + (k % 3) * (bw + gap), y + (k / 3) * (bh + gap), bw, bh};
        if (keys[k] >= 0) {
            char d[2] = {(char)('0' + keys[k]), 0};
            ui_button(f, P_DIGIT, keys[k], r, d, fs, 0);
        } else if (keys[k] == -1) {
            ui_button(f, P_DEL, 0, r, ui_app_str(app, UI_S_DELETE), ui_font(f, 40), UI_BTN_QUIET);
        } else {
            ui_button(f, P_OK, 0, r, ui_app_str(app, UI_S_OK), ui_font(f, 44), UI_BTN_PRIMARY);
        }
    }
    ui_button(f, P_CANCEL, 0, (ui_rect_t){x0, y + 4 * (bh + gap), 3 * bw + 2 * gap, bh},
              cancel_label(app), ui_font(f, 40), UI_BTN_QUIET);
}

const ui_screen_t screen_pin = {
    .name = "pin",
    .idle_watch = false,
    .admin = true,
    .enter = pin_enter,
    .leave = pin_leave,
    .event = pin_event,
    .update = pin_update,
    .draw = pin_draw,
};
