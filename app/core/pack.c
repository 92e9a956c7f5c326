/* pack.c - the county pack: writing (bureau) and reading and verifying
 * (kiosk).  See pack.h. */
#include "pack.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "i18n.h"
#include "store.h"
#include "survey.h"

/* ---- state ----------------------------------------------------------------- */

/* Tests only (pack_test_cut_after): the step of an install after which the
 * process ends at once, as a power cut would end it; 0 = never. */
static int cut_after;

#define CUT(step)                                                                                  \
    do {                                                                                           \
        if (cut_after == (step)) _exit(0);                                                          \
    } while (0)

/* ---- static functions ------------------------------------------------------ */

static bool one_of(const char *v, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(v, list[i])) return true;
    return false;
}

static bool code_valid(const char *v)
{
    size_t n = strlen(v);
    if (n < 1 || n > 32) return false;
    for (const char *p = v; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

/* The kiosk's own rule for a school name (store.c check_name: no control or
 * direction character, which its bundle reader would refuse in its own
 * exports), and the size of pack_school_t.name. */
static bool name_valid(const char *v)
{
    return strlen(v) < sizeof ((pack_school_t *)0)->name && store_setting_valid("school_name", v, NULL);
}

/* Says that school i's name holds a control or direction character, or
 * returns false when it holds none. */
static bool name_control(jh_err_t *err, const char *path, int i, const char *code, const char *name)
{
    uint32_t cp;
    const char *bad = jh_first_control(name, &cp);
    if (!bad) return false;
    jh_buf_t shown = {0}, shown_code = {0};
    jh_buf_puts(&shown, "");
    jh_buf_put_escaped(&shown, name);
    jh_buf_puts(&shown_code, "");
    jh_buf_put_escaped(&shown_code, code ? code : "");
    if (path)
        jh_err_set(err, JH_ERR_INVALID,
                   _("%s: school %d (%s): the name '%s' holds an invisible control or direction character (U+%04X, "
                     "character %zu; 不可见的控制字符或文字方向字符): the kiosk's exports would be refused for it. "
                     "Ask the bureau for a pack made from a corrected register"),
                   path, i + 1, shown_code.data, shown.data, (unsigned)cp, jh_char_number(name, bad));
    else
        jh_err_set(err, JH_ERR_INVALID,
                   _("school %d (%s): the name '%s' holds an invisible control or direction character (U+%04X, "
                     "character %zu; 不可见的控制字符或文字方向字符): every kiosk would refuse the pack; no pack "
                     "written"),
                   i + 1, shown_code.data, shown.data, (unsigned)cp, jh_char_number(name, bad));
    jh_buf_free(&shown);
    jh_buf_free(&shown_code);
    return true;
}

static bool county_valid(const char *v)
{
    if (strlen(v) != 6) return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') return false;
    return true;
}

static int cmp_school(const void *a, const void *b)
{
    return strcmp(((const pack_school_t *)a)->code, ((const pack_school_t *)b)->code);
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* ---- public functions ------------------------------------------------------ */

bool pack_level_valid(const char *level)
{
    static const char *const l[] = {"primary", "junior", "nine_year", "complete_middle", "twelve_year", NULL};
    return level && one_of(level, l);
}

bool pack_locality_valid(const char *locality)
{
    static const char *const l[] = {"urban", "town", "rural", NULL};
    return locality && one_of(locality, l);
}

void pack_free(pack_t *p)
{
    if (!p) return;
    for (int i = 0; i < p->n_surveys; i++) {
        free(p->surveys[i]);
        free(p->survey_ids[i]);
    }
    free(p->surveys);
    free(p->survey_ids);
    free(p->schools);
    free(p->text);
    free(p);
}

/* Verifies the pack text (len bytes, NUL-terminated; taken: kept in the
 * pack as the bytes verified, or freed).  path names it in messages. */
static jh_status_t pack_parse(const char *path, char *text, size_t len, pack_t **out, int *newer, bool installed,
                              jh_err_t *err)
{
    *out = NULL;
    *newer = 0;
    jh_status_t s = JH_OK;
    cJSON *root = cJSON_ParseWithLength(text, len);
    pack_t *p = jh_xcalloc(1, sizeof *p);
    jh_buf_t canon = {0};
    if (!cJSON_IsObject(root)) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: not a county pack (not a JSON object)"), path);
        goto fail;
    }
    const char *format = str_of(root, "format"), *sig = str_of(root, "signature");
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(root, "body");
    if (!format || strcmp(format, PACK_FORMAT_NAME) != 0 || !cJSON_IsObject(body) || !sig) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: not a county pack (expected \"format\": \"%s\", \"body\", "
                                              "\"signature\")"),
                       path, PACK_FORMAT_NAME);
        goto fail;
    }
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(body, "format_version");
    /* A newer bureau tool's pack (review rmigrate, item 6): not damaged;
     * the kiosk program must be updated.  Before the signature: a newer
     * format may sign other bytes. */
    if (cJSON_IsNumber(ver) && isfinite(ver->valuedouble) && ver->valuedouble == floor(ver->valuedouble) &&
        ver->valuedouble > PACK_FORMAT_VERSION) {
        *newer = ver->valuedouble < 1e9 ? (int)ver->valuedouble : 1000000000;
        s = jh_err_set(err, JH_ERR_INVALID,
                       "%s: 名册包是更新版本的教育局程序做的（格式版本 %.0f，本程序只认识第 %d 版）：请把答题机程序 "
                       "junheng-kiosk 升级到新版 / the county pack has format version %.0f, newer than this program "
                       "reads (%d): it was made by a newer junheng; update junheng-kiosk",
                       path, ver->valuedouble, PACK_FORMAT_VERSION, ver->valuedouble, PACK_FORMAT_VERSION);
        goto fail;
    }
    if (!cJSON_IsNumber(ver) || ver->valuedouble != PACK_FORMAT_VERSION) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: county pack format version not supported (this program reads %d)"),
                       path, PACK_FORMAT_VERSION);
        goto fail;
    }
    const char *key = str_of(body, "bureau_key");
    unsigned char sigb[64];
    if (!key || strlen(key) != 64 || !jh_unhex(key, p->bureau_pk, 32) || strlen(sig) != 128 ||
        !jh_unhex(sig, sigb, 64)) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: bureau_key (64 hex digits) or signature (128) missing or malformed"),
                       path);
        goto fail;
    }
    if (!bundle_canonical_json(&canon, body)) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: the pack holds a number that is not a whole number"), path);
        goto fail;
    }
    if (crypto_sign_verify_detached(sigb, (const unsigned char *)canon.data, canon.len, p->bureau_pk) != 0) {
        s = jh_err_set(err, JH_ERR_FORGED, _("%s: the signature does not verify: the pack was changed after the "
                                             "bureau signed it"),
                       path);
        goto fail;
    }
    snprintf(p->bureau_key_hex, sizeof p->bureau_key_hex, "%s", key);
    store_fingerprint_of(p->bureau_pk, p->fingerprint);
    const char *county = str_of(body, "county_code");
    if (!county || !county_valid(county)) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: county_code: expected 6 digits"), path);
        goto fail;
    }
    snprintf(p->county_code, sizeof p->county_code, "%s", county);
    const cJSON *created = cJSON_GetObjectItemCaseSensitive(body, "created_ms");
    p->created_ms = cJSON_IsNumber(created) ? (int64_t)created->valuedouble : 0;
    const cJSON *schools = cJSON_GetObjectItemCaseSensitive(body, "schools");
    const cJSON *surveys = cJSON_GetObjectItemCaseSensitive(body, "surveys");
    if (!cJSON_IsArray(schools) || !cJSON_IsArray(surveys)) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: schools and surveys must be arrays"), path);
        goto fail;
    }
    int n = cJSON_GetArraySize(schools);
    p->schools = jh_xcalloc((size_t)n + 1, sizeof *p->schools);
    int i = 0;
    for (const cJSON *it = schools->child; it; it = it->next, i++) {
        const char *code = str_of(it, "code"), *name = str_of(it, "name"), *level = str_of(it, "level"),
                   *loc = str_of(it, "locality");
        char *clean = NULL;
        if (installed && name && jh_has_controls(name))
            name = clean = jh_without_controls(name); /* installed by an older version: see pack_read_installed */
        if (code && code_valid(code) && name && name_control(err, path, i, code, name)) {
            s = JH_ERR_INVALID;
            goto fail;
        }
        if (!code || !code_valid(code) || !name || !name_valid(name) || !pack_level_valid(level) ||
            !pack_locality_valid(loc)) {
            free(clean);
            s = jh_err_set(err, JH_ERR_INVALID,
                           _("%s: school %d: expected code (letters, digits), name, level (primary, junior, "
                             "nine_year, complete_middle, twelve_year) and locality (urban, town, rural)"),
                           path, i + 1);
            goto fail;
        }
        pack_school_t *ps = &p->schools[p->n_schools++];
        snprintf(ps->code, sizeof ps->code, "%s", code);
        snprintf(ps->name, sizeof ps->name, "%s", name);
        free(clean);
        snprintf(ps->level, sizeof ps->level, "%s", level);
        snprintf(ps->locality, sizeof ps->locality, "%s", loc);
        const cJSON *tg = cJSON_GetObjectItemCaseSensitive(it, "sample_target");
        if (tg) {
            if (!cJSON_IsNumber(tg) || tg->valuedouble < 1 || tg->valuedouble > 100000 ||
                tg->valuedouble != (double)(int)tg->valuedouble) {
                s = jh_err_set(err, JH_ERR_INVALID, _("%s: school %d: sample_target: expected a whole number from 1 "
                                                      "to 100000"), path, i + 1);
                goto fail;
            }
            ps->sample_target = (int)tg->valuedouble;
        }
    }
    const cJSON *lp = cJSON_GetObjectItemCaseSensitive(body, "locality_permille");
    if (lp) {
        static const char *const locs[] = {"urban", "town", "rural"};
        int sum = 0;
        for (int l = 0; l < 3; l++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(lp, locs[l]);
            if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1000 ||
                v->valuedouble != (double)(int)v->valuedouble) {
                s = jh_err_set(err, JH_ERR_INVALID, _("%s: locality_permille.%s: expected a whole number of per mille "
                                                      "from 0 to 1000"), path, locs[l]);
                goto fail;
            }
            p->locality_permille[l] = (int)v->valuedouble;
            sum += p->locality_permille[l];
        }
        if (sum < 990 || sum > 1010) {
            s = jh_err_set(err, JH_ERR_INVALID, _("%s: locality_permille: the three shares add up to %d ‰, expected "
                                                  "1000"), path, sum);
            goto fail;
        }
    }
    qsort(p->schools, (size_t)p->n_schools, sizeof *p->schools, cmp_school);
    n = cJSON_GetArraySize(surveys);
    p->surveys = jh_xcalloc((size_t)n + 1, sizeof *p->surveys);
    p->survey_ids = jh_xcalloc((size_t)n + 1, sizeof *p->survey_ids);
    i = 0;
    for (const cJSON *it = surveys->child; it; it = it->next, i++) {
        if (!cJSON_IsString(it) || !it->valuestring) {
            s = jh_err_set(err, JH_ERR_INVALID, _("%s: questionnaire %d: expected the definition as a string"), path,
                           i + 1);
            goto fail;
        }
        survey_t *sv = NULL;
        jh_err_t e;
        char name[32];
        snprintf(name, sizeof name, _("questionnaire %d"), i + 1);
        if (survey_load_text(name, it->valuestring, strlen(it->valuestring), NULL, &sv, NULL, &e) != JH_OK) {
            s = jh_err_set(err, JH_ERR_INVALID, "%s: %s", path, e.msg);
            goto fail;
        }
        p->survey_ids[p->n_surveys] = jh_strdup(sv->id);
        p->surveys[p->n_surveys++] = jh_strdup(it->valuestring);
        survey_free(sv);
    }
    cJSON_Delete(root);
    jh_buf_free(&canon);
    p->text = text;
    p->text_len = len;
    *out = p;
    return JH_OK;
