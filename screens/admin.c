/* admin.c - the administrator's screen, always in Chinese and normal text
 * size: counts (today, total, abandoned), the sample against the sampling
 * rules (parents, target, respondents' localities, valid share; issue 18),
 * the kiosk id, key
 * fingerprint and school, a county pack found on a USB stick (trust and
 * install), which questionnaires are active, export to a USB stick or the
 * export directory (导出新答卷 / 导出全部: 正在导出 is shown before the
 * export starts; with two or more targets one must be chosen first),
 * school settings, PIN change, and Quit (asks first). */
#include "screens.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "bundle.h"

enum { A_ACCESS = 50 };
enum { A_SURVEY = 1, A_TARGET, A_EXPORT_NEW, A_EXPORT_ALL, A_RESCAN, A_CLOSE, A_QUIT, A_QUIT_YES, A_QUIT_NO,
       A_SETUP, A_PIN, A_PACK, A_SALVAGE, A_FORGET, A_FORGET_YES, A_FORGET_NO, A_NOTES, A_NOTES_BACK,
       A_HOWTO, A_HOWTO_BACK };

#define ADMIN_TIMEOUT_MS 300000

/* Below this much free space on the database's disk the admin screen warns
 * (what --self-check warns below: selfcheck.c's SC_DISK_WARN). */
#define ADMIN_DISK_WARN (200LL << 20)

/* Bytes free on the disk holding the kiosk's database, or -1. */

/* The admin screen's text size for design size d: larger in large text
 * (大字模式, like every other screen; the admin screen is laid out at the
 * normal size) and never under ADMIN_MIN_TEXT_PX, nor 3 mm where the
 * screen's size is known: its small print was 11 px at 800x480, 2 mm on a
 * 7" panel (review rscreen7 item 5).  What does not fit then goes to
 * 全部提示 rather than shrinking. */
#define ADMIN_MIN_TEXT_PX 14
/* false while the admin screen is laid out at the normal size in large text
 * (its column did not fit the screen even with every note in one line) */
static bool admin_grow = true;
static int afont(const ui_app_t *app, const ui_frame_t *f, int d)
{
    int s = ui_font(f, d);
    if (app->large_text && admin_grow) s = s * UI_LARGE_TEXT_PCT / 100;
    int floor = f->px_per_cm * 3 / 10;
    if (floor < ADMIN_MIN_TEXT_PX) floor = ADMIN_MIN_TEXT_PX;
    return s > floor ? s : floor;
}

static int64_t db_disk_free(const ui_app_t *app)
{
    if (!app->store) return -1;
    char *dir = jh_strdup(store_path(app->store)), *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    struct statvfs vs;
    int64_t n = statvfs(slash ? (dir[0] ? dir : "/") : ".", &vs) == 0 ? (int64_t)vs.f_bavail * (int64_t)vs.f_frsize
                                                                     : -1;
    free(dir);
    return n;
}

static void refresh(ui_app_t *app)
{
    jh_err_t err;
    app->disk_free_bytes = db_disk_free(app);
    app->counts_ok = app->store && store_counts(app->store, app->now_ms, &app->counts, &err) == JH_OK;
    app->sample_ok = app->store && store_sample(app->store, &app->sample, &err) == JH_OK;
    ui_app_scan_exports(app);
    /* which input modes are off: opens the engines (once), so here and
     * not in the draw (the first pinyin load can take seconds) */
    if (app->panel) ui_panel_check_data(app->panel);
}

static void admin_enter(ui_app_t *app)
{
    app->export_full = false;
    app->export_pending = 0;
    app->confirm_quit = false;
    app->confirm_forget = false;
    app->admin_notes = false;
    app->admin_howto = false;
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
 * follows in small print.  An invalid export is a target that is not a
 * folder or a kiosk without its school: told apart by the target itself,
 * not by the message's words (they are translated since the kiosk binds
 * the catalog). */
static ui_str_id_t export_error(jh_status_t s, const char *dir, int target_lost)
{
    struct stat sb;
    struct statvfs vs;
    /* The stick gone before anything was written, or while it was (review
     * rusb4, items 1 and 5): plug it in and look again, not "another one". */
    if (target_lost == 1) return UI_S_ERR_STICK_GONE;
    if (target_lost == 2) return UI_S_ERR_STICK_PULLED;
    switch (s) {
    case JH_ERR_NOTFOUND: return UI_S_ERR_NOT_FOUND;
    case JH_ERR_FULL: return UI_S_ERR_FULL;
    case JH_ERR_READONLY:
        /* EROFS (a write-protected or read-only stick) or EACCES/EPERM (a
         * folder the kiosk's user may not write, review rusb4, item 8):
         * told apart by the mount, as jh_status_from_errno does not. */
        return statvfs(dir, &vs) == 0 && !(vs.f_flag & ST_RDONLY) ? UI_S_ERR_NO_PERMISSION : UI_S_ERR_READONLY;
    case JH_ERR_NOMEM: return UI_S_ERR_EXPORT_NOMEM;
    case JH_ERR_INVALID:
        return stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode) ? UI_S_ERR_NOT_DIR : UI_S_ERR_NO_SCHOOL;
    default: return UI_S_ERR_EXPORT_IO;
    }
}

/* Asks for an export: the screen first shows 正在导出 (a frame is drawn),
 * then admin_update runs it; an export to a slow stick takes seconds and
 * the administrator must not pull the stick meanwhile. */
static void ask_export(ui_app_t *app, bool full)
{
    if (!app->store) return;
    if (app->export_sel < 0 || app->export_sel >= app->n_export_targets) {
        if (app->n_export_targets > 1) {
            snprintf(app->admin_msg, sizeof app->admin_msg, "%s", ui_app_str(app, UI_S_ADMIN_TARGET_FIRST));
            app->admin_msg_kind = 2;
        }
        return;
    }
    app->export_pending = 1 + full;
    app->export_shown = false;
    app->export_wait_ms = 0;
    snprintf(app->admin_msg, sizeof app->admin_msg, "%s", ui_app_str(app, UI_S_ADMIN_EXPORTING));
    app->admin_msg_kind = 0;
    app->wake_ms = 1; /* the frame is drawn, then admin_update runs the export */
}

