/* test_county_codes.c - packing a response's answers per item order (county
 * database schema 5, issue 20): option codes, ratings and yes/no become one
 * byte per item; free text, several choices, values that are no option,
 * unknown items and a second answer to an item stay verbatim; the lookups
 * by address (county_codes_pack_at) give the same bytes as the plain one;
 * the dictionary stored in survey_codes is what the bytes mean. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "county_codes.h"
#include "county_internal.h"
#include "survey.h"

static survey_t *load(const char *rel)
{
    const char *src = getenv("JH_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", src ? src : ".", rel);
    survey_t *s = NULL;
    jh_err_t e = {0};
    if (survey_load_file(path, NULL, &s, NULL, &e) != JH_OK) fprintf(stderr, "%s: %s\n", path, e.msg);
    return s;
}

typedef struct {
    const char *item, *value;
} pair_t;

/* Packs pairs (through cc when given: the item indexes from s); returns
 * the verbatim JSON object ("" when none). */
static char *pack(const county_codes_t *k, county_codes_cache_t *cc, const survey_t *s, const pair_t *p, int n,
                  uint8_t *codes)
{
    jh_buf_t extra = {0};
    int last = -1, n_extra = 0;
    jh_buf_append(&extra, "{", 1);
    for (int i = 0; i < n; i++)
        if (cc)
            county_codes_pack_at(k, cc, survey_item_index(s, p[i].item), p[i].item, p[i].value, codes, &last, &extra,
                                 &n_extra);
        else
            county_codes_pack(k, p[i].item, p[i].value, codes, &last, &extra, &n_extra);
    jh_buf_append(&extra, "}", 1);
    jh_buf_append(&extra, "", 1); /* NUL */
    char *out = jh_strdup(n_extra ? extra.data : "");
    jh_buf_free(&extra);
    return out;
}

static void test_pack_codes_and_verbatim(void)
{
    survey_t *s = load("tests/fixtures/surveys-1.0/parent.json");
    CHECK(s != NULL);
    if (!s) return;
    county_codes_t *k = county_codes_build(s);
    int n = county_codes_n_items(k);
    CHECK_INT(s->n_items, n);
    int i_overall = survey_item_index(s, "overall"), i_score = survey_item_index(s, "score"),
        i_improve = survey_item_index(s, "improve"), i_comment = survey_item_index(s, "comment");
    CHECK(i_overall >= 0 && i_score >= 0 && i_improve >= 0 && i_comment >= 0);
    int n_opt = 0;
    const survey_option_t *o = survey_item_options(&s->items[i_overall], &n_opt);
    CHECK(n_opt >= 3);
    const pair_t p[] = {
        {"overall", o[2].code},        /* the third option: code 3 */
        {"score", "10"},               /* a rating: "0".."10" are codes 1..11 */
        {"improve", "meals"},          /* one choice of a multi item: its option */
        {"comment", "太吵了 \"quiet\"\n"}, /* free text: verbatim */
        {"nosuch", "x"},               /* an item the questionnaire lacks */
        {"overall", o[0].code},        /* a second answer to an item */
    };
    uint8_t codes[64] = {0};
    char *extra = pack(k, NULL, NULL, p, 6, codes);
    CHECK_INT(3, codes[i_overall]);
    CHECK_INT(11, codes[i_score]);
    CHECK_INT(1, codes[i_improve]);
    CHECK_INT(0, codes[i_comment]);
    char *want = jh_sprintf("{\"comment\":\"太吵了 \\\"quiet\\\"\\n\",\"nosuch\":\"x\",\"overall\":\"%s\"}", o[0].code);
    CHECK_STR(want, extra);
    free(want);
    free(extra);
    /* values that are no code: verbatim, the byte stays 0 */
    const pair_t q[] = {{"score", "07"}, {"improve", "meals,safety"}, {"overall", "very_happy"}};
    uint8_t c2[64] = {0};
    extra = pack(k, NULL, NULL, q, 3, c2);
    CHECK_INT(0, c2[i_score]);
    CHECK_INT(0, c2[i_improve]);
    CHECK_INT(0, c2[i_overall]);
    CHECK_STR("{\"score\":\"07\",\"improve\":\"meals,safety\",\"overall\":\"very_happy\"}", extra);
    free(extra);
    /* the lookups by address (same addresses again and again, as a
     * bundle's interned strings) pack exactly as the plain one, a cache per
     * dictionary, across two dictionaries */
    survey_t *t = load("tests/fixtures/surveys-1.0/teacher.json");
    CHECK(t != NULL);
    county_codes_t *kt = t ? county_codes_build(t) : NULL;
    county_codes_cache_t *cc = county_codes_cache_new(k), *cct = kt ? county_codes_cache_new(kt) : NULL;
    for (int round = 0; round < 3; round++) {
        uint8_t a[64] = {0}, b[64] = {0};
        char *ea = pack(k, cc, s, p, 6, a), *eb = pack(k, NULL, NULL, p, 6, b);
        CHECK(!memcmp(a, b, sizeof a));
        CHECK_STR(eb, ea);
        free(ea);
        free(eb);
        if (kt) {
            /* "overall" of the teachers' questionnaire: the same address, another dictionary */
            uint8_t ta[64] = {0}, tb[64] = {0};
            const pair_t tp[] = {{"overall", o[2].code}, {"score", "3"}};
            ea = pack(kt, cct, t, tp, 2, ta);
            eb = pack(kt, NULL, NULL, tp, 2, tb);
            CHECK(!memcmp(ta, tb, sizeof ta));
            CHECK_STR(eb, ea);
            CHECK_INT(4, ta[survey_item_index(t, "score")]);
            free(ea);
            free(eb);
        }
    }
    county_codes_cache_free(cc);
    county_codes_cache_free(cct);
    county_codes_free(kt);
    survey_free(t);
    county_codes_free(k);
    survey_free(s);
}

