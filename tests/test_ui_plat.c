/* test_ui_plat.c - the SDL platform layer: events become input records once
 * (touch normalised 0..1 scaled to the output size, mouse events SDL
 * synthesises from touch ignored, one finger followed, keys mapped, Alt+F4
 * ignored), text is measured and drawn with the bundled font, the fallback
 * font covers a glyph the bundle lacks, and a frame reads back. Uses the
 * dummy video driver. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "plat.h"

static plat_t *plat;

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
    RUN(test_keys);
    RUN(test_text);
    RUN(test_cache_bounded);
    plat_destroy(plat);
    CHECK_DONE();
}
