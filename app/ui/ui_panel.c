/* ui_panel.c - the on-screen input panel (see ui_panel.h).
 *
 * Layout: six rows of keys of one height (the preferred height of the text
 * size, shrunk to fit down to the minimum button size):
 *   1. mode tabs and 完成
 *   2. candidates with ◀ ▶ (handwriting, pinyin), or digits (123, ABC)
 *   3-5. the writing area and 重写 / the QWERTY keys / phrases / symbols
 *   6. ，。？！、 空格 删除 (every mode; , . ? ! ' where English is typed) */
#include "ui_panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handwriting.h"
#include "pinyin.h"
#include "ui_app.h"
#include "ui_text.h"

#define ROWS 6
#define PY_PAGE 6
#define MAX_CAND HANDWRITING_MAX_CANDIDATES

/* Every key that types its own label; UI_PANEL_ID_CHAR's arg indexes it. */
static const char *const keys[] = {
    "q", "w", "e", "r", "t", "y", "u", "i", "o", "p",   /* 0 */
    "a", "s", "d", "f", "g", "h", "j", "k", "l",        /* 10 */
    "z", "x", "c", "v", "b", "n", "m",                  /* 19 */
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "0",   /* 26 */
    "，", "。", "？", "！", "、",                       /* 36 */
    "：", "；", "“", "”", "（", "）", "…", "—",         /* 41 */
    "·", "-", "+", "%", "/", "@", ".", ",",             /* 49 */
    ",", ".", "?", "!", "'",                            /* 57 */
};
enum {
    K_Q = 0, K_A = 10, K_Z = 19, K_DIGIT = 26, K_PUNCT = 36, K_SYM1 = 41, K_SYM2 = 49, K_PUNCT_EN = 57, K_END = 62
};

struct ui_panel {
    char *user_dir, *rime_shared, *model;
    bool open;
    ui_panel_mode_t mode;
    bool en;
    pinyin_t *py;
    handwriting_t *hw;
    bool py_failed, hw_failed;
    bool py_retry;        /* py_failed only for now (too slow, no process): tried again at the next open */
    char note[UI_PANEL_N_MODES][1200];
    int *pts;             /* x, y pairs in writing-area pixels */
    int n_pts, cap_pts;
    int *starts;          /* index (in points) where each stroke begins */
    int n_strokes, cap_strokes;
    bool writing;         /* a stroke is being drawn */
    ui_rect_t area;       /* the writing area of the last frame */
    char cand[MAX_CAND][32];
    int n_cand;
    int cand_first;       /* handwriting: first candidate shown */
    bool unsure_asked;    /* handwriting: the person was asked to choose the character (UI_PANEL_UNSURE) */
    bool asked_touched;   /* by a tap (not a key on a focused button), released at asked_ms */
    int64_t asked_ms;
    int cand_shown;       /* how many the last frame showed */
    int phrase_first;
    int64_t up_ms;        /* when the last touch ended (ui_panel_pointer) */
    bool up_fresh;        /* and ui_panel_event has not handled it yet (false: a key) */
    int last_phrase;      /* the ready phrase last added by touch (-1: none) and when */
    int64_t last_phrase_ms;
    int room;             /* characters the answer still takes (-1: no limit; ui_panel_set_room) */
    char tail[8];         /* the last character of the answer (ui_panel_set_text; "" when empty) */
    int too_long;         /* characters of the word last refused for room */
    bool read_touched;    /* 读一读 / 停止 last tapped by touch, and when */
    int64_t read_ms;
    bool voice, speaking; /* read-aloud offered (读一读), and reading now (停止) */
    char data_note[3500];
    /* why an engine is off, for the admin screen: the status of its open
     * (JH_ERR_NOTFOUND: missing, JH_ERR_CORRUPT: damaged) and the
     * technical detail */
    jh_status_t hw_status, py_status;
    char hw_detail[1024], py_detail[1024];
};

typedef struct {
    const char *zh, *en;
} pair_t;

static const pair_t tab_names[UI_PANEL_N_MODES] = {
    [UI_PANEL_HAND] = {"手写", "手写"},
    [UI_PANEL_PINYIN] = {"拼音", "拼音"},
    [UI_PANEL_PHRASE] = {"常用语", "Phrases"},
    [UI_PANEL_SYMBOL] = {"123", "123"},
    [UI_PANEL_ABC] = {"ABC", "ABC"},
};

static const char *tr(const ui_panel_t *p, const char *zh, const char *en)
{
    return p->en ? en : zh;
}

/* ---- engines --------------------------------------------------------------- */

/* The notes of the modes that are off: what the parent can use instead
 * (the other engine only when it is not off too).  The file and its fault
 * are for the admin screen (ui_panel_data_note). */
static void off_notes(ui_panel_t *p)
{
    if (p->hw_failed)
        snprintf(p->note[UI_PANEL_HAND], sizeof p->note[UI_PANEL_HAND], "%s",
                 p->py_failed ? "手写暂时不能用，请用常用语。Handwriting is not available: please use the phrases."
                              : "手写暂时不能用，请用拼音或常用语。Handwriting is not available: please use pinyin "
                                "or phrases.");
    if (p->py_failed && p->user_dir)
        snprintf(p->note[UI_PANEL_PINYIN], sizeof p->note[UI_PANEL_PINYIN], "%s",
                 p->hw_failed ? "拼音暂时不能用，请用常用语。Pinyin is not available: please use the phrases."
                              : "拼音暂时不能用，请用手写或常用语。Pinyin is not available: please use handwriting "
                                "or phrases.");
}

static bool ensure_engine(ui_panel_t *p, ui_panel_mode_t mode)
{
    jh_err_t err;
    if (mode == UI_PANEL_HAND) {
        if (p->hw) return true;
        if (p->hw_failed) return false;
        if ((p->hw_status = handwriting_open(p->model, &p->hw, &err)) != JH_OK) {
            p->hw_failed = true;
            off_notes(p);
            snprintf(p->hw_detail, sizeof p->hw_detail, "%s", err.msg);
            return false;
        }
        return true;
    }
    if (mode == UI_PANEL_PINYIN) {
        if (p->py) return true;
        if (p->py_failed) return false;
        if (!p->user_dir) {
            p->py_failed = true;
            snprintf(p->note[mode], sizeof p->note[mode],
                     "拼音暂时不能用（没有存放拼音数据的文件夹）。Pinyin is not available: no folder for its data.");
            off_notes(p);
            return false;
        }
        if ((p->py_status = pinyin_open(p->rime_shared, p->user_dir, PY_PAGE, &p->py, &err)) != JH_OK) {
            p->py_failed = true;
            p->py_retry = p->py_status == JH_ERR_IO && pinyin_retry_later();
            off_notes(p);
            snprintf(p->py_detail, sizeof p->py_detail, "%s", err.msg);
            return false;
        }
        return true;
    }
    return true;
}

