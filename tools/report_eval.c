/* report_eval.c - the report's sections for the whole evaluation (issue
 * 17): the 32 indicators in four parts with the veto items first, the
 * rounds side by side (trend) with what changed for each school, and how the
 * earlier rounds' rectification plans stand.  Rendered from stats.json like
 * the rest of the report (numbers carry their JSON Pointer). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rectify.h"
#include "report_html.h"
#include "report_xlsx.h"
#include "stats.h"

/* Failing schools named per indicator; the rest are counted (issue 20). */
#define EVAL_SCHOOLS_LISTED 20

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* 达标 / 未达标 marks; 无数据 as a word of its own (never a pass). */
/* a threshold as it is, with the decimals it has (81.46 %, not "81.5 %"
 * beside a rate of 81.460 % and ✓) */
static rhtml_fmt_t pct_as_is(double f)
{
    static const rhtml_fmt_t pct[] = {RHTML_PCT1, RHTML_PCT1, RHTML_PCT2, RHTML_PCT3, RHTML_PCT4,
                                      RHTML_PCT5, RHTML_PCT6, RHTML_PCT7, RHTML_PCT8};
    double v = f * 100;
    int d = 1;
    while (d < 8 && fabs(v - round(v * pow(10, d)) / pow(10, d)) > 1e-9 * fmax(1, fabs(v))) d++;
    return pct[d];
}

static void verdict(jh_buf_t *b, const char *v)
{
    if (!strcmp(v, "pass"))
        rhtml_mark_text(b, true, "达标", "未达标");
    else if (!strcmp(v, "fail"))
        rhtml_mark_text(b, false, "达标", "未达标");
    else if (!strcmp(v, "no_data"))
        jh_buf_puts(b, "<span class=\"nodata\">— 无数据</span>"); /* the legend's symbol */
    else
        jh_buf_puts(b, "—");
}

/* Whether the per-school entries of ind are levels of schools (L1..L7). */
static bool by_part(const cJSON *ind)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(ind, "schools")) if (cJSON_IsString(cJSON_GetObjectItem(e, "part"))) return true;
    return false;
}

/* What stands behind an indicator's verdict: its failing (and no-data)
 * schools, or its county facts with their evidence. */
static void indicator_detail(jh_buf_t *b, const cJSON *ind)
{
    const cJSON *e;
    int shown = 0, nd = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(ind, "facts"))
    {
        if (shown++) jh_buf_puts(b, "<br>");
        rhtml_escape(b, str(e, "item_zh"));
        jh_buf_puts(b, "：");
        const cJSON *v = cJSON_GetObjectItem(e, "value");
        if (cJSON_IsBool(v))
            jh_buf_puts(b, cJSON_IsTrue(v) ? "是" : "否");
        else if (cJSON_IsNumber(v)) {
            char t[40];
            stats_format_fact(v->valuedouble, t, sizeof t);
            stats_group_thousands(t, sizeof t); /* 98,600 (review r2book item 4) */
            rhtml_escape(b, t);
        }
        else
            jh_buf_puts(b, "<span class=\"nodata\">无数据</span>");
        const char *ev = str(e, "evidence");
        jh_buf_puts(b, "<span class=\"evidence\">（依据：");
        rhtml_escape(b, ev[0] ? ev : "未注明依据");
        jh_buf_puts(b, "）</span>");
    }
    /* At most EVAL_SCHOOLS_LISTED failing schools by name: a county of
     * 2,000 schools had 700 in one cell (half a megabyte of the report);
     * every school's shortfall is in the rectification list (issue 20). */
    int failing = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(ind, "schools"))
    {
        const char *v = str(e, "verdict");
        if (!strcmp(v, "no_data")) {
            nd++;
            continue;
        }
        if (strcmp(v, "fail")) continue;
        if (failing++ >= EVAL_SCHOOLS_LISTED) continue;
        if (shown++) jh_buf_puts(b, "<br>");
        rhtml_name(b, str(e, "name"));
        rhtml_escapef(b, "：%s", str(e, "value_zh"));
        const char *need = str(e, "needed_zh");
        if (need[0]) rhtml_escapef(b, "（%s）", need);
    }
    if (failing > EVAL_SCHOOLS_LISTED) {
        jh_buf_puts(b, "<br>");
        if (by_part(ind))
            rhtml_escapef(b, "……共 %d 个学校学段未达标，其余 %d 个见整改清单", failing, failing - EVAL_SCHOOLS_LISTED);
        else
            rhtml_escapef(b, "……共 %d 所学校未达标，其余 %d 所见整改清单", failing, failing - EVAL_SCHOOLS_LISTED);
    }
    if (nd) {
        if (shown++) jh_buf_puts(b, "<br>");
        rhtml_escapef(b, by_part(ind) ? "%d 个学校学段无数据" : "%d 所学校无数据", nd);
    }
    /* failed social recognition: how far below its threshold (review
     * reval5 item 4: the row said "—") */
    double rate, thr, gap;
    int d;
    if (!strcmp(str(ind, "code"), "S1") && rectify_s1_gap(ind, 1, &rate, &thr, &gap, &d)) {
        if (shown++) jh_buf_puts(b, "<br>");
        rhtml_escapef(b, "社会认可度 %.*f %%，低于 %g %% %.*f 个百分点", d, rate, thr, d, gap);
    }
    const cJSON *cv = cJSON_GetObjectItem(ind, "cv");
    for (int l = 0; cv && l < 2; l++) {
        const cJSON *c = cJSON_GetObjectItem(cv, l ? "junior" : "primary");
        if (str(c, "note_zh")[0]) {
            /* a level of one school: why its CV criterion counts as met
             * (section 一 shows that CV as 无法计算; review rdoc3 item 6) */
            if (shown++) jh_buf_puts(b, "<br>");
            rhtml_escapef(b, "%s差异系数：%s", l ? "初中" : "小学", str(c, "note_zh"));
            continue;
        }
        if (strcmp(str(c, "verdict"), "fail")) continue;
        if (shown++) jh_buf_puts(b, "<br>");
        rhtml_escapef(b, "%s差异系数 %.*f 超过 %.2f", l ? "初中" : "小学",
                      stats_apart_decimals(num(c, "cv"), num(c, "limit"), 3), num(c, "cv"), num(c, "limit"));
    }
    if (!shown) jh_buf_puts(b, "—");
}

