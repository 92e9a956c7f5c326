/* report_xlsx.c - typed-column sheets over libxlsxwriter (see report_xlsx.h). */
#include "report_xlsx.h"
#include "i18n.h"

#include "stats.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* ---- types ---------------------------------------------------------------- */

#define KINDS 7
/* The height of a wrapped line in points: LibreOffice sets Chinese at 11
 * points in a CJK font (Noto Sans CJK, WenQuanYi) about 16 points a line,
 * taller than the 13.5 of a Latin one (Excel's DengXian: about 15). */
#define LINE_PT 16.0

struct rxlsx_sheet {
    lxw_worksheet *ws;
    rxlsx_col_t *cols;    /* owned copy of the column specs, headers copied too */
    int n_cols;
    lxw_row_t header_row; /* row of the header */
    lxw_row_t row;        /* current row */
    bool row_used;        /* a cell was written on the current row */
    double *fit;          /* per column: widest text written, in character widths */
    double *cap;          /* per column: widest it grows (its spec's width); longer texts wrap */
    int print_cols;       /* columns printed (the first ones), 0: all */
    int lines;            /* lines the current row's wrapped texts need (0: one) */
    bool dark;            /* the next number cell is shaded dark (rxlsx_dark) */
    int border;           /* 1: every cell of the printed columns has thin borders (rxlsx_borders) */
    bool *written;        /* per column: a cell was written on the current row */
    char **notes;         /* lines written below the rows when the sheet ends (owned) */
    int n_notes;
    rxlsx_t *x;
};

struct rxlsx {
    lxw_workbook *wb;
    char *path;                   /* final path (owned) */
    char *tmp;                    /* path written by libxlsxwriter (owned) */
    /* every cell format twice: [0] plain, [1] with thin borders (rxlsx_borders) */
    lxw_format *fmt[2][KINDS];    /* per kind, NULL for text */
    lxw_format *fine[2][2][9];    /* [0] "0.00…" and [1] "0.00…%" with 0..8 decimals */
    lxw_format *dark_fmt[2][KINDS]; /* the same, on a dark background (rxlsx_dark) */
    lxw_format *dark_fine[2][2][9];
    lxw_format *header;
    lxw_format *title;
    lxw_format *text[2];          /* text cells */
    lxw_format *wrap[2];          /* text cells of columns too narrow for them */
    lxw_format *center[2];        /* a text centred in its cell (rxlsx_text_center) */
    lxw_format *datetime;         /* date and time cells: "2026-12-03 01:24" */
    rxlsx_sheet_t **sheets;       /* owned */
    int n_sheets;
};

/* ---- static prototypes ---------------------------------------------------- */

static void sheet_finish(rxlsx_sheet_t *s);
static lxw_format *num_format(lxw_workbook *wb, const char *numfmt, bool dark, int border);
static double text_width(const char *s);
static double num_width(double v, int decimals, bool pct);

/* ---- public functions ----------------------------------------------------- */

