/* ui_input.c - key names of input records, used by replay scripts. */
#include "ui_input.h"

#include <stddef.h>
#include <strings.h>

static const char *const key_names[UI_KEY_COUNT_] = {
    [UI_KEY_NONE] = NULL,         [UI_KEY_ENTER] = "enter",   [UI_KEY_SPACE] = "space",
    [UI_KEY_TAB] = "tab",         [UI_KEY_BACKTAB] = "backtab", [UI_KEY_ESCAPE] = "escape",
    [UI_KEY_LEFT] = "left",       [UI_KEY_RIGHT] = "right",   [UI_KEY_UP] = "up",
    [UI_KEY_DOWN] = "down",       [UI_KEY_BACKSPACE] = "backspace",
};

const char *ui_key_name(ui_key_t key)
{
    return key > UI_KEY_NONE && key < UI_KEY_COUNT_ ? key_names[key] : NULL;
}

ui_key_t ui_key_from_name(const char *name)
{
    for (int k = 1; k < UI_KEY_COUNT_; k++)
        if (!strcasecmp(name, key_names[k])) return (ui_key_t)k;
    if (!strcasecmp(name, "return")) return UI_KEY_ENTER;
    if (!strcasecmp(name, "esc")) return UI_KEY_ESCAPE;
    return UI_KEY_NONE;
}
