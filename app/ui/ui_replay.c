/* ui_replay.c - parse and execute replay scripts (see ui_replay.h). */
#include "ui_replay.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing --------------------------------------------------------------- */

static const struct {
    const char *name;
    ui_rp_op_t op;
    int nums;        /* numeric arguments */
    bool text;       /* the rest of the line is a text argument */
} ops[] = {
    {"tap", UI_RP_TAP, 2, false},
    {"tap-text", UI_RP_TAP_TEXT, 0, true},
    {"drag", UI_RP_DRAG, 4, false},
    {"wait", UI_RP_WAIT, 1, false},
    {"key", UI_RP_KEY, 0, true},
    {"text", UI_RP_TEXT, 0, true},
    {"shot", UI_RP_SHOT, 0, true},
    {"expect-text", UI_RP_EXPECT_TEXT, 0, true},
    {"expect-no-text", UI_RP_EXPECT_NO_TEXT, 0, true},
    {"expect-screen", UI_RP_EXPECT_SCREEN, 0, true},
    {"platform", UI_RP_PLATFORM, 0, true},
    {"double-tap", UI_RP_DOUBLE_TAP, 0, true},
    {"expect-layout", UI_RP_EXPECT_LAYOUT, 0, false},
    {"stroke", UI_RP_STROKE, 0, true},
};

static jh_status_t parse_line(const char *name, int lineno, char *s, ui_replay_t *out, jh_err_t *err)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t')) s[--len] = 0;
    if (!*s || *s == '#') return JH_OK;
    char *word = s;
    while (*s && *s != ' ' && *s != '\t') s++;
    if (*s) *s++ = 0;
    while (*s == ' ' || *s == '\t') s++;
    size_t k = 0;
    while (k < sizeof ops / sizeof ops[0] && strcmp(ops[k].name, word) != 0) k++;
    if (k == sizeof ops / sizeof ops[0])
        return jh_err_set(err, JH_ERR_INVALID,
                          "%s:%d: unknown command '%s' (expected tap, tap-text, double-tap, drag, wait, "
                          "stroke, key, text, shot, expect-text, expect-no-text, expect-screen, expect-layout "
                          "or platform)",
                          name, lineno, word);
    ui_rp_cmd_t c;
    memset(&c, 0, sizeof c);
    c.op = ops[k].op;
    c.line = lineno;
    long v[4] = {0};
    for (int i = 0; i < ops[k].nums; i++) {
        char *end;
        v[i] = strtol(s, &end, 10);
        if (end == s || (*end && *end != ' ' && *end != '\t') || v[i] < 0 || v[i] > 100000000)
            return jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s: argument %d must be a non-negative number",
                              name, lineno, word, i + 1);
        s = end;
        while (*s == ' ' || *s == '\t') s++;
    }
    if (ops[k].nums && *s)
        return jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s: unexpected '%s' after %d numbers", name,
                          lineno, word, s, ops[k].nums);
    if (ops[k].text && !*s)
        return jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s needs an argument", name, lineno, word);
    if (!ops[k].nums && !ops[k].text && *s)
        return jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s takes no argument, found '%s'", name, lineno, word, s);
    if (ops[k].op == UI_RP_DOUBLE_TAP) {
        /* double-tap TEXT MS [busy BUSY]: the numbers are the last words. */
        long busy = 0;
        char *sp = strrchr(s, ' ');
        char *end = NULL;
        long ms = sp ? strtol(sp + 1, &end, 10) : -1;
        if (sp && end && !*end && end != sp + 1 && ms >= 0) {
            char *q = sp;
            while (q > s && (q[-1] == ' ' || q[-1] == '\t')) q--;
            if (q - s >= 5 && !strncmp(q - 4, "busy", 4) && (q - 5 == s || q[-5] == ' ' || q[-5] == '\t')) {
                busy = ms;
                q -= 4; /* drop "busy BUSY" */
                while (q > s && (q[-1] == ' ' || q[-1] == '\t')) q--;
                *q = 0;
                sp = strrchr(s, ' ');
                ms = sp ? strtol(sp + 1, &end, 10) : -1;
            }
        }
        if (!sp || !end || *end || end == sp + 1 || ms < 0 || ms > 10000 || busy < 0 || busy > 10000)
            return jh_err_set(err, JH_ERR_INVALID,
                              "%s:%d: double-tap: expected TEXT MS [busy MS] (0..10000), found '%s'",
                              name, lineno, s);
        v[0] = ms;
        c.busy_ms = busy;
        while (sp > s && (sp[-1] == ' ' || sp[-1] == '\t')) sp--;
        *sp = 0;
    }
    c.x1 = (int)v[0];
    c.y1 = (int)v[1];
    c.x2 = (int)v[2];
    c.y2 = (int)v[3];
    c.ms = v[0];
    if (c.op == UI_RP_KEY) {
        c.key = ui_key_from_name(s);
        if (c.key == UI_KEY_NONE)
            return jh_err_set(err, JH_ERR_INVALID,
                              "%s:%d: key: unknown key '%s' (expected enter, space, tab, backtab, "
                              "escape, left, right, up, down or backspace)",
                              name, lineno, s);
    }
    if (c.op == UI_RP_SHOT)
        for (const char *p = s; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
                return jh_err_set(err, JH_ERR_INVALID,
                                  "%s:%d: shot: name '%s' may only use letters, digits, '-' and '_'",
                                  name, lineno, s);
    if (ops[k].text) {
        /* ${NAME} expands to the environment variable NAME (temporary paths). */
        jh_buf_t b = {0};
        jh_buf_puts(&b, "");
        for (const char *p = s; *p;) {
            const char *end = p[0] == '$' && p[1] == '{' ? strchr(p, '}') : NULL;
            if (!end) {
                jh_buf_append(&b, p++, 1);
                continue;
            }
            char *var = jh_strndup(p + 2, (size_t)(end - p - 2));
            const char *v = getenv(var);
            if (!v) {
                jh_status_t st = jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s: environment variable %s is not set",
                                            name, lineno, word, var);
                free(var);
                jh_buf_free(&b);
                return st;
            }
            jh_buf_puts(&b, v);
            free(var);
            p = end + 1;
        }
        c.arg = jh_buf_take(&b);
    }
    out->cmds = jh_xrealloc(out->cmds, (size_t)(out->n + 1) * sizeof *out->cmds);
    out->cmds[out->n++] = c;
    return JH_OK;
}

