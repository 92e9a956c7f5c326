/* rectify.c - the tracked rectification plan (see rectify.h). */
#include "rectify.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "county.h"
#include "i18n.h"
#include "eval.h"
#include "stats.h"
#include "schools.h"
#include "json_cs.h" /* after every header: constant keys */

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsNumber(v)) return v->valuedouble;
    if (cJSON_IsBool(v)) return cJSON_IsTrue(v) ? 1 : 0;
    return NAN;
}

/* S1's own threshold as a percentage (eval.c writes it; `stats --threshold`
 * moves it), 85 when the document has none: the decimals beside 未达标 are
 * worked out against it, as cmd_province.c's threshold_of does. */
static double s1_threshold_pct(const cJSON *ind)
{
    double t = jnum(ind, "threshold");
    return (isfinite(t) ? t : 0.85) * 100;
}

static bool find_now(const cJSON *doc, const char *key, const char **verdict, double *ratio,
                     const char **value_zh, char *buf, size_t bn);

bool rectify_s1_gap(const cJSON *ind, int min_decimals, double *rate_pct, double *thr_pct, double *gap_pct,
                    int *decimals)
{
    double rate = jnum(ind, "rate");
    if (strcmp(jstr(ind, "verdict"), "fail") || !isfinite(rate)) return false;
    *rate_pct = rate * 100;
    *thr_pct = s1_threshold_pct(ind);
    *gap_pct = *thr_pct - *rate_pct;
    *decimals = stats_apart_decimals(*rate_pct, *thr_pct, min_decimals);
    return true;
}

static rectify_item_t *push(rectify_item_t **a, int *n, int *cap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *a = jh_xrealloc(*a, (size_t)*cap * sizeof **a);
    }
    rectify_item_t *it = &(*a)[(*n)++];
    memset(it, 0, sizeof *it);
    it->ratio = NAN;
    it->higher_better = true;
    return it;
}

static void set_ind(rectify_item_t *it, const cJSON *ind, const char *round)
{
    snprintf(it->round, sizeof it->round, "%s", round);
    snprintf(it->indicator, sizeof it->indicator, "%s", jstr(ind, "code"));
    snprintf(it->name_zh, sizeof it->name_zh, "%s", jstr(ind, "name_zh"));
    snprintf(it->standard_zh, sizeof it->standard_zh, "%s", jstr(ind, "standard_zh"));
}

/* Facts where a smaller value is better. */
static bool fact_lower_better(const char *key)
{
    return key[0] == 'V' || !strcmp(key, "Q9.difference");
}

static void fact_items(const cJSON *ind, const char *round, rectify_item_t **a, int *n, int *cap)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(ind, "facts"))
    {
        if (strcmp(jstr(f, "verdict"), "fail")) continue;
        const char *key = jstr(f, "key");
        if (!strcmp(key, "G8.civil_pay")) continue; /* the comparison is the teachers' pay item */
        rectify_item_t *it = push(a, n, cap);
        set_ind(it, ind, round);
        snprintf(it->key, sizeof it->key, "county/%s", key);
        snprintf(it->school_code, sizeof it->school_code, "全县");
        const cJSON *v = cJSON_GetObjectItem(f, "value");
        if (cJSON_IsBool(v))
            snprintf(it->value_zh, sizeof it->value_zh, "%s：%s", jstr(f, "item_zh"),
                     cJSON_IsTrue(v) ? "是" : "否");
        else {
            char t[40];
            stats_format_fact(jnum(f, "value"), t, sizeof t);
            stats_group_thousands(t, sizeof t); /* 98,600 元/年 (review r2book item 4) */
            snprintf(it->value_zh, sizeof it->value_zh, "%s：%s", jstr(f, "item_zh"), t);
        }
        it->ratio = jnum(f, "value");
        it->higher_better = !fact_lower_better(key);
    }
}

