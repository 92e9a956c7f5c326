/* cmd_report.c - `junheng report`: computes the statistics of a county
 * database and writes DIR/report.html, DIR/report.xlsx and, when Chromium is
 * installed, DIR/report.pdf. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "county.h"
#include "jh.h"
#include "report.h"
#include "report_pdf.h"
#include "stats.h"

/* ---- static prototypes ---------------------------------------------------- */

static void usage(FILE *f);
static int load_stats(const char *db, const char *json_path, stats_opts_t *o, int64_t now_ms, cJSON **out);

/* ---- public functions ----------------------------------------------------- */

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},
        {"stats-json", required_argument, NULL, 's'},
        {"min-group", required_argument, NULL, 'm'},
        {"population", required_argument, NULL, 'p'},
        {"threshold", required_argument, NULL, 'T'},
        {"qualification", required_argument, NULL, 'Q'},
        {"min-teaching-point", required_argument, NULL, 'M'},
        {"no-pdf", no_argument, NULL, 'n'},
        {"pdf-timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *out = NULL, *json_path = NULL;
    int pdf_timeout = 0; /* 0: by the size of the HTML */
    stats_opts_t sopts = stats_opts_default(); /* the options stats takes, the same way */
    bool no_pdf = false;
    int rc = CLI_OK, c;
    cJSON *stats = NULL;
    char *html_path = NULL, *xlsx_path = NULL, *pdf_path = NULL, *abs_out = NULL;
    char *browser = NULL;
    jh_buf_t html = {0};
    jh_err_t err = {0};

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'd': db = optarg; break;
        case 'o': out = optarg; break;
        case 's': json_path = optarg; break;
        case 'n': no_pdf = true; break;
        case 'm':
        case 'p':
        case 'T':
        case 'Q':
        case 'M': {
            char name[32] = "";
            for (const struct option *lo = longopts; lo->name; lo++)
                if (lo->val == c) snprintf(name, sizeof name, "--%s", lo->name);
            int orc = cli_stats_option("report", name, optarg, &sopts);
            if (orc != CLI_OK) return orc;
            break;
        }
        case 't':
            errno = 0;
            long t = strtol(optarg, &end, 10);
            if (errno || !end || *end || t < 1 || t > 3600) {
                fprintf(stderr, "junheng report: --pdf-timeout expects seconds 1..3600, got '%s'\n",
                        optarg);
                return CLI_USAGE;
            }
            pdf_timeout = (int)t;
            break;
        case 'h': usage(stdout); return CLI_OK;
        default:
            fprintf(stderr, "junheng report: unknown or incomplete option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "junheng report: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return CLI_USAGE;
    }
    if (!out || (!db && !json_path) || (db && json_path)) {
        fprintf(stderr, "junheng report: give --out DIR and either --db FILE or --stats-json FILE\n");
        usage(stderr);
        return CLI_USAGE;
    }

    int64_t now_ms = jh_now_ms();
    rc = load_stats(db, json_path, &sopts, now_ms, &stats);
    if (rc != CLI_OK) goto done;

    if (jh_mkdir_p(out, &err) != JH_OK) {
        fprintf(stderr, "junheng report: %s\n", err.msg);
        rc = CLI_FAILED;
        goto done;
    }
    abs_out = realpath(out, NULL);
    if (!abs_out) {
        fprintf(stderr, "junheng report: %s: %s\n", out, strerror(errno));
        rc = CLI_FAILED;
        goto done;
    }
    html_path = jh_sprintf("%s/report.html", abs_out);
    xlsx_path = jh_sprintf("%s/report.xlsx", abs_out);
    pdf_path = jh_sprintf("%s/report.pdf", abs_out);

    if (db) {
        /* The document the report is rendered from, next to it. */
        char *path = jh_sprintf("%s/stats.json", abs_out);
        char *text = cJSON_Print(stats);
        jh_status_t st = jh_write_file_atomic(path, text, strlen(text), &err);
        free(text);
        free(path);
        if (st != JH_OK) {
            fprintf(stderr, "junheng report: %s\n", err.msg);
            rc = CLI_FAILED;
            goto done;
        }
        printf("stats.json   %s/stats.json\n", abs_out);
    }

    char generated[32];
    jh_format_time(now_ms, generated);
    report_html_build(stats, generated, &html);
    if (jh_write_file_atomic(html_path, html.data, html.len, &err) != JH_OK) {
        fprintf(stderr, "junheng report: %s\n", err.msg);
        rc = CLI_FAILED;
        goto done;
    }
    printf("report.html  %s (%zu KB)\n", html_path, (html.len + 1023) / 1024);
    /* Chromium lays out about 10 MB of report a minute (a 2,000-school
     * county is 23 MB): allow 20 s a MB, at least 2 minutes. */
    if (pdf_timeout == 0) pdf_timeout = 120 + (int)(html.len / (1024 * 1024)) * 20;
    jh_buf_free(&html);

    if (report_xlsx_write(stats, xlsx_path, &err) != JH_OK) {
        fprintf(stderr, "junheng report: %s\n", err.msg);
        rc = CLI_FAILED;
        goto done;
    }
    struct stat sb;
    printf("report.xlsx  %s (%lld KB)\n", xlsx_path,
           stat(xlsx_path, &sb) == 0 ? (long long)(sb.st_size + 1023) / 1024 : 0LL);

    /* The PDF is a convenience: without Chromium, or when it fails, the HTML
     * and the workbook are still complete and the exit status stays 0. */
    if (no_pdf) {
        printf("report.pdf   skipped (--no-pdf)\n");
        goto done;
    }
    browser = rpdf_find_browser();
    if (!browser) {
        printf("report.pdf   skipped: Chromium not found (install the Debian package chromium, "
               "or print report.html from a browser)\n");
        goto done;
    }
    printf("report.pdf   printing with %s (at most %d s) ...\n", browser, pdf_timeout);
    fflush(stdout);
    if (rpdf_print(browser, html_path, pdf_path, pdf_timeout, &err) != JH_OK) {
        fprintf(stderr, "junheng report: warning: report.pdf not written: %s\n", err.msg);
        goto done;
    }
    printf("report.pdf   %s (%lld KB)\n", pdf_path,
           stat(pdf_path, &sb) == 0 ? (long long)(sb.st_size + 1023) / 1024 : 0LL);

done:
    cJSON_Delete(stats);
    jh_buf_free(&html);
    free(html_path);
    free(xlsx_path);
    free(pdf_path);
    free(abs_out);
    free(browser);
    return rc;
}

