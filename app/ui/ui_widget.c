/* ui_widget.c - layout helpers, the theme and hit testing (see ui_widget.h). */
#include "ui_widget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jh.h"

static const ui_theme_t theme_default = {
    .bg = 0xF6F3EBFF,
    .text = 0x141414FF,
    .muted = 0x3D3D3DFF,
    .accent = 0x0A4FA0FF,
    .accent_text = 0xFFFFFFFF,
    .button = 0xFFFFFFFF,
    .border = 0x2B2B2BFF,
    .pressed = 0xC9DCF2FF,
    .disabled_bg = 0xDEDBD3FF,
    .disabled_text = 0x5A5A5AFF,
    .focus = 0xE06A00FF,
    .danger = 0xA8071AFF,
    .panel = 0xFFFFFFFF,
};

/* White on black, a yellow accent with black text: every pair far above
 * WCAG AA (tests/test_ui_layout.c computes each drawn text's contrast). */
static const ui_theme_t theme_high_contrast = {
    .bg = 0x000000FF,
    .text = 0xFFFFFFFF,
    .muted = 0xE6E6E6FF,
    .accent = 0xFFD60AFF,
    .accent_text = 0x000000FF,
    .button = 0x000000FF,
    .border = 0xFFFFFFFF,
    .pressed = 0x3A3A3AFF,
    .disabled_bg = 0x2E2E2EFF,
    .disabled_text = 0xC8C8C8FF,
    .focus = 0x00E5FFFF,
    .danger = 0xFF8A80FF,
    .panel = 0x000000FF,
};

const ui_theme_t *ui_theme_default(void)
{
    return &theme_default;
}

const ui_theme_t *ui_theme_high_contrast(void)
{
    return &theme_high_contrast;
}

static double channel_lum(unsigned v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double rel_lum(ui_color_t c)
{
    return 0.2126 * channel_lum(c >> 24 & 0xFF) + 0.7152 * channel_lum(c >> 16 & 0xFF) +
           0.0722 * channel_lum(c >> 8 & 0xFF);
}

double ui_contrast_ratio(ui_color_t a, ui_color_t b)
{
    double la = rel_lum(a), lb = rel_lum(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}

/* c drawn over under (alpha blended), opaque. */
static ui_color_t over(ui_color_t c, ui_color_t under)
{
    unsigned a = c & 0xFF;
    if (a == 0xFF) return c;
    ui_color_t out = 0xFF;
    for (int sh = 8; sh <= 24; sh += 8) {
        unsigned x = c >> sh & 0xFF, y = under >> sh & 0xFF;
        out |= (ui_color_t)((x * a + y * (255 - a) + 127) / 255) << sh;
    }
    return out;
}

/* The colour under point (x, y) before command `before`: the fills
 * containing it, composited from the bottom (the screen starts black). */
static ui_color_t colour_under(const ui_draw_list_t *dl, int before, int x, int y)
{
    ui_color_t c = 0x000000FF;
    for (int i = 0; i < before; i++) {
        const ui_cmd_t *k = &dl->cmds[i];
        if (k->type != UI_CMD_TEXT && ui_rect_contains(k->r, x, y)) c = over(k->color, c);
    }
    return c;
}

int ui_frame_contrast_check(const ui_frame_t *f, jh_buf_t *out, double *worst)
{
    int n = 0;
    if (worst) *worst = 1e9;
    for (int i = 0; i < f->dl.n; i++) {
        const ui_cmd_t *k = &f->dl.cmds[i];
        if (k->type != UI_CMD_TEXT || !k->text || !*k->text) continue;
        bool blank = true;
        for (const char *p = k->text; *p; p++) blank &= *p == ' ';
        if (blank) continue;
        /* The text's background at its middle and at both ends of its middle line. */
        int ys = k->r.y + k->r.h / 2;
        int xs[3] = {k->r.x + 1, k->r.x + k->r.w / 2, k->r.x + (k->r.w > 2 ? k->r.w - 2 : 0)};
        bool large = k->size >= 24; /* WCAG "large": 18 pt, 24 px */
        double need = large ? 3.0 : 4.5;
        for (int j = 0; j < 3; j++) {
            ui_color_t bg = colour_under(&f->dl, i, xs[j], ys);
            double r = ui_contrast_ratio(over(k->color, bg), bg);
            if (worst && r < *worst) *worst = r;
            if (r + 1e-9 < need) {
                n++;
                if (out)
                    jh_buf_printf(out, "text \"%s\" (%d px) at %d,%d: contrast %.2f:1 against #%06X, needs %.1f:1\n",
                                  k->text, k->size, xs[j], ys, r, (unsigned)(bg >> 8), need);
                break;
            }
        }
    }
    return n;
}

void ui_frame_begin(ui_frame_t *f, int w, int h, int text_pct)
{
    ui_draw_list_clear(&f->dl);
    for (int i = 0; i < f->n; i++) free(f->w[i].label);
    f->n = 0;
    f->width = w;
    f->height = h;
    int m = w < h ? w : h;
    f->unit_pct = m * 100 / 1080;
    if (f->unit_pct < 30) f->unit_pct = 30;
    f->text_pct = text_pct > 0 ? text_pct : 100;
    f->px_per_cm = 0;
    if (!f->theme) f->theme = ui_theme_default();
}

void ui_frame_free(ui_frame_t *f)
{
    ui_draw_list_free(&f->dl);
    for (int i = 0; i < f->n; i++) free(f->w[i].label);
    free(f->w);
    f->w = NULL;
    f->n = f->cap = 0;
}

int ui_px(const ui_frame_t *f, int design_px)
{
    return (design_px * f->unit_pct + 50) / 100;
}

int ui_font(const ui_frame_t *f, int design_size)
{
    return (design_size * f->unit_pct * f->text_pct + 5000) / 10000;
}

static ui_widget_t *add_widget(ui_frame_t *f, ui_widget_kind_t kind, ui_rect_t r,
                               const char *label)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 32;
        f->w = jh_xrealloc(f->w, (size_t)f->cap * sizeof *f->w);
    }
    ui_widget_t *w = &f->w[f->n++];
    memset(w, 0, sizeof *w);
    w->kind = kind;
    w->r = r;
    w->label = jh_strdup(label ? label : "");
    return w;
}

