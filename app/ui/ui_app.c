/* ui_app.c - the kiosk's state machine (see ui_app.h): input dispatch,
 * focus, the hidden admin gesture, the idle timer, the person's draft and
 * its storage, and navigation through the questionnaire. */
#include "ui_app.h"
#include "i18n.h"

#include <dirent.h>
#include <glob.h>
#include <sqlite3.h>
#include <unistd.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bundle.h"
#include "salvage.h"
#include "screens.h"
#include "usb_targets.h"

/* ---- static prototypes --------------------------------------------------- */
static void load_surveys(ui_app_t *app);
static void load_settings(ui_app_t *app);
static void load_register(ui_app_t *app);
static bool same_pack(const pack_t *a, const pack_t *b);
static void free_surveys(ui_app_t *app);
static void corner_tap(ui_app_t *app, int x, int y);
static void move_focus(ui_app_t *app, int dir);
static void end_draft(ui_app_t *app, bool may_count);
static void prune_hidden(ui_app_t *app);
static void set_store_error(ui_app_t *app, jh_status_t status, const char *msg);
static bool idle_applies(const ui_app_t *app);
static int64_t idle_limit(const ui_app_t *app);
static void sync_wall_clock(ui_app_t *app);
static bool item_counted(const ui_app_t *app, const survey_answers_t *a, int i);

#define CORNER_DESIGN_PX 140
#define CORNER_TAPS 5
#define CORNER_WINDOW_MS 3000
#define RETRY_MS 2000

/* ---- public functions ------------------------------------------------------ */

ui_app_t *ui_app_create(const ui_app_config_t *cfg)
{
    ui_app_t *app = jh_xcalloc(1, sizeof *app);
    app->disk_free_bytes = -1; /* (read when the admin screen opens) */
    app->store = cfg->store;
    app->surveys_dir = jh_strdup(cfg->surveys_dir);
    app->export_dir = jh_strdup(cfg->export_dir);
    const char *const *globs = cfg->media_globs;
    for (int i = 0; globs && globs[i]; i++) app->n_media_globs++;
    app->media_globs = jh_xcalloc((size_t)app->n_media_globs + 1, sizeof(char *));
    for (int i = 0; i < app->n_media_globs; i++) app->media_globs[i] = jh_strdup(globs[i]);
    app->mountinfo = jh_strdup(cfg->mountinfo);
    if (cfg->installed_dir) app->installed_dir = jh_strdup(cfg->installed_dir);
    else if (cfg->store) app->installed_dir = jh_sprintf("%s.surveys", store_path(cfg->store));
    app->measure = cfg->measure;
    app->has_glyph = cfg->has_glyph;
    app->glyph_ctx = cfg->glyph_ctx;
    app->width = cfg->width;
    app->display_dpi = cfg->display_dpi;
    app->height = cfg->height;
    app->now_ms = cfg->now_ms;
    app->wall_clock = cfg->wall_clock;
    app->wall_clock_ctx = cfg->wall_clock_ctx;
    app->frame.measure = cfg->measure;
    app->frame.theme = ui_theme_default();
    app->focus_id = app->pressed_id = -1;
    app->hint = (ui_str_id_t)-1;
    app->left_item = -1;
    app->voice_on = true;
    app->voice_volume = 80;
    app->voice_recorded = true;
    app->speech_option = UI_SPEECH_DONE;
    strcpy(app->lang, "zh-CN");
    app->idle_limit_ms = (int64_t)(cfg->idle_seconds > 0 ? cfg->idle_seconds : 0) * 1000;
    app->idle_countdown_ms =
        (int64_t)(cfg->idle_countdown_seconds > 0 ? cfg->idle_countdown_seconds : 30) * 1000;
    app->panel = ui_panel_create(cfg->input_dir, cfg->rime_shared_dir, cfg->zinnia_model);
    load_settings(app);
    load_surveys(app);
    load_register(app);
    ui_app_goto(app, &screen_welcome);
    app->shown_ms = -UI_INPUT_GUARD_MS; /* the first screen follows no other */
    app->show_pending = false;
    return app;
}

void ui_app_destroy(ui_app_t *app)
{
    if (!app) return;
    /* The screen is left (a comment being composed goes into the answer). */
    if (app->screen && app->screen->leave) app->screen->leave(app);
    if (app->has_draft) {
        if (app->store) {
            jh_err_t err;
            /* a complete questionnaire left on its summary counts, as when
             * the idle countdown ends it (the kiosk stopped at closing time) */
            store_status_t st = app->finish_pending        ? app->finish_status
                                : ui_app_draft_counts(app) ? STORE_SUBMITTED_TIMEOUT
                                                           : STORE_ABANDONED;
            /* as ui_app_finish: answers in memory count even when none
             * was saved yet (a comment being typed, a failed first save) */
            prune_hidden(app);
            bool any = false;
            for (int i = 0; i < app->draft.survey->n_items; i++) any |= app->draft.values[i] != NULL;
            if (st != STORE_ABANDONED || any || app->draft.seq != 0)
                store_draft_finish(app->store, &app->draft, st, app->now_ms, &err);
        }
        store_draft_free(&app->draft);
    }
    free_surveys(app);
    pack_free(app->pack);
    pack_free(app->found_pack);
    free(app->mountinfo);
    free(app->installed_dir);
    for (int i = 0; i < app->n_media_globs; i++) free(app->media_globs[i]);
    free(app->media_globs);
    free(app->surveys_dir);
    free(app->export_dir);
    free(app->school_name);
    ui_panel_destroy(app->panel);
    ui_frame_free(&app->frame);
    free(app);
}

void ui_app_resize(ui_app_t *app, int width, int height)
{
    if (width == app->width && height == app->height) return;
    app->width = width;
    app->height = height;
    app->dirty = true;
}

void ui_app_input(ui_app_t *app, const ui_input_t *in)
{
    app->idle_ms = 0;
    const ui_frame_t *f = ui_app_frame(app); /* hit-test what is on screen */
    const ui_screen_t *screen = app->screen;
    /* The input guard: a touch that began before this screen was shown or
     * within UI_INPUT_GUARD_MS of it is ignored from its down to its up. */
    if (in->type == UI_IN_DOWN) {
        app->finger_down = true;
        /* when the touch began, not when it was read: a tap made while a
         * slow save or frame kept the loop busy is read after the new
         * screen appeared, yet began before it */
        app->swallow = in->t_ms - app->shown_ms < UI_INPUT_GUARD_MS;
        /* and where a tap just moved another button under the finger (the
         * second tap of a double tap; elsewhere, as typing, goes on) */
        if (in->t_ms - app->moved_ms < UI_INPUT_GUARD_MS && in->x >= app->moved_r.x &&
            in->x < app->moved_r.x + app->moved_r.w && in->y >= app->moved_r.y && in->y < app->moved_r.y + app->moved_r.h)
            app->swallow = true;
        if (app->swallow) app->n_guarded++;
    }
    if (app->swallow && (in->type == UI_IN_DOWN || in->type == UI_IN_MOVE || in->type == UI_IN_UP)) {
        if (in->type == UI_IN_DOWN) corner_tap(app, in->x, in->y); /* counts, changes nothing */
        if (in->type == UI_IN_UP) app->finger_down = app->swallow = false;
        return;
    }
    if (in->type == UI_IN_UP) app->finger_down = false;
    if ((in->type == UI_IN_DOWN || in->type == UI_IN_MOVE || in->type == UI_IN_UP) && app->screen->pointer &&
        app->screen->pointer(app, in)) {
        app->dirty = true;
        return;
    }
    switch (in->type) {
    case UI_IN_DOWN: {
        corner_tap(app, in->x, in->y);
        if (app->screen != screen) return; /* the gesture opened the PIN pad */
        const ui_widget_t *w = ui_frame_hit(f, in->x, in->y);
        app->pressed_id = w ? w->id : -1;
        app->pressed_arg = w ? w->arg : 0;
        app->dirty = true;
        break;
    }
    case UI_IN_MOVE: {
        if (app->pressed_id < 0) break;
        const ui_widget_t *w = ui_frame_hit(f, in->x, in->y);
        if (!w || w->id != app->pressed_id || w->arg != app->pressed_arg) {
            app->pressed_id = -1;
            app->dirty = true;
        }
        break;
    }
    case UI_IN_UP: {
        const ui_widget_t *w = ui_frame_hit(f, in->x, in->y);
        bool activate = w && app->pressed_id >= 0 && w->id == app->pressed_id &&
                        w->arg == app->pressed_arg;
        app->pressed_id = -1;
        app->dirty = true;
        if (activate) {
            ui_widget_t copy = *w; /* the frame is rebuilt once state changes */
            copy.label = NULL;
            app->focus_id = -1;
            app->screen->event(app, in, &copy);
            /* A switch that changes the layout (English, 大字模式, a hint
             * that pushes the list down) can put another button under the
             * finger, or the same one moved or switched (a UI_BTN_TOGGLE:
             * 大字模式, a multiple choice's option):
             * the input guard covers the button tapped, or the second tap
             * of a double tap would press the other one or switch it back.
             * (A button that stays as it was, a key of the input panel,
             * takes the next tap at once.) */
            if (app->screen == screen && app->dirty) {
                const ui_frame_t *nf = ui_app_frame(app);
                const ui_widget_t *now = ui_frame_hit(nf, in->x, in->y);
                int i = ui_frame_index(nf, copy.id, copy.arg);
                const ui_widget_t *same = i >= 0 ? &nf->w[i] : NULL;
                bool switched = (copy.flags & UI_BTN_TOGGLE) &&
                                (!same || same->flags != copy.flags || same->r.x != copy.r.x ||
                                 same->r.y != copy.r.y || same->r.w != copy.r.w || same->r.h != copy.r.h);
                if ((now && (now->id != copy.id || now->arg != copy.arg)) || switched) {
                    app->moved_ms = in->t_ms > app->mono_ms ? in->t_ms : app->mono_ms;
                    app->moved_r = copy.r;
                }
            }
        } else {
            app->screen->event(app, in, NULL);
        }
        break;
    }
    case UI_IN_KEY:
        switch (in->key) {
        case UI_KEY_TAB: case UI_KEY_DOWN: case UI_KEY_RIGHT:
            move_focus(app, +1);
            break;
        case UI_KEY_BACKTAB: case UI_KEY_UP: case UI_KEY_LEFT:
            move_focus(app, -1);
            break;
        case UI_KEY_ENTER: case UI_KEY_SPACE: {
            int i = app->focus_id >= 0 ? ui_frame_index(f, app->focus_id, app->focus_arg) : -1;
            if (i >= 0) {
                ui_widget_t copy = f->w[i];
                copy.label = NULL;
                app->screen->event(app, in, &copy);
            } else {
                app->screen->event(app, in, NULL);
            }
            break;
        }
        default:
            app->screen->event(app, in, NULL);
            break;
        }
        break;
    case UI_IN_TEXT:
        app->screen->event(app, in, NULL);
        break;
    default:
        break;
    }
}

