/* report_doc.c - the HTML report's content, in Chinese, rendered from the
 * statistics document (see report.h): verdicts first, then satisfaction by
 * school, the least satisfied topics, urban/town/rural, the CVs, a card per
 * school, the rectification list and the appendix (imports, response
 * quality, methods).  Every figure is written with rhtml_num, tagged with
 * its JSON Pointer in the statistics document. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_html.h"

/* ---- types ---------------------------------------------------------------- */

/* A JSON Pointer being built while walking the document. */
typedef struct {
    char s[256];
} ptr_t;

typedef struct {
    const cJSON *root;
    jh_buf_t *b;
    int min_group;
    double threshold;
} doc_t;

/* ---- static prototypes ---------------------------------------------------- */

static ptr_t ptr_key(const char *base, const char *key);
static ptr_t ptr_idx(const char *base, int i);
static const cJSON *get(const cJSON *o, const char *key);
static double get_num(const cJSON *o, const char *key);
static const char *get_str(const cJSON *o, const char *key);
static bool get_bool(const cJSON *o, const char *key);
static void num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt);
static void td_num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt);
static void rate_ci(doc_t *d, const cJSON *o, const char *base);
static void td_rate_cells(doc_t *d, const cJSON *o, const char *base);
static const char *role_zh(const char *role);
static const char *locality_zh(const char *loc);
static const char *level_zh(const char *level);
static void section_open(doc_t *d, const char *id, const char *title, bool page);
static void section_title(doc_t *d);
static void section_verdicts(doc_t *d);
static void section_schools(doc_t *d);
static void section_topics(doc_t *d);
static void section_localities(doc_t *d);
static void section_cv(doc_t *d);
static void section_cards(doc_t *d);
static void section_rectify(doc_t *d);
static void section_appendix(doc_t *d);

/* ---- public functions ----------------------------------------------------- */

void report_html_build(const cJSON *stats, const char *generated, jh_buf_t *out)
{
    doc_t d = {.root = stats, .b = out, .min_group = 5, .threshold = 0.85};
    const cJSON *params = get(stats, "params");
    if (isfinite(get_num(params, "min_group"))) d.min_group = (int)get_num(params, "min_group");
    if (isfinite(get_num(params, "threshold"))) d.threshold = get_num(params, "threshold");

    const char *county = get_str(get(stats, "county"), "name");
    char *title = jh_sprintf("%s义务教育均衡发展监测报告", *county ? county : "");
    rhtml_begin(out, title);
    free(title);
    section_title(&d);
    jh_buf_printf(out, "<p class=\"sub\">生成时间 Generated: %s</p>\n", generated);
    section_verdicts(&d);
    section_schools(&d);
    section_topics(&d);
    section_localities(&d);
    section_cv(&d);
    section_cards(&d);
    section_rectify(&d);
    section_appendix(&d);
    char *json = cJSON_PrintUnformatted(stats);
    rhtml_end(out, REPORT_DATA_ID, json);
    free(json);
}

/* ---- sections ------------------------------------------------------------- */

static void section_title(doc_t *d)
{
    jh_buf_t *b = d->b;
    const cJSON *county = get(d->root, "county");
    const char *name = get_str(county, "name");
    jh_buf_puts(b, "<header id=\"title\"><h1>");
    rhtml_escape(b, *name ? name : "本县");
    jh_buf_puts(b, "义务教育均衡发展监测报告</h1>\n<p class=\"sub\">社会认可度调查与学校资源配置 · "
                   "County report on balanced compulsory education</p>\n");
    const cJSON *src = get(d->root, "totals");
    if (src) {
        jh_buf_puts(b, "<p>数据来源：");
        num(d, src, "/totals", "bundles", RHTML_INT);
        jh_buf_puts(b, " 个导出包，");
        num(d, src, "/totals", "responses", RHTML_INT);
        jh_buf_puts(b, " 份答卷，");
        num(d, src, "/totals", "schools", RHTML_INT);
        jh_buf_puts(b, " 所学校。</p>\n");
    }
    jh_buf_puts(b, "<nav class=\"toc\"><a href=\"#verdicts\">一、评估结论</a><br>"
                   "<a href=\"#schools\">二、各校满意度</a><br>"
                   "<a href=\"#topics\">三、满意度最低的方面</a><br>"
                   "<a href=\"#localities\">四、城区、镇区、乡村比较</a><br>"
                   "<a href=\"#cv\">五、资源配置差异系数</a><br>"
                   "<a href=\"#cards\">六、各校情况</a><br>"
                   "<a href=\"#rectify\">七、整改清单</a><br>"
                   "<a href=\"#appendix\">附录：导入记录、答卷质量、计算方法</a></nav>\n"
                   "</header>\n");
}

