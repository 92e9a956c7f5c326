/* stats_csv.c - stats_write_csv(): the CSV files of `junheng stats`, made
 * from the stats JSON document so every number equals the JSON's.  UTF-8
 * with a BOM and Chinese headers, so Excel and WPS open them correctly. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"
#include "rectify.h"

/* A field as CSV: quoted when it holds a comma, quote or line break. */
static void cell_raw(jh_buf_t *b, const char *s, bool first)
{
    if (!first) jh_buf_puts(b, ",");
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        jh_buf_puts(b, s);
        return;
    }
    jh_buf_puts(b, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"') jh_buf_puts(b, "\"");
        jh_buf_append(b, p, 1);
    }
    jh_buf_puts(b, "\"");
}

bool stats_csv_formula_like(const char *s)
{
    return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

/* A plain decimal number as Excel reads one: an optional sign, digits with
 * at most one '.', an optional exponent.  Not all strtod takes: "-inf",
 * "-nan" and "-0x1p3" are text to Excel (#NAME? if written raw). */
static bool plain_number(const char *s)
{
    if (*s == '-' || *s == '+') s++;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++) digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++) digits++;
    if (!digits) return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+') s++;
        if (!(*s >= '0' && *s <= '9')) return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

/* Whether stats_csv_cell writes s with a leading apostrophe: formula-like
 * text that is not a plain number, or an apostrophe before such text
 * ("'=x" -> "''=x"), so that stats_csv_cell_unescape gives back every text
 * as it was. */
static bool needs_apostrophe(const char *s)
{
    for (; *s == '\''; s++) {}
    return stats_csv_formula_like(s) && !plain_number(s);
}

void stats_csv_cell(jh_buf_t *b, const char *s, bool first)
{
    if (!s) s = "";
    if (!needs_apostrophe(s)) {
        cell_raw(b, s, first);
        return;
    }
    char *safe = jh_sprintf("'%s", s);
    cell_raw(b, safe, first);
    free(safe);
}

const char *stats_csv_cell_unescape(const char *s)
{
    return s[0] == '\'' && needs_apostrophe(s + 1) ? s + 1 : s;
}

/* A text field: one that Excel, WPS or LibreOffice would run as a formula
 * (=, +, -, @, a tab or CR first: a file name, kiosk id or role from a
 * bundle can be anything) gets a leading apostrophe, as the OWASP advice
 * for CSV injection has it; numbers go through cell_raw. */
static void cell(jh_buf_t *b, const char *s, bool first)
{
    if (!stats_csv_formula_like(s)) {
        cell_raw(b, s, first);
        return;
    }
    char *safe = jh_sprintf("'%s", s);
    cell_raw(b, safe, first);
    free(safe);
}

/* Whether s is all digits: a code Excel and WPS would open as a number,
 * dropping leading zeros (0101 -> 101) or rounding long ones
 * (360102000001 -> 3.60102E+11). */