/* The veto items' table. */
static void veto_table(const cJSON *ev, jh_buf_t *b)
{
    const cJSON *veto = cJSON_GetObjectItem(ev, "veto");
    static const char *const vh[] = {"事项", "情况", "依据", "结论", NULL};
    rhtml_table_begin(b, "veto", vh);
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(veto, "facts"))
    {
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, str(e, "item_zh"));
        jh_buf_puts(b, "</td><td>");
        const cJSON *v = cJSON_GetObjectItem(e, "value");
        jh_buf_puts(b, cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? "有" : "无") : "<span class=\"nodata\">无数据</span>");
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, str(e, "evidence")[0] ? str(e, "evidence") : "未注明依据");
        jh_buf_puts(b, "</td><td>");
        verdict(b, str(e, "verdict"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
}

/* The indicators' table of part p (index pi in evaluation.parts). */
static void part_table(const cJSON *p, int pi, jh_buf_t *b)
{
    static const char *const h[] = {"指标", "内容", "标准", "结论", "未达标或无数据的情况", NULL};
    rhtml_table_begin(b, "eval", h);
    int ii = 0;
    const cJSON *ind;
    cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators"))
    {
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, str(ind, "code"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, str(ind, "name_zh"));
        if (!strcmp(str(ind, "scope"), "school")) {
            jh_buf_puts(b, "<br><span class=\"note\">");
            if (by_part(ind))
                /* L1..L7: one entry per level of a school (a nine-year
                 * school twice), so the counts are of levels, not schools */
                rhtml_escapef(b, "逐校分学段：达标 %.0f 个，未达标 %.0f 个，无数据 %.0f 个",
                              num(ind, "n_pass"), num(ind, "n_fail"), num(ind, "n_no_data"));
            else
                rhtml_escapef(b, "逐校：达标 %.0f 所，未达标 %.0f 所，无数据 %.0f 所", num(ind, "n_pass"),
                              num(ind, "n_fail"), num(ind, "n_no_data"));
            jh_buf_puts(b, "</span>");
        }
        if (!strcmp(str(ind, "code"), "S1") && isfinite(num(ind, "rate"))) {
            char ptr[96];
            snprintf(ptr, sizeof ptr, "/evaluation/parts/%d/indicators/%d/rate", pi, ii);
            jh_buf_puts(b, "<br>");
            rhtml_num(b, ptr, num(ind, "rate"), rhtml_fmt_apart(num(ind, "rate"), num(ind, "threshold"), RHTML_PCT1));
        }
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, str(ind, "standard_zh"));
        jh_buf_puts(b, "</td><td>");
        verdict(b, str(ind, "verdict"));
        jh_buf_puts(b, "</td><td>");
        indicator_detail(b, ind);
        jh_buf_puts(b, "</td></tr>\n");
        ii++;
    }
    rhtml_table_end(b);
}

/* How many indicators of part p have verdict v. */
static int count_verdict(const cJSON *p, const char *v)
{
    int n = 0;
    const cJSON *ind;
    cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators")) n += !strcmp(str(ind, "verdict"), v);
    return n;
}

static const char *const PART_NO[4] = {"一", "二", "三", "四"};

static void section_evaluation(const cJSON *st, jh_buf_t *b)
{
    const cJSON *ev = cJSON_GetObjectItem(st, "evaluation");
    if (!ev) return;
    jh_buf_puts(b, "<section id=\"evaluation\" class=\"page\"><h2>八、优质均衡督导评估（32项指标）</h2>\n");
    const cJSON *ov = cJSON_GetObjectItem(ev, "overall");
    jh_buf_puts(b, "<p class=\"lead\">总体结论：");
    verdict(b, str(ov, "verdict"));
    jh_buf_puts(b, " ");
    rhtml_escape(b, str(ov, "reason_zh"));
    jh_buf_puts(b, "</p>\n");
    if (!cJSON_IsTrue(cJSON_GetObjectItem(ev, "facts_loaded")))
        jh_buf_puts(b, "<p class=\"note\">未录入县级数据表：县级指标与一票否决事项均为“无数据”。</p>\n");
    /* the veto items first */
    jh_buf_puts(b, "<h3>一票否决事项</h3>\n");
    veto_table(ev, b);
    /* the four parts */
    int pi = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
    {
        jh_buf_printf(b, "<h3>（%s）", PART_NO[pi & 3]);
        rhtml_escape(b, str(p, "name_zh"));
        jh_buf_puts(b, "：");
        verdict(b, str(p, "verdict"));
        jh_buf_puts(b, "</h3>\n");
        part_table(p, pi, b);
        pi++;
    }
    jh_buf_puts(b, "<p class=\"note\">资源配置 L1–L7 逐校分学段计数：九年一贯制等跨学段学校的小学、初中各计一次，"
                   "未达标的学段在学校名称后注明。</p>\n");
    jh_buf_puts(b, "<p class=\"note\">“无数据”表示名册或县级数据表中未填写，不视为达标；各项标准为国家标准，"
                   "省级提高的标准在县级数据表中填写后按填写值评估。</p>\n");
    jh_buf_puts(b, "</section>\n");
}

/* Opens a section: an h2 on a new page, or an h3 inside a section (sub). */
static void open_section(jh_buf_t *b, const char *id, const char *title, bool sub)
{
    jh_buf_printf(b, "<section id=\"%s\"%s><h%c>", id, sub ? "" : " class=\"page\"", sub ? '3' : '2');
    rhtml_escape(b, title);
    jh_buf_printf(b, "</h%c>\n", sub ? '3' : '2');
}

/* A row of the table of each school round by round: `code` in every round,
 * `note` after its name (NULL: none). */
