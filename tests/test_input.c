/* test_input.c - the kiosk's input engines without any screen: pinyin
 * through librime and handwriting through zinnia, with the data Debian
 * ships (tools/dev.sh installs it). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "handwriting.h"
#include "pinyin.h"

static char user_dir[256];

static void type(pinyin_t *p, const char *letters)
{
    for (const char *c = letters; *c; c++) CHECK(pinyin_key(p, *c));
}

static int find(const pinyin_state_t *s, const char *text)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->text[i], text)) return i;
    return -1;
}

static void test_pinyin_xuexiao(void)
{
    pinyin_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, pinyin_open(NULL, user_dir, 6, &p, &err));
    if (!p) return;
    type(p, "xuexiao");
    pinyin_state_t s;
    pinyin_state(p, &s);
    CHECK_STR("xue xiao", s.preedit);
    CHECK(s.n >= 1 && s.n <= 6);
    int i = find(&s, "学校");
    CHECK(i >= 0);
    CHECK_INT(0, s.page);
    const char *text = pinyin_select(p, i < 0 ? 0 : i);
    CHECK_STR("学校", text);
    pinyin_state(p, &s);
    CHECK_STR("", s.preedit);
    CHECK_INT(0, s.n);
    pinyin_close(p);
}

/* Choosing one character of a longer composition leaves the rest to
 * convert: nothing is inserted until all of it is. */
static void test_pinyin_partial(void)
{
    pinyin_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, pinyin_open(NULL, user_dir, 6, &p, &err));
    if (!p) return;
    type(p, "laoshi");
    pinyin_state_t s;
    pinyin_state(p, &s);
    CHECK(find(&s, "老师") >= 0);
    /* Page on until a single character 老 shows up, then choose it. */
    int idx = -1;
    for (int guard = 0; guard < 20 && (idx = find(&s, "老")) < 0; guard++) {
        if (!pinyin_page(p, +1)) break;
        pinyin_state(p, &s);
    }
    CHECK(idx >= 0);
    if (idx < 0) {
        pinyin_close(p);
        return;
    }
    CHECK(s.page > 0 || idx > 0);
    CHECK(pinyin_select(p, idx) == NULL); /* 师 still to convert */
    pinyin_state(p, &s);
    CHECK(strstr(s.preedit, "shi") != NULL);
    int j = -1;
    for (int guard = 0; guard < 20 && (j = find(&s, "师")) < 0; guard++) {
        if (!pinyin_page(p, +1)) break;
        pinyin_state(p, &s);
    }
    CHECK(j >= 0);
    CHECK_STR("老师", pinyin_select(p, j < 0 ? 0 : j));
    pinyin_close(p);
}

static void test_pinyin_paging_backspace(void)
{
    pinyin_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, pinyin_open(NULL, user_dir, 6, &p, &err));
    if (!p) return;
    CHECK(!pinyin_backspace(p)); /* nothing composed: the panel deletes text */
    CHECK(!pinyin_page(p, +1));
    type(p, "shi");
    pinyin_state_t s;
    pinyin_state(p, &s);
    CHECK_INT(6, s.n);
    CHECK(!s.last_page);
    char first[64];
    snprintf(first, sizeof first, "%s", s.text[0]);
    CHECK(!pinyin_page(p, -1)); /* already on the first page */
    CHECK(pinyin_page(p, +1));
    pinyin_state(p, &s);
    CHECK_INT(1, s.page);
    CHECK(find(&s, first) < 0);
    CHECK(pinyin_page(p, -1));
    pinyin_state(p, &s);
    CHECK_INT(0, s.page);
    CHECK_STR(first, s.text[0]);
    CHECK(pinyin_backspace(p));
    pinyin_state(p, &s);
    CHECK_STR("sh", s.preedit);
    CHECK(!pinyin_key(p, '1'));
    CHECK(!pinyin_key(p, ' '));
    pinyin_state(p, &s);
    snprintf(first, sizeof first, "%s", s.n ? s.text[0] : "?");
    CHECK_STR(first, pinyin_commit_shown(p)); /* the highlighted candidate, as shown */
    pinyin_state(p, &s);
    CHECK_STR("", s.preedit);
    CHECK(pinyin_commit_shown(p) == NULL);
    pinyin_close(p);
}

/* Letters librime cannot convert after ones it can ("woi"): committing
 * gives what the bar shows, 我 then the letter, never the raw "woi". */