static void do_export(ui_app_t *app, bool full)
{
    if (!app->store || app->export_sel < 0 || app->export_sel >= app->n_export_targets) return;
    const char *dir = app->export_targets[app->export_sel];
    bundle_export_info_t info;
    jh_err_t err;
    memset(&info, 0, sizeof info);
    /* (a replaced key's note goes with this export: bundle_export) */
    char *replaced = store_setting_get(app->store, "key_replaced");
    /* Asked again just before it writes and before it records: still the
     * stick the scan found (review rusb4, item 1). */
    jh_status_t s = bundle_export_checked(app->store, dir, full, app->now_ms, ui_app_export_target_check, app, &info,
                                          &err);
    char now_day[16];
    if (s == JH_ERR_CORRUPT && info.n_altered > 0) {
        /* Answers changed in the database after they were saved never
         * leave the kiosk; everything else still can (a salvaged bundle),
         * and the clerk is told which ones, to tell the bureau. */
        char seqs[200] = "";
        size_t m = 0;
        for (int i = 0; i < info.n_altered && i < 8 && m < sizeof seqs; i++)
            m += (size_t)snprintf(seqs + m, sizeof seqs - m, "%s%lld", i ? ", " : "", (long long)info.altered_seq[i]);
        if (info.n_altered > 8 && m < sizeof seqs) snprintf(seqs + m, sizeof seqs - m, ", ...");
        char detail[1000];
        snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), err.msg);
        bundle_salvage_info_t sv;
        jh_err_t e2;
        memset(&sv, 0, sizeof sv);
        jh_status_t s2 =
            bundle_export_intact_checked(app->store, dir, app->now_ms, ui_app_export_target_check, app, &sv, &e2);
        int n = 0;
        if (s2 == JH_OK && sv.n_responses > 0) {
            n = snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ADMIN_EXPORT_ALTERED),
                         info.n_altered, seqs, (long long)sv.n_responses);
        } else if (s2 == JH_OK) {
            /* Every answer is one of the altered ones: nothing else failed. */
            n = snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ADMIN_EXPORT_ALTERED_ALL),
                         info.n_altered, seqs);
        } else {
            n = snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ADMIN_EXPORT_ALTERED_ONLY),
                         info.n_altered, seqs);
            snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), e2.msg);
        }
        if (s2 == JH_OK && sv.n_responses > 0 && !sv.recorded && n > 0 && (size_t)n < sizeof app->admin_msg)
            n += snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n%s",
                          ui_app_str(app, UI_S_ADMIN_EXPORT_UNRECORDED));
        if (n > 0 && (size_t)n < sizeof app->admin_msg)
            snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n%s", detail);
        app->admin_msg_kind = 2;
    } else if (s != JH_OK && ui_app_clock_ahead(app, now_day)) {
        /* (the export refused for the clock: bundle_export) */
        snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_ERR_CLOCK_AHEAD), now_day);
        app->admin_msg_kind = 2;
    } else if (s != JH_OK) {
        char detail[1000];
        snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), err.msg);
        snprintf(app->admin_msg, sizeof app->admin_msg, "%s\n%s", ui_app_str(app, export_error(s, dir, info.target_lost)),
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
        if (replaced && info.recorded) {
            /* The first bundle of a replaced key: the note on the admin
             * screen goes now (bundle_export), so what to tell the bureau
             * is said here, as the stick leaves the kiosk; in the place of
             * the folder's line (a small screen has no room for both beside
             * the other notes). */
            char *kid = store_setting_get(app->store, "kiosk_id"), fp[64];
            store_key_fingerprint(app->store, fp);
            if (n > 0 && (size_t)n < sizeof app->admin_msg)
                n += snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n");
            if (n > 0 && (size_t)n < sizeof app->admin_msg)
                n += snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n,
                              ui_app_str(app, UI_S_ADMIN_EXPORT_NEW_KEY), kid ? kid : "-", fp);
            free(kid);
        } else if (n > 0 && (size_t)n < sizeof app->admin_msg) {
            n += snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n%s", where);
        }
        app->admin_msg_kind = 1;
        if (info.backup_left_out && n > 0 && (size_t)n < sizeof app->admin_msg) {
            /* The bundle went out without the database backup: no room for
             * it (docs/bundle-format.md); say where and how much. */
            char need[32], have[32];
            snprintf(need, sizeof need, "%.1f MB", (double)info.backup_need_bytes / 1048576.0);
            snprintf(have, sizeof have, "%.1f MB", (double)info.backup_free_bytes / 1048576.0);
            n += snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n");
            if ((size_t)n < sizeof app->admin_msg)
                n += snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n,
                              ui_app_str(app, info.backup_left_out == 1 ? UI_S_ADMIN_EXPORT_NO_BACKUP_STICK
                                                                        : UI_S_ADMIN_EXPORT_NO_BACKUP_KIOSK),
                              have, need);
            app->admin_msg_kind = 2;
        }
        if (!info.recorded && n > 0 && (size_t)n < sizeof app->admin_msg) {
            /* The files are on the stick, but the kiosk's own disk refused
             * the record (docs/bundle-format.md): say what follows. */
            char detail[700];
            snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), info.warning);
            snprintf(app->admin_msg + n, sizeof app->admin_msg - (size_t)n, "\n%s\n%s",
                     ui_app_str(app, UI_S_ADMIN_EXPORT_UNRECORDED), detail);
            app->admin_msg_kind = 2;
        }
    }
    free(replaced);
    jh_err_t e2;
    app->counts_ok = store_counts(app->store, app->now_ms, &app->counts, &e2) == JH_OK;
    app->sample_ok = store_sample(app->store, &app->sample, &e2) == JH_OK;
}

static void admin_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    app->countdown_ms = ADMIN_TIMEOUT_MS;
    if (!hit) {
        if (in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE) {
            if (app->confirm_quit) app->confirm_quit = false;
            else if (app->admin_howto) app->admin_howto = false;
            else if (app->admin_notes) app->admin_notes = false;
            else close_admin(app);
            app->dirty = true;
        }
        return;
    }
    app->dirty = true;
    if (hit->id != A_FORGET && hit->id != A_FORGET_YES) app->confirm_forget = false;
    switch (hit->id) {
    case A_NOTES:
        app->admin_notes = true;
        break;
    case A_NOTES_BACK:
        app->admin_notes = false;
        break;
    case A_HOWTO:
        app->admin_howto = true;
        break;
    case A_HOWTO_BACK:
        app->admin_howto = false;
        break;
    case A_FORGET:
        app->confirm_forget = !ui_app_forget_refused(app);
        break;
    case A_FORGET_YES:
        if (app->confirm_forget) ui_app_forget_bureau_key(app);
        break;
    case A_FORGET_NO:
        break;
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
        ask_export(app, false);
        break;
    case A_EXPORT_ALL:
        ask_export(app, true);
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

/* How long an export waits for the 正在导出 frame at most (a host that
 * never draws, such as a replay without an expect: it runs anyway). */
#define EXPORT_FRAME_WAIT_MS 200

static void admin_update(ui_app_t *app, int64_t dt_ms)
{
    if (app->export_pending) {
        app->export_wait_ms += dt_ms;
        if (app->export_shown || app->export_wait_ms >= EXPORT_FRAME_WAIT_MS) {
            bool full = app->export_pending == 2;
            app->export_pending = 0;
            do_export(app, full);
            app->countdown_ms = ADMIN_TIMEOUT_MS; /* the export's own time does not count */
            app->dirty = true;
            /* The buttons come back in place: for the input guard this is
             * a new screen, so taps made while the export ran (queued,
             * begun before the result was presented) are dropped. */
            ui_app_mark_shown(app);
        } else {
            app->wake_ms = EXPORT_FRAME_WAIT_MS - app->export_wait_ms;
            return;
        }
    }
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

/* What the bureau asks of this school: the setting sample_target, else the
 * target the county pack gives this school; the county's locality shares
 * from the pack (docs/kiosk.md, "The sample"). */
static store_sample_goal_t sample_goal(ui_app_t *app)
{
    store_sample_goal_t g;
    memset(&g, 0, sizeof g);
    char *v = setting(app, "sample_target");
    if (*v) g.target = strtoll(v, NULL, 10);
    free(v);
    if (app->pack) {
        char *code = setting(app, "school_code");
        const pack_school_t *ps = pack_school_find(app->pack, code);
        if (!g.target && ps) g.target = ps->sample_target;
        free(code);
        for (int l = 0; l < 3; l++) g.locality_permille[l] = app->pack->locality_permille[l];
    }
    return g;
}

/* A role's name as its questionnaire's role button says it. */
static const char *role_label(ui_app_t *app, const char *role)
{
    for (int k = 0; k < app->n_surveys; k++)
        if (!strcmp(app->surveys[k]->audience, role)) return ui_app_text(app, &app->surveys[k]->audience_label);
    /* no loaded questionnaire names it (its file moved away): the usual
     * roles by name, not by code (review r2quest3 item 1) */
    static const char *const codes[] = {"student", "parent", "teacher", "public"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(role, codes[i])) return ui_app_str(app, (ui_str_id_t)(UI_S_ROLE_CODE_STUDENT + i));
    return role;
}

/* A share as a whole per cent, rounded down where it is held against a
 * minimum (69.9 % must not read as 70 %). */
static int pct_floor(double share)
{
    return isnan(share) ? 0 : (int)floor(share * 100.0 + 1e-9);
}

/* A left-aligned label, or only its height when dry (the admin screen
 * measures its left column before drawing it: the height budget). */
static int put(ui_frame_t *f, bool dry, int x, int y, int w, const char *text, int size, ui_color_t c)
{
    return dry ? ui_text_height(f, text, size, w) : ui_label(f, x, y, w, text, size, c, UI_ALIGN_LEFT);
}

/* As put, or, terse, only as much of text as one line holds, then "…"
 * (the height budget's last resort: a note that would push a button off
 * the screen keeps its first words). */
static int put_terse(ui_frame_t *f, bool dry, bool terse, int x, int y, int w, const char *text, int size,
                     ui_color_t c)
{
    if (!terse) return put(f, dry, x, y, w, text, size, c);
    char *one = ui_fit_line(f, text, strlen(text), size, w, UI_FIT_HEAD);
    int h = put(f, dry, x, y, w, one, size, c);
    free(one);
    return h;
}

/* Which pack file is offered and its county, and, when the stick holds
 * several, which one and why (review r2kiosk9, F6: the newest was offered
 * with nothing to tell it from another county's). */
static int put_pack_which(ui_app_t *app, ui_frame_t *f, bool dry, int x, int y, int w, int fs)
{
    const ui_theme_t *t = f->theme;
    char line[1600];
    int h = 0;
    snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_WHICH), app->found_pack_name,
             app->found_pack ? app->found_pack->county_code : "");
    h += put(f, dry, x, y + h, w, line, fs, t->text) + ui_px(f, 4);
    if (app->found_pack_count > 1) {
        snprintf(line, sizeof line,
                 ui_app_str(app, app->found_pack_named ? UI_S_PACK_SEVERAL_NAMED : UI_S_PACK_SEVERAL_NEWEST),
                 app->found_pack_count, app->found_pack_name);
        h += put(f, dry, x, y + h, w, line, fs, t->danger) + ui_px(f, 4);
    }
    return h;
}