jh_status_t ui_replay_parse(const char *name, const char *text, ui_replay_t *out, jh_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->name = jh_strdup(name);
    char *copy = jh_strdup(text);
    char *p = copy;
    int lineno = 0;
    jh_status_t st = JH_OK;
    while (p && st == JH_OK) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        st = parse_line(name, ++lineno, p, out, err);
        p = nl ? nl + 1 : NULL;
    }
    free(copy);
    if (st != JH_OK) ui_replay_free(out);
    return st;
}

jh_status_t ui_replay_load(const char *path, ui_replay_t *out, jh_err_t *err)
{
    char *text;
    jh_status_t st = jh_read_file(path, &text, NULL, err);
    if (st != JH_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    st = ui_replay_parse(path, text, out, err);
    free(text);
    return st;
}

void ui_replay_free(ui_replay_t *r)
{
    for (int i = 0; i < r->n; i++) free(r->cmds[i].arg);
    free(r->cmds);
    free(r->name);
    memset(r, 0, sizeof *r);
}

/* ---- execution ---------------------------------------------------------------- */

static void fail(ui_replay_t *r, const ui_rp_cmd_t *c, ui_app_t *app, FILE *log, const char *fmt,
                 const char *arg)
{
    r->failures++;
    if (!log) return;
    fprintf(log, "%s:%d: ", r->name, c->line);
    fprintf(log, fmt, arg);
    fprintf(log, " (screen %s; visible:", ui_app_screen_name(app));
    const ui_frame_t *f = ui_app_frame(app);
    for (int i = 0; i < f->n && i < 40; i++)
        fprintf(log, " %s\"%.60s\"", f->w[i].kind == UI_W_BUTTON ? "button " : "", f->w[i].label);
    fprintf(log, ")\n");
}

static void send(ui_app_t *app, ui_input_type_t type, int x, int y)
{
    ui_input_t in;
    memset(&in, 0, sizeof in);
    in.type = type;
    in.x = x;
    in.y = y;
    in.t_ms = app->mono_ms;
    ui_app_input(app, &in);
}

static void wait_ms(ui_app_t *app, int64_t ms)
{
    for (int64_t left = ms; left > 0; left -= UI_REPLAY_STEP_MS)
        ui_app_update(app, left < UI_REPLAY_STEP_MS ? left : UI_REPLAY_STEP_MS);
}

/* Whether a finger can press at (x, y): on the screen, and when a button is
 * there, one a finger can touch. */
static bool point_touchable(const ui_frame_t *f, int x, int y, char *why, size_t why_len)
{
    if (x < 0 || y < 0 || x >= f->width || y >= f->height) {
        snprintf(why, why_len, "%d,%d is off the %dx%d screen", x, y, f->width, f->height);
        return false;
    }
    const ui_widget_t *w = ui_frame_hit(f, x, y);
    if (!w) return true; /* a tap on nothing is something a finger can do */
    char inner[240];
    if (!ui_widget_touchable(f, w, inner, sizeof inner)) {
        snprintf(why, why_len, "%d,%d is on the button \"%.60s\", but %.200s", x, y, w->label, inner);
        return false;
    }
    return true;
}

/* stroke FILE: draws the strokes of FILE in the writing area; returns
 * false with why on a problem.  Only where a finger could write, as tap
 * (review rkiosk5, harness gap): the area wholly on the screen and not
 * covered, each stroke starting in it on no button, and not within the
 * input guard's window (a stroke the kiosk ignored is a failure, as a
 * guarded tap-text is). */
static bool run_stroke(const ui_replay_t *r, ui_app_t *app, const char *file, char *why, size_t why_len)
{
    char *path;
    const char *slash = strrchr(r->name, '/');
    if (file[0] != '/' && slash)
        path = jh_sprintf("%.*s/%s", (int)(slash - r->name), r->name, file);
    else
        path = jh_strdup(file);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(why, why_len, "cannot read %s", path);
        free(path);
        return false;
    }
    const ui_frame_t *f = ui_app_frame(app);
    const ui_widget_t *w = ui_frame_find(f, UI_PANEL_AREA_LABEL, false);
    if (!w) {
        snprintf(why, why_len, "no writing area (\"%s\") on the screen", UI_PANEL_AREA_LABEL);
        fclose(fp);
        free(path);
        return false;
    }
    char inner[300];
    if (!ui_widget_touchable(f, w, inner, sizeof inner)) {
        snprintf(why, why_len, "a finger cannot write in the writing area: %s", inner);
        fclose(fp);
        free(path);
        return false;
    }
    ui_rect_t a = w->r;
    int side = (a.w < a.h ? a.w : a.h) * 9 / 10;
    int ox = a.x + (a.w - side) / 2, oy = a.y + (a.h - side) / 2;
    int size = 0, lineno = 0;
    char line[1024];
    bool ok = true;
    while (ok && fgets(line, sizeof line, fp)) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '#' || *s == '\n' || *s == '\r') continue;
        if (!strncmp(s, "size ", 5)) {
            size = atoi(s + 5);
            continue;
        }
        if (size <= 0) {
            snprintf(why, why_len, "%s:%d: expected \"size N\" before the strokes", path, lineno);
            ok = false;
            break;
        }
        int xy[128], n = 0;
        char *end;
        for (long v = strtol(s, &end, 10); end != s && n < 128; v = strtol(s, &end, 10)) {
            xy[n++] = (int)v;
            s = end;
        }
        if (n < 4 || n % 2) {
            snprintf(why, why_len, "%s:%d: expected x y pairs (at least two points)", path, lineno);
            ok = false;
            break;
        }
        int px0 = ox + xy[0] * side / size, py0 = oy + xy[1] * side / size;
        const ui_widget_t *b = ui_frame_hit(ui_app_frame(app), px0, py0);
        if (!ui_rect_contains(a, px0, py0) || b) {
            snprintf(why, why_len, "%s:%d: the stroke starts at %d,%d, %s%.60s%s", path, lineno, px0, py0,
                     b ? "on the button \"" : "outside the writing area", b ? b->label : "", b ? "\"" : "");
            ok = false;
            break;
        }
        int guarded = app->n_guarded;
        send(app, UI_IN_DOWN, px0, py0);
        if (app->n_guarded != guarded) {
            send(app, UI_IN_UP, px0, py0);
            snprintf(why, why_len,
                     "%s:%d: the stroke began less than %d ms after the screen changed and was ignored "
                     "(input guard); wait first",
                     path, lineno, UI_INPUT_GUARD_MS);
            ok = false;
            break;
        }
        for (int i = 0; i + 3 < n; i += 2)
            for (int k = 1; k <= 10; k++)
                send(app, UI_IN_MOVE, ox + (xy[i] + (xy[i + 2] - xy[i]) * k / 10) * side / size,
                     oy + (xy[i + 1] + (xy[i + 3] - xy[i + 1]) * k / 10) * side / size);
        send(app, UI_IN_UP, ox + xy[n - 2] * side / size, oy + xy[n - 1] * side / size);
    }
    fclose(fp);
    free(path);
    return ok;
}

