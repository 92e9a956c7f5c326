/* report.h - the bureau report's content: the HTML report and the Excel
 * workbook, both rendered from the statistics document that stats_compute()
 * produces (its format: docs/stats-json.md).  Everything shown comes from
 * that document; nothing is recomputed here, so the report, the workbook and
 * stats.json always agree.
 *
 * Ownership: the statistics document is borrowed. */
#ifndef JH_REPORT_H
#define JH_REPORT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "jh.h"

/* Id of the <script type="application/json"> block in the HTML that holds
 * the statistics document the report was rendered from. */
#define REPORT_DATA_ID "jh-stats"

/* Appends the whole HTML report to out.  generated is the report's
 * timestamp text (e.g. "2026-11-23T08:15:02Z"), shown on the title page. */
void report_html_build(const cJSON *stats, const char *generated, jh_buf_t *out);

/* Which document of the report to build (issue 20).  A county with many
 * schools gets two: the summary (the county's sections, light enough to
 * open and print on any machine) and the per-school annex (the full table of
 * schools, a card per school, the whole rectification list, every import
 * attempt and kiosk key). */
typedef enum {
    REPORT_WHOLE = 0,   /* one document with everything, the statistics embedded */
    REPORT_SUMMARY,     /* the county's sections; per-school detail in the annex */
    REPORT_ANNEX,       /* the per-school detail (split: its index, see below) */
    REPORT_ANNEX_PART,  /* one part of a split annex: the pages of a range of schools */
    REPORT_SCHOOL,      /* one school's pages (`junheng report --school CODE`) */
    REPORT_IMPORTS_PART, /* a part of the import log in a document of its own: rows first..first+count-1 */
    REPORT_KEYS_PART,    /* a part of the kiosk key list in a document of its own: rows first..first+count-1 */
} report_part_t;

/* File name of the annex next to report.html (the summary links to it). */
#define REPORT_ANNEX_HTML "report-schools.html"
/* Counties with more schools than this get a summary and an annex by default. */
#define REPORT_ANNEX_MIN_SCHOOLS 200
/* Schools in one part of the annex by default: an annex of more schools is
 * split into parts that print within the limits (issue 20: about 70 A4
 * pages; a part of 200 schools, 135 pages, took headless Chromium 0.8 GB in
 * its renderer and 1.05 GB in all). */
#define REPORT_ANNEX_PART_SCHOOLS 100
/* Rows (import attempts or kiosk keys) in one document of the import log by
 * default.  The log grows with every merge of a new or changed file; printed
 * inside the annex's index, 1,000 attempts and 1,000 keys took headless
 * Chromium 1.07 GB, so a log and key list of more rows than this go to
 * documents of their own, cut in parts of at most this many rows, and the
 * document that held them lists the parts (docs/bureau.md). */
#define REPORT_LOG_PART_ROWS 500

/* The lookups every document of a report makes in the statistics (schools
 * by code; the satisfaction groups, the rectification list and the sample by
 * school), built once for all the documents of one run: the 20 parts of a
 * 2,000-school annex each sorted them again.  Read only once made, so the
 * documents may be built on several threads.  It borrows stats, which must
 * outlive it and not change. */
typedef struct report_index report_index_t;
report_index_t *report_index_create(const cJSON *stats);
void report_index_destroy(report_index_t *ix); /* NULL: nothing */

/* What report_html_build_doc builds. */
typedef struct {
    report_part_t part;
    int part_size; /* schools per annex part; 0: the annex is one document (SUMMARY, ANNEX) */
    int first;     /* ANNEX_PART, SCHOOL: the first school, an index into the statistics' schools
                      (register order) */
    int count;     /* ANNEX_PART, SCHOOL: how many schools from first; IMPORTS_PART, KEYS_PART: how
                      many rows of the import log or key list from first */
    int log_part;  /* rows per document of the import log and key list; 0: they stay inside the
                      document that shows the appendix, whatever their length */
    bool annex;    /* IMPORTS_PART, KEYS_PART: listed by the annex (else by the whole report) */
    const report_index_t *index; /* borrowed: the run's lookups, made from the same stats; NULL: made
                                    for this document */
} report_doc_opts_t;

