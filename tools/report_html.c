/* report_html.c - HTML writer helpers, inline SVG charts and the report's
 * CSS (see report_html.h). */
#include "report_html.h"

#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- constants ------------------------------------------------------------ */

#define FONT_STACK                                                                             \
    "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", " \
    "\"PingFang SC\", sans-serif"

#define COLOR_PASS "#1b7a3a"
#define COLOR_FAIL "#c0261f"
#define COLOR_BAR "#2f6db5"
#define COLOR_BAR_LOW "#d9822b"

static const char CSS[] =
    "*{box-sizing:border-box}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font-family:" FONT_STACK ";font-size:14px;line-height:1.55;color:#1a1a1a;"
    "background:#fff;margin:0 auto;max-width:1180px;padding:24px 32px}\n"
    "h1{font-size:26px;margin:0 0 4px}\n"
    "h2{font-size:20px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #2f6db5}\n"
    "h3{font-size:16px;margin:18px 0 6px}\n"
    "h4{font-size:14px;margin:14px 0 4px}\n"
    "p{margin:6px 0}\n"
    ".sub{color:#555;font-size:13px}\n"
    ".note{color:#555;font-size:12.5px}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}\n"
    "th,td{border:1px solid #c8ccd2;padding:4px 7px;text-align:left;vertical-align:top}\n"
    "th{background:#eef2f7;font-weight:600}\n"
    "caption{caption-side:top;text-align:left;font-weight:600;font-size:13px;padding:2px 0 4px}\n"
    "td.r,th.r{text-align:right;white-space:nowrap}\n"
    "th{white-space:nowrap}\n"
    ".n,.ci{white-space:nowrap}\n"
    "thead{display:table-header-group}\n"
    "tr{break-inside:avoid}\n"
    ".mark{font-weight:700;white-space:nowrap}\n"
    ".mark.pass{color:" COLOR_PASS "}\n"
    ".mark.fail{color:" COLOR_FAIL "}\n"
    ".mark.na{color:#666}\n"
    ".supp{color:#777;font-style:italic;white-space:nowrap}\n"
    ".verdicts{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:10px;"
    "margin:10px 0}\n"
    ".verdict{border:2px solid #c8ccd2;border-radius:6px;padding:10px 12px;break-inside:avoid}\n"
    ".verdict.pass{border-color:" COLOR_PASS ";background:#eef8f0}\n"
    ".verdict.fail{border-color:" COLOR_FAIL ";background:#fcefee}\n"
    ".verdict.na{border-color:#999;background:#f4f4f4}\n"
    ".verdict .big{font-size:22px;font-weight:700}\n"
    ".verdict .what{font-size:13px;color:#333}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:12px;align-items:start}\n"
    ".card{border:1px solid #b9c0ca;border-radius:6px;padding:8px 12px;break-inside:avoid}\n"
    ".card h3{margin:4px 0 6px;display:flex;justify-content:space-between;gap:8px}\n"
    ".card table{margin:4px 0 6px;font-size:12.5px}\n"
    ".chart{width:100%;height:auto;display:block;margin:6px 0 12px}\n"
    ".chart text{font-family:" FONT_STACK "}\n"
    ".toc{columns:2;font-size:13.5px}\n"
    ".toc a{color:#1d4f91;text-decoration:none}\n"
    "section{margin-top:10px}\n"
    "dl.methods dt{font-weight:700;margin-top:8px}\n"
    "dl.methods dd{margin:2px 0 0 1.5em;font-size:13px}\n"
    "table.meta{width:auto;margin:10px 0}\n"
    "table.meta th{text-align:left;padding-right:16px;background:none}\n"
    /* 表Ⅲ (the application form's eleven columns on an A4 page): long heads
     * wrap, 学校类别 and 全县平均值 on one line, the table on one page */
    "table.form3{break-inside:avoid}\n"
    "table.form3 th{white-space:normal;font-size:12px}\n"
    "table.form3 td:nth-child(-n+2),table.form3 th:nth-child(-n+2){white-space:nowrap}\n"
    /* a device id on one line ("K-HK1-01", not "K- / HK1- / 01") */
    "table.imports td:nth-child(2),table.kiosk-keys td:first-child{white-space:nowrap}\n"
    /* the self-evaluation's seal and signature lines (review rexcel5 item 7) */
    "table.sign{width:auto;margin:56px 0 0 auto;font-size:15px}\n"
    "table.sign th,table.sign td{border:0;background:none;padding:18px 6px 3px;font-weight:400}\n"
    "table.sign td{border-bottom:1px solid #000;width:15em}\n"
    ".scope{font-size:13px;line-height:1.6}\n"
    ".alert{border-left:4px solid #b3261e;padding:4px 10px;background:#fbeaea}\n"
    "@page{size:A4;margin:15mm}\n"
    "@media print{\n"
    "  body{max-width:none;padding:0;font-size:11.5px}\n"
    "  h1{font-size:22px}\n"
    "  h2{font-size:17px}\n"
    "  section.page{break-before:page}\n"
    /* page 1 (title, scope, contents, the verdicts with their legend) on
     * one A4 page: the legend alone on an otherwise blank page 2 (review rdoc3) */
    "  h2{margin:16px 0 8px}\n"
    "  .verdicts{gap:6px;margin:6px 0}\n"
    "  .legend{break-before:avoid;page-break-before:avoid}\n"
    /* page 1's optional paragraphs (versions, rectification, evaluation)
     * may not fit: the next section goes on after them, never leaving an
     * otherwise blank page 2 (review r2doc3 item 5) */
    "  #verdicts+section.page{break-before:auto;page-break-before:auto}\n"
    "  h2,h3{break-after:avoid;page-break-after:avoid}\n"
    "  .verdict{padding:5px 10px}\n"
    "  .verdict .big{font-size:18px}\n"
    "  .cards{display:block}\n"
    "  .card{margin-bottom:8px}\n"
    "  table{font-size:10.5px}\n"
    "  .toc a{color:#000}\n"
    "}\n"
    "@media (max-width:900px){body{padding:12px 14px}.cards{grid-template-columns:1fr}}\n";