static void clear_strokes(ui_panel_t *p)
{
    p->n_pts = p->n_strokes = 0;
    p->writing = false;
    p->n_cand = p->cand_first = 0;
    p->unsure_asked = false;
    if (p->hw) handwriting_clear(p->hw);
}

static void refresh_hand(ui_panel_t *p)
{
    p->n_cand = p->cand_first = 0;
    p->unsure_asked = false;
    if (!p->hw) return;
    const char *c[MAX_CAND];
    int n = handwriting_candidates(p->hw, c, MAX_CAND);
    for (int i = 0; i < n; i++) snprintf(p->cand[i], sizeof p->cand[i], "%s", c[i]);
    p->n_cand = n;
}

/* Takes back the last stroke on the pad (删除 while writing); the
 * candidates follow the strokes left. */
static void undo_stroke(ui_panel_t *p)
{
    if (p->n_strokes == 0) return;
    p->n_pts = p->starts[--p->n_strokes];
    p->writing = false;
    if (p->hw) handwriting_undo(p->hw);
    refresh_hand(p);
}

static void add_point(ui_panel_t *p, int x, int y)
{
    if (p->n_pts + 1 > p->cap_pts) {
        p->cap_pts = p->cap_pts ? p->cap_pts * 2 : 256;
        p->pts = jh_xrealloc(p->pts, (size_t)p->cap_pts * 2 * sizeof *p->pts);
    }
    p->pts[2 * p->n_pts] = x;
    p->pts[2 * p->n_pts + 1] = y;
    p->n_pts++;
}

/* ---- public ---------------------------------------------------------------- */

ui_panel_t *ui_panel_create(const char *user_dir, const char *rime_shared, const char *zinnia_model)
{
    ui_panel_t *p = jh_xcalloc(1, sizeof *p);
    p->user_dir = user_dir ? jh_strdup(user_dir) : NULL;
    p->rime_shared = rime_shared ? jh_strdup(rime_shared) : NULL;
    p->model = zinnia_model ? jh_strdup(zinnia_model) : NULL;
    return p;
}

void ui_panel_destroy(ui_panel_t *p)
{
    if (!p) return;
    if (p->py) pinyin_close(p->py);
    if (p->hw) handwriting_close(p->hw);
    free(p->user_dir);
    free(p->rime_shared);
    free(p->model);
    free(p->pts);
    free(p->starts);
    free(p);
}

void ui_panel_open(ui_panel_t *p, const char *lang)
{
    p->en = lang && !strcmp(lang, "en");
    p->open = true;
    /* a load that was only too slow (a busy disk) or could not be started
     * is tried again, for the next person (review r2input3 item 4) */
    if (p->py_failed && p->py_retry) {
        p->py_failed = p->py_retry = false;
        p->note[UI_PANEL_PINYIN][0] = 0;
        off_notes(p); /* (handwriting's note names pinyin again; review rfinal18 item 5) */
    }
    p->mode = p->en ? UI_PANEL_ABC : UI_PANEL_HAND;
    /* no handwriting (its model missing or damaged): a tab that works, not
     * a note where the keys should be */
    if (p->mode == UI_PANEL_HAND && !ensure_engine(p, UI_PANEL_HAND))
        p->mode = ensure_engine(p, UI_PANEL_PINYIN) ? UI_PANEL_PINYIN : UI_PANEL_PHRASE;
    p->phrase_first = 0;
    p->last_phrase = -1;
    p->read_touched = false;
    p->room = -1;
    p->tail[0] = 0;
    clear_strokes(p);
    if (p->py) pinyin_clear(p->py);
}

void ui_panel_close(ui_panel_t *p)
{
    p->open = false;
    clear_strokes(p);
    if (p->py) pinyin_clear(p->py);
}

void ui_panel_set_voice(ui_panel_t *p, bool offer, bool speaking)
{
    p->voice = offer;
    p->speaking = offer && speaking;
}

bool ui_panel_is_open(const ui_panel_t *p)
{
    return p->open;
}

ui_panel_mode_t ui_panel_mode(const ui_panel_t *p)
{
    return p->mode;
}

bool ui_panel_set_mode(ui_panel_t *p, ui_panel_mode_t mode)
{
    if ((int)mode < 0 || mode >= UI_PANEL_N_MODES) return false;
    clear_strokes(p);
    if (p->py) pinyin_clear(p->py);
    p->mode = mode; /* an unavailable mode shows its note */
    return ensure_engine(p, mode);
}

/* One line of the admin screen's note on an engine that is off, short (the
 * screen gives the note a few lines, cut at the end): missing or damaged,
 * the package, then the file at fault (the start of the engine's message,
 * "FILE: what"). */
static size_t off_line(ui_panel_t *p, size_t o, const char *zh, const char *en, const char *pkg, jh_status_t st,
                       const char *detail)
{
    if (o >= sizeof p->data_note) return o;
    /* (JH_ERR_IO: the load took too long or could not be tried: it is
     * tried again when the panel next opens, nothing to reinstall) */
    bool slow = st == JH_ERR_IO;
    const char *zh_why = st == JH_ERR_NOTFOUND ? "缺少数据" : st == JH_ERR_CORRUPT ? "数据已损坏" : slow ? "加载太慢" : "打不开数据";
    const char *zh_do = st == JH_ERR_NOTFOUND ? "请安装" : slow ? "下次打开时再试；一直这样请检查磁盘和" : "请重新安装";
    const char *en_why = st == JH_ERR_NOTFOUND ? "its data is missing"
                         : st == JH_ERR_CORRUPT ? "its data is damaged"
                         : slow                 ? "its data took too long to load (tried again next time)"
                                                : "its data cannot be opened";
    const char *colon = strstr(detail, ": ");
    int flen = colon ? (int)(colon - detail) : (int)strlen(detail);
    return o + (size_t)snprintf(p->data_note + o, sizeof p->data_note - o,
                                "输入面板：%s不能用，%s，%s %s（%.*s）。%s is off: %s.\n", zh, zh_why, zh_do, pkg, flen,
                                detail, en, en_why);
}