void rectify_items_from_doc(const cJSON *doc, const char *round, rectify_item_t **out, int *n_out)
{
    rectify_item_t *a = NULL;
    int n = 0, cap = 0;
    const cJSON *ev = cJSON_GetObjectItem(doc, "evaluation");
    fact_items(cJSON_GetObjectItem(ev, "veto"), round, &a, &n, &cap);
    const cJSON *p, *ind, *e;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts"))
        cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators"))
    {
        fact_items(ind, round, &a, &n, &cap);
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(ind, "schools"))
        {
            if (strcmp(jstr(e, "verdict"), "fail")) continue;
            rectify_item_t *it = push(&a, &n, &cap);
            set_ind(it, ind, round);
            const char *part = jstr(e, "part");
            snprintf(it->key, sizeof it->key, "%s/%s%s%s", jstr(e, "code"), jstr(ind, "code"),
                     part[0] ? "/" : "", part);
            snprintf(it->school_code, sizeof it->school_code, "%s", jstr(e, "code"));
            snprintf(it->school_name, sizeof it->school_name, "%s", jstr(e, "name"));
            snprintf(it->value_zh, sizeof it->value_zh, "%s", jstr(e, "value_zh"));
            snprintf(it->needed_zh, sizeof it->needed_zh, "%s", jstr(e, "needed_zh"));
            it->ratio = jnum(e, "ratio");
        }
        const cJSON *cv = cJSON_GetObjectItem(ind, "cv");
        for (int l = 0; cv && l < 2; l++) {
            const char *lv = l ? "junior" : "primary";
            const cJSON *c = cJSON_GetObjectItem(cv, lv);
            if (strcmp(jstr(c, "verdict"), "fail")) continue;
            rectify_item_t *it = push(&a, &n, &cap);
            set_ind(it, ind, round);
            snprintf(it->key, sizeof it->key, "county/%s/%s", jstr(ind, "code"), lv);
            snprintf(it->school_code, sizeof it->school_code, "全县");
            double x = jnum(c, "cv"), lim = jnum(c, "limit");
            snprintf(it->value_zh, sizeof it->value_zh, "%s差异系数 %.*f（上限 %.2f）", l ? "初中" : "小学",
                     stats_apart_decimals(x, lim, 4), x, lim);
            snprintf(it->needed_zh, sizeof it->needed_zh, "缩小校际差距，差异系数降至%.2f以内", lim);
            it->ratio = x > 0 ? lim / x : NAN;
        }
        if (!strcmp(jstr(ind, "code"), "S1") && !strcmp(jstr(ind, "verdict"), "fail")) {
            rectify_item_t *it = push(&a, &n, &cap);
            set_ind(it, ind, round);
            snprintf(it->key, sizeof it->key, "county/S1");
            snprintf(it->school_code, sizeof it->school_code, "全县");
            /* beside 未达标: decimals enough never to look like the threshold */
            double rate = jnum(ind, "rate") * 100;
            snprintf(it->value_zh, sizeof it->value_zh, "社会认可度 %.*f%%",
                     stats_apart_decimals(rate, s1_threshold_pct(ind), 2), rate);
            /* how far below the threshold, as every other item says what
             * it takes (review reval5 item 4: it was "—") */
            double r, thr, gap;
            int d;
            if (rectify_s1_gap(ind, 2, &r, &thr, &gap, &d))
                snprintf(it->needed_zh, sizeof it->needed_zh, "低于标准%.*f个百分点，需提高到%g%%以上", d, gap, thr);
            it->ratio = jnum(ind, "rate");
        }
    }
    *out = a;
    *n_out = n;
}

/* ---- the file --------------------------------------------------------------- */

static const struct {
    const char *zh, *key;
} columns[] = {
    {"编号", "key"},           {"轮次", "round"},          {"学校代码", "school_code"},
    {"学校名称", "school_name"}, {"指标", "indicator"},      {"指标名称", "indicator_name"},
    {"现状", "value"},          {"标准", "standard"},       {"差距（所需）", "needed"},
    {"整改措施", "measures"},    {"责任部门", "department"}, {"完成时限", "deadline"},
    {"进展", "progress"},
};
#define N_COLS (int)(sizeof columns / sizeof columns[0])
enum { C_KEY = 0, C_ROUND = 1, C_MEASURES = 9, C_DEPARTMENT, C_DEADLINE, C_PROGRESS };

int rectify_n_columns(void)
{
    return N_COLS;
}

const char *rectify_column_zh(int i)
{
    return columns[i].zh;
}

const char *rectify_column_key(int i)
{
    return columns[i].key;
}

const char *rectify_cell(const rectify_item_t *it, int i, char *buf, size_t n)
{
    (void)buf;
    (void)n;
    switch (i) {
    case 0: return it->key;
    case 1: return it->round;
    case 2: return it->school_code;
    case 3: return it->school_name;
    case 4: return it->indicator;
    case 5: return it->name_zh;
    case 6: return it->value_zh;
    case 7: return it->standard_zh;
    case 8: return it->resolved ? it->kept_zh : it->needed_zh;
    case C_MEASURES: return it->measures;
    case C_DEPARTMENT: return it->department;
    case C_DEADLINE: return it->deadline;
    default: return it->progress;
    }
}

void rectify_csv(const rectify_item_t *items, int n, jh_buf_t *out)
{
    jh_buf_puts(out, "\xEF\xBB\xBF");
    for (int c = 0; c < N_COLS; c++) {
        char h[96];
        snprintf(h, sizeof h, "%s (%s)", columns[c].zh, columns[c].key);
        stats_csv_cell(out, h, c == 0);
    }
    jh_buf_puts(out, "\r\n");
    for (int i = 0; i < n; i++) {
        for (int c = 0; c < N_COLS; c++) {
            const char *v = rectify_cell(&items[i], c, NULL, 0);
            if (c == 2) /* 学校代码 */
                stats_csv_code_cell(out, v, false);
            else
                stats_csv_cell(out, v, c == 0);
        }
        jh_buf_puts(out, "\r\n");
    }
}

