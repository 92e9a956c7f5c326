/* ui_widget.h - one frame of the UI: layout helpers that measure text
 * through a callback, push draw commands, and record the widgets they place
 * (text blocks and buttons) so input can be hit-tested and replay scripts
 * can find a widget by its label.  Immediate mode: a screen rebuilds its
 * whole frame whenever its state changes.
 *
 * Ownership: the frame owns its draw list and widget labels (copies); the
 * theme and measure context are borrowed. */
#ifndef UI_WIDGET_H
#define UI_WIDGET_H

#include <stdbool.h>

#include "jh.h"
#include "ui_draw.h"
#include "ui_text.h"

/* The one colour theme: dark text on a light background, a strong accent. */
typedef struct {
    ui_color_t bg;            /* screen background */
    ui_color_t text;          /* body text */
    ui_color_t muted;         /* secondary text (still >= 7:1 on bg) */
    ui_color_t accent;        /* primary buttons, selected options */
    ui_color_t accent_text;   /* text on accent */
    ui_color_t button;        /* option button fill */
    ui_color_t border;        /* option button border */
    ui_color_t pressed;       /* fill while a finger is down */
    ui_color_t disabled_bg;
    ui_color_t disabled_text;
    ui_color_t focus;         /* keyboard focus ring */
    ui_color_t danger;        /* warnings and errors */
    ui_color_t panel;         /* panels and text boxes */
} ui_theme_t;

const ui_theme_t *ui_theme_default(void);
/* The high-contrast theme (chosen on the admin screen, setting "theme" =
 * "high_contrast"): white on black, yellow accent. */
const ui_theme_t *ui_theme_high_contrast(void);

/* WCAG 2 contrast ratio of two opaque colours (1 to 21). */
double ui_contrast_ratio(ui_color_t a, ui_color_t b);

typedef enum { UI_W_TEXT = 0, UI_W_BUTTON } ui_widget_kind_t;

enum {
    UI_BTN_PRIMARY = 1,   /* accent fill: the main action */
    UI_BTN_SELECTED = 2,  /* a chosen option: accent fill and a check mark */
    UI_BTN_DISABLED = 4,  /* greyed; still reported on tap so a hint can be shown */
    UI_BTN_QUIET = 8,     /* secondary action (back, cancel) */
    UI_BTN_DANGER = 16,   /* destructive admin action */
    UI_BTN_READING = 32,  /* the option being read aloud: a thick ring around it */
    UI_BTN_TOGGLE = 64,   /* a switch: a second tap switches back (not drawn; the input
                           * guard keeps a double tap from undoing the first tap) */
};

typedef enum { UI_ALIGN_LEFT = 0, UI_ALIGN_CENTER, UI_ALIGN_RIGHT } ui_align_t;

typedef struct {
    ui_widget_kind_t kind;
    int id;          /* screen-defined action id (buttons) */
    int arg;         /* e.g. the option index */
    ui_rect_t r;
    char *label;     /* owned copy of the text shown */
    int flags;       /* UI_BTN_* */
    bool overflow;   /* button: the label does not fit even at the smallest size */
} ui_widget_t;

typedef struct {
    int width, height;      /* logical pixels */
    int unit_pct;           /* 100 * min(width, height) / 1080: size of a design pixel */
    int text_pct;           /* 100, or UI_LARGE_TEXT_PCT in large-text mode */
    int px_per_cm;          /* the screen's pixels per 10 mm (0: not known; set after ui_frame_begin) */
    ui_measure_t measure;
    const ui_theme_t *theme;
    ui_draw_list_t dl;      /* owned */
    ui_widget_t *w;         /* owned */
    int n, cap;
    int focus_id, focus_arg;     /* button drawn with the focus ring (id -1: none) */
    int pressed_id, pressed_arg; /* button drawn pressed (id -1: none) */
} ui_frame_t;

/* Large-text mode: every font 1.5 times its normal size. */
#define UI_LARGE_TEXT_PCT 150

/* ---- layout rules ----------------------------------------------------------
 * Every screen at every supported size, language and text size must meet
 * them (tests/test_ui_layout.c checks the whole matrix; replays check every
 * tap): every widget lies fully on the screen, no two widgets overlap, every
 * button is at least ui_min_button() wide and tall and its label fits. */
#define UI_MIN_BUTTON_DESIGN_PX 80  /* minimum button size in design pixels (80 px at 1080p) */
#define UI_MIN_BUTTON_PX 44         /* and never under 44 logical pixels */
#define UI_MIN_BUTTON_MM10 90       /* nor under 9.0 mm where the screen's size is known (px_per_cm) */

/* The smallest button side allowed in this frame, in logical pixels: a
 * finger's 9 mm where the screen's size is known (a 7" 1024x600 panel:
 * 60 px, not 44; review rscreen7 item 1). */
int ui_min_button(const ui_frame_t *f);
/* Checks the frame against the layout rules; appends one line per problem
 * to out (may be NULL) and returns how many there are. */
int ui_frame_check(const ui_frame_t *f, jh_buf_t *out);
/* Whether a finger can touch w (a widget of f): fully on screen and not
 * covered by a widget placed after it.  On false, why says which. */
bool ui_widget_touchable(const ui_frame_t *f, const ui_widget_t *w, char *why, size_t why_len);

/* Checks every drawn text against what is drawn under it (WCAG AA: 4.5:1,
 * 3:1 for text of 24 px and more); appends one line per problem to out
 * (may be NULL), sets *worst (may be NULL) to the lowest ratio found, and
 * returns how many texts fail. */