/* Shared SVG definitions (hatch patterns), referenced by every chart. */
static const char SVG_DEFS[] =
    "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
    "<pattern id=\"jh-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f6dcc0\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" COLOR_BAR_LOW "\" stroke-width=\"3\"/>"
    "</pattern>"
    "<pattern id=\"jh-hatch-red\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f7d4d2\"/>"
    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" COLOR_FAIL "\" stroke-width=\"3\"/>"
    "</pattern>"
    "</defs></svg>\n";

/* ---- static prototypes ---------------------------------------------------- */

static void num_attrs(jh_buf_t *b, const char *pointer, double v, rhtml_fmt_t fmt);
static void num_attrs_named(jh_buf_t *b, const char *pointer, double v, const char *fmt_name);
static void label_trunc(jh_buf_t *b, const char *s, int max_chars);
static void svg_open(jh_buf_t *b, const char *cls, double w, double h, const char *title);
static void grid_tick(jh_buf_t *b, double x, double top, double bottom_y, const char *text);
static void row_label(jh_buf_t *b, double x, double cy, const char *label, int max_chars);

/* ---- public functions ----------------------------------------------------- */

const char *rhtml_fmt_name(rhtml_fmt_t fmt)
{
    switch (fmt) {
    case RHTML_PCT1: return "pct1";
    case RHTML_INT: return "int";
    case RHTML_F1: return "f1";
    case RHTML_F2: return "f2";
    case RHTML_F3: return "f3";
    case RHTML_F4: return "f4";
    case RHTML_PCT2: return "pct2";
    case RHTML_PCT3: return "pct3";
    case RHTML_PCT4: return "pct4";
    case RHTML_F5: return "f5";
    case RHTML_F6: return "f6";
    case RHTML_PCT5: return "pct5";
    case RHTML_PCT6: return "pct6";
    case RHTML_PCT7: return "pct7";
    case RHTML_PCT8: return "pct8";
    case RHTML_F7: return "f7";
    case RHTML_F8: return "f8";
    }
    return "f3";
}

