/* test_store_mkdb.c - makes a kiosk database for script tests:
 *   test_store_mkdb DB N [--draft] [--pin=PIN]
 * N submitted questionnaires of tests/store/mini-survey.json at fixed
 * times (plus one left in progress with --draft), school settings set.
 * A damaged database is moved aside and a new one started, as the kiosk
 * does. */
#include "store.h"
#include "test_store_util.h"

#define T0 1795000000000LL

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_store_mkdb DB N [--draft]\n");
        return 2;
    }
    int n = atoi(argv[2]);
    bool draft = false;
    const char *pin = NULL;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--draft")) draft = true;
        else if (!strncmp(argv[i], "--pin=", 6)) pin = argv[i] + 6;
    }
    size_t len = 0;
    char *text = tu_read_source("tests/store/mini-survey.json", &len);
    survey_t *s = NULL;
    store_t *st = NULL;
    jh_err_t err;
    jh_status_t os = store_open(argv[1], T0, &st, NULL, &err);
    if (os == JH_ERR_CORRUPT) os = store_open(argv[1], T0, &st, NULL, &err); /* as the kiosk: moved aside, anew */
    if (survey_load_text("mini-survey.json", text, len, NULL, &s, NULL, &err) != JH_OK ||
        os != JH_OK || store_setting_set(st, "kiosk_id", "K-cli", &err) ||
        store_setting_set(st, "school_code", "3612345678", &err) ||
        store_setting_set(st, "school_name", "城关第一小学", &err)) {
        fprintf(stderr, "test_store_mkdb: %s\n", err.msg);
        return 1;
    }
    if (pin && store_pin_set(st, pin, &err) != JH_OK) {
        fprintf(stderr, "test_store_mkdb: %s\n", err.msg);
        return 1;
    }
    static const char *const sat[] = {"satisfied", "fairly", "basic", "dissatisfied"};
    for (int k = 0; k < n + (draft ? 1 : 0); k++) {
        int64_t t = T0 + (int64_t)k * 600000;
        store_draft_t d;
        store_draft_init(&d, s, "parent", "zh-CN", t);
        for (int i = 1; i <= 5; i++) store_draft_set(&d, i, sat[(k + i) % 4], t + 5000 * i);
        if (store_draft_save(st, &d, t + 30000, &err) != JH_OK ||
            (k < n && store_draft_finish(st, &d, STORE_SUBMITTED, t + 60000, &err) != JH_OK)) {
            fprintf(stderr, "test_store_mkdb: %s\n", err.msg);
            return 1;
        }
        store_draft_free(&d);
    }
    store_close(st);
    survey_free(s);
    free(text);
    return 0;
}
