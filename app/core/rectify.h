/* rectify.h - the rectification plan (整改方案) that is tracked (issue 17):
 * every shortfall of a round's evaluation (school, indicator, value,
 * standard, what it takes) with the columns the bureau fills in
 * (整改措施, 责任部门, 完成时限, 进展); the filled plan is loaded back and
 * stored per round, and every later round's statistics say for each item
 * whether it is done, improved, unchanged or worse.
 *
 * An item's key names what it is about and is the same in every round:
 *   "B01/G5"             a school's indicator
 *   "A01/L7/primary"     a resource indicator of one level of a school
 *   "county/L7/primary"  a CV over its limit
 *   "county/G13.junior"  a county fact; "county/S1" social recognition
 * Each item keeps its `ratio` (schools: value / standard, ≥ 1 meets,
 * higher is better; county facts: the value, with `higher_better`), taken
 * from the statistics, never from the file the bureau edited.
 *
 * Ownership: arrays returned are the caller's to free(). */
#ifndef JH_RECTIFY_H
#define JH_RECTIFY_H

#include "jh.h"

struct cJSON;
struct county;

/* Why a stored item is no longer in its round's plan (rectify_keep_stored). */
typedef enum {
    RECTIFY_KEPT_MET = 0,     /* evaluated and now passes: 已达标 */
    RECTIFY_KEPT_NO_DATA,     /* evaluated, but without data (or no such item now) */
    RECTIFY_KEPT_UNREGISTERED,/* its school left the register (closed, merged, code corrected) */
    RECTIFY_KEPT_EXCLUDED     /* its school left the figures (small 教学点, private …) */
} rectify_kept_t;

typedef struct {
    char key[160];
    char round[64];
    char school_code[64], school_name[192];
    char indicator[8];        /* "G5" */
    char name_zh[256];        /* indicator name */
    char value_zh[384];       /* the value when found */
    char standard_zh[256];
    char needed_zh[256];      /* what it takes ("" when not countable) */
    double ratio;             /* see above; NAN when unknown */
    bool higher_better;
    bool resolved;            /* a stored item of the round that is no longer a
                               * shortfall of its plan; not stored, found again */
    int kept;                 /* why, when resolved: rectify_kept_t */
    char kept_zh[384];        /* what 差距（所需） says then (see rectify_cell) */
    char kept_code[64];       /* RECTIFY_KEPT_UNREGISTERED: the code a school of
                               * the same name has now ("" when none) */
    /* filled in by the bureau */
    char measures[1024];      /* 整改措施 */
    char department[256];     /* 责任部门 */
    char deadline[128];       /* 完成时限 */
    char progress[1024];      /* 进展 */
} rectify_item_t;

/* The shortfalls of a statistics document (its "evaluation"), for round
 * `round`.  *out holds *n items (may be 0). */
void rectify_items_from_doc(const struct cJSON *doc, const char *round, rectify_item_t **out, int *n);

/* Failed social recognition: when `ind`, the S1 indicator of a statistics
 * document's evaluation, fails with a rate, its rate, its threshold and
 * how far the rate is below it, in percent and percentage points
 * (*rate_pct, *thr_pct, *gap_pct), with *decimals (at least min_decimals)
 * that show the rate apart from the threshold, for the rate and the gap
 * alike ("77.0 %，低于 85 % 8.0 个百分点"; 84.996 % and 0.004 points);
 * false otherwise.  One computation for the report, the workbook, the
 * CSVs and the plan's 差距（所需）. */
bool rectify_s1_gap(const struct cJSON *ind, int min_decimals, double *rate_pct, double *thr_pct,
                    double *gap_pct, int *decimals);

/* The plan as CSV (UTF-8 BOM, bilingual header), for Excel/WPS. */
void rectify_csv(const rectify_item_t *items, int n, jh_buf_t *out);

