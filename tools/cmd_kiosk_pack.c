/* cmd_kiosk_pack.c - `junheng kiosk-pack`: writes the county pack a school
 * copies to a USB stick to set up its kiosk (the register, the official
 * questionnaires and the bureau's public key, signed with the bureau's
 * key; see app/core/pack.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "pack.h"
#include "schools.h"
#include "seal.h"
#include "stats.h"
#include "store.h"

static void usage(FILE *f)
{
    fprintf(f, _("Usage: junheng kiosk-pack --key BUREAU.key --county CODE --schools FILE.csv --out DIR\n"
               "                          QUESTIONNAIRE.json...\n"
               "\n"
               "Writes DIR/%s: the school register (code, name, level,\n"
               "locality), the county's questionnaires and the bureau's public key, signed\n"
               "with the bureau's key.  Copy it to the top folder of a USB stick; on the\n"
               "kiosk's admin screen the school picks itself from the register and the\n"
               "kiosk installs the questionnaires (only from packs signed with this key).\n"
               "\n"
               "  --key FILE     the bureau's key pair (created when missing: keep it safe and\n"
               "                 use the same file for every pack; never give it to a school)\n"
               "  --county CODE  the county's 6-digit division code\n"
               "  --schools FILE the register (as for `junheng schools`)\n"
               "  --out DIR      where the pack is written (created if missing)\n"
               "  --population N the county's resident population: each school's target\n"
               "                 sample (1.5 per mille, at least 600 under 400,000, shared by\n"
               "                 enrolment) goes into the pack for its admin screen\n"
               "\n"
               "Prints the key's fingerprint: a kiosk shows it before trusting its first pack.\n"),
            PACK_FILE_NAME);
}

int cmd_kiosk_pack(int argc, char **argv)
{
    const char *key = NULL, *county = NULL, *schools = NULL, *out = NULL;
    long long population = 0;
    char **surveys = NULL;
    int n_surveys = 0;
    int rc = CLI_OK;
    const char *pop = NULL;
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--key")       ? &key
                            : !strcmp(a, "--county")  ? &county
                            : !strcmp(a, "--schools") ? &schools
                            : !strcmp(a, "--out")     ? &out
                                                      : NULL;
        if (opts_done || a[0] != '-' || !a[1]) {
            surveys = realloc(surveys, (size_t)(n_surveys + 1) * sizeof *surveys);
            surveys[n_surveys++] = argv[i];
        } else if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            goto done;
        } else if (slot) {
            if (!cli_take_value("kiosk-pack", argc, argv, &i, slot)) {
                rc = CLI_USAGE;
                goto done;
            }
        } else if (!strcmp(a, "--population")) {
            long v;
            if (!cli_take_value("kiosk-pack", argc, argv, &i, &pop)) {
                rc = CLI_USAGE;
                goto done;
            }
            if (!cli_parse_long(argv[i], 1, 2000000000, &v)) {
                fprintf(stderr, _("junheng kiosk-pack: --population: '%s' is not a whole number of people\n"),
                        cli_esc(argv[i]));
                rc = CLI_USAGE;
                goto done;
            }
            population = v;
        } else {
            fprintf(stderr, _("junheng kiosk-pack: unknown option '%s'\n"), cli_esc(a));
            usage(stderr);
            rc = CLI_USAGE;
            goto done;
        }
    }
    if (!key || !county || !schools || !out || n_surveys == 0) {
        usage(stderr);
        rc = CLI_USAGE;
        goto done;
    }
    jh_err_t err;
    stats_school_t *s = NULL;
    int n = 0;
    jh_buf_t errors = {0}, warnings = {0};
    jh_status_t rst = schools_read_file(schools, &s, &n, &errors, &warnings, &err);
    /* the register's warnings (数据打架, schools without students) as `junheng schools` prints them */
    if (warnings.data) cli_put_lines(stderr, warnings.data);
    if (rst != JH_OK) {
        cli_put_lines(stderr, errors.data ? errors.data : err.msg);
        fprintf(stderr, _("\njunheng kiosk-pack: %s: no pack written; correct the register and run again\n"),
                cli_esc(schools));
        jh_buf_free(&errors);
        jh_buf_free(&warnings);
        rc = CLI_REJECTED;
        goto done;
    }
    jh_buf_free(&errors);
    jh_buf_free(&warnings);
    static const char *const levels[] = {"primary", "junior", "nine_year", "complete_middle", "twelve_year"};
    static const char *const locs[] = {"urban", "town", "rural"};
    pack_school_t *ps = calloc((size_t)n + 1, sizeof *ps);
    /* Enrolment: the whole school's, else the sum of its levels'.  The
     * county's locality shares are approximated by enrolment, as in the
     * bureau's statistics (docs/stats-json.md, sample). */
    double *enrol = calloc((size_t)n + 1, sizeof *enrol), by_loc[3] = {0}, all = 0;
    int *targets = calloc((size_t)n + 1, sizeof *targets);
    for (int i = 0; i < n; i++) {
        snprintf(ps[i].code, sizeof ps[i].code, "%s", s[i].code);
        snprintf(ps[i].name, sizeof ps[i].name, "%s", s[i].name);
        snprintf(ps[i].level, sizeof ps[i].level, "%s", levels[s[i].level]);
        snprintf(ps[i].locality, sizeof ps[i].locality, "%s", locs[s[i].locality]);
        double e = stats_school_enrolment(&s[i]);
        enrol[i] = e;
        by_loc[s[i].locality] += e;
        all += e;
    }
    if (population > 0) {
        pack_sample_targets(population, enrol, n, targets);
        for (int i = 0; i < n; i++) ps[i].sample_target = targets[i];
    }
    int permille[3];
    for (int l = 0; l < 3; l++) permille[l] = all > 0 ? (int)(by_loc[l] * 1000.0 / all + 0.5) : 0;
    free(enrol);
    free(targets);
    free(s);
    char **texts = calloc((size_t)n_surveys + 1, sizeof *texts);
    for (int i = 0; i < n_surveys && rc == CLI_OK; i++) {
        if (jh_read_file_max(surveys[i], JH_INPUT_MAX_BYTES, &texts[i], NULL, &err) != JH_OK) {
            fprintf(stderr, _("junheng kiosk-pack: %s\n"), err.msg);
            rc = CLI_REJECTED;
        }
    }
    unsigned char sk[64], pk[32];
    bool created = false;
    char *path = jh_sprintf("%s/%s", out, PACK_FILE_NAME);
    struct stat sb;
    bool made_dir = false;
    if (rc == CLI_OK && stat(out, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, _("junheng kiosk-pack: --out %s: exists and is not a folder: give the folder the pack is "
                          "written into\n"),
                cli_esc(out));
        rc = CLI_FAILED;
    } else if (rc == CLI_OK && stat(out, &sb) != 0) {
        /* created, as `junheng report --out` and `junheng stats --out` do
         * (review rattack5 finding 4: it said "not a folder") */
        if (jh_mkdir_p(out, &err) != JH_OK) {
            fprintf(stderr, _("junheng kiosk-pack: --out: %s\n"), err.msg);
            rc = CLI_FAILED;
        } else {
            made_dir = true;
        }
    }
    /* what a run stopped by Ctrl-C left: junheng-county-pack.json.tmp.XXXXXXXXXXXX
     * (only this name: two packs into one folder at once are not a use) */
    if (rc == CLI_OK) jh_sweep_tmp_of(path);
    if (rc == CLI_OK && pack_key_load_or_create(key, sk, pk, &created, &err) != JH_OK) {
        fprintf(stderr, _("junheng kiosk-pack: %s\n"), err.msg);
        rc = CLI_FAILED;
    }
    if (rc == CLI_OK && pack_write(path, sk, county, ps, n, all > 0 ? permille : NULL, texts, n_surveys, jh_now_ms(), &err) != JH_OK) {
        fprintf(stderr, _("junheng kiosk-pack: %s\n"), err.msg);
        rc = err.status == JH_ERR_INVALID ? CLI_REJECTED : CLI_FAILED;
    }
    sodium_memzero(sk, sizeof sk);
    if (rc == CLI_OK) {
        char fp[64];
        store_fingerprint_of(pk, fp);
        if (made_dir) printf(_("kiosk-pack: folder %s created (it did not exist)\n"), cli_esc(out));
        if (created) printf(_("kiosk-pack: new bureau key written to %s (keep it safe, use it for every pack)\n"), key);
        printf(P_("kiosk-pack: %s: %d school, ", "kiosk-pack: %s: %d schools, ", n), path, n);
        printf(P_("%d questionnaire, county %s\n", "%d questionnaires, county %s\n", n_surveys), n_surveys, county);
        if (population > 0)
            printf(_("kiosk-pack: sample of %lld questionnaires for a population of %lld, shared among the schools "
                     "by enrolment\n"),
                   (long long)pack_sample_required(population), population);
        printf(_("kiosk-pack: bureau key fingerprint %s (a kiosk shows it before trusting its first pack)\n"), fp);
    }
    free(path);
    for (int i = 0; i < n_surveys; i++) free(texts[i]);
    free(texts);
    free(ps);
