/* report_book.c - the report workbook's content: sheets 汇总, 学校, 指标,
 * 差异系数, the national application form's 表Ⅱ-1, 表Ⅱ-2 and 表Ⅲ, 满意度,
 * 整改清单 and 导入记录, filled from the statistics
 * document (docs/stats-json.md) through report_xlsx.  Numbers are written as
 * numbers (rates as fractions with a percent format) so Excel can compute
 * with them; suppressed groups leave their counts empty and say 样本不足. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rectify.h"
#include "report.h"
#include "report_json.h"
#include "report_xlsx.h"
#include "stats.h"

/* ---- static prototypes ---------------------------------------------------- */

static const char *verdict(const cJSON *v, const char *yes, const char *no);
static void needed_cell(rxlsx_sheet_t *s, int col, double v);
static const char *need_unit_zh(const char *code);
static void sheet_summary(rxlsx_t *x, const cJSON *st);
static void sheet_schools(rxlsx_t *x, const cJSON *st);
static void sheet_indicators(rxlsx_t *x, const cJSON *st);
static void sheet_cv(rxlsx_t *x, const cJSON *st);
static void sheet_form2(rxlsx_t *x, const cJSON *st, int level);
static void sheet_form3(rxlsx_t *x, const cJSON *st);
static void sheet_satisfaction(rxlsx_t *x, const cJSON *st);
static void sheet_versions(rxlsx_t *x, const cJSON *st);
static void sheet_rectify(rxlsx_t *x, const cJSON *st);
static void sheet_imports(rxlsx_t *x, const cJSON *st);
static void sheet_evaluation(rxlsx_t *x, const cJSON *st);
static void sheet_missing(rxlsx_t *x, const cJSON *st);
static void sheet_sample(rxlsx_t *x, const cJSON *st);

/* ---- public functions ----------------------------------------------------- */

jh_status_t report_xlsx_write(const cJSON *stats, const char *path, jh_err_t *err)
{
    rxlsx_t *x = NULL;
    rjson_reset();
    jh_status_t st = rxlsx_open(path, &x, err);
    if (st != JH_OK) return st;
    rjson_trace("workbook started");
    sheet_summary(x, stats);
    sheet_schools(x, stats);
    rjson_trace("workbook: sheet 学校");
    sheet_indicators(x, stats);
    rjson_trace("workbook: sheet 指标");
    sheet_cv(x, stats);
    sheet_form2(x, stats, 0); /* 表Ⅱ-1, 表Ⅱ-2, 表Ⅲ: the national application form */
    sheet_form2(x, stats, 1);
    sheet_form3(x, stats);
    sheet_satisfaction(x, stats);
    sheet_versions(x, stats);
    sheet_rectify(x, stats);
    report_book_plan_sheet(x, stats); /* 整改方案, when loaded */
    rjson_trace("workbook: sheets to 整改清单");
    sheet_evaluation(x, stats);
    rjson_trace("workbook: sheet 评估");
    sheet_imports(x, stats);
    sheet_missing(x, stats);
    sheet_sample(x, stats);
    rjson_trace("workbook: all sheets");
    st = rxlsx_close(x, err);
    rjson_trace("workbook: closed (zipped)");
    return st;
}

/* ---- sheets --------------------------------------------------------------- */

static void kv_vs(rxlsx_sheet_t *s, const char *item, double v, rxlsx_kind_t kind, double ref,
                  const char *verdict_text, const char *note)
{
    rxlsx_text(s, 0, item);
    rxlsx_num_vs_as(s, 1, v, kind, ref, NAN); /* never shown equal to the ref it fails */
    rxlsx_text(s, 2, verdict_text);
    rxlsx_text(s, 3, note);
    rxlsx_row_end(s);
}

static void kv(rxlsx_sheet_t *s, const char *item, double v, rxlsx_kind_t kind, const char *verdict_text,
               const char *note)
{
    rxlsx_text(s, 0, item);
    rxlsx_num_as(s, 1, v, kind);
    rxlsx_text(s, 2, verdict_text);
    rxlsx_text(s, 3, note);
    rxlsx_row_end(s);
}

static void sheet_summary(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {{"项目", RXLSX_TEXT, 44}, {"数值", RXLSX_NUM3, 12},
                                       {"结论", RXLSX_TEXT, 14}, {"说明", RXLSX_TEXT, 60}};
    char title[512];
    const cJSON *info = rjson_get(st, "report");
    char year[128];
    snprintf(title, sizeof title, "%s%s县域义务教育均衡发展监测汇总（%s%s数据库 %s）",
             rjson_str(info, "county_name"), rjson_round_zh(rjson_str(info, "round"), year, sizeof year),
             rjson_str(info, "date_zh"), *rjson_str(info, "date_zh") ? "，" : "", rjson_str(st, "database"));
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "汇总", title, cols, 4);
    const cJSON *county = rjson_get(rjson_get(st, "satisfaction"), "county");
    const char *headline = rjson_str(county, "headline_method");
    /* no school register: said first, not only by the CVs' reasons
     * (review r2doc3 item 4) */
    if (cJSON_GetArraySize(rjson_get(st, "schools")) == 0)
        kv(s, "尚未导入学校名册", NAN, RXLSX_INT, "无法计算",
           "资源配置指标、差异系数、学校达标和整改清单均无法计算；"
           "请先用 junheng schools 导入学校名册，再重新生成报告");
    static const char *const methods[] = {"answers", "questionnaires"};
    for (int m = 0; m < 2; m++) {
        const cJSON *r = rjson_get(county, methods[m]);
        if (!r) continue;
        char item[256];
        snprintf(item, sizeof item, "社会认可度（%s）%s", rjson_str(r, "method_zh"),
                 !strcmp(headline, methods[m]) ? " · 主口径" : "");
        char *zh = rjson_zh_text(rjson_str(r, "method_text"));
        if (cJSON_IsString(rjson_get(county, "versions_combined"))) {
            /* how the versions of a questionnaire were combined (issue 18) */
            char *v = rjson_zh_text(rjson_str(county, "versions_combined"));
            char *both = jh_sprintf("%s %s", zh, v);
            free(zh);
            free(v);
            zh = both;
        }
        kv_vs(s, item, rjson_num(r, "rate"), RXLSX_PCT, rjson_num(r, "threshold"),
              verdict(rjson_get(r, "pass"), "✓ 达标", "× 未达标"), zh);
        free(zh);
    }
    /* Answers of schools not in the register are in none of the figures
     * here (issue 19 item 11). */
    const cJSON *un = rjson_get(st, "unregistered");
    if (un && rjson_num(un, "n_questionnaires") > 0)
        kv(s, "未在学校名册中的学校的问卷（未计入全县结果）", rjson_num(un, "n_questionnaires"), RXLSX_INT,
           "未计入", "学校登记入名册后重新统计即计入；见“满意度”表中“未在名册”的行");
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(rjson_get(st, "balance"), l ? "junior" : "primary");
        if (cJSON_IsString(rjson_get(lv, "cv_reason"))) {
            char *zh = rjson_zh_text(rjson_str(lv, "cv_reason"));
            kv(s, l ? "初中：差异系数" : "小学：差异系数", NAN, RXLSX_NUM3, "无法计算", zh);
            free(zh);
        }
    }
    const cJSON *balance = rjson_get(st, "balance");
    static const char *const levels[] = {"primary", "junior"};
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(balance, levels[l]);
        if (!lv) continue;
        const char *lzh = rjson_str(lv, "level_zh");
        char item[256];
        snprintf(item, sizeof item, "%s：优质均衡 7 项差异系数均在限值内", lzh);
        /* an indicator's CV not computed (its mean is 0): which, and why */
        jh_buf_t qn = {0};
        jh_buf_puts(&qn, l == 0 ? "每项 ≤ 0.50" : "每项 ≤ 0.45");
        const cJSON *qe;
        cJSON_ArrayForEach(qe, rjson_get(lv, "quality"))
        {
            if (cJSON_IsBool(rjson_get(qe, "pass")) || cJSON_IsString(rjson_get(lv, "cv_reason"))) continue;
            char *zh = cJSON_IsString(rjson_get(qe, "cv_reason")) ? rjson_zh_text(rjson_str(qe, "cv_reason"))
                                                                  : jh_strdup("无法计算");
            jh_buf_printf(&qn, "；%s %s", rjson_str(qe, "code"), zh);
            free(zh);
        }
        kv(s, item, NAN, RXLSX_NUM3, verdict(rjson_get(lv, "quality_cvs_pass"), "✓ 达标", "× 未达标"), qn.data);
        jh_buf_free(&qn);
        const cJSON *bc = rjson_get(lv, "basic_composite");
        snprintf(item, sizeof item, "%s：基本均衡综合差异系数", lzh);
        char note[64];
        snprintf(note, sizeof note, "限值 %.2f", rjson_num(bc, "limit"));
        kv_vs(s, item, rjson_num(bc, "cv"), RXLSX_NUM3, rjson_num(bc, "limit"),
              verdict(rjson_get(bc, "pass"), "✓ 在限值内", "× 超限"), note);
        snprintf(item, sizeof item, "%s：达到优质均衡标准的学校数", lzh);
        snprintf(note, sizeof note, "共 %.0f 所参与计算", rjson_num(lv, "n_schools"));
        kv(s, item, rjson_num(lv, "schools_compliant"), RXLSX_INT,
           verdict(rjson_get(lv, "all_schools_compliant"), "✓ 全部达标", "× 有学校未达标"), note);
    }
    kv(s, "有效问卷", rjson_num(rjson_get(st, "responses"), "valid"), RXLSX_INT, NULL,
       "已提交、且至少一道评价题有效作答");
    if (rjson_num(rjson_get(st, "responses"), "no_rated_answer") > 0)
        kv(s, "没有有效作答的问卷", rjson_num(rjson_get(st, "responses"), "no_rated_answer"), RXLSX_INT, NULL,
           "评价题全部答“不了解”或未答：算已收回，不是有效问卷");
    kv(s, "被标记的问卷", rjson_num(rjson_get(st, "response_quality"), "flagged"), RXLSX_INT, NULL,
       "作答过快、所有评价题同一答案、连续快速提交");
    /* 整改项: the plan's items (every shortfall of the evaluation, as
     * `junheng rectify --out` writes them and the report counts them); the
     * schools' resource shortfalls under their own name (review reval5
     * item 2: both were 整改项, 24 in the report and 21 here) */
    int n_plan = report_plan_items(st);
    kv(s, "整改项", n_plan < 0 ? NAN : n_plan, RXLSX_INT, NULL,
       "本轮评估的全部未达标项，即导出的整改方案（rectify.xlsx）的各项");
    kv(s, "资源配置整改项", rjson_num(rjson_get(st, "verdicts"), "rectification_items"), RXLSX_INT, NULL,
       "学校资源配置指标低于标准的项，见“整改清单”");
    kv(s, "导入次数", rjson_num(rjson_get(st, "imports"), "attempts"), RXLSX_INT, NULL, "见“导入记录”");
    const cJSON *rinfo = rjson_get(st, "report");
    if (cJSON_IsString(rjson_get(rinfo, "issuer"))) kv(s, "出具单位", NAN, RXLSX_TEXT, NULL, rjson_str(rinfo, "issuer"));
    jh_buf_t scope = {0};
    report_scope(st, &scope);
    kv(s, "统计口径", NAN, RXLSX_TEXT, NULL, scope.data);
    jh_buf_free(&scope);
}