jh_status_t rxlsx_open(const char *path, rxlsx_t **out, jh_err_t *err)
{
    *out = NULL;
    rxlsx_t *x = jh_xcalloc(1, sizeof *x);
    x->path = jh_strdup(path);
    x->tmp = jh_sprintf("%s.tmp", path);
    /* Constant-memory mode: each row goes to a temporary file as soon as the
     * next one starts, so a sheet of a million rows costs no more memory than
     * one of ten. */
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    x->wb = workbook_new_opt(x->tmp, &opts);
    if (!x->wb) {
        jh_status_t st = jh_err_set(err, JH_ERR_IO, _("%s: cannot start the workbook"), x->tmp);
        free(x->path);
        free(x->tmp);
        free(x);
        return st;
    }
    static const char *const numfmt[KINDS] = {NULL,    "#,##0",  "#,##0.0", "#,##0.00",
                                              "0.000", "0.0000", "0.0%"};
    /* (every format is made here, before any sheet: formats are shared by
     * the sheets and numbered once) */
    for (int b = 0; b < 2; b++) {
        for (int k = 1; k < KINDS; k++) {
            x->fmt[b][k] = num_format(x->wb, numfmt[k], false, b);
            x->dark_fmt[b][k] = num_format(x->wb, numfmt[k], true, b);
        }
        for (int pct = 0; pct < 2; pct++)
            for (int dec = 0; dec < 9; dec++) {
                char f[32];
                snprintf(f, sizeof f, "%s%s%.*s%s", pct ? "0" : "#,##0", dec ? "." : "", dec, "00000000",
                         pct ? "%" : "");
                x->fine[b][pct][dec] = num_format(x->wb, f, false, b);
                x->dark_fine[b][pct][dec] = num_format(x->wb, f, true, b);
            }
    }
    x->header = workbook_add_format(x->wb);
    format_set_bold(x->header);
    format_set_bg_color(x->header, 0xDDE6F0);
    format_set_border(x->header, LXW_BORDER_THIN);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    /* Every cell at the top of its row: a row grown for a wrapped text
     * keeps its figures on that text's first line. */
    for (int b = 0; b < 2; b++) {
        x->text[b] = workbook_add_format(x->wb);
        format_set_align(x->text[b], LXW_ALIGN_VERTICAL_TOP);
        x->wrap[b] = workbook_add_format(x->wb);
        format_set_text_wrap(x->wrap[b]);
        format_set_align(x->wrap[b], LXW_ALIGN_VERTICAL_TOP);
        x->center[b] = workbook_add_format(x->wb);
        format_set_align(x->center[b], LXW_ALIGN_VERTICAL_TOP);
        format_set_align(x->center[b], LXW_ALIGN_CENTER);
        if (b) {
            format_set_border(x->text[b], LXW_BORDER_THIN);
            format_set_border(x->wrap[b], LXW_BORDER_THIN);
            format_set_border(x->center[b], LXW_BORDER_THIN);
        }
    }
    x->datetime = workbook_add_format(x->wb);
    format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm");
    format_set_align(x->datetime, LXW_ALIGN_VERTICAL_TOP);
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 13);
    *out = x;
    return JH_OK;
}

rxlsx_sheet_t *rxlsx_sheet_add(rxlsx_t *x, const char *name, const char *title,
                               const rxlsx_col_t *cols, int n)
{
    if (x->n_sheets > 0) sheet_finish(x->sheets[x->n_sheets - 1]);
    rxlsx_sheet_t *s = jh_xcalloc(1, sizeof *s);
    s->ws = workbook_add_worksheet(x->wb, name);
    JH_EXPECT(s->ws != NULL); /* sheet names are fixed strings of ours */
    s->cols = jh_xmalloc(sizeof *cols * (size_t)n);
    memcpy(s->cols, cols, sizeof *cols * (size_t)n);
    for (int c = 0; c < n; c++) s->cols[c].header = jh_strdup(cols[c].header); /* (built ones too) */
    s->n_cols = n;
    s->fit = jh_xcalloc((size_t)n, sizeof *s->fit);
    s->cap = jh_xcalloc((size_t)n, sizeof *s->cap);
    s->written = jh_xcalloc((size_t)n, sizeof *s->written);
    s->x = x;
    x->sheets = jh_xrealloc(x->sheets, sizeof *x->sheets * (size_t)(x->n_sheets + 1));
    x->sheets[x->n_sheets++] = s;
    lxw_row_t r = 0;
    if (title) {
        char *clean = jh_without_controls(title); /* as rxlsx_text */
        worksheet_write_string(s->ws, r, 0, clean, x->title);
        free(clean);
        r++;
    }
    /* A header is as wide as its longest line: long headers carry their
     * own line breaks ("参与优质\n均衡计算"), so that no word is cut in
     * two when it wraps (review rexcel5 item 9). */
    int head_lines = 1;
    for (int c = 0; c < n; c++) {
        s->cap[c] = cols[c].width > 0 ? cols[c].width : 12;
        worksheet_write_string(s->ws, r, (lxw_col_t)c, cols[c].header, x->header);
        /* (its width plus 1 holds it: a column's width counts a margin
         * already; less for bold Chinese would wrap it, review rexcel5) */
        double hw = text_width(cols[c].header) - 0.5;
        s->fit[c] = hw > 4 ? hw : 4;
        int lines = 1;
        for (const char *p = cols[c].header; *p; p++) lines += *p == '\n';
        if (lines > head_lines) head_lines = lines;
    }
    worksheet_set_row(s->ws, r, LINE_PT * head_lines + 2, NULL);
    s->header_row = r;
    s->row = r + 1;
    worksheet_freeze_panes(s->ws, r + 1, 0);
    /* Printing: landscape A4, every column on one page width (as many pages
     * down as needed), the title and header rows on every page, page
     * numbers in the footer ("第 1 页 共 3 页"). */
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 9); /* A4 */
    worksheet_set_margins(s->ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_fit_to_pages(s->ws, 1, 0);
    worksheet_repeat_rows(s->ws, 0, r);
    worksheet_set_footer(s->ws, "&C第 &P 页 共 &N 页");
    return s;
}