bool ui_replay_step(ui_replay_t *r, ui_app_t *app, ui_shot_fn shot, void *shot_ctx, FILE *log)
{
    if (r->pc >= r->n) return false;
    const ui_rp_cmd_t *c = &r->cmds[r->pc++];
    switch (c->op) {
    case UI_RP_TAP: {
        char why[512];
        if (!point_touchable(ui_app_frame(app), c->x1, c->y1, why, sizeof why)) {
            fail(r, c, app, log, "tap: %s", why);
            break;
        }
        send(app, UI_IN_DOWN, c->x1, c->y1);
        send(app, UI_IN_UP, c->x1, c->y1);
        break;
    }
    case UI_RP_TAP_TEXT:
    case UI_RP_DOUBLE_TAP: {
        const ui_frame_t *f = ui_app_frame(app);
        const ui_widget_t *w = ui_frame_find(f, c->arg, true);
        const char *cmd = c->op == UI_RP_TAP_TEXT ? "tap-text" : "double-tap";
        char why[300], msg[700];
        if (!w) {
            snprintf(msg, sizeof msg, "%s: no visible button labelled \"%%s\"; stopping", cmd);
            fail(r, c, app, log, msg, c->arg);
            r->pc = r->n; /* the flow is off track: later lines would only add noise */
            break;
        }
        if (!ui_widget_touchable(f, w, why, sizeof why)) {
            snprintf(msg, sizeof msg, "%s: a finger cannot touch the button \"%%s\": %s; stopping", cmd, why);
            fail(r, c, app, log, msg, c->arg);
            r->pc = r->n;
            break;
        }
        int x = w->r.x + w->r.w / 2, y = w->r.y + w->r.h / 2;
        int guarded = app->n_guarded;
        send(app, UI_IN_DOWN, x, y);
        send(app, UI_IN_UP, x, y);
        if (app->n_guarded != guarded) {
            /* (double-tap too: its first tap is the one the replay means) */
            snprintf(msg, sizeof msg,
                     "%s: the %stap on \"%%s\" came less than %d ms after the screen changed and "
                     "was ignored (input guard); wait first",
                     cmd, c->op == UI_RP_DOUBLE_TAP ? "first " : "", UI_INPUT_GUARD_MS);
            fail(r, c, app, log, msg, c->arg);
            break;
        }
        if (c->op == UI_RP_DOUBLE_TAP && c->busy_ms > 0) {
            /* As the kiosk's loop has it: handling the first tap kept the
             * loop busy (a slow save or frame); the screen it led to shows
             * when that ends, and the second tap, made at its own time
             * (maybe meanwhile), is read then or when it comes. */
            int64_t t0 = app->mono_ms, t2 = t0 + c->ms, shown = t0 + c->busy_ms;
            ui_app_presented(app, shown);
            ui_input_t two[2];
            memset(two, 0, sizeof two);
            for (int i = 0; i < 2; i++) {
                two[i].type = i ? UI_IN_UP : UI_IN_DOWN;
                two[i].x = x;
                two[i].y = y;
                two[i].t_ms = t2;
            }
            ui_app_deliver(app, two, 2, t2 > shown ? t2 : shown);
        } else if (c->op == UI_RP_DOUBLE_TAP) {
            wait_ms(app, c->ms);
            send(app, UI_IN_DOWN, x, y);
            send(app, UI_IN_UP, x, y);
        }
        break;
    }
    case UI_RP_STROKE: {
        char why[1400];
        if (!run_stroke(r, app, c->arg, why, sizeof why)) fail(r, c, app, log, "stroke: %s", why);
        break;
    }
    case UI_RP_EXPECT_LAYOUT: {
        jh_buf_t b = {0};
        if (ui_frame_check(ui_app_frame(app), &b)) {
            b.data[b.len - 1] = 0;
            fail(r, c, app, log, "expect-layout: %s", b.data);
        }
        jh_buf_free(&b);
        break;
    }
    case UI_RP_DRAG: {
        /* A finger starts and ends on the screen, never on a button it
         * cannot touch (as tap). */
        char why[512];
        const ui_frame_t *f = ui_app_frame(app);
        if (!point_touchable(f, c->x1, c->y1, why, sizeof why) ||
            !point_touchable(f, c->x2, c->y2, why, sizeof why)) {
            fail(r, c, app, log, "drag: %s", why);
            break;
        }
        send(app, UI_IN_DOWN, c->x1, c->y1);
        for (int i = 1; i <= 8; i++)
            send(app, UI_IN_MOVE, c->x1 + (c->x2 - c->x1) * i / 8, c->y1 + (c->y2 - c->y1) * i / 8);
        send(app, UI_IN_UP, c->x2, c->y2);
        break;
    }
    case UI_RP_WAIT:
        wait_ms(app, c->ms);
        break;
    case UI_RP_KEY: {
        ui_input_t in;
        memset(&in, 0, sizeof in);
        in.type = UI_IN_KEY;
        in.key = c->key;
        in.t_ms = app->mono_ms;
        ui_app_input(app, &in);
        break;
    }
    case UI_RP_TEXT: {
        /* Split into records that fit, at code point boundaries. */
        const char *p = c->arg;
        while (*p) {
            ui_input_t in;
            memset(&in, 0, sizeof in);
            in.type = UI_IN_TEXT;
            in.t_ms = app->mono_ms;
            size_t n = 0, len = strlen(p);
            while (n < len) {
                int adv;
                ui_utf8_decode(p + n, len - n, &adv);
                if (n + (size_t)adv >= sizeof in.text) break;
                n += (size_t)adv;
            }
            memcpy(in.text, p, n);
            ui_app_input(app, &in);
            p += n;
        }
        break;
    }
    case UI_RP_SHOT: {
        ui_app_frame(app);
        char msg[512] = "";
        if (shot && !shot(shot_ctx, c->arg, msg, sizeof msg)) fail(r, c, app, log, "shot: %s", msg);
        /* What is kept as a picture must also meet the layout rules. */
        jh_buf_t b = {0};
        if (ui_frame_check(ui_app_frame(app), &b)) {
            b.data[b.len - 1] = 0;
            fail(r, c, app, log, "shot: the frame breaks the layout rules: %s", b.data);
        }
        jh_buf_free(&b);
        break;
    }
    case UI_RP_EXPECT_TEXT:
        if (!ui_frame_shows(ui_app_frame(app), c->arg))
            fail(r, c, app, log, "expect-text: no visible widget shows \"%s\"", c->arg);
        break;
    case UI_RP_EXPECT_NO_TEXT:
        if (ui_frame_shows(ui_app_frame(app), c->arg))
            fail(r, c, app, log, "expect-no-text: a visible widget shows \"%s\"", c->arg);
        break;
    case UI_RP_EXPECT_SCREEN:
        if (strcmp(ui_app_screen_name(app), c->arg) != 0)
            fail(r, c, app, log, "expect-screen: expected screen \"%s\"", c->arg);
        break;
    case UI_RP_PLATFORM: {
        char msg[512] = "not available here";
        if (!r->platform || !r->platform(r->platform_ctx, c->arg, msg, sizeof msg))
            fail(r, c, app, log, "platform: %s", msg);
        break;
    }
    }
    return r->pc < r->n;
}

int ui_replay_run(ui_replay_t *r, ui_app_t *app, ui_shot_fn shot, void *shot_ctx, FILE *log)
{
    while (r->pc < r->n) ui_replay_step(r, app, shot, shot_ctx, log);
    return r->failures;
}
