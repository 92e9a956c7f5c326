/* report_book.c - the report workbook's content: sheets 汇总, 学校, 指标,
 * 差异系数, 满意度, 整改清单 and 导入记录, filled from the statistics
 * document (see report.h) through report_xlsx. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_xlsx.h"

/* ---- static prototypes ---------------------------------------------------- */

static const cJSON *get(const cJSON *o, const char *key);
static double get_num(const cJSON *o, const char *key);
static const char *get_str(const cJSON *o, const char *key);
static const char *yes_no(const cJSON *o, const char *key, const char *yes, const char *no);
static const char *zh(const char *code);
static void sheet_summary(rxlsx_t *x, const cJSON *st);
static void sheet_schools(rxlsx_t *x, const cJSON *st);
static void sheet_indicators(rxlsx_t *x, const cJSON *st);
static void sheet_cv(rxlsx_t *x, const cJSON *st);
static void sheet_satisfaction(rxlsx_t *x, const cJSON *st);
static void sheet_rectify(rxlsx_t *x, const cJSON *st);
static void sheet_imports(rxlsx_t *x, const cJSON *st);

/* ---- public functions ----------------------------------------------------- */

jh_status_t report_xlsx_write(const cJSON *stats, const char *path, jh_err_t *err)
{
    rxlsx_t *x = NULL;
    jh_status_t st = rxlsx_open(path, &x, err);
    if (st != JH_OK) return st;
    sheet_summary(x, stats);
    sheet_schools(x, stats);
    sheet_indicators(x, stats);
    sheet_cv(x, stats);
    sheet_satisfaction(x, stats);
    sheet_rectify(x, stats);
    sheet_imports(x, stats);
    return rxlsx_close(x, err);
}

/* ---- sheets --------------------------------------------------------------- */

static void kv(rxlsx_sheet_t *s, const char *item, double v, rxlsx_kind_t kind, const char *verdict)
{
    rxlsx_text(s, 0, item);
    rxlsx_num_as(s, 1, v, kind);
    rxlsx_text(s, 2, verdict);
    rxlsx_row_end(s);
}

static void sheet_summary(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {{"项目", RXLSX_TEXT, 46}, {"数值", RXLSX_NUM3, 14},
                                       {"结论", RXLSX_TEXT, 14}};
    const char *county = get_str(get(st, "county"), "name");
    char title[256];
    snprintf(title, sizeof title, "%s义务教育均衡发展监测汇总", county);
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "汇总", title, cols, 3);
    const cJSON *rec = get(st, "recognition");
    const cJSON *a = get(rec, "answers"), *q = get(rec, "questionnaires");
    if (a) kv(s, "社会认可度（按答题）", get_num(a, "rate"), RXLSX_PCT, yes_no(a, "pass", "✓ 达标", "× 未达标"));
    if (q)
        kv(s, "社会认可度（按问卷）", get_num(q, "rate"), RXLSX_PCT, yes_no(q, "pass", "✓ 达标", "× 未达标"));
    const cJSON *tot = get(st, "totals");
    kv(s, "导出包数", get_num(tot, "bundles"), RXLSX_INT, NULL);
    kv(s, "答卷数", get_num(tot, "responses"), RXLSX_INT, NULL);
    kv(s, "学校数", get_num(tot, "schools"), RXLSX_INT, NULL);
    const cJSON *comp = get(st, "composite");
    for (int i = 0; i < cJSON_GetArraySize(comp); i++) {
        const cJSON *c = cJSON_GetArrayItem(comp, i);
        char item[128];
        snprintf(item, sizeof item, "基本均衡综合差异系数（%s）", zh(get_str(c, "level")));
        kv(s, item, get_num(c, "cv"), RXLSX_NUM3, yes_no(c, "pass", "✓ 在限值内", "× 超限"));
    }
    const cJSON *cv = get(st, "cv");
    for (int i = 0; i < cJSON_GetArraySize(cv); i++) {
        const cJSON *c = cJSON_GetArrayItem(cv, i);
        if (strcmp(get_str(c, "set"), "quality")) continue;
        char item[256];
        snprintf(item, sizeof item, "差异系数 %s %s（%s）", get_str(c, "code"), get_str(c, "name"),
                 zh(get_str(c, "level")));
        kv(s, item, get_num(c, "cv"), RXLSX_NUM3,
           isfinite(get_num(c, "cv")) ? yes_no(c, "pass", "✓ 在限值内", "× 超限") : "无法计算");
    }
}