static void trend_school_row(jh_buf_t *b, const cJSON *rounds, const char *code, const char *name,
                             const char *note)
{
    jh_buf_puts(b, "<tr><td>");
    rhtml_escape(b, name);
    if (note) rhtml_escapef(b, "（%s）", note);
    jh_buf_puts(b, "</td>");
    int i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, rounds)
    {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItem(r, "schools"), code);
        jh_buf_puts(b, "<td>");
        if (!o) {
            jh_buf_puts(b, "—");
        } else {
            const cJSON *c = cJSON_GetObjectItem(o, "compliant");
            if (cJSON_IsBool(c))
                rhtml_mark_text(b, cJSON_IsTrue(c), "达标", "未达标");
            else
                jh_buf_puts(b, "无数据");
            jh_buf_puts(b, " / ");
            double x = num(o, "satisfaction");
            if (isnan(x)) {
                jh_buf_puts(b, "—");
            } else {
                char ptr[160];
                jh_buf_t esc = {0};
                /* JSON Pointer: ~ and / in the key are escaped */
                for (const char *p = code; *p; p++)
                    jh_buf_puts(&esc, *p == '~' ? "~0" : *p == '/' ? "~1" : (char[2]){*p, 0});
                snprintf(ptr, sizeof ptr, "/trend/rounds/%d/schools/%s/satisfaction", i, esc.data ? esc.data : "");
                jh_buf_free(&esc);
                rhtml_num(b, ptr, x, RHTML_PCT1);
            }
        }
        jh_buf_puts(b, "</td>");
        i++;
    }
    jh_buf_puts(b, "</tr>\n");
}

