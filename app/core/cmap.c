/* cmap.c - code point coverage of an OpenType/TrueType font from its 'cmap'
 * table (formats 4 and 12), kept as sorted, merged ranges.  Every read is
 * bounds-checked: the input may be any file a user names. */
#include "cmap.h"

#include <stdlib.h>
#include <string.h>

/* ---- types ----------------------------------------------------------------- */

typedef struct {
    uint32_t lo, hi; /* inclusive */
} cmap_range_t;

struct cmap {
    cmap_range_t *ranges; /* sorted by lo, disjoint, not adjacent */
    size_t n, cap;
    size_t count;         /* code points covered */
};

/* ---- static helpers -------------------------------------------------------- */

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether [off, off + n) lies inside a buffer of len bytes. */
static bool inside(size_t len, size_t off, size_t n)
{
    return off <= len && n <= len - off;
}

static void add_range(cmap_t *c, uint32_t lo, uint32_t hi)
{
    if (lo > hi) return;
    if (c->n > 0 && c->ranges[c->n - 1].hi + 1 == lo) { /* the common, sorted case */
        c->ranges[c->n - 1].hi = hi;
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->ranges = jh_xrealloc(c->ranges, c->cap * sizeof *c->ranges);
    }
    c->ranges[c->n++] = (cmap_range_t){lo, hi};
}

static int cmp_range(const void *a, const void *b)
{
    const cmap_range_t *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sorts and merges overlapping or adjacent ranges; counts code points. */
static void finish(cmap_t *c)
{
    if (c->n > 1) qsort(c->ranges, c->n, sizeof *c->ranges, cmp_range);
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (w > 0 && c->ranges[i].lo <= c->ranges[w - 1].hi + 1) {
            if (c->ranges[i].hi > c->ranges[w - 1].hi) c->ranges[w - 1].hi = c->ranges[i].hi;
        } else {
            c->ranges[w++] = c->ranges[i];
        }
    }
    c->n = w;
    c->count = 0;
    for (size_t i = 0; i < c->n; i++) c->count += (size_t)(c->ranges[i].hi - c->ranges[i].lo) + 1;
}

static jh_status_t parse_format4(cmap_t *c, const unsigned char *d, size_t len, size_t off, const char *name,
                                 jh_err_t *err)
{
    if (!inside(len, off, 14)) goto bad;
    size_t segs = rd16(d + off + 6) / 2;
    size_t end_at = off + 14, start_at = end_at + 2 * segs + 2, delta_at = start_at + 2 * segs,
           range_at = delta_at + 2 * segs;
    if (!inside(len, range_at, 2 * segs)) goto bad;
    size_t reads = 0; /* glyph-array reads; a real font needs fewer than 65536 */
    for (size_t s = 0; s < segs; s++) {
        uint32_t end = rd16(d + end_at + 2 * s), start = rd16(d + start_at + 2 * s);
        uint16_t delta = rd16(d + delta_at + 2 * s), ro = rd16(d + range_at + 2 * s);
        if (end == 0xFFFF) end = 0xFFFE; /* the mandatory final segment maps nothing */
        if (start > end) continue;
        if (ro == 0) {
            /* glyph = cp + delta: every code point maps except the one
             * where that wraps to glyph 0. */
            uint32_t zero = (uint32_t)(uint16_t)(0x10000 - delta);
            if (zero < start || zero > end) {
                add_range(c, start, end);
            } else {
                if (zero > start) add_range(c, start, zero - 1);
                add_range(c, zero + 1, end);
            }
            continue;
        }
        for (uint32_t cp = start; cp <= end; cp++) {
            size_t at = range_at + 2 * s + ro + 2 * (size_t)(cp - start);
            if (!inside(len, at, 2)) break; /* ran off the file: the rest maps nothing we can see */
            if (++reads > (1u << 20))
                return jh_err_set(err, JH_ERR_INVALID, "%s: the cmap format 4 subtable is implausibly large", name);
            uint16_t glyph = rd16(d + at);
            if (glyph) glyph = (uint16_t)(glyph + delta);
            if (glyph) add_range(c, cp, cp);
        }
    }
    return JH_OK;
bad:
    return jh_err_set(err, JH_ERR_INVALID, "%s: the cmap format 4 subtable is cut short", name);
}