fail:
    cJSON_Delete(root);
    free(text);
    jh_buf_free(&canon);
    pack_free(p);
    return s;
}

/* ---- public functions, continued ------------------------------------------- */

jh_status_t pack_read(const char *path, pack_t **out, jh_err_t *err)
{
    int newer;
    return pack_read_info(path, out, &newer, err);
}

jh_status_t pack_read_installed(const char *path, pack_t **out, jh_err_t *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    jh_status_t s = jh_read_file_max_nofollow(path, PACK_MAX_BYTES, &text, &len, err);
    if (s != JH_OK) return s;
    int newer;
    return pack_parse(path, text, len, out, &newer, true, err);
}

jh_status_t pack_read_info(const char *path, pack_t **out, int *newer_format, jh_err_t *err)
{
    *out = NULL;
    *newer_format = 0;
    char *text = NULL;
    size_t len = 0;
    /* The file is on a stick someone else made: a symlink (to /dev/zero, to
     * a file of the kiosk), a FIFO (would block the admin screen for ever),
     * a device or a huge file is refused before anything is read (review
     * 14). */
    jh_status_t s = jh_read_file_max_nofollow(path, PACK_MAX_BYTES, &text, &len, err);
    if (s != JH_OK) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        jh_err_set(err, s, _("%s (the county pack junheng-county-pack.json must be a plain file of at most %d MB)"),
                   msg, PACK_MAX_BYTES >> 20);
        return s;
    }
    return pack_parse(path, text, len, out, newer_format, false, err);
}

