/* report_doc.c - the HTML report's content, in Chinese, rendered from the
 * statistics document (docs/stats-json.md): verdicts first, then
 * satisfaction by school, the least satisfied topics, urban/town/rural, the
 * CVs, a card per school, the rectification list and the appendix (imports,
 * response quality, sample, questionnaires, methods).  Every figure is
 * written with rhtml_num, tagged with its JSON Pointer in the document. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "report_json.h"
#include "report_html.h"
#include "stats.h"

/* ---- types ---------------------------------------------------------------- */

/* A JSON Pointer being built while walking the document. */
typedef struct {
    char s[256];
} ptr_t;

/* An entry of an index: an object, its key and its position in its array. */
typedef struct {
    const cJSON *el;
    const char *key; /* borrowed: el's member the index is sorted by ("" when missing) */
    int pos;
} ixent_t;

/* Objects of an array sorted by a string member, for lookups. */
typedef struct {
    ixent_t *e;       /* owned */
    size_t n;
    const char *key;  /* borrowed */
} index_t;

/* The lookups of every document (report.h): built once for all the
 * documents of a run, read only afterwards. */
struct report_index {
    index_t by_school;   /* satisfaction.by_school by school_code */
    index_t schools;     /* schools by code */
    index_t rect;        /* rectification by school_code */
    index_t by_role;     /* satisfaction.by_school_role by school_code */
    index_t sample;      /* sample.by_school by school_code */
    /* Per element of rectification, sample.by_school and
     * satisfaction.by_school (in their order): the position of its school
     * in schools, -1 when the school is not in the register.  A part of the
     * annex picks its rows from these lists by position. */
    int *rect_pos, *sample_pos, *group_pos;
    int n_rect, n_sample, n_group;
    const cJSON **rect_el; /* rectification's elements in order (a part picks its few without
                              walking the list's 10,000 nodes) */
    int n_schools;         /* elements of schools */
};

typedef struct {
    const cJSON *root;
    jh_buf_t *b;
    int min_group;
    double threshold;
    /* the threshold in use as the tables and charts name it ("85 %") */
    char thr_pct[16], thr_reach[40], thr_vs[40], thr_ge[24], thr_lt[24];
    const report_index_t *ix; /* borrowed (the run's) or own */
    report_index_t *own;      /* made for this document alone, or NULL */
    const index_t *by_school; /* ix's */
    const index_t *schools;
    const index_t *rect;
    const index_t *by_role;
    bool self;           /* a county self-assessment (county facts loaded): report_self_* order */
    report_part_t part;  /* which document is being built */
    int part_size;       /* schools per annex part (0: the annex is one document) */
    int first, count;    /* ANNEX_PART, SCHOOL: the schools shown (indices into "schools");
                            IMPORTS_PART, KEYS_PART: the rows shown (indices into imports.log or
                            imports.kiosk_keys) */
    int log_part;        /* rows per document of the import log and key list (0: never split) */
    bool annex;          /* IMPORTS_PART, KEYS_PART: listed by the annex, not the whole report */
    int n_schools;       /* schools in the statistics */
} doc_t;

/* The level of a heading inside a section: one below the section's own,
 * which is h3 in a self-assessment (its statistics sections are parts of
 * its sections). */
#define SUB_H(d) ((d)->self ? '4' : '3')

/* A sort key: an entry's index and rate (NaN when suppressed). */
typedef struct {
    int idx;
    double rate;
} sortkey_t;

/* ---- static prototypes ---------------------------------------------------- */

static ptr_t ptr_key(const char *base, const char *key);
static ptr_t ptr_idx(const char *base, int i);
static void num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt);
static void td_num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt);
static void num_vs(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt,
                   double ref1, double ref2);
static void td_num_vs(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt,
                      double ref1, double ref2);
static double share_min(const cJSON *smp, const char *key, double rule);
static void suppressed_text(doc_t *d, const cJSON *g);
static rhtml_fmt_t fmt_value(const cJSON *o, const char *key);
static void rate_ci(doc_t *d, const cJSON *o, const char *base);
static void td_rate_cells(doc_t *d, const cJSON *group, const char *gbase, const char *rate_key);
static void mark_json(doc_t *d, const cJSON *o, const char *base, const char *key, const char *yes,
                      const char *no);
static const char *school_label(const cJSON *group);
static void top_contributors(doc_t *d, const cJSON *cv, const char *base);
static index_t idx_build(const cJSON *arr, const char *key);
static long idx_find(const index_t *ix, const char *value);
static void idx_free(index_t *ix);
static int *school_positions(const index_t *schools, const cJSON *arr, int *n);
static void section_open(doc_t *d, const char *id, const char *title, bool page);
static void social_groups(doc_t *d);
static void sample_rules_html(doc_t *d);
static bool role_has_answers(const cJSON *sat, const char *role);
static void section_title(doc_t *d, const char *generated);
static void section_missing(doc_t *d);
static void escape_zh(jh_buf_t *b, const char *text);
static void option_entry(jh_buf_t *b, const char *entry);
static void report_name(const cJSON *info, bool self, jh_buf_t *out);
static void section_verdicts(doc_t *d);
static void section_schools(doc_t *d);
static void section_topics(doc_t *d);
static void version_note(jh_buf_t *b, const cJSON *e);
static const char *changed_item_text(const cJSON *root, const char *survey_id, const char *item_id,
                                     const char *version);
static void section_localities(doc_t *d);
static void section_cv(doc_t *d);
static void form3_table(doc_t *d);
static void section_cards(doc_t *d);
static void section_rectify(doc_t *d);
static void section_appendix(doc_t *d);
static void annex_link(doc_t *d, const char *anchor, const char *text);
static void import_tables(doc_t *d, const cJSON *log, const cJSON *keys, int log_from, int log_n, int key_from,
                          int key_n);
static void doc_name(const doc_t *d, jh_buf_t *out);
static bool ranged(const doc_t *d);
static bool split_annex(const doc_t *d);
static bool list_part(const doc_t *d);
static bool split_lists(const doc_t *d);
static void lists_tables(doc_t *d);
static void list_part_section(doc_t *d);
static bool pos_in_range(const doc_t *d, const int *pos, int n, int i);
static void parts_table(doc_t *d);
static void sample_schools_table(doc_t *d);
static void schools_table(doc_t *d, const sortkey_t *keys, const cJSON **el, int from, int n);
static void schools_without_answers(doc_t *d);

/* ---- public functions ----------------------------------------------------- */

void report_html_build(const cJSON *stats, const char *generated, jh_buf_t *out)
{
    report_html_build_part(stats, generated, REPORT_WHOLE, out);
}

void report_html_build_part(const cJSON *stats, const char *generated, report_part_t part, jh_buf_t *out)
{
    report_doc_opts_t o = {.part = part};
    report_html_build_doc(stats, generated, &o, out);
}

int report_annex_parts(int n_schools, int part_size)
{
    if (part_size <= 0 || n_schools <= part_size) return 1;
    return (n_schools + part_size - 1) / part_size;
}

/* "PREFIX-FIRST-LAST.EXT" for part k of n items in parts of size, with as
 * many digits as n needs, at least 4, so the names sort in order. */
static char *part_file_name(const char *prefix, int k, int n, int size, const char *ext)
{
    int first = k * size + 1, last = first + size - 1;
    if (last > n) last = n;
    int w = 4;
    for (int m = n; m >= 10000; m /= 10) w++;
    return jh_sprintf("%s-%0*d-%0*d.%s", prefix, w, first, w, last, ext);
}

char *report_annex_part_name(int k, int n_schools, int part_size, const char *ext)
{
    return part_file_name("report-schools", k, n_schools, part_size, ext);
}

bool report_lists_split(const cJSON *stats, int log_part)
{
    const cJSON *imp = rjson_get(stats, "imports");
    int rows = cJSON_GetArraySize(rjson_get(imp, "log")) + cJSON_GetArraySize(rjson_get(imp, "kiosk_keys"));
    return log_part > 0 && rows > log_part;
}

int report_list_parts(int n_rows, int log_part)
{
    JH_EXPECT(log_part > 0);
    return n_rows > 0 ? (n_rows + log_part - 1) / log_part : 0;
}

char *report_list_part_name(const char *list, int k, int n_rows, int log_part, const char *ext)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "report-%s", list);
    return part_file_name(prefix, k, n_rows, log_part, ext);
}

char *report_school_file_name(const char *code, const char *ext)
{
    /* A code is a file name's part: letters, digits and '-' as they are,
     * every other byte (a Chinese character's three, '/', '.', '_' itself)
     * as _ and two hex digits, so two codes never share a file name
     * (城关一小 and 城关二小 differ in their bytes' hex). */
    jh_buf_t b = {0};
    jh_buf_puts(&b, "report-school-");
    for (const unsigned char *p = (const unsigned char *)(code ? code : ""); *p; p++) {
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-')
            jh_buf_append(&b, (const char *)p, 1);
        else
            jh_buf_printf(&b, "_%02x", *p);
    }
    jh_buf_printf(&b, ".%s", ext);
    return b.data;
}

void report_html_build_doc(const cJSON *stats, const char *generated, const report_doc_opts_t *o,
                           jh_buf_t *out)
{
    report_part_t part = o->part;
    doc_t d = {.root = stats, .b = out, .min_group = 5, .threshold = 0.85, .part = part,
               .part_size = o->part_size, .first = o->first, .count = o->count, .log_part = o->log_part, .annex = o->annex};
    rjson_reset();
    const cJSON *opts = rjson_get(stats, "options");
    if (isfinite(rjson_num(opts, "min_group"))) d.min_group = (int)rjson_num(opts, "min_group");
    if (isfinite(rjson_num(opts, "threshold"))) d.threshold = rjson_num(opts, "threshold");
    snprintf(d.thr_pct, sizeof d.thr_pct, "%g %%", d.threshold * 100);
    snprintf(d.thr_reach, sizeof d.thr_reach, "是否达到 %s", d.thr_pct);
    snprintf(d.thr_vs, sizeof d.thr_vs, "对照 %s", d.thr_pct);
    snprintf(d.thr_ge, sizeof d.thr_ge, "≥ %s", d.thr_pct);
    snprintf(d.thr_lt, sizeof d.thr_lt, "< %s", d.thr_pct);
    d.ix = o->index ? o->index : (d.own = report_index_create(stats));
    d.by_school = &d.ix->by_school;
    d.schools = &d.ix->schools;
    d.rect = &d.ix->rect;
    d.by_role = &d.ix->by_role;
    d.n_schools = d.ix->n_schools;
    if (ranged(&d)) {
        JH_EXPECT(d.first >= 0 && d.count >= 1 && d.first + d.count <= d.n_schools);
    }
    if (list_part(&d)) {
        const cJSON *imp = rjson_get(stats, "imports");
        int rows = cJSON_GetArraySize(rjson_get(imp, part == REPORT_IMPORTS_PART ? "log" : "kiosk_keys"));
        JH_EXPECT(d.log_part > 0 && d.first >= 0 && d.count >= 1 && d.count <= d.log_part &&
                  d.first + d.count <= rows);
    }

    d.self = report_self_assessment(stats);
    const cJSON *info = rjson_get(stats, "report");
    jh_buf_t name = {0}, header = {0};
    doc_name(&d, &name);
    /* the running header of every printed page */
    jh_buf_puts(&header, name.data);
    if (cJSON_IsString(rjson_get(info, "issuer"))) {
        jh_buf_puts(&header, " · ");
        jh_buf_puts(&header, rjson_str(info, "issuer"));
    }
    rhtml_begin(out, name.data, header.data);
    jh_buf_free(&name);
    jh_buf_free(&header);
    static const char *const marks[] = {"", "summary", "annex", "annex-part", "school", "imports-part", "keys-part"};
    if (part != REPORT_WHOLE)
        jh_buf_printf(out, "<div hidden data-report-part=\"%s\" data-annex=\"%s\"", marks[part], REPORT_ANNEX_HTML);
    if (ranged(&d) || list_part(&d)) jh_buf_printf(out, " data-first=\"%d\" data-count=\"%d\"", d.first, d.count);
    if (part != REPORT_WHOLE) jh_buf_puts(out, "></div>\n");
    section_title(&d, generated);
    if (list_part(&d)) {
        /* a part of the import log or of the key list: its rows only */
        list_part_section(&d);
    } else if (part == REPORT_ANNEX) {
        /* The per-school detail: what grows with the number of schools and
         * of import attempts, in one document a county prints when it needs
         * it; split, an index of the parts that hold the schools' pages. */
        if (split_annex(&d)) {
            section_open(&d, "parts", "附件目录：各部分", true);
            parts_table(&d);
            jh_buf_puts(out, "</section>\n");
        } else {
            section_schools(&d);
            section_cards(&d);
            section_rectify(&d);
        }
        section_appendix(&d);
    } else if (ranged(&d)) {
        /* a part of the annex, or one school: its schools' pages only */
        section_schools(&d);
        section_cards(&d);
        section_rectify(&d);
        if (rjson_get(rjson_get(stats, "sample"), "verdict")) {
            section_open(&d, "sample", "各校样本", false);
            sample_schools_table(&d);
            jh_buf_puts(out, "</section>\n");
        }
    } else if (d.self) {
        /* 自评报告: overview, the four parts (veto items first), problems,
         * rectification, annexes; the statistics sections inside them */
        report_self_overview_open(stats, out);
        section_verdicts(&d);
        jh_buf_puts(out, "</section>\n");
        for (int k = 0; k < 4; k++) {
            report_self_part_open(stats, k, out);
            if (k == 0) section_cv(&d);
            if (k == 3) {
                section_schools(&d);
                section_topics(&d);
                section_localities(&d);
            }
            jh_buf_puts(out, "</section>\n");
        }
        report_self_problems(stats, out);
        jh_buf_puts(out, "<section id=\"rectification\" class=\"page\"><h2>七、整改措施及落实情况</h2>\n");
        report_self_current_plan(stats, out);
        report_self_plan_trend(stats, 1, out);
        jh_buf_puts(out, "</section>\n");
        section_cards(&d);
        section_appendix(&d);
    } else {
        section_verdicts(&d);
        section_schools(&d);
        section_topics(&d);
        section_localities(&d);
        section_cv(&d);
        section_cards(&d);
        section_rectify(&d);
        report_eval_sections(stats, out);
        section_appendix(&d);
    }
    char *json = part == REPORT_WHOLE ? cJSON_PrintUnformatted(stats) : NULL;
    rhtml_end(out, REPORT_DATA_ID, json);
    free(json);
    report_index_destroy(d.own);
}

report_index_t *report_index_create(const cJSON *stats)
{
    report_index_t *ix = jh_xcalloc(1, sizeof *ix);
    const cJSON *sat = rjson_get(stats, "satisfaction");
    ix->by_school = idx_build(rjson_get(sat, "by_school"), "school_code");
    ix->schools = idx_build(rjson_get(stats, "schools"), "code");
    ix->rect = idx_build(rjson_get(stats, "rectification"), "school_code");
    ix->by_role = idx_build(rjson_get(sat, "by_school_role"), "school_code");
    ix->sample = idx_build(rjson_get(rjson_get(stats, "sample"), "by_school"), "school_code");
    ix->rect_pos = school_positions(&ix->schools, rjson_get(stats, "rectification"), &ix->n_rect);
    ix->sample_pos = school_positions(&ix->schools, rjson_get(rjson_get(stats, "sample"), "by_school"),
                                      &ix->n_sample);
    ix->group_pos = school_positions(&ix->schools, rjson_get(sat, "by_school"), &ix->n_group);
    ix->n_schools = (int)ix->schools.n;
    ix->rect_el = jh_xmalloc(sizeof *ix->rect_el * (size_t)(ix->n_rect ? ix->n_rect : 1));
    int i = 0;
    for (const cJSON *e = rjson_get(stats, "rectification") ? rjson_get(stats, "rectification")->child : NULL;
         e && i < ix->n_rect; e = e->next)
        ix->rect_el[i++] = e;
    return ix;
}

void report_index_destroy(report_index_t *ix)
{
    if (!ix) return;
    idx_free(&ix->by_school);
    idx_free(&ix->schools);
    idx_free(&ix->rect);
    idx_free(&ix->by_role);
    idx_free(&ix->sample);
    free(ix->rect_pos);
    free(ix->sample_pos);
    free(ix->group_pos);
    free(ix->rect_el);
    free(ix);
}

/* ms since the epoch as the Beijing date "2026-11-30". */
static void beijing_date(int64_t ms, char *out, size_t n)
{
    time_t t = (time_t)((ms >= 0 ? ms : ms - 999) / 1000) + 8 * 3600;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%d", &tm)) snprintf(out, n, "?");
}

void report_scope(const cJSON *stats, jh_buf_t *out)
{
    char sdate[64], stime[16];
    rjson_beijing_time(rjson_str(stats, "generated_at"), sdate, sizeof sdate, stime, sizeof stime);
    const cJSON *opts = rjson_get(stats, "options");
    const cJSON *county = rjson_get(rjson_get(stats, "satisfaction"), "county");
    const cJSON *head = rjson_get(county, rjson_str(county, "headline_method"));
    double threshold = isfinite(rjson_num(opts, "threshold")) ? rjson_num(opts, "threshold") : 0.85;
    double min_group = isfinite(rjson_num(opts, "min_group")) ? rjson_num(opts, "min_group") : 5;
    double min_tp = isfinite(rjson_num(opts, "min_teaching_point")) ? rjson_num(opts, "min_teaching_point") : 50;
    jh_buf_printf(out,
                  "截至 %s %s（北京时间）已导入县级数据库（%s）的全部答卷。有效问卷为已提交、有有效评价答案的问卷；"
                  "社会认可度以%s为主口径，达标线 %g%%；少于 %.0f 份问卷的分组不公布比率；资源配置指标"
                  "来自学校名册，优质均衡差异系数和学校达标不含特殊教育学校、职业学校、民办学校和在校生不足 %.0f 人"
                  "的教学点；",
                  sdate, stime, rjson_str(stats, "database"),
                  *rjson_str(head, "method_zh") ? rjson_str(head, "method_zh") : "按问卷", threshold * 100,
                  min_group, min_tp);
    /* Two published versions of a round, before and after a merge, give the
     * merged group's answers by subtraction: publish a round once (review
     * r2priv3 item 1; docs/report.md). */
    jh_buf_puts(out, "同一轮的统计应只公布一次（本轮结束、冻结后的统计），不要每并入一批答卷就公布一次："
                     "前后两次公布的数字相减，可能推算出人数很少的小组；");
    /* whether the round is over, and its period (review rclerk6 item 5):
     * a closed round's frozen statistics say closed, an open round's not */
    const cJSON *rd = rjson_get(stats, "round");
    const char *rname = rjson_str(rd, "name");
    double since = rjson_num(rd, "since_ms"), until = rjson_num(rd, "until_ms"), closed_at = rjson_num(rd, "closed_ms");
    char d1[24] = "", d2[24] = "", d3[24] = "";
    if (isfinite(since) && since > 0) beijing_date((int64_t)since, d1, sizeof d1);
    if (isfinite(until)) beijing_date((int64_t)until, d2, sizeof d2);
    if (isfinite(closed_at)) beijing_date((int64_t)closed_at, d3, sizeof d3);
    if (!*rname || !cJSON_IsBool(rjson_get(rd, "closed"))) /* no rounds, or statistics written before they said */
        jh_buf_puts(out, "未结束的轮次，数字还会随新导入的答卷变化。");
    else if (rjson_bool(rd, "closed")) {
        jh_buf_printf(out, "本报告为已结束的轮次“%s”的最终统计", rname);
        if (*d1 && *d2)
            jh_buf_printf(out, "（调查期间 %s 至 %s）", d1, d2);
        else if (*d2)
            jh_buf_printf(out, "（调查期间截至 %s）", d2);
        else if (*d1)
            jh_buf_printf(out, "（调查自 %s 起）", d1);
        if (*d3 && *rjson_str(rd, "next_round"))
            jh_buf_printf(out, "，%s 开启下一轮“%s”时结束并冻结", d3, rjson_str(rd, "next_round"));
        else if (*d3)
            jh_buf_printf(out, "，%s 结束并冻结", d3);
        jh_buf_puts(out, "，此后导入的答卷不再计入，数字不再变化。");
    } else {
        jh_buf_printf(out, "本报告为未结束的轮次“%s”的中期统计", rname);
        if (*d1) jh_buf_printf(out, "（调查自 %s 起，尚未结束）", d1);
        jh_buf_puts(out, "，数字还会随新导入的答卷变化。");
    }
    /* The basic figures' rule (balance-rules §2); a document written before
     * the setting existed applied the quality threshold to both. */
    const char *tp = rjson_str(opts, "basic_teaching_points");
    if (!strcmp(tp, "all"))
        jh_buf_puts(out, "基本均衡综合差异系数按 2012 年规则，另不含非县属学校和全部小学教学点（不论人数）。");
    else if (!strcmp(tp, "threshold"))
        jh_buf_printf(out, "基本均衡综合差异系数按同一教学点口径（不足 %.0f 人的不计，非 2012 年规则），"
                           "另不含非县属学校。",
                      min_tp);
    else
        jh_buf_printf(out, "基本均衡综合差异系数按同一口径计算（统计文件未载明基本均衡规则，"
                           "按旧版做法：不足 %.0f 人的教学点不计）。",
                      min_tp);
}

