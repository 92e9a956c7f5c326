/* cmd_rectify.c - `junheng rectify`: writes the rectification plan of the
 * open round (workbook + CSV), loads the filled plan back, and prints how
 * the plans of earlier rounds stand against the current figures. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cli.h"
#include "report_xlsx.h"
#include "county.h"
#include "rectify.h"
#include "rounds.h"
#include "stats.h"

static void usage(FILE *f)
{
    fputs(_("Usage: junheng rectify --db COUNTY.db --out DIR\n"
               "       junheng rectify --db COUNTY.db --load PLAN.csv\n"
               "       junheng rectify --db COUNTY.db\n"
               "\n"
               "--out writes the rectification plan (整改方案) of the open round: every\n"
               "shortfall of the evaluation (school, indicator, value, standard, what it\n"
               "takes) as DIR/rectify.xlsx and DIR/rectify.csv, with the columns 整改措施,\n"
               "责任部门, 完成时限 and 进展 to fill in Excel/WPS (holding what is stored).\n"
               "--load reads the filled plan back (save it as \"CSV UTF-8\"; keep the 编号,\n"
               "轮次 and the four columns to fill in) and stores it for its round (轮次).\n"
               "Items the file does not carry keep what is stored.  The next round's\n"
               "statistics then show each item as done (已完成), improved (有改善),\n"
               "unchanged (无变化) or worse (退步).\n"
               "Without --out or --load: prints the status of the plans of earlier rounds.\n"),
          f);
}

/* Display width of UTF-8 text in Excel column units: a CJK character is
 * about two, anything else one. */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        w += *p >= 0xE0 ? 2 : 1;
    }
    return w;
}

static jh_status_t write_xlsx(const char *path, const rectify_item_t *it, int n, jh_err_t *err)
{
    char *tmp = jh_sprintf("%s.tmp", path);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        jh_status_t st = jh_err_set(err, JH_ERR_IO, _("%s: cannot start the workbook"), tmp);
        free(tmp);
        return st;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "整改方案");
    lxw_format *head = workbook_add_format(wb), *wrap = workbook_add_format(wb),
               *fill = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDE6F0);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(wrap, LXW_BORDER_THIN);
    format_set_text_wrap(fill);
    format_set_align(fill, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(fill, LXW_BORDER_THIN);
    format_set_bg_color(fill, 0xFFF7D6); /* the columns the bureau fills in */
    static const double width[] = {18, 8, 12, 18, 6, 22, 30, 26, 24, 30, 12, 12, 24};
    int nc = rectify_n_columns();
    for (int c = 0; c < nc; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < 13 ? width[c] : 14, NULL);
        char h[96];
        snprintf(h, sizeof h, "%s\n%s", rectify_column_zh(c), rectify_column_key(c));
        worksheet_write_string(ws, 0, (lxw_col_t)c, h, head);
    }
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_row(ws, 0, 30, NULL);
    for (int i = 0; i < n; i++) {
        /* rows tall enough for their wrapped texts (spreadsheets do not grow
         * them on opening); at least two lines to write in */
        int lines = 2;
        for (int c = 0; c < nc; c++) {
            const char *v = rectify_cell(&it[i], c, NULL, 0);
            double w = c < 13 ? width[c] : 14;
            int l = (int)ceil(text_width(v) * 1.2 / w);
            if (l > lines) lines = l;
            worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, v, c >= 9 ? fill : wrap);
        }
        worksheet_set_row(ws, (lxw_row_t)(i + 1), 15.0 * lines, NULL);
    }
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    jh_status_t st = rxlsx_close_workbook(wb, tmp, path, err);
    free(tmp);
    return st;
}

/* Writes rectify.csv (the text csv) and rectify.xlsx into outdir as one
 * set: both into a temporary folder there first, then moved into place
 * together (jh_place_set), so that a failure leaves the older pair whole,
 * never a new CSV beside an older workbook.  On failure err says that
 * nothing in outdir was changed, or (older files that could not be put
 * back) where they are. */
