/* ui_app.h - the kiosk's state machine: the current screen, the person's
 * in-memory answers (a store_draft_t), settings, the loaded questionnaires,
 * the idle timer and the hidden administrator gesture.
 *
 * The app never reads the clock: the host calls ui_app_update(app, dt_ms)
 * and passes input records in with ui_app_input.  It never draws either:
 * ui_app_frame() returns a frame (draw list + widgets) that the host renders.
 *
 * Ownership: ui_app_create returns an app owned by the caller (destroy with
 * ui_app_destroy).  The store in the config is borrowed and must outlive the
 * app; strings in the config are copied.  The app owns the questionnaires
 * it loads and the draft in progress. */
#ifndef UI_APP_H
#define UI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "jh.h"
#include "pack.h"
#include "store.h"
#include "survey.h"
#include "ui_i18n.h"
#include "ui_input.h"
#include "ui_panel.h"
#include "ui_widget.h"

typedef struct ui_app ui_app_t;

/* One screen: a const table of callbacks (see screens/screens.h). */
typedef struct {
    const char *name;                                   /* "welcome", "question", ... */
    bool idle_watch;                                    /* idle timeout applies here */
    bool admin;                                         /* an administrator's screen: always
                                                           Chinese, normal text size */
    bool admin_gesture;                                 /* five taps in the top-left corner
                                                           open the PIN pad here (screens no
                                                           visitor answers on) */
    void (*enter)(ui_app_t *app);                       /* may be NULL */
    void (*leave)(ui_app_t *app);                       /* may be NULL */
    /* A button was activated (hit != NULL: tap released on it, or Enter on
     * the focused one), or a key/text/stray tap arrived (hit == NULL). */
    void (*event)(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit);
    void (*update)(ui_app_t *app, int64_t dt_ms);       /* may be NULL */
    void (*draw)(ui_app_t *app, ui_frame_t *f);
    /* Pointer DOWN / MOVE / UP before they are hit-tested (after the input
     * guard): true when the screen took the record (a stroke in the
     * handwriting area).  May be NULL. */
    bool (*pointer)(ui_app_t *app, const ui_input_t *in);
} ui_screen_t;

/* A wall clock: epoch ms now (ui_app_config_t.wall_clock). */
typedef int64_t (*ui_wall_clock_fn)(void *ctx);

typedef struct {
    store_t *store;              /* borrowed; NULL keeps answers only in memory */
    const char *surveys_dir;     /* questionnaires (*.json); NULL = none */
    const char *export_dir;      /* default export target; NULL = none */
    const char *const *media_globs; /* extra USB stick folders (tests); NULL = none */
    const char *mountinfo;       /* where mounts are listed; NULL = /proc/self/mountinfo */
    const char *installed_dir;   /* where a county pack's questionnaires are installed; NULL =
                                    DB.surveys beside the store's database */
    int64_t now_ms;              /* wall clock at start (epoch ms) */
    /* The host's wall clock (epoch ms), read again at safe points (no
     * questionnaire in progress: the welcome screen, the admin screen, a
     * questionnaire about to start), so a clock set right while the kiosk
     * runs (NTP, the administrator) dates the next answers rightly.  NULL:
     * the clock only advances with ui_app_update (tests, replays). */
    ui_wall_clock_fn wall_clock;
    void *wall_clock_ctx;        /* passed to wall_clock */
    int width, height;           /* logical size */
    /* The display's pixels per inch as it reports them (SDL_GetDisplayDPI;
     * 0: not known): buttons at least 9 mm (ui_min_button).  The setting
     * screen_inches (kiosk.conf) goes before it. */
    double display_dpi;
    ui_measure_t measure;
    survey_glyph_fn has_glyph;   /* optional: checks questionnaire texts can be drawn */
    void *glyph_ctx;
    int idle_seconds;            /* 0 = setting idle_seconds, else 120 */
    int idle_countdown_seconds;  /* 0 = 30 */
    const char *input_dir;       /* the input panel's pinyin data (beside the database, DB.rime); NULL: pinyin off */
    const char *rime_shared_dir; /* NULL: Debian's rime-data */
    const char *zinnia_model;    /* NULL: Debian's zh_CN model */
} ui_app_config_t;