static bool section_trend(const cJSON *st, jh_buf_t *b, const char *title, bool sub)
{
    const cJSON *t = cJSON_GetObjectItem(st, "trend");
    const cJSON *rounds = cJSON_GetObjectItem(t, "rounds");
    int n = cJSON_GetArraySize(rounds);
    if (n < 2) return false; /* one round: nothing to compare */
    /* the threshold in use (--threshold): each rate is printed apart from it */
    double thr = num(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "verdicts"), "social_recognition"), "threshold");
    if (!isfinite(thr)) thr = 0.85; /* a document from before the threshold was recorded */
    open_section(b, "trend", title, sub);
    static const char *const h[] = {"轮次", "有效问卷", "社会认可度", "社会认可度标准（该轮结论）",
                                    "小学质量差异系数（最大）", "初中质量差异系数（最大）", "小学达标学校",
                                    "初中达标学校", "总体结论", NULL};
    rhtml_table_begin(b, "trend", h);
    bool thr_differ = false; /* a round judged against another threshold than this one */
    const cJSON *r;
    int i = 0;
    cJSON_ArrayForEach(r, rounds)
    {
        char ptr[128];
        jh_buf_puts(b, "<tr><td>");
        rhtml_escapef(b, "%s%s", str(r, "round"), cJSON_IsTrue(cJSON_GetObjectItem(r, "frozen")) ? "" : "（本轮）");
        jh_buf_puts(b, "</td><td class=\"num\">");
        snprintf(ptr, sizeof ptr, "/trend/rounds/%d/questionnaires", i);
        if (isfinite(num(r, "questionnaires"))) rhtml_num(b, ptr, num(r, "questionnaires"), RHTML_INT);
        jh_buf_puts(b, "</td><td class=\"num\">");
        const cJSON *sr = cJSON_GetObjectItem(r, "social_recognition");
        /* each round's rate and verdict against its own threshold */
        const cJSON *rules = cJSON_GetObjectItem(r, "rules");
        double own = isfinite(num(rules, "threshold")) ? num(rules, "threshold") : thr;
        thr_differ = thr_differ || fabs(own - thr) > 1e-9;
        snprintf(ptr, sizeof ptr, "/trend/rounds/%d/social_recognition/rate", i);
        if (isfinite(num(sr, "rate")))
            rhtml_num(b, ptr, num(sr, "rate"), rhtml_fmt_apart(num(sr, "rate"), own, RHTML_PCT1));
        else
            jh_buf_puts(b, "无数据");
        jh_buf_puts(b, "</td><td>");
        if (isfinite(num(rules, "threshold"))) {
            snprintf(ptr, sizeof ptr, "/trend/rounds/%d/rules/threshold", i);
            rhtml_num(b, ptr, own, pct_as_is(own));
        } else {
            rhtml_escapef(b, "%g %%", own * 100);
        }
        const cJSON *pass = cJSON_GetObjectItem(sr, "pass");
        if (cJSON_IsBool(pass)) {
            jh_buf_puts(b, " ");
            snprintf(ptr, sizeof ptr, "/trend/rounds/%d/social_recognition/pass", i);
            rhtml_mark_src(b, ptr, cJSON_IsTrue(pass), "达标", "未达标");
        }
        const cJSON *x;
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(rules, "differs")) if (cJSON_IsString(x) &&
                                                                         !strcmp(x->valuestring, "threshold"))
            jh_buf_puts(b, "（与本轮标准不同）");
        jh_buf_puts(b, "</td>");
        for (int l = 0; l < 2; l++) {
            const char *lv = l ? "junior" : "primary";
            const cJSON *cv = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "cv"), lv);
            double m = NAN;
            int mq = 0;
            for (int q = 1; q <= STATS_N_QUALITY; q++) {
                char k[8];
                snprintf(k, sizeof k, "L%d", q);
                double x = num(cv, k);
                if (isfinite(x) && (isnan(m) || x > m)) {
                    m = x;
                    mq = q;
                }
            }
            jh_buf_puts(b, "<td class=\"num\">");
            if (isnan(m)) {
                jh_buf_puts(b, "无法计算");
            } else {
                snprintf(ptr, sizeof ptr, "/trend/rounds/%d/cv/%s/L%d", i, lv, mq);
                rhtml_num(b, ptr, m, rhtml_fmt_apart(m, stats_quality_cv_limit((stats_part_t)l), RHTML_F3));
                rhtml_escapef(b, "（L%d）", mq);
            }
            jh_buf_puts(b, "</td>");
        }
        for (int l = 0; l < 2; l++) {
            const char *lv = l ? "junior" : "primary";
            const cJSON *cv = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "cv"), lv);
            jh_buf_puts(b, "<td class=\"num\">");
            snprintf(ptr, sizeof ptr, "/trend/rounds/%d/cv/%s/schools_compliant", i, lv);
            if (isfinite(num(cv, "schools_compliant"))) rhtml_num(b, ptr, num(cv, "schools_compliant"), RHTML_INT);
            if (isfinite(num(cv, "n_schools"))) rhtml_escapef(b, " / %.0f", num(cv, "n_schools"));
            jh_buf_puts(b, "</td>");
        }
        jh_buf_puts(b, "<td>");
        verdict(b, str(cJSON_GetObjectItem(r, "evaluation"), "overall"));
        jh_buf_puts(b, "</td></tr>\n");
        i++;
    }
    rhtml_table_end(b);
    /* social recognition round by round */
    rhtml_bar_t *bars = jh_xcalloc((size_t)n, sizeof *bars);
    char (*ptrs)[96] = jh_xcalloc((size_t)n, sizeof *ptrs);
    char (*labels)[128] = jh_xcalloc((size_t)n, sizeof *labels);
    int m = 0;
    i = 0;
    cJSON_ArrayForEach(r, rounds)
    {
        double x = num(cJSON_GetObjectItem(r, "social_recognition"), "rate");
        if (isfinite(x)) {
            /* a round judged against another threshold than the line's: its own (the note below gives its verdict) */
            double own = num(cJSON_GetObjectItem(r, "rules"), "threshold");
            if (isfinite(own) && fabs(own - thr) > 1e-9)
                snprintf(labels[m], sizeof labels[m], "%s（标准%g%%）", str(r, "round"), own * 100);
            else
                snprintf(labels[m], sizeof labels[m], "%s", str(r, "round"));
            bars[m].label = labels[m];
            bars[m].value = x;
            snprintf(ptrs[m], sizeof ptrs[m], "/trend/rounds/%d/social_recognition/rate", i);
            bars[m].pointer = ptrs[m];
            m++;
        }
        i++;
    }
    if (m) {
        char ref[32]; /* the threshold in use: "85 %", "80 %" */
        snprintf(ref, sizeof ref, "%g %%", thr * 100);
        rhtml_hbar_opts_t o = {"历轮社会认可度", thr, ref, 5};
        rhtml_svg_hbars(b, bars, m, &o);
        if (thr_differ) {
            /* the line is this round's threshold: an earlier round was judged against its own */
            jh_buf_puts(b, "<p class=\"note\">");
            rhtml_escapef(b, "图中参考线为本轮的社会认可度标准（%g %%）。以下轮次按各自不同的标准判定：", thr * 100);
            int c = 0;
            cJSON_ArrayForEach(r, rounds)
            {
                double own = num(cJSON_GetObjectItem(r, "rules"), "threshold");
                if (isfinite(own) && fabs(own - thr) > 1e-9)
                    rhtml_escapef(b, "%s%s 标准 %g %%（%s）", c++ ? "；" : "", str(r, "round"), own * 100,
                                  cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "social_recognition"), "pass"))
                                      ? "达标"
                                      : "未达标");
            }
            jh_buf_puts(b, "。各轮结论不能直接比较，认可度数值可以比较。</p>\n");
        }
    }
    free(bars);
    free(ptrs);
    free(labels);
    /* the rounds computed under other rules than this one (the warnings say the same) */
    const cJSON *differ = cJSON_GetObjectItem(t, "rules_differ");
    if (cJSON_GetArraySize(differ) > 0) {
        static const char *const what[][2] = {{"teaching_points", "教学点口径"},
                                             {"threshold", "社会认可度标准"},
                                             {"recognition_method", "社会认可度计算方法"},
                                             {"qualification_baseline", "“高于规定学历”的学历基准"},
                                             {"public_scope", "社会公众答案的计入范围（以前也计入学校）"},
                                             {"dont_know_questionnaires",
                                              "全答“不了解”问卷是否有效（以前算有效）"}};
        jh_buf_puts(b, "<p class=\"note\">注意：");
        int c = 0;
        cJSON_ArrayForEach(r, rounds)
        {
            const cJSON *d = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "rules"), "differs"), *x;
            if (cJSON_GetArraySize(d) == 0) continue;
            rhtml_escapef(b, "%s轮次 %s 的", c++ ? "；" : "", str(r, "round"));
            int k = 0;
            cJSON_ArrayForEach(x, d) for (size_t w = 0; w < sizeof what / sizeof what[0]; w++)
            {
                if (cJSON_IsString(x) && !strcmp(x->valuestring, what[w][0]))
                    rhtml_escapef(b, "%s%s", k++ ? "、" : "", what[w][1]);
            }
            jh_buf_puts(b, "与本轮不同");
        }
        jh_buf_puts(b, "：这些轮次的有关数据和结论不能与本轮直接比较（详见统计警告）。</p>\n");
    }
    /* every CV beside the previous rounds */
    jh_buf_printf(b, "<h%c>各项差异系数历轮比较</h%c>\n", sub ? '4' : '3', sub ? '4' : '3');
    jh_buf_puts(b, "<table class=\"trend-cv\"><thead><tr><th>学段</th><th>指标</th>");
    cJSON_ArrayForEach(r, rounds)
    {
        jh_buf_puts(b, "<th>");
        rhtml_escape(b, str(r, "round"));
        jh_buf_puts(b, "</th>");
    }
    jh_buf_puts(b, "<th>限值</th></tr></thead><tbody>\n");
    for (int l = 0; l < 2; l++) {
        const char *lv = l ? "junior" : "primary";
        for (int q = 1; q <= STATS_N_QUALITY + 1; q++) {
            char k[20];
            if (q <= STATS_N_QUALITY)
                snprintf(k, sizeof k, "L%d", q);
            else
                snprintf(k, sizeof k, "basic_composite");
            double lim = q <= STATS_N_QUALITY ? stats_quality_cv_limit((stats_part_t)l)
                                               : stats_basic_cv_limit((stats_part_t)l);
            jh_buf_printf(b, "<tr><td>%s</td><td>%s</td>", l ? "初中" : "小学",
                          q <= STATS_N_QUALITY ? k : "基本均衡综合");
            i = 0;
            cJSON_ArrayForEach(r, rounds)
            {
                const cJSON *cv = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "cv"), lv);
                double x = num(cv, k);
                jh_buf_puts(b, "<td class=\"num\">");
                if (isnan(x)) {
                    jh_buf_puts(b, "—");
                } else {
                    char ptr[128];
                    snprintf(ptr, sizeof ptr, "/trend/rounds/%d/cv/%s/%s", i, lv, k);
                    rhtml_num(b, ptr, x, rhtml_fmt_apart(x, lim, RHTML_F3));
                    if (!stats_within_limit(x, lim)) jh_buf_puts(b, " ×");
                }
                jh_buf_puts(b, "</td>");
                i++;
            }
            jh_buf_printf(b, "<td class=\"num\">%.2f</td></tr>\n", lim);
        }
    }
    jh_buf_puts(b, "</tbody></table>\n");
    /* each school's compliance and satisfaction beside the previous rounds */
    jh_buf_printf(b, "<h%c>各校资源配置达标与满意率历轮比较</h%c>\n", sub ? '4' : '3', sub ? '4' : '3');
    jh_buf_puts(b, "<table class=\"trend-schools\"><thead><tr><th>学校</th>");
    cJSON_ArrayForEach(r, rounds)
    {
        jh_buf_puts(b, "<th>");
        rhtml_escapef(b, "%s 达标 / 满意率", str(r, "round"));
        jh_buf_puts(b, "</th>");
    }
    jh_buf_puts(b, "</tr></thead><tbody>\n");
    const cJSON *last = cJSON_GetArrayItem(rounds, n - 1), *sc;
    cJSON_ArrayForEach(sc, cJSON_GetObjectItem(last, "schools"))
        trend_school_row(b, rounds, sc->string, str(sc, "name"), NULL);
    /* the schools of the round before that this round does not evaluate */
    const cJSON *lc;
    cJSON_ArrayForEach(lc, cJSON_GetObjectItem(t, "changes"))
    {
        const char *c = str(lc, "compliance");
        if (!strcmp(c, "left_register") || !strcmp(c, "left_figures"))
            trend_school_row(b, rounds, str(lc, "code"), str(lc, "name"), str(lc, "compliance_zh"));
    }
    jh_buf_puts(b, "</tbody></table>\n");
    /* each school since the previous round */
    jh_buf_printf(b, "<h%c>各校与上一轮相比</h%c>\n", sub ? '4' : '3', sub ? '4' : '3');
    static const char *const ch[] = {"学校", "资源配置达标", "满意率（上一轮 → 本轮）", "新达标指标", "新未达标指标", NULL};
    rhtml_table_begin(b, "changes", ch);
    const cJSON *e;
    i = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(t, "changes"))
    {
        char ptr[96];
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, str(e, "name"));
        jh_buf_puts(b, "</td><td>");
        rhtml_escape(b, str(e, "compliance_zh"));
        jh_buf_puts(b, "</td><td class=\"num\">");
        double a = num(e, "satisfaction_before"), z = num(e, "satisfaction_now");
        snprintf(ptr, sizeof ptr, "/trend/changes/%d/satisfaction_before", i);
        if (isfinite(a)) rhtml_num(b, ptr, a, RHTML_PCT1); else jh_buf_puts(b, "—");
        jh_buf_puts(b, " → ");
        snprintf(ptr, sizeof ptr, "/trend/changes/%d/satisfaction_now", i);
        if (isfinite(z)) rhtml_num(b, ptr, z, RHTML_PCT1); else jh_buf_puts(b, "—");
        for (int k = 0; k < 2; k++) {
            jh_buf_puts(b, "</td><td>");
            const cJSON *x;
            int c = 0;
            cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, k ? "indicators_now_failed" : "indicators_now_met"))
                rhtml_escapef(b, "%s%s", c++ ? " " : "", x->valuestring);
        }
        jh_buf_puts(b, "</td></tr>\n");
        i++;
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "</section>\n");
    return true;
}