void rhtml_fmt_value(double v, rhtml_fmt_t fmt, char *out, size_t size)
{
    JH_EXPECT(size >= 48);
    if (!isfinite(v)) {
        snprintf(out, size, "—");
        return;
    }
    /* Fixed formats with thousands separators as the integers and the
     * workbook ("2,525.05", not "2525.05": review rexcel5 item 9). */
    int fixed = fmt == RHTML_F1 ? 1 : fmt == RHTML_F2 ? 2 : fmt == RHTML_F3 ? 3 : fmt == RHTML_F4 ? 4
              : fmt == RHTML_F5 ? 5 : fmt == RHTML_F6 ? 6 : fmt == RHTML_F7 ? 7 : fmt == RHTML_F8 ? 8 : 0;
    if (fixed && fabs(v) >= 1000 && fabs(v) < 1e30) {
        char digits[64];
        snprintf(digits, sizeof digits, "%.*f", fixed, v);
        const char *d = digits, *dot = strchr(digits, '.');
        size_t o = 0, n = (size_t)(dot - digits);
        if (*d == '-') out[o++] = *d++, n--;
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 3 == 0) out[o++] = ',';
            out[o++] = d[i];
        }
        snprintf(out + o, size - o, "%s", dot);
        return;
    }
    switch (fmt) {
    case RHTML_PCT1: snprintf(out, size, "%.1f %%", v * 100.0); return;
    case RHTML_F1: snprintf(out, size, "%.1f", v); return;
    case RHTML_F2: snprintf(out, size, "%.2f", v); return;
    case RHTML_F3: snprintf(out, size, "%.3f", v); return;
    case RHTML_F4: snprintf(out, size, "%.4f", v); return;
    case RHTML_PCT2: snprintf(out, size, "%.2f %%", v * 100.0); return;
    case RHTML_PCT3: snprintf(out, size, "%.3f %%", v * 100.0); return;
    case RHTML_PCT4: snprintf(out, size, "%.4f %%", v * 100.0); return;
    case RHTML_F5: snprintf(out, size, "%.5f", v); return;
    case RHTML_F6: snprintf(out, size, "%.6f", v); return;
    case RHTML_PCT5: snprintf(out, size, "%.5f %%", v * 100.0); return;
    case RHTML_PCT6: snprintf(out, size, "%.6f %%", v * 100.0); return;
    case RHTML_PCT7: snprintf(out, size, "%.7f %%", v * 100.0); return;
    case RHTML_PCT8: snprintf(out, size, "%.8f %%", v * 100.0); return;
    case RHTML_F7: snprintf(out, size, "%.7f", v); return;
    case RHTML_F8: snprintf(out, size, "%.8f", v); return;
    case RHTML_INT: break;
    }
    /* Integer with thousands separators: "-1,234,567". */
    char digits[40];
    snprintf(digits, sizeof digits, "%.0f", v);
    if (fabs(v) >= 1e30) {
        snprintf(out, size, "%s", digits);
        return;
    }
    const char *d = digits;
    size_t o = 0;
    if (*d == '-') out[o++] = *d++;
    size_t n = strlen(d);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) out[o++] = ',';
        out[o++] = d[i];
    }
    out[o] = '\0';
}

void rhtml_escape(jh_buf_t *b, const char *s)
{
    if (!s) return;
    if (jh_has_controls(s)) {
        /* A school name (or any register text) from a database an older
         * junheng filled may hold a direction override (U+202E): raw, it
         * reverses everything after it up to the end of the line, the
         * figures too (review rattack5 finding 2).  The characters the
         * register now refuses are left out. */
        char *clean = jh_without_controls(s);
        rhtml_escape(b, clean);
        free(clean);
        return;
    }
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        jh_buf_append(b, run, (size_t)(p - run));
        jh_buf_puts(b, rep);
        run = p + 1;
    }
    jh_buf_puts(b, run);
}

void rhtml_name(jh_buf_t *b, const char *s)
{
    jh_buf_puts(b, "<bdi>");
    rhtml_escape(b, s);
    jh_buf_puts(b, "</bdi>");
}

void rhtml_escapef(jh_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    JH_EXPECT(n >= 0);
    rhtml_escape(b, s);
    free(s);
}

/* Text as a CSS string literal: quotes, backslashes, "<" and line breaks
 * as CSS escapes, so it can neither end the string nor the <style>. */
static void css_string(jh_buf_t *b, const char *s)
{
    char *clean = jh_without_controls(s); /* as rhtml_escape */
    jh_buf_puts(b, "\"");
    for (const char *p = clean; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '<' || *p == '>' || *p == '\n' || *p == '\r')
            jh_buf_printf(b, "\\%x ", (unsigned char)*p);
        else
            jh_buf_append(b, p, 1);
    }
    jh_buf_puts(b, "\"");
    free(clean);
}

void rhtml_begin(jh_buf_t *b, const char *title, const char *page_header)
{
    rhtml_begin_css(b, title, page_header, NULL);
}

void rhtml_begin_css(jh_buf_t *b, const char *title, const char *page_header, const char *css)
{
    jh_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
    rhtml_escape(b, title);
    jh_buf_puts(b, "</title>\n<style>\n");
    jh_buf_puts(b, CSS);
    /* Every printed page: the report's name at the top, "第 x 页 共 y 页" at
     * the bottom (CSS page-margin boxes; Chromium prints them since 131). */
    jh_buf_puts(b, "@page{@top-center{content:");
    css_string(b, page_header ? page_header : title);
    jh_buf_puts(b, ";font-size:9px;color:#444}\n"
                   "@bottom-center{content:\"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\";"
                   "font-size:9px;color:#444}}\n");
    if (css) jh_buf_puts(b, css);
    jh_buf_puts(b, "</style>\n</head>\n<body>\n");
    jh_buf_puts(b, SVG_DEFS);
}

