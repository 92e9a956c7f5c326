/* handwriting.h - recognition of handwritten Chinese characters through
 * zinnia with the simplified-Chinese model Debian ships
 * (tegaki-zinnia-simplified-chinese).  No SDL: the panel passes the points
 * of each stroke in its own pixels and reads back the candidates.
 *
 * The writing keeps every stroke, so the last one can be taken back
 * (handwriting_undo) and the candidates follow.  Recognition depends on the
 * stroke order the model learned from; the candidates are re-ranked after
 * every stroke, so a person sees the character appear as they write.
 *
 * Ownership: a handwriting_t belongs to the caller of handwriting_open()
 * and is released with handwriting_close().  Candidate strings belong to
 * the recogniser and stay valid until the next call on the same object. */
#ifndef JH_HANDWRITING_H
#define JH_HANDWRITING_H

#include <stdbool.h>

#include "jh.h"

#define HANDWRITING_MODEL "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"
#define HANDWRITING_MAX_CANDIDATES 20

typedef struct handwriting handwriting_t;

/* Opens the model (NULL: the Debian path), keeping only GB 2312's 3,755
 * level-1 characters in memory.  JH_ERR_NOTFOUND when it is not installed,
 * JH_ERR_CORRUPT when it is not a zinnia model or zinnia cannot read it. */
jh_status_t handwriting_open(const char *model_path, handwriting_t **out, jh_err_t *err);
void handwriting_close(handwriting_t *h);
/* Characters the recogniser knows (GB 2312's level-1 hanzi found in the
 * model); *total (may be NULL): characters in the model file. */
int handwriting_model_chars(const handwriting_t *h, int *total);

/* The size of the writing area, in the units of the points (pixels). */
void handwriting_set_area(handwriting_t *h, int width, int height);
/* Starts a stroke (finger down) and adds points to it (finger moves);
 * points closer than a few units to the previous one are dropped. */
void handwriting_begin_stroke(handwriting_t *h, int x, int y);
void handwriting_add_point(handwriting_t *h, int x, int y);
int handwriting_stroke_count(const handwriting_t *h);
/* Takes back the last stroke; false when there is none. */
bool handwriting_undo(handwriting_t *h);
void handwriting_clear(handwriting_t *h);
/* Fills out[] with up to max candidates, best first; returns how many
 * (0 with no strokes).  When a stroke is a tiny touch (a dot written as a
 * tap, or a stray touch: within a 25th of the area's side), the candidates
 * with it and without it are taken in turn, each once.  The first is only
 * the recogniser's best guess, however high its score (卜 for 十 written
 * 竖 then 横): the input panel stores a written character only when the
 * person taps it (review r2kiosk item 2). */
int handwriting_candidates(handwriting_t *h, const char **out, int max);

#endif
