/* schools.h - the school register: a UTF-8 CSV file (with or without a BOM)
 * with one row per school and raw counts, headers in Chinese or English.
 * The columns are documented in docs/bureau.md and printed by
 * `junheng template schools`.
 *
 * Ownership: schools_read_* returns an array the caller frees with free();
 * it holds no pointers. */
#ifndef JH_SCHOOLS_H
#define JH_SCHOOLS_H

#include "jh.h"
#include "stats.h"

/* Parses the register in text (len bytes).  name is the file name used in
 * messages.  Every problem is reported, one per line, in errors (may be
 * NULL), each of the form
 *   schools.csv:7: column 'enrolment' (在校生数): expected a whole number ≥ 0, got '12a'
 * and the first one in err.  Differences worth a look that do not stop the
 * import (a total enrolment that differs from the sum of the levels) go to
 * warnings (may be NULL).  On success *out holds *n schools in file order.
 * Returns JH_ERR_INVALID when any row is bad; nothing is returned then. */
jh_status_t schools_read_text(const char *name, const char *text, size_t len,
                              stats_school_t **out, int *n, jh_buf_t *errors,
                              jh_buf_t *warnings, jh_err_t *err);

/* Reads path and calls schools_read_text with the file's base name. */
jh_status_t schools_read_file(const char *path, stats_school_t **out, int *n,
                              jh_buf_t *errors, jh_buf_t *warnings, jh_err_t *err);

/* Appends the empty template: a UTF-8 BOM and one header row whose cells
 * carry both names ("学校代码 (code)"), which the reader accepts. */
void schools_template(jh_buf_t *out);

/* Column names of a register field, for messages and CSV output
 * (English key and Chinese name); part < 0 for the whole-school column. */
const char *schools_field_key(stats_field_t f);
const char *schools_field_zh(stats_field_t f);

#endif
