/* fuzz_cmap.c - libFuzzer target for the font cmap reader used by
 * `junheng check --font`: any file must load or be rejected with a message,
 * never read outside the buffer, crash or leak. */
#include <stdlib.h>

#include "cmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cmap_t *c = NULL;
    jh_err_t err;
    if (cmap_load_mem(data, size, "fuzz.otf", &c, &err) == JH_OK) {
        size_t hits = 0;
        for (uint32_t cp = 0; cp < 0x110000; cp += 0x1111) hits += cmap_has(c, cp);
        if (hits > cmap_count(c)) abort();
        cmap_free(c);
    } else if (c != NULL || !err.msg[0]) {
        abort();
    }
    return 0;
}
