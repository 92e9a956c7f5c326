/* handwriting.c - zinnia handwriting recognition; see handwriting.h. */
#include "handwriting.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
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
    char *model;             /* the model's level-1 characters, read by zinnia in place */
    size_t model_len;
    size_t model_map;        /* bytes mapped at model */
    int model_chars;         /* characters kept, of model_total */
    int model_total;
    zinnia_recognizer_t *rec;
    zinnia_character_t *ch;
    char cand[HANDWRITING_MAX_CANDIDATES][16]; /* the last candidates (UTF-8, zinnia's 16-byte entries) */
    stroke_t *strokes;
    int n_strokes, cap_strokes;
    int width, height;
};

/* Whether the UTF-8 character s is one of GB 2312's 3,755 level-1 (common)
 * hanzi: rows 16-55, lead bytes 0xB0-0xD7 (cd converts UTF-8 to GB 2312). */
static bool gb2312_level1(iconv_t cd, const char *s, size_t len)
{
    char in[16], out[8];
    memcpy(in, s, len);
    char *ip = in, *op = out;
    size_t il = len, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0) return false;
    return op - out == 2 && (unsigned char)out[0] >= 0xB0 && (unsigned char)out[0] <= 0xD7;
}

/* Reads zinnia's binary model at path into a new buffer holding only the
 * level-1 characters (format, zinnia's recognizer.cpp: a u32 magic that is
 * the format's id xor the file size, a u32 version, a u32 count, then per
 * character 16 bytes of UTF-8, a float bias and {int index, float value}
 * pairs ending with index -1).  NULL when it is not such a file.  The file
 * is read through a window (not mapped, not read whole: its 26 MB never
 * count as the kiosk's memory).  The buffer is mapped at the file's size in
 * 2 MB pages where the kernel has them (madvise; 4 KB pages took one page
 * fault each, ~3,600, more than the rest of the work) and its unused end
 * unmapped; *map: bytes mapped at the result (munmap). */