/* ---- sections ------------------------------------------------------------- */

/* The Chinese sentences of a bilingual text of the document, escaped. */
static void escape_zh(jh_buf_t *b, const char *text)
{
    char *zh = rjson_zh_text(text);
    rhtml_escape(b, zh);
    free(zh);
}

/* An entry of a questionnaire's satisfied or excluded answers, "scale:code
 * (label)" or "item（kind）: code (label)": the codes are the questionnaire's
 * own identifiers, marked as such (class "code"); the label in parentheses
 * is shown only when it is Chinese. */
static void option_entry(jh_buf_t *b, const char *entry)
{
    const char *open = strstr(entry, " (");
    for (const char *p = open; p; p = strstr(p + 2, " (")) open = p; /* the last one */
    if (!open) {
        jh_buf_puts(b, "<span class=\"code\">");
        rhtml_escape(b, entry);
        jh_buf_puts(b, "</span>");
        return;
    }
    char *code = jh_strndup(entry, (size_t)(open - entry));
    char *label = rjson_zh_text(open + 1);
    jh_buf_puts(b, "<span class=\"code\">");
    rhtml_escape(b, code);
    jh_buf_puts(b, "</span>");
    if (*label) {
        jh_buf_puts(b, " ");
        rhtml_escape(b, label);
    }
    free(code);
    free(label);
}

/* Missing data: per kiosk, the seq ranges never received (the document's
 * imports.coverage; absent in documents older than 0.2). */
static void section_missing(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *imp = rjson_get(d->root, "imports");
    const cJSON *cov = rjson_get(imp, "coverage");
    if (!cJSON_IsArray(cov)) return;
    jh_buf_puts(b, "<h4 id=\"missing\">未收到的答卷</h4>\n<p>");
    if (rjson_num(imp, "kiosks_with_missing") > 0) {
        num(d, imp, "/imports", "kiosks_with_missing", RHTML_INT);
        jh_buf_puts(b, " 台设备共有 ");
        num(d, imp, "/imports", "missing_responses", RHTML_INT);
        jh_buf_puts(b, " 份答卷没有收到（设备按 1、2、3……为答卷编序号，下表中的序号段缺失，"
                       "说明相应的导出文件没有导入）：请到这些设备上重新导出全量数据后再导入。</p>\n");
        static const char *const heads[] = {"设备", "学校代码", "已收到答卷", "已收到的序号", "缺失的序号段",
                                            "缺失答卷", NULL};
        rhtml_table_begin(b, "missing", heads);
        for (int i = 0, i_n = cJSON_GetArraySize(cov); i < i_n; i++) {
            const cJSON *k = rjson_at(cov, i);
            if (!(rjson_num(k, "missing") > 0)) continue;
            ptr_t p = ptr_idx("/imports/coverage", i);
            jh_buf_puts(b, "<tr><td>");
            rhtml_escape(b, rjson_str(k, "kiosk_id"));
            jh_buf_puts(b, "</td><td>");
            rhtml_escape(b, rjson_str(k, "school_code"));
            jh_buf_puts(b, "</td>");
            td_num(d, k, p.s, "received", RHTML_INT);
            jh_buf_puts(b, "<td>");
            num(d, k, p.s, "first_seq", RHTML_INT);
            jh_buf_puts(b, "–");
            num(d, k, p.s, "last_seq", RHTML_INT);
            jh_buf_puts(b, "</td><td>");
            const cJSON *ranges = rjson_get(k, "missing_ranges");
            for (int r = 0, r_n = cJSON_GetArraySize(ranges); r < r_n; r++) {
                const cJSON *g = rjson_at(ranges, r);
                ptr_t pr = ptr_idx(ptr_key(p.s, "missing_ranges").s, r);
                if (r) jh_buf_puts(b, "、");
                num(d, g, pr.s, "from", RHTML_INT);
                if (rjson_num(g, "to") > rjson_num(g, "from")) {
                    jh_buf_puts(b, "–");
                    num(d, g, pr.s, "to", RHTML_INT);
                }
            }
            jh_buf_puts(b, "</td>");
            td_num(d, k, p.s, "missing", RHTML_INT);
            jh_buf_puts(b, "</tr>\n");
        }
        rhtml_table_end(b);
    } else {
        jh_buf_puts(b, "每台设备的答卷序号都是连续的，没有发现缺失的导出文件。</p>\n");
    }
}

/* "青山县2026年县域义务教育均衡发展监测报告" from the report's details
 * (county name and round; either may be missing). */
static void report_name(const cJSON *info, bool self, jh_buf_t *out)
{
    jh_buf_puts(out, "");
    if (cJSON_IsString(rjson_get(info, "county_name"))) jh_buf_puts(out, rjson_str(info, "county_name"));
    char year[128];
    if (cJSON_IsString(rjson_get(info, "round")))
        jh_buf_puts(out, rjson_round_zh(rjson_str(info, "round"), year, sizeof year));
    jh_buf_puts(out, self ? "县域义务教育优质均衡发展督导评估自评报告" : "县域义务教育均衡发展监测报告");
}

static void section_title(doc_t *d, const char *generated)
{
    jh_buf_t *b = d->b;
    const cJSON *info = rjson_get(d->root, "report");
    jh_buf_t name = {0};
    doc_name(d, &name);
    jh_buf_puts(b, "<header id=\"title\"><h1>");
    rhtml_escape(b, name.data);
    jh_buf_free(&name);
    jh_buf_puts(b, d->self ? "</h1>\n<p class=\"sub\">义务教育优质均衡发展督导评估 县级自评报告</p>\n<table class=\"meta\">\n"
                           : "</h1>\n<p class=\"sub\">社会认可度调查与学校资源配置</p>\n<table class=\"meta\">\n");
    char date[64], time[16], sdate[64], stime[16];
    const char *gen = cJSON_IsString(rjson_get(info, "generated_at")) ? rjson_str(info, "generated_at") : generated;
    rjson_beijing_time(gen ? gen : "", date, sizeof date, time, sizeof time);
    rjson_beijing_time(rjson_str(d->root, "generated_at"), sdate, sizeof sdate, stime, sizeof stime);
    jh_buf_puts(b, "<tr><th>县（市、区）</th><td>");
    if (cJSON_IsString(rjson_get(info, "county_name")))
        rhtml_escape(b, rjson_str(info, "county_name"));
    else
        jh_buf_puts(b, "<span class=\"note\">未填写</span>");
    if (cJSON_IsString(rjson_get(info, "county_code"))) {
        jh_buf_puts(b, "（行政区划代码 ");
        rhtml_escape(b, rjson_str(info, "county_code"));
        jh_buf_puts(b, "）");
    }
    jh_buf_puts(b, "</td></tr>\n<tr><th>监测年度</th><td>");
    char year[128];
    if (cJSON_IsString(rjson_get(info, "round")))
        rhtml_escape(b, rjson_round_zh(rjson_str(info, "round"), year, sizeof year));
    else
        jh_buf_puts(b, "<span class=\"note\">未填写</span>");
    jh_buf_puts(b, "</td></tr>\n<tr><th>出具单位</th><td>");
    if (cJSON_IsString(rjson_get(info, "issuer")))
        rhtml_escape(b, rjson_str(info, "issuer"));
    else
        jh_buf_puts(b, "<span class=\"note\">未填写</span>");
    jh_buf_puts(b, "</td></tr>\n<tr><th>报告日期</th><td>");
    rhtml_escape(b, date);
    jh_buf_puts(b, "</td></tr>\n</table>\n");

    /* 统计口径: what the figures cover */
    jh_buf_t scope = {0};
    report_scope(d->root, &scope);
    jh_buf_puts(b, "<p class=\"scope\"><b>统计口径：</b>");
    rhtml_escape(b, scope.data);
    jh_buf_free(&scope);
    jh_buf_puts(b, "</p>\n");
    const cJSON *imp = rjson_get(d->root, "imports");
    if (rjson_num(imp, "kiosks_with_missing") > 0) {
        jh_buf_puts(b, "<p class=\"alert\"><b>数据缺失：</b>");
        num(d, imp, "/imports", "kiosks_with_missing", RHTML_INT);
        jh_buf_puts(b, " 台设备有 ");
        num(d, imp, "/imports", "missing_responses", RHTML_INT);
        jh_buf_puts(b, " 份答卷没有收到，统计结果不含这些答卷（见<a href=\"#missing\">附录“未收到的答卷”</a>）。"
                       "</p>\n");
    }
    if (rjson_num(imp, "kiosks_new_database") > 0) {
        /* a kiosk's database lost and made again: what it never exported
         * before is gone, how much is not known (the seqs between were
         * never used, so they are not counted as missing above) */
        jh_buf_puts(b, "<p class=\"alert\"><b>数据库重建：</b>");
        num(d, imp, "/imports", "kiosks_new_database", RHTML_INT);
        jh_buf_puts(b, " 台设备的数据库丢失后重建过，此前未导出的答卷（数量不详）可能已丢失，统计结果不含这些答卷。"
                       "</p>\n");
    }
    jh_buf_puts(b, "<p>有效问卷 ");
    const cJSON *resp = rjson_get(d->root, "responses");
    num(d, resp, "/responses", "valid", RHTML_INT);
    jh_buf_puts(b, " 份（提交 ");
    num(d, resp, "/responses", "submitted", RHTML_INT);
    /* collected, not valid: every rated item 不了解 or skipped (review rgroups7 item 4) */
    if (rjson_num(resp, "no_rated_answer") > 0) {
        jh_buf_puts(b, " 份，其中 ");
        num(d, resp, "/responses", "no_rated_answer", RHTML_INT);
        jh_buf_puts(b, " 份评价题全是“不了解”或未答，不算有效问卷；开始作答 ");
    } else {
        jh_buf_puts(b, " 份，开始作答 ");
    }
    num(d, resp, "/responses", "total", RHTML_INT);
    jh_buf_puts(b, " 份");
    if (rjson_num(resp, "held_out_unregistered") > 0) {
        jh_buf_puts(b, "；其中 ");
        num(d, resp, "/responses", "held_out_unregistered", RHTML_INT);
        jh_buf_puts(b, " 份来自未在学校名册中的学校，未计入全县结果");
    }
    int n_reg = cJSON_GetArraySize(rjson_get(d->root, "schools"));
    jh_buf_printf(b, n_reg ? "）；学校 %d 所；导入尝试 " : "）；学校 %d 所（尚未导入学校名册）；导入尝试 ", n_reg);
    num(d, rjson_get(d->root, "imports"), "/imports", "attempts", RHTML_INT);
    jh_buf_puts(b, " 次。</p>\n");
    if (list_part(d)) {
        bool keys = d->part == REPORT_KEYS_PART;
        const cJSON *imp = rjson_get(d->root, "imports");
        int rows = cJSON_GetArraySize(rjson_get(imp, keys ? "kiosk_keys" : "log"));
        jh_buf_printf(b, "<p>本文件是%s的第 %d 部分（共 %d 部分）：第 %d–%d %s（共 %d %s）。"
                         "%s较长，按每个文件最多 %d 行分为几个文件，可以只打印需要的部分；"
                         "各文件的目录见<a href=\"%s#imports\">%s</a>，全县的结论见"
                         "<a href=\"report.html\">报告正文</a>。</p>\n</header>\n",
                      keys ? "设备密钥清单" : "数据导入记录", d->first / d->log_part + 1,
                      report_list_parts(rows, d->log_part), d->first + 1, d->first + d->count,
                      keys ? "台设备" : "次导入", rows, keys ? "台" : "次", keys ? "密钥清单" : "导入记录",
                      d->log_part, d->annex ? REPORT_ANNEX_HTML : "report.html",
                      d->annex ? "附件的附录 A" : "报告的附录 A");
        return;
    }
    if (d->part == REPORT_ANNEX && split_annex(d)) {
        jh_buf_printf(b, "<p>本附件是报告的逐校部分。%d 所学校按学校名册的顺序分为 %d 个部分，每部分一个文件，"
                         "含这些学校的满意度（及其全县排名）、情况卡、整改清单和样本，可以只打印需要的部分"
                         "（见下方“附件目录”）；本文件是附件目录，另含%s。"
                         "全县的结论、差异系数和评估指标见<a href=\"report.html\">报告正文</a>。</p>\n"
                         "<nav class=\"toc\"><a href=\"#parts\">附件目录：各部分</a><br>"
                         "<a href=\"#imports\">附录 A. 数据导入记录</a></nav>\n</header>\n",
                      d->n_schools, report_annex_parts(d->n_schools, d->part_size),
                      split_lists(d) ? "数据导入记录和设备密钥清单各文件的目录" : "每次数据导入的记录");
        return;
    }
    if (d->part == REPORT_ANNEX) {
        jh_buf_puts(b, "<p>本附件是报告的逐校部分：全部学校的满意度、每校一张情况卡、逐项整改清单和每次数据导入的记录。"
                       "全县的结论、差异系数和评估指标见<a href=\"report.html\">报告正文</a>。</p>\n"
                       "<nav class=\"toc\"><a href=\"#schools\">二、各校满意度</a><br>"
                       "<a href=\"#cards\">六、各校情况</a><br>"
                       "<a href=\"#rectify\">七、整改清单</a><br>"
                       "<a href=\"#imports\">附录 A. 数据导入记录</a></nav>\n</header>\n");
        return;
    }
    if (ranged(d)) {
        const cJSON *schools = rjson_get(d->root, "schools");
        const cJSON *s0 = rjson_at(schools, d->first), *s1 = rjson_at(schools, d->first + d->count - 1);
        jh_buf_puts(b, "<p>");
        if (d->part == REPORT_SCHOOL) {
            jh_buf_puts(b, "本文件是学校“");
            rhtml_name(b, rjson_str(s0, "name"));
            jh_buf_puts(b, "”（代码 <span class=\"code\">");
            rhtml_escape(b, rjson_str(s0, "code"));
            jh_buf_printf(b, "</span>，学校名册第 %d 所）的情况：满意度、情况卡、整改事项和样本。", d->first + 1);
        } else {
            jh_buf_printf(b, "本文件是附件的第 %d 部分（共 %d 部分）：学校名册第 %d–%d 所学校（", d->first / d->part_size + 1,
                          report_annex_parts(d->n_schools, d->part_size), d->first + 1, d->first + d->count);
            rhtml_name(b, rjson_str(s0, "name"));
            jh_buf_puts(b, "，代码 <span class=\"code\">");
            rhtml_escape(b, rjson_str(s0, "code"));
            jh_buf_puts(b, "</span> 至 ");
            rhtml_name(b, rjson_str(s1, "name"));
            jh_buf_puts(b, "，代码 <span class=\"code\">");
            rhtml_escape(b, rjson_str(s1, "code"));
            jh_buf_puts(b, "</span>）的满意度、情况卡、整改清单和样本。");
        }
        if (d->part == REPORT_SCHOOL)
            jh_buf_puts(b, "全县的结论和其他学校见<a href=\"report.html\">报告正文</a>及其附件。</p>\n");
        else
            jh_buf_puts(b, "全县的结论见<a href=\"report.html\">报告正文</a>，其他学校见"
                           "<a href=\"" REPORT_ANNEX_HTML "#parts\">附件目录</a>。</p>\n");
        jh_buf_puts(b, 
                       "<nav class=\"toc\"><a href=\"#schools\">二、各校满意度</a><br>"
                       "<a href=\"#cards\">六、各校情况</a><br>"
                       "<a href=\"#rectify\">七、整改清单</a></nav>\n</header>\n");
        return;
    }
    if (d->self) {
        report_self_toc(d->root, b);
        /* A 自评报告 is stamped and signed: the issuer's seal, the person
         * responsible, the date (review rexcel5 item 7) */
        const cJSON *info = rjson_get(d->root, "report");
        jh_buf_puts(b, "<table class=\"sign\">\n<tr><th>出具单位（盖章）：</th><td>");
        if (cJSON_IsString(rjson_get(info, "issuer"))) rhtml_escape(b, rjson_str(info, "issuer"));
        jh_buf_puts(b, "</td></tr>\n<tr><th>负责人（签字）：</th><td></td></tr>\n"
                       "<tr><th>日期：</th><td>　　　　年　　月　　日</td></tr>\n</table>\n</header>\n");
        return;
    }
    jh_buf_puts(b, "<nav class=\"toc\"><a href=\"#verdicts\">一、评估结论</a><br>"
                   "<a href=\"#schools\">二、各校满意度</a><br>"
                   "<a href=\"#topics\">三、最不满意的方面</a><br>"
                   "<a href=\"#localities\">四、城区、镇区、乡村比较</a><br>"
                   "<a href=\"#cv\">五、资源配置差异系数</a><br>"
                   "<a href=\"#cards\">六、各校情况</a><br>"
                   "<a href=\"#rectify\">七、整改清单</a><br>");
    report_eval_toc(d->root, b);
    jh_buf_puts(b, "<a href=\"#appendix\">附录：导入记录、答卷质量、样本、计算方法</a></nav>\n"
                   "</header>\n");
}

/* No school register loaded (no school in the statistics): the CVs are not
 * computable because there is nothing to compute them from. */
static bool no_register(const doc_t *d)
{
    return cJSON_GetArraySize(rjson_get(d->root, "schools")) == 0;
}

#define NO_REGISTER_CV "无法计算：尚未导入学校名册，没有学校的资源配置数据。"

static void verdict_open(doc_t *d, const cJSON *pass, const char *what)
{
    const char *cls = cJSON_IsBool(pass) ? (cJSON_IsTrue(pass) ? "pass" : "fail") : "na";
    jh_buf_printf(d->b, "<div class=\"verdict %s\"><div class=\"what\">", cls);
    rhtml_escape(d->b, what);
    jh_buf_puts(d->b, "</div><div class=\"big\">");
}

/* One level's verdict card: kind 0 the quality CVs, 1 the basic composite,
 * 2 the schools meeting the standard. */