int ui_text_height(const ui_frame_t *f, const char *text, int size, int max_w)
{
    ui_lines_t lines;
    ui_text_break(&f->measure, text, size, max_w, &lines);
    return lines.n * ui_line_height(size);
}

/* Draws broken lines starting at y; returns the height used. */
static int draw_lines(ui_frame_t *f, const ui_lines_t *lines, int x, int y, int w, int size,
                      ui_color_t c, ui_align_t align)
{
    int lh = ui_line_height(size);
    int pad = (lh - size) / 2;
    for (int i = 0; i < lines->n; i++) {
        int lw = lines->line[i].w;
        int lx = align == UI_ALIGN_CENTER ? x + (w - lw) / 2 : align == UI_ALIGN_RIGHT ? x + w - lw : x;
        ui_draw_text(&f->dl, lx, y + i * lh + pad, lw, size, size, c, lines->line[i].s,
                     lines->line[i].len);
    }
    return lines->n * lh;
}

int ui_label(ui_frame_t *f, int x, int y, int w, const char *text, int size, ui_color_t c,
             ui_align_t align)
{
    ui_lines_t lines;
    ui_text_break(&f->measure, text, size, w, &lines);
    int h = draw_lines(f, &lines, x, y, w, size, c, align);
    add_widget(f, UI_W_TEXT, (ui_rect_t){x, y, w, h}, text);
    return h;
}

/* The byte offsets of the code points of s's len bytes (n + 1 of them,
 * the last len); the caller frees the array. */
static size_t *cp_offsets(const char *s, size_t len, int *n)
{
    size_t *o = jh_xcalloc(len + 1, sizeof *o);
    int k = 0;
    for (size_t i = 0; i < len;) {
        o[k++] = i;
        int adv;
        ui_utf8_decode(s + i, len - i, &adv);
        i += adv > 0 ? (size_t)adv : 1;
    }
    o[k] = len;
    *n = k;
    return o;
}

/* s's first keep code points then "…" (head), or "…" then its last keep. */
static char *fit_cut(const char *s, size_t len, const size_t *o, int n, int keep, bool tail)
{
    return tail ? jh_sprintf("…%.*s", (int)(len - o[n - keep]), s + o[n - keep])
                : jh_sprintf("%.*s…", (int)o[keep], s);
}

