/* cmd_surveys.c - `junheng surveys`: pins the official questionnaire
 * definitions in the county database (one per id and version), printing each
 * one's fingerprint; a bundle carrying another definition under the same id
 * and version is then quarantined by merge. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "county.h"
#include "i18n.h"
#include "survey.h"

static void usage(FILE *f)
{
    fprintf(f, "%s", _("Usage: junheng surveys --db COUNTY.db [--replace] [QUESTIONNAIRE.json...]\n"
                       "\n"
                       "Pins the official questionnaires (as in data/surveys/) in the county\n"
                       "database and prints each one's fingerprint.  Merge then quarantines a bundle\n"
                       "whose questionnaire has the same id and version but another definition.\n"
                       "Without files, lists the pinned questionnaires.  A questionnaire pinned\n"
                       "before with another definition (the first bundle's, say) is only replaced\n"
                       "with --replace.\n"));
}

/* Prints the pinned questionnaires; returns how many. */
static int list_pinned(county_t *c)
{
    sqlite3_stmt *q = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT survey_id, version, hash, source, coalesce(file, '') FROM pinned_surveys "
                           "ORDER BY survey_id, version",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        char fp[64];
        county_survey_fingerprint((const char *)sqlite3_column_text(q, 2), fp);
        jh_buf_t b = {0};
        jh_buf_put_escaped(&b, (const char *)sqlite3_column_text(q, 0));
        jh_buf_puts(&b, " ");
        jh_buf_put_escaped(&b, (const char *)sqlite3_column_text(q, 1));
        jh_buf_puts(&b, ": ");
        jh_buf_puts(&b, fp);
        jh_buf_puts(&b, " (");
        jh_buf_puts(&b, !strcmp((const char *)sqlite3_column_text(q, 3), "official") ? _("official")
                                                                                      : _("first bundle"));
        const char *file = (const char *)sqlite3_column_text(q, 4);
        if (*file) {
            jh_buf_puts(&b, ", ");
            jh_buf_put_escaped(&b, file);
        }
        jh_buf_puts(&b, ")");
        printf("%s\n", b.data);
        jh_buf_free(&b);
        n++;
    }
    sqlite3_finalize(q);
    return n;
}

