/* admin.c - the administrator's screen: counts (today, total, by role,
 * abandoned), which questionnaires are active, export to a USB stick or the
 * export directory (bundle_export), the kiosk id, key fingerprint and school
 * settings, and Quit. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"

enum { A_SURVEY = 1, A_EXPORT, A_FULL, A_RESCAN, A_CLOSE, A_QUIT };

#define ADMIN_TIMEOUT_MS 300000

static void refresh(ui_app_t *app)
{
    jh_err_t err;
    app->counts_ok = app->store && store_counts(app->store, app->now_ms, &app->counts, &err) == JH_OK;
    ui_app_scan_exports(app);
}

static void admin_enter(ui_app_t *app)
{
    app->admin_msg[0] = 0;
    app->export_full = false;
    app->countdown_ms = ADMIN_TIMEOUT_MS;
    app->wake_ms = ADMIN_TIMEOUT_MS;
    refresh(app);
}

static void close_admin(ui_app_t *app)
{
    if (app->has_draft)
        ui_app_finish(app, STORE_ABANDONED); /* goes to the welcome screen */
    else {
        ui_app_reset_person(app);
        ui_app_goto(app, &screen_welcome);
    }
}

static void do_export(ui_app_t *app, const char *dir)
{
    if (!app->store) return;
    bundle_export_info_t info;
    jh_err_t err;
    memset(&info, 0, sizeof info);
    if (bundle_export(app->store, dir, app->export_full, app->now_ms, &info, &err) == JH_OK)
        snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ADMIN_EXPORT_OK),
                 (long long)info.n_responses, info.path);
    else
        snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ADMIN_EXPORT_FAIL), err.msg);
    refresh(app);
}

static void admin_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    app->countdown_ms = ADMIN_TIMEOUT_MS;
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) close_admin(app);
        return;
    }
    app->dirty = true;
    switch (hit->id) {
    case A_SURVEY:
        if (hit->arg >= 0 && hit->arg < app->n_surveys) {
            app->active[hit->arg] = !app->active[hit->arg];
            ui_app_save_active(app);
        }
        break;
    case A_EXPORT:
        if (hit->arg >= 0 && hit->arg < app->n_export_targets) do_export(app, app->export_targets[hit->arg]);
        break;
    case A_FULL:
        app->export_full = !app->export_full;
        break;
    case A_RESCAN:
        app->admin_msg[0] = 0;
        refresh(app); /* a stick plugged in after the screen opened */
        break;
    case A_CLOSE:
        close_admin(app);
        break;
    case A_QUIT:
        app->quit = true;
        break;
    }
}

static void admin_update(ui_app_t *app, int64_t dt_ms)
{
    app->countdown_ms -= dt_ms;
    if (app->countdown_ms <= 0) {
        close_admin(app);
        return;
    }
    app->wake_ms = app->countdown_ms;
}

static const char *setting_or_dash(ui_app_t *app, const char *key, char *buf, size_t n)
{
    char *v = app->store ? store_setting_get(app->store, key) : NULL;
    snprintf(buf, n, "%s", v && *v ? v : "-");
    free(v);
    return buf;
}