static void test_pinyin_unconvertible(void)
{
    pinyin_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, pinyin_open(NULL, user_dir, 6, &p, &err));
    if (!p) return;
    type(p, "woi");
    pinyin_state_t s;
    pinyin_state(p, &s);
    CHECK(s.n > 0);
    CHECK_STR("我", s.n ? s.text[0] : "");
    CHECK_STR("我i", pinyin_commit_shown(p)); /* the highlighted 我, then i */
    pinyin_state(p, &s);
    CHECK_STR("", s.preedit);
    type(p, "woi");
    CHECK(pinyin_select(p, 0) == NULL); /* 我 chosen, i left with no candidate */
    pinyin_state(p, &s);
    CHECK_STR("我i", s.preedit);
    CHECK_INT(0, s.n);
    CHECK_STR("我i", pinyin_commit_shown(p));
    type(p, "xuexiaoi");
    CHECK(pinyin_select(p, 0) == NULL);
    CHECK_STR("学校i", pinyin_commit_shown(p));
    pinyin_close(p);
}

/* What one person chose is never suggested to the next: the order of the
 * candidates does not change however often one is chosen, in the same
 * session or after the engine is opened again. */
static void test_pinyin_does_not_learn(void)
{
    pinyin_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, pinyin_open(NULL, user_dir, 6, &p, &err));
    if (!p) return;
    type(p, "xuexiao");
    pinyin_state_t s;
    pinyin_state(p, &s);
    CHECK(s.n >= 4);
    char before[6][64];
    int n = s.n;
    for (int i = 0; i < n; i++) snprintf(before[i], sizeof before[i], "%s", s.text[i]);
    for (int round = 0; round < 5; round++) {
        /* the last of the page, again and again (it may convert only part
         * of the letters: the rest then takes the first candidate) */
        const char *text = pinyin_select(p, n - 1);
        for (int guard = 0; !text && guard < 5; guard++) text = pinyin_select(p, 0);
        CHECK(text != NULL);
        type(p, "xuexiao");
    }
    pinyin_state(p, &s);
    for (int i = 0; i < n && i < s.n; i++) CHECK_STR(before[i], s.text[i]);
    pinyin_close(p);
    CHECK_INT(JH_OK, pinyin_open(NULL, user_dir, 6, &p, &err));
    if (!p) return;
    type(p, "xuexiao");
    pinyin_state(p, &s);
    for (int i = 0; i < n && i < s.n; i++) CHECK_STR(before[i], s.text[i]);
    pinyin_close(p);
    /* and no user dictionary was written */
    DIR *d = opendir(user_dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, ".userdb")) {
            fprintf(stderr, "unexpected user dictionary %s/%s\n", user_dir, e->d_name);
            check_failures_++;
        }
    if (d) closedir(d);
}

static void test_pinyin_missing_data(void)
{
    pinyin_t *p = NULL;
    jh_err_t err;
    CHECK_INT(JH_ERR_NOTFOUND, pinyin_open("/nonexistent/rime-data", user_dir, 6, &p, &err));
    CHECK(p == NULL);
    CHECK_CONTAINS("rime-data-luna-pinyin", err.msg);
}

/* A copy of Debian's rime data at dir (links to its files) with one
 * compiled file damaged: how is "zero" (0 bytes), "cut" (its first 100,000
 * bytes), "garbage" (1,000 random-looking bytes), "zeroblock" (a copy with
 * 64 KB zeroed at 95 %: header and size intact) or "missing". */
static void damaged_rime(const char *dir, const char *file, const char *how)
{
    char *cmd = jh_sprintf("rm -rf '%s' && mkdir -p '%s/build' && ln -s " PINYIN_SHARED_DIR "/*.yaml '%s/' && "
                           "ln -s " PINYIN_SHARED_DIR "/build/* '%s/build/' && rm '%s/build/%s'",
                           dir, dir, dir, dir, dir, file);
    CHECK_INT(0, system(cmd));
    free(cmd);
    char *path = jh_sprintf("%s/build/%s", dir, file);
    if (!strcmp(how, "zero") || !strcmp(how, "garbage")) {
        FILE *f = fopen(path, "w");
        CHECK(f != NULL);
        for (int i = 0; f && !strcmp(how, "garbage") && i < 1000; i++) fputc((i * 7919 + 13) % 251, f);
        if (f) fclose(f);
    } else if (!strcmp(how, "cut")) {
        cmd = jh_sprintf("head -c 100000 " PINYIN_SHARED_DIR "/build/%s > '%s'", file, path);
        CHECK_INT(0, system(cmd));
        free(cmd);
    } else if (!strcmp(how, "zeroblock")) {
        cmd = jh_sprintf("cp " PINYIN_SHARED_DIR "/build/%s '%s' && "
                         "dd if=/dev/zero of='%s' bs=65536 count=1 conv=notrunc status=none "
                         "seek=$(( $(stat -c %%s '%s') * 95 / 100 ))B",
                         file, path, path, path);
        CHECK_INT(0, system(cmd));
        free(cmd);
    }
    free(path);
}