void ui_app_update(ui_app_t *app, int64_t dt_ms)
{
    if (dt_ms < 0) dt_ms = 0;
    app->now_ms += dt_ms;
    app->mono_ms += dt_ms;
    if (app->screen->update) app->screen->update(app, dt_ms);
    if (idle_applies(app)) {
        app->idle_ms += dt_ms;
        if (app->idle_ms >= idle_limit(app)) {
            app->idle_ms = 0;
            if (app->has_draft) {
                app->resume = app->screen;
                ui_app_goto(app, &screen_idle);
            } else {
                ui_app_reset_person(app);
                ui_app_goto(app, &screen_welcome);
            }
        }
    } else if (app->screen == &screen_unavailable) {
        /* Idle time counts during an outage as well (the screen shows the
         * idle screen's question when it is nearly up), as long as "您还在吗？"
         * and its countdown would have waited; then the person has gone. */
        app->idle_ms += dt_ms;
        if (app->idle_ms >= app->idle_limit_ms + app->idle_countdown_ms) {
            app->idle_ms = 0;
            ui_app_person_gone(app);
        }
    } else {
        app->idle_ms = 0;
    }
}

void ui_app_deliver(ui_app_t *app, const ui_input_t *in, int n, int64_t now_ms)
{
    for (int i = 0; i < n; i++) {
        if (in[i].t_ms > app->mono_ms) ui_app_update(app, in[i].t_ms - app->mono_ms);
        ui_app_input(app, &in[i]);
    }
    if (now_ms > app->mono_ms) ui_app_update(app, now_ms - app->mono_ms);
}

void ui_app_presented(ui_app_t *app, int64_t t_ms)
{
    if (app->confirm_ms > 0 && !app->confirm_seen) {
        /* the highlight shows for the whole confirmation, however long
         * saving the answer and drawing took */
        app->confirm_seen = true;
        if (t_ms > app->mono_ms) {
            app->confirm_ms += t_ms - app->mono_ms;
            app->wake_ms = app->confirm_ms;
        }
    }
    if (!app->show_pending) return;
    app->show_pending = false;
    if (t_ms > app->shown_ms) app->shown_ms = t_ms;
}

void ui_app_mark_shown(ui_app_t *app)
{
    app->shown_ms = app->mono_ms;
    app->show_pending = true;
}

int ui_app_px_per_cm(const ui_app_t *app)
{
    double diag = sqrt((double)app->width * app->width + (double)app->height * app->height);
    if (app->screen_inches > 0) return (int)(diag / (app->screen_inches * 2.54) + 0.5);
    /* a display's own figure only when it is a screen's: 3 to 110 inches
     * across at this size (X servers often say 96 whatever the screen) */
    double dpi = app->display_dpi;
    if (dpi > 0 && diag / dpi >= 3 && diag / dpi <= 110) return (int)(dpi / 2.54 + 0.5);
    return 0;
}

const ui_frame_t *ui_app_frame(ui_app_t *app)
{
    if (app->dirty || app->frame.width != app->width || app->frame.height != app->height) {
        ui_frame_t *f = &app->frame;
        f->theme = app->high_contrast ? ui_theme_high_contrast() : ui_theme_default();
        bool admin = app->screen && app->screen->admin;
        ui_frame_begin(f, app->width, app->height, app->large_text && !admin ? UI_LARGE_TEXT_PCT : 100);
        f->px_per_cm = ui_app_px_per_cm(app);
        f->focus_id = app->focus_id;
        f->focus_arg = app->focus_arg;
        f->pressed_id = app->pressed_id;
        f->pressed_arg = app->pressed_arg;
        ui_draw_rect(&f->dl, (ui_rect_t){0, 0, app->width, app->height}, f->theme->bg);
        app->screen->draw(app, f);
        app->dirty = false;
    }
    return &app->frame;
}

const ui_draw_list_t *ui_app_prewarm_list(ui_app_t *app)
{
    if (app->screen != &screen_welcome) return NULL; /* the only screen with the switch */
    app->large_text = !app->large_text;
    app->dirty = true;
    const ui_frame_t *f = ui_app_frame(app);
    app->large_text = !app->large_text;
    app->dirty = true; /* the next ui_app_frame lays out what is on show */
    return &f->dl;
}

int64_t ui_app_next_timer(const ui_app_t *app)
{
    int64_t t = app->wake_ms > 0 ? app->wake_ms : -1;
    if (idle_applies(app)) {
        int64_t left = idle_limit(app) - app->idle_ms;
        if (left < 1) left = 1;
        if (t < 0 || left < t) t = left;
    }
    return t;
}

bool ui_app_quit_requested(const ui_app_t *app)
{
    return app->quit;
}

bool ui_app_wants_text(const ui_app_t *app)
{
    if (app->screen == &screen_pin) return true;
    if (app->screen == &screen_setup || app->screen == &screen_school) return app->setup_field != UI_SETUP_NONE ||
                                                                               app->screen == &screen_school;
    return app->screen == &screen_question && app->has_draft && app->item >= 0 &&
           app->draft.survey->items[app->item].type == SURVEY_ITEM_TEXT;
}

const char *ui_app_screen_name(const ui_app_t *app)
{
    return app->screen->name;
}

void ui_app_goto(ui_app_t *app, const ui_screen_t *screen)
{
    if (app->screen && app->screen->leave) app->screen->leave(app);
    ui_app_speech_stop(app); /* what was read belongs to the screen left */
    app->came_from = app->screen;
    app->screen = screen;
    app->wake_ms = 0;
    app->focus_id = app->pressed_id = -1;
    app->idle_ms = 0;
    ui_app_mark_shown(app);
    app->page = 0;
    app->n_pages = 1;
    app->swallow = app->finger_down; /* a touch that began on the screen before */
    app->dirty = true;
    if (screen == &screen_welcome || screen == &screen_admin) sync_wall_clock(app);
    if (screen->enter) screen->enter(app);
}

const char *ui_app_str(const ui_app_t *app, ui_str_id_t id)
{
    /* The administrator's screens are always in Chinese, whatever the last
     * visitor chose. */
    return ui_str(app->screen && app->screen->admin ? "zh-CN" : app->lang, id);
}

