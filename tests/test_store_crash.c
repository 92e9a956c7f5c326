/* test_store_crash.c - a child process submits questionnaires in a loop and
 * reports each committed submission on a pipe; the parent kills it with
 * SIGKILL at random moments.  Afterwards the database passes integrity_check,
 * every reported submission is there exactly once, nothing is left in
 * progress and the chain verifies from the first response to the last.
 *
 *   test_store_crash [KILLS]    (default 200, fixed seed)
 */
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>

#include "check.h"
#include "store.h"
#include "test_store_util.h"

#define T0 1795000000000LL

typedef struct {
    int64_t seq;
    char uuid[37];
} reported_t;

static char dir[512], path[700];

/* The child: submit forever, reporting each commit after it returned. */
static _Noreturn void child_loop(int fd, unsigned seed)
{
    survey_t *s = tu_survey_new("parent-2026");
    store_t *st = NULL;
    jh_err_t err = {0};
    int64_t t = T0 + (int64_t)seed * 1000000;
    if (store_open(path, t, &st, NULL, &err) != JH_OK) {
        dprintf(fd, "E %s\n", err.msg);
        _exit(1);
    }
    if (write(fd, "R\n", 2) != 2) _exit(1); /* opened (recovery done) */
    static const char *const vals[] = {"1", "2", "3", "4", "5"};
    for (int n = 0;; n++) {
        store_draft_t d;
        store_draft_init(&d, s, "parent", "zh-CN", t);
        for (int i = 0; i < 6; i++) {
            store_draft_set(&d, i, vals[(n + i + (int)seed) % 5], t + 1000 * i);
            if (store_draft_save(st, &d, t + 1000 * i, &err) != JH_OK) {
                dprintf(fd, "E save: %s\n", err.msg);
                _exit(1);
            }
        }
        if (store_draft_finish(st, &d, STORE_SUBMITTED, t + 60000, &err) != JH_OK) {
            dprintf(fd, "E finish: %s\n", err.msg);
            _exit(1);
        }
        char line[80];
        int len = snprintf(line, sizeof line, "C %lld %s\n", (long long)d.seq, d.uuid);
        if (write(fd, line, (size_t)len) != len) _exit(1); /* one write < PIPE_BUF: atomic */
        store_draft_free(&d);
        t += 90000;
    }
}

static void verify(reported_t *rep, int n_rep)
{
    store_t *st = NULL;
    jh_err_t err = {0};
    store_open_info_t info;
    CHECK_INT(JH_OK, store_open(path, T0 + 999999999999LL, &st, &info, &err));
    if (!st) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    sqlite3 *db = store_db(st);
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_STR("ok", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);

    int missing = 0;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM responses WHERE uuid = ? AND seq = ? AND status = 1", -1, &q, NULL);
    for (int i = 0; i < n_rep; i++) {
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, rep[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, rep[i].seq);
        if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int(q, 0) != 1) {
            if (missing < 5) fprintf(stderr, "reported seq %lld (%s) is not in the database\n", (long long)rep[i].seq, rep[i].uuid);
            missing++;
        }
    }
    sqlite3_finalize(q);
    CHECK_INT(0, missing);

    /* Nothing in progress; seqs contiguous; the chain verifies end to end. */
    sqlite3_prepare_v2(db, "SELECT seq, status, canonical, chain FROM responses ORDER BY seq", -1, &q, NULL);
    char prev[65] = "";
    int64_t expect = 1, rows = 0, submitted = 0, bad_chain = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        rows++;
        CHECK_INT(expect, sqlite3_column_int64(q, 0));
        expect = sqlite3_column_int64(q, 0) + 1;
        int status = sqlite3_column_int(q, 1);
        CHECK(status == STORE_SUBMITTED || status == STORE_ABANDONED);
        submitted += status == STORE_SUBMITTED;
        const char *canon = (const char *)sqlite3_column_text(q, 2);
        const char *chain = (const char *)sqlite3_column_text(q, 3);
        char want[65];
        if (!canon || !chain) {
            bad_chain++;
            continue;
        }
        store_chain_hash(prev, canon, want);
        if (strcmp(want, chain) != 0) bad_chain++;
        memcpy(prev, chain, 65);
    }
    sqlite3_finalize(q);
    CHECK_INT(0, bad_chain);
    CHECK(submitted >= n_rep);
    printf("  %d reported submissions all present once; %lld rows (%lld submitted), chain verified\n", n_rep,
           (long long)rows, (long long)submitted);
    store_close(st);
}