static bool section_plan(const cJSON *st, jh_buf_t *b, const char *title, bool sub)
{
    const cJSON *plan = cJSON_GetObjectItem(st, "rectification_plan");
    const cJSON *items = cJSON_GetObjectItem(plan, "items");
    if (cJSON_GetArraySize(items) == 0) return false;
    const cJSON *c = cJSON_GetObjectItem(plan, "counts");
    open_section(b, "plan", title, sub);
    jh_buf_puts(b, "<p>");
    rhtml_escapef(b, "以往各轮整改方案共 %d 项：已完成 %.0f 项，有改善 %.0f 项，无变化 %.0f 项，退步 %.0f 项，无法判断 %.0f 项"
                     "（按本轮数据自动判定）。",
                  cJSON_GetArraySize(items), num(c, "done"), num(c, "improved"), num(c, "unchanged"),
                  num(c, "worse"), num(c, "unknown"));
    jh_buf_puts(b, "</p>\n");
    static const char *const h[] = {"轮次", "学校", "指标", "当时", "本轮", "整改措施", "责任部门", "完成时限", "状态", NULL};
    rhtml_table_begin(b, "plan", h);
    const cJSON *e;
    cJSON_ArrayForEach(e, items)
    {
        const char *cols[] = {str(e, "round"), str(e, "school_name")[0] ? str(e, "school_name") : str(e, "school_code"),
                              NULL, str(e, "value_then_zh"), str(e, "value_now_zh"), str(e, "measures"),
                              str(e, "department"), str(e, "deadline")};
        jh_buf_puts(b, "<tr>");
        for (int k = 0; k < 8; k++) {
            jh_buf_puts(b, "<td>");
            if (k == 2)
                rhtml_escapef(b, "%s %s", str(e, "indicator"), str(e, "name_zh"));
            else
                rhtml_escape(b, cols[k][0] ? cols[k] : "—");
            jh_buf_puts(b, "</td>");
        }
        const char *s = str(e, "status");
        jh_buf_puts(b, "<td class=\"status-");
        rhtml_escape(b, s);
        jh_buf_puts(b, "\">");
        if (!strcmp(s, "done"))
            rhtml_mark_text(b, true, "已完成", "");
        else if (!strcmp(s, "worse"))
            rhtml_mark_text(b, false, "", "退步");
        else
            rhtml_escape(b, str(e, "status_zh"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "</section>\n");
    return true;
}

void report_eval_toc(const cJSON *stats, jh_buf_t *b)
{
    if (cJSON_GetObjectItem(stats, "evaluation"))
        jh_buf_puts(b, "<a href=\"#evaluation\">八、优质均衡督导评估（32项指标）</a><br>");
    if (cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(stats, "trend"), "rounds")) >= 2)
        jh_buf_puts(b, "<a href=\"#trend\">九、历轮比较</a><br>");
    if (cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(stats, "rectification_plan"), "items")) > 0)
        jh_buf_puts(b, "<a href=\"#plan\">十、整改落实情况</a><br>");
}