/* Opens pinyin on damaged data in a child process of the test (librime
 * then starts afresh, and a crash is seen rather than suffered): the child
 * exits with 10 + the status pinyin_open returned, and with 10 + JH_OK
 * only when typing "ni" gave a candidate. */
static int open_in_child(const char *shared, const char *udir)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, 2);
        pinyin_t *p = NULL;
        jh_err_t err;
        jh_status_t st = pinyin_open(shared, udir, 6, &p, &err);
        if (st == JH_OK) {
            pinyin_key(p, 'n');
            pinyin_key(p, 'i');
            pinyin_state_t s;
            pinyin_state(p, &s);
            if (s.n == 0) _exit(9); /* opened, but no candidates */
        } else {
            fprintf(stdout, "    %s\n", err.msg);
            fflush(stdout);
        }
        _exit(10 + (int)st);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* Damaged or missing compiled pinyin data (review rinput3): pinyin_open
 * says so instead of aborting the process (a 0-byte or cut table: librime
 * throws through its C API) or opening an engine that never gives a
 * candidate (a garbage prism, a missing table). */
static void test_pinyin_damaged_data(void)
{
    static const struct {
        const char *file, *how;
        jh_status_t want;
    } cases[] = {
        {"luna_pinyin.table.bin", "zero", JH_ERR_CORRUPT},
        {"luna_pinyin.table.bin", "cut", JH_ERR_CORRUPT},
        {"luna_pinyin_simp.prism.bin", "garbage", JH_ERR_CORRUPT},
        {"luna_pinyin.table.bin", "missing", JH_ERR_NOTFOUND},
        {"luna_pinyin.reverse.bin", "zero", JH_ERR_CORRUPT},
        /* no md5sums beside the copy: the words the probe types find it
         * (review r2input3 item 2: "ni" gave candidates, "laoshi" aborted) */
        {"luna_pinyin.table.bin", "zeroblock", JH_ERR_CORRUPT},
    };
    char *shared = jh_sprintf("%s/damaged-data", user_dir);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        damaged_rime(shared, cases[i].file, cases[i].how);
        char *udir = jh_sprintf("%s/damaged-user-%zu", user_dir, i);
        int got = open_in_child(shared, udir);
        if (got != 10 + (int)cases[i].want)
            fprintf(stderr, "  %s %s: child %s %d, expected exit %d\n", cases[i].file, cases[i].how,
                    got < 0 ? "killed by signal" : "exit", got < 0 ? -got : got, 10 + (int)cases[i].want);
        CHECK_INT(10 + (int)cases[i].want, got);
        free(udir);
    }
    free(shared);
}

/* Partial damage with the package's md5sums beside the copy (review
 * r2input3 item 2): the file that differs is named. */
static void test_pinyin_md5sums(void)
{
    char *shared = jh_sprintf("%s/md5-data", user_dir);
    damaged_rime(shared, "luna_pinyin.table.bin", "zeroblock");
    char *cmd = jh_sprintf("cat /var/lib/dpkg/info/rime-data-*.md5sums > '%s/md5sums'", shared);
    CHECK_INT(0, system(cmd));
    free(cmd);
    char *udir = jh_sprintf("%s/md5-user", user_dir);
    jh_err_t err;
    CHECK_INT(JH_ERR_CORRUPT, pinyin_check(shared, NULL, udir, &err));
    CHECK_CONTAINS("build/luna_pinyin.table.bin: differs from the file its package installed", err.msg);
    CHECK(!pinyin_retry_later());
    /* the same list given by JH_RIME_MD5SUMS, with the copy undamaged */
    damaged_rime(shared, "luna_pinyin.table.bin", "missing");
    cmd = jh_sprintf("cp " PINYIN_SHARED_DIR "/build/luna_pinyin.table.bin '%s/build/'", shared);
    CHECK_INT(0, system(cmd));
    free(cmd);
    setenv("JH_RIME_MD5SUMS", "/var/lib/dpkg/info/rime-data-luna-pinyin.md5sums", 1);
    CHECK_INT(JH_OK, pinyin_check(shared, NULL, udir, &err));
    unsetenv("JH_RIME_MD5SUMS");
    free(udir);
    free(shared);
}