bool ui_app_clock_wrong(const ui_app_t *app, char now_day[16], char floor_day[16])
{
    int64_t floor = jh_clock_floor_ms(app->pack ? pack_created_believable_ms(app->pack->created_ms, app->now_ms) : 0);
    if (app->now_ms >= floor) return false;
    jh_format_day(app->now_ms, now_day);
    jh_format_day(floor, floor_day);
    return true;
}

jh_clock_doubt_t ui_app_clock_doubt(ui_app_t *app, char now_day[16], char ref_day[16], int *days)
{
    int64_t ref = 0;
    jh_clock_doubt_t d = jh_clock_doubt(app->now_ms, app->pack ? app->pack->created_ms : 0,
                                        app->store ? store_last_answer_ms(app->store) : 0, &ref);
    if (d == JH_CLOCK_NO_DOUBT) return d;
    jh_format_day(app->now_ms, now_day);
    jh_format_day(ref, ref_day);
    if (days) *days = (int)((app->now_ms + 28800000) / 86400000 - (ref + 28800000) / 86400000); /* (Beijing days) */
    return d;
}

void ui_app_clock_doubt_text(ui_app_t *app, const char *lang, char *out, size_t n)
{
    char now_day[16], ref_day[16];
    int days = 0;
    out[0] = '\0';
    jh_clock_doubt_t d = ui_app_clock_doubt(app, now_day, ref_day, &days);
    ui_str_id_t id = d == JH_CLOCK_BEFORE_ANSWERS ? UI_S_CLOCK_BEFORE_ANSWERS
                     : d == JH_CLOCK_BEFORE_PACK  ? UI_S_PACK_DATE_WRONG
                                                  : UI_S_CLOCK_FAR_AHEAD;
    const char *fmt = lang ? ui_str(lang, id) : ui_app_str(app, id);
    if (d == JH_CLOCK_BEFORE_ANSWERS || d == JH_CLOCK_BEFORE_PACK)
        snprintf(out, n, fmt, ref_day, now_day, now_day);
    else if (d == JH_CLOCK_FAR_AHEAD)
        snprintf(out, n, fmt, now_day, ref_day, days, now_day);
}

bool ui_app_clock_ahead(const ui_app_t *app, char now_day[16])
{
    if (app->now_ms < JH_TIME_MAX_MS) return false;
    jh_format_day(app->now_ms, now_day);
    return true;
}

const char *ui_app_cause(const ui_app_t *app, jh_status_t status)
{
    switch (status) {
    case JH_ERR_FULL: return ui_app_str(app, UI_S_CAUSE_FULL);
    case JH_ERR_READONLY: return ui_app_str(app, UI_S_CAUSE_READONLY);
    default: return ui_app_str(app, UI_S_CAUSE_IO);
    }
}

void ui_app_save_failed(const ui_app_t *app, char *buf, size_t len, jh_status_t status, const char *err_msg)
{
    if (!len) return;
    snprintf(buf, len, ui_app_str(app, UI_S_SAVE_FAILED_CAUSE), ui_app_cause(app, status), err_msg);
    /* A long technical line cut by the buffer: drop a half character. */
    size_t n = strlen(buf), lead = n;
    while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80) lead--;
    if (lead > 0 && (unsigned char)buf[lead - 1] >= 0xC0) {
        unsigned char c = (unsigned char)buf[lead - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - (lead - 1) < want) buf[lead - 1] = '\0';
    }
}

bool ui_app_school_locked_msg(const ui_app_t *app, char *buf, size_t len, const char *code)
{
    int64_t n = 0, unexported = 0;
    if (!app->store || !store_school_locked(app->store, code, &n, &unexported)) return false;
    char *old = store_setting_get(app->store, "school_code");
    if (n > 0)
        snprintf(buf, len, ui_app_str(app, UI_S_SETUP_SCHOOL_LOCKED), (long long)n, old ? old : "",
                 (long long)unexported);
    else
        snprintf(buf, len, ui_app_str(app, UI_S_SETUP_SCHOOL_LOCKED_BEFORE), old ? old : "");
    free(old);
    return true;
}

const char *ui_app_text(const ui_app_t *app, const survey_text_t *t)
{
    return survey_text_get(t, app->screen && app->screen->admin ? "zh-CN" : app->lang);
}

int ui_app_count_active(const ui_app_t *app)
{
    int n = 0;
    for (int i = 0; i < app->n_surveys; i++) n += app->active[i];
    return n;
}

void ui_app_save_active(ui_app_t *app)
{
    if (!app->store) return;
    jh_buf_t b = {0};
    jh_buf_puts(&b, "");
    for (int i = 0; i < app->n_surveys; i++) {
        if (!app->active[i]) continue;
        if (b.len) jh_buf_puts(&b, ",");
        jh_buf_puts(&b, app->surveys[i]->id);
    }
    jh_err_t err;
    jh_status_t s = store_setting_set(app->store, "active_surveys", b.data, &err);
    if (s != JH_OK) {
        ui_app_save_failed(app, app->admin_msg, sizeof app->admin_msg, s, err.msg);
        app->admin_msg_kind = 2;
    }
    jh_buf_free(&b);
}

/* Whether the draft holds an answer to a rated (satisfaction) item. */
static bool draft_has_rated(const ui_app_t *app)
{
    const survey_t *s = app->draft.survey;
    for (int i = 0; i < s->n_items; i++)
        if (app->draft.values[i] && survey_item_rated(&s->items[i])) return true;
    return false;
}

void ui_app_begin(ui_app_t *app, const survey_t *s, const char *role)
{
    /* Back at 请问您是 with a draft: the same role chosen again continues
     * it, answers ticked (the person going back through their own answers;
     * once it counts, the next person finds the screen only within the
     * short idle time, idle_limit).  Another role ends it as abandoned even
     * when complete: the person is correcting themselves, and counting it
     * would count one person twice, or under the wrong role (review
     * r2kiosk9 F2; it was counted, review r2elder F2).  Only the idle
     * countdown or 换一个人 counts a complete draft left behind. */
    bool other = app->has_draft && app->draft.survey != s;
    if (other) {
        if (!draft_has_rated(app) && app->draft.status == STORE_IN_PROGRESS) {
            /* Another role chosen before any satisfaction question was
             * answered (a role tapped by mistake, then corrected): not a
             * questionnaire given up; its row becomes the new one, written
             * at once so that a power cut now does not leave the mistaken
             * role's row and answers (review r2elder F4). */
            sync_wall_clock(app);
            store_draft_retarget(&app->draft, s, role, app->lang, app->now_ms);
            app->reached_summary = false;
            app->survey = s;
            if (app->draft.seq != 0 && !ui_app_save(app)) return; /* the save's own screen */
        } else {
            end_draft(app, false);
        }
    }
    if (!app->has_draft) {
        sync_wall_clock(app); /* the welcome screen may have been shown for days */
        store_draft_init(&app->draft, s, role, app->lang, app->now_ms);
        app->has_draft = true;
        app->reached_summary = false;
    }
    app->survey = s;
    app->n_hist = 0;
    app->from_summary = false;
    app->item = ui_app_next_visible(app, -1);
    app->hint = (ui_str_id_t)-1;
    if (app->item < 0)
        ui_app_goto(app, &screen_summary);
    else
        ui_app_goto(app, &screen_question);
}

int ui_app_next_visible(const ui_app_t *app, int from)
{
    if (!app->has_draft) return -1;
    const survey_t *s = app->draft.survey;
    survey_answers_t a = store_draft_answers(&app->draft);
    for (int i = from + 1; i < s->n_items; i++)
        if (survey_item_visible(s, i, &a)) return i;
    return -1;
}

void ui_app_progress(const ui_app_t *app, int *pos, int *total)
{
    *pos = *total = 0;
    if (!app->has_draft) return;
    const survey_t *s = app->draft.survey;
    survey_answers_t a = store_draft_answers(&app->draft);
    for (int i = 0; i < s->n_items; i++) {
        if (!item_counted(app, &a, i)) continue;
        (*total)++;
        if (i <= app->item) *pos = *total;
    }
}

void ui_app_answer(ui_app_t *app, const char *value)
{
    JH_EXPECT(app->has_draft && app->item >= 0 && app->item < app->draft.survey->n_items);
    store_draft_set(&app->draft, app->item, value, app->now_ms);
    prune_hidden(app);
    app->hint = (ui_str_id_t)-1;
    app->dirty = true;
    ui_app_save(app);
}