char *ui_fit_line(const ui_frame_t *f, const char *s, size_t len, int size, int w, ui_fit_t how)
{
    if (how != UI_FIT_MORE && f->measure.width(f->measure.ctx, s, len, size) <= w)
        return jh_sprintf("%.*s", (int)len, s);
    bool tail = how == UI_FIT_TAIL;
    int n;
    size_t *o = cp_offsets(s, len, &n);
    /* Code points kept: lo fits (none: "…" alone), hi does not (all of
     * them fit already when the mark is always added). */
    int lo = 0, hi = how == UI_FIT_MORE ? n + 1 : n;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        char *t = fit_cut(s, len, o, n, mid, tail);
        if (f->measure.width(f->measure.ctx, t, strlen(t), size) <= w) lo = mid;
        else hi = mid;
        free(t);
    }
    char *r = fit_cut(s, len, o, n, lo, tail);
    free(o);
    return r;
}

int ui_label_clipped(ui_frame_t *f, int x, int y, int w, int max_h, const char *text, int size,
                     ui_color_t c)
{
    ui_lines_t lines;
    ui_text_break(&f->measure, text, size, w, &lines);
    int lh = ui_line_height(size);
    int fit = max_h / lh;
    if (fit < 0) fit = 0;
    bool cut = lines.n > fit;
    if (cut) lines.n = fit;
    if (cut && fit > 0) {
        /* The last line shown ends in "…" (the text goes on): as much of
         * it as fits beside the mark. */
        int last = fit - 1;
        char *t = ui_fit_line(f, lines.line[last].s, lines.line[last].len, size, w, UI_FIT_MORE);
        int tw = f->measure.width(f->measure.ctx, t, strlen(t), size);
        lines.line[last].w = tw < w ? tw : w;
        lines.n = last;
        draw_lines(f, &lines, x, y, w, size, c, UI_ALIGN_LEFT);
        ui_draw_text(&f->dl, x, y + last * lh + (lh - size) / 2, lines.line[last].w, size, size, c, t,
                     strlen(t));
        free(t);
        lines.n = fit;
    } else {
        draw_lines(f, &lines, x, y, w, size, c, UI_ALIGN_LEFT);
    }
    int h = lines.n * lh;
    add_widget(f, UI_W_TEXT, (ui_rect_t){x, y, w, h}, text);
    return h;
}

void ui_text_in_rect(ui_frame_t *f, ui_rect_t r, const char *text, int size, ui_color_t c,
                     ui_align_t align)
{
    ui_lines_t lines;
    ui_text_break(&f->measure, text, size, r.w, &lines);
    int h = lines.n * ui_line_height(size);
    draw_lines(f, &lines, r.x, r.y + (r.h - h) / 2, r.w, size, c, align);
}

void ui_button(ui_frame_t *f, int id, int arg, ui_rect_t r, const char *label, int size,
               int flags)
{
    ui_button_pic(f, id, arg, r, label, size, flags, 0);
}

int ui_speaker_width(int s)
{
    return s;
}

void ui_speaker(ui_frame_t *f, int x, int y, int s, ui_color_t c)
{
    int cy = y + s / 2;
    /* the box */
    int bh = s * 36 / 100, bw = s * 20 / 100;
    ui_draw_rect(&f->dl, (ui_rect_t){x, cy - bh / 2, bw, bh}, c);
    /* the cone, widening in four steps */
    int step = s * 7 / 100 > 1 ? s * 7 / 100 : 1;
    for (int i = 0; i < 4; i++) {
        int h = bh + (s * 80 / 100 - bh) * (i + 1) / 4;
        ui_draw_rect(&f->dl, (ui_rect_t){x + bw + i * step, cy - h / 2, step, h}, c);
    }
    /* two waves: rounded bars, the outer one taller */
    int ww = s * 8 / 100 > 2 ? s * 8 / 100 : 2;
    int x1 = x + bw + 4 * step + s * 12 / 100, h1 = s * 40 / 100;
    int x2 = x1 + ww + s * 14 / 100, h2 = s * 76 / 100;
    ui_draw_rrect(&f->dl, (ui_rect_t){x1, cy - h1 / 2, ww, h1}, ww / 2, c);
    ui_draw_rrect(&f->dl, (ui_rect_t){x2, cy - h2 / 2, ww, h2}, ww / 2, c);
}

