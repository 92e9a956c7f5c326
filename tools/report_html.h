/* report_html.h - small HTML writer for the bureau report: escaping, tables,
 * pass/fail marks, numbers tagged with their source, inline SVG charts and
 * the page's CSS (screen and A4 print).  Everything is appended to a jh_buf_t;
 * the output is one self-contained file (no scripts run, no network, no
 * external fonts).
 *
 * Numbers: every figure written with rhtml_num carries data-p (a JSON Pointer
 * into the statistics document it came from), data-v (the exact value, %.17g)
 * and data-f (the display format), so a test can check every visible number
 * against the statistics JSON.
 *
 * Ownership: functions borrow their arguments and only append to the buffer. */
#ifndef JH_REPORT_HTML_H
#define JH_REPORT_HTML_H

#include <stdbool.h>

#include "jh.h"

/* Display formats of numbers (the test reproduces each one). */
typedef enum {
    RHTML_PCT1 = 0,  /* fraction 0..1 shown as percent with 1 decimal: "87.3 %" */
    RHTML_INT,       /* integer with thousands separators: "12,345" */
    RHTML_F1,        /* fixed, 1 decimal (thousands separators) */
    RHTML_F2,        /* fixed, 2 decimals */
    RHTML_F3,        /* fixed, 3 decimals */
    RHTML_F4,        /* fixed, 4 decimals (small ratios such as teachers per student) */
    RHTML_PCT2,      /* percent with 2 to 8 decimals and fixed with 5 to 8: only as */
    RHTML_PCT3,      /* rhtml_fmt_apart picks them, so that a value never looks */
    RHTML_PCT4,      /* equal to the standard it is compared with (as many */
    RHTML_F5,        /* decimals as stats_apart_decimals gives, the workbook's */
    RHTML_F6,        /* and the CSV's) */
    RHTML_PCT5,
    RHTML_PCT6,
    RHTML_PCT7,
    RHTML_PCT8,
    RHTML_F7,
    RHTML_F8,
} rhtml_fmt_t;

/* fmt, or a finer format of the same kind (percent or fixed) when v shown
 * in fmt would look equal to ref without being equal (0.8997 against the
 * standard 0.90 is "0.8997", not "0.90"; issue 19 item 14). */
rhtml_fmt_t rhtml_fmt_apart(double v, double ref, rhtml_fmt_t fmt);

/* Name of a format as written in data-f ("pct1", "int", "f1" .. "f8", "pct2" .. "pct8"). */
const char *rhtml_fmt_name(rhtml_fmt_t fmt);

/* Formats v for display into out (at least 48 bytes). */
void rhtml_fmt_value(double v, rhtml_fmt_t fmt, char *out, size_t size);

/* Appends s with &, <, >, " and ' escaped (s may be NULL: nothing), and
 * without the invisible control and direction characters jh_first_control
 * finds (but tab and line breaks): a name from an older database must not
 * reorder the text after it. */
void rhtml_escape(jh_buf_t *b, const char *s);

/* A school's name (any text from the register) inside a sentence: escaped
 * and isolated (<bdi>), so that even right-to-left letters in it cannot
 * move the figures after it (review rattack5 finding 2). */
void rhtml_name(jh_buf_t *b, const char *s);

