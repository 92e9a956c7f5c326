/* plat_text.c - FreeType + HarfBuzz text for the kiosk with a glyph cache
 * per face (see plat_text.h).  Layout and composition follow SDL_ttf 2.20.1:
 * TTF_Size_Internal's HarfBuzz path, Load_Glyph, Render_Line_Blended and
 * Create_Surface_Blended, for the one configuration the kiosk uses (UTF-8,
 * TTF_STYLE_NORMAL, no outline, TTF_HINTING_LIGHT, no SDF, left-to-right),
 * rewritten around a different glyph cache (an altered version, as the
 * licence below asks to say).  SDL_ttf's notice:
 *
 *   SDL_ttf:  A companion library to SDL for working with TrueType (tm) fonts
 *   Copyright (C) 2001-2022 Sam Lantinga <slouken@libsdl.org>
 *
 *   This software is provided 'as-is', without any express or implied
 *   warranty.  In no event will the authors be held liable for any damages
 *   arising from the use of this software.
 *
 *   Permission is granted to anyone to use this software for any purpose,
 *   including commercial applications, and to alter it and redistribute it
 *   freely, subject to the following restrictions:
 *
 *   1. The origin of this software must not be misrepresented; you must not
 *      claim that you wrote the original software. If you use this software
 *      in a product, an acknowledgment in the product documentation would be
 *      appreciated but is not required.
 *   2. Altered source versions must be plainly marked as such, and must not be
 *      misrepresented as being the original software.
 *   3. This notice may not be removed or altered from any source distribution.
 */
#include "plat_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H
#include <hb-ft.h>
#include <hb.h>

#ifdef JH_PLAT_PROFILE /* development only (plat_text.h) */
#include <time.h>
static double prof_ns[PROF_N];
static long prof_n[PROF_N];
double ptx_prof_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}
void ptx_prof_add(int phase, double since)
{
    prof_ns[phase] += ptx_prof_now() - since;
    prof_n[phase]++;
}
void ptx_prof_reset(void)
{
    memset(prof_ns, 0, sizeof prof_ns);
    memset(prof_n, 0, sizeof prof_n);
}
void ptx_prof_get(double *ns, long *n)
{
    memcpy(ns, prof_ns, sizeof prof_ns);
    memcpy(n, prof_n, sizeof prof_n);
}
#endif

/* ---- types ------------------------------------------------------------------ */

#define MAX_SIZES 48          /* FT_Size objects per face (LRU beyond) */
#define BUCKETS 4096          /* glyph hash buckets, power of two */
#define GLYPH_BUDGET (4u << 20) /* bytes of glyph images kept, at most */
#define LOAD_FLAGS (FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT)

/* SDL_ttf's fixed-point helpers (26.6). */
#define FT_FLOOR(X) (int)(((X) & -64) / 64)
#define FT_CEIL(X) FT_FLOOR((X) + 63)
#define F26DOT6(X) ((X) << 6)

typedef struct glyph {
    struct glyph *next;       /* hash chain */
    uint32_t key;             /* size slot << 16 | glyph index */
    int sz_left, sz_top, sz_width, sz_rows; /* SDL_ttf's metrics (bitmap box after loading) */
    int left, top, width, rows; /* the rendered image */
    unsigned char *alpha;     /* width x rows coverage, owned; NULL when empty */
    uint64_t used;            /* frame of last use */
} glyph_t;

typedef struct {
    int px;                   /* pixel size; 0 = unused slot */
    FT_Size size;
    hb_font_t *hb;
    int ascent, height;       /* TTF_FontAscent, TTF_FontHeight */
    uint64_t used;            /* use counter, for LRU */
} size_slot_t;

struct ptx_font {
    FT_Library lib;
    FT_Face face;
    size_slot_t sizes[MAX_SIZES];
    int active;               /* slot whose FT_Size is active; -1 none */
    uint64_t uses;
    glyph_t *buckets[BUCKETS];
    size_t bytes;             /* bytes of glyph images */
    uint64_t frame;
    hb_buffer_t *buf;         /* reused */
};

