/* admin.c - the administrator's screen, always in Chinese and normal text
 * size: counts (today, total, by role, abandoned), the kiosk id, key
 * fingerprint and school, a county pack found on a USB stick (trust and
 * install), which questionnaires are active, export to a USB stick or the
 * export directory (导出新答卷 / 导出全部), school settings, PIN change,
 * and Quit (asks first). */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle.h"

enum { A_ACCESS = 50 };
enum { A_SURVEY = 1, A_TARGET, A_EXPORT_NEW, A_EXPORT_ALL, A_RESCAN, A_CLOSE, A_QUIT, A_QUIT_YES, A_QUIT_NO,
       A_SETUP, A_PIN, A_PACK, A_SALVAGE };

#define ADMIN_TIMEOUT_MS 300000

static void refresh(ui_app_t *app)
{
    jh_err_t err;
    app->counts_ok = app->store && store_counts(app->store, app->now_ms, &app->counts, &err) == JH_OK;
    ui_app_scan_exports(app);
}

static void admin_enter(ui_app_t *app)
{
    app->export_full = false;
    app->confirm_quit = false;
    app->countdown_ms = ADMIN_TIMEOUT_MS;
    app->wake_ms = ADMIN_TIMEOUT_MS;
    refresh(app);
}

static void admin_leave(ui_app_t *app)
{
    app->confirm_quit = false;
}

static void close_admin(ui_app_t *app)
{
    app->admin_msg[0] = 0;
    if (app->has_draft)
        ui_app_finish(app, STORE_ABANDONED); /* goes to the welcome screen */
    else {
        ui_app_reset_person(app);
        ui_app_goto(app, &screen_welcome);
    }
}

/* Chinese words for what went wrong and what to do; the English detail
 * follows in small print. */
static ui_str_id_t export_error(jh_status_t s, const char *msg)
{
    switch (s) {
    case JH_ERR_NOTFOUND: return UI_S_ERR_NOT_FOUND;
    case JH_ERR_FULL: return UI_S_ERR_FULL;
    case JH_ERR_READONLY: return UI_S_ERR_READONLY;
    case JH_ERR_INVALID: return strstr(msg, "not a folder") ? UI_S_ERR_NOT_DIR : UI_S_ERR_NO_SCHOOL;
    default: return UI_S_ERR_EXPORT_IO;
    }
}

static void do_export(ui_app_t *app, bool full)
{
    if (!app->store || app->export_sel >= app->n_export_targets) return;
    const char *dir = app->export_targets[app->export_sel];
    bundle_export_info_t info;
    jh_err_t err;
    memset(&info, 0, sizeof info);
    jh_status_t s = bundle_export(app->store, dir, full, app->now_ms, &info, &err);
    if (s != JH_OK) {
        char detail[1000];
        snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), err.msg);
        snprintf(app->admin_msg, sizeof app->admin_msg, "%s\n%s", ui_app_str(app, export_error(s, err.msg)),
                 detail);
        app->admin_msg_kind = 2;
    } else if (info.n_responses == 0) {
        snprintf(app->admin_msg, sizeof app->admin_msg, "%s",
                 ui_app_str(app, full ? UI_S_ADMIN_EXPORT_EMPTY : UI_S_ADMIN_EXPORT_NONE));
        app->admin_msg_kind = 0;
    } else {
        /* bundle_export has flushed the files and the folder to the stick
         * (fsync) before it returns: it can be pulled out now. */
        char where[700];
        snprintf(where, sizeof where, ui_app_str(app, UI_S_ADMIN_EXPORT_WHERE), dir);
        int n = snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ADMIN_EXPORT_DONE),
                         (long long)info.n_responses);
        if (n > 0 && (size_t)n < sizeof app->admin_msg)
            snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n%s", where);
        app->admin_msg_kind = 1;
    }
    jh_err_t e2;
    app->counts_ok = store_counts(app->store, app->now_ms, &app->counts, &e2) == JH_OK;
}

