/* forge.c - a forger's toolkit for the forgery and replay tests
 * (tests/reliability/forgery.sh).  It does what a capable forger would:
 * edits a bundle and then recomputes everything that can be recomputed
 * without the kiosk's secret key (canonical texts, chain hashes, the
 * manifest's hashes and counts) and signs the result with a key of its own.
 *
 *   reliab_forge make DB KIOSK SCHOOL N full|incremental DIR
 *       records N questionnaires on the kiosk database DB (created when
 *       missing, settings KIOSK and SCHOOL) and exports a bundle to DIR;
 *       prints the bundle's path
 *   reliab_forge edit IN OUT [--answer N] [--drop N] [--renumber] [--swap N]
 *                   [--school CODE] [--rechain] [--resign KEYFILE|new]
 *       --answer N   change a satisfaction answer of response N (0-based)
 *       --drop N     remove response N (--renumber: later seqs move down)
 *       --swap N     exchange responses N and N+1 in the file
 *       --school C   claim school code C in the manifest
 *       --set P V    set the string at path P (keys and array indexes joined
 *                    by '.', e.g. responses.0.role) to V; may repeat
 *       --kiosk K    claim kiosk id K (the manifest's and every response's)
 *       --keep-even  keep responses 0, 2, 4, ... only (seqs renumbered from the first)
 *       --append F   add the responses of bundle F after these (seqs renumbered)
 *       --rechain    recompute chains, responses_sha256, last_chain, counts
 *       --resign K   sign the manifest with key file K (64-byte libsodium
 *                    secret key, as PATH.key beside a kiosk database) or a
 *                    new key ("new", saved as OUT.key); public_key and
 *                    fingerprint follow the key
 *   reliab_forge verify FILE
 *       bundle_read: prints "ok" or the reader's message (exit 0 / 1)
 */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "jh.h"
#include "store.h"
#include "resign.h"
#include "survey.h"

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "reliab_forge: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(2);
}

static int cmd_make(int argc, char **argv)
{
    if (argc != 8) die("%s", "make DB KIOSK SCHOOL N full|incremental DIR");
    const char *db = argv[2], *kiosk = argv[3], *school = argv[4], *dir = argv[7];
    int n = atoi(argv[5]);
    bool full = !strcmp(argv[6], "full");
    jh_err_t err = {0};
    char *src = getenv("JH_SOURCE_DIR");
    char *path = jh_sprintf("%s/tests/store/mini-survey.json", src ? src : JH_SOURCE_DIR);
    char *text = NULL;
    size_t len = 0;
    survey_t *s = NULL;
    jh_buf_t errors = {0};
    if (jh_read_file(path, &text, &len, &err) != JH_OK ||
        survey_load_text("mini-survey.json", text, len, NULL, &s, &errors, &err) != JH_OK)
        die("%s", err.msg);
    store_t *st = NULL;
    int64_t t = 1795000000000LL;
    if (store_open(db, t, &st, NULL, &err) != JH_OK) die("%s", err.msg);
    int64_t base = 0;
    store_counts_t c;
    if (store_counts(st, t, &c, &err) == JH_OK) base = c.total;
    t += base * 600000; /* time moves on with every call: distinct bundle names */
    if (store_setting_set(st, "kiosk_id", kiosk, &err) != JH_OK && base == 0) die("%s", err.msg);
    store_setting_set(st, "school_code", school, &err);
    store_setting_set(st, "school_level", "primary", &err);
    store_setting_set(st, "locality", "urban", &err);
    store_setting_set(st, "county_code", "360701", &err);
    store_survey_register(st, s, &err);
    static const char *const sat[] = {"satisfied", "fairly", "basic", "dissatisfied", "dont_know"};
    static const char *const res[] = {"urban", "town", "rural"};
    for (int k = 0; k < n; k++) {
        int64_t t0 = t + (int64_t)k * 600000;
        store_draft_t d;
        store_draft_init(&d, s, "parent", "zh-CN", t0);
        store_draft_set(&d, 0, res[(base + k) % 3], t0 + 5000);
        for (int i = 1; i <= 5; i++) store_draft_set(&d, i, sat[(base + k + i) % 5], t0 + 5000 + 6000 * i);
        if (store_draft_finish(st, &d, STORE_SUBMITTED, t0 + 90000, &err) != JH_OK) die("%s", err.msg);
        store_draft_free(&d);
    }
    bundle_export_info_t info;
    if (bundle_export(st, dir, full, t + (int64_t)n * 600000 + 60000, &info, &err) != JH_OK) die("%s", err.msg);
    printf("%s\n", info.path);
    store_close(st);
    survey_free(s);
    jh_buf_free(&errors);
    free(text);
    free(path);
    return 0;
}

