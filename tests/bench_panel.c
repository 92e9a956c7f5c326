/* bench_panel.c - figures of the input panel as the kiosk uses it (label
 * bench; prints, asserts nothing): opening the panel the first time (the
 * handwriting engine loads) and later, switching to pinyin the first time,
 * the time from a stroke's release or a key's tap to the redrawn frame with
 * its candidates (median and p99), and the resident memory the panel adds
 * with both engines loaded.  Targets (issue 13): open <= 300 ms first,
 * <= 20 ms later; candidates <= 30 ms median, <= 80 ms p99; <= 64 MB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "test_ui_util.h"
#include "ui_panel.h"
#include "ui_widget.h"

static ui_frame_t frame;
static const ui_rect_t R = {100, 400, 1720, 660};

static void draw(ui_panel_t *p)
{
    ui_frame_begin(&frame, 1920, 1080, 100);
    ui_panel_draw(p, &frame, R, "zh-CN", NULL, 0);
}

static const ui_widget_t *find(const char *label)
{
    return ui_frame_find(&frame, label, true);
}

static void send(ui_panel_t *p, ui_input_type_t t, int x, int y)
{
    ui_input_t in;
    memset(&in, 0, sizeof in);
    in.type = t;
    in.x = x;
    in.y = y;
    ui_panel_pointer(p, &in);
}

int main(int argc, char **argv)
{
    const char *rime = argc > 1 ? argv[1] : "/tmp/jh-bench-panel.rime";
    frame.measure = (ui_measure_t){ut_fake_width, NULL};
    frame.theme = ui_theme_default();
    long rss0 = bench_rss_kb();
    ui_panel_t *p = ui_panel_create(rime, NULL, NULL);
    double t0 = bench_now_ms(), c0 = bench_cpu_ms();
    ui_panel_open(p, "zh-CN");
    draw(p);
    printf("%-44s %8.1f ms (%.1f ms CPU; target <= 300)\n", "panel open, first (handwriting loads)",
           bench_now_ms() - t0, bench_cpu_ms() - c0);
    ui_panel_close(p);
    t0 = bench_now_ms();
    ui_panel_open(p, "zh-CN");
    draw(p);
    printf("%-44s %8.2f ms (target <= 20)\n", "panel open, later", bench_now_ms() - t0);
    t0 = bench_now_ms();
    c0 = bench_cpu_ms();
    ui_panel_set_mode(p, UI_PANEL_PINYIN);
    draw(p);
    printf("%-44s %8.1f ms (%.1f ms CPU)\n", "pinyin tab, first (librime starts)", bench_now_ms() - t0,
           bench_cpu_ms() - c0);
    long rss1 = bench_rss_kb();

    /* a key's tap to the frame with its candidates */
    enum { KEYS = 400 };
    static double v[KEYS * 8];
    int n = 0;
    const char *word = "xuexiao";
    jh_buf_t out = {0};
    for (int r = 0; r < KEYS / 7 + 1; r++) {
        for (const char *c = word; *c; c++) {
            char k[2] = {*c, 0};
            const ui_widget_t *w = find(k);
            if (!w) continue;
            ui_widget_t hit = *w;
            double a = bench_now_ms();
            ui_panel_event(p, &hit, NULL, 0, &out);
            out.len = 0;
            draw(p);
            v[n++] = bench_now_ms() - a;
        }
        const ui_widget_t *w = find("学校");
        if (w) {
            ui_widget_t hit = *w;
            ui_panel_event(p, &hit, NULL, 0, &out);
            out.len = 0;
            draw(p);
        }
    }
    bench_summary("", "pinyin key -> candidates drawn", v, n, NULL);

    /* a stroke's release to the frame with its candidates (好, 6 strokes) */
    static const int hao[6][12] = {
        {82, 32, 64, 168, 124, 224},
        {17, 130, 111, 117},
        {114, 100, 123, 116, 100, 188, 40, 235},
        {144, 72, 225, 62, 195, 106},
        {180, 108, 198, 124, 207, 180, 200, 238, 189, 251, 161, 239},
        {131, 151, 281, 140},
    };
    static const int hao_n[6] = {3, 2, 4, 3, 6, 2};
    ui_panel_set_mode(p, UI_PANEL_HAND);
    draw(p);
    const ui_widget_t *aw = ui_frame_find(&frame, UI_PANEL_AREA_LABEL, false);
    ui_rect_t a = aw ? aw->r : (ui_rect_t){0, 0, 300, 300};
    int side = a.w < a.h ? a.w : a.h;
    n = 0;
    int found = 0;
    for (int r = 0; r < 60; r++) {
        for (int k = 0; k < 6; k++) {
            const int *xy = hao[k];
            send(p, UI_IN_DOWN, a.x + xy[0] * side / 300, a.y + xy[1] * side / 300);
            for (int i = 0; i + 1 < hao_n[k]; i++)
                for (int s = 1; s <= 10; s++)
                    send(p, UI_IN_MOVE, a.x + (xy[2 * i] + (xy[2 * i + 2] - xy[2 * i]) * s / 10) * side / 300,
                         a.y + (xy[2 * i + 1] + (xy[2 * i + 3] - xy[2 * i + 1]) * s / 10) * side / 300);
            double t = bench_now_ms();
            send(p, UI_IN_UP, a.x + xy[2 * hao_n[k] - 2] * side / 300, a.y + xy[2 * hao_n[k] - 1] * side / 300);
            draw(p);
            v[n++] = bench_now_ms() - t;
        }
        const ui_widget_t *w = find("好");
        if (w) {
            found++;
            ui_widget_t hit = *w;
            ui_panel_event(p, &hit, NULL, 0, &out);
            out.len = 0;
        } else {
            ui_widget_t hit = {.id = UI_PANEL_ID_CLEAR};
            ui_panel_event(p, &hit, NULL, 0, &out);
            out.len = 0;
        }
        draw(p);
    }
    bench_summary("", "stroke release -> candidates drawn", v, n, NULL);
    printf("%-44s %d of 60\n", "好 in the candidate bar after its 6 strokes", found);
    printf("%-44s %8.1f MB (target <= 64)\n", "resident memory added, both engines", (rss1 - rss0) / 1024.0);
    printf("%-44s %8.1f MB\n", "resident memory added, after the runs", (bench_rss_kb() - rss0) / 1024.0);
    jh_buf_free(&out);
    ui_panel_destroy(p);
    ui_frame_free(&frame);
    return 0;
}