/* The satisfaction cells of a group (columns first..first+6). */
/* The satisfaction pass mark of the statistics document st (0.85). */
static double sat_threshold(const cJSON *st)
{
    double t = rjson_num(rjson_get(st, "options"), "threshold");
    return isfinite(t) ? t : 0.85;
}

/* A group's counts and rates; thr is the pass mark the rates are read
 * against, so that 84.97 % never shows as "85.0 %" (rxlsx_num_vs). */
static void group_cells(rxlsx_sheet_t *s, int first, const cJSON *g, double thr)
{
    const cJSON *a = rjson_get(g, "answers"), *q = rjson_get(g, "questionnaires");
    if (cJSON_IsTrue(rjson_get(g, "suppressed"))) {
        /* too small, or hidden so that a small group cannot be derived (item 6) */
        rxlsx_text(s, first + 3, rjson_hidden_complementary(g) ? "隐藏（防推算）" : "样本不足");
        return;
    }
    rxlsx_num(s, first, rjson_num(g, rjson_group_count_key(g)));
    rxlsx_num(s, first + 1, rjson_num(a, "valid"));
    rxlsx_num(s, first + 2, rjson_num(a, "satisfied"));
    rxlsx_num_vs(s, first + 3, rjson_num(a, "rate"), thr, NAN);
    rxlsx_num(s, first + 4, rjson_num(a, "ci_low"));
    rxlsx_num(s, first + 5, rjson_num(a, "ci_high"));
    rxlsx_num_vs(s, first + 6, rjson_num(q, "rate"), thr, NAN);
}

static void sheet_schools(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"学校代码", RXLSX_TEXT, 12},    {"学校名称", RXLSX_TEXT, 16},   {"学段", RXLSX_TEXT, 8},
        {"城乡", RXLSX_TEXT, 6},         {"办学\n类别", RXLSX_TEXT, 8},  {"参与优质\n均衡计算", RXLSX_TEXT, 9},
        {"问卷数", RXLSX_INT, 9},        {"有效\n答案", RXLSX_INT, 9},   {"满意\n答案", RXLSX_INT, 9},
        {"满意率", RXLSX_PCT, 9},        {"置信\n下限", RXLSX_PCT, 8},   {"置信\n上限", RXLSX_PCT, 8},
        {"按问卷\n满意率", RXLSX_PCT, 9}, {"优质均衡\n达标", RXLSX_TEXT, 11},
        {"不参与优质\n均衡计算\n的原因", RXLSX_TEXT, 11}, {"参与基本\n均衡计算", RXLSX_TEXT, 9},
        {"不参与基本\n均衡计算\n的原因", RXLSX_TEXT, 11}, {"样本\n目标", RXLSX_TEXT, 7}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "学校", NULL, cols, 18);
    const cJSON *schools = rjson_get(st, "schools");
    const cJSON *by_school = rjson_get(rjson_get(st, "satisfaction"), "by_school");
    /* the sample against the school's target, in the register's order
     * (the same walk as the groups) */
    const cJSON *samples = rjson_get(rjson_get(st, "sample"), "by_school"), *sprev = NULL;
    const cJSON *e, *prev = NULL; /* prev: the group of the school before */
    cJSON_ArrayForEach(e, schools)
    {
        const char *code = rjson_str(e, "code");
        rxlsx_text(s, 0, code);
        rxlsx_text(s, 1, rjson_str(e, "name"));
        rxlsx_text(s, 2, rjson_str(e, "level_zh"));
        rxlsx_text(s, 3, rjson_str(e, "locality_zh"));
        rxlsx_text(s, 4, rjson_str(e, "kind_zh"));
        rxlsx_text(s, 5, cJSON_IsTrue(rjson_get(e, "excluded")) ? "否" : "是");
        /* The school's group (one a school code).  Both arrays are sorted
         * by code: the group after the one before is the school's (a merge
         * walk, linear), else a search from the start should the order ever
         * differ or a school come twice. */
        const cJSON *g = prev ? prev->next : by_school ? by_school->child : NULL;
        if (!g || strcmp(rjson_str(g, "school_code"), code) ||
            (prev && !strcmp(rjson_str(prev, "school_code"), code))) {
            g = by_school ? by_school->child : NULL;
            while (g && strcmp(rjson_str(g, "school_code"), code)) g = g->next;
        }
        if (g) {
            prev = g;
            group_cells(s, 6, g, sat_threshold(st));
        } else {
            /* None: 0 questionnaires, 0 answers (a sum over the column
             * stays right), and the rate says why it has none; not blank,
             * as if forgotten (review rclerk6 item 4). */
            for (int c = 6; c <= 8; c++) rxlsx_num(s, c, 0);
            rxlsx_text(s, 9, "无问卷");
        }
        const cJSON *parts = rjson_get(e, "parts");
        int np = cJSON_GetArraySize(parts), ok = 0;
        for (int u = 0; u < np; u++) ok += cJSON_IsTrue(rjson_get(rjson_get(rjson_at(parts, u), "compliance"), "pass"));
        if (!cJSON_IsTrue(rjson_get(e, "excluded")) && np > 0) rxlsx_text(s, 13, ok == np ? "✓ 达标" : "× 未达标");
        rxlsx_text(s, 14, cJSON_IsString(rjson_get(e, "exclusion_reason_zh")) ? rjson_str(e, "exclusion_reason_zh")
                                                                               : rjson_str(e, "exclusion_reason"));
        /* The basic figures' own list (balance-rules §2); a document
         * written before it had one list for both. */
        const cJSON *xb = rjson_get(e, "excluded_basic");
        bool out_basic = xb ? cJSON_IsTrue(xb) : cJSON_IsTrue(rjson_get(e, "excluded"));
        rxlsx_text(s, 15, out_basic ? "否" : "是");
        if (xb)
            rxlsx_text(s, 16, cJSON_IsString(rjson_get(e, "basic_exclusion_reason_zh"))
                                  ? rjson_str(e, "basic_exclusion_reason_zh")
                                  : rjson_str(e, "basic_exclusion_reason"));
        else
            rxlsx_text(s, 16, cJSON_IsString(rjson_get(e, "exclusion_reason_zh")) ? rjson_str(e, "exclusion_reason_zh")
                                                                                   : rjson_str(e, "exclusion_reason"));
        /* fewer questionnaires than its sample target: its rate and verdict
         * rest on a short sample (review rgroups7 item 5) */
        const cJSON *sm = sprev ? sprev->next : samples ? samples->child : NULL;
        if (!sm || strcmp(rjson_str(sm, "school_code"), code)) {
            sm = samples ? samples->child : NULL;
            while (sm && strcmp(rjson_str(sm, "school_code"), code)) sm = sm->next;
        }
        if (sm) {
            sprev = sm;
            const cJSON *tp = rjson_get(sm, "target_pass");
            if (cJSON_IsBool(tp)) rxlsx_text(s, 17, cJSON_IsTrue(tp) ? "达到" : "未达到"); /* (附件 C; narrow: the sheet prints on one page's width) */
        }
        rxlsx_row_end(s);
    }
    /* Schools with answers but not in the register. */
    const cJSON *g;
    cJSON_ArrayForEach(g, by_school)
    {
        if (cJSON_IsTrue(rjson_get(g, "in_register"))) continue;
        rxlsx_text(s, 0, rjson_str(g, "school_code"));
        rxlsx_text(s, 1, rjson_str(g, "school_name"));
        rxlsx_text(s, 5, "否");
        group_cells(s, 6, g, sat_threshold(st));
        rxlsx_text(s, 14, "不在学校名册中");
        rxlsx_row_end(s);
    }
}

/* One register value that looks like 万元/万平方米/万册 (stats.json's
 * register_units entry), as a line of the workbook's notes; the caller
 * frees it. */
static char *unit_line(const cJSON *e)
{
    return jh_sprintf("%s %s“%s”%.10g：在校生 %.0f 人，每生 %s %s，疑为%s", rjson_str(e, "school_code"),
                      rjson_str(e, "school_name"), rjson_str(e, "column_zh"), rjson_num(e, "value"),
                      rjson_num(e, "students"), rjson_str(e, "per_student"), rjson_str(e, "unit"),
                      rjson_str(e, "unit_suspected"));
}

/* Below a sheet of resource figures: the register's amounts that look
 * typed in 万元, 万平方米 or 万册 (register_units; review fmerge9, item 2),
 * a blank row, then one row each in column col. */
