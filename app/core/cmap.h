/* cmap.h - the set of characters a font can draw, read from the 'cmap'
 * table of an OpenType/TrueType file (subtable formats 4 and 12), without
 * FreeType or SDL, so the bureau tool can check questionnaires against the
 * kiosk's bundled font.
 *
 * Ownership: cmap_load_* return a cmap_t owned by the caller, released with
 * cmap_free().  Input buffers are borrowed and not kept. */
#ifndef JH_CMAP_H
#define JH_CMAP_H

#include "jh.h"

typedef struct cmap cmap_t;

/* Reads the character map of the font in data (len bytes); name is used in
 * messages.  A font collection (.ttc), a file without a 'cmap' table or
 * without a Unicode subtable of format 4 or 12, and any offset pointing
 * outside the file are JH_ERR_INVALID with a message naming the problem. */
jh_status_t cmap_load_mem(const void *data, size_t len, const char *name, cmap_t **out, jh_err_t *err);

/* Reads path and calls cmap_load_mem. */
jh_status_t cmap_load_file(const char *path, cmap_t **out, jh_err_t *err);

void cmap_free(cmap_t *c);

/* Whether the font maps code point cp to a glyph other than .notdef. */
bool cmap_has(const cmap_t *c, uint32_t cp);

/* Number of code points mapped. */
size_t cmap_count(const cmap_t *c);

/* Adapter for survey_check_opts_t.has_glyph: ctx is a const cmap_t *. */
bool cmap_glyph_fn(void *ctx, uint32_t cp);

#endif