void ui_panel_check_data(ui_panel_t *p)
{
    /* The engines are opened (once) to know: a file that is there may
     * still be damaged. */
    ensure_engine(p, UI_PANEL_HAND);
    if (p->user_dir) ensure_engine(p, UI_PANEL_PINYIN);
    size_t o = 0;
    p->data_note[0] = 0;
    if (p->hw_failed)
        o = off_line(p, o, "手写", "Handwriting", "tegaki-zinnia-simplified-chinese", p->hw_status, p->hw_detail);
    if (!p->user_dir) {
        if (o < sizeof p->data_note)
            snprintf(p->data_note + o, sizeof p->data_note - o,
                     "输入面板：拼音不能用（没有存放拼音数据的文件夹 DB.rime）。Pinyin is off: no folder for its data "
                     "(DB.rime).\n");
    } else if (p->py_failed) {
        off_line(p, o, "拼音", "Pinyin", "rime-data-luna-pinyin", p->py_status, p->py_detail);
    }
}

const char *ui_panel_data_note(const ui_panel_t *p)
{
    return p->data_note;
}

const char *ui_panel_note(const ui_panel_t *p, ui_panel_mode_t mode)
{
    return (int)mode >= 0 && mode < UI_PANEL_N_MODES ? p->note[mode] : "";
}

static int gap_of(const ui_frame_t *f)
{
    int g = ui_px(f, 10);
    return g < 3 ? 3 : g;
}

static int pref_key(const ui_frame_t *f)
{
    int k = ui_font(f, 100);
    return k < ui_min_button(f) ? ui_min_button(f) : k;
}

int ui_panel_height(const ui_panel_t *p, const ui_frame_t *f, int *min_h)
{
    (void)p;
    int g = gap_of(f);
    if (min_h) *min_h = ROWS * ui_min_button(f) + (ROWS - 1) * g;
    return ROWS * pref_key(f) + (ROWS - 1) * g;
}

int ui_panel_candidates(ui_panel_t *p, const char **out, int max)
{
    int n = 0;
    if (p->mode == UI_PANEL_HAND) {
        for (int i = 0; i < p->n_cand && n < max; i++) out[n++] = p->cand[i];
    } else if (p->mode == UI_PANEL_PINYIN && p->py) {
        pinyin_state_t st;
        pinyin_state(p->py, &st);
        for (int i = 0; i < st.n && n < max; i++) out[n++] = st.text[i];
    }
    return n;
}

int ui_panel_stroke_count(const ui_panel_t *p)
{
    return p->n_strokes;
}

/* ---- drawing --------------------------------------------------------------- */

/* The room ui_button_speaker takes for its speaker beside a label of font
 * size ts on a button kh tall (its size and gap, as it computes them). */
static int speaker_room(ui_frame_t *f, int ts, int kh)
{
    int s = ts * 12 / 10;
    if (s > kh * 7 / 10) s = kh * 7 / 10;
    return ui_speaker_width(s) + (ui_px(f, 12) > 4 ? ui_px(f, 12) : 4);
}

static int text_w(const ui_frame_t *f, const char *s, int size)
{
    return f->measure.width(f->measure.ctx, s, strlen(s), size);
}

/* Lays out words ('|' between two words, '\n' ends a line) as lines of
 * at most max_w at size: a line breaks only where a word ends; a word wider
 * than max_w gets a line of its own (the caller makes the size smaller;
 * false: there is one).  Text without '|' is copied as it is (the line
 * breaker wraps it). */
static bool wrap_words(const ui_frame_t *f, const char *words, int size, int max_w, char *out, size_t cap)
{
    size_t n = 0, line = 0; /* bytes written; start of the current line in out */
    bool fits = true, split = strchr(words, '|') != NULL;
    out[0] = 0;
    for (const char *s = words; *s && n + 1 < cap;) {
        size_t len = strcspn(s, "|\n");
        if (len + 2 > cap - n) len = cap - n - 2;
        /* the word on the current line, or on a new one when it does not fit */
        memcpy(out + n, s, len);
        out[n + len] = 0;
        if (n > line && text_w(f, out + line, size) > max_w) {
            memmove(out + n + 1, out + n, len + 1);
            out[n] = '\n';
            n++;
            line = n;
        }
        if (split && text_w(f, out + n, size) > max_w) fits = false;
        n += len;
        s += len;
        if (*s == '\n') {
            out[n++] = '\n';
            out[n] = 0;
            line = n;
        }
        if (*s) s++;
    }
    return fits;
}

/* A row of n keys (indexes into keys[]) spread over width w from x. */
static void key_row(ui_frame_t *f, int first, int n, int x, int y, int w, int kh, int fs)
{
    int g = gap_of(f);
    int kw = (w - (n - 1) * g) / n;
    for (int i = 0; i < n; i++)
        ui_button(f, UI_PANEL_ID_CHAR, first + i, (ui_rect_t){x + i * (kw + g), y, kw, kh}, keys[first + i],
                  fs, 0);
}

