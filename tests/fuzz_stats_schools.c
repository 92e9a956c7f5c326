/* fuzz_stats_schools.c - libFuzzer target: the school-register CSV reader
 * must never crash or leak on any input, and a successful read gives sane
 * schools (split and indicators computable). */
#include <math.h>
#include <stdlib.h>

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
            (void)stats_school_exclusion(&s[i], &r);
        }
    }
    free(s);
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    return 0;
}