jh_status_t pack_write(const char *path, const unsigned char sk[64], const char *county_code,
                       const pack_school_t *schools, int n_schools, const int *locality_permille,
                       char *const *survey_texts, int n_surveys, int64_t now_ms, jh_err_t *err)
{
    if (!county_valid(county_code))
        return jh_err_set(err, JH_ERR_INVALID, _("county code '%s': expected 6 digits"), county_code);
    /* every kiosk refuses a pack with a code it cannot hold: never sign one */
    for (int i = 0; i < n_schools; i++)
        if (!code_valid(schools[i].code)) {
            jh_buf_t shown = {0};
            jh_buf_puts(&shown, "");
            jh_buf_put_escaped(&shown, schools[i].code);
            jh_err_set(err, JH_ERR_INVALID,
                       _("school %d: code '%s' is not one a kiosk can hold (1 to 32 letters, digits, '_' or '-'): "
                         "no pack written"),
                       i + 1, shown.data);
            jh_buf_free(&shown);
            return JH_ERR_INVALID;
        }
    for (int i = 0; i < n_schools; i++) {
        if (name_control(err, NULL, i, schools[i].code, schools[i].name)) return JH_ERR_INVALID;
        if (!name_valid(schools[i].name))
            return jh_err_set(err, JH_ERR_INVALID,
                              _("school %d (%s): the name is empty or longer than 100 characters, which a kiosk "
                                "cannot hold: no pack written"),
                              i + 1, schools[i].code);
    }
    for (int i = 0; i < n_surveys; i++) {
        survey_t *sv = NULL;
        jh_err_t e;
        if (survey_load_text(_("questionnaire"), survey_texts[i], strlen(survey_texts[i]), NULL, &sv, NULL, &e) !=
            JH_OK)
            return jh_err_set(err, JH_ERR_INVALID, "%s", e.msg);
        survey_free(sv);
    }
    unsigned char pk[32];
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    char pkhex[65];
    jh_hex(pk, 32, pkhex);
    cJSON *root = cJSON_CreateObject(), *body = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "format", PACK_FORMAT_NAME);
    cJSON_AddNumberToObject(body, "format_version", PACK_FORMAT_VERSION);
    cJSON_AddStringToObject(body, "county_code", county_code);
    cJSON_AddNumberToObject(body, "created_ms", (double)now_ms);
    cJSON_AddStringToObject(body, "bureau_key", pkhex);
    cJSON *sa = cJSON_AddArrayToObject(body, "schools");
    for (int i = 0; i < n_schools; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", schools[i].code);
        cJSON_AddStringToObject(o, "name", schools[i].name);
        cJSON_AddStringToObject(o, "level", schools[i].level);
        cJSON_AddStringToObject(o, "locality", schools[i].locality);
        if (schools[i].sample_target > 0) cJSON_AddNumberToObject(o, "sample_target", schools[i].sample_target);
        cJSON_AddItemToArray(sa, o);
    }
    if (locality_permille) {
        cJSON *lp = cJSON_AddObjectToObject(body, "locality_permille");
        cJSON_AddNumberToObject(lp, "urban", locality_permille[0]);
        cJSON_AddNumberToObject(lp, "town", locality_permille[1]);
        cJSON_AddNumberToObject(lp, "rural", locality_permille[2]);
    }
    cJSON *va = cJSON_AddArrayToObject(body, "surveys");
    for (int i = 0; i < n_surveys; i++) cJSON_AddItemToArray(va, cJSON_CreateString(survey_texts[i]));
    jh_buf_t canon = {0};
    JH_EXPECT(bundle_canonical_json(&canon, body));
    unsigned char sig[64];
    crypto_sign_detached(sig, NULL, (const unsigned char *)canon.data, canon.len, sk);
    jh_buf_free(&canon);
    char sighex[129];
    jh_hex(sig, 64, sighex);
    cJSON_AddItemToObject(root, "body", body);
    cJSON_AddStringToObject(root, "signature", sighex);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    jh_status_t s = jh_write_file_atomic(path, text, strlen(text), err);
    free(text);
    return s;
}

jh_status_t pack_key_load_or_create(const char *path, unsigned char sk[64], unsigned char pk[32], bool *created,
                                    jh_err_t *err)
{
    *created = false;
    struct stat ksb;
    if (stat(path, &ksb) == 0 && S_ISDIR(ksb.st_mode))
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s: is a folder, not the bureau key file (give the key file itself, e.g. "
                            "%s/bureau.key, the 64-byte key junheng kiosk-pack wrote)"),
                          path, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        unsigned char buf[65];
        ssize_t got = read(fd, buf, sizeof buf);
        close(fd);
        unsigned char sk2[64];
        if (got == 64) {
            crypto_sign_seed_keypair(pk, sk2, buf);
            if (sodium_memcmp(sk2, buf, 64) == 0) {
                memcpy(sk, sk2, 64);
                sodium_memzero(sk2, sizeof sk2);
                sodium_memzero(buf, sizeof buf);
                return JH_OK;
            }
        }
        sodium_memzero(buf, sizeof buf);
        return jh_err_set(err, JH_ERR_CORRUPT, _("%s: not a bureau key file (expected the 64-byte key written by "
                                                 "junheng kiosk-pack)"),
                          path);
    }
    if (errno != ENOENT)
        return jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot open the bureau key: %s"), path,
                          strerror(errno));
    crypto_sign_keypair(pk, sk);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot create the bureau key: %s"), path,
                          strerror(errno));
    bool ok = write(fd, sk, 64) == 64 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path);
        return jh_err_set(err, JH_ERR_IO, _("%s: cannot write the bureau key"), path);
    }
    *created = true;
    return JH_OK;
}

/* Whether the comma-separated list holds id. */
static bool list_has(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *q = list; *q;) {
        size_t k = strcspn(q, ",");
        if (k == n && !strncmp(q, id, n)) return true;
        q += k;
        if (*q) q++;
    }
    return false;
}

void pack_beijing_time(int64_t ms, char out[24])
{
    /* China has one time zone, UTC+8, without summer time. */
    time_t t = (time_t)(ms / 1000) + 8 * 3600;
    struct tm tm;
    if (ms <= 0 || !gmtime_r(&t, &tm)) {
        snprintf(out, 24, "?");
        return;
    }
    strftime(out, 24, "%Y-%m-%d %H:%M", &tm);
}

