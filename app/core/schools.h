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

/* Parses the register in text (len bytes): UTF-8, or GBK/GB18030 or
 * UTF-16 text decoded (a note in warnings says so), cells separated by
 * commas or, in Excel's "Unicode text", by tabs.  name is the file name
 * used in messages.  Every problem is reported, one per line, in errors (may be
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
 * carry both names ("学校代码 (code)"), which the reader accepts.  extras
 * adds the optional evaluation columns (classes, rooms, certificates ...). */
void schools_template(jh_buf_t *out, bool extras);

/* A school with every value NAN (not given), public, at line. */
void schools_init(stats_school_t *s, int line);

/* A whole-school count: the sum of the levels when every level gives it,
 * else the whole-school value (NAN when neither is given). */
double schools_total(const stats_school_t *s, stats_field_t f);

/* An amount far below any real school for its students: typed in 万元,
 * 万平方米 or 万册 where the column is read in 元, 平方米, 册 (equipment,
 * floor and sports area, books, the public and the teacher training
 * funds).  The reader warns of them at `junheng schools`; the statistics
 * and the report repeat them from the stored register (review fmerge9,
 * item 2). */
/* (the four register fields per level or whole, the two funds whole) */
#define SCHOOLS_UNIT_MAX (4 * STATS_PART_COUNT + 2)
typedef struct {
    bool extra;        /* x (an evaluation input) is the column, else f */
    stats_field_t f;
    int part;          /* the level's column (a stats_part_t), or -1 for the whole school's */
    stats_extra_t x;
    double value;      /* the whole school's, or the level's */
    double students;   /* its enrolment (the level's for a level's amount) */
    char per[32];      /* value / students, written with two significant digits ("0.25") */
    const char *unit;  /* what the column is read in: "元", "平方米", "册", "元/年" */
    const char *scaled;/* what it was likely typed in: "万元", "万平方米", "万册" */
} schools_unit_t;

/* The amounts of s that look typed in another unit, at most max (every
 * one fits in SCHOOLS_UNIT_MAX); bad (may be NULL) marks fields the reader
 * could not read.  Returns how many. */
int schools_unit_checks(const stats_school_t *s, const bool *bad, schools_unit_t *out, int max);

/* Column names of an evaluation input; whether it is a 是/否 column. */
const char *schools_extra_key(stats_extra_t x);
const char *schools_extra_zh(stats_extra_t x);
bool schools_extra_yes_no(stats_extra_t x);

/* Parses 是/否, 有/无, yes/no, 1/0, √/× into 1 / 0; false when it is none. */
bool schools_parse_yes_no(const char *s, double *out);

/* Column names of a register field, for messages and CSV output
 * (English key and Chinese name); part < 0 for the whole-school column. */
const char *schools_field_key(stats_field_t f);
const char *schools_field_zh(stats_field_t f);

/* The CSV reader the register uses, for the bureau's other CSV files
 * (county facts, the rectification plan): RFC 4180 quoting, a BOM skipped,
 * blank rows dropped.  `cells` are trimmed of spaces, tabs, U+00A0 and
 * U+3000 (quoted too), for codes, keys, numbers and headers; `raw` holds
 * the same cells exactly as typed, for free text (names, measures,
 * progress, departments, deadlines, evidence).  Not UTF-8 or an unclosed
 * quote is an error naming the line.  Free with schools_csv_free. */
typedef struct {
    char **cells;   /* trimmed */
    char **raw;     /* as typed */
    int n;
    int line;   /* line where the row starts */
} schools_row_t;

jh_status_t schools_csv_rows(const char *name, const char *text, size_t len,
                             schools_row_t **rows, int *n_rows, jh_err_t *err);
/* The same, with a line in notes (may be NULL) when the file was read as
 * something else than comma-separated UTF-8: GBK/GB18030 or UTF-16 text
 * (decoded), tab-separated cells (Excel's "Unicode text"). */
jh_status_t schools_csv_rows_noted(const char *name, const char *text, size_t len, schools_row_t **rows,
                                   int *n_rows, jh_buf_t *notes, jh_err_t *err);
void schools_csv_free(schools_row_t *rows, int n);
/* How many cells of row name a column of the school register (for the
 * county facts reader to tell a register given in its place). */
int schools_header_columns(const schools_row_t *row);
/* The part of s without the blanks the reader trims (spaces, tabs, U+00A0,
 * U+3000 at either edge): s[*start .. *start + *len).  For matching codes
 * typed elsewhere (a kiosk's school code) to the register's. */
void schools_trim_span(const char *s, size_t *start, size_t *len);

/* Splits a header cell "名称 (key)", "名称（key）" or "名称⏎(key)" (a line
 * break typed with Alt+Enter) into the name before the bracket and the
 * text inside it, each without blanks (spaces, tabs, U+00A0, U+3000) or
 * line breaks at its edges, truncated to name_n / inside_n bytes.  Returns
 * false when the cell has no bracket (then name is the whole cell trimmed
 * and inside "").  One matcher for the headers of every bureau CSV. */
bool schools_header_split(const char *cell, char *name, size_t name_n, char *inside, size_t inside_n);

/* The text inside the next bracket pair at or after p (half- or
 * full-width, trimmed as schools_header_split does) into inside; returns
 * where to look for the next one (after the closing bracket), NULL when
 * there is no opening bracket at or after p.  A header cell may have more
 * than one: "教学仪器设备值 (equipment_value)（万元）". */
const char *schools_header_bracket(const char *p, char *inside, size_t inside_n);

/* Whether v cannot be a school code a kiosk holds (store.c's rule for
 * school_code: 1 to 32 letters, digits, '_' or '-'): false when it can;
 * true with why (a sentence, n bytes) naming the reason — full-width
 * digits or letters, a zero-width character, a line break, the length or
 * the first character that is not allowed. */
bool schools_code_problem(const char *v, char *why, size_t n);

/* Whether a cell below a table reads as a note or sign-off (starts with
 * 注, 说明, 填表人, 审核, 填报, 负责人, 联系电话, 日期 …) rather than as a
 * value typed alone. */
bool schools_reads_as_note(const char *s);
/* Whether a cell reads as the label of a total row: 合计, 总计, 小计 (blanks
 * inside ignored), Total. */
bool schools_reads_as_total(const char *s);
/* Whether a header cell names a column nobody reads: 序号, 备注, 说明 (and
 * English no., remarks, notes); such columns are skipped with one note. */
bool schools_ignored_column(const char *cell);

/* For a cell as Excel's 货币/会计专用 format writes it (¥1,000.00) or a lone
 * -: the untranslated format of the advice ("column %d, %s: '%s' …": the
 * 1-based column, the column's description, the cell); else NULL. */
const char *schools_money_msg(const char *v);
/* Adds column col (0-based) headed cell to list, *n the count so far. */
void schools_ignored_add(jh_buf_t *list, int *n, int col, const char *cell);
/* Appends the note naming the n ignored columns of list. */
void schools_ignored_note(jh_buf_t *notes, const char *name, int line, const jh_buf_t *list, int n);

/* Whether a and b give the same values (level, locality, kind, every
 * count, NaN equal to NaN): a register row copied under another code. */
bool schools_same_values(const stats_school_t *a, const stats_school_t *b);

/* Whether s holds a full-width digit (０-９), point or comma: a number
 * typed with the input method in full-width mode. */
bool schools_has_fullwidth_digit(const char *s);

/* The register's strict number reader: 0 ok, 1 not a number ≥ 0 (or not
 * whole when whole), 2 a comma that is not a thousands separator. */
int schools_parse_number(const char *s, bool whole, double *out);

#endif