static cJSON *item(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!v) die("bundle has no '%s'", k);
    return v;
}

static void set_num(cJSON *o, const char *k, double v)
{
    cJSON_SetNumberValue(item(o, k), v);
}

/* The member at a dotted path ("manifest.school.code", "responses.0.role"). */
static cJSON *at_path(cJSON *root, const char *path)
{
    char *copy = jh_strdup(path), *save = NULL;
    cJSON *o = root;
    for (char *k = strtok_r(copy, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
        o = cJSON_IsArray(o) ? cJSON_GetArrayItem(o, atoi(k)) : cJSON_GetObjectItemCaseSensitive(o, k);
    free(copy);
    if (!cJSON_IsString(o)) die("no string at '%s'", path);
    return o;
}

static int cmd_edit(int argc, char **argv)
{
    if (argc < 4) die("%s", "edit IN OUT [options]");
    const char *in = argv[2], *out = argv[3];
    int answer = -1, drop = -1, swap = -1;
    bool renumber = false, rechain = false;
    const char *school = NULL, *resign = NULL, *kiosk = NULL, *append = NULL;
    bool keep_even = false;
    const char *set_path[16], *set_value[16];
    int n_set = 0;
    for (int i = 4; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--answer") && v) answer = atoi(argv[++i]);
        else if (!strcmp(a, "--drop") && v) drop = atoi(argv[++i]);
        else if (!strcmp(a, "--swap") && v) swap = atoi(argv[++i]);
        else if (!strcmp(a, "--school") && v) school = argv[++i];
        else if (!strcmp(a, "--resign") && v) resign = argv[++i];
        else if (!strcmp(a, "--kiosk") && v) kiosk = argv[++i];
        else if (!strcmp(a, "--append") && v) append = argv[++i];
        else if (!strcmp(a, "--keep-even")) keep_even = true;
        else if (!strcmp(a, "--set") && v && i + 2 < argc && n_set < 16) {
            set_path[n_set] = argv[++i];
            set_value[n_set++] = argv[++i];
        }
        else if (!strcmp(a, "--renumber")) renumber = true;
        else if (!strcmp(a, "--rechain")) rechain = true;
        else die("unknown option '%s'", a);
    }
    char *text = NULL;
    jh_err_t err;
    if (jh_read_file(in, &text, NULL, &err) != JH_OK) die("%s", err.msg);
    cJSON *root = cJSON_Parse(text);
    if (!root) die("%s: not JSON", in);
    cJSON *man = item(root, "manifest"), *resp = item(root, "responses");
    int n = cJSON_GetArraySize(resp);

    if (answer >= 0) {
        cJSON *ans = item(cJSON_GetArrayItem(resp, answer), "answers");
        bool done = false;
        for (cJSON *a = ans->child; a && !done; a = a->next) {
            const char *v = a->valuestring;
            if (!strcmp(v, "satisfied") || !strcmp(v, "fairly") || !strcmp(v, "basic") ||
                !strcmp(v, "dissatisfied")) {
                cJSON_SetValuestring(a, strcmp(v, "satisfied") ? "satisfied" : "dissatisfied");
                done = true;
            }
        }
        if (!done) die("%s", "no satisfaction answer to edit");
    }
    if (drop >= 0) {
        cJSON_DeleteItemFromArray(resp, drop);
        n--;
        if (renumber)
            for (int i = drop; i < n; i++) {
                cJSON *r = cJSON_GetArrayItem(resp, i);
                set_num(r, "seq", item(r, "seq")->valuedouble - 1);
            }
    }
    if (swap >= 0 && swap + 1 < n) {
        cJSON **all = jh_xcalloc((size_t)n, sizeof *all);
        for (int i = 0; i < n; i++) all[i] = cJSON_DetachItemFromArray(resp, 0);
        cJSON *t = all[swap];
        all[swap] = all[swap + 1];
        all[swap + 1] = t;
        for (int i = 0; i < n; i++) cJSON_AddItemToArray(resp, all[i]);
        free(all);
    }
    if (keep_even || append) {
        /* a part of the bundle, or two combined: seqs from the first on */
        double seq = n > 0 ? item(cJSON_GetArrayItem(resp, 0), "seq")->valuedouble : 1;
        if (keep_even)
            for (int i = n - 1; i >= 0; i--)
                if (i % 2) cJSON_DeleteItemFromArray(resp, i);
        if (append) {
            char *t2 = NULL;
            if (jh_read_file(append, &t2, NULL, &err) != JH_OK) die("%s", err.msg);
            cJSON *r2 = cJSON_Parse(t2);
            if (!r2) die("%s: not JSON", append);
            cJSON *more = item(r2, "responses");
            while (cJSON_GetArraySize(more) > 0) cJSON_AddItemToArray(resp, cJSON_DetachItemFromArray(more, 0));
            cJSON_Delete(r2);
            free(t2);
        }
        n = cJSON_GetArraySize(resp);
        for (int i = 0; i < n; i++) set_num(cJSON_GetArrayItem(resp, i), "seq", seq + i);
    }
    if (kiosk) {
        rs_set_str(man, "kiosk_id", kiosk);
        for (int i = 0; i < n; i++) rs_set_str(cJSON_GetArrayItem(resp, i), "kiosk", kiosk);
    }
    if (school) rs_set_str(item(man, "school"), "code", school);
    for (int i = 0; i < n_set; i++) cJSON_SetValuestring(at_path(root, set_path[i]), set_value[i]);

    unsigned char sk[64];
    if (resign) {
        unsigned char pk[32];
        if (!strcmp(resign, "new")) {
            crypto_sign_keypair(pk, sk);
            char *kp = jh_sprintf("%s.key", out);
            if (jh_write_file_atomic(kp, sk, 64, &err) != JH_OK) die("%s", err.msg);
            free(kp);
        } else {
            char *k = NULL;
            size_t klen = 0;
            if (jh_read_file(resign, &k, &klen, &err) != JH_OK || klen != 64) die("bad key file %s", resign);
            memcpy(sk, k, 64);
            free(k);
        }
    }
    char *built = rs_build(root, rechain, resign ? sk : NULL);
    if (!built) die("%s: not shaped like a bundle", in);
    jh_buf_t file = {0};
    jh_buf_puts(&file, built);
    free(built);
    if (jh_write_file_atomic(out, file.data, file.len, &err) != JH_OK) die("%s", err.msg);
    jh_buf_free(&file);
    cJSON_Delete(root);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (!jh_crypto_init()) die("%s", "libsodium");
    if (argc >= 2 && !strcmp(argv[1], "make")) return cmd_make(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "edit")) return cmd_edit(argc, argv);
    if (argc == 3 && !strcmp(argv[1], "verify")) {
        bundle_t *b = NULL;
        jh_err_t err;
        if (bundle_read(argv[2], &b, &err) != JH_OK) {
            printf("%s\n", err.msg);
            return 1;
        }
        printf("ok\n");
        bundle_free(b);
        return 0;
    }
    die("%s", "usage: make ... | edit IN OUT [options] | verify FILE");
    return 2;
}
