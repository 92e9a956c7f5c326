/* plat_sdl.c - the only SDL code of Junheng (see plat.h): window and
 * renderer (software fallback), fonts (plat_text.c) with a per-glyph
 * fallback font, text measurement and texture caches, event translation,
 * rendering of draw lists and PNG screenshots. */
#include "plat.h"
#include "plat_text.h"

#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

/* ---- types ------------------------------------------------------------------ */

#define TEX_CACHE 384
#define MAX_PAINTED 1024   /* commands a frame remembers for the next (more: full repaint) */
#define TEX_BUDGET (4u << 20) /* bytes of cached text textures, at most */
#define WIDTH_CACHE 8192   /* power of two */
#define FALLBACK_SYSTEM_FONT "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define FALLBACK_SYSTEM_INDEX 2 /* Noto Sans CJK SC in the collection */

#define START_HEAP (2u << 20)   /* bytes of heap touched at start-up (the first screen's textures) */
#define PREWARM_HEAP (4u << 20) /* bytes of heap plat_prewarm touches */
#define HEAP_RESERVE (2u << 20) /* written bytes kept free in the heap (plat_after_frame) */

typedef struct {
    uint64_t hash;         /* of size, colour and text; 0 = empty slot */
    char *text;            /* owned */
    int size;
    uint32_t color;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;         /* frame counter of last use, for LRU eviction */
} tex_entry_t;

typedef struct {
    uint64_t hash;         /* 0 = empty */
    int size;
    int width;
    char *text;            /* owned */
} width_entry_t;

struct plat {
    SDL_Window *win;
    SDL_Renderer *ren;
    bool kiosk;
    char *font_path, *fallback_path;
    /* The font files mapped into memory, read by FreeType in place (issue
     * 20: reading through a stream was a seek and a read per glyph). */
    void *font_map, *fallback_map;
    size_t font_map_len, fallback_map_len;
    int fallback_index;
    /* One face per font, every size on it, glyphs cached per size
     * (plat_text.h says why not SDL_ttf's fonts). */
    ptx_font_t *font;          /* bundled font */
    ptx_font_t *fallback;      /* system CJK font, opened when first needed */
    bool fallback_tried;       /* fallback opened (or failed): do not retry */
    bool no_culling;           /* tests: fill every pixel of every fill (plat_set_fill_culling) */
    bool own_fill;             /* software renderer: opaque fills written here (fill_rects) */
    SDL_Color draw;            /* the draw colour fills use (set_draw) */
    SDL_Surface *target;       /* the frame's window surface when own_fill (render_list), else NULL */
    /* What the last frame drew over its background, so that the next one
     * repaints only there (render_list; own fills only): the rectangles of
     * its commands, its background colour and the surface it drew on. */
    SDL_Rect painted[MAX_PAINTED];
    int n_painted;             /* MAX_PAINTED + 1: more than it holds */
    bool painted_valid;
    _Atomic bool surface_changed; /* a window event or renderer reset since the last frame
                                   * (surface_watch: set when SDL generates it, not when
                                   * plat_wait reads it) */
    Uint32 painted_bg;         /* RGBA of that background */
    const void *painted_pixels;
    int painted_w, painted_h;
    tex_entry_t tex[TEX_CACHE];
    width_entry_t widths[WIDTH_CACHE];
    int n_widths;
    uint64_t frame;
    size_t tex_bytes;      /* pixel bytes held by the texture cache */
    SDL_FingerID finger;   /* the one finger followed */
    SDL_TouchID touch;     /* its touch device */
    bool finger_down, mouse_down;
    bool can_block;        /* the video driver waits for events without polling */
    _Atomic Uint32 term_event; /* SDL event type the signal thread pushes (0: none) */
    pthread_t sig_thread;  /* waits for SIGTERM, SIGINT, SIGHUP (sigwait) */
    bool sig_started;      /* sig_thread runs; the signals are blocked */
    sigset_t sig_old;      /* the signal mask before plat_create */
};

/* ---- static prototypes --------------------------------------------------------- */
static ptx_font_t *fallback_get(plat_t *p);
static void *map_file(const char *path, size_t *len, bool populate);
static void heap_touch(size_t n);
static int measure_cb(void *ctx, const char *text, size_t len, int size);
static SDL_Surface *render_text(plat_t *p, const char *text, int size, uint32_t color);
static SDL_Texture *text_texture(plat_t *p, const char *text, int size, uint32_t color, int *w, int *h);
static void cache_clear(plat_t *p);
static void tex_drop(plat_t *p, tex_entry_t *e);
static void term_watch_start(plat_t *p);
static int surface_watch(void *ctx, SDL_Event *ev);
static void warm_up(plat_t *p);
static void term_watch_stop(plat_t *p);

/* ---- public functions ------------------------------------------------------------ */

