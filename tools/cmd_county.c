/* cmd_county.c - `junheng county`: loads the county facts sheet (the
 * evaluation's county-level indicators, veto items and thresholds, each
 * with its evidence) into the county database. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "county.h"
#include "eval.h"

static void usage(FILE *f)
{
    fputs(_("Usage: junheng county --db COUNTY.db FILE.csv\n"
               "\n"
               "Loads the county facts sheet (UTF-8 CSV; see `junheng template county`):\n"
               "the county-level indicators of the evaluation (G1, G2, G6-G8, G10, G11,\n"
               "G13-G15, Q1, Q2, Q9), the veto items (一票否决) and the thresholds, each\n"
               "with its evidence (依据: document number, page).  It replaces the facts\n"
               "loaded before.  Every bad row is reported with its line; nothing is\n"
               "loaded then.  Items left blank are 无数据 (no data), never a pass.\n"),
          f);
}

int cmd_county(int argc, char **argv)
{
    const char *db = NULL, *file = NULL;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        if (opts_done || argv[i][0] != '-' || !argv[i][1]) {
            if (file) {
                fprintf(stderr, _("junheng county: one facts file only ('%s')\n"), cli_esc(argv[i]));
                return CLI_USAGE;
            }
            file = argv[i];
        } else if (!strcmp(argv[i], "--")) {
            opts_done = true;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--db")) {
            if (!cli_take_value("county", argc, argv, &i, &db)) return CLI_USAGE;
        } else {
            fprintf(stderr, _("junheng county: unknown option '%s'\n"), cli_esc(argv[i]));
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
    county_t *c = NULL;
    eval_facts_t *f = jh_xcalloc(1, sizeof *f);
    int rc = CLI_OK;
    char *text = NULL;
    size_t len = 0;
    /* A file that cannot be read (missing, a folder, a pipe or device, no
     * permission) is an I/O error (exit 3, docs/bureau.md). */
    if (jh_read_file_max(file, JH_INPUT_MAX_BYTES, &text, &len, &err) != JH_OK) {
        fprintf(stderr, _("junheng county: %s\n"), cli_esc(err.msg));
        free(f);
        return CLI_FAILED;
    }
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    jh_status_t st = eval_facts_read_text(base, text, len, f, &errors, &warnings, &err);
    if (st != JH_OK) {
        cli_put_lines(stderr, errors.data ? errors.data : err.msg);
        fprintf(stderr, _("junheng county: %s: nothing loaded; correct the rows above and run again\n"),
                cli_esc(base));
        rc = CLI_REJECTED;
        goto out;
    }
    if (warnings.data) cli_put_lines(stderr, warnings.data);
    /* (the county database exists: a mistyped name must not make a new one) */
    if (county_open_existing(db, &c, &err) != JH_OK || eval_facts_store(c, f, &err) != JH_OK) {
        fprintf(stderr, _("junheng county: %s\n"), cli_esc(err.msg));
        rc = CLI_FAILED;
        goto out;
    }
    int given = 0, facts = 0;
    for (int i = 0; i < eval_n_facts(); i++) {
        if (!strcmp(eval_fact(i)->code, "std")) continue;
        facts++;
        if (!isnan(f->value[i])) given++;
    }
    printf(_("county: loaded %d of %d county facts from %s\n"), given, facts, cli_esc(base));
    if (given < facts) {
        printf("%s", _("county: not given (no data, not a pass):\n"));
        for (int i = 0; i < eval_n_facts(); i++)
            if (strcmp(eval_fact(i)->code, "std") && isnan(f->value[i]))
                printf("  %s %s\n", eval_fact(i)->key, eval_fact(i)->item_zh);
    }
    for (int i = 0; i < eval_n_facts(); i++) {
        const eval_fact_def_t *d = eval_fact(i);
        if (strcmp(d->code, "std") || isnan(f->value[i]) || f->value[i] == d->national) continue;
        printf(_("county: threshold %s = %g (national %g): %s\n"), d->key, f->value[i], d->national,
               d->item_zh);
    }
out:
    county_close(c);
    free(f);
    free(text);
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    return rc;
}