/* The candidate row: ◀, as many candidates as fit, ▶. */
static void cand_row(ui_panel_t *p, ui_frame_t *f, ui_rect_t r, int fs)
{
    int g = gap_of(f), mb = ui_min_button(f);
    const char *shown[MAX_CAND];
    int n = 0;
    bool has_prev = false, has_next = false;
    const char *preedit = NULL;
    if (p->mode == UI_PANEL_HAND) {
        for (int i = p->cand_first; i < p->n_cand; i++) shown[n++] = p->cand[i];
        has_prev = p->cand_first > 0;
    } else if (p->py) {
        pinyin_state_t st;
        pinyin_state(p->py, &st);
        if (p->cand_first >= st.n) p->cand_first = 0;
        for (int i = p->cand_first; i < st.n; i++) shown[n++] = st.text[i];
        has_prev = st.page > 0 || p->cand_first > 0;
        has_next = !st.last_page && st.n > 0;
        preedit = st.preedit && *st.preedit ? st.preedit : NULL;
    }
    int aw = mb;
    int x = r.x, x_end = r.x + r.w - aw - g;
    ui_button(f, UI_PANEL_ID_CAND_PREV, 0, (ui_rect_t){x, r.y, aw, r.h}, "◀", fs,
              has_prev ? UI_BTN_QUIET : UI_BTN_DISABLED);
    x += aw + g;
    if (preedit) {
        /* One line, its end in view (where the next letter goes): a long
         * composition never wraps down over the keys. */
        int ps = ui_font(f, 36), pad = ui_px(f, 12);
        int pw = text_w(f, preedit, ps) + pad;
        if (pw > (x_end - x) / 3) pw = (x_end - x) / 3;
        char *line = ui_fit_line(f, preedit, strlen(preedit), ps, pw - pad, UI_FIT_TAIL);
        ui_label(f, x, r.y + (r.h - ui_line_height(ps)) / 2, pw, line, ps, f->theme->muted, UI_ALIGN_LEFT);
        free(line);
        x += pw + g;
    }
    int k = 0, pad = ui_px(f, 24);
    /* the first candidate is marked as what 空格 and 完成 take; not a
     * written character (they never take it: the person chooses; reviews
     * rkiosk5 item 1, r2kiosk item 2) */
    int first_flag = p->mode == UI_PANEL_HAND ? 0 : UI_BTN_PRIMARY;
    for (; k < n; k++) {
        int cw = text_w(f, shown[k], fs) + 2 * pad;
        if (cw < mb) cw = mb;
        if (x + cw > x_end) {
            if (k > 0) break;
            /* The first candidate is what 空格 and the punctuation keys
             * take: always shown, in the room there is, smaller and then
             * cut with "…" (tapping it still chooses all of it). */
            int room = x_end - x, cs = fs, min_cs = ui_font(f, 34);
            while (cs > min_cs && text_w(f, shown[k], cs) + 2 * pad > room) cs = cs * 9 / 10;
            if (cs < min_cs) cs = min_cs;
            char *label = ui_fit_line(f, shown[k], strlen(shown[k]), cs, room - 2 * pad, UI_FIT_HEAD);
            ui_button(f, UI_PANEL_ID_CAND, k, (ui_rect_t){x, r.y, room, r.h}, label, cs, first_flag);
            free(label);
            x = x_end + g;
            k++;
            break;
        }
        ui_button(f, UI_PANEL_ID_CAND, k, (ui_rect_t){x, r.y, cw, r.h}, shown[k], fs, k == 0 ? first_flag : 0);
        x += cw + g;
    }
    p->cand_shown = k;
    if (p->mode == UI_PANEL_HAND) has_next = p->cand_first + k < p->n_cand;
    else if (k < n) has_next = true; /* the rest of the engine's page */
    ui_button(f, UI_PANEL_ID_CAND_NEXT, 0, (ui_rect_t){r.x + r.w - aw, r.y, aw, r.h}, "▶", fs,
              has_next ? UI_BTN_QUIET : UI_BTN_DISABLED);
}

static void draw_strokes(ui_panel_t *p, ui_frame_t *f)
{
    int d = ui_px(f, 14);
    if (d < 5) d = 5;
    ui_color_t c = f->theme->text;
    for (int s = 0; s < p->n_strokes; s++) {
        int a = p->starts[s], b = s + 1 < p->n_strokes ? p->starts[s + 1] : p->n_pts;
        for (int i = a; i < b; i++) {
            int x0 = p->pts[2 * i], y0 = p->pts[2 * i + 1];
            int x1 = i + 1 < b ? p->pts[2 * i + 2] : x0, y1 = i + 1 < b ? p->pts[2 * i + 3] : y0;
            int dx = x1 - x0, dy = y1 - y0;
            int len = abs(dx) > abs(dy) ? abs(dx) : abs(dy);
            int steps = len / (d / 3 + 1) + 1;
            for (int k = 0; k < steps; k++) {
                int x = p->area.x + x0 + dx * k / steps, y = p->area.y + y0 + dy * k / steps;
                if (x < p->area.x + d / 2 || y < p->area.y + d / 2 || x > p->area.x + p->area.w - d / 2 ||
                    y > p->area.y + p->area.h - d / 2)
                    continue;
                ui_draw_rrect(&f->dl, (ui_rect_t){x - d / 2, y - d / 2, d, d}, d / 2, c);
            }
        }
    }
}

static void draw_note(ui_panel_t *p, ui_frame_t *f, ui_rect_t r)
{
    ui_draw_frame(&f->dl, r, ui_px(f, 12), 2, f->theme->panel, f->theme->border);
    ui_label_clipped(f, r.x + ui_px(f, 20), r.y + ui_px(f, 16), r.w - 2 * ui_px(f, 20), r.h - ui_px(f, 32),
                     p->note[p->mode], ui_font(f, 38), f->theme->danger);
}