/* UI_PIN_MODE_NONE: no PIN and the kiosk has answers: none may be chosen
 * on the screen (whoever came first would own the kiosk, review rusb4
 * item 2); the pad says to set admin_pin in kiosk.conf. */
enum { UI_PIN_MODE_CHECK = 0, UI_PIN_MODE_SET, UI_PIN_MODE_CONFIRM, UI_PIN_MODE_NONE };
enum { UI_ERROR_NO_SURVEY = 0, UI_ERROR_INVALID };

#define UI_MAX_HISTORY 512
/* Input guard: after a screen change, a touch that began before the new
 * screen was shown (its first frame presented, ui_app_presented), or within
 * this many ms after it, is ignored (down, moves and release).  A double tap or a second tap that was meant for the screen
 * before lands here; a deliberate tap on something a person has just seen
 * comes later (docs/kiosk.md, "Input guard"). */
#define UI_INPUT_GUARD_MS 400
/* The idle time on the summary (就要完成了), shorter than idle_seconds: a
 * person who reached it and left is not there to be asked for long, and
 * the next one must not find their answers (docs/kiosk.md). */
#define UI_SUMMARY_IDLE_MS 20000
#define UI_MAX_EXPORT_TARGETS 8

/* Read-aloud (issue 14).  The app never plays sound: it leaves one command
 * for the host ("speak item i of this questionnaire in this language" or
 * "stop"), taken with ui_app_speech_take, and the host reports which part
 * is being heard with ui_app_speech_progress (plain records, testable
 * without SDL or audio).  seq tells a report of an old request from one of
 * the request in progress. */
typedef enum { UI_SPEECH_NONE = 0, UI_SPEECH_SPEAK, UI_SPEECH_STOP } ui_speech_kind_t;
typedef struct {
    ui_speech_kind_t kind;
    int seq;                     /* of the request (SPEAK), or of the one to stop */
    const survey_t *survey;      /* SPEAK: borrowed from the app */
    int item;                    /* SPEAK: item index */
    char lang[8];                /* SPEAK: "zh-CN" or "en" */
    char text[4096];             /* SPEAK with survey NULL: a screen's text, said as one part */
} ui_speech_cmd_t;
/* ui_app_speech_progress: the part heard is the question ... */
#define UI_SPEECH_QUESTION (-1)
/* ... or nothing any more (finished, stopped, or failed). */
#define UI_SPEECH_DONE (-2)
/* What the admin screen found in a county pack on a USB stick. */
enum { UI_PACK_NONE = 0, UI_PACK_READY, UI_PACK_NEW_KEY, UI_PACK_OTHER_KEY, UI_PACK_BAD, UI_PACK_OLDER,
       UI_PACK_INSTALLED, /* the very pack installed (same bytes): nothing to install */
       UI_PACK_NEWER /* a newer format (a newer bureau tool made it): update junheng-kiosk */ };
/* The setup screen's field being edited (0 = none). */
enum { UI_SETUP_NONE = 0, UI_SETUP_CODE, UI_SETUP_NAME, UI_SETUP_COUNTY };