int report_plan_items(const cJSON *stats)
{
    if (!cJSON_GetObjectItem(stats, "evaluation")) return -1;
    rectify_item_t *items = NULL;
    int n = 0;
    rectify_items_from_doc(stats, "", &items, &n);
    free(items);
    return n;
}

void report_eval_summary(const cJSON *stats, jh_buf_t *b)
{
    const cJSON *ev = cJSON_GetObjectItem(stats, "evaluation");
    if (!ev) return;
    jh_buf_puts(b, "<p class=\"eval-summary\"><b>优质均衡督导评估（32项指标）：</b>");
    verdict(b, str(cJSON_GetObjectItem(ev, "overall"), "verdict"));
    jh_buf_puts(b, " ");
    rhtml_escape(b, str(cJSON_GetObjectItem(ev, "overall"), "reason_zh"));
    jh_buf_puts(b, "。一票否决事项 ");
    verdict(b, str(cJSON_GetObjectItem(ev, "veto"), "verdict"));
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
    {
        jh_buf_puts(b, "；");
        rhtml_escape(b, str(p, "name_zh"));
        jh_buf_puts(b, " ");
        verdict(b, str(p, "verdict"));
    }
    jh_buf_puts(b, "。详见“八、优质均衡督导评估”。");
    /* the items of the plan `junheng rectify --out` writes: 整改项, one
     * number under one name wherever it is read (review reval5 item 2) */
    if (cJSON_GetArraySize(cJSON_GetObjectItem(stats, "schools")) == 0) /* (not "共 0 项": review r2doc3 item 3) */
        jh_buf_puts(b, "整改项：无法计算（尚未导入学校名册）。");
    else
        rhtml_escapef(b, "整改项（本轮评估的全部未达标项，即整改方案的各项）共 %d 项。", report_plan_items(stats));
    jh_buf_puts(b, "</p>\n");
}

void report_eval_sections(const cJSON *stats, jh_buf_t *b)
{
    section_evaluation(stats, b);
    section_trend(stats, b, "九、历轮比较", false);
    section_plan(stats, b, "十、整改落实情况", false);
}

/* ---- the county self-assessment (自评报告) ----------------------------------- */

bool report_self_assessment(const cJSON *stats)
{
    return cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(stats, "evaluation"), "facts_loaded"));
}

void report_self_toc(const cJSON *stats, jh_buf_t *b)
{
    const cJSON *ev = cJSON_GetObjectItem(stats, "evaluation"), *p;
    jh_buf_puts(b, "<nav class=\"toc\"><a href=\"#overview\">一、基本情况</a><br>");
    int k = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
    {
        jh_buf_puts(b, "<a href=\"#part-");
        rhtml_escape(b, str(p, "code"));
        jh_buf_puts(b, "\">");
        rhtml_escapef(b, "%s、%s", k == 0 ? "二" : k == 1 ? "三" : k == 2 ? "四" : "五", str(p, "name_zh"));
        jh_buf_puts(b, "</a><br>");
        k++;
    }
    jh_buf_puts(b, "<a href=\"#problems\">六、存在的主要问题</a><br>"
                   "<a href=\"#rectification\">七、整改措施及落实情况</a><br>"
                   "<a href=\"#cards\">附件一：各校情况</a><br>"
                   "<a href=\"#appendix\">附件二：导入记录、答卷质量、样本、计算方法</a></nav>\n");
}