void pack_beijing_times(int64_t a_ms, int64_t b_ms, char a[24], char b[24])
{
    pack_beijing_time(a_ms, a);
    pack_beijing_time(b_ms, b);
    if (strcmp(a, b) || a_ms / 1000 == b_ms / 1000 || a_ms <= 0) return;
    /* The same minute, different times: "older than the one installed"
     * must not read as two equal times (rlook's review, item 5). */
    time_t ta = (time_t)(a_ms / 1000) + 8 * 3600, tb = (time_t)(b_ms / 1000) + 8 * 3600;
    struct tm tm;
    if (gmtime_r(&ta, &tm)) strftime(a, 24, "%Y-%m-%d %H:%M:%S", &tm);
    if (gmtime_r(&tb, &tm)) strftime(b, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

int64_t pack_installed_created_ms(struct store *st, const char *key_hex)
{
    char *path = jh_sprintf("%s.pack.json", store_path(st));
    pack_t *p = NULL;
    jh_err_t err;
    int64_t ms = access(path, F_OK) == 0 && pack_read_installed(path, &p, &err) == JH_OK &&
                         (!key_hex || !strcmp(p->bureau_key_hex, key_hex))
                     ? p->created_ms
                     : 0;
    /* A pack dated more than a day after this kiosk's clock (the bureau's
     * computer had a wrong date, and a kiosk before review r-pack2 took
     * it) is no measure of age: compared with it, every later pack of the
     * bureau would be older for good (review r-pack2, item 1). */
    ms = pack_created_believable_ms(ms, jh_now_ms());
    pack_free(p);
    free(path);
    return ms;
}

int64_t pack_created_believable_ms(int64_t created_ms, int64_t now_ms)
{
    return created_ms > now_ms + PACK_FUTURE_SLACK_MS ? 0 : created_ms;
}

static bool is_json_name(const char *name);

bool pack_dir_has_surveys(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool has = false;
    while (d && !has && (e = readdir(d))) {
        if (!is_json_name(e->d_name)) continue;
        char *path = jh_sprintf("%s/%s", dir, e->d_name);
        struct stat sb;
        has = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
        free(path);
    }
    if (d) closedir(d);
    return has;
}

/* Whether name (d_name) is ID.json of one of the pack's questionnaires. */
static bool in_pack(const pack_t *p, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < p->n_surveys; i++)
        if (strlen(p->survey_ids[i]) == n - 5 && !strncmp(name, p->survey_ids[i], n - 5)) return true;
    return false;
}

static bool is_json_name(const char *name)
{
    size_t n = strlen(name);
    return n >= 6 && name[0] != '.' && !strcmp(name + n - 5, ".json");
}

/* The paths of an install beside DB and DIR. */
typedef struct {
    char *stage;    /* DIR.new: the new questionnaires, staged */
    char *old;      /* DIR.old: the old ones, moved aside (DIR.new becomes DIR) */
    char *old_tmp;  /* DIR.old.tmp: a first install's DIR.old, made with its marker before it is renamed */
    char *copy;     /* DB.pack.json: the register copy */
    char *copy_new; /* DB.pack.json.new: the new one, staged */
    char *copy_old; /* DB.pack.json.old: the old one (a hard link) until the install is done */
    char *journal;  /* DB.pack.pending */
    char *dbdir;    /* the folder of DB */
    char *first;    /* DIR.old/.no-pack-before: DIR did not exist before this install */
    char *copy_none; /* DB.pack.json.none: DB.pack.json did not exist before this install */
} inst_paths_t;

static void paths_init(inst_paths_t *ip, const char *db, const char *dir)
{
    ip->stage = jh_sprintf("%s.new", dir);
    ip->old = jh_sprintf("%s.old", dir);
    ip->old_tmp = jh_sprintf("%s.old.tmp", dir);
    ip->copy = jh_sprintf("%s.pack.json", db);
    ip->copy_new = jh_sprintf("%s.pack.json.new", db);
    ip->copy_old = jh_sprintf("%s.pack.json.old", db);
    ip->journal = jh_sprintf("%s.pack.pending", db);
    ip->first = jh_sprintf("%s.old/.no-pack-before", dir);
    ip->copy_none = jh_sprintf("%s.pack.json.none", db);
    ip->dbdir = jh_strdup(db);
    char *slash = strrchr(ip->dbdir, '/');
    if (!slash) snprintf(ip->dbdir, strlen(ip->dbdir) + 1, ".");
    else if (slash == ip->dbdir) slash[1] = '\0';
    else *slash = '\0';
}

static void paths_free(inst_paths_t *ip)
{
    free(ip->stage);
    free(ip->old);
    free(ip->old_tmp);
    free(ip->copy);
    free(ip->copy_new);
    free(ip->copy_old);
    free(ip->journal);
    free(ip->dbdir);
    free(ip->first);
    free(ip->copy_none);
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* Whether the file at path holds exactly text[0..len). */
static bool same_bytes(const char *path, const char *text, size_t len)
{
    char *got = NULL;
    size_t n = 0;
    jh_err_t e;
    bool same = exists(path) && jh_read_file_max_nofollow(path, len + 1, &got, &n, &e) == JH_OK && n == len &&
                !memcmp(got, text, len);
    free(got);
    return same;
}

/* How deep the folders under voice/ may go (voice_keep). */
#define VOICE_DEPTH 32

/* Whether b (a folder in a, or a itself) is on the same mount as a: the
 * same file system (st_dev) and, where the kernel tells (statx
 * STATX_MNT_ID), the same mount, so a bind mount of a folder of the same
 * file system counts as another.  false when either cannot be read. */
static bool same_mount(const char *a, const char *b)
{
    struct stat sa, sb;
    if (lstat(a, &sa) != 0 || lstat(b, &sb) != 0 || sa.st_dev != sb.st_dev) return false;
#if defined(STATX_MNT_ID)
    struct statx xa, xb;
    if (statx(AT_FDCWD, a, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &xa) == 0 &&
        statx(AT_FDCWD, b, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &xb) == 0 && (xa.stx_mask & STATX_MNT_ID) &&
        (xb.stx_mask & STATX_MNT_ID) && xa.stx_mnt_id != xb.stx_mnt_id)
        return false;
#endif
    return true;
}

/* Removes a folder of the install (DIR.new, DIR.old: the kiosk's own)
 * and what is in it, folders too (a few levels; symlinks are removed, not
 * followed).  A folder mounted in it (another file system, a bind mount:
 * the county's recordings on their own disk) is left whole, never emptied
 * (d then stays).  Whether it is gone. */
static bool remove_dir_depth(const char *d, int depth)
{
    DIR *dd = opendir(d);
    struct dirent *e;
    while (dd && (e = readdir(dd))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *path = jh_sprintf("%s/%s", d, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (depth > 0 && same_mount(d, path)) remove_dir_depth(path, depth - 1);
        } else {
            unlink(path);
        }
        free(path);
    }
    if (dd) closedir(dd);
    rmdir(d);
    struct stat sb;
    return lstat(d, &sb) != 0 && errno == ENOENT;
}

static bool remove_dir(const char *d)
{
    return remove_dir_depth(d, VOICE_DEPTH + 8);
}

/* The error for a recordings' folder mounted from elsewhere: the install
 * cannot move it (rename: EBUSY, EXDEV), and keeping it by copies would
 * empty the mount when DIR.old goes (review of session 17). */
static jh_status_t voice_mount_err(const char *path, jh_err_t *err)
{
    return jh_err_set(err, JH_ERR_INVALID,
                      _("%s: the recordings' folder is a mount point (another disk or file system): the install "
                        "cannot move it and will not copy and delete it. Mount it elsewhere (e.g. "
                        "/srv/junheng-voice), make this folder a symlink to it (ln -s /srv/junheng-voice %s), then "
                        "install again"),
                      path, path);
}

/* Makes d hold exactly the pack's questionnaires, each the bytes of the
 * signed pack (a file missing or changed is written again from it:
 * review r-pack2, item 2); other *.json files there are removed. */
static jh_status_t dir_exact(const pack_t *p, const char *d, jh_err_t *err)
{
    jh_status_t s = jh_mkdir_p(d, err);
    DIR *dd = s == JH_OK ? opendir(d) : NULL;
    struct dirent *e;
    while (dd && (e = readdir(dd))) {
        if (!is_json_name(e->d_name) || in_pack(p, e->d_name)) continue;
        char *path = jh_sprintf("%s/%s", d, e->d_name);
        unlink(path);
        free(path);
    }
    if (dd) closedir(dd);
    for (int i = 0; s == JH_OK && i < p->n_surveys; i++) {
        char *path = jh_sprintf("%s/%s.json", d, p->survey_ids[i]);
        if (!same_bytes(path, p->surveys[i], strlen(p->surveys[i])))
            s = jh_write_file_atomic(path, p->surveys[i], strlen(p->surveys[i]), err);
        free(path);
    }
    if (s == JH_OK) s = jh_fsync_path(d, err);
    return s;
}

/* Copies the regular file a to b durably (a temporary file, flushed,
 * renamed into place): where a hard link is refused (EPERM: a file of
 * another user, fs.protected_hardlinks; EXDEV: another file system). */
static bool emit_copy(void *ctx, int fd)
{
    int in = *(int *)ctx;
    char buf[65536];
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (!jh_write_all(fd, buf, (size_t)n)) return false;
    }
}

static jh_status_t voice_copy(const char *a, const char *b, jh_err_t *err)
{
    int in = open(a, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot read: %s"), a, strerror(errno));
    jh_status_t s = jh_write_file_durable_with(b, emit_copy, &in, err);
    close(in);
    return s;
}

/* Keeps everything under from (DIR.old/voice: the county's recordings,
 * docs/kiosk.md "Recording your own voice") in the same place under to
 * (DIR/voice), whatever its depth: folders made, files hard-linked (copied
 * where a link is refused), symlinks made again pointing where they
 * pointed (not followed), what is there already left (so a start after a
 * cut does it again).  Anything it cannot keep (a folder deeper than
 * VOICE_DEPTH, a device or a pipe) is an error: the install is then
 * undone rather than a recording lost (review r2docs, items 1-2). */
static jh_status_t voice_keep(const char *from, const char *to, int depth, jh_err_t *err)
{
    if (depth > VOICE_DEPTH)
        return jh_err_set(err, JH_ERR_INVALID, _("%s: folders nested too deep to keep (more than %d)"), from,
                          VOICE_DEPTH);
    /* (DIR.old goes once the install is done: a folder whose files the
     * kiosk cannot remove, e.g. a voice/ copied in by root and not given
     * to junheng, would stay and refuse every later install) */
    if (access(from, W_OK | X_OK) != 0)
        return jh_err_set(err, jh_status_from_errno(errno),
                          _("%s: the recordings' folder is not the kiosk's (%s): give it to the user junheng "
                            "(sudo chown -R junheng:junheng %s), then install again"),
                          to, strerror(errno), to);
    jh_status_t s = jh_mkdir_p(to, err);
    DIR *dd = s == JH_OK ? opendir(from) : NULL;
    if (s == JH_OK && !dd)
        s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot read: %s"), from, strerror(errno));
    struct dirent *e;
    while (s == JH_OK && dd && (errno = 0, e = readdir(dd))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *a = jh_sprintf("%s/%s", from, e->d_name), *b = jh_sprintf("%s/%s", to, e->d_name);
        struct stat sb;
        if (lstat(a, &sb) != 0) {
            s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot read: %s"), a, strerror(errno));
        } else if (S_ISDIR(sb.st_mode)) {
            /* (a folder mounted here would be copied, then emptied with DIR.old) */
            s = same_mount(from, a) ? voice_keep(a, b, depth + 1, err) : voice_mount_err(b, err);
        } else if (exists(b)) {
            /* (kept by an earlier start) */
        } else if (S_ISREG(sb.st_mode)) {
            if (link(a, b) != 0) s = voice_copy(a, b, err);
        } else if (S_ISLNK(sb.st_mode)) {
            char target[4096];
            ssize_t n = readlink(a, target, sizeof target - 1);
            if (n < 0 || (size_t)n >= sizeof target - 1) {
                s = jh_err_set(err, jh_status_from_errno(n < 0 ? errno : ENAMETOOLONG), _("%s: cannot read: %s"), a,
                               strerror(n < 0 ? errno : ENAMETOOLONG));
            } else {
                target[n] = '\0';
                if (symlink(target, b) != 0)
                    s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot link into place: %s"), b,
                                   strerror(errno));
            }
        } else {
            s = jh_err_set(err, JH_ERR_INVALID, _("%s: a %s, not a recording: move it out of the voice folder"), a,
                           jh_file_kind(sb.st_mode));
        }
        free(a);
        free(b);
    }
    if (s == JH_OK && dd && errno != 0)
        s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot read: %s"), from, strerror(errno));
    if (dd) closedir(dd);
    if (s == JH_OK) s = jh_fsync_path(to, err);
    return s;
}

static jh_status_t rename_err(const char *to, jh_err_t *err)
{
    return jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot rename into place: %s"), to, strerror(errno));
}

/* Whether the settings keys[i] are values[i]. */
static bool settings_equal(store_t *st, const char *const *keys, const char *const *values, int n)
{
    bool eq = true;
    for (int i = 0; eq && i < n; i++) {
        char *v = store_setting_get(st, keys[i]);
        eq = v && !strcmp(v, values[i]);
        free(v);
    }
    return eq;
}

/* Flushes the folder that holds path (its entry). */
static jh_status_t fsync_parent(const char *path, jh_err_t *err)
{
    char *d = jh_strdup(path);
    char *slash = strrchr(d, '/');
    if (!slash) snprintf(d, strlen(d) + 1, ".");
    else if (slash == d) slash[1] = '\0';
    else *slash = '\0';
    jh_status_t s = jh_fsync_path(d, err);
    free(d);
    return s;
}

/* A first install's DIR.old (no questionnaire folder DIR before): made as
 * DIR.old.tmp with its marker .no-pack-before inside, flushed, then
 * renamed into place.  A DIR.old without the marker (a power cut between
 * the folder and its marker) was taken for the old pack: undoing the
 * install then made it an empty DIR, which the kiosk preferred to its
 * bundled questionnaires.  A DIR.old.tmp a cut left is made again here
 * (or swept at start: install_sweep). */
static jh_status_t first_old_make(const inst_paths_t *ip, jh_err_t *err)
{
    char *marker = jh_sprintf("%s/.no-pack-before", ip->old_tmp);
    jh_status_t s = JH_OK;
    if (!remove_dir(ip->old_tmp)) {
        s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot remove: %s"), ip->old_tmp, strerror(errno));
        goto out;
    }
    if ((s = jh_mkdir_p(ip->old_tmp, err)) != JH_OK) goto out;
    /* (jh_write_file_atomic flushes the marker and DIR.old.tmp itself) */
    if ((s = jh_write_file_atomic(marker, "", 0, err)) != JH_OK) goto out;
    if (rename(ip->old_tmp, ip->old) != 0) s = rename_err(ip->old, err);
out:
    free(marker);
    return s;
}

/* Puts the old pack back after a failure before the settings were saved
 * (review r-pack2, item 3: a persistent failure leaves the old pack
 * whole): the old questionnaires back as DIR, the old register copy back,
 * the staging and the journal removed.  false when a step failed (the
 * journal then stays: the next start finishes or undoes the install). */
static bool install_undo(const inst_paths_t *ip, const char *dir)
{
    bool ok = true;
    if (exists(ip->first)) { /* no questionnaires were installed before */
        ok = remove_dir(dir) && remove_dir(ip->old);
    } else if (exists(ip->old)) {
        /* (the recordings moved into the new folder go back first) */
        char *voice_old = jh_sprintf("%s/voice", ip->old), *voice_new = jh_sprintf("%s/voice", dir);
        if (exists(voice_new) && !exists(voice_old) && rename(voice_new, voice_old) != 0) ok = false;
        free(voice_old);
        free(voice_new);
        if (ok && exists(dir)) {
            remove_dir(ip->stage);
            if (rename(dir, ip->stage) != 0) ok = false;
        }
        if (ok && rename(ip->old, dir) != 0) ok = false;
    }
    if (ok && exists(ip->copy_old) && rename(ip->copy_old, ip->copy) != 0) ok = false;
    /* (no register copy before: the new one goes, or the undone pack's
     * date would stay the kiosk's measure of age; review rk3, item 1) */
    if (ok && exists(ip->copy_none) && unlink(ip->copy) != 0 && errno != ENOENT) ok = false;
    jh_err_t e;
    if (!ok || jh_fsync_path(ip->dbdir, &e) != JH_OK) return false;
    unlink(ip->journal);
    remove_dir(ip->stage);
    remove_dir(ip->old_tmp);
    unlink(ip->copy_new);
    unlink(ip->copy_none);
    return jh_fsync_path(ip->dbdir, &e) == JH_OK;
}

/* The second half of an install, after its journal DB.pack.pending is on
 * disk (the install's commit point).  Every step can be done again, so the
 * next start (pack_install_resume) finishes an install a power cut
 * interrupted, from whatever step it reached:
 *   a. DIR.new made exactly the pack's questionnaires (written again from
 *      the signed pack where missing or changed), DB.pack.json.new too;
 *   b. DIR moved aside to DIR.old, DIR.new renamed to DIR (two renames of
 *      folders: the old set stays whole beside the new one);
 *   c. DB.pack.json hard-linked to DB.pack.json.old, DB.pack.json.new
 *      renamed over it;
 *   d. the settings, in one transaction: from here the install is done;
 *   e. the journal removed, then DIR.old and DB.pack.json.old.
 * A failure before d (a rename error that will not go away, a full disk)
 * undoes a..c (install_undo): the old pack stays whole, the journal goes.
 * *undone: whether it was undone; then err->msg says so. */
static jh_status_t install_finish(store_t *st, const pack_t *p, const char *ids, const char *dir, bool *undone,
                                  jh_err_t *err)
{
    *undone = false;
    inst_paths_t ip;
    paths_init(&ip, store_path(st), dir);
    /* (whether a county pack was installed before: for the message of an undo) */
    bool none_before = exists(ip.copy_none) || exists(ip.first) || (!exists(ip.old) && !exists(dir));
    const char *keys[] = {"bureau_key", "county_code", "active_surveys"};
    const char *values[] = {p->bureau_key_hex, p->county_code, ids};
    jh_status_t s = JH_OK;
    bool swapped = exists(ip.old); /* b was begun */
    if (!swapped) {
        if ((s = dir_exact(p, ip.stage, err)) != JH_OK) goto fail;
        if (!same_bytes(ip.copy, p->text, p->text_len) && !same_bytes(ip.copy_new, p->text, p->text_len) &&
            (s = jh_write_file_atomic(ip.copy_new, p->text, p->text_len, err)) != JH_OK)
            goto fail;
        if (exists(dir)) {
            if (rename(dir, ip.old) != 0) {
                s = rename_err(ip.old, err);
                goto fail;
            }
        } else if ((s = first_old_make(&ip, err)) != JH_OK) { /* (a first install) */
            goto fail;
        }
        /* (DIR.old durable before DIR.new becomes DIR: a start then sees b begun) */
        if ((s = fsync_parent(ip.old, err)) != JH_OK) goto fail;
        CUT(4);
    }
    if (!exists(dir)) {
        if (!exists(ip.stage) && (s = dir_exact(p, ip.stage, err)) != JH_OK) goto fail;
        if (rename(ip.stage, dir) != 0) {
            s = rename_err(dir, err);
            goto fail;
        }
    }
    /* DIR as the pack says (a start after a cut in b: checked again). */
    if ((s = dir_exact(p, dir, err)) != JH_OK) goto fail;
    /* The recordings in DIR/voice/ stay (from DIR.old, which goes at e; a
     * start after a cut keeps what is missing). */
    char *voice_old = jh_sprintf("%s/voice", ip.old), *voice_new = jh_sprintf("%s/voice", dir);
    /* Moved whole where it can be (one rename: any depth, a symlinked
     * voice/ or voice/<id> as it is, nothing copied); else kept piece by
     * piece (a root-owned voice/ cannot be moved: its ".." would change).
     * An undo moves it back (install_undo). */
    struct stat vs;
    bool voice_dir = lstat(voice_old, &vs) == 0 && S_ISDIR(vs.st_mode);
    if (voice_dir && !same_mount(ip.old, voice_old)) {
        /* (a mount point: neither moved nor kept by copies, as DIR.old
         * then goes with the mount's files; it stays where it was) */
        s = voice_mount_err(voice_new, err);
    } else if (exists(voice_old) && !exists(voice_new) && rename(voice_old, voice_new) == 0) {
        if ((s = fsync_parent(voice_old, err)) == JH_OK) s = jh_fsync_path(dir, err);
    } else if (exists(voice_old) && !exists(voice_new) && (errno == EXDEV || errno == EBUSY)) {
        s = voice_mount_err(voice_new, err); /* (a mount the checks above did not see) */
    } else {
        s = exists(voice_old) ? voice_keep(voice_old, voice_new, 0, err) : JH_OK;
    }
    free(voice_old);
    free(voice_new);
    if (s != JH_OK) goto fail;
    if ((s = jh_fsync_path(ip.dbdir, err)) != JH_OK) goto fail;
    CUT(5);
    if (!same_bytes(ip.copy, p->text, p->text_len)) {
        if (!same_bytes(ip.copy_new, p->text, p->text_len) &&
            (s = jh_write_file_atomic(ip.copy_new, p->text, p->text_len, err)) != JH_OK)
            goto fail;
        unlink(ip.copy_old);
        if (link(ip.copy, ip.copy_old) != 0) {
            if (errno != ENOENT) {
                s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot link into place: %s"), ip.copy_old,
                               strerror(errno));
                goto fail;
            }
            /* No register copy before: marked (durably, before the new
             * one is renamed into place) so that an undo removes it. */
            if ((s = jh_write_file_atomic(ip.copy_none, "", 0, err)) != JH_OK) goto fail;
            if ((s = jh_fsync_path(ip.dbdir, err)) != JH_OK) goto fail;
        }
        if (rename(ip.copy_new, ip.copy) != 0) {
            s = rename_err(ip.copy, err);
            goto fail;
        }
    }
    if ((s = jh_fsync_path(ip.dbdir, err)) != JH_OK) goto fail;
    store_set_known_surveys(st, (const char *const *)p->survey_ids, p->n_surveys);
    if ((s = store_settings_set(st, keys, values, 3, err)) != JH_OK) goto fail;
    CUT(6);
    /* Done.  The old pack goes only once the journal is gone. */
    if (unlink(ip.journal) != 0 && errno != ENOENT) {
        s = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot remove: %s"), ip.journal, strerror(errno));
        goto out;
    }
    if ((s = jh_fsync_path(ip.dbdir, err)) != JH_OK) goto out;
    remove_dir(ip.old);
    remove_dir(ip.stage);
    unlink(ip.copy_old);
    unlink(ip.copy_new);
    unlink(ip.copy_none);
    goto out;
fail:
    /* Undone unless the settings may have been saved already (a start
     * after a cut past d, doing the steps again): the settings are the
     * journal's and a..c are complete.  (The same pack again before d
     * looks so too: undoing it would change nothing.) */
    if (!(settings_equal(st, keys, values, 3) && exists(ip.old) && exists(dir) &&
          same_bytes(ip.copy, p->text, p->text_len)))
        *undone = install_undo(&ip, dir);
    if (*undone) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        if (none_before)
            jh_err_set(err, s, _("%s (the install was undone: no county pack is installed)"), msg);
        else
            jh_err_set(err, s, _("%s (the install was undone: the county pack installed before is kept)"), msg);
    }