/* How much of the sample block is shown: everything; without the
 * respondents' localities (three lines); only the headline and the valid
 * share (what the administrator must act on); nothing (the counts above
 * stay: a small screen with a pack, a message, questionnaire files with
 * problems and input modes without data).  The left column gives up
 * detail here when a pack or a message needs the room. */
enum { SAMPLE_FULL, SAMPLE_NO_LOCALITY, SAMPLE_HEADLINE, SAMPLE_HIDDEN };

/* The sample block: parents against the rule, the target, the roles, the
 * respondents' localities, the valid share, as much as level says.
 * Returns its height; dry: measures only. */
static int draw_sample(ui_app_t *app, ui_frame_t *f, int x, int y0, int w, int level, bool dry)
{
    const ui_theme_t *t = f->theme;
    const store_sample_t *s = &app->sample;
    store_sample_goal_t g = sample_goal(app);
    store_sample_check_t c = store_sample_check(s, &g);
    int big = afont(app, f, 36), fs = afont(app, f, 30), gap = ui_px(f, 6);
    int y = y0 + ui_px(f, 4);
    char line[600];
    y += put(f, dry, x, y, w, ui_app_str(app, UI_S_SAMPLE_TITLE), fs, t->muted) + gap;
    if (s->valid + s->not_valid + s->abandoned == 0) {
        y += put(f, dry, x, y, w, ui_app_str(app, UI_S_SAMPLE_NONE), big, t->text) + gap;
        return y - y0;
    }
    /* parents: the headline */
    if (c.own_valid == 0 && c.parents_needed == 0) {
        /* Only abandoned ones and no target: no parent is missing yet,
         * and "家长已 0 份，还差 0 份" in red said nothing true (rlook). */
        y += put(f, dry, x, y, w, ui_app_str(app, UI_S_SAMPLE_NO_VALID), big, t->text) + gap;
    } else if (c.parents_ok) {
        snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_PARENTS_OK), (long long)c.parents,
                 pct_floor(c.parent_share));
        y += put(f, dry, x, y, w, line, big, t->text) + gap;
    } else {
        int n = snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_PARENTS_NEED), (long long)c.parents,
                         (long long)c.parents_needed);
        if (n > 0 && (size_t)n < sizeof line)
            snprintf(line + n, sizeof line - (size_t)n, "%s", ui_app_str(app, UI_S_SAMPLE_PARENTS_RULE));
        y += put(f, dry, x, y, w, line, big, t->danger) + gap;
    }
    if (level < SAMPLE_HEADLINE) {
        /* the target */
        if (c.total_needed > 0)
            snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_TARGET_NEED), (long long)g.target,
                     (long long)c.own_valid, (long long)c.total_needed);
        else if (c.total_needed == 0)
            snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_TARGET_MET), (long long)g.target,
                     (long long)c.own_valid);
        else
            snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_NO_TARGET), (long long)c.own_valid);
        y += put(f, dry, x, y, w, line, fs, c.total_needed > 0 ? t->danger : t->text) + gap;
        /* every role */
        jh_buf_t b = {0};
        jh_buf_puts(&b, ui_app_str(app, UI_S_ADMIN_BY_ROLE));
        for (int i = 0; i < s->n_roles; i++)
            jh_buf_printf(&b, "%s%s %lld", i ? "，" : "", role_label(app, s->by_role[i].role),
                          (long long)s->by_role[i].valid);
        y += put(f, dry, x, y, w, b.data, fs, t->text) + gap;
        jh_buf_free(&b);
        /* the public's: the county's, not this school's sample (the
         * bureau's sample.by_school; review fstats9 item 3) */
        int64_t pub = s->valid - c.own_valid;
        if (pub > 0) {
            snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_PUBLIC), (long long)pub);
            y += put(f, dry, x, y, w, line, fs, t->muted) + gap;
        }
    }
    if (level < SAMPLE_NO_LOCALITY) {
        /* the respondents' localities, their shares beside the county's population shares */
        jh_buf_t b = {0};
        jh_buf_puts(&b, ui_app_str(app, UI_S_SAMPLE_LOCALITY));
        for (int l = STORE_LOC_URBAN; l <= STORE_LOC_RURAL; l++) {
            snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_LOC_ITEM),
                     ui_app_locality_text(app, store_loc_code((store_loc_t)l)), (long long)s->by_locality[l]);
            jh_buf_printf(&b, "%s%s", l ? "　" : "", line);
        }
        if (s->by_locality[STORE_LOC_UNKNOWN]) {
            snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_LOC_UNKNOWN),
                     (long long)s->by_locality[STORE_LOC_UNKNOWN]);
            jh_buf_printf(&b, "　%s", line);
        }
        y += put(f, dry, x, y, w, b.data, fs, t->text) + gap;
        jh_buf_free(&b);
        for (int k = 0; k < 2; k++) {
            int pm[3];
            for (int l = 0; l < 3; l++)
                pm[l] = k ? g.locality_permille[l]
                          : isnan(c.locality_share[l]) ? -1 : (int)lround(c.locality_share[l] * 1000.0);
            if (k ? pm[0] + pm[1] + pm[2] == 0 : pm[0] < 0) continue; /* no shares, no population given */
            b = (jh_buf_t){0};
            jh_buf_puts(&b, ui_app_str(app, k ? UI_S_SAMPLE_POPULATION : UI_S_SAMPLE_SHARES));
            for (int l = STORE_LOC_URBAN; l <= STORE_LOC_RURAL; l++) {
                snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_POP_ITEM),
                         ui_app_locality_text(app, store_loc_code((store_loc_t)l)), (pm[l] + 5) / 10);
                jh_buf_printf(&b, "%s%s", l ? "　" : "", line);
            }
            y += put(f, dry, x, y, w, b.data, fs, k ? t->muted : t->text) + gap;
            jh_buf_free(&b);
        }
    }
    /* completed against abandoned */
    /* valid, collected but not valid (the bureau's rule: every rated item
     * 不了解), abandoned: the same figures as the bureau's statistics */
    if (c.own_not_valid)
        snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_VALID_NOT), (long long)c.own_valid,
                 (long long)c.own_not_valid, (long long)c.own_abandoned, pct_floor(c.valid_share));
    else
        snprintf(line, sizeof line, ui_app_str(app, UI_S_SAMPLE_VALID), (long long)c.own_valid,
                 (long long)c.own_abandoned, pct_floor(c.valid_share));
    y += put(f, dry, x, y, w, line, fs, c.valid_ok ? t->text : t->danger) + gap;
    return y - y0;
}

