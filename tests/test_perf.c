/* test_perf.c - guards for the bureau's fast paths (issue 6 benchmark work):
 * the canonical response text built with one size check must stay
 * byte-identical to the piecewise build with store_json_put_string (both the
 * kiosk and the bureau hash it), the SHA-256 wrapper must match the one-shot
 * digest, the UTF-8 check's ASCII fast path must agree with a byte-wise
 * reference at every alignment, and a questionnaire cache shared across
 * bundles must not let any changed byte of a definition through. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle.h"
#include "check.h"
#include "store.h"
#include "test_store_util.h"

#define T0 1795000000000LL

static char dir[512];

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 20);
}

/* The canonical text as it was built before: piece by piece. */
static void canonical_ref(jh_buf_t *b, const store_record_t *r)
{
    jh_buf_puts(b, "{\"kiosk\":");
    store_json_put_string(b, r->kiosk_id);
    jh_buf_printf(b, ",\"seq\":%lld,\"uuid\":", (long long)r->seq);
    store_json_put_string(b, r->uuid);
    jh_buf_puts(b, ",\"survey\":");
    store_json_put_string(b, r->survey_id);
    jh_buf_puts(b, ",\"survey_hash\":");
    store_json_put_string(b, r->survey_hash);
    jh_buf_puts(b, ",\"role\":");
    store_json_put_string(b, r->role);
    jh_buf_puts(b, ",\"lang\":");
    store_json_put_string(b, r->lang);
    jh_buf_printf(b, ",\"started_ms\":%lld,\"ended_ms\":%lld,\"duration_ms\":%lld,\"status\":",
                  (long long)r->started_ms, (long long)r->ended_ms, (long long)r->duration_ms);
    store_json_put_string(b, r->status);
    jh_buf_puts(b, ",\"flags\":");
    store_json_put_string(b, r->flags);
    jh_buf_puts(b, ",\"answers\":{");
    for (int i = 0; i < r->n_answers; i++) {
        if (i) jh_buf_puts(b, ",");
        store_json_put_string(b, r->answers[i].item_id);
        jh_buf_puts(b, ":");
        store_json_put_string(b, r->answers[i].value);
    }
    jh_buf_puts(b, "}}");
}

static void test_canonical_matches_piecewise(void)
{
    static const int64_t nums[] = {0, 1, -1, 42, 1790000000000LL, -4102444800000LL, INT64_MIN, INT64_MAX};
    char s[12][48];
    int mismatches = 0;
    for (int it = 0; it < 20000; it++) {
        for (int k = 0; k < 12; k++) {
            int n = (int)(rnd() % 47);
            for (int j = 0; j < n; j++) /* every byte value 1..255, escapes included */
                s[k][j] = (char)(rnd() % 4 ? 0x20 + rnd() % 95 : 1 + rnd() % 255);
            s[k][n] = 0;
        }
        store_answer_ref_t a[2] = {{s[8], s[9]}, {s[10], s[11]}};
        store_record_t r = {s[0], nums[rnd() % 8], s[1], s[2], s[3], s[4], s[5], nums[rnd() % 8],
                            nums[rnd() % 8], nums[rnd() % 8], s[6], s[7], a, (int)(rnd() % 3), NULL, 0};
        jh_buf_t want = {0}, got = {0};
        canonical_ref(&want, &r);
        jh_buf_puts(&got, "prefix:"); /* appends after what the buffer holds */
        store_record_canonical_put(&got, &r);
        if (got.len != want.len + 7 || strcmp(got.data + 7, want.data) != 0 || strlen(got.data) != got.len) {
            if (!mismatches++) CHECK_STR(want.data, got.data + 7);
        }
        char *whole = store_record_canonical(&r);
        if (strcmp(whole, want.data) != 0 && !mismatches++) CHECK_STR(want.data, whole);
        free(whole);
        jh_buf_free(&want);
        jh_buf_free(&got);
    }
    CHECK_INT(0, mismatches);
}