static void units_note_rows(rxlsx_sheet_t *s, const cJSON *st, int col)
{
    const cJSON *u = rjson_get(st, "register_units");
    int n = cJSON_GetArraySize(u);
    if (n <= 0) return;
    rxlsx_row_end(s);
    rxlsx_text(s, col, "注意：学校名册中以下数值按在校生人数折算远低于任何实际学校，疑似按万元、万平方米或万册填写"
                       "（名册按元、平方米、册读取），有关指标和差异系数可能失真；请核对名册，改正后重新导入"
                       "（junheng schools）：");
    rxlsx_row_end(s);
    for (int i = 0; i < n; i++) {
        char *t = unit_line(rjson_at(u, i));
        rxlsx_text(s, col, t);
        free(t);
        rxlsx_row_end(s);
    }
}

/* The same below a sheet of the national application form, as notes
 * under its rows (outside the printed form's frame; review r2bureau9
 * item 3). */
static void units_notes(rxlsx_sheet_t *s, const cJSON *st)
{
    const cJSON *u = rjson_get(st, "register_units");
    int n = cJSON_GetArraySize(u);
    if (n <= 0) return;
    /* (two lines: one ran past 表Ⅲ's printed width) */
    rxlsx_note(s, "注意：学校名册中以下数值按在校生人数折算远低于任何实际学校，疑似按万元、万平方米或万册填写"
                  "（名册按元、平方米、册读取），");
    rxlsx_note(s, "有关指标和差异系数可能失真；请核对名册，改正后重新导入（junheng schools）：");
    for (int i = 0; i < n; i++) {
        char *t = unit_line(rjson_at(u, i));
        rxlsx_note(s, t);
        free(t);
    }
}

static void sheet_indicators(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"学校代码", RXLSX_TEXT, 13}, {"学校名称", RXLSX_TEXT, 20}, {"学段", RXLSX_TEXT, 10},
        {"在校\n生数", RXLSX_INT, 9}, {"类别", RXLSX_TEXT, 10},     {"指标", RXLSX_TEXT, 7},
        {"指标名称", RXLSX_TEXT, 24}, {"本校值", RXLSX_NUM2, 12},   {"标准", RXLSX_NUM2, 10},
        {"达标率", RXLSX_PCT, 9},     {"结论", RXLSX_TEXT, 10},     {"还需\n增加", RXLSX_NUM2, 11},
        {"单位", RXLSX_TEXT, 14}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "指标", NULL, cols, 13);
    const cJSON *inds = rjson_get(st, "indicators");
    const cJSON *schools = rjson_get(st, "schools");
    static const char *const sets[] = {"quality", "basic"};
    static const char *const sets_zh[] = {"优质均衡", "基本均衡"};
    /* the indicators' names by code, per set (a code named twice: its last name) */
    int n_names[2] = {0, 0};
    const char **codes[2], **names[2];
    for (int t = 0; t < 2; t++) {
        const cJSON *list = rjson_get(inds, sets[t]), *c;
        codes[t] = jh_xmalloc(sizeof *codes[t] * (size_t)(cJSON_GetArraySize(list) + 1));
        names[t] = jh_xmalloc(sizeof *names[t] * (size_t)(cJSON_GetArraySize(list) + 1));
        cJSON_ArrayForEach(c, list)
        {
            codes[t][n_names[t]] = rjson_str(c, "code");
            names[t][n_names[t]++] = rjson_str(c, "name_zh");
        }
    }
    const cJSON *e, *un, *in;
    cJSON_ArrayForEach(e, schools)
    {
        const char *code = rjson_str(e, "code"), *school = rjson_str(e, "name");
        cJSON_ArrayForEach(un, rjson_get(e, "parts"))
        {
            const char *level = rjson_str(un, "level_zh");
            double enrolment = rjson_num(un, "enrolment");
            for (int t = 0; t < 2; t++) {
                cJSON_ArrayForEach(in, rjson_get(un, sets[t]))
                {
                    const char *ind = rjson_str(in, "code"), *name = "";
                    for (int j = 0; j < n_names[t]; j++)
                        if (!strcmp(codes[t][j], ind)) name = names[t][j];
                    double v = rjson_num(in, "value");
                    rxlsx_text(s, 0, code);
                    rxlsx_text(s, 1, school);
                    rxlsx_text(s, 2, level);
                    rxlsx_num(s, 3, enrolment);
                    rxlsx_text(s, 4, sets_zh[t]);
                    rxlsx_text(s, 5, ind);
                    rxlsx_text(s, 6, name);
                    rxlsx_num_vs_as(s, 7, v, isfinite(v) && fabs(v) < 1 ? RXLSX_NUM4 : RXLSX_NUM2,
                                    t == 0 ? rjson_num(in, "standard") : NAN,
                                    t == 0 ? 0.85 * rjson_num(in, "standard") : NAN); /* and its 85 % line */
                    if (t == 0) {
                        rxlsx_num(s, 8, rjson_num(in, "standard"));
                        rxlsx_num_vs(s, 9, rjson_num(in, "ratio"), 1.0, 0.85);
                        rxlsx_text(s, 10, isfinite(v) ? verdict(rjson_get(in, "meets"), "✓ 达标", "× 未达标")
                                                      : "缺数据");
                        needed_cell(s, 11, rjson_num(in, "needed"));
                        /* what the amount counts: teachers, m², yuan (review
                         * rexcel5 item 8; 整改清单 has the same column) */
                        if (isfinite(rjson_num(in, "needed"))) rxlsx_text(s, 12, need_unit_zh(ind));
                    }
                    rxlsx_row_end(s);
                }
            }
        }
    }
    units_note_rows(s, st, 0);
    for (int t = 0; t < 2; t++) {
        free(codes[t]);
        free(names[t]);
    }
}

static void cv_row(rxlsx_sheet_t *s, const char *set_zh, const char *lzh, const cJSON *c,
                   bool has_limit)
{
    double mean = rjson_num(c, "mean");
    rxlsx_kind_t k = isfinite(mean) && fabs(mean) < 1 ? RXLSX_NUM4 : RXLSX_NUM2;
    rxlsx_text(s, 0, set_zh);
    rxlsx_text(s, 1, lzh);
    rxlsx_text(s, 2, rjson_str(c, "code"));
    rxlsx_text(s, 3, rjson_str(c, "name_zh"));
    rxlsx_num(s, 4, rjson_num(c, "n_schools"));
    /* with the decimals that give the CV shown back (review rclerk9 item 8) */
    int dv = stats_cv_decimals(mean, rjson_num(c, "sd"), rjson_num(c, "cv"), k == RXLSX_NUM4 ? 4 : 2, 3);
    rxlsx_num_decimals(s, 5, mean, dv);
    rxlsx_num_decimals(s, 6, rjson_num(c, "sd"), dv);
    rxlsx_num_vs(s, 7, rjson_num(c, "cv"), has_limit ? rjson_num(c, "limit") : NAN, NAN);
    if (!cJSON_IsNumber(rjson_get(c, "cv")) && cJSON_IsString(rjson_get(c, "cv_reason"))) {
        /* the reason, as the CSV and the report give it (the workbook is
         * Chinese): "无法计算：平均值为 0。" */
        char *zh = rjson_zh_text(rjson_str(c, "cv_reason"));
        rxlsx_text(s, 7, zh[0] ? zh : "无法计算");
        free(zh);
    }
    if (has_limit) {
        rxlsx_num(s, 8, rjson_num(c, "limit"));
        rxlsx_text(s, 9, verdict(rjson_get(c, "pass"), "✓ 在限值内", "× 超限"));
    } else {
        rxlsx_text(s, 9, "计入综合");
    }
    const cJSON *tc = rjson_get(c, "top_contributors");
    char text[1024] = "";
    size_t o = 0;
    for (int j = 0, j_n = cJSON_GetArraySize(tc); j < j_n && o < sizeof text - 200; j++) {
        const cJSON *e = rjson_at(tc, j);
        o += (size_t)snprintf(text + o, sizeof text - o, "%s%s（%s）%.1f%%", j ? "；" : "",
                              rjson_str(e, "school_name"),
                              !strcmp(rjson_str(e, "direction"), "below") ? "偏低" : "偏高",
                              rjson_num(e, "share") * 100);
    }
    rxlsx_text(s, 10, text);
    rxlsx_row_end(s);
}

static void sheet_cv(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"类别", RXLSX_TEXT, 10},     {"学段", RXLSX_TEXT, 7},      {"指标", RXLSX_TEXT, 7},
        {"指标名称", RXLSX_TEXT, 24}, {"学校数", RXLSX_INT, 9},     {"加权\n平均", RXLSX_NUM2, 12},
        {"标准差", RXLSX_NUM2, 12},   {"差异\n系数", RXLSX_NUM3, 12}, {"限值", RXLSX_NUM2, 8},
        {"结论", RXLSX_TEXT, 12},     {"贡献最大的学校\n（份额）", RXLSX_TEXT, 40}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "差异系数", NULL, cols, 11);
    const cJSON *balance = rjson_get(st, "balance");
    static const char *const levels[] = {"primary", "junior"};
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(balance, levels[l]);
        if (!lv) continue;
        const char *lzh = rjson_str(lv, "level_zh");
        const cJSON *q = rjson_get(lv, "quality"), *bs = rjson_get(lv, "basic");
        for (int i = 0, i_n = cJSON_GetArraySize(q); i < i_n; i++) cv_row(s, "优质均衡", lzh, rjson_at(q, i), true);
        const cJSON *qc = rjson_get(lv, "quality_composite");
        rxlsx_text(s, 0, "优质均衡");
        rxlsx_text(s, 1, lzh);
        rxlsx_text(s, 2, "平均");
        rxlsx_text(s, 3, "7 项差异系数的平均（仅供参考）");
        rxlsx_num(s, 7, rjson_num(qc, "cv"));
        rxlsx_text(s, 9, "不作判定");
        rxlsx_row_end(s);
        for (int i = 0, i_n = cJSON_GetArraySize(bs); i < i_n; i++) cv_row(s, "基本均衡", lzh, rjson_at(bs, i), false);
        const cJSON *bc = rjson_get(lv, "basic_composite");
        rxlsx_text(s, 0, "基本均衡");
        rxlsx_text(s, 1, lzh);
        rxlsx_text(s, 2, "综合");
        rxlsx_text(s, 3, "综合差异系数（8 项平均）");
        rxlsx_num_vs(s, 7, rjson_num(bc, "cv"), rjson_num(bc, "limit"), NAN);
        rxlsx_num(s, 8, rjson_num(bc, "limit"));
        rxlsx_text(s, 9, verdict(rjson_get(bc, "pass"), "✓ 在限值内", "× 超限"));
        rxlsx_row_end(s);
    }
    units_note_rows(s, st, 0);
}