jh_status_t plat_create(const plat_opts_t *opts, plat_t **out, jh_err_t *err)
{
    *out = NULL;
    /* Text surfaces and textures (up to a few MB each at 1920x1080) come and
     * go with every screen: keep freed memory in the heap for the next one
     * instead of returning it to the kernel and taking it back page by page
     * (page faults and zeroing were a third of a cold frame; issue 20).  The
     * heap stays bounded by the texture budget. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    plat_t *p = jh_xcalloc(1, sizeof *p);
    p->kiosk = opts->fullscreen;
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1"); /* SIGINT/SIGTERM end the process as usual */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    /* Software rendering straight into the window (XShm), without SDL
     * uploading the surface through GL (which loads a GL driver: LLVM and
     * ~100 MB). */
    if (opts->software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (opts->fullscreen) {
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
        SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
    }
    /* Before SDL_Init: SDL's threads inherit the blocked signals. */
    term_watch_start(p);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        jh_err_set(err, JH_ERR_IO, "cannot start SDL video: %s", SDL_GetError());
        goto fail;
    }
    SDL_AddEventWatch(surface_watch, p);
    p->term_event = SDL_RegisterEvents(1);
    if (p->term_event == (Uint32)-1) p->term_event = 0;
    IMG_Init(IMG_INIT_PNG);
    p->font_path = opts->font_path ? jh_strdup(opts->font_path) : plat_find_font();
    if (!p->font_path) {
        jh_err_set(err, JH_ERR_NOTFOUND,
                   "cannot find fonts/NotoSansSC-Junheng.otf next to the program or in the source "
                   "tree; pass --font FILE");
        goto fail;
    }
    const char *fb = opts->fallback_font ? opts->fallback_font : FALLBACK_SYSTEM_FONT;
    if (access(fb, R_OK) == 0) {
        p->fallback_path = jh_strdup(fb);
        p->fallback_index = opts->fallback_font ? 0 : FALLBACK_SYSTEM_INDEX;
    }
    p->font_map = map_file(p->font_path, &p->font_map_len, true);
    if (!p->font_map) {
        jh_err_set(err, JH_ERR_NOTFOUND, "%s: cannot read the font file", p->font_path);
        goto fail;
    }
    jh_err_t ferr;
    p->font = ptx_font_open(p->font_map, p->font_map_len, 0, &ferr);
    if (!p->font) {
        jh_err_set(err, JH_ERR_INVALID, "%s: cannot open the font: %s", p->font_path, ferr.msg);
        goto fail;
    }
    Uint32 wflags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (opts->fullscreen) wflags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    else wflags |= SDL_WINDOW_RESIZABLE;
    if (opts->hidden) wflags |= SDL_WINDOW_HIDDEN;
    int w = opts->width > 0 ? opts->width : 1280, h = opts->height > 0 ? opts->height : 800;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    SDL_DisplayMode mode;
    if (opts->fullscreen && SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        /* Cover the whole display from the start and without decorations:
         * kiosks often run without a window manager to honour full-screen
         * requests. */
        x = y = 0;
        w = mode.w;
        h = mode.h;
        wflags |= SDL_WINDOW_BORDERLESS;
    }
    p->win = SDL_CreateWindow("均衡 Junheng", x, y, w, h, wflags);
    if (!p->win) {
        jh_err_set(err, JH_ERR_IO, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    if (!opts->software) p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_ACCELERATED);
    if (!p->ren) p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_SOFTWARE);
    if (!p->ren) {
        jh_err_set(err, JH_ERR_IO, "cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_BLEND);
    plat_set_own_fill(p, true);
    const char *drv = SDL_GetCurrentVideoDriver();
    p->can_block = drv && (!strcmp(drv, "x11") || !strcmp(drv, "wayland") || !strcmp(drv, "windows") ||
                           !strcmp(drv, "cocoa"));
    if (opts->fullscreen) SDL_ShowCursor(SDL_DISABLE);
    SDL_StopTextInput(); /* on only where a screen takes text (plat_text_input) */
    warm_up(p);
    *out = p;
    return JH_OK;
fail:
    plat_destroy(p);
    return err ? err->status : JH_ERR_IO;
}

void plat_destroy(plat_t *p)
{
    if (!p) return;
    cache_clear(p);
    for (int i = 0; i < WIDTH_CACHE; i++) free(p->widths[i].text);
    ptx_font_close(p->font);
    ptx_font_close(p->fallback);
    if (p->ren) SDL_DestroyRenderer(p->ren);
    if (p->win) SDL_DestroyWindow(p->win);
    if (p->font_map) munmap(p->font_map, p->font_map_len);
    if (p->fallback_map) munmap(p->fallback_map, p->fallback_map_len);
    free(p->font_path);
    free(p->fallback_path);
    IMG_Quit();
    SDL_DelEventWatch(surface_watch, p);
    SDL_Quit();
    term_watch_stop(p);
    free(p);
}

ui_measure_t plat_measure(plat_t *p)
{
    return (ui_measure_t){measure_cb, p};
}

bool plat_has_glyph(void *ctx, uint32_t cp)
{
    plat_t *p = ctx;
    if (cp < 0x20 || ptx_has_glyph(p->font, cp)) return true;
    ptx_font_t *fb = fallback_get(p);
    return fb && ptx_has_glyph(fb, cp);
}

double plat_display_dpi(plat_t *p)
{
    float ddpi = 0;
    int d = SDL_GetWindowDisplayIndex(p->win);
    if (d < 0 || SDL_GetDisplayDPI(d, &ddpi, NULL, NULL) != 0) return 0;
    return ddpi > 0 ? ddpi : 0;
}

void plat_output_size(plat_t *p, int *w, int *h)
{
    if (SDL_GetRendererOutputSize(p->ren, w, h) != 0) SDL_GetWindowSize(p->win, w, h);
}

static ui_key_t map_key(const SDL_Keysym *k, bool text_active)
{
    switch (k->sym) {
    case SDLK_RETURN: case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_SPACE: return text_active ? UI_KEY_NONE : UI_KEY_SPACE; /* typed as text */
    case SDLK_TAB: return (k->mod & KMOD_SHIFT) ? UI_KEY_BACKTAB : UI_KEY_TAB;
    case SDLK_ESCAPE: return UI_KEY_ESCAPE;
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    default: return UI_KEY_NONE;
    }
}

/* Whether finger f of touch device t is on the glass now (SDL's state). */
static bool finger_on_glass(SDL_TouchID t, SDL_FingerID f)
{
    int n = SDL_GetNumTouchFingers(t);
    for (int i = 0; i < n; i++) {
        const SDL_Finger *g = SDL_GetTouchFinger(t, i);
        if (g && g->id == f) return true;
    }
    return false;
}

/* Whether a FINGERUP of finger f waits in SDL's queue. */
static bool finger_up_queued(SDL_FingerID f)
{
    SDL_Event evs[128];
    int n = SDL_PeepEvents(evs, 128, SDL_PEEKEVENT, SDL_FINGERUP, SDL_FINGERUP);
    for (int i = 0; i < n; i++)
        if (evs[i].tfinger.fingerId == f) return true;
    return false;
}

/* Translates one event; returns true when *in was filled. */
static bool translate(plat_t *p, const SDL_Event *ev, ui_input_t *in, int *flags)
{
    if (p->term_event && ev->type == p->term_event) {
        *flags |= PLAT_TERM;
        return false;
    }
    int ow, oh, ww, wh;
    memset(in, 0, sizeof *in);
    /* SDL's 32-bit millisecond stamp, widened against the 64-bit clock */
    uint64_t now = SDL_GetTicks64();
    in->t_ms = (int64_t)(now - (Uint32)((Uint32)now - ev->common.timestamp));
    switch (ev->type) {
    case SDL_QUIT:
        *flags |= PLAT_QUIT;
        return false;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED || ev->window.event == SDL_WINDOWEVENT_SHOWN)
            *flags |= PLAT_EXPOSED;
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) *flags |= PLAT_RESIZED | PLAT_EXPOSED;
        return false;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        cache_clear(p);
        *flags |= PLAT_EXPOSED;
        return false;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
        /* Follow one finger; a second finger on the glass is ignored. */
        if (ev->type == SDL_FINGERDOWN) {
            /* Ignore a second finger, unless the one we follow is gone
             * without its FINGERUP (lost in a focus change): a kiosk must
             * never stop answering touches.  SDL's list of fingers is the
             * glass now, not at this event: the followed finger may have
             * left since, its FINGERUP still queued behind this event (A
             * down, B down, A up read in one batch); then it is not lost. */
            if (p->finger_down && (finger_on_glass(p->touch, p->finger) || finger_up_queued(p->finger)))
                return false;
            p->finger_down = true;
            p->finger = ev->tfinger.fingerId;
            p->touch = ev->tfinger.touchId;
        } else if (!p->finger_down || ev->tfinger.fingerId != p->finger) {
            return false;
        }
        if (ev->type == SDL_FINGERUP) p->finger_down = false;
        plat_output_size(p, &ow, &oh);
        in->type = ev->type == SDL_FINGERDOWN ? UI_IN_DOWN : ev->type == SDL_FINGERUP ? UI_IN_UP : UI_IN_MOVE;
        in->x = (int)lroundf(ev->tfinger.x * (float)ow);
        in->y = (int)lroundf(ev->tfinger.y * (float)oh);
        return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT) return false;
        if (ev->type == SDL_MOUSEBUTTONUP && !p->mouse_down) return false;
        p->mouse_down = ev->type == SDL_MOUSEBUTTONDOWN;
        plat_output_size(p, &ow, &oh);
        SDL_GetWindowSize(p->win, &ww, &wh);
        in->type = ev->type == SDL_MOUSEBUTTONDOWN ? UI_IN_DOWN : UI_IN_UP;
        in->x = ww ? ev->button.x * ow / ww : ev->button.x;
        in->y = wh ? ev->button.y * oh / wh : ev->button.y;
        return true;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID || !p->mouse_down) return false;
        plat_output_size(p, &ow, &oh);
        SDL_GetWindowSize(p->win, &ww, &wh);
        in->type = UI_IN_MOVE;
        in->x = ww ? ev->motion.x * ow / ww : ev->motion.x;
        in->y = wh ? ev->motion.y * oh / wh : ev->motion.y;
        return true;
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_F4 && (ev->key.keysym.mod & KMOD_ALT)) return false;
        in->type = UI_IN_KEY;
        in->key = map_key(&ev->key.keysym, SDL_IsTextInputActive());
        return in->key != UI_KEY_NONE;
    case SDL_TEXTINPUT:
        in->type = UI_IN_TEXT;
        snprintf(in->text, sizeof in->text, "%s", ev->text.text);
        return in->text[0] != 0;
    default:
        return false;
    }
}