/* Appends a formatted string, escaped. */
void rhtml_escapef(jh_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens the document: doctype, head with title and CSS, <body>. */
void rhtml_begin(jh_buf_t *b, const char *title, const char *page_header);
/* rhtml_begin with css (NULL: none) after the shared CSS: one report's own rules. */
void rhtml_begin_css(jh_buf_t *b, const char *title, const char *page_header, const char *css);

/* Embeds json (borrowed text, may be NULL) as <script type="application/json"
 * id="id"> with every '<' and '>' written as \u003c and \u003e (no markup
 * can end or nest in it), then closes body and html. */
void rhtml_end(jh_buf_t *b, const char *data_id, const char *json);

/* A number with its provenance (see above).  pointer is the JSON Pointer of
 * the value in the statistics document, e.g. "/schools/3/satisfaction/rate". */
void rhtml_num(jh_buf_t *b, const char *pointer, double v, rhtml_fmt_t fmt);

/* A difference of two rates (fractions) in percentage points: "-0.4 个百分点"
 * (unit false: "-0.4", the unit said after an interval), with decimals
 * enough to show it apart from ref (data-f "pp1" .. "pp8", "ppn1" .. "ppn8"
 * without the unit). */
void rhtml_num_pp(jh_buf_t *b, const char *pointer, double v, double ref, bool unit);

/* "[lo, hi]" as two tagged numbers (95 % interval). */
void rhtml_ci(jh_buf_t *b, const char *ptr_lo, double lo, const char *ptr_hi, double hi,
              rhtml_fmt_t fmt);

/* The same, each bound in its own format (a bound near 0 beside a verdict
 * on whether the interval holds 0: as many decimals as show it apart). */
void rhtml_ci2(jh_buf_t *b, const char *ptr_lo, double lo, rhtml_fmt_t fmt_lo, const char *ptr_hi, double hi,
               rhtml_fmt_t fmt_hi);

/* A pass/fail mark that survives black-and-white printing: a symbol, a word
 * and a colour ("✓ 达标" / "× 未达标").  data-pass="1"/"0" for tests. */
void rhtml_mark(jh_buf_t *b, bool pass);
/* The mark with custom words (e.g. "通过" / "不通过"). */
void rhtml_mark_text(jh_buf_t *b, bool pass, const char *yes, const char *no);

/* The mark for a boolean taken from the statistics document: as
 * rhtml_mark_text plus data-src, the JSON Pointer of that boolean. */
void rhtml_mark_src(jh_buf_t *b, const char *pointer, bool pass, const char *yes, const char *no);

/* "样本不足 (n<MIN)" for a suppressed group. */
void rhtml_suppressed(jh_buf_t *b, int min_n);

/* Table helpers: <table class="cls"><thead><tr><th>..</th>..</tr></thead><tbody>.
 * headers[] are plain text (escaped); NULL-terminated. */
void rhtml_table_begin(jh_buf_t *b, const char *cls, const char *const *headers);
/* The same with a <caption> (escaped): two tables of one header that count
 * on different bases say which (review rclerk9 item 6). */
void rhtml_table_begin_caption(jh_buf_t *b, const char *cls, const char *caption, const char *const *headers);
void rhtml_table_end(jh_buf_t *b);

/* ---- charts (inline SVG) -------------------------------------------------- */

/* One bar of a horizontal bar chart. */
typedef struct {
    const char *label;     /* row label (escaped) */
    double value;          /* 0..1 */
    double lo, hi;         /* confidence interval (used when has_ci) */
    bool has_ci;
    bool suppressed;       /* draw why instead of a bar: note, or "样本不足 (n<min_n)" */
    const char *note;      /* the reason of a suppressed bar as its table gives it, may be NULL */
    const char *pointer;   /* JSON Pointer of value (data-p on the bar), may be NULL */
    double own_ref;        /* this bar's own reference (> 0; a short line on its row), judged against it
                              instead of the chart's; 0 for the chart's */
} rhtml_bar_t;

typedef struct {
    const char *title;     /* accessible title (svg <title>), may be NULL */
    double ref;            /* reference line (e.g. 0.85); < 0 for none */
    const char *ref_label; /* text at the reference line ("85 %") */
    int min_n;             /* shown in the suppressed text */
} rhtml_hbar_opts_t;

/* Horizontal bar chart of fractions 0..1 in the given order (the caller
 * sorts), with confidence-interval whiskers and a vertical reference line.
 * Bars at or above ref are drawn solid, bars below hatched, so the chart
 * reads in black and white too. */
void rhtml_svg_hbars(jh_buf_t *b, const rhtml_bar_t *bars, int n, const rhtml_hbar_opts_t *o);

/* Grouped vertical bars: n_cat categories (x axis) by n_ser series (legend),
 * values[c * n_ser + s] in 0..1; a NaN value is a group without a bar (drawn
 * as a dashed outline with notes[c * n_ser + s], the reason its table gives;
 * notes or the entry NULL: "无数据").  ref < 0 for no reference line. */
void rhtml_svg_grouped(jh_buf_t *b, const char *title, const char *const *categories, int n_cat,
                       const char *const *series, int n_ser, const double *values,
                       const char *const *notes, double ref, const char *ref_label);

/* One row of a CV-against-limit chart. */
typedef struct {
    const char *label;
    double cv;             /* NaN when not computable (drawn as "—") */
    double limit;
    const char *pointer;   /* JSON Pointer of cv, may be NULL */
} rhtml_cv_t;

/* Horizontal bars of CVs, each with its own limit tick; over-limit bars are
 * hatched and marked "×". */
void rhtml_svg_cv(jh_buf_t *b, const char *title, const rhtml_cv_t *rows, int n);

#endif