void ui_button_speaker(ui_frame_t *f, int id, int arg, ui_rect_t r, const char *label, int size, int flags)
{
    const ui_theme_t *t = f->theme;
    int s = size * 12 / 10;
    if (s > r.h * 7 / 10) s = r.h * 7 / 10;
    int sw = ui_speaker_width(s), gap = ui_px(f, 12) > 4 ? ui_px(f, 12) : 4;
    /* no room beside the label: the label alone */
    int lw = f->measure.width(f->measure.ctx, label, strlen(label), size);
    if (lw + sw + gap + 2 * ui_px(f, 24) > r.w) {
        ui_button(f, id, arg, r, label, size, flags);
        return;
    }
    ui_button_pic(f, id, arg, r, label, size, flags, sw + gap);
    ui_color_t fg = t->text;
    bool pressed = f->pressed_id == id && f->pressed_arg == arg;
    if (flags & UI_BTN_DISABLED)
        fg = t->disabled_text;
    else if ((flags & (UI_BTN_SELECTED | UI_BTN_PRIMARY)) && !pressed)
        fg = t->accent_text;
    else if (flags & UI_BTN_DANGER && !pressed)
        fg = t->danger;
    /* beside the label, which ui_button_pic centred in the room left of it */
    int inner_l = r.x + ui_px(f, 24), inner_w = r.w - 2 * ui_px(f, 24) - (sw + gap);
    if (flags & UI_BTN_SELECTED) {
        int cw = f->measure.width(f->measure.ctx, "\xE2\x9C\x93", 3, size);
        if (r.w > 4 * cw + 2 * ui_px(f, 24)) {
            int pad = ui_px(f, 20) + cw + ui_px(f, 8);
            inner_l = r.x + pad;
            inner_w = r.w - 2 * pad - (sw + gap);
        }
    }
    int shown = lw < inner_w ? lw : inner_w;
    int x = inner_l + (inner_w + shown) / 2 + gap;
    if (x + sw > r.x + r.w - ui_px(f, 8)) x = r.x + r.w - ui_px(f, 8) - sw;
    ui_speaker(f, x, r.y + (r.h - s) / 2, s, fg);
}