/* ---- the national application form (balance-rules §2) ------------------- */

/* The form's column heads of the indicators (《全国义务教育发展基本均衡县
 * （市、区）申报表》, 表Ⅱ and 表Ⅲ), by code, broken into lines where a word
 * ends; NULL for a code it does not know (its name_zh is used). */
static const char *form_head(const char *code)
{
    static const char *const heads[][2] = {
        {"L1", "每百名学生拥有\n高于规定学历\n教师数（人）"},
        {"L2", "每百名学生拥有\n县级以上骨干\n教师数（人）"},
        {"L3", "每百名学生拥有\n体育、艺术\n（美术、音乐）\n专任教师数（人）"},
        {"L4", "生均教学及\n辅助用房面积\n（㎡）"},
        {"L5", "生均体育运动\n场馆面积（㎡）"},
        {"L6", "生均教学仪器\n设备值（元）"},
        {"L7", "每百名学生拥有\n网络多媒体\n教室数（间）"},
        {"B1", "生均教学及\n辅助用房面积\n（㎡）"},
        {"B2", "生均体育运动\n场馆面积（㎡）"},
        {"B3", "生均教学仪器\n设备值（元）"},
        {"B4", "每百名学生拥有\n计算机台数（台）"},
        {"B5", "生均图书\n册数（册）"},
        {"B6", "师生比"},
        {"B7", "生均高于规定\n学历教师数（人）"},
        {"B8", "生均中级及以上\n专业技术职务\n教师数（人）"},
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (!strcmp(heads[i][0], code)) return heads[i][1];
    return NULL;
}

/* The teaching points the basic figures leave out, as the statistics'
 * setting says: every one (2012 rules), or those under the threshold (a
 * document written before the setting: the threshold). */
static const char *teaching_points_zh(const cJSON *st, char *buf, size_t size)
{
    const cJSON *o = rjson_get(st, "options");
    if (!strcmp(rjson_str(o, "basic_teaching_points"), "all")) return "全部小学教学点";
    snprintf(buf, size, "在校生不足 %g 人的教学点", rjson_num(o, "min_teaching_point"));
    return buf;
}

/* One precision for a column of the form (review r2bureau9 item 2: 1.21
 * above 0.7527 read as two kinds of figure): four decimals when any of its
 * values is below 1 (师生比 0.0526 keeps its figures), else two; least is
 * the smallest absolute value written in it (NAN: none). */
static rxlsx_kind_t column_kind(double least) { return isfinite(least) && least < 1 ? RXLSX_NUM4 : RXLSX_NUM2; }

/* The entry of code in a part's list of indicators (quality), or NULL. */
static const cJSON *by_code(const cJSON *list, const char *code)
{
    const cJSON *c, *in = NULL;
    cJSON_ArrayForEach(c, list) if (!strcmp(rjson_str(c, "code"), code)) in = c;
    return in;
}

/* Whether a school part is a row of 表Ⅱ for level lv ("primary"). */
static bool form2_school(const cJSON *e)
{
    /* the basic figures' own list (a document written before it had one
     * list for both, as the 学校 sheet reads it) */
    const cJSON *xb = rjson_get(e, "excluded_basic");
    return !(xb ? cJSON_IsTrue(xb) : cJSON_IsTrue(rjson_get(e, "excluded")));
}

/* 表Ⅱ-1 (level 0, primary) or 表Ⅱ-2 (junior): every school part of the
 * level that the basic figures count (no private school, none not run by
 * the county, no primary teaching point), one row each in the order of the
 * schools' list (by code), a nine-year school's primary part and a
 * nine-year or complete middle school's junior part a row of their own;
 * its values of the
 * indicators the statistics hold standards for (L1–L7), a failing one
 * shaded dark, and 1 in 该校综合评估是否达标 when the part complies (the
 * statistics' compliance: at least 6 of the 7 met, the other at 85 %);
 * empty when it does not (填报说明: 不达标的不填). */
static void sheet_form2(rxlsx_t *x, const cJSON *st, int level)
{
    const char *lv = level ? "junior" : "primary", *lzh = level ? "初中" : "小学";
    const cJSON *defs = rjson_get(rjson_get(st, "indicators"), "quality");
    int n_ind = cJSON_GetArraySize(defs);
    if (n_ind > 10) n_ind = 10; /* the form lists at most ten */
    rxlsx_col_t cols[16];
    char *heads[10];
    int nc = 0;
    /* (wide enough for a long name with its （小学部） on one line: a
     * needless wrap doubled the row, review r2bureau9 item 2) */
    cols[nc++] = (rxlsx_col_t){"学校名称", RXLSX_TEXT, 48};
    double least[10];
    for (int k = 0; k < n_ind; k++) least[k] = NAN;
    const cJSON *e, *un;
    cJSON_ArrayForEach(e, rjson_get(st, "schools"))
    {
        if (!form2_school(e)) continue;
        cJSON_ArrayForEach(un, rjson_get(e, "parts"))
        {
            if (strcmp(rjson_str(un, "level"), lv)) continue;
            for (int k = 0; k < n_ind; k++) {
                double v = rjson_num(by_code(rjson_get(un, "quality"), rjson_str(rjson_at(defs, k), "code")), "value");
                if (isfinite(v) && !(fabs(v) >= least[k])) least[k] = fabs(v);
            }
        }
    }
    for (int k = 0; k < n_ind; k++) {
        const cJSON *d = rjson_at(defs, k);
        const char *h = form_head(rjson_str(d, "code"));
        double std = rjson_num(rjson_get(d, "standard"), lv);
        /* the standard the figures are held to: the 2017 quality one, not
         * the province's basic one (review r2bureau9 item 1) */
        heads[k] = jh_sprintf("%s\n优质均衡标准\n≥ %g", h ? h : rjson_str(d, "name_zh"), std);
        cols[nc++] = (rxlsx_col_t){heads[k], column_kind(least[k]), 13};
    }
    int flag_col = nc;
    cols[nc++] = (rxlsx_col_t){"该校综合\n评估是否\n达标", RXLSX_INT, 9};
    /* for working on screen, not printed: the form ends with the flag */
    int code_col = nc;
    cols[nc++] = (rxlsx_col_t){"学校代码", RXLSX_TEXT, 12};
    cols[nc++] = (rxlsx_col_t){"在校\n生数", RXLSX_INT, 9};
    cols[nc++] = (rxlsx_col_t){"达标\n项数", RXLSX_INT, 7};
    const cJSON *info = rjson_get(st, "report");
    char title[384];
    snprintf(title, sizeof title,
             "表Ⅱ-%d：%s学校资源配置达标情况（分学校，对照《县域义务教育优质均衡发展督导评估办法》（2017）"
             "的七项资源配置标准）%s%s",
             level + 1, lzh, *rjson_str(info, "county_name") ? "　" : "", rjson_str(info, "county_name"));
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, level ? "表Ⅱ-2" : "表Ⅱ-1", title, cols, nc);
    for (int k = 0; k < n_ind; k++) free(heads[k]);
    rxlsx_print_cols(s, flag_col + 1);
    rxlsx_borders(s);
    int rows = 0, compliant = 0;
    cJSON_ArrayForEach(e, rjson_get(st, "schools"))
    {
        if (!form2_school(e)) continue;
        const char *slv = rjson_str(e, "level");
        bool combined = strcmp(slv, "primary") && strcmp(slv, "junior");
        cJSON_ArrayForEach(un, rjson_get(e, "parts"))
        {
            if (strcmp(rjson_str(un, "level"), lv)) continue;
            char *name = combined ? jh_sprintf("%s（%s部）", rjson_str(e, "name"), lzh) : jh_strdup(rjson_str(e, "name"));
            rxlsx_text(s, 0, name);
            free(name);
            const cJSON *q = rjson_get(un, "quality");
            for (int k = 0; k < n_ind; k++) {
                const cJSON *in = by_code(q, rjson_str(rjson_at(defs, k), "code"));
                double v = rjson_num(in, "value"), std = rjson_num(in, "standard");
                if (!isfinite(v)) {
                    rxlsx_text(s, 1 + k, "缺数据");
                    continue;
                }
                if (cJSON_IsFalse(rjson_get(in, "meets"))) rxlsx_dark(s);
                /* (never shown equal to the standard or its 85 % it fails) */
                rxlsx_num_vs(s, 1 + k, v, std, 0.85 * std);
            }
            const cJSON *comp = rjson_get(un, "compliance");
            if (cJSON_IsTrue(rjson_get(comp, "pass"))) {
                rxlsx_num(s, flag_col, 1);
                compliant++;
            }
            rxlsx_text(s, code_col, rjson_str(e, "code"));
            rxlsx_num(s, code_col + 1, rjson_num(un, "enrolment"));
            rxlsx_num(s, code_col + 2, rjson_num(comp, "met"));
            rxlsx_row_end(s);
            rows++;
        }
    }
    char note[512];
    snprintf(note, sizeof note, "共 %d 个%s（部），综合评估达标 %d 个。", rows, lzh, compliant);
    rxlsx_note(s, note);
    rxlsx_note(s, "对照标准：本表按《县域义务教育优质均衡发展督导评估办法》（2017）的七项资源配置指标及其标准"
                  "（表头“≥”后）判定，不是基本均衡申报表按省定办学基本标准的达标判定。");
    rxlsx_note(s, "省定办学基本标准未录入本系统，本表不含按省定标准的判定：填报基本均衡申报表时，"
                  "须按省定办学基本标准逐校核定后填写。");
    rxlsx_note(s, "该校综合评估是否达标：7 项中至少 6 项达到标准、其余一项不低于标准的 85% 为达标，填“1”；"
                  "不达标的不填。深色底纹：该项指标值未达到标准。");
    char tp[128];
    snprintf(note, sizeof note,
             "不含民办学校、非县属学校（省市直属、高校附属、企业办学）和%s；一贯制学校的小学部、"
             "一贯制学校和完全中学的初中部各占一行。",
             teaching_points_zh(st, tp, sizeof tp));
    rxlsx_note(s, note);
    rxlsx_note(s, "学校代码、在校生数、达标项数三列供核对，不打印。");
    units_notes(s, st);
}