static void verdict_level(doc_t *d, const cJSON *lv, const char *level, int kind)
{
    jh_buf_t *b = d->b;
    if (!lv) return;
    ptr_t pl = ptr_key("/balance", level);
    const char *lzh = rjson_str(lv, "level_zh");
    char what[256];
    if (kind == 0) {
        const cJSON *q = rjson_get(lv, "quality");
        int ok = 0, known = 0;
        for (int i = 0, n_q = cJSON_GetArraySize(q); i < n_q; i++) {
            const cJSON *v = rjson_get(rjson_at(q, i), "pass");
            known += cJSON_IsBool(v);
            ok += cJSON_IsTrue(v);
        }
        snprintf(what, sizeof what, "%s：优质均衡 7 项指标差异系数均不超过 %s", lzh,
                 !strcmp(level, "primary") ? "0.50" : "0.45");
        verdict_open(d, rjson_get(lv, "quality_cvs_pass"), what);
        int n_q = cJSON_GetArraySize(q);
        bool level_reason = cJSON_IsString(rjson_get(lv, "cv_reason"));
        if (level_reason)
            jh_buf_puts(b, "无法计算 ");
        else if (known < n_q) /* out of all 7, not of those computed (not "6 / 6") */
            jh_buf_printf(b, "%d / %d 项在限值内，%d 项无法计算 ", ok, n_q, n_q - known);
        else
            jh_buf_printf(b, "%d / %d 项在限值内 ", ok, known);
        mark_json(d, lv, pl.s, "quality_cvs_pass", "达标", "未达标");
        jh_buf_puts(b, "</div>");
        /* fewer than two schools: no CV, and the verdict says why (item 10) */
        if (level_reason) {
            jh_buf_puts(b, "<div class=\"note\">");
            if (no_register(d))
                jh_buf_puts(b, NO_REGISTER_CV);
            else
                escape_zh(b, rjson_str(lv, "cv_reason"));
            jh_buf_puts(b, "</div>");
        } else if (known < n_q) {
            /* an indicator's CV not computed (its mean is 0): which, and why */
            jh_buf_puts(b, "<div class=\"note\">");
            for (int i = 0, k = 0; i < n_q; i++) {
                const cJSON *e = rjson_at(q, i);
                if (cJSON_IsBool(rjson_get(e, "pass"))) continue;
                rhtml_escapef(b, "%s%s %s：", k++ ? "；" : "", rjson_str(e, "code"),
                              rjson_str(e, "name_zh"));
                if (cJSON_IsString(rjson_get(e, "cv_reason")))
                    escape_zh(b, rjson_str(e, "cv_reason"));
                else
                    jh_buf_puts(b, "无法计算");
            }
            jh_buf_puts(b, "</div>");
        }
        jh_buf_puts(b, "</div>\n");
    } else if (kind == 1) {
        const cJSON *bc = rjson_get(lv, "basic_composite");
        ptr_t pb = ptr_key(pl.s, "basic_composite");
        snprintf(what, sizeof what, "%s：基本均衡综合差异系数", lzh);
        verdict_open(d, rjson_get(bc, "pass"), what);
        if (cJSON_IsNumber(rjson_get(bc, "cv")))
            num_vs(d, bc, pb.s, "cv", RHTML_F3, rjson_num(bc, "limit"), NAN);
        else
            jh_buf_puts(b, "无法计算");
        jh_buf_puts(b, " ");
        mark_json(d, bc, pb.s, "pass", "在限值内", "超限");
        jh_buf_puts(b, "</div><div class=\"note\">限值 ");
        num(d, bc, pb.s, "limit", RHTML_F2);
        if (cJSON_IsString(rjson_get(bc, "cv_reason"))) {
            jh_buf_puts(b, "。");
            if (no_register(d))
                jh_buf_puts(b, NO_REGISTER_CV);
            else
                escape_zh(b, rjson_str(bc, "cv_reason"));
        }
        jh_buf_puts(b, "</div></div>\n");
    } else {
        snprintf(what, sizeof what, "%s：学校达到优质均衡标准（7 项中至少 6 项达标，其余不低于 85 %%）",
                 lzh);
        verdict_open(d, rjson_get(lv, "all_schools_compliant"), what);
        num(d, lv, pl.s, "schools_compliant", RHTML_INT);
        jh_buf_puts(b, " / ");
        num(d, lv, pl.s, "n_schools", RHTML_INT);
        jh_buf_puts(b, " 所 ");
        mark_json(d, lv, pl.s, "all_schools_compliant", "全部达标", "有学校未达标");
        jh_buf_puts(b, "</div></div>\n");
    }
}

static void section_verdicts(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "verdicts", "一、评估结论", false);
    /* No register: first of all (review rdoc3 item 4) */
    if (no_register(d))
        jh_buf_puts(b, "<p class=\"alert\" id=\"no-register\"><b>尚未导入学校名册：</b>"
                       "资源配置指标、差异系数、学校达标和督导评估的逐校指标均无法计算（下文为“无法计算”或“无数据”），"
                       "满意率未按名册核对学校和城乡属性。请用 junheng schools 导入学校名册后重新统计、重新生成报告。</p>\n");
    /* Answers of schools not in the register: held out of every county
     * figure below, said first (issue 19 item 11). */
    const cJSON *un = rjson_get(d->root, "unregistered");
    if (un && rjson_num(un, "n_questionnaires") > 0) {
        jh_buf_puts(b, "<p class=\"warn\" id=\"unregistered\"><b>注意：</b>另有 ");
        num(d, un, "/unregistered", "n_questionnaires", RHTML_INT);
        jh_buf_puts(b, " 份问卷来自未在学校名册中的学校（");
        const cJSON *us = rjson_get(un, "schools");
        for (int i = 0, n_us = cJSON_GetArraySize(us); i < n_us; i++) {
            if (i) jh_buf_puts(b, "、");
            rhtml_escape(b, rjson_str(rjson_at(us, i), "school_code"));
        }
        jh_buf_puts(b, "），未计入下列任何全县结果；该校登记入学校名册后重新统计即计入。"
                       "这些问卷单独列于下表。</p>\n");
        const char *const heads[] = {"学校代码（未在名册）", "问卷数", "有效答案", "满意率（按题次）",
                                            "95 % 置信区间", d->thr_vs, NULL};
        rhtml_table_begin(b, "unregistered", heads);
        for (int i = 0, n_us = cJSON_GetArraySize(us); i < n_us; i++) {
            const cJSON *g = rjson_at(us, i);
            jh_buf_puts(b, "<tr><td>");
            rhtml_escape(b, rjson_str(g, "school_code"));
            jh_buf_puts(b, "</td>");
            td_rate_cells(d, g, ptr_idx("/unregistered/schools", i).s, "answers");
            jh_buf_puts(b, "</tr>\n");
        }
        rhtml_table_end(b);
    }
    jh_buf_puts(b, "<div class=\"verdicts\">\n");
    const cJSON *county = rjson_get(rjson_get(d->root, "satisfaction"), "county");
    const char *headline = rjson_str(county, "headline_method");
    static const char *const methods[] = {"answers", "questionnaires"};
    for (int m = 0; m < 2; m++) {
        const cJSON *r = rjson_get(county, methods[m]);
        if (!r) continue;
        ptr_t p = ptr_key("/satisfaction/county", methods[m]);
        char what[256];
        snprintf(what, sizeof what, "社会认可度（%s）%s", rjson_str(r, "method_zh"),
                 !strcmp(headline, methods[m]) ? " · 主口径" : "");
        verdict_open(d, rjson_get(r, "pass"), what);
        num_vs(d, r, p.s, "rate", RHTML_PCT1, rjson_num(r, "threshold"), NAN);
        jh_buf_puts(b, " ");
        char yes[48], no[48]; /* against the threshold in use, not always 85 % */
        double thr = isfinite(rjson_num(r, "threshold")) ? rjson_num(r, "threshold") : d->threshold;
        snprintf(yes, sizeof yes, "达到 %g %%", thr * 100);
        snprintf(no, sizeof no, "低于 %g %%", thr * 100);
        mark_json(d, r, p.s, "pass", yes, no);
        jh_buf_puts(b, "</div><div class=\"note\">95 % 置信区间 ");
        rate_ci(d, r, p.s);
        jh_buf_puts(b, "；满意 ");
        num(d, r, p.s, "satisfied", RHTML_INT);
        jh_buf_puts(b, " / 有效 ");
        num(d, r, p.s, "valid", RHTML_INT);
        jh_buf_puts(b, "</div></div>\n");
    }
    const cJSON *balance = rjson_get(d->root, "balance");
    static const char *const levels[] = {"primary", "junior"};
    /* Kind by kind, primary beside junior. */
    for (int kind = 0; kind < 3; kind++)
        for (int l = 0; l < 2; l++) verdict_level(d, rjson_get(balance, levels[l]), levels[l], kind);
    jh_buf_puts(b, "</div>\n");
    /* The legend right below the verdicts it explains, kept with them on
     * the page (break-before: avoid): the optional paragraphs below
     * (versions, rectification, evaluation) pushed it alone onto an
     * otherwise blank page 2 of the A4 PDF (review r2doc3 item 5). */
    /* the veto line in use, as the verdict cards above say it (review rclerk6 item 3) */
    jh_buf_printf(b, "<p class=\"note legend\">✓ 表示达标，× 表示未达标，— 表示无数据；黑白打印时以符号和文字为准。"
                     "社会认可度为一票否决项：低于 %s 即整体不通过。“主口径”为问卷定义声明的计算方法，"
                     "两种口径均列出以便核对。</p>\n",
                  d->thr_pct);
    /* how the versions of a questionnaire were combined (issue 18) */
    if (cJSON_IsString(rjson_get(county, "versions_combined"))) {
        jh_buf_puts(b, "<p class=\"note\" id=\"versions-combined\">");
        escape_zh(b, rjson_str(county, "versions_combined"));
        jh_buf_puts(b, "详见“三”中的“按问卷版本”。</p>\n");
    }
    if (!d->self) { /* (the self-assessment has its plan in 七 and its verdicts above) */
        if (no_register(d)) { /* nothing to list, not "nothing short" (review r2doc3 item 3) */
            jh_buf_puts(b, "<p>资源配置整改项：无法计算（尚未导入学校名册），见“七、整改清单”。</p>\n");
        } else {
            /* the schools' resource shortfalls, under their own name: 整改项
             * are the plan's (report_eval_summary; review reval5 item 2) */
            jh_buf_puts(b, "<p>资源配置整改项共 ");
            num(d, rjson_get(d->root, "verdicts"), "/verdicts", "rectification_items", RHTML_INT);
            jh_buf_puts(b, " 项，见“七、整改清单”。</p>\n");
        }
        report_eval_summary(d->root, b);
    }
    jh_buf_puts(b, "</section>\n");
}

/* Rate descending, unknown last, then document order. */
static int cmp_rate_desc(const void *a, const void *b)
{
    const sortkey_t *x = a, *y = b;
    bool ux = isnan(x->rate), uy = isnan(y->rate);
    if (ux != uy) return ux ? 1 : -1;
    if (!ux && x->rate != y->rate) return x->rate > y->rate ? -1 : 1;
    return x->idx - y->idx;
}

/* Rate ascending, then document order. */
static int cmp_rate_asc(const void *a, const void *b)
{
    const sortkey_t *x = a, *y = b;
    if (x->rate != y->rate) return x->rate < y->rate ? -1 : 1;
    return x->idx - y->idx;
}

/* The answers rate of a group, NaN when suppressed or absent. */
static double group_rate(const cJSON *g)
{
    return rjson_bool(g, "suppressed") ? NAN : rjson_num(rjson_get(g, "answers"), "rate");
}

/* The public's answers are the county's, in no school's figures (review
 * rgroups7 item 1). */
#define SCHOOLS_SCOPE                                                                                  \
    "<p class=\"note\" id=\"schools-scope\">各校满意率只含本校学生、家长、教师的问卷；社会公众问卷问的是全县情况，" \
    "只计入全县和社会公众的结果。</p>\n"

static void section_schools(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "schools", "二、各校满意度", true);
    const cJSON *arr = rjson_get(rjson_get(d->root, "satisfaction"), "by_school");
    int n = cJSON_GetArraySize(arr);
    sortkey_t *keys = jh_xmalloc(sizeof *keys * (size_t)(n > 0 ? n : 1));
    const cJSON **el = jh_xmalloc(sizeof *el * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        el[i] = rjson_at(arr, i);
        keys[i] = (sortkey_t){i, group_rate(el[i])};
    }
    qsort(keys, (size_t)n, sizeof *keys, cmp_rate_desc);
    if (ranged(d)) {
        /* a part of the annex, one school: its rows of the county's table
         * (the chart is in the summary) */
        jh_buf_puts(b, d->part == REPORT_SCHOOL ? "<p>本校在全县学校中的满意率排名（序号）：</p>\n"
                                                : "<p>本部分学校的满意率，按满意率从高到低排列，序号为全县排名。</p>\n");
        jh_buf_puts(b, SCHOOLS_SCOPE);
        schools_table(d, keys, el, 0, n);
        free(keys);
        free(el);
        jh_buf_puts(b, "</section>\n");
        return;
    }
    /* A chart of more than 60 bars is unreadable: show the 40 lowest. */
    int first = n > 60 ? n - 40 : 0;
    while (first > 0 && first < n && isnan(keys[first].rate)) first--;
    jh_buf_printf(b, "<p>各校满意率（按题次：满意答案数 / 有效答案数），黑色横线为 95 %% 置信区间，"
                     "红色虚线为 %s 标准线；低于标准线的学校以斜线填充并标 ×。</p>\n", d->thr_pct);
    jh_buf_puts(b, SCHOOLS_SCOPE);
    if (first > 0)
        jh_buf_printf(b, "<p class=\"note\">共 %d 所学校，图中只列出满意率最低的 %d 所；"
                         "全部学校见%s和工作簿“学校”表。</p>\n", n, n - first,
                      d->part == REPORT_SUMMARY ? "附件" : "下表");
    rhtml_bar_t *bars = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *bars);
    ptr_t *ptrs = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *ptrs);
    int nb = 0;
    for (int k = first; k < n; k++) {
        int i = keys[k].idx;
        const cJSON *r = rjson_get(el[i], "answers");
        snprintf(ptrs[nb].s, sizeof ptrs[nb].s, "/satisfaction/by_school/%d/answers/rate", i);
        bars[nb] = (rhtml_bar_t){.label = school_label(el[i]), .value = keys[k].rate,
                                 .lo = rjson_num(r, "ci_low"), .hi = rjson_num(r, "ci_high"),
                                 .has_ci = isfinite(rjson_num(r, "ci_low")),
                                 .suppressed = isnan(keys[k].rate), .pointer = ptrs[nb].s,
                                 .note = rjson_bool(el[i], "suppressed") && rjson_hidden_complementary(el[i])
                                             ? "隐藏（防推算）"
                                             : NULL};
        nb++;
    }
    rhtml_hbar_opts_t o = {.title = "各校满意率（含 95 % 置信区间）", .ref = d->threshold,
                           .ref_label = d->thr_pct, .min_n = d->min_group};
    rhtml_svg_hbars(b, bars, nb, &o);
    free(bars);
    free(ptrs);

    /* The summary lists the schools of the chart; all of them are in the annex. */
    int from = d->part == REPORT_SUMMARY ? first : 0;
    if (from > 0) {
        jh_buf_printf(b, "<p class=\"note\">下表为满意率最低的 %d 所学校，全部 %d 所学校见", n - from, n);
        annex_link(d, "schools", split_annex(d) ? "附件各部分" : "附件“各校满意度”");
        jh_buf_puts(b, "。</p>\n");
    }
    schools_table(d, keys, el, from, n);
    free(keys);
    free(el);
    schools_without_answers(d);
    jh_buf_puts(b, "</section>\n");
}

/* The register's schools without a questionnaire this round, which the
 * chart and table above cannot show (review rclerk6 item 4): named, with
 * their pupils, the first 30 of them. */
static void schools_without_answers(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *s;
    int n = 0;
    cJSON_ArrayForEach(s, rjson_get(d->root, "schools"))
        if (idx_find(d->by_school, rjson_str(s, "code")) < 0) n++;
    if (!n) return;
    jh_buf_printf(b, "<p class=\"note\" id=\"schools-no-answers\">学校名册中另有 %d 所学校本轮没有问卷"
                     "（无问卷；社会公众问卷只计入全县，不算学校的问卷），未列入上图和上表：", n);
    int k = 0;
    cJSON_ArrayForEach(s, rjson_get(d->root, "schools"))
    {
        if (idx_find(d->by_school, rjson_str(s, "code")) >= 0) continue;
        if (k == 30) {
            jh_buf_puts(b, "等");
            break;
        }
        if (k++) jh_buf_puts(b, "、");
        rhtml_escapef(b, "%s %s（%s", rjson_str(s, "code"), rjson_str(s, "name"), rjson_str(s, "level_zh"));
        double pupils = 0;
        bool have = false;
        const cJSON *part;
        cJSON_ArrayForEach(part, rjson_get(s, "parts"))
            if (isfinite(rjson_num(part, "enrolment"))) pupils += rjson_num(part, "enrolment"), have = true;
        if (have) {
            char t[48];
            rhtml_fmt_value(pupils, RHTML_INT, t, sizeof t);
            rhtml_escapef(b, "，在校生 %s 人", t);
        }
        jh_buf_puts(b, "）");
    }
    jh_buf_puts(b, "。工作簿“学校”表中其满意率为“无问卷”。</p>\n");
}

/* The sample of the school of code (an element of sample.by_school), or NULL. */
static const cJSON *school_sample(doc_t *d, const char *code)
{
    long h = idx_find(&d->ix->sample, code);
    return h >= 0 ? d->ix->sample.e[h].el : NULL;
}

/* The table of schools' satisfaction: the entries keys[from..n) of el (the
 * county's ranking), those of the document's schools. */
static void schools_table(doc_t *d, const sortkey_t *keys, const cJSON **el, int from, int n)
{
    jh_buf_t *b = d->b;
    const char *const heads[] = {"序号", "学校", "学段", "城乡", "问卷", "有效答案",
                                        "满意率", "95 % 置信区间", d->thr_reach, NULL};
    int rows = 0, short_rows = 0;
    for (int k = from; k < n; k++) {
        int i = keys[k].idx;
        if (!pos_in_range(d, d->ix->group_pos, d->ix->n_group, i)) continue;
        if (!rows++) rhtml_table_begin(b, "schools", heads);
        long si = idx_find(d->schools, rjson_str(el[i], "school_code"));
        const cJSON *s = si >= 0 ? d->schools->e[si].el : NULL;
        ptr_t base = ptr_idx("/satisfaction/by_school", i);
        jh_buf_printf(b, "<tr><td class=\"r\">%d</td><td>", k + 1);
        rhtml_escape(b, school_label(el[i]));
        if (!rjson_bool(el[i], "in_register")) jh_buf_puts(b, " <span class=\"note\">(不在学校名册中)</span>");
        /* fewer questionnaires than its sample target (appendix C): its
         * rate and verdict rest on a short sample (review rgroups7 item 5) */
        const cJSON *sm = school_sample(d, rjson_str(el[i], "school_code"));
        if (sm && cJSON_IsFalse(rjson_get(sm, "target_pass"))) {
            jh_buf_puts(b, " <span class=\"note sample-short\" title=\"below sample target\">样本未达目标</span>");
            short_rows++;
        }
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(s, "level_zh"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(s, "locality_zh"));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, el[i], base.s, "answers");
        jh_buf_puts(b, "</tr>\n");
    }
    if (rows) {
        rhtml_table_end(b);
        if (short_rows) {
            jh_buf_puts(b, "<p class=\"note\" id=\"schools-sample-short\">标“样本未达目标”的学校，有效问卷少于其目标样本量"
                           "（见附件 C“各校样本”的“还缺”），其满意率和结论代表性不足，仅供参考。</p>\n");
        }
    } else if (!ranged(d)) {
        rhtml_table_begin(b, "schools", heads);
        rhtml_table_end(b);
    } else {
        jh_buf_puts(b, d->part == REPORT_SCHOOL ? "<p>本校没有问卷。</p>\n" : "<p>这些学校没有问卷。</p>\n");
    }
}

/* A table of the k lowest rated entries of arr (groups with an "answers"
 * rate object) for which keep(entry) holds. */
/* The audience of questionnaire survey_id ("" when unknown). */
static const char *survey_audience(doc_t *d, const char *survey_id)
{
    const cJSON *surveys = rjson_get(d->root, "surveys");
    for (int s = 0, s_n = cJSON_GetArraySize(surveys); s < s_n; s++)
        if (!strcmp(rjson_str(rjson_at(surveys, s), "id"), survey_id)) return rjson_str(rjson_at(surveys, s), "audience");
    return "";
}

/* Whether an item (by its questionnaire) or a topic (by its role: the
 * statistics keep each role's topics apart, review of session 14) holds audience's
 * answers, and only theirs.  A topic without a role (a document written
 * before topics were kept apart per role) pools every role's answers and is
 * never listed under one role: a small role would be published inside it. */