void ui_button_pic(ui_frame_t *f, int id, int arg, ui_rect_t r, const char *label, int size, int flags,
                   int pic_w)
{
    const ui_theme_t *t = f->theme;
    int radius = ui_px(f, 18);
    int bw = ui_px(f, 3);
    if (bw < 2) bw = 2;
    bool focused = f->focus_id == id && f->focus_arg == arg;
    bool pressed = f->pressed_id == id && f->pressed_arg == arg;
    if (flags & UI_BTN_READING) {
        /* Read aloud now: a thick ring in the focus colour, clear of the fill. */
        int g = ui_px(f, 10) > 4 ? ui_px(f, 10) : 4, gi = g / 2;
        ui_draw_rrect(&f->dl, (ui_rect_t){r.x - g, r.y - g, r.w + 2 * g, r.h + 2 * g}, radius + g,
                      t->focus);
        ui_draw_rrect(&f->dl, (ui_rect_t){r.x - gi, r.y - gi, r.w + 2 * gi, r.h + 2 * gi},
                      radius + gi, t->bg);
    } else if (focused) {
        int g = ui_px(f, 7);
        ui_draw_rrect(&f->dl, (ui_rect_t){r.x - g, r.y - g, r.w + 2 * g, r.h + 2 * g}, radius + g,
                      t->focus);
        int gi = ui_px(f, 3);
        ui_draw_rrect(&f->dl, (ui_rect_t){r.x - gi, r.y - gi, r.w + 2 * gi, r.h + 2 * gi},
                      radius + gi, t->bg);
    }
    ui_color_t fill = t->button, border = t->border, fg = t->text;
    if (flags & UI_BTN_DISABLED) {
        fill = border = t->disabled_bg;
        fg = t->disabled_text;
    } else if (flags & (UI_BTN_SELECTED | UI_BTN_PRIMARY)) {
        fill = border = t->accent;
        fg = t->accent_text;
    } else if (flags & UI_BTN_DANGER) {
        border = fg = t->danger;
    }
    if (pressed && !(flags & UI_BTN_DISABLED)) {
        fill = t->pressed;
        fg = t->text;
        border = t->accent;
    }
    ui_draw_frame(&f->dl, r, radius, bw, fill, border);
    ui_rect_t inner = {r.x + ui_px(f, 24), r.y + ui_px(f, 6), r.w - 2 * ui_px(f, 24),
                       r.h - 2 * ui_px(f, 6)};
    if (flags & UI_BTN_SELECTED) {
        /* A check mark in its own column so the label stays centred. */
        int cs = size;
        int cw = f->measure.width(f->measure.ctx, "\xE2\x9C\x93", 3, cs);
        int cx = r.x + ui_px(f, 20);
        if (r.w > 4 * cw + 2 * ui_px(f, 24)) {
            ui_draw_text(&f->dl, cx, r.y + (r.h - cs) / 2, cw, cs, cs, fg, /* readable on any fill (disabled too) */
                         "\xE2\x9C\x93", 3);
            int pad = cx + cw + ui_px(f, 8) - r.x;
            inner.x = r.x + pad;
            inner.w = r.w - 2 * pad;
        }
    }
    if (pic_w > 0) inner.w -= pic_w; /* room at the right for a picture the caller draws */
    /* A label that does not fit is drawn smaller rather than cut off. */
    while (size > 12 && ui_text_height(f, label, size, inner.w) > inner.h + ui_px(f, 8)) size = size * 9 / 10;
    ui_text_in_rect(f, inner, label, size, fg, UI_ALIGN_CENTER);
    ui_widget_t *w = add_widget(f, UI_W_BUTTON, r, label);
    w->id = id;
    w->arg = arg;
    w->flags = flags;
    w->overflow = ui_text_height(f, label, size, inner.w) > inner.h + ui_px(f, 8);
}

static int textbox_pad(const ui_frame_t *f)
{
    return ui_px(f, 20) > 6 ? ui_px(f, 20) : 6;
}

int ui_textbox_height(const ui_frame_t *f, const char *text, int size, int w)
{
    char *shown = jh_sprintf("%s|", text);
    int pad = textbox_pad(f);
    int h = ui_text_height(f, shown, size, w - 2 * pad);
    free(shown);
    if (h < ui_line_height(size)) h = ui_line_height(size);
    return h + 2 * pad;
}

/* Draws the box; returns its inner area.  An empty box shows placeholder
 * (may be NULL) in the muted colour. */
static ui_rect_t textbox_draw(ui_frame_t *f, ui_rect_t r, const char *text, const char *placeholder,
                              int size)
{
    const ui_theme_t *t = f->theme;
    int pad = textbox_pad(f);
    int bw = ui_px(f, 3) > 2 ? ui_px(f, 3) : 2;
    ui_draw_frame(&f->dl, r, ui_px(f, 12), bw, t->panel, t->border);
    ui_rect_t in = {r.x + pad, r.y + pad, r.w - 2 * pad, r.h - 2 * pad};
    bool ph = placeholder && !*text;
    char *shown = ph ? jh_sprintf("|%s", placeholder) : jh_sprintf("%s|", text);
    ui_lines_t lines;
    ui_text_break(&f->measure, shown, size, in.w, &lines);
    int lh = ui_line_height(size);
    int fit = in.h / lh;
    if (fit < 1) fit = 1;
    int y = in.y;
    if (lines.n > fit) {
        /* Scrolled to the end: a line of dots says there is more above
         * (when the box has room for it and a line of text). */
        int keep = fit;
        if (fit >= 2) {
            ui_lines_t more;
            ui_text_break(&f->measure, "\xE2\x80\xA6\xE2\x80\xA6", size, in.w, &more);
            draw_lines(f, &more, in.x, y, in.w, size, t->muted, UI_ALIGN_LEFT);
            y += lh;
            keep = fit - 1;
        }
        memmove(&lines.line[0], &lines.line[lines.n - keep], sizeof lines.line[0] * (size_t)keep);
        lines.n = keep;
    }
    draw_lines(f, &lines, in.x, y, in.w, size, ph ? t->muted : t->text, UI_ALIGN_LEFT);
    free(shown);
    return in;
}

