/* merge_workers.c - test helper for county_merge_files stopping early
 * (tests/stats/merge_workers.sh runs it with several JH_MERGE_WORKERS).
 *
 *   merge_workers DB stop|fail K FILE...
 *
 * Merges the files into DB and prints each file's outcome (verdict,
 * counts, reason) and how the merge ended.  "stop": the callback returns
 * false after file K (index from 0); "fail": after file K the database
 * connection is made read-only (PRAGMA query_only), so merging file K+1
 * fails with a database error.  Either way the files prepared ahead on
 * worker threads are not merged and are freed (ASan checks that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "county.h"
#include "county_internal.h"

typedef struct {
    county_t *c;
    const char *mode;
    int k;
    const char *const *paths;
} ctx_t;

static bool each(void *arg, int i, const county_import_t *r)
{
    ctx_t *x = arg;
    printf("%d %s %s: kiosk %s seq %lld-%lld new %lld dup %lld quar %lld repeat %d reason %s\n", i, x->paths[i],
           county_verdict_name(r->verdict), r->kiosk_id, (long long)r->first_seq, (long long)r->last_seq,
           (long long)r->n_new, (long long)r->n_duplicate, (long long)r->n_quarantined, r->repeat, r->reason);
    if (i == x->k && !strcmp(x->mode, "stop")) return false;
    if (i == x->k && !strcmp(x->mode, "fail")) sqlite3_exec(x->c->db, "PRAGMA query_only=1", NULL, NULL, NULL);
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 5 || (strcmp(argv[2], "stop") && strcmp(argv[2], "fail"))) {
        fprintf(stderr, "usage: merge_workers DB stop|fail K FILE...\n");
        return 2;
    }
    county_t *c = NULL;
    jh_err_t err = {0};
    if (county_open(argv[1], &c, &err) != JH_OK) {
        fprintf(stderr, "merge_workers: %s\n", err.msg);
        return 2;
    }
    /* the county's code, as the bureau gives it (junheng merge --county) */
    char code[16], source[32];
    county_code_get(c, code, source);
    if (!code[0] && county_code_set(c, "360701", "option", &err) != JH_OK) {
        fprintf(stderr, "merge_workers: %s\n", err.msg);
        return 2;
    }
    ctx_t x = {c, argv[2], atoi(argv[3]), (const char *const *)argv + 4};
    jh_status_t st = county_merge_files(c, x.paths, argc - 4, NULL, each, &x, &err);
    printf("end: %s%s%s\n", jh_status_name(st), st == JH_OK ? "" : ": ", st == JH_OK ? "" : err.msg);
    county_close(c);
    return 0;
}