typedef struct {
    const glyph_t *g;
    int x, y;                 /* 26.6 pen position of the glyph */
} placed_t;

struct ptx_line {
    int w, h;                 /* image size */
    int xstart, ystart;       /* offset of the pen's origin in the image */
    int n;
    placed_t *glyphs;         /* n, owned; the glyphs borrowed from the font's cache */
};

/* ---- static prototypes --------------------------------------------------------- */
static size_slot_t *size_get(ptx_font_t *f, int px);
static const glyph_t *glyph_get(ptx_font_t *f, size_slot_t *s, unsigned index);
static int layout(ptx_font_t *f, int px, const char *text, size_t len, placed_t **out, int *w, int *h,
                  int *xstart, int *ystart);
static void glyph_free_all(ptx_font_t *f, int slot);

/* ---- public functions ------------------------------------------------------------ */

void ptx_versions(char *buf, size_t n)
{
    FT_Library lib;
    FT_Int a = 0, b = 0, c = 0;
    if (!FT_Init_FreeType(&lib)) {
        FT_Library_Version(lib, &a, &b, &c);
        FT_Done_FreeType(lib);
    }
    snprintf(buf, n, "FreeType %d.%d.%d, HarfBuzz %s", (int)a, (int)b, (int)c, hb_version_string());
}

ptx_font_t *ptx_font_open(const void *data, size_t len, long index, jh_err_t *err)
{
    ptx_font_t *f = jh_xcalloc(1, sizeof *f);
    f->active = -1;
    FT_Error e = FT_Init_FreeType(&f->lib);
    if (!e) e = FT_New_Memory_Face(f->lib, data, (FT_Long)len, index, &f->face);
    if (e || !FT_IS_SCALABLE(f->face)) {
        jh_err_set(err, JH_ERR_INVALID, "FreeType cannot read the font (error %d)", e ? (int)e : -1);
        ptx_font_close(f);
        return NULL;
    }
    /* The charmap SDL_ttf chooses: UCS-4, else the first Unicode one. */
    FT_CharMap found = NULL;
    for (int i = 0; i < f->face->num_charmaps && !found; i++) {
        FT_CharMap c = f->face->charmaps[i];
        if (c->platform_id == 3 && c->encoding_id == 10) found = c;
    }
    for (int i = 0; i < f->face->num_charmaps && !found; i++) {
        FT_CharMap c = f->face->charmaps[i];
        if ((c->platform_id == 3 && (c->encoding_id == 1 || c->encoding_id == 0)) ||
            (c->platform_id == 2 && c->encoding_id == 1) || c->platform_id == 0)
            found = c;
    }
    if (found) FT_Set_Charmap(f->face, found);
    f->buf = hb_buffer_create();
    return f;
}

void ptx_font_close(ptx_font_t *f)
{
    if (!f) return;
    glyph_free_all(f, -1);
    for (int i = 0; i < MAX_SIZES; i++)
        if (f->sizes[i].hb) hb_font_destroy(f->sizes[i].hb);
    if (f->buf) hb_buffer_destroy(f->buf);
    if (f->face) FT_Done_Face(f->face); /* frees its FT_Size objects */
    if (f->lib) FT_Done_FreeType(f->lib);
    free(f);
}

bool ptx_has_glyph(ptx_font_t *f, uint32_t cp)
{
    return FT_Get_Char_Index(f->face, cp) != 0;
}

int ptx_ascent(ptx_font_t *f, int size)
{
    size_slot_t *s = size_get(f, size);
    return s ? s->ascent : size;
}

int ptx_height(ptx_font_t *f, int size)
{
    size_slot_t *s = size_get(f, size);
    return s ? s->height : size;
}

int ptx_width(ptx_font_t *f, int size, const char *text, size_t len)
{
    int w, h, xs, ys;
    if (layout(f, size, text, len, NULL, &w, &h, &xs, &ys) < 0) return -1;
    return w;
}