static bool asked_of(doc_t *d, const cJSON *e, const char *audience)
{
    if (rjson_get(e, "item_id")) return !strcmp(survey_audience(d, rjson_str(e, "survey_id")), audience);
    return cJSON_IsString(rjson_get(e, "role")) && !strcmp(rjson_str(e, "role"), audience);
}

static void lowest_table(doc_t *d, const cJSON *arr, const char *arr_ptr, const char *label_key,
                         const char *audience, int k)
{
    jh_buf_t *b = d->b;
    int n = cJSON_GetArraySize(arr), m = 0;
    sortkey_t *keys = jh_xmalloc(sizeof *keys * (size_t)(n > 0 ? n : 1));
    const cJSON **el = jh_xmalloc(sizeof *el * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        el[i] = rjson_at(arr, i);
        double r = group_rate(el[i]);
        if (isnan(r) || rjson_bool(el[i], "overall") || !strcmp(rjson_str(el[i], "topic"), "overall"))
            continue;
        if (audience && !asked_of(d, el[i], audience)) continue;
        keys[m++] = (sortkey_t){i, r};
    }
    qsort(keys, (size_t)m, sizeof *keys, cmp_rate_asc);
    if (m == 0) {
        jh_buf_puts(b, "<p class=\"note\">无可报告的数据（样本不足或未调查）。</p>\n");
    } else {
        /* the column is 满意率 only when every row's rate is one; a row
         * counting something else (认同率, 选“很少”“从不”的比例, a topic
         * of mixed items) names it (review r2book item 3) */
        bool all_sat = true;
        for (int j = 0; j < m && j < k; j++)
            all_sat &= !strcmp(rjson_rate_name_zh(d->root, el[keys[j].idx]), "满意率");
        const char *const heads[] = {"名次", "方面 / 题目", "答题人次", "有效答案", all_sat ? "满意率" : "比率",
                                            "95 % 置信区间", d->thr_reach, NULL};
        rhtml_table_begin(b, "lowest", heads);
        for (int j = 0; j < m && j < k; j++) {
            const cJSON *e = el[keys[j].idx];
            ptr_t p = ptr_idx(arr_ptr, keys[j].idx);
            jh_buf_printf(b, "<tr><td class=\"r\">%d</td><td>", j + 1);
            rhtml_escape(b, rjson_str(e, label_key));
            const char *rate_name = rjson_rate_name_zh(d->root, e);
            bool named = strcmp(rate_name, "满意率") != 0;
            if (rjson_get(e, "text_zh") || named) {
                jh_buf_puts(b, " <span class=\"note\">（");
                if (rjson_get(e, "text_zh")) rhtml_escape(b, rjson_str(e, "topic_zh"));
                /* what the rate is on this item's scale (认同率 ...) */
                if (named) {
                    jh_buf_puts(b, rjson_get(e, "text_zh") ? "；比率为" : "比率为");
                    rhtml_escape(b, rate_name);
                }
                jh_buf_puts(b, "）</span>");
            }
            version_note(b, e);
            jh_buf_puts(b, "</td>");
            td_rate_cells(d, e, p.s, "answers");
            jh_buf_puts(b, "</tr>\n");
        }
        rhtml_table_end(b);
    }
    free(keys);
    free(el);
}

/* " （parent-2026 2.0 版）" after an item or topic kept apart per version. */
static void version_note(jh_buf_t *b, const cJSON *e)
{
    if (!cJSON_IsString(rjson_get(e, "version"))) return;
    jh_buf_puts(b, " <span class=\"note version\">（");
    rhtml_escape(b, rjson_str(e, "survey_id"));
    jh_buf_puts(b, " ");
    rhtml_escape(b, rjson_str(e, "version"));
    jh_buf_puts(b, " 版，与其他版本不同，单列）</span>");
}

/* The zh-CN question of an item kept apart in a version (from by_item),
 * or its id when it is not there.  Borrowed. */
static const char *changed_item_text(const cJSON *root, const char *survey_id, const char *item_id,
                                     const char *version)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, rjson_get(rjson_get(root, "satisfaction"), "by_item"))
    {
        if (!strcmp(rjson_str(e, "survey_id"), survey_id) && !strcmp(rjson_str(e, "item_id"), item_id) &&
            cJSON_IsString(rjson_get(e, "version")) && !strcmp(rjson_str(e, "version"), version))
            return rjson_str(e, "text_zh");
    }
    return item_id;
}

/* Versions of one questionnaire answered in the round, side by side
 * (issue 18): questionnaires and rates per version, and the items that
 * differ, which are reported per version and never mixed into a topic. */
static void versions_table(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *vs = rjson_get(d->root, "versions");
    if (!cJSON_IsTrue(rjson_get(vs, "mixed"))) return;
    jh_buf_puts(b, "<h3 id=\"versions\">按问卷版本</h3>\n<p>本轮同一问卷有几个版本的答卷，各版本分列如下。"
                   "各版本完全相同的题目（题干、选项和“满意”的定义都相同）合并计算，其方面的满意率只含这些题；"
                   "有差异或只在某一版本中的题目按版本单列（题目和方面表中注明版本）。社会认可度把各版本的答卷合并计数，"
                   "每份答卷按它所答版本计分。</p>\n");
    const char *const heads[] = {"问卷", "版本", "问卷数", "有效答案", "满意率（按题次）", "95 % 置信区间",
                                        d->thr_reach, "有差异、单列的题目", NULL};
    rhtml_table_begin(b, "versions", heads);
    const cJSON *byv = rjson_get(rjson_get(d->root, "satisfaction"), "by_version");
    const cJSON *ids = rjson_get(vs, "surveys");
    for (int i = 0, n = cJSON_GetArraySize(byv); i < n; i++) {
        const cJSON *e = rjson_at(byv, i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_str(e, "survey_id"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(e, "version"));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, e, ptr_idx("/satisfaction/by_version", i).s, "answers");
        jh_buf_puts(b, "<td>");
        /* the changed items of this version */
        for (int k = 0, nk = cJSON_GetArraySize(ids); k < nk; k++) {
            const cJSON *sv = rjson_at(ids, k);
            if (strcmp(rjson_str(sv, "id"), rjson_str(e, "survey_id"))) continue;
            const cJSON *vv = rjson_get(sv, "versions");
            for (int m = 0, nm = cJSON_GetArraySize(vv); m < nm; m++) {
                const cJSON *v = rjson_at(vv, m);
                if (strcmp(rjson_str(v, "version"), rjson_str(e, "version"))) continue;
                const cJSON *ch = rjson_get(v, "changed_items");
                /* the count, then the questions (each ends in its ？ or 。) */
                if (cJSON_GetArraySize(ch)) jh_buf_printf(b, "%d 题：<span class=\"note\">", cJSON_GetArraySize(ch));
                for (int c = 0, nc = cJSON_GetArraySize(ch); c < nc; c++) {
                    if (c) jh_buf_puts(b, " ");
                    const char *id = cJSON_IsString(rjson_at(ch, c)) ? rjson_at(ch, c)->valuestring : "";
                    rhtml_escape(b, changed_item_text(d->root, rjson_str(e, "survey_id"), id, rjson_str(e, "version")));
                }
                jh_buf_puts(b, cJSON_GetArraySize(ch) ? "</span>" : "无");
            }
        }
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
}

static void section_topics(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "topics", "三、最不满意的方面", true);
    const cJSON *sat = rjson_get(d->root, "satisfaction");
    jh_buf_puts(b, "<p>按满意率（或题目所计的比率）从低到高列出各对象最不满意的方面（主题）和题目，供改进工作参考；"
                   "总体评价题和样本不足的组不列入。方面的比率是该对象问卷中该方面各题的合计，只含该对象的答案："
                   "各题所计相同时沿用其名称（满意率、认同率等），不同时称“满意答案比例”（计入“满意”一侧的答案所占比例）。</p>\n");
    static const char *const roles[] = {"student", "parent", "teacher", "public"};
    /* statistics stored before topics were kept per role (a closed round's):
     * their topics pool every role and are listed under none */
    const cJSON *topics = rjson_get(sat, "by_topic");
    bool per_role = cJSON_GetArraySize(topics) == 0;
    for (int i = 0, n = cJSON_GetArraySize(topics); i < n && !per_role; i++)
        per_role = cJSON_IsString(rjson_get(rjson_at(topics, i), "role"));
    for (int r = 0; r < 4; r++) {
        if (!role_has_answers(sat, roles[r])) continue; /* a group the county did not ask */
        jh_buf_printf(b, "<h%c>%s最不满意的方面</h%c>\n", SUB_H(d), rjson_role_zh(roles[r]), SUB_H(d));
        if (per_role)
            lowest_table(d, topics, "/satisfaction/by_topic", "topic_zh", roles[r], 5);
        else
            jh_buf_puts(b, "<p class=\"note topics-pooled\">该轮统计未按对象分列方面（统计生成于方面按对象分列之前），"
                           "请看下面最不满意的题目。 The round's statistics do not split topics by role (computed "
                           "before topics were kept per role): see the items below.</p>\n");
        jh_buf_printf(b, "<h%c>%s最不满意的题目</h%c>\n", SUB_H(d), rjson_role_zh(roles[r]), SUB_H(d));
        lowest_table(d, rjson_get(sat, "by_item"), "/satisfaction/by_item", "text_zh", roles[r], 5);
    }
    if (rjson_get(d->root, "social_recognition")) {
        social_groups(d);
        versions_table(d);
        jh_buf_puts(b, "</section>\n");
        return;
    }
    jh_buf_printf(b, "<h%c>按对象</h%c>\n", SUB_H(d), SUB_H(d));
    const char *const heads[] = {"对象", "问卷", "有效答案", "满意率", "95 % 置信区间",
                                        d->thr_reach, NULL};
    rhtml_table_begin(b, "roles", heads);
    const cJSON *roles_arr = rjson_get(sat, "by_role");
    for (int i = 0, i_n = cJSON_GetArraySize(roles_arr); i < i_n; i++) {
        const cJSON *e = rjson_at(roles_arr, i);
        ptr_t p = ptr_idx("/satisfaction/by_role", i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_role_zh(rjson_str(e, "role")));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, e, p.s, "answers");
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    versions_table(d);
    jh_buf_puts(b, "</section>\n");
}

static void section_localities(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "localities", "四、城区、镇区、乡村比较", true);
    static const char *const locs[] = {"urban", "town", "rural"};
    static const char *const series[] = {"城区", "镇区", "乡村"};
    static const char *const cats[] = {"按题次满意率", "按问卷满意率"};
    static const char *const rate_keys[] = {"answers", "questionnaires"};
    const cJSON *arr = rjson_get(rjson_get(d->root, "satisfaction"), "by_locality");
    int n = cJSON_GetArraySize(arr);
    double values[6];
    /* a group without a bar says why, as its table row does: hidden, too
     * small for the document's own minimum, or no data at all */
    const char *notes[6];
    char too_small[48];
    snprintf(too_small, sizeof too_small, "样本不足 (n<%d)", d->min_group);
    for (int c = 0; c < 2; c++)
        for (int s = 0; s < 3; s++) {
            values[c * 3 + s] = NAN;
            notes[c * 3 + s] = "无数据";
            for (int i = 0; i < n; i++) {
                const cJSON *e = rjson_at(arr, i);
                if (strcmp(rjson_str(e, "locality"), locs[s])) continue;
                if (rjson_bool(e, "suppressed")) {
                    notes[c * 3 + s] = rjson_hidden_complementary(e) ? "隐藏（防推算）" : too_small;
                    continue;
                }
                values[c * 3 + s] = rjson_num(rjson_get(e, rate_keys[c]), "rate");
            }
        }
    rhtml_svg_grouped(b, "城区、镇区、乡村满意率", cats, 2, series, 3, values, notes, d->threshold,
                      d->thr_pct);
    const char *const heads[] = {"城乡", "问卷", "有效答案", "满意率", "95 % 置信区间",
                                        d->thr_reach, "按问卷满意率", NULL};
    rhtml_table_begin(b, "localities", heads);
    for (int i = 0; i < n; i++) {
        const cJSON *e = rjson_at(arr, i);
        ptr_t p = ptr_idx("/satisfaction/by_locality", i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_str(e, "locality_zh"));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, e, p.s, "answers");
        if (!rjson_bool(e, "suppressed"))
            td_num_vs(d, rjson_get(e, "questionnaires"), ptr_key(p.s, "questionnaires").s, "rate", RHTML_PCT1,
                      d->threshold, NAN);
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    /* what the groups count: the public's questionnaires are about the
     * county, in no school's locality (review rclerk9 item 6) */
    {
        double n_public = 0;
        const cJSON *r;
        cJSON_ArrayForEach(r, rjson_get(rjson_get(d->root, "satisfaction"), "by_role"))
            if (!strcmp(rjson_str(r, "role"), "public") && cJSON_IsNumber(rjson_get(r, "n_questionnaires")))
                n_public = rjson_num(r, "n_questionnaires");
        jh_buf_puts(b, "<p class=\"note\">各组按问卷所属学校所在城乡计（学校名册的城乡类别），不含社会公众问卷");
        if (n_public > 0) jh_buf_printf(b, "（%.0f 份，评价的是全县，不属于某所学校）", n_public);
        jh_buf_puts(b, "；答题人自己所在城乡的构成见附录 C 表 C-2。</p>\n");
    }

    const cJSON *bal = rjson_get(d->root, "satisfaction_balance");
    const cJSON *gap = rjson_get(bal, "urban_rural_gap");
    if (gap && rjson_bool(gap, "suppressed")) {
        jh_buf_puts(b, "<p>城乡差距：");
        rhtml_suppressed(b, d->min_group);
        jh_buf_puts(b, "</p>\n");
    } else if (gap) {
        const char *pg = "/satisfaction_balance/urban_rural_gap";
        jh_buf_puts(b, "<p><b>城乡差距</b>（城区满意率 − 乡村满意率）：");
        /* a difference of two rates: percentage points, not percent */
        if (cJSON_IsNumber(rjson_get(gap, "difference")))
            rhtml_num_pp(b, ptr_key(pg, "difference").s, rjson_num(gap, "difference"), NAN, true);
        else
            jh_buf_puts(b, "—");
        jh_buf_puts(b, "，95 % 置信区间 ");
        if (cJSON_IsNumber(rjson_get(gap, "ci_low"))) {
            /* beside 区间不含 0 / 包含 0: a bound near 0 with decimals
             * enough to show it apart from 0 (0.04, not 0.0) */
            double lo = rjson_num(gap, "ci_low"), hi = rjson_num(gap, "ci_high");
            jh_buf_puts(b, "<span class=\"ci\">[");
            rhtml_num_pp(b, ptr_key(pg, "ci_low").s, lo, 0, false);
            jh_buf_puts(b, ", ");
            rhtml_num_pp(b, ptr_key(pg, "ci_high").s, hi, 0, false);
            jh_buf_puts(b, "]</span> 个百分点");
        } else {
            jh_buf_puts(b, "—");
        }
        jh_buf_puts(b, rjson_bool(gap, "significant") ? "，差距在统计上显著（区间不含 0）。</p>\n"
                                                    : "，差距在统计上不显著（区间包含 0）。</p>\n");
    }
    const cJSON *by_level = rjson_get(bal, "by_level");
    for (int i = 0, i_n = cJSON_GetArraySize(by_level); i < i_n; i++) {
        const cJSON *e = rjson_at(by_level, i);
        ptr_t p = ptr_idx("/satisfaction_balance/by_level", i);
        jh_buf_printf(b, "<p>%s各校满意率的校际差异系数（按在校生数加权）：", rjson_str(e, "level_zh"));
        num(d, e, p.s, "cv", RHTML_F3);
        jh_buf_puts(b, "（");
        num(d, e, p.s, "n_schools", RHTML_INT);
        jh_buf_puts(b, " 所学校，加权平均满意率 ");
        num(d, e, p.s, "mean", RHTML_PCT1);
        jh_buf_puts(b, "）</p>\n");
    }
    jh_buf_puts(b, "</section>\n");
}

/* One row of the CV table. */
static void cv_row(doc_t *d, const char *lzh, const cJSON *c, const char *p, const char *set_zh,
                   bool has_limit)
{
    jh_buf_t *b = d->b;
    jh_buf_puts(b, "<tr><td>");
    rhtml_escape(b, lzh);
    jh_buf_puts(b, "</td><td>");
    rhtml_escapef(b, "%s %s %s", set_zh, rjson_str(c, "code"), rjson_str(c, "name_zh"));
    jh_buf_puts(b, "</td>");
    td_num(d, c, p, "n_schools", RHTML_INT);
    /* mean and SD with the decimals that give the CV shown back (review
     * rclerk9 item 8) */
    static const rhtml_fmt_t fix[] = {RHTML_F1, RHTML_F1, RHTML_F2, RHTML_F3, RHTML_F4,
                                      RHTML_F5, RHTML_F6, RHTML_F7, RHTML_F8};
    rhtml_fmt_t fv = fmt_value(c, "mean");
    int dv = stats_cv_decimals(rjson_num(c, "mean"), rjson_num(c, "sd"), rjson_num(c, "cv"),
                               fv == RHTML_F4 ? 4 : 2, 3);
    td_num(d, c, p, "mean", fix[dv]);
    td_num(d, c, p, "sd", fix[dv]);
    if (!cJSON_IsNumber(rjson_get(c, "cv")) && cJSON_IsString(rjson_get(c, "cv_reason")))
        jh_buf_puts(b, "<td class=\"r\">无法计算</td>"); /* the reason is under the table */
    else
        td_num_vs(d, c, p, "cv", RHTML_F3, has_limit ? rjson_num(c, "limit") : NAN, NAN);
    if (has_limit) {
        td_num(d, c, p, "limit", RHTML_F2);
        jh_buf_puts(b, "<td>");
        if (cJSON_IsBool(rjson_get(c, "pass")))
            mark_json(d, c, p, "pass", "在限值内", "超限");
        else
            jh_buf_puts(b, "无法判定");
        jh_buf_puts(b, "</td><td>");
    } else {
        jh_buf_puts(b, "<td class=\"r\">—</td><td>计入综合</td><td>");
    }
    /* Who contributes most: shown where the CV is over its limit. */
    if (has_limit && cJSON_IsFalse(rjson_get(c, "pass"))) {
        top_contributors(d, c, p);
    }
    jh_buf_puts(b, "</td></tr>\n");
}

/* The register's amounts far below any real school for its students
 * (register_units: typed in 万元, 万平方米 or 万册?), as a short note near
 * the resource figures: warned at the register's import, and here, where
 * the figures are used (review fmerge9, item 2). */
static void units_note(doc_t *d)
{
    const cJSON *u = rjson_get(d->root, "register_units");
    int n = cJSON_GetArraySize(u);
    if (n <= 0) return;
    jh_buf_t *b = d->b;
    jh_buf_puts(b, "<p class=\"alert\">注意：学校名册中以下数值按在校生人数折算远低于任何实际学校，"
                   "疑似按万元、万平方米或万册填写（名册按元、平方米、册读取），有关资源配置指标和差异系数可能失真：");
    for (int i = 0; i < n; i++) {
        const cJSON *e = rjson_at(u, i);
        rhtml_escapef(b, "%s%s %s“%s”%.10g（每生 %s %s，疑为%s）", i ? "；" : "", rjson_str(e, "school_code"),
                      rjson_str(e, "school_name"), rjson_str(e, "column_zh"), rjson_num(e, "value"),
                      rjson_str(e, "per_student"), rjson_str(e, "unit"), rjson_str(e, "unit_suspected"));
    }
    jh_buf_puts(b, "。请核对学校名册，改正后重新导入（junheng schools）再生成本报告。</p>\n");
}