static void push_key(plat_t *p, SDL_Keycode sym, Uint16 mod)
{
    SDL_Event ev;
    for (int up = 0; up < 2; up++) {
        memset(&ev, 0, sizeof ev);
        ev.type = up ? SDL_KEYUP : SDL_KEYDOWN;
        ev.key.windowID = SDL_GetWindowID(p->win);
        ev.key.state = up ? SDL_RELEASED : SDL_PRESSED;
        ev.key.keysym.sym = sym;
        ev.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
        ev.key.keysym.mod = mod;
        SDL_PushEvent(&ev);
    }
}

static void push_window(plat_t *p, Uint8 what)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_WINDOWEVENT;
    ev.window.windowID = SDL_GetWindowID(p->win);
    ev.window.event = what;
    SDL_PushEvent(&ev);
}

static void push_quit(void)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_QUIT;
    SDL_PushEvent(&ev);
}

jh_status_t plat_inject(plat_t *p, const char *name, jh_err_t *err)
{
    if (!strcmp(name, "alt+f4")) {
        push_key(p, SDLK_F4, KMOD_LALT);
        push_quit();
    } else if (!strcmp(name, "ctrl+q")) {
        push_key(p, SDLK_q, KMOD_LCTRL);
        push_quit();
    } else if (!strcmp(name, "ctrl+w")) {
        push_key(p, SDLK_w, KMOD_LCTRL);
        push_quit();
    } else if (!strcmp(name, "escape")) {
        push_key(p, SDLK_ESCAPE, KMOD_NONE);
    } else if (!strcmp(name, "super")) {
        push_key(p, SDLK_LGUI, KMOD_LGUI);
    } else if (!strcmp(name, "alt+tab")) {
        push_key(p, SDLK_TAB, KMOD_LALT);
        push_window(p, SDL_WINDOWEVENT_FOCUS_LOST);
        push_window(p, SDL_WINDOWEVENT_FOCUS_GAINED);
    } else if (!strcmp(name, "window-close")) {
        push_window(p, SDL_WINDOWEVENT_CLOSE);
        push_quit();
    } else if (!strcmp(name, "quit")) {
        push_quit();
    } else {
        return jh_err_set(err, JH_ERR_INVALID,
                          "unknown platform event '%s' (expected alt+f4, ctrl+q, ctrl+w, escape, super, "
                          "alt+tab, window-close or quit)",
                          name);
    }
    return JH_OK;
}

/* Waits for an event.  Drivers that can block (X11, Wayland) do so inside
 * SDL_WaitEventTimeout; for the others SDL would poll every millisecond, so
 * we poll every 20 ms ourselves: a tap still feels instant, the CPU sleeps. */
static int wait_event(plat_t *p, SDL_Event *ev, int timeout_ms)
{
    if (timeout_ms == 0) return SDL_PollEvent(ev);
    if (p->can_block) return timeout_ms < 0 ? SDL_WaitEvent(ev) : SDL_WaitEventTimeout(ev, timeout_ms);
    uint64_t end = SDL_GetTicks64() + (uint64_t)(timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        if (SDL_PollEvent(ev)) return 1;
        uint64_t now = SDL_GetTicks64();
        if (timeout_ms >= 0 && now >= end) return 0;
        uint64_t step = timeout_ms < 0 || end - now > 20 ? 20 : end - now;
        SDL_Delay((Uint32)step);
    }
}

int plat_wait(plat_t *p, int timeout_ms, ui_input_t *out, int max, int *flags)
{
    SDL_Event ev;
    int n = 0;
    *flags = 0;
    int got = wait_event(p, &ev, timeout_ms);
    while (got) {
        if (n < max && translate(p, &ev, &out[n], flags)) n++;
        if (n >= max) break;
        got = SDL_PollEvent(&ev);
    }
    return n;
}

void plat_show(plat_t *p)
{
    SDL_ShowWindow(p->win);
}

void plat_pump(plat_t *p)
{
    (void)p;
    SDL_PumpEvents();
}

/* ---- fills without overdraw ----------------------------------------------------
 * A software renderer at 1920x1080 spends most of a frame writing fill
 * pixels (the background alone is 8 MB; a panel's keys are a frame and a
 * fill each).  Pixels of a fill that a later opaque fill covers completely
 * are not written: whatever is drawn over them in between is covered too,
 * so the frame is the same pixel for pixel (issue 20). */

#define MAX_OCCLUDERS 512
#define OCCLUDER_MIN_AREA 4096 /* pixels: smaller fills hide too little to pay */
#define MAX_PIECES 4096
#define MIN_SPLIT_ROWS 8

typedef struct {
    SDL_Rect r;
    int cmd;               /* index of the command that covers r */
} occluder_t;

/* The radius fill_rrect draws r with. */
static int rrect_radius(ui_rect_t r, int radius)
{
    if (radius * 2 > r.w) radius = r.w / 2;
    if (radius * 2 > r.h) radius = r.h / 2;
    return radius > 256 ? 256 : radius;
}

/* Rectangles that opaque fills of dl cover completely, with their command:
 * a rectangle itself; the middle band and the middle column of a rounded
 * one.  Returns the number (at most MAX_OCCLUDERS, the largest first found). */