out:
    paths_free(&ip);
    return s;
}

/* Removes the temporary files of pack writes a kill or power cut left in
 * the database folder (review r-pack2, item 5): only names this code
 * makes (BASE.pack.*.tmp.XXXXXXXXXXXX), only there (on a stick they stay:
 * docs/reliability.md). */
static void sweep_pack_tmp(const char *db, const char *dbdir)
{
    const char *slash = strrchr(db, '/');
    char *prefix = jh_sprintf("%s.pack.", slash ? slash + 1 : db);
    jh_sweep_durable_tmp(dbdir, prefix, 0);
    free(prefix);
}

/* Removes what an install left that no journal needs: the staging of one
 * that did not reach its journal, the old pack of one that finished.
 * Whether DIR.old and DIR.new are gone (install_finish takes a DIR.old
 * for the old pack of its own install). */
static bool install_sweep(const char *db, const char *dir)
{
    inst_paths_t ip;
    paths_init(&ip, db, dir);
    bool ok = true;
    if (!exists(ip.journal)) {
        /* (not left so; defensive: and never an empty DIR) */
        if (exists(ip.old) && !exists(ip.first) && !exists(dir) && pack_dir_has_surveys(ip.old)) rename(ip.old, dir);
        ok = remove_dir(ip.old);
        ok = remove_dir(ip.stage) && ok;
        ok = remove_dir(ip.old_tmp) && ok;
        unlink(ip.copy_old);
        unlink(ip.copy_new);
        unlink(ip.copy_none);
        sweep_pack_tmp(db, ip.dbdir);
    }
    paths_free(&ip);
    return ok;
}