static void section_cv(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "cv", "五、资源配置差异系数", true);
    jh_buf_puts(b, "<p>各项指标的校际差异系数按在校生数加权计算（总体标准差 / 加权平均数），"
                   "九年一贯制等跨学段学校先按加权在校生数拆分。优质均衡要求每项指标小学 ≤ 0.50、"
                   "初中 ≤ 0.45；基本均衡要求 8 项指标的综合差异系数小学 ≤ 0.65、初中 ≤ 0.55。</p>\n");
    units_note(d);
    const cJSON *balance = rjson_get(d->root, "balance");
    static const char *const levels[] = {"primary", "junior"};
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(balance, levels[l]);
        if (!lv) continue;
        ptr_t pl = ptr_key("/balance", levels[l]);
        const cJSON *q = rjson_get(lv, "quality");
        int n = cJSON_GetArraySize(q);
        rhtml_cv_t rows[16];
        ptr_t ptrs[16];
        char labels[16][200];
        int m = 0;
        for (int i = 0; i < n && m < 15; i++, m++) {
            const cJSON *c = rjson_at(q, i);
            ptrs[m] = ptr_key(ptr_idx(ptr_key(pl.s, "quality").s, i).s, "cv");
            snprintf(labels[m], sizeof labels[m], "%s %s", rjson_str(c, "code"), rjson_str(c, "name_zh"));
            rows[m] = (rhtml_cv_t){labels[m], rjson_num(c, "cv"), rjson_num(c, "limit"), ptrs[m].s};
        }
        const cJSON *bc = rjson_get(lv, "basic_composite");
        if (bc) {
            ptrs[m] = ptr_key(ptr_key(pl.s, "basic_composite").s, "cv");
            snprintf(labels[m], sizeof labels[m], "基本均衡综合差异系数");
            rows[m] = (rhtml_cv_t){labels[m], rjson_num(bc, "cv"), rjson_num(bc, "limit"), ptrs[m].s};
            m++;
        }
        jh_buf_printf(b, "<h%c>%s</h%c>\n", SUB_H(d), rjson_str(lv, "level_zh"), SUB_H(d));
        char title[96];
        snprintf(title, sizeof title, "%s差异系数与限值", rjson_str(lv, "level_zh"));
        rhtml_svg_cv(b, title, rows, m);
    }
    static const char *const heads[] = {"学段", "指标", "学校数", "加权平均", "标准差", "差异系数",
                                        "限值", "结论", "超限时贡献最大的学校", NULL};
    rhtml_table_begin(b, "cv", heads);
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(balance, levels[l]);
        if (!lv) continue;
        ptr_t pl = ptr_key("/balance", levels[l]);
        const char *lzh = rjson_str(lv, "level_zh");
        const cJSON *q = rjson_get(lv, "quality"), *bs = rjson_get(lv, "basic");
        for (int i = 0, i_n = cJSON_GetArraySize(q); i < i_n; i++)
            cv_row(d, lzh, rjson_at(q, i), ptr_idx(ptr_key(pl.s, "quality").s, i).s, "优质", true);
        for (int i = 0, i_n = cJSON_GetArraySize(bs); i < i_n; i++)
            cv_row(d, lzh, rjson_at(bs, i), ptr_idx(ptr_key(pl.s, "basic").s, i).s, "基本", false);
        const cJSON *bc = rjson_get(lv, "basic_composite");
        ptr_t pb = ptr_key(pl.s, "basic_composite");
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, lzh);
        jh_buf_puts(b, "</td><td><b>基本均衡综合差异系数</b>（8 项平均）</td><td></td><td></td><td></td>");
        td_num_vs(d, bc, pb.s, "cv", RHTML_F3, rjson_num(bc, "limit"), NAN);
        td_num(d, bc, pb.s, "limit", RHTML_F2);
        jh_buf_puts(b, "<td>");
        mark_json(d, bc, pb.s, "pass", "在限值内", "超限");
        jh_buf_puts(b, "</td><td></td></tr>\n");
        const cJSON *qc = rjson_get(lv, "quality_composite");
        ptr_t pq = ptr_key(pl.s, "quality_composite");
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, lzh);
        jh_buf_puts(b, "</td><td>优质均衡 7 项平均（仅供参考）</td><td></td><td></td><td></td>");
        td_num(d, qc, pq.s, "cv", RHTML_F3);
        jh_buf_puts(b, "<td class=\"r\">—</td><td>不作判定</td><td></td></tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p class=\"note\">贡献份额：该校在加权方差中所占的比例；整改这些学校最能降低差异系数。"
                   "“偏低 / 偏高”指该校指标值低于或高于全县加权平均。</p>\n");
    form3_table(d);
    jh_buf_puts(b, "</section>\n");
}

/* 表Ⅲ of the national application form (balance-rules §2; the workbook's
 * sheet of that name): per level a row of county averages (全县平均值) and
 * a row of CVs (差异系数) over B1–B8, the composite (综合) on the CV row. */
static void form3_table(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *defs = rjson_get(rjson_get(d->root, "indicators"), "basic");
    static const char *const units[][2] = {{"B1", "（㎡）"}, {"B2", "（㎡）"}, {"B3", "（元）"}, {"B4", "（台）"},
                                           {"B5", "（册）"}, {"B7", "（人）"}, {"B8", "（人）"}};
    const char *heads[16];
    char names[10][160];
    int nh = 0, n_ind = cJSON_GetArraySize(defs);
    if (n_ind > 10) n_ind = 10;
    heads[nh++] = "学校类别";
    heads[nh++] = "指标项目";
    for (int k = 0; k < n_ind; k++) {
        const cJSON *e = rjson_at(defs, k);
        const char *unit = "";
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
            if (!strcmp(units[u][0], rjson_str(e, "code"))) unit = units[u][1];
        snprintf(names[k], sizeof names[k], "%s%s", rjson_str(e, "name_zh"), unit);
        heads[nh++] = names[k];
    }
    heads[nh++] = "综合";
    heads[nh] = NULL;
    jh_buf_printf(b, "<h%c id=\"form3\">表Ⅲ 县域义务教育校际间均衡情况（申报表格式）</h%c>\n", SUB_H(d), SUB_H(d));
    rhtml_table_begin(b, "form3", heads);
    static const char *const levels[] = {"primary", "junior"};
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(rjson_get(d->root, "balance"), levels[l]);
        if (!lv) continue;
        ptr_t pl = ptr_key("/balance", levels[l]);
        const cJSON *bs = rjson_get(lv, "basic");
        for (int row = 0; row < 2; row++) {
            jh_buf_puts(b, "<tr><td>");
            rhtml_escape(b, rjson_str(lv, "level_zh"));
            jh_buf_puts(b, row ? "</td><td>差异系数</td>" : "</td><td>全县平均值</td>");
            for (int k = 0; k < n_ind; k++) {
                const char *code = rjson_str(rjson_at(defs, k), "code");
                int i = 0, i_n = cJSON_GetArraySize(bs);
                while (i < i_n && strcmp(rjson_str(rjson_at(bs, i), "code"), code)) i++;
                const cJSON *c = rjson_at(bs, i);
                ptr_t pc = ptr_idx(ptr_key(pl.s, "basic").s, i);
                if (row && !cJSON_IsNumber(rjson_get(c, "cv")))
                    jh_buf_puts(b, "<td class=\"r\">无法计算</td>");
                else
                    td_num(d, c, pc.s, row ? "cv" : "mean", row ? RHTML_F3 : fmt_value(c, "mean"));
            }
            if (!row) {
                jh_buf_puts(b, "<td class=\"r\">—</td>");
            } else {
                const cJSON *bc = rjson_get(lv, "basic_composite");
                if (cJSON_IsNumber(rjson_get(bc, "cv")))
                    td_num_vs(d, bc, ptr_key(pl.s, "basic_composite").s, "cv", RHTML_F3, rjson_num(bc, "limit"), NAN);
                else
                    jh_buf_puts(b, "<td class=\"r\">无法计算</td>");
            }
            jh_buf_puts(b, "</tr>\n");
        }
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p class=\"note\">全县平均值按在校生数加权；综合为 8 项差异系数的算术平均。"
                   "各校的指标值与达标情况（表Ⅱ-1、表Ⅱ-2，申报表格式）见工作簿 report.xlsx。</p>\n");
}

/* The Chinese name of a quality indicator code from indicators.quality. */
static const char *indicator_zh(doc_t *d, const char *code)
{
    const cJSON *q = rjson_get(rjson_get(d->root, "indicators"), "quality");
    for (int i = 0, i_n = cJSON_GetArraySize(q); i < i_n; i++)
        if (!strcmp(rjson_str(rjson_at(q, i), "code"), code)) return rjson_str(rjson_at(q, i), "name_zh");
    return "";
}

static void section_cards(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "cards", "六、各校情况", true);
    if (d->part == REPORT_SUMMARY && split_annex(d)) {
        jh_buf_printf(b, "<p>%d 所学校每校一张情况卡（优质均衡 7 项指标与标准对照、满意度和不足之处）"
                         "和逐校的整改清单在附件中，按学校名册的顺序分为 %d 个部分，每部分一个文件，"
                         "可以只打印需要的部分：</p>\n",
                      d->n_schools, report_annex_parts(d->n_schools, d->part_size));
        parts_table(d);
        jh_buf_puts(b, "<p class=\"note\">附件目录（");
        annex_link(d, "parts", REPORT_ANNEX_HTML);
        jh_buf_puts(b, "）另含数据导入记录；全部学校的满意度和排名也在工作簿“学校”表中。</p>\n</section>\n");
        return;
    }
    if (d->part == REPORT_SUMMARY) {
        jh_buf_printf(b, "<p>%d 所学校每校一张情况卡（优质均衡 7 项指标与标准对照、满意度和不足之处）见",
                      cJSON_GetArraySize(rjson_get(d->root, "schools")));
        annex_link(d, "cards", "附件“各校情况”");
        jh_buf_puts(b, "。</p>\n</section>\n");
        return;
    }
    jh_buf_puts(b, "<p>每所学校的优质均衡 7 项指标与标准对照、满意度和不足之处。</p>\n<div class=\"cards\">\n");
    const cJSON *schools = rjson_get(d->root, "schools");
    int i_from = ranged(d) ? d->first : 0;
    int i_to = ranged(d) ? d->first + d->count : cJSON_GetArraySize(schools);
    for (int i = i_from; i < i_to; i++) {
        const cJSON *s = rjson_at(schools, i);
        ptr_t ps = ptr_idx("/schools", i);
        const cJSON *parts = rjson_get(s, "parts");
        int n_parts = cJSON_GetArraySize(parts), passed = 0;
        for (int u = 0; u < n_parts; u++) passed += rjson_bool(rjson_get(rjson_at(parts, u), "compliance"), "pass");
        jh_buf_printf(b, "<div class=\"card\" id=\"school-%d\"><h3><span>", i);
        rhtml_name(b, rjson_str(s, "name"));
        jh_buf_puts(b, " <span class=\"sub\">");
        rhtml_escapef(b, "%s · %s · %s · %s", rjson_str(s, "code"), rjson_str(s, "level_zh"),
                      rjson_str(s, "locality_zh"), rjson_str(s, "kind_zh"));
        jh_buf_puts(b, "</span></span>");
        if (rjson_bool(s, "excluded")) {
            jh_buf_puts(b, "<span class=\"mark na\">不参与计算</span></h3><p class=\"note\">");
            /* out of the quality figures is out of the basic ones too */
            jh_buf_puts(b, "优质均衡、基本均衡均不计：");
            rhtml_escape(b, cJSON_IsString(rjson_get(s, "exclusion_reason_zh")) ? rjson_str(s, "exclusion_reason_zh")
                                                                            : rjson_str(s, "exclusion_reason"));
            jh_buf_puts(b, "</p>");
        } else if (n_parts > 0) {
            rhtml_mark_text(b, passed == n_parts, "达到标准", "未达标准");
            jh_buf_puts(b, "</h3>");
        } else {
            jh_buf_puts(b, "</h3>");
        }
        /* In the quality figures but not in the basic ones (a teaching
         * point under the 2012 rules, a school not run by the county). */
        if (!rjson_bool(s, "excluded") && rjson_bool(s, "excluded_basic")) {
            jh_buf_puts(b, "<p class=\"note\">计入优质均衡，不计入基本均衡：");
            rhtml_escape(b, cJSON_IsString(rjson_get(s, "basic_exclusion_reason_zh"))
                                ? rjson_str(s, "basic_exclusion_reason_zh")
                                : rjson_str(s, "basic_exclusion_reason"));
            jh_buf_puts(b, "</p>");
        }
        long si = idx_find(d->by_school, rjson_str(s, "code"));
        jh_buf_puts(b, "<p>满意率：");
        if (si < 0) {
            jh_buf_puts(b, "<span class=\"note\">本校无问卷</span>");
        } else {
            const cJSON *g = d->by_school->e[si].el;
            ptr_t pg = ptr_idx("/satisfaction/by_school", d->by_school->e[si].pos);
            if (rjson_bool(g, "suppressed")) {
                suppressed_text(d, g);
            } else {
                ptr_t pa = ptr_key(pg.s, "answers");
                const cJSON *a = rjson_get(g, "answers");
                num_vs(d, a, pa.s, "rate", RHTML_PCT1, d->threshold, NAN);
                jh_buf_puts(b, " ");
                rate_ci(d, a, pa.s);
                jh_buf_puts(b, "，问卷 ");
                num(d, g, pg.s, "n_questionnaires", RHTML_INT);
                jh_buf_puts(b, " 份 ");
                if (isfinite(rjson_num(a, "rate")))
                    rhtml_mark_text(b, stats_meets_standard(rjson_num(a, "rate"), d->threshold), d->thr_ge, d->thr_lt);
            }
        }
        jh_buf_puts(b, "</p>\n");
        /* The same by role (parents, teachers), each suppressed on its own. */
        int shown_roles = 0;
        for (long h = idx_find(d->by_role, rjson_str(s, "code"));
             h >= 0 && (size_t)h < d->by_role->n &&
             !strcmp(rjson_str(d->by_role->e[h].el, "school_code"), rjson_str(s, "code"));
             h++) {
            const cJSON *g = d->by_role->e[h].el;
            ptr_t pg = ptr_idx("/satisfaction/by_school_role", d->by_role->e[h].pos);
            jh_buf_puts(b, shown_roles++ ? "；" : "<p class=\"sub\">");
            rhtml_escape(b, rjson_role_zh(rjson_str(g, "role")));
            jh_buf_puts(b, " ");
            if (rjson_bool(g, "suppressed")) {
                suppressed_text(d, g);
            } else {
                num_vs(d, rjson_get(g, "answers"), ptr_key(pg.s, "answers").s, "rate", RHTML_PCT1, d->threshold, NAN);
                jh_buf_puts(b, "（问卷 ");
                num(d, g, pg.s, "n_questionnaires", RHTML_INT);
                jh_buf_puts(b, "）");
            }
        }
        if (shown_roles) jh_buf_puts(b, "</p>\n");
        /* An excluded school has no standards to meet: its reason says it all. */
        for (int u = 0; u < n_parts && !rjson_bool(s, "excluded"); u++) {
            const cJSON *un = rjson_at(parts, u);
            ptr_t pu = ptr_idx(ptr_key(ps.s, "parts").s, u);
            const cJSON *comp = rjson_get(un, "compliance");
            jh_buf_printf(b, "<p class=\"sub\">%s%s：在校生 ", n_parts > 1 ? "学段 " : "",
                          rjson_str(un, "level_zh"));
            num(d, un, pu.s, "enrolment", RHTML_INT);
            jh_buf_puts(b, " 人，达标 ");
            num(d, comp, ptr_key(pu.s, "compliance").s, "met", RHTML_INT);
            jh_buf_puts(b, " / 7 项 ");
            mark_json(d, comp, ptr_key(pu.s, "compliance").s, "pass", "达到标准", "未达标准");
            jh_buf_puts(b, "</p>\n");
            static const char *const heads[] = {"指标", "本校", "标准", "达标率", "结论", NULL};
            rhtml_table_begin(b, "ind", heads);
            const cJSON *q = rjson_get(un, "quality");
            ptr_t pq = ptr_key(pu.s, "quality");
            for (int k = 0, k_n = cJSON_GetArraySize(q); k < k_n; k++) {
                const cJSON *e = rjson_at(q, k);
                ptr_t pe = ptr_idx(pq.s, k);
                jh_buf_puts(b, "<tr><td>");
                rhtml_escapef(b, "%s %s", rjson_str(e, "code"), indicator_zh(d, rjson_str(e, "code")));
                jh_buf_puts(b, "</td>");
                td_num_vs(d, e, pe.s, "value", RHTML_F2, rjson_num(e, "standard"), 0.85 * rjson_num(e, "standard"));
                td_num(d, e, pe.s, "standard", RHTML_F2);
                td_num_vs(d, e, pe.s, "ratio", RHTML_PCT1, 1.0, 0.85);
                jh_buf_puts(b, "<td>");
                if (isfinite(rjson_num(e, "value")))
                    mark_json(d, e, pe.s, "meets", "达标", "未达标");
                else
                    jh_buf_puts(b, "缺数据");
                jh_buf_puts(b, "</td></tr>\n");
            }
            rhtml_table_end(b);
        }
        /* Shortfalls of this school, from the rectification list. */
        /* A school of two or more levels: each item names its level.
         * Two levels short in one indicator: the amounts overlap only
         * when both are parts of one whole-school count ("shared"); counts
         * given per level add up (review r2doc3 item 1).  The indicators
         * of each kind are named. */
        int shown = 0;
        char overlap[64] = "", adds[64] = "";
        const char *level = "";
        long h0 = idx_find(d->rect, rjson_str(s, "code"));
        for (long h = h0; h >= 0 && (size_t)h < d->rect->n &&
                          !strcmp(rjson_str(d->rect->e[h].el, "school_code"), rjson_str(s, "code"));
             h++) {
            const cJSON *e = d->rect->e[h].el;
            jh_buf_puts(b, shown++ ? "；" : "<p><b>不足：</b>");
            if (n_parts > 1 && strcmp(level, rjson_str(e, "level"))) {
                level = rjson_str(e, "level");
                rhtml_escapef(b, "%s ", rjson_str(e, "level_zh"));
            }
            rhtml_escapef(b, "%s %s", rjson_str(e, "indicator"), rjson_str(e, "needed_zh"));
            for (long g = h0; g < h; g++) {
                const cJSON *o = d->rect->e[g].el;
                const char *ind = rjson_str(e, "indicator");
                if (strcmp(rjson_str(o, "indicator"), ind)) continue;
                bool shared = cJSON_IsTrue(rjson_get(o, "shared")) && cJSON_IsTrue(rjson_get(e, "shared"));
                char *list = shared ? overlap : adds;
                size_t len = strlen(list);
                if (!strstr(list, ind) && len + strlen(ind) + 4 < sizeof overlap)
                    snprintf(list + len, sizeof overlap - len, "%s%s", len ? "、" : "", ind);
            }
        }
        if (shown && overlap[0]) {
            jh_buf_puts(b, "。<span class=\"note\">");
            rhtml_escape(b, overlap);
            jh_buf_puts(b, "：名册只填全校数、按学段分摊的资源（如校舍、场馆、仪器设备、共用的教师），"
                           "各学段的数量按全校需增加的数量计，互相重叠，不可相加，"
                           "全校增加其中较大的数量即可使各学段都达到标准。</span>");
        }
        if (shown && adds[0]) {
            jh_buf_puts(b, overlap[0] ? "<span class=\"note\">" : "。<span class=\"note\">");
            rhtml_escape(b, adds);
            jh_buf_puts(b, "：名册按学段分别填报，各学段的数量属于该学段自己，应相加，合计即全校需增加的数量。</span>");
        }
        if (shown) jh_buf_puts(b, "</p>\n");
        jh_buf_puts(b, "</div>\n");
    }
    jh_buf_puts(b, "</div>\n</section>\n");
}

