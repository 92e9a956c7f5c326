/* eval.h - the whole quality-balance evaluation (balance-rules §3 and §3a):
 * 32 indicators in four parts (resource allocation 7, government assurance
 * 15, education quality 9, social recognition 1) and the veto items.
 *
 * Indicators computable from the school register are evaluated school by
 * school (G3 G4 G5 G9 G12 Q3-Q8, and L1-L7 through stats.h); the others
 * come from the county facts sheet, a CSV of rows
 *     代码 (key), 项目 (item), 值 (value), 依据 (evidence)
 * printed by eval_facts_template and stored in the county database.  The
 * thresholds are rows of the same sheet ("std.G5.primary" ...) with the
 * national defaults; every verdict states the threshold it used.
 *
 * A value not given is 无数据 (no data), never a pass: an indicator with
 * missing data and no failure is "no_data", and so is a part or the whole
 * evaluation holding one.  A failing veto item fails the county whatever
 * the figures.
 *
 * Ownership: eval_evaluate returns a cJSON tree the caller deletes. */
#ifndef JH_EVAL_H
#define JH_EVAL_H

#include "jh.h"
#include "stats.h"

struct cJSON;
struct county;

typedef enum { EVAL_PASS = 0, EVAL_FAIL, EVAL_NO_DATA } eval_verdict_t;

const char *eval_verdict_code(eval_verdict_t v);  /* "pass", "fail", "no_data" */
const char *eval_verdict_zh(eval_verdict_t v);    /* "达标", "未达标", "无数据" */

/* Kinds of a county fact. */
typedef enum {
    EVAL_YES_NO = 0,   /* 是 / 否 */
    EVAL_PERCENT,      /* 0-100, "96.5" or "96.5%" */
    EVAL_AMOUNT,       /* a number ≥ 0 (yuan, a ratio) */
} eval_kind_t;

typedef struct {
    const char *key;       /* "G2.building", "std.G5.primary", "V1" */
    const char *code;      /* indicator: "G2"; "V" for veto items; "std" for thresholds */
    const char *item_zh;   /* 城乡统一学校建设标准 */
    eval_kind_t kind;
    double national;       /* thresholds: the national default; else NAN */
} eval_fact_def_t;

int eval_n_facts(void);
const eval_fact_def_t *eval_fact(int i);
int eval_fact_index(const char *key);   /* -1 when unknown */

/* The county facts: value[i] NAN when not given. */
typedef struct {
    double value[64];
    char evidence[64][256];
    char source[256];      /* file the facts came from ("" when none loaded) */
    char loaded_at[32];    /* when they were loaded, ISO 8601 UTC ("" when not known) */
    bool loaded;
} eval_facts_t;

/* Every value NAN, no evidence, nothing loaded. */
void eval_facts_init(eval_facts_t *f);

/* A threshold: its value in f, else the national default. */
double eval_threshold(const eval_facts_t *f, const char *key);

/* Parses the county facts sheet.  Every bad row goes to errors (may be
 * NULL), one per line, as "county.csv:7: 值 (value) of G7.special_funds
 * (特殊教育学校生均公用经费): expected a number ≥ 0, got 'abc'"; facts given
 * without evidence go to warnings.  Returns JH_ERR_INVALID when any row is
 * bad; *out is unchanged then. */
jh_status_t eval_facts_read_text(const char *name, const char *text, size_t len,
                                 eval_facts_t *out, jh_buf_t *errors, jh_buf_t *warnings,
                                 jh_err_t *err);

/* Appends the empty county facts sheet (UTF-8 BOM, bilingual header, one
 * row per fact, thresholds filled with the national defaults). */
void eval_facts_template(jh_buf_t *out);

/* Stores the facts in the county database (replacing those before) and
 * loads them back; loading a database without facts gives f->loaded false. */
jh_status_t eval_facts_store(struct county *c, const eval_facts_t *f, jh_err_t *err);
jh_status_t eval_facts_load(struct county *c, eval_facts_t *f, jh_err_t *err);

/* The evaluation of n register schools with the facts.  social_rate is the
 * social recognition rate (0-1, NAN when no survey) against social_threshold.
 * Schools left out by stats_school_exclusion are not evaluated.  The object
 * is documented in docs/stats-json.md ("evaluation"). */
struct cJSON *eval_evaluate(const stats_school_t *schools, int n, const stats_rules_t *rules,
                            const eval_facts_t *facts, double social_rate,
                            double social_threshold);

#endif