static void sheet_schools(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"学校代码", RXLSX_TEXT, 12}, {"学校名称", RXLSX_TEXT, 28}, {"学段", RXLSX_TEXT, 10},
        {"城乡", RXLSX_TEXT, 6},      {"有效答题", RXLSX_INT, 10},  {"满意答题", RXLSX_INT, 10},
        {"满意率", RXLSX_PCT, 9},     {"置信下限", RXLSX_PCT, 9},   {"置信上限", RXLSX_PCT, 9},
        {"优质均衡达标", RXLSX_TEXT, 12}, {"不参与计算的原因", RXLSX_TEXT, 30}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "学校", NULL, cols, 11);
    const cJSON *schools = get(st, "schools");
    for (int i = 0; i < cJSON_GetArraySize(schools); i++) {
        const cJSON *e = cJSON_GetArrayItem(schools, i), *sat = get(e, "satisfaction");
        rxlsx_text(s, 0, get_str(e, "code"));
        rxlsx_text(s, 1, get_str(e, "name"));
        rxlsx_text(s, 2, zh(get_str(e, "level")));
        rxlsx_text(s, 3, zh(get_str(e, "locality")));
        if (cJSON_IsTrue(get(sat, "suppressed"))) {
            rxlsx_text(s, 6, "样本不足");
        } else {
            rxlsx_num(s, 4, get_num(sat, "valid"));
            rxlsx_num(s, 5, get_num(sat, "satisfied"));
            rxlsx_num(s, 6, get_num(sat, "rate"));
            rxlsx_num(s, 7, get_num(sat, "lo"));
            rxlsx_num(s, 8, get_num(sat, "hi"));
        }
        if (get(e, "compliance_pass")) rxlsx_text(s, 9, yes_no(e, "compliance_pass", "✓ 达标", "× 未达标"));
        rxlsx_text(s, 10, get_str(e, "excluded"));
        rxlsx_row_end(s);
    }
}

static void sheet_indicators(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"学校代码", RXLSX_TEXT, 12}, {"学校名称", RXLSX_TEXT, 28}, {"学段", RXLSX_TEXT, 8},
        {"在校生数", RXLSX_INT, 10},  {"指标", RXLSX_TEXT, 6},      {"指标名称", RXLSX_TEXT, 40},
        {"本校值", RXLSX_NUM2, 12},   {"标准", RXLSX_NUM2, 10},     {"达标率", RXLSX_PCT, 9},
        {"结论", RXLSX_TEXT, 10}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "指标", NULL, cols, 10);
    const cJSON *schools = get(st, "schools");
    for (int i = 0; i < cJSON_GetArraySize(schools); i++) {
        const cJSON *e = cJSON_GetArrayItem(schools, i), *units = get(e, "units");
        for (int u = 0; u < cJSON_GetArraySize(units); u++) {
            const cJSON *un = cJSON_GetArrayItem(units, u), *inds = get(un, "indicators");
            for (int k = 0; k < cJSON_GetArraySize(inds); k++) {
                const cJSON *in = cJSON_GetArrayItem(inds, k);
                rxlsx_text(s, 0, get_str(e, "code"));
                rxlsx_text(s, 1, get_str(e, "name"));
                rxlsx_text(s, 2, zh(get_str(un, "part")));
                rxlsx_num(s, 3, get_num(un, "enrolment"));
                rxlsx_text(s, 4, get_str(in, "code"));
                rxlsx_text(s, 5, get_str(in, "name"));
                rxlsx_num(s, 6, get_num(in, "value"));
                rxlsx_num(s, 7, get_num(in, "standard"));
                rxlsx_num(s, 8, get_num(in, "ratio"));
                rxlsx_text(s, 9, isfinite(get_num(in, "value")) ? yes_no(in, "meets", "✓ 达标", "× 未达标")
                                                                 : "缺数据");
                rxlsx_row_end(s);
            }
        }
    }
}