void rhtml_end(jh_buf_t *b, const char *data_id, const char *json)
{
    if (json) {
        jh_buf_puts(b, "<script type=\"application/json\" id=\"");
        rhtml_escape(b, data_id);
        jh_buf_puts(b, "\">");
        /* No '<' at all inside the element: "</script" would end it early,
         * and "<!--" followed by "<script" puts an HTML parser into the
         * script's escaped state, where the real "</script>" no longer ends
         * it (everything after becomes script text).  '<' and '>' occur in
         * JSON only inside strings, where \u003c and \u003e are the same
         * text. */
        const char *run = json;
        for (const char *p = json; *p; p++) {
            if (*p == '<' || *p == '>') {
                jh_buf_append(b, run, (size_t)(p - run));
                jh_buf_puts(b, *p == '<' ? "\\u003c" : "\\u003e");
                run = p + 1;
            }
        }
        jh_buf_puts(b, run);
        jh_buf_puts(b, "</script>\n");
    }
    jh_buf_puts(b, "</body>\n</html>\n");
}

rhtml_fmt_t rhtml_fmt_apart(double v, double ref, rhtml_fmt_t fmt)
{
    /* by decimals, 0 to 8 (the most stats_apart_decimals gives) */
    static const rhtml_fmt_t pct[] = {RHTML_PCT1, RHTML_PCT1, RHTML_PCT2, RHTML_PCT3, RHTML_PCT4,
                                      RHTML_PCT5, RHTML_PCT6, RHTML_PCT7, RHTML_PCT8};
    static const rhtml_fmt_t fix[] = {RHTML_F1, RHTML_F1, RHTML_F2, RHTML_F3, RHTML_F4,
                                      RHTML_F5, RHTML_F6, RHTML_F7, RHTML_F8};
    switch (fmt) {
    case RHTML_PCT1: case RHTML_PCT2: case RHTML_PCT3: case RHTML_PCT4:
    case RHTML_PCT5: case RHTML_PCT6: case RHTML_PCT7: case RHTML_PCT8: {
        int d = fmt == RHTML_PCT1 ? 1 : fmt == RHTML_PCT2 ? 2 : fmt == RHTML_PCT3 ? 3 : fmt == RHTML_PCT4 ? 4
                : fmt == RHTML_PCT5 ? 5 : fmt == RHTML_PCT6 ? 6 : fmt == RHTML_PCT7 ? 7 : 8;
        d = stats_apart_decimals(v * 100.0, ref * 100.0, d);
        return pct[d > 8 ? 8 : d];
    }
    case RHTML_F1: case RHTML_F2: case RHTML_F3: case RHTML_F4: case RHTML_F5: case RHTML_F6:
    case RHTML_F7: case RHTML_F8: {
        int d = fmt == RHTML_F1 ? 1 : fmt == RHTML_F2 ? 2 : fmt == RHTML_F3 ? 3 : fmt == RHTML_F4 ? 4
                : fmt == RHTML_F5 ? 5 : fmt == RHTML_F6 ? 6 : fmt == RHTML_F7 ? 7 : 8;
        d = stats_apart_decimals(v, ref, d);
        return fix[d > 8 ? 8 : d];
    }
    case RHTML_INT: return fmt;
    }
    return fmt;
}

void rhtml_num(jh_buf_t *b, const char *pointer, double v, rhtml_fmt_t fmt)
{
    char text[64];
    rhtml_fmt_value(v, fmt, text, sizeof text);
    jh_buf_puts(b, "<span class=\"n\"");
    num_attrs(b, pointer, v, fmt);
    jh_buf_puts(b, ">");
    rhtml_escape(b, text);
    jh_buf_puts(b, "</span>");
}

void rhtml_num_pp(jh_buf_t *b, const char *pointer, double v, double ref, bool unit)
{
    /* the percent format apart from ref, its decimals under the name ppN */
    rhtml_fmt_t f = rhtml_fmt_apart(v, ref, RHTML_PCT1);
    char text[64];
    rhtml_fmt_value(v, f, text, sizeof text);
    size_t n = strlen(text);
    if (n >= 2 && !strcmp(text + n - 2, " %")) text[n - 2] = 0;
    char name[8]; /* "pct1" .. "pct8" as "pp1" .. "pp8" */
    snprintf(name, sizeof name, "%s%s", unit ? "pp" : "ppn", rhtml_fmt_name(f) + 3);
    jh_buf_puts(b, "<span class=\"n\"");
    num_attrs_named(b, pointer, v, name);
    jh_buf_puts(b, ">");
    rhtml_escape(b, isfinite(v) ? text : "—");
    if (isfinite(v) && unit) jh_buf_puts(b, " 个百分点");
    jh_buf_puts(b, "</span>");
}