void ui_panel_draw(ui_panel_t *p, ui_frame_t *f, ui_rect_t r, const char *lang, const char *const *phrases,
                   int n_phrases)
{
    p->en = lang && !strcmp(lang, "en");
    if (p->mode == UI_PANEL_PHRASE && n_phrases <= 0)
        p->mode = p->en                             ? UI_PANEL_ABC
                  : !p->hw_failed                   ? UI_PANEL_HAND
                  : p->py && !p->py_failed           ? UI_PANEL_PINYIN
                                                    : UI_PANEL_SYMBOL;
    ensure_engine(p, p->mode);
    const ui_theme_t *t = f->theme;
    int g = gap_of(f), mb = ui_min_button(f);
    int kh = (r.h - (ROWS - 1) * g) / ROWS;
    /* larger keys when given the room (upright screens, draw_with_panel) */
    if (kh > pref_key(f) * 3 / 2) kh = pref_key(f) * 3 / 2;
    if (kh < mb) kh = mb;
    int fs = ui_font(f, 44);
    ui_draw_rrect(&f->dl, (ui_rect_t){r.x - g, r.y - g, r.w + 2 * g, r.h + 2 * g}, ui_px(f, 12), t->disabled_bg);
    int y = r.y;
    /* 1. tabs and 完成 */
    ui_panel_mode_t tabs[UI_PANEL_N_MODES];
    int nt = 0;
    if (p->en) tabs[nt++] = UI_PANEL_ABC;
    tabs[nt++] = UI_PANEL_HAND;
    tabs[nt++] = UI_PANEL_PINYIN;
    if (n_phrases > 0) tabs[nt++] = UI_PANEL_PHRASE;
    tabs[nt++] = UI_PANEL_SYMBOL;
    /* Widths from the labels (a smaller font than the keys), spread over the
     * row; 完成 last, at the right, with 读一读 (read-aloud on) before it. */
    const char *done = tr(p, "完成", "Done");
    const char *read = p->speaking ? tr(p, "停止", "Stop") : tr(p, "读一读", "Listen");
    int nb = nt + (p->voice ? 1 : 0); /* buttons before 完成 */
    int ts = ui_font(f, 38), pad = ui_px(f, 24);
    int wv[UI_PANEL_N_MODES + 2], sum = 0;
    const char *names[UI_PANEL_N_MODES + 2];
    int avail = r.w - nb * g;
    /* 读一读 carries the speaker of 读题 (a parent who cannot read finds it
     * by the picture) where the row has room for it at the tabs' font; it
     * is dropped before the font is made smaller */
    bool speaker = p->voice;
    for (int tries = 0; tries < 8; tries++) {
        sum = 0;
        for (int i = 0; i <= nb; i++) {
            names[i] = i < nt ? (p->en ? tab_names[tabs[i]].en : tab_names[tabs[i]].zh) : i < nb ? read : done;
            /* ui_button keeps 24 design px free on each side */
            wv[i] = text_w(f, names[i], ts) + 2 * pad + ui_px(f, 8);
            if (i == nt && i < nb && speaker) wv[i] += speaker_room(f, ts, kh);
            if (wv[i] < mb) wv[i] = mb;
            sum += wv[i];
        }
        if (sum <= avail) break;
        if (speaker) {
            speaker = false;
            tries--;
            continue;
        }
        ts = ts * 9 / 10; /* a smaller font for the tabs on narrow screens */
    }
    int extra = avail - sum;
    int x = r.x;
    for (int i = 0; i <= nb; i++) {
        int w = extra >= 0 ? wv[i] + extra / (nb + 1) : (int)((long)wv[i] * avail / sum);
        if (extra >= 0 && w > ui_px(f, 300)) w = ui_px(f, 300);
        if (i == nb) {
            ui_button(f, UI_PANEL_ID_DONE, 0, (ui_rect_t){r.x + r.w - w, y, w, kh}, done, ts, 0);
        } else if (i == nt) {
            /* beside 完成, apart from the tabs */
            int dw = extra >= 0 ? wv[nb] + extra / (nb + 1) : (int)((long)wv[nb] * avail / sum);
            if (extra >= 0 && dw > ui_px(f, 300)) dw = ui_px(f, 300);
            ui_rect_t rr = {r.x + r.w - dw - g - w, y, w, kh};
            int rf = p->speaking ? UI_BTN_SELECTED : UI_BTN_QUIET;
            if (speaker)
                ui_button_speaker(f, UI_PANEL_ID_READ, 0, rr, read, ts, rf);
            else
                ui_button(f, UI_PANEL_ID_READ, 0, rr, read, ts, rf);
        } else {
            ui_button(f, UI_PANEL_ID_TAB, tabs[i], (ui_rect_t){x, y, w, kh}, names[i], ts,
                      tabs[i] == p->mode ? UI_BTN_PRIMARY : UI_BTN_QUIET);
            x += w + g;
        }
    }
    y += kh + g;
    int body_y = y, body_h = 4 * kh + 3 * g; /* rows 2-5 */
    ui_rect_t body = {r.x, body_y, r.w, body_h};
    int kp = kh; /* the height of row 6 (punctuation, 空格, 删除) */
    bool off = (p->mode == UI_PANEL_HAND && !p->hw) || (p->mode == UI_PANEL_PINYIN && !p->py);
    if (off) {
        draw_note(p, f, body);
    } else if (p->mode == UI_PANEL_HAND) {
        /* A panel given less than its preferred height (large text on a
         * landscape screen, where the question and the answer take the
         * height): the candidate and punctuation rows keep the least key
         * size and the pad takes what they give, so large text does not
         * get a smaller writing area than normal text (it did: 136 px
         * against 154 px at 800x480). */
        int kr = kh < pref_key(f) && kh > mb ? mb : kh;
        kp = kr;
        cand_row(p, f, (ui_rect_t){r.x, y, r.w, kr}, fs);
        y += kr + g;
        int cw = text_w(f, tr(p, "重写", "Clear"), fs) + 2 * ui_px(f, 24);
        if (cw < mb) cw = mb;
        if (cw < ui_px(f, 200)) cw = ui_px(f, 200);
        int ah = 3 * kh + 2 * g + 2 * (kh - kr);
        ui_rect_t a = {r.x, y, r.w - cw - g, ah};
        /* a square, centred: the model knows characters written in a square */
        if (a.w > a.h) {
            a.x += (a.w - a.h) / 2;
            a.w = a.h;
        } else if (a.h > a.w) {
            a.y += (a.h - a.w) / 2;
            a.h = a.w;
        }
        p->area = a;
        handwriting_set_area(p->hw, a.w, a.h);
        ui_draw_frame(&f->dl, a, ui_px(f, 12), 2, t->panel, t->border);
        if (p->n_strokes > 0) {
            /* guide lines: the centre cross, faint (not under the hint) */
            ui_draw_rect(&f->dl, (ui_rect_t){a.x + a.w / 2, a.y + ui_px(f, 10), 1, a.h - ui_px(f, 20)},
                         t->disabled_bg);
            ui_draw_rect(&f->dl, (ui_rect_t){a.x + ui_px(f, 10), a.y + a.h / 2, a.w - ui_px(f, 20), 1},
                         t->disabled_bg);
        } else {
            /* the hint wraps inside the area's border, never over it; the
             * model knows each character in the usual stroke order only
             * (十 大 中 written in another order are not among the
             * candidates; trying other orders was measured and put wrong
             * characters first, review rinput3 item 6), so it says so */
            int hs = ui_font(f, 32), pad = ui_px(f, 16) + 2;
            ui_rect_t in = {a.x + pad, a.y + pad, a.w - 2 * pad, a.h - 2 * pad};
            /* the Chinese hint breaks only where its words end ('|'):
             * the line breaker may break between any two characters, and
             * did inside 一个字 and 笔顺 (review rscreen7 item 4) */
            const char *words = tr(p, "在这里|用手指|写一个字\n按平时的|笔顺写",
                                   "Write one character here,\nin the usual stroke order");
            char hint[160];
            for (int tries = 0;; tries++) {
                bool fits = wrap_words(f, words, hs, in.w, hint, sizeof hint);
                if (tries >= 6 || (fits && ui_text_height(f, hint, hs, in.w) <= in.h)) break;
                hs = hs * 9 / 10; /* smaller in the small pad of large text on a small screen */
            }
            ui_text_in_rect(f, in, hint, hs, t->muted, UI_ALIGN_CENTER);
        }
        draw_strokes(p, f);
        ui_area(f, a, UI_PANEL_AREA_LABEL);
        ui_button(f, UI_PANEL_ID_CLEAR, 0, (ui_rect_t){r.x + r.w - cw, y, cw, kh}, tr(p, "重写", "Clear"), fs,
                  UI_BTN_QUIET);
    } else if (p->mode == UI_PANEL_PINYIN || p->mode == UI_PANEL_ABC) {
        if (p->mode == UI_PANEL_PINYIN)
            cand_row(p, f, (ui_rect_t){r.x, y, r.w, kh}, fs);
        else
            key_row(f, K_DIGIT, 10, r.x, y, r.w, kh, fs);
        y += kh + g;
        int kw = (r.w - 9 * g) / 10;
        key_row(f, K_Q, 10, r.x, y, r.w, kh, fs);
        y += kh + g;
        key_row(f, K_A, 9, r.x + (kw + g) / 2, y, 9 * kw + 8 * g, kh, fs);
        y += kh + g;
        key_row(f, K_Z, 7, r.x + (kw + g) * 3 / 2, y, 7 * kw + 6 * g, kh, fs);
    } else if (p->mode == UI_PANEL_SYMBOL) {
        key_row(f, K_DIGIT, 10, r.x, y, r.w, kh, fs);
        y += kh + g;
        key_row(f, K_SYM1, 8, r.x, y, r.w, kh, fs);
        y += kh + g;
        key_row(f, K_SYM2, 8, r.x, y, r.w, kh, fs);
    } else if (p->mode == UI_PANEL_PHRASE) {
        /* Phrases in one or two columns, four rows; ▶ pages on. */
        int cols = r.w >= 4 * ui_px(f, 420) / 2 ? 2 : 1;
        int slots = 4 * cols;
        bool more = n_phrases > slots;
        if (more) slots--;
        if (p->phrase_first >= n_phrases) p->phrase_first = 0;
        int pw = (r.w - (cols - 1) * g) / cols;
        p->cand_shown = slots;
        int i = 0;
        for (; i < slots && p->phrase_first + i < n_phrases; i++) {
            int k = p->phrase_first + i;
            ui_button(f, UI_PANEL_ID_PHRASE, k,
                      (ui_rect_t){r.x + (i % cols) * (pw + g), y + (i / cols) * (kh + g), pw, kh}, phrases[k], fs,
                      0);
        }
        if (more) {
            int k = slots;
            ui_button(f, UI_PANEL_ID_CAND_NEXT, 0,
                      (ui_rect_t){r.x + (k % cols) * (pw + g), y + (k / cols) * (kh + g), pw, kh},
                      tr(p, "更多 ▶", "More ▶"), fs, UI_BTN_QUIET);
        }
    }
    /* 6. punctuation, 空格, 删除: Chinese full-width marks where Chinese is
     * written (手写, 拼音, and every mode of the Chinese UI); the English
     * UI's ABC, 123 and Phrases type English, with , . ? ! and the
     * apostrophe of don't (、 is Chinese only; review rkiosk5 item 7) */
    y = body_y + body_h + g + kh - kp;
    bool en_marks = p->en && p->mode != UI_PANEL_HAND && p->mode != UI_PANEL_PINYIN;
    const char *sp = tr(p, "空格", "Space"), *del = tr(p, "删除", "Delete");
    int bw = (r.w - 6 * g) / 9;
    key_row(f, en_marks ? K_PUNCT_EN : K_PUNCT, 5, r.x, y, 5 * bw + 4 * g, kp, fs);
    x = r.x + 5 * (bw + g);
    int rest = r.x + r.w - x;
    /* one line each (the taller keys of an upright screen let "Space"
     * wrap as Spac / e): a smaller size when the word is too wide */
    int sfs = fs, sw = (rest - g) / 2 - 2 * ui_px(f, 24) - ui_px(f, 4); /* ui_button's inner width */
    for (int k = 0; kp > pref_key(f) && k < 8 && (text_w(f, sp, sfs) > sw || text_w(f, del, sfs) > sw); k++) sfs = sfs * 9 / 10;
    ui_button(f, UI_PANEL_ID_SPACE, 0, (ui_rect_t){x, y, (rest - g) / 2, kp}, sp, sfs, 0);
    ui_button(f, UI_PANEL_ID_DELETE, 0, (ui_rect_t){x + (rest - g) / 2 + g, y, rest - (rest - g) / 2 - g, kp}, del,
              sfs, 0);
}

