/* fuzz_eval_facts.c - libFuzzer target: the county facts sheet reader and
 * the rectification plan reader must never crash or leak on any input; facts
 * that are read evaluate to the 32 indicators. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "rectify.h"
#include "schools.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    eval_facts_t f;
    eval_facts_init(&f);
    jh_buf_t errors = {0}, warnings = {0};
    jh_err_t err;
    if (eval_facts_read_text("fuzz.csv", (const char *)data, size, &f, &errors, &warnings, &err) == JH_OK) {
        stats_rules_t r = stats_rules_default();
        cJSON *ev = eval_evaluate(NULL, 0, &r, &f, NAN, 0.85);
        if (cJSON_GetObjectItem(ev, "n_indicators")->valueint != 32) abort();
        cJSON_Delete(ev);
    }
    /* the same bytes as a filled rectification plan against a small plan */
    rectify_item_t plan[2];
    memset(plan, 0, sizeof plan);
    snprintf(plan[0].key, sizeof plan[0].key, "B01/G5");
    snprintf(plan[1].key, sizeof plan[1].key, "county/G13.junior");
    int filled = 0, rows = 0;
    jh_buf_t e2 = {0};
    (void)rectify_read_csv("plan.csv", (const char *)data, size, plan, 2, &filled, &rows, &e2, NULL, &err);
    char round[64];
    bool has_round = false;
    (void)rectify_csv_round("plan.csv", (const char *)data, size, round, sizeof round, &has_round, &err);
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    jh_buf_free(&e2);
    return 0;
}