void rhtml_ci(jh_buf_t *b, const char *ptr_lo, double lo, const char *ptr_hi, double hi,
              rhtml_fmt_t fmt)
{
    rhtml_ci2(b, ptr_lo, lo, fmt, ptr_hi, hi, fmt);
}

void rhtml_ci2(jh_buf_t *b, const char *ptr_lo, double lo, rhtml_fmt_t fmt_lo, const char *ptr_hi, double hi,
               rhtml_fmt_t fmt_hi)
{
    jh_buf_puts(b, "<span class=\"ci\">[");
    rhtml_num(b, ptr_lo, lo, fmt_lo);
    jh_buf_puts(b, ", ");
    rhtml_num(b, ptr_hi, hi, fmt_hi);
    jh_buf_puts(b, "]</span>");
}

void rhtml_mark(jh_buf_t *b, bool pass)
{
    rhtml_mark_text(b, pass, "达标", "未达标");
}

void rhtml_mark_text(jh_buf_t *b, bool pass, const char *yes, const char *no)
{
    rhtml_mark_src(b, NULL, pass, yes, no);
}

void rhtml_mark_src(jh_buf_t *b, const char *pointer, bool pass, const char *yes, const char *no)
{
    jh_buf_printf(b, "<span class=\"mark %s\" data-pass=\"%d\"", pass ? "pass" : "fail", pass ? 1 : 0);
    if (pointer) {
        jh_buf_puts(b, " data-src=\"");
        rhtml_escape(b, pointer);
        jh_buf_puts(b, "\"");
    }
    jh_buf_printf(b, ">%s ", pass ? "✓" : "×");
    rhtml_escape(b, pass ? yes : no);
    jh_buf_puts(b, "</span>");
}

void rhtml_suppressed(jh_buf_t *b, int min_n)
{
    jh_buf_printf(b, "<span class=\"supp\" data-suppressed=\"1\">样本不足 (n&lt;%d)</span>", min_n);
}

void rhtml_table_begin(jh_buf_t *b, const char *cls, const char *const *headers)
{
    rhtml_table_begin_caption(b, cls, NULL, headers);
}

void rhtml_table_begin_caption(jh_buf_t *b, const char *cls, const char *caption, const char *const *headers)
{
    jh_buf_puts(b, "<table");
    if (cls) {
        jh_buf_puts(b, " class=\"");
        rhtml_escape(b, cls);
        jh_buf_puts(b, "\"");
    }
    jh_buf_puts(b, ">");
    if (caption) {
        jh_buf_puts(b, "<caption>");
        rhtml_escape(b, caption);
        jh_buf_puts(b, "</caption>");
    }
    jh_buf_puts(b, "<thead><tr>");
    for (const char *const *h = headers; *h; h++) {
        jh_buf_puts(b, "<th>");
        rhtml_escape(b, *h);
        jh_buf_puts(b, "</th>");
    }
    jh_buf_puts(b, "</tr></thead><tbody>\n");
}

void rhtml_table_end(jh_buf_t *b)
{
    jh_buf_puts(b, "</tbody></table>\n");
}

/* ---- charts --------------------------------------------------------------- */