int cmd_surveys(int argc, char **argv)
{
    const char *db = NULL;
    bool replace = false;
    int n_files = 0;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        if (opts_done || argv[i][0] != '-' || !argv[i][1]) {
            n_files++;
        } else if (!strcmp(argv[i], "--")) {
            opts_done = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--db")) {
            if (!cli_take_value("surveys", argc, argv, &i, &db)) return CLI_USAGE;
        } else if (!strcmp(argv[i], "--replace")) {
            replace = true;
        } else {
            fprintf(stderr, _("junheng surveys: unknown or incomplete option '%s'\n"), cli_esc(argv[i]));
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (!db) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!n_files) cli_output_is_product(); /* the list of pinned questionnaires */
    county_t *c = NULL;
    jh_err_t err = {0};
    int rc = CLI_OK;
    if ((n_files ? county_open(db, &c, &err) : county_open_existing(db, &c, &err)) != JH_OK) {
        fprintf(stderr, _("junheng surveys: %s\n"), err.msg);
        return CLI_FAILED;
    }
    if (!n_files) {
        if (list_pinned(c) == 0) printf(_("surveys: no questionnaire is pinned yet\n"));
        goto out;
    }
    /* All files are checked before anything is pinned. */
    survey_t **s = jh_xcalloc((size_t)n_files, sizeof *s);
    const char **names = jh_xcalloc((size_t)n_files, sizeof *names);
    int k = 0;
    opts_done = false;
    for (int i = 1; i < argc; i++) {
        if (!opts_done && !strcmp(argv[i], "--")) {
            opts_done = true;
            continue;
        }
        if (!opts_done && !strcmp(argv[i], "--db")) {
            i++;
            continue;
        }
        if (!opts_done && argv[i][0] == '-' && argv[i][1]) continue;
        jh_buf_t errors = {0};
        survey_check_opts_t opts = {.max_errors = 20};
        if (survey_load_file(argv[i], &opts, &s[k], &errors, &err) != JH_OK) {
            fputs(errors.data ? errors.data : err.msg, stderr);
            if (!errors.data) fputc('\n', stderr);
            /* a file that cannot be read is an I/O error (exit 3), a bad one rejected (1) */
            if (err.status != JH_ERR_INVALID)
                rc = CLI_FAILED;
            else if (rc == CLI_OK)
                rc = CLI_REJECTED;
        } else {
            /* The wording checks of `junheng check` only warn here, in one
             * line: a version answered before the checks existed must stay
             * pinnable, and `junheng check` names every problem. */
            int n_wording = survey_check_wording(s[k], argv[i], NULL, NULL);
            if (n_wording > 0)
                fprintf(stderr,
                        P_("junheng surveys: warning: %s: %d item's wording does not fit its answer scale (run "
                           "`junheng check %s`); it does not stop pinning\n",
                           "junheng surveys: warning: %s: %d items' wording does not fit their answer scale (run "
                           "`junheng check %s`); it does not stop pinning\n",
                           n_wording),
                        argv[i], n_wording, argv[i]);
        }
        jh_buf_free(&errors);
        const char *base = strrchr(argv[i], '/');
        names[k++] = base ? base + 1 : argv[i];
    }
    if (rc != CLI_OK) {
        fprintf(stderr, _("junheng surveys: nothing pinned; correct the questionnaires above and run again\n"));
        goto free_surveys;
    }
    jh_err_t werr;
    if (county_begin_write(c, &werr) != JH_OK) { /* (waits for a round --open, a merge) */
        fprintf(stderr, _("junheng surveys: %s\n"), werr.msg);
        rc = CLI_FAILED;
        goto free_surveys;
    }
    int64_t now = jh_now_ms();
    /* what was pinned is printed only once it is committed: a later file
     * that clashes rolls every pin of the run back */
    jh_buf_t done = {0};
    for (int i = 0; i < k && rc == CLI_OK; i++) {
        county_pin_t pin;
        if (county_survey_pin(c, s[i], "official", names[i], replace, now, &pin, &err) != JH_OK) {
            fprintf(stderr, _("junheng surveys: %s\n"), err.msg);
            rc = CLI_FAILED;
            break;
        }
        switch (pin.status) {
        case COUNTY_PIN_NEW:
            jh_buf_printf(&done, _("pinned     %s %s: %s\n"), s[i]->id, s[i]->version, pin.fingerprint);
            break;
        case COUNTY_PIN_SAME:
            jh_buf_printf(&done, _("unchanged  %s %s: %s (pinned before)\n"), s[i]->id, s[i]->version, pin.fingerprint);
            break;
        case COUNTY_PIN_REPLACED:
            jh_buf_printf(&done, _("replaced   %s %s: %s (was %s)\n"), s[i]->id, s[i]->version, pin.fingerprint,
                   pin.pinned_fingerprint);
            break;
        case COUNTY_PIN_DIFFERENT:
            fprintf(stderr,
                    _("junheng surveys: %s %s is pinned to another definition (%s, from %s), not this file's %s: "
                      "check which is official; run again with --replace to pin this file's\n"),
                    s[i]->id, s[i]->version, pin.pinned_fingerprint,
                    !strcmp(pin.pinned_source, "official") ? _("an official file") : _("the first bundle merged"),
                    pin.fingerprint);
            rc = CLI_REJECTED;
            break;
        }
    }
    if (sqlite3_exec(county_db(c), rc == CLI_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK &&
        rc == CLI_OK) {
        fprintf(stderr, _("junheng surveys: %s: %s\n"), db, sqlite3_errmsg(county_db(c)));
        rc = CLI_FAILED;
    }
    if (rc == CLI_OK && done.data) fputs(done.data, stdout);
    jh_buf_free(&done);
    if (rc == CLI_REJECTED) fprintf(stderr, _("junheng surveys: nothing pinned\n"));
free_surveys:
    for (int i = 0; i < n_files; i++) survey_free(s[i]);
    free(s);
    free(names);
out:
    county_close(c);
    return rc;
}