/* county_codes_pack_at (the item's index given, as the bundle reader finds
 * it) packs exactly as county_codes_pack: every option of every item of two
 * questionnaires and values that are none, at the same addresses again and
 * again (a bundle's interned strings) and at fresh ones, in changing order,
 * with second answers, unknown items and wrong or missing indexes. */
static void test_pack_at(void)
{
    survey_t *sv[2] = {load("tests/fixtures/surveys-1.0/parent.json"), load("tests/fixtures/surveys-1.0/teacher.json")};
    CHECK(sv[0] != NULL && sv[1] != NULL);
    if (!sv[0] || !sv[1]) return;
    county_codes_t *kk[2] = {county_codes_build(sv[0]), county_codes_build(sv[1])};
    county_codes_cache_t *cc[2] = {county_codes_cache_new(kk[0]), county_codes_cache_new(kk[1])};
    /* every (item, value) pair: options, ratings "0".."10", and values that
     * are no code */
    enum { MAXP = 4096 };
    const char **items = jh_xcalloc(MAXP, sizeof *items), **values = jh_xcalloc(MAXP, sizeof *values);
    int *which = jh_xcalloc(MAXP, sizeof *which), np = 0;
    static const char *const odd[] = {"07", "", "x", "10,3", "no_such_option"};
    static const char *const ratings[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
    for (int q = 0; q < 2; q++)
        for (int i = 0; i < sv[q]->n_items; i++) {
            const survey_item_t *it = &sv[q]->items[i];
            if (!it->id) continue;
            int n_opt = 0;
            const survey_option_t *o = survey_item_options(it, &n_opt);
            for (int v = 0; v < n_opt + 11 + 5 && np < MAXP; v++, np++) {
                items[np] = it->id;
                values[np] = v < n_opt ? o[v].code : v < n_opt + 11 ? ratings[v - n_opt] : odd[v - n_opt - 11];
                which[np] = q;
            }
        }
    CHECK(np > 200);
    char **copies = jh_xcalloc(2 * (size_t)np, sizeof *copies);
    for (int i = 0; i < np; i++) {
        copies[2 * i] = jh_strdup(items[i]);
        copies[2 * i + 1] = jh_strdup(values[i]);
    }
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    int disagree = 0, coded = 0, verbatim = 0;
    for (int round = 0; round < 2000; round++) {
        int q = round % 2, n = 1 + (int)(rng % 30);
        const county_codes_t *k = kk[q];
        uint8_t a[256] = {0}, b[256] = {0};
        jh_buf_t ea = {0}, eb = {0};
        int la = -1, lb = -1, na = 0, nb = 0;
        for (int j = 0; j < n; j++) {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            int at = (int)(rng % (uint64_t)np);
            const char *item = items[at], *value = values[at];
            if (rng >> 60 == 0) { /* equal strings at other addresses (which stay, as a bundle's do) */
                item = copies[2 * at];
                value = copies[2 * at + 1];
            }
            int idx = which[at] == q ? survey_item_index(sv[q], item) : -1;
            if (rng >> 58 == 1) idx = (int)(rng % 40) - 5; /* a wrong index: the plain lookup decides */
            if (rng >> 58 == 2) item = "nosuch";
            county_codes_pack_at(k, cc[q], idx, item, value, a, &la, &ea, &na);
            county_codes_pack(k, item, value, b, &lb, &eb, &nb);
        }
        disagree += memcmp(a, b, sizeof a) != 0 || la != lb || na != nb || ea.len != eb.len ||
                    (ea.len && memcmp(ea.data, eb.data, ea.len) != 0);
        for (int i = 0; i < 256; i++) coded += a[i] != 0;
        verbatim += na;
        jh_buf_free(&ea);
        jh_buf_free(&eb);
    }
    CHECK_INT(0, disagree);
    CHECK(coded > 1000 && verbatim > 1000); /* both outcomes exercised */
    for (int i = 0; i < 2 * np; i++) free(copies[i]);
    free(copies);
    free(items);
    free(values);
    free(which);
    for (int q = 0; q < 2; q++) {
        county_codes_cache_free(cc[q]);
        county_codes_free(kk[q]);
        survey_free(sv[q]);
    }
}

/* The dictionary in survey_codes says what each byte means: the k-th option
 * of the item, item by item, stored once per questionnaire. */
static void test_store_dictionary(void)
{
    survey_t *s = load("tests/fixtures/surveys-1.0/parent.json");
    CHECK(s != NULL);
    if (!s) return;
    county_codes_t *k = county_codes_build(s);
    sqlite3 *db = NULL;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db,
                 "CREATE TABLE survey_codes(survey_hash TEXT NOT NULL, item_index INTEGER NOT NULL, item_id TEXT "
                 "NOT NULL, code INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY(survey_hash, item_index, code)) "
                 "WITHOUT ROWID",
                 NULL, NULL, NULL);
    sqlite3_stmt *get = NULL, *ins = NULL;
    jh_err_t e = {0};
    CHECK_INT(JH_OK, county_codes_store(db, &get, &ins, "h1", k, &e));
    CHECK_INT(JH_OK, county_codes_store(db, &get, &ins, "h1", k, &e)); /* again: nothing added */
    int expected = 0;
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        int n = 0;
        if (it->type == SURVEY_ITEM_RATING)
            n = 11;
        else if (it->type != SURVEY_ITEM_TEXT)
            survey_item_options(it, &n);
        expected += n;
    }
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(db, "SELECT count(*), count(DISTINCT item_index) FROM survey_codes WHERE survey_hash = 'h1'",
                       -1, &q, NULL);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_INT(expected, sqlite3_column_int(q, 0));
    CHECK_INT(s->n_items - 1, sqlite3_column_int(q, 1)); /* every item but the text one */
    sqlite3_finalize(q);
    int i_overall = survey_item_index(s, "overall"), n_opt = 0;
    const survey_option_t *o = survey_item_options(&s->items[i_overall], &n_opt);
    sqlite3_prepare_v2(db, "SELECT item_id, value FROM survey_codes WHERE survey_hash = 'h1' AND item_index = ? "
                           "AND code = 3", -1, &q, NULL);
    sqlite3_bind_int(q, 1, i_overall);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_STR("overall", (const char *)sqlite3_column_text(q, 0));
    CHECK_STR(o[2].code, (const char *)sqlite3_column_text(q, 1));
    sqlite3_finalize(q);
    sqlite3_finalize(get);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    county_codes_free(k);
    survey_free(s);
}