void rhtml_svg_hbars(jh_buf_t *b, const rhtml_bar_t *bars, int n, const rhtml_hbar_opts_t *o)
{
    const double W = 820, label_w = 210, x0 = 220, x1 = 730, row = 24, top = 30, bottom = 12;
    const double H = top + row * (n > 0 ? n : 1) + bottom;
#define XPOS(v) (x0 + (x1 - x0) * ((v) < 0 ? 0 : (v) > 1 ? 1 : (v)))
    svg_open(b, "hbars", W, H, o ? o->title : NULL);
    /* Grid and axis labels every 10 %. */
    for (int t = 0; t <= 10; t++) {
        char text[16];
        snprintf(text, sizeof text, "%d%%", t * 10);
        grid_tick(b, XPOS(t / 10.0), top, H - bottom, text);
    }
    for (int i = 0; i < n; i++) {
        const rhtml_bar_t *r = &bars[i];
        double y = top + row * i, cy = y + row / 2;
        row_label(b, label_w, cy, r->label, 16);
        if (r->suppressed) {
            jh_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#777\" "
                          "font-style=\"italic\" dominant-baseline=\"middle\" "
                          "data-suppressed=\"1\">",
                          x0 + 6, cy);
            if (r->note)
                rhtml_escape(b, r->note);
            else
                jh_buf_printf(b, "样本不足 (n&lt;%d)", o ? o->min_n : 5);
            jh_buf_puts(b, "</text>");
            continue;
        }
        double ref = r->own_ref > 0 ? r->own_ref : o ? o->ref : -1;
        bool has_ref = ref >= 0;
        bool low = has_ref && !stats_meets_standard(r->value, ref);
        /* the label beside the reference: never "85.0 %" with "×" */
        rhtml_fmt_t fmt = has_ref ? rhtml_fmt_apart(r->value, ref, RHTML_PCT1) : RHTML_PCT1;
        double w = XPOS(r->value) - x0;
        jh_buf_printf(b,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\" "
                      "stroke=\"%s\" stroke-width=\"0.8\"",
                      x0, cy - 7, w, low ? "url(#jh-hatch)" : COLOR_BAR,
                      low ? COLOR_BAR_LOW : "#1d4f91");
        if (r->pointer) num_attrs(b, r->pointer, r->value, fmt);
        jh_buf_puts(b, "/>");
        if (r->has_ci) {
            double a = XPOS(r->lo), c = XPOS(r->hi);
            jh_buf_printf(b,
                          "<g stroke=\"#222\" stroke-width=\"1.4\"><line x1=\"%.1f\" y1=\"%.1f\" "
                          "x2=\"%.1f\" y2=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                          "y2=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>",
                          a, cy, c, cy, a, cy - 5, a, cy + 5, c, cy - 5, c, cy + 5);
        }
        if (r->own_ref > 0) /* its own reference: a short solid line across its row */
            jh_buf_printf(b,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" COLOR_FAIL
                          "\" stroke-width=\"2.4\" data-ref=\"%g\"/>",
                          XPOS(r->own_ref), cy - 10, XPOS(r->own_ref), cy + 10, r->own_ref);
        char text[64];
        rhtml_fmt_value(r->value, fmt, text, sizeof text);
        jh_buf_printf(b,
                      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" dominant-baseline=\"middle\" "
                      "fill=\"%s\">%s%s</text>",
                      x1 + 8, cy, low ? COLOR_FAIL : "#1a1a1a", text, low ? " ×" : "");
    }
    if (o && o->ref >= 0) {
        double x = XPOS(o->ref);
        jh_buf_printf(b,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" COLOR_FAIL
                      "\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"700\" "
                      "fill=\"" COLOR_FAIL "\" text-anchor=\"start\">",
                      x, top - 4, x, H - bottom + 2, x + 3, top - 1);
        rhtml_escape(b, o->ref_label ? o->ref_label : "");
        jh_buf_puts(b, "</text>");
    }
    jh_buf_puts(b, "</svg>\n");
#undef XPOS
}

