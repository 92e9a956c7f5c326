/* bench_input.c - figures of the kiosk's input and speech engines (label
 * bench; prints, asserts nothing): opening each engine cold and warm, the
 * time from a key or a stroke to its candidates (median and p99), the time
 * from asking to read a question to its first samples, and the memory the
 * engines add. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "handwriting.h"
#include "pinyin.h"
#include "tts.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0;
        fclose(f);
    }
    return res * 4;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void summary(const char *what, double *v, int n, const char *target)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    printf("BENCH %s: median %.2f ms, p99 %.2f ms, max %.2f ms over %d (%s)\n", what, v[n / 2],
           v[(int)(n * 0.99)], v[n - 1], n, target);
}

static bool first_samples(void *ctx, const int16_t *s, size_t n)
{
    double *t = ctx;
    if (*t == 0) *t = now_ms();
    return false; /* the first chunk is all this measures */
}

int main(void)
{
    static const char *words[] = {"xuexiao", "laoshi", "haizi", "zuoye", "tiyu", "fanshi", "anquan",
                                  "xiwang", "ganxie", "kehoufuwu", "jiazhang", "shuangjian"};
    jh_err_t err;
    char dir[] = "/tmp/jh-bench-input-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    long rss0 = rss_kb();

    double t = now_ms();
    pinyin_t *p = NULL;
    if (pinyin_open(NULL, dir, 6, &p, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("BENCH pinyin: first open (writes its schema copy, loads lazily) %.1f ms (target <= 300 ms)\n", now_ms() - t);
    pinyin_close(p);
    t = now_ms();
    pinyin_open(NULL, dir, 6, &p, &err);
    printf("BENCH pinyin: later open %.1f ms (target <= 20 ms)\n", now_ms() - t);
    double lat[2000];
    int n = 0;
    for (int round = 0; round < 12; round++)
        for (size_t w = 0; w < sizeof words / sizeof *words && n < 2000; w++) {
            for (const char *c = words[w]; *c && n < 2000; c++) {
                double a = now_ms();
                pinyin_key(p, *c);
                pinyin_state_t s;
                pinyin_state(p, &s);
                lat[n++] = now_ms() - a;
            }
            pinyin_select(p, 0);
        }
    summary("pinyin: key to candidates", lat, n, "target median <= 30 ms, p99 <= 80 ms");

    t = now_ms();
    handwriting_t *h = NULL;
    if (handwriting_open(NULL, &h, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("BENCH handwriting: open %.1f ms (target <= 300 ms)\n", now_ms() - t);
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
            double a = now_ms();
            handwriting_candidates(h, c, 10);
            lat[n++] = now_ms() - a;
        }
    }
    summary("handwriting: stroke to candidates", lat, n, "target median <= 30 ms, p99 <= 80 ms");

    t = now_ms();
    tts_t *v = NULL;
    if (tts_open(NULL, &v, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("BENCH speech: open %.1f ms\n", now_ms() - t);
    n = 0;
    for (int i = 0; i < 30; i++) {
        double first = 0, a = now_ms();
        tts_speak(v, "您对孩子所在学校的课后服务满意吗？", first_samples, &first, NULL, &err);
        lat[n++] = first - a;
    }
    summary("speech: request to first samples", lat, n, "target median <= 300 ms to the first sound");
    printf("BENCH engines: resident memory added with all three open %.1f MB (target <= 64 MB)\n",
           (rss_kb() - rss0) / 1024.0);
    tts_close(v);
    handwriting_close(h);
    pinyin_close(p);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) != 0;
}