jh_status_t pack_install(store_t *st, const char *pack_path, const pack_t *p, const char *dir, jh_err_t *err)
{
    (void)pack_path; /* p holds the bytes verified: the stick is not read again (review 14) */
    /* An install a failed start left unfinished is finished (or undone)
     * first; then what older installs left is swept. */
    jh_status_t s = pack_install_resume(st, dir, NULL, err);
    char *journal = jh_sprintf("%s.pack.pending", store_path(st));
    bool pending = exists(journal);
    free(journal);
    if (s != JH_OK && pending) return s;
    if (!install_sweep(store_path(st), dir))
        return jh_err_set(err, JH_ERR_IO, _("%s.old, %s.new: cannot remove what an earlier install left; remove "
                                            "them, then install again"),
                          dir, dir);
    char *trusted = store_setting_get(st, "bureau_key");
    if (trusted && strcmp(trusted, p->bureau_key_hex) != 0) {
        free(trusted);
        return jh_err_set(err, JH_ERR_FORGED, _("%s: signed with the key %s, not with the bureau key this kiosk "
                                                "trusts"),
                          pack_path, p->fingerprint);
    }
    free(trusted);
    /* A pack made after this kiosk's clock (a day's slack for clocks set a
     * little wrong) was made on a computer with a wrong date, or this
     * kiosk's clock is wrong: installed, its date would make every later
     * pack of the bureau look older (review r-pack2, item 1). */
    int64_t now = jh_now_ms();
    if (p->created_ms > now + PACK_FUTURE_SLACK_MS) {
        char a[24], b[24];
        pack_beijing_time(p->created_ms, a);
        pack_beijing_time(now, b);
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s: this county pack was made %s (Beijing time), more than a day after this kiosk's "
                            "clock (%s): not installed; check the date on the bureau's computer and on this "
                            "kiosk, then make the pack again"),
                          pack_path, a, b);
    }
    /* An older pack of the same bureau would bring back last year's
     * questionnaires and remove newer ones (review 14); the same pack again
     * is fine.  A pack of another bureau (the wrong county's key was
     * forgotten) is no older version of this one. */
    int64_t installed = pack_installed_created_ms(st, p->bureau_key_hex);
    if (installed > 0 && p->created_ms < installed) {
        char a[24], b[24];
        pack_beijing_times(p->created_ms, installed, a, b);
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s: this county pack (made %s, Beijing time) is older than the one installed (made "
                            "%s): not installed; ask the bureau for its newest pack"),
                          pack_path, a, b);
    }
    /* A kiosk whose school is fixed by its answers keeps its county: the
     * pack of another county would change county_code silently, and every
     * later bundle would claim the wrong county and be refused by the
     * bureau (review rusb4 item 4); with county_code not set, the school's
     * code tells the county, and a register without the school is the
     * wrong pack or a wrong code (review r2admin4 item 2).  Nothing is
     * changed, the key is not trusted. */
    {
        char county[7];
        pack_fit_t fit = pack_school_fit(st, p, county);
        if (fit != PACK_FITS) {
            char *school = store_setting_get(st, "school_code");
            if (fit == PACK_OTHER_COUNTY)
                s = jh_err_set(err, JH_ERR_CONFLICT,
                               _("%s: this county pack is for county %s, but this kiosk's school %s, which holds "
                                 "answers, is in county %s: not installed, nothing changed; use the pack of county "
                                 "%s's bureau"),
                               pack_path, p->county_code, school, county, county);
            else
                s = jh_err_set(err, JH_ERR_CONFLICT,
                               _("%s: this kiosk's school %s, which holds answers, is not in this county pack's "
                                 "register (county %s): not installed, nothing changed; check the school code and "
                                 "the pack with the county bureau"),
                               pack_path, school, p->county_code);
            free(school);
            return s;
        }
    }
    /* A questionnaire changed without a new version (the same id and
     * version, other content) after this kiosk's answers were given to its
     * old content: installed, the kiosk would refuse the file (its answers
     * could not be told apart from the old ones) and nobody could answer
     * it, and the older pack could not be put back (review rfield6 item 1).
     * Refused like a pack of another county: nothing changed. */
    {
        char version[64];
        int i = pack_survey_clash(st, p, version);
        if (i >= 0)
            return jh_err_set(err, JH_ERR_CONFLICT,
                              _("%s: questionnaire %s version %s in this county pack differs from the one this "
                                "kiosk's answers were given to: not installed, nothing changed; ask the county "
                                "bureau for a pack in which this questionnaire has a new version number"),
                              pack_path, p->survey_ids[i], version);
    }
    /* The administrator's switches (active_surveys) stay for every
     * questionnaire that was installed before and is still in the pack; one
     * new in this pack comes on.  Installed before: its file DIR/ID.json. */
    char *was_active = store_setting_get(st, "active_surveys");
    bool *on = jh_xcalloc((size_t)p->n_surveys + 1, sizeof *on);
    int n_on = 0;
    for (int i = 0; i < p->n_surveys; i++) {
        char *path = jh_sprintf("%s/%s.json", dir, p->survey_ids[i]);
        struct stat sb;
        bool before = was_active && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        free(path);
        on[i] = !before || list_has(was_active, p->survey_ids[i]);
        n_on += on[i];
    }
    free(was_active);
    if (!n_on) /* every one switched off: a kiosk with nothing to answer helps nobody */
        for (int i = 0; i < p->n_surveys; i++) on[i] = true;
    jh_buf_t ids = {0};
    jh_buf_puts(&ids, "");
    for (int i = 0, k = 0; i < p->n_surveys; i++)
        if (on[i]) jh_buf_printf(&ids, "%s%s", k++ ? "," : "", p->survey_ids[i]);
    free(on);
    {
        /* The settings are checked before anything is written. */
        const char *keys[] = {"bureau_key", "county_code", "active_surveys"};
        const char *values[] = {p->bureau_key_hex, p->county_code, ids.data};
        for (int i = 0; i < 3; i++)
            if (!store_setting_valid(keys[i], values[i], NULL)) {
                s = jh_err_set(err, JH_ERR_INVALID, _("%s: %s: '%.80s' is not valid"), pack_path, keys[i], values[i]);
                jh_buf_free(&ids);
                return s;
            }
    }

    /* A power cut at any moment must leave the old pack whole or the new
     * one (docs/reliability.md): every file is first written beside the
     * installed ones (DIR.new/, DB.pack.json.new), flushed; then the
     * journal DB.pack.pending (the active list and the pack) is written:
     * from then on the install is done, and finished at the next start if
     * cut short (install_finish).  Nothing installed changes before it. */
    inst_paths_t ip;
    paths_init(&ip, store_path(st), dir);
    jh_buf_t jt = {0};
    s = jh_mkdir_p(ip.stage, err);
    for (int i = 0; s == JH_OK && i < p->n_surveys; i++) {
        char *path = jh_sprintf("%s/%s.json", ip.stage, p->survey_ids[i]);
        s = jh_write_file_atomic(path, p->surveys[i], strlen(p->surveys[i]), err);
        free(path);
    }
    if (s == JH_OK) CUT(1);
    if (s == JH_OK) s = jh_write_file_atomic(ip.copy_new, p->text, p->text_len, err);
    if (s == JH_OK) CUT(2);
    if (s == JH_OK) {
        jh_buf_printf(&jt, "%s\n", ids.data);
        jh_buf_append(&jt, p->text, p->text_len);
        s = jh_write_file_atomic(ip.journal, jt.data, jt.len, err);
    }
    if (s != JH_OK) {
        unlink(ip.journal);
        remove_dir(ip.stage);
        unlink(ip.copy_new);
        goto out;
    }
    CUT(3);
    bool undone = false;
    s = install_finish(st, p, ids.data, dir, &undone, err);