struct ui_app {
    /* environment */
    store_t *store;
    char *surveys_dir, *export_dir;
    char **media_globs;
    int n_media_globs;
    char *mountinfo;             /* NULL: /proc/self/mountinfo */
    char *installed_dir;         /* where a county pack's questionnaires go */
    ui_measure_t measure;
    survey_glyph_fn has_glyph;
    void *glyph_ctx;
    int width, height;
    /* time */
    int64_t now_ms;              /* wall clock (start + elapsed, set again at safe points) */
    int64_t mono_ms;             /* elapsed since start (timers: never set from the wall clock) */
    ui_wall_clock_fn wall_clock; /* may be NULL (ui_app_config_t) */
    void *wall_clock_ctx;
    int64_t wake_ms;             /* screen asks for an update within this many ms (0 = no) */
    /* questionnaires */
    survey_t **surveys;          /* owned, valid ones in file order */
    char **survey_files;         /* owned, file names of surveys[] */
    bool *active;                /* per survey */
    int n_surveys;
    jh_buf_t problems;           /* validator messages of invalid files */
    int n_invalid;
    /* settings */
    char lang[8];                /* "zh-CN" or "en" */
    bool large_text;
    bool high_contrast;          /* setting "theme" = "high_contrast" (admin): the whole kiosk */
    double screen_inches;        /* setting screen_inches: the screen's diagonal (0: not set) */
    double display_dpi;          /* ui_app_config_t.display_dpi */
    char *school_name;           /* owned, may be NULL */
    int64_t idle_limit_ms, idle_countdown_ms;
    /* screens */
    const ui_screen_t *screen;
    const ui_screen_t *resume;   /* where idle / unavailable / pin return to */
    const ui_screen_t *came_from; /* the screen shown before this one (NULL: none) */
    bool dirty;
    ui_frame_t frame;
    int focus_id, focus_arg;
    int pressed_id, pressed_arg;
    int64_t idle_ms;             /* since the last input */
    int64_t shown_ms;            /* when the current screen was shown: mono_ms at the change,
                                    then when the host presented it (ui_app_presented) */
    bool show_pending;           /* a screen (or page) change the host has not presented yet */
    int64_t moved_ms;            /* a tap moved another button under the finger (or 读题 turned the
                                    options' page: screens/question.c): mono_ms then, */
    ui_rect_t moved_r;           /* and the tapped button's rect, or the answers' area (the input
                                    guard applies in it) */
    bool finger_down;            /* a touch is in progress (DOWN seen, no UP yet) */
    bool swallow;                /* the touch in progress is ignored (input guard) */
    int n_guarded;               /* touches the input guard ignored (tests) */
    int64_t corner_taps[5];      /* times of the last taps in the top-left corner */
    int n_corner_taps;
    bool quit;                   /* the administrator chose Quit */
    /* the person in progress */
    bool has_draft;
    store_draft_t draft;
    const survey_t *survey;      /* the chosen questionnaire (borrowed from surveys) */
    int item;                    /* current item index */
    int hist[UI_MAX_HISTORY];    /* visited items, for Back */
    int n_hist;
    bool from_summary;           /* answering a skipped item from the summary */
    bool reached_summary;        /* the draft's summary (就要完成了) was shown */
    ui_str_id_t hint;            /* hint shown on the question screen (-1 none) */
    int64_t confirm_ms;          /* single choice: time left before moving on */
    bool confirm_seen;           /* the chosen answer's highlight was presented (ui_app_presented) */
    int page, n_pages;           /* the page shown of a long list (0-based), and how many (draw sets it) */
    int left_item, left_page;    /* the question last left, and its page (-1: none) */
    /* storage failure */
    bool finish_pending;         /* a finish is waiting for the store */
    store_status_t finish_status;
    bool person_gone;            /* idle ran out during an outage: finish quietly, then welcome (reset) */
    int64_t retry_ms;
    char store_error[1024];      /* the store's message (technical, English), for the staff */
    jh_status_t store_error_status; /* its status: which sentence staff read first (UI_S_UNAVAILABLE_STAFF_*) */
    /* screen-specific state */
    int64_t countdown_ms;        /* idle / thanks / admin / unavailable (the one shown) */
    int error_kind;
    int pin_mode;
    char pin[9], pin_first[9];
    char pin_msg[600];
    bool welcome_invite;         /* welcome: the unset hint may name the admin gesture (no answers yet) */
    bool export_full;
    char admin_msg[1200];
    store_counts_t counts;       /* admin: read on entering the screen */
    bool counts_ok;
    store_sample_t sample;       /* admin: the sample by role and locality (issue 18) */
    bool sample_ok;
    int64_t disk_free_bytes;     /* admin screen: free on the database's disk when it opened (-1 unknown) */
    char export_targets[UI_MAX_EXPORT_TARGETS][512];
    int n_export_targets;
    /* read-aloud (issue 14) */
    bool speech_available;       /* the host has an audio device and a voice */
    bool speech_no_english;      /* ... but no English voice: no read-aloud in English */
    bool voice_on;               /* setting "voice" (admin): read-aloud offered at all */
    int voice_volume;            /* setting "voice_volume", 0-100 (the host applies it) */
    bool voice_recorded;         /* setting "voice_source": county recordings replace synthesis */
    bool listen_mode;            /* 听读: this person chose to hear every question (reset per person) */
    ui_speech_cmd_t speech_cmd;  /* the command waiting for the host (kind NONE: none) */
    int speech_seq;              /* seq of the last SPEAK */
    bool speaking;               /* a SPEAK is in progress (until DONE or a STOP) */
    bool say_page;               /* 听读: the summary's page is said when it is next laid out */
    bool speaking_item;          /* ... and it reads a question (not a screen's text) */
    int speech_option;           /* option being read (highlighted), UI_SPEECH_QUESTION, or DONE */
    int speech_turned;           /* the option the question's pages last turned to (read) */
    int n_speech_requests, n_speech_stops; /* for tests */
    char speech_note[1024];       /* why read-aloud is off (no audio device...), for the admin screen */
    int export_sel;              /* the chosen target; -1 = none chosen yet (two or more targets) */
    int export_pending;          /* admin: 0, or 1 + full for an export asked for and not run yet */
    bool export_shown;           /* admin: the "正在导出" frame was drawn (the export may start) */
    int64_t export_wait_ms;      /* admin: how long the pending export has waited for that frame */
    bool confirm_quit;           /* 退出程序 asked: waiting for the confirmation */
    bool admin_notes;            /* the admin screen shows every note whole (全部提示) */
    bool admin_howto;            /* ... and, from there, the steps to set the clock */
    bool confirm_forget;         /* 忘掉本机信任的教育局密钥 asked: waiting for the confirmation */
    char trusted_fingerprint[64]; /* of the trusted bureau key, when a pack signed otherwise was found */
    bool forget_refused;      /* the trusted key may not be forgotten here (ui_app_forget_refused) */
    int admin_msg_kind;          /* 0 info, 1 success, 2 error */
    /* county pack */
    pack_t *pack;                /* the installed register (owned), NULL = none */
    pack_t *found_pack;          /* a pack on a stick (owned), verified */
    char found_pack_path[600];
    char found_pack_name[600];   /* its path on the stick (below the stick's folder) */
    int found_pack_count;        /* packs found on the stick, the one offered among them */
    bool found_pack_named;       /* offered as named exactly junheng-county-pack.json, not as the newest */
    int found_pack_state;        /* UI_PACK_* */
    char found_pack_err[1024];   /* why the pack found is UI_PACK_BAD or _NEWER (pack_read's message) */
    char found_pack_made[24];    /* UI_PACK_OLDER, _INSTALLED: when the pack found was made (Beijing time) */
    char installed_pack_made[24]; /* ... and when the installed one was */
    /* setup and school picking */
    int setup_field;             /* UI_SETUP_* being edited */
    char setup_entry[400];
    char setup_msg[600];
    bool setup_first;            /* opened by the first admin visit of an unset kiosk */
    char pick_filter[33];
    int pick_page;
    bool pin_change;             /* the PIN pad sets a new PIN for the admin screen */
    int n_damaged;               /* databases moved aside as damaged (DB.corrupt-*) */
    /* the program could not start (screens/startup.c) */
    ui_str_id_t startup_what;    /* what went wrong, in words (UI_S_STARTUP_*) */
    char startup_detail[1200];   /* the technical message */
    bool startup_retry;          /* 重试 was touched: the host tries again */
    ui_panel_t *panel;           /* owned: the on-screen input panel */
    /* statistics for tests */
    int n_submitted, n_abandoned, n_store_failures;
    int64_t last_submitted_seq;  /* seq of the last questionnaire committed as submitted */
};