/* What the probe child holds, seen from outside while it hangs: its
 * blocked signals (SigBlk) and how many files it has open. */
static void watch_probe(pid_t parent, const char *out)
{
    sleep(2);
    FILE *o = fopen(out, "w");
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (o && d && (e = readdir(d))) {
        int pid = atoi(e->d_name);
        if (pid <= 0 || pid == getpid()) continue;
        char path[64], line[256];
        snprintf(path, sizeof path, "/proc/%d/status", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        int ppid = -1;
        char sigblk[64] = "";
        while (fgets(line, sizeof line, f)) {
            sscanf(line, "PPid: %d", &ppid);
            sscanf(line, "SigBlk: %63s", sigblk);
        }
        fclose(f);
        if (ppid != parent) continue;
        snprintf(path, sizeof path, "/proc/%d/fd", pid);
        DIR *fd = opendir(path);
        fprintf(o, "%s\n", sigblk);
        struct dirent *fe;
        while (fd && (fe = readdir(fd))) {
            char link[384], to[512] = "";
            snprintf(link, sizeof link, "%s/%s", path, fe->d_name);
            if (fe->d_name[0] != '.' && readlink(link, to, sizeof to - 1) > 0) fprintf(o, "%s %s\n", fe->d_name, to);
        }
        if (fd) closedir(fd);
    }
    if (d) closedir(d);
    if (o) fclose(o);
}

/* A load that hangs (a FIFO where librime reads opencc's settings; review
 * r2input3 item 4): given up after 10 s as too slow, not damaged, to be
 * tried again; the child killed and reaped; the child had none of this
 * process's blocked signals or open files. */
static void test_pinyin_hang(void)
{
    char *shared = jh_sprintf("%s/hang-data", user_dir);
    damaged_rime(shared, "luna_pinyin.table.bin", "missing");
    char *cmd = jh_sprintf("ln -s " PINYIN_SHARED_DIR "/build/luna_pinyin.table.bin '%s/build/' && mkdir '%s/opencc' "
                           "&& mkfifo '%s/opencc/t2s.json'",
                           shared, shared, shared);
    CHECK_INT(0, system(cmd));
    free(cmd);
    char *udir = jh_sprintf("%s/hang-user", user_dir);
    char *seen = jh_sprintf("%s/hang-seen", user_dir);
    /* as the kiosk: SIGTERM blocked, a file open */
    sigset_t term, old;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &old);
    int held = open(seen, O_WRONLY | O_CREAT, 0600);
    int held2 = dup(held), held3 = dup(held);
    pid_t me = getpid();
    fflush(NULL);
    pid_t watcher = fork();
    if (watcher == 0) {
        watch_probe(me, seen);
        _exit(0);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    jh_err_t err;
    CHECK_INT(JH_ERR_IO, pinyin_check(shared, NULL, udir, &err));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(held), close(held2), close(held3);
    CHECK_CONTAINS("took longer than 10 s", err.msg);
    CHECK(pinyin_retry_later());
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(took >= 9.5 && took < 13);
    int status;
    CHECK(waitpid(watcher, &status, 0) == watcher);
    CHECK(waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD); /* the probe child reaped */
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(JH_OK, jh_read_file(seen, &text, &len, &err));
    char sigblk[64] = "";
    CHECK(text && sscanf(text, "%63s", sigblk) == 1);
    CHECK_STR("0000000000000000", sigblk);
    /* 0-2 on /dev/null, the result pipe, librime's own; not this process's */
    CHECK(text && strstr(text, "\n0 /dev/null\n") && !strstr(text, "hang-seen"));
    if (text && strstr(text, "hang-seen")) fprintf(stderr, "  the probe child's files:\n%s", text);
    free(text);
    free(seen);
    free(udir);
    free(shared);
}

/* A stroke as a finger draws it: the polyline's corners with points every
 * few pixels between them. */
static void draw(handwriting_t *h, const int *xy, int n, int scale)
{
    handwriting_begin_stroke(h, xy[0] * scale, xy[1] * scale);
    for (int i = 0; i + 1 < n; i++)
        for (int k = 1; k <= 10; k++)
            handwriting_add_point(h, (xy[2 * i] + (xy[2 * i + 2] - xy[2 * i]) * k / 10) * scale,
                                  (xy[2 * i + 1] + (xy[2 * i + 3] - xy[2 * i + 1]) * k / 10) * scale);
}

static int rank_of(handwriting_t *h, const char *ch, int max)
{
    const char *c[HANDWRITING_MAX_CANDIDATES];
    int n = handwriting_candidates(h, c, max);
    for (int i = 0; i < n; i++)
        if (!strcmp(c[i], ch)) return i;
    return -1;
}

/* 好 in a 300-unit square, the strokes in the order the Debian model
 * learned: 女 as 撇点, 提, 撇, then 子 as 横撇, 弯钩, 横. */
static const int hao[6][12] = {
    {82, 32, 64, 168, 124, 224},
    {17, 130, 111, 117},
    {114, 100, 123, 116, 100, 188, 40, 235},
    {144, 72, 225, 62, 195, 106},
    {180, 108, 198, 124, 207, 180, 200, 238, 189, 251, 161, 239},
    {131, 151, 281, 140},
};
static const int hao_n[6] = {3, 2, 4, 3, 6, 2};

static void test_handwriting_hao(void)
{
    handwriting_t *h = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, handwriting_open(NULL, &h, &err));
    if (!h) return;
    for (int scale = 1; scale <= 3; scale += 2) { /* the area's size does not matter */
        handwriting_set_area(h, 300 * scale, 300 * scale);
        handwriting_clear(h);
        for (int k = 0; k < 6; k++) draw(h, hao[k], hao_n[k], scale);
        CHECK_INT(6, handwriting_stroke_count(h));
        int r = rank_of(h, "好", 5);
        CHECK(r >= 0 && r < 5);
    }
    /* taking back the last stroke changes the candidates */
    CHECK(handwriting_undo(h));
    CHECK_INT(5, handwriting_stroke_count(h));
    CHECK(rank_of(h, "好", 1) < 0);
    handwriting_clear(h);
    CHECK_INT(0, handwriting_stroke_count(h));
    const char *c[5];
    CHECK_INT(0, handwriting_candidates(h, c, 5));
    CHECK(!handwriting_undo(h));
    handwriting_close(h);
}