/* While an export runs: only this, large, and no buttons to tap. */
static void draw_exporting(ui_app_t *app, ui_frame_t *f)
{
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1200);
    int y = f->height / 3;
    y += ui_label(f, l.x, y, l.w, ui_app_str(app, UI_S_ADMIN_EXPORTING), ui_font(f, 56), t->danger, UI_ALIGN_CENTER);
    if (app->export_sel >= 0 && app->export_sel < app->n_export_targets)
        ui_label(f, l.x, y + ui_px(f, 30), l.w, app->export_targets[app->export_sel], afont(app, f, 28), t->muted,
                 UI_ALIGN_CENTER);
    app->export_shown = true; /* admin_update may start the export now */
}

/* Who the kiosk is: its id and key, the school, answers lost.  Returns
 * the height; dry: measures only; terse: the notes on lost answers and a
 * replaced key in one line each. */
static int draw_identity(ui_app_t *app, ui_frame_t *f, int x, int y0, int w, bool terse, bool dry)
{
    const ui_theme_t *t = f->theme;
    int fs = afont(app, f, 30), y = y0;
    char line[1400];
    char *id = setting(app, "kiosk_id");
    char fp[64];
    store_key_fingerprint(app->store, fp);
    snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_KIOSK), *id ? id : "-", fp);
    free(id);
    y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 6);
    if (ui_app_school_set(app)) {
        char *name = setting(app, "school_name"), *code = setting(app, "school_code"),
             *level = setting(app, "school_level"), *loc = setting(app, "locality"),
             *county = setting(app, "county_code");
        /* An unset field says which: 学段未设置 rather than a bare dash. */
        char nl[64], nv[64], nc[64];
        snprintf(nl, sizeof nl, "%s%s", ui_app_str(app, UI_S_SETUP_LEVEL), ui_app_str(app, UI_S_SETUP_UNSET_VALUE));
        snprintf(nv, sizeof nv, "%s%s", ui_app_str(app, UI_S_SETUP_LOCALITY), ui_app_str(app, UI_S_SETUP_UNSET_VALUE));
        snprintf(nc, sizeof nc, "%s", ui_app_str(app, UI_S_SETUP_UNSET_VALUE));
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_SCHOOL), *name ? name : nc, code,
                 *level ? ui_app_level_text(app, level) : nl, *loc ? ui_app_locality_text(app, loc) : nv,
                 *county ? county : nc);
        free(name);
        free(code);
        free(level);
        free(loc);
        free(county);
        y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 6);
    } else {
        y += put(f, dry, x, y, w, ui_app_str(app, UI_S_ADMIN_UNSET), fs, t->danger) + ui_px(f, 6);
    }
    /* Answers once saved that the database no longer holds (review 13,
     * item 4): the clerk tells the bureau. */
    int64_t from[8], to[8];
    int nl = store_lost_ranges(app->store, from, to, 8);
    if (nl > 0) {
        char seqs[300] = "";
        size_t m = 0;
        for (int i = 0; i < nl && i < 8 && m < sizeof seqs; i++) {
            if (from[i] == to[i])
                m += (size_t)snprintf(seqs + m, sizeof seqs - m, "%s%lld", i ? ", " : "", (long long)from[i]);
            else
                m += (size_t)snprintf(seqs + m, sizeof seqs - m, "%s%lld-%lld", i ? ", " : "", (long long)from[i],
                                      (long long)to[i]);
        }
        /* the cause as found (review rrepair5, item 1: a damaged file was
         * called an older copy put back) */
        store_lost_cause_t why = store_lost_cause(app->store);
        snprintf(line, sizeof line,
                 ui_app_str(app, why == STORE_LOST_DAMAGED   ? UI_S_ADMIN_LOST_DAMAGED
                                 : why == STORE_LOST_MISSING ? UI_S_ADMIN_LOST_MISSING
                                                             : UI_S_ADMIN_LOST),
                 seqs);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    /* A new key made for a kiosk that had answers (its key file lost):
     * the bureau must accept it (review rseason). */
    char *replaced = setting(app, "key_replaced");
    if (*replaced) {
        char *kid = setting(app, "kiosk_id");
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_KEY_REPLACED), replaced, kid, fp);
        free(kid);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    free(replaced);
    /* kiosk.conf names another school than the one its answers belong to
     * (store_config_school_ignored; review r2kiosk). */
    const char *conf_school = app->store ? store_config_school_ignored(app->store) : NULL;
    if (conf_school) {
        char *school = setting(app, "school_code");
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_CONF_SCHOOL), conf_school, school, school);
        free(school);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    /* kiosk.conf: optional lines not taken, a kiosk_id line, a new id
     * (review rsite9, items 1 and 4). */
    const char *conf_bad = app->store ? store_config_ignored(app->store) : NULL;
    if (conf_bad) {
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_CONF_IGNORED), conf_bad);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    char *renamed = setting(app, "kiosk_renamed_from");
    if (*renamed) {
        char *kid = setting(app, "kiosk_id");
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_RENAMED), renamed, kid);
        free(kid);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    free(renamed);
    const char *conf_id = app->store ? store_config_kiosk_id(app->store) : NULL;
    if (conf_id) {
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_CONF_KIOSK_ID), conf_id);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    /* The kiosk's disk nearly full (review rsoak, item 4: only --self-check
     * said so): answers stop being saved when it is full. */
    if (app->disk_free_bytes >= 0 && app->disk_free_bytes < ADMIN_DISK_WARN) {
        char free_text[32];
        snprintf(free_text, sizeof free_text, "%.1f MB", (double)app->disk_free_bytes / 1048576.0);
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_DISK_LOW), free_text);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->danger) + ui_px(f, 6);
    }
    return y - y0;
}