void rxlsx_print_cols(rxlsx_sheet_t *s, int n)
{
    JH_EXPECT(n > 0 && n <= s->n_cols);
    s->print_cols = n;
}

void rxlsx_note(rxlsx_sheet_t *s, const char *text)
{
    s->notes = jh_xrealloc(s->notes, sizeof *s->notes * (size_t)(s->n_notes + 1));
    s->notes[s->n_notes++] = jh_without_controls(text);
}

void rxlsx_dark(rxlsx_sheet_t *s) { s->dark = true; }

void rxlsx_borders(rxlsx_sheet_t *s)
{
    JH_EXPECT(s->row == s->header_row + 1 && !s->row_used); /* before the first row */
    s->border = 1;
}

void rxlsx_text_center(rxlsx_sheet_t *s, int col, const char *text)
{
    JH_EXPECT(col >= 0 && col < s->n_cols && text && !jh_has_controls(text));
    s->row_used = true;
    s->written[col] = true;
    double w = text_width(text);
    if (w > s->fit[col]) s->fit[col] = w;
    worksheet_write_string(s->ws, s->row, (lxw_col_t)col, text, s->x->center[s->border]);
}

void rxlsx_text(rxlsx_sheet_t *s, int col, const char *text)
{
    JH_EXPECT(col >= 0 && col < s->n_cols);
    s->row_used = true;
    if (!text || !*text) return;
    s->written[col] = true;
    if (jh_has_controls(text)) {
        /* A name from a database an older junheng filled, with a direction
         * override (U+202E): in the cell it reverses the text after it
         * (several schools' names joined, a code and a name).  Left out,
         * as in the report (review rattack5 finding 2). */
        char *clean = jh_without_controls(text);
        rxlsx_text(s, col, clean);
        free(clean);
        return;
    }
    double w = text_width(text), cap = s->cap[col];
    if (w > s->fit[col]) s->fit[col] = w;
    worksheet_write_string(s->ws, s->row, (lxw_col_t)col, text,
                           w > cap - 1.5 ? s->x->wrap[s->border] : s->x->text[s->border]);
    if (w > cap - 1.5) {
        /* Neither LibreOffice nor Excel grows a row for wrapped text when
         * it opens a file: the height is given, LINE_PT a line.  w already
         * counts a CJK character 2.1 wide, which leaves room for the words
         * and punctuation a line does not break before (review rnum3: 0.85
         * of it and 13.5 points cut the third line of a 177-wide text); a
         * line holds the column's width less its margins (1.5). */
        int lines = (int)ceil(w / (cap - 1.5));
        if (lines > s->lines) s->lines = lines;
    }
}

