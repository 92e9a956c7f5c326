/* report_comments.c - the parents' and teachers' own words: the answers to
 * the free-text items of every submitted questionnaire, grouped by school,
 * as a section of the HTML report (issue 13).  Phone and ID numbers were
 * masked by the kiosk before export; they are masked again here, so bundles
 * from kiosks older than that show none either.  Read from the database on
 * one thread (report_comments_read), rendered once the statistics are known
 * (report_comments_html): a group whose figures the statistics suppress has
 * its comments left out too, and within a school the comments are in the
 * order of their role and text, never in the order people answered. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "county.h"
#include "i18n.h"
#include "rounds.h"
#include "report.h"
#include "report_html.h"
#include "report_json.h"
#include "stats.h"
#include "store.h"

/* ---- types ---------------------------------------------------------------- */

typedef struct {
    char *code;  /* the school's code (the register's, else as answered) */
    char *name;  /* its name in the register, "" when not there */
    char *role;  /* the respondent's role */
    char *text;  /* the comment, phone and ID numbers masked */
    bool in_round; /* counted in the open round's statistics (by its day) */
} comment_t;

struct report_comments {
    comment_t *rows;   /* sorted by code, role, text (owned) */
    size_t n, cap;
};

/* ---- static functions ----------------------------------------------------- */

static const char *role_zh(const char *role)
{
    if (!strcmp(role, "parent")) return "家长";
    if (!strcmp(role, "teacher")) return "教师";
    if (!strcmp(role, "student")) return "学生";
    if (!strcmp(role, "public")) return "社会公众";
    return role;
}

/* Byte order (SQLite's BINARY) of code, then role, then the masked text: the
 * order within a school says nothing of when or in which order people
 * answered (review rprivacy: it was the order they stood at the kiosk). */
static int comment_cmp(const void *a, const void *b)
{
    const comment_t *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (!c) c = strcmp(x->role, y->role);
    if (!c) c = strcmp(x->text, y->text);
    return c;
}

/* Whether group g (an element of satisfaction.by_school or by_school_role)
 * is hidden for its own size: suppressed, and not merely so that a smaller
 * group cannot be worked out by subtraction ("complementary": such a group
 * has enough people that a comment does not point at one of them). */
static bool group_small(const cJSON *g)
{
    return rjson_bool(g, "suppressed") && !rjson_hidden_complementary(g);
}

/* Why the comments of one school's group of one role are shown or not. */
typedef enum {
    CM_SHOWN,     /* the statistics show the school and the role in it */
    CM_SMALL,     /* the school, or the role in it, hidden as too small */
    CM_HELD,      /* the school is not in the register: held out of the statistics */
    CM_UNCOUNTED, /* no questionnaire of the school and role is counted in them */
} cm_reason_t;

/* The element of array arr (by_school, by_school_role, unregistered.schools)
 * for school code (and role, not NULL), or NULL. */
static const cJSON *group_find(const cJSON *arr, const char *code, const char *role)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, arr)
        if (!strcmp(rjson_str(g, "school_code"), code) && (!role || !strcmp(rjson_str(g, "role"), role))) return g;
    return NULL;
}

/* Whether the comments of school code's group of role are shown, and if not
 * why: the statistics' own decision (satisfaction.by_school and
 * by_school_role, never recomputed here).  A group they hide as too small
 * is hidden here too; a group they do not list at all is not shown either
 * (its comments would be the only thing published of it), for its own
 * reason: a school held out because it is not in the register
 * (unregistered.schools), or no questionnaire of it counted in these
 * statistics (another round's, say).  No statistics (NULL): shown. */
static cm_reason_t group_reason(const cJSON *stats, const char *code, const char *role)
{
    if (!stats) return CM_SHOWN;
    const cJSON *sat = rjson_get(stats, "satisfaction");
    const cJSON *school = group_find(rjson_get(sat, "by_school"), code, NULL);
    const cJSON *by_role = group_find(rjson_get(sat, "by_school_role"), code, role);
    if ((school && group_small(school)) || (by_role && group_small(by_role))) return CM_SMALL;
    if (school && by_role) return CM_SHOWN;
    if (!school && group_find(rjson_get(rjson_get(stats, "unregistered"), "schools"), code, NULL)) return CM_HELD;
    return CM_UNCOUNTED;
}

/* The same for a comment of a role whose questionnaire asks about the
 * county (the public's, stats_role_county_level): its figures are the
 * role's in the county (satisfaction.by_role), never the school's where
 * it was answered; held out with that school when it is not in the
 * register. */