ptx_line_t *ptx_shape(ptx_font_t *f, int size, const char *text, size_t len)
{
    ptx_line_t *l = jh_xcalloc(1, sizeof *l);
    l->n = layout(f, size, text, len, &l->glyphs, &l->w, &l->h, &l->xstart, &l->ystart);
    if (l->n < 0) {
        ptx_line_free(l);
        return NULL;
    }
    return l;
}

void ptx_line_size(const ptx_line_t *l, int *w, int *h)
{
    *w = l->w;
    *h = l->h;
}

void ptx_line_free(ptx_line_t *l)
{
    if (!l) return;
    free(l->glyphs);
    free(l);
}

/* Create_Surface_Blended and Render_Line_Blended: the colour with alpha 0
 * everywhere, then each glyph's coverage OR-ed into the alpha byte. */
void ptx_line_draw(const ptx_line_t *l, SDL_Color fg, Uint32 *pixels, int pitch)
{
    int w = l->w, h = l->h;
    if (fg.a == 0) fg.a = SDL_ALPHA_OPAQUE;
    Uint32 bg = ((Uint32)fg.r << 16) | ((Uint32)fg.g << 8) | fg.b;
    for (int y = 0; y < h; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)pixels + (size_t)y * (size_t)pitch);
        for (int x = 0; x < w; x++) row[x] = bg;
    }
    for (int i = 0; i < l->n; i++) {
        const glyph_t *g = l->glyphs[i].g;
        if (!g->alpha) continue;
        int x0 = l->xstart + FT_FLOOR(l->glyphs[i].x) + g->left;
        int y0 = l->ystart + FT_FLOOR(l->glyphs[i].y) - g->top;
        /* clip_glyph */
        int sx = x0 < 0 ? -x0 : 0, sy = y0 < 0 ? -y0 : 0;
        int gw = g->width, gh = g->rows;
        if (x0 + gw > w) gw = w - x0;
        if (y0 + gh > h) gh = h - y0;
        for (int y = sy; y < gh; y++) {
            const unsigned char *src = g->alpha + (size_t)y * (size_t)g->width;
            Uint32 *dst = (Uint32 *)((Uint8 *)pixels + (size_t)(y0 + y) * (size_t)pitch) + x0;
            if (fg.a == SDL_ALPHA_OPAQUE) {
                for (int x = sx; x < gw; x++) dst[x] |= (Uint32)src[x] << 24;
            } else {
                for (int x = sx; x < gw; x++) {
                    Uint32 t = (Uint32)fg.a * src[x];
                    dst[x] |= ((t + 1 + (t >> 8)) >> 8) << 24;
                }
            }
        }
    }
}

SDL_Surface *ptx_render(ptx_font_t *f, int size, const char *text, size_t len, SDL_Color fg)
{
    ptx_line_t *l = ptx_shape(f, size, text, len);
    SDL_Surface *s = l && l->w ? SDL_CreateRGBSurfaceWithFormat(0, l->w, l->h, 32, SDL_PIXELFORMAT_ARGB8888) : NULL;
    if (s) ptx_line_draw(l, fg, s->pixels, s->pitch);
    ptx_line_free(l);
    return s;
}

void ptx_frame(ptx_font_t *f, uint64_t frame)
{
    f->frame = frame;
}

void ptx_drop_glyphs(ptx_font_t *f)
{
    glyph_free_all(f, -1);
}

size_t ptx_glyph_bytes(const ptx_font_t *f)
{
    return f->bytes;
}

/* ---- static functions ---------------------------------------------------------- */

/* The slot of pixel size px, active (its FT_Size set on the face).  New
 * sizes take a free slot or the least recently used one (whose glyphs go). */