static int match_column(const char *raw)
{
    /* the workbook's header cells are "编号\nkey": a spreadsheet saving the
     * workbook as CSV keeps the line break, so runs of blanks are one space */
    char cell[160];
    size_t k = 0;
    for (const char *p = raw; *p && k + 1 < sizeof cell; p++) {
        bool blank = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
        if (blank && (k == 0 || cell[k - 1] == ' ')) continue;
        cell[k++] = blank ? ' ' : *p;
    }
    while (k > 0 && cell[k - 1] == ' ') k--;
    cell[k] = 0;
    for (int c = 0; c < N_COLS; c++) {
        char spaced[96];
        snprintf(spaced, sizeof spaced, "%s %s", columns[c].zh, columns[c].key);
        if (!strcmp(cell, spaced)) return c;
        char both[96], wide[96];
        snprintf(both, sizeof both, "%s (%s)", columns[c].zh, columns[c].key);
        snprintf(wide, sizeof wide, "%s（%s）", columns[c].zh, columns[c].key);
        if (!strcmp(cell, columns[c].zh) || !strcasecmp(cell, columns[c].key) || !strcmp(cell, both) ||
            !strcmp(cell, wide))
            return c;
    }
    /* "编号(key)", "编号　（key）": the register's matcher */
    char name[96], inside[96];
    if (schools_header_split(raw, name, sizeof name, inside, sizeof inside))
        for (int c = 0; c < N_COLS; c++)
            if (!strcmp(name, columns[c].zh) && !strcasecmp(inside, columns[c].key)) return c;
    return -1;
}

/* Warnings about a fill-in cell that Excel made, not the bureau: an error
 * value of a formula that failed (#NAME?, #REF! ...) and, in 完成时限, a
 * bare date serial number (45678: a date cell saved as General). */
static void fill_warnings(jh_buf_t *warnings, const char *name, int line, const char *key, int c, const char *v)
{
    static const char *const errors[] = {"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A",  "#NUM!",
                                         "#NULL!", "#SPILL!", "#CALC!", "#N/A!",   "#NAME", NULL};
    size_t a, n;
    schools_trim_span(v, &a, &n);
    for (int i = 0; errors[i]; i++)
        if (n == strlen(errors[i]) && !strncasecmp(v + a, errors[i], n)) {
            jh_buf_printf(warnings,
                          _("%s:%d: warning: item '%s': column '%s (%s)' holds %s, an Excel error value (a formula "
                            "that failed, 公式错误), stored as it is: write the text itself in Excel and load the "
                            "plan again\n"),
                          name, line, key, columns[c].zh, columns[c].key, errors[i]);
            return;
        }
    if (c != C_DEADLINE || n != 5 || strspn(v + a, "0123456789") != 5) return;
    long serial = strtol(v + a, NULL, 10);
    if (serial < 36526 || serial > 73050) return; /* 2000-01-01 .. 2099-12-31 */
    /* Excel's day 0 is 1899-12-30 (its day 60 is a 29 February 1900 that never was) */
    time_t t = (time_t)(serial - 25569) * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    jh_buf_printf(warnings,
                  _("%s:%d: warning: item '%s': column '%s (%s)' holds %.*s, which looks like a date Excel saved as "
                    "its day number (日期序列号, %04d-%02d-%02d): stored as it is; set the column's format to Text (文本), "
                    "type the date again and load the plan again\n"),
                  name, line, key, columns[C_DEADLINE].zh, columns[C_DEADLINE].key, (int)n, v + a,
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The index of the 轮次 column in a header row, -1 when absent. */
static int round_column(const schools_row_t *head)
{
    for (int i = 0; i < head->n; i++)
        if (match_column(head->cells[i]) == C_ROUND) return i;
    return -1;
}

jh_status_t rectify_csv_round(const char *name, const char *text, size_t len, char *round, size_t n,
                              bool *has_column, jh_err_t *err)
{
    schools_row_t *rows = NULL;
    int nr = 0;
    round[0] = 0;
    *has_column = false;
    jh_status_t st = schools_csv_rows(name, text, len, &rows, &nr, err);
    if (st != JH_OK) return st;
    /* (no rows or no 轮次 column: rectify_read_csv says so, with every
     * other column missing: the one check of the header) */
    int col = nr > 0 ? round_column(&rows[0]) : -1;
    if (col < 0) goto out;
    *has_column = true;
    /* "" is the round of a database without rounds */
    if (nr >= 2 && col < rows[1].n) snprintf(round, n, "%s", rows[1].cells[col]);
out:
    schools_csv_free(rows, nr);
    return st;
}

/* Whether the school `code` (named `name`) of an item has left `doc`'s
 * register (RECTIFY_KEPT_UNREGISTERED; *other: the code a school of the
 * same name has now, or NULL) or its figures (RECTIFY_KEPT_EXCLUDED;
 * *reason: why it is excluded); RECTIFY_KEPT_MET when it is evaluated. */
static rectify_kept_t school_left(const cJSON *doc, const char *code, const char *name, const char **other,
                                  const char **reason)
{
    const cJSON *school = NULL, *s;
    *other = *reason = NULL;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(doc, "schools")) if (!strcmp(jstr(s, "code"), code))
    {
        school = s;
        break;
    }
    if (!school) {
        /* closed, merged or its code corrected: a school of the same name
         * under another code is most likely the same school */
        int n_other = 0;
        cJSON_ArrayForEach(s, cJSON_GetObjectItem(doc, "schools")) if (name[0] && !strcmp(jstr(s, "name"), name))
        {
            *other = jstr(s, "code");
            n_other++;
        }
        if (n_other != 1) *other = NULL; /* two schools of that name: which one is not known */
        return RECTIFY_KEPT_UNREGISTERED;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItem(school, "excluded"))) {
        *reason = jstr(school, "exclusion_reason_zh")[0] ? jstr(school, "exclusion_reason_zh") : "不参评";
        return RECTIFY_KEPT_EXCLUDED;
    }
    return RECTIFY_KEPT_MET;
}