void ui_app_advance(ui_app_t *app)
{
    app->confirm_ms = 0;
    app->hint = (ui_str_id_t)-1;
    int next = app->from_summary ? -1 : ui_app_next_visible(app, app->item);
    if (app->n_hist < UI_MAX_HISTORY) app->hist[app->n_hist++] = app->item;
    if (next < 0) {
        app->from_summary = false;
        ui_app_goto(app, &screen_summary);
        return;
    }
    app->item = next;
    ui_app_goto(app, &screen_question);
}

void ui_app_back(ui_app_t *app)
{
    app->confirm_ms = 0;
    app->hint = (ui_str_id_t)-1;
    survey_answers_t a = store_draft_answers(&app->draft);
    while (app->n_hist > 0) {
        int i = app->hist[--app->n_hist];
        if (i == -1) { /* came from the summary */
            app->from_summary = false;
            ui_app_goto(app, &screen_summary);
            return;
        }
        /* An answer changed since: skip items that are hidden now. */
        if (i >= 0 && survey_item_visible(app->draft.survey, i, &a)) {
            app->item = i;
            app->from_summary = false;
            ui_app_goto(app, &screen_question);
            return;
        }
    }
    ui_app_goto(app, &screen_notice);
}

void ui_app_jump(ui_app_t *app, int i)
{
    if (app->n_hist < UI_MAX_HISTORY) app->hist[app->n_hist++] = -1; /* marks the summary */
    app->item = i;
    app->from_summary = true;
    app->hint = (ui_str_id_t)-1;
    ui_app_goto(app, &screen_question);
}

/* Saves the draft; when its row was closed behind the kiosk's back (an
 * older kiosk or tool closed it as abandoned), the answers go on in a new
 * response at once instead of failing on every retry. */
static jh_status_t draft_save(ui_app_t *app, jh_err_t *err)
{
    /* what a power cut now would leave it as (store_open: submitted by
     * timeout, as the idle countdown, or abandoned) */
    app->draft.counts_if_left = ui_app_draft_counts(app);
    jh_status_t s = store_draft_save(app->store, &app->draft, app->now_ms, err);
    if (s == JH_ERR_CONFLICT && app->draft.seq != 0) {
        fprintf(stderr, "junheng-kiosk: %s; the answers continue in a new response\n", err->msg);
        store_draft_detach(&app->draft);
        s = store_draft_save(app->store, &app->draft, app->now_ms, err);
    }
    return s;
}

bool ui_app_save(ui_app_t *app)
{
    if (!app->store || !app->has_draft) return true;
    jh_err_t err;
    jh_status_t s = draft_save(app, &err);
    if (s == JH_OK) return true;
    set_store_error(app, s, err.msg);
    app->n_store_failures++;
    if (app->screen != &screen_unavailable) {
        app->resume = app->screen;
        ui_app_goto(app, &screen_unavailable);
    }
    return false;
}

void ui_app_finish(ui_app_t *app, store_status_t status)
{
    if (!app->has_draft) {
        ui_app_reset_person(app);
        ui_app_goto(app, &screen_welcome);
        return;
    }
    /* A questionnaire already ended (submitted, or ended by a timeout)
     * and waiting for the store keeps how it ended, whichever path retries
     * it: closing the admin screen or a timeout must not turn a waiting
     * 提交 into an abandoned one. */
    if (app->finish_pending) status = app->finish_status;
    /* Ended without 提交 (返回 on the role screen, the admin screen closed):
     * complete once at the summary, it counts, as when the idle countdown
     * ends it (review r2elder F1). */
    else if (status == STORE_ABANDONED && ui_app_draft_counts(app)) status = STORE_SUBMITTED_TIMEOUT;
    prune_hidden(app);
    bool any = false;
    for (int i = 0; i < app->draft.survey->n_items; i++) any |= app->draft.values[i] != NULL;
    bool submitted = status != STORE_ABANDONED; /* SUBMITTED or SUBMITTED_TIMEOUT */
    if (app->store && (submitted || any || app->draft.seq != 0)) {
        jh_err_t err;
        jh_status_t fs = store_draft_finish(app->store, &app->draft, status, app->now_ms, &err);
        if (fs == JH_ERR_CONFLICT && app->draft.seq != 0 && !submitted) {
            fs = JH_OK; /* closed as abandoned behind the kiosk's back: that is what was asked */
        } else if (fs == JH_ERR_CONFLICT && app->draft.seq != 0) {
            /* Its row was closed behind the kiosk's back: finish a new one. */
            fprintf(stderr, "junheng-kiosk: %s; the answers are recorded in a new response\n", err.msg);
            store_draft_detach(&app->draft);
            fs = store_draft_finish(app->store, &app->draft, status, app->now_ms, &err);
        }
        if (fs != JH_OK) {
            set_store_error(app, fs, err.msg);
            app->n_store_failures++;
            app->finish_pending = true;
            app->finish_status = status;
            app->resume = status == STORE_SUBMITTED && !app->person_gone ? &screen_thanks : &screen_welcome;
            /* (a retry from the out-of-service screen stays on it: going
             * there again would restart its idle time) */
            if (app->screen != &screen_unavailable) ui_app_goto(app, &screen_unavailable);
            return;
        }
    }
    if (submitted) {
        app->n_submitted++;
        app->last_submitted_seq = app->draft.seq;
    } else {
        app->n_abandoned++;
    }
    app->finish_pending = false;
    store_draft_free(&app->draft);
    app->has_draft = false;
    app->reached_summary = false;
    app->n_hist = 0;
    bool gone = app->person_gone;
    app->person_gone = false;
    if (status == STORE_SUBMITTED && !gone) {
        ui_app_goto(app, &screen_thanks);
    } else {
        ui_app_reset_person(app);
        ui_app_goto(app, &screen_welcome);
    }
}

bool ui_app_retry_store(ui_app_t *app)
{
    if (app->finish_pending) {
        app->finish_pending = false;
        ui_app_finish(app, app->finish_status);
        return !app->finish_pending;
    }
    if (!app->has_draft || !app->store) return true;
    jh_err_t err;
    jh_status_t s = draft_save(app, &err);
    if (s != JH_OK) {
        set_store_error(app, s, err.msg);
        return false;
    }
    return true;
}

void ui_app_person_gone(ui_app_t *app)
{
    if (app->has_draft && !app->finish_pending) {
        /* what the idle screen's countdown would have stored */
        bool complete = ui_app_draft_counts(app);
        app->finish_pending = true;
        app->finish_status = complete ? STORE_SUBMITTED_TIMEOUT : STORE_ABANDONED;
    }
    app->person_gone = app->has_draft || app->finish_pending;
    app->resume = &screen_welcome; /* never the question they left */
    ui_app_reset_person(app);
}

/* Whether the draft counts when its person leaves without 提交: every
 * required question shown now has an answer, whether or not the summary
 * was seen (a person who cannot write stops at the optional comment at the
 * end; it was stored as abandoned, review rparent9 item 2).  A
 * questionnaire without required questions (none is shipped) needs its
 * summary reached, or the first tap on a role would count. */
bool ui_app_draft_counts(const ui_app_t *app)
{
    if (!app->has_draft || !ui_app_draft_complete(app)) return false;
    if (app->reached_summary) return true;
    const survey_t *s = app->draft.survey;
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].required && app->draft.values[i]) return true;
    return false;
}

bool ui_app_draft_complete(const ui_app_t *app)
{
    if (!app->has_draft) return false;
    const survey_t *s = app->draft.survey;
    survey_answers_t a = store_draft_answers(&app->draft);
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].required && survey_item_visible(s, i, &a) && !app->draft.values[i]) return false;
    return true;
}

void ui_app_set_speech(ui_app_t *app, bool available)
{
    if (!available) ui_app_speech_stop(app);
    app->speech_available = available;
    app->dirty = true;
}

bool ui_app_can_speak(const ui_app_t *app)
{
    /* Without an English voice the Mandarin one spelled English as pinyin
     * (review r2speech4 item 6): nothing is offered in English then. */
    if (app->speech_no_english && !strcmp(app->lang, "en")) return false;
    return app->speech_available && app->voice_on;
}

bool ui_app_speech_take(ui_app_t *app, ui_speech_cmd_t *out)
{
    if (app->speech_cmd.kind == UI_SPEECH_NONE) return false;
    *out = app->speech_cmd;
    app->speech_cmd.kind = UI_SPEECH_NONE;
    return true;
}

void ui_app_speech_progress(ui_app_t *app, int seq, int option)
{
    if (seq != app->speech_seq || !app->speaking) return;
    if (option == UI_SPEECH_DONE) app->speaking = false;
    if (app->speech_option != option) {
        app->speech_option = option;
        app->dirty = true;
    }
}

