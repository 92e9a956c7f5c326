/* bench_kiosk.c - kiosk benchmarks (label bench: prints figures, asserts
 * nothing about timings):
 *   1. process start to first frame (offscreen driver, bundled font) of
 *      junheng-kiosk against bench_min_sdl, a minimal SDL program that opens
 *      the same font and draws one line (median of several runs);
 *   2. CPU per frame of a question screen at 1920x1080 with the software
 *      renderer (dummy driver): rebuilding the layout and rendering it;
 *   3. CPU used by an idle kiosk over 10 s (welcome screen, no input);
 *   4. peak RSS of the kiosk (from the idle run and the first-frame runs).
 * Targets: first frame within 2x of the minimal program, < 2 ms CPU per
 * frame, < 1 % of a core idle, < 64 MB RSS. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plat.h"
#include "screens.h"
#include "ui_app.h"
#include "ui_replay.h"

static double now_s(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs argv with SDL_VIDEODRIVER=driver; waits (or kills after kill_after_s).
 * Returns wall seconds; fills CPU seconds and peak RSS (KiB). */
static double spawn(char *const argv[], const char *driver, double kill_after_s, double *cpu, long *rss_kb)
{
    double t0 = now_s(CLOCK_MONOTONIC);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("SDL_VIDEODRIVER", driver, 1);
        freopen("/dev/null", "w", stderr);
        execv(argv[0], argv);
        _exit(127);
    }
    if (kill_after_s > 0) {
        usleep((useconds_t)(kill_after_s * 1e6));
        kill(pid, SIGTERM);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    double wall = now_s(CLOCK_MONOTONIC) - t0;
    *cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
    *rss_kb = ru.ru_maxrss;
    return wall;
}