static void sheet_cv(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"类别", RXLSX_TEXT, 10}, {"学段", RXLSX_TEXT, 8},     {"指标", RXLSX_TEXT, 6},
        {"指标名称", RXLSX_TEXT, 40}, {"学校数", RXLSX_INT, 8}, {"加权平均", RXLSX_NUM2, 12},
        {"标准差", RXLSX_NUM2, 12}, {"差异系数", RXLSX_NUM3, 10}, {"限值", RXLSX_NUM2, 8},
        {"结论", RXLSX_TEXT, 12}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "差异系数", NULL, cols, 10);
    const cJSON *cv = get(st, "cv");
    for (int i = 0; i < cJSON_GetArraySize(cv); i++) {
        const cJSON *c = cJSON_GetArrayItem(cv, i);
        bool quality = !strcmp(get_str(c, "set"), "quality");
        rxlsx_text(s, 0, quality ? "优质均衡" : "基本均衡");
        rxlsx_text(s, 1, zh(get_str(c, "level")));
        rxlsx_text(s, 2, get_str(c, "code"));
        rxlsx_text(s, 3, get_str(c, "name"));
        rxlsx_num(s, 4, get_num(c, "n"));
        rxlsx_num(s, 5, get_num(c, "mean"));
        rxlsx_num(s, 6, get_num(c, "sd"));
        rxlsx_num(s, 7, get_num(c, "cv"));
        if (quality) {
            rxlsx_num(s, 8, get_num(c, "limit"));
            rxlsx_text(s, 9, isfinite(get_num(c, "cv")) ? yes_no(c, "pass", "✓ 在限值内", "× 超限")
                                                        : "无法计算");
        } else {
            rxlsx_text(s, 9, "计入综合");
        }
        rxlsx_row_end(s);
    }
    const cJSON *comp = get(st, "composite");
    for (int i = 0; i < cJSON_GetArraySize(comp); i++) {
        const cJSON *c = cJSON_GetArrayItem(comp, i);
        rxlsx_text(s, 0, "基本均衡");
        rxlsx_text(s, 1, zh(get_str(c, "level")));
        rxlsx_text(s, 2, "综合");
        rxlsx_text(s, 3, "综合差异系数（8 项平均）");
        rxlsx_num(s, 7, get_num(c, "cv"));
        rxlsx_num(s, 8, get_num(c, "limit"));
        rxlsx_text(s, 9, yes_no(c, "pass", "✓ 在限值内", "× 超限"));
        rxlsx_row_end(s);
    }
}

static void sat_rows(rxlsx_sheet_t *s, const cJSON *arr, const char *kind, const char *label_key)
{
    for (int i = 0; i < cJSON_GetArraySize(arr); i++) {
        const cJSON *e = cJSON_GetArrayItem(arr, i);
        rxlsx_text(s, 0, kind);
        const char *role = get_str(e, "role");
        rxlsx_text(s, 1, !strcmp(role, "all") ? "全部" : zh(role));
        rxlsx_text(s, 2, label_key ? get_str(e, label_key) : zh(get_str(e, "locality")));
        if (cJSON_IsTrue(get(e, "suppressed"))) {
            rxlsx_text(s, 5, "样本不足");
        } else {
            rxlsx_num(s, 3, get_num(e, "valid"));
            rxlsx_num(s, 4, get_num(e, "satisfied"));
            rxlsx_num(s, 5, get_num(e, "rate"));
            rxlsx_num(s, 6, get_num(e, "lo"));
            rxlsx_num(s, 7, get_num(e, "hi"));
        }
        rxlsx_row_end(s);
    }
}

static void sheet_satisfaction(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"分组", RXLSX_TEXT, 8},    {"对象", RXLSX_TEXT, 8},    {"名称", RXLSX_TEXT, 44},
        {"有效答题", RXLSX_INT, 10}, {"满意答题", RXLSX_INT, 10}, {"满意率", RXLSX_PCT, 9},
        {"置信下限", RXLSX_PCT, 9},  {"置信上限", RXLSX_PCT, 9}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "满意度", NULL, cols, 8);
    sat_rows(s, get(st, "roles"), "对象", "label");
    sat_rows(s, get(st, "topics"), "方面", "label");
    sat_rows(s, get(st, "items"), "题目", "text");
    sat_rows(s, get(st, "localities"), "城乡", NULL);
}