static char *model_level1(const char *path, size_t *len, size_t *map, int *kept, int *total)
{
    enum { HUGE_PAGE = 2 << 20 };
    enum { WINDOW = 1 << 20 }; /* larger than any character's entry (~4 KB) */
    char *out = NULL, *win = jh_xmalloc(WINDOW);
    size_t n = 0, cap = 0;
    iconv_t cd = iconv_open("GB2312", "UTF-8");
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (cd == (iconv_t)-1 || fd < 0 || fstat(fd, &sb) != 0 || sb.st_size < 12) goto fail;
    n = (size_t)sb.st_size;
    size_t have = 0, at = 0, done = 0; /* window: [at, have) unread */
    bool eof = false;
    cap = (n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    char *m = mmap(NULL, cap + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) goto fail;
    out = (char *)(((uintptr_t)m + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE); /* aligned to a huge page */
    if (out > m) munmap(m, (size_t)(out - m));
    munmap(out + cap, HUGE_PAGE - (size_t)(out - m));
    madvise(out, cap, MADV_HUGEPAGE); /* a hint: 4 KB pages without it */
    size_t o = 12;
    uint32_t count = 0, k = 0;
    for (uint32_t i = 0; i == 0 || i <= count; i++) {
        /* the entry at win + at (the header first): find its end */
        size_t end = 0;
        for (;;) {
            if (i == 0 && have - at >= 12) {
                end = at + 12;
            } else if (i > 0) {
                for (size_t q = at + 20; q + 8 <= have; q += 8) {
                    int32_t index;
                    memcpy(&index, win + q, 4);
                    if (index == -1) {
                        end = q + 8;
                        break;
                    }
                }
            }
            if (end || eof) break;
            memmove(win, win + at, have - at); /* slide and fill the window */
            have -= at;
            at = 0;
            if (have == WINDOW) break; /* an entry larger than the window */
            ssize_t got = read(fd, win + have, WINDOW - have);
            if (got < 0) break;
            if (got == 0) eof = true;
            have += (size_t)got;
        }
        if (!end) goto fail;
        if (i == 0) {
            memcpy(out, win, 12);
            memcpy(&count, win + 8, 4);
        } else if (gb2312_level1(cd, win + at, strnlen(win + at, 16))) {
            memcpy(out + o, win + at, end - at);
            o += end - at;
            k++;
        }
        done += end - at;
        at = end;
    }
    if (done != n || have != at) goto fail;
    uint32_t magic;
    memcpy(&magic, out, 4);
    magic ^= (uint32_t)n ^ (uint32_t)o; /* the id xor the new size */
    memcpy(out, &magic, 4);
    memcpy(out + 8, &k, 4);
    close(fd);
    free(win);
    iconv_close(cd);
    *map = (o + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if (*map < cap) munmap(out + *map, cap - *map);
    *len = o;
    *kept = (int)k;
    *total = (int)count;
    return out;
fail:
    if (fd >= 0) close(fd);
    free(win);
    if (out) munmap(out, cap);
    if (cd != (iconv_t)-1) iconv_close(cd);
    return NULL;
}

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
    /* Only GB 2312's level-1 characters (issue 20): zinnia scores every
     * character of its model for each stroke, so all of the mapped model
     * (26 MB for 6,763 characters) stayed resident; the 3,755 common ones
     * are 14.6 MB and are scored in half the time.  The rarer level-2
     * characters are still typed with pinyin. */
    h->model = model_level1(model_path, &h->model_len, &h->model_map, &h->model_chars, &h->model_total);
    h->rec = zinnia_recognizer_new();
    h->ch = zinnia_character_new();
    if (!h->model || !h->rec || !h->ch || !zinnia_recognizer_open_from_ptr(h->rec, h->model, h->model_len)) {
        jh_err_set(err, JH_ERR_CORRUPT, "%s: zinnia cannot read the handwriting model (%s)", model_path,
                   !h->model ? "not a zinnia model"
                   : h->rec  ? zinnia_recognizer_strerror(h->rec)
                             : "out of memory");
        handwriting_close(h);
        return JH_ERR_CORRUPT;
    }
    h->width = h->height = 300;
    *out = h;
    return JH_OK;
}

int handwriting_model_chars(const handwriting_t *h, int *total)
{
    if (total) *total = h->model_total;
    return h->model_chars;
}

void handwriting_close(handwriting_t *h)
{
    if (!h) return;
    handwriting_clear(h);
    free(h->strokes);
    if (h->ch) zinnia_character_destroy(h->ch);
    if (h->rec) zinnia_recognizer_destroy(h->rec);
    if (h->model) munmap(h->model, h->model_map); /* after the recogniser, which reads it in place */
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

/* Whether stroke s is a tiny touch: it stays within a 25th of the writing
 * area's side both across and down (a dot written as a quick tap, or a
 * stray touch of a finger or a sleeve: the two cannot be told apart). */
static bool tiny(const handwriting_t *h, const stroke_t *s)
{
    int x0 = s->xy[0], x1 = x0, y0 = s->xy[1], y1 = y0;
    for (int i = 1; i < s->n; i++) {
        int x = s->xy[2 * i], y = s->xy[2 * i + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
    }
    return (x1 - x0) * 25 < h->width && (y1 - y0) * 25 < h->height;
}

/* Zinnia's up to max best characters for the strokes (without the tiny ones
 * when skip_tiny); NULL when zinnia finds none or no stroke is left. */
static zinnia_result_t *classify(handwriting_t *h, bool skip_tiny, int max)
{
    zinnia_character_clear(h->ch);
    zinnia_character_set_width(h->ch, (size_t)h->width);
    zinnia_character_set_height(h->ch, (size_t)h->height);
    size_t id = 0;
    for (int k = 0; k < h->n_strokes; k++) {
        if (skip_tiny && tiny(h, &h->strokes[k])) continue;
        for (int i = 0; i < h->strokes[k].n; i++)
            zinnia_character_add(h->ch, id, h->strokes[k].xy[2 * i], h->strokes[k].xy[2 * i + 1]);
        id++;
    }
    return id ? zinnia_recognizer_classify(h->rec, h->ch, (size_t)max) : NULL;
}

int handwriting_candidates(handwriting_t *h, const char **out, int max)
{
    if (h->n_strokes == 0 || max <= 0) return 0;
    if (max > HANDWRITING_MAX_CANDIDATES) max = HANDWRITING_MAX_CANDIDATES;
    /* A tiny touch is a dot written as a tap (主 文 六 心) or a stray touch
     * before a character (a dot under 大 made 贝 未 区 片 of it, 大 gone):
     * the strokes are recognised with it and, when there is one, without
     * it too (one more recognition, 2-11 ms), and the two lists merged,
     * each character once, so both 主 and 大 are offered.  Two tiny
     * touches or more are a character's dots (心 小 with their dots
     * tapped; without them its list is another character's). */
    int n_tiny = 0;
    for (int k = 0; k < h->n_strokes; k++) n_tiny += tiny(h, &h->strokes[k]);
    zinnia_result_t *r[2] = {classify(h, false, max), n_tiny == 1 ? classify(h, true, max) : NULL};
    size_t len[2], at[2] = {0, 0};
    for (int j = 0; j < 2; j++) len[j] = r[j] ? zinnia_result_size(r[j]) : 0;
    int n = 0;
    while (n < max && (at[0] < len[0] || at[1] < len[1])) {
        /* one from each list in turn: zinnia's scores for different
         * strokes are not comparable (a dot then 大: 贝 0.45 … with the
         * dot, 右 -0.06, 大 -0.45 without it) */
        int j = at[1] >= len[1] ? 0 : at[0] >= len[0] ? 1 : (int)((at[0] + at[1]) % 2);
        const char *c = zinnia_result_value(r[j], at[j]++);
        bool dup = false;
        for (int i = 0; i < n && !dup; i++) dup = strcmp(h->cand[i], c) == 0;
        if (dup) continue;
        snprintf(h->cand[n], sizeof h->cand[n], "%s", c);
        out[n] = h->cand[n];
        n++;
    }
    for (int j = 0; j < 2; j++)
        if (r[j]) zinnia_result_destroy(r[j]);
    return n;
}