static void speak(ui_app_t *app, const survey_t *s, int item)
{
    app->speech_cmd = (ui_speech_cmd_t){.kind = UI_SPEECH_SPEAK, .seq = ++app->speech_seq, .survey = s,
                                        .item = item};
    snprintf(app->speech_cmd.lang, sizeof app->speech_cmd.lang, "%s", app->lang);
    app->speaking = true;
    app->speaking_item = s != NULL;
    app->speech_option = UI_SPEECH_QUESTION;
    app->speech_turned = UI_SPEECH_QUESTION;
    app->n_speech_requests++;
    app->dirty = true;
}

void ui_app_speak_item(ui_app_t *app)
{
    if (!ui_app_can_speak(app) || !app->has_draft || app->item < 0) return;
    speak(app, app->draft.survey, app->item);
}

void ui_app_speak_screen(ui_app_t *app, const char *text)
{
    if (!app->listen_mode) return;
    ui_app_speak_text(app, text);
}

void ui_app_speak_text(ui_app_t *app, const char *text)
{
    if (!ui_app_can_speak(app) || !text || !*text) return;
    speak(app, NULL, -1);
    size_t n = strlen(text);
    if (n >= sizeof app->speech_cmd.text) { /* cut between characters, never inside one */
        n = sizeof app->speech_cmd.text - 1;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    }
    memcpy(app->speech_cmd.text, text, n);
    app->speech_cmd.text[n] = 0;
}

void ui_app_speak_test(ui_app_t *app)
{
    if (!app->speech_available || app->n_surveys == 0) return;
    const survey_t *s = app->surveys[0];
    for (int i = 0; i < s->n_items; i++) {
        int n;
        survey_item_options(&s->items[i], &n);
        if (n > 0) {
            speak(app, s, i);
            return;
        }
    }
}

void ui_app_speech_stop(ui_app_t *app)
{
    if (!app->speaking && app->speech_cmd.kind != UI_SPEECH_SPEAK) return;
    app->speech_cmd = (ui_speech_cmd_t){.kind = UI_SPEECH_STOP, .seq = app->speech_seq};
    app->speaking = false;
    app->speech_option = UI_SPEECH_DONE;
    app->n_speech_stops++;
    app->dirty = true;
}

void ui_app_reset_person(ui_app_t *app)
{
    ui_app_speech_stop(app);
    app->listen_mode = false;
    strcpy(app->lang, "zh-CN");
    app->large_text = false;
    app->survey = NULL;
    app->dirty = true;
}

jh_status_t ui_app_export_target_check(const char *dir, void *ctx, jh_err_t *err)
{
    const ui_app_t *app = ctx;
    /* The folder given on the command line is a target as the scan lists
     * it: no USB stick asked for. */
    if (app->export_dir && !strcmp(dir, app->export_dir)) return JH_OK;
    return usb_target_check(app->mountinfo, NULL, (const char *const *)app->media_globs,
                            app->store ? store_path(app->store) : NULL, dir, err);
}

static bool pack_find(const char *dir, char *out, size_t n, int *count, bool *named);

void ui_app_scan_exports(ui_app_t *app)
{
    char previous[512];
    snprintf(previous, sizeof previous, "%s",
             app->export_sel >= 0 && app->export_sel < app->n_export_targets ? app->export_targets[app->export_sel]
                                                                              : "");
    app->n_export_targets = 0;
    usb_target_t found[UI_MAX_EXPORT_TARGETS];
    /* Not the kiosk's own disk (its EFI partition under /media, say). */
    int n = usb_targets_list_except(app->mountinfo, NULL, (const char *const *)app->media_globs,
                                    app->store ? store_path(app->store) : NULL, found, UI_MAX_EXPORT_TARGETS - 1);
    for (int i = 0; i < n; i++) {
        char *dst = app->export_targets[app->n_export_targets++];
        size_t l = strnlen(found[i].path, sizeof app->export_targets[0] - 1);
        memcpy(dst, found[i].path, l);
        dst[l] = '\0';
    }
    if (app->export_dir && app->n_export_targets < UI_MAX_EXPORT_TARGETS)
        snprintf(app->export_targets[app->n_export_targets++], sizeof app->export_targets[0],
                 "%s", app->export_dir);
    /* One target: that one.  Two or more: the administrator chooses (the
     * first listed is no better a guess than the others). */
    app->export_sel = app->n_export_targets == 1 ? 0 : -1;
    for (int i = 0; i < app->n_export_targets; i++)
        if (!strcmp(app->export_targets[i], previous)) app->export_sel = i;
    app->n_damaged = 0;
    if (app->store) {
        char *pattern = jh_sprintf("%s.corrupt-*", store_path(app->store));
        glob_t gl;
        if (glob(pattern, 0, NULL, &gl) == 0) {
            for (size_t i = 0; i < gl.gl_pathc; i++) {
                size_t n = strlen(gl.gl_pathv[i]);
                if (n > 4 && (!strcmp(gl.gl_pathv[i] + n - 4, "-wal") || !strcmp(gl.gl_pathv[i] + n - 4, "-shm")))
                    continue;
                if (n > 8 && !strcmp(gl.gl_pathv[i] + n - 8, "-journal")) continue;
                app->n_damaged++;
            }
            globfree(&gl);
        }
        free(pattern);
    }
    /* A county pack at the top of a stick. */
    pack_free(app->found_pack);
    app->found_pack = NULL;
    app->found_pack_state = UI_PACK_NONE;
    app->found_pack_path[0] = '\0';
    app->found_pack_name[0] = '\0';
    app->found_pack_count = 0;
    for (int i = 0; i < app->n_export_targets && !app->found_pack_path[0]; i++) {
        char path[600];
        if (!pack_find(app->export_targets[i], path, sizeof path, &app->found_pack_count, &app->found_pack_named))
            continue;
        snprintf(app->found_pack_path, sizeof app->found_pack_path, "%s", path);
        size_t dl = strlen(app->export_targets[i]);
        snprintf(app->found_pack_name, sizeof app->found_pack_name, "%s",
                 !strncmp(path, app->export_targets[i], dl) && path[dl] == '/' ? path + dl + 1 : path);
        jh_err_t err;
        /* pack_read reads only a plain file of bounded size (a FIFO here
         * would have frozen the screen, review 14). */
        int newer = 0;
        if (pack_read_info(path, &app->found_pack, &newer, &err) != JH_OK) {
            app->found_pack_state = newer ? UI_PACK_NEWER : UI_PACK_BAD;
            snprintf(app->found_pack_err, sizeof app->found_pack_err, "%s", err.msg);
            continue;
        }
        char *trusted = app->store ? store_setting_get(app->store, "bureau_key") : NULL;
        if (!trusted) app->found_pack_state = UI_PACK_NEW_KEY;
        else if (!strcmp(trusted, app->found_pack->bureau_key_hex)) app->found_pack_state = UI_PACK_READY;
        else app->found_pack_state = UI_PACK_OTHER_KEY;
        /* Last year's pack of the same bureau would bring back its
         * questionnaires: refused (pack_install refuses it too), also as a
         * first pack after the key was forgotten (review r-pack2, item 4). */
        int64_t installed = app->found_pack_state == UI_PACK_READY || app->found_pack_state == UI_PACK_NEW_KEY
                                ? pack_installed_created_ms(app->store, app->found_pack->bureau_key_hex)
                                : 0;
        if (installed > 0 && app->found_pack->created_ms < installed) {
            app->found_pack_state = UI_PACK_OLDER;
            pack_beijing_times(app->found_pack->created_ms, installed, app->found_pack_made, app->installed_pack_made);
        }
        /* The pack this kiosk has installed, byte for byte: nothing to
         * install (rlook's review, item 4). */
        if (app->found_pack_state == UI_PACK_READY && same_pack(app->pack, app->found_pack)) {
            app->found_pack_state = UI_PACK_INSTALLED;
            pack_beijing_time(app->found_pack->created_ms, app->found_pack_made);
        }
        app->trusted_fingerprint[0] = '\0';
        unsigned char pk[32];
        if (trusted && strlen(trusted) == 64 && jh_unhex(trusted, pk, sizeof pk))
            store_fingerprint_of(pk, app->trusted_fingerprint);
        app->forget_refused = trusted && app->store && !store_bureau_key_forgettable(app->store);
        free(trusted);
    }
}

/* Whether name is a county pack's as a browser or a copy names it:
 * junheng-county-pack*.json ("junheng-county-pack (1).json", "… - 副本.json"),
 * letters in any case (a FAT stick shows some names upper-case). */