/* Why the stored item `it` is no longer a shortfall of its round's plan,
 * against `doc`, the round's statistics: into it->kept and it->kept_zh. */
static void why_kept(rectify_item_t *it, const cJSON *doc)
{
    const char *verdict = "", *value_now = "", *other = NULL, *reason = NULL;
    double now = NAN;
    char buf[384];
    rectify_kept_t k = strncmp(it->key, "county/", 7) ? school_left(doc, it->school_code, it->school_name, &other, &reason)
                                                      : RECTIFY_KEPT_MET;
    it->kept = k;
    if (k == RECTIFY_KEPT_UNREGISTERED && other) {
        snprintf(it->kept_code, sizeof it->kept_code, "%s", other);
        snprintf(it->kept_zh, sizeof it->kept_zh,
                 "学校代码 %s 已不在本轮名册中（同名学校现在的代码为 %s，差距见该代码的各项），本项未判断是否达标；"
                 "保留已填写的整改内容",
                 it->school_code, other);
    } else if (k == RECTIFY_KEPT_UNREGISTERED) {
        snprintf(it->kept_zh, sizeof it->kept_zh,
                 "学校已不在本轮名册中（停办、合并或学校代码更正），本项未判断是否达标；保留已填写的整改内容");
    } else if (k == RECTIFY_KEPT_EXCLUDED) {
        snprintf(it->kept_zh, sizeof it->kept_zh, "学校本轮不参与计算（%s），本项未判断是否达标；保留已填写的整改内容",
                 reason);
    } else if (find_now(doc, it->key, &verdict, &now, &value_now, buf, sizeof buf) && !strcmp(verdict, "pass")) {
        snprintf(it->kept_zh, sizeof it->kept_zh, "已达标（本轮已不是差距；保留已填写的整改内容）");
    } else {
        it->kept = RECTIFY_KEPT_NO_DATA;
        snprintf(it->kept_zh, sizeof it->kept_zh, "本轮无此项数据，未判断是否达标；保留已填写的整改内容");
    }
}

int rectify_keep_stored(rectify_item_t **plan, int *n_plan, const char *round, const rectify_item_t *stored,
                        int n_stored, const cJSON *doc)
{
    int n = *n_plan, cap = n, added = 0;
    for (int k = 0; k < n_stored; k++) {
        const rectify_item_t *s = &stored[k];
        if (strcmp(s->round, round)) continue;
        int i = 0;
        while (i < n && strcmp(s->key, (*plan)[i].key)) i++;
        if (i == n) {
            /* no longer a shortfall: kept as stored (never erased by a
             * plan made after a register correction or new answers),
             * saying why */
            rectify_item_t *it = push(plan, &n, &cap);
            *it = *s;
            it->resolved = true;
            why_kept(it, doc);
            added++;
            continue;
        }
        rectify_item_t *p = &(*plan)[i];
        memcpy(p->measures, s->measures, sizeof p->measures);
        memcpy(p->department, s->department, sizeof p->department);
        memcpy(p->deadline, s->deadline, sizeof p->deadline);
        memcpy(p->progress, s->progress, sizeof p->progress);
    }
    *n_plan = n;
    return added;
}