/* What asks for the administrator: the last action's message, a county
 * pack on the stick, damaged databases, input modes without their data,
 * questionnaire files with problems.  The note on input modes is cut
 * after note_lines lines; terse: the message's technical detail and the
 * words over the salvage button in one line each.  Returns the height; dry: measures only (side by side, the list
 * of problems counts as one line: it is cut at the bottom of the screen). */
static int draw_attention(ui_app_t *app, ui_frame_t *f, int x, int y0, int w, int note_lines, bool terse,
                          bool dry)
{
    const ui_theme_t *t = f->theme;
    int fs = afont(app, f, 30), bfs = afont(app, f, 32), small = afont(app, f, 24), y = y0;
    int bh = ui_px(f, 76), bgap = ui_px(f, 12);
    if (bh < ui_min_button(f)) bh = ui_min_button(f); /* the layout rule (ui_widget.h) */
    char line[1400];
    if (app->admin_msg[0]) {
        /* What happened and what to do, then the technical detail in small
         * print (it is for the bureau's technician; set large, it pushed
         * the pack's instructions off a small screen). */
        ui_color_t c = app->admin_msg_kind == 2 ? t->danger : t->accent;
        const char *detail = ui_app_str(app, UI_S_ERR_DETAIL);
        size_t dn = strcspn(detail, "%");
        const char *d = app->admin_msg;
        while ((d = strchr(d, '\n')) && strncmp(d + 1, detail, dn)) d++;
        y += ui_px(f, 6);
        if (d) {
            char head[sizeof app->admin_msg];
            snprintf(head, sizeof head, "%.*s", (int)(d - app->admin_msg), app->admin_msg);
            y += put(f, dry, x, y, w, head, afont(app, f, 34), c);
            y += put_terse(f, dry, terse, x, y, w, d + 1, small, t->text);
        } else {
            y += put(f, dry, x, y, w, app->admin_msg, afont(app, f, 34), c);
        }
        y += ui_px(f, 14);
    }
    /* A county pack on the stick. */
    if (app->found_pack_state != UI_PACK_NONE) {
        y += ui_px(f, 6);
        const pack_t *p = app->found_pack;
        switch (app->found_pack_state) {
        case UI_PACK_NEW_KEY:
            y += put_pack_which(app, f, dry, x, y, w, fs);
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_NEW), p->fingerprint);
            y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 8);
            if (!dry) ui_button(f, A_PACK, 0, (ui_rect_t){x, y, w, bh}, ui_app_str(app, UI_S_PACK_TRUST), bfs, 0);
            y += bh + bgap;
            break;
        case UI_PACK_READY:
            y += put_pack_which(app, f, dry, x, y, w, fs);
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_READY), p->n_schools, p->n_surveys);
            y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 8);
            if (!dry) ui_button(f, A_PACK, 0, (ui_rect_t){x, y, w, bh}, ui_app_str(app, UI_S_PACK_INSTALL), bfs, 0);
            y += bh + bgap;
            break;
        case UI_PACK_INSTALLED:
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_INSTALLED), app->found_pack_made);
            y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 8);
            break;
        case UI_PACK_OTHER_KEY:
            if (app->forget_refused) {
                /* Exported since the key was trusted: a technician's
                 * kiosk.conf line, not this screen (review r2b, r5); one
                 * text, which does not offer to forget the key first. */
                snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_OTHER_KEY_TECH), p->fingerprint,
                         app->trusted_fingerprint, app->trusted_fingerprint);
                y += put(f, dry, x, y, w, line, fs, t->danger) + bgap;
            } else if (!app->confirm_forget) {
                snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_OTHER_KEY), p->fingerprint,
                         app->trusted_fingerprint);
                y += put(f, dry, x, y, w, line, fs, t->danger) + ui_px(f, 8);
                if (!dry)
                    ui_button(f, A_FORGET, 0, (ui_rect_t){x, y, w, bh}, ui_app_str(app, UI_S_PACK_FORGET), bfs, 0);
                y += bh + bgap;
            } else {
                /* What is forgotten, and that the answers stay; then yes / no. */
                snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_FORGET_ASK), app->trusted_fingerprint,
                         app->counts_ok ? (long long)app->counts.total : 0LL);
                y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 8);
                int hw = (w - bgap) / 2;
                if (!dry) {
                    ui_button(f, A_FORGET_YES, 0, (ui_rect_t){x, y, hw, bh}, ui_app_str(app, UI_S_PACK_FORGET_YES),
                              bfs, UI_BTN_DANGER);
                    ui_button(f, A_FORGET_NO, 0, (ui_rect_t){x + hw + bgap, y, w - hw - bgap, bh},
                              ui_app_str(app, UI_S_PACK_FORGET_NO), bfs, UI_BTN_PRIMARY);
                }
                y += bh + bgap;
            }
            break;
        case UI_PACK_OLDER:
            snprintf(line, sizeof line, ui_app_str(app, UI_S_PACK_OLDER), app->found_pack_made,
                     app->installed_pack_made);
            y += put(f, dry, x, y, w, line, fs, t->danger) + ui_px(f, 8);
            break;
        default:
            y += put(f, dry, x, y, w,
                     ui_app_str(app, app->found_pack_state == UI_PACK_NEWER ? UI_S_PACK_NEWER : UI_S_PACK_BAD), fs,
                     t->danger) +
                 ui_px(f, 8);
            if (app->found_pack_err[0]) { /* what is wrong, for the bureau's technician */
                snprintf(line, sizeof line, ui_app_str(app, UI_S_ERR_DETAIL), app->found_pack_err);
                y += put(f, dry, x, y, w, line, small, t->text) + ui_px(f, 8);
            }
        }
    }
    /* Damaged databases moved aside: their readable answers can be saved. */
    if (app->n_damaged > 0 && app->n_export_targets > 0) {
        y += ui_px(f, 6);
        snprintf(line, sizeof line, ui_app_str(app, UI_S_SALVAGE_FOUND), app->n_damaged);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->text) + ui_px(f, 8);
        if (!dry) ui_button(f, A_SALVAGE, 0, (ui_rect_t){x, y, w, bh}, ui_app_str(app, UI_S_SALVAGE_BUTTON), bfs, 0);
        y += bh + bgap;
    }
    /* ... and without a stick: what to do (review rfield6, item 3); the
     * note on answers lost by the damage says it already */
    if (app->n_damaged > 0 && app->n_export_targets == 0 &&
        !(store_lost_ranges(app->store, NULL, NULL, 0) > 0 && store_lost_cause(app->store) == STORE_LOST_DAMAGED)) {
        y += ui_px(f, 6);
        snprintf(line, sizeof line, ui_app_str(app, UI_S_SALVAGE_NEED_STICK), app->n_damaged);
        y += put_terse(f, dry, terse, x, y, w, line, fs, t->text) + ui_px(f, 8);
    }
    /* Input modes without their data (the panel says so too, in the mode). */
    const char *inote = ui_panel_data_note(app->panel);
    if (*inote) {
        int max_h = ui_line_height(small) * note_lines;
        y += ui_px(f, 6);
        if (dry) {
            int h = ui_text_height(f, inote, small, w);
            y += (h < max_h ? h : max_h) + ui_px(f, 8);
        } else {
            y += ui_label_clipped(f, x, y, w, max_h, inote, small, t->danger) + ui_px(f, 8);
        }
    }
    bool wide = f->width > f->height;
    const char *ph = ui_app_str(app, UI_S_ADMIN_PROBLEMS);
    /* the budget's very last resort, side by side: no room left even for
     * the heading (a new key, a damaged database, a pack and a message all
     * at once on a small screen): the list waits for the others to go */
    if (app->n_invalid && wide && !dry && y + ui_px(f, 8) + ui_text_height(f, ph, fs, w) > f->height - ui_px(f, 12))
        return y - y0;
    if (app->n_invalid) {
        /* the list is cut at the bottom of the screen (upright: four lines) */
        y += ui_px(f, 8);
        y += put(f, dry, x, y, w, ph, fs, t->danger);
        int max_h = wide ? f->height - ui_px(f, 20) - y : ui_line_height(small) * 4;
        if (dry) {
            y += (wide ? ui_line_height(small) : max_h) + ui_px(f, 8);
        } else if (max_h > 0) {
            y += ui_label_clipped(f, x, y, w, max_h, app->problems.data ? app->problems.data : "", small, t->danger) +
                 ui_px(f, 8);
        }
    }
    /* A stick without a county pack while none is installed: said, with the
     * file looked for (review rsite9, item 2: the admin screen said
     * nothing); the last note, side by side drawn only where there is
     * room (on a small screen full of notes the others matter more). */
    if (app->found_pack_state == UI_PACK_NONE && !app->pack && app->n_export_targets > 0) {
        const char *none = ui_app_str(app, UI_S_PACK_NONE_ON_STICK);
        if (!wide || (!dry && y + ui_px(f, 6) + ui_text_height(f, none, fs, w) <= f->height - ui_px(f, 12))) {
            y += ui_px(f, 6);
            y += put(f, dry, x, y, w, none, fs, t->danger) + ui_px(f, 8);
        }
    }
    return y - y0;
}

