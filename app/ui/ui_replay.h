/* ui_replay.h - replay scripts that drive the kiosk for tests and demos.
 *
 * One command per line; '#' starts a comment.  Commands:
 *   tap X Y              press and release at logical pixel (X, Y); fails when the
 *                        point is off the screen or on a button a finger cannot
 *                        touch (not fully on screen, or covered by another widget)
 *   tap-text TEXT        tap the centre of the visible button labelled exactly TEXT;
 *                        fails (and stops) when there is none or a finger cannot
 *                        touch it, and fails when the input guard ignored the tap
 *   double-tap TEXT MS   tap the button labelled TEXT, then the same spot again MS
 *                        ms later, whatever is there by then (a person's double tap)
 *   double-tap TEXT MS busy BUSY
 *                        the same, when handling the first tap keeps the kiosk's loop
 *                        busy BUSY ms (a slow save or frame): the screen it leads to
 *                        shows when that ends (ui_app_presented), and a second tap made
 *                        meanwhile is read then, stamped with the time it was made
 *   expect-layout        fail when the frame breaks a layout rule (ui_frame_check)
 *   drag X1 Y1 X2 Y2     press at 1, move in steps, release at 2
 *   stroke FILE          draw the strokes recorded in FILE (relative: to the script's
 *                        folder) in the input panel's writing area, as a finger would:
 *                        down, moves, up for each stroke.  FILE: "size N" (the
 *                        square the points are in), then one stroke a line, "x y x y
 *                        ..." (its corners; '#' comments); fails when no writing
 *                        area is on the screen
 *   wait MS              advance the program's clock by MS milliseconds
 *   key NAME             enter, space, tab, backtab, escape, left, right, up, down, backspace
 *   text UTF8            type text (as from a keyboard)
 *   shot NAME            save a screenshot NAME.png (only when the host can); fails
 *                        like expect-layout when the frame breaks a layout rule
 *   expect-text TEXT     fail unless a visible widget shows TEXT
 *   expect-no-text TEXT  fail if a visible widget shows TEXT
 *   expect-screen NAME   fail unless the current screen is NAME
 *   platform NAME        ask the host to inject a platform event (the SDL
 *                        kiosk: alt+f4, escape, ctrl+q, super, alt+tab,
 *                        window-close, quit; see plat_inject)
 * In text arguments ${NAME} is replaced by the environment variable NAME.
 * Failures name the script file and line and do not stop the run; the
 * caller turns ui_replay_t.failures into the exit status.
 *
 * Ownership: a parsed script owns its commands (ui_replay_free). */
#ifndef UI_REPLAY_H
#define UI_REPLAY_H

#include <stdio.h>

#include "ui_app.h"

typedef enum {
    UI_RP_TAP = 0,
    UI_RP_TAP_TEXT,
    UI_RP_DRAG,
    UI_RP_WAIT,
    UI_RP_KEY,
    UI_RP_TEXT,
    UI_RP_SHOT,
    UI_RP_EXPECT_TEXT,
    UI_RP_EXPECT_NO_TEXT,
    UI_RP_EXPECT_SCREEN,
    UI_RP_PLATFORM,
    UI_RP_DOUBLE_TAP,
    UI_RP_EXPECT_LAYOUT,
    UI_RP_STROKE,
} ui_rp_op_t;

typedef struct {
    ui_rp_op_t op;
    int line;            /* 1-based line in the script */
    int x1, y1, x2, y2;  /* TAP, DRAG */
    int64_t ms;          /* WAIT, DOUBLE_TAP */
    int64_t busy_ms;     /* DOUBLE_TAP: how long the first tap kept the loop busy (0: not) */
    ui_key_t key;        /* KEY */
    char *arg;           /* owned: TEXT argument of tap-text, text, shot, expect-* */
} ui_rp_cmd_t;

typedef struct {
    char *name;          /* script name used in messages (owned) */
    ui_rp_cmd_t *cmds;   /* owned */
    int n;
    int pc;              /* next command */
    int failures;        /* expectations that failed so far */
    /* Set by the host to run `platform NAME`; returns false and fills msg
     * when it cannot.  NULL: the command fails ("not available here"). */
    bool (*platform)(void *ctx, const char *name, char *msg, size_t msg_len);
    void *platform_ctx;
} ui_replay_t;

/* Parses script text.  Errors name NAME:LINE and the problem. */
jh_status_t ui_replay_parse(const char *name, const char *text, ui_replay_t *out, jh_err_t *err);
jh_status_t ui_replay_load(const char *path, ui_replay_t *out, jh_err_t *err);
void ui_replay_free(ui_replay_t *r);

/* Takes a screenshot; returns false and fills msg on failure. */
typedef bool (*ui_shot_fn)(void *ctx, const char *name, char *msg, size_t msg_len);

/* Runs the next command against app.  Failures are counted and printed to
 * log (may be NULL).  Returns false when the script has ended. */
bool ui_replay_step(ui_replay_t *r, ui_app_t *app, ui_shot_fn shot, void *shot_ctx, FILE *log);

/* Runs the whole script; returns the number of failures. */
int ui_replay_run(ui_replay_t *r, ui_app_t *app, ui_shot_fn shot, void *shot_ctx, FILE *log);

/* Largest clock step used by `wait` (timers see every step). */
#define UI_REPLAY_STEP_MS 50

#endif