static void verdict_card(doc_t *d, bool pass, const char *what)
{
    jh_buf_printf(d->b, "<div class=\"verdict %s\"><div class=\"what\">", pass ? "pass" : "fail");
    rhtml_escape(d->b, what);
    jh_buf_puts(d->b, "</div><div class=\"big\">");
}

static void section_verdicts(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "verdicts", "一、评估结论", false);
    jh_buf_puts(b, "<div class=\"verdicts\">\n");
    const cJSON *rec = get(d->root, "recognition");
    static const char *const methods[] = {"answers", "questionnaires"};
    static const char *const method_zh[] = {"社会认可度（按答题：满意答题数 / 有效答题数）",
                                            "社会认可度（按问卷：总体满意问卷数 / 有效问卷数）"};
    for (int m = 0; m < 2; m++) {
        const cJSON *r = get(rec, methods[m]);
        if (!r) continue;
        ptr_t p = ptr_key("/recognition", methods[m]);
        bool pass = get_bool(r, "pass");
        verdict_card(d, pass, method_zh[m]);
        num(d, r, p.s, "rate", RHTML_PCT1);
        jh_buf_puts(b, " ");
        rhtml_mark_text(b, pass, "达到 85 %", "低于 85 %");
        jh_buf_puts(b, "</div><div class=\"note\">95 % 置信区间 ");
        rhtml_ci(b, ptr_key(p.s, "lo").s, get_num(r, "lo"), ptr_key(p.s, "hi").s, get_num(r, "hi"),
                 RHTML_PCT1);
        jh_buf_puts(b, "，");
        num(d, r, p.s, "satisfied", RHTML_INT);
        jh_buf_puts(b, " / ");
        num(d, r, p.s, "valid", RHTML_INT);
        jh_buf_puts(b, "</div></div>\n");
    }
    /* CVs: how many are within their limits, per level. */
    const cJSON *cv = get(d->root, "cv");
    int n_cv = cJSON_GetArraySize(cv), ok = 0, counted = 0;
    for (int i = 0; i < n_cv; i++) {
        const cJSON *c = cJSON_GetArrayItem(cv, i);
        if (strcmp(get_str(c, "set"), "quality") || !isfinite(get_num(c, "cv"))) continue;
        counted++;
        ok += get_bool(c, "pass");
    }
    if (counted > 0) {
        verdict_card(d, ok == counted, "资源配置差异系数（优质均衡 7 项指标 × 学段）");
        jh_buf_printf(b, "%d / %d ", ok, counted);
        rhtml_mark_text(b, ok == counted, "全部在限值内", "有指标超限");
        jh_buf_puts(b, "</div><div class=\"note\">小学 ≤ 0.50，初中 ≤ 0.45</div></div>\n");
    }
    const cJSON *comp = get(d->root, "composite");
    for (int i = 0; i < cJSON_GetArraySize(comp); i++) {
        const cJSON *c = cJSON_GetArrayItem(comp, i);
        ptr_t p = ptr_idx("/composite", i);
        char what[160];
        snprintf(what, sizeof what, "基本均衡综合差异系数（%s）", level_zh(get_str(c, "level")));
        bool pass = get_bool(c, "pass");
        verdict_card(d, pass, what);
        num(d, c, p.s, "cv", RHTML_F3);
        jh_buf_puts(b, " ");
        rhtml_mark_text(b, pass, "在限值内", "超限");
        jh_buf_puts(b, "</div><div class=\"note\">限值 ");
        num(d, c, p.s, "limit", RHTML_F2);
        jh_buf_puts(b, "</div></div>\n");
    }
    /* Schools meeting the per-school standard. */
    const cJSON *schools = get(d->root, "schools");
    int n_s = cJSON_GetArraySize(schools), s_ok = 0, s_in = 0;
    for (int i = 0; i < n_s; i++) {
        const cJSON *s = cJSON_GetArrayItem(schools, i);
        if (get_str(s, "excluded")[0] || !get(s, "compliance_pass")) continue;
        s_in++;
        s_ok += get_bool(s, "compliance_pass");
    }
    if (s_in > 0) {
        verdict_card(d, s_ok == s_in, "学校达到优质均衡标准（7 项中至少 6 项达标，其余不低于 85 %）");
        jh_buf_printf(b, "%d / %d ", s_ok, s_in);
        rhtml_mark_text(b, s_ok == s_in, "全部达标", "有学校未达标");
        jh_buf_puts(b, "</div><div class=\"note\">未达标学校见“整改清单”</div></div>\n");
    }
    jh_buf_puts(b, "</div>\n<p class=\"note\">✓ 表示达标，× 表示未达标；黑白打印时请以符号和文字为准。"
                   "社会认可度为一票否决项：低于 85 % 即整体不通过。</p>\n</section>\n");
}