/* Schema 6's stored forms (county.c): a uuid or chain is bytes exactly when
 * it is the canonical lowercase hex text, and the bytes are its digits'
 * (every byte value at every place, against a plain reference); a day is
 * YYYYMMDD exactly when it is ten characters DDDD-DD-DD. */
static int ref_hex(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool ref_blob(const char *s, size_t n, uint8_t *out, bool uuid)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (uuid && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (s[i++] != '-') return false;
            continue;
        }
        int h = ref_hex((unsigned char)s[i]), l = ref_hex((unsigned char)s[i + 1]);
        if (h < 0 || l < 0) return false;
        out[k++] = (uint8_t)(h * 16 + l);
        i += 2;
    }
    return true;
}

static void test_narrow_forms(void)
{
    char chain[65], uuid[37];
    uint8_t a[32], b[32];
    unsigned seed = 7;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 64; i++) chain[i] = "0123456789abcdef"[(seed = seed * 1103515245u + 12345u) >> 16 & 15];
        chain[64] = 0;
        for (int i = 0; i < 36; i++) uuid[i] = i == 8 || i == 13 || i == 18 || i == 23 ? '-' : chain[i];
        uuid[36] = 0;
        CHECK(county_chain_blob(chain, 64, a) && ref_blob(chain, 64, b, false) && !memcmp(a, b, 32));
        CHECK(county_uuid_blob(uuid, 36, a) && ref_blob(uuid, 36, b, true) && !memcmp(a, b, 16));
        int bad = 0;
        for (int at = 0; at < 64; at++)
            for (int v = 1; v < 256; v++) {
                char t[65];
                memcpy(t, chain, sizeof t);
                t[at] = (char)v;
                bool want = ref_blob(t, 64, b, false), got = county_chain_blob(t, 64, a);
                if (got != want || (got && memcmp(a, b, 32))) bad++;
                if (at >= 36) continue;
                char w[37];
                memcpy(w, uuid, sizeof w);
                w[at] = (char)v;
                want = ref_blob(w, 36, b, true), got = county_uuid_blob(w, 36, a);
                if (got != want || (got && memcmp(a, b, 16))) bad++;
            }
        CHECK_INT(0, bad);
    }
    CHECK(!county_chain_blob(chain, 63, a) && !county_uuid_blob(uuid, 35, a) && !county_uuid_blob(chain, 36, a));
    CHECK(county_day_int("2026-11-30", 10) == 20261130 && county_day_int("0000-00-00", 10) == 0 &&
          county_day_int("9999-99-99", 10) == 99999999);
    CHECK(county_day_int("2026-1-30", 9) == -1 && county_day_int("2026-11-30 ", 11) == -1 &&
          county_day_int("2026/11/30", 10) == -1 && county_day_int("20261130xx", 10) == -1 &&
          county_day_int("2026-11-3a", 10) == -1);
}

int main(void)
{
    RUN(test_narrow_forms);
    RUN(test_pack_codes_and_verbatim);
    RUN(test_pack_at);
    RUN(test_store_dictionary);
    CHECK_DONE();
}