/* 表Ⅲ: the county's between-school balance, for primary and for junior a
 * row of county averages (全县平均值, enrolment-weighted) and a row of CVs
 * (差异系数) over B1–B8, and the composite (综合) on the CV row. */
static void sheet_form3(rxlsx_t *x, const cJSON *st)
{
    const cJSON *defs = rjson_get(rjson_get(st, "indicators"), "basic");
    int n_ind = cJSON_GetArraySize(defs);
    if (n_ind > 10) n_ind = 10;
    rxlsx_col_t cols[16];
    int nc = 0;
    cols[nc++] = (rxlsx_col_t){"学校\n类别", RXLSX_TEXT, 6};
    cols[nc++] = (rxlsx_col_t){"指标项目", RXLSX_TEXT, 13};
    static const char *const levels[] = {"primary", "junior"};
    /* the averages' precision, one a column over both levels (review
     * r2bureau9 item 2); the CVs' is three decimals throughout */
    rxlsx_kind_t mean_kind[10];
    for (int k = 0; k < n_ind; k++) {
        double least = NAN;
        for (int l = 0; l < 2; l++) {
            const cJSON *lv = rjson_get(rjson_get(st, "balance"), levels[l]);
            double v = rjson_num(by_code(rjson_get(lv, "basic"), rjson_str(rjson_at(defs, k), "code")), "mean");
            if (lv && isfinite(v) && !(fabs(v) >= least)) least = fabs(v);
        }
        mean_kind[k] = column_kind(least);
    }
    for (int k = 0; k < n_ind; k++) {
        const cJSON *d = rjson_at(defs, k);
        const char *h = form_head(rjson_str(d, "code"));
        cols[nc++] = (rxlsx_col_t){h ? h : rjson_str(d, "name_zh"), RXLSX_NUM3, 13};
    }
    int comp_col = nc;
    cols[nc++] = (rxlsx_col_t){"综合", RXLSX_NUM3, 8};
    cols[nc++] = (rxlsx_col_t){"学校数", RXLSX_INT, 7};
    cols[nc++] = (rxlsx_col_t){"综合差异\n系数限值", RXLSX_NUM2, 9};
    cols[nc++] = (rxlsx_col_t){"结论", RXLSX_TEXT, 14};
    const cJSON *info = rjson_get(st, "report");
    char title[384];
    snprintf(title, sizeof title, "表Ⅲ：县域义务教育校际间均衡情况%s%s",
             *rjson_str(info, "county_name") ? "　" : "", rjson_str(info, "county_name"));
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "表Ⅲ", title, cols, nc);
    rxlsx_print_cols(s, comp_col + 1);
    rxlsx_borders(s);
    for (int l = 0; l < 2; l++) {
        const cJSON *lv = rjson_get(rjson_get(st, "balance"), levels[l]);
        if (!lv) continue;
        const cJSON *bs = rjson_get(lv, "basic"), *bc = rjson_get(lv, "basic_composite");
        for (int row = 0; row < 2; row++) {
            rxlsx_text(s, 0, rjson_str(lv, "level_zh"));
            rxlsx_text(s, 1, row ? "差异系数" : "全县平均值");
            for (int k = 0; k < n_ind; k++) {
                const cJSON *c = by_code(bs, rjson_str(rjson_at(defs, k), "code"));
                double v = rjson_num(c, row ? "cv" : "mean");
                if (!isfinite(v))
                    rxlsx_text(s, 2 + k, "无法计算");
                else if (row)
                    rxlsx_num(s, 2 + k, v);
                else
                    rxlsx_num_as(s, 2 + k, v, mean_kind[k]);
            }
            if (!row) {
                rxlsx_text_center(s, comp_col, "—"); /* (clear of the figure to its left) */
            } else {
                double cv = rjson_num(bc, "cv");
                if (isfinite(cv))
                    rxlsx_num_vs(s, comp_col, cv, rjson_num(bc, "limit"), NAN);
                else
                    rxlsx_text(s, comp_col, "无法计算");
                /* (a document written before the basic figures had their
                 * own schools: the level's, the same list) */
                rxlsx_num(s, comp_col + 1, rjson_num(rjson_get(bc, "n_schools") ? bc : lv, "n_schools"));
                rxlsx_num(s, comp_col + 2, rjson_num(bc, "limit"));
                rxlsx_text(s, comp_col + 3, verdict(rjson_get(bc, "pass"), "✓ 在限值内", "× 超限"));
            }
            rxlsx_row_end(s);
        }
    }
    rxlsx_note(s, "全县平均值：各校指标值按在校生数加权的平均（全县资源总量 ÷ 全县学生数）。");
    rxlsx_note(s, "差异系数：按在校生数加权的标准差 ÷ 全县平均值；综合：8 项差异系数的算术平均，"
                  "小学 ≤ 0.65、初中 ≤ 0.55 为达到基本均衡。");
    char tp[128], note[512];
    snprintf(note, sizeof note,
             "学校范围与表Ⅱ相同：不含民办学校、非县属学校和%s；一贯制学校、完全中学按加权在校生数拆分到各学段。",
             teaching_points_zh(st, tp, sizeof tp));
    rxlsx_note(s, note);
    rxlsx_note(s, "学校数、综合差异系数限值、结论三列供核对，不打印。");
    units_notes(s, st);
}

/* The respondent group a questionnaire is asked of ("parent"), from the
 * document's list of questionnaires; "" when it is not there. */
static const char *survey_audience(const cJSON *st, const char *survey_id)
{
    const cJSON *sv;
    cJSON_ArrayForEach(sv, rjson_get(st, "surveys"))
        if (!strcmp(rjson_str(sv, "id"), survey_id)) return rjson_str(sv, "audience");
    return "";
}

/* The 满意度 sheet's columns, named (a column a meaning: review rexcel5
 * items 2 and 5). */
enum { SAT_KIND, SAT_CODE, SAT_NAME, SAT_WHO, SAT_TOPIC, SAT_RATE_NAME, SAT_CELLS, SAT_COUNT = SAT_CELLS + 7 };

/* Rows of one group list of the 满意度 sheet: kind is the 分组 text, the
 * name from name_key; a school's code, the respondent group (a topic's
 * role, an item's questionnaire's audience) and the topic in columns of
 * their own, so that a filter finds them; and what the rate counts
 * (满意率, 认同率, 选“是”的比例). */
static void sat_rows(rxlsx_sheet_t *s, const cJSON *st, const cJSON *arr, const char *kind, const char *name_key,
                     double thr)
{
    for (int i = 0, i_n = cJSON_GetArraySize(arr); i < i_n; i++) {
        const cJSON *e = rjson_at(arr, i);
        bool item = rjson_get(e, "item_id") != NULL, topic = !item && rjson_get(e, "topic_zh") != NULL;
        /* a topic without its role (a document written before topics were
         * kept per role) pools every role: a small one would show in it */
        if (topic && !cJSON_IsString(rjson_get(e, "role"))) continue;
        rxlsx_text(s, SAT_KIND, kind);
        if (cJSON_IsString(rjson_get(e, "school_code"))) rxlsx_text(s, SAT_CODE, rjson_str(e, "school_code"));
        const char *name = rjson_str(e, name_key);
        if (cJSON_IsString(rjson_get(e, "version"))) {
            /* an item (or its topic) that differs between versions: per version (issue 18) */
            char *t = jh_sprintf("%s（%s %s 版，单列）", name, rjson_str(e, "survey_id"), rjson_str(e, "version"));
            rxlsx_text(s, SAT_NAME, t);
            free(t);
        } else {
            rxlsx_text(s, SAT_NAME, !strcmp(name_key, "role") ? rjson_role_zh(name) : name);
        }
        const char *who = item ? survey_audience(st, rjson_str(e, "survey_id")) : rjson_str(e, "role");
        if (*who) rxlsx_text(s, SAT_WHO, rjson_role_zh(who));
        if (item || topic) rxlsx_text(s, SAT_TOPIC, rjson_str(e, "topic_zh"));
        rxlsx_text(s, SAT_RATE_NAME, rjson_rate_name_zh(st, e));
        group_cells(s, SAT_CELLS, e, thr);
        rxlsx_row_end(s);
    }
}

static void sheet_satisfaction(rxlsx_t *x, const cJSON *st)
{
    /* (an item's rate may be an agreement rate or the share answering
     * "yes": 比率名称 says which, the columns say 比率) */
    static const rxlsx_col_t cols[SAT_COUNT] = {
        [SAT_KIND] = {"分组", RXLSX_TEXT, 11},       [SAT_CODE] = {"学校代码", RXLSX_TEXT, 13},
        /* (wide enough for 社会公众, a 方面 of six characters and
         * 满意答案比例 on one line: a CJK character counts 2.1, a column
         * holds its width less 1.5; review r2book item 5) */
        [SAT_NAME] = {"名称", RXLSX_TEXT, 30},       [SAT_WHO] = {"对象", RXLSX_TEXT, 10},
        [SAT_TOPIC] = {"方面", RXLSX_TEXT, 15},      [SAT_RATE_NAME] = {"比率名称", RXLSX_TEXT, 15},
        [SAT_CELLS] = {"问卷数 /\n答题人次", RXLSX_INT, 11}, [SAT_CELLS + 1] = {"有效\n答案", RXLSX_INT, 9},
        [SAT_CELLS + 2] = {"计入比率\n的答案", RXLSX_INT, 10}, [SAT_CELLS + 3] = {"比率", RXLSX_PCT, 9},
        [SAT_CELLS + 4] = {"置信\n下限", RXLSX_PCT, 8}, [SAT_CELLS + 5] = {"置信\n上限", RXLSX_PCT, 8},
        [SAT_CELLS + 6] = {"按问卷\n满意率", RXLSX_PCT, 9}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "满意度", NULL, cols, SAT_COUNT);
    const cJSON *sat = rjson_get(st, "satisfaction");
    double thr = sat_threshold(st);
    sat_rows(s, st, rjson_get(sat, "by_role"), "对象", "role", thr);
    sat_rows(s, st, rjson_get(sat, "by_locality"), "城乡", "locality_zh", thr);
    sat_rows(s, st, rjson_get(sat, "by_school"), "学校", "school_name", thr);
    sat_rows(s, st, rjson_get(sat, "by_school_role"), "学校×对象", "school_name", thr);
    sat_rows(s, st, rjson_get(sat, "by_topic"), "方面", "topic_zh", thr); /* per role (review of session 14) */
    sat_rows(s, st, rjson_get(sat, "by_item"), "题目", "text_zh", thr);
    /* held out of every county figure above until registered (item 11) */
    sat_rows(s, st, rjson_get(rjson_get(st, "unregistered"), "schools"), "未在名册", "school_name", thr);
}