jh_status_t rectify_read_csv(const char *name, const char *text, size_t len, rectify_item_t *plan,
                             int n_plan, int *n_filled, int *n_rows, jh_buf_t *errors, jh_buf_t *warnings,
                             jh_err_t *err)
{
    schools_row_t *rows = NULL;
    int nr = 0, n_err = 0;
    *n_filled = 0;
    *n_rows = 0;
    jh_status_t st = schools_csv_rows_noted(name, text, len, &rows, &nr, warnings, err);
    if (st != JH_OK) {
        if (errors) jh_buf_printf(errors, "%s\n", err->msg);
        return st;
    }
#define BAD(line, ...)                                                              \
    do {                                                                           \
        char m_[512];                                                              \
        snprintf(m_, sizeof m_, __VA_ARGS__);                                      \
        if (n_err++ == 0) jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s", name, line, m_); \
        if (errors && n_err <= 100) jh_buf_printf(errors, "%s:%d: %s\n", name, line, m_); \
    } while (0)
    int col[N_COLS];
    for (int c = 0; c < N_COLS; c++) col[c] = -1;
    rectify_item_t *copy = NULL;
    int *seen = NULL;
    if (nr == 0) {
        BAD(1, _("the file is empty: expected the plan written by `junheng rectify`"));
        goto done;
    }
    for (int i = 0; i < rows[0].n; i++) {
        int c = match_column(rows[0].cells[i]);
        if (c < 0) continue;
        if (col[c] >= 0) {
            /* two 整改措施 columns: which one is the bureau's?  (the first was
             * taken and the other dropped without a word) */
            jh_buf_t shown = {0};
            jh_buf_puts(&shown, "");
            jh_buf_put_escaped(&shown, rows[0].cells[i]);
            BAD(rows[0].line, _("column %d: '%s' repeats column %d (%s (%s)): delete one of them"), i + 1,
                shown.data, col[c] + 1, columns[c].zh, columns[c].key);
            jh_buf_free(&shown);
            continue;
        }
        col[c] = i;
    }
    if (n_err) goto done;
    if (col[C_KEY] < 0) {
        BAD(rows[0].line, _("missing column '编号 (key)': load the plan `junheng rectify` wrote, with its "
                            "编号 column unchanged"));
        goto done;
    }
    /* A fill-in column deleted in Excel would otherwise read as "nothing
     * written" and empty what was stored: refuse the file instead. */
    static const int fill[4] = {C_MEASURES, C_DEPARTMENT, C_DEADLINE, C_PROGRESS};
    for (int j = 0; j < 4; j++)
        if (col[fill[j]] < 0)
            BAD(rows[0].line,
                _("missing column '%s (%s)': the plan must keep the columns 整改措施, 责任部门, 完成时限 and "
                  "进展 (a deleted column would erase what is stored); write it again with `junheng rectify "
                  "--out`, which fills in what is stored"),
                columns[fill[j]].zh, columns[fill[j]].key);
    if (col[C_ROUND] < 0)
        BAD(rows[0].line, _("missing column '轮次 (round)': load the plan `junheng rectify --out` wrote, with "
                            "its 轮次 column unchanged"));
    if (n_err) goto done;
    const char *first_round = nr > 1 && col[C_ROUND] < rows[1].n ? rows[1].cells[col[C_ROUND]] : "";
    copy = jh_xcalloc((size_t)n_plan + 1, sizeof *copy);
    memcpy(copy, plan, (size_t)n_plan * sizeof *copy);
    seen = jh_xcalloc((size_t)n_plan + 1, sizeof *seen);
    for (int r = 1; r < nr; r++) {
        const schools_row_t *row = &rows[r];
        const char *key = col[C_KEY] < row->n ? row->cells[col[C_KEY]] : "";
        { /* a sign-off (填表人：…) or total row (合计) under the table, its
           * label in any column, 序号 included: one line saying what the
           * row is (review r2excel item 8) */
            const char *lead = "";
            for (int i = 0; i < row->n && !lead[0]; i++) lead = row->cells[i];
            if (lead[0] && strcmp(lead, key) && (schools_reads_as_total(lead) || schools_reads_as_note(lead))) {
                jh_buf_t shown = {0};
                jh_buf_puts(&shown, "");
                jh_buf_put_escaped(&shown, lead);
                if (schools_reads_as_total(lead))
                    BAD(row->line,
                        _("the row starting '%s' is a total row (合计行: 请删除): the plan holds one item per row: "
                          "delete the row"),
                        shown.data);
                else
                    BAD(row->line,
                        _("the row starting '%s' is a sign-off or note below the table (填表人、审核人、填报日期 …), "
                          "not data: delete these rows or move them to another sheet"),
                        shown.data);
                jh_buf_free(&shown);
                continue;
            }
        }
        if (!key[0]) {
            BAD(row->line, _("column '编号 (key)': value missing"));
            continue;
        }
        int k = -1;
        for (int i = 0; i < n_plan; i++)
            if (!strcmp(plan[i].key, key)) k = i;
        if (k < 0) {
            BAD(row->line,
                _("item '%s' is not a shortfall of round '%s' and not stored for it (was the plan made "
                  "for another round, or the 编号 changed?)"),
                key, n_plan ? plan[0].round : "");
            continue;
        }
        if (seen[k]) {
            BAD(row->line, _("item '%s' already appears on line %d"), key, seen[k]);
            continue;
        }
        const char *rnd = col[C_ROUND] < row->n ? row->cells[col[C_ROUND]] : "";
        if (strcmp(rnd, first_round)) {
            BAD(row->line,
                _("item '%s' is of round '%s', the first item of round '%s': a plan holds one round's "
                  "items only (load each round's plan on its own)"),
                key, rnd, first_round);
            continue;
        }
        seen[k] = row->line;
        (*n_rows)++;
        if (plan[k].resolved && warnings) {
            if (plan[k].kept == RECTIFY_KEPT_MET)
                jh_buf_printf(warnings,
                              _("%s:%d: warning: item '%s' is no longer a shortfall of round '%s' (已达标 after a "
                                "register correction or new answers): its columns are stored with it\n"),
                              name, row->line, key, plan[k].round);
            else
                jh_buf_printf(warnings,
                              _("%s:%d: warning: item '%s' is no longer in the plan of round '%s' (%s): its "
                                "columns are stored with it\n"),
                              name, row->line, key, plan[k].round, plan[k].kept_zh);
        }
        for (int j = 0; j < 4; j++) {
            int c = fill[j];
            if (col[c] < 0 || col[c] >= row->n) continue;
            char *dst = (char *)rectify_cell(&copy[k], c, NULL, 0);
            size_t cap = c == C_MEASURES || c == C_PROGRESS ? 1024 : c == C_DEPARTMENT ? 256 : 128;
            /* the apostrophe rectify_csv put before "-增加…" is not the bureau's */
            const char *v = stats_csv_cell_unescape(row->raw[col[c]]); /* free text: as typed */
            if (strlen(v) >= cap) {
                /* UTF-8: a Chinese character takes 3 bytes */
                BAD(row->line,
                    _("column '%s (%s)' of %s: too long (at most %zu Chinese characters or %zu letters and "
                      "digits; this cell holds %zu bytes): shorten it"),
                    columns[c].zh, columns[c].key, key, (cap - 1) / 3, cap - 1, strlen(v));
                continue;
            }
            snprintf(dst, cap, "%s", v);
            if (warnings) fill_warnings(warnings, name, row->line, key, c, v);
        }
    }
done:
    if (n_err == 0 && copy) {
        memcpy(plan, copy, (size_t)n_plan * sizeof *plan);
        for (int i = 0; i < n_plan; i++) *n_filled += plan[i].measures[0] != 0;
    }
    free(copy);
    free(seen);
    schools_csv_free(rows, nr);
    return n_err ? JH_ERR_INVALID : JH_OK;
#undef BAD
}

/* ---- storage ---------------------------------------------------------------- */

static const char plan_schema[] =
    "CREATE TABLE IF NOT EXISTS rectify_items("
    "  round TEXT NOT NULL, key TEXT NOT NULL,"
    "  school_code TEXT NOT NULL, school_name TEXT NOT NULL, indicator TEXT NOT NULL,"
    "  name_zh TEXT NOT NULL, value_zh TEXT NOT NULL, standard_zh TEXT NOT NULL,"
    "  needed_zh TEXT NOT NULL, ratio REAL, higher_better INTEGER NOT NULL,"
    "  measures TEXT NOT NULL, department TEXT NOT NULL, deadline TEXT NOT NULL,"
    "  progress TEXT NOT NULL,"
    "  PRIMARY KEY(round, key));";

static jh_status_t db_fail(sqlite3 *db, jh_err_t *err, const char *what)
{
    return jh_err_set(err, JH_ERR_IO, _("county database: %s: %s"), _(what), sqlite3_errmsg(db));
}

jh_status_t rectify_store(struct county *c, const char *round, const rectify_item_t *items, int n,
                          jh_err_t *err)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *del = NULL, *ins = NULL;
    /* Inside the caller's transaction (which read what is stored under the
     * same write lock) a savepoint, which the caller's COMMIT makes final. */
    bool own = sqlite3_get_autocommit(db) != 0;
    if (sqlite3_exec(db, own ? "BEGIN IMMEDIATE" : "SAVEPOINT rectify_store", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, plan_schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "DELETE FROM rectify_items WHERE round = ?", -1, &del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO rectify_items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1,
                           &ins, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(del, 1, round, -1, SQLITE_STATIC);
    if (sqlite3_step(del) != SQLITE_DONE) goto fail;
    for (int i = 0; i < n; i++) {
        const rectify_item_t *it = &items[i];
        const char *txt[] = {round, it->key, it->school_code, it->school_name, it->indicator,
                             it->name_zh, it->value_zh, it->standard_zh, it->needed_zh};
        for (int k = 0; k < 9; k++) sqlite3_bind_text(ins, k + 1, txt[k], -1, SQLITE_STATIC);
        if (isnan(it->ratio))
            sqlite3_bind_null(ins, 10);
        else
            sqlite3_bind_double(ins, 10, it->ratio);
        sqlite3_bind_int(ins, 11, it->higher_better);
        sqlite3_bind_text(ins, 12, it->measures, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 13, it->department, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 14, it->deadline, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 15, it->progress, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) goto fail;
        sqlite3_reset(ins);
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    if (sqlite3_exec(db, own ? "COMMIT" : "RELEASE rectify_store", NULL, NULL, NULL) == SQLITE_OK) return JH_OK;
    del = ins = NULL;
fail:;
    jh_status_t st = db_fail(db, err, N_("storing the rectification plan"));
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    if (own)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    else if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK TO rectify_store; RELEASE rectify_store", NULL, NULL, NULL);
    return st;
}

jh_status_t rectify_load(struct county *c, rectify_item_t **out, int *n_out, jh_err_t *err)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *q = NULL;
    *out = NULL;
    *n_out = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT round, key, school_code, school_name, indicator, name_zh, value_zh, "
                           "standard_zh, needed_zh, ratio, higher_better, measures, department, "
                           "deadline, progress FROM rectify_items ORDER BY round, rowid",
                           -1, &q, NULL) != SQLITE_OK)
        return strstr(sqlite3_errmsg(db), "no such table") ? JH_OK
                                                            : db_fail(db, err, N_("reading the rectification plan"));
    rectify_item_t *a = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        rectify_item_t *it = push(&a, &n, &cap);
        char *dst[] = {it->round, it->key, it->school_code, it->school_name, it->indicator,
                       it->name_zh, it->value_zh, it->standard_zh, it->needed_zh};
        size_t sz[] = {sizeof it->round, sizeof it->key, sizeof it->school_code, sizeof it->school_name,
                       sizeof it->indicator, sizeof it->name_zh, sizeof it->value_zh,
                       sizeof it->standard_zh, sizeof it->needed_zh};
        for (int k = 0; k < 9; k++) snprintf(dst[k], sz[k], "%s", (const char *)sqlite3_column_text(q, k));
        it->ratio = sqlite3_column_type(q, 9) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 9);
        it->higher_better = sqlite3_column_int(q, 10) != 0;
        snprintf(it->measures, sizeof it->measures, "%s", (const char *)sqlite3_column_text(q, 11));
        snprintf(it->department, sizeof it->department, "%s", (const char *)sqlite3_column_text(q, 12));
        snprintf(it->deadline, sizeof it->deadline, "%s", (const char *)sqlite3_column_text(q, 13));
        snprintf(it->progress, sizeof it->progress, "%s", (const char *)sqlite3_column_text(q, 14));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        free(a);
        return db_fail(db, err, N_("reading the rectification plan"));
    }
    *out = a;
    *n_out = n;
    return JH_OK;
}

