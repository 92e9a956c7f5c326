/* test_bundle.c - export bundles: export -> read round trip, incremental
 * after full, what the reader detects (every single-byte change to a
 * response, removal, reordering, truncation, forged manifest or
 * questionnaire) and exports to missing, full or read-only targets.
 *
 * `test_bundle --all-bytes` (label long) tries all 255 replacements of every
 * byte of a response instead of a handful. */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <sqlite3.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "check.h"
#include "county.h"
#include "seal.h"
#include "store.h"
#include "test_store_util.h"
#include "reliability/resign.h"

#define T0 1795000000000LL

static char dir[512];
static bool all_bytes;
static survey_t *mini;

static void load_mini(void)
{
    size_t len = 0;
    char *text = tu_read_source("tests/store/mini-survey.json", &len);
    jh_err_t err = {0};
    jh_buf_t errors = {0};
    if (survey_load_text("mini-survey.json", text, len, NULL, &mini, &errors, &err) != JH_OK) {
        fprintf(stderr, "mini-survey.json: %s\n%s\n", err.msg, errors.data ? errors.data : "");
        exit(2);
    }
    jh_buf_free(&errors);
    free(text);
}

static store_t *make_store(const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    store_t *st = NULL;
    jh_err_t err = {0};
    if (store_open(path, T0, &st, NULL, &err) != JH_OK) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        exit(2);
    }
    CHECK_INT(JH_OK, store_setting_set(st, "kiosk_id", "K-test", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "school_code", "3612345678", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "school_name", "城关第一小学", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "school_level", "primary", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "locality", "town", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "county_code", "361102", &err));
    CHECK_INT(JH_OK, store_pin_set(st, "2468", &err));
    return st;
}

/* Submits one questionnaire (k varies the answers); returns its seq. */
static int64_t answer(store_t *st, int k, store_status_t status, int64_t t)
{
    static const char *const sat[] = {"satisfied", "fairly", "basic", "dissatisfied", "dont_know"};
    static const char *const res[] = {"urban", "town", "rural"};
    store_draft_t d;
    store_draft_init(&d, mini, "parent", k % 2 ? "en" : "zh-CN", t); /* the kiosk records the audience */
    jh_err_t err = {0};
    store_draft_set(&d, 0, res[k % 3], t + 5000);
    for (int i = 1; i <= 5; i++) store_draft_set(&d, i, sat[(k + i) % 5], t + 5000 + 4000 * i);
    char score[8];
    snprintf(score, sizeof score, "%d", k % 11);
    store_draft_set(&d, 6, score, t + 30000);
    if (k % 4 == 0) store_draft_set(&d, 7, "食堂\"很好\"\n谢谢", t + 40000);
    CHECK_INT(JH_OK, store_draft_save(st, &d, t + 40000, &err));
    CHECK_INT(JH_OK, store_draft_finish(st, &d, status, t + 60000, &err));
    int64_t seq = d.seq;
    store_draft_free(&d);
    return seq;
}

static bundle_t *read_ok(const char *path)
{
    bundle_t *b = NULL;
    jh_err_t err = {0};
    jh_status_t s = bundle_read(path, &b, &err);
    if (s != JH_OK) fprintf(stderr, "bundle_read: %s\n", err.msg);
    CHECK_INT(JH_OK, s);
    return b;
}

static void test_roundtrip(void)
{
    store_t *st = make_store("rt.db");
    for (int k = 0; k < 5; k++) answer(st, k, k == 3 ? STORE_ABANDONED : STORE_SUBMITTED, T0 + k * 600000);
    char out[600];
    snprintf(out, sizeof out, "%s/usb-rt", dir);
    mkdir(out, 0755);
    bundle_export_info_t info;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 86400000, &info, &err));
    CHECK_INT(1, info.first_seq);
    CHECK_INT(5, info.last_seq);
    CHECK_INT(5, info.n_responses);
    CHECK(info.recorded);
    CHECK_STR("", info.warning);
    char want[1024];
    snprintf(want, sizeof want, "%s/junheng-K-test-20261119T110640Z-full-1-5.json", out);
    CHECK_STR(want, info.path);
    /* No bureau key: no database backup leaves the kiosk (issue 19.7). */
    CHECK_STR("", info.backup_path);

    bundle_t *b = read_ok(info.path);
    if (b) {
        CHECK_INT(3, b->format_version);
        CHECK_STR("", b->responses_sha256); /* format 3: the chain covers the texts */
        CHECK_STR("full", b->kind);
        CHECK_STR("K-test", b->kiosk_id);
        CHECK_STR("3612345678", b->school_code);
        CHECK_STR("城关第一小学", b->school_name);
        CHECK_STR("primary", b->school_level);
        CHECK_STR("town", b->locality);
        CHECK_STR("361102", b->county_code);
        CHECK_INT(T0 + 86400000, b->exported_ms);
        CHECK_INT(1, b->first_seq);
        CHECK_INT(5, b->last_seq);
        CHECK_STR("", b->prev_chain);
        CHECK_INT(4, b->n_submitted);
        CHECK_INT(1, b->n_abandoned);
        CHECK_INT(1, b->n_surveys);
        CHECK_STR(mini->hash, b->surveys[0]->hash);
        CHECK_STR("parent-mini", b->surveys[0]->id);
        char fp[64];
        store_key_fingerprint(st, fp);
        CHECK_STR(fp, b->fingerprint);
        CHECK_STR(info.file_sha256, b->file_sha256);
        CHECK_INT(5, b->n_responses);
        bundle_response_t *r = &b->responses[0];
        CHECK_INT(1, r->seq);
        CHECK_STR("parent", r->role);
        CHECK_STR("zh-CN", r->lang);
        CHECK_STR("submitted", r->status);
        CHECK_STR("parent-mini", r->survey_id);
        /* Issue 19.7: the day and whole minutes, no times to the millisecond. */
        char day[16];
        store_day_of(T0 + 60000, day);
        CHECK_STR(day, r->day);
        CHECK_INT(1, r->duration_min);
        CHECK_INT(0, r->started_ms);
        CHECK_INT(8, r->n_answers);
        CHECK_STR("residence", r->answers[0].item_id);
        CHECK_STR("urban", r->answers[0].value);
        CHECK_STR("comment", r->answers[7].item_id);
        CHECK_STR("食堂\"很好\"\n谢谢", r->answers[7].value);
        CHECK_STR("abandoned", b->responses[3].status);
        CHECK_STR("en", b->responses[1].lang);
        CHECK_INT(7, b->responses[1].n_answers);
        /* The chain in the bundle is the chain in the store. */
        sqlite3_stmt *q = NULL;
        sqlite3_prepare_v2(store_db(st), "SELECT chain, canonical, uuid FROM responses ORDER BY seq", -1, &q, NULL);
        for (int i = 0; i < 5 && sqlite3_step(q) == SQLITE_ROW; i++) {
            CHECK_STR((const char *)sqlite3_column_text(q, 0), b->responses[i].chain);
            CHECK_STR((const char *)sqlite3_column_text(q, 1), b->responses[i].canonical);
            CHECK_STR((const char *)sqlite3_column_text(q, 2), b->responses[i].uuid);
        }
        sqlite3_finalize(q);
        CHECK_STR(b->responses[4].chain, b->last_chain);
        bundle_free(b);
    }
    /* Issue 19.7: no time to the millisecond in the bundle. */
    {
        char *btext = NULL;
        size_t blen = 0;
        CHECK_INT(JH_OK, jh_read_file(info.path, &btext, &blen, &err));
        CHECK(btext && !memmem(btext, blen, "started_ms", 10) && !memmem(btext, blen, "ended_ms", 8) &&
              !memmem(btext, blen, "duration_ms", 11));
        free(btext);
    }
    /* With the bureau's key (from a county pack) the backup is written,
     * sealed to that key: nobody else can read it. */
    unsigned char bpk[32], bsk[64], xpk[32], xsk[32];
    crypto_sign_keypair(bpk, bsk);
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 86460000, &info, &err));
    snprintf(want, sizeof want, "%s/junheng-K-test-20261119T110740Z-full-1-5.db.sealed", out);
    CHECK_STR(want, info.backup_path);
    char plain_path[800];
    snprintf(plain_path, sizeof plain_path, "%s/unsealed.db", dir);
    {
        char *sealed = NULL;
        size_t slen = 0;
        CHECK_INT(JH_OK, jh_read_file(info.backup_path, &sealed, &slen, &err));
        CHECK(sealed && slen > crypto_box_SEALBYTES && !memmem(sealed, slen, "SQLite format 3", 15));
        CHECK(sealed && slen > SEAL_MAGIC_LEN && !memcmp(sealed, SEAL_MAGIC, SEAL_MAGIC_LEN)); /* form 2 */
        CHECK_INT(0, crypto_sign_ed25519_pk_to_curve25519(xpk, bpk));
        CHECK_INT(0, crypto_sign_ed25519_sk_to_curve25519(xsk, bsk));
        CHECK_INT(JH_OK, seal_file_open(info.backup_path, plain_path, xpk, xsk, &err));
        free(sealed);
    }
    /* The backup is a working database without the PIN hash, in rollback
     * journal mode (header bytes 18 and 19 are 1), so it opens read-only. */
    snprintf(info.backup_path, sizeof info.backup_path, "%s", plain_path);
    FILE *hf = fopen(info.backup_path, "rb");
    unsigned char hdr[20] = {0};
    CHECK(hf && fread(hdr, 1, 20, hf) == 20);
    if (hf) fclose(hf);
    CHECK_INT(1, hdr[18]);
    CHECK_INT(1, hdr[19]);
    sqlite3 *db = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_open_v2(info.backup_path, &db, SQLITE_OPEN_READONLY, NULL));
    sqlite3_stmt *q = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM "
                                                "pin WHERE hash IS NOT NULL), (SELECT count(*) FROM exports)",
                                            -1, &q, NULL));
    if (q && sqlite3_step(q) == SQLITE_ROW) {
        CHECK_INT(5, sqlite3_column_int(q, 0));
        CHECK_INT(0, sqlite3_column_int(q, 1));
        CHECK_INT(1, sqlite3_column_int(q, 2)); /* the backup was taken during the second export */
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    char *raw = NULL;
    size_t rlen = 0;
    jh_read_file(info.backup_path, &raw, &rlen, &err);
    CHECK(raw && !memmem(raw, rlen, "$argon2id$", 10));
    free(raw);
    /* The secret key is nowhere in the export. */
    char keyp[800];
    snprintf(keyp, sizeof keyp, "%s.key", store_path(st));
    char *key = NULL;
    size_t klen = 0;
    CHECK_INT(JH_OK, jh_read_file(keyp, &key, &klen, &err));
    raw = NULL;
    jh_read_file(info.backup_path, &raw, &rlen, &err);
    CHECK(raw && key && klen == 64 && !memmem(raw, rlen, key, 32));
    free(raw);
    free(key);

    store_counts_t c;
    CHECK_INT(JH_OK, store_counts(st, T0 + 86400000, &c, &err));
    CHECK_INT(5, c.exported_up_to);
    store_close(st);
}

static void test_incremental(void)
{
    store_t *st = make_store("inc.db");
    char out[600];
    snprintf(out, sizeof out, "%s/usb-inc", dir);
    mkdir(out, 0755);
    jh_err_t err = {0};
    bundle_export_info_t full1, inc, none, full2;
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 3600000, &full1, &err));
    CHECK_INT(3, full1.n_responses);
    for (int k = 3; k < 6; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000 + 3600000);
    /* A questionnaire being answered right now ends the run. */
    store_draft_t d;
    store_draft_init(&d, mini, "parent", "zh-CN", T0 + 9000000);
    store_draft_set(&d, 1, "fairly", T0 + 9001000);
    CHECK_INT(JH_OK, store_draft_save(st, &d, T0 + 9001000, &err));
    CHECK_INT(JH_OK, bundle_export(st, out, false, T0 + 9002000, &inc, &err));
    CHECK(!inc.full);
    CHECK_INT(4, inc.first_seq);
    CHECK_INT(6, inc.last_seq);
    CHECK_INT(3, inc.n_responses);
    CHECK(strstr(inc.path, "-incremental-4-6.json") != NULL);
    /* Nothing new: no file. */
    CHECK_INT(JH_OK, bundle_export(st, out, false, T0 + 9003000, &none, &err));
    CHECK_INT(0, none.n_responses);
    CHECK_STR("", none.path);
    CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 9100000, &err));
    store_draft_free(&d);
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 9200000, &full2, &err));
    CHECK_INT(1, full2.first_seq);
    CHECK_INT(7, full2.last_seq);

    bundle_t *a = read_ok(full1.path), *b = read_ok(inc.path), *c = read_ok(full2.path);
    if (a && b && c) {
        CHECK_STR(a->last_chain, b->prev_chain);
        CHECK_STR("incremental", b->kind);
        /* full1 + incremental hold exactly what full2 holds for seq 1..6. */
        CHECK_INT(7, c->n_responses);
        for (int i = 0; i < 6; i++) {
            const bundle_response_t *x = i < 3 ? &a->responses[i] : &b->responses[i - 3];
            CHECK_STR(c->responses[i].uuid, x->uuid);
            CHECK_STR(c->responses[i].chain, x->chain);
            CHECK_STR(c->responses[i].canonical, x->canonical);
        }
    }
    bundle_free(a);
    bundle_free(b);
    bundle_free(c);
    store_close(st);
}

/* A small bundle's text, for tampering. */
static char *small_bundle(const char *name, size_t *len, char *path_out)
{
    store_t *st = make_store(name);
    for (int k = 0; k < 3; k++) answer(st, k + 4, STORE_SUBMITTED, T0 + k * 600000);
    char out[600];
    snprintf(out, sizeof out, "%s/usb-%s", dir, name);
    mkdir(out, 0755);
    bundle_export_info_t info;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 3600000, &info, &err));
    store_close(st);
    char *text = NULL;
    CHECK_INT(JH_OK, jh_read_file(info.path, &text, len, &err));
    if (path_out) strcpy(path_out, info.path);
    return text;
}

/* Byte offsets [start, end) of the n-th response (0-based) in text: one
 * response per line, from '{' to '}'. */
static void response_span(const char *text, int n, size_t *start, size_t *end)
{
    const char *p = strstr(text, "\"responses\":[\n");
    for (int i = 0; i <= n && p; i++) p = strstr(p + 1, "\n{\"kiosk\"");
    *start = *end = 0;
    if (!p) return;
    *start = (size_t)(p + 1 - text);
    const char *e = strchr(p + 1, '\n');
    if (!e) return;
    *end = (size_t)(e - text);
    if (text[*end - 1] == ',') (*end)--;
}

static jh_status_t read_text(const char *text, size_t len, jh_err_t *err)
{
    bundle_t *b = NULL;
    jh_status_t s = bundle_read_text("b.json", text, len, &b, err);
    bundle_free(b);
    return s;
}

static void test_every_byte_of_a_response(void)
{
    size_t len = 0;
    char *text = small_bundle("bytes.db", &len, NULL);
    if (!text) return;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, read_text(text, len, &err));
    size_t start, end;
    response_span(text, 1, &start, &end);
    CHECK(start > 0 && end > start + 200);
    CHECK(text[start] == '{' && text[end - 1] == '}');
    char *m = jh_xmalloc(len + 1);
    int tried = 0, undetected = 0;
    static const unsigned char variants[] = {0x01, 0x20, ' ', '0', '"', '\\'};
    for (size_t i = start; i < end; i++) {
        for (int v = 0; v < (all_bytes ? 256 : (int)sizeof variants); v++) {
            unsigned char orig = (unsigned char)text[i], nb;
            if (all_bytes) nb = (unsigned char)v;
            else nb = v < 2 ? (unsigned char)(orig ^ variants[v]) : variants[v];
            if (nb == orig) continue;
            memcpy(m, text, len);
            m[i] = (char)nb;
            tried++;
            if (read_text(m, len, &err) == JH_OK) {
                if (undetected < 5)
                    fprintf(stderr, "undetected: byte %zu '%c' -> 0x%02x\n", i - start, orig, nb);
                undetected++;
            }
        }
    }
    printf("  %d single-byte changes over %zu bytes of response 2, %d undetected\n", tried, end - start, undetected);
    CHECK_INT(0, undetected);
    CHECK(tried > 2500);
    free(m);
    free(text);
}

/* Reads text with the canonical-form fast path on and off: the same status
 * and message, and when it verifies the same responses. */