void ui_textbox(ui_frame_t *f, ui_rect_t r, const char *text, int size)
{
    add_widget(f, UI_W_TEXT, textbox_draw(f, r, text, NULL, size), text);
}

void ui_textbox_tap(ui_frame_t *f, int id, ui_rect_t r, const char *text, const char *placeholder, int size)
{
    textbox_draw(f, r, text, placeholder, size);
    ui_widget_t *w = add_widget(f, UI_W_BUTTON, r, *text ? text : placeholder);
    w->id = id;
}


void ui_area(ui_frame_t *f, ui_rect_t r, const char *label)
{
    add_widget(f, UI_W_TEXT, r, label);
}

int ui_min_button(const ui_frame_t *f)
{
    int m = ui_px(f, UI_MIN_BUTTON_DESIGN_PX);
    if (m < UI_MIN_BUTTON_PX) m = UI_MIN_BUTTON_PX;
    int mm = (f->px_per_cm * UI_MIN_BUTTON_MM10 + 99) / 100;
    return mm > m ? mm : m;
}

static bool rects_overlap(ui_rect_t a, ui_rect_t b)
{
    return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
           a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool on_screen(const ui_frame_t *f, ui_rect_t r)
{
    return r.x >= 0 && r.y >= 0 && r.x + r.w <= f->width && r.y + r.h <= f->height;
}

static const char *kind_name(const ui_widget_t *w)
{
    return w->kind == UI_W_BUTTON ? "button" : "text";
}

int ui_frame_check(const ui_frame_t *f, jh_buf_t *out)
{
    int n = 0, min = ui_min_button(f);
    for (int i = 0; i < f->n; i++) {
        const ui_widget_t *w = &f->w[i];
        ui_rect_t r = w->r;
        if (!on_screen(f, r)) {
            n++;
            if (out)
                jh_buf_printf(out, "%s \"%.60s\" at %d,%d %dx%d is not fully on the %dx%d screen\n",
                              kind_name(w), w->label, r.x, r.y, r.w, r.h, f->width, f->height);
        }
        if (w->kind == UI_W_BUTTON && (r.w < min || r.h < min)) {
            n++;
            if (out)
                jh_buf_printf(out, "button \"%.60s\" is %dx%d, smaller than the minimum %d px\n",
                              w->label, r.w, r.h, min);
        }
        if (w->overflow) {
            n++;
            if (out)
                jh_buf_printf(out, "%s \"%.60s\": the text does not fit in its %dx%d box\n", kind_name(w),
                              w->label, r.w, r.h);
        }
        for (int j = i + 1; j < f->n; j++)
            if (rects_overlap(r, f->w[j].r)) {
                n++;
                if (out)
                    jh_buf_printf(out, "%s \"%.40s\" (%d,%d %dx%d) overlaps %s \"%.40s\" (%d,%d %dx%d)\n",
                                  kind_name(w), w->label, r.x, r.y, r.w, r.h, kind_name(&f->w[j]),
                                  f->w[j].label, f->w[j].r.x, f->w[j].r.y, f->w[j].r.w, f->w[j].r.h);
            }
    }
    return n;
}

bool ui_widget_touchable(const ui_frame_t *f, const ui_widget_t *w, char *why, size_t why_len)
{
    if (!on_screen(f, w->r)) {
        snprintf(why, why_len, "it is at %d,%d %dx%d, not fully on the %dx%d screen", w->r.x, w->r.y, w->r.w,
                 w->r.h, f->width, f->height);
        return false;
    }
    for (int j = (int)(w - f->w) + 1; j < f->n; j++)
        if (rects_overlap(w->r, f->w[j].r)) {
            snprintf(why, why_len, "it is covered by %s \"%.60s\"", kind_name(&f->w[j]), f->w[j].label);
            return false;
        }
    return true;
}

const ui_widget_t *ui_frame_hit(const ui_frame_t *f, int x, int y)
{
    for (int i = f->n - 1; i >= 0; i--)
        if (f->w[i].kind == UI_W_BUTTON && ui_rect_contains(f->w[i].r, x, y)) return &f->w[i];
    return NULL;
}

const ui_widget_t *ui_frame_find(const ui_frame_t *f, const char *text, bool buttons_only)
{
    for (int i = 0; i < f->n; i++) {
        if (buttons_only && f->w[i].kind != UI_W_BUTTON) continue;
        if (!strcmp(f->w[i].label, text)) return &f->w[i];
    }
    return NULL;
}

bool ui_frame_shows(const ui_frame_t *f, const char *text)
{
    for (int i = 0; i < f->n; i++) {
        if (strstr(f->w[i].label, text)) return true;
        if (!strstr(f->w[i].label, "\xC2\xA0")) continue;
        /* a no-break space on the screen matches a plain one in the text
         * looked for (replays are written with plain spaces) */
        char *plain = jh_strdup(f->w[i].label);
        size_t k = 0;
        for (size_t j = 0; plain[j]; j++) {
            if ((unsigned char)plain[j] == 0xC2 && (unsigned char)plain[j + 1] == 0xA0) {
                plain[k++] = ' ';
                j++;
            } else {
                plain[k++] = plain[j];
            }
        }
        plain[k] = '\0';
        bool found = strstr(plain, text) != NULL;
        free(plain);
        if (found) return true;
    }
    return false;
}

int ui_frame_index(const ui_frame_t *f, int id, int arg)
{
    for (int i = 0; i < f->n; i++)
        if (f->w[i].kind == UI_W_BUTTON && f->w[i].id == id && f->w[i].arg == arg) return i;
    return -1;
}

/* A disc of diameter d centred at (cx, cy). */
static void disc(ui_frame_t *f, int cx, int cy, int d, ui_color_t c)
{
    if (d < 1) d = 1;
    ui_draw_rrect(&f->dl, (ui_rect_t){cx - d / 2, cy - d / 2, d, d}, d / 2, c);
}

ui_color_t ui_mood_color(double mood)
{
    if (mood < 0) return 0x6B6B6BFF; /* grey: 不了解 (white "?" on it: 5.3:1) */
    /* red -> amber -> green, dark enough for a white "?" never needed */
    static const unsigned stops[3][3] = {{0xC6, 0x28, 0x28}, {0xE0, 0x9A, 0x00}, {0x2E, 0x7D, 0x32}};
    double t = mood > 1 ? 1 : mood;
    int k = t < 0.5 ? 0 : 1;
    double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    ui_color_t c = 0xFF;
    for (int ch = 0; ch < 3; ch++) {
        double v = stops[k][ch] + (stops[k + 1][ch] - (double)stops[k][ch]) * u;
        c |= (ui_color_t)(v + 0.5) << (24 - 8 * ch);
    }
    return c;
}

void ui_face(ui_frame_t *f, int cx, int cy, int d, double mood, bool features)
{
    ui_color_t ink = 0x1A1A1AFF;
    /* A dark outline so the disc stands out on white, black and blue. */
    disc(f, cx, cy, d + 2 * (d / 24 + 1), features ? ink : 0x1A1A1AFF);
    disc(f, cx, cy, d, ui_mood_color(mood));
    if (!features) return;
    if (mood < 0) {
        int fs = d * 2 / 3;
        int w = f->measure.width(f->measure.ctx, "?", 1, fs);
        ui_draw_text(&f->dl, cx - w / 2, cy - fs * 3 / 5, w, fs, fs, 0xFFFFFFFF, "?", 1);
        return;
    }
    /* Eyes, then a mouth of dots along a parabola: up at the ends for a
     * smile (mood 1), flat at 0.5, down for a frown (mood 0). */
    int e = d / 9 + 1;
    disc(f, cx - d / 5, cy - d / 8, e, ink);
    disc(f, cx + d / 5, cy - d / 8, e, ink);
    double curve = (mood - 0.5) * 2; /* -1 .. 1 */
    int dot = d / 14 + 2, half = d / 4, steps = 9;
    for (int i = 0; i <= steps; i++) {
        double x = -1 + 2.0 * i / steps;
        int px = cx + (int)(x * half);
        int py = cy + d / 5 + (int)(curve * ((1 - x * x) - 0.5) * d / 8);
        disc(f, px, py, dot, ink);
    }
}