out:
    jh_buf_free(&jt);
    jh_buf_free(&ids);
    paths_free(&ip);
    return s;
}

jh_status_t pack_install_resume(struct store *st, const char *dir, bool *resumed, jh_err_t *err)
{
    if (resumed) *resumed = false;
    char *journal = jh_sprintf("%s.pack.pending", store_path(st));
    char *text = NULL;
    size_t len = 0;
    pack_t *p = NULL;
    jh_status_t s = JH_OK;
    if (!exists(journal)) {
        install_sweep(store_path(st), dir);
        goto out;
    }
    if ((s = jh_read_file_max_nofollow(journal, (size_t)PACK_MAX_BYTES + 4096, &text, &len, err)) != JH_OK) {
        if (s != JH_ERR_IO) goto bad;
        goto out;
    }
    char *nl = memchr(text, '\n', len);
    if (!nl) {
        s = jh_err_set(err, JH_ERR_CORRUPT, _("%s: not an install journal"), journal);
        goto bad;
    }
    *nl = '\0';
    size_t plen = len - (size_t)(nl + 1 - text);
    char *ptext = jh_xmalloc(plen + 1);
    memcpy(ptext, nl + 1, plen);
    ptext[plen] = '\0';
    int newer;
    if ((s = pack_parse(journal, ptext, plen, &p, &newer, false, err)) != JH_OK) goto bad;
    char *trusted = store_setting_get(st, "bureau_key");
    bool other = trusted && strcmp(trusted, p->bureau_key_hex) != 0;
    free(trusted);
    if (other) { /* the trusted key changed since: this install is undone */
        s = jh_err_set(err, JH_ERR_FORGED, _("%s: signed with the key %s, not with the bureau key this kiosk trusts"),
                       journal, p->fingerprint);
        goto bad;
    }
    bool undone = false;
    if ((s = install_finish(st, p, text, dir, &undone, err)) == JH_OK && resumed) *resumed = true;
    goto out;
bad: { /* a journal that cannot be finished (damaged, or another key's): undone, so it blocks nothing */
    inst_paths_t ip;
    paths_init(&ip, store_path(st), dir);
    install_undo(&ip, dir);
    paths_free(&ip);
}
out:
    pack_free(p);
    free(text);
    free(journal);
    return s;
}

