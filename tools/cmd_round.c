/* cmd_round.c - `junheng round`: lists the evaluation rounds of a county
 * database, or opens the next one (closing and freezing the open round's
 * statistics). */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "county.h"
#include "rounds.h"
#include "stats.h"

static void usage(FILE *f)
{
    fputs(_("Usage: junheng round --db COUNTY.db\n"
               "       junheng round --db COUNTY.db --open NAME --since YYYY-MM-DD\n"
               "                     [--previous NAME] [stats options]\n"
               "\n"
               "Without --open: lists the rounds (评估轮次) of the database.\n"
               "\n"
               "--open starts round NAME (e.g. 2026), whose survey campaign starts --since\n"
               "(a past day, or one up to a year after today):\n"
               "the answers of that day and later belong to it (the day each questionnaire\n"
               "was answered, as the kiosk recorded it; answers merged by an older junheng\n"
               "go by the time they were merged).  The open round is closed first: its\n"
               "statistics (answers before --since) are computed now (with the options of\n"
               "`junheng stats`) and frozen in the database, with the register and county\n"
               "facts as they are, so the next round's report can show them beside its own.\n"
               "Load the next round's register and county facts after opening it.\n"
               "--previous NAME: the first time, names the data already in the database as\n"
               "a closed round of its own (leave it out when the database is new).\n"
               "\n"), f);
    fputs(_(CLI_STATS_OPTIONS_HELP), f);
}