void rxlsx_datetime(rxlsx_sheet_t *s, int col, const struct tm *tm)
{
    JH_EXPECT(col >= 0 && col < s->n_cols);
    s->row_used = true;
    lxw_datetime dt = {tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec};
    if (s->fit[col] < 16) s->fit[col] = 16; /* "2026-12-03 01:24" */
    worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col, &dt, s->x->datetime);
}

void rxlsx_num(rxlsx_sheet_t *s, int col, double v)
{
    JH_EXPECT(col >= 0 && col < s->n_cols);
    rxlsx_num_as(s, col, v, s->cols[col].kind);
}

void rxlsx_num_as(rxlsx_sheet_t *s, int col, double v, rxlsx_kind_t kind)
{
    JH_EXPECT(col >= 0 && col < s->n_cols && kind >= 0 && kind < KINDS);
    s->row_used = true;
    bool dark = s->dark;
    s->dark = false;
    if (!isfinite(v)) return;
    s->written[col] = true;
    static const int decimals[KINDS] = {0, 0, 1, 2, 3, 4, 1};
    double w = num_width(v, decimals[kind], kind == RXLSX_PCT);
    if (w > s->fit[col]) s->fit[col] = w;
    worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, (dark ? s->x->dark_fmt : s->x->fmt)[s->border][kind]);
}

void rxlsx_num_decimals(rxlsx_sheet_t *s, int col, double v, int d)
{
    JH_EXPECT(col >= 0 && col < s->n_cols && d >= 0 && d <= 8);
    s->row_used = true;
    if (!isfinite(v)) return;
    double w = num_width(v, d, false);
    if (w > s->fit[col]) s->fit[col] = w;
    worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, s->x->fine[s->border][0][d]);
}

void rxlsx_num_vs(rxlsx_sheet_t *s, int col, double v, double ref1, double ref2)
{
    JH_EXPECT(col >= 0 && col < s->n_cols);
    rxlsx_num_vs_as(s, col, v, s->cols[col].kind, ref1, ref2);
}

void rxlsx_num_vs_as(rxlsx_sheet_t *s, int col, double v, rxlsx_kind_t kind, double ref1, double ref2)
{
    static const int base[KINDS] = {0, 0, 1, 2, 3, 4, 1};
    JH_EXPECT(col >= 0 && col < s->n_cols && kind >= 0 && kind < KINDS);
    if (kind == RXLSX_TEXT || kind == RXLSX_INT || !isfinite(v)) {
        rxlsx_num_as(s, col, v, kind);
        return;
    }
    bool pct = kind == RXLSX_PCT;
    double k = pct ? 100.0 : 1.0;
    int d = stats_apart_decimals(v * k, ref1 * k, base[kind]);
    d = stats_apart_decimals(v * k, ref2 * k, d);
    if (d == base[kind]) {
        rxlsx_num_as(s, col, v, kind);
        return;
    }
    s->row_used = true;
    s->written[col] = true;
    bool dark = s->dark;
    s->dark = false;
    double w = num_width(v, d > 8 ? 8 : d, pct);
    if (w > s->fit[col]) s->fit[col] = w;
    worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v,
                           (dark ? s->x->dark_fine : s->x->fine)[s->border][pct][d > 8 ? 8 : d]);
}

void rxlsx_row_end(rxlsx_sheet_t *s)
{
    /* a bordered sheet's empty cells are framed too, as on the paper form */
    int printed = s->print_cols > 0 ? s->print_cols : s->n_cols;
    for (int c = 0; s->border && s->row_used && c < printed; c++)
        if (!s->written[c]) worksheet_write_blank(s->ws, s->row, (lxw_col_t)c, s->x->text[1]);
    memset(s->written, 0, sizeof *s->written * (size_t)s->n_cols);
    if (s->lines > 1) worksheet_set_row(s->ws, s->row, LINE_PT * s->lines + 2, NULL);
    s->lines = 0;
    s->row++;
    s->row_used = false;
}