/* Order: rate descending, suppressed last. */
static const cJSON *sort_root;
static int cmp_school_rate(const void *a, const void *b)
{
    const cJSON *sa = get(cJSON_GetArrayItem(get(sort_root, "schools"), *(const int *)a), "satisfaction");
    const cJSON *sb = get(cJSON_GetArrayItem(get(sort_root, "schools"), *(const int *)b), "satisfaction");
    bool ua = get_bool(sa, "suppressed") || !isfinite(get_num(sa, "rate"));
    bool ub = get_bool(sb, "suppressed") || !isfinite(get_num(sb, "rate"));
    if (ua != ub) return ua ? 1 : -1;
    double ra = get_num(sa, "rate"), rb = get_num(sb, "rate");
    if (ra != rb && !ua) return ra > rb ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

static void section_schools(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "schools", "二、各校满意度", true);
    const cJSON *schools = get(d->root, "schools");
    int n = cJSON_GetArraySize(schools);
    int *order = jh_xmalloc(sizeof *order * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) order[i] = i;
    sort_root = d->root;
    qsort(order, (size_t)n, sizeof *order, cmp_school_rate);
    /* A chart of more than 60 bars is unreadable: show the 40 lowest. */
    int first = n > 60 ? n - 40 : 0;
    while (first > 0 && first < n) {
        const cJSON *sat = get(cJSON_GetArrayItem(schools, order[first]), "satisfaction");
        if (!get_bool(sat, "suppressed")) break;
        first--;
    }
    jh_buf_puts(b, "<p>每所学校的满意率（满意答题数 / 有效答题数），黑色横线为 95 % 置信区间，"
                   "红色虚线为 85 % 标准线；低于标准线的学校以斜线填充并标 ×。</p>\n");
    if (first > 0)
        jh_buf_printf(b, "<p class=\"note\">共 %d 所学校，图中只列出满意率最低的 %d 所；"
                         "全部学校见下表和工作簿“学校”表。</p>\n", n, n - first);
    rhtml_bar_t *bars = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *bars);
    ptr_t *ptrs = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *ptrs);
    int nb = 0;
    for (int k = first; k < n; k++) {
        int i = order[k];
        const cJSON *s = cJSON_GetArrayItem(schools, i);
        const cJSON *sat = get(s, "satisfaction");
        ptr_t base = ptr_idx("/schools", i);
        ptrs[nb] = ptr_key(base.s, "satisfaction");
        ptrs[nb] = ptr_key(ptrs[nb].s, "rate");
        bars[nb] = (rhtml_bar_t){.label = get_str(s, "name"), .value = get_num(sat, "rate"),
                                 .lo = get_num(sat, "lo"), .hi = get_num(sat, "hi"),
                                 .has_ci = isfinite(get_num(sat, "lo")),
                                 .suppressed = get_bool(sat, "suppressed") || !isfinite(get_num(sat, "rate")),
                                 .pointer = ptrs[nb].s};
        nb++;
    }
    rhtml_hbar_opts_t o = {.title = "各校满意率（含 95 % 置信区间）", .ref = d->threshold,
                           .ref_label = "85 %", .min_n = d->min_group};
    rhtml_svg_hbars(b, bars, nb, &o);
    free(bars);
    free(ptrs);

    static const char *const heads[] = {"序号", "学校", "学段", "城乡", "有效答题", "满意率",
                                        "95 % 置信区间", "是否达到 85 %", NULL};
    rhtml_table_begin(b, "schools", heads);
    for (int k = 0; k < n; k++) {
        int i = order[k];
        const cJSON *s = cJSON_GetArrayItem(schools, i);
        const cJSON *sat = get(s, "satisfaction");
        ptr_t base = ptr_idx("/schools", i), ps = ptr_key(base.s, "satisfaction");
        jh_buf_printf(b, "<tr><td class=\"r\">%d</td><td>", k + 1);
        rhtml_escape(b, get_str(s, "name"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, level_zh(get_str(s, "level")));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, locality_zh(get_str(s, "locality")));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, sat, ps.s);
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    free(order);
    jh_buf_puts(b, "</section>\n");
}