/* 问卷版本: only when a round mixes versions of one questionnaire (issue
 * 18): questionnaires and rates per version, and the items kept apart. */
static void sheet_versions(rxlsx_t *x, const cJSON *st)
{
    const cJSON *vs = rjson_get(st, "versions");
    if (!cJSON_IsTrue(rjson_get(vs, "mixed"))) return;
    static const rxlsx_col_t cols[] = {
        {"问卷", RXLSX_TEXT, 16},      {"版本", RXLSX_TEXT, 8},      {"问卷数", RXLSX_INT, 9},
        {"有效\n答案", RXLSX_INT, 9},  {"满意\n答案", RXLSX_INT, 9},  {"满意率", RXLSX_PCT, 9},
        {"置信\n下限", RXLSX_PCT, 8},  {"置信\n上限", RXLSX_PCT, 8}, {"按问卷\n满意率", RXLSX_PCT, 9},
        {"有差异、单列的题目", RXLSX_TEXT, 40}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "问卷版本", NULL, cols, 10);
    const cJSON *e, *sv;
    cJSON_ArrayForEach(e, rjson_get(rjson_get(st, "satisfaction"), "by_version"))
    {
        rxlsx_text(s, 0, rjson_str(e, "survey_id"));
        rxlsx_text(s, 1, rjson_str(e, "version"));
        group_cells(s, 2, e, sat_threshold(st));
        jh_buf_t ch = {0};
        cJSON_ArrayForEach(sv, rjson_get(vs, "surveys"))
        {
            if (strcmp(rjson_str(sv, "id"), rjson_str(e, "survey_id"))) continue;
            const cJSON *v;
            cJSON_ArrayForEach(v, rjson_get(sv, "versions"))
            {
                if (strcmp(rjson_str(v, "version"), rjson_str(e, "version"))) continue;
                const cJSON *c;
                cJSON_ArrayForEach(c, rjson_get(v, "changed_items"))
                {
                    /* the question, from by_item (its id when not there) */
                    const char *text = cJSON_IsString(c) ? c->valuestring : "";
                    const cJSON *it;
                    cJSON_ArrayForEach(it, rjson_get(rjson_get(st, "satisfaction"), "by_item"))
                    {
                        if (!strcmp(rjson_str(it, "survey_id"), rjson_str(e, "survey_id")) &&
                            !strcmp(rjson_str(it, "item_id"), text) && cJSON_IsString(rjson_get(it, "version")) &&
                            !strcmp(rjson_str(it, "version"), rjson_str(e, "version"))) {
                            text = rjson_str(it, "text_zh");
                            break;
                        }
                    }
                    if (ch.len) jh_buf_puts(&ch, " ");
                    jh_buf_puts(&ch, text);
                }
            }
        }
        rxlsx_text(s, 9, ch.len ? ch.data : "无");
        jh_buf_free(&ch);
        rxlsx_row_end(s);
    }
    /* how social recognition combined them */
    const cJSON *county = rjson_get(rjson_get(st, "satisfaction"), "county");
    if (cJSON_IsString(rjson_get(county, "versions_combined"))) {
        rxlsx_text(s, 0, rjson_str(county, "versions_combined"));
        rxlsx_row_end(s);
    }
}

static void sheet_rectify(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"学校代码", RXLSX_TEXT, 13}, {"学校名称", RXLSX_TEXT, 20}, {"学段", RXLSX_TEXT, 7},
        {"指标", RXLSX_TEXT, 7},      {"指标名称", RXLSX_TEXT, 22}, {"现值", RXLSX_NUM2, 12},
        {"标准", RXLSX_NUM2, 10},     {"达标率", RXLSX_PCT, 9},     {"不低于\n85 %", RXLSX_TEXT, 9},
        {"还需\n增加", RXLSX_NUM2, 11}, {"单位", RXLSX_TEXT, 16},  {"说明", RXLSX_TEXT, 22},
        {"学校是否\n达标", RXLSX_TEXT, 11}, {"同校各学段", RXLSX_TEXT, 44}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "整改清单", NULL, cols, 14);
    rxlsx_print_cols(s, 13); /* 同校各学段: for working on screen (说明 says it on paper) */
    const cJSON *rect = rjson_get(st, "rectification");
    for (int i = 0, i_n = cJSON_GetArraySize(rect); i < i_n; i++) {
        const cJSON *e = rjson_at(rect, i);
        /* the same indicator short in another level of the school (the list
         * is by school): the two amounts overlap, they are not to be added */
        /* (they overlap only when both are parts of one whole-school
         * count, "shared"; counts given per level add up: review r2doc3
         * item 1) */
        bool overlap = false, adds = false;
        const char *other = ""; /* the other level's name (小学, 初中) */
        for (int j = 0; j < i_n; j++) {
            const cJSON *o = rjson_at(rect, j);
            if (j == i || strcmp(rjson_str(o, "school_code"), rjson_str(e, "school_code")) ||
                !strcmp(rjson_str(o, "level"), rjson_str(e, "level")) ||
                strcmp(rjson_str(o, "indicator"), rjson_str(e, "indicator")))
                continue;
            if (cJSON_IsTrue(rjson_get(o, "shared")) && cJSON_IsTrue(rjson_get(e, "shared")))
                overlap = true;
            else
                adds = true;
            other = rjson_str(o, "level_zh");
        }
        rxlsx_text(s, 0, rjson_str(e, "school_code"));
        rxlsx_text(s, 1, rjson_str(e, "school_name"));
        rxlsx_text(s, 2, rjson_str(e, "level_zh"));
        rxlsx_text(s, 3, rjson_str(e, "indicator"));
        rxlsx_text(s, 4, rjson_str(e, "name_zh"));
        rxlsx_num_vs(s, 5, rjson_num(e, "value"), rjson_num(e, "standard"), 0.85 * rjson_num(e, "standard"));
        rxlsx_num(s, 6, rjson_num(e, "standard"));
        rxlsx_num_vs(s, 7, rjson_num(e, "ratio"), 1.0, 0.85);
        rxlsx_text(s, 8, cJSON_IsTrue(rjson_get(e, "below_85")) ? "× 否" : "✓ 是");
        needed_cell(s, 9, rjson_num(e, "needed"));
        rxlsx_text(s, 10, rjson_str(e, "needed_unit_zh"));
        /* 说明 says on paper what 同校各学段 (not printed) says on screen:
         * two rows of one school that are not to be added (review r2book
         * item 2: 12,000 and 156,819 元 of one shared shortfall) */
        /* (an overlapping amount's needed_zh says so itself: review
         * rclerk9 item 1) */
        char note[512];
        if (adds)
            snprintf(note, sizeof note, "%s；本校%s另缺此项，应相加", rjson_str(e, "needed_zh"), other);
        else if (overlap && !strstr(rjson_str(e, "needed_zh"), "不可相加"))
            snprintf(note, sizeof note, "%s；与本校%s所缺重叠，不可相加（取较大者）", rjson_str(e, "needed_zh"),
                     other);
        else
            snprintf(note, sizeof note, "%s", rjson_str(e, "needed_zh"));
        rxlsx_text(s, 11, note);
        rxlsx_text(s, 12, verdict(rjson_get(e, "school_compliant"), "✓ 达标", "× 未达标"));
        if (overlap)
            rxlsx_text(s, 13, "本校另一学段也缺此项：共用资源按全校数量计，两个数量重叠，不可相加（取较大者）");
        else if (adds)
            rxlsx_text(s, 13, "本校另一学段也缺此项：名册按学段分别填报，两个数量各属本学段，应相加");
        rxlsx_row_end(s);
    }
}

/* 评估指标: the veto items and the 32 indicators of the evaluation, one row
 * each, with the schools behind a per-school verdict (issue 17). */
static const char *eval_zh(const char *v)
{
    return !strcmp(v, "pass") ? "✓ 达标" : !strcmp(v, "fail") ? "× 未达标" : !strcmp(v, "no_data") ? "— 无数据" : "";
}

