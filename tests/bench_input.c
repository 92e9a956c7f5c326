/* bench_input.c - figures of the kiosk's input and speech engines (label
 * bench; prints, asserts nothing): opening each engine cold and warm, the
 * time from a key or a stroke to its candidates (median and p99), the time
 * from asking to read a question to its first samples, and the memory the
 * engines add. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_util.h"
#include "handwriting.h"
#include "pinyin.h"
#include "tts.h"

static bool first_samples(void *ctx, const int16_t *s, size_t n)
{
    double *t = ctx;
    if (*t == 0) *t = bench_now_ms();
    return false; /* the first chunk is all this measures */
}

int main(void)
{
    static const char *words[] = {"xuexiao", "laoshi", "haizi", "zuoye", "tiyu", "fanshi", "anquan",
                                  "xiwang", "ganxie", "kehoufuwu", "jiazhang", "shuangjian"};
    jh_err_t err;
    char dir[] = "/tmp/jh-bench-input-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    long rss0 = bench_rss_kb();

    double t = bench_now_ms();
    pinyin_t *p = NULL;
    if (pinyin_open(NULL, dir, 6, &p, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("BENCH pinyin: first open (writes its schema copy, loads lazily) %.1f ms (target <= 300 ms)\n", bench_now_ms() - t);
    pinyin_close(p);
    t = bench_now_ms();
    pinyin_open(NULL, dir, 6, &p, &err);
    printf("BENCH pinyin: later open %.1f ms (target <= 20 ms)\n", bench_now_ms() - t);
    double lat[2000];
    int n = 0;
    for (int round = 0; round < 12; round++)
        for (size_t w = 0; w < sizeof words / sizeof *words && n < 2000; w++) {
            for (const char *c = words[w]; *c && n < 2000; c++) {
                double a = bench_now_ms();
                pinyin_key(p, *c);
                pinyin_state_t s;
                pinyin_state(p, &s);
                lat[n++] = bench_now_ms() - a;
            }
            pinyin_select(p, 0);
        }
    bench_summary("BENCH ", "pinyin: key to candidates", lat, n, "(target median <= 30 ms, p99 <= 80 ms)");

    t = bench_now_ms();
    double c = bench_cpu_ms();
    long rss_h = bench_rss_kb();
    handwriting_t *h = NULL;
    if (handwriting_open(NULL, &h, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int total = 0, chars = handwriting_model_chars(h, &total);
    printf("BENCH handwriting: open %.1f ms, %.1f ms CPU (target <= 300 ms); %d of the model's %d characters, "
           "%.1f MB resident\n", bench_now_ms() - t, bench_cpu_ms() - c, chars, total,
           (bench_rss_kb() - rss_h) / 1024.0);
    handwriting_set_area(h, 600, 600);
    n = 0;
    unsigned seed = 7;
    for (int ch = 0; ch < 60; ch++) {
        handwriting_clear(h);
        for (int k = 0; k < 12; k++) { /* characters of up to 12 strokes */
            int x = (int)(rand_r(&seed) % 500) + 50, y = (int)(rand_r(&seed) % 500) + 50;
            handwriting_begin_stroke(h, x, y);
            for (int i = 1; i <= 20; i++) handwriting_add_point(h, x + i * 8, y + i * ((k & 1) ? 8 : -3));
            const char *c[10];
            double a = bench_now_ms();
            handwriting_candidates(h, c, 10);
            lat[n++] = bench_now_ms() - a;
        }
    }
    bench_summary("BENCH ", "handwriting: stroke to candidates", lat, n, "(target median <= 30 ms, p99 <= 80 ms)");

    t = bench_now_ms();
    tts_t *v = NULL;
    if (tts_open(NULL, &v, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("BENCH speech: open %.1f ms\n", bench_now_ms() - t);
    n = 0;
    for (int i = 0; i < 30; i++) {
        double first = 0, a = bench_now_ms();
        tts_speak(v, "您对孩子所在学校的课后服务满意吗？", first_samples, &first, NULL, &err);
        lat[n++] = first - a;
    }
    bench_summary("BENCH ", "speech: request to first samples", lat, n, "(target median <= 300 ms to the first sound)");
    printf("BENCH engines: resident memory added with all three open %.1f MB (target <= 64 MB)\n",
           (bench_rss_kb() - rss0) / 1024.0);
    tts_close(v);
    handwriting_close(h);
    pinyin_close(p);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) != 0;
}