static int occluders(const ui_draw_list_t *dl, int first, occluder_t *occ)
{
    int n = 0;
    for (int i = first; i < dl->n && n < MAX_OCCLUDERS; i++) {
        const ui_cmd_t *c = &dl->cmds[i];
        if (c->type == UI_CMD_TEXT || (c->color & 0xff) != 0xff || c->r.w <= 0 || c->r.h <= 0) continue;
        if ((long)c->r.w * c->r.h < OCCLUDER_MIN_AREA) continue;
        if (c->type == UI_CMD_RECT) {
            occ[n++] = (occluder_t){{c->r.x, c->r.y, c->r.w, c->r.h}, i};
            continue;
        }
        int rad = rrect_radius(c->r, c->radius);
        if (rad <= 0) {
            occ[n++] = (occluder_t){{c->r.x, c->r.y, c->r.w, c->r.h}, i};
            continue;
        }
        if (c->r.h - 2 * rad > 0) occ[n++] = (occluder_t){{c->r.x, c->r.y + rad, c->r.w, c->r.h - 2 * rad}, i};
        if (n < MAX_OCCLUDERS && c->r.w - 2 * rad > 0)
            occ[n++] = (occluder_t){{c->r.x + rad, c->r.y, c->r.w - 2 * rad, c->r.h}, i};
    }
    return n;
}

/* Appends a - b (up to four rectangles) to out[*n..max); false when out is full. */
static bool rect_subtract(SDL_Rect a, const SDL_Rect *b, SDL_Rect *out, int *n, int max)
{
    SDL_Rect in;
    if (!SDL_IntersectRect(&a, b, &in)) {
        if (*n == max) return false;
        out[(*n)++] = a;
        return true;
    }
    SDL_Rect parts[4];
    int k = 0;
    if (in.y > a.y) parts[k++] = (SDL_Rect){a.x, a.y, a.w, in.y - a.y};
    if (in.y + in.h < a.y + a.h) parts[k++] = (SDL_Rect){a.x, in.y + in.h, a.w, a.y + a.h - in.y - in.h};
    if (in.x > a.x) parts[k++] = (SDL_Rect){a.x, in.y, in.x - a.x, in.h};
    if (in.x + in.w < a.x + a.w) parts[k++] = (SDL_Rect){in.x + in.w, in.y, a.x + a.w - in.x - in.w, in.h};
    if (*n + k > max) return false;
    for (int i = 0; i < k; i++) out[(*n)++] = parts[i];
    return true;
}

/* The colour of the fills that follow (SDL's draw colour and ours). */
static void set_draw(plat_t *p, Uint8 r, Uint8 g, Uint8 b, Uint8 a)
{
    SDL_SetRenderDrawColor(p->ren, r, g, b, a);
    p->draw = (SDL_Color){r, g, b, a};
}

/* Fills rects[0..n) in the draw colour.  Opaque fills on the software
 * renderer are written here, into the window surface it draws on: SDL's
 * SDL_FillRect (2.26) writes every row with non-temporal SSE stores and a
 * fence, and a rounded key is a few dozen short rows.  Filling 1920x1080
 * in rows of 2 by 100 pixels took 7.2 ms with SDL_FillRect and 0.29 ms with
 * 16-byte stores; in full-width rows 0.39 and 0.21 ms (the cached surface
 * is read again by the text blended over it).  What SDL has queued is drawn
 * first (SDL_RenderFlush), so the order of the draw list holds.  Translucent
 * fills, other renderers and surfaces that are not 32-bit go through SDL. */
static void fill_rects(plat_t *p, const SDL_Rect *rects, int n)
{
    SDL_Surface *s = p->draw.a == 255 ? p->target : NULL;
    if (s) SDL_RenderFlush(p->ren);
    if (!s || s->format->BytesPerPixel != 4 || SDL_MUSTLOCK(s)) {
        /* Runs of non-empty rectangles: SDL draws an empty one (a frame's
         * inside of width 0, a rounded corner's row of no pixels) as a line
         * one pixel wide. */
        for (int i = 0, j; i < n; i = j) {
            while (i < n && (rects[i].w <= 0 || rects[i].h <= 0)) i++;
            for (j = i; j < n && rects[j].w > 0 && rects[j].h > 0;) j++;
            if (j > i) SDL_RenderFillRects(p->ren, rects + i, j - i);
        }
        return;
    }
    Uint32 px = SDL_MapRGBA(s->format, p->draw.r, p->draw.g, p->draw.b, 255);
    const Uint32 quad[4] = {px, px, px, px}; /* stored 16 bytes at a time (one vector store) */
    SDL_Rect bounds = {0, 0, s->w, s->h}, c;
    for (int i = 0; i < n; i++) {
        if (!SDL_IntersectRect(&rects[i], &bounds, &c)) continue;
        Uint8 *row = (Uint8 *)s->pixels + (size_t)c.y * (size_t)s->pitch + (size_t)c.x * 4;
        for (int y = 0; y < c.h; y++, row += s->pitch) {
            int x = 0;
            for (; x + 4 <= c.w; x += 4) memcpy(row + (size_t)x * 4, quad, sizeof quad);
            for (; x < c.w; x++) memcpy(row + (size_t)x * 4, &px, 4);
        }
    }
}

/* Fills rects[0..n) of command cmd (-1: the background) minus what the
 * occluders of later commands cover. */
static void fill_visible(plat_t *p, const SDL_Rect *rects, int n, int cmd, const occluder_t *occ, int n_occ)
{
    static SDL_Rect a[MAX_PIECES], b[MAX_PIECES];
    static const occluder_t *near[MAX_OCCLUDERS];
    int na = 0;
    for (int i = 0; i < n && na < MAX_PIECES; i++) a[na++] = rects[i];
    if (na < n) goto all;
    /* The occluders over these rectangles' bounding box (a few of many). */
    SDL_Rect box = rects[0];
    for (int i = 1; i < n; i++) SDL_UnionRect(&box, &rects[i], &box);
    int n_near = 0;
    for (int k = 0; k < n_occ; k++)
        if (occ[k].cmd > cmd && SDL_HasIntersection(&box, &occ[k].r)) near[n_near++] = &occ[k];
    for (int k = 0; k < n_near; k++) {
        int nb = 0;
        for (int i = 0; i < na; i++) {
            /* A thin piece (a rounded corner's row) stays whole: splitting
             * it saves a few pixels and costs a fill call. */
            if (a[i].h < MIN_SPLIT_ROWS) {
                if (nb == MAX_PIECES) goto all;
                b[nb++] = a[i];
            } else if (!rect_subtract(a[i], &near[k]->r, b, &nb, MAX_PIECES)) {
                goto all;
            }
        }
        memcpy(a, b, (size_t)nb * sizeof a[0]);
        na = nb;
    }
    if (na) fill_rects(p, a, na);
    return;
all: /* too many pieces: fill everything (the same pixels, more writes) */
    fill_rects(p, rects, n);
}

/* Fills a rounded rectangle with horizontal spans (minus what occluders of
 * later commands than cmd cover). */
