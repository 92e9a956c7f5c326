/* cmd_merge.c - `junheng merge`: finds the export bundles among the files and
 * folders given, verifies them and merges them into the county database one
 * at a time, printing a verdict per bundle (and per file skipped) and a
 * summary of what needs the clerk's attention. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "cli.h"
#include "county.h"
#include "i18n.h"
#include "rounds.h"

/* ---- types ---------------------------------------------------------------- */

/* The files found: bundles to merge and files skipped with the reason. */
typedef struct {
    char **path;
    char **skip_reason; /* NULL: a bundle to merge; else why it is skipped (owned) */
    unsigned char *unread; /* UNREAD_*: could not be read (an I/O error): exit 3 */
    int n, cap;
    bool too_many_open; /* an unread file met EMFILE/ENFILE */
    /* every folder listed (given or reached): a NOT_SEARCHED entry for one
     * of them was searched after all (list_dedupe) */
    struct {
        dev_t dev;
        ino_t ino;
    } *dirs;
    int n_dirs, cap_dirs;
} file_list_t;

/* What a file_list_t entry that could not be read is: a file (one bundle
 * not merged), or a folder that could not be opened or listed to its end
 * (bundles in it may be missing: how many, nobody knows), for lack of
 * permission or for an I/O error. */
/* UNREAD_FILE_PERM: a file this user may not read (exit 1, its own hint:
 * plugging the stick in again would not help). */
/* NOT_SEARCHED: a folder below the depth searched that holds junheng-*.json
 * files (listed as skipped, exit 1: review rmerge4, item 3). */
/* ARCHIVE_BUNDLES: a zip or rar holding junheng-*.json names (skipped, exit
 * 1: review rmerge4, item 5). */
/* MISNAMED_BUNDLE: a file that starts as an export bundle but whose name
 * does not end in .json (junheng-….json.txt, renamed by a mail or chat
 * program): skipped, exit 1, counted apart in the summary (review rclerk9
 * item 2; the kiosk's own unfinished junheng-….json.tmp.* files stay
 * plain skips). */
/* NOT_SEARCHED_EMPTY: a folder below the depth searched holding no
 * junheng-*.json: named, but no file skipped as not a bundle (not counted
 * in "N files skipped"). */
enum {
    UNREAD_NO,
    UNREAD_FILE,
    UNREAD_DIR_IO,
    UNREAD_DIR_PERM,
    UNREAD_FILE_PERM,
    NOT_SEARCHED,
    ARCHIVE_BUNDLES,
    NOT_SEARCHED_EMPTY,
    MISNAMED_BUNDLE
};

/* One line of the summary: a school or county and its bundles. */
typedef struct {
    char code[64];
    int bundles;
    int64_t responses;
} tally_t;

/* ---- static prototypes ---------------------------------------------------- */

static void usage(FILE *f);
static void list_add(file_list_t *l, const char *path, char *skip_reason);
static void list_add_unread(file_list_t *l, const char *path, char *reason, int e);
static void list_dir(file_list_t *l, const char *dir, int depth, int max_depth);
static void list_add_dir_unread(file_list_t *l, const char *dir, int depth, int e);
static char *classify(const char *path, bool regular, int *unread_errno);
static char *unread_reason(const char *path, int e, int *unread_errno);
static void tally_add(tally_t **t, int *n, const char *code, int64_t responses);
static const char *verdict_text(county_verdict_t v);
static int64_t last_response_id(county_t *c);
static void order_by_seq(const char **paths, int n, int argc, char **argv);

/* What the merge prints and counts of each file merged (county_merge_files). */
typedef struct {
    const char **paths;
    int64_t n_verdict[4], n_new, n_dup, n_quar, n_first_use, n_repeat;
    int64_t n_unread; /* files that could not be read (I/O errors: not in n_verdict) */
    char min_day[16], max_day[16]; /* the days of the responses stored now ("" when none) */
    bool days_unknown;
    bool too_many_open; /* an unread file met EMFILE/ENFILE: the hint says so */
    int rc;
    tally_t *foreign, *unregistered, *no_county;
    int n_foreign, n_unregistered, n_no_county;
    jh_buf_t new_surveys;
    bool copy_caught; /* a bundle was refused as a copy: the run ends with a scan of all UUIDs */
} merged_t;
static void warn_dates(county_t *c, int64_t after_id, int64_t now_ms, const merged_t *m);
static void unread_hint(int64_t n, bool too_many_open);
static void unread_dir_hint(int n_io, int n_perm);
static void unread_perm_hint(int n);
static void list_dedupe(file_list_t *l);
static void list_not_searched(file_list_t *l, const char *dir, int max_depth);
static void list_add_classified(file_list_t *l, const char *path, char *why, int e);
static const char *archive_kind(const char *path, const unsigned char *head, size_t len, bool *bundles);
static int count_bundles(const char *dir, int depth, long *budget);
static bool ends_with(const char *s, const char *suffix);
static void not_searched_hint(int n);
static void misnamed_hint(int n);

/* --county's value as a county's code in out (full-width digits, as a
 * Chinese input method types them, made ASCII); false, said on stderr,
 * when it is none: not 6 digits, or a code no county has (review r2bureau9,
 * item 2: a typo stored at the first merge refused every genuine bundle). */
static bool county_option(const char *v, char out[16])
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p && n < 7;) {
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) { /* U+FF10..U+FF19 */
            out[n++] = (char)('0' + (p[2] - 0x90));
            p += 3;
        } else {
            out[n++] = (char)*p++;
        }
    }
    out[n < 7 ? n : 7] = 0;
    if (n != 6 || !store_setting_valid("county_code", out, NULL)) {
        fprintf(stderr,
                _("junheng merge: --county expects the county's 6-digit code (ASCII digits, as 360701), got "
                  "'%s'\n"),
                cli_esc(v));
        return false;
    }
    /* GB/T 2260: 2 digits of the province (11 to 82), 2 of the prefecture,
     * 2 of the county; a code ending in 00 is a prefecture's or a
     * province's own. */
    static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                    43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
    int prov = (out[0] - '0') * 10 + (out[1] - '0');
    bool known = false;
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++) known |= provinces[i] == prov;
    if (!known) {
        fprintf(stderr,
                _("junheng merge: --county %s is no county's code: its first 2 digits are the province's, 11 to "
                  "82, not %.2s; check the county's 6-digit administrative division code\n"),
                out, out);
        return false;
    }
    if (!strcmp(out + 4, "00")) {
        fprintf(stderr,
                _("junheng merge: --county %s is no county's code: a code ending in 00 is a prefecture's or a "
                  "province's; give the county's own 6-digit code (as 360701)\n"),
                out);
        return false;
    }
    return true;
}

static bool merged_one(void *ctx, int i, const county_import_t *r)
{
    merged_t *m = ctx;
    const char *path = m->paths[i];
    if (r->unread) {
        /* An I/O error, not a verdict on the bundle: nothing stored or
         * logged; exit 3 (a later rejection does not lower it). */
        printf(_("%-10s %s: %s\n"), _("unread"), cli_esc(path), cli_esc(r->reason));
        m->n_unread++;
        m->rc = CLI_FAILED;
        if (strstr(r->reason, strerror(EMFILE)) || strstr(r->reason, strerror(ENFILE))) m->too_many_open = true;
        return true;
    }
    m->n_verdict[r->verdict]++;
    m->n_new += r->n_new;
    m->n_dup += r->n_duplicate;
    m->n_quar += r->n_quarantined + r->n_moved; /* (a catch: those moved from earlier imports too) */
    m->copy_caught |= r->copy_caught;
    m->n_repeat += r->repeat;
    if (r->n_new > 0) {
        if (r->min_day[0] && (!m->min_day[0] || strcmp(r->min_day, m->min_day) < 0))
            snprintf(m->min_day, sizeof m->min_day, "%s", r->min_day);
        if (r->max_day[0] && (!m->max_day[0] || strcmp(r->max_day, m->max_day) > 0))
            snprintf(m->max_day, sizeof m->max_day, "%s", r->max_day);
        m->days_unknown |= r->days_unknown;
    }
    if (r->verdict == COUNTY_REJECTED) {
        printf(_("%-10s %s: %s\n"), verdict_text(r->verdict), cli_esc(path), cli_esc(r->reason));
        if (r->foreign) tally_add(&m->foreign, &m->n_foreign, r->county_code, r->n_responses);
        if (r->no_county) tally_add(&m->no_county, &m->n_no_county, r->county_code, r->n_responses);
        if (m->rc != CLI_FAILED) m->rc = CLI_REJECTED;
        return true;
    }
    printf(_("%-10s %s: kiosk %s, school %s, seq %lld-%lld: %lld new, %lld already there"),
           verdict_text(r->verdict), cli_esc(path), cli_esc(r->kiosk_id), cli_esc(r->school_code),
           (long long)r->first_seq, (long long)r->last_seq, (long long)r->n_new, (long long)r->n_duplicate);
    if (r->n_quarantined) printf(_(", %lld quarantined"), (long long)r->n_quarantined);
    if (r->new_kiosk) {
        printf(_(" (new kiosk %s: key %s pinned for school %s — check it against the kiosk's admin screen)"),
               cli_esc(r->kiosk_id), r->fingerprint, cli_esc(r->school_code));
        m->n_first_use++;
    }
    printf("\n");
    if (r->reason[0]) {
        printf("           ");
        /* (one format: Chinese puts no space after its colon) */
        printf(_("warning: %s\n"), cli_esc(r->reason));
    }
    /* (a newcomer caught as the copy of this kiosk: the bureau has to act, exit 1) */
    if ((r->verdict == COUNTY_CONFLICTS || r->copy_caught) && m->rc != CLI_FAILED) m->rc = CLI_REJECTED;
    if (r->unregistered) tally_add(&m->unregistered, &m->n_unregistered, r->school_code, r->n_new);
    if (r->new_surveys[0]) {
        jh_buf_puts(&m->new_surveys, r->new_surveys);
        jh_buf_puts(&m->new_surveys, "\n");
    }
    return true;
}