static jh_status_t write_plan(const char *outdir, const jh_buf_t *csv, const rectify_item_t *items, int n,
                              jh_err_t *err)
{
    jh_status_t st = jh_mkdir_p(outdir, err);
    if (st != JH_OK) return st;
    jh_run_dir_sweep(outdir, ".junheng-rectify-", (long long)time(NULL)); /* what killed runs left */
    char *tmp = jh_sprintf("%s/.junheng-rectify-XXXXXX", outdir);
    if (!mkdtemp(tmp)) {
        st = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot create a temporary folder: %s"), outdir,
                        strerror(errno));
        free(tmp);
        return st;
    }
    jh_run_dir_mark(tmp);
    int tmp_lock = jh_dir_lock(tmp);
    char *tcsv = jh_sprintf("%s/rectify.csv", tmp), *txlsx = jh_sprintf("%s/rectify.xlsx", tmp);
    st = jh_write_file_atomic(tcsv, csv->data, csv->len, err);
    if (st == JH_OK) st = write_xlsx(txlsx, items, n, err);
    if (st != JH_OK) jh_err_show_target(err, tmp, outdir); /* (a file as it would be named in outdir) */
    int placed = -1;
    if (st == JH_OK) {
        jh_placed_t set[] = {{.name = "rectify.csv", .made = true}, {.name = "rectify.xlsx", .made = true}};
        placed = jh_place_set(outdir, tmp, set, 2, err);
        if (placed != 0) st = err->status != JH_OK ? err->status : JH_ERR_IO;
    }
    if (st != JH_OK && placed != -2) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        jh_err_set(err, st, _("%s (nothing in %s was changed)"), msg, outdir);
    }
    if (placed != -2) jh_rm_tree(tmp); /* (kept when it holds older files not put back: err says so) */
    if (tmp_lock >= 0) close(tmp_lock);
    free(tcsv);
    free(txlsx);
    free(tmp);
    return st;
}

/* Runs sql (BEGIN IMMEDIATE, COMMIT) on the county's connection. */
static jh_status_t plan_exec(county_t *c, const char *sql, jh_err_t *err)
{
    if (sqlite3_exec(county_db(c), sql, NULL, NULL, NULL) == SQLITE_OK) return JH_OK;
    return jh_err_set(err, JH_ERR_IO, _("county database: %s: %s"), _("storing the rectification plan"),
                      sqlite3_errmsg(county_db(c)));
}

/* Puts the stored plan's filled columns into *items and appends the
 * stored items of `round` that are no longer shortfalls (see
 * rectify_keep_stored, against `doc`, the round's statistics); their
 * number in *n_resolved, of which *n_met now pass (已达标). */
static jh_status_t keep_stored(county_t *c, const char *round, const cJSON *doc, rectify_item_t **items, int *n,
                               int *n_resolved, int *n_met, jh_err_t *err)
{
    rectify_item_t *stored = NULL;
    int ns = 0;
    *n_resolved = *n_met = 0;
    jh_status_t st = rectify_load(c, &stored, &ns, err);
    if (st == JH_OK) *n_resolved = rectify_keep_stored(items, n, round, stored, ns, doc);
    for (int i = 0; i < *n; i++) *n_met += (*items)[i].resolved && (*items)[i].kept == RECTIFY_KEPT_MET;
    free(stored);
    return st;
}

/* The level an item's key names ("A01/L3/primary", "county/L7/junior":
 * 小学 / 初中 in Chinese, primary / junior in English), for the status
 * listing: a nine-year school's indicator is an item of each level, and
 * its two lines must not read the same; "" for an item of the whole school
 * or county. */
static const char *key_level(const char *key)
{
    const char *slash = strrchr(key, '/');
    if (!slash || slash == strchr(key, '/')) return ""; /* (two slashes: a level) */
    if (!strcmp(slash + 1, "primary")) return cli_chinese ? "小学" : "primary";
    if (!strcmp(slash + 1, "junior")) return cli_chinese ? "初中" : "junior";
    return "";
}

/* Says how many stored items are no longer in the plan and why. */
static void say_kept(int n_resolved, int n_met, bool written)
{
    if (n_met)
        printf(written ? P_("rectify: %d stored item is no longer a shortfall (已达标): written with what was "
                            "stored, marked 已达标 in 差距（所需）\n",
                            "rectify: %d stored items are no longer shortfalls (已达标): written with what was "
                            "stored, marked 已达标 in 差距（所需）\n",
                            n_met)
                       : P_("rectify: %d stored item is no longer a shortfall (已达标): kept with what was stored\n",
                            "rectify: %d stored items are no longer shortfalls (已达标): kept with what was stored\n",
                            n_met),
               n_met);
    if (n_resolved > n_met)
        printf(P_("rectify: %d stored item is no longer in the plan because its school left the register or "
                  "the figures, or it has no data now (不在名册 / 不参评 / 无数据; not judged met): kept with what "
                  "was stored, the reason in 差距（所需）\n",
                  "rectify: %d stored items are no longer in the plan because their school left the register or "
                  "the figures, or they have no data now (不在名册 / 不参评 / 无数据; not judged met): kept with what "
                  "was stored, the reason in 差距（所需）\n",
                  n_resolved - n_met),
               n_resolved - n_met);
}

