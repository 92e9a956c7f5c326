/* bench_min_sdl.c - the baseline for the kiosk's start-up benchmark: the
 * least an SDL program must do to show Chinese text with the bundled font
 * (init, window, renderer, open the font, draw one line, present). */
#include <stdio.h>

#include <SDL.h>
#include <SDL_ttf.h>

int main(int argc, char **argv)
{
    const char *font = argc > 1 ? argv[1] : JH_SOURCE_DIR "/fonts/NotoSansSC-Junheng.otf";
    /* Same window set-up as the kiosk: software rendering, no GL upload. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) return 1;
    SDL_Window *w = SDL_CreateWindow("min", 0, 0, 1920, 1080, SDL_WINDOW_HIDDEN);
    SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE) : NULL;
    TTF_Font *f = TTF_OpenFont(font, 54);
    if (!r || !f) {
        fprintf(stderr, "bench_min_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Color black = {20, 20, 20, 255};
    SDL_Surface *s = TTF_RenderUTF8_Blended(f, "孩子在学校吃得好吗？您对学校的饭菜满意吗？", black);
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_SetRenderDrawColor(r, 246, 243, 235, 255);
    SDL_RenderClear(r);
    SDL_RenderCopy(r, t, NULL, &(SDL_Rect){100, 100, s->w, s->h});
    SDL_RenderPresent(r);
    SDL_DestroyTexture(t);
    SDL_FreeSurface(s);
    TTF_CloseFont(f);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(w);
    TTF_Quit();
    SDL_Quit();
    return 0;
}