static void admin_draw(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1800);
    bool wide = f->width > f->height;
    int gap = ui_px(f, 40);
    int lw = wide ? (l.w - gap) * 11 / 20 : l.w;
    int rx = wide ? l.x + lw + gap : l.x, rw = wide ? l.w - lw - gap : l.w;
    int fs = ui_font(f, 32), bfs = ui_font(f, 34);
    int y = ui_px(f, 30);
    y += ui_label(f, l.x, y, lw, ui_app_str(app, UI_S_ADMIN_TITLE), ui_font(f, 52), t->text,
                  UI_ALIGN_LEFT) + ui_px(f, 16);

    /* Left: what the kiosk holds and who it is. */
    char line[1400];
    if (app->counts_ok) {
        const store_counts_t *c = &app->counts;
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_COUNTS), (long long)c->today,
                 (long long)c->submitted, (long long)c->abandoned, (long long)c->total);
        y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
        jh_buf_t b = {0};
        jh_buf_puts(&b, ui_app_str(app, UI_S_ADMIN_BY_ROLE));
        for (int i = 0; i < c->n_roles; i++) {
            const char *name = c->by_role[i].role;
            for (int k = 0; k < app->n_surveys; k++)
                if (!strcmp(app->surveys[k]->audience, name)) {
                    name = ui_app_text(app, &app->surveys[k]->audience_label);
                    break;
                }
            jh_buf_printf(&b, "%s%s %lld", i ? "，" : "", name, (long long)c->by_role[i].n);
        }
        y += ui_label(f, l.x, y, lw, b.data, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
        jh_buf_free(&b);
    }
    if (app->store) {
        char id[128], fp[64];
        setting_or_dash(app, "kiosk_id", id, sizeof id);
        store_key_fingerprint(app->store, fp);
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_KIOSK), id, fp);
        y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
        char name[256], code[64], level[64], loc[64], county[64];
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_SCHOOL),
                 setting_or_dash(app, "school_name", name, sizeof name),
                 setting_or_dash(app, "school_code", code, sizeof code),
                 setting_or_dash(app, "school_level", level, sizeof level),
                 setting_or_dash(app, "locality", loc, sizeof loc),
                 setting_or_dash(app, "county_code", county, sizeof county));
        y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
    }
    if (app->admin_msg[0])
        y += ui_label(f, l.x, y, lw, app->admin_msg, fs, t->accent, UI_ALIGN_LEFT) + ui_px(f, 8);
    if (app->n_invalid) {
        y += ui_px(f, 8);
        y += ui_label(f, l.x, y, lw, ui_app_str(app, UI_S_ADMIN_PROBLEMS), fs, t->danger, UI_ALIGN_LEFT);
        int max_h = f->height - ui_px(f, 20) - y;
        if (!wide) max_h = ui_line_height(ui_font(f, 26)) * 6;
        y += ui_label_clipped(f, l.x, y, lw, max_h, app->problems.data ? app->problems.data : "",
                              ui_font(f, 26), t->danger) + ui_px(f, 8);
    }

    /* Right (or below): questionnaires, export, close, quit. */
    int ry = wide ? ui_px(f, 40) : y + ui_px(f, 20);
    int bh = ui_px(f, 84), bgap = ui_px(f, 14);
    if (bh < ui_min_button(f)) bh = ui_min_button(f); /* the layout rule (ui_widget.h) */
    ry += ui_label(f, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_SURVEYS), fs, t->text, UI_ALIGN_LEFT) +
          ui_px(f, 8);
    for (int i = 0; i < app->n_surveys; i++) {
        const survey_t *s = app->surveys[i];
        char label[600];
        snprintf(label, sizeof label, "%s (%s)", ui_app_text(app, &s->title), s->id);
        ui_button(f, A_SURVEY, i, (ui_rect_t){rx, ry, rw, bh}, label, bfs,
                  app->active[i] ? UI_BTN_SELECTED : 0);
        ry += bh + bgap;
    }
    ry += ui_px(f, 10);
    ry += ui_label(f, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_EXPORT), fs, t->text, UI_ALIGN_LEFT) +
          ui_px(f, 8);
    if (app->n_export_targets == 0) {
        ry += ui_label(f, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_NO_TARGET), fs, t->danger,
                       UI_ALIGN_LEFT) + ui_px(f, 8);
    }
    for (int i = 0; i < app->n_export_targets; i++) {
        ui_button(f, A_EXPORT, i, (ui_rect_t){rx, ry, rw, bh}, app->export_targets[i], bfs, 0);
        ry += bh + bgap;
    }
    int half_w = (rw - bgap) / 2;
    ui_button(f, A_FULL, 0, (ui_rect_t){rx, ry, half_w, bh}, ui_app_str(app, UI_S_ADMIN_EXPORT_FULL), bfs,
              app->export_full ? UI_BTN_SELECTED : 0);
    ui_button(f, A_RESCAN, 0, (ui_rect_t){rx + half_w + bgap, ry, rw - half_w - bgap, bh},
              ui_app_str(app, UI_S_ADMIN_RESCAN), bfs, 0);
    ry += bh + bgap;
    int by = f->height - ui_px(f, 30) - bh;
    if (by < ry + bgap) by = ry + bgap;
    int half = (rw - bgap) / 2;
    ui_button(f, A_CLOSE, 0, (ui_rect_t){rx, by, half, bh}, ui_app_str(app, UI_S_ADMIN_CLOSE), bfs,
              UI_BTN_PRIMARY);
    ui_button(f, A_QUIT, 0, (ui_rect_t){rx + half + bgap, by, rw - half - bgap, bh},
              ui_app_str(app, UI_S_QUIT), bfs, UI_BTN_DANGER);
}

const ui_screen_t screen_admin = {
    .name = "admin",
    .idle_watch = false,
    .enter = admin_enter,
    .event = admin_event,
    .update = admin_update,
    .draw = admin_draw,
};