void rhtml_svg_grouped(jh_buf_t *b, const char *title, const char *const *categories, int n_cat,
                       const char *const *series, int n_ser, const double *values,
                       const char *const *notes, double ref, const char *ref_label)
{
    static const char *const fills[] = {"#1d4f91", "#6f9bd1", "#c7d8ee", "#8c8c8c"};
    const double W = 820, H = 300, x0 = 56, x1 = 800, y0 = 44, y1 = 250;
#define YPOS(v) (y1 - (y1 - y0) * ((v) < 0 ? 0 : (v) > 1 ? 1 : (v)))
    svg_open(b, "grouped", W, H, title);
    for (int t = 0; t <= 10; t += 2) {
        double y = YPOS(t / 10.0);
        jh_buf_printf(b,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e1e5ea\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                      "dominant-baseline=\"middle\" fill=\"#555\">%d%%</text>",
                      x0, y, x1, y, x0 - 6, y, t * 10);
    }
    /* Legend. */
    double lx = x0;
    for (int s = 0; s < n_ser; s++) {
        jh_buf_printf(b,
                      "<rect x=\"%.1f\" y=\"8\" width=\"14\" height=\"14\" fill=\"%s\" "
                      "stroke=\"#1d3f6a\" stroke-width=\"0.8\"/><text x=\"%.1f\" y=\"15\" "
                      "font-size=\"12.5\" dominant-baseline=\"middle\">",
                      lx, fills[s % 4], lx + 19);
        rhtml_escape(b, series[s]);
        jh_buf_puts(b, "</text>");
        lx += 110;
    }
    double group_w = (x1 - x0) / (n_cat > 0 ? n_cat : 1);
    double bar_w = group_w * 0.7 / (n_ser > 0 ? n_ser : 1);
    if (bar_w > 60) bar_w = 60;
    for (int c = 0; c < n_cat; c++) {
        double gx = x0 + group_w * c + (group_w - bar_w * n_ser) / 2;
        for (int s = 0; s < n_ser; s++) {
            double v = values[c * n_ser + s], bx = gx + bar_w * s;
            if (isnan(v)) {
                jh_buf_printf(b,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                              "fill=\"none\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>"
                              "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#777\" "
                              "text-anchor=\"middle\" data-suppressed=\"1\">",
                              bx + 2, y1 - 30, bar_w - 4, 30.0, bx + bar_w / 2,
                              y1 - 36 - 13.0 * (s % 2)); /* (neighbours staggered: the reasons are wider than a bar) */
                const char *why = notes ? notes[c * n_ser + s] : NULL;
                rhtml_escape(b, why ? why : "无数据");
                jh_buf_puts(b, "</text>");
                continue;
            }
            double y = YPOS(v);
            jh_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                          "fill=\"%s\" stroke=\"#1d3f6a\" stroke-width=\"0.8\"/>",
                          bx + 2, y, bar_w - 4, y1 - y, fills[s % 4]);
            char text[64];
            /* beside the reference line: never "85.0 %" for 84.97 % */
            rhtml_fmt_value(v, ref >= 0 ? rhtml_fmt_apart(v, ref, RHTML_PCT1) : RHTML_PCT1, text, sizeof text);
            jh_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10.5\" text-anchor=\"middle\">"
                          "%s</text>",
                          bx + bar_w / 2, y - 4, text);
        }
        jh_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12.5\" text-anchor=\"middle\">",
                      x0 + group_w * c + group_w / 2, y1 + 18);
        label_trunc(b, categories[c], 12);
        jh_buf_puts(b, "</text>");
    }
    jh_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", x0,
                  y1, x1, y1);
    if (ref >= 0) {
        double y = YPOS(ref);
        jh_buf_printf(b,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" COLOR_FAIL
                      "\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"/><text x=\"%.1f\" "
                      "y=\"%.1f\" font-size=\"11\" font-weight=\"700\" fill=\"" COLOR_FAIL
                      "\" text-anchor=\"end\">",
                      x0, y, x1, y, x1, y - 4);
        rhtml_escape(b, ref_label ? ref_label : "");
        jh_buf_puts(b, "</text>");
    }
    jh_buf_puts(b, "</svg>\n");
#undef YPOS
}

void rhtml_svg_cv(jh_buf_t *b, const char *title, const rhtml_cv_t *rows, int n)
{
    const double W = 820, label_w = 250, x0 = 260, x1 = 690, row = 26, top = 26, bottom = 10;
    const double H = top + row * (n > 0 ? n : 1) + bottom;
    double max = 0;
    for (int i = 0; i < n; i++) {
        if (isfinite(rows[i].cv) && rows[i].cv > max) max = rows[i].cv;
        if (rows[i].limit > max) max = rows[i].limit;
    }
    max = max > 0 ? ceil(max * 1.15 * 10) / 10 : 1;
#define XPOS(v) (x0 + (x1 - x0) * ((v) < 0 ? 0 : (v) > max ? 1 : (v) / max))
    svg_open(b, "cv", W, H, title);
    int ticks = (int)lround(max * 10);
    int step = ticks > 10 ? (ticks + 9) / 10 : 1;
    for (int t = 0; t <= ticks; t += step) {
        char text[16];
        snprintf(text, sizeof text, "%.1f", t / 10.0);
        grid_tick(b, XPOS(t / 10.0), top, H - bottom, text);
    }
    for (int i = 0; i < n; i++) {
        const rhtml_cv_t *r = &rows[i];
        double y = top + row * i, cy = y + row / 2;
        row_label(b, label_w, cy, r->label, 20);
        double lx = XPOS(r->limit);
        if (!isfinite(r->cv)) {
            jh_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#777\" "
                          "dominant-baseline=\"middle\">— 无法计算</text>",
                          x0 + 6, cy);
        } else {
            bool over = isfinite(r->limit) && !stats_within_limit(r->cv, r->limit);
            jh_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\" "
                          "stroke=\"%s\" stroke-width=\"0.8\"",
                          x0, cy - 7, XPOS(r->cv) - x0, over ? "url(#jh-hatch-red)" : COLOR_BAR,
                          over ? COLOR_FAIL : "#1d4f91");
            /* the CV beside its limit and verdict: never "0.500 / 0.50 × 超限" */
            rhtml_fmt_t fmt = isfinite(r->limit) ? rhtml_fmt_apart(r->cv, r->limit, RHTML_F3) : RHTML_F3;
            if (r->pointer) num_attrs(b, r->pointer, r->cv, fmt);
            jh_buf_puts(b, "/>");
            char cv[48], limit[48];
            rhtml_fmt_value(r->cv, fmt, cv, sizeof cv);
            rhtml_fmt_value(r->limit, RHTML_F2, limit, sizeof limit);
            jh_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" dominant-baseline=\"middle\" "
                          "fill=\"%s\">%s / %s %s</text>",
                          x1 + 8, cy, over ? COLOR_FAIL : COLOR_PASS, cv, limit,
                          !isfinite(r->limit) ? "" : over ? "× 超限" : "✓");
        }
        if (isfinite(r->limit))
            jh_buf_printf(b,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#111\" "
                          "stroke-width=\"2.5\"/>",
                          lx, cy - 10, lx, cy + 10);
    }
    jh_buf_printf(b,
                  "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#111\" "
                  "text-anchor=\"end\">黑色竖线 = 限值</text>",
                  label_w, top - 12);
    jh_buf_puts(b, "</svg>\n");