static const cJSON *sort_arr;
static int cmp_rate_asc(const void *a, const void *b)
{
    double ra = get_num(cJSON_GetArrayItem(sort_arr, *(const int *)a), "rate");
    double rb = get_num(cJSON_GetArrayItem(sort_arr, *(const int *)b), "rate");
    if (ra != rb) return ra < rb ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* The k lowest rated entries of arr (array of objects with role, rate,
 * suppressed) for role, as a table. */
static void lowest_table(doc_t *d, const char *arr_key, const char *role, const char *label_key,
                         int k)
{
    jh_buf_t *b = d->b;
    const cJSON *arr = get(d->root, arr_key);
    int n = cJSON_GetArraySize(arr), m = 0;
    int *idx = jh_xmalloc(sizeof *idx * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        const cJSON *e = cJSON_GetArrayItem(arr, i);
        if (strcmp(get_str(e, "role"), role) || get_bool(e, "suppressed") ||
            !isfinite(get_num(e, "rate")))
            continue;
        idx[m++] = i;
    }
    sort_arr = arr;
    qsort(idx, (size_t)m, sizeof *idx, cmp_rate_asc);
    if (m == 0) {
        jh_buf_puts(b, "<p class=\"note\">无可报告的数据（样本不足或未调查）。</p>\n");
        free(idx);
        return;
    }
    static const char *const heads[] = {"名次", "方面 / 题目", "有效答题", "满意率", "95 % 置信区间",
                                        "是否达到 85 %", NULL};
    rhtml_table_begin(b, "lowest", heads);
    for (int j = 0; j < m && j < k; j++) {
        const cJSON *e = cJSON_GetArrayItem(arr, idx[j]);
        ptr_t p = ptr_idx(ptr_key("", arr_key).s, idx[j]);
        jh_buf_printf(b, "<tr><td class=\"r\">%d</td><td>", j + 1);
        rhtml_escape(b, get_str(e, label_key));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, e, p.s);
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    free(idx);
}

static void section_topics(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "topics", "三、满意度最低的方面", true);
    jh_buf_puts(b, "<p>按满意率从低到高列出家长和教师最不满意的方面（主题）和题目，供改进工作参考。"
                   "样本不足的组不列出。</p>\n");
    static const char *const roles[] = {"parent", "teacher"};
    for (int r = 0; r < 2; r++) {
        jh_buf_printf(b, "<h3>%s：满意率最低的方面</h3>\n", role_zh(roles[r]));
        lowest_table(d, "topics", roles[r], "label", 5);
        jh_buf_printf(b, "<h3>%s：满意率最低的题目</h3>\n", role_zh(roles[r]));
        lowest_table(d, "items", roles[r], "text", 5);
    }
    jh_buf_puts(b, "</section>\n");
}

static void section_localities(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "localities", "四、城区、镇区、乡村比较", true);
    static const char *const locs[] = {"urban", "town", "rural"};
    static const char *const series[] = {"城区", "镇区", "乡村"};
    static const char *const roles[] = {"all", "parent", "teacher"};
    static const char *const cats[] = {"全部", "家长", "教师"};
    const cJSON *arr = get(d->root, "localities");
    double values[9];
    for (int c = 0; c < 3; c++)
        for (int s = 0; s < 3; s++) {
            values[c * 3 + s] = NAN;
            for (int i = 0; i < cJSON_GetArraySize(arr); i++) {
                const cJSON *e = cJSON_GetArrayItem(arr, i);
                if (strcmp(get_str(e, "locality"), locs[s]) || strcmp(get_str(e, "role"), roles[c]))
                    continue;
                if (!get_bool(e, "suppressed")) values[c * 3 + s] = get_num(e, "rate");
            }
        }
    rhtml_svg_grouped(b, "城区、镇区、乡村满意率", cats, 3, series, 3, values, d->threshold, "85 %");
    static const char *const heads[] = {"城乡", "对象", "有效答题", "满意率", "95 % 置信区间",
                                        "是否达到 85 %", NULL};
    rhtml_table_begin(b, "localities", heads);
    for (int i = 0; i < cJSON_GetArraySize(arr); i++) {
        const cJSON *e = cJSON_GetArrayItem(arr, i);
        ptr_t p = ptr_idx("/localities", i);
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, locality_zh(get_str(e, "locality")));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, !strcmp(get_str(e, "role"), "all") ? "全部" : role_zh(get_str(e, "role")));
        jh_buf_puts(b, "</td>");
        td_rate_cells(d, e, p.s);
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    const cJSON *gap = get(d->root, "urban_rural_gap");
    if (gap) {
        jh_buf_puts(b, "<p>城乡差距（城区满意率 − 乡村满意率）：");
        num(d, gap, "/urban_rural_gap", "diff", RHTML_PCT1);
        jh_buf_puts(b, "，95 % 置信区间 ");
        rhtml_ci(b, "/urban_rural_gap/lo", get_num(gap, "lo"), "/urban_rural_gap/hi",
                 get_num(gap, "hi"), RHTML_PCT1);
        jh_buf_puts(b, "。区间包含 0 时，差距在统计上不显著。</p>\n");
    }
    const cJSON *scv = get(d->root, "satisfaction_cv");
    for (int i = 0; i < cJSON_GetArraySize(scv); i++) {
        const cJSON *e = cJSON_GetArrayItem(scv, i);
        ptr_t p = ptr_idx("/satisfaction_cv", i);
        jh_buf_printf(b, "<p>%s各校满意率的差异系数（按在校生数加权）：", level_zh(get_str(e, "level")));
        num(d, e, p.s, "cv", RHTML_F3);
        jh_buf_puts(b, "（");
        num(d, e, p.s, "n", RHTML_INT);
        jh_buf_puts(b, " 所学校）</p>\n");
    }
    jh_buf_puts(b, "</section>\n");
}