/* ---- status ----------------------------------------------------------------- */

/* The entry of `key` in a document's evaluation: its verdict and ratio. */
static bool find_now(const cJSON *doc, const char *key, const char **verdict, double *ratio,
                     const char **value_zh, char *buf, size_t bn)
{
    const cJSON *ev = cJSON_GetObjectItem(doc, "evaluation"), *p, *ind, *e;
    const char *slash = strchr(key, '/');
    if (!slash) return false;
    char who[128], rest[128];
    snprintf(who, sizeof who, "%.*s", (int)(slash - key), key);
    snprintf(rest, sizeof rest, "%s", slash + 1);
    if (!strcmp(who, "county")) {
        /* a fact, a CV ("L7/primary") or S1 */
        const cJSON *groups[2] = {cJSON_GetObjectItem(ev, "veto"), NULL};
        for (int g = 0; g < 1; g++) {
            cJSON_ArrayForEach(e, cJSON_GetObjectItem(groups[g], "facts")) if (!strcmp(jstr(e, "key"), rest))
            {
                *verdict = jstr(e, "verdict");
                *ratio = jnum(e, "value");
                const cJSON *v = cJSON_GetObjectItem(e, "value");
                if (cJSON_IsBool(v))
                    snprintf(buf, bn, "%s：%s", jstr(e, "item_zh"), cJSON_IsTrue(v) ? "是" : "否");
                else if (cJSON_IsNumber(v)) {
                    char t[40];
                    stats_format_fact(v->valuedouble, t, sizeof t);
                    stats_group_thousands(t, sizeof t);
                    snprintf(buf, bn, "%s：%s", jstr(e, "item_zh"), t);
                }
                else
                    snprintf(buf, bn, "%s：无数据", jstr(e, "item_zh"));
                *value_zh = buf;
                return true;
            }
        }
        cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts")) cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators"))
        {
            cJSON_ArrayForEach(e, cJSON_GetObjectItem(ind, "facts")) if (!strcmp(jstr(e, "key"), rest))
            {
                *verdict = jstr(e, "verdict");
                *ratio = jnum(e, "value");
                const cJSON *v = cJSON_GetObjectItem(e, "value");
                if (cJSON_IsBool(v))
                    snprintf(buf, bn, "%s：%s", jstr(e, "item_zh"), cJSON_IsTrue(v) ? "是" : "否");
                else if (cJSON_IsNumber(v)) {
                    char t[40];
                    stats_format_fact(v->valuedouble, t, sizeof t);
                    stats_group_thousands(t, sizeof t);
                    snprintf(buf, bn, "%s：%s", jstr(e, "item_zh"), t);
                }
                else
                    snprintf(buf, bn, "%s：无数据", jstr(e, "item_zh"));
                *value_zh = buf;
                return true;
            }
            const char *code = jstr(ind, "code");
            size_t cl = strlen(code);
            if (!strncmp(rest, code, cl) && rest[cl] == '/') {
                const cJSON *c = cJSON_GetObjectItem(cJSON_GetObjectItem(ind, "cv"), rest + cl + 1);
                if (!c) return false;
                double x = jnum(c, "cv"), lim = jnum(c, "limit");
                *verdict = jstr(c, "verdict");
                *ratio = x > 0 ? lim / x : NAN;
                snprintf(buf, bn, "%s差异系数 %.*f（上限 %.2f）", strstr(rest, "junior") ? "初中" : "小学",
                         stats_apart_decimals(x, lim, 4), x, lim);
                *value_zh = buf;
                return true;
            }
            if (!strcmp(rest, "S1") && !strcmp(code, "S1")) {
                *verdict = jstr(ind, "verdict");
                *ratio = jnum(ind, "rate");
                if (isnan(*ratio))
                    snprintf(buf, bn, "社会认可度：无数据");
                else
                    snprintf(buf, bn, "社会认可度 %.*f%%",
                             stats_apart_decimals(*ratio * 100, s1_threshold_pct(ind), 2), *ratio * 100);
                *value_zh = buf;
                return true;
            }
        }
        return false;
    }
    /* a school's indicator, maybe of one level: "A01/L7/primary" */
    char code[16], part[16] = "";
    const char *s2 = strchr(rest, '/');
    snprintf(code, sizeof code, "%.*s", (int)(s2 ? (size_t)(s2 - rest) : strlen(rest)), rest);
    if (s2) snprintf(part, sizeof part, "%s", s2 + 1);
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(ev, "parts")) cJSON_ArrayForEach(ind, cJSON_GetObjectItem(p, "indicators"))
    {
        if (strcmp(jstr(ind, "code"), code)) continue;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(ind, "schools"))
        {
            if (strcmp(jstr(e, "code"), who) || strcmp(jstr(e, "part"), part)) continue;
            *verdict = jstr(e, "verdict");
            *ratio = jnum(e, "ratio");
            *value_zh = jstr(e, "value_zh");
            return true;
        }
    }
    return false;
}