ui_app_t *ui_app_create(const ui_app_config_t *cfg);
/* Ends a draft in progress as abandoned (when it has answers) and frees. */
void ui_app_destroy(ui_app_t *app);

void ui_app_resize(ui_app_t *app, int width, int height);
/* One input record.  in->t_ms is when it happened, on the app clock
 * (mono_ms); the input guard compares it with when the screen was shown.
 * Hosts with a batch of records read at once use ui_app_deliver. */
void ui_app_input(ui_app_t *app, const ui_input_t *in);
void ui_app_update(ui_app_t *app, int64_t dt_ms);
/* Hands a batch of n records the host read at now_ms (app clock) to the
 * app in time order: the clock moves to each record's t_ms first (timers
 * due before a tap act before it, a timer due after it waits), then the
 * record goes in; at the end the clock moves to now_ms.  A record stamped
 * before the clock (read late) goes in at once, keeping its own t_ms for
 * the input guard.  Records must be in the order they happened. */
void ui_app_deliver(ui_app_t *app, const ui_input_t *in, int n, int64_t now_ms);
/* The host presented the current frame at t_ms (app clock; later than
 * mono_ms when drawing or a slow save took time after the clock last
 * moved).  After a screen or page change the input guard starts at the
 * first frame presented: a touch that began before the person could see
 * the new screen, or within UI_INPUT_GUARD_MS of it, is ignored.  The chosen
 * answer's confirmation likewise runs from when its highlight is presented
 * (a slow save does not eat it).  Hosts that present nothing (replays,
 * tests) need not call it: both then start at the change. */
