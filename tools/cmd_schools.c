/* cmd_schools.c - `junheng schools`: loads the school register CSV into the
 * county database, reporting every bad row. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "county.h"
#include "rounds.h"
#include "schools.h"

static void usage(FILE *f)
{
    fprintf(f, "%s", _("Usage: junheng schools --db COUNTY.db [--replace] FILE.csv\n"
                       "\n"
                       "Loads the school register (UTF-8 CSV, Chinese or English headers; see\n"
                       "`junheng template schools`) into the county database, replacing the\n"
                       "register loaded before.  Every bad row is reported with its line and\n"
                       "column; nothing is loaded then.  A register with fewer than three\n"
                       "quarters of the schools loaded now is only loaded with --replace.\n"
                       "Schools left out that have answers in the open round are listed.\n"));
}

/* code without blanks at its edges (as the register's reader trims them)
 * and without leading zeros, into buf[n]: "0101　" and "101" are alike. */
static const char *code_norm(const char *code, char *buf, size_t n)
{
    size_t a, len;
    schools_trim_span(code, &a, &len);
    const char *p = code + a;
    while (len > 1 && *p == '0') {
        p++;
        len--;
    }
    snprintf(buf, n, "%.*s", (int)len, p);
    return buf;
}

/* Warns about a register code when an answers' code of the open round that
 * matches no register code is the same code but for leading zeros: when the
 * register code has no answers (101 against answers of 0101), Excel dropped
 * the zeros and that school's answers would be held out; when it has answers
 * of its own (0101, and another kiosk answered as 101), that kiosk's school
 * code setting is the likely cause.  A school without answers yet is no sign
 * of anything: no warning. */
static void warn_unmatched_codes(county_t *c, const stats_school_t *s, int n, const char *base)
{
    sqlite3_stmt *q = NULL;
    char **codes = NULL;
    bool *has = NULL; /* has[i]: s[i] has answers of its own */
    int n_answers = 0, unmatched = 0;
    round_t cur;
    bool have = false;
    jh_err_t err = {0};
    if (rounds_current(c, &cur, &have, &err) != JH_OK) return;
    /* the open round's answers: a day from its start (Beijing time), or
     * without a day merged since it opened */
    char since[16] = "";
    if (have) {
        time_t t = (time_t)(cur.since_ms / 1000 + 8 * 3600);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(since, sizeof since, "%Y-%m-%d", &tm);
    }
    has = jh_xcalloc((size_t)n + 1, sizeof *has);
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT DISTINCT r.school_code FROM responses r LEFT JOIN imports i ON i.id = r.import_id "
                           "WHERE r.school_code IS NOT NULL AND r.school_code <> '' AND (?1 = 0 OR "
                           "(r.day IS NOT NULL AND r.day >= ?2) OR (r.day IS NULL AND i.imported_ms >= ?3)) "
                           "ORDER BY 1",
                           -1, &q, NULL) != SQLITE_OK)
        goto out;
    sqlite3_bind_int(q, 1, have);
    sqlite3_bind_text(q, 2, since, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, cur.opened_ms);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(q, 0);
        size_t a0, len;
        schools_trim_span(code, &a0, &len);
        bool found = false; /* in the register (blanks trimmed, as stats matches them) */
        for (int i = 0; i < n && !found; i++)
            if (strlen(s[i].code) == len && !strncmp(s[i].code, code + a0, len)) found = has[i] = true;
        if (found) continue;
        codes = jh_xrealloc(codes, (size_t)(n_answers + 1) * sizeof *codes);
        codes[n_answers++] = jh_sprintf("%s", code);
    }
    for (int i = 0; n_answers && i < n; i++) {
        char a[64], b[64];
        jh_buf_t like = {0};
        bool cut = false;
        for (int k = 0; k < n_answers; k++) {
            if (strcmp(code_norm(s[i].code, a, sizeof a), code_norm(codes[k], b, sizeof b))) continue;
            if (like.len >= 200) {
                cut = true;
                break;
            }
            jh_buf_printf(&like, "%s%s", like.len ? " " : "", codes[k]);
        }
        if (!like.len) continue;
        if (cut) jh_buf_puts(&like, " …");
        if (unmatched++ >= 20) {
            /* counted only */
        } else if (has[i]) {
            fprintf(stderr,
                    _("schools: warning: %s line %d: school code '%s' has answers of its own, but the open round's "
                      "answers also carry %s, the same code with other leading zeros (another kiosk's school code "
                      "setting?); those answers are held out: check the school code set on that kiosk\n"),
                    cli_esc(base), s[i].line, cli_esc(s[i].code), cli_esc(like.data));
        } else {
            fprintf(stderr,
                    _("schools: warning: %s line %d: school code '%s' matches no school code of the open round's "
                      "answers, which carry %s, the same code with other leading zeros; if Excel dropped its "
                      "leading zeros (0101 shown as 101), set the column to Text, correct the codes and load "
                      "again\n"),
                    cli_esc(base), s[i].line, cli_esc(s[i].code), cli_esc(like.data));
        }
        jh_buf_free(&like);
    }
    if (unmatched > 20)
        fprintf(stderr,
                P_("schools: warning: %d more register code whose answers may carry other leading zeros\n",
                   "schools: warning: %d more register codes whose answers may carry other leading zeros\n",
                   unmatched - 20),
                unmatched - 20);
