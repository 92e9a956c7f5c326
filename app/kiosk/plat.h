/* plat.h - the platform layer: the only code that talks to SDL.  It opens
 * the window and renderer, loads fonts, measures and draws text (with a
 * texture cache), turns SDL events into ui_input_t records, renders draw
 * lists and writes screenshots.
 *
 * Ownership: plat_create returns a plat_t owned by the caller, released with
 * plat_destroy.  Draw lists passed to plat_render are borrowed. */
#ifndef PLAT_H
#define PLAT_H

#include <stdbool.h>
#include <stdint.h>

#include "jh.h"
#include "ui_draw.h"
#include "ui_input.h"
#include "ui_text.h"

typedef struct plat plat_t;

typedef struct {
    int width, height;        /* window size in screen coordinates (ignored full-screen) */
    bool fullscreen;          /* kiosk mode: full-screen, no way out without the PIN */
    bool hidden;              /* no visible window (replays, benchmarks) */
    bool software;            /* force the software renderer */
    const char *font_path;    /* NULL: search (see plat_find_font) */
    const char *fallback_font; /* NULL: system Noto Sans CJK when installed */
} plat_opts_t;

jh_status_t plat_create(const plat_opts_t *opts, plat_t **out, jh_err_t *err);
void plat_destroy(plat_t *p);

/* The measure callback for the UI (widths in output pixels). */
ui_measure_t plat_measure(plat_t *p);
/* Whether the bundled or the fallback font can draw cp. */
bool plat_has_glyph(void *p, uint32_t cp);
/* The display's diagonal pixels per inch as it reports them (0: it does
 * not; the dummy driver). */
double plat_display_dpi(plat_t *p);
/* Output size in pixels (the UI's logical size). */
void plat_output_size(plat_t *p, int *w, int *h);

/* Flags from plat_wait. */
enum {
    PLAT_QUIT = 1,      /* the window was closed (ignored by callers in kiosk mode) */
    PLAT_EXPOSED = 2,   /* the window needs a redraw */
    PLAT_RESIZED = 4,
    PLAT_TERM = 8,      /* SIGTERM, SIGINT or SIGHUP: end the program (also in kiosk mode) */
};

/* Waits up to timeout_ms (-1: forever, 0: poll) for events and translates
 * them into at most max records, in the order they came.  Returns the
 * number of records; *flags gets PLAT_* bits.  Each record's t_ms is when
 * SDL took the event from the window system, on the plat_ticks_ms clock
 * (the caller converts it to the app clock); events wait in the window
 * system until plat_wait or plat_pump reads them.  With PLAT_TERM the
 * records are still returned (the signal thread's event can overtake taps
 * waiting in the window system): the caller hands them to the app, then
 * ends.  Alt+F4 produces no input record (the close request a
 * window manager sends for it arrives as PLAT_QUIT, which callers ignore in
 * kiosk mode); Escape is the "back" key, as everywhere. */
int plat_wait(plat_t *p, int timeout_ms, ui_input_t *out, int max, int *flags);

/* Takes the events waiting in the window system into SDL's queue, stamped
 * with the time now, without translating them (plat_wait returns them):
 * hosts call it after slow work, so that taps made meanwhile are not dated
 * later than that. */
void plat_pump(plat_t *p);

/* Pushes the SDL events a keyboard shortcut or the window system would
 * send, for replays that try to leave the kiosk (`platform NAME`):
 *   alt+f4, ctrl+q, ctrl+w       the key, then SDL_QUIT (as a window manager does)
 *   escape, super                the key alone
 *   alt+tab                      the key, then the window loses and regains focus
 *   window-close                 SDL_WINDOWEVENT_CLOSE, then SDL_QUIT
 *   quit                         SDL_QUIT (e.g. the session asks programs to end)
 * plat_wait then delivers them like real ones.  JH_ERR_INVALID for an
 * unknown name (the message lists the names). */
jh_status_t plat_inject(plat_t *p, const char *name, jh_err_t *err);

