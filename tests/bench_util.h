/* bench_util.h - the timing harness the input benchmarks share (bench_panel,
 * bench_input): clocks, resident memory and a median/p99/max summary.
 * Header-only (static functions): each benchmark is one executable. */
#ifndef JH_BENCH_UTIL_H
#define JH_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Milliseconds of the monotonic clock (wall time). */
static inline double bench_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Milliseconds of CPU this process used (user + system, all threads). */
static inline double bench_cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Resident memory of this process now, KiB (0 when /proc cannot tell). */
static inline long bench_rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0;
        fclose(f);
    }
    return res * 4;
}

static inline int bench_cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts v[0..n) (n > 0) and prints "<prefix><what>: median, p99, max (n)"
 * with note appended when not NULL. */
static inline void bench_summary(const char *prefix, const char *what, double *v, int n, const char *note)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_d);
    printf("%s%-44s median %6.2f ms  p99 %6.2f ms  max %6.2f ms  (n=%d)%s%s\n", prefix, what, v[n / 2],
           v[n * 99 / 100], v[n - 1], n, note ? "  " : "", note ? note : "");
}

#endif