static void fill_rrect(plat_t *p, ui_rect_t r, int radius, int cmd, const occluder_t *occ, int n_occ)
{
    radius = rrect_radius(r, radius);
    if (radius <= 0) {
        fill_visible(p, &(SDL_Rect){r.x, r.y, r.w, r.h}, 1, cmd, occ, n_occ);
        return;
    }
    SDL_Rect spans[2 * 256 + 1];
    int n = 0;
    for (int i = 0; i < radius; i++) {
        double dy = radius - i - 0.5;
        int dx = (int)lround(radius - sqrt((double)radius * radius - dy * dy));
        spans[n++] = (SDL_Rect){r.x + dx, r.y + i, r.w - 2 * dx, 1};
        spans[n++] = (SDL_Rect){r.x + dx, r.y + r.h - 1 - i, r.w - 2 * dx, 1};
    }
    spans[n++] = (SDL_Rect){r.x, r.y + radius, r.w, r.h - 2 * radius};
    fill_visible(p, spans, n, cmd, occ, n_occ);
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

static void tex_drop(plat_t *p, tex_entry_t *e)
{
    SDL_DestroyTexture(e->tex);
    free(e->text);
    p->tex_bytes -= (size_t)e->w * (size_t)e->h * 4;
    memset(e, 0, sizeof *e);
}

static tex_entry_t *texture_get(plat_t *p, const char *text, int size, uint32_t color)
{
    uint64_t h = fnv(14695981039346656037ULL, &size, sizeof size);
    h = fnv(h, &color, sizeof color);
    h = fnv(h, text, strlen(text));
    tex_entry_t *victim = &p->tex[0];
    for (int i = 0; i < TEX_CACHE; i++) {
        tex_entry_t *e = &p->tex[i];
        if (e->hash == h && e->size == size && e->color == color && !strcmp(e->text, text)) {
            e->used = p->frame;
            return e;
        }
        if (e->hash == 0 ? victim->hash != 0 : victim->hash != 0 && e->used < victim->used) victim = e;
    }
    int tw = 0, th = 0;
    SDL_Texture *tex = text_texture(p, text, size, color, &tw, &th);
    if (!tex) return NULL;
    PROF_BEGIN(t_evict);
    if (victim->hash) tex_drop(p, victim);
    victim->tex = tex;
    victim->w = tw;
    victim->h = th;
    p->tex_bytes += (size_t)victim->w * (size_t)victim->h * 4;
    /* Keep memory bounded: drop the least recently used textures (never one
     * drawn in this frame) while over budget. */
    while (p->tex_bytes > TEX_BUDGET) {
        tex_entry_t *old = NULL;
        for (int i = 0; i < TEX_CACHE; i++)
            if (p->tex[i].hash && p->tex[i].used < p->frame && (!old || p->tex[i].used < old->used))
                old = &p->tex[i];
        if (!old) break;
        tex_drop(p, old);
    }
    PROF_END(t_evict, PROF_EVICT);
    victim->hash = h;
    victim->text = jh_strdup(text);
    victim->size = size;
    victim->color = color;
    victim->used = p->frame;
    return victim;
}

static void render_list(plat_t *p, const ui_draw_list_t *dl)
{
    static occluder_t occ[MAX_OCCLUDERS];
    p->frame++;
    ptx_frame(p->font, p->frame);
    if (p->fallback) ptx_frame(p->fallback, p->frame);
    int first = 0, ow, oh;
    plat_output_size(p, &ow, &oh);
    /* A full-screen first rectangle is the background: clear with it. */
    const ui_cmd_t *c0 = dl->n ? &dl->cmds[0] : NULL;
    if (c0 && c0->type == UI_CMD_RECT && c0->r.x <= 0 && c0->r.y <= 0 && c0->r.w >= ow && c0->r.h >= oh) {
        set_draw(p, (Uint8)(c0->color >> 24), (Uint8)(c0->color >> 16), (Uint8)(c0->color >> 8), 255);
        first = 1;
    } else {
        set_draw(p, 255, 255, 255, 255);
    }
    int n_occ = p->no_culling ? 0 : occluders(dl, first, occ);
    /* The last frame's pixels outside what its commands drew are its
     * background: when it is this frame's too, on the same surface, only
     * what the last frame drew over it needs the background again. */
    Uint32 bg = (Uint32)p->draw.r << 24 | (Uint32)p->draw.g << 16 | (Uint32)p->draw.b << 8 | 255;
    p->target = p->own_fill ? SDL_GetWindowSurface(p->win) : NULL;
    SDL_Surface *surf = p->no_culling ? NULL : p->target; /* (culling off: the tests' reference) */
    if (atomic_exchange(&p->surface_changed, false)) p->painted_valid = false;
    bool damage = surf && p->painted_valid && p->painted_bg == bg && p->painted_pixels == surf->pixels &&
                  p->painted_w == surf->w && p->painted_h == surf->h;
    if (!damage && n_occ == 0) {
        SDL_RenderClear(p->ren);
    } else {
        /* The background where no opaque fill covers it: all of it, or
         * where the last frame drew over it. */
        SDL_Rect screen = {0, 0, ow, oh};
        SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_NONE);
        if (!damage || p->n_painted)
            fill_visible(p, damage ? p->painted : &screen, damage ? p->n_painted : 1, -1, occ, n_occ);
        SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_BLEND);
    }
    p->n_painted = 0; /* (the background is drawn: the list is this frame's from here) */
    /* Set, not assumed: the last frame may have ended with an opaque fill,
     * and a translucent fill first in this one was then drawn opaque. */
    SDL_BlendMode mode = SDL_BLENDMODE_BLEND;
    SDL_SetRenderDrawBlendMode(p->ren, mode);
    for (int i = first; i < dl->n; i++) {
        const ui_cmd_t *c = &dl->cmds[i];
        Uint8 r = (Uint8)(c->color >> 24), g = (Uint8)(c->color >> 16), b = (Uint8)(c->color >> 8),
              a = (Uint8)c->color;
        /* Opaque fills need no blending (much cheaper in software). */
        SDL_BlendMode want = a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND;
        if (c->type != UI_CMD_TEXT && want != mode) SDL_SetRenderDrawBlendMode(p->ren, mode = want);
        SDL_Rect drawn = {c->r.x, c->r.y, c->r.w, c->r.h};
        switch (c->type) {
        case UI_CMD_RECT:
            set_draw(p, r, g, b, a);
            fill_visible(p, &drawn, 1, i, occ, n_occ);
            break;
        case UI_CMD_RRECT:
            set_draw(p, r, g, b, a);
            fill_rrect(p, c->r, c->radius, i, occ, n_occ);
            break;
        case UI_CMD_TEXT: {
            tex_entry_t *e = texture_get(p, c->text, c->size, c->color);
            if (!e) break;
            /* Centre the font's line box on the em box the layout reserved. */
            int y = c->r.y + (c->r.h - e->h) / 2;
            drawn = (SDL_Rect){c->r.x, y, e->w, e->h};
            SDL_RenderCopy(p->ren, e->tex, NULL, &drawn);
            break;
        }
        }
        if (drawn.w > 0 && drawn.h > 0 && p->n_painted <= MAX_PAINTED) {
            if (p->n_painted < MAX_PAINTED) p->painted[p->n_painted] = drawn;
            p->n_painted++; /* (MAX_PAINTED + 1: more than the list holds) */
        }
    }
    p->painted_valid = surf && p->n_painted <= MAX_PAINTED;
    if (p->painted_valid) {
        p->painted_bg = bg;
        p->painted_pixels = surf->pixels;
        p->painted_w = surf->w;
        p->painted_h = surf->h;
    }
}

