/* handwriting.c - zinnia handwriting recognition; see handwriting.h. */
#include "handwriting.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zinnia.h>

/* Points nearer than this (in area units, after scaling to a 300-unit
 * square) to the last kept point add nothing a recogniser can use. */
#define MIN_STEP 3

typedef struct {
    int *xy; /* x0, y0, x1, y1, … */
    int n, cap;
} stroke_t;

struct handwriting {
    zinnia_recognizer_t *rec;
    zinnia_character_t *ch;
    zinnia_result_t *result; /* the last result, kept for its strings */
    stroke_t *strokes;
    int n_strokes, cap_strokes;
    int width, height;
};

jh_status_t handwriting_open(const char *model_path, handwriting_t **out, jh_err_t *err)
{
    *out = NULL;
    if (!model_path) model_path = HANDWRITING_MODEL;
    if (access(model_path, R_OK) != 0)
        return jh_err_set(err, JH_ERR_NOTFOUND,
                          "%s: the handwriting model is not installed (Debian package "
                          "tegaki-zinnia-simplified-chinese)",
                          model_path);
    handwriting_t *h = jh_xcalloc(1, sizeof *h);
    h->rec = zinnia_recognizer_new();
    h->ch = zinnia_character_new();
    if (!h->rec || !h->ch || !zinnia_recognizer_open(h->rec, model_path)) {
        jh_err_set(err, JH_ERR_CORRUPT, "%s: zinnia cannot read the handwriting model (%s)", model_path,
                   h->rec ? zinnia_recognizer_strerror(h->rec) : "out of memory");
        handwriting_close(h);
        return JH_ERR_CORRUPT;
    }
    h->width = h->height = 300;
    *out = h;
    return JH_OK;
}

void handwriting_close(handwriting_t *h)
{
    if (!h) return;
    handwriting_clear(h);
    free(h->strokes);
    if (h->result) zinnia_result_destroy(h->result);
    if (h->ch) zinnia_character_destroy(h->ch);
    if (h->rec) zinnia_recognizer_destroy(h->rec);
    free(h);
}

void handwriting_set_area(handwriting_t *h, int width, int height)
{
    JH_EXPECT(width > 0 && height > 0);
    h->width = width;
    h->height = height;
}

static void push(stroke_t *s, int x, int y)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->xy = jh_xrealloc(s->xy, (size_t)s->cap * 2 * sizeof *s->xy);
    }
    s->xy[2 * s->n] = x;
    s->xy[2 * s->n + 1] = y;
    s->n++;
}

void handwriting_begin_stroke(handwriting_t *h, int x, int y)
{
    if (h->n_strokes == h->cap_strokes) {
        h->cap_strokes = h->cap_strokes ? h->cap_strokes * 2 : 16;
        h->strokes = jh_xrealloc(h->strokes, (size_t)h->cap_strokes * sizeof *h->strokes);
    }
    h->strokes[h->n_strokes] = (stroke_t){0};
    push(&h->strokes[h->n_strokes++], x, y);
}

void handwriting_add_point(handwriting_t *h, int x, int y)
{
    if (h->n_strokes == 0) {
        handwriting_begin_stroke(h, x, y);
        return;
    }
    stroke_t *s = &h->strokes[h->n_strokes - 1];
    long dx = (long)(x - s->xy[2 * s->n - 2]) * 300 / h->width;
    long dy = (long)(y - s->xy[2 * s->n - 1]) * 300 / h->height;
    if (dx * dx + dy * dy < MIN_STEP * MIN_STEP) return;
    push(s, x, y);
}

int handwriting_stroke_count(const handwriting_t *h)
{
    return h->n_strokes;
}

bool handwriting_undo(handwriting_t *h)
{
    if (h->n_strokes == 0) return false;
    free(h->strokes[--h->n_strokes].xy);
    return true;
}

void handwriting_clear(handwriting_t *h)
{
    while (handwriting_undo(h)) {
    }
}

int handwriting_candidates(handwriting_t *h, const char **out, int max)
{
    if (h->result) zinnia_result_destroy(h->result);
    h->result = NULL;
    if (h->n_strokes == 0 || max <= 0) return 0;
    if (max > HANDWRITING_MAX_CANDIDATES) max = HANDWRITING_MAX_CANDIDATES;
    zinnia_character_clear(h->ch);
    zinnia_character_set_width(h->ch, (size_t)h->width);
    zinnia_character_set_height(h->ch, (size_t)h->height);
    for (int k = 0; k < h->n_strokes; k++)
        for (int i = 0; i < h->strokes[k].n; i++)
            zinnia_character_add(h->ch, (size_t)k, h->strokes[k].xy[2 * i], h->strokes[k].xy[2 * i + 1]);
    h->result = zinnia_recognizer_classify(h->rec, h->ch, (size_t)max);
    if (!h->result) return 0;
    int n = (int)zinnia_result_size(h->result);
    for (int i = 0; i < n && i < max; i++) out[i] = zinnia_result_value(h->result, (size_t)i);
    return n < max ? n : max;
}