static size_slot_t *size_get(ptx_font_t *f, int px)
{
    if (px < 1) px = 1;
    int k = -1, lru = 0;
    for (int i = 0; i < MAX_SIZES && k < 0; i++) {
        if (f->sizes[i].px == px) k = i;
        if (f->sizes[i].used < f->sizes[lru].used) lru = i;
    }
    if (k < 0) {
        PROF_BEGIN(t_size);
        k = lru;
        size_slot_t *s = &f->sizes[k];
        if (s->px) glyph_free_all(f, k);
        if (!s->size && FT_New_Size(f->face, &s->size) != 0) return NULL;
        if (FT_Activate_Size(s->size) != 0) return NULL;
        f->active = k;
        s->px = 0;
        /* TTF_SetFontSizeDPI(font, px, 0, 0) and TTF_initFontMetrics */
        if (FT_Set_Char_Size(f->face, 0, (FT_F26Dot6)px * 64, 0, 0) != 0) return NULL;
        FT_Fixed scale = f->face->size->metrics.y_scale;
        s->ascent = FT_CEIL(FT_MulFix(f->face->ascender, scale));
        s->height = FT_CEIL(FT_MulFix(f->face->ascender - f->face->descender, scale));
        if (!s->hb) {
            s->hb = hb_ft_font_create(f->face, NULL);
            /* As TTF_SetFontHinting(LIGHT): advances hinted as the glyphs are. */
            hb_ft_font_set_load_flags(s->hb, LOAD_FLAGS);
        } else {
            hb_ft_font_changed(s->hb);
        }
        s->px = px;
        PROF_END(t_size, PROF_SIZE);
    }
    size_slot_t *s = &f->sizes[k];
    if (f->active != k) {
        if (FT_Activate_Size(s->size) != 0) return NULL;
        f->active = k;
    }
    s->used = ++f->uses;
    return s;
}

static void glyph_unlink_all(ptx_font_t *f, int slot, bool keep_frame)
{
    for (int b = 0; b < BUCKETS; b++) {
        glyph_t **pp = &f->buckets[b];
        while (*pp) {
            glyph_t *g = *pp;
            bool drop = (slot < 0 || (int)(g->key >> 16) == slot) && !(keep_frame && g->used >= f->frame);
            if (!drop) {
                pp = &g->next;
                continue;
            }
            *pp = g->next;
            f->bytes -= (size_t)g->width * (size_t)g->rows;
            free(g->alpha);
            free(g);
        }
    }
}

/* Frees the glyphs of one size slot (slot >= 0) or of all (slot < 0). */
static void glyph_free_all(ptx_font_t *f, int slot)
{
    glyph_unlink_all(f, slot, false);
}

/* Glyph index of size slot s (active), loaded and rendered on first use as
 * SDL_ttf's Load_Glyph does for TTF_RenderUTF8_Blended. */