int ui_frame_contrast_check(const ui_frame_t *f, jh_buf_t *out, double *worst);

/* Starts a frame of size w x h: clears commands and widgets. */
void ui_frame_begin(ui_frame_t *f, int w, int h, int text_pct);
void ui_frame_free(ui_frame_t *f);

/* Design pixels (as at 1080p) to logical pixels. */
int ui_px(const ui_frame_t *f, int design_px);
/* Font size in logical pixels for a design size, large-text mode applied. */
int ui_font(const ui_frame_t *f, int design_size);

/* Height that text wraps to within max_w. */
int ui_text_height(const ui_frame_t *f, const char *text, int size, int max_w);

/* Wrapped text block at (x, y) within width w; records a text widget.
 * Returns its height. */
int ui_label(ui_frame_t *f, int x, int y, int w, const char *text, int size, ui_color_t c,
             ui_align_t align);

/* How ui_fit_line cuts a line too wide for its room. */
typedef enum {
    UI_FIT_HEAD, /* the start of the text, then "…" (only when cut) */
    UI_FIT_TAIL, /* "…", then the end of the text (only when cut) */
    UI_FIT_MORE  /* the start of the text, then "…" always: more follows */
} ui_fit_t;

/* The len bytes of s as one line of at most w pixels at size, cut at a
 * character as ui_fit_t says ("…" alone when nothing else fits).  Widths
 * grow with the text kept, so the cut is found by bisection: a few
 * measures however long s is.  The caller frees the result. */
char *ui_fit_line(const ui_frame_t *f, const char *s, size_t len, int size, int w, ui_fit_t how);

/* Like ui_label, but draws only the lines that fit in max_h; the widget
 * still carries the whole text.  A deliberate clip (lists of problems for
 * the administrator), not a layout problem.  Returns the height drawn. */
int ui_label_clipped(ui_frame_t *f, int x, int y, int w, int max_h, const char *text, int size,
                     ui_color_t c);

/* Text wrapped and centred vertically inside r (no widget recorded). */
void ui_text_in_rect(ui_frame_t *f, ui_rect_t r, const char *text, int size, ui_color_t c,
                     ui_align_t align);

/* A button with a wrapped, centred label; records a button widget. */
void ui_button(ui_frame_t *f, int id, int arg, ui_rect_t r, const char *label, int size,
               int flags);

/* ui_button with pic_w pixels at the right of the label area left free
 * for a picture the caller draws (faces on a scale). */
void ui_button_pic(ui_frame_t *f, int id, int arg, ui_rect_t r, const char *label, int size, int flags,
                   int pic_w);

/* A read-aloud button: ui_button with a speaker drawn at the right of its
 * label (rectangles only, no font or image), so a person who cannot read
 * the label still finds the control that speaks (review rspeech4 item 4). */
void ui_button_speaker(ui_frame_t *f, int id, int arg, ui_rect_t r, const char *label, int size, int flags);
/* The speaker alone, s pixels tall with its top-left at (x, y): a box, a
 * cone and two sound waves; ui_speaker_width(s) wide. */
void ui_speaker(ui_frame_t *f, int x, int y, int s, ui_color_t c);
int ui_speaker_width(int s);

/* The colour of a mood: 0 the worst (red) ... 1 the best (green); below 0
 * unknown (grey). */
ui_color_t ui_mood_color(double mood);
/* A face of diameter d centred at (cx, cy) in its mood's colour: smiling at
 * 1, straight at 0.5, frowning at 0, "?" below 0; features false: a plain
 * coloured disc.  Drawn with rounded rectangles only (no image files). */
void ui_face(ui_frame_t *f, int cx, int cy, int d, double mood, bool features);

/* A text entry box: a panel with a border at r showing text and a caret at
 * its end.  When the text needs more lines than fit, the box scrolls to its
 * end (the last lines, under a "……" line), so what is being typed stays in
 * view.  Draws only inside r, so a panel (an on-screen keyboard) can sit
 * under it; records a text widget (the inner area) carrying the whole text. */
void ui_textbox(ui_frame_t *f, ui_rect_t r, const char *text, int size);
/* The same box as a button (id, arg 0) that opens an on-screen input panel
 * when touched: an empty box shows placeholder (muted) after the caret; the
 * widget's label is the text, or the placeholder while it is empty. */
void ui_textbox_tap(ui_frame_t *f, int id, ui_rect_t r, const char *text, const char *placeholder, int size);
/* Records a text widget labelled label over r without drawing anything (an
 * area drawn by other means, e.g. the handwriting area). */
void ui_area(ui_frame_t *f, ui_rect_t r, const char *label);
/* The height a box of width w needs to show all of text (at least one line). */
int ui_textbox_height(const ui_frame_t *f, const char *text, int size, int w);

/* The last button placed that contains (x, y), or NULL. */
const ui_widget_t *ui_frame_hit(const ui_frame_t *f, int x, int y);
/* The first widget whose label is exactly text (buttons only when
 * buttons_only), or NULL. */
const ui_widget_t *ui_frame_find(const ui_frame_t *f, const char *text, bool buttons_only);
/* Whether some widget's label contains text (a no-break space in the label
 * matches a plain space in text). */
bool ui_frame_shows(const ui_frame_t *f, const char *text);
/* Index of button (id, arg) in f->w, or -1. */
int ui_frame_index(const ui_frame_t *f, int id, int arg);

#endif