static bool pack_name_like(const char *name)
{
    size_t n = strlen(name), pn = strlen(PACK_FORMAT_NAME);
    return n >= pn + 5 && !strncasecmp(name, PACK_FORMAT_NAME, pn) && !strcasecmp(name + n - 5, ".json");
}

/* The county pack on a stick (review rsite9, item 2: one saved as
 * "junheng-county-pack (1).json" or copied with its folder was ignored, and
 * the admin screen said nothing): DIR/junheng-county-pack.json, else the
 * newest file named like one at the top of dir or in a folder at the top
 * (one level; a pack at the top no longer wins over a newer one in a
 * folder, review r2kiosk9 F6).  *count: the files named like a pack found
 * there, which the screen tells when more than one; *named: the first
 * was taken for its name.  false when none. */
static bool pack_find(const char *dir, char *out, size_t n, int *count, bool *named)
{
    *count = 0;
    *named = false;
    char exact[600];
    snprintf(exact, sizeof exact, "%s/%s", dir, PACK_FILE_NAME);
    struct stat sb;
    if (stat(exact, &sb) == 0) *named = true;
    out[0] = '\0';
    time_t best = 0;
    for (int level = 0; level < 2; level++) {
        DIR *d = opendir(dir);
        if (!d) return false;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char *path = jh_sprintf("%s/%s", dir, e->d_name);
            if (level == 0) {
                if (pack_name_like(e->d_name) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
                    ++*count;
                    if (!out[0] || sb.st_mtime > best) {
                        snprintf(out, n, "%s", path);
                        best = sb.st_mtime;
                    }
                }
            } else if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                DIR *sd = opendir(path);
                struct dirent *f;
                while (sd && (f = readdir(sd))) {
                    if (f->d_name[0] == '.' || !pack_name_like(f->d_name)) continue;
                    char *fp = jh_sprintf("%s/%s", path, f->d_name);
                    struct stat fb;
                    if (stat(fp, &fb) == 0 && S_ISREG(fb.st_mode)) {
                        ++*count;
                        if (!out[0] || fb.st_mtime > best) {
                            snprintf(out, n, "%s", fp);
                            best = fb.st_mtime;
                        }
                    }
                    free(fp);
                }
                if (sd) closedir(sd);
            }
            free(path);
        }
        closedir(d);
    }
    if (*named) snprintf(out, n, "%s", exact);
    return out[0] != '\0';
}

void ui_app_install_pack(ui_app_t *app, bool trust)
{
    const pack_t *p = app->found_pack;
    if (!p || !app->store || !app->installed_dir) return;
    if (app->found_pack_state == UI_PACK_NEW_KEY && !trust) return;
    if (app->found_pack_state != UI_PACK_READY && app->found_pack_state != UI_PACK_NEW_KEY) return;
    jh_err_t err;
    jh_status_t s = pack_install(app->store, app->found_pack_path, p, app->installed_dir, &err);
    if (s != JH_OK) {
        /* what to do first (the disk's state, else the pack and the
         * technician), the technical line second */
        const char *todo = s == JH_ERR_FULL || s == JH_ERR_READONLY ? ui_app_cause(app, s)
                               : ui_app_str(app, UI_S_PACK_FAILED_OTHER);
        char county_todo[600];
        if (s == JH_ERR_CONFLICT) {
            /* another county's pack on a kiosk whose school holds answers
             * (review rusb4 item 4): both counties named */
            char *school = store_setting_get(app->store, "school_code");
            char county[7], version[64];
            pack_fit_t fit = pack_school_fit(app->store, p, county);
            int clash = fit == PACK_FITS ? pack_survey_clash(app->store, p, version) : -1;
            if (clash >= 0) /* a questionnaire changed without a new version (review rfield6 item 1) */
                snprintf(county_todo, sizeof county_todo, ui_app_str(app, UI_S_PACK_SURVEY_REFUSED),
                         p->survey_ids[clash], version);
            else if (fit == PACK_OTHER_COUNTY)
                snprintf(county_todo, sizeof county_todo, ui_app_str(app, UI_S_PACK_OTHER_COUNTY), p->county_code,
                         school ? school : "", county, county);
            else /* not in the register (review r2admin4 item 2) */
                snprintf(county_todo, sizeof county_todo, ui_app_str(app, UI_S_PACK_SCHOOL_REFUSED),
                         school ? school : "", p->county_code);
            free(school);
            todo = county_todo;
        }
        snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_PACK_FAILED), todo, err.msg);
        app->admin_msg_kind = 2;
        return;
    }
    /* The person in the middle of a questionnaire (there is none on the
     * admin screen normally) keeps nothing borrowed from the old set. */
    if (app->has_draft) end_draft(app, true);
    free_surveys(app);
    free(app->surveys_dir);
    app->surveys_dir = jh_strdup(app->installed_dir);
    load_surveys(app);
    load_register(app);
    ui_app_reload_settings(app);
    snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_PACK_DONE), p->n_schools, p->n_surveys);
    app->admin_msg_kind = 1;
    {
        /* the kiosk's school missing from the register just installed: a
         * wrong pack or a wrong school code (review rusb4 item 4) */
        char *school = store_setting_get(app->store, "school_code");
        if (school && !pack_school_find(p, school)) {
            size_t n = strlen(app->admin_msg);
            snprintf(app->admin_msg + n, sizeof app->admin_msg - n, ui_app_str(app, UI_S_PACK_SCHOOL_MISSING),
                     school, p->county_code);
            app->admin_msg_kind = 2;
        }
        free(school);
    }
    app->found_pack_state = UI_PACK_READY;
    if (same_pack(app->pack, p)) { /* installed now: not offered again */
        app->found_pack_state = UI_PACK_INSTALLED;
        pack_beijing_time(p->created_ms, app->found_pack_made);
    }
}

bool ui_app_forget_refused(ui_app_t *app)
{
    if (!app->store || store_bureau_key_forgettable(app->store)) return false;
    /* Something was exported since the key was trusted: forgetting it
     * here would let anyone with the PIN redirect the sealed database
     * backups to a key of their own (review r2b, r5). */
    app->forget_refused = true; /* the admin screen says what to do instead */
    app->confirm_forget = false;
    return true;
}

void ui_app_forget_bureau_key(ui_app_t *app)
{
    app->confirm_forget = false;
    if (!app->store || ui_app_forget_refused(app)) return;
    jh_err_t err;
    jh_status_t s = store_setting_clear(app->store, "bureau_key", &err);
    if (s != JH_OK) {
        ui_app_save_failed(app, app->admin_msg, sizeof app->admin_msg, s, err.msg);
        app->admin_msg_kind = 2;
        return;
    }
    snprintf(app->admin_msg, sizeof app->admin_msg, "%s", ui_app_str(app, UI_S_PACK_FORGOTTEN));
    app->admin_msg_kind = 1;
    load_register(app);     /* the old register is no longer trusted */
    ui_app_scan_exports(app); /* the pack on the stick: now a first pack */
}