static const glyph_t *glyph_get(ptx_font_t *f, size_slot_t *s, unsigned index)
{
    uint32_t key = (uint32_t)(s - f->sizes) << 16 | (index & 0xffff);
    uint32_t h = (key * 2654435761u) >> 20 & (BUCKETS - 1);
    for (glyph_t *g = f->buckets[h]; g; g = g->next)
        if (g->key == key) {
            g->used = f->frame;
            return g;
        }
    PROF_BEGIN(t_glyph);
    glyph_t *g = jh_xcalloc(1, sizeof *g);
    g->key = key;
    g->used = f->frame;
    if (FT_Load_Glyph(f->face, index, LOAD_FLAGS | FT_LOAD_COLOR) == 0) {
        FT_GlyphSlot slot = f->face->glyph;
        g->sz_left = slot->bitmap_left;
        g->sz_top = slot->bitmap_top;
        g->sz_rows = (int)slot->bitmap.rows;
        g->sz_width = (int)slot->bitmap.width;
        if (!g->sz_left && !g->sz_top && !g->sz_rows && !g->sz_width) {
            FT_Glyph_Metrics *m = &slot->metrics;
            int minx = FT_FLOOR(m->horiBearingX), maxx = FT_CEIL(m->horiBearingX + m->width);
            int maxy = FT_FLOOR(m->horiBearingY), miny = maxy - FT_CEIL(m->height);
            g->sz_left = minx;
            g->sz_top = maxy;
            g->sz_rows = maxy - miny;
            g->sz_width = maxx - minx;
        }
        if (slot->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) == 0) {
            const FT_Bitmap *b = &slot->bitmap;
            g->left = slot->bitmap_left;
            g->top = slot->bitmap_top;
            g->width = (int)b->width;
            g->rows = b->width ? (int)b->rows : 0;
            bool gray = b->pixel_mode == FT_PIXEL_MODE_GRAY, mono = b->pixel_mode == FT_PIXEL_MODE_MONO;
            if (g->rows && (gray || mono)) {
                g->alpha = jh_xmalloc((size_t)g->width * (size_t)g->rows);
                for (int y = 0; y < g->rows; y++) {
                    const unsigned char *src = b->buffer + (ptrdiff_t)y * b->pitch;
                    unsigned char *dst = g->alpha + (size_t)y * (size_t)g->width;
                    if (gray)
                        memcpy(dst, src, (size_t)g->width);
                    else
                        for (int x = 0; x < g->width; x++) dst[x] = (src[x >> 3] & (0x80 >> (x & 7))) ? 255 : 0;
                }
                f->bytes += (size_t)g->width * (size_t)g->rows;
            } else {
                g->width = g->rows = 0; /* colour bitmaps: not in the kiosk's fonts */
            }
        }
    }
    g->next = f->buckets[h];
    f->buckets[h] = g;
    PROF_END(t_glyph, PROF_GLYPH);
    return g;
}

/* TTF_Size_Internal (HarfBuzz path): shapes text at px; fills the surface
 * size, the start offsets and (when out is not NULL) the placed glyphs
 * (caller frees).  Returns the number of glyphs, -1 on failure. */
static int layout(ptx_font_t *f, int px, const char *text, size_t len, placed_t **out, int *w, int *h,
                  int *xstart, int *ystart)
{
    /* Over budget: drop the glyphs no text of this frame used, then all if
     * that was not enough (here, where no glyph is referenced). */
    if (f->bytes > GLYPH_BUDGET) glyph_unlink_all(f, -1, true);
    if (f->bytes > GLYPH_BUDGET) glyph_unlink_all(f, -1, false);
    size_slot_t *s = size_get(f, px);
    if (!s) return -1;
    hb_buffer_clear_contents(f->buf);
    hb_buffer_set_direction(f->buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(f->buf, HB_SCRIPT_UNKNOWN);
    hb_buffer_add_utf8(f->buf, text, (int)len, 0, (int)len);
    PROF_BEGIN(t_hb);
    hb_shape(s->hb, f->buf, NULL, 0);
    PROF_END(t_hb, PROF_HB);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(f->buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(f->buf, &n);
    placed_t *pl = out && n ? jh_xmalloc(n * sizeof *pl) : NULL;
    int x = 0, y = 0, minx = 0, maxx = 0, miny = 0, maxy = s->height;
    for (unsigned i = 0; i < n; i++) {
        const glyph_t *g = glyph_get(f, s, info[i].codepoint);
        int pos_x = x + pos[i].x_offset, pos_y = y + F26DOT6(s->ascent) - pos[i].y_offset;
        x += pos[i].x_advance;
        y += pos[i].y_advance;
        if (pl) pl[i] = (placed_t){g, pos_x, pos_y};
        int bx = FT_FLOOR(pos_x) + g->sz_left, by = FT_FLOOR(pos_y) - g->sz_top;
        if (bx < minx) minx = bx;
        if (bx + g->sz_width > maxx) maxx = bx + g->sz_width;
        if (by < miny) miny = by;
        if (by + g->sz_rows > maxy) maxy = by + g->sz_rows;
    }
    if (FT_FLOOR(x) > maxx) maxx = FT_FLOOR(x);
    *xstart = minx < 0 ? -minx : 0;
    *ystart = miny < 0 ? -miny : 0;
    *w = maxx - minx;
    *h = maxy - miny;
    if (out) *out = pl;
    return (int)n;
}
