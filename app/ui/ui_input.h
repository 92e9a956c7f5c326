/* ui_input.h - the one input boundary of the kiosk UI: plain records that
 * the platform layer (or a replay script, or a test) produces from touch,
 * mouse and keyboard events.  Nothing behind this boundary knows about SDL.
 *
 * Ownership: records are plain values; nothing to free. */
#ifndef UI_INPUT_H
#define UI_INPUT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    UI_IN_NONE = 0,
    UI_IN_DOWN,   /* finger or mouse button pressed at x, y */
    UI_IN_MOVE,   /* pointer moved while pressed */
    UI_IN_UP,     /* finger lifted / button released at x, y */
    UI_IN_KEY,    /* a key was pressed (key) */
    UI_IN_TEXT,   /* text typed (text, UTF-8) */
} ui_input_type_t;

typedef enum {
    UI_KEY_NONE = 0,
    UI_KEY_ENTER,
    UI_KEY_SPACE,
    UI_KEY_TAB,
    UI_KEY_BACKTAB,    /* Shift+Tab */
    UI_KEY_ESCAPE,
    UI_KEY_LEFT,
    UI_KEY_RIGHT,
    UI_KEY_UP,
    UI_KEY_DOWN,
    UI_KEY_BACKSPACE,
    UI_KEY_COUNT_,
} ui_key_t;

/* One input record.  Coordinates are logical pixels of the UI (the platform
 * scales touch, mouse and DPI into them). */
typedef struct {
    ui_input_type_t type;
    int x, y;           /* DOWN, MOVE, UP */
    ui_key_t key;       /* KEY */
    char text[32];      /* TEXT: NUL-terminated UTF-8 */
    int64_t t_ms;       /* when it happened, on the app clock (ui_app_t.mono_ms): the
                           input guard compares it with when the screen was shown */
} ui_input_t;

/* "enter", "tab", ... for replay scripts; NULL for an unknown key. */
const char *ui_key_name(ui_key_t key);
/* Case-insensitive inverse of ui_key_name; UI_KEY_NONE when unknown. */
ui_key_t ui_key_from_name(const char *name);

#endif