/* Shows the window when it was created hidden (a replay that goes on to
 * wait for input: --replay-then-run). */
void plat_show(plat_t *p);

/* Turns SDL text input on or off (it is off unless a screen takes text). */
void plat_text_input(plat_t *p, bool on);

/* Renders the draw list and presents it. */
void plat_render(plat_t *p, const ui_draw_list_t *dl);

/* Renders dl and reads it back as RGBA bytes (R, G, B, A; owned by the
 * caller), then presents it. */
jh_status_t plat_read_pixels(plat_t *p, const ui_draw_list_t *dl, unsigned char **rgba, int *w,
                             int *h, jh_err_t *err);

/* Loads a PNG as RGBA8888 (owned by the caller). */
jh_status_t plat_load_png(const char *path, unsigned char **rgba, int *w, int *h, jh_err_t *err);
jh_status_t plat_save_png(const char *path, const unsigned char *rgba, int w, int h, jh_err_t *err);

/* Bytes of pixels held by the text texture cache (bounded; for tests). */
size_t plat_cache_bytes(const plat_t *p);

/* Whether fills leave out the pixels a later opaque fill of the same draw
 * list covers (on by default; the frame is the same either way, which the
 * tests check by turning it off). */
void plat_set_fill_culling(plat_t *p, bool on);

/* Whether the software renderer's opaque fills are written by the platform
 * layer rather than by SDL_FillRect (on by default: SDL's non-temporal
 * stores made short rows 27 times slower; plat_sdl.c fill_rects).  The frame
 * is the same either way, which the tests check by turning it off. */
void plat_set_own_fill(plat_t *p, bool on);

/* Prepares for the first frames of the screens to come, once, after the
 * first frame (about 5-10 ms): opens the fallback font, has the heap take
 * and write the memory text textures need (the kernel's page faults were a
 * third of a screen's first frame), and renders the texts of next
 * (borrowed; may be NULL: the screen one tap away, ui_app_prewarm_list)
 * into the text cache, so that a screen's first frame costs its text, not
 * the set-up. */
void plat_prewarm(plat_t *p, const ui_draw_list_t *next);

/* After a frame is shown, before the loop waits for input: keeps 2 MB of
 * written heap pages free, so that the textures of
 * the next screen do not take fresh pages from the kernel one fault at a
 * time (60-80 faults on some screens' first frames as the caches grew;
 * issue 20).  Costs nothing when the reserve is there. */
void plat_after_frame(plat_t *p);

/* Drops every cached text texture and text width (the fonts stay open, with
 * their glyph caches), as a resize does: the next frame measures, shapes and
 * renders its text cold (benchmarks).  glyphs: the fonts' glyph caches too
 * (plat_text.h), so that every glyph is also loaded and rasterised again. */
void plat_text_cache_drop(plat_t *p, bool glyphs);

/* Milliseconds of a monotonic clock (only main uses it). */
uint64_t plat_ticks_ms(void);

/* ---- checks without a window (junheng-kiosk --self-check) ---- */

/* The bundled font: next to the program (build tree), in ../share/junheng/fonts
 * (installed), or in the source tree.  Owned by the caller; NULL when none. */
char *plat_find_font(void);

/* A font opened only to ask which characters it has. */
typedef struct plat_fontcheck plat_fontcheck_t;
jh_status_t plat_fontcheck_open(const char *path, plat_fontcheck_t **out, jh_err_t *err);
/* survey_glyph_fn: whether the font draws cp (fc is a plat_fontcheck_t *). */
bool plat_fontcheck_has(void *fc, uint32_t cp);
/* The font's family name (borrowed). */
const char *plat_fontcheck_family(const plat_fontcheck_t *fc);
void plat_fontcheck_close(plat_fontcheck_t *fc);

/* "SDL 2.26.5, SDL_ttf 2.20.1, SDL_image 2.6.3": the libraries in use. */
void plat_versions(char *buf, size_t n);

#endif