static void admin_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    app->countdown_ms = ADMIN_TIMEOUT_MS;
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            if (app->confirm_quit) app->confirm_quit = false;
            else close_admin(app);
            app->dirty = true;
        }
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
    case A_TARGET:
        if (hit->arg >= 0 && hit->arg < app->n_export_targets) app->export_sel = hit->arg;
        break;
    case A_EXPORT_NEW:
        do_export(app, false);
        break;
    case A_EXPORT_ALL:
        do_export(app, true);
        break;
    case A_RESCAN:
        app->admin_msg[0] = 0;
        refresh(app); /* a stick plugged in after the screen opened */
        break;
    case A_PACK:
        ui_app_install_pack(app, true);
        break;
    case A_SALVAGE:
        ui_app_salvage(app);
        break;
    case A_SETUP:
        app->admin_msg[0] = 0;
        app->setup_first = false;
        ui_app_goto(app, &screen_setup);
        break;
    case A_ACCESS:
        app->admin_msg[0] = 0;
        ui_app_goto(app, &screen_access);
        break;
    case A_PIN:
        app->admin_msg[0] = 0;
        app->pin_change = true;
        ui_app_goto(app, &screen_pin);
        break;
    case A_CLOSE:
        close_admin(app);
        break;
    case A_QUIT:
        app->confirm_quit = true;
        break;
    case A_QUIT_NO:
        app->confirm_quit = false;
        break;
    case A_QUIT_YES:
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

static char *setting(ui_app_t *app, const char *key)
{
    char *v = app->store ? store_setting_get(app->store, key) : NULL;
    if (!v) v = jh_strdup("");
    return v;
}

static void draw_confirm_quit(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1200);
    int y = f->height / 4;
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_ADMIN_QUIT_ASK), ui_font(f, 44), t->text, UI_ALIGN_CENTER);
    int bh = ui_px(f, 110), gap = ui_px(f, 30);
    int bw = (l.w - gap) / 2;
    if (bw > ui_px(f, 480)) bw = ui_px(f, 480);
    int x0 = (f->width - 2 * bw - gap) / 2;
    y += ui_px(f, 60);
    ui_button(f, A_QUIT_NO, 0, (ui_rect_t){x0, y, bw, bh}, ui_app_str(app, UI_S_CANCEL), ui_font(f, 44),
              UI_BTN_PRIMARY);
    ui_button(f, A_QUIT_YES, 0, (ui_rect_t){x0 + bw + gap, y, bw, bh}, ui_app_str(app, UI_S_ADMIN_QUIT_YES),
              ui_font(f, 44), UI_BTN_DANGER);
}

