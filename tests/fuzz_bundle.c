/* fuzz_bundle.c - libFuzzer target: bundle_read_text must never crash,
 * leak or read out of bounds, whatever the bytes, and its fast path for
 * responses in canonical form must decide as the slow path does. */
#include <stdint.h>
#include <string.h>

#include "bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bundle_t *b = NULL;
    jh_err_t err;
    if (bundle_read_text("fuzz.json", (const char *)data, size, &b, &err) == JH_OK) {
        /* A bundle that verifies must be self-consistent. */
        if (b->n_responses != b->last_seq - b->first_seq + 1) __builtin_trap();
    }
    /* The same bytes without the fast path: the same verdict and message. */
    bundle_t *b2 = NULL;
    jh_err_t err2;
    bundle_set_fast_path(false);
    jh_status_t s2 = bundle_read_text("fuzz.json", (const char *)data, size, &b2, &err2);
    bundle_set_fast_path(true);
    if ((b != NULL) != (s2 == JH_OK) || (s2 != JH_OK && strcmp(err.msg, err2.msg) != 0)) __builtin_trap();
    if (b && (b->n_responses != b2->n_responses || b2->n_fast != 0)) __builtin_trap();
    for (int i = 0; b && i < b->n_responses; i++)
        if (strcmp(b->responses[i].canonical, b2->responses[i].canonical) != 0) __builtin_trap();
    bundle_free(b2);
    bundle_free(b);
    return 0;
}