static bool read_both_agree(const char *text, size_t len, int *fast)
{
    bundle_t *b1 = NULL, *b2 = NULL;
    jh_err_t e1 = {0}, e2 = {0};
    bundle_set_fast_path(true);
    jh_status_t s1 = bundle_read_text("b.json", text, len, &b1, &e1);
    bundle_set_fast_path(false);
    jh_status_t s2 = bundle_read_text("b.json", text, len, &b2, &e2);
    bundle_set_fast_path(true);
    bool same = s1 == s2 && (s1 == JH_OK || !strcmp(e1.msg, e2.msg));
    if (same && s1 == JH_OK) {
        *fast = b1->n_fast;
        same = b2->n_fast == 0 && b1->n_responses == b2->n_responses;
        for (int i = 0; same && i < b1->n_responses; i++) {
            const bundle_response_t *x = &b1->responses[i], *y = &b2->responses[i];
            same = x->seq == y->seq && !strcmp(x->uuid, y->uuid) && !strcmp(x->survey_id, y->survey_id) &&
                   !strcmp(x->survey_hash, y->survey_hash) && !strcmp(x->role, y->role) && !strcmp(x->lang, y->lang) &&
                   x->started_ms == y->started_ms && x->ended_ms == y->ended_ms && x->duration_ms == y->duration_ms &&
                   !x->day == !y->day && (!x->day || !strcmp(x->day, y->day)) && x->duration_min == y->duration_min &&
                   !strcmp(x->status, y->status) && !strcmp(x->flags, y->flags) && !strcmp(x->kiosk_id, y->kiosk_id) &&
                   !strcmp(x->chain, y->chain) && !strcmp(x->canonical, y->canonical) && x->n_answers == y->n_answers;
            for (int k = 0; same && k < x->n_answers; k++)
                same = !strcmp(x->answers[k].item_id, y->answers[k].item_id) &&
                       !strcmp(x->answers[k].value, y->answers[k].value);
        }
    }
    if (!same)
        fprintf(stderr, "fast path: status %d '%s', slow path: status %d '%s'\n", s1, e1.msg, s2, e2.msg);
    bundle_free(b1);
    bundle_free(b2);
    return same;
}

/* The fast path (responses in canonical form read without cJSON) reads
 * what the slow path reads, and refuses what it refuses with the same
 * message: the bundle as exported, and every single-byte change of a
 * response it reads fast (and of the one with an escaped comment). */
static void test_fast_path_agrees(void)
{
    size_t len = 0;
    char *text = small_bundle("fast.db", &len, NULL);
    if (!text) return;
    int fast = -1;
    CHECK(read_both_agree(text, len, &fast));
    /* response 1 holds a comment with a quote and a line break (escaped:
     * read the slow way); 2 and 3 are plain */
    CHECK_INT(2, fast);
    char *m = jh_xmalloc(len + 1);
    int tried = 0, differ = 0;
    static const unsigned char variants[] = {0x01, ' ', '"', '\\', 0x7f, 0xe4};
    for (int r = 0; r < 2; r++) {
        size_t start, end;
        response_span(text, r, &start, &end);
        CHECK(end > start + 200);
        for (size_t i = start; i < end; i++)
            for (int v = 0; v < (all_bytes ? 256 : (int)sizeof variants); v++) {
                unsigned char orig = (unsigned char)text[i];
                unsigned char nb = all_bytes ? (unsigned char)v : v < 2 ? (unsigned char)(orig ^ variants[v]) : variants[v];
                if (nb == orig) continue;
                memcpy(m, text, len);
                m[i] = (char)nb;
                tried++;
                int f = 0;
                if (!read_both_agree(m, len, &f)) {
                    if (differ < 5) fprintf(stderr, "  differs: response %d byte %zu '%c' -> 0x%02x\n", r + 1, i - start, orig, nb);
                    differ++;
                }
            }
    }
    printf("  %d single-byte changes, %d read differently by the fast path\n", tried, differ);
    CHECK_INT(0, differ);
    CHECK(tried > 4000);
    free(m);
    free(text);
}

/* The manifest's span [*start, *end) in text (the value of "manifest"). */
static bool manifest_span(const char *text, size_t len, size_t *start, size_t *end)
{
    const char *p = strstr(text, "\"manifest\":");
    if (!p) return false;
    p += strlen("\"manifest\":");
    const char *e = NULL;
    cJSON *m = cJSON_ParseWithLengthOpts(p, len - (size_t)(p - text), &e, false);
    cJSON_Delete(m);
    if (!m || !e) return false;
    *start = (size_t)(p - text);
    *end = (size_t)(e - text);
    return true;
}

/* The canonical text of the value s[0..n) parses to, whole (NULL when it
 * does not, or has none). */
static char *canonical_by_parse(const char *s, size_t n)
{
    const char *e = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(s, n, &e, false);
    jh_buf_t b = {0};
    bool ok = v && e == s + n && bundle_canonical_json(&b, v);
    cJSON_Delete(v);
    char *t = jh_buf_take(&b);
    if (!ok) {
        free(t);
        t = NULL;
    }
    return t;
}

/* bundle_canonical_slice(s, n) and what it gives against the parse:
 * 1 when it says yes and gives the rebuilt text, 0 when it says no, -1
 * when it says yes wrongly. */
static int slice_check(const char *s, size_t n)
{
    jh_buf_t b = {0};
    jh_buf_puts(&b, "x"); /* appends after what is there */
    bool yes = bundle_canonical_slice(s, n, &b);
    char *t = yes ? canonical_by_parse(s, n) : NULL;
    int r = !yes ? (b.len == 1 ? 0 : -1) : t && b.len == strlen(t) + 1 && !memcmp(b.data + 1, t, b.len - 1) ? 1 : -1;
    free(t);
    jh_buf_free(&b);
    return r;
}

/* The bundle text with its manifest [start, end) replaced by with. */
static char *manifest_splice(const char *text, size_t len, size_t start, size_t end, const char *with, size_t *out_len)
{
    jh_buf_t b = {0};
    jh_buf_append(&b, text, start);
    jh_buf_puts(&b, with);
    jh_buf_append(&b, text + end, len - end);
    *out_len = b.len;
    return jh_buf_take(&b);
}

/* Every single-byte change of the manifest [start, end) of text: the
 * canonical-slice check never says yes wrongly, and the reader accepts
 * only changes that leave the manifest's canonical text as it was (white
 * space between tokens).  Returns the changes tried. */
static int manifest_bytes(const char *text, size_t len, size_t start, size_t end, const char *canon)
{
    char *m = jh_xmalloc(len + 1);
    /* (few: every change reads the whole bundle, and the suite runs it under ASan too) */
    static const unsigned char variants[] = {0x01, '"', '\\', 'u'};
    int tried = 0, unsound = 0, forged = 0, same = 0;
    jh_err_t err = {0};
    for (size_t i = start; i < end; i++)
        for (int v = 0; v < (all_bytes ? 256 : (int)sizeof variants); v++) {
            unsigned char orig = (unsigned char)text[i];
            unsigned char nb = all_bytes ? (unsigned char)v : v < 1 ? (unsigned char)(orig ^ variants[v]) : variants[v];
            if (nb == orig) continue;
            memcpy(m, text, len);
            m[len] = '\0';
            m[i] = (char)nb;
            tried++;
            if (slice_check(m + start, end - start) < 0) {
                if (unsound < 5) fprintf(stderr, "  unsound: manifest byte %zu '%c' -> 0x%02x\n", i - start, orig, nb);
                unsound++;
            }
            if (read_text(m, len, &err) == JH_OK) {
                char *t = canonical_by_parse(m + start, end - start);
                if (!t || strcmp(t, canon) != 0) {
                    if (forged < 5) fprintf(stderr, "  accepted: manifest byte %zu '%c' -> 0x%02x\n", i - start, orig, nb);
                    forged++;
                } else {
                    same++;
                }
                free(t);
            }
        }
    printf("  %d single-byte changes of a %zu-byte manifest: %d unsound, %d changed and accepted, %d white space\n",
           tried, end - start, unsound, forged, same);
    CHECK_INT(0, unsound);
    CHECK_INT(0, forged);
    free(m);
    return tried;
}

/* The reader takes the canonical text of a manifest written with its
 * tokens in canonical form from the file's bytes (bundle_canonical_slice)
 * instead of rebuilding it from the parse tree: kiosk manifests (cJSON
 * formatted) and compact ones are recognised; the check never says yes
 * where the rebuilt text would differ (hand-made corner cases, every
 * single-byte change of both manifests); the reader still refuses every
 * change of either manifest but white space. */
static void test_manifest_in_place(void)
{
    size_t len = 0;
    char *text = small_bundle("manifest.db", &len, NULL);
    if (!text) return;
    size_t start = 0, end = 0;
    CHECK(manifest_span(text, len, &start, &end));
    CHECK(end > start + 500);
    CHECK_INT(1, slice_check(text + start, end - start));
    char *canon = canonical_by_parse(text + start, end - start);
    CHECK(canon != NULL);
    if (!canon) return;
    static const struct {
        const char *json;
        int expected; /* slice_check */
    } cases[] = {
        {"{\"a\":1}", 1}, {"{\"a\": 1}", 1}, {"{\n\t\"a\":\t1\r\n}", 1}, {" {\"a\":1}", 0}, {"{\"a\":\f1}", 0},
        {"{\"a\":\x01" "1}", 0}, {"{\"a\":-0}", 0}, {"{\"a\":0}", 1}, {"{\"a\":-1}", 1}, {"{\"a\":01}", 0},
        {"{\"a\":1e5}", 0}, {"{\"a\":1.0}", 0}, {"{\"a\":123456789012345}", 1}, {"{\"a\":1234567890123456}", 0},
        {"[\"\\/\"]", 0}, {"[\"\\u0041\"]", 0}, {"[\"\\u001f\"]", 1}, {"[\"\\u001F\"]", 0}, {"[\"\\u000a\"]", 0},
        {"[\"\\n\"]", 1}, {"[\"\\u0000\"]", 0}, {"[\"\\u0008\"]", 0}, {"[\"\\b\\f\\r\\t\\\"\\\\\"]", 1},
        {"[\"\x7f\"]", 1}, {"[\"\xe4\xb8\xad\"]", 1}, {"[\"\xe4\xb8\"]", 0}, {"[\"\x01\"]", 0},
        {"[\"a b\\\" c\",\" \"]", 1}, {"[true, false ,null,[ ],{ }]", 1}, {"[true,false,null,[],{},]", 0},
        {"{\"a\":1,\"a\":2}", 1}, {"[1]x", 0}, {"[1", 0}, {"\"a\"", 1}, {"-", 0}, {"[nul]", 0}, {"[1 ]", 1},
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int got = slice_check(cases[i].json, strlen(cases[i].json));
        if (got != cases[i].expected) {
            fprintf(stderr, "  bundle_canonical_slice(%s): expected %d, got %d\n", cases[i].json, cases[i].expected, got);
            wrong++;
        }
    }
    CHECK_INT(0, wrong);
    int tried = manifest_bytes(text, len, start, end, canon);
    /* the same bundle with its manifest written compact (the signature
     * covers the canonical text, so it still verifies) */
    size_t clen = 0;
    char *compact = manifest_splice(text, len, start, end, canon, &clen);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, read_text(compact, clen, &err));
    CHECK_INT(1, slice_check(compact + start, strlen(canon)));
    tried += manifest_bytes(compact, clen, start, start + strlen(canon), canon);
    CHECK(tried > 2000);
    free(compact);
    free(canon);
    free(text);
}

/* Builds text with the response lines rearranged: order lists which of
 * the three responses to keep, in which order. */
static char *rearrange(const char *text, const int *order, int n)
{
    size_t s[3], e[3];
    for (int i = 0; i < 3; i++) response_span(text, i, &s[i], &e[i]);
    jh_buf_t b = {0};
    jh_buf_append(&b, text, s[0]);
    for (int i = 0; i < n; i++) {
        jh_buf_append(&b, text + s[order[i]], e[order[i]] - s[order[i]]);
        jh_buf_puts(&b, i + 1 < n ? ",\n" : "\n");
    }
    jh_buf_puts(&b, "]}\n");
    return jh_buf_take(&b);
}

static void expect_error(const char *text, jh_status_t status, const char *msg)
{
    jh_err_t err = {0};
    CHECK_INT(status, read_text(text, strlen(text), &err));
    CHECK_STR(msg, err.msg);
}

static void test_removed_and_reordered(void)
{
    size_t len = 0;
    char *text = small_bundle("order.db", &len, NULL);
    if (!text) return;
    int same[] = {0, 1, 2}, drop_mid[] = {0, 2}, drop_last[] = {0, 1}, drop_first[] = {1, 2}, swap[] = {0, 2, 1};
    char *t = rearrange(text, same, 3);
    CHECK_STR(text, t); /* the rearranging itself is faithful */
    free(t);
    t = rearrange(text, drop_mid, 2);
    expect_error(t, JH_ERR_FORGED, "b.json: response seq 2 is missing (sequence jumps from 1 to 3)");
    free(t);
    t = rearrange(text, drop_last, 2);
    expect_error(t, JH_ERR_FORGED,
                 "b.json: response seq 3 is missing (the manifest lists seq 1 to 3, the bundle ends at seq 2)");
    free(t);
    t = rearrange(text, drop_first, 2);
    expect_error(t, JH_ERR_FORGED,
                 "b.json: response seq 1 is missing (the manifest starts at seq 1, the first response is seq 2)");
    free(t);
    t = rearrange(text, swap, 3);
    expect_error(t, JH_ERR_FORGED, "b.json: responses out of order at position 3: seq 2 follows seq 3");
    free(t);
    free(text);
}

static char *replace_once(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    if (!p) return NULL;
    jh_buf_t b = {0};
    jh_buf_append(&b, text, (size_t)(p - text));
    jh_buf_puts(&b, to);
    jh_buf_puts(&b, p + strlen(from));
    return jh_buf_take(&b);
}