void ui_app_salvage(ui_app_t *app)
{
    if (!app->store || app->export_sel < 0 || app->export_sel >= app->n_export_targets) {
        if (app->n_export_targets > 1) {
            snprintf(app->admin_msg, sizeof app->admin_msg, "%s", ui_app_str(app, UI_S_ADMIN_TARGET_FIRST));
            app->admin_msg_kind = 2;
        }
        return;
    }
    const char *dir = app->export_targets[app->export_sel];
    char *pattern = jh_sprintf("%s.corrupt-*", store_path(app->store));
    glob_t gl;
    int64_t saved = 0, unreadable = 0, lost = 0;
    char lost_seqs[300];
    bool failed = false, no_program = false, other_kiosk = false;
    char detail[600] = "", other[sizeof ((jh_err_t *)0)->msg] = "";
    if (glob(pattern, 0, NULL, &gl) == 0) {
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            const char *p = gl.gl_pathv[i];
            size_t n = strlen(p);
            if ((n > 4 && (!strcmp(p + n - 4, "-wal") || !strcmp(p + n - 4, "-shm"))) ||
                (n > 8 && !strcmp(p + n - 8, "-journal")))
                continue;
            char *rec = NULL; /* in salvage's own 0700 folder; salvage_discard */
            char method[16];
            jh_err_t err;
            jh_status_t st = salvage_recover(p, &rec, method, &err);
            /* The damaged file was just listed: the recovery's NOTFOUND is
             * the sqlite3 program (salvage.h), not the stick.  (The export's
             * NOTFOUND below is the stick: pulled out.) */
            if (st == JH_ERR_NOTFOUND) no_program = true;
            struct sqlite3 *db = NULL;
            if (st == JH_OK && sqlite3_open_v2(rec, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
                bundle_salvage_info_t info;
                st = bundle_salvage_export(app->store, db, p, dir, app->now_ms, &info, &err);
                saved += info.n_responses;
                unreadable += info.n_unreadable;
            } else if (st == JH_ERR_CORRUPT) {
                st = JH_OK; /* nothing readable: counted below as such */
            }
            if (db) sqlite3_close(db);
            salvage_discard(rec);
            if (st == JH_ERR_CONFLICT) {
                /* another kiosk's database (bundle_salvage_export): its
                 * message says what to do; no stick is at fault */
                other_kiosk = true;
                snprintf(other, sizeof other, "%s", err.msg);
            } else if (st != JH_OK) {
                failed = true;
                snprintf(detail, sizeof detail, ui_app_str(app, UI_S_ERR_DETAIL), err.msg);
            }
        }
        globfree(&gl);
    }
    free(pattern);
    if (failed) {
        snprintf(app->admin_msg, sizeof app->admin_msg, "%s\n%s",
                 ui_app_str(app, no_program ? UI_S_SALVAGE_NO_PROGRAM : UI_S_SALVAGE_FAILED), detail);
        app->admin_msg_kind = 2;
    } else if (other_kiosk) {
        snprintf(app->admin_msg, sizeof app->admin_msg, "%s", other);
        app->admin_msg_kind = 2;
    } else if ((lost = store_lost_text(app->store, lost_seqs, sizeof lost_seqs)) > 0) {
        /* answers saved once, not exported, and not in what was read: lost
         * (review rsite9, item 2: "0 unreadable" under the note naming them) */
        char *kid = store_setting_get(app->store, "kiosk_id");
        size_t m = saved ? (size_t)snprintf(app->admin_msg, sizeof app->admin_msg,
                                            ui_app_str(app, UI_S_SALVAGE_DONE_PLAIN), (long long)saved)
                         : (size_t)snprintf(app->admin_msg, sizeof app->admin_msg, "%s",
                                            ui_app_str(app, UI_S_SALVAGE_NONE_PLAIN));
        if (m < sizeof app->admin_msg)
            snprintf(app->admin_msg + m, sizeof app->admin_msg - m, ui_app_str(app, UI_S_SALVAGE_LOST), lost_seqs,
                     (long long)lost, kid ? kid : "", lost_seqs);
        free(kid);
        app->admin_msg_kind = 2;
    } else if (saved == 0) {
        snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_SALVAGE_NONE), (long long)unreadable);
        app->admin_msg_kind = 0;
    } else {
        snprintf(app->admin_msg, sizeof app->admin_msg, ui_app_str(app, UI_S_SALVAGE_DONE), (long long)saved,
                 (long long)unreadable);
        app->admin_msg_kind = 1;
    }
}

bool ui_app_school_set(const ui_app_t *app)
{
    if (!app->store) return false;
    char *code = store_setting_get(app->store, "school_code");
    bool set = code && *code;
    free(code);
    return set;
}

void ui_app_reload_settings(ui_app_t *app)
{
    if (!app->store) return;
    free(app->school_name);
    app->school_name = store_setting_get(app->store, "school_name");
    app->dirty = true;
}

const char *ui_app_level_text(const ui_app_t *app, const char *level)
{
    static const struct { const char *code; ui_str_id_t id; } m[] = {
        {"primary", UI_S_LEVEL_PRIMARY},       {"junior", UI_S_LEVEL_JUNIOR},
        {"nine_year", UI_S_LEVEL_NINE_YEAR},   {"complete_middle", UI_S_LEVEL_COMPLETE_MIDDLE},
        {"twelve_year", UI_S_LEVEL_TWELVE_YEAR},
    };
    for (size_t i = 0; level && i < sizeof m / sizeof *m; i++)
        if (!strcmp(level, m[i].code)) return ui_app_str(app, m[i].id);
    return level ? level : "";
}

const char *ui_app_locality_text(const ui_app_t *app, const char *locality)
{
    static const struct { const char *code; ui_str_id_t id; } m[] = {
        {"urban", UI_S_LOC_URBAN}, {"town", UI_S_LOC_TOWN}, {"rural", UI_S_LOC_RURAL}};
    for (size_t i = 0; locality && i < sizeof m / sizeof *m; i++)
        if (!strcmp(locality, m[i].code)) return ui_app_str(app, m[i].id);
    return locality ? locality : "";
}

/* ---- static functions ------------------------------------------------------ */

/* Sets the app's wall clock from the host's when no questionnaire is in
 * progress: its answers keep one clock from start to end, and a kiosk that
 * started with a wrong clock (a flat mainboard battery: 2000-01-01) dates
 * the next person's answers rightly once the clock is set, without a
 * restart.  mono_ms (idle, confirmation and input-guard timers) is left
 * alone. */
static void sync_wall_clock(ui_app_t *app)
{
    if (!app->wall_clock || app->has_draft) return;
    int64_t t = app->wall_clock(app->wall_clock_ctx);
    if (t > 0) app->now_ms = t;
}

/* Whether the idle timer runs: on screens that watch it, and on the welcome
 * screen when the last person left it in English or large text (the next
 * person must find it in Chinese, normal text, even when nobody started). */
static bool idle_applies(const ui_app_t *app)
{
    if (app->screen->idle_watch) return true;
    return app->screen == &screen_welcome && (strcmp(app->lang, "zh-CN") != 0 || app->large_text || app->listen_mode);
}

/* The idle time of the screen shown: short (at most UI_SUMMARY_IDLE_MS) on
 * the summary and, once the draft counts (ui_app_draft_counts), on every
 * screen.  A person who finished and walked away, at the summary, at the
 * optional comment or after 返回修改, left a questionnaire the next person
 * must not find: going back showed them every answer to change, and 提交
 * sent them as one questionnaire (review rparent9 item 1, r2kiosk9 F1). */
static int64_t idle_limit(const ui_app_t *app)
{
    if ((app->screen == &screen_summary || ui_app_draft_counts(app)) && app->idle_limit_ms > UI_SUMMARY_IDLE_MS)
        return UI_SUMMARY_IDLE_MS;
    return app->idle_limit_ms;
}

/* Whether item i counts in the progress total: it is visible given the
 * answers so far, or its show_if still waits for an answer the person has
 * not reached yet (then it counts: going forward the total only shrinks,
 * when that answer hides it; 上一题 to before a skipped question counts its
 * dependants again, docs/kiosk.md). */
static bool item_counted(const ui_app_t *app, const survey_answers_t *a, int i)
{
    const survey_t *s = app->draft.survey;
    if (survey_item_visible(s, i, a)) return true;
    int c = s->items[i].show_if.item_index;
    if (c < 0) return false;
    bool undecided = app->draft.values[c] == NULL && c >= app->item && item_counted(app, a, c);
    return undecided;
}

/* Whether questionnaire id is named in the active_surveys setting (a
 * comma-separated list; NULL: unset, all are active). */
static bool survey_active(const char *setting, const char *id)
{
    if (!setting) return true; /* unset: all active; "" : none */
    const char *p = setting;
    size_t idlen = strlen(id);
    while (p && *p) {
        while (*p == ' ') p++;
        if (!strncmp(p, id, idlen) && (p[idlen] == ',' || p[idlen] == ' ' || !p[idlen])) return true;
        p = strchr(p, ',');
        if (p) p++;
    }
    return false;
}

/* Adds lines (one or more, "\n"-ended) to the problems the admin screen
 * lists (the kiosk prints them on stderr too, main.c). */
static void problem(ui_app_t *app, const char *lines)
{
    size_t ml = strlen(lines);
    while (ml && lines[ml - 1] == '\n') ml--;
    if (!ml) return;
    jh_buf_printf(&app->problems, "%.*s\n", (int)ml, lines);
    app->n_invalid++;
}

/* store_survey_version_clash as survey_folder_load's callback. */
static bool app_clash(void *ctx, const survey_t *s)
{
    return store_survey_version_clash(ctx, s, NULL);
}

/* The questionnaires of app->surveys_dir: each file loaded and checked;
 * files misnamed (student.JSON), not loadable, changed without a new
 * version after answers were given against the old content, or of an id
 * another file supersedes are listed as problems and not offered (review
 * rquest3 items 1, 3 and 4; docs/kiosk.md), decided by survey_folder_load
 * as the self-check decides (review r2quest3 item 3). */