static void test_sha256_incremental(void)
{
    char text[3000];
    for (size_t i = 0; i < sizeof text; i++) text[i] = (char)rnd();
    for (size_t len = 0; len < sizeof text; len += 1 + len / 3) {
        char one[65], inc[65];
        jh_sha256_hex(text, len, one);
        jh_sha256_t h;
        jh_sha256_init(&h);
        for (size_t at = 0; at < len;) { /* uneven pieces */
            size_t n = 1 + rnd() % 97;
            if (n > len - at) n = len - at;
            jh_sha256_update(&h, text + at, n);
            at += n;
        }
        unsigned char d[32];
        jh_sha256_final(&h, d);
        jh_hex(d, 32, inc);
        CHECK_STR(one, inc);
    }
    char abc[65];
    jh_sha256_hex("abc", 3, abc); /* FIPS 180-2 test vector */
    CHECK_STR("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", abc);
}

/* Byte-wise UTF-8 reference (no fast path). */
static bool utf8_ref(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned c = p[i];
        if (c == 0) return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        int n = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0 || len - i <= (size_t)n) return false;
        unsigned cp = c & (0x3f >> n);
        for (int k = 1; k <= n; k++) {
            if ((p[i + k] & 0xc0) != 0x80) return false;
            cp = cp << 6 | (p[i + k] & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += (size_t)n + 1;
    }
    return true;
}

static void test_utf8_fast_path(void)
{
    unsigned char buf[80];
    int disagree = 0, valid = 0;
    for (int it = 0; it < 200000; it++) {
        size_t len = rnd() % 64, off = rnd() % 8;
        for (size_t i = 0; i < len; i++) buf[off + i] = (unsigned char)('a' + rnd() % 26);
        /* One or two disturbances: a zero byte, a lone high byte, a valid
         * 2/3/4-byte sequence or a truncated one, anywhere. */
        for (int d = (int)(rnd() % 3); d > 0 && len > 0; d--) {
            static const char *const seqs[] = {"", "\x80", "\xc3\xa9", "\xe5\x9d\x87", "\xf0\x9f\x98\x80",
                                               "\xe5\x9d", "\xed\xa0\x80", "\xc0\xaf"};
            const char *q = seqs[rnd() % 8];
            size_t at = rnd() % len, n = strlen(q);
            if (!n) buf[off + at] = 0;
            for (size_t k = 0; k < n && at + k < len; k++) buf[off + at + k] = (unsigned char)q[k];
        }
        bool want = utf8_ref(buf + off, len), got = store_utf8_valid((const char *)buf + off, len);
        valid += want;
        if (want != got && !disagree++) CHECK(want == got);
    }
    CHECK_INT(0, disagree);
    CHECK(valid > 1000 && valid < 199000); /* both outcomes were exercised */
}

/* store_utf8_valid against the reference on every string of one, two and
 * three bytes, and on four-byte strings with every lead byte >= 0xf0, every
 * second and fourth byte and a few third ones: each sequence length, each
 * boundary (overlong forms, surrogates, past U+10FFFF, truncation) and each
 * continuation byte is met at every position. */
static void test_utf8_exhaustive(void)
{
    long disagree = 0, valid = 0;
    unsigned char b[4];
    for (unsigned x = 0; x < 256 * 256 * 256; x++) {
        /* x < 256: one byte; below 65536: two; else three (a first byte 0,
         * always refused, is left to the shorter strings) */
        size_t len = x < 256 ? 1 : x < 65536 ? 2 : 3;
        for (size_t i = 0; i < len; i++) b[i] = (unsigned char)(x >> 8 * (len - 1 - i));
        bool want = utf8_ref(b, len), got = store_utf8_valid((const char *)b, len);
        valid += want;
        disagree += want != got;
    }
    static const unsigned char third[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xe5, 0xff};
    for (unsigned lead = 0xf0; lead < 0x100; lead++)
        for (unsigned s = 0; s < 256; s++)
            for (size_t t = 0; t < sizeof third; t++)
                for (unsigned f = 0; f < 256; f++) {
                    b[0] = (unsigned char)lead;
                    b[1] = (unsigned char)s;
                    b[2] = third[t];
                    b[3] = (unsigned char)f;
                    for (size_t len = 1; len <= 4; len++) {
                        bool want = utf8_ref(b, len), got = store_utf8_valid((const char *)b, len);
                        valid += want;
                        disagree += want != got;
                    }
                }
    CHECK_INT(0, (int)disagree);
    CHECK(valid > 100000); /* 2- and 3-byte characters and 4-byte ones were accepted */
}