static void test_tampering_messages(void)
{
    size_t len = 0;
    char *text = small_bundle("tamper.db", &len, NULL);
    if (!text) return;
    size_t s2, e2;
    response_span(text, 1, &s2, &e2);

    /* An answer changed in response 2 (to another valid answer). */
    char *resp = jh_strndup(text + s2, e2 - s2);
    char *v = strstr(resp, "\"meals\":\"");
    CHECK(v != NULL);
    if (v) {
        v += 9;
        char *q = strchr(v, '"');
        jh_buf_t b = {0};
        jh_buf_append(&b, text, s2 + (size_t)(v - resp));
        jh_buf_puts(&b, strncmp(v, "satisfied", 9) ? "satisfied" : "fairly");
        jh_buf_puts(&b, text + s2 + (size_t)(q - resp));
        char *t = jh_buf_take(&b);
        expect_error(t, JH_ERR_FORGED, "b.json: response 2 (seq 2) was edited: its hash does not match");
        free(t);
    }
    free(resp);

    /* An unknown key in a response. */
    char *t = replace_once(text, "\"seq\":1,", "\"seq\":1,\"colour\":\"red\",");
    expect_error(t, JH_ERR_INVALID,
                 "b.json: response 1 (seq 1): unknown key 'colour' (expected kiosk, seq, uuid, survey, survey_hash, "
                 "role, lang, day, duration_min, status, flags, answers, chain)");
    free(t);

    /* The manifest edited: the signature fails. */
    t = replace_once(text, "城关第一小学", "城关第二小学");
    expect_error(t, JH_ERR_FORGED, "b.json: signature does not verify with the key in the manifest");
    free(t);
    t = replace_once(text, "\"submitted\":\t3", "\"submitted\":\t2");
    CHECK(t != NULL);
    if (t) expect_error(t, JH_ERR_FORGED,
                        "b.json: the manifest counts (2 submitted, 0 abandoned, 0 flagged) do not match the responses "
                        "(3, 0, 0)");
    free(t);

    /* The questionnaire definition edited. */
    t = replace_once(text, "您对学校饭菜满意吗", "您对学校饭菜不满意吗");
    expect_error(t, JH_ERR_FORGED, "b.json: questionnaire parent-mini: hash mismatch");
    free(t);

    /* Truncated. */
    char *cut = jh_strndup(text, s2 + 40);
    int line = 1;
    for (size_t i = 0; i < s2; i++) line += text[i] == '\n';
    char want[256];
    snprintf(want, sizeof want,
             "b.json: truncated: JSON ends at line %d column 41: copy the file again from the kiosk's USB drive, or "
             "export again at the kiosk with Export all (导出全部): Export new answers writes nothing that was "
             "exported before",
             line);
    expect_error(cut, JH_ERR_INVALID, want);
    free(cut);

    /* Not a bundle at all; a newer format; trailing rubbish. */
    expect_error("", JH_ERR_INVALID, "b.json: the file is empty (expected a Junheng export bundle)");
    expect_error("[1,2]", JH_ERR_INVALID, "b.json: not a Junheng export bundle (the file holds an array, not an object)");
    expect_error("{\"format\":\"junheng-bundle\"} x", JH_ERR_INVALID,
                 "b.json: line 1 column 29: unexpected text after the end of the bundle");
    /* The second comma is where it goes wrong (the whole-file parse of
     * before named the character after it). */
    expect_error("{\"a\":\n  1,,}", JH_ERR_INVALID, "b.json: line 2 column 5: not valid JSON");
    /* Review 14, item 5: nested deeper than cJSON's limit is said so, not
     * "not valid JSON" (failed before: "line 2 column 1005: not valid JSON"). */
    {
        jh_buf_t deep = {0};
        jh_buf_puts(&deep, "{\"format\":\"junheng-bundle\",\n\"x\":");
        for (int i = 0; i < 1100; i++) jh_buf_puts(&deep, "[");
        for (int i = 0; i < 1100; i++) jh_buf_puts(&deep, "]");
        jh_buf_puts(&deep, "}");
        char want[160];
        snprintf(want, sizeof want,
                 "b.json: line 2 column %d: brackets nested more than %d deep (a bundle needs fewer than 10)",
                 5 + CJSON_NESTING_LIMIT, CJSON_NESTING_LIMIT);
        expect_error(deep.data, JH_ERR_INVALID, want);
        jh_buf_free(&deep);
    }
    t = replace_once(text, "\"format_version\":\t3", "\"format_version\":\t4");
    CHECK(t != NULL);
    if (t) expect_error(t, JH_ERR_INVALID,
                        "b.json: format version 4 is newer than this program reads (versions 1 to 3): a newer "
                        "junheng-kiosk wrote it; use a newer junheng");
    free(t);
    /* Review rmigrate, item 5: the version is read before anything a newer
     * format may add (a top-level key) and at any size (was "unknown key
     * 'attachments'" and "expected a whole number from 1 to 1000000"). */
    t = replace_once(text, "\"format_version\":\t3", "\"format_version\":\t4");
    char *t2 = t ? replace_once(t, "{", "{\"attachments\": [],") : NULL;
    if (t2) expect_error(t2, JH_ERR_INVALID,
                         "b.json: format version 4 is newer than this program reads (versions 1 to 3): a newer "
                         "junheng-kiosk wrote it; use a newer junheng");
    free(t2);
    free(t);
    t = replace_once(text, "\"format_version\":\t3", "\"format_version\":\t2000000");
    if (t) expect_error(t, JH_ERR_INVALID,
                        "b.json: format version 2000000 is newer than this program reads (versions 1 to 3): a newer "
                        "junheng-kiosk wrote it; use a newer junheng");
    free(t);
    /* ... but a format this program reads keeps its strict key check. */
    t = replace_once(text, "{", "{\"attachments\": [],");
    if (t) expect_error(t, JH_ERR_INVALID,
                        "b.json: bundle: unknown key 'attachments' (expected format, manifest, signature, responses)");
    free(t);
    t = replace_once(text, "\"first_seq\":\t1", "\"first_seq\":\t\"1\"");
    if (t) expect_error(t, JH_ERR_INVALID, "b.json: manifest.first_seq: expected a whole number, found a string");
    free(t);
    free(text);
}

/* The kiosk clock set back while someone answers: kept, flagged, readable. */
static void test_clock_backwards(void)
{
    store_t *st = make_store("clock.db");
    answer(st, 1, STORE_SUBMITTED, T0);
    store_draft_t d;
    jh_err_t err = {0};
    store_draft_init(&d, mini, "parent", "zh-CN", T0 + 3600000);
    store_draft_set(&d, 1, "fairly", T0 + 3610000);
    CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 1000, &err));
    CHECK_STR("too_fast", d.flags);
    store_draft_free(&d);
    char out[600];
    snprintf(out, sizeof out, "%s/usb-clock", dir);
    mkdir(out, 0755);
    bundle_export_info_t info;
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 7200000, &info, &err));
    bundle_t *b = read_ok(info.path);
    if (b) {
        CHECK_INT(2, b->n_responses);
        CHECK_INT(0, b->responses[1].duration_min); /* a negative duration shows as 0 minutes ... */
        CHECK_STR("too_fast", b->responses[1].flags);
        CHECK_INT(1, b->n_flagged);
    }
    bundle_free(b);
    store_close(st);
}

static void test_export_errors(void)
{
    store_t *st = make_store("errors.db");
    answer(st, 1, STORE_SUBMITTED, T0);
    jh_err_t err = {0};
    bundle_export_info_t info;
    char out[700];
    snprintf(out, sizeof out, "%s/no-such-usb", dir);
    CHECK_INT(JH_ERR_NOTFOUND, bundle_export(st, out, false, T0 + 100000, &info, &err));
    char want[1024];
    snprintf(want, sizeof want, "%s: the export folder does not exist (is the USB drive plugged in and mounted?)", out);
    CHECK_STR(want, err.msg);
    CHECK_STR("", info.path);
    store_close(st);

    /* Without a school code there is nothing the bureau could file it under. */
    char path[700];
    snprintf(path, sizeof path, "%s/noschool.db", dir);
    CHECK_INT(JH_OK, store_open(path, T0, &st, NULL, &err));
    answer(st, 1, STORE_SUBMITTED, T0);
    snprintf(out, sizeof out, "%s", dir);
    CHECK_INT(JH_ERR_INVALID, bundle_export(st, out, false, T0 + 100000, &info, &err));
    CHECK_STR("cannot export: the school code is not set (set school_code in the config file or on the admin screen)",
              err.msg);
    store_close(st);
}

static int count_files(const char *d)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", d);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

/* A full USB drive: the export fails with a clear message, the earlier
 * export and the database are untouched, no temporary file is left. */
static void test_export_full_and_readonly_target(void)
{
    char mnt[700];
    snprintf(mnt, sizeof mnt, "%s/usbfs", dir);
    mkdir(mnt, 0755);
    const long size = 512 * 1024;
    if (!tu_mount_tmpfs(mnt, size)) {
        CHECK_SKIP("test_export_full_and_readonly_target: cannot mount a tmpfs here (%s)", strerror(errno));
        return;
    }
    store_t *st = make_store("fullusb.db");
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    jh_err_t err = {0};
    /* A bureau key: the export writes the sealed backup as well. */
    unsigned char bpk[32], bsk[64];
    crypto_sign_keypair(bpk, bsk);
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    bundle_export_info_t first, info;
    CHECK_INT(JH_OK, bundle_export(st, mnt, false, T0 + 3600000, &first, &err));
    char *before = NULL;
    size_t blen = 0;
    CHECK_INT(JH_OK, jh_read_file(first.path, &before, &blen, &err));
    for (int k = 3; k < 40; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    /* Fill the drive. */
    char filler[800];
    snprintf(filler, sizeof filler, "%s/filler", mnt);
    FILE *f = fopen(filler, "wb");
    char block[1024] = {0};
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block) {
    }
    if (f) fclose(f);
    int files = count_files(mnt);
    CHECK_INT(JH_ERR_FULL, bundle_export(st, mnt, false, T0 + 7200000, &info, &err));
    CHECK_CONTAINS("No space left on device", err.msg);
    CHECK_CONTAINS("the target is full: free some space or use another drive", err.msg);
    CHECK_STR("", info.path);
    CHECK_INT(files, count_files(mnt));
    char *after = NULL;
    size_t alen = 0;
    CHECK_INT(JH_OK, jh_read_file(first.path, &after, &alen, &err));
    CHECK(blen == alen && before && after && !memcmp(before, after, blen));
    free(after);
    store_counts_t c;
    CHECK_INT(JH_OK, store_counts(st, T0, &c, &err));
    CHECK_INT(3, c.exported_up_to);
    CHECK_INT(40, c.submitted);

    /* Room for the bundle but not for the backup: the bundle is what the
     * county needs, so it is written and recorded, the backup left out and
     * the reason given (review rsoak, item 2; before, all or nothing). */
    unlink(filler);
    struct stat sb;
    stat(first.backup_path, &sb);
    f = fopen(filler, "wb");
    long room = 0;
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block) room++;
    if (f) fclose(f);
    truncate(filler, (off_t)(room * 1024 - 40 * 1024)); /* ~40 KiB free: the bundle fits, the backup not */
    files = count_files(mnt);
    jh_status_t s = bundle_export(st, mnt, false, T0 + 7300000, &info, &err);
    CHECK_INT(JH_OK, s);
    CHECK_INT(1, info.backup_left_out);
    CHECK_STR("", info.backup_path);
    CHECK_CONTAINS("the database backup was left out: the export drive has", info.backup_note);
    CHECK(info.backup_need_bytes > info.backup_free_bytes);
    CHECK_INT(files + 1, count_files(mnt)); /* the bundle only */
    CHECK(info.recorded);
    CHECK_INT(JH_OK, store_counts(st, T0, &c, &err));
    CHECK_INT(40, c.exported_up_to);
    answer(st, 40, STORE_SUBMITTED, T0 + 40 * 600000);

    /* Read-only drive. */
    unlink(filler);
    CHECK(tu_remount(mnt, true, size));
    CHECK_INT(JH_ERR_READONLY, bundle_export(st, mnt, false, T0 + 7400000, &info, &err));
    CHECK_CONTAINS("the target is read-only or not writable", err.msg);
    CHECK(tu_remount(mnt, false, size));
    /* Space again: the incremental export picks up after the last one, with
     * its backup. */
    CHECK_INT(JH_OK, bundle_export(st, mnt, false, T0 + 7500000, &info, &err));
    CHECK_INT(41, info.first_seq);
    CHECK_INT(41, info.last_seq);
    if (info.backup_left_out) fprintf(stderr, "backup left out: %s\n", info.backup_note);
    CHECK_INT(0, info.backup_left_out);
    CHECK(info.backup_path[0] && stat(info.backup_path, &sb) == 0);
    free(before);
    store_close(st);
    tu_umount(mnt);
}

/* The kiosk's secret key beside store file name (64 bytes, name.key). */
static bool kiosk_key(const char *name, unsigned char sk[64])
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s.key", dir, name);
    char *k = NULL;
    size_t n = 0;
    jh_err_t err = {0};
    bool ok = jh_read_file(path, &k, &n, &err) == JH_OK && n == 64;
    if (ok) memcpy(sk, k, 64);
    free(k);
    return ok;
}

/* Puts key k (a string) into man just before key before, as a format 2
 * manifest orders responses_sha256 (after last_chain, before surveys). */
static void put_before(cJSON *man, const char *k, const char *v, const char *before)
{
    /* (cJSON 1.7.15's cJSON_InsertItemInArray refuses to insert into an
     * object: the keys from before on are moved behind the new one.) */
    cJSON *moved[64];
    int n = 0;
    bool on = false;
    for (cJSON *c = man->child; c && n < 64; c = c->next)
        if (on || (on = !strcmp(c->string, before))) moved[n++] = c;
    for (int i = 0; i < n; i++) cJSON_DetachItemViaPointer(man, moved[i]);
    cJSON_AddStringToObject(man, k, v);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(man, moved[i]);
}

/* The text of a parsed bundle after rs_build (rechain: chains, hashes and
 * counts recomputed; sk: signed with it, else the old signature kept). */
static char *rebuilt(cJSON *root, bool rechain, const unsigned char *sk)
{
    char *t = rs_build(root, rechain, sk);
    cJSON_Delete(root);
    CHECK(t != NULL);
    return t;
}

/* Format 3: a full or incremental bundle has no responses_sha256 (its
 * chain, checked from prev_chain to the signed last_chain, covers every
 * text); a salvaged one keeps it.  The same responses as format 2 read
 * alike; every way of getting the rule or the chain wrong is refused. */
static void test_format3(void)
{
    size_t len = 0;
    char *text = small_bundle("v3.db", &len, NULL);
    if (!text) return;
    unsigned char sk[64];
    CHECK(kiosk_key("v3.db", sk));
    CHECK(strstr(text, "\"format_version\":\t3,") != NULL);
    CHECK(strstr(text, "responses_sha256") == NULL);
    bundle_t *b3 = NULL, *b2 = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, bundle_read_text("b.json", text, len, &b3, &err));

    /* The same responses as the kiosk's format 2 wrote them (responses_sha256
     * after last_chain, signed with the kiosk's key): read alike. */
    cJSON *root = cJSON_Parse(text);
    cJSON *man = cJSON_GetObjectItem(root, "manifest");
    rs_set_num(man, "format_version", 2);
    put_before(man, "responses_sha256", "", "surveys");
    char *v2 = rebuilt(root, true, sk);
    CHECK(v2 && strstr(v2, "\"last_chain\":") < strstr(v2, "\"responses_sha256\":"));
    CHECK_INT(JH_OK, bundle_read_text("b.json", v2, strlen(v2), &b2, &err));
    if (err.msg[0]) fprintf(stderr, "format 2: %s\n", err.msg);
    if (b2 && b3) {
        CHECK_INT(2, b2->format_version);
        CHECK_INT(3, b3->format_version);
        CHECK_INT(64, (long long)strlen(b2->responses_sha256));
        CHECK_STR("", b3->responses_sha256);
        CHECK_STR(b2->public_key, b3->public_key);
        CHECK_STR(b2->last_chain, b3->last_chain);
        CHECK_INT(b2->n_responses, b3->n_responses);
        for (int i = 0; i < b2->n_responses && i < b3->n_responses; i++) {
            CHECK_INT(b2->responses[i].seq, b3->responses[i].seq);
            CHECK_STR(b2->responses[i].uuid, b3->responses[i].uuid);
            CHECK_STR(b2->responses[i].chain, b3->responses[i].chain);
            CHECK_STR(b2->responses[i].canonical, b3->responses[i].canonical);
            CHECK_STR(b2->responses[i].day, b3->responses[i].day);
        }
    }
    bundle_free(b2);
    bundle_free(b3);

    /* A format 2 manifest still needs its responses_sha256, and checks it. */
    root = cJSON_Parse(v2);
    rs_set_str(cJSON_GetObjectItem(root, "manifest"), "responses_sha256", "00000000000000000000000000000000"
                                                                          "00000000000000000000000000000000");
    char *t = rebuilt(root, false, sk);
    if (t) expect_error(t, JH_ERR_FORGED, "b.json: the responses do not match the manifest: responses_sha256 differs");
    free(t);
    root = cJSON_Parse(v2);
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItem(root, "manifest"), "responses_sha256");
    t = rebuilt(root, false, sk);
    if (t) expect_error(t, JH_ERR_INVALID, "b.json: manifest: missing key 'responses_sha256'");
    free(t);

    /* Format 3 full or incremental with responses_sha256 (correct, and
     * signed by the kiosk's key): not what a kiosk writes. */
    static const char *const kinds[] = {"full", "incremental"};
    for (int k = 0; k < 2; k++) {
        root = cJSON_Parse(v2);
        man = cJSON_GetObjectItem(root, "manifest");
        rs_set_num(man, "format_version", 3);
        rs_set_str(man, "kind", kinds[k]);
        t = rebuilt(root, true, sk);
        char want[400];
        snprintf(want, sizeof want,
                 "b.json: manifest.responses_sha256: not expected in a format 3 %s bundle (expected no such key: the "
                 "chain up to last_chain covers every response; only a salvaged bundle carries it)",
                 kinds[k]);
        if (t) expect_error(t, JH_ERR_INVALID, want);
        free(t);
    }

    /* Salvaged: responses_sha256 required, and checked. */
    root = cJSON_Parse(text);
    rs_set_str(cJSON_GetObjectItem(root, "manifest"), "kind", "salvaged");
    t = rebuilt(root, true, sk);
    if (t) expect_error(t, JH_ERR_INVALID,
                        "b.json: manifest: missing key 'responses_sha256' (a salvaged bundle must carry it: its "
                        "sequence may have gaps)");
    free(t);
    root = cJSON_Parse(v2);
    man = cJSON_GetObjectItem(root, "manifest");
    rs_set_num(man, "format_version", 3);
    rs_set_str(man, "kind", "salvaged");
    t = rebuilt(root, true, sk);
    if (t) {
        CHECK_INT(JH_OK, read_text(t, strlen(t), &err));
        if (err.msg[0]) fprintf(stderr, "salvaged format 3: %s\n", err.msg);
        root = cJSON_Parse(t);
        rs_set_str(cJSON_GetObjectItem(root, "manifest"), "responses_sha256", "11111111111111111111111111111111"
                                                                              "11111111111111111111111111111111");
        char *w = rebuilt(root, false, sk);
        if (w) expect_error(w, JH_ERR_FORGED, "b.json: the responses do not match the manifest: responses_sha256 differs");
        free(w);
    }
    free(t);

    /* A response edited and every chain after it recomputed: without the
     * kiosk's key the signed last_chain no longer matches. */
    for (int i = 0; i < 3; i++) {
        root = cJSON_Parse(text);
        cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "responses"), i);
        cJSON *ans = cJSON_GetObjectItem(r, "answers");
        const char *was = cJSON_GetStringValue(cJSON_GetObjectItem(ans, "meals"));
        rs_set_str(ans, "meals", was && !strcmp(was, "satisfied") ? "fairly" : "satisfied");
        t = rebuilt(root, true, NULL); /* the manifest's last_chain follows: its signature fails */
        if (t) expect_error(t, JH_ERR_FORGED, "b.json: signature does not verify with the key in the manifest");
        root = t ? cJSON_Parse(t) : NULL;
        free(t);
        if (!root) continue;
        cJSON *orig = cJSON_Parse(text);
        rs_set_str(cJSON_GetObjectItem(root, "manifest"), "last_chain",
                   cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(orig, "manifest"), "last_chain")));
        cJSON_Delete(orig);
        t = rebuilt(root, false, NULL); /* the signed manifest as it was, the chain consistent */
        if (t) expect_error(t, JH_ERR_FORGED,
                            "b.json: the responses do not match the manifest: the last chain hash differs (responses "
                            "were changed, or the manifest belongs to another export)");
        free(t);
    }

    /* The last response dropped: with the manifest's range, counts and
     * last_chain following it, the signature fails; with the manifest as
     * signed, the missing seq is named. */
    root = cJSON_Parse(text);
    cJSON_DeleteItemFromArray(cJSON_GetObjectItem(root, "responses"), 2);
    t = rebuilt(root, true, NULL);
    if (t) expect_error(t, JH_ERR_FORGED, "b.json: signature does not verify with the key in the manifest");
    free(t);
    root = cJSON_Parse(text);
    cJSON_DeleteItemFromArray(cJSON_GetObjectItem(root, "responses"), 2);
    t = rebuilt(root, false, NULL);
    if (t) expect_error(t, JH_ERR_FORGED,
                        "b.json: response seq 3 is missing (the manifest lists seq 1 to 3, the bundle ends at seq 2)");
    free(t);

    /* A wrong last_chain (the one before the last), signed by the kiosk's key. */
    root = cJSON_Parse(text);
    cJSON *r1 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "responses"), 1);
    rs_set_str(cJSON_GetObjectItem(root, "manifest"), "last_chain",
               cJSON_GetStringValue(cJSON_GetObjectItem(r1, "chain")));
    t = rebuilt(root, false, sk);
    if (t) expect_error(t, JH_ERR_FORGED,
                        "b.json: the responses do not match the manifest: the last chain hash differs (responses were "
                        "changed, or the manifest belongs to another export)");
    free(t);

    /* An extra and a missing manifest key. */
    root = cJSON_Parse(text);
    put_before(cJSON_GetObjectItem(root, "manifest"), "colour", "red", "surveys");
    t = rebuilt(root, false, sk);
    if (t) expect_error(t, JH_ERR_INVALID,
                        "b.json: manifest: unknown key 'colour' (expected format_version, kind, kiosk_id, school, "
                        "kiosk, exported_ms, exported_at, first_seq, last_seq, n_responses, counts, prev_chain, "
                        "last_chain, surveys, public_key, fingerprint)");
    free(t);
    root = cJSON_Parse(text);
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItem(root, "manifest"), "last_chain");
    t = rebuilt(root, false, sk);
    if (t) expect_error(t, JH_ERR_INVALID, "b.json: manifest: missing key 'last_chain'");
    free(t);
    free(v2);
    free(text);
}