void pack_test_cut_after(int step)
{
    cut_after = step;
}

int64_t pack_sample_required(int64_t population)
{
    if (population <= 0) return 0;
    int64_t need = (population * 15 + 9999) / 10000; /* 1.5 ‰, rounded up */
    if (population < 400000 && need < 600) need = 600;
    return need;
}

void pack_sample_targets(int64_t population, const double *enrolment, int n, int *targets)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        if (enrolment[i] > 0) total += enrolment[i];
    int64_t need = pack_sample_required(population);
    for (int i = 0; i < n; i++) {
        double t = total > 0 && enrolment[i] > 0 ? ceil((double)need * enrolment[i] / total) : 0;
        targets[i] = t > 100000 ? 100000 : (int)t;
    }
}

int pack_survey_clash(store_t *st, const pack_t *p, char version[64])
{
    if (version) version[0] = '\0';
    for (int i = 0; st && p && i < p->n_surveys; i++) {
        survey_t *sv = NULL;
        jh_err_t e;
        if (survey_load_text(p->survey_ids[i], p->surveys[i], strlen(p->surveys[i]), NULL, &sv, NULL, &e) != JH_OK)
            continue; /* (pack_read loaded each one) */
        bool clash = store_survey_version_clash(st, sv, NULL);
        if (clash && version) snprintf(version, 64, "%s", sv->version ? sv->version : "");
        survey_free(sv);
        if (clash) return i;
    }
    return -1;
}

pack_fit_t pack_school_fit(store_t *st, const pack_t *p, char county[7])
{
    county[0] = '\0';
    char *school = store_setting_get(st, "school_code"), *set = store_setting_get(st, "county_code");
    if (set && strlen(set) == 6) memcpy(county, set, 7);
    else if (school && strlen(school) >= 6) {
        bool digits = true;
        for (int i = 0; i < 6; i++) digits = digits && school[i] >= '0' && school[i] <= '9';
        if (digits) {
            memcpy(county, school, 6);
            county[6] = '\0';
        }
    }
    /* The county the kiosk was given (county_code) decides; one guessed
     * from the school code's first six digits only when the pack's
     * register does not have the school (a school code need not begin
     * with its county's: rfinal19, a kiosk refused its own county's pack) */
    bool given = set && strlen(set) == 6;
    pack_fit_t fit = PACK_FITS;
    if (school && store_has_answers(st)) {
        bool listed = pack_school_find(p, school) != NULL;
        if (county[0] && strcmp(county, p->county_code) != 0 && (given || !listed)) fit = PACK_OTHER_COUNTY;
        else if (!listed) fit = PACK_SCHOOL_MISSING;
    }
    free(school);
    free(set);
    return fit;
}

const pack_school_t *pack_school_find(const pack_t *p, const char *code)
{
    if (!p || !code) return NULL;
    for (int i = 0; i < p->n_schools; i++)
        if (!strcmp(p->schools[i].code, code)) return &p->schools[i];
    return NULL;
}
