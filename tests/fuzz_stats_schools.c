/* fuzz_stats_schools.c - libFuzzer target: the school-register CSV reader
 * must never crash or leak on any input, and a successful read gives sane
 * schools (split and indicators computable). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "eval.h"
#include "rectify.h"
#include "schools.h"
#include "stats.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    stats_school_t *s = NULL;
    int n = 0;
    jh_buf_t errors = {0}, warnings = {0};
    jh_err_t err;
    if (schools_read_text("fuzz.csv", (const char *)data, size, &s, &n, &errors, &warnings, &err) == JH_OK) {
        stats_rules_t r = stats_rules_default();
        for (int i = 0; i < n; i++) {
            stats_unit_t u[2];
            int k = stats_split_school(&s[i], &r, u);
            for (int j = 0; j < k; j++) {
                stats_compliance_t c = stats_unit_compliance(&u[j]);
                if (c.met < 0 || c.met > STATS_N_QUALITY) abort();
                for (int q = 0; q < STATS_N_QUALITY; q++) (void)stats_unit_shortfall(&u[j], q);
            }
            /* out of the quality figures is out of the basic ones too */
            if (stats_school_exclusion(&s[i], &r) && !stats_school_exclusion_in(&s[i], &r, STATS_SET_BASIC))
                abort();
        }
        /* the evaluation and its rectification items on whatever was read */
        cJSON *doc = cJSON_CreateObject();
        cJSON *ev = eval_evaluate(s, n, &r, NULL, 0.9, 0.85);
        if (cJSON_GetObjectItem(ev, "n_indicators")->valueint != 32) abort();
        cJSON_AddItemToObject(doc, "evaluation", ev);
        rectify_item_t *items = NULL;
        int n_items = 0;
        rectify_items_from_doc(doc, "", &items, &n_items);
        cJSON *stat = rectify_status(items, n_items, doc, "next");
        cJSON_Delete(stat);
        free(items);
        cJSON_Delete(doc);
    }
    free(s);
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    return 0;
}