/* A response's uuid must be 8-4-4-4-12 lowercase hex digits: each wrong
 * byte position (in each part the reader checks at once) and length is
 * refused with the same message, in a bundle re-signed after the change. */
static void test_uuid_checks(void)
{
    size_t len = 0;
    char *text = small_bundle("uuid.db", &len, NULL);
    if (!text) return;
    unsigned char pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    static const char *const good[] = {"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                                       "0123abcd-4567-89ef-abcd-0123456789ab"};
    static const char *const bad[] = {
        "A0000000-0000-0000-0000-000000000000", "0000000g-0000-0000-0000-000000000000",
        "00000000x0000-0000-0000-000000000000", "00000000-000-00000-0000-000000000000",
        "00000000-0000-0000-0000-00000000000F", "00000000-0000-0000-0000-0000000000/0",
        "00000000-0000-0000-0000-000000000000-", "00000000-0000-0000-0000-00000000000",
        "00000000-0000-0000-0000-0000-0000000", "00000000-0000-0000-00000000000000000",
        "00000000-0000-00-000000-000000000000", "00000000-0000-0000-0000-00000000:000",
        "00000000-0000-0000-0000-0000000000 0", "00000000-0000-0000-0000-0000000000\xc3\xa9",
        "000000000000000000000000000000000000", "----------------------------------- ",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0] + sizeof bad / sizeof bad[0]; i++) {
        bool ok = i < sizeof good / sizeof good[0];
        const char *u = ok ? good[i] : bad[i - sizeof good / sizeof good[0]];
        cJSON *root = cJSON_Parse(text);
        cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "responses"), 0);
        rs_set_str(r0, "uuid", u);
        char *t = rs_build(root, true, sk);
        cJSON_Delete(root);
        CHECK(t != NULL);
        if (!t) continue;
        if (ok) {
            jh_err_t err = {0};
            CHECK_INT(JH_OK, read_text(t, strlen(t), &err));
            if (err.msg[0]) fprintf(stderr, "uuid %s: %s\n", u, err.msg);
        } else {
            char want[300];
            snprintf(want, sizeof want,
                     "b.json: response 1 (seq 1).uuid: '%.40s' is not a UUID (expected 8-4-4-4-12 lowercase hex digits)",
                     u);
            expect_error(t, JH_ERR_INVALID, want);
        }
        free(t);
    }
    free(text);
}

/* One response of text (index i) as a cJSON object to change. */
static cJSON *response_at(cJSON *root, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(root, "responses"), i);
}

/* A response's day is a calendar date (review rmerge4, item 9: 2026-02-30,
 * 0000-01-01 and "<b>x</b>!!" were merged, the last named in a warning as
 * the latest day), in the second response too (the checks of one that
 * passed are skipped for the same bytes). */
static void test_day_checks(void)
{
    size_t len = 0;
    char *text = small_bundle("day.db", &len, NULL);
    if (!text) return;
    unsigned char pk[32], sk[64];
    crypto_sign_keypair(pk, sk);
    static const char *const good[] = {"2026-02-28", "2024-02-29", "2000-02-29", "1970-01-01", "9999-12-31"};
    static const char *const bad[] = {"2026-02-30", "0000-01-01", "<b>x</b>!!", "2026-13-01", "2026-00-10",
                                      "2026-04-31", "2025-02-29", "1900-02-29", "1969-12-31", "2026-1-015",
                                      "2026/01/15", "2026-01-1", "", "2026-01-00", "+026-01-15", "2026-01-32"};
    for (size_t i = 0; i < sizeof good / sizeof good[0] + sizeof bad / sizeof bad[0]; i++) {
        bool ok = i < sizeof good / sizeof good[0];
        const char *d = ok ? good[i] : bad[i - sizeof good / sizeof good[0]];
        for (int at = 0; at < 2; at++) {
            cJSON *root = cJSON_Parse(text);
            rs_set_str(response_at(root, at), "day", d);
            char *t = rs_build(root, true, sk);
            cJSON_Delete(root);
            CHECK(t != NULL);
            if (!t) continue;
            if (ok) {
                jh_err_t err = {0};
                CHECK_INT(JH_OK, read_text(t, strlen(t), &err));
                if (err.msg[0]) fprintf(stderr, "day %s: %s\n", d, err.msg);
            } else {
                char want[300];
                snprintf(want, sizeof want,
                         "b.json: response %d (seq %d).day: '%s' is not a calendar date (expected YYYY-MM-DD, a day "
                         "that exists, from 1970)",
                         at + 1, at + 1, d);
                expect_error(t, JH_ERR_INVALID, want);
            }
            free(t);
        }
    }
    free(text);
}

/* Bundle root with response 2 copied n times after the first (seq and
 * uuid made unique), the answers of copy k set by fill(answers, k). */
static void grow(cJSON *root, int n, void (*fill)(cJSON *answers, int k))
{
    cJSON *resp = cJSON_GetObjectItem(root, "responses");
    cJSON *proto = cJSON_Duplicate(cJSON_GetArrayItem(resp, 1), true);
    while (cJSON_GetArraySize(resp) > 1) cJSON_DeleteItemFromArray(resp, 1);
    for (int k = 0; k < n; k++) {
        cJSON *r = cJSON_Duplicate(proto, true);
        rs_set_num(r, "seq", k + 2);
        char u[40];
        snprintf(u, sizeof u, "00000000-0000-4000-8000-%012d", k + 2);
        rs_set_str(r, "uuid", u);
        fill(cJSON_GetObjectItem(r, "answers"), k);
        cJSON_AddItemToArray(resp, r);
    }
    cJSON_Delete(proto);
}

/* Comments of every length around the fast path's 32-byte windows, with a
 * three-byte character at every offset there, and scores changing. */
static void fill_lengths(cJSON *answers, int k)
{
    char v[64];
    int len = k % 40, at = k / 40 % 3 ? (k * 7) % 40 : -1;
    for (int i = 0; i < len; i++) v[i] = (char)('a' + (i + k) % 26);
    v[len] = '\0';
    if (at >= 0 && at + 3 <= len) memcpy(v + at, "\xe9\xa3\x9f", 3); /* 食 */
    rs_set_str(answers, "comment", v);
    char score[8];
    snprintf(score, sizeof score, "%d", k % 11);
    rs_set_str(answers, "score", score);
}

/* Some copies answer fewer items, some in a different order, one an
 * item twice (right after copies with the same items). */
static void fill_keys(cJSON *answers, int k)
{
    if (k % 5 == 1) cJSON_DeleteItemFromObject(answers, "safety");
    if (k % 5 == 2) {
        cJSON *m = cJSON_DetachItemFromObject(answers, "meals");
        cJSON_AddItemToObject(answers, "meals", m);
    }
    if (k == 13) cJSON_AddItemToObject(answers, "score", cJSON_CreateString("3"));
}

/* The fast path reads tricky bundles exactly as the slow path: answers at
 * every length around its 32-byte scan and its pair lookup, multi-byte
 * characters across the windows' edges, invalid UTF-8 and escapes (\u
 * with surrogates) at those edges, item ids repeated, fields out of
 * order, numbers of every digit count. */
static void test_fast_path_tricky(void)
{
    size_t len = 0;
    char *text = small_bundle("tricky.db", &len, NULL);
    if (!text) return;
    unsigned char sk[64];
    CHECK(kiosk_key("tricky.db", sk));
    int fast = 0;

    /* 240 responses, every one read fast, all verifying */
    cJSON *root = cJSON_Parse(text);
    grow(root, 240, fill_lengths);
    char *t = rebuilt(root, true, sk);
    CHECK(read_both_agree(t, strlen(t), &fast));
    CHECK_INT(240, fast);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, read_text(t, strlen(t), &err));
    if (err.msg[0]) fprintf(stderr, "lengths: %s\n", err.msg);

    /* The same bytes changed in place (the chain then fails, or the text is
     * refused before): a quote, a backslash, a control byte, a \u escape
     * with and without its surrogate pair, a lone continuation byte and a
     * truncated character, at each position of some comment. */
    static const char *const bad[] = {"\"", "\\", "\x01", "\x7f", "\\u98df", "\\ud83d\\ude00", "\\ud83d", "\x9f",
                                      "\xe9\xa3", "\xc0\xaf"};
    int tried = 0, differ = 0;
    const char *c = strstr(t, "\"comment\":\"");
    for (int r = 0; c && r < 12; r++, c = strstr(c + 1, "\"comment\":\"")) {
        size_t at = (size_t)(c - t) + 11;
        for (size_t off = 0; off < 34; off++) {
            if (t[at + off] == '"') break;
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                jh_buf_t m = {0};
                jh_buf_append(&m, t, at + off);
                jh_buf_puts(&m, bad[b]);
                jh_buf_puts(&m, t + at + off + 1);
                tried++;
                if (!read_both_agree(m.data, m.len, &fast)) differ++;
                jh_buf_free(&m);
            }
        }
    }
    printf("  %d changes in comments, %d read differently by the fast path\n", tried, differ);
    CHECK_INT(0, differ);
    CHECK(tried > 500);
    free(t);

    /* item ids left out, moved and repeated */
    root = cJSON_Parse(text);
    grow(root, 20, fill_keys);
    t = rebuilt(root, true, sk);
    CHECK(read_both_agree(t, strlen(t), &fast));
    expect_error(t, JH_ERR_INVALID, "b.json: response 15 (seq 15).answers: item 'score' appears twice");
    free(t);

    /* fields out of order: read the slow way, and refused the same way */
    root = cJSON_Parse(text);
    cJSON *r1 = response_at(root, 1);
    cJSON_AddItemToObject(r1, "status", cJSON_DetachItemFromObject(r1, "status"));
    t = rebuilt(root, true, sk);
    CHECK(read_both_agree(t, strlen(t), &fast));
    free(t);

    /* numbers of every length: seq, and the times where the response has them */
    for (int digits = 1; digits <= 17; digits++) {
        char num[24];
        for (int i = 0; i < digits; i++) num[i] = (char)('1' + (i * 3) % 9);
        num[digits] = '\0';
        static const char *const fields[] = {"\"seq\":2,", "\"duration_min\":", "\"started_ms\":", "\"duration_ms\":"};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            const char *p = strstr(text, "\n{\"kiosk\"");
            p = p ? strstr(p + 1, "\n{\"kiosk\"") : NULL;
            const char *at = p ? strstr(p, fields[f]) : NULL;
            if (!at) continue;
            at += strlen(fields[f]) - (f == 0 ? 2 : 0);
            size_t nd = strspn(at, "0123456789");
            jh_buf_t m = {0};
            jh_buf_append(&m, text, (size_t)(at - text));
            jh_buf_puts(&m, num);
            jh_buf_puts(&m, at + nd);
            tried++;
            if (!read_both_agree(m.data, m.len, &fast)) {
                fprintf(stderr, "  differs: %s%s\n", fields[f], num);
                differ++;
            }
            jh_buf_free(&m);
        }
    }
    CHECK_INT(0, differ);
    free(text);
}

/* Review 12, item 2: the sealed backup needs no room on the kiosk's own
 * temporary folder and leaves no plain copy there.  With TMPDIR pointing at
 * a folder that cannot be written to (like a full /tmp), the export used to fail
 * with "the export drive is full"; with a writable one it left nothing, but
 * had written a plain 0644 copy of the database there meanwhile. */