jh_status_t rxlsx_close_workbook(lxw_workbook *wb, const char *tmp, const char *path, jh_err_t *err)
{
    errno = 0;
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        int saved = errno;
        /* A sentence in the message's language first; libxlsxwriter's own
         * (English) words after it, for the technicians. */
        const char *why = saved == ENOSPC || saved == EDQUOT ? _("the disk is full: free some space, then run again")
                          : saved == EROFS || saved == EACCES || saved == EPERM
                              ? _("the folder may not be written: choose another --out folder")
                          : e == LXW_ERROR_CREATING_XLSX_FILE
                              ? _("the file could not be created: check that its folder exists and may be written")
                          : e == LXW_ERROR_CREATING_TMPFILE || e == LXW_ERROR_READING_TMPFILE
                              ? _("a temporary file could not be written (the folder TMPDIR names, else /tmp): "
                                  "check that it exists and has space")
                          : e == LXW_ERROR_MEMORY_MALLOC_FAILED ? _("out of memory")
                              : _("the spreadsheet library failed while writing it");
        jh_status_t st = jh_err_set(err, saved ? jh_status_from_errno(saved) : JH_ERR_IO,
                                    _("%s: cannot write the workbook: %s (libxlsxwriter: %s%s%s)"), path, why,
                                    lxw_strerror(e), saved ? ": " : "", saved ? strerror(saved) : "");
        unlink(tmp);
        return st;
    }
    /* libxlsxwriter writes with stdio and never flushes to disk: the bytes
     * first, so a power cut after the rename cannot leave an empty or torn
     * workbook under its name */
    jh_status_t st = jh_fsync_path(tmp, err);
    if (st != JH_OK) {
        unlink(tmp);
        return st;
    }
    if (rename(tmp, path) != 0) {
        st = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot rename %s into place: %s"), path, tmp,
                        strerror(errno));
        unlink(tmp);
        return st;
    }
    /* and the new name on disk */
    char *dir = jh_strdup(path), *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    st = jh_fsync_path(slash ? dir : ".", err);
    free(dir);
    return st;
}

jh_status_t rxlsx_close(rxlsx_t *x, jh_err_t *err)
{
    if (x->n_sheets > 0) sheet_finish(x->sheets[x->n_sheets - 1]);
    jh_status_t st = rxlsx_close_workbook(x->wb, x->tmp, x->path, err);
    for (int i = 0; i < x->n_sheets; i++) {
        for (int c = 0; c < x->sheets[i]->n_cols; c++) free((char *)x->sheets[i]->cols[c].header);
        for (int k = 0; k < x->sheets[i]->n_notes; k++) free(x->sheets[i]->notes[k]);
        free(x->sheets[i]->notes);
        free(x->sheets[i]->cols);
        free(x->sheets[i]->fit);
        free(x->sheets[i]->cap);
        free(x->sheets[i]->written);
        free(x->sheets[i]);
    }
    free(x->sheets);
    free(x->path);
    free(x->tmp);
    free(x);
    return st;
}

/* The workbook's files are deflated at zlib's fastest level.  libxlsxwriter
 * (1.1.4) asks minizip for Z_DEFAULT_COMPRESSION (6) and has no option for
 * it; this definition of minizip's function, which libxlsxwriter calls for
 * every file of the package, comes first in the dynamic linker's lookup and
 * hands the call on to minizip's own with level 1 (Z_BEST_SPEED).  For a
 * 2,000-school county the sheets are 26 MB of XML: level 6 took 0.35 s of
 * the report's critical path, level 1 0.1 s; the workbook is 3.2 MB instead
 * of 2.5 MB and holds the same XML (zip and zlib do all the work, as
 * before).  The arguments are minizip 1.1's (zip.h), which every minizip
 * since 2010 keeps. */
int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi, const void *extrafield_local,
                            unsigned size_extrafield_local, const void *extrafield_global,
                            unsigned size_extrafield_global, const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy, unsigned long flagBase,
                            int zip64);
static void *zip_open_real; /* minizip's own, set once by zip_open_lookup */