/* ---- input ----------------------------------------------------------------- */

/* Appends the whole pinyin composition, converted with first candidates, to
 * out (however long: max_length is the caller's only limit); letters no
 * candidate covers follow what was converted as typed.  Each choice
 * converts at least one letter, so the composition's length bounds the
 * loop. */
static void py_commit_first(ui_panel_t *p, jh_buf_t *out)
{
    pinyin_state_t st;
    pinyin_state(p->py, &st);
    for (size_t guard = strlen(st.preedit) + 1; guard > 0; guard--) {
        pinyin_state(p->py, &st);
        if (!*st.preedit) return;
        if (st.n == 0) break;
        const char *t = pinyin_select(p->py, 0);
        if (t) {
            jh_buf_puts(out, t);
            return;
        }
    }
    /* letters librime cannot convert: what was converted, then them as
     * typed, as the bar shows it ("woi": 我i, not woi) */
    const char *l = pinyin_commit_shown(p->py);
    if (l) jh_buf_puts(out, l);
}

static bool composing(ui_panel_t *p)
{
    if (p->mode == UI_PANEL_HAND) return p->n_strokes > 0;
    if (p->mode != UI_PANEL_PINYIN || !p->py) return false;
    pinyin_state_t st;
    pinyin_state(p->py, &st);
    return st.preedit && *st.preedit;
}

/* Whether the ink on the pad looks like a character written on purpose:
 * its strokes span at least a sixth of the writing area across or down.  A
 * dot or a tiny scribble (a brush of a sleeve, a finger resting) does not,
 * and zinnia still names some character for it; a full-width 一 does. */