void ui_app_presented(ui_app_t *app, int64_t t_ms);
/* Marks the screen as changed for the input guard (ui_app_goto does it;
 * screens call it when new buttons appear in place, as a page change). */
void ui_app_mark_shown(ui_app_t *app);
/* The current frame, rebuilt when something changed. */
const ui_frame_t *ui_app_frame(ui_app_t *app);
/* The screen's pixels per 10 mm at the app's size: from the setting
 * screen_inches, else from the display's DPI when it is a real screen's;
 * 0 when neither is known (the dummy driver of the tests). */
int ui_app_px_per_cm(const ui_app_t *app);
/* The draw list of the screen one tap away that is dearest to draw the
 * first time: on the welcome screen, itself in the other text size (大字模式
 * enlarges every size, so none of its text is cached yet), for the host to
 * render ahead on an idle frame (plat_prewarm).  Valid until the next
 * ui_app_frame call, which lays out the screen on show again; NULL on the
 * other screens. */
const ui_draw_list_t *ui_app_prewarm_list(ui_app_t *app);
/* Milliseconds until the app needs ui_app_update to change something, or -1. */
int64_t ui_app_next_timer(const ui_app_t *app);
bool ui_app_quit_requested(const ui_app_t *app);
/* Whether the current screen takes typed text (a free-text question, the
 * PIN pad): the host turns text input (and any on-screen keyboard the
 * system has) on only then. */
bool ui_app_wants_text(const ui_app_t *app);
const char *ui_app_screen_name(const ui_app_t *app);

/* Read-aloud: whether the host can play speech (an audio device opened and
 * a voice found); without it no read-aloud button or 听读 choice is shown. */
void ui_app_set_speech(ui_app_t *app, bool available);
/* Whether read-aloud is offered now (available and the voice setting on). */
bool ui_app_can_speak(const ui_app_t *app);
/* The command waiting for the host, if any (then cleared). */
bool ui_app_speech_take(ui_app_t *app, ui_speech_cmd_t *out);
/* The host hears part option (an option index, UI_SPEECH_QUESTION, or
 * UI_SPEECH_DONE) of request seq; reports of older requests are ignored. */
void ui_app_speech_progress(ui_app_t *app, int seq, int option);