out:
    for (int k = 0; k < n_answers; k++) free(codes[k]);
    free(codes);
    free(has);
    sqlite3_finalize(q);
}

/* The schools of the register loaded now that s[0..n) leaves out and that
 * have answers of the open round (every submitted answer when no round is
 * open; *in_round says which) (review rreg4 item 3: their answers were
 * left out of every county figure without a word).  Returns how many,
 * with their lines ("  CODE NAME: 31 questionnaires") in *list; -1 when
 * the database cannot say. */
static int dropped_with_answers(county_t *c, const stats_school_t *s, int n, jh_buf_t *list, bool *in_round)
{
    stats_school_t *old = NULL;
    int n_old = 0, dropped = 0;
    sqlite3_stmt *q = NULL;
    round_t cur;
    bool have = false;
    jh_err_t err = {0};
    if (rounds_current(c, &cur, &have, &err) != JH_OK || county_schools_load(c, &old, &n_old, &err) != JH_OK)
        return -1;
    *in_round = have;
    char since[16] = "";
    if (have) {
        time_t t = (time_t)(cur.since_ms / 1000 + 8 * 3600);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(since, sizeof since, "%Y-%m-%d", &tm);
    }
    /* the open round's submitted questionnaires (the ones the figures
     * count), chosen as warn_unmatched_codes chooses the round's answers */
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT r.school_code, count(*) FROM responses r LEFT JOIN imports i ON i.id = r.import_id "
                           "WHERE r.status = 'submitted' AND r.school_code IS NOT NULL AND r.school_code <> '' AND (?1 = 0 OR "
                           "(r.day IS NOT NULL AND r.day >= ?2) OR (r.day IS NULL AND i.imported_ms >= ?3)) "
                           "GROUP BY 1 ORDER BY 1",
                           -1, &q, NULL) != SQLITE_OK) {
        free(old);
        return -1;
    }
    sqlite3_bind_int(q, 1, have);
    sqlite3_bind_text(q, 2, since, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, cur.opened_ms);
    int *answers = jh_xcalloc((size_t)n_old + 1, sizeof *answers);
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(q, 0);
        size_t a0, len;
        schools_trim_span(code, &a0, &len);
        for (int i = 0; i < n_old; i++)
            if (strlen(old[i].code) == len && !strncmp(old[i].code, code + a0, len))
                answers[i] += sqlite3_column_int(q, 1);
    }
    sqlite3_finalize(q);
    if (step != SQLITE_DONE) { /* a partial count would name too few schools */
        free(answers);
        free(old);
        return -1;
    }
    for (int i = 0; i < n_old; i++) {
        if (!answers[i]) continue;
        bool kept = false;
        for (int k = 0; k < n && !kept; k++) kept = !strcmp(s[k].code, old[i].code);
        if (kept) continue;
        if (dropped++ < 30)
            jh_buf_printf(list, P_("  %s %s: %d questionnaire\n", "  %s %s: %d questionnaires\n", answers[i]),
                          cli_esc(old[i].code), cli_esc(old[i].name), answers[i]);
    }
    if (dropped > 30) jh_buf_printf(list, _("  … and %d more\n"), dropped - 30);
    free(answers);
    free(old);
    return dropped;
}