static void sheet_evaluation(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"部分", RXLSX_TEXT, 10},     {"指标", RXLSX_TEXT, 9},      {"指标名称", RXLSX_TEXT, 24},
        {"范围", RXLSX_TEXT, 8},      {"标准", RXLSX_TEXT, 20},     {"结论", RXLSX_TEXT, 10},
        /* (L1..L7 count a school's levels apart: 所 or 学段; review
         * r2doc3 item 8) */
        {"达标\n(所/学段)", RXLSX_INT, 12}, {"未达标\n(所/学段)", RXLSX_INT, 12},
        {"无数据\n(所/学段)", RXLSX_INT, 12}, {"未达标的学校", RXLSX_TEXT, 22}, {"说明", RXLSX_TEXT, 20}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "评估指标", NULL, cols, 11);
    const cJSON *ev = rjson_get(st, "evaluation");
    const cJSON *veto = rjson_get(ev, "veto"), *e;
    cJSON_ArrayForEach(e, rjson_get(veto, "facts"))
    {
        rxlsx_text(s, 0, "一票否决");
        rxlsx_text(s, 1, rjson_str(e, "key"));
        rxlsx_text(s, 2, rjson_str(e, "item_zh"));
        rxlsx_text(s, 3, "全县");
        rxlsx_text(s, 4, rjson_str(veto, "standard_zh"));
        rxlsx_text(s, 5, eval_zh(rjson_str(e, "verdict")));
        rxlsx_text(s, 10, rjson_str(e, "evidence"));
        rxlsx_row_end(s);
    }
    const cJSON *p, *ind;
    cJSON_ArrayForEach(p, rjson_get(ev, "parts"))
        cJSON_ArrayForEach(ind, rjson_get(p, "indicators"))
    {
        bool school = !strcmp(rjson_str(ind, "scope"), "school");
        rxlsx_text(s, 0, rjson_str(p, "name_zh"));
        rxlsx_text(s, 1, rjson_str(ind, "code"));
        rxlsx_text(s, 2, rjson_str(ind, "name_zh"));
        /* L1..L7 count the levels of a school apart (a nine-year school twice) */
        bool parts = false;
        cJSON_ArrayForEach(e, rjson_get(ind, "schools")) parts |= cJSON_IsString(rjson_get(e, "part"));
        rxlsx_text(s, 3, parts ? "逐校分学段" : school ? "逐校" : "全县");
        rxlsx_text(s, 4, rjson_str(ind, "standard_zh"));
        rxlsx_text(s, 5, eval_zh(rjson_str(ind, "verdict")));
        /* failed social recognition: how far below its threshold, as the
         * report's 未达标或无数据的情况 (review reval5 item 4) */
        double rate, thr, gap;
        int d;
        if (!strcmp(rjson_str(ind, "code"), "S1") && rectify_s1_gap(ind, 1, &rate, &thr, &gap, &d)) {
            char t[160];
            snprintf(t, sizeof t, "社会认可度 %.*f %%，低于 %g %% %.*f 个百分点", d, rate, thr, d, gap);
            rxlsx_text(s, 10, t);
        }
        if (school) {
            rxlsx_num(s, 6, rjson_num(ind, "n_pass"));
            rxlsx_num(s, 7, rjson_num(ind, "n_fail"));
            rxlsx_num(s, 8, rjson_num(ind, "n_no_data"));
            jh_buf_t l = {0};
            cJSON_ArrayForEach(e, rjson_get(ind, "schools"))
                if (!strcmp(rjson_str(e, "verdict"), "fail")) {
                    jh_buf_printf(&l, "%s%s", l.len ? "、" : "", rjson_str(e, "name"));
                    const char *part = rjson_str(e, "part");
                    if (part[0]) jh_buf_printf(&l, "（%s）", !strcmp(part, "junior") ? "初中" : "小学");
                }
            rxlsx_text(s, 9, l.data ? l.data : "");
            jh_buf_free(&l);
            /* a level of one school: why its CV criterion counts as met,
             * in its own column (review r2doc3 item 8) */
            jh_buf_t nt = {0};
            const cJSON *cv = rjson_get(ind, "cv");
            for (int k = 0; k < 2; k++) {
                const char *note = rjson_str(rjson_get(cv, k ? "junior" : "primary"), "note_zh");
                if (note[0]) jh_buf_printf(&nt, "%s%s差异系数：%s", nt.len ? "；" : "", k ? "初中" : "小学", note);
            }
            rxlsx_text(s, 10, nt.data ? nt.data : "");
            jh_buf_free(&nt);
        }
        rxlsx_row_end(s);
    }
    rxlsx_text(s, 0, "总体结论");
    rxlsx_text(s, 5, eval_zh(rjson_str(rjson_get(ev, "overall"), "verdict")));
    rxlsx_text(s, 10, rjson_str(rjson_get(ev, "overall"), "reason_zh"));
    rxlsx_row_end(s);
}

static void sheet_imports(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"文件", RXLSX_TEXT, 26},     {"设备", RXLSX_TEXT, 14},     {"学校代码", RXLSX_TEXT, 13},
        {"类型", RXLSX_TEXT, 7},      {"起始\n序号", RXLSX_INT, 8}, {"结束\n序号", RXLSX_INT, 8},
        {"答卷", RXLSX_INT, 7},       {"新增", RXLSX_INT, 7},       {"重复", RXLSX_INT, 7},
        {"隔离", RXLSX_INT, 7},       {"结果", RXLSX_TEXT, 10},     {"原因", RXLSX_TEXT, 22},
        {"导入时间\n（北京时间）", RXLSX_TEXT, 18}, {"密钥来源", RXLSX_TEXT, 18}, {"SHA-256", RXLSX_TEXT, 20}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "导入记录", NULL, cols, 15);
    rxlsx_print_cols(s, 14); /* the file's SHA-256: for working on screen */
    const cJSON *log = rjson_get(rjson_get(st, "imports"), "log");
    for (int i = 0, i_n = cJSON_GetArraySize(log); i < i_n; i++) {
        const cJSON *e = rjson_at(log, i);
        const char *v = rjson_str(e, "verdict"), *k = rjson_str(e, "kind");
        rxlsx_text(s, 0, rjson_str(e, "file"));
        rxlsx_text(s, 1, rjson_str(e, "kiosk_id"));
        rxlsx_text(s, 2, rjson_str(e, "school_code"));
        rxlsx_text(s, 3, !strcmp(k, "full") ? "全量" : !strcmp(k, "incremental") ? "增量" : k);
        rxlsx_num(s, 4, rjson_num(e, "first_seq"));
        rxlsx_num(s, 5, rjson_num(e, "last_seq"));
        rxlsx_num(s, 6, rjson_num(e, "n_responses"));
        rxlsx_num(s, 7, rjson_num(e, "n_new"));
        rxlsx_num(s, 8, rjson_num(e, "n_duplicate"));
        rxlsx_num(s, 9, rjson_num(e, "n_quarantined"));
        rxlsx_text(s, 10, !strcmp(v, "imported")    ? "已导入"
                          : !strcmp(v, "unchanged") ? "无新数据"
                          : !strcmp(v, "conflicts") ? "有冲突"
                          : !strcmp(v, "rejected")  ? "已拒绝"
                                                    : v);
        rxlsx_text(s, 11, rjson_str(e, "reason"));
        /* a date cell in Beijing time, which sorts as a date (a text
         * "2026年12月13日" sorted before "2026年12月3日": review rexcel5
         * item 6); the text as it is when it cannot be read */
        struct tm tm;
        if (jh_iso_beijing(rjson_str(e, "imported_at"), &tm))
            rxlsx_datetime(s, 12, &tm);
        else
            rxlsx_text(s, 12, rjson_str(e, "imported_at"));
        const char *trust = rjson_str(e, "key_trust");
        rxlsx_text(s, 13, !strcmp(trust, "first_use")   ? "首次导入自动信任"
                          : !strcmp(trust, "keys_file") ? "密钥清单"
                                                        : trust);
        rxlsx_text(s, 14, rjson_str(e, "file_sha256"));
        rxlsx_row_end(s);
    }
}

/* Per kiosk: the responses received and the seq ranges never received
 * (imports.coverage; no sheet for documents without it). */
static void sheet_missing(rxlsx_t *x, const cJSON *st)
{
    const cJSON *cov = rjson_get(rjson_get(st, "imports"), "coverage");
    if (!cJSON_IsArray(cov)) return;
    static const rxlsx_col_t cols[] = {{"设备", RXLSX_TEXT, 14},       {"学校代码", RXLSX_TEXT, 13},
                                       {"已收到\n答卷", RXLSX_INT, 9}, {"最小\n序号", RXLSX_INT, 9},
                                       {"最大\n序号", RXLSX_INT, 9},   {"缺失\n答卷", RXLSX_INT, 9},
                                       {"缺失的序号段", RXLSX_TEXT, 40}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "未收到答卷", NULL, cols, 7);
    for (int i = 0, i_n = cJSON_GetArraySize(cov); i < i_n; i++) {
        const cJSON *k = rjson_at(cov, i);
        rxlsx_text(s, 0, rjson_str(k, "kiosk_id"));
        rxlsx_text(s, 1, rjson_str(k, "school_code"));
        rxlsx_num(s, 2, rjson_num(k, "received"));
        rxlsx_num(s, 3, rjson_num(k, "first_seq"));
        rxlsx_num(s, 4, rjson_num(k, "last_seq"));
        rxlsx_num(s, 5, rjson_num(k, "missing"));
        char ranges[512] = "";
        size_t used = 0;
        const cJSON *rs = rjson_get(k, "missing_ranges");
        for (int r = 0, r_n = cJSON_GetArraySize(rs); r < r_n && used < sizeof ranges - 64; r++) {
            const cJSON *g = cJSON_GetArrayItem(rs, r);
            double from = rjson_num(g, "from"), to = rjson_num(g, "to");
            int n = to > from ? snprintf(ranges + used, sizeof ranges - used, "%s%.0f-%.0f", r ? "、" : "", from, to)
                              : snprintf(ranges + used, sizeof ranges - used, "%s%.0f", r ? "、" : "", from);
            if (n > 0) used += (size_t)n;
        }
        rxlsx_text(s, 6, ranges);
        rxlsx_row_end(s);
    }
}

/* The sample against the sampling rules (issue 18): the county's verdict
 * and what is missing, social recognition per group and overall, the
 * sample by role and by the respondent's locality, every school. */