static int text_width(const ui_frame_t *f, const char *s, int size)
{
    return f->measure.width(f->measure.ctx, s, strlen(s), size);
}

/* The width a questionnaire button w wide gives its label at size: the
 * check mark's column taken on both sides (ui_button_pic), as when the
 * questionnaire is on, so that switching it does not move the layout. */
static int survey_inner_w(const ui_frame_t *f, int w, int size)
{
    int cw = text_width(f, "\xE2\x9C\x93", size);
    if (w > 4 * cw + 2 * ui_px(f, 24)) return w - 2 * (ui_px(f, 20) + cw + ui_px(f, 8));
    return w - 2 * ui_px(f, 24);
}

/* The label of questionnaire s's button, with its version (review rquest3
 * item 3: which one is offered): on one line when it fits inner_w at size,
 * else the title on its line and the version under it, else (a title wider
 * than the button) as the line breaker wraps it, between words. */
static void survey_label(ui_app_t *app, const survey_t *s, const ui_frame_t *f, int size, int inner_w, char *out,
                         size_t n)
{
    const char *fmt = ui_app_str(app, UI_S_ADMIN_SURVEY_VERSION), *title = ui_app_text(app, &s->title);
    snprintf(out, n, fmt, title, s->version);
    if (text_width(f, out, size) <= inner_w || text_width(f, title, size) > inner_w) return;
    char ver[200];
    snprintf(ver, sizeof ver, fmt, "", s->version);
    const char *v = ver;
    while (*v == ' ') v++;
    snprintf(out, n, "%s\n%s", title, v);
}

/* Questionnaires, export, settings, close, quit, from ry0 down (the close
 * row at the bottom of the screen, or under the rest).  compact, for a
 * short screen: 1, the questionnaire toggles two to a row; 2, also
 * 重新查找 and the accessibility button side by side.  Returns the height
 * down to the bottom of the close row and its margin; dry: measures only. */
static int draw_right(ui_app_t *app, ui_frame_t *f, int rx, int ry0, int rw, int compact, bool dry)
{
    const ui_theme_t *t = f->theme;
    int fs = afont(app, f, 30), bfs = afont(app, f, 32);
    int bh = ui_px(f, 76), bgap = ui_px(f, 12);
    if (bh < ui_min_button(f)) bh = ui_min_button(f); /* the layout rule (ui_widget.h) */
    int ry = ry0;
    ry += put(f, dry, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_SURVEYS), fs, t->text) + ui_px(f, 6);
    int half = (rw - bgap) / 2;
    int per_row = compact >= 1 ? 2 : 1;
    /* The labels keep their size (never under the admin floor: ui_button
     * made a label that did not fit smaller, 12 px on a 7" 800x480 in
     * large text) and break between words only (the title and its version,
     * or the title's words: ui_text_break keeps 问卷 whole, it broke 问|卷);
     * a button grows to its label, and the questionnaires go one to a row
     * when a label would take more than three lines in half the width. */
    int lfs = per_row == 1 ? bfs : afont(app, f, 26);
    if (per_row == 2)
        for (int i = 0; i < app->n_surveys; i++) {
            char label[600];
            int iw = survey_inner_w(f, half, lfs);
            survey_label(app, app->surveys[i], f, lfs, iw, label, sizeof label);
            if (ui_text_height(f, label, lfs, iw) > 3 * ui_line_height(lfs)) per_row = 1;
        }
    for (int i = 0; i < app->n_surveys; i += per_row) {
        int row_h = bh;
        char labels[2][600];
        for (int col = 0; col < per_row && i + col < app->n_surveys; col++) {
            int w = per_row == 1 ? rw : col == 0 ? half : rw - half - bgap;
            int iw = survey_inner_w(f, w, lfs);
            survey_label(app, app->surveys[i + col], f, lfs, iw, labels[col], sizeof labels[col]);
            int h = ui_text_height(f, labels[col], lfs, iw) + 2 * ui_px(f, 6);
            if (h > row_h) row_h = h;
        }
        for (int col = 0; !dry && col < per_row && i + col < app->n_surveys; col++) {
            ui_rect_t r = per_row == 1 ? (ui_rect_t){rx, ry, rw, row_h}
                          : col == 0   ? (ui_rect_t){rx, ry, half, row_h}
                                       : (ui_rect_t){rx + half + bgap, ry, rw - half - bgap, row_h};
            ui_button(f, A_SURVEY, i + col, r, labels[col], lfs, app->active[i + col] ? UI_BTN_SELECTED : 0);
        }
        ry += row_h + bgap;
    }
    ry += ui_px(f, 6);
    if (app->n_export_targets == 0) {
        ry += put(f, dry, rx, ry, rw, ui_app_str(app, UI_S_ADMIN_NO_TARGET), fs, t->danger) + ui_px(f, 6);
    } else {
        ry += put(f, dry, rx, ry, rw,
                  ui_app_str(app, app->n_export_targets > 1 ? UI_S_ADMIN_TARGET_PICK : UI_S_ADMIN_EXPORT), fs,
                  t->text) + ui_px(f, 6);
        if (app->n_export_targets > 1) {
            for (int i = 0; i < app->n_export_targets; i++) {
                if (!dry)
                    ui_button(f, A_TARGET, i, (ui_rect_t){rx, ry, rw, bh}, app->export_targets[i], afont(app, f, 26),
                              i == app->export_sel ? UI_BTN_SELECTED : 0);
                ry += bh + bgap;
            }
        } else {
            ry += put(f, dry, rx, ry, rw, app->export_targets[0], afont(app, f, 26), t->muted) + ui_px(f, 8);
        }
        if (!dry) {
            ui_button(f, A_EXPORT_NEW, 0, (ui_rect_t){rx, ry, half, bh}, ui_app_str(app, UI_S_ADMIN_EXPORT_NEW), bfs,
                      UI_BTN_PRIMARY);
            ui_button(f, A_EXPORT_ALL, 0, (ui_rect_t){rx + half + bgap, ry, rw - half - bgap, bh},
                      ui_app_str(app, UI_S_ADMIN_EXPORT_FULL), bfs, 0);
        }
        ry += bh + bgap;
    }
    if (!dry)
        ui_button(f, A_RESCAN, 0, (ui_rect_t){rx, ry, compact >= 2 ? half : rw, bh},
                  ui_app_str(app, UI_S_ADMIN_RESCAN), bfs, UI_BTN_QUIET);
    if (compact >= 2) { /* the accessibility button beside it */
        if (!dry)
            ui_button(f, A_ACCESS, 0, (ui_rect_t){rx + half + bgap, ry, rw - half - bgap, bh},
                      ui_app_str(app, UI_S_ACCESS_BUTTON), bfs, 0);
    }
    ry += bh + bgap + ui_px(f, 6);
    if (!dry) {
        ui_button(f, A_SETUP, 0, (ui_rect_t){rx, ry, half, bh}, ui_app_str(app, UI_S_ADMIN_SETUP), bfs, 0);
        ui_button(f, A_PIN, 0, (ui_rect_t){rx + half + bgap, ry, rw - half - bgap, bh},
                  ui_app_str(app, UI_S_ADMIN_PIN_CHANGE), bfs, 0);
    }
    ry += bh + bgap;
    /* Issue 14: theme, read-aloud, volume (screens/access.c). */
    if (compact < 2) {
        if (!dry)
            ui_button(f, A_ACCESS, 0, (ui_rect_t){rx, ry, rw, bh}, ui_app_str(app, UI_S_ACCESS_BUTTON), bfs, 0);
        ry += bh + bgap;
    }
    int by = f->height - ui_px(f, 24) - bh;
    if (by < ry + bgap) by = ry + bgap;
    if (!dry) {
        ui_button(f, A_CLOSE, 0, (ui_rect_t){rx, by, half, bh}, ui_app_str(app, UI_S_ADMIN_CLOSE), bfs,
                  UI_BTN_PRIMARY);
        ui_button(f, A_QUIT, 0, (ui_rect_t){rx + half + bgap, by, rw - half - bgap, bh}, ui_app_str(app, UI_S_QUIT),
                  bfs, UI_BTN_DANGER);
    }
    return ry + bgap + bh + ui_px(f, 24) - ry0;
}