static void sheet_rectify(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"学校代码", RXLSX_TEXT, 12}, {"学校名称", RXLSX_TEXT, 28}, {"学段", RXLSX_TEXT, 8},
        {"指标", RXLSX_TEXT, 6},      {"指标名称", RXLSX_TEXT, 40}, {"现值", RXLSX_NUM2, 12},
        {"标准", RXLSX_NUM2, 10},     {"还需数量", RXLSX_NUM2, 12}, {"说明", RXLSX_TEXT, 36}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "整改清单", NULL, cols, 9);
    const cJSON *rect = get(st, "rectification");
    for (int i = 0; i < cJSON_GetArraySize(rect); i++) {
        const cJSON *e = cJSON_GetArrayItem(rect, i);
        rxlsx_text(s, 0, get_str(e, "school_code"));
        rxlsx_text(s, 1, get_str(e, "school_name"));
        rxlsx_text(s, 2, zh(get_str(e, "part")));
        rxlsx_text(s, 3, get_str(e, "code"));
        rxlsx_text(s, 4, get_str(e, "name"));
        rxlsx_num(s, 5, get_num(e, "value"));
        rxlsx_num(s, 6, get_num(e, "standard"));
        rxlsx_num(s, 7, get_num(e, "need"));
        rxlsx_text(s, 8, get_str(e, "need_text"));
        rxlsx_row_end(s);
    }
}

static void sheet_imports(rxlsx_t *x, const cJSON *st)
{
    static const rxlsx_col_t cols[] = {
        {"文件", RXLSX_TEXT, 36}, {"SHA-256", RXLSX_TEXT, 20}, {"设备", RXLSX_TEXT, 14},
        {"学校", RXLSX_TEXT, 20}, {"结果", RXLSX_TEXT, 8},      {"答卷", RXLSX_INT, 8},
        {"新增", RXLSX_INT, 8},   {"重复", RXLSX_INT, 8},      {"冲突隔离", RXLSX_INT, 9},
        {"原因", RXLSX_TEXT, 50}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "导入记录", NULL, cols, 10);
    const cJSON *imp = get(st, "imports");
    for (int i = 0; i < cJSON_GetArraySize(imp); i++) {
        const cJSON *e = cJSON_GetArrayItem(imp, i);
        rxlsx_text(s, 0, get_str(e, "file"));
        rxlsx_text(s, 1, get_str(e, "hash"));
        rxlsx_text(s, 2, get_str(e, "kiosk"));
        rxlsx_text(s, 3, get_str(e, "school"));
        rxlsx_text(s, 4, !strcmp(get_str(e, "verdict"), "imported") ? "已导入" : "已拒绝");
        rxlsx_num(s, 5, get_num(e, "responses"));
        rxlsx_num(s, 6, get_num(e, "new"));
        rxlsx_num(s, 7, get_num(e, "duplicates"));
        rxlsx_num(s, 8, get_num(e, "quarantined"));
        rxlsx_text(s, 9, get_str(e, "reason"));
        rxlsx_row_end(s);
    }
}

/* ---- static functions ----------------------------------------------------- */

static const cJSON *get(const cJSON *o, const char *key)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static double get_num(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *get_str(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

static const char *yes_no(const cJSON *o, const char *key, const char *yes, const char *no)
{
    return cJSON_IsTrue(get(o, key)) ? yes : no;
}

/* Chinese name of a level, part, locality or role code. */
static const char *zh(const char *code)
{
    static const char *const map[][2] = {
        {"primary", "小学"},        {"junior", "初中"},     {"senior", "高中"},
        {"nine_year", "九年一贯制"}, {"complete_middle", "完全中学"},
        {"twelve_year", "十二年一贯制"}, {"urban", "城区"}, {"town", "镇区"},
        {"rural", "乡村"},          {"parent", "家长"},     {"teacher", "教师"},
        {"student", "学生"},        {"public", "社会公众"}, {"principal", "校长"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(code, map[i][0])) return map[i][1];
    return code;
}