static void sheet_sample(rxlsx_t *x, const cJSON *st)
{
    const cJSON *smp = rjson_get(st, "sample"), *vd = rjson_get(smp, "verdict");
    if (!vd) return; /* a document from before issue 18 */
    /* a column a meaning (review rnum3): 有效率 and 家长占比 of the county and
     * of each school, a group's share of the sample, the population's share,
     * a group's satisfaction; blank where the report shows none */
    enum { C_GROUP, C_NAME, C_N, C_VALID, C_PARENT, C_SHARE, C_POP, C_RATE, C_TARGET, C_VERDICT, C_NOTE, C_COUNT };
    static const rxlsx_col_t cols[] = {
        {"分组", RXLSX_TEXT, 14},     {"名称", RXLSX_TEXT, 26},     {"有效\n问卷", RXLSX_INT, 9},
        {"有效率", RXLSX_PCT, 9},     {"家长\n占比", RXLSX_PCT, 9}, {"占样本\n比例", RXLSX_PCT, 9},
        {"人口占比（按\n在校生估算）", RXLSX_PCT, 15}, {"满意率", RXLSX_PCT, 9}, {"目标", RXLSX_INT, 9},
        {"判定", RXLSX_TEXT, 10},     {"还缺 / 说明", RXLSX_TEXT, 40}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "样本", NULL, cols, C_COUNT);
    rxlsx_text(s, C_GROUP, "全县");
    rxlsx_text(s, C_NAME, "抽样要求");
    rxlsx_num(s, C_N, rjson_num(smp, "valid_questionnaires"));
    /* apart from the document's own minimums (the rules' 70 % and 50 % when it has none) */
    double valid_min = isfinite(rjson_num(smp, "valid_share_min")) ? rjson_num(smp, "valid_share_min") : 0.7;
    double parent_min = isfinite(rjson_num(smp, "parent_share_min")) ? rjson_num(smp, "parent_share_min") : 0.5;
    rxlsx_num_vs(s, C_VALID, rjson_num(smp, "valid_share"), valid_min, NAN);
    rxlsx_num_vs(s, C_PARENT, rjson_num(smp, "parent_share"), parent_min, NAN);
    rxlsx_num(s, C_TARGET, rjson_num(rjson_get(smp, "size"), "required"));
    rxlsx_text(s, C_VERDICT, verdict(rjson_get(vd, "pass"), "✓ 符合", "× 不符合"));
    jh_buf_t m = {0};
    const cJSON *mz = rjson_get(vd, "missing_zh");
    for (int i = 0, n = cJSON_GetArraySize(mz); i < n; i++)
        jh_buf_printf(&m, "%s%s", i ? "；" : "", cJSON_GetStringValue(rjson_at(mz, i)));
    rxlsx_text(s, C_NOTE, m.len ? m.data : "");
    jh_buf_free(&m);
    rxlsx_row_end(s);
    const cJSON *sr = rjson_get(st, "social_recognition");
    const cJSON *bg = rjson_get(sr, "by_group");
    for (int i = 0, n = cJSON_GetArraySize(bg); i < n; i++) {
        const cJSON *e = rjson_at(bg, i);
        rxlsx_text(s, C_GROUP, "社会认可度");
        rxlsx_text(s, C_NAME, rjson_str(e, "role_zh"));
        /* valid, as the county's and the sample's rows (review fstats9 item 4:
         * the column mixed the collected ones in) */
        rxlsx_num(s, C_N, rjson_num(e, "n_valid_questionnaires"));
        rxlsx_num_vs(s, C_RATE, rjson_num(e, "rate"), rjson_num(sr, "threshold"), NAN);
        rxlsx_text(s, C_VERDICT,
                   rjson_bool(e, "suppressed") ? "样本不足" : verdict(rjson_get(e, "pass"), "✓ 达到", "× 未达到"));
        rxlsx_row_end(s);
    }
    if (sr) {
        const cJSON *ov = rjson_get(sr, "overall");
        rxlsx_text(s, C_GROUP, "社会认可度");
        rxlsx_text(s, C_NAME, "总体（合并计算）");
        rxlsx_num(s, C_N, rjson_num(ov, "n_valid_questionnaires"));
        rxlsx_num_vs(s, C_RATE, rjson_num(ov, "rate"), rjson_num(sr, "threshold"), NAN);
        rxlsx_text(s, C_VERDICT, verdict(rjson_get(ov, "pass"), "✓ 达到", "× 未达到"));
        rxlsx_text(s, C_NOTE, rjson_str(sr, "groups_method_zh"));
        rxlsx_row_end(s);
    }
    const cJSON *br = rjson_get(smp, "by_role");
    for (int i = 0, n = cJSON_GetArraySize(br); i < n; i++) {
        const cJSON *e = rjson_at(br, i);
        rxlsx_text(s, C_GROUP, "对象");
        rxlsx_text(s, C_NAME, rjson_str(e, "role_zh"));
        rxlsx_num(s, C_N, rjson_num(e, "n"));
        if (!strcmp(rjson_str(e, "role"), "parent"))
            rxlsx_num_vs(s, C_SHARE, rjson_num(e, "share"), parent_min, NAN);
        else
            rxlsx_num(s, C_SHARE, rjson_num(e, "share"));
        rxlsx_row_end(s);
    }
    /* the sample by background item (review rgroups7 item 2): counts only,
     * no rate per option; one row per option and one of 未答 */
    const cJSON *bb = rjson_get(smp, "by_background");
    for (int i = 0, n = cJSON_GetArraySize(bb); i < n; i++) {
        const cJSON *e = rjson_at(bb, i);
        const cJSON *os = rjson_get(e, "options");
        char group[128], name[400];
        snprintf(group, sizeof group, "背景：%s", rjson_str(e, "role_zh"));
        for (int j = 0, no = cJSON_GetArraySize(os); j <= no; j++) {
            const cJSON *o = j < no ? rjson_at(os, j) : NULL;
            snprintf(name, sizeof name, "%s—%s", rjson_str(e, "text_zh"), o ? rjson_str(o, "label_zh") : "未答");
            rxlsx_text(s, C_GROUP, group);
            rxlsx_text(s, C_NAME, name);
            rxlsx_num(s, C_N, o ? rjson_num(o, "n") : rjson_num(e, "unanswered"));
            rxlsx_text(s, C_NOTE, rjson_bool(e, "suppressed") ? "样本不足，份数不公布" : "只列份数，不列满意率");
            rxlsx_row_end(s);
        }
    }
    /* the schools' localities, as the report's table beside the sample */
    const cJSON *sl = rjson_get(smp, "by_locality");
    for (int i = 0, n = cJSON_GetArraySize(sl); i < n; i++) {
        const cJSON *e = rjson_at(sl, i);
        rxlsx_text(s, C_GROUP, "学校城乡");
        rxlsx_text(s, C_NAME, rjson_str(e, "locality_zh"));
        rxlsx_num(s, C_N, rjson_num(e, "n"));
        rxlsx_num(s, C_SHARE, rjson_num(e, "share"));
        rxlsx_num(s, C_POP, rjson_num(e, "population_share"));
        if (rjson_bool(e, "suppressed")) rxlsx_text(s, C_NOTE, "样本不足，份数不公布");
        rxlsx_row_end(s);
    }
    /* the localities the sampling rule judges: the respondents', or the
     * schools' when no questionnaire asks (basis "school") */
    const cJSON *rl = rjson_get(smp, "by_respondent_locality");
    const char *basis = rjson_str(rl, "basis");
    const cJSON *ll = rjson_get(rl, "localities");
    for (int i = 0, n = cJSON_GetArraySize(ll); i < n; i++) {
        const cJSON *e = rjson_at(ll, i);
        rxlsx_text(s, C_GROUP, "城乡比例判定");
        rxlsx_text(s, C_NAME, rjson_str(e, "locality_zh"));
        rxlsx_num(s, C_N, rjson_num(e, "n"));
        rxlsx_num(s, C_SHARE, rjson_num(e, "share"));
        rxlsx_num(s, C_POP, rjson_num(e, "population_share"));
        rxlsx_text(s, C_VERDICT, verdict(rjson_get(e, "pass"), "✓ 符合", "× 不符合"));
        /* the share here is of the questionnaires with a known locality
         * (review r2doc3 item 6) */
        char note[512];
        snprintf(note, sizeof note, "%s；占样本比例一栏为占已知城乡答卷（%.0f 份）的比例，另有 %.0f 份城乡不明、未计入",
                 !strcmp(basis, "school") ? "按学校所在城乡计（没有问卷含居住地题）"
                 : !strcmp(basis, "mixed")
                     ? "含居住地题的问卷按答题人所在城乡计，不含此题的问卷按学校所在城乡计"
                     : "按答题人所在城乡计（问卷居住地题）",
                 rjson_num(rl, "known"), rjson_num(rl, "unknown"));
        rxlsx_text(s, C_NOTE, note);
        rxlsx_row_end(s);
    }
    const cJSON *bs = rjson_get(smp, "by_school");
    for (int i = 0, n = cJSON_GetArraySize(bs); i < n; i++) {
        const cJSON *e = rjson_at(bs, i);
        char name[300];
        snprintf(name, sizeof name, "%s %s", rjson_str(e, "school_code"), rjson_str(e, "school_name"));
        rxlsx_text(s, C_GROUP, "学校");
        rxlsx_text(s, C_NAME, name);
        rxlsx_num(s, C_N, rjson_num(e, "valid"));
        rxlsx_num_vs(s, C_VALID, rjson_num(e, "valid_share"), valid_min, NAN);
        rxlsx_num_vs(s, C_PARENT, rjson_num(e, "parent_share"), parent_min, NAN);
        rxlsx_num(s, C_TARGET, rjson_num(e, "target"));
        rxlsx_text(s, C_VERDICT, verdict(rjson_get(e, "pass"), "✓ 符合", "× 不符合"));
        rxlsx_text(s, C_NOTE, rjson_str(e, "missing_zh"));
        rxlsx_row_end(s);
    }
}

/* ---- static functions ----------------------------------------------------- */

/* What a shortfall of quality indicator code is counted in
 * ("名县级以上骨干教师"), "" for a code not among them. */
static const char *need_unit_zh(const char *code)
{
    for (int i = 0; i < 7; i++) {
        const stats_indicator_t *ind = stats_quality_indicator(i);
        if (ind && !strcmp(ind->code, code)) return ind->need_zh;
    }
    return "";
}

/* What it takes to meet a standard: a whole number (5 teachers, 320,000
 * yuan) as one ("#,##0", not "5.00"), else with 2 decimals (12.50 ㎡). */
static void needed_cell(rxlsx_sheet_t *s, int col, double v)
{
    rxlsx_num_as(s, col, v, isfinite(v) && v == nearbyint(v) ? RXLSX_INT : RXLSX_NUM2);
}

/* yes / no for true / false, "— 无数据" for null or absent. */
static const char *verdict(const cJSON *v, const char *yes, const char *no)
{
    return cJSON_IsTrue(v) ? yes : cJSON_IsFalse(v) ? no : "— 无数据";
}