/* Whether a clock note is shown (draw_top). */
static bool clock_note(ui_app_t *app)
{
    char now_day[16], floor_day[16];
    return ui_app_clock_wrong(app, now_day, floor_day) || ui_app_clock_ahead(app, now_day) ||
           ui_app_clock_doubt(app, now_day, floor_day, NULL) != JH_CLOCK_NO_DOUBT;
}

/* The clock notes (and, with counts, the counts line) from y0 down: the
 * height; dry: measures only. */
static int draw_top(ui_app_t *app, ui_frame_t *f, int x, int y0, int w, bool counts, bool dry)
{
    const ui_theme_t *t = f->theme;
    int fs = afont(app, f, 30), y = y0;
    char line[1400];
    char now_day[16], floor_day[16];
    if (ui_app_clock_wrong(app, now_day, floor_day)) {
        snprintf(line, sizeof line, ui_app_str(app, UI_S_CLOCK_WRONG), now_day, floor_day);
        y += put(f, dry, x, y, w, line, fs, t->danger) + ui_px(f, 10);
    }
    /* a clock not plainly wrong, still in doubt (review rfield6, items 2 and 7) */
    ui_app_clock_doubt_text(app, NULL, line, sizeof line);
    if (line[0]) y += put(f, dry, x, y, w, line, fs, t->danger) + ui_px(f, 10);
    if (ui_app_clock_ahead(app, now_day)) {
        snprintf(line, sizeof line, ui_app_str(app, UI_S_CLOCK_AHEAD), now_day);
        y += put(f, dry, x, y, w, line, fs, t->danger) + ui_px(f, 10);
    }
    if (counts && app->counts_ok) {
        const store_counts_t *c = &app->counts;
        snprintf(line, sizeof line, ui_app_str(app, UI_S_ADMIN_COUNTS), (long long)c->today,
                 (long long)c->submitted, (long long)c->abandoned, (long long)c->total);
        y += put(f, dry, x, y, w, line, fs, t->text) + ui_px(f, 6);
    }
    return y - y0;
}

/* 全部提示: every note whole, at the screen's full width, 返回 beside the
 * title (review rfield6, item 6: at 800x480 they were cut to one line). */
static void draw_notes(ui_app_t *app, ui_frame_t *f, screen_layout_t l)
{
    const ui_theme_t *t = f->theme;
    const char *title = ui_app_str(app, UI_S_ADMIN_NOTES_TITLE), *back = ui_app_str(app, UI_S_BACK);
    int title_top = ui_px(f, 24), title_fs = ui_font(f, 48), bfs = afont(app, f, 32);
    int bh = ui_min_button(f), bw = ui_px(f, 60) + text_width(f, back, bfs);
    if (bw < ui_px(f, 240)) bw = ui_px(f, 240);
    /* with a clock note, the technician's steps to set the clock on a page
     * of their own, its button beside 返回 (review rsite9, item 1: a kiosk
     * has neither its docs nor a console a keyboard reaches) */
    const char *howto = clock_note(app) ? ui_app_str(app, UI_S_CLOCK_HOWTO_BUTTON) : NULL;
    int hw = howto ? ui_px(f, 60) + text_width(f, howto, bfs) + ui_px(f, 16) : 0;
    int title_h = ui_text_height(f, title, title_fs, l.w - bw - hw - ui_px(f, 24));
    int row = bh > title_h ? bh : title_h;
    ui_label(f, l.x, title_top + (row - title_h) / 2, l.w - bw - hw - ui_px(f, 24), title, title_fs, t->text,
             UI_ALIGN_LEFT);
    if (howto)
        ui_button(f, A_HOWTO, 0, (ui_rect_t){l.x + l.w - bw - hw, title_top + (row - bh) / 2, hw - ui_px(f, 16), bh},
                  howto, bfs, 0);
    ui_button(f, A_NOTES_BACK, 0, (ui_rect_t){l.x + l.w - bw, title_top + (row - bh) / 2, bw, bh}, back, bfs,
              UI_BTN_PRIMARY);
    int y = title_top + row + ui_px(f, 16);
    y += draw_top(app, f, l.x, y, l.w, false, false);
    if (app->store) y += draw_identity(app, f, l.x, y, l.w, false, false);
    draw_attention(app, f, l.x, y, l.w, 4, false, false);
}

/* 校正日期和时间的方法: the technician's steps, at the screen's full width,
 * 返回 beside the title (review rsite9, item 1: the kiosk has neither its
 * docs nor a console a keyboard reaches). */