static void load_surveys(ui_app_t *app)
{
    if (!app->surveys_dir) return;
    survey_check_opts_t opts = {.has_glyph = app->has_glyph, .glyph_ctx = app->glyph_ctx, .max_errors = 20};
    survey_t **loaded = NULL;
    char **files = NULL;
    int n = 0, n_problems = 0;
    jh_buf_t problems = {0};
    jh_err_t lerr;
    if (survey_folder_load(app->surveys_dir, &opts, app->store ? app_clash : NULL, app->store,
                           ui_app_str(app, UI_S_SURVEY_CLASH), &loaded, &files, &n, &problems, &n_problems,
                           &lerr) != JH_OK) {
        char *m = jh_sprintf("%s\n", lerr.msg);
        problem(app, m);
        free(m);
        return;
    }
    if (n_problems) {
        problem(app, problems.data);
        app->n_invalid += n_problems - 1;
    }
    jh_buf_free(&problems);
    app->surveys = jh_xcalloc((size_t)n + 1, sizeof *app->surveys);
    app->survey_files = jh_xcalloc((size_t)n + 1, sizeof *app->survey_files);
    app->active = jh_xcalloc((size_t)n + 1, sizeof *app->active);
    char *active_setting = app->store ? store_setting_get(app->store, "active_surveys") : NULL;
    for (int i = 0; i < n; i++) {
        survey_t *s = loaded[i];
        jh_err_t err;
        if (app->store && store_survey_register(app->store, s, &err) != JH_OK) {
            char *m = jh_sprintf(ui_app_str(app, UI_S_SURVEY_NOT_RECORDED), files[i], err.msg);
            problem(app, m);
            free(m);
        }
        int k = app->n_surveys++;
        app->surveys[k] = s;
        app->survey_files[k] = files[i];
        app->active[k] = survey_active(active_setting, s->id);
    }
    free(loaded);
    free(files);
    free(active_setting);
}

static void free_surveys(ui_app_t *app)
{
    for (int i = 0; i < app->n_surveys; i++) {
        survey_free(app->surveys[i]);
        free(app->survey_files[i]);
    }
    free(app->surveys);
    free(app->survey_files);
    free(app->active);
    app->surveys = NULL;
    app->survey_files = NULL;
    app->active = NULL;
    app->n_surveys = 0;
    app->survey = NULL;
    jh_buf_free(&app->problems);
    app->n_invalid = 0;
}

/* Whether a and b (either may be NULL) are the same file: same key, same
 * time of making, same contents (the signed bytes). */
static bool same_pack(const pack_t *a, const pack_t *b)
{
    return a && b && a->text && b->text && a->text_len == b->text_len && !memcmp(a->text, b->text, a->text_len);
}

/* The register installed from a county pack (verified again, and only when
 * signed with the bureau key the kiosk trusts). */
static void load_register(ui_app_t *app)
{
    pack_free(app->pack);
    app->pack = NULL;
    if (!app->store) return;
    char *key = store_setting_get(app->store, "bureau_key");
    char *path = jh_sprintf("%s.pack.json", store_path(app->store));
    pack_t *p = NULL;
    jh_err_t err;
    struct stat sb;
    if (key && stat(path, &sb) == 0 && pack_read_installed(path, &p, &err) == JH_OK) {
        if (!strcmp(p->bureau_key_hex, key)) app->pack = p;
        else pack_free(p);
    }
    free(path);
    free(key);
}

static void load_settings(ui_app_t *app)
{
    if (!app->store) {
        if (!app->idle_limit_ms) app->idle_limit_ms = 120000;
        return;
    }
    app->school_name = store_setting_get(app->store, "school_name");
    char *theme = store_setting_get(app->store, "theme");
    app->high_contrast = theme && !strcmp(theme, "high_contrast");
    free(theme);
    char *inches = store_setting_get(app->store, "screen_inches");
    app->screen_inches = inches ? strtod(inches, NULL) : 0;
    free(inches);
    char *voice = store_setting_get(app->store, "voice");
    if (voice) app->voice_on = strcmp(voice, "off") != 0 && strcmp(voice, "0") != 0;
    free(voice);
    char *src = store_setting_get(app->store, "voice_source");
    if (src) app->voice_recorded = strcmp(src, "synthesised") != 0;
    free(src);
    char *vol = store_setting_get(app->store, "voice_volume");
    if (vol && *vol) {
        int v = atoi(vol);
        app->voice_volume = v < 0 ? 0 : v > 100 ? 100 : v;
    }
    free(vol);
    if (!app->idle_limit_ms) {
        char *v = store_setting_get(app->store, "idle_seconds");
        int s = v ? atoi(v) : 0;
        app->idle_limit_ms = (int64_t)(s >= 10 ? s : 120) * 1000;
        free(v);
    }
}

static void corner_tap(ui_app_t *app, int x, int y)
{
    int unit = app->width < app->height ? app->width : app->height;
    int c = CORNER_DESIGN_PX * unit / 1080;
    if (x >= c || y >= c) {
        app->n_corner_taps = 0;
        return;
    }
    /* Only where no visitor answers (welcome, 暂停服务, no questionnaire):
     * a child or a parent tapping a question's corner landed on the
     * Chinese-only PIN pad (review rkiosk5 item 6).  Staff at a kiosk left
     * on a question wait for the idle timeout, which brings the welcome
     * screen back. */
    if (!app->screen || !app->screen->admin_gesture) {
        app->n_corner_taps = 0;
        return;
    }
    if (app->n_corner_taps == CORNER_TAPS) {
        memmove(app->corner_taps, app->corner_taps + 1, sizeof app->corner_taps[0] * (CORNER_TAPS - 1));
        app->n_corner_taps--;
    }
    app->corner_taps[app->n_corner_taps++] = app->mono_ms;
    if (app->n_corner_taps == CORNER_TAPS &&
        app->mono_ms - app->corner_taps[0] <= CORNER_WINDOW_MS) {
        app->n_corner_taps = 0;
        app->resume = app->screen;
        ui_app_goto(app, &screen_pin);
    }
}

static void move_focus(ui_app_t *app, int dir)
{
    const ui_frame_t *f = &app->frame;
    int n = f->n, cur = app->focus_id >= 0 ? ui_frame_index(f, app->focus_id, app->focus_arg) : -1;
    for (int step = 1; step <= n; step++) {
        int i = cur < 0 ? (dir > 0 ? step - 1 : n - step) : ((cur + dir * step) % n + n) % n;
        if (f->w[i].kind == UI_W_BUTTON) {
            app->focus_id = f->w[i].id;
            app->focus_arg = f->w[i].arg;
            app->dirty = true;
            return;
        }
    }
}

/* Keeps the store's message for the out-of-service screen, without the
 * database path it starts with (the screen is public; the path is on
 * stderr and the admin screen). */
static void set_store_error(ui_app_t *app, jh_status_t status, const char *msg)
{
    app->store_error_status = status;
    const char *path = app->store ? store_path(app->store) : NULL;
    size_t n = path ? strlen(path) : 0;
    if (n && !strncmp(msg, path, n) && msg[n] == ':' && msg[n + 1] == ' ') msg += n + 2;
    snprintf(app->store_error, sizeof app->store_error, "%s", msg);
}

/* Answers to items that show_if now hides are not kept. */
static void prune_hidden(ui_app_t *app)
{
    const survey_t *s = app->draft.survey;
    survey_answers_t a = store_draft_answers(&app->draft);
    for (int i = 0; i < s->n_items; i++)
        if (app->draft.values[i] && !survey_item_visible(s, i, &a)) {
            store_draft_set(&app->draft, i, NULL, app->now_ms);
            a = store_draft_answers(&app->draft);
            i = -1; /* hiding one item can hide later ones: start again */
        }
}

/* Ends the current draft without leaving the screen flow: as abandoned, or,
 * when may_count and it counts (ui_app_draft_counts), as submitted by
 * timeout (the idle countdown's rule).  Another role chosen at 请问您是 passes
 * false: the person corrects themselves (ui_app_begin). */
static void end_draft(ui_app_t *app, bool may_count)
{
    bool counts = may_count && ui_app_draft_counts(app);
    if (counts) prune_hidden(app);
    bool any = false;
    for (int i = 0; i < app->draft.survey->n_items; i++) any |= app->draft.values[i] != NULL;
    if (app->store && (counts || any || app->draft.seq != 0)) {
        jh_err_t err;
        if (store_draft_finish(app->store, &app->draft, counts ? STORE_SUBMITTED_TIMEOUT : STORE_ABANDONED,
                               app->now_ms, &err) != JH_OK)
            app->n_store_failures++;
    }
    if (counts) app->n_submitted++;
    else app->n_abandoned++;
    store_draft_free(&app->draft);
    app->has_draft = false;
}