/* CPU seconds (user + system) used so far by process pid. */
static double proc_cpu(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')'); /* fields after the command name */
    unsigned long ut = 0, st = 0;
    if (p) sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    const char *build = getenv("JH_BUILD_DIR") ? getenv("JH_BUILD_DIR") : ".";
    const char *src = getenv("JH_SOURCE_DIR") ? getenv("JH_SOURCE_DIR") : JH_SOURCE_DIR;
    char dir[] = "/dev/shm/jh-bench-XXXXXX";
    if (!mkdtemp(dir)) strcpy(dir, "/tmp"), mkdtemp(strcpy(dir, "/tmp/jh-bench-XXXXXX"));
    char *kiosk = jh_sprintf("%s/junheng-kiosk", build), *minimal = jh_sprintf("%s/tests/bench_min_sdl", build);
    char *db = jh_sprintf("%s/kiosk.db", dir), *surveys = jh_sprintf("%s/tests/fixtures/surveys-1.0", src);
    char *font = jh_sprintf("%s/fonts/NotoSansSC-Junheng.otf", src);
    char *kargv[] = {kiosk, "--db", db, "--surveys", surveys, "--size", "1920x1080", "--software",
                     "--first-frame-exit", NULL};
    char *margv[] = {minimal, font, NULL};
    double cpu;
    long rss, peak_rss = 0;

    /* 1. start to first frame; the first kiosk run creates the database. */
    spawn(kargv, "offscreen", 0, &cpu, &rss);
    enum { RUNS = 15 };
    double tk[RUNS], tm[RUNS], ck = 0, cm = 0;
    long rss_min = 0;
    for (int i = 0; i < RUNS; i++) {
        tk[i] = spawn(kargv, "offscreen", 0, &cpu, &rss);
        ck += cpu;
        if (rss > peak_rss) peak_rss = rss;
        tm[i] = spawn(margv, "offscreen", 0, &cpu, &rss);
        cm += cpu;
        if (rss > rss_min) rss_min = rss;
    }
    qsort(tk, RUNS, sizeof tk[0], cmp_d);
    qsort(tm, RUNS, sizeof tm[0], cmp_d);
    printf("first frame (offscreen, median of %d): kiosk %.1f ms, minimal SDL + font %.1f ms, ratio %.2f "
           "(target < 2); CPU per start: kiosk %.1f ms, minimal %.1f ms\n",
           RUNS, tk[RUNS / 2] * 1e3, tm[RUNS / 2] * 1e3, tk[RUNS / 2] / tm[RUNS / 2], ck / RUNS * 1e3,
           cm / RUNS * 1e3);

    /* 3 + 4. idle for 10 s on the welcome screen, measured from 2 s after
     * the start (so start-up is not counted) to 12 s. */
    char *iargv[] = {kiosk, "--db", db, "--surveys", surveys, "--size", "1920x1080", NULL};
    pid_t pid = fork();
    if (pid == 0) {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        freopen("/dev/null", "w", stderr);
        execv(iargv[0], iargv);
        _exit(127);
    }
    sleep(2);
    double c_start = proc_cpu(pid), w_start = now_s(CLOCK_MONOTONIC);
    sleep(10);
    double idle_cpu = proc_cpu(pid) - c_start, wall = now_s(CLOCK_MONOTONIC) - w_start;
    kill(pid, SIGTERM);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    rss = ru.ru_maxrss;
    printf("idle (dummy driver, welcome screen): %.1f ms CPU over %.1f s = %.3f %% of a core "
           "(target < 1 %%); peak RSS %.1f MB\n", idle_cpu * 1e3, wall, 100.0 * idle_cpu / wall, rss / 1024.0);
    printf("peak RSS at the first frame (offscreen driver): kiosk %.1f MB, minimal program %.1f MB\n",
           peak_rss / 1024.0, rss_min / 1024.0);
    peak_rss = rss;

    /* 2. CPU per frame of a question screen, in process (dummy driver,
     * software renderer). */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    plat_opts_t po = {.width = 1920, .height = 1080, .hidden = true, .software = true, .font_path = font};
    plat_t *plat;
    jh_err_t err;
    if (plat_create(&po, &plat, &err) != JH_OK) {
        fprintf(stderr, "bench_kiosk: %s\n", err.msg);
        return 1;
    }
    store_t *st;
    char *db2 = jh_sprintf("%s/frames.db", dir);
    if (store_open(db2, 1795395600000LL, &st, NULL, &err) != JH_OK) {
        fprintf(stderr, "bench_kiosk: %s\n", err.msg);
        return 1;
    }
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .now_ms = 1795395600000LL, .width = 1920,
                           .height = 1080, .measure = plat_measure(plat), .idle_seconds = 600};
    ui_app_t *app = ui_app_create(&cfg);
    ui_replay_t r;
    ui_replay_parse("bench", "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\ntap-text 我知道了，开始\nwait 500\ntap-text 初中\nwait 500\n"
                             "expect-screen question\n", &r, &err);
    if (ui_replay_run(&r, app, NULL, NULL, stderr) != 0) return 1;
    ui_replay_free(&r);
    plat_render(plat, &ui_app_frame(app)->dl); /* warm the caches */
    enum { FRAMES = 300 };
    double c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < FRAMES; i++) {
        app->pressed_id = i % 2 ? -1 : 1; /* alternate a pressed option: a real change */
        app->pressed_arg = i % 4;
        app->dirty = true;
        plat_render(plat, &ui_app_frame(app)->dl);
    }
    double per = (now_s(CLOCK_PROCESS_CPUTIME_ID) - c0) / FRAMES;
    c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < FRAMES; i++) {
        app->dirty = true;
        ui_app_frame(app);
    }
    double layout = (now_s(CLOCK_PROCESS_CPUTIME_ID) - c0) / FRAMES;
    printf("question screen 1920x1080, software renderer: %.3f ms CPU per frame (layout %.3f ms + render), "
           "target < 2 ms\n", per * 1e3, layout * 1e3);
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    printf("peak RSS: kiosk idle %.1f MB; this process after 300 frames at 1920x1080 %.1f MB "
           "(target < 64 MB)\n", peak_rss / 1024.0, self.ru_maxrss / 1024.0);
    ui_app_destroy(app);
    store_close(st);
    plat_destroy(plat);
    char *cmd = jh_sprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return 0;
}
