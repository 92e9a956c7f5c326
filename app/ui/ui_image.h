/* ui_image.h - comparison of two RGBA images with a tolerance, for golden
 * screenshot tests (no SDL: pixels are plain bytes R, G, B, A).
 *
 * Ownership: the caller owns every buffer. */
#ifndef UI_IMAGE_H
#define UI_IMAGE_H

#include <stddef.h>

/* Compares a and b (w x h, 4 bytes per pixel).  A pixel differs when any
 * channel differs by more than threshold.  When diff is not NULL it receives
 * an image (w x h RGBA) with differing pixels in red over a faded copy of a.
 * Returns the number of differing pixels. */
size_t ui_image_compare(const unsigned char *a, const unsigned char *b, int w, int h, int threshold,
                        unsigned char *diff);

#endif
