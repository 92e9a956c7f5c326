/* role.c - "are you a parent, a pupil, a teacher ...?": one button per
 * audience of the active questionnaires (家长, 学生, 教师, 校长和社会人士, and
 * any other installed audience). */
#include "screens.h"

#include <string.h>

enum { R_ROLE = 1, R_BACK };

#define MAX_ROLES 8

/* Where an audience's button goes: the groups of the national survey in
 * the order a school meets them (parents are the largest part of the sample),
 * any other audience after them in file order. */
static int role_rank(const char *audience)
{
    static const char *const order[] = {"parent", "student", "teacher", "public"};
    for (int k = 0; k < 4; k++)
        if (!strcmp(audience, order[k])) return k;
    return 4;
}

/* Indices of the first active questionnaire of each distinct audience, in
 * role_rank order. */
static int role_list(const ui_app_t *app, int out[MAX_ROLES])
{
    int n = 0;
    for (int i = 0; i < app->n_surveys && n < MAX_ROLES; i++) {
        if (!app->active[i]) continue;
        bool seen = false;
        for (int j = 0; j < n; j++)
            seen |= !strcmp(app->surveys[out[j]]->audience, app->surveys[i]->audience);
        if (!seen) out[n++] = i;
    }
    /* insertion sort, stable: equal ranks keep file order */
    for (int i = 1; i < n; i++) {
        int v = out[i], r = role_rank(app->surveys[v]->audience), j = i;
        for (; j > 0 && role_rank(app->surveys[out[j - 1]]->audience) > r; j--) out[j] = out[j - 1];
        out[j] = v;
    }
    return n;
}

static void role_event(ui_app_t *app, const ui_input_t *in, const ui_widget_t *hit)
{
    bool back = hit ? hit->id == R_BACK : in->type == UI_IN_KEY && in->key == UI_KEY_ESCAPE;
    if (back) {
        if (app->has_draft) {
            ui_app_finish(app, STORE_ABANDONED);
        } else {
            ui_app_reset_person(app);
            ui_app_goto(app, &screen_welcome);
        }
        return;
    }
    if (hit && hit->id == R_ROLE && hit->arg >= 0 && hit->arg < app->n_surveys) {
        app->survey = app->surveys[hit->arg];
        ui_app_goto(app, &screen_notice);
    }
}

/* 听读: "请问您是：家长，教师". */
static void role_enter(ui_app_t *app)
{
    int roles[MAX_ROLES], n = role_list(app, roles);
    jh_buf_t b = {0};
    jh_buf_puts(&b, ui_app_str(app, UI_S_ROLE_TITLE));
    for (int i = 0; i < n; i++) {
        bool zh = !strncmp(app->lang, "zh", 2);
        /* UI_S_ROLE_TITLE ends in its colon already ("请问您是：：家长",
         * review rspeech4 item 8) */
        jh_buf_puts(&b, i ? (zh ? "，" : ", ") : (zh ? "" : " "));
        jh_buf_puts(&b, ui_app_text(app, &app->surveys[roles[i]]->audience_label));
    }
    jh_buf_append(&b, "", 1);
    ui_app_speak_screen(app, b.data);
    jh_buf_free(&b);
}

static void role_draw(ui_app_t *app, ui_frame_t *f)
{
    int y = screen_title(app, f, ui_app_str(app, UI_S_ROLE_TITLE));
    int roles[MAX_ROLES];
    int n = role_list(app, roles);
    screen_layout_t l = screen_layout(f, 1500);
    int gap = ui_px(f, 40), fs = ui_font(f, 60);
    int cols = n > 4 ? 2 : 1;
    int bw = cols == 1 ? ui_px(f, 760) : (l.w - gap) / 2;
    if (bw > l.w) bw = l.w;
    /* As wide as the longest label needs at its size (up to the column):
     * "Principal or other resident" was set smaller in large text than in
     * normal text to fit the narrow button (review rparent9 item 5). */
    if (cols == 1)
        for (int i = 0; i < n; i++) {
            const survey_t *s = app->surveys[roles[i]];
            const char *label = ui_app_text(app, &s->audience_label);
            if (!*label) label = s->audience;
            int w = f->measure.width(f->measure.ctx, label, strlen(label), fs) + 2 * ui_px(f, 24) + ui_px(f, 16);
            if (w > bw) bw = w < l.w ? w : l.w;
        }
    int bh = ui_px(f, 150);
    /* and tall enough for a label that still takes two lines (upright
     * screens in large text) */
    for (int i = 0; i < n; i++) {
        const survey_t *s = app->surveys[roles[i]];
        const char *label = ui_app_text(app, &s->audience_label);
        if (!*label) label = s->audience;
        int h = ui_text_height(f, label, fs, bw - 2 * ui_px(f, 24)) + 2 * ui_px(f, 6);
        if (h > bh) bh = h;
    }
    int rows = (n + cols - 1) / cols;
    /* 返回 grows with its label in large text (it was shrunk into a fixed
     * 320 x 110 button) */
    int bs = ui_font(f, 42);
    int back_w = ui_px(f, 320), nav_h = ui_px(f, 110);
    const char *back = ui_app_str(app, UI_S_BACK);
    int need = f->measure.width(f->measure.ctx, back, strlen(back), bs) + 2 * ui_px(f, 24) + ui_px(f, 16);
    if (back_w < need) back_w = need;
    if (back_w > l.w / 2) back_w = l.w / 2;
    if (nav_h < ui_line_height(bs) + ui_px(f, 12) + ui_px(f, 12))
        nav_h = ui_line_height(bs) + ui_px(f, 12) + ui_px(f, 12);
    if (nav_h < ui_min_button(f)) nav_h = ui_min_button(f);
    int nav_y = f->height - ui_px(f, 40) - nav_h;
    int avail = nav_y - ui_px(f, 30) - y;
    if (rows * bh + (rows - 1) * gap > avail && rows > 0) {
        bh = (avail - (rows - 1) * gap) / rows;
        if (bh < ui_px(f, 90)) bh = ui_px(f, 90);
    }
    int total_h = rows * bh + (rows - 1) * gap;
    int y0 = y + (avail - total_h) / 3;
    if (y0 < y) y0 = y;
    int x0 = (f->width - (cols * bw + (cols - 1) * gap)) / 2;
    for (int i = 0; i < n; i++) {
        const survey_t *s = app->surveys[roles[i]];
        const char *label = ui_app_text(app, &s->audience_label);
        if (!*label) label = s->audience;
        ui_rect_t r = {x0 + (i % cols) * (bw + gap), y0 + (i / cols) * (bh + gap), bw, bh};
        ui_button(f, R_ROLE, roles[i], r, label, fs, 0);
    }
    ui_button(f, R_BACK, 0, (ui_rect_t){l.x, nav_y, back_w, nav_h}, back, bs, UI_BTN_QUIET);
}

const ui_screen_t screen_role = {
    .name = "role",
    .enter = role_enter,
    .idle_watch = true,
    .event = role_event,
    .draw = role_draw,
};
