/* test_ui_plat.c - the SDL platform layer: events become input records once
 * (touch normalised 0..1 scaled to the output size, mouse events SDL
 * synthesises from touch ignored, one finger followed, keys mapped, Alt+F4
 * ignored), text is measured and drawn with the bundled font, the fallback
 * font covers a glyph the bundle lacks, and a frame reads back; the text
 * engine (plat_text.c) gives SDL_ttf 2.20's widths and images byte for
 * byte and keeps its glyph cache in budget; fills that skip what later
 * opaque fills cover give the same frame as fills that do not. Uses the
 * dummy video driver. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "check.h"
#include "plat.h"
#include "plat_text.h"

static plat_t *plat;

/* The fingers on the glass as SDL reports them when plat_wait translates
 * an event (its state then, not at the event).  Pushed events do not move
 * SDL's touch state, so the test sets it: these definitions take the place
 * of SDL's for plat_sdl.c, which is compiled into this program. */
static SDL_Finger glass[4];
static int n_glass;

int SDL_GetNumTouchFingers(SDL_TouchID touch)
{
    (void)touch;
    return n_glass;
}

SDL_Finger *SDL_GetTouchFinger(SDL_TouchID touch, int index)
{
    (void)touch;
    return index >= 0 && index < n_glass ? &glass[index] : NULL;
}

static void set_glass(int n, const SDL_FingerID *ids)
{
    n_glass = n;
    for (int i = 0; i < n; i++) glass[i] = (SDL_Finger){.id = ids[i]};
}

static void push_finger(Uint32 type, SDL_FingerID id, float x, float y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = id;
    e.tfinger.x = x;
    e.tfinger.y = y;
    SDL_PushEvent(&e);
}

static void push_mouse(Uint32 type, Uint32 which, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.button.which = which;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    SDL_PushEvent(&e);
}

static void push_key(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
}

static void test_touch_once(void)
{
    ui_input_t in[16];
    int flags, w, h;
    plat_output_size(plat, &w, &h);
    CHECK_INT(1280, w);
    CHECK_INT(800, h);
    /* A tap as SDL delivers it: finger events plus synthesised mouse events. */
    push_finger(SDL_FINGERDOWN, 7, 0.5f, 0.25f);
    push_mouse(SDL_MOUSEBUTTONDOWN, SDL_TOUCH_MOUSEID, 640, 200);
    push_finger(SDL_FINGERDOWN, 8, 0.9f, 0.9f); /* a second finger: ignored */
    push_finger(SDL_FINGERUP, 8, 0.9f, 0.9f);
    push_finger(SDL_FINGERUP, 7, 0.5f, 0.25f);
    push_mouse(SDL_MOUSEBUTTONUP, SDL_TOUCH_MOUSEID, 640, 200);
    int n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(2, n);
    CHECK_INT(UI_IN_DOWN, in[0].type);
    CHECK_INT(640, in[0].x);
    CHECK_INT(200, in[0].y);
    CHECK_INT(UI_IN_UP, in[1].type);
    /* A real mouse counts. */
    push_mouse(SDL_MOUSEBUTTONDOWN, 0, 10, 20);
    push_mouse(SDL_MOUSEBUTTONUP, 0, 10, 20);
    n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(2, n);
    CHECK_INT(10, in[0].x);
    CHECK_INT(20, in[0].y);
}

/* One finger followed, judged at each event, not by the glass when the
 * batch is read (session 12 review): A down, B down, A up read together
 * while B is still on the glass: B is ignored and A's release counts (it
 * was B's, at B's place, before).  A down, B down and up while A stays: B
 * is ignored.  A lost without its FINGERUP (a focus change): the next
 * finger is followed. */