static cm_reason_t county_reason(const cJSON *stats, const char *code, const char *role)
{
    if (!stats) return CM_SHOWN;
    const cJSON *sat = rjson_get(stats, "satisfaction"), *g, *by_role = NULL;
    cJSON_ArrayForEach(g, rjson_get(sat, "by_role"))
        if (!strcmp(rjson_str(g, "role"), role)) by_role = g;
    if (group_find(rjson_get(rjson_get(stats, "unregistered"), "schools"), code, NULL)) return CM_HELD;
    if (by_role && group_small(by_role)) return CM_SMALL;
    return by_role ? CM_SHOWN : CM_UNCOUNTED;
}

/* Text order, then role: the county's comments say nothing of the school
 * where they were written, nor of when. */
static int county_cmp(const void *a, const void *b)
{
    const comment_t *x = *(const comment_t *const *)a, *y = *(const comment_t *const *)b;
    int c = strcmp(x->text, y->text);
    return c ? c : strcmp(x->role, y->role);
}

/* Says under a school's comments which of them are left out and why, by
 * reason (bits 1 << cm_reason_t) -- never how many: the number of a small
 * group's comments is a bound on its size, which the statistics hide
 * (review r2privacy). */
static void left_out_note(jh_buf_t *b, unsigned reasons)
{
    if (reasons & 1u << CM_SMALL)
        jh_buf_puts(b, "<p class=\"muted\">部分留言因所在组人数过少（样本不足），未列出。</p>\n");
    if (reasons & 1u << CM_HELD)
        jh_buf_puts(b, "<p class=\"muted\">该校不在学校名册中，问卷暂不计入全县结果，留言也暂不列出（登记后列出）。</p>\n");
    if (reasons & 1u << CM_UNCOUNTED)
        jh_buf_puts(b, "<p class=\"muted\">部分留言所在的问卷未计入本次统计（例如其他轮次的问卷），未列出。</p>\n");
}

/* ---- public functions ----------------------------------------------------- */

void report_comments_free(report_comments_t *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->rows[i].code);
        free(c->rows[i].name);
        free(c->rows[i].role);
        free(c->rows[i].text);
    }
    free(c->rows);
    free(c);
}