/* ---- public functions ----------------------------------------------------- */

int cmd_merge(int argc, char **argv)
{
    const char *db = NULL, *keys = NULL, *county = NULL;
    char county_buf[16];
    const char *replace[64];
    int n_replace = 0;
    /* One commit for several files (county_merge_files); merged_one never
     * stops the merge. */
    county_merge_opts_t opts = {.group_commit = true};
    file_list_t files = {0};
    const char **args = NULL; /* the files and folders given */
    const char *max_size = NULL;
    bool recursive = false, dry_run = false;
    int rc = CLI_OK, n_args = 0;
    county_trace("main", "cmd_merge");
    county_t *c = NULL;
    jh_err_t err = {0};
    tally_t *foreign = NULL, *unregistered = NULL, *no_county = NULL;
    int n_foreign = 0, n_unregistered = 0, n_no_county = 0;
    jh_buf_t new_surveys = {0};
    /* Each bundle needs the same few tens of MB (file, parse tree, strings)
     * again: keep them in the heap rather than mapping and unmapping them
     * (and zeroing fresh pages) for every bundle.  Memory stays flat.  The
     * heap is on huge pages (one heap for the merge's threads): a 4 KiB
     * page fault costs 20-30 us on these virtual machines, and a merge of
     * 10^6 responses took 8,100 of them (its peak of ~35 MB: read buffers,
     * parse arenas, SQLite's page cache), 1.8 % of its CPU; ~950 now, 0.3 %
     * (issue 20, session 8). */
    jh_heap_prefer_huge_pages((size_t)64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    /* Into a log file each line goes out as its file is reported merged
     * (on disk), not when a buffer fills: what a killed merge logged is
     * stored (a terminal is line-buffered already; a pipe keeps its
     * buffer). */
    struct stat out_sb;
    if (fstat(STDOUT_FILENO, &out_sb) == 0 && S_ISREG(out_sb.st_mode)) setvbuf(stdout, NULL, _IOLBF, 0);
    /* the files and folders, in the order given (after "--" every
     * argument is one, "-n.json" too) */
    args = jh_xcalloc((size_t)argc + 1, sizeof *args);
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (opts_done || a[0] != '-' || !a[1]) {
            args[n_args++] = a;
        } else if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            goto out;
        } else if (!strcmp(a, "--db")) {
            if (!cli_take_value("merge", argc, argv, &i, &db)) goto usage_error;
        } else if (!strcmp(a, "--keys")) {
            if (!cli_take_value("merge", argc, argv, &i, &keys)) goto usage_error;
        } else if (!strcmp(a, "--county")) {
            if (!cli_take_value("merge", argc, argv, &i, &county)) goto usage_error;
            if (!county_option(county, county_buf)) {
                rc = CLI_USAGE;
                goto out;
            }
            county = county_buf;
        } else if (!strcmp(a, "--max-size")) {
            if (!cli_take_value("merge", argc, argv, &i, &max_size)) goto usage_error;
            long mb;
            if (!cli_parse_long(next, 1, 65536, &mb)) {
                fprintf(stderr, _("junheng merge: --max-size expects megabytes from 1 to 65536, got '%s'\n"),
                        cli_esc(next));
                rc = CLI_USAGE;
                goto out;
            }
            opts.max_bytes = (size_t)mb * 1024 * 1024;
        } else if (!strcmp(a, "--replace-key")) {
            const char *id = NULL; /* (may be given several times) */
            if (!cli_take_value("merge", argc, argv, &i, &id)) goto usage_error;
            if (!store_setting_valid("kiosk_id", id, NULL) || n_replace == 64) {
                fprintf(stderr, _("junheng merge: --replace-key expects a kiosk id (at most 64 of them), got '%s'\n"),
                        cli_esc(id));
                rc = CLI_USAGE;
                goto out;
            }
            replace[n_replace++] = id;
        } else if (!strcmp(a, "--strict-keys")) {
            opts.strict_keys = true;
        } else if (!strcmp(a, "--recursive") || !strcmp(a, "-r")) {
            recursive = true;
        } else if (!strcmp(a, "--dry-run") || !strcmp(a, "-n")) {
            dry_run = true;
        } else {
            fprintf(stderr, _("junheng merge: unknown or incomplete option '%s'\n"), cli_esc(a));
            usage(stderr);
            rc = CLI_USAGE;
            goto out;
        }
    }
    if (!db || (n_args == 0 && !keys)) {
        usage(stderr);
        rc = CLI_USAGE;
        goto out;
    }
    if (n_replace && !keys) {
        fprintf(stderr, _("junheng merge: --replace-key needs --keys FILE with the kiosk's new key (a line "
                          "KIOSK_ID SCHOOL_CODE NEW_KEY)\n"));
        rc = CLI_USAGE;
        goto out;
    }
    if (dry_run) cli_output_is_product(); /* what would happen is all it gives */
    /* The files, in the order given; a folder's in name order, then its
     * subfolders' (one level down, or all with --recursive). */
    for (int k = 0; k < n_args; k++) {
        const char *a = args[k];
        struct stat sb;
        if (stat(a, &sb) != 0) {
            /* A path typed wrong is a problem of the input (exit 1), unlike
             * the other files of a stick, which are only skipped. */
            list_add(&files, a, jh_sprintf(_("no such file or folder")));
            rc = CLI_REJECTED;
        } else if (S_ISDIR(sb.st_mode)) {
            list_dir(&files, a, 0, recursive ? 16 : 1);
        } else {
            int e = 0;
            char *why = classify(a, false, &e);
            list_add_classified(&files, a, why, e);
        }
    }
    /* The same file reached twice (a folder given twice, a folder and a
     * file in it, `stick` and `./stick`) is listed and merged once (review
     * rmerge4, item 8): by device and inode, one stat per file, only when
     * more than one path was given. */
    if (n_args > 1) list_dedupe(&files);
    int n_bundles = 0, n_skipped = 0, n_unread_listed = 0, n_dir_io = 0, n_dir_perm = 0, n_file_perm = 0;
    int n_not_searched = 0, n_misnamed = 0;
    for (int i = 0; i < files.n; i++) {
        if (files.unread[i] == MISNAMED_BUNDLE) {
            printf(_("%-10s %s: %s\n"), _("skipped"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            n_misnamed++;
            if (rc != CLI_FAILED) rc = CLI_REJECTED;
            continue;
        }
        if (files.unread[i] == ARCHIVE_BUNDLES) {
            printf(_("%-10s %s: %s\n"), _("skipped"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            n_skipped++;
            if (rc != CLI_FAILED) rc = CLI_REJECTED;
            continue;
        }
        if (files.unread[i] == NOT_SEARCHED_EMPTY) {
            printf(_("%-10s %s: %s\n"), _("skipped"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            continue;
        }
        if (files.unread[i] == NOT_SEARCHED) {
            /* bundles not merged: a refusal of sorts (exit 1) */
            printf(_("%-10s %s: %s\n"), _("skipped"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            n_not_searched++;
            if (rc != CLI_FAILED) rc = CLI_REJECTED;
            continue;
        }
        if (files.unread[i] == UNREAD_DIR_IO || files.unread[i] == UNREAD_DIR_PERM) {
            /* a folder: not a bundle, not counted as one; its own hint */
            printf(_("%-10s %s: %s\n"), _("unread"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            if (files.unread[i] == UNREAD_DIR_IO) n_dir_io++;
            else n_dir_perm++;
            rc = CLI_FAILED;
        } else if (files.unread[i] == UNREAD_FILE_PERM) {
            /* no permission: not cured by plugging the stick in again; a
             * refusal (exit 1), with its own hint */
            printf(_("%-10s %s: %s\n"), _("unread"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            n_file_perm++;
            if (rc != CLI_FAILED) rc = CLI_REJECTED;
        } else if (files.unread[i]) {
            /* an I/O error while listing (the stick failing or pulled,
             * EMFILE): not a verdict on the file; exit 3, the hint */
            printf(_("%-10s %s: %s\n"), _("unread"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            n_unread_listed++;
            rc = CLI_FAILED;
        } else if (files.skip_reason[i]) {
            printf(_("%-10s %s: %s\n"), _("skipped"), cli_esc(files.path[i]), cli_esc(files.skip_reason[i]));
            n_skipped++;
        } else {
            n_bundles++;
        }
    }
    if (!n_bundles && !keys) {
        if (n_unread_listed || n_dir_io || n_dir_perm || n_file_perm) {
            if (n_unread_listed) unread_hint(n_unread_listed, files.too_many_open);
            unread_perm_hint(n_file_perm);
            unread_dir_hint(n_dir_io, n_dir_perm);
            goto out;
        }
        if (n_not_searched || n_misnamed) {
            not_searched_hint(n_not_searched);
            misnamed_hint(n_misnamed);
            goto out;
        }
        printf(_("merge: no export files found (kiosk bundles are named junheng-*.json); check the folder or "
                 "the USB drive\n"));
        rc = CLI_REJECTED;
        goto out;
    }

    county_trace("main", "%d files listed", files.n);
    /* (tests: the USB stick pulled between the listing and the reading) */
    jh_test_pause("JH_MERGE_TEST_LISTED_PAUSE_MS");
    /* A rehearsal of a database that does not exist yet creates nothing. */
    bool exists = access(db, F_OK) == 0;
    if (county_open(dry_run && !exists ? ":memory:" : db, &c, &err) != JH_OK) {
        fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
        rc = CLI_FAILED;
        goto out;
    }
    county_trace("main", "county_open done");
    if (dry_run && county_dry_run(c, &err) != JH_OK) {
        fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
        rc = CLI_FAILED;
        goto out;
    }
    if (county) {
        char code[16], source[32];
        county_code_get(c, code, source);
        bool by_option = !strcmp(source, "option");
        int64_t n_held = -1, n_since = -1;
        if (code[0] && strcmp(code, county) != 0) {
            n_held = county_code_rows_held(c);
            n_since = n_held == 0 ? 0 : county_code_rows_since(c);
        }
        if (n_since == 0) {
            /* A code set wrongly, by a first bundle (review rattack7, item
             * 4) or mistyped with --county (review r2bureau9, item 2), with
             * no answer merged under it stored: put right.  Only where that
             * is certain: answers merged before the mark junheng writes
             * when the code is set, or none at all (item 1). */
            if (county_code_set(c, county, "option", &err) != JH_OK) {
                fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
                rc = CLI_FAILED;
                goto out;
            }
            if (by_option)
                printf(_("merge: the county code was %s (set with --county; no answer is stored): it is now %s, "
                         "as --county says\n"),
                       code, county);
            else
                printf(_("merge: the county code was %s (set by the first bundle merged; no answer merged since is "
                         "stored): it is now %s, as --county says\n"),
                       code, county);
        } else if (code[0] && strcmp(code, county) != 0) {
            long long held = n_held > 0 ? n_held : 0;
            if (n_since > 0 && !by_option)
                fprintf(stderr,
                        _("junheng merge: this database is county %s (set by the first bundle merged), not %s, and "
                          "it holds %lld answers merged since: give the database of county %s; if county %s was "
                          "set wrongly, make the county database again from the bundles with --county %s "
                          "(docs/bureau.md)\n"),
                        code, county, (long long)n_since, county, code, county);
            else if (n_since > 0)
                fprintf(stderr,
                        _("junheng merge: this database is county %s (set with --county), not %s, and it holds "
                          "%lld answers merged as county %s: give the database of county %s\n"),
                        code, county, (long long)n_since, code, county);
            else
                /* (a database from before junheng marked when its code was
                 * set: which of its answers came under it is not known) */
                fprintf(stderr,
                        _("junheng merge: this database is county %s, not %s, and it holds %lld answers; it is "
                          "older than the record of when its county code was set, so they may all have been "
                          "merged as county %s, and its code is not changed: give the database of county %s; if "
                          "county %s was set wrongly, make the county database again from the bundles with "
                          "--county %s (docs/bureau.md)\n"),
                        code, county, held, code, county, code, county);
            rc = CLI_REJECTED;
            goto out;
        }
        if (!code[0] && county_code_set(c, county, "option", &err) != JH_OK) {
            fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
            rc = CLI_FAILED;
            goto out;
        }
    }
    if (keys) {
        int added = 0, replaced = 0;
        jh_buf_t log = {0};
        if (county_keys_load(c, keys, replace, n_replace, jh_now_ms(), &added, &replaced, &log, &err) != JH_OK) {
            fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
            jh_buf_free(&log);
            rc = CLI_REJECTED;
            goto out;
        }
        /* Each replaced key is named (the old and the new fingerprint): the
         * record of a deliberate act, beside kiosk_old_keys. */
        bool said = log.data && log.len > 0; /* a replacement, or a kiosk that has the key already */
        if (log.data) cli_put_lines(stdout, log.data);
        jh_buf_free(&log);
        if (added || !said)
            printf(P_("merge: %d kiosk key pinned from %s\n", "merge: %d kiosk keys pinned from %s\n", added),
                   added, cli_esc(keys));
    }
    int64_t responses_before = last_response_id(c);
    merged_t m = {.rc = rc, .n_unread = n_unread_listed + n_file_perm, .too_many_open = files.too_many_open, .foreign = foreign, .unregistered = unregistered, .n_foreign = n_foreign,
                  .n_unregistered = n_unregistered, .new_surveys = new_surveys};
    m.paths = jh_xcalloc((size_t)files.n + 1, sizeof *m.paths);
    int n_merge = 0;
    for (int i = 0; i < files.n; i++)
        if (!files.skip_reason[i]) m.paths[n_merge++] = files.path[i];
    order_by_seq(m.paths, n_merge, argc, argv);
    jh_status_t mst = county_merge_files(c, m.paths, n_merge, &opts, merged_one, &m, &err);
    free(m.paths);
    rc = m.rc;
    foreign = m.foreign;
    unregistered = m.unregistered;
    n_foreign = m.n_foreign;
    n_unregistered = m.n_unregistered;
    no_county = m.no_county;
    n_no_county = m.n_no_county;
    new_surveys = m.new_surveys;
    if (mst != JH_OK) {
        fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
        rc = CLI_FAILED;
        goto out;
    }
    if (!dry_run) warn_dates(c, responses_before, jh_now_ms(), &m);
    /* (a dry run too: inside its transaction, rolled back at the end, so
     * that it reports what the merge would) */
    if (m.copy_caught || county_copy_scan_due(c, m.n_new > 0)) {
        /* Review r3copy, item 3: a copy split over several new kiosk ids is
         * caught under one of them only; the others, whose bundles held
         * none of the marks, are found by one look at every stored UUID. */
        jh_buf_t ids = {0};
        int64_t nk = 0, nm = 0;
        if (county_scan_copies(c, jh_now_ms(), &ids, &nk, &nm, &err) != JH_OK) {
            fprintf(stderr, _("junheng merge: %s\n"), cli_esc(err.msg));
            rc = CLI_FAILED;
        } else if (nk > 0) {
            m.n_quar += nm;
            printf(P_("merge: after the catch, every stored answer was looked at: %lld more kiosk holds answers "
                      "another kiosk brought first (the same UUIDs): %s. Its %lld responses that repeat them are "
                      "moved to quarantine, not counted, and every later bundle of it will be refused. Usually the "
                      "later kiosk is the copy (one copy split over several new kiosk ids); if one of them is a "
                      "real kiosk (check the ids and key fingerprints on the kiosks' admin screens at the schools), "
                      "make the county database again without the copy's files (docs/bureau.md, \"Copied "
                      "answers\")\n",
                      "merge: after the catch, every stored answer was looked at: %lld more kiosks hold answers "
                      "another kiosk brought first (the same UUIDs): %s. Their %lld responses that repeat them are "
                      "moved to quarantine, not counted, and every later bundle of them will be refused. Usually the "
                      "later kiosk is the copy (one copy split over several new kiosk ids); if one of them is a "
                      "real kiosk (check the ids and key fingerprints on the kiosks' admin screens at the schools), "
                      "make the county database again without the copy's files (docs/bureau.md, \"Copied "
                      "answers\")\n",
                      (unsigned long)nk),
                   (long long)nk, cli_esc(ids.data ? ids.data : ""), (long long)nm);
        }
        jh_buf_free(&ids);
    }
    int64_t *n_verdict = m.n_verdict, n_new = m.n_new, n_dup = m.n_dup, n_quar = m.n_quar,
            n_first_use = m.n_first_use, n_repeat = m.n_repeat;
    if (m.n_unread)
        printf(P_("merge: %d bundle: %lld imported, %lld unchanged, %lld with conflicts, %lld rejected, %lld "
                  "unread; %lld new responses, %lld already there, %lld quarantined\n",
                  "merge: %d bundles: %lld imported, %lld unchanged, %lld with conflicts, %lld rejected, %lld "
                  "unread; %lld new responses, %lld already there, %lld quarantined\n",
                  n_bundles + n_unread_listed),
               n_bundles + n_unread_listed, (long long)n_verdict[COUNTY_IMPORTED],
               (long long)n_verdict[COUNTY_UNCHANGED], (long long)n_verdict[COUNTY_CONFLICTS],
               (long long)n_verdict[COUNTY_REJECTED], (long long)m.n_unread, (long long)n_new, (long long)n_dup,
               (long long)n_quar);
    else if (n_bundles)
        printf(P_("merge: %d bundle: %lld imported, %lld unchanged, %lld with conflicts, %lld rejected; "
                  "%lld new responses, %lld already there, %lld quarantined\n",
                  "merge: %d bundles: %lld imported, %lld unchanged, %lld with conflicts, %lld rejected; "
                  "%lld new responses, %lld already there, %lld quarantined\n",
                  n_bundles),
               n_bundles, (long long)n_verdict[COUNTY_IMPORTED],
               (long long)n_verdict[COUNTY_UNCHANGED], (long long)n_verdict[COUNTY_CONFLICTS],
               (long long)n_verdict[COUNTY_REJECTED], (long long)n_new, (long long)n_dup, (long long)n_quar);
    if (n_skipped)
        printf(P_("merge: %d file skipped: not an export bundle (listed above; nothing of it was read into the "
                  "database)\n",
                  "merge: %d files skipped: not export bundles (listed above; nothing of them was read into the "
                  "database)\n",
                  n_skipped),
               n_skipped);
    not_searched_hint(n_not_searched);
    misnamed_hint(n_misnamed);
    if (n_first_use)
        printf(P_("merge: %lld kiosk trusted on first use: check its fingerprint\n",
                  "merge: %lld kiosks trusted on first use: check their fingerprints\n", n_first_use),
               (long long)n_first_use);
    /* The honest first merge without --county: every bundle refused, and
     * what to do once (review fmerge9, item 1). */
    for (int i = 0; i < n_no_county; i++)
        printf(P_("merge: refused %d bundle claiming county %s (responses: %lld): this database has no county code "
                  "yet and a bundle does not set it; if %s is this county's code, merge again with --county %s "
                  "(nothing was stored of it)\n",
                  "merge: refused %d bundles claiming county %s (responses: %lld): this database has no county code "
                  "yet and a bundle does not set it; if %s is this county's code, merge again with --county %s "
                  "(nothing was stored of them)\n",
                  no_county[i].bundles),
               no_county[i].bundles, cli_esc(no_county[i].code), (long long)no_county[i].responses,
               cli_esc(no_county[i].code), cli_esc(no_county[i].code));
    if (new_surveys.len) {
        printf(_("merge: questionnaires pinned on first use (compare with the official files, or pin those "
                 "first with `junheng surveys`):\n"));
        for (char *p = new_surveys.data, *nl; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            *nl = 0;
            printf("  %s\n", cli_esc(p));
        }
    }
    for (int i = 0; i < n_foreign; i++)
        printf(P_("merge: refused %d bundle from another county (county code %s, responses: %lld): not merged\n",
                  "merge: refused %d bundles from another county (county code %s, responses: %lld): not merged\n",
                  foreign[i].bundles),
               foreign[i].bundles, cli_esc(foreign[i].code), (long long)foreign[i].responses);
    /* Every bundle of this merge claims one other code, and the database
     * holds no answer: the code given with --county is the likelier
     * mistake (review r2bureau9, item 2), and can be put right. */
    if (n_foreign == 1 && foreign[0].bundles == n_bundles) {
        char code[16], source[32];
        county_code_get(c, code, source);
        if (!strcmp(source, "option") && county_code_rows_held(c) == 0)
            printf(_("merge: every bundle of this merge claims county %s, and none this database's %s: was "
                     "--county mistyped? If %s is this county's code, merge again with --county %s (a county "
                     "code can be put right while the database holds no answers)\n"),
                   cli_esc(foreign[0].code), code, cli_esc(foreign[0].code), cli_esc(foreign[0].code));
    }
    for (int i = 0; i < n_unregistered; i++)
        printf(P_("merge: school %s is not in the school register: %d bundle, new responses: %lld, imported and "
                  "flagged; add it to the register (junheng schools) or check the kiosk's school code\n",
                  "merge: school %s is not in the school register: %d bundles, new responses: %lld, imported and "
                  "flagged; add it to the register (junheng schools) or check the kiosk's school code\n",
                  unregistered[i].bundles),
               cli_esc(unregistered[i].code), unregistered[i].bundles, (long long)unregistered[i].responses);
    if (n_repeat)
        printf(P_("merge: %lld bundle merged before with the same result: no new import-log entry\n",
                  "merge: %lld bundles merged before with the same result: no new import-log entries\n", n_repeat),
               (long long)n_repeat);
    if (dry_run) printf(_("merge: dry run: nothing was stored; the database is as it was\n"));
    if (m.n_unread > n_file_perm) unread_hint(m.n_unread - n_file_perm, m.too_many_open);
    unread_perm_hint(n_file_perm);
    unread_dir_hint(n_dir_io, n_dir_perm);
    goto out;
usage_error: /* (why printed by cli_take_value) */
    rc = CLI_USAGE;
out:
    free(args);
    county_trace("main", "closing");
    county_close(c);
    county_trace("main", "closed");
    for (int i = 0; i < files.n; i++) {
        free(files.path[i]);
        free(files.skip_reason[i]);
    }
    free(files.path);
    free(files.skip_reason);
    free(files.unread);
    free(files.dirs);
    free(foreign);
    free(unregistered);
    free(no_county);
    jh_buf_free(&new_surveys);
    return rc;
}

/* ---- static functions ----------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f, "%s", _("Usage: junheng merge --db COUNTY.db [OPTIONS] BUNDLE_OR_FOLDER...\n"
                       "\n"
                       "Verifies every export bundle (format, signature, hashes, chain), imports the\n"
                       "valid ones and rejects each invalid one with its reason.  A folder means the\n"
                       "bundles in it and in its subfolders (one level down), in name order (one\n"
                       "kiosk's bundles of one folder in seq order where their ranges do not\n"
                       "overlap); other files (the kiosks' .db backups, CSV or Excel files) are\n"
                       "listed as skipped and never read into the database.  Merging is idempotent:\n"
                       "a bundle already merged changes nothing and adds nothing to the import log;\n"
                       "a response id that arrives with other content is quarantined, never\n"
                       "overwritten.\n"
                       "\n"
                       "  --keys FILE     pin kiosk keys beforehand (lines: KIOSK_ID SCHOOL_CODE KEY)\n"
                       "  --replace-key KIOSK  accept the new key FILE gives for a kiosk pinned\n"
                       "                  already (its key file was lost and it made a new key, as\n"
                       "                  its admin screen says); bundles signed with the old key\n"
                       "                  merge only where they repeat answers merged already (a\n"
                       "                  file of the stick merged again): new answers under it are\n"
                       "                  refused (Export all on the kiosk signs them with the new key)\n"
                       "  --strict-keys   reject kiosks whose key was not pinned beforehand\n"
                       "  --county CODE   the county's 6-digit code, needed at the first merge (a\n"
                       "                  bundle does not set it); bundles of other counties are\n"
                       "                  refused\n"
                       "  --recursive     search subfolders at every depth (links to folders are\n"
                       "                  not followed)\n"
                       "  --dry-run       say what would happen; store nothing\n"
                       "  --max-size MB   largest bundle file read (default 256)\n"
                       "\n"
                       "Without --keys a kiosk's key is pinned by its first bundle (trust on first\n"
                       "use); the merge prints its fingerprint: compare it with the one on the\n"
                       "kiosk's admin screen.  Questionnaires are checked against the county's\n"
                       "pinned definitions (`junheng surveys`, or the first one merged).  Exit\n"
                       "status 1 when any bundle was rejected or had conflicts, or none was found;\n"
                       "3 when a file or folder could not be read (the USB drive removed?: it is\n"
                       "listed as unread, never logged; merge again) or the database failed.\n"));
}

/* What the clerk does about files that could not be read (on stderr). */
static void unread_hint(int64_t n, bool too_many_open)
{
    if (too_many_open) {
        fprintf(stderr,
                P_("junheng merge: %lld file could not be read (listed above as unread): nothing of it was stored "
                   "or logged. Too many open files: run the same merge again\n",
                   "junheng merge: %lld files could not be read (listed above as unread): nothing of them was "
                   "stored or logged. Too many open files: run the same merge again\n",
                   n),
                (long long)n);
        return;
    }
    fprintf(stderr,
            P_("junheng merge: %lld file could not be read (listed above as unread): nothing of it was stored "
               "or logged. Was the USB drive removed, or is it failing? Plug it in again and run the same merge "
               "again: what was merged stays, and merging a bundle again adds nothing twice\n",
               "junheng merge: %lld files could not be read (listed above as unread): nothing of them was stored "
               "or logged. Was the USB drive removed, or is it failing? Plug it in again and run the same merge "
               "again: what was merged stays, and merging a bundle again adds nothing twice\n",
               n),
            (long long)n);
}

/* What the clerk does about folders not searched that hold bundles
 * (nothing when there are none). */
/* The summary's line for bundles skipped for their names (review rclerk9
 * item 2: they were counted among the files that are not bundles). */
static void misnamed_hint(int n)
{
    if (n)
        printf(P_("merge: %d export bundle not merged because of its file name (listed above as skipped): "
                  "rename it to end in .json and merge again\n",
                  "merge: %d export bundles not merged because of their file names (listed above as skipped): "
                  "rename them to end in .json and merge again\n",
                  n),
               n);
}

static void not_searched_hint(int n)
{
    if (n)
        printf(P_("merge: %d folder below the depth searched holds junheng-*.json files that were not merged (listed "
                  "above as skipped): merge again with --recursive, or give the folder itself\n",
                  "merge: %d folders below the depth searched hold junheng-*.json files that were not merged (listed "
                  "above as skipped): merge again with --recursive, or give the folders themselves\n",
                  n),
               n);
}

/* What the clerk does about files this user may not read (on stderr;
 * nothing when there are none): plugging the stick in again would not
 * help (review rmerge4, item 6). */
static void unread_perm_hint(int n)
{
    if (n)
        fprintf(stderr,
                P_("junheng merge: %d file could not be read for lack of permission (listed above as unread): "
                   "nothing of it was stored or logged. Let this user read it (or copy it to a folder of this "
                   "user) and run the same merge again: merging a bundle again adds nothing twice\n",
                   "junheng merge: %d files could not be read for lack of permission (listed above as unread): "
                   "nothing of them was stored or logged. Let this user read them (or copy them to a folder of "
                   "this user) and run the same merge again: merging a bundle again adds nothing twice\n",
                   n),
                n);
}

/* What the clerk does about folders that could not be read to their end
 * (on stderr; nothing when there are none).  The bundles listed before the
 * error were merged; the others, if any, were not.  A folder this user may
 * not read is not cured by plugging the stick in again. */
static void unread_dir_hint(int n_io, int n_perm)
{
    if (n_io)
        fprintf(stderr,
                P_("junheng merge: %d folder could not be read to its end (listed above as unread): bundles in it "
                   "may be missing; those listed before the error were merged. Was the USB drive removed, or is "
                   "it failing? Plug it in again and run the same merge again: merging a bundle again adds "
                   "nothing twice\n",
                   "junheng merge: %d folders could not be read to their end (listed above as unread): bundles in "
                   "them may be missing; those listed before the error were merged. Was the USB drive removed, or "
                   "is it failing? Plug it in again and run the same merge again: merging a bundle again adds "
                   "nothing twice\n",
                   n_io),
                n_io);
    if (n_perm)
        fprintf(stderr,
                P_("junheng merge: %d folder could not be read for lack of permission (listed above as unread): "
                   "bundles in it may be missing. Let this user read it (or copy the bundles out of it) and run "
                   "the same merge again: merging a bundle again adds nothing twice\n",
                   "junheng merge: %d folders could not be read for lack of permission (listed above as unread): "
                   "bundles in them may be missing. Let this user read them (or copy the bundles out of them) and "
                   "run the same merge again: merging a bundle again adds nothing twice\n",
                   n_perm),
                n_perm);
}

/* The verdict as the clerk reads it. */
/* The highest response row id: rows a merge adds come after it (a rowid
 * range, so the check below reads only the new rows). */
static int64_t last_response_id(county_t *c)
{
    sqlite3_stmt *q = NULL;
    int64_t id = 0;
    if (sqlite3_prepare_v2(county_db(c), "SELECT coalesce(max(id), 0) FROM response_rows", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return id;
}

/* Answers just merged whose day (the kiosk's clock) is before the open
 * round's start or after today: a kiosk clock gone wrong (a flat RTC
 * battery) would silently leave them out of the round's statistics. */
static void warn_dates(county_t *c, int64_t after_id, int64_t now_ms, const merged_t *m)
{
    round_t round;
    bool have = false;
    jh_err_t err;
    if (rounds_current(c, &round, &have, &err) != JH_OK) have = false;
    char since[16] = "", today[16];
    if (have && round.since_ms > 0) jh_format_day(round.since_ms, since);
    jh_format_day(now_ms, today);
    /* the bundles' own day ranges first: the stored rows are read only when
     * one falls outside (or a format 1 bundle has no days) */
    if (!m->days_unknown && (!m->min_day[0] || strcmp(m->min_day, since) >= 0) &&
        (!m->max_day[0] || strcmp(m->max_day, today) <= 0))
        return;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(county_db(c),
                           "SELECT kiosk_id, school_code, count(*), min(day), max(day), sum(day > ?2) FROM responses "
                           "WHERE id > ?1 AND day IS NOT NULL AND (day < ?3 OR day > ?2) "
                           "GROUP BY kiosk_id, school_code ORDER BY kiosk_id",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(q, 1, after_id);
    sqlite3_bind_text(q, 2, today, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, since, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *kiosk = (const char *)sqlite3_column_text(q, 0), *school = (const char *)sqlite3_column_text(q, 1);
        long long n = sqlite3_column_int64(q, 2), n_future = sqlite3_column_int64(q, 5);
        const char *first = (const char *)sqlite3_column_text(q, 3), *last = (const char *)sqlite3_column_text(q, 4);
        if (n - n_future > 0)
            /* (an earlier round is closed: its statistics were frozen when
             * it closed and are never recomputed, so answers of its days
             * merged now count in no round; round.earlier_responses counts
             * them) */
            printf(P_("warning: kiosk %s (school %s): %lld answer dated %s to %s, before the open round %s starts "
                      "(%s): it counts in no round: not in %s, and not in an earlier round either, whose statistics "
                      "were frozen when it closed (answers merged after that are never added to them). If it was "
                      "given in an earlier round, it came too late to count; if it was given in this round, the "
                      "kiosk's clock is wrong (a flat mainboard battery): have the school set it (the admin screen and "
                      "--self-check say so)\n",
                      "warning: kiosk %s (school %s): %lld answers dated %s to %s, before the open round %s starts "
                      "(%s): they count in no round: not in %s, and not in an earlier round either, whose statistics "
                      "were frozen when it closed (answers merged after that are never added to them). If they were "
                      "given in an earlier round, they came too late to count; if they were given in this round, the "
                      "kiosk's clock is wrong (a flat mainboard battery): have the school set it (the admin screen and "
                      "--self-check say so)\n",
                      n - n_future),
                   cli_esc(kiosk), cli_esc(school), n - n_future, first, last, round.name, since, round.name);
        if (n_future > 0)
            printf(P_("warning: kiosk %s (school %s): %lld answer dated after today (%s, up to %s): the kiosk's "
                      "clock is probably wrong; have the school set it\n",
                      "warning: kiosk %s (school %s): %lld answers dated after today (%s, up to %s): the kiosk's "
                      "clock is probably wrong; have the school set it\n",
                      n_future),
                   cli_esc(kiosk), cli_esc(school), n_future, today, last);
    }
    sqlite3_finalize(q);
}

static const char *verdict_text(county_verdict_t v)
{
    switch (v) {
    case COUNTY_IMPORTED: return _("imported");
    case COUNTY_UNCHANGED: return _("unchanged");
    case COUNTY_CONFLICTS: return _("conflicts");
    default: return _("rejected");
    }
}

static void list_add(file_list_t *l, const char *path, char *skip_reason)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->path = jh_xrealloc(l->path, (size_t)l->cap * sizeof *l->path);
        l->skip_reason = jh_xrealloc(l->skip_reason, (size_t)l->cap * sizeof *l->skip_reason);
        l->unread = jh_xrealloc(l->unread, (size_t)l->cap * sizeof *l->unread);
    }
    l->path[l->n] = jh_strdup(path);
    l->unread[l->n] = UNREAD_NO;
    l->skip_reason[l->n++] = skip_reason;
}

/* One listed file's identity (list_dedupe). */
typedef struct {
    dev_t dev;
    ino_t ino;
    int at;
} file_id_t;

static int cmp_file_id(const void *a, const void *b)
{
    const file_id_t *x = a, *y = b;
    if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino) return x->ino < y->ino ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* Drops every entry of l that is the same file (device and inode) as an
 * earlier one, and every NOT_SEARCHED folder that was listed after all
 * (given too: `stick stick/导出/2026秋`, as the hint says); entries that
 * cannot be looked up (unread, gone) stay. */
static void list_dedupe(file_list_t *l)
{
    file_id_t *id = jh_xcalloc((size_t)l->n + 1, sizeof *id);
    int n = 0;
    for (int i = 0; i < l->n; i++) {
        struct stat sb;
        if ((l->unread[i] && l->unread[i] != NOT_SEARCHED && l->unread[i] != NOT_SEARCHED_EMPTY &&
             l->unread[i] != ARCHIVE_BUNDLES && l->unread[i] != MISNAMED_BUNDLE) ||
            stat(l->path[i], &sb) != 0)
            continue;
        id[n++] = (file_id_t){sb.st_dev, sb.st_ino, i};
    }
    qsort(id, (size_t)n, sizeof *id, cmp_file_id);
    bool *drop = jh_xcalloc((size_t)l->n + 1, sizeof *drop);
    for (int i = 0; i < n; i++) {
        if (l->unread[id[i].at] != NOT_SEARCHED && l->unread[id[i].at] != NOT_SEARCHED_EMPTY) continue;
        for (int k = 0; k < l->n_dirs && !drop[id[i].at]; k++)
            drop[id[i].at] = l->dirs[k].dev == id[i].dev && l->dirs[k].ino == id[i].ino;
    }
    for (int i = 1; i < n; i++)
        if (id[i].dev == id[i - 1].dev && id[i].ino == id[i - 1].ino) drop[id[i].at] = true;
    int k = 0;
    for (int i = 0; i < l->n; i++) {
        if (drop[i]) {
            free(l->path[i]);
            free(l->skip_reason[i]);
            continue;
        }
        l->path[k] = l->path[i];
        l->skip_reason[k] = l->skip_reason[i];
        l->unread[k++] = l->unread[i];
    }
    l->n = k;
    free(drop);
    free(id);
}

/* A file as classify found it (why, errno e; e == -1: an archive holding
 * junheng-*.json names). */
static void list_add_classified(file_list_t *l, const char *path, char *why, int e)
{
    if (e == -1 || e == -2) {
        list_add(l, path, why);
        l->unread[l->n - 1] = e == -1 ? ARCHIVE_BUNDLES : MISNAMED_BUNDLE;
    } else if (e) {
        list_add_unread(l, path, why, e);
    } else {
        list_add(l, path, why);
    }
}

/* Whether the bytes hold a name junheng-*.json (an archive's file list). */
static bool names_bundle(const unsigned char *p, size_t n)
{
    for (const unsigned char *q = p; (q = memmem(q, n - (size_t)(q - p), "junheng-", 8)); q += 8) {
        size_t room = n - (size_t)(q - p);
        if (room > 128) room = 128;
        for (size_t k = 8; k + 5 <= room; k++) {
            if (!memcmp(q + k, ".json", 5) || !memcmp(q + k, ".JSON", 5)) return true;
            if (q[k] < 0x20 || q[k] == '/') break;
        }
    }
    return false;
}

/* The kind of compressed archive path is ("zip", "rar", "7z", "gzip"...),
 * or NULL (a zip that is an Excel workbook is none); *bundles: its file
 * list, where it can be read without unpacking (zip, rar: the first 64 KB
 * and the last 256 KB, which hold a zip's central directory), names a
 * junheng-*.json.  Read only for a file that starts like an archive. */
static const char *archive_kind(const char *path, const unsigned char *head, size_t len, bool *bundles)
{
    *bundles = false;
    const char *kind = NULL;
    if (len >= 4 && (!memcmp(head, "PK\x03\x04", 4) || !memcmp(head, "PK\x05\x06", 4)))
        kind = "zip";
    else if (len >= 6 && !memcmp(head, "Rar!\x1a\x07", 6))
        kind = "rar";
    else if (len >= 6 && !memcmp(head, "7z\xbc\xaf\x27\x1c", 6))
        kind = "7z";
    else if (len >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        kind = "gzip";
    else if (len >= 3 && !memcmp(head, "BZh", 3))
        kind = "bzip2";
    else if (len >= 6 && !memcmp(head, "\xfd" "7zXZ", 6))
        kind = "xz";
    if (!kind || ends_with(path, ".db.sealed")) return NULL;
    bool zip = !strcmp(kind, "zip");
    if (zip && (ends_with(path, ".xlsx") || ends_with(path, ".xls") || ends_with(path, ".xlsm"))) return NULL;
    if (!zip && strcmp(kind, "rar") != 0) return kind;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return kind;
    struct stat sb;
    size_t cap = 64 * 1024 + 256 * 1024;
    unsigned char *buf = jh_xcalloc(cap, 1);
    size_t n = 0;
    if (fstat(fd, &sb) == 0) {
        ssize_t r = pread(fd, buf, 64 * 1024, 0);
        n = r > 0 ? (size_t)r : 0;
        off_t tail = sb.st_size > 64 * 1024 + 256 * 1024 ? sb.st_size - 256 * 1024 : 64 * 1024;
        if (sb.st_size > 64 * 1024) {
            r = pread(fd, buf + n, cap - n, tail);
            n += r > 0 ? (size_t)r : 0;
        }
    }
    close(fd);
    bool workbook = zip && (memmem(buf, n, "xl/workbook", 11) || memmem(buf, n, "xl/worksheets/", 14));
    *bundles = !workbook && names_bundle(buf, n);
    free(buf);
    return workbook ? NULL : kind;
}

/* A file that could not be read while listing (errno e). */
static void list_add_unread(file_list_t *l, const char *path, char *reason, int e)
{
    list_add(l, path, reason);
    l->unread[l->n - 1] = e == EACCES || e == EPERM ? UNREAD_FILE_PERM : UNREAD_FILE;
    if (e == EMFILE || e == ENFILE) l->too_many_open = true;
}

/* By name, after the kind's byte (list_dir). */
static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* A folder that could not be opened or listed entirely (errno e): like a
 * file (unread_reason), unread - exit 3, the hint, nothing logged - since
 * bundles in it may be missing.  No permission (EACCES, EPERM) is unread
 * too, not skipped with exit 0: on a stick it means bundles not merged, and
 * the clerk must know; a folder gone meanwhile (ENOENT, its parent still
 * there) is only skipped, as a file is. */
static void list_add_dir_unread(file_list_t *l, const char *dir, int depth, int e)
{
    int ue = 0;
    char *why = unread_reason(dir, e, &ue);
    if (!ue) {
        list_add(l, dir, why);
        return;
    }
    free(why);
    bool perm = e == EACCES || e == EPERM;
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    if (perm && depth > 0 && strcmp(base, "lost+found") == 0) {
        /* The file system's own folder (an ext4 stick's, root's, 0700): a
         * kiosk never writes there, and it would fail every merge of such
         * a stick for a user who is not root. */
        list_add(l, dir,
                 jh_sprintf(_("the file system's own folder (lost+found), not readable by this user: kiosks "
                              "never put bundles there")));
        return;
    }
    if (perm)
        why = jh_sprintf(_("cannot read the folder (permissions?): bundles in it may be missing; let this user "
                           "read it and run the same merge again"));
    else
        why = jh_sprintf(_("cannot read the folder: %s: bundles in it may be missing"), strerror(e));
    list_add_unread(l, dir, why, e);
    l->unread[l->n - 1] = perm ? UNREAD_DIR_PERM : UNREAD_DIR_IO;
}

/* How many files named junheng-*.json are in dir and its subfolders (up
 * to 16 levels, links not followed; *budget entries read at most): a look
 * into a folder the listing does not enter. */
static int count_bundles(const char *dir, int depth, long *budget)
{
    if (depth > 16 || *budget <= 0) return 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while (*budget > 0 && (e = readdir(d))) {
        (*budget)--;
        if (e->d_name[0] == '.') continue;
        bool sub = e->d_type == DT_DIR;
        char *p = NULL;
        if (e->d_type == DT_UNKNOWN) {
            struct stat sb;
            p = jh_sprintf("%s/%s", dir, e->d_name);
            sub = lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
        }
        if (sub) {
            if (!p) p = jh_sprintf("%s/%s", dir, e->d_name);
            n += count_bundles(p, depth + 1, budget);
        } else if (!strncmp(e->d_name, "junheng-", 8) && ends_with(e->d_name, ".json")) {
            n++;
        }
        free(p);
    }
    closedir(d);
    return n;
}

/* A folder below the depth the listing searches: named, never silently
 * left out (review rmerge4, item 3: bundles in 导出/2026秋/ were ignored
 * without a word); one that holds junheng-*.json files counts toward the
 * exit status (NOT_SEARCHED). */
static void list_not_searched(file_list_t *l, const char *dir, int max_depth)
{
    long budget = 100000;
    int n = count_bundles(dir, 0, &budget);
    char *why;
    if (max_depth <= 1 && n)
        why = jh_sprintf(P_("a folder below the first level, not searched: it holds %d junheng-*.json file, not "
                            "merged: merge again with --recursive (or give this folder)",
                            "a folder below the first level, not searched: it holds %d junheng-*.json files, not "
                            "merged: merge again with --recursive (or give this folder)",
                            n),
                         n);
    else if (max_depth <= 1)
        why = jh_sprintf(_("a folder below the first level, not searched (no junheng-*.json in it; --recursive "
                           "searches every depth)"));
    else if (n)
        why = jh_sprintf(P_("a folder more than %d levels down, not searched: it holds %d junheng-*.json file, not "
                            "merged: give this folder to merge",
                            "a folder more than %d levels down, not searched: it holds %d junheng-*.json files, not "
                            "merged: give this folder to merge",
                            n),
                         max_depth, n);
    else
        why = jh_sprintf(_("a folder more than %d levels down, not searched (no junheng-*.json in it)"), max_depth);
    list_add(l, dir, why);
    l->unread[l->n - 1] = n ? NOT_SEARCHED : NOT_SEARCHED_EMPTY;
}

/* Adds the files of dir (sorted), then those of its subfolders while depth
 * < max_depth.  Hidden entries (".name") are left out.  A folder that cannot
 * be opened or read to its end is listed as unread (list_add_dir_unread);
 * the entries read before a readdir error are still listed. */
static void list_dir(file_list_t *l, const char *dir, int depth, int max_depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        list_add_dir_unread(l, dir, depth, errno);
        return;
    }
    struct stat dsb;
    if (fstat(dirfd(d), &dsb) == 0) {
        if (l->n_dirs == l->cap_dirs) {
            l->cap_dirs = l->cap_dirs ? l->cap_dirs * 2 : 16;
            l->dirs = jh_xrealloc(l->dirs, (size_t)l->cap_dirs * sizeof *l->dirs);
        }
        l->dirs[l->n_dirs].dev = dsb.st_dev;
        l->dirs[l->n_dirs++].ino = dsb.st_ino;
    }
    /* Each name with the kind readdir gives ('r' a regular file, 'd' a
     * folder, '?' unknown or a link: lstat and stat say; 'l' a link to a
     * folder) in its first byte. */
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    int read_errno = 0;
    for (;;) {
        errno = 0; /* readdir's end and its error differ only by errno */
        if (!(e = readdir(d))) {
            read_errno = errno;
            break;
        }
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = jh_xrealloc(names, (size_t)cap * sizeof *names);
        }
        names[n++] = jh_sprintf("%c%s", e->d_type == DT_REG ? 'r' : e->d_type == DT_DIR ? 'd' : '?', e->d_name);
    }
    closedir(d);
    if (read_errno) list_add_dir_unread(l, dir, depth, read_errno);
    if (n) qsort(names, (size_t)n, sizeof *names, cmp_name);
    size_t dl = strlen(dir);
    bool slash = dl && dir[dl - 1] == '/';
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            char *path = jh_sprintf("%s%s%s", dir, slash ? "" : "/", names[i] + 1);
            struct stat sb;
            char kind = names[i][0];
            if (kind == '?') {
                /* A link to a folder is not followed: `a -> .` would list
                 * the stick again and again, a link to / the whole disk (a
                 * stick from a kiosk has no links: FAT has none). */
                bool link = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode);
                bool dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
                kind = dir ? (link ? 'l' : 'd') : 'f';
            }
            names[i][0] = kind; /* (stat once) */
            if (pass == 0 && kind == 'l')
                list_add(l, path,
                         jh_sprintf(_("a link to a folder: not followed (give the folder itself to merge the "
                                      "bundles in it)")));
            else if (pass == 0 && kind != 'd') {
                int e = 0;
                char *why = classify(path, kind == 'r', &e);
                list_add_classified(l, path, why, e);
            }
            if (pass == 1 && kind == 'd' && depth < max_depth) list_dir(l, path, depth + 1, max_depth);
            else if (pass == 1 && kind == 'd') list_not_searched(l, path, max_depth);
            free(path);
        }
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

/* Why path (listed a moment ago) cannot be read (heap), errno e: a file
 * gone from a folder that is still there (deleted meanwhile) is only
 * skipped; any other error (the stick pulled or failing, EIO, EMFILE, no
 * permission) sets *unread_errno: the file may be a bundle not merged, so
 * the merge exits 3. */
static char *unread_reason(const char *path, int e, int *unread_errno)
{
    if (e == ENOENT) {
        char *dir = jh_strdup(path), *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        struct stat sb;
        bool there = stat(slash ? (dir[0] ? dir : "/") : ".", &sb) == 0;
        free(dir);
        if (there) return jh_sprintf(_("cannot be read"));
    }
    if (e == ELOOP) /* a link to itself, or a ring of links: no file (review rmerge4, item 6) */
        return jh_sprintf(_("a link that loops (it leads back to itself): no file, so no bundle"));
    *unread_errno = e;
    if (e == EACCES || e == EPERM) return jh_sprintf(_("cannot be read (permissions?)"));
    return jh_sprintf(_("cannot be read: %s"), strerror(e));
}

/* NULL when path looks like an export bundle (by its name and first bytes),
 * otherwise why it is skipped (heap).  Never blocks: a pipe or device is
 * named, not opened for reading (regular: readdir said it is a regular
 * file, which is not looked up again). */
static char *classify(const char *path, bool regular, int *unread_errno)
{
    struct stat sb;
    *unread_errno = 0;
    if (!regular) {
        if (stat(path, &sb) != 0) return unread_reason(path, errno, unread_errno);
        const char *kind = jh_file_kind(sb.st_mode);
        if (kind) return jh_sprintf(_("is %s, not a file"), kind);
    }
    unsigned char head[512];
    ssize_t n = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return unread_reason(path, errno, unread_errno);
    n = read(fd, head, sizeof head);
    int e = errno;
    close(fd);
    if (n < 0) return unread_reason(path, e, unread_errno);
    size_t len = (size_t)n, start = 0;
    if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) start = 3;
    while (start < len && isspace(head[start])) start++;
    bool json = ends_with(path, ".json");
    if (len >= 16 && !memcmp(head, "SQLite format 3", 16))
        return jh_sprintf(_("an SQLite database (a kiosk's backup copy beside its bundle?), not an export bundle"));
    bool bundles;
    const char *archive = archive_kind(path, head, len, &bundles);
    if (archive && bundles) {
        *unread_errno = -1; /* bundles not merged: exit 1 */
        return jh_sprintf(_("a compressed archive (%s) holding junheng-*.json files: unpack it first, then merge the "
                            "folder unpacked"),
                          archive);
    }
    if (archive)
        return jh_sprintf(_("a compressed archive (%s): unpack it first, then merge the folder unpacked (kiosk bundles "
                            "are named junheng-*.json)"),
                          archive);
    if (len >= 4 && !memcmp(head, "PK\x03\x04", 4))
        return jh_sprintf(_("an Excel workbook or zip file, not an export bundle; if it is the school register, "
                            "save it as CSV and load it with `junheng schools --db COUNTY.db FILE.csv`"));
    if (ends_with(path, ".csv") || ends_with(path, ".xls") || ends_with(path, ".xlsx"))
        return jh_sprintf(_("a spreadsheet file, not an export bundle; if it is the school register, load it "
                            "with `junheng schools --db COUNTY.db %s`"),
                          path);
    if (ends_with(path, ".db.sealed"))
        return jh_sprintf(_("a kiosk's database backup sealed to the bureau key (open it with `junheng unseal`), "
                            "not an export bundle"));
    if (json && memmem(head, len, "\"junheng-county-pack\"", 21))
        return jh_sprintf(_("the county pack that sets up kiosks (junheng kiosk-pack), not an export bundle"));
    if (json) {
        /* A bundle, or a damaged one: read it (the reader says what is
         * wrong; exit 1).  So is a file named as a bundle whatever it
         * starts with, and one starting with a zero byte: a bundle whose
         * blocks never reached the stick (an unsafe eject) was skipped
         * as "not a bundle" with exit 0 (review rmerge4, item 2). */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (start == len || head[start] == '{' || head[start] == '\0' || !strncmp(base, "junheng-", 8)) return NULL;
        return jh_sprintf(_("a .json file that is not an export bundle (it does not start with '{')"));
    }
    if (start < len && head[start] == '{' && memmem(head, len, "junheng-bundle", 14)) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        /* the kiosk's own temporary file (junheng-….json.tmp.XXXXXX): an
         * export that did not finish */
        if (strstr(base, ".json.tmp."))
            return jh_sprintf(_("looks like an export bundle but its name does not end in .json (an unfinished "
                                "export?); rename it to .json to merge it"));
        /* renamed (junheng-….json.txt by a mail or chat program): the
         * name to give it, nothing guessed about the export (review
         * rclerk9 item 2) */
        const char *dot = strstr(base, ".json");
        int keep = dot ? (int)(dot - base) : (int)strlen(base);
        *unread_errno = -2; /* a bundle not merged: exit 1 */
        return jh_sprintf(_("an export bundle by its content, but its name does not end in .json: rename it "
                            "%.*s.json and merge again"),
                          keep, base);
    }
    return jh_sprintf(_("not an export bundle (kiosk bundles are named junheng-*.json)"));
}

static void tally_add(tally_t **t, int *n, const char *code, int64_t responses)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp((*t)[i].code, code)) {
            (*t)[i].bundles++;
            (*t)[i].responses += responses;
            return;
        }
    *t = jh_xrealloc(*t, (size_t)(*n + 1) * sizeof **t);
    snprintf((*t)[*n].code, sizeof (*t)[*n].code, "%s", code);
    (*t)[*n].bundles = 1;
    (*t)[(*n)++].responses = responses;
}

/* One file's place in the merge order (order_by_seq). */
typedef struct {
    const char *path;
    const char *kiosk;        /* in path's name; NULL: not a kiosk's bundle name */
    size_t kiosk_len;
    size_t dir_len;           /* path's folder: path[0, dir_len) */
    long long first, last;
    int at;                   /* its place in the list given */
} seq_key_t;

/* Reads KIOSK, FIRST and LAST from a bundle's file name,
 * junheng-<kiosk>-<YYYYMMDDTHHMMSSZ>-<kind>-<first>-<last>[-k].json. */
static void seq_key_parse(seq_key_t *k)
{
    const char *base = strrchr(k->path, '/');
    base = base ? base + 1 : k->path;
    k->dir_len = (size_t)(base - k->path);
    k->kiosk = NULL;
    if (strncmp(base, "junheng-", 8) != 0) return;
    const char *p = base + 8;
    for (const char *q = strchr(p + 1, '-'); q; q = strchr(q + 1, '-')) {
        const char *t = q + 1;
        bool stamp = strlen(t) > 17 && t[8] == 'T' && t[15] == 'Z' && t[16] == '-';
        for (int i = 0; stamp && i < 15; i++)
            if (i != 8 && !isdigit((unsigned char)t[i])) stamp = false;
        if (!stamp) continue;
        const char *kind = t + 17, *dash = strchr(kind, '-');
        long long first, last;
        if (!dash || sscanf(dash, "-%lld-%lld", &first, &last) != 2) return;
        k->kiosk = p;
        k->kiosk_len = (size_t)(q - p);
        k->first = first;
        k->last = last;
        return;
    }
}

/* 0 when x and y are in one folder, else their folders' order. */
static int same_dir(const seq_key_t *x, const seq_key_t *y)
{
    size_t n = x->dir_len < y->dir_len ? x->dir_len : y->dir_len;
    int c = memcmp(x->path, y->path, n);
    if (c) return c;
    return (x->dir_len > y->dir_len) - (x->dir_len < y->dir_len);
}

static int cmp_kiosk_at(const void *a, const void *b)
{
    const seq_key_t *x = a, *y = b;
    size_t n = x->kiosk_len < y->kiosk_len ? x->kiosk_len : y->kiosk_len;
    int c = memcmp(x->kiosk, y->kiosk, n);
    if (c) return c;
    if (x->kiosk_len != y->kiosk_len) return x->kiosk_len < y->kiosk_len ? -1 : 1;
    if ((c = same_dir(x, y))) return c;
    return (x->at > y->at) - (x->at < y->at);
}

static int cmp_seq(const void *a, const void *b)
{
    const seq_key_t *x = a, *y = b;
    if (x->first != y->first) return x->first < y->first ? -1 : 1;
    if (x->last != y->last) return x->last < y->last ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* Puts each kiosk's bundles listed from one folder in the order of their
 * seqs, in the places its bundles of that folder take in paths (every
 * other file keeps its place, and so does a file named on the command
 * line, and the folders' order: that order is the user's - after a fork,
 * docs/bureau.md rebuilds by merging the genuine kiosk's folder first).  Names start with the kiosk's export time: after its clock
 * was set back, a later seq range came first, and the merge warned that
 * seqs were missing ("gap") although the file that holds them was the next
 * one merged (review rsoak, item 3).  By name only: a file renamed by hand
 * keeps its place. */
static void order_by_seq(const char **paths, int n, int argc, char **argv)
{
    seq_key_t *k = jh_xcalloc((size_t)n + 1, sizeof *k);
    int m = 0;
    for (int i = 0; i < n; i++) {
        bool named = false;
        for (int j = 1; j < argc && !named; j++) named = !strcmp(argv[j], paths[i]);
        if (named) continue;
        k[m].path = paths[i];
        k[m].at = i;
        seq_key_parse(&k[m]);
        if (k[m].kiosk) m++;
    }
    qsort(k, (size_t)m, sizeof *k, cmp_kiosk_at);
    for (int g = 0; g < m;) {
        int e = g + 1;
        while (e < m && k[e].kiosk_len == k[g].kiosk_len && !memcmp(k[e].kiosk, k[g].kiosk, k[g].kiosk_len) &&
               !same_dir(&k[e], &k[g]))
            e++;
        /* k[g..e) in the order of their places: those places, in order,
         * get the group sorted by seq */
        /* Only when no two ranges overlap: overlapping bundles (a full
         * export beside incremental ones, or a kiosk put back from a
         * backup that used seqs again) keep the name's order - the
         * export's time - as before, so the earlier history is merged
         * first and the later one is the fork (review rfinal17 1). */
        bool overlap = false;
        for (int i = g; i < e && !overlap; i++)
            for (int j = i + 1; j < e && !overlap; j++)
                overlap = k[i].first <= k[j].last && k[j].first <= k[i].last;
        if (overlap) {
            g = e;
            continue;
        }
        int *at = jh_xcalloc((size_t)(e - g), sizeof *at);
        for (int i = g; i < e; i++) at[i - g] = k[i].at;
        qsort(k + g, (size_t)(e - g), sizeof *k, cmp_seq);
        for (int i = g; i < e; i++) paths[at[i - g]] = k[i].path;
        free(at);
        g = e;
    }
    free(k);
}