static bool all_digits(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

void stats_csv_code_cell(jh_buf_t *b, const char *s, bool first)
{
    if (!all_digits(s)) {
        cell(b, s, first);
        return;
    }
    /* a leading tab: the spreadsheet keeps the cell as text, digits whole,
     * and shows no mark (an apostrophe would be shown; ="0101" is a
     * formula); the tab is blank, so junheng's own reader trims it */
    if (!first) jh_buf_puts(b, ",");
    jh_buf_puts(b, "\t");
    jh_buf_puts(b, s);
}

const cJSON *stats_json_path(const cJSON *o, const char *path)
{
    /* "a.b.c"; each name cut to 63 bytes; copied with memcpy, not
     * snprintf (this runs for every cell of the CSV files: issue 20) */
    char key[64];
    const char *p = path;
    while (o && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        size_t m = n < sizeof key - 1 ? n : sizeof key - 1;
        memcpy(key, p, m);
        key[m] = '\0';
        o = cJSON_GetObjectItemCaseSensitive(o, key);
        p += n + (dot ? 1 : 0);
    }
    return o;
}

static void str_cell(jh_buf_t *b, const cJSON *o, const char *path, bool first)
{
    const cJSON *v = stats_json_path(o, path);
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    /* a school's code ("code" of a school, "school_code"); other "code"
     * fields (indicators: G5, L7) are never all digits */
    size_t n = strlen(path);
    if (n >= 4 && !strcmp(path + n - 4, "code"))
        stats_csv_code_cell(b, s, first);
    else
        cell(b, s, first);
}

/* kind: 'p' percent (2 decimals), 'n' count, 'f' 2 decimals, 'c' 4 decimals, 'b' 是/否,
 * 'w' a whole number as one ("1000"), else 2 decimals */
static void num_cell(jh_buf_t *b, const cJSON *o, const char *path, char kind)
{
    const cJSON *v = stats_json_path(o, path);
    char s[64] = "";
    if (kind == 'b') {
        if (cJSON_IsBool(v)) snprintf(s, sizeof s, "%s", cJSON_IsTrue(v) ? "是" : "否");
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        switch (kind) {
        case 'p': snprintf(s, sizeof s, "%.2f%%", d * 100); break;
        case 'n': snprintf(s, sizeof s, "%.0f", d); break;
        case 'c': snprintf(s, sizeof s, "%.4f", d); break;
        case 'w': snprintf(s, sizeof s, d == nearbyint(d) ? "%.0f" : "%.2f", d); break;
        default: snprintf(s, sizeof s, "%.2f", d); break;
        }
    }
    cell_raw(b, s, false);
}

/* What a 'c' or 'p' cell multiplies its number by (a percent is x 100). */
static double kind_scale(char kind)
{
    return kind == 'p' ? 100 : 1;
}

/* The number at path in o as a 'c' or 'p' cell shows it: scaled (*x) and
 * the kind's decimals (*d: 4 for 'c', 2 for 'p').  false, with an empty cell
 * written, when there is none. */
static bool cell_number(jh_buf_t *b, const cJSON *o, const char *path, char kind, double *x, int *d)
{
    const cJSON *v = stats_json_path(o, path);
    if (!cJSON_IsNumber(v)) {
        cell(b, "", false);
        return false;
    }
    *x = v->valuedouble * kind_scale(kind);
    *d = kind == 'c' ? 4 : 2;
    return true;
}

/* x with d decimals, a '%' after it for kind 'p'. */
static void decimals_cell(jh_buf_t *b, double x, int d, char kind)
{
    char s[64];
    snprintf(s, sizeof s, kind == 'p' ? "%.*f%%" : "%.*f", d, x);
    cell(b, s, false);
}

/* A number compared with ref1 / ref2 (NaN: none): as num_cell ('f', 'c' or
 * 'p'), with more decimals where those would show it equal to a ref it is
 * not equal to (issue 19 item 14: 0.89982 against 0.90 is 0.8998). */
static void num_cell_vs(jh_buf_t *b, const cJSON *o, const char *path, char kind, double ref1, double ref2)
{
    double x;
    int d;
    if (!cell_number(b, o, path, kind, &x, &d)) return;
    d = stats_apart_decimals(x, ref1 * kind_scale(kind), d);
    d = stats_apart_decimals(x, ref2 * kind_scale(kind), d);
    decimals_cell(b, x, d, kind);
}

/* A standard (limit or threshold) at path in o: as num_cell ('c' or 'p'),
 * with more decimals where those would not show the standard as it is
 * (81.459 %, not 81.46 %, beside 81.45899 % and 否); at most 8.  (The value
 * beside it is apart from it already: num_cell_vs.) */
static void std_cell(jh_buf_t *b, const cJSON *o, const char *path, char kind)
{
    double x;
    int d;
    if (!cell_number(b, o, path, kind, &x, &d)) return;
    for (double p10 = pow(10, d); d < 8 && fabs(nearbyint(x * p10) / p10 - x) > 1e-9 * fmax(1, fabs(x));
         p10 *= 10)
        d++;
    decimals_cell(b, x, d, kind);
}

/* The number at path in o, NaN when there is none (a reference for num_cell_vs). */
static double ref_at(const cJSON *o, const char *path)
{
    const cJSON *v = stats_json_path(o, path);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void header(jh_buf_t *b, const char *const *cols)
{
    jh_buf_puts(b, "\xEF\xBB\xBF");
    for (int i = 0; cols[i]; i++) cell(b, cols[i], i == 0);
    jh_buf_puts(b, "\r\n");
}

/* Writes b to dir/name and empties it, keeping its memory for the next
 * file (every file of stats_write_csv is made in one buffer, grown to the
 * largest file once, instead of a fresh buffer doubling up to each file's
 * size, issue 20; the largest, evaluation.csv, is written as it is made:
 * emit_evaluation). */
static jh_status_t flush(jh_buf_t *b, const char *dir, const char *name, jh_err_t *err)
{
    char *path = jh_sprintf("%s/%s", dir, name);
    jh_status_t st = jh_write_file_durable(path, b->data ? b->data : "", b->len, err);
    free(path);
    b->len = 0;
    if (b->data) b->data[0] = '\0';
    return st;
}

/* A role's Chinese name (学生, 家长, …), the code itself for a role the
 * evaluation does not name. */
static const char *role_zh(const char *role)
{
    static const char *const codes[] = {"student", "parent", "teacher", "public", "principal"};
    static const char *const zh[] = {"学生", "家长", "教师", "社会公众", "校长"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (!strcmp(role, codes[i])) return zh[i];
    return role;
}

/* The rate cells of a group; a suppressed group says 样本不足 (n<MIN) in
 * place of its rate, its counts being null. */
static void rate_cells(jh_buf_t *b, const cJSON *o, const char *prefix, const char *supp)
{
    char path[96];
    snprintf(path, sizeof path, "%s.rate", prefix);
    const cJSON *why = stats_json_path(o, "suppressed_reason");
    if (cJSON_IsTrue(stats_json_path(o, "suppressed")))
        /* hidden so that a small group cannot be derived (issue 19 item 6) */
        cell(b, cJSON_IsString(why) && !strcmp(why->valuestring, "complementary")
                    ? "隐藏（防推算） hidden (complementary)"
                    : supp,
             false);
    else
        num_cell(b, o, path, 'p');
    snprintf(path, sizeof path, "%s.ci_low", prefix);
    num_cell(b, o, path, 'p');
    snprintf(path, sizeof path, "%s.ci_high", prefix);
    num_cell(b, o, path, 'p');
    snprintf(path, sizeof path, "%s.satisfied", prefix);
    num_cell(b, o, path, 'n');
    snprintf(path, sizeof path, "%s.valid", prefix);
    num_cell(b, o, path, 'n');
}

/* One row of evaluation.csv. */
static void eval_row(jh_buf_t *b, const char *part, const cJSON *ind, const char *school_code,
                     const char *school_name, const char *item, const char *value,
                     const char *verdict_zh, const char *evidence)
{
    cell(b, part, true);
    str_cell(b, ind, "code", false);
    str_cell(b, ind, "name_zh", false);
    stats_csv_code_cell(b, school_code, false);
    cell(b, school_name, false);
    cell(b, item, false);
    cell(b, value, false);
    str_cell(b, ind, "standard_zh", false);
    cell(b, verdict_zh, false);
    cell(b, evidence, false);
    jh_buf_puts(b, "\r\n");
}

static void eval_indicator_rows(jh_buf_t *b, const char *part, const cJSON *ind)
{
    const cJSON *v = stats_json_path(ind, "verdict_zh");
    /* a level of one school: why its CV criterion counts as met, as the
     * county row's basis (review r2doc3 item 9) */
    jh_buf_t why = {0};
    for (int k = 0; k < 2; k++) {
        const cJSON *note = stats_json_path(ind, k ? "cv.junior.note_zh" : "cv.primary.note_zh");
        if (cJSON_IsString(note))
            jh_buf_printf(&why, "%s%s差异系数：%s", why.len ? "；" : "", k ? "初中" : "小学", note->valuestring);
    }
    /* social recognition: its rate and, failed, how far below its
     * threshold (review reval5 item 4: the row had no value) */
    char s1[160] = "";
    double rate, thr, gap;
    int d;
    const cJSON *code = stats_json_path(ind, "code");
    if (cJSON_IsString(code) && !strcmp(code->valuestring, "S1")) {
        if (rectify_s1_gap(ind, 2, &rate, &thr, &gap, &d))
            snprintf(s1, sizeof s1, "社会认可度 %.*f%%，低于 %g%% %.*f 个百分点", d, rate, thr, d, gap);
        else if (cJSON_IsNumber(stats_json_path(ind, "rate"))) {
            const cJSON *t = stats_json_path(ind, "threshold");
            rate = stats_json_path(ind, "rate")->valuedouble * 100;
            thr = (cJSON_IsNumber(t) ? t->valuedouble : 0.85) * 100;
            snprintf(s1, sizeof s1, "社会认可度 %.*f%%", stats_apart_decimals(rate, thr, 2), rate);
        }
    }
    eval_row(b, part, ind, "全县", "", "", s1, cJSON_IsString(v) ? v->valuestring : "", why.data ? why.data : "");
    jh_buf_free(&why);
    const cJSON *e;
    cJSON_ArrayForEach(e, stats_json_path(ind, "facts"))
    {
        const cJSON *x = stats_json_path(e, "value"), *ev = stats_json_path(e, "evidence");
        char val[64] = "无数据";
        if (cJSON_IsBool(x)) snprintf(val, sizeof val, "%s", cJSON_IsTrue(x) ? "是" : "否");
        if (cJSON_IsNumber(x)) stats_format_fact(x->valuedouble, val, sizeof val);
        eval_row(b, part, ind, "全县", "", stats_json_path(e, "item_zh")->valuestring, val,
                 stats_json_path(e, "verdict_zh")->valuestring,
                 cJSON_IsString(ev) && ev->valuestring[0] ? ev->valuestring : "未注明依据");
    }
    cJSON_ArrayForEach(e, stats_json_path(ind, "schools"))
        eval_row(b, part, ind, stats_json_path(e, "code")->valuestring, stats_json_path(e, "name")->valuestring, "",
                 stats_json_path(e, "value_zh")->valuestring, stats_json_path(e, "verdict_zh")->valuestring, "");
}

/* Writes out what b holds to fd at *written and empties it (false, errno
 * set, when a write fails); has the kernel start writing that piece to the
 * disk (as stats.json's: the fsync at the end waits for less). */
static bool drain(jh_buf_t *b, int fd, off_t *written)
{
    if (!jh_write_all(fd, b->data, b->len)) return false;
#ifdef SYNC_FILE_RANGE_WRITE
    if (b->len) sync_file_range(fd, *written, (off_t)b->len, SYNC_FILE_RANGE_WRITE);
#endif
    *written += (off_t)b->len;
    b->len = 0;
    if (b->data) b->data[0] = '\0';
    return true;
}

typedef struct {
    const cJSON *ev;
    jh_buf_t *b;
} eval_csv_t;

/* evaluation.csv into fd as it is made, an indicator or a few at a time
 * (an emitter of jh_write_file_durable_with): the largest file (6.3 MB for
 * 2,000 schools) needs no buffer of its size, which would be fresh memory
 * (issue 20).  The veto items, then the 32 indicators of the four parts,
 * each with a county row and a row per fact or per school. */
static bool emit_evaluation(void *ctx, int fd)
{
    const eval_csv_t *x = ctx;
    jh_buf_t *b = x->b;
    static const char *const cols[] = {"部分", "指标", "指标名称", "学校代码", "学校名称", "项目",
                                       "数值", "标准", "结论", "依据", NULL};
    header(b, cols);
    eval_indicator_rows(b, "一票否决", stats_json_path(x->ev, "veto"));
    bool ok = true;
    int werr = 0;
    off_t written = 0;
    const cJSON *p, *i;
    cJSON_ArrayForEach(p, stats_json_path(x->ev, "parts"))
        cJSON_ArrayForEach(i, stats_json_path(p, "indicators"))
        {
            eval_indicator_rows(b, stats_json_path(p, "name_zh")->valuestring, i);
            if (ok && b->len >= ((size_t)256 << 10) && !(ok = drain(b, fd, &written))) werr = errno;
        }
    const cJSON *ov = stats_json_path(x->ev, "overall");
    cell(b, "总体结论", true);
    for (int k = 0; k < 7; k++) cell(b, "", false);
    str_cell(b, ov, "verdict_zh", false);
    str_cell(b, ov, "reason_zh", false);
    jh_buf_puts(b, "\r\n");
    if (ok && !(ok = drain(b, fd, &written))) werr = errno;
    b->len = 0;
    if (b->data) b->data[0] = '\0';
    errno = werr;
    return ok;
}

static jh_status_t write_evaluation(const cJSON *doc, const char *dir, jh_buf_t *b, jh_err_t *err)
{
    eval_csv_t x = {stats_json_path(doc, "evaluation"), b};
    if (!x.ev) return JH_OK;
    char *path = jh_sprintf("%s/evaluation.csv", dir);
    jh_status_t st = jh_write_file_durable_with(path, emit_evaluation, &x, err);
    free(path);
    return st;
}

/* The rules of a trend entry (rounds_trend's "rules") as trend.csv's last
 * cells: the threshold, S1's verdict against it, the method, the
 * qualification baseline, what differs from the current round. */
static void trend_rules_cells(jh_buf_t *b, const cJSON *r)
{
    char s[160] = "";
    double t = ref_at(r, "rules.threshold");
    if (!isnan(t)) snprintf(s, sizeof s, "%g%%", t * 100);
    cell(b, s, false);
    const cJSON *pass = stats_json_path(r, "social_recognition.pass");
    cell(b, cJSON_IsBool(pass) ? (cJSON_IsTrue(pass) ? "达标" : "未达标") : "无数据", false);
    const cJSON *m = stats_json_path(r, "rules.recognition_method");
    cell(b, !cJSON_IsString(m) ? "" : !strcmp(m->valuestring, "questionnaires") ? "按问卷" : "按题次", false);
    const cJSON *qb = stats_json_path(r, "rules.qualification_baseline");
    if (cJSON_IsObject(qb)) {
        static const char *const deg[][2] = {{"college", "大专"}, {"bachelor", "本科"}, {"postgrad", "研究生"}};
        const char *z[2] = {"?", "?"};
        for (int l = 0; l < 2; l++) {
            const char *c = cJSON_GetStringValue(stats_json_path(qb, l ? "junior" : "primary"));
            for (int d = 0; d < 3; d++)
                if (c && !strcmp(c, deg[d][0])) z[l] = deg[d][1];
        }
        snprintf(s, sizeof s, "小学%s及以上、初中%s及以上", z[0], z[1]);
    } else {
        snprintf(s, sizeof s, "名册直接填报（未按学历分项计算）");
    }
    cell(b, s, false);
    static const char *const what[][2] = {{"teaching_points", "教学点口径"},
                                         {"threshold", "社会认可度标准"},
                                         {"recognition_method", "社会认可度计算方法"},
                                         {"qualification_baseline", "学历基准"},
                                         {"public_scope", "社会公众答案计入范围（以前也计入学校）"},
                                         {"dont_know_questionnaires", "全答不了解的问卷（以前算有效）"}};
    jh_buf_t l = {0};
    const cJSON *x;
    cJSON_ArrayForEach(x, stats_json_path(r, "rules.differs")) for (size_t k = 0; k < sizeof what / sizeof what[0]; k++)
    {
        if (cJSON_IsString(x) && !strcmp(x->valuestring, what[k][0]))
            jh_buf_printf(&l, "%s%s", l.len ? "、" : "", what[k][1]);
    }
    cell(b, l.data ? l.data : "", false);
    jh_buf_free(&l);
}

/* trend.csv (one row per round: social recognition, every CV, compliant
 * schools, the evaluation's verdicts) and school_changes.csv (what changed
 * for each school since the previous round). */
static jh_status_t write_trend(const cJSON *doc, const char *dir, jh_buf_t *b, jh_err_t *err)
{
    const cJSON *t = stats_json_path(doc, "trend");
    if (!t) return JH_OK;
    jh_buf_puts(b, "\xEF\xBB\xBF");
    cell(b, "轮次", true);
    cell(b, "状态", false);
    cell(b, "有效问卷", false);
    cell(b, "社会认可度", false);
    static const char *lv[2] = {"primary", "junior"}, *lvzh[2] = {"小学", "初中"};
    for (int l = 0; l < 2; l++) {
        char h[64];
        for (int q = 1; q <= STATS_N_QUALITY; q++) {
            snprintf(h, sizeof h, "%sL%d差异系数", lvzh[l], q);
            cell(b, h, false);
        }
        snprintf(h, sizeof h, "%s基本均衡综合差异系数", lvzh[l]);
        cell(b, h, false);
        snprintf(h, sizeof h, "%s达标学校数", lvzh[l]);
        cell(b, h, false);
    }
    static const char *parts[4] = {"resource", "government", "quality", "social"};
    static const char *partzh[4] = {"资源配置", "政府保障程度", "教育质量", "社会认可度"};
    for (int p = 0; p < 4; p++) cell(b, partzh[p], false);
    cell(b, "评估结论", false);
    cell(b, "基本均衡教学点口径", false);
    /* the other rules each round was computed under, when rounds are
     * compared (a trend of one round, a county without rounds, has none) */
    bool rules = cJSON_GetArraySize(stats_json_path(t, "rounds")) >= 2;
    if (rules) {
        cell(b, "社会认可度标准", false);
        cell(b, "社会认可度是否达标（按该轮标准）", false);
        cell(b, "社会认可度计算方法", false);
        cell(b, "高于规定学历的学历基准", false);
        cell(b, "与本轮规则不同", false);
    }
    jh_buf_puts(b, "\r\n");
    double thr = ref_at(doc, "verdicts.social_recognition.threshold");
    if (isnan(thr)) thr = 0.85; /* a document from before the threshold was recorded */
    const cJSON *r;
    cJSON_ArrayForEach(r, stats_json_path(t, "rounds"))
    {
        str_cell(b, r, "round", true);
        cell(b, cJSON_IsTrue(stats_json_path(r, "frozen")) ? "已结束（冻结）" : "当前", false);
        num_cell(b, r, "questionnaires", 'n');
        /* beside the verdicts: apart from the round's own threshold and the limits */
        double own = ref_at(r, "rules.threshold");
        num_cell_vs(b, r, "social_recognition.rate", 'p', isnan(own) ? thr : own, NAN);
        for (int l = 0; l < 2; l++) {
            char path[64];
            for (int q = 1; q <= STATS_N_QUALITY; q++) {
                snprintf(path, sizeof path, "cv.%s.L%d", lv[l], q);
                num_cell_vs(b, r, path, 'c', stats_quality_cv_limit((stats_part_t)l), NAN);
            }
            snprintf(path, sizeof path, "cv.%s.basic_composite", lv[l]);
            num_cell_vs(b, r, path, 'c', stats_basic_cv_limit((stats_part_t)l), NAN);
            snprintf(path, sizeof path, "cv.%s.schools_compliant", lv[l]);
            num_cell(b, r, path, 'n');
        }
        for (int p = 0; p < 4; p++) {
            char path[64];
            snprintf(path, sizeof path, "evaluation.parts.%s", parts[p]);
            const cJSON *v = stats_json_path(r, path);
            cell(b, !cJSON_IsString(v) ? "" : !strcmp(v->valuestring, "pass") ? "达标"
                                              : !strcmp(v->valuestring, "fail") ? "未达标" : "无数据",
                 false);
        }
        const cJSON *v = stats_json_path(r, "evaluation.overall");
        cell(b, !cJSON_IsString(v) ? "" : !strcmp(v->valuestring, "pass") ? "达标"
                                          : !strcmp(v->valuestring, "fail") ? "未达标" : "无数据",
             false);
        /* the rules each round's basic figures were computed under */
        const cJSON *btp = stats_json_path(r, "basic_teaching_points"), *mtp = stats_json_path(r, "min_teaching_point");
        char rule[160];
        if (cJSON_IsString(btp) && !strcmp(btp->valuestring, "all"))
            snprintf(rule, sizeof rule, "2012 年规则：教学点一律不计");
        else if (cJSON_IsNumber(mtp))
            snprintf(rule, sizeof rule, "同优质均衡：不足 %.0f 人的教学点不计", mtp->valuedouble);
        else
            snprintf(rule, sizeof rule, "同优质均衡");
        cell(b, rule, false);
        if (rules) trend_rules_cells(b, r);
        jh_buf_puts(b, "\r\n");
    }
    jh_status_t st = flush(b, dir, "trend.csv", err);
    if (st != JH_OK) return st;
    static const char *const cols[] = {"学校代码", "学校名称", "上一轮", "达标变化", "上一轮满意率",
                                       "本轮满意率", "满意率变化", "新达标指标", "新未达标指标", NULL};
    header(b, cols);
    const cJSON *e;
    cJSON_ArrayForEach(e, stats_json_path(t, "changes"))
    {
        str_cell(b, e, "code", true);
        str_cell(b, e, "name", false);
        str_cell(b, t, "previous_round", false);
        str_cell(b, e, "compliance_zh", false);
        num_cell(b, e, "satisfaction_before", 'p');
        num_cell(b, e, "satisfaction_now", 'p');
        num_cell(b, e, "satisfaction_change", 'p');
        for (int k = 0; k < 2; k++) {
            jh_buf_t l = {0};
            const cJSON *x;
            cJSON_ArrayForEach(x, stats_json_path(e, k ? "indicators_now_failed" : "indicators_now_met"))
                jh_buf_printf(&l, "%s%s", l.len ? " " : "", x->valuestring);
            cell(b, l.data ? l.data : "", false);
            jh_buf_free(&l);
        }
        jh_buf_puts(b, "\r\n");
    }
    if ((st = flush(b, dir, "school_changes.csv", err)) != JH_OK) return st;
    /* the plans of earlier rounds against this round */
    static const char *const rcols[] = {"轮次", "编号", "学校代码", "学校名称", "指标", "指标名称",
                                        "当时", "现在", "标准", "整改措施", "责任部门", "完成时限",
                                        "进展", "状态", NULL};
    header(b, rcols);
    cJSON_ArrayForEach(e, stats_json_path(doc, "rectification_plan.items"))
    {
        static const char *f[] = {"round", "key", "school_code", "school_name", "indicator",
                                  "name_zh", "value_then_zh", "value_now_zh", "standard_zh",
                                  "measures", "department", "deadline", "progress", "status_zh"};
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) str_cell(b, e, f[k], k == 0);
        jh_buf_puts(b, "\r\n");
    }
    return flush(b, dir, "rectification_status.csv", err);
}

static jh_status_t write_csv(const cJSON *doc, const char *dir, jh_buf_t *b, jh_err_t *err)
{
    jh_status_t st = jh_mkdir_p(dir, err);
    if (st != JH_OK) return st;
    const cJSON *e;
    char supp[48];
    const cJSON *min_group = stats_json_path(doc, "options.min_group");
    snprintf(supp, sizeof supp, "样本不足 (n<%d)",
             cJSON_IsNumber(min_group) ? (int)min_group->valuedouble : 5);

    /* summary.csv: the verdicts */
    static const char *sum_cols[] = {"项目", "学段", "数值", "标准", "是否达标", "口径", NULL};
    header(b, sum_cols);
    const cJSON *county = stats_json_path(doc, "satisfaction.county");
    for (int m = 0; m < 2; m++) {
        const cJSON *r = stats_json_path(county, m ? "questionnaires" : "answers");
        cell(b, m ? "社会认可度（按问卷）" : "社会认可度（按题次）", true);
        cell(b, "", false);
        num_cell_vs(b, r, "rate", 'p', ref_at(r, "threshold"), NAN);
        std_cell(b, r, "threshold", 'p');
        num_cell(b, r, "pass", 'b');
        str_cell(b, r, "method_text", false);
        jh_buf_puts(b, "\r\n");
    }
    for (int part = 0; part < 2; part++) {
        const cJSON *lv = stats_json_path(stats_json_path(doc, "balance"), part ? "junior" : "primary");
        cJSON_ArrayForEach(e, stats_json_path(lv, "quality"))
        {
            char name[192];
            snprintf(name, sizeof name, "差异系数 %s %s", cJSON_GetStringValue(stats_json_path(e, "code")),
                     cJSON_GetStringValue(stats_json_path(e, "name_zh")));
            cell(b, name, true);
            str_cell(b, lv, "level_zh", false);
            num_cell_vs(b, e, "cv", 'c', ref_at(e, "limit"), NAN);
            std_cell(b, e, "limit", 'c');
            num_cell(b, e, "pass", 'b');
            str_cell(b, stats_json_path(doc, "methods"), "quality_cv", false);
            jh_buf_puts(b, "\r\n");
        }
        cell(b, "基本均衡综合差异系数", true);
        str_cell(b, lv, "level_zh", false);
        num_cell_vs(b, lv, "basic_composite.cv", 'c', ref_at(lv, "basic_composite.limit"), NAN);
        std_cell(b, lv, "basic_composite.limit", 'c');
        num_cell(b, lv, "basic_composite.pass", 'b');
        str_cell(b, stats_json_path(doc, "methods"), "basic_cv", false);
        jh_buf_puts(b, "\r\n");
        cell(b, "达到标准的学校数", true);
        str_cell(b, lv, "level_zh", false);
        num_cell(b, lv, "schools_compliant", 'n');
        num_cell(b, lv, "n_schools", 'n');
        num_cell(b, lv, "all_schools_compliant", 'b');
        str_cell(b, stats_json_path(doc, "methods"), "compliance", false);
        jh_buf_puts(b, "\r\n");
    }
    if ((st = flush(b, dir, "summary.csv", err)) != JH_OK) return st;

    /* satisfaction_items.csv */
    static const char *item_cols[] = {"问卷", "题号", "题目", "主题", "作答数", "满意率", "95%下限",
                                      "95%上限", "满意答案数", "有效答案数", "不了解等排除数", "已隐藏",
                                      "版本（与其他版本不同、单列时）", "比率名称", NULL};
    header(b, item_cols);
    cJSON_ArrayForEach(e, stats_json_path(doc, "satisfaction.by_item"))
    {
        str_cell(b, e, "survey_id", true);
        str_cell(b, e, "item_id", false);
        str_cell(b, e, "text_zh", false);
        str_cell(b, e, "topic_zh", false);
        num_cell(b, e, "n_answers", 'n');
        rate_cells(b, e, "answers", supp);
        num_cell(b, e, "excluded", 'n');
        num_cell(b, e, "suppressed", 'b');
        str_cell(b, e, "version", false);
        str_cell(b, e, "rate_name_zh", false);
        jh_buf_puts(b, "\r\n");
    }
    if ((st = flush(b, dir, "satisfaction_items.csv", err)) != JH_OK) return st;

    /* (a topic's rate is what its items count: 满意率, 认同率, ..., or the
     * share of satisfied answers when they count different things;
     * review r2book item 3) */
    static const char *topic_cols[] = {"主题", "主题代码", "比率名称", "比率", "95%下限", "95%上限", "满意答案数",
                                       "有效答案数", "已隐藏", "问卷（按版本单列时）", "版本（按版本单列时）", "身份",
                                       NULL};
    header(b, topic_cols);
    cJSON_ArrayForEach(e, stats_json_path(doc, "satisfaction.by_topic"))
    {
        /* a topic without its role (statistics stored before topics were
         * kept per role: a closed round's) pools every role, a small one
         * inside: left out, as the report's workbook leaves it out */
        if (!cJSON_IsString(stats_json_path(e, "role"))) continue;
        str_cell(b, e, "topic_zh", true);
        str_cell(b, e, "topic", false);
        str_cell(b, e, "rate_name_zh", false);
        rate_cells(b, e, "answers", supp);
        num_cell(b, e, "suppressed", 'b');
        str_cell(b, e, "survey_id", false);
        str_cell(b, e, "version", false);
        str_cell(b, e, "role", false); /* a topic is per role (review of session 14) */
        jh_buf_puts(b, "\r\n");
    }
    if ((st = flush(b, dir, "satisfaction_topics.csv", err)) != JH_OK) return st;

    /* satisfaction_groups.csv: schools, roles, localities, school × role */
    /* 收回问卷数: every submitted questionnaire of the group; 其中有效问卷数:
     * those with a valid rated answer, which the rates count (review
     * fstats9 item 4); 按问卷口径有效问卷数 further on: those the
     * by-questionnaire rate counts (a valid overall judgement), named apart
     * from 其中有效问卷数 (it was 有效问卷数: review r2bureau9 item 5) */
    static const char *grp_cols[] = {"分组类型", "分组", "学校名称", "身份", "收回问卷数", "其中有效问卷数",
                                     "满意率（按题次）", "95%下限", "95%上限", "满意答案数", "有效答案数",
                                     "满意率（按问卷）", "95%下限", "95%上限", "满意问卷数", "按问卷口径有效问卷数",
                                     "已隐藏", "分组代码 (code)", "身份代码 (role)", NULL};
    header(b, grp_cols);
    static const struct { const char *path, *zh, *key; } groups[] = {
        {"satisfaction.by_role", "身份", "role"},
        {"satisfaction.by_locality", "城乡", "locality"},
        {"satisfaction.by_school", "学校", "school_code"},
        {"satisfaction.by_school_role", "学校×身份", "school_code"},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        cJSON_ArrayForEach(e, stats_json_path(doc, groups[g].path))
        {
            /* roles and localities in Chinese under the Chinese headers, their
             * codes in the last two columns (review rdoc3) */
            const char *role = cJSON_GetStringValue(stats_json_path(e, "role"));
            cell(b, groups[g].zh, true);
            if (g == 0)
                cell(b, role ? role_zh(role) : "", false);
            else if (g == 1)
                str_cell(b, e, "locality_zh", false);
            else
                str_cell(b, e, groups[g].key, false);
            str_cell(b, e, "school_name", false);
            cell(b, role ? role_zh(role) : "", false);
            num_cell(b, e, "n_questionnaires", 'n');
            num_cell(b, e, "n_valid_questionnaires", 'n');
            rate_cells(b, e, "answers", supp);
            rate_cells(b, e, "questionnaires", supp);
            num_cell(b, e, "suppressed", 'b');
            str_cell(b, e, groups[g].key, false);
            str_cell(b, e, "role", false);
            jh_buf_puts(b, "\r\n");
        }
    if ((st = flush(b, dir, "satisfaction_groups.csv", err)) != JH_OK) return st;

    /* school_indicators.csv: one row per school part */
    jh_buf_puts(b, "\xEF\xBB\xBF");
    static const char *si_cols[] = {"学校代码", "学校名称", "学校类别", "城乡", "办学类型",
                                    "是否参与优质均衡计算", "不参与优质均衡原因", "学段", "在校生数", NULL};
    for (int i = 0; si_cols[i]; i++) cell(b, si_cols[i], i == 0);
    const cJSON *defs = stats_json_path(doc, "indicators");
    cJSON_ArrayForEach(e, stats_json_path(defs, "quality"))
    {
        char h[192];
        snprintf(h, sizeof h, "%s %s", cJSON_GetStringValue(stats_json_path(e, "code")),
                 cJSON_GetStringValue(stats_json_path(e, "name_zh")));
        cell(b, h, false);
    }
    cell(b, "达标项数", false);
    cell(b, "是否达到学校标准", false);
    cJSON_ArrayForEach(e, stats_json_path(defs, "basic"))
    {
        char h[192];
        snprintf(h, sizeof h, "%s %s", cJSON_GetStringValue(stats_json_path(e, "code")),
                 cJSON_GetStringValue(stats_json_path(e, "name_zh")));
        cell(b, h, false);
    }
    cell(b, "是否参与基本均衡计算", false);
    cell(b, "不参与基本均衡原因", false);
    jh_buf_puts(b, "\r\n");
    cJSON_ArrayForEach(e, stats_json_path(doc, "schools"))
    {
        const cJSON *part;
        cJSON_ArrayForEach(part, stats_json_path(e, "parts"))
        {
            str_cell(b, e, "code", true);
            str_cell(b, e, "name", false);
            str_cell(b, e, "level_zh", false);
            str_cell(b, e, "locality_zh", false);
            str_cell(b, e, "kind_zh", false);
            cell(b, cJSON_IsTrue(stats_json_path(e, "excluded")) ? "否" : "是", false);
            str_cell(b, e, "exclusion_reason", false);
            str_cell(b, part, "level_zh", false);
            num_cell(b, part, "enrolment", 'w');
            const cJSON *x;
            /* apart from the standard and from 85 % of it (the line an
             * indicator short of its standard must still reach) */
            cJSON_ArrayForEach(x, stats_json_path(part, "quality"))
                num_cell_vs(b, x, "value", 'f', ref_at(x, "standard"), 0.85 * ref_at(x, "standard"));
            num_cell(b, part, "compliance.met", 'n');
            num_cell(b, part, "compliance.pass", 'b');
            cJSON_ArrayForEach(x, stats_json_path(part, "basic")) num_cell(b, x, "value", 'c');
            cell(b, cJSON_IsTrue(stats_json_path(e, "excluded_basic")) ? "否" : "是", false);
            str_cell(b, e, "basic_exclusion_reason", false);
            jh_buf_puts(b, "\r\n");
        }
    }
    if ((st = flush(b, dir, "school_indicators.csv", err)) != JH_OK) return st;

    /* balance_cv.csv */
    static const char *cv_cols[] = {"学段", "指标代码", "指标", "学校数", "加权平均", "标准差",
                                    "差异系数", "限值", "是否达标", "影响最大的学校", NULL};
    header(b, cv_cols);
    for (int part = 0; part < 2; part++) {
        const cJSON *lv = stats_json_path(stats_json_path(doc, "balance"), part ? "junior" : "primary");
        for (int set = 0; set < 2; set++) {
            cJSON_ArrayForEach(e, stats_json_path(lv, set ? "basic" : "quality"))
            {
                str_cell(b, lv, "level_zh", true);
                str_cell(b, e, "code", false);
                str_cell(b, e, "name_zh", false);
                num_cell(b, e, "n_schools", 'n');
                /* a mean under 1 (0.0558 per pupil) and its SD with 4 decimals,
                 * as the report and the workbook show them, not "0.06" */
                const cJSON *mean = stats_json_path(e, "mean"), *sd = stats_json_path(e, "sd"),
                            *cvv = stats_json_path(e, "cv");
                char mk = cJSON_IsNumber(mean) && fabs(mean->valuedouble) < 1 && mean->valuedouble != 0 ? 'c' : 'f';
                if (cJSON_IsNumber(mean) && cJSON_IsNumber(sd) && cJSON_IsNumber(cvv)) {
                    /* with the decimals that give the CV back (review
                     * rclerk9 item 8: 2 could not) */
                    int d = stats_cv_decimals(mean->valuedouble, sd->valuedouble, cvv->valuedouble,
                                              mk == 'c' ? 4 : 2, 4);
                    decimals_cell(b, mean->valuedouble, d, 'f');
                    decimals_cell(b, sd->valuedouble, d, 'f');
                } else {
                    num_cell(b, e, "mean", mk);
                    num_cell(b, e, "sd", mk);
                }
                if (!cJSON_IsNumber(stats_json_path(e, "cv")) && cJSON_IsString(stats_json_path(e, "cv_reason")))
                    cell(b, "无法计算", false); /* fewer than two schools (item 10) */
                else
                    num_cell_vs(b, e, "cv", 'c',
                                cJSON_IsNumber(stats_json_path(e, "limit")) ? stats_json_path(e, "limit")->valuedouble : NAN, NAN);
                num_cell(b, e, "limit", 'c');
                num_cell(b, e, "pass", 'b');
                jh_buf_t who = {0};
                const cJSON *t;
                cJSON_ArrayForEach(t, stats_json_path(e, "top_contributors"))
                {
                    jh_buf_printf(&who, "%s%s %s (%.0f%%)", who.len ? "; " : "",
                                  cJSON_GetStringValue(stats_json_path(t, "school_code")),
                                  cJSON_GetStringValue(stats_json_path(t, "school_name")),
                                  stats_json_path(t, "share")->valuedouble * 100);
                }
                cell(b, who.data ? who.data : "", false);
                jh_buf_free(&who);
                jh_buf_puts(b, "\r\n");
            }
            str_cell(b, lv, "level_zh", true); /* the composite's level, as its indicators' */
            cell(b, set ? "B" : "L", false);
            cell(b, set ? "基本均衡综合差异系数（8 项平均）" : "优质均衡综合差异系数（7 项平均，仅供参考）", false);
            cell(b, "", false);
            cell(b, "", false);
            cell(b, "", false);
            num_cell_vs(b, lv, set ? "basic_composite.cv" : "quality_composite.cv", 'c',
                        ref_at(lv, set ? "basic_composite.limit" : "quality_composite.limit"), NAN);
            num_cell(b, lv, set ? "basic_composite.limit" : "quality_composite.limit", 'c');
            num_cell(b, lv, set ? "basic_composite.pass" : "quality_composite.pass", 'b');
            cell(b, "", false);
            jh_buf_puts(b, "\r\n");
        }
    }
    if ((st = flush(b, dir, "balance_cv.csv", err)) != JH_OK) return st;

    /* rectification.csv */
    static const char *rc_cols[] = {"学校代码", "学校名称", "学段", "指标代码", "指标", "现值", "标准",
                                    "达标程度", "整改需求", "needed (English)", NULL};
    header(b, rc_cols);
    cJSON_ArrayForEach(e, stats_json_path(doc, "rectification"))
    {
        str_cell(b, e, "school_code", true);
        str_cell(b, e, "school_name", false);
        str_cell(b, e, "level_zh", false);
        str_cell(b, e, "indicator", false);
        str_cell(b, e, "name_zh", false);
        num_cell_vs(b, e, "value", 'f', ref_at(e, "standard"), 0.85 * ref_at(e, "standard"));
        num_cell(b, e, "standard", 'f');
        num_cell_vs(b, e, "ratio", 'p', 1.0, 0.85);
        str_cell(b, e, "needed_zh", false);
        str_cell(b, e, "needed_en", false);
        jh_buf_puts(b, "\r\n");
    }
    if ((st = flush(b, dir, "rectification.csv", err)) != JH_OK) return st;

    /* import_log.csv */
    static const char *im_cols[] = {"文件", "SHA-256", "答题机", "学校代码", "类型", "起始序号", "结束序号",
                                    "答卷数", "新导入", "已存在", "隔离", "结论", "原因", "导入时间（北京时间）",
                                    NULL};
    header(b, im_cols);
    cJSON_ArrayForEach(e, stats_json_path(doc, "imports.log"))
    {
        str_cell(b, e, "file", true);
        str_cell(b, e, "file_sha256", false);
        str_cell(b, e, "kiosk_id", false);
        str_cell(b, e, "school_code", false);
        /* kind and verdict in Chinese, as the report and the workbook
         * show them (stats.json keeps the codes) */
        const char *kind = cJSON_GetStringValue(stats_json_path(e, "kind"));
        cell(b, !kind ? NULL : !strcmp(kind, "full") ? "全量" : !strcmp(kind, "incremental") ? "增量" : kind, false);
        num_cell(b, e, "first_seq", 'n');
        num_cell(b, e, "last_seq", 'n');
        num_cell(b, e, "n_responses", 'n');
        num_cell(b, e, "n_new", 'n');
        num_cell(b, e, "n_duplicate", 'n');
        num_cell(b, e, "n_quarantined", 'n');
        const char *v = cJSON_GetStringValue(stats_json_path(e, "verdict"));
        cell(b,
             !v                          ? NULL
             : !strcmp(v, "imported")    ? "已导入"
             : !strcmp(v, "unchanged")   ? "无新数据"
             : !strcmp(v, "conflicts")   ? "有冲突"
             : !strcmp(v, "rejected")    ? "已拒绝"
                                         : v,
             false);
        str_cell(b, e, "reason", false);
        /* in Beijing time, as the report and the workbook (stats.json keeps
         * UTC): a UTC text put an import at 00:00-08:00 on the day before
         * (review rexcel5 item 6); "2026-12-03 01:24:54" sorts as it reads */
        const char *at = cJSON_GetStringValue(stats_json_path(e, "imported_at"));
        struct tm tm;
        if (at && jh_iso_beijing(at, &tm)) {
            char when[96];
            snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
            cell(b, when, false);
        } else {
            str_cell(b, e, "imported_at", false);
        }
        jh_buf_puts(b, "\r\n");
    }
    return flush(b, dir, "import_log.csv", err);
}

/* The evaluation, trend, school changes and rectification status files. */
static jh_status_t write_csv_rest(const cJSON *doc, const char *dir, jh_buf_t *b, jh_err_t *err)
{
    jh_status_t st = jh_mkdir_p(dir, err);
    if (st != JH_OK) return st;
    if ((st = write_evaluation(doc, dir, b, err)) != JH_OK) return st;
    return write_trend(doc, dir, b, err);
}

jh_status_t stats_write_csv_part(const struct cJSON *doc, const char *dir, int part, jh_err_t *err)
{
    JH_EXPECT(part == 0 || part == 1);
    jh_buf_t b = {0};
    jh_status_t st = part == 0 ? write_csv(doc, dir, &b, err) : write_csv_rest(doc, dir, &b, err);
    jh_buf_free(&b);
    return st;
}

jh_status_t stats_write_csv(const struct cJSON *doc, const char *dir, jh_err_t *err)
{
    jh_status_t st = stats_write_csv_part(doc, dir, 0, err);
    return st == JH_OK ? stats_write_csv_part(doc, dir, 1, err) : st;
}