static void section_rectify(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "rectify", "七、整改清单", true);
    int n = d->ix->n_rect;
    int n_here = 0; /* the items of the document's schools */
    for (int i = 0; i < n; i++) n_here += pos_in_range(d, d->ix->rect_pos, d->ix->n_rect, i);
    if (n == 0 && no_register(d)) {
        jh_buf_puts(b, "<p>无法计算（尚未导入学校名册）：没有学校的资源配置数据，无从列出整改项。</p>\n");
    } else if (n == 0) {
        jh_buf_puts(b, "<p>所有参与计算的学校各项指标均达到标准，无需整改。</p>\n");
    } else if (ranged(d) && n_here == 0) {
        jh_buf_printf(b, "<p>%s各项指标均达到标准（或不参与计算），无需整改；全县共 %d 项不足。</p>\n",
                      d->part == REPORT_SCHOOL ? "本校" : "本部分的学校", n);
    } else if (d->part == REPORT_SUMMARY) {
        jh_buf_printf(b, "<p>共 %d 项不足，逐校逐项的整改清单（现值、标准和达到标准还需要增加的数量）见", n);
        annex_link(d, "rectify", "附件“整改清单”");
        jh_buf_puts(b, "。</p>\n");
    } else {
        if (ranged(d))
            jh_buf_printf(b, "<p>%s %d 项不足（全县共 %d 项，序号为全县清单的序号）", 
                          d->part == REPORT_SCHOOL ? "本校" : "本部分的学校", n_here, n);
        else
            jh_buf_printf(b, "<p>共 %d 项不足", n);
        jh_buf_puts(b, "：学校、指标、现值、标准和达到标准还需要增加的数量"
                       "（跨学段共用的资源按全校需增加的数量计）。标 × 的项目低于标准的 85 %，"
                       "会使学校不能达标。</p>\n");
        static const char *const heads[] = {"序号", "学校", "学段", "指标", "现值", "标准",
                                            "达标率", "不低于 85 %", "还需", NULL};
        rhtml_table_begin(b, "rectify", heads);
        for (int i = 0; i < n; i++) {
            if (!pos_in_range(d, d->ix->rect_pos, d->ix->n_rect, i)) continue;
            const cJSON *e = d->ix->rect_el[i];
            ptr_t p = ptr_idx("/rectification", i);
            jh_buf_printf(b, "<tr><td class=\"r\">%d</td><td>", i + 1);
            rhtml_escape(b, rjson_str(e, "school_name"));
            jh_buf_puts(b, "</td><td>");
            rhtml_escape(b, rjson_str(e, "level_zh"));
            jh_buf_puts(b, "</td><td>");
            rhtml_escapef(b, "%s %s", rjson_str(e, "indicator"), rjson_str(e, "name_zh"));
            jh_buf_puts(b, "</td>");
            td_num_vs(d, e, p.s, "value", RHTML_F2, rjson_num(e, "standard"), 0.85 * rjson_num(e, "standard"));
            td_num(d, e, p.s, "standard", RHTML_F2);
            td_num_vs(d, e, p.s, "ratio", RHTML_PCT1, 1.0, 0.85);
            jh_buf_puts(b, "<td>");
            rhtml_mark_text(b, !rjson_bool(e, "below_85"), "是", "否");
            jh_buf_puts(b, "</td><td>");
            rhtml_escape(b, rjson_str(e, "needed_zh"));
            jh_buf_puts(b, "</td></tr>\n");
        }
        rhtml_table_end(b);
    }
    if (d->part == REPORT_ANNEX || ranged(d)) {
        jh_buf_puts(b, "</section>\n");
        return;
    }
    const cJSON *over = rjson_get(d->root, "cv_over_limit");
    int n_over = cJSON_GetArraySize(over);
    jh_buf_printf(b, "<h%c>超过限值的差异系数</h%c>\n", SUB_H(d), SUB_H(d));
    if (n_over == 0 && no_register(d)) {
        jh_buf_puts(b, "<p>无法计算（尚未导入学校名册）：没有可计算的差异系数。</p>\n");
    } else if (n_over == 0) {
        jh_buf_puts(b, "<p>没有超过限值的差异系数。</p>\n");
    } else {
        static const char *const heads[] = {"学段", "指标", "差异系数", "限值", "贡献最大的学校", NULL};
        rhtml_table_begin(b, "over", heads);
        for (int i = 0; i < n_over; i++) {
            const cJSON *e = rjson_at(over, i);
            ptr_t p = ptr_idx("/cv_over_limit", i);
            jh_buf_puts(b, "<tr><td>");
            rhtml_escape(b, !strcmp(rjson_str(e, "level"), "primary") ? "小学" : "初中");
            jh_buf_puts(b, "</td><td>");
            rhtml_escapef(b, "%s %s", rjson_str(e, "indicator"), rjson_str(e, "name_zh"));
            jh_buf_puts(b, "</td>");
            td_num_vs(d, e, p.s, "cv", RHTML_F3, rjson_num(e, "limit"), NAN);
            td_num(d, e, p.s, "limit", RHTML_F2);
            jh_buf_puts(b, "<td>");
            top_contributors(d, e, p.s);
            jh_buf_puts(b, "</td></tr>\n");
        }
        rhtml_table_end(b);
    }
    jh_buf_puts(b, "</section>\n");
}

static const char *verdict_zh(const char *v)
{
    if (!strcmp(v, "imported")) return "已导入";
    if (!strcmp(v, "unchanged")) return "无新数据";
    if (!strcmp(v, "conflicts")) return "有冲突";
    if (!strcmp(v, "rejected")) return "已拒绝";
    return v;
}

/* Titles of the method texts, in the order the appendix lists them. */
static const char *const METHOD_TITLES[][2] = {
    {"satisfaction_answers", "满意率（按题次）"},
    {"satisfaction_questionnaires", "满意率（按问卷）"},
    {"confidence_interval", "置信区间"},
    {"suppression", "小样本保护"},
    {"valid", "有效问卷"},
    {"cv", "差异系数"},
    {"split", "跨学段学校的拆分"},
    {"exclusion", "不参与计算的学校"},
    {"basic_exclusion", "基本均衡不参与计算的学校"},
    {"compliance", "学校达标"},
    {"quality_cv", "优质均衡差异系数"},
    {"basic_cv", "基本均衡综合差异系数"},
    {"contribution", "贡献份额"},
    {"shortfall", "整改所需数量"},
    {"satisfaction_balance", "满意率的校际差异"},
    {"urban_rural_gap", "城乡差距"},
    {"sample", "样本构成"},
    {"sample_rules", "抽样要求的判定"},
    {"social_groups", "各对象如何合成社会认可度"},
    {"public_scope", "社会公众问卷的计入范围"},
    {"quality_flags", "答卷质量标记"},
    {"qualification", "规定学历"},
    {"unregistered", "未在学校名册中的学校"},
    {"versions", "问卷版本并列"},
};

/* How a kiosk key came to be trusted, for the import tables. */
static const char *key_trust_zh(const char *trust)
{
    return !strcmp(trust, "first_use") ? "首次导入自动信任"
           : !strcmp(trust, "keys_file") ? "密钥清单"
           : trust[0]                    ? trust
                                         : "—";
}

static const char *base_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? slash + 1 : file;
}

static int cmp_base(const void *a, const void *b)
{
    return strcmp(base_of(*(const char *const *)a), base_of(*(const char *const *)b));
}

/* Whether another row of the import log has file's name from another path
 * (a truncated copy beside the bundle it was copied from); sorted: the
 * log's files sorted by name (review rclerk9 item 3). */