static void draw_howto(ui_app_t *app, ui_frame_t *f, screen_layout_t l)
{
    const ui_theme_t *t = f->theme;
    const char *title = ui_app_str(app, UI_S_CLOCK_HOWTO_BUTTON), *back = ui_app_str(app, UI_S_BACK);
    int title_top = ui_px(f, 24), title_fs = ui_font(f, 48), bfs = afont(app, f, 32);
    int bh = ui_min_button(f), bw = ui_px(f, 60) + text_width(f, back, bfs);
    if (bw < ui_px(f, 240)) bw = ui_px(f, 240);
    int title_h = ui_text_height(f, title, title_fs, l.w - bw - ui_px(f, 24));
    int row = bh > title_h ? bh : title_h;
    ui_label(f, l.x, title_top + (row - title_h) / 2, l.w - bw - ui_px(f, 24), title, title_fs, t->text,
             UI_ALIGN_LEFT);
    ui_button(f, A_HOWTO_BACK, 0, (ui_rect_t){l.x + l.w - bw, title_top + (row - bh) / 2, bw, bh}, back, bfs,
              UI_BTN_PRIMARY);
    int y = title_top + row + ui_px(f, 16);
    const char *text = ui_app_str(app, UI_S_CLOCK_HOWTO);
    /* the whole text on the screen: smaller type where it would run off */
    int fs = afont(app, f, 30);
    while (fs > ui_font(f, 20) && y + ui_text_height(f, text, fs, l.w) > f->height - ui_px(f, 12)) fs -= 2;
    ui_label(f, l.x, y, l.w, text, fs, t->text, UI_ALIGN_LEFT);
}

static void admin_draw(ui_app_t *app, ui_frame_t *f)
{
    admin_grow = true;
    if (app->export_pending) {
        draw_exporting(app, f);
        return;
    }
    if (app->confirm_quit) {
        draw_confirm_quit(app, f);
        return;
    }
    const ui_theme_t *t = f->theme;
    screen_layout_t l = screen_layout(f, 1800);
    if (app->admin_howto) {
        draw_howto(app, f, l);
        return;
    }
    if (app->admin_notes) {
        draw_notes(app, f, l);
        return;
    }
    bool wide = f->width > f->height;
    int gap = ui_px(f, 40);
    int lw = wide ? (l.w - gap) * 11 / 20 : l.w;
    int rx = wide ? l.x + lw + gap : l.x, rw = wide ? l.w - lw - gap : l.w;
    const char *title = ui_app_str(app, UI_S_ADMIN_TITLE);
relayout:;
    int title_top = ui_px(f, 24), title_fs = ui_font(f, 48), small = afont(app, f, 24);
    int title_h = ui_text_height(f, title, title_fs, lw);
    int nb_h = ui_min_button(f), nb_fs = afont(app, f, 28);
    /* the 全部提示 button's width: its label and some padding */
    int nb_w = ui_px(f, 110) + text_width(f, ui_app_str(app, UI_S_ADMIN_NOTES), nb_fs);
    if (nb_w < ui_px(f, 220)) nb_w = ui_px(f, 220);

    /* The height budget: what asks for the administrator (a message, a
     * pack on the stick...) is shown whole; when the column would run off
     * the screen (or, upright, into the buttons under it) the sample block
     * gives up its details, then (upright) the buttons under it are packed
     * closer, then the note on input modes gives up its lines, then the
     * notes on lost answers, a replaced key and a message's detail keep
     * one line each.  A note cut so (or the list of questionnaire files
     * with problems cut at the bottom) can be read whole: 全部提示 beside
     * the title opens every note at the screen's full width (review
     * rfield6, item 6). */
    int level = SAMPLE_FULL, note_lines = 4, compact = 0, y = 0, bottom = 0, h = 0;
    /* (a clock note: 全部提示 holds the steps to set the clock) */
    bool terse = false, notes_button = clock_note(app);
    for (;;) {
        level = SAMPLE_FULL, note_lines = 4, compact = 0, terse = false;
        /* (with the button, the row starts higher and the notes closer
         * under it: the button's height costs the column no room) */
        int row = notes_button && nb_h > title_h ? nb_h : title_h;
        y = notes_button ? ui_px(f, 12) + row + ui_px(f, 6) : title_top + row + ui_px(f, 12);
        y += draw_top(app, f, l.x, y, lw, true, true);
        for (;;) {
            bottom = wide ? f->height - ui_px(f, 12) : f->height - draw_right(app, f, rx, 0, rw, compact, true);
            h = (app->sample_ok && level < SAMPLE_HIDDEN ? draw_sample(app, f, l.x, y, lw, level, true) + ui_px(f, 6)
                                                         : 0) +
                (app->store ? draw_identity(app, f, l.x, y, lw, terse, true) : 0) +
                draw_attention(app, f, l.x, y, lw, note_lines, terse, true);
            if (y + h <= bottom) break;
            if (app->sample_ok && level < SAMPLE_HIDDEN) level++;
            else if (!wide && compact < 2) compact++; /* upright: the buttons under it closer together */
            else if (note_lines > 1) note_lines = 1; /* then the note on input modes in one line */
            else if (!terse) terse = true; /* last: the notes on lost answers, a new key, the detail in one line */
            else break;
        }
        /* the problems list: measured as one line side by side, four upright */
        bool cut = terse || y + h > bottom;
        if (app->n_invalid && app->problems.data) {
            int full = ui_text_height(f, app->problems.data, small, lw);
            if (wide ? y + h - ui_line_height(small) + full > bottom : full > ui_line_height(small) * 4) cut = true;
        }
        if (!cut || notes_button) break;
        notes_button = true;
    }
    /* side by side, the right column at its most compact fits the
     * screen's height too (its questionnaire buttons grow to their labels) */
    bool right_fits = !wide || ui_px(f, 30) + draw_right(app, f, rx, ui_px(f, 30), rw, 2, true) <= f->height;
    if ((y + h > bottom || !right_fits) && app->large_text && admin_grow) {
        admin_grow = false; /* large text, but on the screen */
        goto relayout;
    }
    {
        int row = notes_button && nb_h > title_h ? nb_h : title_h;
        int top = notes_button ? ui_px(f, 12) : title_top;
        int tw = notes_button ? lw - nb_w - ui_px(f, 12) : lw;
        ui_label(f, l.x, top + (row - title_h) / 2, tw, title, title_fs, t->text, UI_ALIGN_LEFT);
        if (notes_button)
            ui_button(f, A_NOTES, 0, (ui_rect_t){l.x + lw - nb_w, top + (row - nb_h) / 2, nb_w, nb_h},
                      ui_app_str(app, UI_S_ADMIN_NOTES), nb_fs, 0);
        draw_top(app, f, l.x, notes_button ? top + row + ui_px(f, 6) : top + row + ui_px(f, 12), lw, true, false);
    }
    if (app->sample_ok && level < SAMPLE_HIDDEN) y += draw_sample(app, f, l.x, y, lw, level, false) + ui_px(f, 6);
    if (app->store) y += draw_identity(app, f, l.x, y, lw, terse, false);
    y += draw_attention(app, f, l.x, y, lw, note_lines, terse, false);

    /* Right (or below): questionnaires, export, settings, close, quit. */
    /* side by side, the right column has the screen's height: it gets
     * more compact until its close row is on the screen */
    int ry0 = wide ? ui_px(f, 30) : y + ui_px(f, 16);
    while (wide && compact < 2 && ry0 + draw_right(app, f, rx, ry0, rw, compact, true) > f->height) compact++;
    draw_right(app, f, rx, ry0, rw, compact, false);
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
