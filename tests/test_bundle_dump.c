/* test_bundle_dump.c - reads and verifies a bundle and prints its responses
 * one answer per line ("SEQ STATUS ROLE ITEM=VALUE"), for script tests:
 *   test_bundle_dump BUNDLE.json
 * Exit 0 when the bundle verifies, 1 (with the reader's message) otherwise. */
#include <stdio.h>

#include "bundle.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_bundle_dump BUNDLE.json\n");
        return 2;
    }
    jh_crypto_init();
    bundle_t *b = NULL;
    jh_err_t err;
    if (bundle_read(argv[1], &b, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("kind=%s kiosk=%s school=%s seq=%lld..%lld submitted=%lld abandoned=%lld surveys=%d\n", b->kind,
           b->kiosk_id, b->school_code, (long long)b->first_seq, (long long)b->last_seq, (long long)b->n_submitted,
           (long long)b->n_abandoned, b->n_surveys);
    for (int i = 0; i < b->n_responses; i++) {
        const bundle_response_t *r = &b->responses[i];
        for (int k = 0; k < r->n_answers; k++)
            printf("%lld %s %s %s=%s\n", (long long)r->seq, r->status, r->role, r->answers[k].item_id,
                   r->answers[k].value);
    }
    bundle_free(b);
    return fclose(stdout) == 0 ? 0 : 3;
}