/* ---- for screens ---------------------------------------------------------- */
void ui_app_goto(ui_app_t *app, const ui_screen_t *screen);
const char *ui_app_str(const ui_app_t *app, ui_str_id_t id);
/* Whether the kiosk's clock (app->now_ms) is before jh_clock_floor_ms
 * (this version's date, or 30 days before the installed pack was made);
 * then now_day and floor_day receive both days (Beijing time). */
bool ui_app_clock_wrong(const ui_app_t *app, char now_day[16], char floor_day[16]);
/* Whether the kiosk's clock, not plainly wrong (ui_app_clock_wrong,
 * ui_app_clock_ahead), is still in doubt against the kiosk's answers or
 * its installed pack (jh_clock_doubt: answers or the pack dated after it,
 * or it far after both); now_day and ref_day receive the clock's day and
 * the day it is doubted against, *days (may be NULL) the days between. */
jh_clock_doubt_t ui_app_clock_doubt(ui_app_t *app, char now_day[16], char ref_day[16], int *days);
/* The line for it into out (nothing when in no doubt), in lang ("zh-CN",
 * "en"; NULL: the screen's, as the admin screen shows it). */
void ui_app_clock_doubt_text(ui_app_t *app, const char *lang, char *out, size_t n);
/* Whether the kiosk's clock is at or after JH_TIME_MAX_MS (2100-01-01 00:00 UTC,
 * 08:00 Beijing time),
 * the latest time an export can carry: then it is wrong and exports are
 * refused; now_day receives its day (Beijing time). */
bool ui_app_clock_ahead(const ui_app_t *app, char now_day[16]);
/* The cause of a failed write, said for the administrator (what it is and
 * what to do): disk full, read-only / not permitted, or a read/write error. */
const char *ui_app_cause(const ui_app_t *app, jh_status_t status);
/* Writes "没有保存成功：<cause>（技术信息：<err>）" into buf. */
void ui_app_save_failed(const ui_app_t *app, char *buf, size_t len, jh_status_t status, const char *err_msg);

/* When the store refuses a new school code (store_school_locked: the kiosk
 * holds answers of its school): writes what staff can do into buf (Chinese
 * on the admin screens) and returns true; false when the school may
 * change (the caller says why the save failed). */
bool ui_app_school_locked_msg(const ui_app_t *app, char *buf, size_t len, const char *code);
const char *ui_app_text(const ui_app_t *app, const survey_text_t *t);
/* Re-reads the active-questionnaire setting; returns how many are active. */
int ui_app_count_active(const ui_app_t *app);
/* Saves the active set to the store. */
void ui_app_save_active(ui_app_t *app);
/* Starts (or keeps) the draft for survey s; positions on the first item. */
void ui_app_begin(ui_app_t *app, const survey_t *s, const char *role);
/* Next visible item after index from (-1: first), or -1 when none. */
int ui_app_next_visible(const ui_app_t *app, int from);
/* Position of the current item (1-based) and the total: the items this
 * person will be asked given the answers so far.  An item whose show_if
 * waits for an answer not given yet counts, so the total changes only when
 * an answer (or a skip) hides items, never back and forth. */
void ui_app_progress(const ui_app_t *app, int *pos, int *total);
/* Sets (value NULL: clears) the current item's answer and saves it. */
void ui_app_answer(ui_app_t *app, const char *value);
/* Moves to the next visible item, or the summary. */
void ui_app_advance(ui_app_t *app);
/* Moves back one item (or to the notice screen). */
void ui_app_back(ui_app_t *app);
/* Jumps to item i from the summary. */
void ui_app_jump(ui_app_t *app, int i);
/* Saves the draft; on failure switches to the out-of-service screen and
 * returns false (answers stay in memory and are retried). */
bool ui_app_save(ui_app_t *app);
/* Ends the person's session (SUBMITTED → thanks; ABANDONED and
 * SUBMITTED_TIMEOUT, the person has gone → welcome, reset). */