static bool ink_deliberate(const ui_panel_t *p)
{
    if (p->n_pts == 0 || p->area.w <= 0 || p->area.h <= 0) return false;
    int x0 = p->pts[0], x1 = x0, y0 = p->pts[1], y1 = y0;
    for (int i = 1; i < p->n_pts; i++) {
        int x = p->pts[2 * i], y = p->pts[2 * i + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
    }
    return (x1 - x0) * 6 >= p->area.w || (y1 - y0) * 6 >= p->area.h;
}

/* Appends what the candidate bar shows first for a pinyin composition
 * (py_commit_first) and clears the composition.  A character written on
 * the pad is dropped: it is stored only when the person taps it in the bar,
 * whatever the recogniser's scores (reviews rkiosk5 item 1, r2kiosk item
 * 2: zinnia put 卜 first for 十 written 竖 then 横, 巨 for 心 with its
 * dots tapped, with scores that looked sure). */
static void commit_first(ui_panel_t *p, jh_buf_t *out)
{
    if (p->mode == UI_PANEL_HAND) {
        clear_strokes(p);
        return;
    }
    py_commit_first(p, out);
}

/* A key that keeps what the bar shows (完成, a tab, a mark, 空格) tapped
 * with a character written on the pad and not chosen: the first tap only
 * asks the person to choose it in the bar (true: UI_PANEL_UNSURE, the
 * strokes kept); the next goes on without it (commit_first drops them).
 * The second tap of a double tap (an unsteady finger: such a key tapped
 * within UI_INPUT_GUARD_MS of the tap that asked) is not the next: it asks
 * again, the strokes kept (review r2kiosk item 3: it threw the character
 * away before the person saw the hint).  Ink too small to be a character
 * written on purpose is dropped unasked.  touched: a tap released at
 * p->up_ms. */
static bool ask_to_choose(ui_panel_t *p, bool touched)
{
    if (p->mode != UI_PANEL_HAND || p->n_strokes == 0 || p->n_cand == 0 || !ink_deliberate(p)) return false;
    if (p->unsure_asked) return touched && p->asked_touched && p->up_ms - p->asked_ms < UI_INPUT_GUARD_MS;
    p->unsure_asked = true;
    p->asked_touched = touched;
    p->asked_ms = p->up_ms;
    return true;
}

bool ui_panel_commit(ui_panel_t *p, jh_buf_t *out)
{
    if (!p->open || !composing(p)) return false;
    size_t had = out->len;
    commit_first(p, out);
    p->cand_first = 0;
    return out->len > had;
}

/* What goes between the answer and a ready phrase added to it: nothing
 * after nothing, a space or a mark; "，" in Chinese, ". " in English (" "
 * after an English mark) otherwise, so two phrases do not run together
 * (感谢老师希望增加体育活动, "teachersMore sports"; review rkiosk5 item 2). */
static const char *phrase_separator(const ui_panel_t *p)
{
    const char *t = p->tail;
    if (!*t || strchr(" \t\n", *t)) return "";
    static const char *const wide[] = {"，", "。", "？", "！", "、", "；", "：", "…", "—", "）", "”", "’", "」", "』", "　"};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (!strcmp(t, wide[i])) return "";
    if (t[1] == 0 && strchr(",.;:!?)'\"-", *t)) return p->en ? " " : "";
    return p->en ? ". " : "，";
}

static ui_panel_action_t panel_event(ui_panel_t *p, const ui_widget_t *hit, const char *const *phrases,
                                     int n_phrases, jh_buf_t *out)
{
    bool touched = p->up_fresh; /* a tap released now, not a key on a focused button */
    p->up_fresh = false;
    switch (hit->id) {
    case UI_PANEL_ID_TAB: {
        /* what the bar shows is kept, as a punctuation key would keep it */
        if (ask_to_choose(p, touched)) return UI_PANEL_UNSURE;
        bool kept = ui_panel_commit(p, out);
        ui_panel_set_mode(p, (ui_panel_mode_t)hit->arg);
        return kept ? UI_PANEL_INSERT : UI_PANEL_NONE;
    }
    case UI_PANEL_ID_READ:
        if (!p->voice) return UI_PANEL_NONE;
        /* the second tap of a double tap (an unsteady finger) neither
         * stops the reading the first began nor starts it again */
        if (touched && p->read_touched && p->up_ms - p->read_ms < UI_INPUT_GUARD_MS) return UI_PANEL_NONE;
        p->read_touched = touched;
        p->read_ms = p->up_ms;
        return UI_PANEL_READ;
    case UI_PANEL_ID_DONE:
        if (ask_to_choose(p, touched)) return UI_PANEL_UNSURE;
        ui_panel_commit(p, out); /* closed by ui_panel_event when it fits */
        return UI_PANEL_CLOSE;
    case UI_PANEL_ID_CAND: {
        if (p->mode == UI_PANEL_HAND) {
            int k = p->cand_first + hit->arg;
            if (k < 0 || k >= p->n_cand) return UI_PANEL_NONE;
            jh_buf_puts(out, p->cand[k]);
            clear_strokes(p);
            return UI_PANEL_INSERT;
        }
        if (p->mode == UI_PANEL_PINYIN && p->py) {
            const char *t = pinyin_select(p->py, p->cand_first + hit->arg);
            p->cand_first = 0;
            if (!t) return UI_PANEL_NONE; /* part of it still composed */
            jh_buf_puts(out, t);
            return UI_PANEL_INSERT;
        }
        return UI_PANEL_NONE;
    }
    case UI_PANEL_ID_CAND_PREV:
        if (p->mode == UI_PANEL_HAND) {
            p->cand_first -= p->cand_shown > 0 ? p->cand_shown : 1;
            if (p->cand_first < 0) p->cand_first = 0;
        } else if (p->mode == UI_PANEL_PINYIN && p->py) {
            if (p->cand_first > 0) {
                p->cand_first -= p->cand_shown > 0 ? p->cand_shown : 1;
                if (p->cand_first < 0) p->cand_first = 0;
            } else if (pinyin_page(p->py, -1)) {
                p->cand_first = 0;
            }
        }
        return UI_PANEL_NONE;
    case UI_PANEL_ID_CAND_NEXT:
        if (p->mode == UI_PANEL_HAND) {
            if (p->cand_first + p->cand_shown < p->n_cand) p->cand_first += p->cand_shown;
        } else if (p->mode == UI_PANEL_PINYIN && p->py) {
            pinyin_state_t st;
            pinyin_state(p->py, &st);
            if (p->cand_first + p->cand_shown < st.n)
                p->cand_first += p->cand_shown > 0 ? p->cand_shown : 1;
            else if (pinyin_page(p->py, +1))
                p->cand_first = 0;
        } else if (p->mode == UI_PANEL_PHRASE) {
            p->phrase_first += p->cand_shown > 0 ? p->cand_shown : 1;
            if (p->phrase_first >= n_phrases) p->phrase_first = 0;
        }
        return UI_PANEL_NONE;
    case UI_PANEL_ID_CHAR: {
        if (hit->arg < 0 || hit->arg >= K_END) return UI_PANEL_NONE;
        const char *k = keys[hit->arg];
        if (p->mode == UI_PANEL_PINYIN && p->py && hit->arg < K_DIGIT) {
            pinyin_key(p->py, k[0]);
            p->cand_first = 0;
            return UI_PANEL_NONE;
        }
        if (ask_to_choose(p, touched)) return UI_PANEL_UNSURE;
        if (composing(p)) commit_first(p, out);
        jh_buf_puts(out, k);
        return UI_PANEL_INSERT;
    }
    case UI_PANEL_ID_SPACE:
        if (ask_to_choose(p, touched)) return UI_PANEL_UNSURE;
        if (composing(p)) {
            size_t had = out->len;
            commit_first(p, out);
            return out->len > had ? UI_PANEL_INSERT : UI_PANEL_NONE;
        }
        jh_buf_puts(out, " ");
        return UI_PANEL_INSERT;
    case UI_PANEL_ID_DELETE:
        if (p->mode == UI_PANEL_HAND && p->n_strokes > 0) {
            /* a character half written: 删除 takes back its last stroke,
             * as it takes back a letter of a pinyin composition */
            undo_stroke(p);
            return UI_PANEL_NONE;
        }
        if (p->mode == UI_PANEL_PINYIN && p->py && pinyin_backspace(p->py)) {
            p->cand_first = 0;
            return UI_PANEL_NONE;
        }
        return UI_PANEL_DELETE;
    case UI_PANEL_ID_CLEAR:
        clear_strokes(p);
        return UI_PANEL_NONE;
    case UI_PANEL_ID_PHRASE:
        if (hit->arg < 0 || hit->arg >= n_phrases) return UI_PANEL_NONE;
        /* The second tap of a double tap (an unsteady finger) on the same
         * phrase within the input guard's time adds nothing; a phrase
         * wanted twice is tapped again a moment later. */
        if (touched && hit->arg == p->last_phrase && p->up_ms - p->last_phrase_ms < UI_INPUT_GUARD_MS)
            return UI_PANEL_NONE;
        p->last_phrase = touched ? hit->arg : -1;
        p->last_phrase_ms = p->up_ms;
        jh_buf_puts(out, phrase_separator(p));
        jh_buf_puts(out, phrases[hit->arg]);
        return UI_PANEL_INSERT;
    default:
        return UI_PANEL_NONE;
    }
}

bool ui_panel_pointer(ui_panel_t *p, const ui_input_t *in)
{
    if (p->open && in->type == UI_IN_UP) { /* the tap ui_panel_event may handle next */
        p->up_ms = in->t_ms;
        p->up_fresh = true;
    }
    if (!p->open || p->mode != UI_PANEL_HAND || !p->hw) return false;
    int x = in->x - p->area.x, y = in->y - p->area.y;
    switch (in->type) {
    case UI_IN_DOWN:
        if (!ui_rect_contains(p->area, in->x, in->y)) return false;
        if (p->n_strokes + 1 > p->cap_strokes) {
            p->cap_strokes = p->cap_strokes ? p->cap_strokes * 2 : 16;
            p->starts = jh_xrealloc(p->starts, (size_t)p->cap_strokes * sizeof *p->starts);
        }
        p->starts[p->n_strokes++] = p->n_pts;
        add_point(p, x, y);
        handwriting_begin_stroke(p->hw, x, y);
        p->writing = true;
        return true;
    case UI_IN_MOVE:
        if (!p->writing) return false;
        add_point(p, x, y);
        handwriting_add_point(p->hw, x, y);
        return true;
    case UI_IN_UP:
        if (!p->writing) return false;
        add_point(p, x, y);
        handwriting_add_point(p->hw, x, y);
        p->writing = false;
        /* a tiny touch stays a stroke, drawn and sent: a dot written as a
         * tap (主 文 六 心); a stray one is taken care of by the
         * recogniser (handwriting_candidates) */
        refresh_hand(p);
        return true;
    default:
        return false;
    }
}

void ui_panel_set_room(ui_panel_t *p, int chars)
{
    p->room = chars;
}

void ui_panel_set_text(ui_panel_t *p, const char *text)
{
    p->tail[0] = 0;
    if (!text || !*text) return;
    const char *c = text + strlen(text) - 1;
    while (c > text && ((unsigned char)*c & 0xC0) == 0x80) c--; /* the lead byte of the last character */
    snprintf(p->tail, sizeof p->tail, "%s", c);
}

int ui_panel_refused(const ui_panel_t *p)
{
    return p->too_long;
}

ui_panel_action_t ui_panel_event(ui_panel_t *p, const ui_widget_t *hit, const char *const *phrases,
                                 int n_phrases, jh_buf_t *out)
{
    if (!p->open || !hit) return UI_PANEL_NONE;
    /* The letters of a pinyin composition, to type again when what it
     * becomes does not fit in the answer (a 7-character word with 6 left):
     * the composition stays, for a shorter word or fewer letters, instead
     * of being lost with the word (r2input3). */
    char keys[256] = "";
    size_t nk = 0;
    if (p->mode == UI_PANEL_PINYIN && p->py && p->room >= 0) {
        /* every letter typed, also those of a part already chosen (the
         * preedit shows that part as characters: 学校laoshi; rfinal18) */
        for (const char *c = pinyin_input(p->py); *c && nk + 1 < sizeof keys; c++)
            if ((*c >= 'a' && *c <= 'z') || *c == '\'') keys[nk++] = *c;
        keys[nk] = 0;
    }
    size_t had = out->len;
    ui_panel_action_t a = panel_event(p, hit, phrases, n_phrases, out);
    if (nk > 0 && (a == UI_PANEL_INSERT || a == UI_PANEL_CLOSE)) {
        int n = 0;
        for (size_t i = had; i < out->len; i++) n += ((unsigned char)out->data[i] & 0xC0) != 0x80;
        if (n > p->room) {
            out->len = had;
            if (out->data) out->data[had] = 0;
            if (p->mode != UI_PANEL_PINYIN) ui_panel_set_mode(p, UI_PANEL_PINYIN);
            pinyin_clear(p->py);
            for (size_t i = 0; i < nk; i++) pinyin_key(p->py, keys[i]);
            p->cand_first = 0;
            p->too_long = n;
            return UI_PANEL_TOO_LONG;
        }
    }
    if (a == UI_PANEL_CLOSE) ui_panel_close(p);
    return a;
}