static void test_backup_without_temp_copy(void)
{
    store_t *st = make_store("notmp.db");
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    jh_err_t err = {0};
    unsigned char bpk[32], bsk[64], xpk[32], xsk[32];
    crypto_sign_keypair(bpk, bsk);
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    char out[700], tmp[700];
    snprintf(out, sizeof out, "%s/notmp-usb", dir);
    snprintf(tmp, sizeof tmp, "%s/notmp-tmp", dir);
    mkdir(out, 0755);
    /* A temporary folder nothing can be created in (as root, too): below a
     * plain file. */
    tu_write(tmp, "x", 1);
    char tmpdir[800];
    snprintf(tmpdir, sizeof tmpdir, "%s/sub", tmp);
    char *old = getenv("TMPDIR") ? jh_strdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", tmpdir, 1);
    bundle_export_info_t info;
    jh_status_t s = bundle_export(st, out, true, T0 + 3600000, &info, &err);
    if (s != JH_OK) fprintf(stderr, "export: %s\n", err.msg);
    CHECK_INT(JH_OK, s);
    if (old) setenv("TMPDIR", old, 1); else unsetenv("TMPDIR");
    free(old);
    /* The sealed backup opens to a working database without the PIN hash. */
    char *sealed = NULL;
    size_t slen = 0;
    CHECK_INT(JH_OK, jh_read_file(info.backup_path, &sealed, &slen, &err));
    CHECK(sealed && slen > crypto_box_SEALBYTES);
    CHECK_INT(0, crypto_sign_ed25519_pk_to_curve25519(xpk, bpk));
    CHECK_INT(0, crypto_sign_ed25519_sk_to_curve25519(xsk, bsk));
    if (sealed && slen > crypto_box_SEALBYTES) {
        char plain_path[800];
        snprintf(plain_path, sizeof plain_path, "%s/notmp-unsealed.db", dir);
        CHECK_INT(JH_OK, seal_file_open(info.backup_path, plain_path, xpk, xsk, &err));
        char *plain = NULL;
        size_t plen = 0;
        CHECK_INT(JH_OK, jh_read_file(plain_path, &plain, &plen, &err));
        CHECK(plain && plen > 100);
        if (plain && plen > 100) {
            CHECK_INT(1, plain[18]);
            CHECK_INT(1, plain[19]);
            CHECK(!memmem(plain, plen, "$argon2id$", 10));
        }
        free(plain);
        sqlite3 *db = NULL;
        CHECK_INT(SQLITE_OK, sqlite3_open_v2(plain_path, &db, SQLITE_OPEN_READONLY, NULL));
        sqlite3_stmt *q = NULL;
        CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(db, "SELECT count(*) FROM responses", -1, &q, NULL));
        CHECK_INT(SQLITE_ROW, sqlite3_step(q));
        CHECK_INT(3, sqlite3_column_int(q, 0));
        sqlite3_finalize(q);
        sqlite3_close(db);
    }
    free(sealed);
    store_close(st);
}

/* The sealed backup's two forms (seal.h): form 2, written a chunk at a
 * time, opens to the same bytes at every size around the chunk size; form
 * 1 (one sealed box, what kiosks before 2026-12 wrote) still opens; a file
 * cut short at a chunk's end or by a byte, extended, changed, or sealed to
 * another key does not open, and nothing is left at the output path. */
static void test_sealed_forms(void)
{
    unsigned char bpk[32], bsk[64], xpk[32], xsk[32], opk[32], osk[64], oxpk[32], oxsk[32];
    crypto_sign_keypair(bpk, bsk);
    crypto_sign_keypair(opk, osk);
    CHECK_INT(0, crypto_sign_ed25519_pk_to_curve25519(xpk, bpk) | crypto_sign_ed25519_sk_to_curve25519(xsk, bsk));
    CHECK_INT(0, crypto_sign_ed25519_pk_to_curve25519(oxpk, opk) | crypto_sign_ed25519_sk_to_curve25519(oxsk, osk));
    jh_err_t err = {0};
    char plain[700], sealed[700], out[700];
    snprintf(plain, sizeof plain, "%s/seal-plain", dir);
    snprintf(sealed, sizeof sealed, "%s/seal-plain.sealed", dir);
    snprintf(out, sizeof out, "%s/seal-out", dir);
    static const size_t sizes[] = {0, 1, 100, SEAL_CHUNK - 1, SEAL_CHUNK, SEAL_CHUNK + 1, 3 * SEAL_CHUNK + 7};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        size_t n = sizes[i];
        unsigned char *data = malloc(n + 1);
        randombytes_buf(data, n + 1);
        tu_write(plain, data, n);
        unlink(sealed);
        unlink(out);
        CHECK_INT(JH_OK, seal_file_write(plain, sealed, xpk, &err));
        struct stat sb;
        CHECK(stat(sealed, &sb) == 0 && (uint64_t)sb.st_size == seal_sealed_size(n));
        CHECK_INT(JH_OK, seal_file_open(sealed, out, xpk, xsk, &err));
        char *back = NULL;
        size_t blen = 99;
        CHECK_INT(JH_OK, jh_read_file(out, &back, &blen, &err));
        CHECK(back && blen == n && memcmp(back, data, n) == 0);
        free(back);
        unlink(out);
        /* another bureau's key */
        CHECK_INT(JH_ERR_FORGED, seal_file_open(sealed, out, oxpk, oxsk, &err));
        CHECK(strstr(err.msg, "does not open with this key") != NULL);
        CHECK(access(out, F_OK) != 0);
        char *s = NULL;
        size_t slen = 0;
        CHECK_INT(JH_OK, jh_read_file(sealed, &s, &slen, &err));
        /* cut short by one byte, by its whole last chunk (17 bytes when the
         * last is empty), extended by a byte, one byte changed */
        size_t last = crypto_secretstream_xchacha20poly1305_ABYTES + n % SEAL_CHUNK;
        struct {
            size_t len;
            long flip;
        } bad[] = {{slen - 1, -1}, {slen - last, -1}, {slen + 1, -1}, {slen, (long)slen / 2}, {slen, (long)slen - 1}};
        for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
            unsigned char *c = malloc(slen + 1);
            memcpy(c, s, slen);
            c[slen] = 'x';
            if (bad[k].flip >= 0) c[bad[k].flip] ^= 0x20;
            char cut[720];
            snprintf(cut, sizeof cut, "%s.bad", sealed);
            tu_write(cut, c, bad[k].len);
            jh_status_t st = seal_file_open(cut, out, xpk, xsk, &err);
            if (st != JH_ERR_FORGED) fprintf(stderr, "size %zu, case %zu: %d %s\n", n, k, (int)st, err.msg);
            CHECK_INT(JH_ERR_FORGED, st);
            CHECK(access(out, F_OK) != 0);
            unlink(cut);
            free(c);
        }
        free(s);
        /* form 1: one sealed box over the whole file */
        unsigned char *box = malloc(n + crypto_box_SEALBYTES);
        CHECK_INT(0, crypto_box_seal(box, data, n, xpk));
        tu_write(sealed, box, n + crypto_box_SEALBYTES);
        CHECK_INT(JH_OK, seal_file_open(sealed, out, xpk, xsk, &err));
        back = NULL;
        CHECK_INT(JH_OK, jh_read_file(out, &back, &blen, &err));
        CHECK(back && blen == n && memcmp(back, data, n) == 0);
        free(back);
        unlink(out);
        CHECK_INT(JH_ERR_FORGED, seal_file_open(sealed, out, oxpk, oxsk, &err));
        CHECK(access(out, F_OK) != 0);
        free(box);
        free(data);
    }
    /* a target that cannot be written leaves nothing */
    char nodir[720];
    snprintf(nodir, sizeof nodir, "%s/no-such-folder/x.sealed", dir);
    CHECK(seal_file_write(plain, nodir, xpk, &err) != JH_OK);
    unlink(plain);
    unlink(sealed);
}

/* Review rsoak, item 1: exporting a large database aborted the whole kiosk
 * (exit 134): the backup was made in memory, about five times the
 * database, and every allocation aborted on failure.  Here a database
 * padded to 48 MB is exported in a child process whose address space is
 * limited to what it uses already plus 40 MB: the backup is now made on
 * disk and sealed a chunk at a time, so the export succeeds, the backup
 * opens, and no plain copy is left on the kiosk's disk.  (Not under ASan:
 * it reserves more address space than any limit here.) */
static void test_export_memory_bounded(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return;
#endif
#endif
    store_t *st = make_store("bigexp.db");
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    jh_err_t err = {0};
    unsigned char bpk[32], bsk[64], xpk[32], xsk[32];
    crypto_sign_keypair(bpk, bsk);
    CHECK_INT(0, crypto_sign_ed25519_pk_to_curve25519(xpk, bpk) | crypto_sign_ed25519_sk_to_curve25519(xsk, bsk));
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st),
                                      "CREATE TABLE pad(b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
                                      "i + 1 FROM n WHERE i < 48) INSERT INTO pad SELECT randomblob(1000000) FROM n;",
                                      NULL, NULL, NULL));
    char usb[700];
    snprintf(usb, sizeof usb, "%s/bigexp-usb", dir);
    mkdir(usb, 0755);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        long pages = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        if (!f || fscanf(f, "%ld", &pages) != 1) _exit(2);
        fclose(f);
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (rlim_t)40 * 1024 * 1024;
        if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(2);
        bundle_export_info_t info;
        jh_err_t e = {0};
        jh_status_t s = bundle_export(st, usb, true, T0 + 3600000, &info, &e);
        if (s != JH_OK) fprintf(stderr, "export under the limit: %s\n", e.msg);
        _exit(s == JH_OK && info.recorded && info.backup_path[0] ? 0 : 1);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    if (!WIFEXITED(status)) fprintf(stderr, "the export died: signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* The backup opens to the whole database, the padding included. */
    DIR *d = opendir(usb);
    struct dirent *e;
    int n_sealed = 0;
    char sealed[1200] = "";
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (strstr(e->d_name, ".db.sealed")) {
            n_sealed++;
            snprintf(sealed, sizeof sealed, "%s/%s", usb, e->d_name);
        }
    }
    if (d) closedir(d);
    CHECK_INT(1, n_sealed);
    char plain[700];
    snprintf(plain, sizeof plain, "%s/bigexp-unsealed.db", dir);
    CHECK_INT(JH_OK, seal_file_open(sealed, plain, xpk, xsk, &err));
    sqlite3 *db = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_open_v2(plain, &db, SQLITE_OPEN_READONLY, NULL));
    sqlite3_stmt *q = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM pad), (SELECT count(*) FROM responses), "
                                                "(SELECT count(*) FROM pin WHERE hash IS NOT NULL)",
                                            -1, &q, NULL));
    CHECK_INT(SQLITE_ROW, sqlite3_step(q));
    CHECK_INT(48, sqlite3_column_int(q, 0));
    CHECK_INT(3, sqlite3_column_int(q, 1));
    CHECK_INT(0, sqlite3_column_int(q, 2));
    sqlite3_finalize(q);
    sqlite3_close(db);
    unlink(plain);
    /* No plain copy is left beside the database. */
    d = opendir(dir);
    int n_private = 0;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, ".junheng-export-", 16)) n_private++;
    if (d) closedir(d);
    CHECK_INT(0, n_private);
    /* What an export cut off by a power cut left (its folder and plain
     * copy) is removed by the next export once 15 minutes old; a fresh one
     * (an export running beside) is left alone. */
    char stale[700], fresh[700], copy[760];
    snprintf(stale, sizeof stale, "%s/.junheng-export-Stale1", dir);
    snprintf(fresh, sizeof fresh, "%s/.junheng-export-Fresh1", dir);
    mkdir(stale, 0700);
    mkdir(fresh, 0700);
    snprintf(copy, sizeof copy, "%s/backup.db", stale);
    tu_write(copy, "plain", 5);
    struct timeval old[2] = {{time(NULL) - 3600, 0}, {time(NULL) - 3600, 0}};
    CHECK_INT(0, utimes(copy, old));
    CHECK_INT(0, utimes(stale, old));
    snprintf(copy, sizeof copy, "%s/backup.db", fresh);
    tu_write(copy, "plain", 5);
    bundle_export_info_t again;
    CHECK_INT(JH_OK, bundle_export(st, usb, true, T0 + 7200000, &again, &err));
    CHECK(access(stale, F_OK) != 0);
    CHECK(access(copy, F_OK) == 0);
    unlink(copy);
    rmdir(fresh);
    store_close(st);
}

/* Review 12, item 3: a kiosk database put back from an older copy (restore
 * cards are common in schools) must not reuse seqs that were recorded and
 * exported before.  The identity file remembers the highest finished seq;
 * the restored database continues above it, the next response chains from
 * the last one it holds, and the bundle (with a gap) reads.  Failed before:
 * the new response got seq 4 again, which the bureau quarantines. */
static void test_restored_database_continues(void)
{
    store_t *st = make_store("restored.db");
    char path[700], usb[700];
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(usb, sizeof usb, "%s/restored-usb", dir);
    mkdir(usb, 0755);
    jh_err_t err = {0};
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    bundle_export_info_t a, b2, c2, d2;
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2400000, &a, &err));
    CHECK_INT(3, a.last_seq);
    store_close(st);
    /* The copy a restore card keeps: seq 1-3, exported up to 3. */
    char *copy = NULL;
    size_t clen = 0;
    CHECK_INT(JH_OK, jh_read_file(path, &copy, &clen, &err));
    store_open_info_t info;
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 3600000, &st, &info, &err));
    CHECK_INT(0, info.seq_restored_from);
    for (int k = 3; k < 6; k++) CHECK_INT(k + 1, answer(st, k, STORE_SUBMITTED, T0 + 3600000 + k * 600000));
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 7200000, &b2, &err));
    CHECK_INT(4, b2.first_seq);
    CHECK_INT(6, b2.last_seq);
    store_close(st);
    /* The older copy is put back. */
    unlink(path);
    tu_write(path, copy, clen);
    free(copy);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 10800000, &st, &info, &err));
    CHECK_INT(3, info.seq_restored_from);
    int64_t seq = answer(st, 7, STORE_SUBMITTED, T0 + 10800000);
    CHECK(seq > 6);
    store_close(st);
    /* Reopening the (now current) database is no restore. */
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 11000000, &st, &info, &err));
    CHECK_INT(0, info.seq_restored_from);
    /* The incremental export after the jump: prev_chain is seq 3's chain. */
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 14400000, &c2, &err));
    CHECK_INT(seq, c2.first_seq);
    bundle_t *rb = read_ok(c2.path);
    bundle_t *ra = read_ok(a.path);
    if (rb && ra) CHECK_STR(ra->last_chain, rb->prev_chain);
    bundle_free(rb);
    bundle_free(ra);
    /* A full export holds 1-3 and the new one: a gap, chained on; it reads. */
    CHECK_INT(JH_OK, bundle_export(st, usb, true, T0 + 18000000, &d2, &err));
    CHECK_INT(1, d2.first_seq);
    CHECK_INT(seq, d2.last_seq);
    CHECK_INT(4, d2.n_responses);
    rb = read_ok(d2.path);
    if (rb) {
        CHECK_INT(4, rb->n_responses);
        CHECK_INT(seq, rb->responses[3].seq);
        char want[65];
        store_chain_hash(rb->responses[2].chain, rb->responses[3].canonical, want);
        CHECK_STR(want, rb->responses[3].chain);
        bundle_free(rb);
    }
    store_close(st);
    /* The bureau: the jump is a continuation, not a gap or a quarantine.
     * Failed before: "gap: kiosk K-test seq N is not imported yet". */
    char cpath[700];
    snprintf(cpath, sizeof cpath, "%s/restored-county.db", dir);
    county_t *c = NULL;
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    /* the county's code, as the bureau gives it (junheng merge --county) */
    if (c) CHECK_INT(JH_OK, county_code_set(c, "361102", "option", &err));
    county_import_t r;
    const char *files[] = {a.path, b2.path, c2.path, d2.path};
    for (int i = 0; c && i < 4; i++) {
        CHECK_INT(JH_OK, county_merge_file(c, files[i], NULL, T0 + 20000000, &r, &err));
        if (r.verdict == COUNTY_REJECTED) fprintf(stderr, "%s: %s\n", files[i], r.reason);
        CHECK(r.verdict == COUNTY_IMPORTED || r.verdict == COUNTY_UNCHANGED);
        CHECK_INT(0, r.n_quarantined);
        if (i == 2) {
            CHECK_INT(1, r.n_new);
            CHECK_CONTAINS("continues at seq", r.reason);
        }
        if (i == 3) CHECK_INT(4, r.n_duplicate);
    }
    county_close(c);
}

/* A cloned kiosk's fork is quarantined (seq 4-5); then the clone's database
 * is put back, so it continues above every seq it used, chained on its
 * quarantined seq 5.  That bundle continues the fork: quarantined too.
 * Failed before: imported with "gap: kiosk K-test seq N is not imported yet"
 * (the quarantine was looked up at first_seq - 1 only). */