static void test_touch_batch(void)
{
    ui_input_t in[16];
    int flags;
    const SDL_FingerID b = 8, a = 7;
    set_glass(1, &b); /* when the batch is read: A has left, B is down */
    push_finger(SDL_FINGERDOWN, a, 0.25f, 0.25f);
    push_finger(SDL_FINGERDOWN, b, 0.75f, 0.75f);
    push_finger(SDL_FINGERUP, a, 0.25f, 0.25f);
    int n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(2, n);
    CHECK_INT(UI_IN_DOWN, in[0].type);
    CHECK_INT(320, in[0].x);
    CHECK_INT(UI_IN_UP, in[1].type);
    CHECK_INT(320, in[1].x);
    CHECK_INT(200, in[1].y);
    set_glass(0, NULL);
    push_finger(SDL_FINGERUP, b, 0.75f, 0.75f);
    CHECK_INT(0, plat_wait(plat, 0, in, 16, &flags)); /* B's release: not followed */
    /* A stays down while B comes and goes */
    set_glass(1, &a);
    push_finger(SDL_FINGERDOWN, a, 0.25f, 0.25f);
    push_finger(SDL_FINGERDOWN, b, 0.75f, 0.75f);
    push_finger(SDL_FINGERUP, b, 0.75f, 0.75f);
    n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(1, n);
    CHECK_INT(UI_IN_DOWN, in[0].type);
    CHECK_INT(320, in[0].x);
    /* A is lost (no FINGERUP will come; not on the glass): B is followed */
    set_glass(1, &b);
    push_finger(SDL_FINGERDOWN, b, 0.75f, 0.75f);
    push_finger(SDL_FINGERUP, b, 0.75f, 0.75f);
    n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(2, n);
    CHECK_INT(UI_IN_DOWN, in[0].type);
    CHECK_INT(960, in[0].x);
    CHECK_INT(UI_IN_UP, in[1].type);
    CHECK_INT(960, in[1].x);
    set_glass(0, NULL);
}

static void test_keys(void)
{
    ui_input_t in[16];
    int flags;
    push_key(SDLK_TAB, KMOD_LSHIFT);
    push_key(SDLK_RETURN, 0);
    push_key(SDLK_F4, KMOD_LALT); /* closes nothing */
    push_key(SDLK_ESCAPE, 0);
    push_key(SDLK_a, 0); /* letters arrive as text input, not keys */
    plat_text_input(plat, false);
    push_key(SDLK_SPACE, 0); /* no text input: Space presses the focused button */
    int n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(4, n);
    CHECK_INT(UI_KEY_BACKTAB, in[0].key);
    CHECK_INT(UI_KEY_ENTER, in[1].key);
    CHECK_INT(UI_KEY_ESCAPE, in[2].key);
    CHECK_INT(UI_KEY_SPACE, in[3].key);
    plat_text_input(plat, true);
    push_key(SDLK_SPACE, 0); /* typing: the space comes as text instead */
    CHECK_INT(0, plat_wait(plat, 0, in, 16, &flags));
    plat_text_input(plat, false);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    SDL_PushEvent(&e);
    n = plat_wait(plat, 0, in, 16, &flags);
    CHECK_INT(0, n);
    CHECK(flags & PLAT_QUIT);
}

static void test_text(void)
{
    ui_measure_t m = plat_measure(plat);
    int w1 = m.width(m.ctx, "满意", 6, 40);
    CHECK(w1 >= 70 && w1 <= 90); /* two ideographs at 40 px */
    CHECK_INT(w1, m.width(m.ctx, "满意", 6, 40)); /* cached */
    CHECK(m.width(m.ctx, "满意", 6, 80) > w1);
    CHECK(plat_has_glyph(plat, 0x6EE1));  /* 满 */
    CHECK(plat_has_glyph(plat, 0x2713));  /* ✓ */
    /* 喆 is not in the bundled subset; the system Noto Sans CJK has it. */
    if (access("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", R_OK) == 0) {
        CHECK(plat_has_glyph(plat, 0x5586));
        CHECK(m.width(m.ctx, "\xE5\x96\x86", 3, 40) >= 30);
    }
    /* Draw and read back: dark text pixels on the light background. */
    ui_draw_list_t dl = {0};
    ui_draw_rect(&dl, (ui_rect_t){0, 0, 1280, 800}, 0xF6F3EBFF);
    ui_draw_rrect(&dl, (ui_rect_t){100, 100, 300, 100}, 18, 0x0A4FA0FF);
    ui_draw_text(&dl, 500, 100, 200, 60, 60, 0x141414FF, "家长\xE5\x96\x86", 9);
    unsigned char *px;
    int w, h;
    jh_err_t err;
    CHECK_INT(JH_OK, plat_read_pixels(plat, &dl, &px, &w, &h, &err));
    if (px) {
        const unsigned char *bg = px + (10 * w + 10) * 4, *btn = px + (150 * w + 250) * 4;
        CHECK_INT(0xF6, bg[0]);
        CHECK_INT(0x0A, btn[0]);
        CHECK_INT(0xA0, btn[2]);
        const unsigned char *corner = px + (100 * w + 100) * 4; /* rounded away */
        CHECK_INT(0xF6, corner[0]);
        int dark = 0;
        for (int y = 100; y < 160; y++)
            for (int x = 500; x < 700; x++) dark += px[(y * w + x) * 4] < 80;
        CHECK(dark > 300);
        int dark_fallback = 0; /* the third character, drawn by the fallback font */
        for (int y = 100; y < 170; y++)
            for (int x = 500 + 2 * 58; x < 500 + 3 * 62; x++) dark_fallback += px[(y * w + x) * 4] < 80;
        CHECK(dark_fallback > 50);
        free(px);
    }
    ui_draw_list_free(&dl);
}