/* Column names of the plan, in order (Chinese, English), for the workbook. */
int rectify_n_columns(void);
const char *rectify_column_zh(int i);
const char *rectify_column_key(int i);
/* Cell i of an item as text; the 差距（所需） of a resolved item says why
 * it is no longer a shortfall (kept_zh: 已达标 only when it now passes). */
const char *rectify_cell(const rectify_item_t *it, int i, char *buf, size_t n);

/* Reads a filled plan (the CSV written above, saved from Excel/WPS as CSV
 * UTF-8) into the items of `plan` (the round's shortfalls, from
 * rectify_items_from_doc, with what is stored already put in by
 * rectify_keep_stored): the four filled columns are taken by key, so an
 * item the file does not carry keeps what `plan` held, and a cell emptied
 * in the file empties the item.  Errors, each naming the line: a missing
 * key, 轮次 or fill-in column (整改措施, 责任部门, 完成时限, 进展), a key that
 * is not an item of the round's plan, a repeated key, a row of another
 * round than the first row's, a cell too long.  A row of a resolved item is
 * taken, with a warning (file:line, the item, 已达标) appended to
 * `warnings` (may be NULL).  A fill-in cell loses one leading apostrophe
 * the writer put there (stats_csv_cell_unescape).  *n_filled counts items
 * with a measure, *n_rows the items the file carries.  Returns
 * JH_ERR_INVALID when any of these is found; plan unchanged then. */
jh_status_t rectify_read_csv(const char *name, const char *text, size_t len, rectify_item_t *plan,
                             int n_plan, int *n_filled, int *n_rows, jh_buf_t *errors, jh_buf_t *warnings,
                             jh_err_t *err);

/* The round named in a plan file `name` (its first item's 轮次) into
 * round[n]; "" when the file has a header only or the plan is of a
 * database without rounds.  *has_column: whether the file has a 轮次
 * column (false for an empty file: rectify_read_csv then refuses it,
 * naming every column missing).  A file that is not UTF-8 text (GBK,
 * UTF-16) is an error naming the file and line. */
jh_status_t rectify_csv_round(const char *name, const char *text, size_t len, char *round, size_t n,
                              bool *has_column, jh_err_t *err);

/* Copies the four filled columns of the `stored` items into the items of
 * *plan (round `round`: the round's shortfalls of today, from `doc`, its
 * statistics document, borrowed) with the same round and key, and appends,
 * marked `resolved`, every stored item of that round that is no longer a
 * shortfall, as it was stored: storing the plan again loses nothing.  Each
 * appended item says why (kept, kept_zh) against `doc`: it now passes
 * (已达标); its school is no longer in the register (naming the code a
 * school of the same name has now) or no longer in the figures (its
 * exclusion reason); or the item has no data now.  *plan is reallocated
 * (the caller's to free()); returns how many were appended. */
int rectify_keep_stored(rectify_item_t **plan, int *n_plan, const char *round, const rectify_item_t *stored,
                        int n_stored, const struct cJSON *doc);

/* Stores a round's plan (replacing that round's plan) / loads every plan.
 * rectify_store runs in its own write transaction, or, when the caller
 * holds one (BEGIN IMMEDIATE before it read what is stored and merged it
 * in, so that no other program can store between the read and the
 * write), within the caller's, which the caller commits or rolls back. */
jh_status_t rectify_store(struct county *c, const char *round, const rectify_item_t *items, int n,
                          jh_err_t *err);
jh_status_t rectify_load(struct county *c, rectify_item_t **out, int *n, jh_err_t *err);

/* The status of the items of rounds other than current_round against the
 * document's figures: done / improved / unchanged / worse / unknown; the
 * current round's own plan (when loaded) as "current": its filled columns
 * by key, for the self-assessment's rectification plan.
 * Documented in docs/stats-json.md ("rectification_plan"). */
struct cJSON *rectify_status(const rectify_item_t *items, int n, const struct cJSON *doc,
                             const char *current_round);

#endif