static void test_handwriting_simple(void)
{
    handwriting_t *h = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, handwriting_open(NULL, &h, &err));
    if (!h) return;
    handwriting_set_area(h, 600, 400); /* not square, as a panel is */
    static const int yi[] = {60, 200, 540, 200}, shu[] = {300, 40, 300, 360};
    draw(h, yi, 2, 1);
    CHECK_INT(0, rank_of(h, "一", 5));
    draw(h, shu, 2, 1);
    CHECK_INT(0, rank_of(h, "十", 5));
    CHECK(handwriting_undo(h));
    CHECK_INT(0, rank_of(h, "一", 5));
    handwriting_close(h);
}

/* Draws the strokes of tests/ui/NAME.strokes as the replay's stroke does
 * (90% of an area of side px, points every tenth of a segment). */
static void draw_file(handwriting_t *h, const char *name, int side_px)
{
    char *path = jh_sprintf("%s/tests/ui/%s.strokes", JH_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    free(path);
    if (!f) return;
    handwriting_clear(h);
    handwriting_set_area(h, side_px, side_px);
    int side = side_px * 9 / 10, o = (side_px - side) / 2, size = 300;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        if (!strncmp(line, "size ", 5)) {
            size = atoi(line + 5);
            continue;
        }
        int xy[128], n = 0;
        char *s = line, *end;
        for (long v = strtol(s, &end, 10); end != s && n < 128; v = strtol(s, &end, 10)) {
            xy[n++] = (int)v;
            s = end;
        }
        handwriting_begin_stroke(h, o + xy[0] * side / size, o + xy[1] * side / size);
        for (int i = 0; i + 3 < n; i += 2)
            for (int k = 1; k <= 10; k++)
                handwriting_add_point(h, o + (xy[i] + (xy[i + 2] - xy[i]) * k / 10) * side / size,
                                      o + (xy[i + 1] + (xy[i + 3] - xy[i + 1]) * k / 10) * side / size);
    }
    fclose(f);
}