#undef XPOS
}

/* ---- static functions ----------------------------------------------------- */

static void num_attrs(jh_buf_t *b, const char *pointer, double v, rhtml_fmt_t fmt)
{
    num_attrs_named(b, pointer, v, rhtml_fmt_name(fmt));
}

static void num_attrs_named(jh_buf_t *b, const char *pointer, double v, const char *fmt_name)
{
    if (pointer) {
        jh_buf_puts(b, " data-p=\"");
        rhtml_escape(b, pointer);
        jh_buf_puts(b, "\"");
    }
    if (isfinite(v)) {
        /* the exact value: printf's "%.17g", written without printf where
         * it can be (a figure of the annex's school cards each; issue 20) */
        char t[40];
        int n = jh_fmt_g(t, v, 17);
        if (n <= 0) n = snprintf(t, sizeof t, "%.17g", v);
        jh_buf_puts(b, " data-v=\"");
        jh_buf_append(b, t, (size_t)n);
        jh_buf_puts(b, "\"");
    } else
        jh_buf_puts(b, " data-v=\"null\"");
    jh_buf_printf(b, " data-f=\"%s\"", fmt_name);
}

/* Appends s escaped, cut to max_chars code points with "…" when longer. */
static void label_trunc(jh_buf_t *b, const char *s, int max_chars)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s;
    int chars = 0;
    while (*p && chars < max_chars) {
        p++;
        while ((*p & 0xC0) == 0x80) p++;
        chars++;
    }
    if (!*p) {
        rhtml_escape(b, s);
        return;
    }
    char *cut = jh_strndup(s, (size_t)((const char *)p - s));
    rhtml_escape(b, cut);
    jh_buf_puts(b, "…");
    free(cut);
}

/* A chart's vertical grid line at x, from just above top down to bottom_y,
 * with its axis label text (plain, no markup) above it. */
static void grid_tick(jh_buf_t *b, double x, double top, double bottom_y, const char *text)
{
    jh_buf_printf(b,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e1e5ea\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
                  "fill=\"#555\">%s</text>",
                  x, top - 6, x, bottom_y, x, top - 12, text);
}

/* A chart row's label, right-aligned at x on the row's middle cy, cut to
 * max_chars characters (escaped). */
static void row_label(jh_buf_t *b, double x, double cy, const char *label, int max_chars)
{
    jh_buf_printf(b,
                  "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12.5\" text-anchor=\"end\" "
                  "dominant-baseline=\"middle\">",
                  x, cy);
    label_trunc(b, label, max_chars);
    jh_buf_puts(b, "</text>");
}

/* Opens a chart's <svg> of class "chart cls", w x h, with a <title> (escaped)
 * when title is not NULL. */
static void svg_open(jh_buf_t *b, const char *cls, double w, double h, const char *title)
{
    jh_buf_printf(b,
                  "<svg class=\"chart %s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                  "xmlns=\"http://www.w3.org/2000/svg\">",
                  cls, w, h);
    if (title) {
        jh_buf_puts(b, "<title>");
        rhtml_escape(b, title);
        jh_buf_puts(b, "</title>");
    }
}