void report_self_overview_open(const cJSON *stats, jh_buf_t *b)
{
    const cJSON *ev = cJSON_GetObjectItem(stats, "evaluation"), *s;
    jh_buf_puts(b, "<section id=\"overview\" class=\"page\"><h2>一、基本情况</h2>\n<h3>（一）概况</h3>\n<p>");
    const cJSON *info = cJSON_GetObjectItem(stats, "report");
    const char *county = str(info, "county_name");
    rhtml_escapef(b, "%s纳入本次评估的义务教育学校", county[0] ? county : "本县（市、区）");
    /* schools by level, students and full-time teachers from the register */
    int n_all = 0, by[STATS_LEVEL_COUNT] = {0};
    double pupils = 0, teachers = 0;
    bool have_pupils = false, have_teachers = false, teachers_unsplit = false;
    int n_estimated = 0; /* schools whose junior teachers are a share (complete middle, twelve-year) */
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(stats, "schools"))
    {
        if (cJSON_IsTrue(cJSON_GetObjectItem(s, "excluded"))) continue;
        n_all++;
        for (int l = 0; l < STATS_LEVEL_COUNT; l++)
            if (!strcmp(str(s, "level"), stats_level_code((stats_level_t)l))) by[l]++;
        /* The compulsory parts, as the statistics count them (review rclerk6
         * item 1): raw.enrolment is the register's total cell, blank when a
         * combined school gives only its levels and holding a complete middle
         * school's senior-high pupils. */
        const cJSON *part;
        bool part_teachers = false;
        cJSON_ArrayForEach(part, cJSON_GetObjectItem(s, "parts"))
        {
            double e = num(part, "enrolment"), t = num(part, "teachers");
            if (isfinite(e)) pupils += e, have_pupils = true;
            if (isfinite(t)) teachers += t, have_teachers = part_teachers = true;
        }
        /* Statistics written before the parts carried teachers: the
         * register's total would count a complete middle school's senior
         * teachers beside compulsory pupils (review r2clerk item 3), so no
         * teacher total is printed then. */
        if (!part_teachers && isfinite(num(cJSON_GetObjectItem(s, "raw"), "teachers"))) teachers_unsplit = true;
        const char *lv = str(s, "level");
        if (part_teachers && (!strcmp(lv, "complete_middle") || !strcmp(lv, "twelve_year"))) n_estimated++;
    }
    rhtml_escapef(b, " %d 所", n_all);
    bool first = true;
    for (int l = 0; l < STATS_LEVEL_COUNT; l++) {
        if (!by[l]) continue;
        rhtml_escapef(b, "%s%s %d 所", first ? "（其中" : "、", stats_level_zh((stats_level_t)l), by[l]);
        first = false;
    }
    if (!first) jh_buf_puts(b, "）");
    char n_fmt[48];
    rhtml_fmt_value(pupils, RHTML_INT, n_fmt, sizeof n_fmt); /* "11,445" as every count (review rexcel5 item 9) */
    if (have_pupils) rhtml_escapef(b, "，义务教育阶段在校生 %s 人", n_fmt);
    rhtml_fmt_value(teachers, RHTML_INT, n_fmt, sizeof n_fmt);
    /* (review r2clerk item 2: a share is an estimate, said so) */
    if (have_teachers && !teachers_unsplit) {
        rhtml_escapef(b, "，专任教师%s %s 人", n_estimated ? "约" : "", n_fmt);
        if (n_estimated)
            rhtml_escapef(b, "（其中 %d 所完全中学或十二年一贯制学校的初中部教师按各学段在校生数折算）", n_estimated);
    }
    const cJSON *resp = cJSON_GetObjectItem(stats, "responses");
    rhtml_fmt_value(num(resp, "valid"), RHTML_INT, n_fmt, sizeof n_fmt);
    if (isfinite(num(resp, "valid"))) rhtml_escapef(b, "。社会认可度调查收回有效问卷 %s 份", n_fmt);
    jh_buf_puts(b, "。县级指标依据县级数据表（");
    rhtml_escape(b, str(ev, "facts_source")[0] ? str(ev, "facts_source") : "未注明");
    jh_buf_puts(b, "）填写，每项注明文件依据；学校指标依据学校名册逐校计算。</p>\n");

    /* the verdict, the veto items first, then the four parts */
    const cJSON *ov = cJSON_GetObjectItem(ev, "overall");
    jh_buf_puts(b, "<p class=\"lead\">自评结论：");
    verdict(b, str(ov, "verdict"));
    jh_buf_puts(b, " ");
    rhtml_escape(b, str(ov, "reason_zh"));
    jh_buf_puts(b, "。</p>\n");
    static const char *const h[] = {"评估内容", "指标数", "达标", "未达标", "无数据", "结论", NULL};
    rhtml_table_begin(b, "parts", h);
    const cJSON *veto = cJSON_GetObjectItem(ev, "veto"), *p;
    int vn = cJSON_GetArraySize(cJSON_GetObjectItem(veto, "facts")), vp = 0, vf = 0, vd = 0;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(veto, "facts"))
    {
        const char *v = str(s, "verdict");
        vp += !strcmp(v, "pass");
        vf += !strcmp(v, "fail");
        vd += !strcmp(v, "no_data");
    }
    jh_buf_printf(b, "<tr><td>一票否决事项</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                     "<td class=\"num\">%d</td><td class=\"num\">%d</td><td>",
                  vn, vp, vf, vd);
    verdict(b, str(veto, "verdict"));
    jh_buf_puts(b, "</td></tr>\n");
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
    {
        jh_buf_puts(b, "<tr><td>");
        rhtml_escape(b, str(p, "name_zh"));
        jh_buf_printf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                         "<td class=\"num\">%d</td><td>",
                      cJSON_GetArraySize(cJSON_GetObjectItem(p, "indicators")), count_verdict(p, "pass"),
                      count_verdict(p, "fail"), count_verdict(p, "no_data"));
        verdict(b, str(p, "verdict"));
        jh_buf_puts(b, "</td></tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<h3>（二）一票否决事项</h3>\n");
    veto_table(ev, b);
}

void report_self_part_open(const cJSON *stats, int k, jh_buf_t *b)
{
    const cJSON *ev = cJSON_GetObjectItem(stats, "evaluation");
    const cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(ev, "parts"), k);
    if (!p) return;
    jh_buf_puts(b, "<section id=\"part-");
    rhtml_escape(b, str(p, "code")); /* (a stats.json given with --stats-json is input) */
    jh_buf_puts(b, "\" class=\"page\"><h2>");
    rhtml_escapef(b, "%s、%s", k == 0 ? "二" : k == 1 ? "三" : k == 2 ? "四" : "五", str(p, "name_zh"));
    jh_buf_puts(b, "</h2>\n<p class=\"lead\">结论：");
    verdict(b, str(p, "verdict"));
    int nf = count_verdict(p, "fail"), nd = count_verdict(p, "no_data");
    rhtml_escapef(b, "（%d 项指标：达标 %d 项", cJSON_GetArraySize(cJSON_GetObjectItem(p, "indicators")),
                  count_verdict(p, "pass"));
    if (nf) rhtml_escapef(b, "，未达标 %d 项", nf);
    if (nd) rhtml_escapef(b, "，无数据 %d 项", nd);
    jh_buf_puts(b, "）。</p>\n<h3>（一）指标达标情况</h3>\n");
    part_table(p, k, b);
}

void report_self_problems(const cJSON *stats, jh_buf_t *b)
{
    const cJSON *ev = cJSON_GetObjectItem(stats, "evaluation"), *p, *ind, *e;
    jh_buf_puts(b, "<section id=\"problems\" class=\"page\"><h2>六、存在的主要问题</h2>\n");
    int n = 0;
    /* veto items first, then the failing indicators part by part */
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "veto"), "facts"))
    {
        if (strcmp(str(e, "verdict"), "fail")) continue;
        if (!n++) jh_buf_puts(b, "<ol class=\"problems\">\n");
        jh_buf_puts(b, "<li><b>一票否决：</b>");
        rhtml_escape(b, str(e, "item_zh"));
        jh_buf_puts(b, "（依据：");
        rhtml_escape(b, str(e, "evidence")[0] ? str(e, "evidence") : "未注明依据");
        jh_buf_puts(b, "）。</li>\n");
    }
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
    {
        cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators"))
        {
            if (strcmp(str(ind, "verdict"), "fail")) continue;
            if (!n++) jh_buf_puts(b, "<ol class=\"problems\">\n");
            jh_buf_puts(b, "<li><b>");
            rhtml_escapef(b, "%s（%s %s）", str(p, "name_zh"), str(ind, "code"), str(ind, "name_zh"));
            jh_buf_puts(b, "</b>：标准 ");
            rhtml_escape(b, str(ind, "standard_zh"));
            jh_buf_puts(b, "。<br>");
            indicator_detail(b, ind);
            jh_buf_puts(b, "</li>\n");
        }
    }
    if (n)
        jh_buf_puts(b, "</ol>\n");
    else
        jh_buf_puts(b, "<p>经自查，没有未达标的指标和一票否决情形。</p>\n");
    /* what cannot be judged: no data is never a pass */
    int nd = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
    {
        cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators"))
        {
            if (strcmp(str(ind, "verdict"), "no_data")) continue;
            jh_buf_puts(b, nd++ ? "、" : "<p class=\"note\">以下指标无数据，不能判定为达标，需补齐数据：");
            rhtml_escapef(b, "%s %s", str(ind, "code"), str(ind, "name_zh"));
        }
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "veto"), "facts"))
    {
        if (strcmp(str(e, "verdict"), "no_data")) continue;
        jh_buf_puts(b, nd++ ? "、" : "<p class=\"note\">以下事项无数据，不能判定为达标，需补齐数据：");
        rhtml_escape(b, str(e, "item_zh"));
    }
    if (nd) jh_buf_puts(b, "。</p>\n");
    jh_buf_puts(b, "</section>\n");
}

