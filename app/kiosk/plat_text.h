/* plat_text.h - the kiosk's text engine (platform layer, used by
 * plat_sdl.c only): FreeType faces read in place from memory, HarfBuzz
 * shaping, and one glyph cache per face that keeps every size's glyphs.
 *
 * Why not SDL_ttf's rendering (issue 20): SDL_ttf 2.20 keeps 256 glyphs per
 * TTF_Font in a direct-mapped cache (slot = glyph index & 0xff), so Chinese
 * text, whose glyph indices collide, loads and rasterises its glyphs again
 * and again (once to measure, once to draw, and after every collision);
 * changing a font's size empties that cache, and a TTF_Font per size copies
 * the face's tables (~0.65 MB and ~3 ms each).  Here one FT_Face holds one
 * FT_Size per pixel size in use and the glyph cache is keyed by (size,
 * glyph).  The output is pixel for pixel that of SDL_ttf 2.20's
 * TTF_SizeUTF8 and TTF_RenderUTF8_Blended with TTF_HINTING_LIGHT (the
 * same HarfBuzz shaping, FreeType load and render flags, positions,
 * surface sizes and alpha composition; see plat_text.c), so every golden
 * screenshot is unchanged.
 *
 * Ownership: ptx_font_open borrows the font bytes (they must outlive the
 * font); ptx_font_close frees everything else.  Surfaces returned by
 * ptx_render belong to the caller (SDL_FreeSurface). */
#ifndef PLAT_TEXT_H
#define PLAT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "jh.h"

typedef struct ptx_font ptx_font_t;

/* The linked FreeType's and HarfBuzz's versions ("FreeType 2.12.1, HarfBuzz
 * 6.0.0"), written into buf: the kiosk's text images depend on both
 * (test_text_as_sdl_ttf compares them with SDL_ttf's). */
void ptx_versions(char *buf, size_t n);

/* Opens face index of the font in data[0..len) (borrowed, e.g. a mapped
 * file).  Returns NULL with err filled when FreeType cannot read it. */
ptx_font_t *ptx_font_open(const void *data, size_t len, long index, jh_err_t *err);
void ptx_font_close(ptx_font_t *f);

/* Whether the face maps cp to a glyph (any size). */
bool ptx_has_glyph(ptx_font_t *f, uint32_t cp);
/* SDL_ttf's TTF_FontAscent / TTF_FontHeight at pixel size size. */
int ptx_ascent(ptx_font_t *f, int size);
int ptx_height(ptx_font_t *f, int size);

/* Width in pixels of len bytes of UTF-8 text at size (TTF_SizeUTF8's w);
 * -1 when the size cannot be set. */
int ptx_width(ptx_font_t *f, int size, const char *text, size_t len);

/* A shaped line: ptx_shape lays out len bytes of UTF-8 text at size (NULL
 * when the size cannot be set); ptx_line_size gives the size of the image
 * TTF_RenderUTF8_Blended would make (0 x h for text of zero width);
 * ptx_line_draw draws it into pixels (ARGB8888, pitch bytes a row, at least
 * that size): every pixel is written, fg with the coverage as alpha (scaled
 * by fg.a when not opaque).  Draw before shaping another line of the same
 * font: the line borrows the font's cached glyphs. */
typedef struct ptx_line ptx_line_t;
ptx_line_t *ptx_shape(ptx_font_t *f, int size, const char *text, size_t len);
void ptx_line_size(const ptx_line_t *l, int *w, int *h);
void ptx_line_draw(const ptx_line_t *l, SDL_Color fg, Uint32 *pixels, int pitch);
void ptx_line_free(ptx_line_t *l);
/* The line drawn on a new ARGB8888 surface (caller frees), as
 * TTF_RenderUTF8_Blended returns it; NULL for zero width or no memory. */
SDL_Surface *ptx_render(ptx_font_t *f, int size, const char *text, size_t len, SDL_Color fg);

/* Marks the start of a frame: glyphs used before it may be evicted when the
 * cache is over its budget (glyphs of the frame being drawn never are). */
void ptx_frame(ptx_font_t *f, uint64_t frame);
/* Drops every cached glyph (benchmarks: glyphs loaded and rasterised cold). */
void ptx_drop_glyphs(ptx_font_t *f);
/* Bytes of glyph images held (bounded by the budget, 4 MB; for tests). */
size_t ptx_glyph_bytes(const ptx_font_t *f);

/* Development (built with -DJH_PLAT_PROFILE; off otherwise, and then
 * free): wall nanoseconds and counts per phase of the text and render path
 * (plat_text.c and plat_sdl.c), summed from the last ptx_prof_reset;
 * bench_kiosk's BENCH_KIOSK_TRACE lines print them per frame.  Nested:
 * PROF_HB and PROF_GLYPH run inside PROF_MEASURE and PROF_SHAPE, every text
 * phase inside PROF_QUEUE. */
#ifdef JH_PLAT_PROFILE
enum { PROF_MEASURE, PROF_SHAPE, PROF_HB, PROF_GLYPH, PROF_SIZE, PROF_TEXNEW, PROF_DRAW, PROF_EVICT, PROF_QUEUE,
       PROF_PRESENT, PROF_MULTI, PROF_N };
double ptx_prof_now(void);
void ptx_prof_add(int phase, double since);
void ptx_prof_reset(void);
/* ns[phase] and n[phase] for every phase (PROF_N each). */
void ptx_prof_get(double *ns, long *n);
#define PROF_BEGIN(v) double v = ptx_prof_now()
#define PROF_END(v, k) ptx_prof_add(k, v)
#else
#define PROF_BEGIN(v) (void)0
#define PROF_END(v, k) (void)0
#endif

#endif