int cmd_rectify(int argc, char **argv)
{
    const char *db = NULL, *outdir = NULL, *load = NULL;
    const cli_opt_t opts[] = {{"--db", &db}, {"--out", &outdir}, {"--load", &load}, {NULL, NULL}};
    int prc;
    if (!cli_parse("rectify", argc, argv, opts, NULL, usage, &prc)) return prc;
    if (!db || (outdir && load)) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!outdir && !load) cli_output_is_product(); /* the plans' status */
    county_t *c = NULL;
    jh_err_t err = {0};
    cJSON *doc = NULL;
    rectify_item_t *items = NULL;
    char *text = NULL;
    jh_buf_t b = {0}, errors = {0}, warnings = {0};
    int n = 0, n_resolved = 0, n_met = 0, rc = CLI_OK;
    round_t cur;
    bool have;
    stats_opts_t o = stats_opts_default();
    o.now_ms = jh_now_ms();
    /* (a plan is of an existing county: a mistyped name must not make a new one) */
    if (county_open_existing(db, &c, &err) != JH_OK || rounds_current(c, &cur, &have, &err) != JH_OK) goto failed;
    if (load) {
        size_t len = 0;
        if (jh_read_file_max(load, JH_INPUT_MAX_BYTES, &text, &len, &err) != JH_OK) {
            /* cannot be read (missing, a folder, a pipe or device, no
             * permission): an I/O error, exit 3 */
            fprintf(stderr, _("junheng rectify: %s\n"), cli_esc(err.msg));
            rc = CLI_FAILED;
            goto out;
        }
        const char *base = strrchr(load, '/');
        base = base ? base + 1 : load;
        char round[64];
        bool has_round = false;
        if (rectify_csv_round(base, text, len, round, sizeof round, &has_round, &err) != JH_OK) {
            fprintf(stderr, _("junheng rectify: %s\n"), cli_esc(err.msg));
            fprintf(stderr, _("junheng rectify: %s: nothing loaded\n"), cli_esc(base));
            rc = CLI_REJECTED;
            goto out;
        }
        /* An empty 轮次: the plan was written before the first round was
         * opened (the round of a database without rounds is "").  Once
         * `round --open NEXT --previous NAME` froze that data as NAME, the
         * plan is NAME's; when the database does not record such a round,
         * the bureau is told which round to write in. */
        char unrounded[64] = "";
        if (has_round && !round[0] && have) {
            if (rounds_unrounded(c, unrounded, sizeof unrounded, &err) != JH_OK) goto failed;
            if (!unrounded[0]) {
                round_t *all = NULL;
                int n_all = 0;
                if (rounds_list(c, &all, &n_all, &err) != JH_OK) goto failed;
                jh_buf_t names = {0};
                jh_buf_puts(&names, "");
                for (int i = 0; i < n_all; i++)
                    jh_buf_printf(&names, "%s%s%s", i ? (cli_chinese ? "、" : ", ") : "", cli_esc(all[i].name),
                                  all[i].closed_ms ? "" : _(" (open)"));
                free(all);
                fprintf(stderr,
                        _("junheng rectify: %s: the 轮次 column is empty (a plan written before %s had rounds), "
                          "and %s does not record which round that data became: write the round the plan was "
                          "written for in the 轮次 column of every row (the rounds of %s: %s) and load it "
                          "again; nothing loaded\n"),
                        cli_esc(load), cli_esc(db), cli_esc(db), cli_esc(db), names.data);
                jh_buf_free(&names);
                rc = CLI_REJECTED;
                goto out;
            }
            snprintf(round, sizeof round, "%s", unrounded);
        }
        /* (no 轮次 column, or an empty file: no round to look up;
         * rectify_read_csv refuses it below, naming every column missing) */
        if (has_round) {
            if (!strcmp(round, cur.name)) {
                if (stats_compute(c, &o, &doc, &err) != JH_OK) goto failed;
            } else {
                if (rounds_frozen(c, round, &doc, &err) != JH_OK) goto failed;
                if (!doc) {
                    fprintf(stderr,
                            _("junheng rectify: %s: the plan is for round '%s', which %s has not; see "
                              "`junheng round --db %s`\n"),
                            cli_esc(load), cli_esc(round), cli_esc(db), cli_esc(db));
                    rc = CLI_REJECTED;
                    goto out;
                }
            }
            rectify_items_from_doc(doc, round, &items, &n);
            /* items the file does not carry keep what is stored (a plan split
             * by department and loaded part by part must not erase the rest):
             * read under the write lock that stores, so that two departments
             * loading their parts at once each keep the other's */
            /* tests (eval/rectify_safety.sh): a pause where `round --open`
             * would open the next round between the check and the lock */
            jh_test_pause("JH_RECTIFY_TEST_CHECK_PAUSE_MS");
            if (county_begin_write(c, &err) != JH_OK) goto failed; /* (waits for a round --open, a merge) */
            /* What was checked before the lock, again under it: the open
             * round read above (its live statistics gave the items) must
             * still be the open one, or a plan of 2026 would be stored with
             * the items of 2027 that `round --open` started meanwhile. */
            round_t now;
            bool have_now;
            if (rounds_current(c, &now, &have_now, &err) != JH_OK) goto failed;
            if (have_now != have || (have && strcmp(now.name, cur.name) != 0)) {
                plan_exec(c, "ROLLBACK", &err);
                fprintf(stderr,
                        _("junheng rectify: %s: the open round changed while the plan was being read (round %s was "
                          "opened meanwhile): nothing loaded; run the same command again\n"),
                        cli_esc(load), have_now ? cli_esc(now.name) : "-");
                rc = CLI_FAILED;
                goto out;
            }
            if (keep_stored(c, round, doc, &items, &n, &n_resolved, &n_met, &err) != JH_OK) goto failed;
            /* tests (eval/rectify_safety.sh): a pause where another load would
             * store its part between this one's read and write */
            jh_test_pause("JH_RECTIFY_TEST_LOAD_PAUSE_MS");
        }
        int filled = 0, in_file = 0;
        if (rectify_read_csv(base, text, len, items, n, &filled, &in_file, &errors, &warnings, &err) != JH_OK) {
            cli_put_lines(stderr, errors.data ? errors.data : err.msg);
            fprintf(stderr, _("junheng rectify: %s: nothing loaded; correct the rows above and run again\n"),
                    cli_esc(base));
            rc = CLI_REJECTED;
            goto out;
        }
        if (rectify_store(c, round, items, n, &err) != JH_OK ||
            (!sqlite3_get_autocommit(county_db(c)) && plan_exec(c, "COMMIT", &err) != JH_OK))
            goto failed;
        if (warnings.data) cli_put_lines(stderr, warnings.data);
        if (unrounded[0])
            printf(_("rectify: %s: the 轮次 column is empty (the plan was written before the first round was "
                     "opened): taken as round %s, the round that data became (round --open --previous %s)\n"),
                   cli_esc(base), cli_esc(unrounded), cli_esc(unrounded));
        printf(P_("rectify: loaded the plan of round %s: %d item, %d with measures (整改措施)\n",
                  "rectify: loaded the plan of round %s: %d items, %d with measures (整改措施)\n", n),
               round[0] ? cli_esc(round) : _("(no rounds)"), n, filled);
        if (filled < n)
            printf(P_("rectify: %d item has no measures yet\n", "rectify: %d items have no measures yet\n", n - filled),
                   n - filled);
        if (in_file < n)
            printf(P_("rectify: %d item is not in the file: it keeps what was stored\n",
                      "rectify: %d items are not in the file: they keep what was stored\n", n - in_file),
                   n - in_file);
        say_kept(n_resolved, n_met, false);
        goto out;
    }
    if (stats_compute(c, &o, &doc, &err) != JH_OK) goto failed;
    if (outdir) {
        rectify_items_from_doc(doc, cur.name, &items, &n);
        /* what is stored is written back, so that --out, edit, --load
         * changes only what was edited */
        if (keep_stored(c, cur.name, doc, &items, &n, &n_resolved, &n_met, &err) != JH_OK ||
            county_check_unchanged(c, &err) != JH_OK) /* (read as immutable: it did not change meanwhile) */
            goto failed;
        rectify_csv(items, n, &b);
        if (write_plan(outdir, &b, items, n, &err) != JH_OK) goto failed;
        say_kept(n_resolved, n_met, true);
        printf(P_("rectify: %d rectification item (整改项, a shortfall) of round %s written to %s/rectify.xlsx and "
                  "rectify.csv; fill in 整改措施, 责任部门, 完成时限, 进展 and load it back with --load\n",
                  "rectify: %d rectification items (整改项, shortfalls) of round %s written to %s/rectify.xlsx and "
                  "rectify.csv; fill in 整改措施, 责任部门, 完成时限, 进展 and load it back with --load\n",
                  n - n_resolved),
               n - n_resolved, cur.name[0] ? cli_esc(cur.name) : _("(no rounds)"), cli_esc(outdir));
        goto out;
    }
    /* the status is printed once it is known to be of one state (a
     * database read as immutable, checked below), not then refused */
    char *listing = NULL;
    size_t listing_len = 0;
    FILE *lst = open_memstream(&listing, &listing_len);
    if (!lst) {
        jh_err_set(&err, JH_ERR_NOMEM, "%s", strerror(errno));
        goto failed;
    }
    const cJSON *plan = cJSON_GetObjectItem(doc, "rectification_plan"), *e;
    int k = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(plan, "items"))
    {
        const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(e, cli_chinese ? "status_zh" : "status"));
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(e, "key")), *lvl = key ? key_level(key) : "";
        fprintf(lst, "  %s %-8s %s %s%s%s %s: %s\n", cli_esc(cJSON_GetStringValue(cJSON_GetObjectItem(e, "round"))),
               cli_esc(cJSON_GetStringValue(cJSON_GetObjectItem(e, "school_code"))),
               cli_esc(cJSON_GetStringValue(cJSON_GetObjectItem(e, "school_name"))),
               cJSON_GetStringValue(cJSON_GetObjectItem(e, "indicator")), lvl[0] ? " " : "", lvl,
               cJSON_GetStringValue(cJSON_GetObjectItem(e, "name_zh")), status ? status : "?");
        k++;
    }
    if (!k) fprintf(lst, "%s", _("rectify: no plan of an earlier round is loaded (see --help)\n"));
    /* the open round's stored items that are no longer shortfalls */
    rectify_items_from_doc(doc, cur.name, &items, &n);
    if (keep_stored(c, cur.name, doc, &items, &n, &n_resolved, &n_met, &err) != JH_OK) {
        fclose(lst);
        free(listing);
        goto failed;
    }
    for (int i = 0; i < n; i++)
        if (items[i].resolved) {
            const char *why = items[i].kept == RECTIFY_KEPT_MET
                                  ? _("no longer a shortfall (已达标), the stored plan kept")
                              : items[i].kept == RECTIFY_KEPT_NO_DATA
                                  ? _("no data this round (无数据), not judged met; the stored plan kept")
                              : items[i].kept == RECTIFY_KEPT_EXCLUDED
                                  ? _("its school is no longer in the figures (不参评), not judged met; the stored "
                                      "plan kept")
                                  : _("its school is no longer in the register (不在名册), not judged met; the "
                                      "stored plan kept");
            const char *lvl = key_level(items[i].key);
            fprintf(lst, "  %s %-8s %s %s%s%s %s: %s", cli_esc(items[i].round), cli_esc(items[i].school_code),
                   cli_esc(items[i].school_name), items[i].indicator, lvl[0] ? " " : "", lvl, items[i].name_zh, why);
            if (items[i].kept_code[0])
                fprintf(lst, _(" (a school of the same name is now %s)"), cli_esc(items[i].kept_code));
            fputc('\n', lst);
        }
    fclose(lst);
    if (county_check_unchanged(c, &err) != JH_OK) { /* (read as immutable: unchanged meanwhile) */
        free(listing);
        goto failed;
    }
    fwrite(listing, 1, listing_len, stdout);
    free(listing);
    goto out;
failed:
    fprintf(stderr, _("junheng rectify: %s\n"), cli_esc(err.msg));
    rc = CLI_FAILED;
out:
    if (c && !sqlite3_get_autocommit(county_db(c))) /* a load that did not store */
        sqlite3_exec(county_db(c), "ROLLBACK", NULL, NULL, NULL);
    free(items);
    free(text);
    cJSON_Delete(doc);
    jh_buf_free(&b);
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    county_close(c);
    return rc;
}