static bool name_shared(const char *const *sorted, int n, const char *file)
{
    int lo = 0, hi = n;
    const char *base = base_of(file);
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (strcmp(base_of(sorted[mid]), base) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (int i = lo; i < n && !strcmp(base_of(sorted[i]), base); i++)
        if (strcmp(sorted[i], file)) return true;
    return false;
}

/* The appendix's tables of the import attempts log[log_from..log_from+log_n)
 * and the kiosk keys keys[key_from..key_from+key_n): the import table even
 * when empty (not in a part of the key list), the key table when it has rows. */
static void import_tables(doc_t *d, const cJSON *log, const cJSON *keys, int log_from, int log_n, int key_from,
                          int key_n)
{
    jh_buf_t *b = d->b;
    static const char *const heads[] = {"文件", "设备", "学校代码", "密钥来源", "类型", "结果",
                                        "答卷", "新增", "重复", "隔离", "原因", NULL};
    bool log_table = log_n > 0 || !list_part(d); /* the appendix shows it even empty */
    if (log_table) rhtml_table_begin(b, "imports", heads);
    int n_all = cJSON_GetArraySize(log);
    const char **sorted = jh_xcalloc((size_t)n_all + 1, sizeof *sorted);
    for (int i = 0; log_n > 0 && i < n_all; i++) sorted[i] = rjson_str(rjson_at(log, i), "file");
    if (log_n > 0) qsort(sorted, (size_t)n_all, sizeof *sorted, cmp_base);
    for (int i = log_from; i < log_from + log_n; i++) {
        const cJSON *e = rjson_at(log, i);
        ptr_t p = ptr_idx("/imports/log", i);
        const char *file = rjson_str(e, "file"), *slash = strrchr(file, '/');
        const char *v = rjson_str(e, "verdict");
        jh_buf_puts(b, "<tr><td title=\"");
        rhtml_escape(b, file);
        jh_buf_puts(b, "\">");
        /* two rows of one name: its folder too, to tell them apart */
        const char *shown = slash ? slash + 1 : file;
        if (slash && name_shared(sorted, n_all, file)) {
            shown = slash;
            while (shown > file && shown[-1] != '/') shown--;
        }
        rhtml_escape(b, shown);
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(e, "kiosk_id"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(e, "school_code"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, key_trust_zh(rjson_str(e, "key_trust")));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, !strcmp(rjson_str(e, "kind"), "full") ? "全量" :
                        !strcmp(rjson_str(e, "kind"), "incremental") ? "增量" : rjson_str(e, "kind"));
        jh_buf_puts(b, "</td><td>");
        if (!strcmp(v, "imported") || !strcmp(v, "unchanged"))
            rhtml_mark_text(b, true, verdict_zh(v), "");
        else
            rhtml_mark_text(b, false, "", verdict_zh(v));
        jh_buf_puts(b, "</td>");
        td_num(d, e, p.s, "n_responses", RHTML_INT);
        td_num(d, e, p.s, "n_new", RHTML_INT);
        td_num(d, e, p.s, "n_duplicate", RHTML_INT);
        td_num(d, e, p.s, "n_quarantined", RHTML_INT);
        jh_buf_puts(b, "<td>");
        rhtml_escape(b, rjson_str(e, "reason"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    if (log_table) rhtml_table_end(b);
    free(sorted);
    /* Every kiosk key and how it came to be trusted. */
    if (key_n > 0) {
        /* (a part of the key list has it as its section's title) */
        if (!list_part(d)) jh_buf_puts(b, "<h4 id=\"kiosk-keys\">设备密钥</h4>\n");
        jh_buf_puts(b, "<p>首次导入自动信任的密钥，请与设备管理界面"
                       "显示的指纹逐一核对；不一致说明导入的数据不是该设备导出的。</p>\n");
        static const char *const kheads[] = {"设备", "学校代码", "密钥指纹", "密钥来源", "登记时间（北京时间）",
                                             NULL};
        rhtml_table_begin(b, "kiosk-keys", kheads);
        for (int i = key_from; i < key_from + key_n; i++) {
            const cJSON *k = rjson_at(keys, i);
            jh_buf_puts(b, "<tr><td>");
            rhtml_escape(b, rjson_str(k, "kiosk_id"));
            jh_buf_puts(b, "</td><td>");
            rhtml_escape(b, rjson_str(k, "school_code"));
            jh_buf_puts(b, "</td><td>");
            rhtml_escape(b, rjson_str(k, "fingerprint"));
            /* Keys the bureau replaced (junheng merge --replace-key), in the
             * same cell: the list keeps one row a kiosk (review r2kiosk). */
            const cJSON *olds = rjson_get(k, "old_keys");
            for (int j = 0; j < cJSON_GetArraySize(olds); j++) {
                const cJSON *o = rjson_at(olds, j);
                char od[64], ot[16], rd[64], rt[16];
                rjson_beijing_time(rjson_str(o, "pinned_at"), od, sizeof od, ot, sizeof ot);
                rjson_beijing_time(rjson_str(o, "replaced_at"), rd, sizeof rd, rt, sizeof rt);
                jh_buf_puts(b, "<br>");
                rhtml_escapef(b, "旧密钥 %s（%s，登记于 %s %s；%s %s 被替换，只认到序号 %.0f）",
                              rjson_str(o, "fingerprint"), key_trust_zh(rjson_str(o, "trust")), od, ot, rd, rt,
                              cJSON_GetNumberValue(rjson_get(o, "up_to_seq")));
            }
            jh_buf_puts(b, "</td><td>");
            rhtml_escape(b, key_trust_zh(rjson_str(k, "trust")));
            jh_buf_puts(b, "</td><td>");
            char date[64], time[16];
            rjson_beijing_time(rjson_str(k, "pinned_at"), date, sizeof date, time, sizeof time);
            rhtml_escapef(b, "%s %s", date, time);
            jh_buf_puts(b, "</td></tr>\n");
        }
        rhtml_table_end(b);
    }
}

/* A table of the sample by locality (城区 / 镇区 / 乡村): questionnaires, the
 * sample's share, the population's and the difference; with verdict, whether
 * each is within the tolerance ("pass"). arr lies at path in the document. */
/* verdict: a column 符合 / 不符合 beside each difference, judged against
 * ± tol (the difference printed apart from it). */
/* caption: what the localities are of (the two tables of appendix C have one
 * header; review rclerk9 item 6). */
static void locality_share_table(doc_t *d, const char *id, const char *caption, const cJSON *arr, const char *path,
                                 bool verdict, double tol)
{
    jh_buf_t *b = d->b;
    static const char *const heads[] = {"城乡", "问卷", "样本占比", "人口占比（按在校生估算）", "差异", "判定", NULL};
    static const char *const heads_nv[] = {"城乡", "问卷", "样本占比", "人口占比（按在校生估算）", "差异", NULL};
    rhtml_table_begin_caption(b, id, caption, verdict ? heads : heads_nv);
    for (int i = 0, n = cJSON_GetArraySize(arr); i < n; i++) {
        const cJSON *e = rjson_at(arr, i);
        ptr_t p = ptr_idx(path, i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_str(e, "locality_zh"));
        jh_buf_puts(b, "</td>");
        td_num(d, e, p.s, "n", RHTML_INT);
        td_num(d, e, p.s, "share", RHTML_PCT1);
        td_num(d, e, p.s, "population_share", RHTML_PCT1);
        /* a difference of shares: in percentage points, as the verdict
         * says (review r2doc3 item 7) */
        jh_buf_puts(b, "<td class=\"r\">");
        double diff = rjson_num(e, "difference");
        if (!cJSON_IsNumber(rjson_get(e, "difference")))
            jh_buf_puts(b, "—");
        else
            rhtml_num_pp(b, ptr_key(p.s, "difference").s, diff, verdict ? (diff < 0 ? -tol : tol) : NAN, true);
        jh_buf_puts(b, "</td>");
        if (verdict) {
            jh_buf_puts(b, "<td>");
            mark_json(d, e, p.s, "pass", "符合", "不符合");
            jh_buf_puts(b, "</td>");
        }
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
}

static void section_appendix(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "appendix", "附录", true);

    /* A. imports */
    jh_buf_puts(b, "<h3 id=\"imports\">A. 数据导入记录</h3>\n<p>");
    const cJSON *imp = rjson_get(d->root, "imports"), *bv = rjson_get(imp, "by_verdict");
    num(d, imp, "/imports", "attempts", RHTML_INT);
    jh_buf_puts(b, " 次导入：已导入 ");
    num(d, bv, "/imports/by_verdict", "imported", RHTML_INT);
    jh_buf_puts(b, "，无新数据 ");
    num(d, bv, "/imports/by_verdict", "unchanged", RHTML_INT);
    jh_buf_puts(b, "，有冲突 ");
    num(d, bv, "/imports/by_verdict", "conflicts", RHTML_INT);
    jh_buf_puts(b, "，已拒绝 ");
    num(d, bv, "/imports/by_verdict", "rejected", RHTML_INT);
    jh_buf_puts(b, "；隔离（不计入统计）的答卷 ");
    num(d, imp, "/imports", "quarantined", RHTML_INT);
    jh_buf_puts(b, " 份；设备 ");
    num(d, imp, "/imports", "kiosks", RHTML_INT);
    jh_buf_puts(b, " 台");
    if (rjson_num(imp, "trusted_on_first_use") > 0) {
        jh_buf_puts(b, "，其中 ");
        num(d, imp, "/imports", "trusted_on_first_use", RHTML_INT);
        jh_buf_puts(b, d->part == REPORT_SUMMARY ? " 台的密钥为首次导入自动信任：请到该设备的管理界面核对密钥指纹"
                                                   "（见附件“设备密钥”表）"
                       : split_lists(d) ? " 台的密钥为首次导入自动信任：请到该设备的管理界面核对密钥指纹"
                                          "（见下方所列设备密钥清单的文件）"
                                        : " 台的密钥为首次导入自动信任：请到该设备的管理界面核对密钥指纹"
                                          "（见下方“设备密钥”表）");
    }
    jh_buf_puts(b, "。</p>\n");
    /* Every attempt and every kiosk key: as many rows as imports (a re-merge
     * adds one per file), in the annex when there is one. */
    const cJSON *log = rjson_get(imp, "log");
    const cJSON *keys = rjson_get(imp, "kiosk_keys");
    if (d->part == REPORT_SUMMARY) {
        jh_buf_puts(b, "<p>每次导入的文件、设备、结果和原因以及每台设备的密钥指纹见");
        annex_link(d, "imports", "附件“数据导入记录”");
        jh_buf_puts(b, "。</p>\n");
    } else if (split_lists(d)) {
        lists_tables(d);
    } else {
        import_tables(d, log, keys, 0, cJSON_GetArraySize(log), 0, cJSON_GetArraySize(keys));
    }
    if (d->part == REPORT_ANNEX) {
        if (!split_annex(d)) {
            jh_buf_puts(b, "<h3>C. 各校样本</h3>\n");
            sample_schools_table(d);
        }
        jh_buf_puts(b, "</section>\n");
        return;
    }
    section_missing(d);

    /* B. response quality */
    jh_buf_puts(b, "<h3 id=\"quality\">B. 答卷质量</h3>\n");
    const cJSON *q = rjson_get(d->root, "response_quality");
    const char *pq = "/response_quality";
    jh_buf_puts(b, "<p>提交的 ");
    num(d, q, pq, "submitted", RHTML_INT);
    jh_buf_puts(b, " 份问卷中，被标记 ");
    num(d, q, pq, "flagged", RHTML_INT);
    jh_buf_puts(b, " 份（");
    num(d, q, pq, "flagged_share", RHTML_PCT1);
    jh_buf_puts(b, "）：作答过快 ");
    num(d, rjson_get(q, "by_flag"), "/response_quality/by_flag", "too_fast", RHTML_INT);
    jh_buf_puts(b, "，所有评价题同一答案 ");
    num(d, rjson_get(q, "by_flag"), "/response_quality/by_flag", "straight_line", RHTML_INT);
    jh_buf_puts(b, "，连续快速提交 ");
    num(d, rjson_get(q, "by_flag"), "/response_quality/by_flag", "burst", RHTML_INT);
    jh_buf_puts(b, "。被标记的问卷仍计入统计；去掉它们后：</p>\n");
    const cJSON *wo = rjson_get(q, "without_flagged");
    const cJSON *county = rjson_get(rjson_get(d->root, "satisfaction"), "county");
    static const char *const qheads[] = {"口径", "全部问卷", "去掉被标记问卷", NULL};
    rhtml_table_begin(b, "quality", qheads);
    static const char *const mk[] = {"answers", "questionnaires"};
    for (int m = 0; m < 2; m++) {
        jh_buf_puts(b, "<tr><td>");
        rhtml_escapef(b, "社会认可度（%s）", rjson_str(rjson_get(county, mk[m]), "method_zh"));
        jh_buf_puts(b, "</td>");
        /* social recognition, against the threshold: 84.97 % is never "85.0 %" */
        td_num_vs(d, rjson_get(county, mk[m]), ptr_key("/satisfaction/county", mk[m]).s, "rate", RHTML_PCT1,
                  d->threshold, NAN);
        td_num_vs(d, rjson_get(wo, mk[m]), ptr_key("/response_quality/without_flagged", mk[m]).s, "rate",
                  RHTML_PCT1, d->threshold, NAN);
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p>去掉被标记问卷后，主口径满意率变化 ");
    num(d, wo, "/response_quality/without_flagged", "headline_change", RHTML_PCT1);
    jh_buf_puts(b, "（以百分点计）。</p>\n");

    /* C. sample */
    jh_buf_puts(b, "<h3 id=\"sample\">C. 样本构成</h3>\n");
    const cJSON *smp = rjson_get(d->root, "sample");
    jh_buf_puts(b, "<p>有效问卷占开始作答的 ");
    num_vs(d, smp, "/sample", "valid_share", RHTML_PCT1, share_min(smp, "valid_share_min", 0.7), NAN);
    jh_buf_puts(b, "（要求 ≥ ");
    num(d, smp, "/sample", "valid_share_min", RHTML_PCT1);
    jh_buf_puts(b, "）");
    mark_json(d, smp, "/sample", "valid_share_pass", "达标", "未达标");
    jh_buf_puts(b, "；家长问卷占 ");
    num_vs(d, smp, "/sample", "parent_share", RHTML_PCT1, share_min(smp, "parent_share_min", 0.5), NAN);
    jh_buf_puts(b, "（要求 ≥ ");
    num(d, smp, "/sample", "parent_share_min", RHTML_PCT1);
    jh_buf_puts(b, "）");
    mark_json(d, smp, "/sample", "parent_share_pass", "达标", "未达标");
    jh_buf_puts(b, "。</p>\n");
    locality_share_table(d, "sample", "表 C-1　按采集问卷的学校所在城乡（学校名册的城乡类别）",
                         rjson_get(smp, "by_locality"), "/sample/by_locality", false, NAN);
    const cJSON *size = rjson_get(smp, "size");
    if (cJSON_IsString(rjson_get(size, "note"))) {
        jh_buf_puts(b, "<p class=\"note\">样本量：");
        if (!cJSON_IsNumber(rjson_get(size, "population")))
            /* the option by name (review rclerk9 item 5) */
            jh_buf_puts(b, "未提供常住人口数，未检查样本量：生成报告时加上选项 "
                           "<span class=\"code\">--population 520000</span>（520000 换成本县常住人口数）即可检查。");
        else
            rhtml_escape(b, rjson_str(size, "note"));
        jh_buf_puts(b, "</p>\n");
    } else if (size) {
        jh_buf_puts(b, "<p>样本量：要求 ");
        num(d, size, "/sample/size", "required", RHTML_INT);
        jh_buf_puts(b, " 份 ");
        mark_json(d, size, "/sample/size", "pass", "达标", "未达标");
        jh_buf_puts(b, "</p>\n");
    }

    sample_rules_html(d);

    /* D. questionnaires: the satisfied set and the method of each. */
    jh_buf_puts(b, "<h3 id=\"surveys\">D. 问卷与“满意”的定义</h3>\n");
    static const char *const vheads[] = {"问卷", "对象", "版本", "计算口径", "计为满意的选项",
                                         "不计入分母的选项", NULL};
    rhtml_table_begin(b, "surveys", vheads);
    const cJSON *surveys = rjson_get(d->root, "surveys");
    for (int i = 0, i_n = cJSON_GetArraySize(surveys); i < i_n; i++) {
        const cJSON *e = rjson_at(surveys, i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_str(e, "title_zh"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_role_zh(rjson_str(e, "audience")));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(e, "version"));
        /* Which definition the figures used (issue 19.1). */
        if (cJSON_IsString(rjson_get(e, "fingerprint"))) {
            const char *src = cJSON_IsString(rjson_get(e, "pin_source")) ? rjson_str(e, "pin_source") : "";
            jh_buf_puts(b, "<br><span class=\"note\">定义指纹 ");
            rhtml_escape(b, rjson_str(e, "fingerprint"));
            jh_buf_puts(b, !cJSON_IsTrue(rjson_get(e, "pinned")) ? "<br>（未锁定：与县里锁定的定义不同）"
                           : !strcmp(src, "official")       ? "<br>（县里锁定的官方定义）"
                                                              : "<br>（首次导入时锁定）");
            jh_buf_puts(b, "</span>");
        }
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, !strcmp(rjson_str(e, "method"), "questionnaires") ? "按问卷" : "按题次");
        jh_buf_puts(b, "</td>");
        static const char *const lists[] = {"satisfied_options", "excluded_options"};
        for (int l = 0; l < 2; l++) {
            jh_buf_puts(b, "<td>");
            const cJSON *opts = rjson_get(e, lists[l]);
            for (int k = 0, k_n = cJSON_GetArraySize(opts); k < k_n; k++) {
                if (k) jh_buf_puts(b, "；");
                option_entry(b, cJSON_IsString(rjson_at(opts, k)) ? rjson_at(opts, k)->valuestring : "");
            }
            jh_buf_puts(b, "</td>");
        }
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);

    /* E. methods */
    jh_buf_puts(b, "<h3 id=\"methods\">E. 计算方法</h3>\n<dl class=\"methods\">\n");
    const cJSON *methods = rjson_get(d->root, "methods");
    for (size_t i = 0; i < sizeof METHOD_TITLES / sizeof METHOD_TITLES[0]; i++) {
        const cJSON *m = rjson_get(methods, METHOD_TITLES[i][0]);
        if (!cJSON_IsString(m)) continue;
        jh_buf_puts(b, "<dt>");
        rhtml_escape(b, METHOD_TITLES[i][1]);
        jh_buf_puts(b, "</dt><dd>");
        char *zh = rjson_zh_text(m->valuestring);
        rhtml_escape(b, zh);
        free(zh);
        jh_buf_puts(b, "</dd>\n");
    }
    /* Methods the table above does not know yet are listed too. */
    for (const cJSON *m = methods ? methods->child : NULL; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; i < sizeof METHOD_TITLES / sizeof METHOD_TITLES[0]; i++)
            known |= m->string && !strcmp(m->string, METHOD_TITLES[i][0]);
        if (known || !cJSON_IsString(m)) continue;
        char *zh = rjson_zh_text(m->valuestring);
        if (*zh) {
            jh_buf_puts(b, "<dt>其他</dt><dd>");
            rhtml_escape(b, zh);
            jh_buf_puts(b, "</dd>\n");
        }
        free(zh);
    }
    jh_buf_puts(b, "</dl>\n");
    /* The Chinese warnings (warnings_zh); a document without them (older
     * than 0.2) shows the Chinese sentences of the English ones. */
    const cJSON *warn = rjson_get(d->root, "warnings_zh");
    bool old_warn = !cJSON_IsArray(warn);
    if (old_warn) warn = rjson_get(d->root, "warnings");
    if (cJSON_GetArraySize(warn) > 0) {
        jh_buf_puts(b, "<h3 id=\"warnings\">F. 数据提示</h3>\n<ul>\n");
        for (int i = 0, i_n = cJSON_GetArraySize(warn); i < i_n; i++) {
            jh_buf_puts(b, "<li>");
            const char *w = cJSON_IsString(rjson_at(warn, i)) ? rjson_at(warn, i)->valuestring : "";
            char *zh = old_warn ? rjson_zh_text(w) : jh_strdup(w);
            rhtml_escape(b, zh);
            free(zh);
            jh_buf_puts(b, "</li>\n");
        }
        jh_buf_puts(b, "</ul>\n");
    }
    jh_buf_puts(b, "</section>\n");
}

/* ---- static functions ----------------------------------------------------- */

static void section_open(doc_t *d, const char *id, const char *title, bool page)
{
    /* In a self-assessment the statistics sections are parts of its
     * sections (h3), the per-school tables and the appendix its annexes. */
    static const char *const self[][2] = {
        {"verdicts", "（三）差异系数与社会认可度结论"},
        {"cv", "（二）差异系数"},
        {"schools", "（二）各校满意度"},
        {"topics", "（三）最不满意的方面"},
        {"localities", "（四）城区、镇区、乡村比较"},
        {"cards", "附件一：各校情况"},
        {"appendix", "附件二：导入记录、答卷质量、样本、计算方法"},
    };
    char level = '2';
    /* one school: a page or two, not one a section; a part of the annex:
     * its table of schools under its title, not on a page of its own */
    if (d->part == REPORT_SCHOOL || (ranged(d) && !strcmp(id, "schools"))) page = false;
    for (size_t i = 0; d->self && i < sizeof self / sizeof self[0]; i++) {
        if (strcmp(id, self[i][0])) continue;
        title = self[i][1];
        if (strncmp(title, "附件", strlen("附件"))) { /* a subsection */
            level = '3';
            page = false;
        }
    }
    jh_buf_printf(d->b, "<section id=\"%s\"%s><h%c>", id, page ? " class=\"page\"" : "", level);
    rhtml_escape(d->b, title);
    jh_buf_printf(d->b, "</h%c>\n", level);
}

/* Appends key to a pointer, escaping ~ and / as RFC 6901 says. */
static ptr_t ptr_key(const char *base, const char *key)
{
    ptr_t p;
    size_t o = (size_t)snprintf(p.s, sizeof p.s, "%s/", base);
    for (const char *k = key; *k && o + 3 < sizeof p.s; k++) {
        if (*k == '~' || *k == '/') {
            p.s[o++] = '~';
            p.s[o++] = *k == '~' ? '0' : '1';
        } else {
            p.s[o++] = *k;
        }
    }
    p.s[o < sizeof p.s ? o : sizeof p.s - 1] = '\0';
    return p;
}

static ptr_t ptr_idx(const char *base, int i)
{
    ptr_t p;
    int n = snprintf(p.s, sizeof p.s, "%s/%d", base, i);
    JH_EXPECT(n > 0 && (size_t)n < sizeof p.s); /* our pointers are short */
    return p;
}

/* A tagged number, or "—" when the document has no number there. */
static void num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt)
{
    if (!cJSON_IsNumber(rjson_get(o, key))) {
        jh_buf_puts(d->b, "—");
        return;
    }
    rhtml_num(d->b, ptr_key(base, key).s, rjson_num(o, key), fmt);
}

/* F2, or F4 for values below 1 (teachers per student), so small ratios keep
 * their digits. */
static rhtml_fmt_t fmt_value(const cJSON *o, const char *key)
{
    double v = rjson_num(o, key);
    return isfinite(v) && fabs(v) < 1 && v != 0 ? RHTML_F4 : RHTML_F2;
}

static void td_num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt)
{
    jh_buf_puts(d->b, "<td class=\"r\">");
    num(d, o, base, key, fmt);
    jh_buf_puts(d->b, "</td>");
}

/* The document's own minimum share (/sample's valid_share_min or
 * parent_share_min), or the rule's value in a document without it. */
static double share_min(const cJSON *smp, const char *key, double rule)
{
    double v = rjson_num(smp, key);
    return isfinite(v) ? v : rule;
}

/* A number compared with a standard, limit or threshold: with enough
 * decimals that it never looks equal to refs it is not equal to (issue 19
 * item 14: "0.8997", not "0.90", beside the standard 0.90). */
static void num_vs(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt,
                   double ref1, double ref2)
{
    double v = rjson_num(o, key);
    fmt = rhtml_fmt_apart(v, ref1, fmt);
    fmt = rhtml_fmt_apart(v, ref2, fmt);
    num(d, o, base, key, fmt);
}

static void td_num_vs(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt,
                      double ref1, double ref2)
{
    jh_buf_puts(d->b, "<td class=\"r\">");
    num_vs(d, o, base, key, fmt, ref1, ref2);
    jh_buf_puts(d->b, "</td>");
}

/* The cell text of a hidden group: too small, or hidden so that a small one
 * cannot be derived (complementary suppression, issue 19 item 6). */
static void suppressed_text(doc_t *d, const cJSON *g)
{
    if (rjson_hidden_complementary(g))
        jh_buf_puts(d->b, "<span class=\"supp\" data-suppressed=\"1\" title=\"为使其他小组的数据无法被推算而隐藏\">"
                          "隐藏（防推算）</span>");
    else
        rhtml_suppressed(d->b, d->min_group);
}

/* "[lo, hi]" of a rate object. */
static void rate_ci(doc_t *d, const cJSON *o, const char *base)
{
    if (!cJSON_IsNumber(rjson_get(o, "ci_low"))) {
        jh_buf_puts(d->b, "—");
        return;
    }
    rhtml_ci(d->b, ptr_key(base, "ci_low").s, rjson_num(o, "ci_low"), ptr_key(base, "ci_high").s,
             rjson_num(o, "ci_high"), RHTML_PCT1);
}

/* Cells of a group: questionnaires, valid answers, rate, CI, mark against
 * the threshold; one "样本不足" cell over them when the group is suppressed.
 * group holds n_questionnaires and suppressed, rate is its rate object. */
static void td_rate_cells(doc_t *d, const cJSON *group, const char *gbase, const char *rate_key)
{
    const cJSON *r = rjson_get(group, rate_key);
    ptr_t rb = ptr_key(gbase, rate_key);
    if (rjson_bool(group, "suppressed")) {
        jh_buf_puts(d->b, "<td colspan=\"5\">");
        suppressed_text(d, group);
        jh_buf_puts(d->b, "</td>");
        return;
    }
    td_num(d, group, gbase, rjson_group_count_key(group), RHTML_INT);
    td_num(d, r, rb.s, "valid", RHTML_INT);
    /* beside its mark against the threshold: never "85.0 %" with "×" */
    td_num_vs(d, r, rb.s, "rate", RHTML_PCT1, d->threshold, NAN);
    jh_buf_puts(d->b, "<td class=\"r\">");
    rate_ci(d, r, rb.s);
    jh_buf_puts(d->b, "</td><td>");
    if (isfinite(rjson_num(r, "rate")))
        rhtml_mark(d->b, stats_meets_standard(rjson_num(r, "rate"), d->threshold));
    else
        jh_buf_puts(d->b, "—");
    jh_buf_puts(d->b, "</td>");
}

/* A pass mark from the JSON true/false at base/key, tagged with its
 * pointer (data-src) so a test can check it; "— 无数据" for null/absent. */
static void mark_json(doc_t *d, const cJSON *o, const char *base, const char *key, const char *yes,
                      const char *no)
{
    const cJSON *v = rjson_get(o, key);
    if (cJSON_IsBool(v))
        rhtml_mark_src(d->b, ptr_key(base, key).s, cJSON_IsTrue(v), yes, no);
    else
        jh_buf_puts(d->b, "<span class=\"mark na\" data-pass=\"\">— 无数据</span>");
}

/* Orders index entries by key, then document position. */
static int cmp_ixent(const void *a, const void *b)
{
    const ixent_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->pos - y->pos;
}

/* An index of arr's objects sorted by the string member key. */
/* The schools that contribute most to a CV (cv at JSON Pointer base), with
 * their direction and share: "A（偏低）12.3 %；B（偏高）…". */
static void top_contributors(doc_t *d, const cJSON *cv, const char *base)
{
    const cJSON *tc = rjson_get(cv, "top_contributors");
    ptr_t pc = ptr_key(base, "top_contributors");
    for (int j = 0, j_n = cJSON_GetArraySize(tc); j < j_n; j++) {
        const cJSON *e = rjson_at(tc, j);
        if (j) jh_buf_puts(d->b, "；");
        rhtml_escape(d->b, rjson_str(e, "school_name"));
        jh_buf_puts(d->b, !strcmp(rjson_str(e, "direction"), "below") ? "（偏低）" : "（偏高）");
        num(d, e, ptr_idx(pc.s, j).s, "share", RHTML_PCT1);
    }
}

/* A satisfaction group's school: its name, or its code when the school is
 * not in the register (the document then has no name for it). */
static const char *school_label(const cJSON *group)
{
    const char *name = rjson_str(group, "school_name");
    return *name ? name : rjson_str(group, "school_code");
}

static index_t idx_build(const cJSON *arr, const char *key)
{
    index_t ix = {.key = key, .n = (size_t)cJSON_GetArraySize(arr)};
    ix.e = jh_xmalloc(sizeof *ix.e * (ix.n ? ix.n : 1));
    size_t i = 0;
    for (const cJSON *el = arr ? arr->child : NULL; el && i < ix.n; el = el->next, i++)
        ix.e[i] = (ixent_t){el, rjson_str(el, key), (int)i};
    qsort(ix.e, ix.n, sizeof *ix.e, cmp_ixent);
    return ix;
}

/* Per element of arr (n set to their number): the position in the
 * register (schools) of its school_code's school, -1 when not there. */
static int *school_positions(const index_t *schools, const cJSON *arr, int *n)
{
    *n = cJSON_GetArraySize(arr);
    int *pos = jh_xmalloc(sizeof *pos * (size_t)(*n ? *n : 1));
    int i = 0;
    for (const cJSON *el = arr ? arr->child : NULL; el && i < *n; el = el->next, i++) {
        long si = idx_find(schools, rjson_str(el, "school_code"));
        pos[i] = si >= 0 ? schools->e[si].pos : -1;
    }
    return pos;
}

/* Index (into ix->e) of the first entry whose key equals value, or -1.
 * Further matches follow it. */
static long idx_find(const index_t *ix, const char *value)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(ix->e[mid].key, value) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && !strcmp(ix->e[lo].key, value) ? (long)lo : -1;
}

static void idx_free(index_t *ix)
{
    free(ix->e);
}

/* ---- issue 18: social recognition per group, the sample against the rules -------- */

/* Whether the document has questionnaires of role (by_role). */
static bool role_has_answers(const cJSON *sat, const char *role)
{
    const cJSON *arr = rjson_get(sat, "by_role");
    for (int i = 0, n = cJSON_GetArraySize(arr); i < n; i++)
        if (!strcmp(rjson_str(rjson_at(arr, i), "role"), role)) return true;
    return false;
}

/* 社会认可度 per group (学生、家长、教师、社会公众) and overall, with how the
 * groups are combined. */
static void social_groups(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *sr = rjson_get(d->root, "social_recognition");
    jh_buf_puts(b, "<h3 id=\"groups\">分对象与总体的社会认可度</h3>\n<p>");
    rhtml_escapef(b, "口径：%s；各对象合成方法：%s。", rjson_str(sr, "method_zh"), rjson_str(sr, "groups_method_zh"));
    jh_buf_puts(b, "总体社会认可度把学生、家长、教师、社会公众（校长、人大代表、政协委员和其他人士）的答案合在一起计算，"
                   "不按对象加权；评估规则只规定满意率 = 满意答案数 / 有效答案数，没有规定各对象的权重，"
                   "各对象在样本中的比例由抽样要求控制（家长不少于一半）。</p>\n");
    /* 收回问卷 and 有效问卷 apart: the rates count the valid ones only
     * (review fstats9 item 4: one 问卷 column counted the collected ones) */
    const char *const heads[] = {"对象", "收回问卷", "有效问卷", "有效答案", "满意率", "95 % 置信区间",
                                        d->thr_reach, NULL};
    rhtml_table_begin(b, "groups", heads);
    const cJSON *bg = rjson_get(sr, "by_group");
    for (int i = 0, n = cJSON_GetArraySize(bg); i < n; i++) {
        const cJSON *e = rjson_at(bg, i);
        ptr_t p = ptr_idx("/social_recognition/by_group", i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_str(e, "role_zh"));
        jh_buf_puts(b, "</td>");
        if (!rjson_bool(e, "suppressed") && rjson_num(e, "n_questionnaires") == 0) {
            jh_buf_puts(b, "<td colspan=\"6\">没有这一对象的问卷</td></tr>\n");
            continue;
        }
        if (rjson_bool(e, "suppressed")) {
            jh_buf_puts(b, "<td colspan=\"6\">");
            suppressed_text(d, e);
            jh_buf_puts(b, "</td></tr>\n");
            continue;
        }
        td_num(d, e, p.s, "n_questionnaires", RHTML_INT);
        td_num(d, e, p.s, "n_valid_questionnaires", RHTML_INT);
        td_num(d, e, p.s, "valid", RHTML_INT);
        td_num_vs(d, e, p.s, "rate", RHTML_PCT1, d->threshold, NAN);
        jh_buf_puts(b, "<td class=\"r\">");
        rate_ci(d, e, p.s);
        jh_buf_puts(b, "</td><td>");
        mark_json(d, e, p.s, "pass", "达到", "未达到");
        jh_buf_puts(b, "</td></tr>\n");
    }
    const cJSON *ov = rjson_get(sr, "overall");
    const char *po = "/social_recognition/overall";
    jh_buf_puts(b, "<tr class=\"total\"><td>总体（合并计算）</td>");
    td_num(d, ov, po, "n_questionnaires", RHTML_INT);
    td_num(d, ov, po, "n_valid_questionnaires", RHTML_INT);
    td_num(d, ov, po, "valid", RHTML_INT);
    td_num_vs(d, ov, po, "rate", RHTML_PCT1, d->threshold, NAN);
    jh_buf_puts(b, "<td class=\"r\">");
    rate_ci(d, ov, po);
    jh_buf_puts(b, "</td><td>");
    mark_json(d, ov, po, "pass", "达到", "未达到");
    jh_buf_puts(b, "</td></tr>\n");
    rhtml_table_end(b);
}