jh_status_t report_comments_read(const char *db_path, const char *school, report_comments_t **out, jh_err_t *err)
{
    *out = NULL;
    county_t *c = NULL;
    jh_status_t s = county_open_existing(db_path, &c, err); /* (only reads) */
    if (s != JH_OK) return s;
    sqlite3 *db = county_db(c);
    /* Text items are found in each response's questionnaire definition:
     * list them once (a few questionnaires) in a temporary table, so the
     * responses are scanned once and each is asked only for its own text
     * items.  (Joining json_each over the definitions and over every
     * response's answers took 45 s for 1,000,000 responses; this takes 4.)
     * Free text is never an option code: it is in the verbatim answers
     * (responses.extra, schema 5). */
    static const char setup[] =
        "CREATE TEMP TABLE IF NOT EXISTS report_text_items(hash TEXT NOT NULL, pos INTEGER NOT NULL, "
        "path TEXT NOT NULL, PRIMARY KEY(hash, pos));"
        "DELETE FROM temp.report_text_items;"
        "INSERT INTO temp.report_text_items "
        "SELECT s.hash, it.key, '$.\"' || json_extract(it.value, '$.id') || '\"' "
        "FROM surveys s, json_each(s.definition, '$.items') it "
        "WHERE json_extract(it.value, '$.type') = 'text' AND json_type(it.value, '$.id') = 'text' "
        "AND instr(json_extract(it.value, '$.id'), '\"') = 0;";
    /* Submitted questionnaires only ('submitted_timeout': complete, left at
     * the summary, counted as submitted by the statistics): an abandoned one
     * is someone who walked away before 提交, and did not give their words
     * to be published (review rprivacy). */
    /* A code typed on a kiosk with a blank ("A01　", "A01 ") is the
     * register's A01, as in the statistics (schools_trim_span: space, tab,
     * U+00A0, U+3000; register codes are stored trimmed): its comments are
     * under A01's heading and on A01's pages.  The group's code is the
     * register's, or the answers' own for an unregistered school. */
#define BLANKS "' ' || char(9) || char(160) || char(12288)"
    /* In the open round (the statistics' rule, stats_compute.c census_row):
     * its day on or after the round's first day (Beijing time), or, without
     * a day, merged since the round opened; a comment of an earlier round
     * is left out as not counted, also where the school has answers in
     * this one (review: last year's words under this year's figures). */
    static const char sql[] =
        "SELECT COALESCE(sc.code, r.school_code) AS code, COALESCE(sc.name, ''), r.role, "
        "json_extract(r.extra, t.path) AS v, "
        "?2 = 0 OR (im.id IS NOT NULL AND CASE WHEN r.day IS NOT NULL "
        "THEN r.day >= date(?3 / 1000 + 28800, 'unixepoch') ELSE im.imported_ms >= ?4 END) "
        "FROM responses r JOIN temp.report_text_items t ON t.hash = r.survey_hash "
        "LEFT JOIN imports im ON im.id = r.import_id "
        "LEFT JOIN schools sc ON sc.code = trim(r.school_code, " BLANKS ") "
        "WHERE r.status IN ('submitted', 'submitted_timeout') "
        "AND r.extra IS NOT NULL AND json_type(r.extra, t.path) = 'text' AND v != '' "
        "AND (?1 IS NULL OR code = ?1) "
        "ORDER BY code";
#undef BLANKS
    round_t round;
    bool have_round = false;
    if ((s = rounds_current(c, &round, &have_round, err)) != JH_OK) {
        county_close(c);
        return s;
    }
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_exec(db, setup, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    if (rc == SQLITE_OK && school) rc = sqlite3_bind_text(q, 1, school, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int(q, 2, have_round);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 3, have_round ? round.since_ms : 0);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(q, 4, have_round ? round.opened_ms : 0);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(q);
        s = jh_err_set(err, JH_ERR_IO, _("%s: cannot read the comments: %s"), db_path, sqlite3_errmsg(db));
        county_close(c);
        return s;
    }
    /* tests (reliability/io_faults.sh): a pause before the answers are read */
    jh_test_pause("JH_COMMENTS_TEST_PAUSE_MS");
    report_comments_t *list = jh_xcalloc(1, sizeof *list);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        const char *role = (const char *)sqlite3_column_text(q, 2);
        const char *text = (const char *)sqlite3_column_text(q, 3);
        if (!code || !text) continue;
        if (list->n == list->cap) {
            list->cap = list->cap ? 2 * list->cap : 64;
            list->rows = jh_xrealloc(list->rows, list->cap * sizeof *list->rows);
        }
        list->rows[list->n++] = (comment_t){.code = jh_strdup(code), .name = jh_strdup(name ? name : ""),
                                            .role = jh_strdup(role ? role : ""),
                                            .text = store_mask_personal(text),
                                            .in_round = sqlite3_column_int(q, 4) != 0};
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        s = jh_err_set(err, JH_ERR_IO, _("%s: cannot read the comments: %s"), db_path, sqlite3_errmsg(db));
        report_comments_free(list);
        county_close(c);
        return s;
    }
    /* read as immutable (another user's database, a read-only view): the
     * comments of one state, or none */
    if ((s = county_check_unchanged(c, err)) != JH_OK) {
        report_comments_free(list);
        county_close(c);
        return s;
    }
    county_close(c);
    if (list->n) qsort(list->rows, list->n, sizeof *list->rows, comment_cmp);
    *out = list;
    return JH_OK;
}