void plat_render(plat_t *p, const ui_draw_list_t *dl)
{
    PROF_BEGIN(t_queue);
    render_list(p, dl);
    PROF_END(t_queue, PROF_QUEUE);
    PROF_BEGIN(t_present);
    SDL_RenderPresent(p->ren);
    PROF_END(t_present, PROF_PRESENT);
}

jh_status_t plat_read_pixels(plat_t *p, const ui_draw_list_t *dl, unsigned char **rgba, int *w,
                             int *h, jh_err_t *err)
{
    *rgba = NULL;
    render_list(p, dl);
    plat_output_size(p, w, h);
    unsigned char *px = jh_xmalloc((size_t)*w * (size_t)*h * 4);
    if (SDL_RenderReadPixels(p->ren, NULL, SDL_PIXELFORMAT_RGBA32, px, *w * 4) != 0) {
        free(px);
        SDL_RenderPresent(p->ren);
        return jh_err_set(err, JH_ERR_IO, "cannot read the rendered frame: %s", SDL_GetError());
    }
    SDL_RenderPresent(p->ren);
    *rgba = px;
    return JH_OK;
}

jh_status_t plat_load_png(const char *path, unsigned char **rgba, int *w, int *h, jh_err_t *err)
{
    *rgba = NULL;
    SDL_Surface *s = IMG_Load(path);
    if (!s) return jh_err_set(err, JH_ERR_NOTFOUND, "%s: cannot read the image: %s", path, IMG_GetError());
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
    SDL_FreeSurface(s);
    if (!c) return jh_err_set(err, JH_ERR_INVALID, "%s: cannot convert the image: %s", path, SDL_GetError());
    *w = c->w;
    *h = c->h;
    unsigned char *px = jh_xmalloc((size_t)c->w * (size_t)c->h * 4);
    for (int y = 0; y < c->h; y++)
        memcpy(px + (size_t)y * (size_t)c->w * 4, (unsigned char *)c->pixels + (size_t)y * (size_t)c->pitch,
               (size_t)c->w * 4);
    SDL_FreeSurface(c);
    *rgba = px;
    return JH_OK;
}

jh_status_t plat_save_png(const char *path, const unsigned char *rgba, int w, int h, jh_err_t *err)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom((void *)rgba, w, h, 32, w * 4, SDL_PIXELFORMAT_RGBA32);
    if (!s) return jh_err_set(err, JH_ERR_NOMEM, "cannot make an image surface: %s", SDL_GetError());
    int rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    if (rc != 0) return jh_err_set(err, JH_ERR_IO, "%s: cannot write the PNG: %s", path, IMG_GetError());
    return JH_OK;
}

void plat_text_input(plat_t *p, bool on)
{
    if (on == (bool)SDL_IsTextInputActive()) return;
    if (on)
        SDL_StartTextInput();
    else
        SDL_StopTextInput();
}

void plat_prewarm(plat_t *p, const ui_draw_list_t *next)
{
    /* The fallback font's face (a 20 MB collection: opening it reads its
     * tables; the first text with a character the bundled font lacks, an
     * emoji say, then draws without that). */
    fallback_get(p);
    heap_touch(PREWARM_HEAP);
    /* The texts of the screen one tap away, as textures in the cache
     * (rasterised at their sizes now rather than on the frame that shows
     * them).  They count as drawn in the last frame, like the texts on
     * show: the budget evicts neither for the other. */
    for (int i = 0; next && i < next->n; i++)
        if (next->cmds[i].type == UI_CMD_TEXT)
            texture_get(p, next->cmds[i].text, next->cmds[i].size, next->cmds[i].color);
}

void plat_text_cache_drop(plat_t *p, bool glyphs)
{
    cache_clear(p);
    if (glyphs) {
        ptx_drop_glyphs(p->font);
        if (p->fallback) ptx_drop_glyphs(p->fallback);
    }
    for (int i = 0; i < WIDTH_CACHE; i++) {
        free(p->widths[i].text);
        p->widths[i].text = NULL;
        p->widths[i].hash = 0;
    }
    p->n_widths = 0;
}

void plat_after_frame(plat_t *p)
{
    /* A block of the reserve's size taken, written and given back: from a
     * free chunk (already written) or from the heap's top, whose fresh pages
     * fault now rather than under the next frame's textures.  A few
     * microseconds when the pages are there (mallinfo2 would tell the top's
     * size, but walks every free chunk: milliseconds). */
    (void)p;
    heap_touch(HEAP_RESERVE);
}

void plat_set_fill_culling(plat_t *p, bool on)
{
    p->no_culling = !on;
}

void plat_set_own_fill(plat_t *p, bool on)
{
    SDL_RendererInfo info;
    p->own_fill = on && SDL_GetRendererInfo(p->ren, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
}

size_t plat_cache_bytes(const plat_t *p)
{
    return p->tex_bytes;
}

uint64_t plat_ticks_ms(void)
{
    return SDL_GetTicks64();
}

/* ---- static functions ---------------------------------------------------------- */

/* Whatever happens to the window (resized, shown, exposed, moved to
 * another display) or the renderer, the next frame repaints all of its
 * background: the window's surface may be a new one, even at the same
 * address and size (SDL makes a new zeroed one when the size comes back).
 * Called by SDL when it generates the event, in that thread (events queued
 * behind many inputs are read by plat_wait frames later). */
static int surface_watch(void *ctx, SDL_Event *ev)
{
    plat_t *p = ctx;
    if (ev->type == SDL_WINDOWEVENT || ev->type == SDL_RENDER_TARGETS_RESET || ev->type == SDL_RENDER_DEVICE_RESET)
        atomic_store(&p->surface_changed, true);
    return 1;
}

/* Start-up: one short text shaped, rasterised, uploaded and drawn, so that
 * the first frame does not pay for the first use of the code (page faults
 * on FreeType's, HarfBuzz's and SDL's pages, symbol binding, HarfBuzz's
 * shaping plan for the face) or for the first pages of heap its textures
 * take.  The frame is cleared before it shows. */
static void warm_up(plat_t *p)
{
    heap_touch(START_HEAP);
    int w, h;
    SDL_Texture *t = text_texture(p, "均衡 Junheng 0123", 32, 0x000000ffu, &w, &h);
    if (!t) return;
    SDL_RenderCopy(p->ren, t, NULL, &(SDL_Rect){0, 0, w, h});
    SDL_SetRenderDrawColor(p->ren, 255, 255, 255, 255);
    SDL_RenderFillRect(p->ren, &(SDL_Rect){0, 0, w, h});
    SDL_RenderFlush(p->ren);
    SDL_DestroyTexture(t);
}

/* Heap pages for text textures: taken and written once; kept after free
 * (M_TRIM_THRESHOLD, plat_create), so that textures do not take their pages
 * from the kernel one fault at a time.  Written with a non-zero byte
 * through a volatile pointer: the compiler turns malloc + memset(0) into
 * calloc, which leaves fresh heap pages untouched (that version of this
 * warmed nothing; issue 20). */
static void heap_touch(size_t n)
{
    unsigned char *mem = malloc(n);
    if (mem) {
        volatile unsigned char *v = mem;
        for (size_t i = 0; i < n; i += 4096) v[i] = 1;
        free(mem);
    }
}

/* Maps a whole file read-only (shared with the page cache); populate: all
 * its pages mapped now, in one system call, rather than on first access
 * (the bundled font: 2.2 MB, most of it read by the first screens; the
 * fallback collection's 20 MB are mapped page by page as glyphs need them).
 * NULL when it cannot. */
static void *map_file(const char *path, size_t *len, bool populate)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat sb;
    void *m = NULL;
    if (fstat(fd, &sb) == 0 && sb.st_size > 0) {
        m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED | (populate ? MAP_POPULATE : 0), fd, 0);
        if (m == MAP_FAILED) m = NULL;
        else *len = (size_t)sb.st_size;
    }
    close(fd);
    return m;
}