cJSON *rectify_status(const rectify_item_t *items, int n, const cJSON *doc, const char *current_round)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(o, "items");
    int counts[5] = {0};
    static const char *codes[5] = {"done", "improved", "unchanged", "worse", "unknown"};
    static const char *zh[5] = {"已完成", "有改善", "无变化", "退步", "无法判断"};
    for (int i = 0; i < n; i++) {
        const rectify_item_t *it = &items[i];
        if (!strcmp(it->round, current_round)) { /* this round's own plan: nothing to compare yet */
            cJSON *cur = cJSON_GetObjectItem(o, "current");
            if (!cur) cur = cJSON_AddArrayToObject(o, "current");
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "key", it->key);
            cJSON_AddStringToObject(e, "measures", it->measures);
            cJSON_AddStringToObject(e, "department", it->department);
            cJSON_AddStringToObject(e, "deadline", it->deadline);
            cJSON_AddStringToObject(e, "progress", it->progress);
            cJSON_AddItemToArray(cur, e);
            continue;
        }
        const char *verdict = "";
        const char *value_now = "";
        double now = NAN;
        char buf[384];
        bool found = find_now(doc, it->key, &verdict, &now, &value_now, buf, sizeof buf);
        int s = 4;
        if (found && !strcmp(verdict, "pass"))
            s = 0;
        else if (found && !strcmp(verdict, "fail") && !isnan(now) && !isnan(it->ratio)) {
            double d = it->higher_better ? now - it->ratio : it->ratio - now;
            double tol = 1e-9 * fmax(1, fabs(it->ratio));
            s = d > tol ? 1 : d < -tol ? 3 : 2;
        }
        counts[s]++;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "key", it->key);
        cJSON_AddStringToObject(e, "round", it->round);
        cJSON_AddStringToObject(e, "school_code", it->school_code);
        cJSON_AddStringToObject(e, "school_name", it->school_name);
        cJSON_AddStringToObject(e, "indicator", it->indicator);
        cJSON_AddStringToObject(e, "name_zh", it->name_zh);
        cJSON_AddStringToObject(e, "value_then_zh", it->value_zh);
        cJSON_AddStringToObject(e, "value_now_zh", value_now);
        if (isnan(it->ratio)) cJSON_AddNullToObject(e, "ratio_then");
        else cJSON_AddNumberToObject(e, "ratio_then", it->ratio);
        if (isnan(now)) cJSON_AddNullToObject(e, "ratio_now");
        else cJSON_AddNumberToObject(e, "ratio_now", now);
        cJSON_AddStringToObject(e, "verdict_now", found ? verdict : "");
        cJSON_AddStringToObject(e, "standard_zh", it->standard_zh);
        cJSON_AddStringToObject(e, "needed_zh", it->needed_zh);
        cJSON_AddStringToObject(e, "measures", it->measures);
        cJSON_AddStringToObject(e, "department", it->department);
        cJSON_AddStringToObject(e, "deadline", it->deadline);
        cJSON_AddStringToObject(e, "progress", it->progress);
        cJSON_AddStringToObject(e, "status", codes[s]);
        cJSON_AddStringToObject(e, "status_zh", zh[s]);
        if (!found) {
            /* why: its school left the register (naming its new code) or
             * the figures, as rectify_keep_stored says it */
            const char *other = NULL, *reason = NULL;
            rectify_kept_t k = strncmp(it->key, "county/", 7)
                                   ? school_left(doc, it->school_code, it->school_name, &other, &reason)
                                   : RECTIFY_KEPT_MET;
            char note[384];
            if (k == RECTIFY_KEPT_UNREGISTERED && other)
                snprintf(note, sizeof note, "本轮数据中无此项：学校代码 %s 已不在本轮名册中（同名学校现在的代码为 %s）",
                         it->school_code, other);
            else if (k == RECTIFY_KEPT_UNREGISTERED)
                snprintf(note, sizeof note, "本轮数据中无此项：学校已不在本轮名册中（停办、合并或学校代码更正）");
            else if (k == RECTIFY_KEPT_EXCLUDED)
                snprintf(note, sizeof note, "本轮数据中无此项：学校本轮不参与计算（%s）", reason);
            else
                snprintf(note, sizeof note, "本轮数据中无此项（学校已不在名册或不参与计算）");
            cJSON_AddStringToObject(e, "note_zh", note);
            if (other) cJSON_AddStringToObject(e, "school_code_now", other);
        }
        cJSON_AddItemToArray(list, e);
    }
    cJSON *c = cJSON_AddObjectToObject(o, "counts");
    for (int s = 0; s < 5; s++) (cJSON_AddNumberToObject)(c, codes[s], counts[s]);
    return o;
}