/* Whether the database holds a register or answers already. */
static bool has_data(county_t *c)
{
    sqlite3_stmt *q = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(county_db(c),
                           /* (schema 6: the table under the responses view, whose
                            * joins a count would make for every row) */
                           "SELECT EXISTS(SELECT 1 FROM schools) OR EXISTS(SELECT 1 FROM response_rows)", -1,
                           &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        yes = sqlite3_column_int64(q, 0) > 0;
    sqlite3_finalize(q);
    return yes;
}

static void date_of(int64_t ms, char out[16])
{
    time_t t = (time_t)(ms / 1000 + 8 * 3600); /* Beijing time */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Writes to f a warning per kiosk with answers dated after today (its
 * clock ahead) when round `closing` closes and `name` opens at since_ms:
 * they count by their date, those of the new round's days in it, though
 * they were all given before it opened. */
static void warn_future(county_t *c, const char *closing, const char *name, int64_t since_ms, int64_t now_ms, FILE *f)
{
    char today[16], since[16];
    jh_format_day(now_ms, today);
    jh_format_day(since_ms, since);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT kiosk_id, school_code, count(*), min(day), max(day), sum(day >= ?2) FROM responses "
                           "WHERE day > ?1 GROUP BY kiosk_id, school_code ORDER BY kiosk_id, school_code",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(q, 1, today, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, since, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *kiosk = (const char *)sqlite3_column_text(q, 0), *school = (const char *)sqlite3_column_text(q, 1);
        long long n = sqlite3_column_int64(q, 2), n_new = sqlite3_column_int64(q, 5);
        const char *first = (const char *)sqlite3_column_text(q, 3), *last = (const char *)sqlite3_column_text(q, 4);
        fprintf(f,
                P_("warning: kiosk %s (school %s): %lld answer dated after today (%s), %s to %s: the kiosk's clock "
                   "is probably ahead, and it was given before today. It counts by that date: %lld in the "
                   "statistics of %s frozen now, %lld (dated %s or later) in %s. Have the school set the clock\n",
                   "warning: kiosk %s (school %s): %lld answers dated after today (%s), %s to %s: the kiosk's clock "
                   "is probably ahead, and they were given before today. They count by that date: %lld in the "
                   "statistics of %s frozen now, %lld (dated %s or later) in %s. Have the school set the clock\n",
                   n),
                cli_esc(kiosk), cli_esc(school ? school : ""), n, today, first, last, n - n_new, cli_esc(closing),
                n_new, since, cli_esc(name));
    }
    sqlite3_finalize(q);
}

/* No kiosk of Junheng ran before this day: an answer dated earlier was
 * given on a kiosk whose clock was reset (a flat mainboard battery sets it
 * to 2000-01-01 or 1970-01-01). */
#define ANSWER_DAY_FLOOR "2020-01-01"

/* Writes to f a warning when the data kept now as round `previous` (every
 * answer dated before since_ms, and those without a day) holds answers
 * dated before ANSWER_DAY_FLOOR: naming each kiosk and its count, and how
 * many of the round's answers they are (review rclerk9 item 4: a round
 * made only of a reset kiosk's answers was frozen without a word). */
static void warn_reset_clocks(county_t *c, const char *previous, int64_t since_ms, FILE *f)
{
    char since[16];
    jh_format_day(since_ms, since);
    sqlite3_stmt *q = NULL;
    long long total = 0, bad = 0;
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT count(*), sum(day < '" ANSWER_DAY_FLOOR "') FROM responses "
                           "WHERE day < ?1 OR day IS NULL",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(q, 1, since, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        total = sqlite3_column_int64(q, 0);
        bad = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    if (bad <= 0) return;
    fprintf(f,
            P_("warning: round %s, kept now from the data before %s, holds %lld answers; %lld of them (%s) is dated "
               "before %s, when no kiosk of Junheng ran: its kiosk's clock had been reset (a flat mainboard "
               "battery), and it counts in %s by that date:\n",
               "warning: round %s, kept now from the data before %s, holds %lld answers; %lld of them (%s) are "
               "dated before %s, when no kiosk of Junheng ran: their kiosks' clocks had been reset (a flat "
               "mainboard battery), and they count in %s by those dates:\n",
               bad),
            cli_esc(previous), since, total, bad,
            bad == total ? _("all of them") : 2 * bad > total ? _("most of them") : _("some of them"), ANSWER_DAY_FLOOR,
            cli_esc(previous));
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT kiosk_id, school_code, count(*), min(day), max(day) FROM responses "
                           "WHERE day < '" ANSWER_DAY_FLOOR "' AND day < ?1 "
                           "GROUP BY kiosk_id, school_code ORDER BY kiosk_id, school_code",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(q, 1, since, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *kiosk = (const char *)sqlite3_column_text(q, 0), *school = (const char *)sqlite3_column_text(q, 1);
        long long n = sqlite3_column_int64(q, 2);
        const char *first = (const char *)sqlite3_column_text(q, 3), *last = (const char *)sqlite3_column_text(q, 4);
        fprintf(f, P_("  kiosk %s (school %s): %lld answer dated %s to %s\n",
                      "  kiosk %s (school %s): %lld answers dated %s to %s\n", n),
                cli_esc(kiosk ? kiosk : ""), cli_esc(school ? school : ""), n, first ? first : "", last ? last : "");
    }
    sqlite3_finalize(q);
    fprintf(f, _("  have the schools set these kiosks' clocks (the admin screen and --self-check say so); answers "
                 "they record later with a wrong clock count in no round\n"));
}

/* Whether a round's name begins with its year ("2027", "2027年春季"): the
 * report's title page and its 监测年度 print the name (青山县2027年…), so a
 * name without a year ("R1", "第二轮") would be the year the document
 * gives (review r2book item 1).  A round cannot be renamed once open. */
static bool name_has_year(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    if (s[4] >= '0' && s[4] <= '9') return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return y >= 1990 && y <= 2099;
}

/* Says how the report's title page writes round `name`: "2027" as 2027年,
 * any other name as it is (2027年春季, never 2027年春季年). */
static bool check_name(const char *opt, const char *name)
{
    if (name_has_year(name)) return true;
    fprintf(stderr,
            _("junheng round: %s %s: the report prints a round's name as the year on its title page "
              "(青山县%s县域义务教育…, 监测年度 %s) and a round cannot be renamed: give a name that begins "
              "with the year, such as 2027 (printed 2027年) or 2027年春季 (printed as it is); nothing was "
              "changed\n"),
            opt, cli_esc(name), cli_esc(name), cli_esc(name));
    return false;
}

int cmd_round(int argc, char **argv)
{
    const char *db = NULL, *name = NULL, *since = NULL, *previous = NULL;
    stats_opts_t o = stats_opts_default();
    const cli_opt_t opts[] = {
        {"--db", &db}, {"--open", &name}, {"--since", &since}, {"--previous", &previous}, {NULL, NULL},
    };
    int prc;
    if (!cli_parse("round", argc, argv, opts, &o, usage, &prc)) return prc;
    if (!db || (name && !since) || (!name && (since || previous))) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!name) cli_output_is_product(); /* the list of rounds */
    int64_t since_ms = 0;
    if (since && !rounds_parse_date(since, &since_ms)) {
        fprintf(stderr, _("junheng round: --since expects a date YYYY-MM-DD (e.g. 2026-03-01), got '%s'\n"),
                cli_esc(since));
        return CLI_USAGE;
    }
    /* a day more than a year ahead is a mistyped year (2072 for 2027):
     * opening the round would close the open one for good, its answers of
     * the years between left out of its frozen statistics */
    int64_t now_ms = jh_now_ms();
    /* tests (eval/rounds.sh): rounds of years to come, the day they open */
    /* (as the other test variables, e.g. jh_test_pause's: read in any
     * build; a value that is not a time in range is refused, not read as
     * 1970 or as its leading digits) */
    const char *today_env = getenv("JH_ROUND_TEST_TODAY_MS");
    if (today_env && today_env[0]) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(today_env, &end, 10);
        if (errno || *end || !isdigit((unsigned char)today_env[0]) || v <= 0 || v >= JH_TIME_MAX_MS) {
            fprintf(stderr,
                    _("junheng round: the test variable JH_ROUND_TEST_TODAY_MS expects milliseconds since "
                      "1970-01-01 before 2100 (e.g. 1790000000000), got '%s': unset it (unset "
                      "JH_ROUND_TEST_TODAY_MS); nothing was changed\n"),
                    cli_esc(today_env));
            return CLI_USAGE;
        }
        now_ms = v;
    }
    if (since && since_ms > now_ms + 366LL * 86400000) {
        char today[16], latest[16];
        jh_format_day(now_ms, today);
        jh_format_day(now_ms + 366LL * 86400000, latest);
        fprintf(stderr,
                _("junheng round: --since %s is more than a year after today (%s): a mistyped year? Opening a "
                  "round closes the open one for good, so give the campaign's start date: a past day, or one up to "
                  "%s; nothing was changed\n"),
                cli_esc(since), today, latest);
        return CLI_USAGE;
    }
    if ((name && !check_name("--open", name)) || (previous && !check_name("--previous", previous)))
        return CLI_USAGE;
    county_t *c = NULL;
    jh_err_t err = {0};
    cJSON *doc = NULL;
    round_t *r = NULL, cur;
    int n = 0, rc = CLI_OK;
    bool have = false;
    char *warn_text = NULL; /* round --open's warnings */
    size_t warn_len = 0;
    FILE *warns = NULL;
    /* --open may start a new county database (its first round, before
     * anything is merged: docs/evaluation.md); the list reads an existing
     * one (a mistyped name must not make a new, empty database) */
    if ((name ? county_open(db, &c, &err) : county_open_existing(db, &c, &err)) != JH_OK ||
        rounds_current(c, &cur, &have, &err) != JH_OK)
        goto failed;
    if (name) {
        if (!have && !previous && has_data(c)) {
            fprintf(stderr,
                    _("junheng round: %s already holds data but no round: name it with --previous "
                      "NAME (e.g. --previous 2025) so its statistics are kept as that round\n"),
                    cli_esc(db));
            rc = CLI_REJECTED;
            goto out;
        }
        /* the closing round's statistics and its end in one write
         * transaction: a merge that commits between them would add answers
         * the frozen statistics do not count, and that the next round does
         * not count either (they are dated before its start); it waits
         * instead, and then says its answers count in no round */
        bool closing = have || previous;
        if (county_begin_write(c, &err) != JH_OK) goto failed;
        /* Another round --open may have committed between the read above
         * and the write lock: this one would close a round it does not
         * name, or keep data as a --previous round that no longer exists
         * (or, opening the first round, close the round it opened without
         * its statistics) */
        {
            round_t now_cur;
            bool now_have = false;
            if (rounds_current(c, &now_cur, &now_have, &err) != JH_OK) {
                sqlite3_exec(county_db(c), "ROLLBACK", NULL, NULL, NULL);
                goto failed;
            }
            if (now_have != have || (have && strcmp(now_cur.name, cur.name))) {
                sqlite3_exec(county_db(c), "ROLLBACK", NULL, NULL, NULL);
                fprintf(stderr,
                        _("junheng round: another round --open has just run on %s (the open round is now %s): "
                          "nothing was changed; run junheng round to see the rounds, then try again\n"),
                        cli_esc(db), now_have ? cli_esc(now_cur.name) : _("none"));
                rc = CLI_REJECTED;
                goto out;
            }
        }
        jh_status_t st = JH_OK;
        if (closing) {
            o.now_ms = jh_now_ms();
            o.until_ms = since_ms; /* the new round's answers are not the closing round's */
            st = stats_compute(c, &o, &doc, &err);
            if (st == JH_OK && !(warns = open_memstream(&warn_text, &warn_len)))
                st = jh_err_set(&err, JH_ERR_NOMEM, "%s", strerror(errno));
            if (st == JH_OK) {
                warn_future(c, have ? cur.name : previous, name, since_ms, o.now_ms, warns);
                if (!have) warn_reset_clocks(c, previous, since_ms, warns);
                fclose(warns);
            }
            /* tests (eval/rounds_clock.sh): a merge tries to commit here */
            if (st == JH_OK) jh_test_pause("JH_ROUND_TEST_OPEN_PAUSE_MS");
        }
        if (st == JH_OK) st = rounds_open(c, name, since_ms, have ? NULL : previous, doc, jh_now_ms(), &err);
        if (st == JH_OK && sqlite3_exec(county_db(c), "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            st = jh_err_set(&err, JH_ERR_IO, _("county database: %s: %s"), _("opening a round"),
                            sqlite3_errmsg(county_db(c)));
        if (st != JH_OK && !sqlite3_get_autocommit(county_db(c)))
            sqlite3_exec(county_db(c), "ROLLBACK", NULL, NULL, NULL);
        if (st == JH_ERR_INVALID) {
            fprintf(stderr, _("junheng round: %s\n"), cli_esc(err.msg));
            rc = CLI_REJECTED;
            goto out;
        }
        if (st != JH_OK) goto failed;
        if (have) printf(_("round: closed %s; its statistics are frozen\n"), cli_esc(cur.name));
        if (!have && previous)
            printf(_("round: the data before %s is kept as round %s (frozen)\n"), cli_esc(name),
                   cli_esc(previous));
        printf(_("round: opened %s from %s; load its register (junheng schools) and county facts "
                 "(junheng county) now\n"),
               cli_esc(name), since);
        /* a name other than a bare year is printed as it is: said, as the
         * title page will read it */
        if (strlen(name) != 4)
            printf(_("round: the report's title page will name the round as %s (青山县%s县域义务教育…, "
                     "监测年度 %s)\n"),
                   cli_esc(name), cli_esc(name), cli_esc(name));
        if (warn_text) fputs(warn_text, stdout);
        goto out;
    }
    if (rounds_list(c, &r, &n, &err) != JH_OK) goto failed;
    /* the list is printed once it is known to be of one state (a database
     * read as immutable, checked below), not then refused */
    char *text = NULL;
    size_t text_len = 0;
    FILE *lst = open_memstream(&text, &text_len);
    if (!lst) {
        jh_err_set(&err, JH_ERR_NOMEM, "%s", strerror(errno));
        goto failed;
    }
    if (n == 0) fprintf(lst, "%s", _("round: no rounds yet: the database is one round (see `junheng round --help`)\n"));
    for (int i = 0; i < n; i++) {
        char d1[16], d2[16];
        date_of(r[i].since_ms, d1);
        if (r[i].closed_ms) date_of(r[i].closed_ms, d2);
        /* TRANSLATORS: a round's line: name, start date, "open" or "closed DATE" */
        fprintf(lst, _("  %-12s from %s  %s%s"), cli_esc(r[i].name), r[i].since_ms ? d1 : _("(the beginning)"),
               r[i].closed_ms ? _("closed ") : _("open"), r[i].closed_ms ? d2 : "");
        cJSON *frozen = NULL;
        if (r[i].closed_ms && rounds_frozen(c, r[i].name, &frozen, &err) == JH_OK && frozen) {
            const cJSON *rate = cJSON_GetObjectItem(
                cJSON_GetObjectItem(cJSON_GetObjectItem(frozen, "verdicts"), "social_recognition"), "rate");
            const cJSON *ov = cJSON_GetObjectItem(cJSON_GetObjectItem(frozen, "evaluation"), "overall");
            /* beside the round's verdict: apart from its own threshold
             * (84.996%, not 85.0%, for a round that failed at 85 %) */
            const cJSON *thr = cJSON_GetObjectItem(
                cJSON_GetObjectItem(cJSON_GetObjectItem(frozen, "verdicts"), "social_recognition"), "threshold");
            if (cJSON_IsNumber(rate))
                fprintf(lst, _("  social recognition %.*f%%"),
                        stats_apart_decimals(rate->valuedouble * 100,
                                             (cJSON_IsNumber(thr) ? thr->valuedouble : 0.85) * 100, 1),
                        rate->valuedouble * 100);
            const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(ov, "verdict"));
            if (v) fprintf(lst, _("  evaluation %s"), !strcmp(v, "pass")   ? _("pass")
                                                : !strcmp(v, "fail") ? _("fail")
                                                                     : _("no data"));
        }
        cJSON_Delete(frozen);
        fputc('\n', lst);
    }
    fclose(lst);
    /* tests (scripts/cli_outside.sh): a pause before the check */
    jh_test_pause("JH_ROUND_TEST_PAUSE_MS");
    /* (read as immutable, another user's database: it did not change meanwhile) */
    if (county_check_unchanged(c, &err) != JH_OK) {
        free(text);
        goto failed;
    }
    fwrite(text, 1, text_len, stdout);
    free(text);
    goto out;
failed:
    fprintf(stderr, _("junheng round: %s\n"), cli_esc(err.msg));
    rc = CLI_FAILED;
out:
    free(r);
    free(warn_text);
    cJSON_Delete(doc);
    county_close(c);
    return rc;
}