done:
    free(surveys);
    return rc;
}

/* `junheng unseal`: opens a kiosk's database backup sealed to the bureau's
 * key (NAME.db.sealed on the export stick) with the bureau key file. */
int cmd_unseal(int argc, char **argv)
{
    const char *key = NULL, *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(_("Usage: junheng unseal --key BUREAU.key FILE.db.sealed --out FILE.db\n"
                     "\n"
                     "Decrypts a kiosk's database backup, which the kiosk seals to the bureau's\n"
                     "public key (it holds every answer with its time: keep it at the bureau).\n"));
            return CLI_OK;
        } else if (!strcmp(argv[i], "--key") || !strcmp(argv[i], "--out")) {
            if (!cli_take_value("unseal", argc, argv, &i, argv[i][2] == 'k' ? &key : &out)) return CLI_USAGE;
        } else if (!strcmp(argv[i], "--") && i + 2 == argc && !in) {
            in = argv[++i];
        } else if (argv[i][0] != '-' && !in) in = argv[i];
        else {
            fprintf(stderr, _("junheng unseal: unexpected argument '%s' (see --help)\n"), argv[i]);
            return CLI_USAGE;
        }
    }
    if (!key || !in || !out) {
        fprintf(stderr, _("Usage: junheng unseal --key BUREAU.key FILE.db.sealed --out FILE.db\n"));
        return CLI_USAGE;
    }
    jh_sweep_tmp_of(out); /* what a run stopped by Ctrl-C left: FILE.db.tmp.XXXXXXXXXXXX */
    struct stat sb;
    if (stat(key, &sb) != 0) {
        fprintf(stderr, _("junheng unseal: %s: no such key file (the one `junheng kiosk-pack --key` uses)\n"), key);
        return CLI_FAILED;
    }
    unsigned char sk[64], pk[32], xsk[32], xpk[32];
    bool created = false;
    jh_err_t err;
    if (pack_key_load_or_create(key, sk, pk, &created, &err) != JH_OK) {
        fprintf(stderr, _("junheng unseal: %s\n"), err.msg);
        return CLI_FAILED;
    }
    int conv = crypto_sign_ed25519_sk_to_curve25519(xsk, sk) | crypto_sign_ed25519_pk_to_curve25519(xpk, pk);
    sodium_memzero(sk, sizeof sk);
    if (conv != 0) {
        fprintf(stderr, _("junheng unseal: %s: not a usable bureau key\n"), key);
        return CLI_FAILED;
    }
    /* Both forms: the chunked one of kiosks since 2026-12, opened a chunk at
     * a time, and the single sealed box of earlier kiosks; written 0600 (the
     * kiosk's whole database, times of day included, is for the bureau's
     * eyes; seal.h). */
    int rc = CLI_OK;
    jh_status_t s = seal_file_open(in, out, xpk, xsk, &err);
    if (s != JH_OK) {
        fprintf(stderr, _("junheng unseal: %s\n"), err.msg);
        rc = s == JH_ERR_FORGED ? CLI_REJECTED : CLI_FAILED;
    } else {
        printf(_("unseal: %s -> %s\n"), in, out);
    }
    sodium_memzero(xsk, sizeof xsk);
    return rc;
}