/* Appends one document of the report to out (REPORT_WHOLE: as
 * report_html_build).  The summary and the annex do not embed the statistics
 * document (stats.json lies next to them; every number still carries its
 * JSON Pointer and exact value); each is marked by a hidden element with
 * data-report-part="summary", "annex", "annex-part" or "school" (the parts
 * and the school's pages also carry data-first and data-count).
 *
 * A split annex (part_size > 0 and more schools than part_size) is an index,
 * report-schools.html: the parts with their schools and links, every import
 * attempt and kiosk key; the
 * parts, report_annex_part_name(), hold the satisfaction rows, cards,
 * rectification items and samples of their schools, in register order. */
void report_html_build_doc(const cJSON *stats, const char *generated, const report_doc_opts_t *o,
                           jh_buf_t *out);
/* As report_html_build_doc with only the part and no split annex. */
void report_html_build_part(const cJSON *stats, const char *generated, report_part_t part, jh_buf_t *out);
/* Number of parts an annex of n_schools is split into (1: not split). */
int report_annex_parts(int n_schools, int part_size);
/* File name (heap) of part k (0-based) of the annex of n_schools schools,
 * named by its schools' numbers in the register:
 * "report-schools-0201-0400.html"; ext is "html" or "pdf". */
char *report_annex_part_name(int k, int n_schools, int part_size, const char *ext);
/* Whether the import log and the kiosk key list of stats go to documents of
 * their own (report_list_part_name) for log_part rows a document: when they
 * hold more than log_part rows together (log_part 0: never).  The document
 * that shows the appendix (the whole report, the annex or its index) then
 * lists those documents instead of the rows. */
bool report_lists_split(const cJSON *stats, int log_part);
/* Number of documents a list of n_rows rows is cut into at log_part rows
 * each (0 for an empty list). */
int report_list_parts(int n_rows, int log_part);
/* File name (heap) of part k (0-based) of a list of n_rows rows, list being
 * "imports" (the import log) or "keys" (the kiosk keys), named by its rows'
 * numbers: "report-imports-0501-1000.html"; ext is "html" or "pdf". */
char *report_list_part_name(const char *list, int k, int n_rows, int log_part, const char *ext);
/* File name (heap) of one school's pages: "report-school-CODE.html", the
 * code's letters, digits and '-' as they are and every other byte as _ and
 * two hex digits (城关一小: report-school-_e5_9f_8e..._b0_8f.html): two codes
 * never share a name. */
char *report_school_file_name(const char *code, const char *ext);

/* Appends the sections of the whole evaluation (the 32 indicators and the
 * veto items, the trend over rounds, the rectification plans' status);
 * report_eval.c.  Sections without data are left out. */
void report_eval_sections(const cJSON *stats, jh_buf_t *out);
/* The number of rectification items (整改项): the items of this round's
 * plan, every shortfall of the evaluation, as `junheng rectify --out`
 * writes them; -1 when stats has no evaluation.  (The schools' resource
 * shortfalls, verdicts.rectification_items, are 资源配置整改项.) */
int report_plan_items(const cJSON *stats);
/* The evaluation's overall verdict in one paragraph, for the first section. */
void report_eval_summary(const cJSON *stats, jh_buf_t *out);
/* The table-of-contents links of the sections report_eval_sections writes. */
void report_eval_toc(const cJSON *stats, jh_buf_t *out);
/* The county self-assessment (自评报告, when the county facts are loaded):
 * report_doc.c calls these in the order overview, the four parts, problems,
 * rectification, annexes, and puts its own sections inside them.
 * Whether stats is a self-assessment (evaluation.facts_loaded). */