static void test_kill_loop(int kills)
{
    reported_t *rep = NULL;
    int n_rep = 0, cap = 0, errors = 0, waited = 0;
    unsigned seed = 20261123;
    for (int k = 0; k < kills && errors == 0; k++) {
        int fds[2];
        if (pipe(fds) != 0) {
            perror("pipe");
            return;
        }
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            child_loop(fds[1], (unsigned)k + 1);
        }
        close(fds[1]);
        /* Kill at a random moment, 0 to 60 ms: one time in five counted
         * from the fork (often during open and recovery), one in five from
         * the child's first reported commit (so commits are made and
         * checked however slow the machine: under ASan on a loaded machine
         * a submission can take longer than 60 ms, and then no child of
         * the others ever reported one), otherwise from when the child has
         * opened the store. */
        jh_buf_t b = {0};
        char chunk[4096];
        ssize_t r;
        const char *until = k % 5 == 0 ? NULL : k % 5 == 4 ? "\nC " : "R\n";
        if (until) {
            while (!(b.data && (strstr(b.data, until) || strstr(b.data, "E "))) &&
                   (r = read(fds[0], chunk, sizeof chunk)) > 0)
                jh_buf_append(&b, chunk, (size_t)r);
            waited += k % 5 == 4 && b.data && strstr(b.data, until);
        }
        useconds_t wait_us = (useconds_t)(rand_r(&seed) % 60000);
        usleep(wait_us);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFSIGNALED(status)) {
            fprintf(stderr, "child %d ended by itself (status %d)\n", k, status);
            errors++;
        }
        /* Everything the child reported before it died. */
        while ((r = read(fds[0], chunk, sizeof chunk)) > 0) jh_buf_append(&b, chunk, (size_t)r);
        close(fds[0]);
        char *line = b.data;
        while (line && *line) {
            char *nl = strchr(line, '\n');
            if (!nl) break; /* a partial line cannot happen: writes are atomic */
            *nl = '\0';
            if (line[0] == 'E') {
                fprintf(stderr, "child %d: %s\n", k, line + 2);
                errors++;
            } else if (line[0] == 'C') {
                if (n_rep == cap) {
                    cap = cap ? cap * 2 : 256;
                    rep = jh_xrealloc(rep, (size_t)cap * sizeof *rep);
                }
                long long seq = 0;
                char uuid[37] = "";
                if (sscanf(line + 2, "%lld %36s", &seq, uuid) == 2) {
                    rep[n_rep].seq = seq;
                    snprintf(rep[n_rep].uuid, sizeof rep[n_rep].uuid, "%s", uuid);
                    n_rep++;
                }
            }
            line = nl + 1;
        }
        jh_buf_free(&b);
    }
    CHECK_INT(0, errors);
    printf("  %d kills, %d submissions reported committed (%d children killed after their first commit)\n",
           kills, n_rep, waited);
    /* the children did get work done: at least one commit from each child
     * killed after its first */
    CHECK_INT(kills / 5, waited);
    CHECK(n_rep >= waited && n_rep > 0);
    verify(rep, n_rep);
    free(rep);
}

static int kills_arg = 200;

static void test_sigkill(void)
{
    test_kill_loop(kills_arg);
}

int main(int argc, char **argv)
{
    if (argc > 1) kills_arg = atoi(argv[1]);
    tu_tempdir(dir, "crash");
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    store_t *st = NULL;
    jh_err_t err = {0};
    if (store_open(path, T0, &st, NULL, &err) != JH_OK || store_ensure_defaults(st, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    store_close(st);
    RUN(test_sigkill);
    tu_rmtree(dir);
    CHECK_DONE();
}
