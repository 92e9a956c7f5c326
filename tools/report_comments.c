/* report_comments.c - the parents' and teachers' own words: the answers to
 * the free-text items of every questionnaire, grouped by school, as a
 * section of the HTML report (issue 13).  Phone and ID numbers were masked
 * by the kiosk before export; they are masked again here, so bundles from
 * kiosks older than that show none either. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "county.h"
#include "i18n.h"
#include "report.h"
#include "report_html.h"
#include "store.h"

static const char *role_zh(const char *role)
{
    if (!strcmp(role, "parent")) return "家长";
    if (!strcmp(role, "teacher")) return "教师";
    return role;
}

jh_status_t report_comments_html(const char *db_path, const char *school, jh_buf_t *out, int *n_out, jh_err_t *err)
{
    *n_out = 0;
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
    /* A code typed on a kiosk with a blank ("A01　", "A01 ") is the
     * register's A01, as in the statistics (schools_trim_span: space, tab,
     * U+00A0, U+3000; register codes are stored trimmed): its comments are
     * under A01's heading and on A01's pages.  The group's code is the
     * register's, or the answers' own for an unregistered school. */
#define BLANKS "' ' || char(9) || char(160) || char(12288)"
    static const char sql[] =
        "SELECT COALESCE(sc.code, r.school_code) AS code, COALESCE(sc.name, ''), r.role, "
        "json_extract(r.extra, t.path) AS v "
        "FROM responses r JOIN temp.report_text_items t ON t.hash = r.survey_hash "
        "LEFT JOIN schools sc ON sc.code = trim(r.school_code, " BLANKS ") "
        "WHERE r.extra IS NOT NULL AND json_type(r.extra, t.path) = 'text' AND v != '' "
        "AND (?1 IS NULL OR code = ?1) "
        "ORDER BY code, r.ended_ms, r.id, t.pos";
#undef BLANKS
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_exec(db, setup, NULL, NULL, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    if (rc == SQLITE_OK && school) rc = sqlite3_bind_text(q, 1, school, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(q);
        s = jh_err_set(err, JH_ERR_IO, _("%s: cannot read the comments: %s"), db_path, sqlite3_errmsg(db));
        county_close(c);
        return s;
    }
    /* tests (reliability/io_faults.sh): a pause before the answers are read */
    jh_test_pause("JH_COMMENTS_TEST_PAUSE_MS");
    jh_buf_t body = {0};
    char last[64] = "";
    int n = 0, in_school = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        const char *role = (const char *)sqlite3_column_text(q, 2);
        const char *text = (const char *)sqlite3_column_text(q, 3);
        if (!code || !text) continue;
        if (strcmp(code, last) != 0) {
            if (in_school) jh_buf_puts(&body, "</ul>\n");
            jh_buf_puts(&body, "<h3>");
            rhtml_escape(&body, name && *name ? name : "（学校名册中没有）");
            jh_buf_puts(&body, "（代码 ");
            rhtml_escape(&body, code);
            jh_buf_puts(&body, "）</h3>\n<ul class=\"comments\">\n");
            snprintf(last, sizeof last, "%s", code);
            in_school = 1;
        }
        char *masked = store_mask_personal(text);
        jh_buf_puts(&body, "<li>");
        rhtml_escape(&body, masked);
        jh_buf_puts(&body, " <span class=\"muted\">—— ");
        rhtml_escape(&body, role_zh(role ? role : ""));
        jh_buf_puts(&body, "</span></li>\n");
        free(masked);
        n++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        s = jh_err_set(err, JH_ERR_IO, _("%s: cannot read the comments: %s"), db_path, sqlite3_errmsg(db));
        jh_buf_free(&body);
        county_close(c);
        return s;
    }
    if (in_school) jh_buf_puts(&body, "</ul>\n");
    /* read as immutable (another user's database, a read-only view): the
     * comments of one state, or none */
    if ((s = county_check_unchanged(c, err)) != JH_OK) {
        jh_buf_free(&body);
        county_close(c);
        return s;
    }
    county_close(c);
    jh_buf_puts(out, "<section class=\"page\" id=\"comments\">\n<h2>家长和教师的留言</h2>\n");
    jh_buf_puts(out, school ? "<p class=\"muted\">问卷最后一道题（可以不填）的原话；电话号码和身份证号已在一体机上遮住（*）。</p>\n"
                            : "<p class=\"muted\">问卷最后一道题（可以不填）的原话，按学校列出；电话号码和身份证号已在一体机上遮住（*）。</p>\n");
    if (n == 0)
        jh_buf_puts(out, "<p>没有留言。</p>\n");
    else
        jh_buf_append(out, body.data, body.len);
    jh_buf_puts(out, "</section>\n");
    jh_buf_free(&body);
    *n_out = n;
    return JH_OK;
}