static jh_status_t parse_format12(cmap_t *c, const unsigned char *d, size_t len, size_t off, const char *name,
                                  jh_err_t *err)
{
    if (!inside(len, off, 16)) goto bad;
    uint32_t groups = rd32(d + off + 12);
    if (!inside(len, off + 16, (size_t)groups * 12)) goto bad;
    for (uint32_t g = 0; g < groups; g++) {
        const unsigned char *p = d + off + 16 + 12 * (size_t)g;
        uint32_t lo = rd32(p), hi = rd32(p + 4), glyph = rd32(p + 8);
        if (hi > 0x10FFFF) hi = 0x10FFFF;
        if (lo > hi) continue;
        if (glyph == 0) { /* the first character maps to .notdef */
            if (lo == hi) continue;
            lo++;
        }
        add_range(c, lo, hi);
    }
    return JH_OK;
bad:
    return jh_err_set(err, JH_ERR_INVALID, "%s: the cmap format 12 subtable is cut short", name);
}

/* ---- public functions ------------------------------------------------------ */

jh_status_t cmap_load_mem(const void *data, size_t len, const char *name, cmap_t **out, jh_err_t *err)
{
    const unsigned char *d = data;
    *out = NULL;
    if (!name) name = "font";
    cmap_t *c = jh_xcalloc(1, sizeof *c);
    jh_status_t st;
    if (len < 12) {
        st = jh_err_set(err, JH_ERR_INVALID, "%s: not a font file (too short)", name);
        goto fail;
    }
    uint32_t tag = rd32(d);
    if (tag == 0x74746366) { /* "ttcf" */
        st = jh_err_set(err, JH_ERR_INVALID, "%s: a font collection (.ttc); give a single .otf or .ttf font", name);
        goto fail;
    }
    if (tag != 0x00010000 && tag != 0x4F54544F /* OTTO */ && tag != 0x74727565 /* true */) {
        st = jh_err_set(err, JH_ERR_INVALID, "%s: not an OpenType or TrueType font", name);
        goto fail;
    }
    size_t n_tables = rd16(d + 4), cmap_at = 0, cmap_len = 0;
    if (!inside(len, 12, n_tables * 16)) {
        st = jh_err_set(err, JH_ERR_INVALID, "%s: the table directory is cut short", name);
        goto fail;
    }
    for (size_t i = 0; i < n_tables; i++) {
        const unsigned char *r = d + 12 + 16 * i;
        if (rd32(r) == 0x636D6170) { /* "cmap" */
            cmap_at = rd32(r + 8);
            cmap_len = rd32(r + 12);
        }
    }
    if (!cmap_len || !inside(len, cmap_at, cmap_len) || cmap_len < 4) {
        st = jh_err_set(err, JH_ERR_INVALID, "%s: no usable 'cmap' table", name);
        goto fail;
    }
    /* Pick the richest Unicode subtable: format 12 (full Unicode) before
     * format 4 (BMP only). */
    size_t n_sub = rd16(d + cmap_at + 2), best_at = 0;
    int best = 0;
    if (!inside(cmap_len, 4, n_sub * 8)) n_sub = (cmap_len - 4) / 8;
    for (size_t i = 0; i < n_sub; i++) {
        const unsigned char *r = d + cmap_at + 4 + 8 * i;
        uint16_t plat = rd16(r), enc = rd16(r + 2);
        size_t at = cmap_at + (size_t)rd32(r + 4);
        bool unicode = plat == 0 || (plat == 3 && (enc == 1 || enc == 10));
        if (!unicode || !inside(len, at, 2)) continue;
        uint16_t format = rd16(d + at);
        int rank = format == 12 ? 2 : format == 4 ? 1 : 0;
        if (rank > best) {
            best = rank;
            best_at = at;
        }
    }
    if (best == 0) {
        st = jh_err_set(err, JH_ERR_INVALID, "%s: no Unicode cmap subtable of format 4 or 12", name);
        goto fail;
    }
    st = best == 2 ? parse_format12(c, d, len, best_at, name, err) : parse_format4(c, d, len, best_at, name, err);
    if (st != JH_OK) goto fail;
    finish(c);
    *out = c;
    return JH_OK;
fail:
    cmap_free(c);
    return st;
}

jh_status_t cmap_load_file(const char *path, cmap_t **out, jh_err_t *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    jh_status_t st = jh_read_file(path, &data, &len, err);
    if (st != JH_OK) return st;
    st = cmap_load_mem(data, len, path, out, err);
    free(data);
    return st;
}

void cmap_free(cmap_t *c)
{
    if (!c) return;
    free(c->ranges);
    free(c);
}

bool cmap_has(const cmap_t *c, uint32_t cp)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < c->ranges[mid].lo)
            hi = mid;
        else if (cp > c->ranges[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

size_t cmap_count(const cmap_t *c)
{
    return c->count;
}

bool cmap_glyph_fn(void *ctx, uint32_t cp)
{
    return cmap_has(ctx, cp);
}
