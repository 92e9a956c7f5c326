/* ui_draw.c - the draw list: commands pushed by screens, walked by the
 * platform layer (see ui_draw.h). */
#include "ui_draw.h"

#include <stdlib.h>
#include <string.h>

#include "jh.h"

static ui_cmd_t *push(ui_draw_list_t *dl)
{
    if (dl->n == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 64;
        dl->cmds = jh_xrealloc(dl->cmds, (size_t)dl->cap * sizeof *dl->cmds);
    }
    ui_cmd_t *c = &dl->cmds[dl->n++];
    memset(c, 0, sizeof *c);
    return c;
}

void ui_draw_list_clear(ui_draw_list_t *dl)
{
    for (int i = 0; i < dl->n; i++) free(dl->cmds[i].text);
    dl->n = 0;
}

void ui_draw_list_free(ui_draw_list_t *dl)
{
    ui_draw_list_clear(dl);
    free(dl->cmds);
    dl->cmds = NULL;
    dl->cap = 0;
}

void ui_draw_rect(ui_draw_list_t *dl, ui_rect_t r, ui_color_t c)
{
    ui_cmd_t *cmd = push(dl);
    cmd->type = UI_CMD_RECT;
    cmd->r = r;
    cmd->color = c;
}

void ui_draw_rrect(ui_draw_list_t *dl, ui_rect_t r, int radius, ui_color_t c)
{
    ui_cmd_t *cmd = push(dl);
    cmd->type = UI_CMD_RRECT;
    cmd->r = r;
    cmd->radius = radius;
    cmd->color = c;
}

void ui_draw_frame(ui_draw_list_t *dl, ui_rect_t r, int radius, int bw, ui_color_t fill,
                   ui_color_t border)
{
    if (bw > 0) {
        ui_draw_rrect(dl, r, radius, border);
        r.x += bw;
        r.y += bw;
        r.w -= 2 * bw;
        r.h -= 2 * bw;
        radius = radius > bw ? radius - bw : 0;
    }
    ui_draw_rrect(dl, r, radius, fill);
}

void ui_draw_text(ui_draw_list_t *dl, int x, int y, int w, int h, int size, ui_color_t c,
                  const char *text, size_t len)
{
    if (len == 0) return;
    ui_cmd_t *cmd = push(dl);
    cmd->type = UI_CMD_TEXT;
    cmd->r = (ui_rect_t){x, y, w, h};
    cmd->size = size;
    cmd->color = c;
    cmd->text = jh_strndup(text, len);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t ui_draw_list_hash(const ui_draw_list_t *dl)
{
    uint64_t h = 14695981039346656037ULL;
    for (int i = 0; i < dl->n; i++) {
        const ui_cmd_t *c = &dl->cmds[i];
        int v[8] = {(int)c->type, c->r.x, c->r.y, c->r.w, c->r.h, c->radius, (int)c->color, c->size};
        h = fnv(h, v, sizeof v);
        if (c->text) h = fnv(h, c->text, strlen(c->text) + 1);
    }
    return h;
}

int ui_rect_contains(ui_rect_t r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}