static void test_fork_continues_after_jump(void)
{
    store_t *st = make_store("forkjump.db");
    char path[700], usb[700];
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(usb, sizeof usb, "%s/forkjump-usb", dir);
    mkdir(usb, 0755);
    jh_err_t err = {0};
    store_open_info_t info;
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    bundle_export_info_t a, b2, bf, bj;
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2400000, &a, &err));
    store_close(st);
    /* a cloned disk: the kiosk at seq 3 (database and identity) */
    char *clone = NULL, *clone_id = NULL, *card = NULL, ipath[720];
    size_t clone_len = 0, clone_id_len = 0, card_len = 0;
    snprintf(ipath, sizeof ipath, "%s.identity", path);
    CHECK_INT(JH_OK, jh_read_file(path, &clone, &clone_len, &err));
    CHECK_INT(JH_OK, jh_read_file(ipath, &clone_id, &clone_id_len, &err));
    /* the original goes on: seq 4-6 */
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 3600000, &st, &info, &err));
    for (int k = 3; k < 6; k++) answer(st, k, STORE_SUBMITTED, T0 + 3600000 + k * 600000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 7200000, &b2, &err));
    store_close(st);
    /* the clone: its own seq 4-5 */
    unlink(path);
    unlink(ipath);
    tu_write(path, clone, clone_len);
    tu_write(ipath, clone_id, clone_id_len);
    free(clone);
    free(clone_id);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 8000000, &st, &info, &err));
    for (int k = 10; k < 12; k++) answer(st, k, STORE_SUBMITTED, T0 + 8000000 + k * 60000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 9000000, &bf, &err));
    CHECK_INT(4, bf.first_seq);
    CHECK_INT(5, bf.last_seq);
    store_close(st);
    CHECK_INT(JH_OK, jh_read_file(path, &card, &card_len, &err));
    /* the clone answers seq 6, then its database is put back (at seq 5) */
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 9500000, &st, &info, &err));
    CHECK_INT(6, answer(st, 12, STORE_SUBMITTED, T0 + 9600000));
    store_close(st);
    unlink(path);
    tu_write(path, card, card_len);
    free(card);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 10000000, &st, &info, &err));
    int64_t seq = answer(st, 13, STORE_SUBMITTED, T0 + 10100000);
    CHECK(seq > 6);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 10200000, &bj, &err));
    CHECK_INT(seq, bj.first_seq);
    store_close(st);

    char cpath[700];
    snprintf(cpath, sizeof cpath, "%s/forkjump-county.db", dir);
    county_t *c = NULL;
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    /* the county's code, as the bureau gives it (junheng merge --county) */
    if (c) CHECK_INT(JH_OK, county_code_set(c, "361102", "option", &err));
    county_import_t r;
    const char *files[] = {a.path, b2.path, bf.path, bj.path};
    for (int i = 0; c && i < 4; i++) {
        CHECK_INT(JH_OK, county_merge_file(c, files[i], NULL, T0 + 20000000, &r, &err));
        if (i < 2) {
            CHECK_INT(COUNTY_IMPORTED, r.verdict);
            CHECK_INT(3, r.n_new);
        } else if (i == 2) {
            CHECK_INT(COUNTY_CONFLICTS, r.verdict);
            CHECK_INT(2, r.n_quarantined);
        } else {
            CHECK_INT(COUNTY_CONFLICTS, r.verdict);
            CHECK_INT(0, r.n_new);
            CHECK_INT(1, r.n_quarantined);
            CHECK_CONTAINS("the bundle continues seq 5, which is quarantined: its history forks from what was "
                           "imported at seq 4",
                           r.reason);
            CHECK(strstr(r.reason, "gap:") == NULL);
        }
    }
    county_close(c);
}

/* Review 13 (ronsite), item 2: a damaged database whose questionnaire
 * table alone was lost (a truncated file after a power cut) salvaged
 * nothing: every intact response counted as damaged for want of its
 * definition, though the live store holds the same definition (same hash).
 * The definition is now taken from the live store, when its text hashes to
 * the response's survey_hash (a different text is not used). */
static void test_salvage_without_survey_table(void)
{
    store_t *st = make_store("salv-live.db");
    jh_err_t err = {0};
    CHECK_INT(JH_OK, store_survey_register(st, mini, &err));
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    char usb[700];
    snprintf(usb, sizeof usb, "%s/salv-usb", dir);
    mkdir(usb, 0755);
    for (int how = 0; how < 4; how++) {
        /* The recovered copy: the questionnaire rows (how 0), or the whole
         * table (how 1), lost; how 2 (second review r4): the row kept but
         * its text damaged (it failed the whole salvage, "hash mismatch");
         * how 3: rows lost and the live store's text altered (its hash no
         * longer matches). */
        char rec_path[700];
        snprintf(rec_path, sizeof rec_path, "%s/salv-rec-%d.db", dir, how);
        unlink(rec_path);
        char *sql = jh_sprintf("VACUUM INTO '%s'", rec_path);
        CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), sql, NULL, NULL, NULL));
        free(sql);
        sqlite3 *rec = NULL;
        CHECK_INT(SQLITE_OK, sqlite3_open(rec_path, &rec));
        CHECK_INT(SQLITE_OK, sqlite3_exec(rec, how == 1   ? "DROP TABLE surveys"
                                          : how == 2 ? "UPDATE surveys SET source_json = "
                                                       "replace(source_json, '\"', ' \"')"
                                                     : "DELETE FROM surveys", NULL, NULL,
                                          NULL));
        sqlite3_close(rec);
        CHECK_INT(SQLITE_OK, sqlite3_open_v2(rec_path, &rec, SQLITE_OPEN_READONLY, NULL));
        if (how == 3)
            CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), "UPDATE surveys SET source_json = source_json || ' '",
                                              NULL, NULL, NULL));
        bundle_salvage_info_t info;
        jh_status_t r = bundle_salvage_export(st, rec, rec_path, usb, T0 + 9000000 + how * 1000, &info, &err);
        if (r != JH_OK) fprintf(stderr, "salvage: %s\n", err.msg);
        CHECK_INT(JH_OK, r);
        if (how < 3) {
            if (info.n_responses != 3)
                fprintf(stderr, "how %d: expected 3 salvaged, got %lld (%lld damaged)\n", how,
                        (long long)info.n_responses, (long long)info.n_damaged);
            CHECK_INT(3, info.n_responses);
            CHECK_INT(0, info.n_damaged);
            bundle_t *b = read_ok(info.path);
            if (b) {
                CHECK_INT(3, b->n_responses);
                CHECK_INT(1, b->n_surveys);
                CHECK_STR(mini->hash, b->surveys[0]->hash);
            }
            bundle_free(b);
            unlink(info.path);
        } else {
            CHECK_INT(0, info.n_responses);
            CHECK_INT(3, info.n_damaged);
        }
        sqlite3_close(rec);
    }
    store_close(st);
}

/* Review 13 (ronsite), item 3: a response changed in the database after it
 * was recorded (one byte of its canonical text, or its chain hash) is never
 * exported: bundle_export checks the chain before writing anything and names
 * the seq (it wrote, failed its own verification with "truncated: JSON
 * ends at ...", and told the clerk to try another USB stick); the rest goes
 * out in a salvaged bundle without it. */
static void test_export_altered(void)
{
    static const char *const how_sql[] = {
        "UPDATE responses SET canonical = replace(canonical, '\"lang\":\"en\"', '\"lang\":\"zh\"') WHERE seq = 2",
        "UPDATE responses SET chain = CASE WHEN chain LIKE 'a%' THEN 'b' ELSE 'a' END || substr(chain, 2) WHERE seq = 2",
        "UPDATE responses SET canonical = replace(canonical, '\"lang\":\"zh-CN\"', '\"lang\":\"en\"') WHERE seq = 1",
    };
    static const int bad_seq[] = {2, 2, 1};
    for (int how = 0; how < 3; how++) {
        char name[64], usb[700];
        snprintf(name, sizeof name, "altered-%d.db", how);
        store_t *st = make_store(name);
        jh_err_t err = {0};
        for (int k = 0; k < 4; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
        snprintf(usb, sizeof usb, "%s/altered-usb-%d", dir, how);
        mkdir(usb, 0755);
        CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), how_sql[how], NULL, NULL, NULL));
        CHECK_INT(1, sqlite3_changes(store_db(st)));
        bundle_export_info_t info;
        CHECK_INT(JH_ERR_CORRUPT, bundle_export(st, usb, true, T0 + 9000000, &info, &err));
        CHECK_INT(1, info.n_altered);
        CHECK_INT(bad_seq[how], info.altered_seq[0]);
        char want[64];
        snprintf(want, sizeof want, "1 response (seq %d) was changed", bad_seq[how]);
        if (!strstr(err.msg, want)) fprintf(stderr, "expected '%s' in: %s\n", want, err.msg);
        CHECK(strstr(err.msg, want) != NULL);
        CHECK_INT(0, count_files(usb)); /* nothing written */
        bundle_salvage_info_t sv;
        CHECK_INT(JH_OK, bundle_export_intact(st, usb, T0 + 9001000, &sv, &err));
        CHECK_INT(3, sv.n_responses);
        CHECK_INT(1, sv.n_damaged);
        bundle_t *b = read_ok(sv.path);
        if (b) {
            CHECK_INT(3, b->n_responses);
            for (int i = 0; i < b->n_responses; i++) CHECK(b->responses[i].seq != bad_seq[how]);
            CHECK_STR("salvaged", b->kind);
        }
        bundle_free(b);
        store_close(st);
    }
}

/* Second review r1: the seq named as changed was the one after it.  Seqs
 * 1-5 exported, then seq 5's chain column damaged (how 0), or seq 5's text
 * and chain both rewritten to agree (how 1); answers 6-8 arrive.  The range
 * check started from seq 5's stored hash and named seq 6, which the salvaged
 * bundle then held, while it left out seq 5 (how 0) or exported the
 * rewritten seq 5 (how 1).  Now the seqs named are the ones left out, and
 * seq 5 ended a recorded export, whose hash it no longer carries. */
static void test_export_altered_named(void)
{
    static const char *const how_sql[] = {
        "UPDATE responses SET chain = CASE substr(chain, 1, 1) WHEN '0' THEN '1' ELSE '0' END || substr(chain, 2) "
        "WHERE seq = 5",
        NULL,
    };
    for (int how = 0; how < 2; how++) {
        char name[64], usb[700];
        snprintf(name, sizeof name, "named-%d.db", how);
        store_t *st = make_store(name);
        jh_err_t err = {0};
        for (int k = 0; k < 5; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
        unsigned char bpk[32], bsk[64];
        crypto_sign_keypair(bpk, bsk);
        char bhex[65];
        jh_hex(bpk, 32, bhex);
        CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
        snprintf(usb, sizeof usb, "%s/named-usb-%d", dir, how);
        mkdir(usb, 0755);
        bundle_export_info_t info;
        CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 8000000, &info, &err));
        CHECK_INT(5, info.last_seq);
        if (how_sql[how]) {
            CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), how_sql[how], NULL, NULL, NULL));
        } else {
            /* Seq 5 answered in another language, its hash recomputed to
             * agree with its new text and seq 4's hash. */
            char *c4 = NULL, *c5 = NULL;
            sqlite3_stmt *q = NULL;
            CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(store_db(st), "SELECT chain, canonical FROM responses WHERE "
                                                                  "seq IN (4, 5) ORDER BY seq", -1, &q, NULL));
            CHECK_INT(SQLITE_ROW, sqlite3_step(q));
            c4 = jh_strdup((const char *)sqlite3_column_text(q, 0));
            CHECK_INT(SQLITE_ROW, sqlite3_step(q));
            c5 = jh_strdup((const char *)sqlite3_column_text(q, 1));
            sqlite3_finalize(q);
            char *p = strstr(c5, "\"lang\":\"");
            CHECK(p != NULL);
            if (p) p[8] = p[8] == 'e' ? 'x' : 'e';
            char h[65];
            store_chain_hash(c4, c5, h);
            CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(store_db(st), "UPDATE responses SET canonical = ?, chain = ? "
                                                                  "WHERE seq = 5", -1, &q, NULL));
            sqlite3_bind_text(q, 1, c5, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, h, -1, SQLITE_STATIC);
            CHECK_INT(SQLITE_DONE, sqlite3_step(q));
            sqlite3_finalize(q);
            free(c4);
            free(c5);
        }
        CHECK_INT(1, sqlite3_changes(store_db(st)));
        for (int k = 5; k < 8; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
        CHECK_INT(JH_ERR_CORRUPT, bundle_export(st, usb, false, T0 + 9000000, &info, &err));
        CHECK_INT(1, info.n_altered);
        CHECK_INT(5, info.altered_seq[0]);
        if (!strstr(err.msg, "1 response (seq 5) was changed")) fprintf(stderr, "how %d: %s\n", how, err.msg);
        CHECK(strstr(err.msg, "1 response (seq 5) was changed") != NULL);
        bundle_salvage_info_t sv;
        CHECK_INT(JH_OK, bundle_export_intact(st, usb, T0 + 9001000, &sv, &err));
        CHECK_INT(7, sv.n_responses);
        CHECK_INT(1, sv.n_damaged);
        CHECK_INT(5, sv.left_out_seq[0]);
        bundle_t *b = read_ok(sv.path);
        if (b) {
            CHECK_INT(7, b->n_responses);
            for (int i = 0; i < b->n_responses; i++) CHECK(b->responses[i].seq != 5);
        }
        bundle_free(b);
        /* Second review r3: the intact export is recorded, up to seq 8, with
         * its sealed backup (which holds seq 5 as it is now, for the bureau
         * to examine); the next export is an ordinary incremental one (it
         * wrote the whole history again as a salvaged bundle, recorded
         * nothing and wrote no backup, for the rest of the kiosk's life). */
        CHECK(sv.recorded);
        CHECK(sv.backup_path[0] != '\0' && access(sv.backup_path, F_OK) == 0);
        sqlite3_stmt *q = NULL;
        CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(store_db(st), "SELECT max(last_seq), count(*) FROM exports", -1, &q,
                                                NULL));
        CHECK_INT(SQLITE_ROW, sqlite3_step(q));
        CHECK_INT(8, sqlite3_column_int64(q, 0));
        CHECK_INT(2, sqlite3_column_int64(q, 1));
        sqlite3_finalize(q);
        for (int k = 8; k < 10; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
        jh_status_t r = bundle_export(st, usb, false, T0 + 9002000, &info, &err);
        if (r != JH_OK) fprintf(stderr, "how %d, after the intact export: %s\n", how, err.msg);
        CHECK_INT(JH_OK, r);
        CHECK_INT(9, info.first_seq);
        CHECK_INT(10, info.last_seq);
        CHECK(info.backup_path[0] != '\0');
        b = read_ok(info.path);
        if (b) CHECK_STR("incremental", b->kind);
        bundle_free(b);
        store_close(st);
    }
}

/* Second review r3, the ends: the intact export is recorded up to the last
 * finished row before one still being answered (that one, and what follows
 * it, go into a later export), and up to an altered last row (a later
 * export does not start at it again and fail the same way each time). */
static void test_export_intact_recorded_to(void)
{
    for (int how = 0; how < 2; how++) {
        char name[64], usb[700];
        snprintf(name, sizeof name, "intact-to-%d.db", how);
        store_t *st = make_store(name);
        jh_err_t err = {0};
        for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
        store_draft_t d;
        if (how == 0) {
            /* seq 4 still being answered (a newer one finished would close it) */
            store_draft_init(&d, mini, "parent", "zh-CN", T0 + 3 * 600000);
            store_draft_set(&d, 0, "urban", T0 + 3 * 600000 + 5000);
            CHECK_INT(JH_OK, store_draft_save(st, &d, T0 + 3 * 600000 + 5000, &err));
            CHECK_INT(4, d.seq);
        }
        if (how == 1) CHECK_INT(4, answer(st, 4, STORE_SUBMITTED, T0 + 4 * 600000));
        char *sql = jh_sprintf("UPDATE responses SET canonical = replace(canonical, '\"lang\":\"zh-CN\"', "
                               "'\"lang\":\"en\"') WHERE seq = %d",
                               how == 0 ? 1 : 4);
        CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), sql, NULL, NULL, NULL));
        free(sql);
        CHECK_INT(1, sqlite3_changes(store_db(st)));
        snprintf(usb, sizeof usb, "%s/intact-to-usb-%d", dir, how);
        mkdir(usb, 0755);
        bundle_export_info_t info;
        CHECK_INT(JH_ERR_CORRUPT, bundle_export(st, usb, false, T0 + 9000000, &info, &err));
        CHECK_INT(how == 0 ? 1 : 4, info.altered_seq[0]);
        bundle_salvage_info_t sv;
        CHECK_INT(JH_OK, bundle_export_intact(st, usb, T0 + 9001000, &sv, &err));
        CHECK(sv.recorded);
        CHECK_INT(how == 0 ? 2 : 3, sv.n_responses);
        CHECK_INT(how == 0 ? 1 : 0, sv.n_unfinished);
        sqlite3_stmt *q = NULL;
        CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(store_db(st), "SELECT max(last_seq) FROM exports", -1, &q, NULL));
        CHECK_INT(SQLITE_ROW, sqlite3_step(q));
        CHECK_INT(how == 0 ? 3 : 4, sqlite3_column_int64(q, 0));
        sqlite3_finalize(q);
        if (how == 0) {
            CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 5 * 600000, &err));
            store_draft_free(&d);
        } else {
            answer(st, 5, STORE_SUBMITTED, T0 + 5 * 600000);
        }
        jh_status_t r = bundle_export(st, usb, false, T0 + 9002000, &info, &err);
        if (r != JH_OK) fprintf(stderr, "how %d, after the intact export: %s\n", how, err.msg);
        CHECK_INT(JH_OK, r);
        CHECK_INT(how == 0 ? 4 : 5, info.first_seq);
        CHECK_INT(how == 0 ? 4 : 5, info.last_seq);
        store_close(st);
    }
}