/* The fallback font, opened on first use (it is a 20 MB collection: most
 * screens never need it). */
static ptx_font_t *fallback_get(plat_t *p)
{
    if (!p->fallback_tried) {
        p->fallback_tried = true;
        if (p->fallback_path) p->fallback_map = map_file(p->fallback_path, &p->fallback_map_len, false);
        if (p->fallback_map) p->fallback = ptx_font_open(p->fallback_map, p->fallback_map_len, p->fallback_index, NULL);
        if (p->fallback) ptx_frame(p->fallback, p->frame);
    }
    return p->fallback;
}

/* Splits text into runs drawn by one font each; calls fn per run. */
typedef void (*run_fn)(void *ctx, ptx_font_t *font, const char *s, size_t len);
static void for_runs(plat_t *p, const char *text, size_t len, run_fn fn, void *ctx)
{
    size_t start = 0, i = 0;
    ptx_font_t *cur = NULL;
    while (i < len) {
        int adv;
        uint32_t cp = ui_utf8_decode(text + i, len - i, &adv);
        ptx_font_t *use = p->font;
        if (cp >= 0x80 && !ptx_has_glyph(p->font, cp)) {
            ptx_font_t *fb = fallback_get(p);
            if (fb && ptx_has_glyph(fb, cp)) use = fb;
        }
        if (cur && use != cur) {
            fn(ctx, cur, text + start, i - start);
            start = i;
        }
        cur = use;
        i += (size_t)adv;
    }
    if (cur && i > start) fn(ctx, cur, text + start, i - start);
}

typedef struct {
    int w;
    int size;
} measure_ctx_t;

static void measure_run(void *ctx, ptx_font_t *font, const char *s, size_t len)
{
    measure_ctx_t *m = ctx;
    int w = ptx_width(font, m->size, s, len);
    if (w > 0) m->w += w;
}

static int measure_cb(void *ctx, const char *text, size_t len, int size)
{
    plat_t *p = ctx;
    if (len == 0) return 0;
    uint64_t h = fnv(fnv(14695981039346656037ULL, &size, sizeof size), text, len);
    size_t slot = (size_t)h & (WIDTH_CACHE - 1);
    for (size_t probe = 0; probe < 16; probe++) {
        width_entry_t *e = &p->widths[(slot + probe) & (WIDTH_CACHE - 1)];
        if (e->hash == 0) break;
        if (e->hash == h && e->size == size && !strncmp(e->text, text, len) && e->text[len] == 0)
            return e->width;
    }
    if (size < 4) size = 4;
    measure_ctx_t m = {0, size};
    PROF_BEGIN(t_measure);
    for_runs(p, text, len, measure_run, &m);
    PROF_END(t_measure, PROF_MEASURE);
    if (p->n_widths > WIDTH_CACHE / 2) {
        for (int i = 0; i < WIDTH_CACHE; i++) {
            free(p->widths[i].text);
            p->widths[i].text = NULL;
            p->widths[i].hash = 0;
        }
        p->n_widths = 0;
    }
    for (size_t probe = 0; probe < 16; probe++) {
        width_entry_t *e = &p->widths[(slot + probe) & (WIDTH_CACHE - 1)];
        if (e->hash != 0) continue;
        e->hash = h;
        e->size = size;
        e->width = m.w;
        e->text = jh_strndup(text, len);
        p->n_widths++;
        break;
    }
    return m.w;
}

typedef struct {
    SDL_Surface *runs[64];
    int ascent[64];
    int n;
    int size;
    SDL_Color color;
} render_ctx_t;

static void render_run(void *ctx, ptx_font_t *font, const char *s, size_t len)
{
    render_ctx_t *r = ctx;
    if (r->n >= 64) return;
    SDL_Surface *surf = ptx_render(font, r->size, s, len, r->color);
    if (!surf) return;
    r->runs[r->n] = surf;
    r->ascent[r->n] = ptx_ascent(font, r->size);
    r->n++;
}

static SDL_Surface *render_text(plat_t *p, const char *text, int size, uint32_t color)
{
    if (size < 4) size = 4;
    render_ctx_t r = {.n = 0, .size = size,
                      .color = {(Uint8)(color >> 24), (Uint8)(color >> 16), (Uint8)(color >> 8), (Uint8)color}};
    for_runs(p, text, strlen(text), render_run, &r);
    if (r.n == 0) return NULL;
    if (r.n == 1) return r.runs[0];
    /* Several fonts: line the runs up on the main font's baseline. */
    int base = ptx_ascent(p->font, size), w = 0, h = ptx_height(p->font, size);
    for (int i = 0; i < r.n; i++) {
        w += r.runs[i]->w;
        int bottom = base - r.ascent[i] + r.runs[i]->h;
        if (bottom > h) h = bottom;
    }
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (out) {
        SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, r.color.r, r.color.g, r.color.b, 0));
        int x = 0;
        for (int i = 0; i < r.n; i++) {
            SDL_SetSurfaceBlendMode(r.runs[i], SDL_BLENDMODE_NONE);
            SDL_BlitSurface(r.runs[i], NULL, out, &(SDL_Rect){x, base - r.ascent[i], 0, 0});
            x += r.runs[i]->w;
        }
    }
    for (int i = 0; i < r.n; i++) SDL_FreeSurface(r.runs[i]);
    return out;
}

typedef struct {
    ptx_font_t *font;
    int n;
} runs_ctx_t;

static void count_run(void *ctx, ptx_font_t *font, const char *s, size_t len)
{
    runs_ctx_t *r = ctx;
    (void)s;
    (void)len;
    r->font = font;
    r->n++;
}

/* The texture of a text.  Text in one font (nearly all) is drawn straight
 * into the texture's pixels: no surface to allocate, clear and copy. */