int report_self_plan_trend(const cJSON *stats, int next, jh_buf_t *b)
{
    static const char *const no[] = {"一", "二", "三", "四", "五", "六"};
    char title[96];
    snprintf(title, sizeof title, "（%s）以往整改方案落实情况", no[next % 6]);
    if (section_plan(stats, b, title, true)) next++;
    snprintf(title, sizeof title, "（%s）历轮比较", no[next % 6]);
    if (section_trend(stats, b, title, true)) next++;
    return next;
}

void report_self_current_plan(const cJSON *stats, jh_buf_t *b)
{
    const char *round = str(cJSON_GetObjectItem(stats, "round"), "name");
    rectify_item_t *items = NULL;
    int n = 0;
    rectify_items_from_doc(stats, round, &items, &n);
    const cJSON *cur = cJSON_GetObjectItem(cJSON_GetObjectItem(stats, "rectification_plan"), "current");
    jh_buf_puts(b, "<section id=\"rectify\"><h3>（一）本轮整改方案</h3>\n");
    if (n == 0) {
        jh_buf_puts(b, "<p>本轮评估没有未达标项，无需整改。</p>\n</section>\n");
        free(items);
        return;
    }
    int filled = 0;
    static const char *const h[] = {"学校", "指标", "现状", "标准", "差距（所需）", "整改措施", "责任部门",
                                    "完成时限", NULL};
    rhtml_table_begin(b, "plan-now", h);
    for (int i = 0; i < n; i++) {
        const rectify_item_t *it = &items[i];
        const cJSON *f = NULL, *e;
        cJSON_ArrayForEach(e, cur)
            if (!strcmp(str(e, "key"), it->key)) f = e;
        filled += f && str(f, "measures")[0];
        const char *cols[8] = {it->school_name[0] ? it->school_name : "全县", NULL, it->value_zh, it->standard_zh,
                               it->needed_zh, str(f, "measures"), str(f, "department"), str(f, "deadline")};
        jh_buf_puts(b, "<tr>");
        for (int k = 0; k < 8; k++) {
            jh_buf_puts(b, "<td>");
            if (k == 1)
                rhtml_escapef(b, "%s %s", it->indicator, it->name_zh);
            else if (cols[k][0])
                rhtml_escape(b, cols[k]);
            else
                jh_buf_puts(b, k >= 5 ? "<span class=\"nodata\">未填写</span>" : "—");
            jh_buf_puts(b, "</td>");
        }
        jh_buf_puts(b, "</tr>\n");
    }
    rhtml_table_end(b);
    jh_buf_puts(b, "<p class=\"note\">");
    if (filled < n)
        rhtml_escapef(b, "整改项共 %d 项，其中 %d 项尚未填写整改措施：请在导出的整改方案（rectify.xlsx）中填写整改措施、"
                         "责任部门、完成时限后导入；下一轮评估自动判定每项的落实情况。",
                      n, n - filled);
    else
        rhtml_escapef(b, "整改项共 %d 项，均已填写整改措施；下一轮评估自动判定每项的落实情况。", n);
    jh_buf_puts(b, "</p>\n</section>\n");
    free(items);
}

void report_book_plan_sheet(rxlsx_t *x, const cJSON *stats)
{
    const cJSON *cur = cJSON_GetObjectItem(cJSON_GetObjectItem(stats, "rectification_plan"), "current");
    if (!cJSON_IsArray(cur) || cJSON_GetArraySize(cur) == 0) return; /* no plan loaded */
    rectify_item_t *items = NULL;
    int n = 0;
    rectify_items_from_doc(stats, str(cJSON_GetObjectItem(stats, "round"), "name"), &items, &n);
    if (n == 0) {
        free(items);
        return;
    }
    /* the columns of section 七 （一） of the report (review rexcel7 item 7) */
    static const rxlsx_col_t cols[] = {{"学校", RXLSX_TEXT, 20},        {"指标", RXLSX_TEXT, 24},
                                       {"现状", RXLSX_TEXT, 16},        {"标准", RXLSX_TEXT, 16},
                                       {"差距（所需）", RXLSX_TEXT, 24}, {"整改措施", RXLSX_TEXT, 40},
                                       {"责任部门", RXLSX_TEXT, 14},    {"完成时限", RXLSX_TEXT, 12}};
    rxlsx_sheet_t *s = rxlsx_sheet_add(x, "整改方案", "本轮整改方案（各校填报并导入的整改措施）", cols, 8);
    for (int i = 0; i < n; i++) {
        const rectify_item_t *it = &items[i];
        const cJSON *f = NULL, *e;
        cJSON_ArrayForEach(e, cur)
            if (!strcmp(str(e, "key"), it->key)) f = e;
        char ind[sizeof it->indicator + sizeof it->name_zh + 2];
        snprintf(ind, sizeof ind, "%s %s", it->indicator, it->name_zh);
        const char *cells[8] = {it->school_name[0] ? it->school_name : "全县", ind, it->value_zh,
                                it->standard_zh, it->needed_zh, str(f, "measures"), str(f, "department"),
                                str(f, "deadline")};
        for (int k = 0; k < 8; k++) rxlsx_text(s, k, cells[k][0] ? cells[k] : k >= 5 ? "未填写" : "—");
        rxlsx_row_end(s);
    }
    free(items);
}
