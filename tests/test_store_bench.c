/* test_store_bench.c - prints (never asserts) storage timings on this disk:
 * per-answer save and submit latency (p50/p99) with the durable settings,
 * a bare sqlite3 insert loop with the same pragmas for comparison, and a
 * full export of 10,000 responses and reading it back.
 *
 *   test_store_bench [SUBMISSIONS] [EXPORT_RESPONSES]   (default 300 10000) */
#include <sqlite3.h>
#include <time.h>

#include "bundle.h"
#include "store.h"
#include "test_store_util.h"

#define T0 1795000000000LL

static char dir[512];
static survey_t *mini;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double sum = 0;
    for (int i = 0; i < n; i++) sum += v[i];
    printf("  %-44s n=%-6d p50 %7.2f ms   p99 %7.2f ms   mean %7.2f ms\n", what, n, v[n / 2] * 1e3,
           v[(int)(n * 0.99)] * 1e3, sum / n * 1e3);
}

static int submit(store_t *st, int k, int64_t t, double *save_lat, int *n_save, double *submit_lat)
{
    static const char *const sat[] = {"satisfied", "fairly", "basic", "dissatisfied", "dont_know"};
    store_draft_t d;
    jh_err_t err;
    store_draft_init(&d, mini, "parent", "zh-CN", t);
    store_draft_set(&d, 0, "town", t + 1000);
    for (int i = 1; i <= 5; i++) {
        store_draft_set(&d, i, sat[(k + i) % 5], t + 1000 * i);
        double a = now_s();
        if (store_draft_save(st, &d, t + 1000 * i, &err) != JH_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return -1;
        }
        if (save_lat) save_lat[(*n_save)++] = now_s() - a;
    }
    store_draft_set(&d, 6, "8", t + 7000);
    double a = now_s();
    if (store_draft_finish(st, &d, STORE_SUBMITTED, t + 60000, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    if (submit_lat) *submit_lat = now_s() - a;
    store_draft_free(&d);
    return 0;
}

static void bench_submit(int n)
{
    char path[700];
    snprintf(path, sizeof path, "%s/latency.db", dir);
    store_t *st = NULL;
    jh_err_t err;
    if (store_open(path, T0, &st, NULL, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    double *save = jh_xcalloc((size_t)n * 5, sizeof *save), *sub = jh_xcalloc((size_t)n, sizeof *sub);
    int n_save = 0;
    double t0 = now_s();
    for (int k = 0; k < n; k++)
        if (submit(st, k, T0 + (int64_t)k * 120000, save, &n_save, &sub[k]) != 0) break;
    double total = now_s() - t0;
    printf("store API, WAL + synchronous=FULL, on %s:\n", dir);
    report("answer saved (store_draft_save)", save, n_save);
    report("questionnaire submitted (store_draft_finish)", sub, n);
    printf("  %d questionnaires of 5 saved answers + submit: %.2f s (%.1f ms each)\n", n, total, total / n * 1e3);
    free(save);
    free(sub);
    store_close(st);

    /* The same durability with bare sqlite3: one row per transaction, and
     * one response + 7 answers per transaction. */
    snprintf(path, sizeof path, "%s/bare.db", dir);
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "CREATE TABLE r(seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE, started INTEGER, chain TEXT);"
                 "CREATE TABLE a(seq INTEGER REFERENCES r(seq), item TEXT, value TEXT, PRIMARY KEY(seq, item));",
                 NULL, NULL, NULL);
    double *lat = jh_xcalloc((size_t)n * 5, sizeof *lat);
    sqlite3_stmt *ins = NULL, *ans = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO r(uuid, started, chain) VALUES (?, ?, ?)", -1, &ins, NULL);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO a(seq, item, value) VALUES (?, ?, 'fairly')", -1, &ans, NULL);
    for (int k = 0; k < n * 5; k++) {
        char uuid[40];
        snprintf(uuid, sizeof uuid, "u-%d", k);
        double a = now_s();
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, T0 + k);
        sqlite3_bind_text(ins, 3, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", -1,
                          SQLITE_STATIC);
        sqlite3_step(ins);
        lat[k] = now_s() - a;
    }
    printf("bare sqlite3, same pragmas:\n");
    report("one INSERT per transaction", lat, n * 5);
    for (int k = 0; k < n; k++) {
        double a = now_s();
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        for (int i = 0; i < 7; i++) {
            char item[8];
            snprintf(item, sizeof item, "q%d", i);
            sqlite3_reset(ans);
            sqlite3_bind_int64(ans, 1, k + 1);
            sqlite3_bind_text(ans, 2, item, -1, SQLITE_TRANSIENT);
            sqlite3_step(ans);
        }
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        lat[k] = now_s() - a;
    }
    report("7 answer rows in one transaction", lat, n);
    sqlite3_finalize(ins);
    sqlite3_finalize(ans);
    sqlite3_close(db);
    free(lat);
}

static void bench_export(int n)
{
    char path[700], out[700];
    snprintf(path, sizeof path, "%s/export.db", dir);
    snprintf(out, sizeof out, "%s/usb", dir);
    mkdir(out, 0755);
    store_t *st = NULL;
    jh_err_t err;
    if (store_open(path, T0, &st, NULL, &err) != JH_OK ||
        store_setting_set(st, "school_code", "3612345678", &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    /* Filling 10,000 responses durably would take minutes of fsyncs and
     * measure nothing new: fill without fsync, export with FULL again. */
    sqlite3_exec(store_db(st), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
    double a = now_s();
    for (int k = 0; k < n; k++)
        if (submit(st, k, T0 + (int64_t)k * 120000, NULL, NULL, NULL) != 0) break;
    double fill = now_s() - a;
    sqlite3_exec(store_db(st), "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    bundle_export_info_t info;
    a = now_s();
    jh_status_t s = bundle_export(st, out, true, T0 + 9000000000LL, &info, &err);
    double ex = now_s() - a;
    if (s != JH_OK) {
        fprintf(stderr, "export: %s\n", err.msg);
        store_close(st);
        return;
    }
    struct stat sb, sd;
    stat(info.path, &sb);
    stat(info.backup_path, &sd);
    a = now_s();
    bundle_t *b = NULL;
    s = bundle_read(info.path, &b, &err);
    double rd = now_s() - a;
    printf("export of %lld responses (filled in %.2f s without fsync):\n", (long long)info.n_responses, fill);
    printf("  bundle_export (write, fsync, read back + verify, backup): %.3f s; bundle %.1f MB, backup %.1f MB\n", ex,
           sb.st_size / 1e6, sd.st_size / 1e6);
    printf("  bundle_read (parse, verify chain and signature):          %.3f s%s\n", rd, s == JH_OK ? "" : " FAILED");
    bundle_free(b);
    store_close(st);
}

int main(int argc, char **argv)
{
    int n_submit = argc > 1 ? atoi(argv[1]) : 300;
    int n_export = argc > 2 ? atoi(argv[2]) : 10000;
    tu_tempdir(dir, "bench");
    size_t len = 0;
    char *text = tu_read_source("tests/store/mini-survey.json", &len);
    jh_err_t err;
    if (survey_load_text("mini-survey.json", text, len, NULL, &mini, NULL, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    free(text);
    bench_submit(n_submit);
    bench_export(n_export);
    survey_free(mini);
    tu_rmtree(dir);
    return 0;
}