static void section_cv(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "cv", "五、资源配置差异系数", true);
    jh_buf_puts(b, "<p>各项指标的校际差异系数按在校生数加权计算（总体标准差 / 加权平均数）。"
                   "优质均衡要求每项指标小学 ≤ 0.50、初中 ≤ 0.45；基本均衡要求 8 项指标的综合差异系数"
                   "小学 ≤ 0.65、初中 ≤ 0.55。</p>\n");
    const cJSON *cv = get(d->root, "cv");
    int n = cJSON_GetArraySize(cv);
    static const char *const levels[] = {"primary", "junior"};
    for (int l = 0; l < 2; l++) {
        rhtml_cv_t *rows = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *rows);
        ptr_t *ptrs = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *ptrs);
        char **labels = jh_xcalloc((size_t)(n > 0 ? n : 1), sizeof *labels);
        int m = 0;
        for (int i = 0; i < n; i++) {
            const cJSON *c = cJSON_GetArrayItem(cv, i);
            if (strcmp(get_str(c, "level"), levels[l]) || strcmp(get_str(c, "set"), "quality")) continue;
            ptrs[m] = ptr_key(ptr_idx("/cv", i).s, "cv");
            labels[m] = jh_sprintf("%s %s", get_str(c, "code"), get_str(c, "name"));
            rows[m] = (rhtml_cv_t){.label = labels[m], .cv = get_num(c, "cv"),
                                   .limit = get_num(c, "limit"), .pointer = ptrs[m].s};
            m++;
        }
        if (m > 0) {
            jh_buf_printf(b, "<h3>%s：优质均衡 7 项指标</h3>\n", level_zh(levels[l]));
            char title[96];
            snprintf(title, sizeof title, "%s差异系数与限值", level_zh(levels[l]));
            rhtml_svg_cv(b, title, rows, m);
        }
        for (int i = 0; i < m; i++) free(labels[i]);
        free(labels);
        free(rows);
        free(ptrs);
    }
    static const char *const heads[] = {"学段", "指标", "学校数", "加权平均", "标准差", "差异系数",
                                        "限值", "结论", "贡献最大的学校", NULL};
    rhtml_table_begin(b, "cv", heads);
    for (int i = 0; i < n; i++) {
        const cJSON *c = cJSON_GetArrayItem(cv, i);
        ptr_t p = ptr_idx("/cv", i);
        bool quality = !strcmp(get_str(c, "set"), "quality");
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, level_zh(get_str(c, "level")));
        jh_buf_puts(b, "</td><td>");
        rhtml_escapef(b, "%s %s", get_str(c, "code"), get_str(c, "name"));
        jh_buf_puts(b, "</td>");
        td_num(d, c, p.s, "n", RHTML_INT);
        td_num(d, c, p.s, "mean", RHTML_F2);
        td_num(d, c, p.s, "sd", RHTML_F2);
        td_num(d, c, p.s, "cv", RHTML_F3);
        if (quality) {
            td_num(d, c, p.s, "limit", RHTML_F2);
            jh_buf_puts(b, "<td>");
            if (isfinite(get_num(c, "cv"))) rhtml_mark_text(b, get_bool(c, "pass"), "在限值内", "超限");
            else jh_buf_puts(b, "—");
            jh_buf_puts(b, "</td><td>");
        } else {
            jh_buf_puts(b, "<td class=\"r\">—</td><td>计入综合</td><td>");
        }
        const cJSON *contrib = get(c, "contributors");
        ptr_t pc = ptr_key(p.s, "contributors");
        for (int j = 0; j < cJSON_GetArraySize(contrib) && j < 3; j++) {
            const cJSON *e = cJSON_GetArrayItem(contrib, j);
            if (j) jh_buf_puts(b, "；");
            rhtml_escape(b, get_str(e, "name"));
            jh_buf_puts(b, " ");
            num(d, e, ptr_idx(pc.s, j).s, "share", RHTML_PCT1);
        }
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p class=\"note\">“贡献最大的学校”：该校在加权方差中所占的份额，整改这些学校最能降低差异系数。</p>\n");
    jh_buf_puts(b, "</section>\n");
}

