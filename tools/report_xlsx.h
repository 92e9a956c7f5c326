/* report_xlsx.h - a thin layer over libxlsxwriter for the report workbook:
 * sheets declared as typed columns (Chinese header, width, number format),
 * written row by row in constant-memory mode (no row limit held in memory),
 * with a frozen header row and an autofilter over the rows written.
 *
 * Ownership: rxlsx_open returns a workbook owned by the caller, finished with
 * rxlsx_close (which frees it whatever happens).  Sheets belong to the
 * workbook.  Strings passed in are copied. */
#ifndef JH_REPORT_XLSX_H
#define JH_REPORT_XLSX_H

#include "jh.h"

typedef enum {
    RXLSX_TEXT = 0,  /* plain text */
    RXLSX_INT,       /* #,##0 */
    RXLSX_NUM1,      /* #,##0.0 */
    RXLSX_NUM2,      /* #,##0.00 */
    RXLSX_NUM3,      /* 0.000 */
    RXLSX_NUM4,      /* 0.0000 (small ratios) */
    RXLSX_PCT,       /* 0.0% (value is a fraction) */
} rxlsx_kind_t;

typedef struct {
    const char *header;  /* Chinese header text (copied by rxlsx_sheet_add) */
    rxlsx_kind_t kind;   /* default format of the column */
    double width;        /* widest the column grows, in characters (0 = 12): it is
                          * as wide as its widest text or number, at most this;
                          * longer texts wrap.  A header is never narrower than
                          * its longest line (long headers carry a '\n'). */
} rxlsx_col_t;

typedef struct rxlsx rxlsx_t;
typedef struct rxlsx_sheet rxlsx_sheet_t;

/* Starts a workbook that will be written to path on rxlsx_close (through
 * path + ".tmp" and a rename, so a failed run leaves no half file). */
jh_status_t rxlsx_open(const char *path, rxlsx_t **out, jh_err_t *err);

/* Adds a sheet (name at most 31 characters) with n columns and writes its
 * header row.  Sheets are written one after another: adding a sheet ends
 * the previous one.  header_rows > 1 is not supported; a sheet may have a
 * title line above the header (title may be NULL). */
rxlsx_sheet_t *rxlsx_sheet_add(rxlsx_t *x, const char *name, const char *title,
                               const rxlsx_col_t *cols, int n);

/* Prints only the first n columns (the rest are for working on screen,
 * such as a file's SHA-256): each sheet prints one page wide, and every
 * column printed makes its text smaller (review rexcel5 item 1). */
void rxlsx_print_cols(rxlsx_sheet_t *s, int n);

/* Cells of the current row; then rxlsx_row_end moves to the next row. */
void rxlsx_text(rxlsx_sheet_t *s, int col, const char *text);   /* NULL: empty cell */
void rxlsx_num(rxlsx_sheet_t *s, int col, double v);            /* NaN: empty cell */
/* A date and time (its fields as struct tm keeps them, the zone the
 * caller's) as a date cell shown "2026-12-03 01:24": it sorts and filters
 * as a date. */
struct tm;
void rxlsx_datetime(rxlsx_sheet_t *s, int col, const struct tm *tm);
void rxlsx_num_as(rxlsx_sheet_t *s, int col, double v, rxlsx_kind_t kind);
/* A number shown with d decimals (0 to 8, thousands separators). */
void rxlsx_num_decimals(rxlsx_sheet_t *s, int col, double v, int d);
/* A number compared with a standard, limit or threshold (ref1, ref2; NaN:
 * none) in the column's format, with more decimals where that format would
 * show it equal to a ref it is not equal to (issue 19 item 14). */
void rxlsx_num_vs(rxlsx_sheet_t *s, int col, double v, double ref1, double ref2);
void rxlsx_num_vs_as(rxlsx_sheet_t *s, int col, double v, rxlsx_kind_t kind, double ref1, double ref2);
void rxlsx_row_end(rxlsx_sheet_t *s);
/* The next number cell written (rxlsx_num…) is shaded dark: a value that
 * fails its standard, as the national application form marks it. */
void rxlsx_dark(rxlsx_sheet_t *s);
/* Every cell of the sheet's printed columns framed with thin lines, empty
 * ones too, as on the paper form (the national application form's sheets);
 * called before the first row. */
void rxlsx_borders(rxlsx_sheet_t *s);
/* A short text (not NULL) centred in its cell: "—" in a column of figures
 * stands clear of the figure to its left. */
void rxlsx_text_center(rxlsx_sheet_t *s, int col, const char *text);
/* A line of notes (one cell, not wrapped) written below the sheet's rows,
 * after a blank row, outside its autofilter, when the sheet ends. */
void rxlsx_note(rxlsx_sheet_t *s, const char *text);

/* Writes the file (durably, as rxlsx_close_workbook) and frees the workbook.  Errors: JH_ERR_IO (with the
 * library's reason), JH_ERR_FULL. */
jh_status_t rxlsx_close(rxlsx_t *x, jh_err_t *err);

/* Closes a libxlsxwriter workbook written to tmp, flushes it to disk and
 * renames it to path, then flushes path's folder (removing tmp on failure),
 * for workbooks built without rxlsx. */
struct lxw_workbook;
jh_status_t rxlsx_close_workbook(struct lxw_workbook *wb, const char *tmp, const char *path, jh_err_t *err);

#endif