/* The recogniser ranks: the shipped strokes of 十 中 一, written in the
 * usual order, come out first at every size of the pad (800x480's 138 px
 * to portrait's); 好 (which zinnia cannot tell from 闯: the first of the
 * two changes with a pixel of rounding) and the 大 whose 撇 bends sharply
 * (右 first at every size) among the first five.  Its first candidate is
 * only a guess, however high its score (卜 for 十 written 竖 then 横):
 * the panel never stores it unchosen (test_ui_panel's
 * test_handwriting_kept; review r2kiosk item 2). */
static void test_handwriting_rank(void)
{
    handwriting_t *h = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, handwriting_open(NULL, &h, &err));
    if (!h) return;
    static const struct {
        const char *name, *ch;
        bool first;
    } cases[] = {{"shi", "十", true}, {"zhong", "中", true}, {"yi", "一", true}, {"hao", "好", false}, {"da", "大", false}};
    static const int sides[] = {124, 138, 155, 200, 256, 300, 420, 600};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t k = 0; k < sizeof sides / sizeof sides[0]; k++) {
            draw_file(h, cases[i].name, sides[k]);
            int r = rank_of(h, cases[i].ch, 10);
            if (cases[i].first ? r != 0 : r < 0 || r >= 5)
                fprintf(stderr, "%s at %d px: rank %d\n", cases[i].ch, sides[k], r);
            if (cases[i].first) CHECK_INT(0, r);
            else CHECK(r >= 0 && r < 5);
        }
    handwriting_clear(h);
    const char *c[5];
    CHECK_INT(0, handwriting_candidates(h, c, 5));
    handwriting_close(h);
}

/* The recogniser keeps GB 2312's 3,755 level-1 characters of the model's
 * 6,763 (issue 20: memory); a cut model file is refused. */
static void test_handwriting_level1(void)
{
    handwriting_t *h = NULL;
    jh_err_t err;
    CHECK_INT(JH_OK, handwriting_open(NULL, &h, &err));
    if (!h) return;
    int total = 0;
    CHECK_INT(3755, handwriting_model_chars(h, &total));
    CHECK_INT(6763, total);
    handwriting_close(h);
    /* the first 100,000 bytes of the model: its entries stop mid-way */
    char *model = NULL, *cut = jh_sprintf("%s/cut.model", user_dir);
    size_t len = 0;
    CHECK_INT(JH_OK, jh_read_file(HANDWRITING_MODEL, &model, &len, &err));
    FILE *f = fopen(cut, "wb");
    CHECK(f && len > 100000 && fwrite(model, 1, 100000, f) == 100000);
    if (f) fclose(f);
    CHECK_INT(JH_ERR_CORRUPT, handwriting_open(cut, &h, &err));
    CHECK(h == NULL);
    CHECK_CONTAINS("not a zinnia model", err.msg);
    free(model);
    free(cut);
}

static void test_handwriting_missing_model(void)
{
    handwriting_t *h = NULL;
    jh_err_t err;
    CHECK_INT(JH_ERR_NOTFOUND, handwriting_open("/nonexistent/model", &h, &err));
    CHECK(h == NULL);
    CHECK_CONTAINS("tegaki-zinnia-simplified-chinese", err.msg);
    /* a file that is not a model */
    CHECK_INT(JH_ERR_CORRUPT, handwriting_open(JH_SOURCE_DIR "/README.md", &h, &err));
    CHECK(h == NULL);
}

int main(void)
{
    snprintf(user_dir, sizeof user_dir, "%s", "/tmp/jh-test-input-XXXXXX");
    if (!mkdtemp(user_dir)) return 1;
    RUN(test_pinyin_damaged_data); /* first: its children start librime afresh */
    RUN(test_pinyin_md5sums);
    RUN(test_pinyin_hang);
    RUN(test_pinyin_xuexiao);
    RUN(test_pinyin_partial);
    RUN(test_pinyin_paging_backspace);
    RUN(test_pinyin_unconvertible);
    RUN(test_pinyin_does_not_learn);
    RUN(test_pinyin_missing_data);
    RUN(test_handwriting_hao);
    RUN(test_handwriting_simple);
    RUN(test_handwriting_rank);
    RUN(test_handwriting_level1);
    RUN(test_handwriting_missing_model);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", user_dir);
    if (system(cmd) != 0) return 1;
    CHECK_DONE();
}