int cmd_schools(int argc, char **argv)
{
    const char *db = NULL, *file = NULL;
    bool replace = false;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        if (opts_done || argv[i][0] != '-' || !argv[i][1]) {
            if (file) {
                fprintf(stderr, _("junheng schools: one register file only ('%s')\n"), cli_esc(argv[i]));
                return CLI_USAGE;
            }
            file = argv[i];
        } else if (!strcmp(argv[i], "--")) {
            opts_done = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--db")) {
            if (!cli_take_value("schools", argc, argv, &i, &db)) return CLI_USAGE;
        } else if (!strcmp(argv[i], "--replace")) {
            replace = true;
        } else {
            fprintf(stderr, _("junheng schools: unknown option '%s'\n"), cli_esc(argv[i]));
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (!db || !file) {
        usage(stderr);
        return CLI_USAGE;
    }
    jh_buf_t errors = {0}, warnings = {0};
    jh_err_t err = {0};
    stats_school_t *s = NULL;
    county_t *c = NULL;
    int n = 0, rc = CLI_OK;
    char *text = NULL;
    size_t len = 0;
    /* A file that cannot be read is an I/O error (exit 3, docs/bureau.md). */
    if (jh_read_file_max(file, (size_t)64 * 1024 * 1024, &text, &len, &err) != JH_OK) {
        fprintf(stderr, _("junheng schools: %s\n"), err.msg);
        return err.status == JH_ERR_INVALID ? CLI_REJECTED : CLI_FAILED;
    }
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    jh_status_t st = schools_read_text(base, text, len, &s, &n, &errors, &warnings, &err);
    if (warnings.data) cli_put_lines(stderr, warnings.data);
    if (st != JH_OK) {
        cli_put_lines(stderr, errors.data ? errors.data : err.msg);
        fprintf(stderr, _("junheng schools: %s: nothing loaded; correct the rows above and run again\n"), cli_esc(base));
        rc = CLI_REJECTED;
        goto out;
    }
    char sha[65];
    jh_sha256_hex(text, len, sha);
    if (county_open(db, &c, &err) != JH_OK) {
        fprintf(stderr, _("junheng schools: %s\n"), err.msg);
        rc = CLI_FAILED;
        goto out;
    }
    /* A much smaller register replacing the loaded one is more often the
     * wrong file (a test sheet, one district) than the county's. */
    int before = county_schools_count(c);
    if (!replace && before > 0 && n * 4 < before * 3) {
        fprintf(stderr,
                _("junheng schools: %s has %d schools but the register loaded now has %d: loading it would drop "
                  "%d schools.  Check that this is the whole county's register; to replace it anyway, run again "
                  "with --replace\n"),
                base, n, before, before - n);
        rc = CLI_REJECTED;
        goto out;
    }
    /* Schools that leave the register with answers of the open round: a
     * school closed or merged between rounds (its kiosk still answering)
     * as well as a filtered or an old sheet.  The bureau's rounds expect
     * schools to leave (stats reports them as 不在名册), so this is said
     * while replacing, with the answers that drop out, not refused. */
    jh_buf_t gone = {0};
    bool in_round = false;
    int dropped = before > 0 ? dropped_with_answers(c, s, n, &gone, &in_round) : 0;
    if (dropped < 0)
        fprintf(stderr,
                _("schools: warning: could not read which schools of the register loaded before have answers (%s): "
                  "check that %s leaves out no school with answers (junheng stats lists 不在名册)\n"),
                sqlite3_errmsg(county_db(c)), cli_esc(base));
    if (dropped > 0 && !in_round) {
        fprintf(stderr,
                P_("schools: warning: %s leaves out %d school of the register loaded before that has answers; its "
                   "answers are now left out of every county figure:\n",
                   "schools: warning: %s leaves out %d schools of the register loaded before that have answers; "
                   "their answers are now left out of every county figure:\n",
                   dropped),
                cli_esc(base), dropped);
    } else if (dropped > 0) {
        fprintf(stderr,
                P_("schools: warning: %s leaves out %d school of the register loaded before that has answers in the "
                   "open round; its answers are now left out of every county figure:\n",
                   "schools: warning: %s leaves out %d schools of the register loaded before that have answers in "
                   "the open round; their answers are now left out of every county figure:\n",
                   dropped),
                cli_esc(base), dropped);
    }
    if (dropped > 0) {
        fputs(gone.data, stderr);
        fprintf(stderr, "%s",
                _("schools: if those schools did not close or merge (a filtered or an old sheet?), load the whole "
                  "register again: the answers are kept and count again\n"));
    }
    jh_buf_free(&gone);
    if (county_schools_replace(c, s, n, base, sha, jh_now_ms(), &err) != JH_OK) {
        fprintf(stderr, _("junheng schools: %s\n"), err.msg);
        rc = CLI_FAILED;
        goto out;
    }
    int by_level[STATS_LEVEL_COUNT] = {0}, excluded = 0, basic_only = 0;
    stats_rules_t rules = stats_rules_default();
    for (int i = 0; i < n; i++) {
        by_level[s[i].level]++;
        if (stats_school_exclusion(&s[i], &rules))
            excluded++;
        else if (stats_school_exclusion_in(&s[i], &rules, STATS_SET_BASIC))
            basic_only++;
    }
    jh_buf_t levels = {0};
    jh_buf_puts(&levels, "");
    for (int l = 0; l < STATS_LEVEL_COUNT; l++) {
        if (!by_level[l]) continue;
        /* TRANSLATORS: the separator of a list, "a, b, c" */
        jh_buf_printf(&levels, "%s%s %d", levels.len ? _(", ") : "",
                      cli_chinese ? stats_level_zh((stats_level_t)l) : stats_level_code((stats_level_t)l),
                      by_level[l]);
    }
    printf(P_("schools: loaded %d school from %s (%s)\n", "schools: loaded %d schools from %s (%s)\n", n), n, cli_esc(base),
           levels.data);
    warn_unmatched_codes(c, s, n, base);
    jh_buf_free(&levels);
    /* the evaluation columns (issue 17): which are missing, school by school
     * they are 无数据 then, never a pass */
    {
        int blank = 0;
        jh_buf_t l = {0};
        for (int x = 0; x < STATS_X_COUNT; x++) {
            int given = 0;
            for (int i = 0; i < n; i++) given += !isnan(s[i].extra[x]);
            if (given == 0) {
                blank++;
                if (cli_chinese)
                    jh_buf_printf(&l, "%s%s", l.len ? "、" : "", schools_extra_zh((stats_extra_t)x));
                else
                    jh_buf_printf(&l, "%s%s (%s)", l.len ? ", " : "", schools_extra_key((stats_extra_t)x),
                                  schools_extra_zh((stats_extra_t)x));
            }
        }
        if (blank == STATS_X_COUNT)
            printf("%s", _("schools: no evaluation columns (classes, largest classes, music and art rooms, "
                           "certified teachers …): those indicators have no data, never a pass (see "
                           "`junheng template schools`)\n"));
        else if (blank)
            printf(_("schools: evaluation columns not given (no data, never a pass): %s; fill them in the register "
                     "and load it again (`junheng template schools` lists every column)\n"),
                   l.data);
        jh_buf_free(&l);
    }
    if (excluded) {
        printf(_("schools: %d left out of the balance calculation (quality and basic figures):\n"), excluded);
        for (int i = 0; i < n; i++) {
            const char *why = cli_chinese ? stats_school_exclusion_zh(&s[i], &rules)
                                          : stats_school_exclusion(&s[i], &rules);
            if (why) printf("  %s %s: %s\n", cli_esc(s[i].code), cli_esc(s[i].name), why);
        }
    }
    /* The basic figures leave out more (balance-rules §2; by default every
     * teaching point, and schools not run by the county). */
    if (basic_only) {
        printf(_("schools: %d more left out of the basic-balance figures only (in the quality figures; "
                 "the default rule, --basic-teaching-points of junheng stats changes it):\n"),
               basic_only);
        for (int i = 0; i < n; i++) {
            if (stats_school_exclusion(&s[i], &rules)) continue;
            const char *why = cli_chinese ? stats_school_exclusion_in_zh(&s[i], &rules, STATS_SET_BASIC)
                                          : stats_school_exclusion_in(&s[i], &rules, STATS_SET_BASIC);
            if (why) printf("  %s %s: %s\n", cli_esc(s[i].code), cli_esc(s[i].name), why);
        }
    }
out:
    county_close(c);
    free(s);
    free(text);
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    return rc;
}