static void section_cards(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "cards", "六、各校情况", true);
    jh_buf_puts(b, "<p>每所学校的优质均衡 7 项指标与标准对照、满意度和不足之处。</p>\n<div class=\"cards\">\n");
    const cJSON *schools = get(d->root, "schools");
    for (int i = 0; i < cJSON_GetArraySize(schools); i++) {
        const cJSON *s = cJSON_GetArrayItem(schools, i);
        ptr_t ps = ptr_idx("/schools", i);
        jh_buf_printf(b, "<div class=\"card\" id=\"school-%d\"><h3><span>", i);
        rhtml_escape(b, get_str(s, "name"));
        jh_buf_puts(b, " <span class=\"sub\">");
        rhtml_escapef(b, "%s · %s · %s", get_str(s, "code"), level_zh(get_str(s, "level")),
                      locality_zh(get_str(s, "locality")));
        jh_buf_puts(b, "</span></span>");
        const char *excluded = get_str(s, "excluded");
        if (*excluded) {
            jh_buf_puts(b, "<span class=\"sub\">不参与计算</span></h3><p class=\"note\">");
            rhtml_escape(b, excluded);
            jh_buf_puts(b, "</p>");
        } else if (get(s, "compliance_pass")) {
            rhtml_mark(b, get_bool(s, "compliance_pass"));
            jh_buf_puts(b, "</h3>");
        } else {
            jh_buf_puts(b, "</h3>");
        }
        const cJSON *sat = get(s, "satisfaction");
        ptr_t psat = ptr_key(ps.s, "satisfaction");
        jh_buf_puts(b, "<p>满意率：");
        if (get_bool(sat, "suppressed") || !isfinite(get_num(sat, "rate"))) {
            rhtml_suppressed(b, d->min_group);
        } else {
            num(d, sat, psat.s, "rate", RHTML_PCT1);
            jh_buf_puts(b, " ");
            rhtml_ci(b, ptr_key(psat.s, "lo").s, get_num(sat, "lo"), ptr_key(psat.s, "hi").s,
                     get_num(sat, "hi"), RHTML_PCT1);
            jh_buf_puts(b, "，有效答题 ");
            num(d, sat, psat.s, "valid", RHTML_INT);
            jh_buf_puts(b, " ");
            rhtml_mark_text(b, get_num(sat, "rate") >= d->threshold, "≥ 85 %", "< 85 %");
        }
        jh_buf_puts(b, "</p>\n");
        const cJSON *units = get(s, "units");
        for (int u = 0; u < cJSON_GetArraySize(units); u++) {
            const cJSON *un = cJSON_GetArrayItem(units, u);
            ptr_t pu = ptr_idx(ptr_key(ps.s, "units").s, u);
            jh_buf_printf(b, "<p class=\"sub\">%s部分：在校生 ", level_zh(get_str(un, "part")));
            num(d, un, pu.s, "enrolment", RHTML_INT);
            jh_buf_puts(b, " 人，达标 ");
            num(d, un, pu.s, "met", RHTML_INT);
            jh_buf_puts(b, " / 7 项</p>\n");
            static const char *const heads[] = {"指标", "本校", "标准", "达标率", "结论", NULL};
            rhtml_table_begin(b, "ind", heads);
            const cJSON *inds = get(un, "indicators");
            ptr_t pi = ptr_key(pu.s, "indicators");
            for (int k = 0; k < cJSON_GetArraySize(inds); k++) {
                const cJSON *e = cJSON_GetArrayItem(inds, k);
                ptr_t pe = ptr_idx(pi.s, k);
                jh_buf_puts(b, "<tr><td>");
                rhtml_escapef(b, "%s %s", get_str(e, "code"), get_str(e, "name"));
                jh_buf_puts(b, "</td>");
                td_num(d, e, pe.s, "value", RHTML_F2);
                td_num(d, e, pe.s, "standard", RHTML_F2);
                td_num(d, e, pe.s, "ratio", RHTML_PCT1);
                jh_buf_puts(b, "<td>");
                if (isfinite(get_num(e, "value"))) rhtml_mark(b, get_bool(e, "meets"));
                else jh_buf_puts(b, "缺数据");
                jh_buf_puts(b, "</td></tr>\n");
            }
            rhtml_table_end(b);
        }
        /* Shortfalls of this school from the rectification list. */
        const cJSON *rect = get(d->root, "rectification");
        int shown = 0;
        for (int k = 0; k < cJSON_GetArraySize(rect); k++) {
            const cJSON *e = cJSON_GetArrayItem(rect, k);
            if (strcmp(get_str(e, "school_code"), get_str(s, "code"))) continue;
            jh_buf_puts(b, shown++ ? "；" : "<p><b>不足：</b>");
            rhtml_escapef(b, "%s %s", get_str(e, "code"), get_str(e, "need_text"));
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
    const cJSON *rect = get(d->root, "rectification");
    int n = cJSON_GetArraySize(rect);
    if (n == 0) {
        jh_buf_puts(b, "<p>所有参与计算的学校各项指标均达到标准，无需整改。</p>\n</section>\n");
        return;
    }
    jh_buf_printf(b, "<p>共 %d 项不足，按学校列出：指标、现值、标准和达到标准还需要的数量。</p>\n", n);
    static const char *const heads[] = {"序号", "学校", "学段", "指标", "现值", "标准", "还需", NULL};
    rhtml_table_begin(b, "rectify", heads);
    for (int i = 0; i < n; i++) {
        const cJSON *e = cJSON_GetArrayItem(rect, i);
        ptr_t p = ptr_idx("/rectification", i);
        jh_buf_printf(b, "<tr><td class=\"r\">%d</td><td>", i + 1);
        rhtml_escape(b, get_str(e, "school_name"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, level_zh(get_str(e, "part")));
        jh_buf_puts(b, "</td><td>");
        rhtml_escapef(b, "%s %s", get_str(e, "code"), get_str(e, "name"));
        jh_buf_puts(b, "</td>");
        td_num(d, e, p.s, "value", RHTML_F2);
        td_num(d, e, p.s, "standard", RHTML_F2);
        jh_buf_puts(b, "<td>");
        rhtml_escape(b, get_str(e, "need_text"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "</section>\n");
}

static void section_appendix(doc_t *d)
{
    jh_buf_t *b = d->b;
    section_open(d, "appendix", "附录", true);
    jh_buf_puts(b, "<h3 id=\"imports\">A. 数据导入记录</h3>\n");
    const cJSON *imp = get(d->root, "imports");
    static const char *const heads[] = {"文件", "设备", "学校", "结果", "答卷", "新增", "重复",
                                        "冲突隔离", "原因", NULL};
    rhtml_table_begin(b, "imports", heads);
    for (int i = 0; i < cJSON_GetArraySize(imp); i++) {
        const cJSON *e = cJSON_GetArrayItem(imp, i);
        ptr_t p = ptr_idx("/imports", i);
        bool ok = !strcmp(get_str(e, "verdict"), "imported");
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, get_str(e, "file"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, get_str(e, "kiosk"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, get_str(e, "school"));
        jh_buf_puts(b, "</td><td>");
        rhtml_mark_text(b, ok, "已导入", "已拒绝");
        jh_buf_puts(b, "</td>");
        td_num(d, e, p.s, "responses", RHTML_INT);
        td_num(d, e, p.s, "new", RHTML_INT);
        td_num(d, e, p.s, "duplicates", RHTML_INT);
        td_num(d, e, p.s, "quarantined", RHTML_INT);
        jh_buf_puts(b, "<td>");
        rhtml_escape(b, get_str(e, "reason"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);

    jh_buf_puts(b, "<h3 id=\"quality\">B. 答卷质量</h3>\n");
    const cJSON *q = get(d->root, "quality");
    if (q) {
        jh_buf_puts(b, "<p>答卷 ");
        num(d, q, "/quality", "responses", RHTML_INT);
        jh_buf_puts(b, " 份，其中被标记 ");
        num(d, q, "/quality", "flagged", RHTML_INT);
        jh_buf_puts(b, " 份（作答过快、所有题目同一答案、连续快速提交）。</p>\n");
        const cJSON *wo = get(q, "without_flagged");
        if (wo) {
            jh_buf_puts(b, "<p>去掉被标记的答卷后，社会认可度（按答题）为 ");
            num(d, wo, "/quality/without_flagged", "rate", RHTML_PCT1);
            jh_buf_puts(b, "（全部答卷为 ");
            num(d, get(get(d->root, "recognition"), "answers"), "/recognition/answers", "rate",
                RHTML_PCT1);
            jh_buf_puts(b, "）。</p>\n");
        }
        const cJSON *comp = get(q, "composition");
        if (comp) {
            jh_buf_puts(b, "<p>样本构成：家长占 ");
            num(d, comp, "/quality/composition", "parent_share", RHTML_PCT1);
            jh_buf_puts(b, " ");
            rhtml_mark_text(b, get_bool(comp, "parent_ok"), "不低于 50 %", "低于 50 %");
            jh_buf_puts(b, "；城区 ");
            num(d, comp, "/quality/composition", "urban_share", RHTML_PCT1);
            jh_buf_puts(b, "，镇区 ");
            num(d, comp, "/quality/composition", "town_share", RHTML_PCT1);
            jh_buf_puts(b, "，乡村 ");
            num(d, comp, "/quality/composition", "rural_share", RHTML_PCT1);
            jh_buf_puts(b, "。</p>\n");
        }
    }

    jh_buf_puts(b, "<h3 id=\"methods\">C. 计算方法</h3>\n<dl class=\"methods\">\n");
    const cJSON *methods = get(d->root, "methods");
    for (int i = 0; i < cJSON_GetArraySize(methods); i++) {
        const cJSON *m = cJSON_GetArrayItem(methods, i);
        jh_buf_puts(b, "<dt><b>");
        rhtml_escape(b, get_str(m, "title"));
        jh_buf_puts(b, "</b></dt><dd>");
        rhtml_escape(b, get_str(m, "text"));
        jh_buf_puts(b, "</dd>\n");
    }
    jh_buf_printf(b, "<dt><b>小样本保护</b></dt><dd>有效答题少于 %d 的组不单独报告，显示为“样本不足 (n&lt;%d)”，"
                     "以免识别出个人（如小规模学校的教师）。</dd>\n</dl>\n</section>\n",
                  d->min_group, d->min_group);
}

/* ---- static functions ----------------------------------------------------- */

static void section_open(doc_t *d, const char *id, const char *title, bool page)
{
    jh_buf_printf(d->b, "<section id=\"%s\"%s><h2>", id, page ? " class=\"page\"" : "");
    rhtml_escape(d->b, title);
    jh_buf_puts(d->b, "</h2>\n");
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

static bool get_bool(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(get(o, key));
}

/* A tagged number, or "—" when the document has no number there. */
static void num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt)
{
    if (!cJSON_IsNumber(get(o, key))) {
        jh_buf_puts(d->b, "—");
        return;
    }
    rhtml_num(d->b, ptr_key(base, key).s, get_num(o, key), fmt);
}

static void td_num(doc_t *d, const cJSON *o, const char *base, const char *key, rhtml_fmt_t fmt)
{
    jh_buf_puts(d->b, "<td class=\"r\">");
    num(d, o, base, key, fmt);
    jh_buf_puts(d->b, "</td>");
}

static void rate_ci(doc_t *d, const cJSON *o, const char *base)
{
    rhtml_ci(d->b, ptr_key(base, "lo").s, get_num(o, "lo"), ptr_key(base, "hi").s,
             get_num(o, "hi"), RHTML_PCT1);
}

/* Cells: valid answers, rate, CI, mark; or a suppressed notice over them. */
static void td_rate_cells(doc_t *d, const cJSON *o, const char *base)
{
    if (get_bool(o, "suppressed") || !isfinite(get_num(o, "rate"))) {
        jh_buf_puts(d->b, "<td colspan=\"4\">");
        rhtml_suppressed(d->b, d->min_group);
        jh_buf_puts(d->b, "</td>");
        return;
    }
    td_num(d, o, base, "valid", RHTML_INT);
    td_num(d, o, base, "rate", RHTML_PCT1);
    jh_buf_puts(d->b, "<td class=\"r\">");
    rate_ci(d, o, base);
    jh_buf_puts(d->b, "</td><td>");
    rhtml_mark(d->b, get_num(o, "rate") >= d->threshold);
    jh_buf_puts(d->b, "</td>");
}

static const char *role_zh(const char *role)
{
    if (!strcmp(role, "parent")) return "家长";
    if (!strcmp(role, "teacher")) return "教师";
    if (!strcmp(role, "student")) return "学生";
    if (!strcmp(role, "principal")) return "校长";
    if (!strcmp(role, "public")) return "社会公众";
    return role;
}

static const char *locality_zh(const char *loc)
{
    if (!strcmp(loc, "urban")) return "城区";
    if (!strcmp(loc, "town")) return "镇区";
    if (!strcmp(loc, "rural")) return "乡村";
    return loc;
}

static const char *level_zh(const char *level)
{
    if (!strcmp(level, "primary")) return "小学";
    if (!strcmp(level, "junior")) return "初中";
    if (!strcmp(level, "nine_year")) return "九年一贯制";
    if (!strcmp(level, "complete_middle")) return "完全中学";
    if (!strcmp(level, "twelve_year")) return "十二年一贯制";
    if (!strcmp(level, "senior")) return "高中";
    return level;
}