/* A bundle of three responses to the mini questionnaire (heap text). */
static char *small_bundle(size_t *len)
{
    size_t slen = 0;
    char *stext = tu_read_source("tests/store/mini-survey.json", &slen);
    survey_t *mini = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, survey_load_text("mini-survey.json", stext, slen, NULL, &mini, NULL, &err));
    free(stext);
    char path[700];
    snprintf(path, sizeof path, "%s/k.db", dir);
    store_t *st = NULL;
    CHECK_INT(JH_OK, store_open(path, T0, &st, NULL, &err));
    CHECK_INT(JH_OK, store_setting_set(st, "kiosk_id", "K-perf", &err));
    CHECK_INT(JH_OK, store_setting_set(st, "school_code", "3612345678", &err));
    for (int k = 0; k < 3; k++) {
        int64_t t = T0 + k * 600000;
        store_draft_t d;
        store_draft_init(&d, mini, "parent", "zh-CN", t);
        store_draft_set(&d, 0, "town", t + 5000);
        store_draft_set(&d, 1, k ? "fairly" : "satisfied", t + 9000);
        CHECK_INT(JH_OK, store_draft_save(st, &d, t + 10000, &err));
        CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, t + 20000, &err));
        store_draft_free(&d);
    }
    snprintf(path, sizeof path, "%s/usb", dir);
    mkdir(path, 0755);
    bundle_export_info_t info;
    CHECK_INT(JH_OK, bundle_export(st, path, true, T0 + 3600000, &info, &err));
    store_close(st);
    survey_free(mini);
    char *text = NULL;
    CHECK_INT(JH_OK, jh_read_file(info.path, &text, len, &err));
    return text;
}

static void test_survey_cache_keeps_verifying(void)
{
    size_t len = 0;
    char *text = small_bundle(&len);
    bundle_cache_t *cache = bundle_cache_create();
    bundle_t *a = NULL, *b = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, bundle_read_text_cached("a.json", text, len, cache, &a, &err));
    CHECK_INT(JH_OK, bundle_read_text_cached("b.json", text, len, cache, &b, &err));
    CHECK(a && b && a->n_surveys == 1 && b->n_surveys == 1);
    if (a && b && a->n_surveys == 1 && b->n_surveys == 1) {
        CHECK(a->surveys[0] == b->surveys[0]); /* shared, loaded once */
        CHECK_INT(1, (int)b->surveys_shared);
    }
    bundle_free(a);
    /* Every byte of the definition, changed, is still caught with the
     * definition in the cache. */
    const char *key = "\"definition\":"; /* then whitespace, then the string */
    size_t from = len;
    for (size_t i = 0; i + 13 <= len && from == len; i++)
        if (!memcmp(text + i, key, 13)) from = i + 13;
    while (from < len && text[from] != '"') from++;
    from++;
    CHECK(from < len);
    size_t to = from;
    while (to < len && !(text[to] == '"' && text[to - 1] != '\\')) to++;
    CHECK(to - from > 200);
    int missed = 0;
    for (size_t i = from; i < to; i++) {
        char saved = text[i];
        text[i] = (char)(saved == 'x' ? 'y' : 'x');
        bundle_t *c = NULL;
        if (bundle_read_text_cached("c.json", text, len, cache, &c, &err) == JH_OK && !missed++)
            fprintf(stderr, "changed byte %zu of the definition was not detected\n", i - from);
        bundle_free(c);
        text[i] = saved;
    }
    CHECK_INT(0, missed);
    CHECK_CONTAINS("hash mismatch", err.msg);
    CHECK_INT(JH_OK, bundle_read_text_cached("d.json", text, len, cache, &a, &err));
    bundle_free(a);
    bundle_free(b); /* bundles first, then the cache they borrow from */
    bundle_cache_destroy(cache);
    free(text);
}

int main(void)
{
    tu_tempdir(dir, "perf");
    RUN(test_canonical_matches_piecewise);
    RUN(test_sha256_incremental);
    RUN(test_utf8_fast_path);
    RUN(test_utf8_exhaustive);
    RUN(test_survey_cache_keeps_verifying);
    CHECK_DONE();
}
