/* ui_text.h - UTF-8 helpers and Chinese-aware line breaking.
 *
 * Text is measured through a callback so layout works without a font
 * renderer (tests pass a fake).  Lines break between CJK characters and at
 * spaces, never inside a Latin word unless the word alone is wider than the
 * line, and follow the basic kinsoku rules: closing punctuation
 * (，。！？；：、）》」 ...) never starts a line and opening punctuation
 * （《「 ...) never ends one.
 *
 * Ownership: ui_lines_t owns nothing; its entries point into the text the
 * caller passed and stay valid while that text does. */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Measures the width in pixels of len bytes of UTF-8 text at font size size. */
typedef int (*ui_measure_fn)(void *ctx, const char *text, size_t len, int size);

typedef struct {
    ui_measure_fn width;
    void *ctx;
} ui_measure_t;

/* Decodes one code point at s (at most n bytes); stores its byte length in
 * *adv (>= 1 even for invalid input, which decodes as U+FFFD). */
uint32_t ui_utf8_decode(const char *s, size_t n, int *adv);
/* Encodes cp into out (4 bytes at most); returns the byte count. */
int ui_utf8_encode(uint32_t cp, char out[4]);
/* Number of code points in s. */
size_t ui_utf8_count(const char *s);
/* Byte length of s without its last code point (for Backspace). */
size_t ui_utf8_drop_last(const char *s);

bool ui_cp_is_cjk(uint32_t cp);        /* ideographs, kana, CJK symbols, full-width forms */
bool ui_cp_no_line_start(uint32_t cp); /* closing punctuation */
bool ui_cp_no_line_end(uint32_t cp);   /* opening punctuation */

/* Height of one line of text at font size size (font-independent). */
int ui_line_height(int size);

#define UI_MAX_LINES 64

typedef struct {
    struct {
        const char *s;   /* start of the line inside the caller's text */
        size_t len;      /* bytes, without trailing spaces or the newline */
        int w;           /* measured width */
    } line[UI_MAX_LINES];
    int n;               /* number of lines (0 for empty text) */
    bool truncated;      /* more than UI_MAX_LINES lines were needed */
} ui_lines_t;

/* Breaks text into lines no wider than max_w (an explicit '\n' also breaks).
 * A single character wider than max_w gets a line of its own. */
void ui_text_break(const ui_measure_t *m, const char *text, int size, int max_w,
                   ui_lines_t *out);
/* Whether a line break before byte at of s (len bytes, one paragraph)
 * would fall inside a word of the line breaker's lexicon (划片, 托关系, 问卷:
 * the words of the shipped questionnaires), which ui_text_break avoids. */
bool ui_text_breaks_inside_word(const char *s, size_t len, size_t at);

#endif