void report_comments_html(const report_comments_t *list, const cJSON *stats, bool one_school, jh_buf_t *out,
                          report_comments_count_t *count)
{
    jh_buf_t body = {0};
    report_comments_count_t k = {0};
    unsigned school_reasons = 0; /* why comments of the school are left out (bits) */
    bool in_school = false, in_list = false;
    cm_reason_t why = CM_SHOWN;
    /* The public's comments are about the county (their questionnaire
     * asks about it): listed first, under the county, not under the
     * school whose kiosk took them (review rgroups7 item 1); a school's
     * own pages leave them to the county's report. */
    size_t n_county = 0;
    for (size_t i = 0; list && i < list->n; i++) n_county += stats_role_county_level(list->rows[i].role);
    if (n_county && one_school) {
        jh_buf_puts(&body, "<p class=\"muted\">社会公众问卷问的是全县情况，其留言列在全县报告的“留言”中，不在学校页列出。</p>\n");
        in_school = true;
    } else if (n_county) {
        const comment_t **cr = jh_xmalloc(n_county * sizeof *cr);
        size_t m = 0;
        for (size_t i = 0; i < list->n; i++)
            if (stats_role_county_level(list->rows[i].role)) cr[m++] = &list->rows[i];
        qsort(cr, m, sizeof *cr, county_cmp);
        jh_buf_puts(&body, "<h3>全县（社会公众问卷，问的是全县情况，不归入学校）</h3>\n");
        for (size_t i = 0; i < m; i++) {
            cm_reason_t cw = county_reason(stats, cr[i]->code, cr[i]->role);
            if (cw == CM_SHOWN && !cr[i]->in_round) cw = CM_UNCOUNTED;
            if (cw != CM_SHOWN) {
                school_reasons |= 1u << cw;
                if (cw == CM_SMALL) k.small++;
                else if (cw == CM_HELD) k.held++;
                else k.uncounted++;
                continue;
            }
            if (!in_list) jh_buf_puts(&body, "<ul class=\"comments\">\n");
            in_list = true;
            jh_buf_puts(&body, "<li>");
            rhtml_escape(&body, cr[i]->text);
            jh_buf_puts(&body, " <span class=\"muted\">—— ");
            rhtml_escape(&body, role_zh(cr[i]->role));
            jh_buf_puts(&body, "</span></li>\n");
            k.shown++;
        }
        free(cr);
        if (in_list) jh_buf_puts(&body, "</ul>\n");
        if (school_reasons & 1u << CM_HELD)
            jh_buf_puts(&body, "<p class=\"muted\">部分留言来自不在学校名册中的学校的答题机，问卷暂不计入全县结果，留言也暂不列出（登记后列出）。</p>\n");
        left_out_note(&body, school_reasons & ~(1u << CM_HELD));
        school_reasons = 0;
        in_list = false;
        in_school = true;
    }
    const comment_t *prev = NULL; /* the last school comment */
    for (size_t i = 0; list && i < list->n; i++) {
        const comment_t *r = &list->rows[i];
        if (stats_role_county_level(r->role)) continue;
        bool new_school = !prev || strcmp(r->code, prev->code) != 0;
        if (new_school || strcmp(r->role, prev->role) != 0) why = group_reason(stats, r->code, r->role);
        prev = r;
        cm_reason_t row_why = why == CM_SHOWN && !r->in_round ? CM_UNCOUNTED : why;
        if (new_school) {
            if (in_list) jh_buf_puts(&body, "</ul>\n");
            left_out_note(&body, school_reasons);
            jh_buf_puts(&body, "<h3>");
            rhtml_escape(&body, *r->name ? r->name : "（学校名册中没有）");
            jh_buf_puts(&body, "（代码 ");
            rhtml_escape(&body, r->code);
            jh_buf_puts(&body, "）</h3>\n");
            in_school = true;
            in_list = false;
            school_reasons = 0;
        }
        if (row_why != CM_SHOWN) {
            /* the group's figures are not shown: nor are its words (review
             * rprivacy), and the school says why, not how many */
            school_reasons |= 1u << row_why;
            if (row_why == CM_SMALL) k.small++;
            else if (row_why == CM_HELD) k.held++;
            else k.uncounted++;
            continue;
        }
        if (!in_list) jh_buf_puts(&body, "<ul class=\"comments\">\n");
        in_list = true;
        jh_buf_puts(&body, "<li>");
        rhtml_escape(&body, r->text);
        jh_buf_puts(&body, " <span class=\"muted\">—— ");
        rhtml_escape(&body, role_zh(r->role));
        jh_buf_puts(&body, "</span></li>\n");
        k.shown++;
    }
    if (in_list) jh_buf_puts(&body, "</ul>\n");
    left_out_note(&body, school_reasons);
    jh_buf_puts(out, "<section class=\"page\" id=\"comments\">\n<h2>留言</h2>\n");
    jh_buf_puts(out, one_school ? "<p class=\"muted\">问卷最后一道题（可以不填）的原话；电话号码和身份证号已在一体机上遮住（*）。"
                                : "<p class=\"muted\">问卷最后一道题（可以不填）的原话，按学校列出（社会公众问卷问的是全县情况，其留言列在“全县”下）；电话号码和身份证号已在一体机上遮住（*）。");
    jh_buf_puts(out, "同一学校的留言按身份和文字排序，不按填写先后，以免从顺序认出是谁写的。</p>\n");
    if (!in_school)
        jh_buf_puts(out, "<p>没有留言。</p>\n");
    else
        jh_buf_append(out, body.data, body.len);
    jh_buf_puts(out, "</section>\n");
    jh_buf_free(&body);
    *count = k;
}

void report_comments_summary(const report_comments_count_t *count, const char *annex_href, jh_buf_t *out)
{
    if (count->shown)
        jh_buf_printf(out, "共 %d 条留言，按学校列在<a class=\"annex\" href=\"%s#comments\">附件“留言”</a>。",
                      count->shown, annex_href);
    else if (!count->small && !count->held && !count->uncounted)
        jh_buf_puts(out, "没有留言。");
    /* why some are left out, never how many (review r2privacy) */
    if (count->small) jh_buf_puts(out, "部分留言因所在组人数过少（样本不足），未列出。");
    if (count->held) jh_buf_puts(out, "不在学校名册中的学校的留言暂不列出（登记后列出）。");
    if (count->uncounted) jh_buf_puts(out, "部分留言所在的问卷未计入本次统计（例如其他轮次的问卷），未列出。");
}