/* Review rseason, item 1: a kiosk whose last seq used is the last of its
 * reserved block (seq 101: the identity file says 101 reserved), whose
 * database is then put back from an older copy (`restore`) or lost and
 * made again (`new`), and, as a control, one whose last seq is inside the
 * block (seq 60).  Its next bundles (incremental, incremental, full) all
 * merge with nothing rejected or quarantined, the first one saying how the
 * kiosk continued.  Failed before: at the block's end the new database
 * continued at seq 102, right after the exported seq 101 but with another
 * chain, and the bureau rejected every later bundle as a "chain break (a
 * stale or forked export)". */
static void block_end_case(bool restore, int n_used)
{
    char name[64], path[700], usb[700], side[720], cpath[700];
    snprintf(name, sizeof name, "blockend-%s-%d.db", restore ? "restore" : "new", n_used);
    store_t *st = make_store(name);
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(usb, sizeof usb, "%s/%s-usb", dir, name);
    snprintf(cpath, sizeof cpath, "%s/%s-county.db", dir, name);
    mkdir(usb, 0755);
    jh_err_t err = {0};
    bundle_export_info_t x[5];
    int nx = 0;
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2400000, &x[nx++], &err));
    store_close(st);
    char *copy = NULL; /* the copy a restore card keeps: seq 1-3, exported */
    size_t clen = 0;
    CHECK_INT(JH_OK, jh_read_file(path, &copy, &clen, &err));
    store_open_info_t info;
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 3600000, &st, &info, &err));
    int64_t last = 0;
    for (int k = 3; k < n_used; k++) last = answer(st, k, STORE_SUBMITTED, T0 + 3600000 + k * 600000);
    CHECK_INT(n_used, last);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 100000000, &x[nx++], &err));
    store_close(st);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    if (restore) tu_write(path, copy, clen);
    free(copy);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 200000000, &st, &info, &err));
    if (!st) return;
    int64_t seq = answer(st, 7, STORE_SUBMITTED, T0 + 200000000);
    /* one seq above the reserved block (101) left unused */
    if (seq != 103) fprintf(stderr, "%s: expected the next seq 103, got %lld\n", name, (long long)seq);
    CHECK_INT(103, seq);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 201000000, &x[nx++], &err));
    answer(st, 8, STORE_SUBMITTED, T0 + 202000000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 203000000, &x[nx++], &err));
    CHECK_INT(JH_OK, bundle_export(st, usb, true, T0 + 204000000, &x[nx++], &err));
    store_close(st);
    county_t *c = NULL;
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    /* the county's code, as the bureau gives it (junheng merge --county) */
    if (c) CHECK_INT(JH_OK, county_code_set(c, "361102", "option", &err));
    for (int i = 0; c && i < nx; i++) {
        county_import_t r;
        CHECK_INT(JH_OK, county_merge_file(c, x[i].path, NULL, T0 + 300000000, &r, &err));
        if (r.verdict != COUNTY_IMPORTED && r.verdict != COUNTY_UNCHANGED)
            fprintf(stderr, "%s: bundle %d (seq %lld-%lld): verdict %d: %s\n", name, i, (long long)x[i].first_seq,
                    (long long)x[i].last_seq, (int)r.verdict, r.reason);
        CHECK(r.verdict == COUNTY_IMPORTED || r.verdict == COUNTY_UNCHANGED);
        CHECK_INT(0, r.n_quarantined);
        if (i == 2 || (i == 4 && !restore)) {
            if (i == 2) CHECK_INT(1, r.n_new);
            /* Failed before for a new database: "gap: ... seq 102 is not
             * imported yet (an earlier bundle is missing)", never used. */
            if (restore)
                CHECK_CONTAINS("continues at seq 103 after its seq 3", r.reason);
            else
                CHECK_CONTAINS("continues at seq 103 with a new database", r.reason);
            /* seqs 1-3 held, the old database's exports: none missing */
            CHECK(!strstr(r.reason, "not merged yet"));
            if (strstr(r.reason, "gap")) fprintf(stderr, "%s: bundle %d: %s\n", name, i, r.reason);
            CHECK(!strstr(r.reason, "gap"));
        }
        if (i == 3) {
            CHECK_INT(1, r.n_new);
            if (r.reason[0]) fprintf(stderr, "%s: the next incremental bundle warned: %s\n", name, r.reason);
            CHECK(!r.reason[0]);
        }
        if (i == 4) CHECK_INT(0, r.n_new);
    }
    county_close(c);
    /* Second review of session 15: a county holding none of the old
     * database's seqs, or not all up to the highest it holds, says too that
     * earlier exports are not merged yet (the old gap warning's point). */
    if (!restore) {
        char fresh[720];
        snprintf(fresh, sizeof fresh, "%s-fresh", cpath);
        c = NULL;
        CHECK_INT(JH_OK, county_open(fresh, &c, &err));
        /* the county's code, as the bureau gives it (junheng merge --county) */
        if (c) CHECK_INT(JH_OK, county_code_set(c, "361102", "option", &err));
        const char *order[] = {x[2].path, x[0].path};
        for (int i = 0; c && i < 2; i++) {
            county_import_t r;
            CHECK_INT(JH_OK, county_merge_file(c, order[i], NULL, T0 + 300000000, &r, &err));
            CHECK(r.verdict == COUNTY_IMPORTED);
            if (i == 0) {
                /* (a kiosk new to this county: a new kiosk with a config
                 * kiosk_id starts so too, so no claim that exports are
                 * missing; still the advice to merge them, review r2repair) */
                CHECK_CONTAINS("kiosk K-test is new to this county and starts at seq 103 (a new database)", r.reason);
                CHECK_CONTAINS("if it was used before, merge its earlier exports too", r.reason);
                CHECK(!strstr(r.reason, "not merged yet"));
            }
        }
        county_close(c);
    }
}

/* Review rrepair5, item 1: seqs 1-3 exported, 4-5 not, then the database
 * damaged (moved aside, a new one made).  Only 4-5 are lost (1-3 are at
 * the bureau: the identity file records the highest seq exported), the
 * cause is the damage, and a salvage that recovers 4-5 clears them, also
 * for the next start.  Failed before: lost_seqs named 1-5 (the identity
 * file knew nothing of exports), the note blamed an older copy, and the
 * salvage left the note as it was. */
static void test_lost_after_damage(void)
{
    store_t *st = make_store("lostdmg.db");
    char path[700], usb[700], keep[720];
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(usb, sizeof usb, "%s/lostdmg-usb", dir);
    snprintf(keep, sizeof keep, "%s/lostdmg-copy.db", dir);
    mkdir(usb, 0755);
    jh_err_t err = {0};
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    bundle_export_info_t x;
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2400000, &x, &err));
    for (int k = 3; k < 5; k++) answer(st, k, STORE_SUBMITTED, T0 + 3000000 + k * 600000);
    char *sql = jh_sprintf("VACUUM INTO '%s'", keep); /* what a salvage will read back */
    CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), sql, NULL, NULL, NULL));
    free(sql);
    store_close(st);
    char junk[8192];
    memset(junk, 'x', sizeof junk);
    tu_write(path, junk, sizeof junk);
    store_open_info_t info;
    st = NULL;
    CHECK_INT(JH_ERR_CORRUPT, store_open(path, T0 + 9000000, &st, &info, &err));
    CHECK(info.moved_aside);
    CHECK_INT(JH_OK, store_open(path, T0 + 9000000, &st, &info, &err));
    if (!st) return;
    int64_t from[4], to[4];
    int nl = store_lost_ranges(st, from, to, 4);
    if (nl != 1 || from[0] != 4 || to[0] != 5)
        fprintf(stderr, "lost after damage: %d range(s), first %lld-%lld (expected 4-5)\n", nl,
                (long long)(nl ? from[0] : 0), (long long)(nl ? to[0] : 0));
    CHECK_INT(1, nl);
    CHECK_INT(4, from[0]);
    CHECK_INT(5, to[0]);
    CHECK_INT(STORE_LOST_DAMAGED, store_lost_cause(st));
    /* the salvage recovers 4-5 (and 1-3 again): nothing is lost any more */
    sqlite3 *rec = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_open_v2(keep, &rec, SQLITE_OPEN_READONLY, NULL));
    bundle_salvage_info_t sv;
    jh_status_t r = bundle_salvage_export(st, rec, keep, usb, T0 + 9600000, &sv, &err);
    if (r != JH_OK) fprintf(stderr, "salvage: %s\n", err.msg);
    CHECK_INT(JH_OK, r);
    CHECK_INT(5, sv.n_responses);
    sqlite3_close(rec);
    CHECK_INT(0, store_lost_ranges(st, from, to, 4));
    store_close(st);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 9900000, &st, &info, &err));
    if (st) CHECK_INT(0, store_lost_ranges(st, from, to, 4));
    store_close(st);
}

/* Review rfield6, item 3: the same with the damage inside the file (the
 * header and the answer numbers still readable): the new database went on
 * above the damaged file's highest seq + 1000, and that was taken for the
 * highest seq it holds, so nothing was recorded as lost (no note on the
 * admin screen, a self-check saying every answer was exported).  Failed
 * before: no lost range, no cause. */