static void test_cache_bounded(void)
{
    /* 200 frames of different large texts: the texture cache stays within
     * its budget instead of growing with every text ever drawn. */
    ui_draw_list_t dl = {0};
    for (int i = 0; i < 200; i++) {
        char text[64];
        snprintf(text, sizeof text, "第 %d 题：您对学校满意吗？", i);
        ui_draw_list_clear(&dl);
        ui_draw_text(&dl, 0, 0, 1200, 120, 120, 0x141414FF, text, strlen(text));
        plat_render(plat, &dl);
    }
    CHECK(plat_cache_bytes(plat) > 0);
    CHECK(plat_cache_bytes(plat) <= (16u << 20));
    ui_draw_list_free(&dl);
}

/* The bundled font mapped, or NULL (len set). */
static void *map_font(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    struct stat sb;
    void *m = NULL;
    if (fd >= 0 && fstat(fd, &sb) == 0) {
        m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
        *len = (size_t)sb.st_size;
    }
    if (fd >= 0) close(fd);
    return m == MAP_FAILED ? NULL : m;
}

static void test_text_as_sdl_ttf(void)
{
    /* The kiosk's text engine against SDL_ttf 2.20 (TTF_HINTING_LIGHT, the
     * configuration the kiosk used): the same width as TTF_SizeUTF8, the
     * same ascent and height, and TTF_RenderUTF8_Blended's image byte for
     * byte, for Chinese and Latin text (kerning, ligature candidates),
     * punctuation, a space alone, invalid UTF-8, at small and large sizes,
     * opaque, translucent and zero-alpha colours.  A different SDL_ttf,
     * FreeType or HarfBuzz may change the reference: then look at the
     * goldens before trusting either. */
    static const char *texts[] = {"开始答题", "总的来说，您对这所学校满意吗？", "（《问卷》）、。！",
                                  "AVAWAY To fi ffi 0123 Junheng", "本机编号 K-GOLDEN　SHA256:b179-c084",
                                  "家长 1 份，占 100%，已达到一半以上 ✓", " ", "x", "\xff\xfe 坏", NULL};
    static const int sizes[] = {9, 24, 30, 46, 81, 114};
    static const SDL_Color colors[] = {{20, 20, 20, 255}, {255, 255, 255, 255}, {20, 90, 200, 140}, {1, 2, 3, 0}};
    char *path = plat_find_font();
    size_t len = 0;
    void *data = path ? map_font(path, &len) : NULL;
    CHECK(data != NULL);
    if (!data) {
        free(path);
        return;
    }
    jh_err_t err;
    ptx_font_t *f = ptx_font_open(data, len, 0, &err);
    CHECK(f != NULL);
    bool ttf = !TTF_WasInit();
    if (ttf) TTF_Init();
    int compared = 0;
    for (size_t si = 0; f && si < sizeof sizes / sizeof sizes[0]; si++) {
        TTF_Font *t = TTF_OpenFontIndexRW(SDL_RWFromConstMem(data, (int)len), 1, sizes[si], 0);
        CHECK(t != NULL);
        if (!t) continue;
        TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
        CHECK_INT(TTF_FontAscent(t), ptx_ascent(f, sizes[si]));
        CHECK_INT(TTF_FontHeight(t), ptx_height(f, sizes[si]));
        for (int ti = 0; texts[ti]; ti++) {
            int w = 0, h = 0;
            TTF_SizeUTF8(t, texts[ti], &w, &h);
            CHECK_INT(w, ptx_width(f, sizes[si], texts[ti], strlen(texts[ti])));
            for (size_t ci = 0; ci < sizeof colors / sizeof colors[0]; ci++) {
                SDL_Surface *a = TTF_RenderUTF8_Blended(t, texts[ti], colors[ci]);
                SDL_Surface *b = ptx_render(f, sizes[si], texts[ti], strlen(texts[ti]), colors[ci]);
                CHECK((a == NULL) == (b == NULL));
                if (a && b) {
                    CHECK_INT(a->w, b->w);
                    CHECK_INT(a->h, b->h);
                    int rows = 0;
                    for (int y = 0; a->w == b->w && y < a->h && y < b->h; y++)
                        rows += memcmp((Uint8 *)a->pixels + (size_t)y * (size_t)a->pitch,
                                       (Uint8 *)b->pixels + (size_t)y * (size_t)b->pitch, (size_t)a->w * 4) != 0;
                    if (rows) fprintf(stderr, "  '%s' at %d px, colour %zu: %d rows differ\n", texts[ti], sizes[si], ci, rows);
                    CHECK_INT(0, rows);
                    compared++;
                }
                SDL_FreeSurface(a);
                SDL_FreeSurface(b);
            }
        }
        TTF_CloseFont(t);
    }
    CHECK(compared >= 200);
    /* The glyph cache: many distinct glyphs at many sizes stay within the
     * budget (4 MB), and dropping empties it. */
    char text[4 * 40 + 1];
    for (int size = 20; f && size < 150; size += 7) {
        for (uint32_t base = 0x4E00; base < 0x4E00 + 400; base += 40) {
            size_t n = 0;
            for (uint32_t cp = base; cp < base + 40; cp++) {
                text[n++] = (char)(0xE0 | (cp >> 12));
                text[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                text[n++] = (char)(0x80 | (cp & 0x3F));
            }
            CHECK(ptx_width(f, size, text, n) > 0);
        }
    }
    if (f) {
        CHECK(ptx_glyph_bytes(f) > 0);
        CHECK(ptx_glyph_bytes(f) <= (4u << 20) + (1u << 20)); /* budget + one text's glyphs */
        ptx_drop_glyphs(f);
        CHECK_INT(0, ptx_glyph_bytes(f));
    }
    ptx_font_close(f);
    if (ttf) TTF_Quit();
    munmap(data, len);
    free(path);
}

/* A random draw list: a background (the full-screen first rectangle, unless
 * bg is 0), opaque and translucent rectangles and rounded rectangles
 * overlapping each other and the edges, frames (some with no inside), texts
 * under and over them (some wider than their box). */
static void random_list(ui_draw_list_t *dl, int w, int h, ui_color_t bg)
{
    ui_draw_list_clear(dl);
    if (bg) ui_draw_rect(dl, (ui_rect_t){0, 0, w, h}, bg);
    int n = 5 + rand() % 60;
    for (int i = 0; i < n; i++) {
        ui_rect_t r = {rand() % (w + 100) - 50, rand() % (h + 100) - 50, 1 + rand() % (w / 2), 1 + rand() % (h / 2)};
        ui_color_t c = (ui_color_t)rand() << 8 | (rand() % 3 ? 0xFF : (ui_color_t)(rand() % 255));
        switch (rand() % 4) {
        case 0: ui_draw_rect(dl, r, c); break;
        case 1: ui_draw_rrect(dl, r, rand() % 80, c); break;
        case 2: ui_draw_frame(dl, r, rand() % 40, 1 + rand() % 6, c, c ^ 0x55AA5500); break;
        default: ui_draw_text(dl, r.x, r.y, r.w, 40, 30, c | 0xFF, "遮住的字 Text", strlen("遮住的字 Text"));
        }
    }
}

static size_t bytes_differ(const unsigned char *a, const unsigned char *b, int w, int h)
{
    size_t n = 0;
    for (size_t i = 0; i < (size_t)w * (size_t)h * 4; i++) n += a[i] != b[i];
    return n;
}

static void test_fill_damage(void)
{
    /* The platform repaints the background only where the frame before drew
     * (render_list).  Chains of random frames, mostly on one background
     * colour (sometimes another, or none): the last frame of each chain,
     * drawn after the others, equals the same frame drawn alone on a
     * cleared surface with every fill in full, pixel for pixel. */
    ui_draw_list_t dl = {0};
    int w, h;
    plat_output_size(plat, &w, &h);
    srand(11);
    static const ui_color_t bgs[] = {0xF4F1EAFF, 0xF4F1EAFF, 0xF4F1EAFF, 0x1A1A1AFF, 0};
    for (int round = 0; round < 30; round++) {
        int len = 2 + rand() % 3;
        unsigned seed = (unsigned)rand();
        /* the reference: the chain's last frame alone */
        unsigned char *ref = NULL, *got = NULL;
        int w0, h0, w1, h1;
        jh_err_t err;
        srand(seed);
        ui_color_t last_bg = 0;
        for (int k = 0; k < len; k++) {
            last_bg = bgs[rand() % 5];
            random_list(&dl, w, h, last_bg);
        }
        plat_set_fill_culling(plat, false);
        CHECK(plat_read_pixels(plat, &dl, &ref, &w0, &h0, &err) == JH_OK);
        plat_set_fill_culling(plat, true);
        /* the chain, each frame after the one before */
        srand(seed);
        for (int k = 0; k < len; k++) {
            random_list(&dl, w, h, bgs[rand() % 5]);
            if (k < len - 1) plat_render(plat, &dl);
        }
        CHECK(plat_read_pixels(plat, &dl, &got, &w1, &h1, &err) == JH_OK);
        if (ref && got && w0 == w1 && h0 == h1) {
            size_t differ = bytes_differ(ref, got, w0, h0);
            if (differ)
                fprintf(stderr, "  round %d (%d frames, background %08x): %zu bytes differ\n", round, len,
                        (unsigned)last_bg, differ);
            CHECK_INT(0, differ);
        }
        free(ref);
        free(got);
        srand(seed + 1);
    }
    ui_draw_list_free(&dl);
}

static void test_fill_damage_resize(void)
{
    /* A window resized and back between two frames: SDL gives it a new,
     * zeroed surface, possibly at the same address and size.  The next frame
     * must repaint all of its background even though nothing read the
     * window events yet (the kiosk's plat_wait may read them frames later):
     * the platform hears of them when SDL makes them (surface_watch).
     * Without that, the last check finds the zeroed screen (2.5 million
     * bytes differ). */
    SDL_Window *win = NULL;
    for (Uint32 id = 1; id < 16 && !win; id++) win = SDL_GetWindowFromID(id); /* the test's only window */
    CHECK(win != NULL);
    if (!win) return;
    ui_draw_list_t dl = {0};
    int w, h;
    plat_output_size(plat, &w, &h);
    srand(5);
    random_list(&dl, w / 3, h / 3, 0xF4F1EAFF); /* little drawn: most of the screen is background */
    unsigned char *ref = NULL, *got = NULL;
    int w0, h0, w1, h1;
    jh_err_t err;
    plat_set_fill_culling(plat, false);
    CHECK(plat_read_pixels(plat, &dl, &ref, &w0, &h0, &err) == JH_OK);
    plat_set_fill_culling(plat, true);
    plat_render(plat, &dl);
    plat_render(plat, &dl); /* (the background repainted only where the frame before drew) */
    SDL_SetWindowSize(win, w / 2, h / 2);
    SDL_SetWindowSize(win, w, h);
    /* Here SDL's new surface is elsewhere in memory (the platform would see
     * that); the same address happens too.  So: the surface zeroed in place,
     * and one more window event (the kind a display change sends) that
     * nothing reads. */
    SDL_Surface *surf = SDL_GetWindowSurface(win);
    CHECK(surf != NULL);
    if (surf) {
        plat_render(plat, &dl);
        plat_render(plat, &dl);
        memset(surf->pixels, 0, (size_t)surf->pitch * (size_t)surf->h);
        SDL_Event ev = {.window = {.type = SDL_WINDOWEVENT, .windowID = SDL_GetWindowID(win),
                                   .event = SDL_WINDOWEVENT_EXPOSED}};
        SDL_PushEvent(&ev);
    }
    CHECK(plat_read_pixels(plat, &dl, &got, &w1, &h1, &err) == JH_OK);
    if (ref && got && w0 == w1 && h0 == h1) CHECK_INT(0, bytes_differ(ref, got, w0, h0));
    free(ref);
    free(got);
    ui_draw_list_free(&dl);
}

static void test_fill_culling(void)
{
    /* Random draw lists (a background, opaque and translucent rectangles
     * and rounded rectangles overlapping each other and the edges, texts
     * under and over them, some of no width or height): the frame with
     * culled fills, and with opaque fills written by the platform layer,
     * equals the frame with every fill drawn in full by SDL, pixel for
     * pixel. */
    ui_draw_list_t dl = {0};
    int w, h;
    plat_output_size(plat, &w, &h);
    srand(20);
    for (int round = 0; round < 40; round++) {
        ui_draw_list_clear(&dl);
        ui_draw_rect(&dl, (ui_rect_t){0, 0, w, h}, 0xF4F1EAFF);
        int n = 5 + rand() % 60;
        for (int i = 0; i < n; i++) {
            ui_rect_t r = {rand() % (w + 100) - 50, rand() % (h + 100) - 50, 1 + rand() % (w / 2), 1 + rand() % (h / 2)};
            ui_color_t c = (ui_color_t)rand() << 8 | (rand() % 3 ? 0xFF : (ui_color_t)(rand() % 255));
            switch (rand() % 4) {
            case 0: ui_draw_rect(&dl, r, c); break;
            case 1: ui_draw_rrect(&dl, r, rand() % 80, c); break;
            case 2: ui_draw_frame(&dl, r, rand() % 40, 1 + rand() % 6, c, c ^ 0x55AA5500); break;
            default: ui_draw_text(&dl, r.x, r.y, r.w, 40, 30, c | 0xFF, "遮住的字 Text", strlen("遮住的字 Text"));
            }
        }
        /* The reference: every fill in full, by SDL.  Against it the
         * kiosk's way (culled, opaque fills written by the platform layer)
         * and each of the two alone. */
        unsigned char *full = NULL;
        int w0, h0;
        jh_err_t err;
        plat_set_fill_culling(plat, false);
        plat_set_own_fill(plat, false);
        CHECK(plat_read_pixels(plat, &dl, &full, &w0, &h0, &err) == JH_OK);
        static const struct { bool cull, own; const char *what; } ways[] = {
            {true, true, "culled, own fills"}, {true, false, "culled, SDL's fills"}, {false, true, "own fills"}};
        for (size_t k = 0; k < sizeof ways / sizeof ways[0]; k++) {
            unsigned char *px = NULL;
            int w1, h1;
            plat_set_fill_culling(plat, ways[k].cull);
            plat_set_own_fill(plat, ways[k].own);
            CHECK(plat_read_pixels(plat, &dl, &px, &w1, &h1, &err) == JH_OK);
            if (px && full && w1 == w0 && h1 == h0) {
                size_t differ = 0;
                for (size_t i = 0; i < (size_t)w1 * (size_t)h1 * 4; i++) differ += px[i] != full[i];
                if (differ)
                    fprintf(stderr, "  round %d (%d commands), %s: %zu bytes differ\n", round, dl.n, ways[k].what,
                            differ);
                CHECK_INT(0, differ);
            }
            free(px);
        }
        plat_set_fill_culling(plat, true);
        plat_set_own_fill(plat, true);
        free(full);
    }
    ui_draw_list_free(&dl);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    plat_opts_t o = {.width = 1280, .height = 800, .hidden = true, .software = true};
    jh_err_t err;
    if (plat_create(&o, &plat, &err) != JH_OK) {
        fprintf(stderr, "plat_create: %s\n", err.msg);
        return 1;
    }
    RUN(test_touch_once);
    RUN(test_touch_batch);
    RUN(test_keys);
    RUN(test_text);
    RUN(test_cache_bounded);
    RUN(test_text_as_sdl_ttf);
    RUN(test_fill_culling);
    RUN(test_fill_damage);
    RUN(test_fill_damage_resize);
    plat_destroy(plat);
    CHECK_DONE();
}
