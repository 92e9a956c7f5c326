/* ui_draw.h - the UI's output: a draw list of rectangles, rounded
 * rectangles and single-line text runs in logical pixels.  Screens push
 * commands; the platform layer walks the list and renders it.  The list's
 * hash tells the platform whether anything changed since the last frame.
 *
 * Ownership: a ui_draw_list_t owns its commands and their text copies;
 * ui_draw_text copies the text it is given. */
#ifndef UI_DRAW_H
#define UI_DRAW_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int x, y, w, h;
} ui_rect_t;

typedef uint32_t ui_color_t; /* 0xRRGGBBAA */

typedef enum {
    UI_CMD_RECT = 0,  /* filled rectangle r */
    UI_CMD_RRECT,     /* filled rectangle r with corner radius */
    UI_CMD_TEXT,      /* one line of text, top-left at r.x, r.y; r.w/h its measured box */
} ui_cmd_type_t;

typedef struct {
    ui_cmd_type_t type;
    ui_rect_t r;
    int radius;        /* RRECT */
    ui_color_t color;
    int size;          /* TEXT: font size in pixels */
    char *text;        /* TEXT: owned UTF-8 copy */
} ui_cmd_t;

typedef struct {
    ui_cmd_t *cmds;    /* owned */
    int n, cap;
} ui_draw_list_t;

void ui_draw_list_clear(ui_draw_list_t *dl);  /* keeps the allocation */
void ui_draw_list_free(ui_draw_list_t *dl);

void ui_draw_rect(ui_draw_list_t *dl, ui_rect_t r, ui_color_t c);
void ui_draw_rrect(ui_draw_list_t *dl, ui_rect_t r, int radius, ui_color_t c);
/* Rounded rectangle with a border of width bw in colour border. */
void ui_draw_frame(ui_draw_list_t *dl, ui_rect_t r, int radius, int bw, ui_color_t fill,
                   ui_color_t border);
/* Text run of len bytes (copied); w and h are the measured box. */
void ui_draw_text(ui_draw_list_t *dl, int x, int y, int w, int h, int size, ui_color_t c,
                  const char *text, size_t len);

/* FNV-1a hash over every command; equal lists give equal hashes. */
uint64_t ui_draw_list_hash(const ui_draw_list_t *dl);

/* True when point (x, y) lies inside r. */
int ui_rect_contains(ui_rect_t r, int x, int y);

#endif