static void test_lost_after_damage_readable(void)
{
    store_t *st = make_store("lostdmg2.db");
    char path[700];
    snprintf(path, sizeof path, "%s", store_path(st));
    jh_err_t err = {0};
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    /* the page of a table the seqs are not read from: answers */
    int64_t root = 0;
    {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(store_db(st), "SELECT rootpage FROM sqlite_master WHERE name = 'answers'", -1, &q,
                               NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            root = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    int64_t page = 0;
    {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(store_db(st), "PRAGMA page_size", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            page = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    store_close(st);
    CHECK(root > 1 && page > 0);
    if (root <= 1 || page <= 0) return;
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (!f) return;
    char junk[65536];
    for (size_t i = 0; i < sizeof junk; i += 2) junk[i] = (char)0xde, junk[i + 1] = (char)0xad;
    fseek(f, (long)((root - 1) * page), SEEK_SET);
    fwrite(junk, 1, (size_t)page, f);
    fclose(f);
    store_open_info_t info;
    st = NULL;
    CHECK_INT(JH_ERR_CORRUPT, store_open(path, T0 + 9000000, &st, &info, &err));
    CHECK(info.moved_aside);
    CHECK_INT(JH_OK, store_open(path, T0 + 9000000, &st, &info, &err));
    if (!st) return;
    CHECK(info.seq_continued_from >= 3); /* the damaged file's seqs were read */
    int64_t from[4], to[4];
    int nl = store_lost_ranges(st, from, to, 4);
    if (nl != 1 || from[0] != 1 || to[0] != 3)
        fprintf(stderr, "lost after damage (readable): %d range(s), first %lld-%lld (expected 1-3)\n", nl,
                (long long)(nl ? from[0] : 0), (long long)(nl ? to[0] : 0));
    CHECK_INT(1, nl);
    CHECK_INT(1, from[0]);
    CHECK_INT(3, to[0]);
    CHECK_INT(STORE_LOST_DAMAGED, store_lost_cause(st));
    /* and the next answer goes on above the damaged file's seqs */
    int64_t next = answer(st, 0, STORE_SUBMITTED, T0 + 9100000);
    CHECK(next > 3);
    store_close(st);
}

static void test_restore_at_block_end(void)
{
    block_end_case(true, 101);
    block_end_case(false, 101);
    block_end_case(true, 60);
    block_end_case(false, 60);
}

/* Review rseason: the signing key file lost, the database kept.  The kiosk
 * keeps its id and says it made a new key (info.key_replaced, the setting
 * key_replaced for the admin screen); the bureau rejects the new key's
 * bundles until `--keys FILE --replace-key` accepts it on purpose; then the
 * bundles of both keys merge. */
static void test_key_lost_replaced(void)
{
    jh_err_t err = {0};
    store_open_info_t info;
    /* A kiosk with no answers and no exports makes its new key silently. */
    store_t *st = make_store("keyfresh.db");
    char path[700], kpath[720];
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(kpath, sizeof kpath, "%s.key", path);
    store_close(st);
    unlink(kpath);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0, &st, &info, &err));
    CHECK(!info.key_replaced);
    char *v = st ? store_setting_get(st, "key_replaced") : NULL;
    CHECK(v == NULL);
    free(v);
    store_close(st);

    st = make_store("keylost.db");
    char usb[700], keys[760];
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(kpath, sizeof kpath, "%s.key", path);
    snprintf(usb, sizeof usb, "%s/keylost-usb", dir);
    mkdir(usb, 0755);
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    bundle_export_info_t a, a2, b2, c2;
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2400000, &a, &err));
    answer(st, 3, STORE_SUBMITTED, T0 + 2500000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 3000000, &a2, &err)); /* old key, merged late */
    char fp_old[64];
    store_key_fingerprint(st, fp_old);
    store_close(st);
    unlink(kpath);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 3600000, &st, &info, &err));
    if (!st) return;
    CHECK(info.key_replaced);
    v = store_setting_get(st, "key_replaced");
    CHECK_STR("2026-11-18", v ? v : "(none)"); /* T0 + 1 h, Beijing time */
    free(v);
    v = store_setting_get(st, "kiosk_id");
    CHECK_STR("K-test", v ? v : "(none)");
    free(v);
    char fp_new[64];
    store_key_fingerprint(st, fp_new);
    CHECK(strcmp(fp_old, fp_new) != 0);
    answer(st, 5, STORE_SUBMITTED, T0 + 3700000);
    store_close(st);
    /* Opened again with its (new) key: no new warning; the admin screen's
     * note stays until an export signed with the new key... */
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 3800000, &st, &info, &err));
    if (!st) return;
    CHECK(!info.key_replaced);
    v = store_setting_get(st, "key_replaced");
    CHECK(v != NULL);
    free(v);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 7200000, &b2, &err));
    /* ... which carries the new key to the bureau: the note is gone, and
     * stays gone when the kiosk opens again (session 17). */
    v = store_setting_get(st, "key_replaced");
    CHECK(v == NULL);
    free(v);
    CHECK_INT(JH_OK, bundle_export(st, usb, true, T0 + 7300000, &c2, &err));
    store_close(st);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 7400000, &st, &info, &err));
    CHECK(!info.key_replaced);
    v = st ? store_setting_get(st, "key_replaced") : NULL;
    CHECK(v == NULL);
    free(v);
    store_close(st);

    char cpath[700];
    snprintf(cpath, sizeof cpath, "%s/keylost-county.db", dir);
    county_t *c = NULL;
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    /* the county's code, as the bureau gives it (junheng merge --county) */
    if (c) CHECK_INT(JH_OK, county_code_set(c, "361102", "option", &err));
    if (!c) return;
    county_import_t r;
    CHECK_INT(JH_OK, county_merge_file(c, a.path, NULL, T0 + 400000000, &r, &err));
    CHECK_INT(COUNTY_IMPORTED, r.verdict);
    CHECK_INT(JH_OK, county_merge_file(c, b2.path, NULL, T0 + 400000000, &r, &err));
    CHECK_INT(COUNTY_REJECTED, r.verdict);
    CHECK_CONTAINS("--replace-key K-test", r.reason);
    CHECK_CONTAINS(fp_new, r.reason);

    snprintf(keys, sizeof keys, "%s/keylost-keys.txt", dir);
    char line[200];
    snprintf(line, sizeof line, "K-test 3612345678 %s\n", fp_new);
    tu_write(keys, line, strlen(line));
    int added = -1, replaced = -1;
    jh_buf_t log = {0};
    /* Without --replace-key the pinned key stays. */
    CHECK_INT(JH_ERR_CONFLICT, county_keys_load(c, keys, NULL, 0, T0, &added, &replaced, &log, &err));
    CHECK_CONTAINS("--replace-key K-test", err.msg);
    /* A replacement without a line in the file, or to another school, is
     * refused, and nothing of the file is applied. */
    const char *two[] = {"K-test", "K-other"};
    CHECK_INT(JH_ERR_INVALID, county_keys_load(c, keys, two, 2, T0, &added, &replaced, &log, &err));
    CHECK_CONTAINS("no line for kiosk K-other", err.msg);
    CHECK_INT(0, replaced);
    CHECK(log.data == NULL || log.len == 0);
    const char *kt[] = {"K-test"};
    snprintf(line, sizeof line, "K-test 3612345679 %s\n", fp_new);
    tu_write(keys, line, strlen(line));
    CHECK_INT(JH_ERR_CONFLICT, county_keys_load(c, keys, kt, 1, T0, &added, &replaced, &log, &err));
    CHECK_CONTAINS("pinned to school 3612345678, not 3612345679", err.msg);
    CHECK(log.data == NULL || log.len == 0);
    snprintf(line, sizeof line, "K-test 3612345678 %s\n", fp_new);
    tu_write(keys, line, strlen(line));
    CHECK_INT(JH_OK, county_keys_load(c, keys, kt, 1, T0 + 390000000, &added, &replaced, &log, &err));
    CHECK_INT(0, added);
    CHECK_INT(1, replaced);
    CHECK_CONTAINS(fp_old, log.data ? log.data : "");
    CHECK_CONTAINS(fp_new, log.data ? log.data : "");
    jh_buf_free(&log);
    /* The old key's bundle merged before still merges; its seq 4, never
     * merged while the old key was the kiosk's, is refused: whoever holds
     * the lost key could have made it (review r2kiosk).  The new key's
     * incremental bundle then has a gap and its full one brings seq 4. */
    CHECK_INT(JH_OK, county_merge_file(c, a.path, NULL, T0 + 400000000, &r, &err));
    CHECK_INT(COUNTY_UNCHANGED, r.verdict);
    CHECK_INT(JH_OK, county_merge_file(c, a2.path, NULL, T0 + 400000000, &r, &err));
    CHECK_INT(COUNTY_REJECTED, r.verdict);
    CHECK_INT(0, r.n_new);
    CHECK_CONTAINS("trusted only up to seq 3", r.reason);
    CHECK_CONTAINS(fp_old, r.reason);
    CHECK_CONTAINS(fp_new, r.reason);
    CHECK_INT(JH_OK, county_merge_file(c, b2.path, NULL, T0 + 400000000, &r, &err));
    CHECK_INT(COUNTY_IMPORTED, r.verdict);
    CHECK_INT(1, r.n_new);
    CHECK_CONTAINS("gap: kiosk K-test seq 4", r.reason);
    CHECK_INT(JH_OK, county_merge_file(c, c2.path, NULL, T0 + 400000000, &r, &err));
    CHECK_INT(COUNTY_IMPORTED, r.verdict);
    CHECK_INT(1, r.n_new);
    CHECK_INT(4, r.n_duplicate);
    /* Done twice: the same key again changes nothing. */
    CHECK_INT(JH_OK, county_keys_load(c, keys, kt, 1, T0 + 390000000, &added, &replaced, NULL, &err));
    CHECK_INT(0, replaced);
    sqlite3_stmt *q = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(county_db(c), "SELECT count(*), max(fingerprint) FROM kiosk_old_keys",
                                            -1, &q, NULL));
    if (q && sqlite3_step(q) == SQLITE_ROW) {
        CHECK_INT(1, sqlite3_column_int(q, 0));
        CHECK_STR(fp_old, (const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    county_close(c);
}

/* Review rseason: the school code changed on a kiosk that has answers.
 * Responses do not carry the school, so the change would re-label them
 * and the bureau (which pinned the kiosk to its school) would reject every
 * later bundle.  The admin screen, a settings file and the register's pick
 * (store_settings_set) are all refused, before and after an export; the
 * school stays, and the kiosk's later bundles merge. */
static void test_school_change_refused(void)
{
    jh_err_t err = {0};
    /* Answers taken before the school is set are kept and exported under
     * the school set first (docs/kiosk.md): setting it is no change. */
    char path[700];
    snprintf(path, sizeof path, "%s/school-unset.db", dir);
    store_t *st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0, &st, NULL, &err));
    if (!st) return;
    answer(st, 0, STORE_SUBMITTED, T0);
    CHECK_INT(JH_OK, store_setting_set(st, "school_code", "3612345678", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "school_code", "3612345678", &err)); /* the same again */
    store_close(st);

    st = make_store("school.db");
    char usb[700];
    snprintf(path, sizeof path, "%s", store_path(st));
    snprintf(usb, sizeof usb, "%s/school-usb", dir);
    mkdir(usb, 0755);
    for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
    int64_t n = -1, unexported = -1;
    CHECK(!store_school_locked(st, "3612345678", &n, &unexported));
    CHECK(store_school_locked(st, "3612345679", &n, &unexported));
    CHECK_INT(3, n);
    CHECK_INT(3, unexported);
    /* Before the first export: refused, saying how many are not exported. */
    CHECK_INT(JH_ERR_CONFLICT, store_setting_set(st, "school_code", "3612345679", &err));
    CHECK_CONTAINS("学校代码不能从 3612345678 改成 3612345679：本机已有 3 份答卷记在学校 3612345678 名下（3 份还没有导出）",
                   err.msg);
    CHECK_CONTAINS("school_code: cannot change from '3612345678' to '3612345679': 3 responses", err.msg);
    bundle_export_info_t a, b2, c2;
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2400000, &a, &err));
    /* After it: still refused (0 not exported), by every way of setting it. */
    CHECK_INT(JH_ERR_CONFLICT, store_setting_set(st, "school_code", "3612345679", &err));
    CHECK_CONTAINS("（0 份还没有导出）", err.msg);
    const char *keys[] = {"school_code", "school_name"};
    const char *values[] = {"3612345679", "城关第二小学"};
    CHECK_INT(JH_ERR_CONFLICT, store_settings_set(st, keys, values, 2, &err));
    char conf[720];
    snprintf(conf, sizeof conf, "%s/school.conf", dir);
    const char *text = "school_name = 城关第二小学\nschool_code = 3612345679\nschool_level = junior\n"
                       "locality = rural\ncounty_code = 361299\n";
    tu_write(conf, text, strlen(text));
    /* (the config's school's other fields are that school's too: the kept
     * school's level, locality and county stay as they were) */
    char *level0 = store_setting_get(st, "school_level"), *loc0 = store_setting_get(st, "locality"),
         *county0 = store_setting_get(st, "county_code");
    /* The config file read at every start: the school set on the admin
     * screen before any answer stays, and the kiosk starts (it stopped at
     * a message staff cannot act on; review r2kiosk); the admin screen says
     * the config names another school, and the config's school name is
     * that school's, not stored either. */
    CHECK(store_config_school_ignored(st) == NULL);
    CHECK_INT(JH_OK, store_load_config(st, conf, T0 + 2500000, &err));
    CHECK_STR("3612345679", store_config_school_ignored(st) ? store_config_school_ignored(st) : "(none)");
    char *v = store_setting_get(st, "school_code");
    CHECK_STR("3612345678", v ? v : "(none)");
    free(v);
    v = store_setting_get(st, "school_name");
    CHECK_STR("城关第一小学", v ? v : "(none)"); /* nothing of the refused pick or file */
    free(v);
    v = store_setting_get(st, "school_level");
    CHECK_STR(level0 ? level0 : "(none)", v ? v : "(none)");
    free(v);
    v = store_setting_get(st, "locality");
    CHECK_STR(loc0 ? loc0 : "(none)", v ? v : "(none)");
    free(v);
    v = store_setting_get(st, "county_code");
    CHECK_STR(county0 ? county0 : "(none)", v ? v : "(none)");
    free(v);
    free(level0);
    free(loc0);
    free(county0);
    text = "school_code = 3612345678\n"; /* corrected by a technician */
    tu_write(conf, text, strlen(text));
    CHECK_INT(JH_OK, store_load_config(st, conf, T0 + 2600000, &err));
    CHECK(store_config_school_ignored(st) == NULL);
    answer(st, 5, STORE_SUBMITTED, T0 + 3700000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 7200000, &b2, &err));
    CHECK_INT(JH_OK, bundle_export(st, usb, true, T0 + 7300000, &c2, &err));
    store_close(st);
    /* The database lost, the identity file kept: it restores the school,
     * and the kiosk (known to the bureau as that school) keeps it. */
    unlink(path);
    char side[720];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0 + 7400000, &st, NULL, &err));
    if (st) {
        CHECK_INT(JH_ERR_CONFLICT, store_setting_set(st, "school_code", "3612345679", &err));
        CHECK_CONTAINS("本机以前以学校 3612345678 的名义记录过答卷", err.msg);
        store_close(st);
    }

    char cpath[700];
    snprintf(cpath, sizeof cpath, "%s/school-county.db", dir);
    county_t *c = NULL;
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    /* the county's code, as the bureau gives it (junheng merge --county) */
    if (c) CHECK_INT(JH_OK, county_code_set(c, "361102", "option", &err));
    if (!c) return;
    county_import_t r;
    const char *files[] = {a.path, b2.path, c2.path};
    const county_verdict_t want[] = {COUNTY_IMPORTED, COUNTY_IMPORTED, COUNTY_UNCHANGED};
    for (int i = 0; i < 3; i++) {
        CHECK_INT(JH_OK, county_merge_file(c, files[i], NULL, T0 + 400000000, &r, &err));
        CHECK_INT(want[i], r.verdict);
        CHECK_STR("3612345678", r.school_code);
    }
    county_close(c);
}

/* Review r2privacy 1: a response finished by a kiosk whose masking hid
 * more (the version before masked "7.30-11.30" to "*.**-**.**") keeps its
 * canonical text as it was stored: export and the bureau's reader never
 * build it again from the answers with today's rules, so its chain
 * verifies; a response finished now, chained after it, is masked by
 * today's rules. */
static void test_old_masking_verifies(void)
{
    store_t *st = make_store("oldmask.db");
    jh_err_t err = {0};
    store_draft_t d;
    store_draft_init(&d, mini, "parent", "zh-CN", T0);
    store_draft_set(&d, 7, "上午7.30-11.30 电话13812345678", T0 + 5000);
    CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 60000, &err));
    store_draft_free(&d);
    /* what the older kiosk stored: its canonical text and chain */
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(store_db(st), "SELECT canonical FROM responses WHERE seq = 1", -1, &q, NULL);
    CHECK_INT(SQLITE_ROW, sqlite3_step(q));
    jh_buf_t canon = {0};
    const char *c = (const char *)sqlite3_column_text(q, 0), *at = c ? strstr(c, "上午7.30-11.30") : NULL;
    CHECK(at != NULL);
    if (at) {
        jh_buf_append(&canon, c, (size_t)(at - c));
        jh_buf_puts(&canon, "上午*.**-**.**");
        jh_buf_puts(&canon, at + strlen("上午7.30-11.30"));
    }
    sqlite3_finalize(q);
    char chain[65];
    store_chain_hash("", canon.data ? canon.data : "", chain);
    sqlite3_prepare_v2(store_db(st), "UPDATE responses SET canonical = ?, chain = ? WHERE seq = 1", -1, &q, NULL);
    sqlite3_bind_text(q, 1, canon.data ? canon.data : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, chain, -1, SQLITE_STATIC);
    CHECK_INT(SQLITE_DONE, sqlite3_step(q));
    sqlite3_finalize(q);
    jh_buf_free(&canon);
    store_draft_init(&d, mini, "parent", "zh-CN", T0 + 600000);
    store_draft_set(&d, 7, "上午7.30-11.30 电话13812345678", T0 + 605000);
    CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 660000, &err));
    store_draft_free(&d);
    char out[600];
    snprintf(out, sizeof out, "%s/usb-oldmask", dir);
    mkdir(out, 0755);
    bundle_export_info_t info;
    CHECK_INT(JH_OK, bundle_export(st, out, true, T0 + 86400000, &info, &err));
    bundle_t *b = read_ok(info.path);
    if (b) {
        CHECK_INT(2, b->n_responses);
        CHECK_STR("上午*.**-**.** 电话***********", b->responses[0].answers[b->responses[0].n_answers - 1].value);
        CHECK_STR("上午7.30-11.30 电话***********", b->responses[1].answers[b->responses[1].n_answers - 1].value);
        CHECK_STR(chain, b->responses[0].chain);
        bundle_free(b);
    }
    store_close(st);
}

/* Review rattack5 finding 1: a school name with a direction override or a
 * C1 control, which the kiosk now refuses but an older version took (from a
 * county pack) and which the bundle reader refuses, made every export of
 * that kiosk fail -- and with answers its school is locked.  The export
 * writes the name without those characters, and it verifies. */
static void test_old_control_name_exports(void)
{
    static const char *const names[][2] = {{"城关第二小学\xe2\x80\xae", "城关第二小学"},
                                           {"-1+1\xe2\x80\xae学小", "-1+1学小"},
                                           {"城关\xc2\x85第二\xe2\x81\xa6小学\xe2\x81\xa9", "城关第二小学"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char db[64], out[700];
        snprintf(db, sizeof db, "oldname%zu.db", i);
        store_t *st = make_store(db);
        jh_err_t err = {0};
        CHECK_INT(JH_ERR_INVALID, store_setting_set(st, "school_name", names[i][0], &err));
        /* what an older version stored */
        char *sql = sqlite3_mprintf("UPDATE settings SET value = %Q WHERE key = 'school_name'", names[i][0]);
        CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st), sql, NULL, NULL, NULL));
        sqlite3_free(sql);
        for (int k = 0; k < 3; k++) answer(st, k, STORE_SUBMITTED, T0 + k * 600000);
        snprintf(out, sizeof out, "%s/usb-oldname%zu", dir, i);
        mkdir(out, 0755);
        bundle_export_info_t info;
        jh_status_t s = bundle_export(st, out, true, T0 + 86400000, &info, &err);
        if (s != JH_OK) fprintf(stderr, "bundle_export: %s\n", err.msg);
        CHECK_INT(JH_OK, s);
        if (s == JH_OK) {
            bundle_t *b = read_ok(info.path);
            if (b) CHECK_STR(names[i][1], b->school_name);
            bundle_free(b);
            /* and again, incrementally */
            answer(st, 3, STORE_SUBMITTED, T0 + 4 * 600000);
            CHECK_INT(JH_OK, bundle_export(st, out, false, T0 + 2 * 86400000, &info, &err));
            b = read_ok(info.path);
            if (b) CHECK_STR(names[i][1], b->school_name);
            bundle_free(b);
        }
        store_close(st);
    }
}

int main(int argc, char **argv)
{
    all_bytes = argc > 1 && !strcmp(argv[1], "--all-bytes");
    tu_tempdir(dir, "bundle");
    load_mini();
    if (all_bytes) {
        RUN(test_every_byte_of_a_response);
        RUN(test_fast_path_agrees);
    } else {
        RUN(test_roundtrip);
        RUN(test_incremental);
        RUN(test_every_byte_of_a_response);
        RUN(test_fast_path_agrees);
        RUN(test_fast_path_tricky);
        RUN(test_manifest_in_place);
        RUN(test_removed_and_reordered);
        RUN(test_tampering_messages);
        RUN(test_clock_backwards);
        RUN(test_export_errors);
        RUN(test_export_full_and_readonly_target);
        RUN(test_backup_without_temp_copy);
        RUN(test_sealed_forms);
        RUN(test_export_memory_bounded);
        RUN(test_restored_database_continues);
        RUN(test_fork_continues_after_jump);
        RUN(test_restore_at_block_end);
        RUN(test_lost_after_damage);
        RUN(test_lost_after_damage_readable);
        RUN(test_uuid_checks);
        RUN(test_day_checks);
        RUN(test_format3);
        RUN(test_salvage_without_survey_table);
        RUN(test_export_altered);
        RUN(test_export_altered_named);
        RUN(test_export_intact_recorded_to);
        RUN(test_key_lost_replaced);
        RUN(test_school_change_refused);
        RUN(test_old_masking_verifies);
        RUN(test_old_control_name_exports);
    }
    survey_free(mini);
    tu_rmtree(dir);
    CHECK_DONE();
}
