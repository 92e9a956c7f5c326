/* headless.c - the kiosk's export without a window: open the store, write a
 * bundle and its database backup, report what happened.  No SDL here. */
#include "headless.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle.h"
#include "jh.h"
#include "store.h"

enum { HEADLESS_OK = 0, HEADLESS_FAILED = 3 };

int kiosk_headless_export(const char *db_path, const char *dir, bool full, int64_t now_ms)
{
    struct stat sb;
    if (stat(db_path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        /* Opening would create an empty database: say what is wrong instead. */
        fprintf(stderr, "junheng-kiosk: %s: no such database (check the --db path)\n", db_path);
        return HEADLESS_FAILED;
    }
    store_t *st = NULL;
    store_open_info_t info;
    jh_err_t err;
    if (store_open(db_path, now_ms, &st, &info, &err) != JH_OK) {
        fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
        return HEADLESS_FAILED;
    }
    if (info.abandoned_on_start)
        fprintf(stderr, "junheng-kiosk: %d unfinished questionnaire(s) from the last run kept as abandoned\n",
                info.abandoned_on_start);
    bundle_export_info_t ex;
    int rc = HEADLESS_OK;
    if (bundle_export(st, dir, full, now_ms, &ex, &err) != JH_OK) {
        fprintf(stderr, "junheng-kiosk: export failed: %s\n", err.msg);
        rc = HEADLESS_FAILED;
    } else if (ex.n_responses == 0) {
        if (full)
            printf("junheng-kiosk: nothing to export: no finished responses yet\n");
        else
            printf("junheng-kiosk: nothing new to export: every finished response (up to seq %lld) was exported "
                   "before; use --full to export everything again\n",
                   (long long)ex.last_seq);
    } else {
        char fp[64];
        store_key_fingerprint(st, fp);
        char *kiosk = store_setting_get(st, "kiosk_id");
        printf("junheng-kiosk: exported %lld response(s), seq %lld to %lld (%s)\n", (long long)ex.n_responses,
               (long long)ex.first_seq, (long long)ex.last_seq, ex.full ? "full" : "incremental");
        printf("  bundle:  %s\n", ex.path);
        printf("  backup:  %s\n", ex.backup_path);
        printf("  kiosk:   %s, key fingerprint %s\n", kiosk ? kiosk : "?", fp);
        free(kiosk);
        if (!ex.recorded) fprintf(stderr, "junheng-kiosk: warning: %s\n", ex.warning);
    }
    store_close(st);
    if (fflush(stdout) != 0) {
        perror("junheng-kiosk: writing output");
        rc = HEADLESS_FAILED;
    }
    return rc;
}