/* The sample by background item (review rgroups7 item 2): the valid
 * questionnaires per option of the public's identity, the parents' family
 * …; counts only (no rate per option), hidden with their role. */
static void sample_background_html(doc_t *d, const cJSON *smp)
{
    jh_buf_t *b = d->b;
    const cJSON *bb = rjson_get(smp, "by_background");
    int n = cJSON_GetArraySize(bb);
    if (n <= 0) return; /* a document from before, or no background item answered */
    jh_buf_puts(b, "<p>样本的背景构成：各背景题每个选项的有效问卷份数（社会公众问卷的身份题分出校长、人大代表、政协委员和其他"
                   "社会人士）。只列份数，不列各选项的满意率：人数少的选项，其满意率会暴露答题人的回答。</p>\n");
    static const char *const heads[] = {"对象", "背景题", "选项", "问卷", NULL};
    rhtml_table_begin(b, "sample-background", heads);
    for (int i = 0; i < n; i++) {
        const cJSON *e = rjson_at(bb, i);
        ptr_t pe = ptr_idx("/sample/by_background", i);
        ptr_t po = ptr_key(pe.s, "options");
        const cJSON *os = rjson_get(e, "options");
        int no = cJSON_GetArraySize(os);
        for (int j = 0; j <= no; j++) {
            jh_buf_puts(b, "<tr><td>");
            if (j == 0) rhtml_escape(b, rjson_str(e, "role_zh"));
            jh_buf_puts(b, "</td><td>");
            if (j == 0) {
                rhtml_escape(b, rjson_str(e, "text_zh"));
                if (rjson_bool(e, "suppressed")) jh_buf_puts(b, "（样本不足，份数不公布）");
            }
            jh_buf_puts(b, "</td><td>");
            if (j < no) {
                const cJSON *o = rjson_at(os, j);
                rhtml_escape(b, rjson_str(o, "label_zh"));
                jh_buf_puts(b, "</td>");
                td_num(d, o, ptr_idx(po.s, j).s, "n", RHTML_INT);
            } else {
                jh_buf_puts(b, "未答</td>");
                td_num(d, e, pe.s, "unanswered", RHTML_INT);
            }
            jh_buf_puts(b, "</tr>\n");
        }
    }
    rhtml_table_end(b);
}

/* The sample against the sampling rules: the county's verdict and what is
 * missing, by role, by the respondent's locality, and every school. */
static void sample_rules_html(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *smp = rjson_get(d->root, "sample"), *vd = rjson_get(smp, "verdict");
    if (!vd) return; /* a document from before issue 18 */
    jh_buf_puts(b, "<h4 id=\"sample-rules\">抽样要求的判定</h4>\n<p>全县样本：");
    mark_json(d, vd, "/sample/verdict", "pass", "符合抽样要求", "不符合抽样要求");
    const cJSON *mz = rjson_get(vd, "missing_zh");
    if (cJSON_GetArraySize(mz) > 0) {
        jh_buf_puts(b, "。还缺：</p>\n<ul>\n");
        for (int i = 0, n = cJSON_GetArraySize(mz); i < n; i++) {
            jh_buf_puts(b, "<li>");
            rhtml_escape(b, cJSON_GetStringValue(rjson_at(mz, i)));
            jh_buf_puts(b, "</li>\n");
        }
        jh_buf_puts(b, "</ul>\n");
    } else {
        jh_buf_puts(b, "。</p>\n");
    }
    static const char *const rheads[] = {"对象", "问卷", "占有效问卷", NULL};
    rhtml_table_begin(b, "sample-roles", rheads);
    const cJSON *br = rjson_get(smp, "by_role");
    for (int i = 0, n = cJSON_GetArraySize(br); i < n; i++) {
        const cJSON *e = rjson_at(br, i);
        ptr_t p = ptr_idx("/sample/by_role", i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, rjson_str(e, "role_zh"));
        jh_buf_puts(b, "</td>");
        td_num(d, e, p.s, "n", RHTML_INT);
        if (!strcmp(rjson_str(e, "role"), "parent"))
            td_num_vs(d, e, p.s, "share", RHTML_PCT1, share_min(smp, "parent_share_min", 0.5), NAN);
        else
            td_num(d, e, p.s, "share", RHTML_PCT1);
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    sample_background_html(d, smp);
    const cJSON *rl = rjson_get(smp, "by_respondent_locality");
    if (!strcmp(rjson_str(rl, "basis"), "school")) {
        /* no questionnaire has the locality item: the school's, as the method says */
        jh_buf_puts(b, "<p>答题人所在城乡：没有问卷含“居住地”题，按学校所在城乡计，与人口比例之差不超过 ");
    } else if (!strcmp(rjson_str(rl, "basis"), "mixed")) {
        /* some questionnaires have the item, some not (review r2doc3 item 2) */
        jh_buf_puts(b, "<p>答题人所在城乡：含“居住地”题的问卷按回答计（");
        num(d, rl, "/sample/by_respondent_locality", "by_answer", RHTML_INT);
        jh_buf_puts(b, " 份），不含此题的问卷按学校所在城乡计（");
        num(d, rl, "/sample/by_respondent_locality", "by_school", RHTML_INT);
        jh_buf_puts(b, " 份）；含此题但未答或不愿回答的 ");
        num(d, rl, "/sample/by_respondent_locality", "unanswered", RHTML_INT);
        jh_buf_puts(b, " 份");
        if (rjson_num(rl, "no_item_no_school") > 0) {
            jh_buf_puts(b, "、不含此题且学校不在名册中的 ");
            num(d, rl, "/sample/by_respondent_locality", "no_item_no_school", RHTML_INT);
            jh_buf_puts(b, " 份");
        }
        jh_buf_puts(b, "不计入比例。与人口比例之差不超过 ");
    } else {
        jh_buf_puts(b, "<p>答题人所在城乡（问卷“居住地”题的回答；未答或不愿回答的 ");
        num(d, rl, "/sample/by_respondent_locality", "unknown", RHTML_INT);
        jh_buf_puts(b, " 份不计入比例），与人口比例之差不超过 ");
    }
    rhtml_num_pp(b, "/sample/rules/locality_tolerance", rjson_num(rjson_get(smp, "rules"), "locality_tolerance"),
                 NAN, true);
    jh_buf_puts(b, " 为符合（评估规则未规定容差，这是本工具的默认值）：</p>\n");
    const char *basis = rjson_str(rl, "basis");
    locality_share_table(d, "sample-respondents",
                         !strcmp(basis, "school")  ? "表 C-2　答题人所在城乡：没有问卷含“居住地”题，按学校所在城乡计（与表 C-1 同一依据）"
                         : !strcmp(basis, "mixed") ? "表 C-2　答题人所在城乡：含“居住地”题的问卷按答题人自己的回答，不含此题的按学校所在城乡"
                                                   : "表 C-2　答题人所在城乡：按答题人自己的回答（问卷“居住地”题）",
                         rjson_get(rl, "localities"),
                         "/sample/by_respondent_locality/localities", true,
                         rjson_num(rjson_get(smp, "rules"), "locality_tolerance"));
    if (d->part == REPORT_SUMMARY) {
        /* a row a school: in the annex (920 KB for 2,000 schools) */
        const cJSON *bs = rjson_get(smp, "by_school");
        int n = cJSON_GetArraySize(bs), passed = 0;
        for (int i = 0; i < n; i++) passed += rjson_bool(rjson_at(bs, i), "pass");
        jh_buf_printf(b, "<p>各校样本：%d 所学校中 %d 所符合、%d 所不符合抽样要求，逐校的样本和还缺的问卷见", n, passed,
                      n - passed);
        annex_link(d, "sample-schools", "附件“各校样本”");
        jh_buf_puts(b, "。</p>\n");
        return;
    }
    sample_schools_table(d);
}

/* The sample of every school the document shows against its target. */
static void sample_schools_table(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *smp = rjson_get(d->root, "sample");
    if (!rjson_get(smp, "verdict")) return; /* a document from before issue 18 */
    jh_buf_puts(b, "<p id=\"sample-schools\">各校样本（目标样本量 = 全县样本量按在校生数分到各校；各校不单独判定城乡比例）：</p>\n");
    static const char *const sheads[] = {"学校", "有效问卷", "有效率", "家长", "家长占比", "目标", "判定", "还缺",
                                         NULL};
    rhtml_table_begin(b, "sample-schools", sheads);
    const cJSON *bs = rjson_get(smp, "by_school");
    for (int i = 0, n = cJSON_GetArraySize(bs); i < n; i++) {
        const cJSON *e = rjson_at(bs, i); /* every i: the walk stays O(1) a step */
        if (!pos_in_range(d, d->ix->sample_pos, d->ix->n_sample, i)) continue;
        ptr_t p = ptr_idx("/sample/by_school", i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escapef(b, "%s %s", rjson_str(e, "school_code"), rjson_str(e, "school_name"));
        jh_buf_puts(b, "</td>");
        if (rjson_bool(e, "suppressed")) {
            jh_buf_puts(b, "<td colspan=\"4\">");
            suppressed_text(d, e);
            jh_buf_puts(b, "</td>");
        } else {
            td_num(d, e, p.s, "valid", RHTML_INT);
            td_num_vs(d, e, p.s, "valid_share", RHTML_PCT1, share_min(smp, "valid_share_min", 0.7), NAN);
            td_num(d, e, p.s, "parents", RHTML_INT);
            td_num_vs(d, e, p.s, "parent_share", RHTML_PCT1, share_min(smp, "parent_share_min", 0.5), NAN);
        }
        td_num(d, e, p.s, "target", RHTML_INT);
        jh_buf_puts(b, "<td>");
        mark_json(d, e, p.s, "pass", "符合", "不符合");
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, rjson_str(e, "missing_zh"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
}

/* A link to anchor in the annex (REPORT_ANNEX_HTML, next to the summary). */
static void annex_link(doc_t *d, const char *anchor, const char *text)
{
    /* a split annex: the cards and the rectification list are in its parts,
     * listed in its index */
    if (split_annex(d) && (!strcmp(anchor, "cards") || !strcmp(anchor, "rectify") || !strcmp(anchor, "schools") ||
                           !strcmp(anchor, "sample-schools")))
        anchor = "parts";
    jh_buf_printf(d->b, "<a class=\"annex\" href=\"%s#%s\">", REPORT_ANNEX_HTML, anchor);
    rhtml_escape(d->b, text);
    jh_buf_puts(d->b, "</a>");
}

/* The document's name, as on its title page and in the header of every
 * printed page: the report's name, and which part of the annex. */
static void doc_name(const doc_t *d, jh_buf_t *out)
{
    report_name(rjson_get(d->root, "report"), d->self, out);
    if (d->part == REPORT_ANNEX) jh_buf_puts(out, split_annex(d) ? " 附件目录" : " 附件：各校情况");
    if (d->part == REPORT_ANNEX_PART)
        jh_buf_printf(out, " 附件：各校情况（第 %d 部分，共 %d 部分，学校 %d–%d）", d->first / d->part_size + 1,
                      report_annex_parts(d->n_schools, d->part_size), d->first + 1, d->first + d->count);
    if (d->part == REPORT_SCHOOL) {
        const cJSON *s = rjson_at(rjson_get(d->root, "schools"), d->first);
        jh_buf_printf(out, " 附件：%s（%s）", rjson_str(s, "name"), rjson_str(s, "code"));
    }
    if (list_part(d)) {
        bool keys = d->part == REPORT_KEYS_PART;
        int rows = cJSON_GetArraySize(rjson_get(rjson_get(d->root, "imports"), keys ? "kiosk_keys" : "log"));
        jh_buf_printf(out, " %s：%s（第 %d 部分，共 %d 部分，第 %d–%d %s）", d->annex ? "附件" : "附录",
                      keys ? "设备密钥" : "数据导入记录", d->first / d->log_part + 1,
                      report_list_parts(rows, d->log_part), d->first + 1, d->first + d->count, keys ? "台" : "次");
    }
}

/* Whether the document shows a range of schools (a part of the annex, one
 * school) rather than the county. */
static bool ranged(const doc_t *d)
{
    return d->part == REPORT_ANNEX_PART || d->part == REPORT_SCHOOL;
}

/* Whether the annex is split into parts (the summary and the annex's index
 * list them). */
static bool split_annex(const doc_t *d)
{
    return (d->part == REPORT_SUMMARY || d->part == REPORT_ANNEX) && report_annex_parts(d->n_schools, d->part_size) > 1;
}

/* Whether the document is a part of the import log or of the key list. */
static bool list_part(const doc_t *d)
{
    return d->part == REPORT_IMPORTS_PART || d->part == REPORT_KEYS_PART;
}

/* Whether the document shows the appendix's import tables and they are in
 * documents of their own (it lists those documents instead). */
static bool split_lists(const doc_t *d)
{
    return (d->part == REPORT_WHOLE || d->part == REPORT_ANNEX) && report_lists_split(d->root, d->log_part);
}

/* The documents of the import log and of the key list (appendix A of the
 * document that would hold their rows): which rows each holds, the first and
 * the last, and its file. */
static void lists_tables(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *imp = rjson_get(d->root, "imports");
    static const char *const lists[2] = {"imports", "keys"};
    const cJSON *arr[2] = {rjson_get(imp, "log"), rjson_get(imp, "kiosk_keys")};
    int n[2] = {cJSON_GetArraySize(arr[0]), cJSON_GetArraySize(arr[1])};
    jh_buf_printf(b, "<p>%d 次导入的记录和 %d 台设备的密钥指纹行数较多，各自按每个文件最多 %d 行分为下表所列的"
                     "文件，每个文件可以单独打开和打印；打印的 PDF 与之同名（扩展名 .pdf）。</p>\n",
                  n[0], n[1], d->log_part);
    static const char *const heads[2][6] = {{"部分", "序号", "第一次导入（北京时间）", "最后一次导入（北京时间）", "次数", "文件"},
                                            {"部分", "序号", "第一台设备", "最后一台设备", "台数", "文件"}};
    for (int l = 0; l < 2; l++) {
        int np = report_list_parts(n[l], d->log_part);
        if (!np) continue;
        jh_buf_puts(b, l ? "<h4 id=\"kiosk-keys\">设备密钥（按设备编号）</h4>\n" : "<h4>数据导入记录（按导入的先后）</h4>\n");
        const char *h[7];
        for (int c = 0; c < 6; c++) h[c] = heads[l][c];
        h[6] = NULL;
        rhtml_table_begin(b, l ? "key-parts" : "import-parts", h);
        for (int k = 0; k < np; k++) {
            int first = k * d->log_part, last = first + d->log_part - 1;
            if (last >= n[l]) last = n[l] - 1;
            char *html = report_list_part_name(lists[l], k, n[l], d->log_part, "html");
            jh_buf_printf(b, "<tr data-list=\"%s\" data-part=\"%d\" data-first=\"%d\" data-count=\"%d\">"
                             "<td>第 %d 部分</td><td class=\"r\">%d–%d</td>",
                          lists[l], k + 1, first, last - first + 1, k + 1, first + 1, last + 1);
            for (int e = 0; e < 2; e++) {
                const cJSON *row = rjson_at(arr[l], e ? last : first);
                jh_buf_puts(b, "<td>");
                if (l == 0) {
                    /* an import: when, and which kiosk's file */
                    char date[64], time[16];
                    rjson_beijing_time(rjson_str(row, "imported_at"), date, sizeof date, time, sizeof time);
                    rhtml_escapef(b, "%s %s %s", date, time, rjson_str(row, "kiosk_id"));
                } else {
                    rhtml_escapef(b, "%s %s", rjson_str(row, "kiosk_id"), rjson_str(row, "school_code"));
                }
                jh_buf_puts(b, "</td>");
            }
            jh_buf_printf(b, "<td class=\"r\">%d</td><td><a href=\"%s\">%s</a></td></tr>\n", last - first + 1, html,
                          html);
            free(html);
        }
        rhtml_table_end(b);
    }
}

/* The body of a part of the import log or of the key list: its rows. */
static void list_part_section(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *imp = rjson_get(d->root, "imports");
    bool keys = d->part == REPORT_KEYS_PART;
    section_open(d, keys ? "keys" : "imports", keys ? "设备密钥" : "数据导入记录", false);
    if (keys)
        import_tables(d, rjson_get(imp, "log"), rjson_get(imp, "kiosk_keys"), 0, 0, d->first, d->count);
    else
        import_tables(d, rjson_get(imp, "log"), rjson_get(imp, "kiosk_keys"), d->first, d->count, 0, 0);
    jh_buf_puts(b, "</section>\n");
}

/* Whether element i of a list whose schools' positions in the register are
 * pos[0..n) (report_index_t) is one of the document's schools: every one
 * unless ranged; a school not in the register is in no range. */
static bool pos_in_range(const doc_t *d, const int *pos, int n, int i)
{
    if (!ranged(d)) return true;
    JH_EXPECT(i >= 0 && i < n);
    return pos[i] >= d->first && pos[i] < d->first + d->count;
}

/* The parts of a split annex: which schools each holds (by their numbers in
 * the register, the first and the last), its shortfalls and its file. */
static void parts_table(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *schools = rjson_get(d->root, "schools");
    int np = report_annex_parts(d->n_schools, d->part_size);
    int *n_rect = jh_xcalloc((size_t)np, sizeof *n_rect);
    for (int i = 0; i < d->ix->n_rect; i++)
        if (d->ix->rect_pos[i] >= 0) n_rect[d->ix->rect_pos[i] / d->part_size]++;
    static const char *const heads[] = {"部分", "名册序号", "第一所学校", "最后一所学校", "学校数", "不足项", "文件", NULL};
    rhtml_table_begin(b, "parts", heads);
    for (int k = 0; k < np; k++) {
        int first = k * d->part_size, last = first + d->part_size - 1;
        if (last >= d->n_schools) last = d->n_schools - 1;
        const cJSON *s0 = rjson_at(schools, first), *s1 = rjson_at(schools, last);
        char *html = report_annex_part_name(k, d->n_schools, d->part_size, "html");
        char *pdf = report_annex_part_name(k, d->n_schools, d->part_size, "pdf");
        jh_buf_printf(b, "<tr data-part=\"%d\" data-first=\"%d\" data-count=\"%d\"><td>第 %d 部分</td>"
                         "<td class=\"r\">%d–%d</td><td>", k + 1, first, last - first + 1, k + 1, first + 1, last + 1);
        rhtml_escapef(b, "%s %s", rjson_str(s0, "code"), rjson_str(s0, "name"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escapef(b, "%s %s", rjson_str(s1, "code"), rjson_str(s1, "name"));
        jh_buf_printf(b, "</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td><a href=\"%s\">%s</a>"
                         "<br><span class=\"note\">%s</span></td></tr>\n",
                      last - first + 1, n_rect[k], html, html, pdf);
        free(html);
        free(pdf);
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p class=\"note\">每部分的 PDF 文件名如上表所列（打印附件时生成）；"
                   "一所学校的几页也可以按学校代码单独生成。</p>\n");
    free(n_rect);
}