static SDL_Texture *text_texture(plat_t *p, const char *text, int size, uint32_t color, int *w, int *h)
{
    if (size < 4) size = 4;
    size_t len = strlen(text);
    runs_ctx_t runs = {NULL, 0};
    for_runs(p, text, len, count_run, &runs);
    SDL_Texture *tex = NULL;
    if (runs.n == 1) {
        PROF_BEGIN(t_shape);
        ptx_line_t *l = ptx_shape(runs.font, size, text, len);
        PROF_END(t_shape, PROF_SHAPE);
        if (l) ptx_line_size(l, w, h);
        PROF_BEGIN(t_new);
        if (l && *w > 0)
            tex = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, *w, *h);
        PROF_END(t_new, PROF_TEXNEW);
        PROF_BEGIN(t_draw);
        void *px;
        int pitch;
        if (tex && SDL_LockTexture(tex, NULL, &px, &pitch) == 0) {
            SDL_Color fg = {(Uint8)(color >> 24), (Uint8)(color >> 16), (Uint8)(color >> 8), (Uint8)color};
            ptx_line_draw(l, fg, px, pitch);
            SDL_UnlockTexture(tex);
            SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        } else if (tex) {
            SDL_DestroyTexture(tex);
            tex = NULL;
        }
        ptx_line_free(l);
        PROF_END(t_draw, PROF_DRAW);
        return tex;
    }
    PROF_BEGIN(t_multi);
    SDL_Surface *s = render_text(p, text, size, color);
    if (!s) return NULL;
    tex = SDL_CreateTextureFromSurface(p->ren, s);
    *w = s->w;
    *h = s->h;
    SDL_FreeSurface(s);
    PROF_END(t_multi, PROF_MULTI);
    return tex;
}

static void cache_clear(plat_t *p)
{
    for (int i = 0; i < TEX_CACHE; i++) {
        if (p->tex[i].tex) SDL_DestroyTexture(p->tex[i].tex);
        free(p->tex[i].text);
        memset(&p->tex[i], 0, sizeof p->tex[i]);
    }
    p->tex_bytes = 0;
}

char *plat_find_font(void)
{
    const char *rel[] = {"fonts/NotoSansSC-Junheng.otf", "../fonts/NotoSansSC-Junheng.otf",
                         "../share/junheng/fonts/NotoSansSC-Junheng.otf"};
    char *base = SDL_GetBasePath();
    if (base) {
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char *path = jh_sprintf("%s%s", base, rel[i]);
            if (access(path, R_OK) == 0) {
                SDL_free(base);
                return path;
            }
            free(path);
        }
        SDL_free(base);
    }
    const char *src = getenv("JH_SOURCE_DIR");
    if (!src) src = JH_SOURCE_DIR;
    char *path = jh_sprintf("%s/fonts/NotoSansSC-Junheng.otf", src);
    if (access(path, R_OK) == 0) return path;
    free(path);
    return NULL;
}

/* ---- termination signals ------------------------------------------------------
 * SIGTERM (systemctl stop, shutdown), SIGINT (Ctrl+C) and SIGHUP are blocked
 * in every thread and taken by one thread with sigwait(), which pushes an SDL
 * event: the main loop sees PLAT_TERM and ends normally, so an unfinished
 * questionnaire is stored as abandoned (ui_app_destroy).  No code runs in a
 * signal handler, and SDL_PushEvent is thread-safe and wakes a waiting loop. */

static const int term_signals[] = {SIGTERM, SIGINT, SIGHUP};

static void term_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < sizeof term_signals / sizeof term_signals[0]; i++) sigaddset(set, term_signals[i]);
}

static void *term_thread(void *arg)
{
    plat_t *p = arg;
    sigset_t set;
    term_set(&set);
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        /* p->term_event is set right after SDL_Init; a signal before that
         * is pushed once SDL is up (SDL_WasInit polls for it briefly). */
        while (!p->term_event || !SDL_WasInit(SDL_INIT_EVENTS)) SDL_Delay(10);
        fprintf(stderr, "junheng-kiosk: %s received: ending (an unfinished questionnaire is kept as abandoned)\n",
                sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "SIGHUP");
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = p->term_event;
        ev.user.code = sig;
        SDL_PushEvent(&ev);
    }
    return NULL;
}

static void term_watch_start(plat_t *p)
{
    sigset_t set;
    term_set(&set);
    if (pthread_sigmask(SIG_BLOCK, &set, &p->sig_old) != 0) return;
    if (pthread_create(&p->sig_thread, NULL, term_thread, p) != 0) {
        pthread_sigmask(SIG_SETMASK, &p->sig_old, NULL);
        return;
    }
    p->sig_started = true;
}

static void term_watch_stop(plat_t *p)
{
    if (!p->sig_started) return;
    pthread_cancel(p->sig_thread); /* sigwait is a cancellation point */
    pthread_join(p->sig_thread, NULL);
    p->sig_started = false;
    /* A signal that came after the loop ended stays pending and, once
     * unblocked, ends the process as usual: everything is stored by now. */
    pthread_sigmask(SIG_SETMASK, &p->sig_old, NULL);
}

/* ---- font and version checks without a window (--self-check) ----------------- */

struct plat_fontcheck {
    TTF_Font *font;
    bool ttf_started;      /* TTF_Init was called here */
};

jh_status_t plat_fontcheck_open(const char *path, plat_fontcheck_t **out, jh_err_t *err)
{
    *out = NULL;
    plat_fontcheck_t *fc = jh_xcalloc(1, sizeof *fc);
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            free(fc);
            return jh_err_set(err, JH_ERR_IO, "cannot start SDL_ttf: %s", TTF_GetError());
        }
        fc->ttf_started = true;
    }
    fc->font = TTF_OpenFont(path, 32);
    if (!fc->font) {
        jh_err_set(err, JH_ERR_INVALID, "%s: cannot open the font: %s", path, TTF_GetError());
        plat_fontcheck_close(fc);
        return err->status;
    }
    *out = fc;
    return JH_OK;
}

bool plat_fontcheck_has(void *fc, uint32_t cp)
{
    return TTF_GlyphIsProvided32(((plat_fontcheck_t *)fc)->font, cp) != 0;
}

const char *plat_fontcheck_family(const plat_fontcheck_t *fc)
{
    const char *f = TTF_FontFaceFamilyName(fc->font);
    return f ? f : "?";
}

void plat_fontcheck_close(plat_fontcheck_t *fc)
{
    if (!fc) return;
    if (fc->font) TTF_CloseFont(fc->font);
    if (fc->ttf_started) TTF_Quit();
    free(fc);
}

void plat_versions(char *buf, size_t n)
{
    SDL_version v;
    SDL_GetVersion(&v);
    const SDL_version *t = TTF_Linked_Version(), *i = IMG_Linked_Version();
    char text[64];
    ptx_versions(text, sizeof text);
    snprintf(buf, n, "SDL %d.%d.%d, SDL_ttf %d.%d.%d, SDL_image %d.%d.%d, %s", v.major, v.minor, v.patch, t->major,
             t->minor, t->patch, i->major, i->minor, i->patch, text);
}
