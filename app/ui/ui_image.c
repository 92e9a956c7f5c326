/* ui_image.c - tolerant image comparison for golden screenshots. */
#include "ui_image.h"

#include <stdlib.h>
#include <string.h>

size_t ui_image_compare(const unsigned char *a, const unsigned char *b, int w, int h, int threshold,
                        unsigned char *diff)
{
    size_t n = 0, px = (size_t)w * (size_t)h, row = (size_t)w * 4;
    if (!diff) {
        /* Counting only: identical rows (the usual case) are skipped with
         * memcmp, which keeps sanitizer builds fast. */
        for (int y = 0; y < h; y++) {
            const unsigned char *ra = a + (size_t)y * row, *rb = b + (size_t)y * row;
            if (!memcmp(ra, rb, row)) continue;
            for (int x = 0; x < w; x++) {
                int d = 0;
                for (int c = 0; c < 4; c++) {
                    int v = abs((int)ra[4 * x + c] - (int)rb[4 * x + c]);
                    if (v > d) d = v;
                }
                n += d > threshold;
            }
        }
        return n;
    }
    for (size_t i = 0; i < px; i++) {
        const unsigned char *pa = a + 4 * i, *pb = b + 4 * i;
        int d = 0;
        for (int c = 0; c < 4; c++) {
            int x = abs((int)pa[c] - (int)pb[c]);
            if (x > d) d = x;
        }
        if (d > threshold) n++;
        if (diff) {
            unsigned char *o = diff + 4 * i;
            if (d > threshold) {
                o[0] = 255, o[1] = 0, o[2] = 0;
            } else {
                /* Faded grey copy so the differences stand out. */
                unsigned char g = (unsigned char)(192 + ((pa[0] + pa[1] + pa[2]) / 3) / 4);
                o[0] = o[1] = o[2] = g;
            }
            o[3] = 255;
        }
    }
    return n;
}