void ui_app_finish(ui_app_t *app, store_status_t status);
/* Retries pending storage work; returns true when nothing is pending. */
bool ui_app_retry_store(ui_app_t *app);
/* The person left the out-of-service screen (its idle time ran out): their
 * answers are finished as the idle screen would have (abandoned; complete
 * (ui_app_draft_counts), submitted by timeout; a submission already waiting stays
 * one) once the store works, the kiosk then shows the welcome screen, and
 * language and text size are reset now.  Nothing is written here. */
void ui_app_person_gone(ui_app_t *app);
/* Whether every visible required item of the draft has an answer. */
bool ui_app_draft_complete(const ui_app_t *app);
/* Whether the draft counts when its person has gone (the idle countdown
 * ran out, 换一个人, or the outage outlasted it): every visible required
 * item has an answer now, wherever the person was (at the last optional
 * comment before the summary, review rparent9 item 2; a question looked at
 * again after 返回修改, review rkiosk5 item 5).  A questionnaire without
 * required items counts only once its summary was shown. */
bool ui_app_draft_counts(const ui_app_t *app);
/* Asks the host to read the current item aloud (question, then options). */
void ui_app_speak_item(ui_app_t *app);
/* The admin's test button: reads the first question with options of the
 * first questionnaire. */
void ui_app_speak_test(ui_app_t *app);
/* 听读 on a screen other than a question (role, notice, summary, thanks):
 * asks the host to say text as one part, when this person chose 听读 and
 * speech is available; otherwise nothing. */
void ui_app_speak_screen(ui_app_t *app, const char *text);
/* Asks the host to say text as one part (a person asked: the input panel's
 * 读一读), when speech is available; otherwise nothing.  Text longer than
 * the command holds is cut between two characters. */
void ui_app_speak_text(ui_app_t *app, const char *text);
/* Asks the host to stop speaking (nothing when nothing is spoken). */
void ui_app_speech_stop(ui_app_t *app);
/* Resets language, text size and 听读 for the next person. */
void ui_app_reset_person(ui_app_t *app);
/* Looks for export targets (USB sticks, the default directory) and a county
 * pack on them. */
void ui_app_scan_exports(ui_app_t *app);
/* A bundle_target_check_fn (ctx: the ui_app_t): JH_OK while dir is still a
 * target ui_app_scan_exports would find now (the export directory given,
 * or a USB stick as usb_target_check decides); else JH_ERR_NOTFOUND and
 * why.  An export asks it just before it writes and before it records. */
jh_status_t ui_app_export_target_check(const char *dir, void *ctx, jh_err_t *err);
/* Installs the county pack found on a stick (found_pack): trusts its key
 * when trust is set (first pack), stores the register, installs the
 * questionnaires and reloads them.  Sets admin_msg. */
void ui_app_install_pack(ui_app_t *app, bool trust);
/* Forgets the trusted bureau key (the administrator confirmed, behind the
 * PIN): a pack signed with another key is then offered as a first pack,
 * whose fingerprint must be confirmed again.  Nothing else changes (the
 * answers, the installed questionnaires).  Sets admin_msg. */
/* Whether the trusted bureau key may not be forgotten on the admin screen
 * (store_bureau_key_forgettable); then sets admin_msg to what a technician
 * does instead. */
bool ui_app_forget_refused(ui_app_t *app);
void ui_app_forget_bureau_key(ui_app_t *app);
/* Salvages every damaged database moved aside (DB.corrupt-*) to the
 * chosen export target (salvage.h, bundle_salvage_export); sets admin_msg. */
void ui_app_salvage(ui_app_t *app);
/* Whether the kiosk has its school set (the code, at least). */
bool ui_app_school_set(const ui_app_t *app);
/* Re-reads the school name shown on the welcome screen. */
void ui_app_reload_settings(ui_app_t *app);
/* Words for a level / locality code (小学, 乡村); the code itself when unknown. */
const char *ui_app_level_text(const ui_app_t *app, const char *level);
const char *ui_app_locality_text(const ui_app_t *app, const char *locality);

#endif
