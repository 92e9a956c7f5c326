/* cmd_merge.c - `junheng merge`: verifies kiosk bundles and merges them into
 * the county database one at a time, printing a verdict per bundle and a
 * summary. */
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "county.h"
#include "i18n.h"

static void usage(FILE *f)
{
    fprintf(f, _("Usage: junheng merge --db COUNTY.db [--keys FILE] [--strict-keys] BUNDLE_OR_DIR...\n"
               "\n"
               "Verifies every bundle (format, signature, hashes, chain), imports the valid\n"
               "ones and rejects each invalid one with its reason.  A directory means every\n"
               "*.json file in it, in name order.  Merging is idempotent: a bundle already\n"
               "merged changes nothing; a response id that arrives with other content is\n"
               "quarantined, never overwritten.\n"
               "\n"
               "  --keys FILE     pin kiosk keys beforehand (lines: KIOSK_ID SCHOOL_CODE KEY)\n"
               "  --strict-keys   reject kiosks whose key was not pinned beforehand\n"
               "\n"
               "Without --keys a kiosk's key is pinned by its first bundle (trust on first\n"
               "use); the merge prints its fingerprint: compare it with the one on the\n"
               "kiosk's admin screen.  Exit status 1 when any bundle was rejected or had\n"
               "conflicts.\n"));
}

/* The verdict as the clerk reads it. */
static const char *verdict_text(county_verdict_t v)
{
    switch (v) {
    case COUNTY_IMPORTED: return _("imported");
    case COUNTY_UNCHANGED: return _("unchanged");
    case COUNTY_CONFLICTS: return _("conflicts");
    default: return _("rejected");
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the *.json files of dir, sorted, to the list. */
static bool list_dir(const char *dir, char ***list, int *n, int *cap)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    int start = *n;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".json")) continue;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *list = jh_xrealloc(*list, (size_t)*cap * sizeof **list);
        }
        (*list)[(*n)++] = jh_sprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(*list + start, (size_t)(*n - start), sizeof **list, cmp_str);
    return true;
}

int cmd_merge(int argc, char **argv)
{
    const char *db = NULL, *keys = NULL;
    county_merge_opts_t opts = {0};
    char **files = NULL;
    int n_files = 0, cap = 0, rc = CLI_OK;
    county_t *c = NULL;
    jh_err_t err = {0};
    /* Each bundle needs the same few tens of MB (file, parse tree, strings)
     * again: keep them in the heap rather than mapping and unmapping them
     * (and zeroing fresh pages) for every bundle.  Memory stays flat. */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            goto out;
        } else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "--keys") && i + 1 < argc) {
            keys = argv[++i];
        } else if (!strcmp(argv[i], "--strict-keys")) {
            opts.strict_keys = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, _("junheng merge: unknown option '%s'\n"), argv[i]);
            usage(stderr);
            rc = CLI_USAGE;
            goto out;
        } else {
            struct stat sb;
            if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
                if (!list_dir(argv[i], &files, &n_files, &cap)) {
                    fprintf(stderr, _("junheng merge: %s: cannot read the directory\n"), argv[i]);
                    rc = CLI_REJECTED;
                }
            } else {
                if (n_files == cap) {
                    cap = cap ? cap * 2 : 256;
                    files = jh_xrealloc(files, (size_t)cap * sizeof *files);
                }
                files[n_files++] = jh_strdup(argv[i]);
            }
        }
    }
    if (!db || (n_files == 0 && !keys && rc == CLI_OK)) {
        usage(stderr);
        rc = CLI_USAGE;
        goto out;
    }
    if (county_open(db, &c, &err) != JH_OK) {
        fprintf(stderr, _("junheng merge: %s\n"), err.msg);
        rc = CLI_FAILED;
        goto out;
    }
    if (keys) {
        int added = 0;
        if (county_keys_load(c, keys, jh_now_ms(), &added, &err) != JH_OK) {
            fprintf(stderr, _("junheng merge: %s\n"), err.msg);
            rc = CLI_REJECTED;
            goto out;
        }
        printf(P_("merge: %d kiosk key pinned from %s\n", "merge: %d kiosk keys pinned from %s\n", added), added, keys);
    }
    int64_t n_verdict[4] = {0}, n_new = 0, n_dup = 0, n_quar = 0, n_first_use = 0;
    for (int i = 0; i < n_files; i++) {
        county_import_t r;
        if (county_merge_file(c, files[i], &opts, jh_now_ms(), &r, &err) != JH_OK) {
            fprintf(stderr, _("junheng merge: %s\n"), err.msg);
            rc = CLI_FAILED;
            goto out;
        }
        n_verdict[r.verdict]++;
        n_new += r.n_new;
        n_dup += r.n_duplicate;
        n_quar += r.n_quarantined;
        if (r.verdict == COUNTY_REJECTED) {
            printf(_("rejected   %s: %s\n"), files[i], r.reason);
            rc = CLI_REJECTED;
            continue;
        }
        printf(_("%-10s %s: kiosk %s, school %s, seq %lld-%lld: %lld new, %lld already there"),
               verdict_text(r.verdict), files[i], r.kiosk_id, r.school_code,
               (long long)r.first_seq, (long long)r.last_seq, (long long)r.n_new,
               (long long)r.n_duplicate);
        if (r.n_quarantined) printf(_(", %lld quarantined"), (long long)r.n_quarantined);
        if (r.new_kiosk) {
            printf(_(" (new kiosk %s: key %s pinned for school %s — check it against the "
                   "kiosk's admin screen)"),
                   r.kiosk_id, r.fingerprint, r.school_code);
            n_first_use++;
        }
        printf("\n");
        if (r.reason[0]) printf(_("           warning: %s\n"), r.reason);
        if (r.verdict == COUNTY_CONFLICTS) rc = CLI_REJECTED;
    }
    printf(P_("merge: %d bundle: %lld imported, %lld unchanged, %lld with conflicts, %lld rejected; "
              "%lld new responses, %lld already there, %lld quarantined\n",
              "merge: %d bundles: %lld imported, %lld unchanged, %lld with conflicts, %lld rejected; "
              "%lld new responses, %lld already there, %lld quarantined\n",
              n_files),
           n_files, (long long)n_verdict[COUNTY_IMPORTED],
           (long long)n_verdict[COUNTY_UNCHANGED], (long long)n_verdict[COUNTY_CONFLICTS],
           (long long)n_verdict[COUNTY_REJECTED], (long long)n_new, (long long)n_dup,
           (long long)n_quar);
    if (n_first_use)
        printf(P_("merge: %lld kiosk trusted on first use: check its fingerprint\n",
                  "merge: %lld kiosks trusted on first use: check their fingerprints\n", n_first_use),
               (long long)n_first_use);
out:
    county_close(c);
    for (int i = 0; i < n_files; i++) free(files[i]);
    free(files);
    return rc;
}
