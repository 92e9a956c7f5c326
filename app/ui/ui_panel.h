/* ui_panel.h - the kiosk's own on-screen input panel for Chinese (and
 * English) text, drawn through the draw list like every other widget (no
 * system keyboard, no SDL).  Modes: 手写 handwriting (zinnia), 拼音 pinyin
 * (librime), 常用语 ready phrases from the questionnaire, 123 digits and
 * punctuation, ABC letters (English UI).  Every mode has the common Chinese
 * punctuation ，。？！、 (, . ? ! ' where the English UI types English), 空格 and 删除, a candidate bar with paging where
 * there are candidates, the counter the caller passes, and 完成 (close).
 *
 * The engines open lazily, on the first use of their mode; when their data
 * is missing the mode shows a note instead (ui_panel_note) and the panel
 * goes on working in the other modes.
 *
 * The panel does not own the text being written: ui_panel_event and
 * ui_panel_pointer report what to insert or delete, and the caller applies
 * it (with its own limits: max_length, drawable characters).
 *
 * Ownership: ui_panel_create returns a panel owned by the caller
 * (ui_panel_destroy); strings passed in are copied or borrowed for the call
 * only. */
#ifndef UI_PANEL_H
#define UI_PANEL_H

#include <stdbool.h>
#include <stdint.h>

#include "ui_input.h"
#include "ui_widget.h"

typedef enum {
    UI_PANEL_HAND = 0,
    UI_PANEL_PINYIN,
    UI_PANEL_PHRASE,
    UI_PANEL_SYMBOL,
    UI_PANEL_ABC,
    UI_PANEL_N_MODES
} ui_panel_mode_t;

/* Widget ids of the panel's keys (screens keep theirs below 9000). */
enum {
    UI_PANEL_ID_TAB = 9000, /* arg: ui_panel_mode_t */
    UI_PANEL_ID_CAND,       /* arg: index on the page */
    UI_PANEL_ID_CAND_PREV,
    UI_PANEL_ID_CAND_NEXT,
    UI_PANEL_ID_CHAR,       /* arg: byte offset of the key's text in the layout */
    UI_PANEL_ID_DELETE,
    UI_PANEL_ID_CLEAR,      /* 重写: drop the strokes */
    UI_PANEL_ID_SPACE,
    UI_PANEL_ID_PHRASE,     /* arg: phrase index */
    UI_PANEL_ID_DONE,
    UI_PANEL_ID_READ,       /* 读一读: read the question and the answer aloud */
    UI_PANEL_ID_LAST_
};

/* The label of the writing area (a text widget over it): replays find the
 * area by it to draw strokes. */
#define UI_PANEL_AREA_LABEL "手写区 Writing area"

typedef enum {
    UI_PANEL_NONE = 0, /* nothing for the caller (the panel may have changed: redraw) */
    UI_PANEL_INSERT,   /* insert the text given */
    UI_PANEL_DELETE,   /* delete the last character of the answer */
    UI_PANEL_CLOSE,    /* the person chose 完成; insert the text given (a composition kept), if any */
    UI_PANEL_READ,     /* 读一读 (or 停止 while reading): the caller reads aloud or stops */
    UI_PANEL_TOO_LONG, /* a pinyin word longer than the room left (ui_panel_set_room): nothing
                        * inserted, the composition kept, the panel open (ui_panel_refused) */
    UI_PANEL_UNSURE,   /* 完成, a tab, a mark or 空格 with a character written on the pad and
                        * not chosen (whatever the recogniser's scores): nothing done, the
                        * strokes kept; the caller asks the person to choose the character in
                        * the bar.  The same key tapped next goes on without it (strokes dropped). */
} ui_panel_action_t;

typedef struct ui_panel ui_panel_t;

/* user_dir: where librime keeps its compiled data (beside the kiosk
 * database; created on first use); NULL: pinyin stays off.  rime_shared and
 * zinnia_model: NULL for the Debian paths. */
ui_panel_t *ui_panel_create(const char *user_dir, const char *rime_shared, const char *zinnia_model);
void ui_panel_destroy(ui_panel_t *p);

/* Opens the panel in the default mode of lang (手写 for Chinese, ABC for
 * English), dropping strokes and compositions.  For Chinese the
 * handwriting engine is opened; when it cannot be (its model missing or
 * damaged) the panel opens on 拼音, or on 常用语 when pinyin is off too. */
void ui_panel_open(ui_panel_t *p, const char *lang);
/* Closes the panel, dropping strokes and a composition: a caller that
 * keeps what is shown calls ui_panel_commit first. */
