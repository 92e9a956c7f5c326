/* fuzz_bundle.c - libFuzzer target: bundle_read_text must never crash,
 * leak or read out of bounds, whatever the bytes. */
#include <stdint.h>

#include "bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bundle_t *b = NULL;
    jh_err_t err;
    if (bundle_read_text("fuzz.json", (const char *)data, size, &b, &err) == JH_OK) {
        /* A bundle that verifies must be self-consistent. */
        if (b->n_responses != b->last_seq - b->first_seq + 1) __builtin_trap();
    }
    bundle_free(b);
    return 0;
}