/* ---- static functions ----------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: junheng report --db county.db --out DIR [OPTIONS]\n"
            "       junheng report --stats-json stats.json --out DIR [OPTIONS]\n"
            "\n"
            "Writes the county's report in Chinese: DIR/report.html (one self-contained\n"
            "file that prints to A4), DIR/report.xlsx (Excel workbook), DIR/stats.json\n"
            "(with --db: the statistics it shows) and, when Chromium is installed,\n"
            "DIR/report.pdf.\n"
            "\n"
            "Options:\n"
            "  --db FILE           county database built by `junheng merge` and `junheng schools`\n"
            "  --stats-json FILE   render a stats.json written by `junheng stats --out` instead\n"
            "  --out DIR           output directory (created if missing)\n"
            "  --no-pdf            do not try to print the PDF\n"
            "  --pdf-timeout S     give Chromium at most S seconds (default: 120 + 20 a MB of HTML)\n"
            "With --db, the options of `junheng stats`:\n"
            CLI_STATS_OPTIONS_HELP
            "\n"
            "Environment: JH_CHROMIUM=PATH picks the browser used for the PDF (empty: none).\n"
            "Exit status: 0 written (a missing or failed PDF is only a warning),\n"
            "2 usage error, 3 the database or the output directory could not be used.\n");
}

/* Gets the statistics document: computed from the database, or read from a
 * stats.json file. */
static int load_stats(const char *db, const char *json_path, stats_opts_t *o, int64_t now_ms, cJSON **out)
{
    jh_err_t err = {0};
    *out = NULL;
    if (db) {
        /* county_open would create a missing file: a typo must not produce
         * an empty report. */
        if (access(db, F_OK) != 0) {
            fprintf(stderr, "junheng report: %s: no such database (build it with `junheng merge --db %s ...`)\n",
                    db, db);
            return CLI_FAILED;
        }
        county_t *c = NULL;
        if (county_open(db, &c, &err) != JH_OK) {
            fprintf(stderr, "junheng report: %s\n", err.msg);
            return CLI_FAILED;
        }
        o->now_ms = now_ms;
        cJSON *doc = NULL;
        jh_status_t st = stats_compute(c, o, &doc, &err);
        county_close(c);
        if (st != JH_OK) {
            fprintf(stderr, "junheng report: %s\n", err.msg);
            return CLI_FAILED;
        }
        /* Render from the document as printed, so every number in the report
         * is exactly the one stats.json holds (cJSON prints 15 digits). */
        char *text = cJSON_PrintUnformatted(doc);
        cJSON_Delete(doc);
        *out = cJSON_Parse(text);
        free(text);
        if (!*out) {
            fprintf(stderr, "junheng report: out of memory re-reading the statistics\n");
            return CLI_FAILED;
        }
        return CLI_OK;
    }
    char *text = NULL;
    size_t len = 0;
    if (jh_read_file(json_path, &text, &len, &err) != JH_OK) {
        fprintf(stderr, "junheng report: %s\n", err.msg);
        return CLI_FAILED;
    }
    const char *end = NULL;
    *out = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!*out || !cJSON_IsObject(*out)) {
        long off = end ? (long)(end - text) : 0;
        fprintf(stderr, "junheng report: %s: not a statistics document (JSON error near byte %ld)\n",
                json_path, off);
        free(text);
        cJSON_Delete(*out);
        *out = NULL;
        return CLI_FAILED;
    }
    free(text);
    return CLI_OK;
}