static void zip_open_lookup(void)
{
    zip_open_real = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    JH_EXPECT(zip_open_real != NULL); /* libxlsxwriter calls it: minizip is loaded */
}

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi, const void *extrafield_local,
                            unsigned size_extrafield_local, const void *extrafield_global,
                            unsigned size_extrafield_global, const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy, unsigned long flagBase,
                            int zip64)
{
    typedef int (*open_fn)(void *, const char *, const void *, const void *, unsigned, const void *, unsigned,
                           const char *, int, int, int, int, int, int, const char *, unsigned long,
                           unsigned long, unsigned long, int);
    /* looked up once for all threads (the report's workbooks are written
     * on threads of their own) */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, zip_open_lookup);
    open_fn real;
    memcpy(&real, &zip_open_real, sizeof real); /* the pointer's bits, as POSIX says dlsym's result is used */
    if (level != 0) level = 1; /* stored files (0) stay stored */
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy, password,
                crcForCrypting, versionMadeBy, flagBase, zip64);
}

/* ---- static functions ----------------------------------------------------- */

/* A number format, at the top of its cell; dark: on a dark grey background
 * with white figures, as the national application form marks a failing
 * value (表Ⅱ: 用深色背景做标志), legible on screen and in grey print. */
static lxw_format *num_format(lxw_workbook *wb, const char *numfmt, bool dark, int border)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, numfmt);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (dark) {
        format_set_bg_color(f, 0x595959);
        format_set_font_color(f, LXW_COLOR_WHITE);
        format_set_bold(f);
    }
    return f;
}

/* Width of text in Excel character widths: a Chinese character (or any
 * character beyond U+1100) takes two, a digit one (the unit of a column's
 * width), others a little more; the longest line counts. */
static double text_width(const char *s)
{
    double w = 0, line = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == '\n') {
            line = 0;
            p++;
            continue;
        }
        unsigned cp = *p;
        int len = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
        if (len == 3) cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        line += len >= 3 && cp >= 0x1100 ? 2.1 : cp >= '0' && cp <= '9' ? 1.0 : 1.1;
        if (line > w) w = line;
        for (int i = 0; i < len && *p; i++) p++;
    }
    return w;
}

/* Width of a number as its format shows it ("1,234", "85.0%"), in
 * character widths. */
static double num_width(double v, int decimals, bool pct)
{
    double a = fabs(pct ? v * 100 : v);
    int digits = a < 10 ? 1 : (int)floor(log10(a)) + 1;
    if (digits > 15) digits = 15;
    int chars = digits + (pct ? 0 : (digits - 1) / 3) + (decimals ? decimals + 1 : 0) + (v < 0) + pct;
    return chars * 1.0; /* (digits, the unit of a column's width) */
}

/* Column widths to fit what was written (at most the column's width:
 * longer texts wrap), autofilter over the header and every row written. */
static void sheet_finish(rxlsx_sheet_t *s)
{
    for (int c = 0; c < s->n_cols; c++) {
        double w = s->fit[c] + 1.5;
        if (w > s->cap[c]) w = s->cap[c];
        /* (a header is never cut: its longest line sets the least width) */
        double hw = text_width(s->cols[c].header) + 1.0;
        if (w < hw) w = hw;
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
    lxw_row_t last = s->row_used ? s->row : s->row - 1;
    if (last < s->header_row) last = s->header_row;
    worksheet_autofilter(s->ws, s->header_row, 0, last, (lxw_col_t)(s->n_cols - 1));
    /* notes below the rows, past a blank one: outside the filter's range */
    for (int k = 0; k < s->n_notes; k++)
        worksheet_write_string(s->ws, last + 2 + (lxw_row_t)k, 0, s->notes[k], s->x->text[0]);
    if (s->print_cols > 0 && s->print_cols < s->n_cols)
        worksheet_print_area(s->ws, 0, 0, LXW_ROW_MAX - 1, (lxw_col_t)(s->print_cols - 1));
}