bool report_self_assessment(const cJSON *stats);
/* The table of contents of the self-assessment. */
void report_self_toc(const cJSON *stats, jh_buf_t *out);
/* Opens section 一、基本情况: the county in figures, the verdict with the
 * veto items and the four parts; the caller closes it (</section>). */
void report_self_overview_open(const cJSON *stats, jh_buf_t *out);
/* Opens the section of part k (0-3: 资源配置, 政府保障程度, 教育质量,
 * 社会认可度) with its verdict and indicators; the caller closes it. */
void report_self_part_open(const cJSON *stats, int k, jh_buf_t *out);
/* Section 六、存在的主要问题: veto items and failing indicators with what
 * stands behind them, then what has no data. */
void report_self_problems(const cJSON *stats, jh_buf_t *out);
/* Subsection （一） of 七: this round's shortfalls (the plan `junheng
 * rectify` writes) with the measures, departments and deadlines of the
 * round's plan once loaded. */
void report_self_current_plan(const cJSON *stats, jh_buf_t *out);
/* The workbook's sheet 整改方案: the rows of report_self_current_plan, when
 * the round's plan is loaded (no sheet otherwise). */
struct rxlsx;
void report_book_plan_sheet(struct rxlsx *x, const cJSON *stats);
/* Subsections of 七: the earlier plans' status and the trend, numbered from
 * next (0 = （一）); returns the next free number. */
int report_self_plan_trend(const cJSON *stats, int next, jh_buf_t *out);
/* Appends the report's 统计口径 (what the figures cover: the time and
 * database, valid questionnaires, the headline method and pass mark, the
 * minimum group, the schools left out), plain text, for the HTML title page
 * and the workbook's summary. */
void report_scope(const cJSON *stats, jh_buf_t *out);

/* Writes the workbook to path (atomically).  Errors: JH_ERR_IO, JH_ERR_FULL
 * with the file named. */
jh_status_t report_xlsx_write(const cJSON *stats, const char *path, jh_err_t *err);

/* The comments (the free-text answers of submitted questionnaires, phone
 * and ID numbers masked), read from the county database at db_path: every
 * school's, or only those of the school whose code is school (not NULL).
 * Sorted by school code, role and text: never in the order people answered.
 * *out: a list the caller frees with report_comments_free.  Errors:
 * JH_ERR_IO (and what county_open_existing returns) with the file named. */
typedef struct report_comments report_comments_t;
jh_status_t report_comments_read(const char *db_path, const char *school, report_comments_t **out, jh_err_t *err);
void report_comments_free(report_comments_t *c);

/* How many comments a comments section shows and leaves out, by reason. */
typedef struct {
    int shown;     /* listed */
    int small;     /* left out: their school, or their role in it, hidden as too small */
    int held;      /* left out: their school is not in the register (held out) */
    int uncounted; /* left out: no questionnaire of their school and role counted in the statistics */
} report_comments_count_t;

/* Appends the comments section of list (borrowed; NULL: none) to out.  A
 * comment is shown only when stats (borrowed) lists its school and its role
 * in that school (satisfaction.by_school and by_school_role) unsuppressed,
 * or suppressed only as complementary; the others are left out, and their
 * school says why (too small, not in the register, not counted in these
 * statistics) but never how many: that would tell the size of a group the
 * statistics hide.  stats NULL: every comment shown.  one_school: the
 * section of one school's pages.  *count: how many shown and left out, for
 * the bureau (stdout), not for the report. */
void report_comments_html(const report_comments_t *list, const cJSON *stats, bool one_school, jh_buf_t *out,
                          report_comments_count_t *count);

/* Appends to out the summary's sentences on the comments when they are in
 * the annex (annex_href: its file): how many are there, and why some are
 * left out, if any are -- without their number. */
void report_comments_summary(const report_comments_count_t *count, const char *annex_href, jh_buf_t *out);

#endif