void ui_panel_close(ui_panel_t *p);
/* Converts a pinyin composition being shown as 空格 would (first
 * candidates, letters librime cannot convert as typed) and appends it to
 * out, clearing the composition; true when something was appended.  A
 * character written on the handwriting pad and not chosen in the bar is
 * dropped, never stored as the recogniser's first candidate (review r2kiosk
 * item 2).  The panel's own 完成, tabs and
 * punctuation keys do this
 * (their text comes back from ui_panel_event); a screen left, the idle
 * timeout or the program's end call it. */
bool ui_panel_commit(ui_panel_t *p, jh_buf_t *out);
bool ui_panel_is_open(const ui_panel_t *p);
/* Read-aloud (set before each ui_panel_draw): offer shows 读一读 beside 完成
 * (the panel covers the screen's 读题), speaking turns it into 停止.  Off
 * until set (the setup screen's panel has none). */
void ui_panel_set_voice(ui_panel_t *p, bool offer, bool speaking);
ui_panel_mode_t ui_panel_mode(const ui_panel_t *p);
/* Switches mode (opening its engine), dropping strokes and a composition;
 * false when the mode is unavailable (its note says why).  A tab tapped
 * keeps the composition (ui_panel_event). */
bool ui_panel_set_mode(ui_panel_t *p, ui_panel_mode_t mode);
/* Why a mode is off ("" when it works or was not tried yet). */
const char *ui_panel_note(const ui_panel_t *p, ui_panel_mode_t mode);

/* For the administrator: finds out which input modes are off (opens the
 * engines once to know; the first pinyin load may take up to 10 s on a
 * slow disk) and writes the note ui_panel_data_note returns.  The admin
 * screen calls it when it opens, never while drawing. */
void ui_panel_check_data(ui_panel_t *p);
/* The note of the last ui_panel_check_data: what input modes are off, one
 * line each, Chinese first, saying whether the data is missing or damaged
 * and the file at fault; "" when every engine works or before any check.
 * Owned by the panel, valid until the next check. */
const char *ui_panel_data_note(const ui_panel_t *p);

/* The height the panel would like in frame f (all rows at their preferred
 * key height) and the least it can do with (keys at the minimum size). */
int ui_panel_height(const ui_panel_t *p, const ui_frame_t *f, int *min_h);

/* Draws the panel into r (the caller shows the answer and its counter above
 * it).  phrases (n_phrases of them, borrowed) are the 常用语 of the item;
 * the tab is there only when n_phrases > 0. */
void ui_panel_draw(ui_panel_t *p, ui_frame_t *f, ui_rect_t r, const char *lang, const char *const *phrases,
                   int n_phrases);

/* A tap released on one of the panel's keys (hit->id in the panel's
 * range).  On UI_PANEL_INSERT the text is appended to out (the caller's
 * buffer, however long the text: a long pinyin composition is never cut;
 * the caller applies max_length).  A ready phrase tapped again within
 * UI_INPUT_GUARD_MS of adding it (the times of the releases given to
 * ui_panel_pointer) adds nothing: a double tap adds it once; so does
 * 读一读 / 停止 tapped again within that time (reading is not begun and
 * stopped at once). */
ui_panel_action_t ui_panel_event(ui_panel_t *p, const ui_widget_t *hit, const char *const *phrases,
                                 int n_phrases, jh_buf_t *out);
/* The characters the answer still takes (-1: no limit; the default when
 * the panel opens), given before ui_panel_event: a pinyin composition that
 * would become more (a candidate, 完成, a tab, a punctuation key) is not
 * committed but kept (UI_PANEL_TOO_LONG). */
void ui_panel_set_room(ui_panel_t *p, int chars);
/* The answer the panel's text will follow (NULL or "": empty), given
 * before ui_panel_event: a ready phrase after text that does not end in a
 * space or a mark is preceded by "，" (Chinese) or ". " (English; " " after
 * an English mark), so phrases do not run together.  Forgotten when the
 * panel opens. */
void ui_panel_set_text(ui_panel_t *p, const char *text);
/* The characters of the word last refused (UI_PANEL_TOO_LONG). */
int ui_panel_refused(const ui_panel_t *p);
/* Pointer DOWN / MOVE / UP: strokes in the writing area.  True when the
 * panel took the record (a stroke began in the area: its moves and release
 * belong to it).  The caller gives it every record while the panel is open,
 * before hit-testing: its time is the panel's clock (ui_panel_event). */
bool ui_panel_pointer(ui_panel_t *p, const ui_input_t *in);

/* For tests and benchmarks: the candidates shown (handwriting: the whole
 * list; pinyin: the page), and how many strokes are drawn. */
int ui_panel_candidates(ui_panel_t *p, const char **out, int max);
int ui_panel_stroke_count(const ui_panel_t *p);

#endif