static void admin_draw(ui_app_t *app, ui_frame_t *f)
{
    if (app->confirm_quit) {
        draw_confirm_quit(app, f);
        return;
    }
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1800);
    bool wide = f->width > f->height;
    int gap = ui_px(f, 40);
    int lw = wide ? (l.w - gap) * 11 / 20 : l.w;
    int rx = wide ? l.x + lw + gap : l.x, rw = wide ? l.w - lw - gap : l.w;
    int fs = ui_font(f, 30), bfs = ui_font(f, 32), small = ui_font(f, 24);
    int y = ui_px(f, 24);
    y += ui_label(f, l.x, y, lw, ui_app_str(app, UI_S_ADMIN_TITLE), ui_font(f, 48), t->text, UI_ALIGN_LEFT) +
         ui_px(f, 12);

    /* Left: what the kiosk holds and who it is. */
    char line[1400];
    if (app->counts_ok) {
        const store_counts_t *c = &app->counts;
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_COUNTS), (long long)c->today,
                 (long long)c->submitted, (long long)c->abandoned, (long long)c->total);
        y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 6);
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
        y += ui_label(f, l.x, y, lw, b.data, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 6);
        jh_buf_free(&b);
    }
    if (app->store) {
        char *id = setting(app, "kiosk_id");
        char fp[64];
        store_key_fingerprint(app->store, fp);
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_KIOSK), *id ? id : "-", fp);
        free(id);
        y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 6);
        if (ui_app_school_set(app)) {
            char *name = setting(app, "school_name"), *code = setting(app, "school_code"),
                 *level = setting(app, "school_level"), *loc = setting(app, "locality"),
                 *county = setting(app, "county_code");
            /* An unset field says which: 学段未设置 rather than a bare dash. */
            char nl[64], nv[64], nc[64];
            snprintf(nl, sizeof nl, "%s%s", ui_app_str(app, UI_S_SETUP_LEVEL), ui_app_str(app, UI_S_SETUP_UNSET_VALUE));
            snprintf(nv, sizeof nv, "%s%s", ui_app_str(app, UI_S_SETUP_LOCALITY),
                     ui_app_str(app, UI_S_SETUP_UNSET_VALUE));
            snprintf(nc, sizeof nc, "%s", ui_app_str(app, UI_S_SETUP_UNSET_VALUE));
            snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_SCHOOL), *name ? name : nc, code,
                     *level ? ui_app_level_text(app, level) : nl, *loc ? ui_app_locality_text(app, loc) : nv,
                     *county ? county : nc);
            free(name);
            free(code);
            free(level);
            free(loc);
            free(county);
            y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 6);
        } else {
            y += ui_label(f, l.x, y, lw, ui_app_str(app, UI_S_ADMIN_UNSET), fs, t->danger, UI_ALIGN_LEFT) +
                 ui_px(f, 6);
        }
    }
    if (app->admin_msg[0])
        y += ui_label(f, l.x, y + ui_px(f, 6), lw, app->admin_msg, ui_font(f, 34),
                      app->admin_msg_kind == 2 ? t->danger : t->accent, UI_ALIGN_LEFT) +
             ui_px(f, 14);
    int bh = ui_px(f, 76), bgap = ui_px(f, 12);
    if (bh < ui_min_button(f)) bh = ui_min_button(f); /* the layout rule (ui_widget.h) */
    /* A county pack on the stick. */
    if (app->found_pack_state != UI_PACK_NONE) {
        y += ui_px(f, 6);
        const pack_t *p = app->found_pack;
        switch (app->found_pack_state) {
        case UI_PACK_NEW_KEY:
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_NEW), p->fingerprint);
            y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
            ui_button(f, A_PACK, 0, (ui_rect_t){l.x, y, lw, bh}, ui_app_str(app, UI_S_PACK_TRUST), bfs, 0);
            y += bh + bgap;
            break;
        case UI_PACK_READY:
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_READY), p->n_schools, p->n_surveys);
            y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
            ui_button(f, A_PACK, 0, (ui_rect_t){l.x, y, lw, bh}, ui_app_str(app, UI_S_PACK_INSTALL), bfs, 0);
            y += bh + bgap;
            break;
        case UI_PACK_OTHER_KEY:
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_OTHER_KEY), p->fingerprint);
            y += ui_label(f, l.x, y, lw, line, fs, t->danger, UI_ALIGN_LEFT) + ui_px(f, 8);
            break;
        default:
            y += ui_label(f, l.x, y, lw, ui_app_str(app, UI_S_PACK_BAD), fs, t->danger, UI_ALIGN_LEFT) +
                 ui_px(f, 8);
        }
    }
    /* Damaged databases moved aside: their readable answers can be saved. */
    if (app->n_damaged > 0 && app->n_export_targets > 0) {
        y += ui_px(f, 6);
        snprintf(line, sizeof line, ui_app_str(app, UI_S_SALVAGE_FOUND), app->n_damaged);
        y += ui_label(f, l.x, y, lw, line, fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 8);
        ui_button(f, A_SALVAGE, 0, (ui_rect_t){l.x, y, lw, bh}, ui_app_str(app, UI_S_SALVAGE_BUTTON), bfs, 0);
        y += bh + bgap;
    }
    if (app->n_invalid) {
        y += ui_px(f, 8);
        y += ui_label(f, l.x, y, lw, ui_app_str(app, UI_S_ADMIN_PROBLEMS), fs, t->danger, UI_ALIGN_LEFT);
        int max_h = f->height - ui_px(f, 20) - y;
        if (!wide) max_h = ui_line_height(small) * 4;
        if (max_h > 0)
            y += ui_label_clipped(f, l.x, y, lw, max_h, app->problems.data ? app->problems.data : "", small,
                                  t->danger) + ui_px(f, 8);
    }

    /* Right (or below): questionnaires, export, settings, close, quit. */
    int ry = wide ? ui_px(f, 30) : y + ui_px(f, 16);
    ry += ui_label(f, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_SURVEYS), fs, t->text, UI_ALIGN_LEFT) + ui_px(f, 6);
    for (int i = 0; i < app->n_surveys; i++) {
        const survey_t *s = app->surveys[i];
        ui_button(f, A_SURVEY, i, (ui_rect_t){rx, ry, rw, bh}, ui_app_text(app, &s->title), bfs,
                  app->active[i] ? UI_BTN_SELECTED : 0);
        ry += bh + bgap;
    }
    ry += ui_px(f, 6);
    int half = (rw - bgap) / 2;
    if (app->n_export_targets == 0) {
        ry += ui_label(f, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_NO_TARGET), fs, t->danger, UI_ALIGN_LEFT) +
              ui_px(f, 6);
    } else {
        ry += ui_label(f, rx, ry, rw,
                       ui_app_str(app, app->n_export_targets > 1 ? UI_S_ADMIN_TARGET_PICK : UI_S_ADMIN_EXPORT), fs,
                       t->text, UI_ALIGN_LEFT) + ui_px(f, 6);
        if (app->n_export_targets > 1) {
            for (int i = 0; i < app->n_export_targets; i++) {
                ui_button(f, A_TARGET, i, (ui_rect_t){rx, ry, rw, bh}, app->export_targets[i], ui_font(f, 26),
                          i == app->export_sel ? UI_BTN_SELECTED : 0);
                ry += bh + bgap;
            }
        } else {
            ry += ui_label(f, rx, ry, rw, app->export_targets[0], ui_font(f, 26), t->muted, UI_ALIGN_LEFT) +
                  ui_px(f, 8);
        }
        ui_button(f, A_EXPORT_NEW, 0, (ui_rect_t){rx, ry, half, bh}, ui_app_str(app, UI_S_ADMIN_EXPORT_NEW), bfs,
                  UI_BTN_PRIMARY);
        ui_button(f, A_EXPORT_ALL, 0, (ui_rect_t){rx + half + bgap, ry, rw - half - bgap, bh},
                  ui_app_str(app, UI_S_ADMIN_EXPORT_FULL), bfs, 0);
        ry += bh + bgap;
    }
    ui_button(f, A_RESCAN, 0, (ui_rect_t){rx, ry, rw, bh}, ui_app_str(app, UI_S_ADMIN_RESCAN), bfs, UI_BTN_QUIET);
    ry += bh + bgap + ui_px(f, 6);
    ui_button(f, A_SETUP, 0, (ui_rect_t){rx, ry, half, bh}, ui_app_str(app, UI_S_ADMIN_SETUP), bfs, 0);
    ui_button(f, A_PIN, 0, (ui_rect_t){rx + half + bgap, ry, rw - half - bgap, bh},
              ui_app_str(app, UI_S_ADMIN_PIN_CHANGE), bfs, 0);
    ry += bh + bgap;
    /* Issue 14: theme, read-aloud, volume (screens/access.c). */
    ui_button(f, A_ACCESS, 0, (ui_rect_t){rx, ry, rw, bh}, ui_app_str(app, UI_S_ACCESS_BUTTON), bfs, 0);
    ry += bh + bgap;
    int by = f->height - ui_px(f, 24) - bh;
    if (by < ry + bgap) by = ry + bgap;
    ui_button(f, A_CLOSE, 0, (ui_rect_t){rx, by, half, bh}, ui_app_str(app, UI_S_ADMIN_CLOSE), bfs, UI_BTN_PRIMARY);
    ui_button(f, A_QUIT, 0, (ui_rect_t){rx + half + bgap, by, rw - half - bgap, bh}, ui_app_str(app, UI_S_QUIT),
              bfs, UI_BTN_DANGER);
}

const ui_screen_t screen_admin = {
    .name = "admin",
    .idle_watch = false,
    .admin = true,
    .enter = admin_enter,
    .leave = admin_leave,
    .event = admin_event,
    .update = admin_update,
    .draw = admin_draw,
};
